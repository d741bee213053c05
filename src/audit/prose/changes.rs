//! `text.change`: a change stated against the amounts it is computed from.
//! - Two levels: "A 万元 …，B 万元，比 … 增长/减少 x%" — x = (B − A) / A, the
//!   base being the amount the words after 比 name (2025年预算执行数); with no
//!   base named (同比, 比上年) the two are two years' levels only when their
//!   words say so (each its own period, or the second the first's quantity
//!   上年) — not a whole and its part, a budget and the actual, or the amount
//!   a share is of. A stated increase "比 A 增加 d 万元" is d = B − A.
//! - Base, increase and rate: "较上年 X0 增加 D，增长 r%" — the amount the
//!   comparison names is last year's: r = D / X0; and with the new level in
//!   the sentence before ("X1。较上年 X0 增加 D"), D = X1 − X0.
//! - New amount, increase and rate: "总计 X 万元，比上年增加 D 万元，增长 r%" —
//!   r = D / (X − D) (decrease: D / (X + D)); X is the amount whose words the
//!   increase repeats (收入支出总计), else the only amount before it, else
//!   — in a sentence with no subject ("与上年相比增加 D 万元") — the only
//!   amount of the sentence before. When several amounts could be X, a
//!   mismatch is a `warning` naming them. No change from zero ("0 万元，增加
//!   0 万元，增长 0%") is no finding.
//! - A growth rate over a zero base is itself a finding.
//! - One amount and "比上年增长 x%": the previous-year amount is looked up in
//!   a table (`prior`, `text.change_table`).

use super::Sentence;
use super::prior::{self, Prior};
use super::sentence::{
    CHANGE_DOWN, CHANGE_UP, CLAUSE_MARK, Fig, Noun, Para, change_alone, cjk_count, clean_label,
    compare_percent, figs_between, has_any, is_change_label, money_kind, more_or_less, names,
    next_sentence, quantity, same_quantity, sentence_before, squeeze, without_joiner,
};
use crate::audit::num::Num;
use crate::audit::{Recorder, finding, show};
use crate::model::{FigureKind, Operand, Severity};

/// Up (true) or down (false) when the label ends with a change word.
pub(super) fn change_word(label: &str) -> Option<bool> {
    if CHANGE_UP.iter().any(|w| label.ends_with(w)) {
        Some(true)
    } else if CHANGE_DOWN.iter().any(|w| label.ends_with(w)) {
        Some(false)
    } else {
        more_or_less(label)
    }
}

/// Where "比 / 较 / 相比 / 同比" stands in `words` (chars), if it does.
fn comparison_at(words: &str) -> Option<usize> {
    ["比", "较"]
        .iter()
        .filter_map(|w| words.find(w))
        .min()
        .map(|i| words[..i].chars().count())
}

pub(super) fn check(para: &Para, s: &Sentence, prior: &Prior, rec: &mut Recorder) {
    let sf = &s.figs[..];
    let mut seg_start = 0;
    // Increases already checked against two levels: their rate is too.
    let mut done: Vec<usize> = Vec::new();
    // Changes stated "respectively" (分别) of several levels at once: read
    // pair by pair, or left alone.
    let mut paired = respectively(para, s, rec);
    for (p, q) in paired.iter_mut().zip(priors_after(para, s, rec)) {
        *p |= q;
    }
    for (i, cf) in sf.iter().enumerate() {
        if paired[i] {
            if cf.is_percent() {
                seg_start = i + 1;
            }
            continue;
        }
        let Some(up) = change_word(&cf.label) else {
            continue;
        };
        if is_score(cf) {
            // "得分 93.6 分，较上年的 91.2 分提高 2.4 分": two named levels
            // only (a score has no budget, total or rate rules).
            if two_levels(para, s, &sf[seg_start..i], cf, up, rec) {
                done.push(i);
            }
            continue;
        }
        if cf.is_measure() {
            if two_levels(para, s, &sf[seg_start..i], cf, up, rec)
                || base_and_level_before(para, s, i, up, rec)
            {
                done.push(i);
            } else if change_alone(&cf.label).is_some()
                && let Some((base, cur)) = named_years(para, sf, i)
            {
                // "X 万元，上年为 X0 万元，减少 D 万元": D = X − X0.
                difference(para, base, cur, cf, up, rec);
                done.push(i);
            } else if let Some(k) = i.checked_sub(1)
                && let Some(p_up) = rate_just_before(para, sf[k], cf)
            {
                // "X 万元，比上年增长 r%，增加 D 万元": the rate stated first.
                with_increase(para, s, i, up, sf[k], p_up, rec);
            }
            continue;
        }
        if !cf.is_percent() {
            continue;
        }
        let seg: Vec<&&Fig> = sf[seg_start..i].iter().collect();
        seg_start = i + 1;
        // Where 比/较 stands: in the clause naming the change.
        let from = para.clause_start(cf.start).max(s.a);
        let words = para.masked_text(from, cf.start);
        if let Some(rel) = comparison_at(&words) {
            let cmp = from + rel;
            let levels = like_levels(&seg);
            let base_named = levels.iter().any(|f| f.start > cmp);
            match pick_levels(para, &levels, cmp, cf.start, false) {
                Some((base, cur)) => rate_of_levels(para, base, cur, cf, up, rec),
                None if levels.len() <= 1 && !base_named => {
                    // "X，同比增长 r%（上年 X0）", "…；上年 [X 的名称] 为 X0":
                    // last year's level stated after the rate.
                    let noun = para.masked_text(cmp + 1, cf.start);
                    // (环比 compares with the period just before, not the
                    // year before: 上年同期 after it is no base.)
                    if let Some(cur) = levels.first().copied().copied()
                        && only_previous_year(&noun)
                        && !words.contains("环比")
                        && let Some(base) = base_stated_after(para, s, i, cur)
                    {
                        rate_of_levels(para, &base, cur, cf, up, rec);
                        continue;
                    }
                    // "2023年办理案件 X0 件。2024年办理 X 件，同比增长 r%":
                    // last year's level in the sentence before.
                    if let Some(cur) = levels.first().copied().copied()
                        && only_previous_year(&noun)
                        && let Some(base) = base_stated_before(s, cur)
                    {
                        rate_of_levels(para, base, cur, cf, up, rec);
                        continue;
                    }
                    // (Previous-year rows are money: a count is looked up
                    // as nothing, as it always was.)
                    let cur = levels.first().copied().copied().filter(|f| f.is_amount());
                    prior::check(para, s, cur, (cmp, cf), up, prior, rec)
                }
                None => {}
            }
            continue;
        }
        // "X 万元，上年为 X0 万元，下降 r%": no comparison word, but the two
        // amounts just before the rate say they are two years.
        if seg.len() >= 2
            && change_alone(&cf.label).is_some()
            && let Some((base, cur)) = named_years(para, sf, i)
        {
            rate_of_levels(para, base, cur, cf, up, rec);
            continue;
        }
        // "X 万元，增长 r%（上年同期 X0 万元）": no comparison word, but the
        // bracket right after the rate gives X's level a year before.
        if change_alone(&cf.label).is_some()
            && let [cur] = like_levels(&seg)[..]
            && let Some(base) = base_in_bracket(para, s, i, cur)
        {
            rate_of_levels(para, &base, cur, cf, up, rec);
            continue;
        }
        // "…增加 D 万元，增长 r%": the increase stands just before the rate —
        // at the rate's bracket depth: "增加 D（其中人员经费增加 d），增长 r%"
        // states a detail of D in the bracket, and the rate is D's.
        if let Some(k) = outside_brackets_before(para, s, i)
            && sf[k].is_measure()
            && let Some(d_up) = change_word(&sf[k].label)
            && !para.masked_text(sf[k].end, cf.start).contains(['；', ';'])
        {
            // "较上年 X0 增加 D，增长 r%": the rate is of the base the
            // comparison names, whatever the new level; so is it of last
            // year's level named before ("X，上年为 X0，减少 D，下降 r%").
            if let Some(c) = compared_base(para, s, k) {
                rate_over_base(para, c.base, sf[k], d_up, cf, up, rec);
                continue;
            }
            if change_alone(&sf[k].label).is_some()
                && let Some((base, _)) = named_years(para, sf, k)
            {
                rate_over_base(para, base, sf[k], d_up, cf, up, rec);
                continue;
            }
            if !done.contains(&k) && with_increase(para, s, k, d_up, cf, up, rec) {
                continue;
            }
            if !done.contains(&k) && level_after(para, s, k, i, d_up, up, rec) {
                continue;
            }
        }
        // "增加 0.5 万元，增长 100%": the comparison may be in the clause before.
        growth_from_zero(para, &seg, cf, up, rec);
    }
}

/// The figure before figure `i` of the sentence at `i`'s own bracket depth:
/// a figure inside a bracket that closes before `i` is a detail of the
/// amount before the bracket, passed over.
fn outside_brackets_before(para: &Para, s: &Sentence, i: usize) -> Option<usize> {
    let sf = &s.figs[..];
    let at: Vec<usize> = sf[..=i].iter().map(|f| f.start).collect();
    let depth = para.bracket_depths(s.a, &at);
    (0..i).rev().find(|&k| depth[k] <= depth[i])
}

/// "A a、B b，分别较上年的 a0 和 b0 增长 x% 和下降 y%" (or 增加 da 和减少 db):
/// n levels, then 分别 with n bases, then n changes, all joined by 和 / 、 /
/// 与 and in one clause run — each change is its own level's over its own
/// base. Any other change whose clause says 分别 ("分别增长 x% 和 y%" with no
/// bases) pairs amounts the words do not settle: left alone. Marks the
/// changes read (checked or left alone).
fn respectively(para: &Para, s: &Sentence, rec: &mut Recorder) -> Vec<bool> {
    let sf = &s.figs[..];
    let mut read = vec![false; sf.len()];
    let between = |a: &Fig, b: &Fig| squeeze(&para.masked_text(a.end, b.start));
    // After 分别: figures joined by 和 / 、 / 与 / 及, perhaps with the next
    // change's word ("和下降"), or by a change word alone ("…万元增长 4.34%").
    let joined = |a: &Fig, b: &Fig| {
        let w = between(a, b);
        let w = without_joiner(&w);
        let w = CHANGE_UP
            .iter()
            .chain(CHANGE_DOWN.iter())
            .find_map(|c| w.strip_suffix(c))
            .unwrap_or(w);
        w.is_empty() || w == "了"
    };
    // Before it: levels in one clause, joined by 、 or 和.
    let listed = |a: &Fig, b: &Fig| !between(a, b).contains(['，', ',', '；', ';', '。', '：']);
    let ends = |a: &Fig, b: &Fig| between(a, b).contains(['；', ';', '。']);
    let mut j = 0;
    while j < sf.len() {
        if !sf[j].label.contains("分别") {
            j += 1;
            continue;
        }
        // The figures the 分别 governs: bases (levels), then changes.
        let mut end = j + 1;
        while end < sf.len()
            && joined(sf[end - 1], sf[end])
            && (change_word(&sf[end].label).is_some() || sf[end].is_measured_level())
        {
            end += 1;
        }
        let run = j..end;
        let n = run
            .clone()
            .take_while(|&x| sf[x].is_measured_level() && change_word(&sf[x].label).is_none())
            .count();
        // The levels before, in one clause run up to the 分别.
        let n_cur = (0..j)
            .rev()
            .take_while(|&x| {
                sf[x].is_measured_level()
                    && if x + 1 == j {
                        !ends(sf[x], sf[j])
                    } else {
                        listed(sf[x], sf[x + 1])
                    }
            })
            .count();
        if n >= 2 && n_cur >= n && end - j == 2 * n {
            for t in 0..n {
                let (cur, base, c) = (sf[j - n + t], sf[j + t], sf[j + n + t]);
                match change_word(&c.label) {
                    Some(up) if c.is_percent() => rate_of_levels(para, base, cur, c, up, rec),
                    Some(up) if c.is_measure() => difference(para, base, cur, c, up, rec),
                    _ => {}
                }
            }
        }
        for x in run {
            read[x] |= change_word(&sf[x].label).is_some();
        }
        j = end;
    }
    read
}

/// "收入 A 万元，比上年增长 x%，其中 B b 万元，增长 y%；上年分别为 a0 和 b0":
/// n levels each with its change (a rate, or an increase) against last year,
/// then last year's levels listed after 上年 / 去年 / 上年同期 分别为, joined by
/// 和 / 、 / 与 — in order, level k's base is the k-th. Only when the figures
/// before the list are exactly those n pairs (another figure among them
/// leaves the pairing open) and the list is n levels in their units. Marks
/// the changes read.
fn priors_after(para: &Para, s: &Sentence, rec: &mut Recorder) -> Vec<bool> {
    let sf = &s.figs[..];
    let mut read = vec![false; sf.len()];
    let Some(j) = sf.iter().position(|f| {
        f.label
            .trim_end_matches(['为', '是'])
            .strip_suffix("分别")
            .is_some_and(|rest| !rest.is_empty() && only_previous_year(rest))
    }) else {
        return read;
    };
    let between = |a: &Fig, b: &Fig| squeeze(&para.masked_text(a.end, b.start));
    let mut end = j + 1;
    while end < sf.len() && without_joiner(&between(sf[end - 1], sf[end])).is_empty() {
        end += 1;
    }
    let n = end - j;
    if n < 2 || j != 2 * n {
        return read;
    }
    // Before the list: level, change; level, change; … for the year before
    // (同比, 比上年, or a change word alone).
    let pairs: Option<Vec<(&Fig, &Fig)>> = (0..n)
        .map(|t| {
            let (cur, c) = (sf[2 * t], sf[2 * t + 1]);
            let words = squeeze(&para.masked_text(cur.end, c.start));
            let words = words.trim_start_matches(['，', ',']);
            let noun = ["比", "较"]
                .iter()
                .find_map(|w| words.strip_prefix(w))
                .unwrap_or(words.strip_prefix("同比").unwrap_or(words));
            let ok = cur.is_measured_level()
                && period(&cur.label) != Some(Period::Before)
                && change_word(&c.label).is_some()
                && (c.is_percent() || c.num_in(cur.unit()).is_some())
                && rest_before_change(noun).is_some_and(|n| only_previous_year(&n))
                && sf[j + t].is_measured_level()
                && sf[j + t].num_in(cur.unit()).is_some();
            ok.then_some((cur, c))
        })
        .collect();
    let Some(pairs) = pairs else {
        return read;
    };
    for (t, (cur, c)) in pairs.into_iter().enumerate() {
        let up = change_word(&c.label).unwrap_or(true);
        if c.is_percent() {
            rate_of_levels(para, sf[j + t], cur, c, up, rec);
        } else {
            difference(para, sf[j + t], cur, c, up, rec);
        }
        read[2 * t + 1] = true;
    }
    read
}

/// The levels of a segment a rate may compare: money, or counts of one
/// measure word — those of the nearest level's kind (a count beside money is
/// another quantity).
fn like_levels<'s, 'a>(seg: &[&'s &'s Fig<'a>]) -> Vec<&'s &'s Fig<'a>> {
    let levels: Vec<&&Fig> = seg
        .iter()
        .copied()
        .filter(|f| f.is_measured_level())
        .collect();
    let Some(last) = levels.last() else {
        return levels;
    };
    let unit = last.unit();
    levels
        .iter()
        .copied()
        .filter(|f| f.num_in(unit).is_some())
        .collect()
}

/// The two measures just before figure `i`, when their words say they are
/// two years' levels (`two_years`): (base, current).
fn named_years<'s, 'a>(
    para: &Para,
    sf: &[&'s Fig<'a>],
    i: usize,
) -> Option<(&'s Fig<'a>, &'s Fig<'a>)> {
    let (a, b) = (sf[i.checked_sub(2)?], sf[i - 1]);
    let like = a.is_measured_level()
        && b.is_measured_level()
        && a.num_in(b.unit()).is_some()
        && (sf[i].is_percent() || a.num_in(sf[i].unit()).is_some());
    if !like {
        return None;
    }
    two_years(para, a, b)
}

/// "比上年增长 r%，增加 D 万元": the rate `pf` stands just before the increase
/// `d`, in the clause before it, and the increase's words are a change word
/// alone. The rate's direction when so.
fn rate_just_before(para: &Para, pf: &Fig, d: &Fig) -> Option<bool> {
    if !pf.is_percent() || change_alone(&d.label).is_none() {
        return None;
    }
    let between = para.masked_text(pf.end, d.start);
    if between.contains(['；', ';']) {
        return None;
    }
    change_word(&pf.label)
}

/// The base and current level of "… A …，B …，比 [noun] 增长": the base is the
/// amount the noun after 比 names, or one standing between 比 and the change
/// word; failing both, the first of exactly two amounts.
fn pick_levels<'s, 'a>(
    para: &Para,
    levels: &[&'s &'s Fig<'a>],
    cmp: usize,
    change_at: usize,
    named_only: bool,
) -> Option<(&'s Fig<'a>, &'s Fig<'a>)> {
    // An amount between 比 and the change word is the base ("比上年的 A 增长"),
    // and the amount before it the current level — unless that one is of
    // another kind than the base and an earlier one of its kind could be
    // meant ("全年预算数 1,000 万元，执行数 950 万元，…，较年初预算 900 万元增加
    // 100 万元": the budget or the spending?).
    if let Some(k) = levels.iter().position(|f| f.start > cmp) {
        let kind = money_kind(&levels[k].label);
        let other = |j: usize| money_kind(&levels[j].label) != kind;
        // Each 较 / 比 clause names its own base: a level that is itself
        // the base of a comparison before ("支出 S，较预算 B 减少 d，较上年
        // A 增加 e") is no current level — the current level is the nearest
        // one before that no comparison names.
        // Nor is the amount a share or rate is of ("为年初预算 X 的 81.0%，比
        // 上年的 A 下降 r%": the level is the one before X).
        let c = (0..k)
            .rev()
            .find(|&j| !compared_in_clause(para, levels[j]) && !whole_of_ratio(para, levels[j]))?;
        let ambiguous = c >= 1 && other(c) && (0..c).any(|j| !other(j));
        return (!ambiguous).then(|| (*levels[k], *levels[c]));
    }
    let noun = para.masked_text(cmp + 1, change_at);
    let noun =
        noun.trim_end_matches(|c: char| !('\u{4e00}'..='\u{9fff}').contains(&c) && c != '年');
    if let [a, b] = levels
        && let Some(pair) = respective_years(para, a, b)
    {
        return Some(pair);
    }
    let named: Vec<usize> = (0..levels.len())
        .filter(|&k| names(noun, &levels[k].label))
        .collect();
    if let [k] = named[..] {
        // The current level: the last other amount.
        let cur = (0..levels.len()).rev().find(|&j| j != k)?;
        return Some((*levels[k], *levels[cur]));
    }
    // The noun names the base ("较 2023 年预算") and no amount here is it
    // ("项目资金 500 万元，其中已拨付 450 万元，…，比上年增长 5%"): the base
    // is not in the sentence — unless the noun is only the previous year
    // ("比上年", as "同比" says it), and two amounts say they are two years.
    if named.is_empty() && Noun::new(noun).is_some() && !only_previous_year(noun) {
        return None;
    }
    if levels.len() != 2 || named_only {
        return None;
    }
    two_years(para, levels[0], levels[1])
}

/// "2024年、2023年 X 分别为 a 和 b": two years listed before 分别 give the
/// two levels in their order, whichever order the years are listed in; the
/// base is the earlier year's. Returns (base, current).
fn respective_years<'s, 'a>(
    para: &Para,
    a: &'s Fig<'a>,
    b: &'s Fig<'a>,
) -> Option<(&'s Fig<'a>, &'s Fig<'a>)> {
    // From the clause's start: a figure's own label stops at a 、.
    let before = para.masked_text(0, a.start);
    let clause = before.rsplit(['，', '。', '；', '：']).next().unwrap_or("");
    let (listed, _) = clause.split_once("分别")?;
    match crate::structure::kind::years_in(listed)[..] {
        [(_, y0), (_, y1)] if y0 < y1 => Some((a, b)),
        [(_, y0), (_, y1)] if y0 > y1 => Some((b, a)),
        _ => None,
    }
}

/// A score ("93.6 分"): its changes are differences of two scores.
fn is_score(f: &Fig) -> bool {
    f.f.kind == FigureKind::Score && f.f.comparator.is_none()
}

/// Is level `f` the base of a comparison in its own clause ("较预算 B",
/// "比上年的 A")?
fn compared_in_clause(para: &Para, f: &Fig) -> bool {
    let words = para.masked_text(para.clause_start(f.start), f.start);
    comparison_at(&words).is_some() && change_word(&words).is_none()
}

/// Is level `f` the amount a share or rate is of ("为年初预算 X 的 81.0%",
/// "占总支出 X 的")? Its clause goes on with 的 right after it.
fn whole_of_ratio(para: &Para, f: &Fig) -> bool {
    para.masked_text(f.end, para.clause_end(f.end))
        .trim_start()
        .starts_with('的')
}

/// "比上年" / "较去年同期" / "比上年度": a noun that names only the year before.
fn only_previous_year(noun: &str) -> bool {
    let noun = rest_before_change(noun).unwrap_or(noun.to_string());
    let mut t = noun.trim_end_matches('的');
    for w in ["同期", "度"] {
        t = t.strip_suffix(w).unwrap_or(t);
    }
    matches!(t, "上年" | "上一年" | "去年" | "")
}

/// Two amounts and a change with no base named ("同比增长", "与上年相比"):
/// they are the two years' levels only when their words say so — each
/// named with its own period ("本年支出 115 万元，上年支出 100 万元",
/// "2023年收入 1,200 万元，2022年收入 1,000 万元"), or the second the same
/// quantity a year before ("支出 45.6 万元，上年为 48 万元"). A whole and its
/// 其中 part, a plan or budget beside the actual, the amount a share is of
/// ("为年初预算 1,180 万元的 105.93%") are not: the base is not here.
/// Returns (base, current), the base the earlier period.
fn two_years<'s, 'a>(
    para: &Para,
    a: &'s Fig<'a>,
    b: &'s Fig<'a>,
) -> Option<(&'s Fig<'a>, &'s Fig<'a>)> {
    // A part ("，其中"), the amount a share or rate is of ("占 / 为 … b 的
    // r%"), a carry-over from last year (上年结转): not the year before.
    let between = para.masked_text(a.end, b.start);
    if let Some(pair) = respective_years(para, a, b) {
        return Some(pair);
    }
    if has_any(&between, &["其中", "占", "含", "包括"])
        || whole_of_ratio(para, b)
        || [a, b].iter().any(|f| has_any(&f.label, &["结转", "其中"]))
    {
        return None;
    }
    match (period(&a.label), period(&b.label)) {
        (Some(x), Some(y)) if x != y => Some(if y < x { (b, a) } else { (a, b) }),
        // "机关运行经费支出 45.6 万元，上年为 48 万元": the second names only
        // its year, or the first one's quantity.
        (None, Some(Period::Before)) => {
            let rest = prior::period(&b.label).rest;
            let rest = rest.trim_end_matches(['的', '为']);
            let rest = rest
                .trim_start_matches(['度', '的'])
                .trim_start_matches("同期");
            // ("上年决算 125.20 万元" beside "…支出决算 118.46 万元": the stage
            // word alone names the same quantity.)
            (quantity(rest).is_empty() || same_quantity(&a.label, rest)).then_some((b, a))
        }
        _ => None,
    }
}

/// When an amount's words place it: before the year reported on (上年,
/// 2023年 before 2024年), or in it (本年, 当年).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
enum Period {
    Before,
    Year(u16),
    This,
}

fn period(label: &str) -> Option<Period> {
    if has_any(label, &["上年", "上一年", "去年", "同期"]) {
        return Some(Period::Before);
    }
    if let Some(&(_, y)) = crate::structure::kind::years_in(label).last() {
        return Some(Period::Year(y));
    }
    has_any(label, &["本年", "今年", "当年"]).then_some(Period::This)
}

pub(super) fn rate_of_levels(
    para: &Para,
    base: &Fig,
    cur: &Fig,
    pf: &Fig,
    up: bool,
    rec: &mut Recorder,
) {
    // The base counted in the current level's unit (万元 against 亿元).
    let Some(base_n) = base.num_in(cur.unit()) else {
        return;
    };
    let check = "text.change";
    let stated = if up { pf.num } else { pf.num.neg() };
    if base_n.value == 0.0 {
        let what = format!("「{}」 {}", base.label, show(base_n));
        let possible = cur
            .num
            .ratio_over_written_zero(base_n, stated.add(Num::exact(100.0)));
        let operands = vec![para.operand(base)];
        zero_base(para, what, base.start, pf, possible, operands, rec);
        return;
    }
    let Some(ratio) = cur.num.percent_of(base_n) else {
        return;
    };
    let change = Num {
        decimals: 2,
        ..ratio.sub(Num::exact(100.0))
    };
    // (The rate may come first: "增长 r%，即由 A 减少至 B".)
    let quote = para.quote(
        base.start.min(cur.start).min(pf.start),
        pf.end.max(base.end).max(cur.end),
    );
    compare_percent(
        rec,
        check,
        stated,
        change,
        Severity::Error,
        |c, sev, note| {
            finding(
                check,
                sev,
                stated,
                c,
                Some("%".into()),
                format!(
                    "change {}{}% is not ({} − {}) / {} = {:+.2}%{note}: 「{}」",
                    // ("增长 -6.20%": the sign as written.)
                    match (up, pf.num.value < 0.0) {
                        (true, true) => "",
                        (true, false) => "+",
                        (false, _) => "−",
                    },
                    show(pf.num),
                    show(cur.num),
                    show(base_n),
                    show(base_n),
                    change.value,
                    quote
                ),
                para.location(pf.start),
                vec![para.operand(base), para.operand(cur)],
            )
        },
    );
}

/// "A …，B …，比 A 增加 d 万元": d = B − A. True when checked.
fn two_levels(
    para: &Para,
    s: &Sentence,
    seg: &[&Fig],
    d: &Fig,
    up: bool,
    rec: &mut Recorder,
) -> bool {
    let from = para.clause_start(d.start).max(s.a);
    let words = para.masked_text(from, d.start);
    let Some(rel) = comparison_at(&words) else {
        return false;
    };
    let levels: Vec<&&Fig> = seg
        .iter()
        .filter(|f| {
            (f.is_measured_level() || balance(f) || (is_score(f) && !is_change_label(&f.label)))
                && f.num_in(d.unit()).is_some()
        })
        .collect();
    if levels.len() < 2 {
        return false;
    }
    // The base must be named (an amount after 比, or the noun after it):
    // "X 万元，其中：A X 万元，比上年增加 d 万元" has two amounts, neither the base.
    let Some((base, cur)) = pick_levels(para, &levels, from + rel, d.start, true) else {
        return false;
    };
    // The levels counted in the change's unit (亿元 against 万元).
    if base.num_in(d.unit()).is_none() || cur.num_in(d.unit()).is_none() {
        return false;
    }
    difference(para, base, cur, d, up, rec);
    true
}

/// "X1 …，较 X0 增加 d": d = X1 − X0, each counted in the change's unit.
pub(super) fn difference(
    para: &Para,
    base: &Fig,
    cur: &Fig,
    d: &Fig,
    up: bool,
    rec: &mut Recorder,
) {
    let (Some(base_n), Some(cur_n)) = (base.num_in(d.unit()), cur.num_in(d.unit())) else {
        return;
    };
    let stated = if up { d.num } else { d.num.neg() };
    let diff = cur_n.sub(base_n);
    let check = "text.change";
    rec.compare(check, stated, diff, |c| {
        finding(
            check,
            Severity::Error,
            stated,
            c,
            d.f.unit.clone(),
            format!(
                "change {}{} is not {} − {} = {:+.2}: 「{}」",
                if up { "+" } else { "−" },
                show(d.num),
                show(cur_n),
                show(base_n),
                diff.value,
                para.quote(base.start.min(cur.start), d.end)
            ),
            para.location(d.start),
            vec![para.operand(base), para.operand(cur), para.operand(d)],
        )
    });
}

/// The base a comparison names just before an increase: "较上年 X0 增加 D",
/// "比上年决算数 X0 减少 D", "与上年的 X0 相比，本年支出增加 D". X0 is the
/// comparison's object — last year's level, not the new one.
struct Compared<'s, 'a> {
    base: &'s Fig<'a>,
    /// Nothing stands before the comparison in the sentence, and no subject
    /// between it and the increase ("较上年 X0 增加 D"): the sentence goes on
    /// about the one before.
    opens: bool,
    /// The subject named between the comparison that opens the sentence and
    /// the increase ("与上年的 X0 相比，本年支出合计减少 D": 本年支出合计);
    /// empty when none, or when the comparison does not open the sentence.
    subject: String,
}

fn compared_base<'s, 'a>(para: &Para, s: &Sentence<'s, 'a>, k: usize) -> Option<Compared<'s, 'a>> {
    let d = s.figs[k];
    let b = *s.figs.get(k.checked_sub(1)?)?;
    if !(b.is_measured_level() || balance(b)) || b.num_in(d.unit()).is_none() {
        return None;
    }
    let squeeze = |t: String| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
    let c0 = para.clause_start(b.start).max(s.a);
    let before = squeeze(para.masked_text(c0, b.start));
    let after = squeeze(para.masked_text(b.end, d.start));
    if after.contains(['#', '；', ';']) {
        return None;
    }
    let with = before
        .strip_prefix('与')
        .or_else(|| before.strip_prefix('和'))
        .or_else(|| before.strip_prefix('同'));
    let (lead, object, subject) = match (with, after.strip_prefix("相比")) {
        // "与 [上年的] X0 相比，[subject] 增加 D".
        (Some(object), Some(rest)) => {
            let subject = rest_before_change(rest)?;
            if subject.contains(CLAUSE_MARK) {
                return None;
            }
            ("", object, subject)
        }
        // "[subject] 比/较 [上年决算数] X0 增加 D".
        _ => {
            let at = comparison_word(&before)?;
            if !rest_before_change(&after)?.is_empty() {
                return None;
            }
            (
                &before[..at],
                &before[at + '比'.len_utf8()..],
                String::new(),
            )
        }
    };
    if !names_a_base(object) {
        return None;
    }
    let first = squeeze(para.masked_text(s.a, c0)).is_empty() && lead.is_empty();
    let opens = subject.is_empty() && first;
    // "与上年的 X0 相比，本年支出合计减少 D": a subject of its own, named
    // after a comparison that opens the sentence.
    let subject = if first { subject } else { String::new() };
    Some(Compared {
        base: b,
        opens,
        subject,
    })
}

/// Where a comparison's 比 or 较 stands in `t` (bytes), the last one:
/// not in 比例 / 比重 / 比率 / 相比 / 对比 / 占比, nor 较 an adverb (较大,
/// 较好, 较为).
fn comparison_word(t: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    (0..chars.len()).rev().find_map(|i| {
        let (at, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, c)| c);
        let prev = i.checked_sub(1).map(|j| chars[j].1);
        let ok = match c {
            '比' => {
                !matches!(next, Some('例' | '重' | '率' | '较'))
                    && !matches!(prev, Some('占' | '相' | '对' | '无' | '类'))
            }
            '较' => {
                prev != Some('比')
                    && !matches!(
                        next,
                        Some(
                            '大' | '小'
                                | '多'
                                | '少'
                                | '好'
                                | '为'
                                | '高'
                                | '低'
                                | '快'
                                | '慢'
                                | '强'
                                | '弱'
                                | '差'
                                | '长'
                                | '短'
                                | '早'
                                | '晚'
                        )
                    )
            }
            _ => false,
        };
        ok.then_some(at)
    })
}

/// The words between a base and its increase, the change word taken off:
/// "增加了" → "", "，本年支出增加" → "本年支出". None when no change word
/// ends them.
fn rest_before_change(t: &str) -> Option<String> {
    let t = t.trim_end_matches(['了', '，', ',']);
    let w = CHANGE_UP
        .iter()
        .chain(CHANGE_DOWN.iter())
        .find(|w| t.ends_with(*w))?;
    let t = t[..t.len() - w.len()].trim_end_matches(['各', '共', '均']);
    Some(t.trim_matches(['，', ',']).to_string())
}

/// The words between 比 / 较 / 与 and a base name it: nothing ("较 X0"), a
/// period or a noun ("上年的", "上年决算数", "2022年度", "上年同期"), and
/// no change of its own.
fn names_a_base(object: &str) -> bool {
    object.chars().count() <= 16
        && !object.contains('#')
        && !is_change_label(object)
        && (object.is_empty()
            || period(object).is_some()
            || Noun::new(object).is_some()
            || has_any(object, &["同期"]))
}

/// "较上年 X0 增加 D，增长 r%": r = D / X0 (a decrease: −D / X0).
fn rate_over_base(
    para: &Para,
    base: &Fig,
    d: &Fig,
    d_up: bool,
    pf: &Fig,
    p_up: bool,
    rec: &mut Recorder,
) {
    let Some(x0) = base.num_in(d.unit()) else {
        return;
    };
    let check = "text.change";
    let stated = if p_up { pf.num } else { pf.num.neg() };
    if x0.lo <= 0.0 && x0.hi >= 0.0 {
        if d.num.value == 0.0 && pf.num.value == 0.0 {
            rec.pass(check);
        } else {
            zero_base(
                para,
                format!("「{}」 {}", base.label, show(x0)),
                base.start,
                pf,
                d.num.ratio_over_written_zero(x0, stated),
                vec![para.operand(base), para.operand(d)],
                rec,
            );
        }
        return;
    }
    rate_of(
        para,
        Stated { d, d_up, pf, p_up },
        Base {
            n: x0,
            text: show(x0),
            why: format!(
                " (the base is the amount after the comparison, 「{}」)",
                base.label
            ),
            quote_from: para.clause_start(base.start),
        },
        Severity::Error,
        vec![para.operand(base), para.operand(d)],
        rec,
    );
}

/// "本年支出 X1 万元。较上年 X0 万元增加 D 万元": a sentence that opens on
/// its comparison goes on about the one before, whose only amount is the
/// new level: D = X1 − X0. True when checked.
fn base_and_level_before(
    para: &Para,
    s: &Sentence,
    i: usize,
    up: bool,
    rec: &mut Recorder,
) -> bool {
    let d = s.figs[i];
    let Some(c) = compared_base(para, s, i) else {
        return false;
    };
    let earlier = earlier_levels(s, d);
    let cur = if c.opens && d.start - s.a <= SUBJECTLESS_CHARS {
        let [cur] = earlier[..] else {
            return false;
        };
        cur
    } else if cjk_count(&c.subject) >= 2 {
        // The subject repeats the words of one level of the sentence before.
        let subject = clean_label(&c.subject);
        let named: Vec<&Fig> = earlier
            .iter()
            .copied()
            .filter(|f| repeats_level(&f.label, &subject))
            .collect();
        let [cur] = named[..] else {
            return false;
        };
        cur
    } else {
        return false;
    };
    difference(para, c.base, cur, d, up, rec);
    true
}

/// The subject an increase repeats: "收入支出总计减少" → "收入支出总计";
/// "比2023年度增加" → "" (only the comparison).
fn subject_of(label: &str) -> String {
    let mut t = label.to_string();
    for w in CHANGE_UP.iter().chain(CHANGE_DOWN.iter()) {
        if let Some(r) = t.strip_suffix(w) {
            t = r.to_string();
            break;
        }
    }
    let t = t.trim_end_matches(['各', '共', '均']);
    let t = match t.rfind("相比") {
        Some(i) => t[i + "相比".len()..].to_string(),
        None => after_comparison(t).unwrap_or(t.to_string()),
    };
    // Cleaned as labels are ("收入支出总计" → "收入支出总"), so that it compares.
    clean_label(t.trim_start_matches(['，', ',', '、']))
}

/// The words after an opening comparison with the previous year: "同比" →
/// the rest; "比上年" / "较2023年度" / "比上年同期" (and a 预算数, 决算数 or
/// 执行数 after the year) → the rest; another "比…" or "较…" → "" (what
/// follows may be the base's own words). `None` when `t` opens on none.
fn after_comparison(t: &str) -> Option<String> {
    if let Some(rest) = t.strip_prefix("同比") {
        return Some(rest.to_string());
    }
    let rest = t.strip_prefix('比').or_else(|| t.strip_prefix('较'))?;
    let p = prior::period(rest);
    if p.year.is_none() && p.previous != Some(true) {
        return Some(String::new());
    }
    let mut rest = p.rest.trim_start_matches(['，', ',']);
    for w in ["同期", "预算执行数", "预算数", "决算数", "执行数"] {
        if let Some(r) = rest.strip_prefix(w) {
            rest = r;
            break;
        }
    }
    Some(rest.trim_start_matches(['，', ',', '的']).to_string())
}

/// The longest opening `subjectless` reads ("与2023年度相比，财政拨款…各增加"
/// is far shorter): a longer one has a subject.
const SUBJECTLESS_CHARS: usize = 40;

/// Words that open a sentence and stand before its increase with no
/// subject: "与上年相比增加", "与2023年度相比，增加", "比上年增加", "同比增长",
/// "与上年相比减少了".
fn subjectless(before: &str) -> bool {
    let mut t = before
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '，' | ','))
        .trim_end_matches('了');
    if let Some(w) = CHANGE_UP
        .iter()
        .chain(CHANGE_DOWN.iter())
        .find(|w| t.ends_with(*w))
    {
        t = &t[..t.len() - w.len()];
    }
    let t = t
        .trim_end_matches(['各', '共', '均'])
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '，' | ','));
    let short = t.chars().count() <= 12;
    t == "同比"
        || (short && t.starts_with(['与', '和', '同']) && t.ends_with("相比"))
        || (short && t.starts_with(['比', '较']))
}

/// "X 万元，比上年增加 D 万元，增长 r%": r = D / (X − D), or D / (X + D) for a
/// decrease. True when the sentence had that form (checked or not).
fn with_increase(
    para: &Para,
    s: &Sentence,
    k: usize,
    d_up: bool,
    pf: &Fig,
    p_up: bool,
    rec: &mut Recorder,
) -> bool {
    let sf = &s.figs[..];
    let d = sf[k];
    // The comparison: in the increase's clause or the clause before it, or
    // anywhere before it when it is the sentence's first figure ("与上年相比，
    // 财政拨款收、支总计各增加 D": '、' ends a clause too).
    let c0 = para.clause_start(d.start);
    let from = if k == 0 {
        s.a
    } else {
        para.clause_start(c0.saturating_sub(1)).max(s.a)
    };
    let words = para.masked_text(from, d.start);
    if !has_any(&words, &["比", "较"]) {
        return false;
    }
    let subject = subject_of(&d.label);
    let mut same: Vec<&Fig> = sf[..k]
        .iter()
        .copied()
        .filter(|f| f.is_measured_level() && f.num_in(d.unit()).is_some())
        .collect();
    // A '；' starts an item with a subject of its own ("其中：A …；B b 万元，
    // 比上年减少 d 万元"): the levels of the increase's item, when it has any.
    let item = para.item_start(s.a, d.start);
    if same.iter().any(|f| f.start >= item) {
        same.retain(|f| f.start >= item);
    }
    let earlier = earlier_levels(s, d);
    // "本年支出合计 X。其中：A a，占 …；B b，占 …。与上年相比，本年支出合计减少
    // D": the subject repeats the words of one level of the sentence before
    // the one before.
    let repeated = |f: &Fig| repeats_level(&f.label, &subject);
    let back: Vec<Fig> = if same.is_empty()
        && !subject.is_empty()
        && !s.prev.is_empty()
        && !earlier.iter().any(|f| repeated(f))
    {
        let prev_start = sentence_before(para, s.a);
        figs_between(para, sentence_before(para, prev_start), prev_start)
    } else {
        Vec::new()
    };
    let back_named: Vec<&Fig> = back
        .iter()
        .filter(|f| f.is_measured_level() && f.num_in(d.unit()).is_some() && repeated(f))
        .collect();
    let back_level = match back_named[..] {
        [x] => Some(x),
        _ => None,
    };
    // "两项支出合计减少 D": the change of a sum no level states is of no
    // amount the sentence gives (not of the last 支出 it names). (总计 names
    // a quantity of its own: 收入支出总计.)
    let sums = ["合计", "共计"];
    // (A level further back named by the subject's own words states it.)
    if has_any(&d.label, &sums)
        && back_level.is_none()
        && !same
            .iter()
            .chain(&earlier)
            .any(|f| has_any(&f.label, &sums))
    {
        return false;
    }
    let repeats = |f: &&&Fig| repeated(f);
    // The level: the one whose words the increase repeats; else the only
    // amount before it in the sentence; else the nearest (uncertain).
    let (x, certain, why) = if let Some(x) = same.iter().rev().find(repeats) {
        (*x, true, String::new())
    } else if same.is_empty() {
        match earlier.iter().rev().find(repeats) {
            Some(x) => (*x, true, String::new()),
            // "基本支出预算数为 9312.9 万元。与上年相比增加 1435.14 万元，
            // 增长 18.22%": a sentence with no subject of its own goes on
            // about the one before, whose only amount is the level.
            None if subject.is_empty()
                && earlier.len() == 1
                && d.start - s.a <= SUBJECTLESS_CHARS
                && subjectless(&para.masked_text(s.a, d.start)) =>
            {
                (earlier[0], true, String::new())
            }
            None => match back_level {
                Some(x) => (x, true, String::new()),
                None => return false,
            },
        }
    } else if same.len() == 1 {
        (same[0], true, String::new())
    } else {
        let x = *same.last().unwrap();
        let others: Vec<String> = same[..same.len() - 1]
            .iter()
            .map(|f| format!("「{}」 {}", f.label, show(f.num)))
            .collect();
        (
            x,
            false,
            format!(
                " (the increase may be of another amount: {})",
                others.join(", ")
            ),
        )
    };
    // The level counted in the increase's unit (亿元 against 万元).
    let Some(x_n) = x.num_in(d.unit()) else {
        return false;
    };
    let previous = if d_up { x_n.sub(d.num) } else { x_n.add(d.num) };
    let check = "text.change";
    let stated = if p_up { pf.num } else { pf.num.neg() };
    if d_up && previous.lo <= 0.0 && previous.hi >= 0.0 {
        // X = D: the previous level was zero, and no rate exists — unless
        // nothing changed at all ("0 万元，与上年相比增加 0 万元，增长 0%",
        // a template's way of saying so).
        if d.num.value == 0.0 && pf.num.value == 0.0 {
            rec.pass(check);
        } else if certain {
            zero_base(
                para,
                format!("「{}」 {} − {} = 0", x.label, show(x_n), show(d.num)),
                x.start.max(s.a),
                pf,
                d.num.ratio_over_written_zero(previous, stated),
                vec![para.operand(x), para.operand(d)],
                rec,
            );
        }
        return true;
    }
    let severity = if certain {
        Severity::Error
    } else {
        Severity::Warning
    };
    rate_of(
        para,
        Stated { d, d_up, pf, p_up },
        Base {
            n: previous,
            text: format!(
                "({} {} {})",
                show(x_n),
                if d_up { "−" } else { "+" },
                show(d.num)
            ),
            why,
            quote_from: x.start.max(s.a.min(x.start)),
        },
        severity,
        vec![para.operand(x), para.operand(d)],
        rec,
    );
    true
}

/// The levels in `d`'s unit of the sentence before, or — when it states no
/// figures ("主要用于…。") — of the one before that.
fn earlier_levels<'s, 'a>(s: &Sentence<'s, 'a>, d: &Fig) -> Vec<&'s Fig<'a>> {
    let before = if s.prev.is_empty() {
        &s.stated
    } else {
        &s.prev
    };
    before
        .iter()
        .copied()
        .filter(|f| f.is_measured_level() && f.num_in(d.unit()).is_some())
        .collect()
}

/// A change as the sentence states it: the increase or decrease `d` and the
/// rate `pf`, each with its direction.
struct Stated<'f, 'a> {
    d: &'f Fig<'a>,
    d_up: bool,
    pf: &'f Fig<'a>,
    p_up: bool,
}

/// The base a change rate is taken of: its amount, how it was read
/// ("4356.8", "(4798.12 − 441.32)"), a note on why it is the base, and where
/// the message's quote starts.
struct Base {
    n: Num,
    text: String,
    why: String,
    quote_from: usize,
}

/// The stated rate against D ÷ the base.
fn rate_of(
    para: &Para,
    c: Stated,
    base: Base,
    severity: Severity,
    operands: Vec<Operand>,
    rec: &mut Recorder,
) {
    let Stated { d, d_up, pf, p_up } = c;
    let Base {
        n: base,
        text: base_text,
        why,
        quote_from,
    } = base;
    let Some(r) = d.num.percent_of(base) else {
        return;
    };
    let r = Num { decimals: 2, ..r };
    let computed = if d_up { r } else { r.neg() };
    let stated = if p_up { pf.num } else { pf.num.neg() };
    let check = "text.change";
    compare_percent(rec, check, stated, computed, severity, |c, sev, note| {
        finding(
            check,
            sev,
            stated,
            c,
            Some("%".into()),
            format!(
                "change {}{}% is not {}{} / {base_text} = {:+.2}%{why}{note}: 「{}」",
                if p_up { "+" } else { "−" },
                show(pf.num),
                if d_up { "" } else { "−" },
                show(d.num),
                computed.value,
                para.quote(quote_from, pf.end)
            ),
            para.location(pf.start),
            operands,
        )
    });
}

/// "增加 0.5 万元，增长 100%" over a base of 0: the clause before names the
/// increase and a zero level.
fn growth_from_zero(para: &Para, seg: &[&&Fig], pf: &Fig, up: bool, rec: &mut Recorder) {
    if !up {
        return;
    }
    let zero = seg
        .iter()
        .find(|f| f.is_amount() && f.num.value == 0.0 && !is_change_label(&f.label));
    let inc = seg
        .iter()
        .rev()
        .find(|f| f.is_amount() && has_any(&f.label, &CHANGE_UP));
    if let (Some(z), Some(inc)) = (zero, inc) {
        let base = format!("「{}」 {}", z.label, show(z.num));
        let possible = inc.num.ratio_over_written_zero(z.num, pf.num);
        zero_base(
            para,
            base,
            z.start,
            pf,
            possible,
            vec![para.operand(z)],
            rec,
        );
    }
}

/// The finding for a rate stated over a zero base (`base` says how the
/// zero was found; the quote runs from `from` to the rate). Over a base of
/// zero no rate exists. It is a `warning` when "增长100%" marks an item new
/// this year (a convention many disclosures follow: the reader is told, the
/// document is not wrong by its own rules), and when the zero is a rounded
/// amount the rate is `possible` of (a base written "0 万元" may be 0.4 万元);
/// any other rate over zero is an `error`.
fn zero_base(
    para: &Para,
    base: String,
    from: usize,
    pf: &Fig,
    possible: bool,
    operands: Vec<Operand>,
    rec: &mut Recorder,
) {
    let (severity, note) = if possible {
        (
            Severity::Warning,
            " (written as 0, the base may be a rounded amount under half its last digit, of which the rate is possible)",
        )
    } else if (pf.num.value - 100.0).abs() < 1e-9 {
        (Severity::Warning, "")
    } else {
        (Severity::Error, "")
    };
    rec.fail(finding(
        "text.change",
        severity,
        pf.num,
        0.0,
        Some("%".into()),
        format!(
            "a change of {}% is stated over a base of zero ({base}), where no rate exists{note}: 「{}」",
            show(pf.num),
            para.quote(from, pf.end)
        ),
        para.location(pf.start),
        operands,
    ));
}

/// Does a level's label repeat a subject's words (cleaned as labels are)?
/// "收入、支出总计均为 X" states 支出总计 of both: the 均 / 各 / 都 before
/// the copula is no part of the name.
fn repeats_level(label: &str, subject: &str) -> bool {
    same_quantity(label, subject)
        || same_quantity(
            &clean_label(label.trim_end_matches(['均', '各', '都'])),
            subject,
        )
}

/// A balance carried over, named with its time: "年初结转和结余 X",
/// "年末结转和结余 Y" are levels, though 结余 elsewhere names a difference.
fn balance(f: &Fig) -> bool {
    f.is_measure()
        && f.label.contains("结余")
        && has_any(&f.label, &["年初", "年末"])
        && !has_any(&f.label, &CHANGE_UP)
        && !has_any(&f.label, &CHANGE_DOWN)
        && !has_any(&f.label, &["节约", "差额"])
}

/// The words after a period a previous-year level may have ("上年为",
/// "上年同期", "2023年度的"): the rest, when what precedes is the year
/// before `cur`'s — 上年 / 去年 / 同期, or the year before the one `cur`
/// names.
fn previous_rest(label: &str, cur: &Fig) -> Option<String> {
    let p = prior::period(label);
    let before = match (p.previous, p.year) {
        (Some(true), None) => true,
        (None, Some(y)) => crate::structure::kind::years_in(&cur.label)
            .last()
            .is_some_and(|&(_, c)| c == y + 1),
        _ => false,
    };
    if !before {
        return None;
    }
    let rest = p.rest.trim_start_matches(['度', '的', '末']);
    let rest = rest.strip_prefix("同期").unwrap_or(rest);
    Some(clean_label(rest.trim_start_matches('的')))
}

/// A stage word (预算 / 决算) of last year's name is in the current level's
/// too: last year's budget is no base of this year's spending.
fn stage_agrees(rest: &str, label: &str) -> bool {
    ["预算", "决算"]
        .iter()
        .all(|w| !rest.contains(w) || label.contains(w))
}

/// "2023年全年办理案件 X0 件。2024年办理 X 件，同比增长 r%": the level of
/// `cur`'s quantity a year before, in the sentence before — its only level
/// in `cur`'s unit, its period the year before `cur`'s (上年, or the year
/// before the one `cur` names), and its words holding `cur`'s own words
/// after the period (two characters at least), stage words (预算 / 决算)
/// agreeing.
fn base_stated_before<'s, 'a>(s: &Sentence<'s, 'a>, cur: &Fig) -> Option<&'s Fig<'a>> {
    if period(&cur.label) == Some(Period::Before) {
        return None;
    }
    let own = clean_label(&prior::period(&cur.label).rest);
    if cjk_count(&own) < 2 {
        return None;
    }
    let like: Vec<&Fig> = s
        .prev
        .iter()
        .copied()
        .filter(|f| f.is_measured_level() && f.num_in(cur.unit()).is_some())
        .collect();
    let [f] = like[..] else {
        return None;
    };
    let rest = previous_rest(&f.label, cur)?;
    (quantity(&rest).contains(quantity(&own).as_str()) && stage_agrees(&rest, &cur.label))
        .then_some(f)
}

/// "X，增长 r%（上年同期 X0）", "（2023年为 X0）": last year's level of
/// `cur` in a bracket right after the rate `i`, holding a period (and
/// perhaps X's own words) before it.
fn base_in_bracket<'a>(
    para: &Para<'a>,
    s: &Sentence<'_, 'a>,
    i: usize,
    cur: &Fig,
) -> Option<Fig<'a>> {
    let (pf, f) = (s.figs[i], *s.figs.get(i + 1)?);
    let between = squeeze(&para.masked_text(pf.end, f.start));
    let inner = between.strip_prefix(['（', '('])?;
    let rest = previous_rest(&f.label, cur)?;
    (!inner.contains(CLAUSE_MARK)
        && !inner.contains('#')
        && f.is_measured_level()
        && f.num_in(cur.unit()).is_some()
        && (rest.is_empty() || cur.label.ends_with(rest.as_str())))
    .then(|| Fig::clone(f))
}

/// Last year's level of `cur`, stated after the rate `i` ("X，同比增长 r%"):
/// in brackets right after it ("（上年 X0）", "（2023年为 X0）"), or later in
/// the sentence or the next one, named with the same words a year before
/// ("…，上年公用经费支出为 X0"; "。上年接待游客 X0。") — the only such level,
/// its name of four characters at least ("上年支出" may be a total).
fn base_stated_after<'a>(
    para: &Para<'a>,
    s: &Sentence<'_, 'a>,
    i: usize,
    cur: &Fig,
) -> Option<Fig<'a>> {
    if period(&cur.label) == Some(Period::Before) {
        return None;
    }
    if let Some(f) = base_in_bracket(para, s, i, cur) {
        return Some(f);
    }
    let fits = |f: &Fig| f.is_measured_level() && f.num_in(cur.unit()).is_some();
    // "X，比上年下降 r%，上年为 X0": a period alone (上年为, 去年同期为,
    // 2023年为) in the clause right after the rate names X's level then —
    // nothing else between.
    if let Some(f) = s.figs.get(i + 1)
        && fits(f)
        && previous_rest(&f.label, cur).is_some_and(|rest| rest.is_empty())
        && squeeze(&para.masked_text(s.figs[i].end, f.start))
            .strip_prefix(['，', ','])
            .is_some_and(|w| !w.contains(CLAUSE_MARK) && !w.contains('#'))
    {
        return Some(Fig::clone(f));
    }
    let next = next_sentence(para, s.b).map_or_else(Vec::new, |(a, b)| figs_between(para, a, b));
    let named: Vec<&Fig> = s.figs[i + 1..]
        .iter()
        .copied()
        .chain(next.iter())
        .filter(|f| {
            fits(f)
                && previous_rest(&f.label, cur).is_some_and(|rest| {
                    cjk_count(&rest) >= 4
                        && same_quantity(&cur.label, &rest)
                        && stage_agrees(&rest, &cur.label)
                })
        })
        .collect();
    match named[..] {
        [f] => Some(Fig::clone(f)),
        _ => None,
    }
}

/// "资产总额较上年末增加 D，增长 r%，达到 X"; "收入支出总计较上年减少 D，下降
/// r%。本年度收入支出总计为 X。": the new level stated after the change —
/// right after the rate (达到 / 为 / 增至 …), or the only level of the next
/// sentence named with the subject's words. r = D / (X − D) (a decrease: D /
/// (X + D)). True when checked.
fn level_after(
    para: &Para,
    s: &Sentence,
    k: usize,
    i: usize,
    d_up: bool,
    p_up: bool,
    rec: &mut Recorder,
) -> bool {
    let sf = &s.figs[..];
    let (d, pf) = (sf[k], sf[i]);
    // "[subject] 比 / 较 上年 增加 D", in the increase's own clause.
    let c0 = para.clause_start(d.start).max(s.a);
    let words = squeeze(&para.masked_text(c0, d.start));
    let Some(at) = comparison_word(&words) else {
        return false;
    };
    let object = rest_before_change(&words[at + '比'.len_utf8()..]);
    let last_year = object.is_some_and(|o| {
        let mut t = o.trim_end_matches('的');
        for w in ["同期", "度", "末", "底"] {
            t = t.strip_suffix(w).unwrap_or(t);
        }
        matches!(t, "上年" | "上一年" | "去年" | "")
    });
    if !last_year {
        return false;
    }
    let subject = clean_label(words[..at].trim_end_matches('同'));
    let fits = |f: &Fig| f.is_measured_level() && f.num_in(d.unit()).is_some();
    let after = sf.get(i + 1).copied().filter(|x| {
        let between = squeeze(&para.masked_text(pf.end, x.start));
        let verb = between.trim_start_matches(['，', ',']);
        fits(x)
            && !para.masked_text(x.end, x.end + 1).starts_with('的')
            && between.len() > verb.len()
            && matches!(
                verb.trim_end_matches('了'),
                "达到"
                    | "达"
                    | "为"
                    | "增至"
                    | "增加到"
                    | "增加至"
                    | "增长到"
                    | "增长至"
                    | "降至"
                    | "减少到"
                    | "减少至"
                    | "下降到"
                    | "下降至"
                    | "减至"
            )
    });
    let next;
    let x = match after {
        Some(x) => x,
        None => {
            if cjk_count(&subject) < 2 {
                return false;
            }
            next =
                next_sentence(para, s.b).map_or_else(Vec::new, |(a, b)| figs_between(para, a, b));
            // The same words, periods aside ("本年度收入支出总计为 X"): a
            // longer name ending alike is another quantity.
            let bare = |t: &str| quantity(&prior::period(t).rest);
            let named: Vec<&Fig> = next
                .iter()
                .filter(|f| {
                    let label = clean_label(f.label.trim_end_matches(['均', '各', '都']));
                    fits(f)
                        && period(&f.label) != Some(Period::Before)
                        && bare(&label) == bare(&subject)
                })
                .collect();
            let [x] = named[..] else {
                return false;
            };
            x
        }
    };
    let Some(x_n) = x.num_in(d.unit()) else {
        return false;
    };
    let previous = if d_up { x_n.sub(d.num) } else { x_n.add(d.num) };
    if previous.lo <= 0.0 {
        return false;
    }
    rate_of(
        para,
        Stated { d, d_up, pf, p_up },
        Base {
            n: previous,
            text: format!(
                "({} {} {})",
                show(x_n),
                if d_up { "−" } else { "+" },
                show(d.num)
            ),
            why: format!(" (the new level stated after the change: {})", show(x_n)),
            quote_from: d.start.min(x.start),
        },
        Severity::Error,
        vec![para.operand(x), para.operand(d)],
        rec,
    );
    true
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ran, run};

    /// "2024年、2023年 X 分别为 a 和 b": the levels follow the years' order,
    /// listed newest first or oldest first.
    #[test]
    fn years_listed_before_fenbie_give_their_levels_in_order() {
        let newest_first = "2024年、2023年“三公”经费支出分别为14.26万元和16.84万元，2024年比2023年减少2.58万元，下降15.3%。";
        let (f, s) = run(newest_first);
        assert!(f.is_empty(), "{f:?}");
        assert!(ran(&s, "text.change") >= 1);
        let oldest_first = "2023年、2024年“三公”经费支出分别为16.84万元和14.26万元，2024年比2023年减少2.58万元，下降15.3%。";
        let (f, _) = run(oldest_first);
        assert!(f.is_empty(), "{f:?}");
        // The rate over the new level instead of the old one.
        let (f, _) = run(&oldest_first.replace("减少2.58万元，下降15.3%", "下降18.1%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, -15.32);
        // A decrease stated as an increase.
        let (f, _) = run(&newest_first.replace("减少2.58", "增加2.58"));
        assert!(f.iter().any(|f| f.computed == -2.58), "{f:?}");
    }

    /// "比上年多争取 D": D is the increase, not last year's level.
    #[test]
    fn more_or_less_after_the_base_is_a_change() {
        let ok = "2024年全县争取上级转移支付资金2.36亿元，比上年多争取3,120万元，增长15.23%。";
        let (f, s) = run(ok);
        assert!(f.is_empty(), "{f:?}");
        assert!(ran(&s, "text.change") >= 1);
        let (f, _) = run(&ok.replace("15.23%", "13.22%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 15.23);
        let (f, _) = run("“三公”经费支出28.46万元，较上年少支出3.20万元，下降10.11%。");
        assert!(f.is_empty(), "{f:?}");
        // 多 that is not after a base: no change word.
        assert_eq!(super::super::sentence::more_or_less("多项目"), None);
        assert_eq!(super::super::sentence::more_or_less("比上年多个部门"), None);
        assert_eq!(
            super::super::sentence::more_or_less("比上年多争取"),
            Some(true)
        );
        assert_eq!(
            super::super::sentence::more_or_less("较预算少支出"),
            Some(false)
        );
    }

    #[test]
    fn a_bracketed_detail_is_not_the_change() {
        // The bracket details D; the rate after it is D's.
        let ok = "本年支出3,204万元，比上年增加304万元（其中人员经费增加180万元），增长10.5%。";
        let (f, s) = run(ok);
        assert!(f.is_empty(), "{f:?}");
        assert!(ran(&s, "text.change") >= 1);
        let (f, _) = run(&ok.replace("10.5%", "12.5%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 10.48);
        // Another bracket (a reason, not a figure) changes nothing.
        let (f, _) =
            run("本年支出1,200万元，比上年减少100万元（主要是会议费压减了30万元），下降7.69%。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn last_years_level_in_a_bracket_after_a_bare_rate() {
        let ok = "本年收入合计3,204.20万元，增长6.18%（上年同期3,017.80万元），增幅较上年回落1.2个百分点。";
        let (f, s) = run(ok);
        assert!(f.is_empty(), "{f:?}");
        assert!(ran(&s, "text.change") >= 1);
        let (f, _) = run(&ok.replace("6.18%", "6.81%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 6.18);
        let (f, _) = run("全年办理案件1,246件，增长5.06%（2023年为1,186件）。");
        assert!(f.is_empty(), "{f:?}");
        // A bracket holding a part, not a period: nothing to compare.
        let (f, _) = run("本年收入合计3,204.20万元，增长6.81%（其中财政拨款3,017.80万元）。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn last_years_level_in_the_sentence_before() {
        let ok = "2023年全年办理法律援助案件1,186件。2024年办理1,246件，同比增长5.06%。";
        let (f, s) = run(ok);
        assert!(f.is_empty(), "{f:?}");
        assert!(ran(&s, "text.change") >= 1);
        let (f, _) = run(&ok.replace("5.06%", "5.60%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 5.06);
        // Another quantity, or two levels before: not read.
        for t in [
            "2023年全年受理法律援助申请1,186件。2024年办理1,246件，同比增长5.60%。",
            "2023年受理1,300件，办理1,186件。2024年办理1,246件，同比增长5.60%。",
            "2022年全年办理法律援助案件1,186件。2024年办理1,246件，同比增长5.60%。",
        ] {
            let (f, _) = run(t);
            assert!(f.iter().all(|f| f.check != "text.change"), "{t}: {f:?}");
        }
    }

    #[test]
    fn a_score_changes_by_the_difference() {
        let ok = "部门整体支出绩效自评得分为93.6分，较上年的91.2分提高2.4分，评价等级为“优”。";
        let (f, s) = run(ok);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.change"), 1);
        let (f, _) = run(&ok.replace("提高2.4分", "提高4.2分"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 2.4);
        // No base named: two scores are not read as two years.
        let (f, _) = run("满分100分，自评得分93.6分，比上年提高4.2分。");
        assert!(f.is_empty(), "{f:?}");
        // A fall, and 比.
        let (f, _) = run("2024年得分88分，比2023年的90分下降2分。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn each_comparison_names_its_own_base() {
        let ok = "本部门“三公”经费支出31.26万元，较预算36.80万元减少5.54万元，较上年29.40万元增加1.86万元。";
        let (f, s) = run(ok);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.change"), 2);
        let (f, _) = run(&ok.replace("增加1.86", "增加2.86"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 1.86);
        // Rates, and 比 instead of 较: no false reading of the budget as
        // the level.
        let (f, _) = run(
            "2024年支出120.00万元，比年初预算150.00万元减少20.00%，比上年100.00万元增长20.00%。",
        );
        assert!(f.is_empty(), "{f:?}");
        // The first comparison's base is never the second's level.
        let (f, _) = run(
            "支出决算 95.00 万元，比年初预算 100.00 万元减少 5.00 万元，比上年 90.00 万元增加 5.00 万元。",
        );
        assert!(f.is_empty(), "{f:?}");
    }
    #[test]
    fn changes_recomputed_from_the_two_amounts() {
        let (f, s) = run(
            "2023年当年预算执行数为820.00万元，2024年预算安排700.00万元，比2023年预算执行数减少1.50%。",
        );
        assert_eq!(ran(&s, "text.change"), 1);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.change");
        assert_eq!(f[0].stated, -1.5);
        assert_eq!(f[0].computed, -14.63);
        let (f, _) = run(
            "2023年当年预算执行数为820.00万元，2024年预算安排700.00万元，比2023年预算执行数减少14.63%。",
        );
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("2024年支出 120.00 万元，比上年的 100.00 万元增长 20.00%。");
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("2024年支出 120.00 万元，比上年的 100.00 万元增长 2.00%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 20.0);
    }

    #[test]
    fn a_sentence_without_a_subject_goes_on_about_the_one_before() {
        // 1557.29 / (1685.72 − 1557.29) = 1212.56%.
        let (f, s) = run(
            "单位预留机动经费预算数为 1685.72 万元。与上年相比增加1557.29万元，增长1312.56 %。主要原因是预留人员工资福利支出增加。",
        );
        assert_eq!(ran(&s, "text.change"), 1);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::model::Severity::Error);
        assert_eq!(f[0].computed, 1212.56);
        assert_eq!(f[0].operands.len(), 2);
        // The level's sentence may go on about what it is for.
        for ok in [
            "一般公共服务（类）支出13907.78万元，主要用于在职人员工资福利支出。与上年相比增加1201.5万元，增长9.46%。",
            "基本支出预算数为9312.9万元。与上年相比，增加1435.14万元，增长18.22%。",
            "项目支出 5,573 万元。比上年减少 40 万元，下降 0.71%。",
            "项目支出 5,573 万元。同比增加 40 万元，增长 0.72%。",
        ] {
            let (f, s) = run(ok);
            assert_eq!(ran(&s, "text.change"), 1, "{ok}");
            assert!(f.is_empty(), "{ok}: {f:?}");
        }
        // Left alone: the sentence names its own subject, or the one before
        // has two amounts.
        for other in [
            "基本支出 100 万元。项目支出与上年相比增加 10 万元，增长 50%。",
            "收入合计 100 万元，其中财政拨款 60 万元。与上年相比增加 10 万元，增长 50%。",
            "基本支出 100 万元。其中人员经费与上年相比增加 10 万元，增长 50%。",
        ] {
            let (f, s) = run(other);
            assert_eq!(ran(&s, "text.change"), 0, "{other}: {f:?}");
        }
    }

    #[test]
    fn an_increase_may_name_its_level_without_the_stage_word() {
        // 2432.93 / (18330.37 − 2432.93) = 15.30%.
        for t in [
            "某厅2019年度财政拨款收、支总预算18330.37万元。与上年相比，财政拨款收、支总计各增加2432.93万元，增长15.3%。",
            "某厅2019年财政拨款预算支出18330.37万元，占本年支出合计的100%。与上年相比，财政拨款支出增加2432.93万元，增长15.3%。",
            "某厅2019年度收入预算总计18330.37万元。与上年相比，收入总计增加2432.93万元，增长15.3%。",
            // The comparison said otherwise: 比上年 / 较2018年度 / 同比.
            "某厅2019年度收入预算总计18330.37万元。比上年收入总计增加2432.93万元，增长15.3%。",
            "某厅2019年度收入预算总计18330.37万元。较2018年度，收入总计增加2432.93万元，增长15.3%。",
            "某厅2019年度收入预算总计18330.37万元。同比收入总计增加2432.93万元，增长15.3%。",
            "某厅2019年度收入预算总计18330.37万元。较上年预算数，收入总计增加2432.93万元，增长15.3%。",
        ] {
            let (f, s) = run(t);
            assert_eq!(ran(&s, "text.change"), 1, "{t}");
            assert!(f.is_empty(), "{t}: {f:?}");
            let (f, _) = run(&t.replace("15.3%", "13.5%"));
            assert_eq!(f.len(), 1, "{t}: {f:?}");
            assert_eq!(f[0].computed, 15.3);
        }
        // Another quantity of the same family is not the level.
        let (f, s) = run(
            "一般公共预算财政拨款基本支出 100 万元。与上年相比，一般公共预算财政拨款项目支出增加 10 万元，增长 50%。",
        );
        assert_eq!(ran(&s, "text.change"), 0, "{f:?}");
    }

    #[test]
    fn no_change_from_zero_is_no_finding() {
        for t in [
            "上年结转资金预算数为0万元。与上年相比增加0万元，增长0%。",
            "其他资金收入 0 万元，与上年相比增加 0 万元，增长 0%。",
        ] {
            let (f, s) = run(t);
            assert_eq!(ran(&s, "text.change"), 1, "{t}");
            assert!(f.is_empty(), "{t}: {f:?}");
        }
    }

    #[test]
    fn full_width_digits_read_as_ascii_ones() {
        // The base is named by its year: "比２０２３年预算执行数" names
        // "２０２３年当年预算执行数" as "比2023年…" names "2023年当年…".
        let (f, _) = run(
            "２０２３年当年预算执行数为３４８．５２万元，２０２４年预算安排３５２．６７万元，比２０２３年预算执行数增加０．５３％。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].stated, f[0].computed), (0.53, 1.19));
        // The sentence before states the year of the base in the other form.
        let (f, _) = run(
            "住房公积金支出３５０．３５万元，主要用于住房公积金２０２３年当年预算执行数为３４８．５２万元，２０２４年预算安排３５２．６７万元，比２０２３年预算执行数增加０．５３％。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn the_base_of_a_change_is_the_earlier_amount_or_none_here() {
        // 同比: the amount named 上年 is the base, wherever it stands.
        let (f, s) = run("本年支出 115 万元，上年支出 100 万元，同比增长 15%。");
        assert!(f.is_empty() && ran(&s, "text.change") == 1, "{f:?}");
        let (f, _) = run("2024年支出 115 万元，2023年支出 100 万元，同比增长 25%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 15.0);
        // "比上年": no amount here is last year's; 450 is a part of 500.
        let (f, s) = run("项目资金 500 万元，其中已拨付 450 万元，拨付率 90%，比上年增长 5%。");
        assert!(f.is_empty() && ran(&s, "text.change") == 0, "{f:?}");
    }

    #[test]
    fn a_base_after_bi_with_two_amounts_of_either_kind_before_it() {
        // The budget (1,000) or the spending (950) against 年初预算 900?
        let (f, s) = run(
            "全年预算数 1,000 万元，执行数 950 万元，执行率 95%，较年初预算 900 万元增加 100 万元。",
        );
        assert!(f.is_empty() && ran(&s, "text.change") == 0, "{f:?}");
        // One amount before it: the spending against the budget.
        let (f, _) = run("支出决算 950 万元，较年初预算 1,000 万元减少 60 万元。");
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn a_change_word_with_le() {
        // jiangsu-07: 1237.7 / (4335.3 + 1237.7) = 22.21%, stated 13.22%.
        let (f, _) = run("项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少 13.22 %。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].stated, f[0].computed), (-13.22, -22.21));
    }

    #[test]
    fn a_sentence_without_figures_may_stand_between_level_and_change() {
        // 134.37 / (16,593.12 − 134.37) = 0.82 %.
        let text = "1．公共安全（类）支出16,593.12 万元。主要用于检察院行政支出及检察办案业务等项目支出。与上年相比增加134.37万元，增长0.82 %。";
        let (f, s) = run(text);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.change"), 1);
        let (f, _) = run(&text.replace("增长0.82 %", "增长0.92 %"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 0.82);
        // Three sentences without figures between: too far to say.
        let far = "公共安全支出16,593.12 万元。主要用于行政支出。其余用于办案。另有培训支出。与上年相比增加134.37万元，增长0.92 %。";
        let (f, s) = run(far);
        assert!(f.is_empty() && ran(&s, "text.change") == 0, "{f:?}");
    }

    #[test]
    fn a_heading_stating_a_level_runs_on_into_its_body() {
        // "2、…总计 15 万元" on a line of its own; the change in the body:
        // 9.45 / (15 − 9.45) = 170.27 % (156 % to 187 % with 15 rounded).
        let doc = crate::extract_bytes(
            "一、收入\n\n2、其他资金收入预算总计 15 万元\n\n与上年相比增加9.45 万元，增长 200.27 %。主要是因绩效工资增加。\n".as_bytes(),
            "t.txt",
        )
        .expect("extract");
        let f: Vec<_> = doc
            .findings
            .iter()
            .filter(|f| f.check == "text.change")
            .collect();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 170.27);
        // A run-in heading's title is a sentence of its own: its body starts
        // a new one (no change is read across them).
        let doc = crate::extract_bytes(
            "一、收入\n\n1、行政运行支出 100 万元。与上年相比增长 12%，主要是人员增加。\n"
                .as_bytes(),
            "t.txt",
        )
        .expect("extract");
        assert!(
            doc.findings.iter().all(|f| f.check != "text.change"),
            "{:?}",
            doc.findings
        );
    }

    #[test]
    fn levels_and_changes_in_different_money_units() {
        // 1.25 亿元 is 12,500 万元: 2,500 over 10,000 is 25 %.
        let (f, s) = run("本年支出 1.25 亿元，比上年增加 2,500 万元，增长 25%。");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.change"), 1);
        let (f, _) = run("本年支出 1.25 亿元，比上年增加 2,500 万元，增长 30%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::model::Severity::Error);
        assert_eq!(f[0].computed, 25.0);
        // Two levels and their difference, one of them in 亿元.
        let (f, _) = run("上年支出 10,000 万元，本年支出 1.25 亿元，比上年增加 2,000 万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].stated, f[0].computed), (2000.0, 2500.0));
    }

    #[test]
    fn the_amount_after_bi_or_jiao_is_the_base_of_the_rate() {
        // 441.32 / 4,356.8 = 10.13 %; 2.44 / 15.3 = 15.95 %: the amount the
        // comparison names is last year's level, the new one may be absent.
        for (t, computed) in [
            (
                "本年支出较上年4,356.8万元增加441.32万元，增长10.13%。",
                10.13,
            ),
            (
                "本年支出比上年决算数4,356.8万元增加441.32万元，增长10.13%。",
                10.13,
            ),
            (
                "与上年的4,356.8万元相比，本年支出增加441.32万元，增长10.13%。",
                10.13,
            ),
            (
                "“三公”经费支出较上年的15.3万元减少2.44万元，下降15.95%。",
                -15.95,
            ),
            (
                "与2022年度决算数15.3万元相比，减少2.44万元，下降15.95%。",
                -15.95,
            ),
            (
                "本年支出4,798.12万元，较上年4,356.8万元增加441.32万元，增长10.13%。",
                10.13,
            ),
            (
                "2023年度“三公”经费支出19.98万元，比上年的22.4万元减少2.42万元，下降10.8%。",
                -10.8,
            ),
        ] {
            let (f, s) = run(t);
            assert!(ran(&s, "text.change") >= 1, "{t}");
            assert!(f.is_empty(), "{t}: {f:?}");
            let wrong = t.replace("10.13%", "11.13%").replace("15.95%", "18.95%");
            let wrong = wrong.replace("10.8%", "11.8%");
            let (f, _) = run(&wrong);
            assert_eq!(f.len(), 1, "{wrong}: {f:?}");
            assert_eq!(f[0].severity, crate::model::Severity::Error, "{wrong}");
            assert_eq!(f[0].computed, computed, "{wrong}");
        }
    }

    #[test]
    fn a_base_after_jiao_and_the_new_level_in_the_sentence_before() {
        // Both readings: 4,798.12 − 4,356.8 = 441.32, and 441.32 / 4,356.8.
        let t = "本年支出4,798.12万元。较上年4,356.8万元增加441.32万元，增长10.13%。";
        let (f, s) = run(t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.change"), 2);
        let (f, _) = run(&t.replace("增加441.32", "增加451.32"));
        // 451.32 is not the difference; 451.32 / 4,356.8 = 10.36 %, not 10.13 %.
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().any(|f| f.computed == 441.32), "{f:?}");
        assert!(f.iter().any(|f| f.computed == 10.36), "{f:?}");
        let (f, _) = run(&t.replace("10.13%", "11.27%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 10.13);
        // The sentence has a subject of its own: only the rate is checked.
        let (f, s) =
            run("本年支出4,798.12万元。基本支出较上年4,356.8万元增加441.32万元，增长10.13%。");
        assert!(f.is_empty() && ran(&s, "text.change") == 1, "{f:?}");
    }

    #[test]
    fn two_amounts_are_two_years_only_when_the_words_say_so() {
        // A whole and its part, a plan or budget and the actual, the amount a
        // share is of: not last year's level. Left alone.
        for t in [
            "全年支出1,250万元，为年初预算1,180万元的105.93%，同比增长8%。",
            "全年完成投资8.6亿元，超额完成年度计划8亿元的目标任务，同比增长12%。",
            "2023年争取上级资金3.28亿元，其中中央资金1.5亿元，同比增长15%。",
            "公务接待费支出3.4万元，年初预算5万元，同比下降15%。",
            "2023年度部门决算支出1,052.6万元，其中基本支出652.6万元，同比增长10.8%。",
            "2023年度部门决算支出1,052.6万元，其中基本支出652.6万元，与上年相比增长10.8%。",
            "全年累计完成固定资产投资8.6亿元，占年度计划8亿元的107.5%，同比增长12%。",
            "2023年收入1,200万元，其中上年结转200万元，同比增长10%。",
        ] {
            let (f, s) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
            assert_eq!(ran(&s, "text.change"), 0, "{t}");
        }
        // Each named with its period, or the same quantity a year before:
        // checked, whichever comparison word says it.
        for (t, computed) in [
            (
                "2023年收入1,200万元，2022年收入1,000万元，同比增长20%。",
                20.0,
            ),
            (
                "2023年收入1,200万元，2022年收入1,000万元，比上年增长20%。",
                20.0,
            ),
            (
                "2023年收入1,200万元，2022年收入1,000万元，与上年相比增长20%。",
                20.0,
            ),
            ("机关运行经费支出45.6万元，上年为48万元，同比下降5%。", -5.0),
            (
                "机关运行经费支出45.6万元，上年同期机关运行经费支出48万元，同比下降5%。",
                -5.0,
            ),
        ] {
            let (f, s) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
            assert_eq!(ran(&s, "text.change"), 1, "{t}");
            let wrong = t.replace("20%", "25%").replace("下降5%", "下降8%");
            let (f, _) = run(&wrong);
            assert_eq!(f.len(), 1, "{wrong}: {f:?}");
            assert_eq!(f[0].computed, computed, "{wrong}");
        }
    }

    #[test]
    fn last_year_named_without_a_comparison_word() {
        // "上年为 48 万元，下降 5%": the two amounts say they are two years.
        let t = "机关运行经费支出45.6万元，上年为48万元，下降5%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.change") == 1, "{f:?}");
        let (f, _) = run(&t.replace("下降5%", "下降8%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, -5.0);
        // Not two years: a whole and its part, or no period named.
        for other in [
            "项目支出 100 万元，其中上年结转 20 万元，下降 5%。",
            "基本支出 100 万元，项目支出 80 万元，下降 5%。",
        ] {
            let (f, s) = run(other);
            assert!(
                f.is_empty() && ran(&s, "text.change") == 0,
                "{other}: {f:?}"
            );
        }
    }

    #[test]
    fn last_year_named_with_its_increase() {
        // 171.15 / 2,013.45 = 8.50 %.
        let t = "2024年财政拨款收入1,842.30万元，上年为2,013.45万元，减少171.15万元，下降8.50%。";
        let (f, s) = run(t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.change"), 2);
        let (f, _) = run(&t.replace("8.50%", "9.29%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, -8.5);
        let (f, _) = run(&t.replace("减少171.15", "减少181.15"));
        assert!(f.iter().any(|f| f.computed == -171.15), "{f:?}");
        // The stage word alone names the same quantity.
        let t = "住房保障支出（类）决算118.46万元，上年决算125.20万元，下降5.38%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.change") == 1, "{f:?}");
        let (f, _) = run(&t.replace("5.38%", "6.38%"));
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn counts_change_as_amounts_do() {
        // 32 / (128 − 32) = 33.33 %; 1,046 / 1,208 − 1 = −13.41 %.
        for (t, wrong, computed) in [
            (
                "全年办理行政复议案件128件，同比增加32件，增长33.33%。",
                "增长25.00%",
                33.33,
            ),
            (
                "受理群众来信来访1,046件，比上年的1,208件下降13.41%。",
                "下降15.49%",
                -13.41,
            ),
            (
                "全年供水总量1,862万立方米，较上年1,798万立方米增加64万立方米，增长3.56%。",
                "增长3.44%",
                3.56,
            ),
        ] {
            let (f, s) = run(t);
            assert!(f.is_empty() && ran(&s, "text.change") >= 1, "{t}: {f:?}");
            let right = &wrong[..6];
            let at = t.rfind(right).unwrap();
            let w = format!("{}{wrong}。", &t[..at]);
            let (f, _) = run(&w);
            assert_eq!(f.len(), 1, "{w}: {f:?}");
            assert_eq!(f[0].computed, computed, "{w}");
        }
        // A count beside money is another quantity.
        let (f, s) = run("培训支出12万元，培训300人次，比上年增长20%。");
        assert!(f.is_empty() && ran(&s, "text.change") == 0, "{f:?}");
    }

    #[test]
    fn a_rate_stated_before_its_increase() {
        // 20 / (120 − 20) = 20 %.
        let t = "本年支出 120 万元，比上年增长 20%，增加 20 万元。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.change") == 1, "{f:?}");
        let (f, _) = run(&t.replace("增长 20%", "增长 25%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 20.0);
        let (f, _) = run(&t.replace("增加 20 万元", "增加 24 万元"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 25.0);
        // A decrease: 10 / (90 + 10) = 10 %.
        let (f, _) = run("本年支出 90 万元，同比下降 10%，减少 10 万元。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn growth_over_zero_is_a_finding() {
        let (f, _) = run("上年支出 0 万元，本年支出 0.5 万元，增加 0.5 万元，增长 100%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.change");
        assert_eq!(f[0].stated, 100.0);
        assert_eq!(
            f[0].severity,
            crate::model::Severity::Warning,
            "100% over zero is the convention"
        );
        let (f, _) = run("上年支出 0 万元，本年支出 0.5 万元，增加 0.5 万元，增长 35%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].severity,
            crate::model::Severity::Error,
            "any other rate over zero is wrong"
        );
        // Written in whole 万元, "0" may be 0.4 万元, and 1 万元 is 22 % more
        // than 0.82: possible, so not certain.
        let (f, _) =
            run("上年预算执行数为 0 万元，本年预算安排 1 万元，比上年预算执行数增加 22%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::model::Severity::Warning);
        assert!(f[0].message.contains("rounded"), "{}", f[0].message);
        // 2 万元 over a base under 0.5 万元 is at least 300 % more.
        let (f, _) =
            run("上年预算执行数为 0 万元，本年预算安排 2 万元，比上年预算执行数增加 22%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::model::Severity::Error);
    }

    #[test]
    fn changes_stated_respectively() {
        // (4906.32 − 4702.15) / 4702.15 = +4.34 %; (1806.16 − 2145.80) /
        // 2145.80 = −15.83 %; the sum of the two is stated by no level.
        let t = "本年基本支出4,906.32万元、项目支出1,806.16万元，分别较上年的4,702.15万元和2,145.80万元增长4.34%和下降15.83%，两项支出合计减少135.47万元，下降1.98%。";
        let (f, s) = run(t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.change"), 2);
        let (f, _) = run(&t.replace("下降15.83%", "下降18.53%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, -15.83);
        // Amounts of change, respectively.
        let t = "本年基本支出4,906.32万元、项目支出1,806.16万元，分别较上年的4,702.15万元和2,145.80万元增加204.17万元和减少339.64万元。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.change") == 2, "{f:?}");
        // No bases: which rate is whose is not read.
        let (f, _) =
            run("基本支出4,906.32万元、项目支出1,806.16万元，比上年分别增长4.34%和下降15.83%。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn last_years_level_stated_after_the_rate() {
        // In brackets right after the rate: (230 − 200) / 200 = 15 %.
        for (t, wrong, computed) in [
            (
                "本年培训支出230万元，同比增长15%（上年200万元）。",
                "增长12%",
                15.0,
            ),
            (
                "2024年培训支出230万元，同比增长15%（2023年为200万元）。",
                "增长12%",
                15.0,
            ),
            (
                "全年受理投诉460件，同比增长15%（上年400件）。",
                "增长12%",
                15.0,
            ),
            // Later in the sentence, or in the next one, with the same words.
            (
                "办公费支出90万元，较上年增长-10%，主要是压减开支，上年办公费支出为100万元。",
                "增长-12%",
                -10.0,
            ),
            (
                "全年接待来访群众550人次，同比增长10%。上年接待来访群众500人次。",
                "增长12%",
                10.0,
            ),
        ] {
            let (f, s) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
            assert_eq!(ran(&s, "text.change"), 1, "{t}");
            let right = &wrong[..wrong
                .find(|c: char| c.is_ascii_digit() || c == '-')
                .unwrap()];
            let at = t.find(right).unwrap();
            let end = at + t[at..].find('%').unwrap() + 1;
            let w = format!("{}{wrong}{}", &t[..at], &t[end..]);
            let (f, _) = run(&w);
            assert_eq!(f.len(), 1, "{w}: {f:?}");
            assert_eq!(f[0].severity, crate::model::Severity::Error, "{w}");
            assert_eq!(f[0].computed, computed, "{w}");
        }
        // Another quantity, or a name too short to say: not last year's.
        for t in [
            "本年培训支出230万元，同比增长12%（其中项目支出200万元）。",
            "办公费支出90万元，同比增长-12%。上年支出100万元。",
            "办公费支出90万元，同比增长-12%。上年差旅费支出100万元。",
        ] {
            let (f, _) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
        }
    }

    #[test]
    fn the_new_level_stated_after_the_change() {
        // 50 / (250 − 50) = 25 %; 100 / (400 + 100) = 20 %.
        for (t, wrong, computed) in [
            (
                "固定资产总额较上年末增加50万元，增长25%，达到250万元。",
                "增长20%",
                25.0,
            ),
            (
                "本年度收入总计较上年减少100万元，下降20%。本年度收入总计为400万元。",
                "下降25%",
                -20.0,
            ),
        ] {
            let (f, s) = run(t);
            assert!(f.is_empty() && ran(&s, "text.change") == 1, "{t}: {f:?}");
            let at = t.find(&wrong[..6]).unwrap();
            let end = at + t[at..].find('%').unwrap() + 1;
            let w = format!("{}{wrong}{}", &t[..at], &t[end..]);
            let (f, _) = run(&w);
            assert_eq!(f.len(), 1, "{w}: {f:?}");
            assert_eq!(f[0].computed, computed, "{w}");
        }
        // The next sentence names a longer quantity that ends alike.
        let (f, s) = run("项目支出较上年减少100万元，下降25%。城管项目支出为400万元。");
        assert!(f.is_empty() && ran(&s, "text.change") == 0, "{f:?}");
    }

    #[test]
    fn each_semicolon_item_has_its_own_level() {
        // 1 / 11 = 9.09 %; 5 / 25 = 20 %.
        let t = "其中：办公费10万元，比上年减少1万元，下降9.09%；差旅费20万元，比上年减少5万元，下降20%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.change") == 2, "{f:?}");
        let (f, _) = run(&t.replace("下降20%", "下降25%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::model::Severity::Error);
        assert_eq!(f[0].computed, -20.0);
    }

    #[test]
    fn levels_stated_of_both_and_further_back() {
        // 均为: 100 / (900 + 100) = 10 %.
        let t = "本单位2024年度收入、支出总计均为900万元。与2023年度相比，收入、支出总计各减少100万元，下降10%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.change") == 1, "{f:?}");
        let (f, _) = run(&t.replace("下降10%", "下降11.11%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, -10.0);
        // The level two sentences back, named by the subject: 100 / 500.
        let t = "本年支出合计400万元。其中：基本支出300万元，占75%；项目支出100万元，占25%。与上年相比，本年支出合计减少100万元，下降20%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.change") >= 1, "{f:?}");
        let (f, _) = run(&t.replace("下降20%", "下降25%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, -20.0);
        // The base named after an opening comparison, the level by its subject.
        let t = "本年支出合计400万元，其中：基本支出300万元，项目支出100万元。与上年的500万元相比，本年支出合计减少100万元。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.change") >= 1, "{f:?}");
        let (f, _) = run(&t.replace("减少100", "减少110"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, -100.0);
    }

    #[test]
    fn balances_at_the_start_and_end_of_the_year_are_levels() {
        let t = "年末结转和结余60万元，较年初结转和结余80万元减少20万元。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.change") == 1, "{f:?}");
        let (f, _) = run(&t.replace("减少20", "减少30"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, -20.0);
    }

    #[test]
    fn the_whole_of_a_share_is_not_the_current_level() {
        // 16.20 / 20.00 = 81.0 %; (16.20 − 21.60) / 21.60 = −25.0 %.
        let t = "全县土地出让收入完成16.20亿元，为年初预算20.00亿元的81.0%，比上年的21.60亿元下降25.0%。";
        let (f, s) = run(t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.change"), 1);
        let (f, _) = run(&t.replace("25.0%", "22.0%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, -25.0);
        // 1,286.40 / 1,180.00 − 1 = 9.0 %.
        let (f, s) = run(
            "项目支出1,286.40万元，占总支出3,761.40万元的34.2%，比上年的1,180.00万元增长9.0%。",
        );
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.change"), 1);
    }

    #[test]
    fn last_years_levels_listed_after_the_changes() {
        // 1,286 / 1,144 − 1 = 12.4 %; 98.6 / 85.6 − 1 = 15.2 %.
        let t = "全年接待游客1,286万人次，同比增长12.4%，旅游收入98.6亿元，增长15.2%；上年分别为1,144万人次和85.6亿元。";
        let (f, s) = run(t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.change"), 2);
        let (f, _) = run(&t.replace("15.2%", "25.2%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 15.19);
        // Another year's levels, or a figure among the pairs: not paired.
        for t in [
            "全年接待游客1,286万人次，同比增长12.4%，旅游收入98.6亿元，增长25.2%；2022年分别为1,020万人次和78.2亿元。",
            "全年接待游客1,286万人次，同比增长12.4%，旅游收入98.6亿元，增长25.2%，占全市的8.0%；上年分别为1,144万人次和85.6亿元。",
        ] {
            let (f, _) = run(t);
            assert!(f.iter().all(|f| f.check != "text.change"), "{t}: {f:?}");
        }
    }

    /// "X，比上年下降 r%，上年为 X0": last year's level in the clause
    /// right after the rate, named by its period alone.
    #[test]
    fn a_bare_period_after_the_rate_names_the_base() {
        // (27.4 − 23.6) / 27.4 = 13.87 %.
        let t = "差旅费支出23.6万元，比上年下降18.9%，上年为27.4万元，主要是严格执行差旅审批。";
        let (f, _) = run(t);
        assert!(
            f.iter()
                .any(|f| f.check == "text.change" && f.severity == crate::model::Severity::Error),
            "{f:?}"
        );
        for t in [
            "差旅费支出23.6万元，比上年下降13.9%，上年为27.4万元。",
            "接待游客23.6万人次，同比增长12%，去年同期为21.1万人次。",
            // (Not right after the rate: another clause stands between.)
            "差旅费支出23.6万元，比上年下降18.9%，主要是上年为举办会议支出27.4万元。",
            // (Last month's level is no base of a change on last year, nor
            // last year's of a change on the quarter before.)
            "差旅费支出23.6万元，比上年下降18.9%，上月为27.4万元。",
            "四季度差旅费支出23.6万元，环比下降18.9%，上年同期为27.4万元。",
        ] {
            let (f, _) = run(t);
            assert!(f.iter().all(|f| f.check != "text.change"), "{t}: {f:?}");
        }
    }
}
