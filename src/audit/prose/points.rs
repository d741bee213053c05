//! Points (分) and weights (权重 %) in prose: the parts of a stated whole add
//! up to it, as 考核办法 and 自评报告 write them.
//!
//! - `text.parts`: a whole right before a 其中 — "考核满分100分，其中A 60分，
//!   B 30分…", "项目决策（20分），其中项目立项5分、…", "自评得分94.6分，其中
//!   预算执行率得分9.6分，…", "权重合计100%，其中基础因素占40%、…"; the list
//!   runs to the next '；' or 其中 ("其中：" to the end of the sentence); a
//!   sentence opening with 其中 breaks down the one score of the sentence before;
//! - `text.sum`: a list closed by a total word — "A 15分，B 25分，…，总分100分",
//!   "分别得分18分、16.5分…，综合得分90.5分", "由决策（15分）、过程（20分）…
//!   组成，满分100分" — read back to the list's opener (a colon, 分别, 由, 分为)
//!   or the sentence's start; a weighted formula stated in the words
//!   ("综合得分=决策得分×20%+过程得分×20%+…") and each term's score after
//!   it: the result is the weighted sum.
//!
//! Each figure is read as what its words say: a score (得分, 计得, 得), a
//! weight (分值, 满分, 权重, 占), or a bare name ("党建引领15分", "决策（15分）")
//! that is whichever the list is; a figure after '、' alone continues the one
//! before. Never parts: deductions and bonuses (扣, 加), caps (最高, 不超过),
//! grade thresholds ("90分（含）以上为优秀", "80至90分"), per-item rules (每),
//! averages, changes and other years' scores. A score whole adds only scores,
//! a weight whole only weights and names. The sum holds when the parts add up
//! to the whole, or do with the bonuses added and deductions taken off that
//! the list names ("…扣2分…", "加分1分"). Not checked: a list that mixes the
//! kinds a total word does not decide, a list with a threshold, cap or change
//! among its parts, alternatives (a part as large as the whole, 未/或/否则:
//! "完成得10分，未完成0分，满分10分"), a hedged list (等, 主要) that falls
//! short, a score whole whose bare parts add to 100 (weights, not scores), a
//! list of fewer than two parts.

use super::Sentence;
use super::parts::later_end;
use super::sentence::{
    CHANGE_DOWN, CHANGE_UP, Fig, Para, SENTENCE_END, cjk_count, has_any, last_digit_slip, per_unit,
    squeeze,
};
use crate::audit::num::{self, Num};
use crate::audit::{Recorder, finding, show};
use crate::model::{FigureKind, Severity};

/// What a figure of points states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// 得分, 计得, 得: what was scored.
    Score,
    /// 分值, 满分, 权重, 占: what an item is worth.
    Weight,
    /// Only a name before it: whichever the list is.
    Name,
    /// A bonus (加分, 最高加…): added to a score in the other reading.
    Bonus,
    /// A deduction (扣2分): taken off in the other reading.
    Deduction,
    /// A threshold, cap, change, rate per item or other year's: no part.
    Other,
}

/// Words of a figure that is no part: caps, changes, other years.
const NOT_PARTS: [&str; 11] = [
    "最高",
    "最多",
    "最低",
    "不超过",
    "上限",
    "以内",
    "上年",
    "去年",
    "同比",
    "较",
    "比上年",
];

/// Words after a figure that make it a threshold of a grade or a range.
const THRESHOLD_AFTER: [&str; 14] = [
    "（含）",
    "(含)",
    "以上",
    "以下",
    "及以上",
    "至",
    "到",
    "-",
    "－",
    "~",
    "～",
    "为优",
    "为良",
    "以",
];

/// Words a figure's own words end with that make it a target or threshold.
const THRESHOLD_BEFORE: [&str; 7] = ["达", "达到", "不低于", "不少于", "高于", "低于", "超过"];

/// Words that close a list with its total ("四项得分相加为", "得分之和").
const TOTAL_WORDS: [&str; 11] = [
    "总分",
    "满分",
    "合计",
    "共计",
    "总计",
    "综合得分",
    "总得分",
    "最终得分",
    "相加",
    "之和",
    "加总",
];

/// Words that leave a list partial: a shortfall is then no finding.
const HEDGES: [&str; 4] = ["等", "主要", "部分", "约"];

/// Words of alternatives ("完成得10分，未完成0分", "否则不得分"): a figure
/// so named is a grade, not a part of one whole.
const ALTERNATIVES: [&str; 4] = ["未", "或", "否则", "不"];

/// Words that open the list a total closes.
const OPENERS: [&str; 6] = ["：", ":", "分别", "分为", "由", "包括"];

/// Words of a rate, not a weight, before a percentage.
const RATE_WORDS: [&str; 5] = ["率", "完成", "执行", "达到", "同比"];

/// Words of a weight's whole (a percentage whole must have one).
const WEIGHT_WORDS: [&str; 3] = ["权重", "比重", "占比"];

/// One figure of the sentence that may take part: points (分), or a
/// percentage in a list of weights.
struct Item<'s, 'a> {
    fig: &'s Fig<'a>,
    /// Bracket depth, a bracket holding only the figure ("决策（15分）") not counted.
    depth: usize,
    kind: Kind,
    /// Its words name a total: the total of a list before it.
    total: bool,
    /// What its parts must be as a whole (None: whichever they all are).
    whole_kind: Option<Kind>,
    /// Its words name a weight (权重, 比重, 占比).
    weight_word: bool,
}

fn is_points(f: &Fig) -> bool {
    f.f.kind == FigureKind::Score && f.f.comparator.is_none() && f.unit() == Some("分")
}

/// The words of a figure: from the clause mark or figure before it (not
/// before `floor`).
fn words_before(para: &Para, floor: usize, at: usize) -> String {
    let start = (floor..at)
        .rev()
        .find(|&i| {
            matches!(
                para.masked[i],
                '，' | '；' | '：' | ',' | ';' | ':' | '、' | '（' | '(' | '。' | '#'
            )
        })
        .map_or(floor, |i| i + 1);
    squeeze(&para.masked_text(start, at))
}

/// The figures of points (or percentages) among `figs` (a sentence from `a`), read.
fn read_items<'s, 'a>(
    para: &Para,
    a: usize,
    figs: &[&'s Fig<'a>],
    percent: bool,
) -> Vec<Item<'s, 'a>> {
    let figs: Vec<&'s Fig<'a>> = figs
        .iter()
        .copied()
        .filter(|f| {
            if percent {
                f.is_percent()
            } else {
                is_points(f)
            }
        })
        .collect();
    let starts: Vec<usize> = figs.iter().map(|f| f.start).collect();
    let depths = para.bracket_depths(a, &starts);
    let mut out: Vec<Item> = Vec::new();
    let mut own: Vec<bool> = Vec::new();
    for (f, d) in figs.into_iter().zip(depths) {
        // "决策（15分）": a bracket holding only the figure declares it.
        let own_bracket = f.start > 0
            && matches!(para.masked.get(f.start - 1), Some('（' | '('))
            && matches!(para.masked.get(f.end), Some('）' | ')'));
        own.push(own_bracket);
        let depth = d - usize::from(own_bracket && d > 0);
        let words = words_before(para, a, f.start);
        let after = squeeze(&para.masked_text(f.end, f.end + 6));
        let mut kind = if words.contains('扣') || words.contains("减分") || words.ends_with('减')
        {
            Kind::Deduction
        } else if words.contains("加分") || words.ends_with('加') {
            Kind::Bonus
        } else if has_any(&words, &NOT_PARTS)
            || has_any(&words, &CHANGE_UP)
            || has_any(&words, &CHANGE_DOWN)
            || per_unit(&words)
            || THRESHOLD_BEFORE.iter().any(|w| words.ends_with(w))
            || THRESHOLD_AFTER.iter().any(|w| after.starts_with(w))
            || has_any(&words, &ALTERNATIVES)
            || (percent
                && has_any(&words, &RATE_WORDS)
                && !has_any(&words, &WEIGHT_WORDS)
                && !words.ends_with('占'))
        {
            Kind::Other
        } else if percent {
            Kind::Weight
        } else if has_any(&words, &["得", "评分", "打分"]) {
            Kind::Score
        } else if has_any(&words, &["分值", "满分", "权重", "占", "总分"]) {
            Kind::Weight
        } else {
            Kind::Name
        };
        // "18分、16.5分": a figure after '、' alone goes on with the one before.
        if kind == Kind::Name
            && !own_bracket
            && let Some(prev) = out.last()
            && squeeze(&para.masked_text(prev.fig.end, f.start)) == "、"
        {
            kind = prev.kind;
        }
        let weight_word = has_any(&words, &WEIGHT_WORDS);
        let total = if percent {
            weight_word && has_any(&words, &["合计", "共计", "总计", "之和", "总"])
        } else {
            has_any(&words, &TOTAL_WORDS)
        };
        let whole_kind = if has_any(&words, &["得分", "评分"]) {
            Some(Kind::Score)
        } else if has_any(&words, &["满分", "分值", "权重"]) {
            Some(Kind::Weight)
        } else {
            None
        };
        out.push(Item {
            fig: f,
            depth,
            kind,
            total,
            whole_kind,
            weight_word,
        });
    }
    // "决策类（20分）得20分", "决策类得20分（20分）": a bracket holding only
    // points right beside a score is that item's maximum — a weight, not a
    // name whose kind the list decides.
    for k in 0..out.len() {
        if !own[k] || out[k].kind != Kind::Name {
            continue;
        }
        let link = |x: &Item, y: &Item| squeeze(&para.masked_text(x.fig.end, y.fig.start));
        let score_after = out.get(k + 1).is_some_and(|n| {
            let l = link(&out[k], n);
            let rest = l.trim_start_matches([')', '）']);
            n.kind == Kind::Score
                && rest.len() < l.len()
                && !rest.contains(['；', ';', '。', '、', '#', '(', '（'])
                && cjk_count(rest) <= 6
        });
        let score_before = k > 0
            && out[k - 1].kind == Kind::Score
            && matches!(link(&out[k - 1], &out[k]).as_str(), "（" | "(");
        if score_after || score_before {
            out[k].kind = Kind::Weight;
        }
    }
    out
}

/// The parts a whole of kind `whole` adds up, from the list's items (None
/// when the kinds leave it open which of them are its parts).
fn pick<'i, 's, 'a>(
    whole: Option<Kind>,
    list: &[&'i Item<'s, 'a>],
) -> Option<Vec<&'i Item<'s, 'a>>> {
    let of = |k: Kind| list.iter().filter(|i| i.kind == k).count();
    let (scores, weights, names) = (of(Kind::Score), of(Kind::Weight), of(Kind::Name));
    let take = |ks: &[Kind]| -> Vec<&'i Item<'s, 'a>> {
        list.iter()
            .copied()
            .filter(|i| ks.contains(&i.kind))
            .collect()
    };
    match whole {
        Some(Kind::Score) if scores > 0 => (names == 0).then(|| take(&[Kind::Score])),
        Some(Kind::Score) => (weights == 0).then(|| take(&[Kind::Name])),
        Some(_) => Some(take(&[Kind::Weight, Kind::Name])),
        None if scores > 0 => (weights == 0 && names == 0).then(|| take(&[Kind::Score])),
        None => Some(take(&[Kind::Weight, Kind::Name])),
    }
}

pub(super) fn check(para: &Para, s: &Sentence, rec: &mut Recorder) {
    weighted(para, s, rec);
    for percent in [false, true] {
        let items = read_items(para, s.a, &s.figs, percent);
        if items.is_empty() {
            continue;
        }
        let used = qizhong(para, s, &items, percent, rec);
        if !percent || items.iter().any(|i| i.total) {
            closing_totals(para, s, &items, &used, rec);
        }
    }
}

/// Nothing but marks and brackets: no words, no figure.
fn no_words(t: &str) -> bool {
    t.chars().all(|c| !c.is_alphanumeric() && c != '#')
}

/// Wholes before a 其中, each with its list; the wholes checked (their start).
fn qizhong(
    para: &Para,
    s: &Sentence,
    items: &[Item],
    percent: bool,
    rec: &mut Recorder,
) -> Vec<usize> {
    let mut used = Vec::new();
    let b = s.b.min(para.masked.len());
    let text = para.masked_text(s.a, b);
    let qs: Vec<usize> = text
        .match_indices("其中")
        .map(|(i, _)| s.a + text[..i].chars().count())
        .collect();
    for &q in &qs {
        let q_depth = para.bracket_depths(s.a, &[q])[0];
        // The sentence before, when it states one figure: what an opening
        // 其中 breaks down ("…自评得分94.62分，等级为"优"。其中：…").
        let prev_items: Vec<Item>;
        let whole: Option<&Item> = if no_words(&para.masked_text(s.a, q)) {
            let from = s.prev.first().map_or(s.a, |f| {
                (0..f.start)
                    .rev()
                    .find(|&i| SENTENCE_END.contains(&para.masked[i]))
                    .map_or(0, |i| i + 1)
            });
            prev_items = read_items(para, from, &s.prev, percent);
            let mut ws = prev_items.iter().filter(|i| i.kind != Kind::Other);
            match (ws.next(), ws.next()) {
                (Some(w), None) if matches!(w.kind, Kind::Score | Kind::Weight) => Some(w),
                _ => None,
            }
        } else {
            items
                .iter()
                .rev()
                .find(|w| w.fig.end <= q)
                .filter(|w| {
                    w.depth == q_depth && matches!(w.kind, Kind::Score | Kind::Weight | Kind::Name)
                })
                .filter(|w| no_words(&para.masked_text(w.fig.end, q)))
        };
        let Some(whole) = whole.filter(|w| !percent || w.weight_word) else {
            continue;
        };
        let colon = matches!(para.masked.get(q + 2), Some('：' | ':'));
        let end = if colon {
            b
        } else {
            later_end(para, q, b).min(b)
        };
        // A 其中 inside the list breaks down the part before it, to its '；'.
        let nested: Vec<(usize, usize)> = qs
            .iter()
            .filter(|&&n| n > q && n < end)
            .map(|&n| (n, later_end(para, n, b).min(b)))
            .collect();
        let list: Vec<&Item> = items
            .iter()
            .filter(|i| i.fig.start > q && i.fig.end <= end && i.depth == q_depth)
            .filter(|i| {
                !nested
                    .iter()
                    .any(|&(n, e)| i.fig.start > n && i.fig.start < e)
            })
            .take_while(|i| !i.total)
            .collect();
        let wk = whole.whole_kind.or(Some(match whole.kind {
            Kind::Score => Kind::Score,
            _ => Kind::Weight,
        }));
        let last = list.last().map_or(q, |p| p.fig.end);
        if compare(para, (q, last), whole, wk, &list, "text.parts", rec) {
            used.push(whole.fig.start);
        }
    }
    used
}

/// Totals after their list: "A 15分，B 25分，总分100分".
fn closing_totals(para: &Para, s: &Sentence, items: &[Item], used: &[usize], rec: &mut Recorder) {
    let mut floor = s.a;
    for (k, t) in items.iter().enumerate() {
        if !t.total || t.kind == Kind::Other {
            continue;
        }
        let from = floor;
        floor = t.fig.end;
        if used.contains(&t.fig.start) {
            continue;
        }
        // The list opens after the last opener before it, else at the floor
        // — not one inside the total's own words ("综合得分为 95 分" holds
        // 分为).
        let own = para.clause_start(t.fig.start).clamp(from, t.fig.start);
        let words = para.masked_text(from, own);
        let opener = OPENERS
            .iter()
            .filter_map(|w| {
                words
                    .rfind(w)
                    .map(|i| words[..i].chars().count() + w.chars().count())
            })
            .max();
        // (Without one, the list may have begun in the sentence before.)
        if opener.is_none() && from == s.a && s.prev.iter().any(|f| is_points(f) || f.is_percent())
        {
            continue;
        }
        let start = from + opener.unwrap_or(0);
        let list: Vec<&Item> = items[..k]
            .iter()
            .filter(|i| i.fig.start >= start && i.depth == t.depth)
            .collect();
        compare(
            para,
            (start, t.fig.start),
            t,
            t.whole_kind,
            &list,
            "text.sum",
            rec,
        );
    }
}

/// Compare the whole with its list's parts; false when not checked.
fn compare(
    para: &Para,
    (a, b): (usize, usize),
    whole: &Item,
    kind: Option<Kind>,
    list: &[&Item],
    check: &str,
    rec: &mut Recorder,
) -> bool {
    let words = para.masked_text(a, b);
    if list.iter().any(|i| i.kind == Kind::Other) || has_any(&words, &["否则", "不得分"]) {
        return false;
    }
    let Some(parts) = pick(kind, list) else {
        return false;
    };
    let w = whole.fig.num;
    if parts.len() < 2 || parts.iter().any(|p| p.fig.num.value >= w.value) {
        return false;
    }
    let sum = num::sum(parts.iter().map(|p| p.fig.num));
    // Bonuses and deductions the list names: the other reading of a score.
    let adjusted = list.iter().fold(sum, |acc, i| match i.kind {
        Kind::Bonus => acc.add(i.fig.num),
        Kind::Deduction => acc.sub(i.fig.num),
        _ => acc,
    });
    if w.consistent(sum) || w.consistent(adjusted) {
        rec.pass(check);
        return true;
    }
    let hedged = has_any(&words, &HEDGES);
    // Bare parts of a score that add to 100 are the weights.
    let weights_of_score = kind == Some(Kind::Score)
        && parts[0].kind == Kind::Name
        && sum.consistent(Num::exact(100.0));
    if (hedged && sum.value < w.value) || weights_of_score {
        return false;
    }
    let mut operands = vec![para.operand(whole.fig)];
    operands.extend(parts.iter().map(|p| para.operand(p.fig)));
    let shown: Vec<String> = parts.iter().map(|p| show(p.fig.num)).collect();
    rec.fail(finding(
        check,
        Severity::Error,
        w,
        num::round(sum.value, sum.decimals),
        whole.fig.f.unit.clone(),
        format!(
            "{} {} ≠ its parts {} = {} — 「{}」",
            if whole.fig.is_percent() {
                "权重"
            } else {
                "分"
            },
            show(w),
            shown.join(" + "),
            show(sum),
            para.quote(
                a.min(para.clause_start(whole.fig.start)),
                b.max(whole.fig.end)
            ),
        ),
        para.location(whole.fig.start),
        operands,
    ));
    true
}

/// The trailing run of CJK characters of `t` ("，本项目决策得分" → "本项目决策得分").
fn cjk_tail(t: &str) -> &str {
    let start = t
        .char_indices()
        .rev()
        .take_while(|(_, c)| ('\u{4e00}'..='\u{9fff}').contains(c))
        .last()
        .map_or(t.len(), |(i, _)| i);
    &t[start..]
}

/// Does a figure's words name `name` — one of the two ending the other, three
/// characters at least ("本项目决策得分" of 决策得分, "综合得分" of 按综合得分)?
fn names_term(label: &str, name: &str) -> bool {
    let l = squeeze(label);
    let l = cjk_tail(l.trim_end_matches(['为', '是', '达', '：', ':']));
    let (short, long) = if l.len() <= name.len() {
        (l, name)
    } else {
        (name, l)
    };
    short.chars().count() >= 3 && long.ends_with(short)
}

/// "综合得分=决策得分×20%+过程得分×20%+产出得分×40%+效益得分×20%。本项目决
/// 策得分90分、过程得分85分、产出得分95分、效益得分88分，综合得分91.6分": a
/// formula stated in the words (its weights adding up to 100%), in the
/// sentence before or in this one, and after it the score of each term it
/// names — each named once — and then its result, in this sentence: the result
/// is the weighted sum. A result that is the plain sum of the terms' scores
/// (scores already weighted) holds too; a formula with no weights, weights
/// not adding up to 100%, or a bonus or deduction said before the result, is
/// not read.
fn weighted(para: &Para, s: &Sentence, rec: &mut Recorder) {
    let figs: Vec<&Fig> = s.prev.iter().chain(&s.figs).copied().collect();
    // Each formula: its result's name and its terms (name, weight).
    let mut formulas: Vec<(String, Vec<(String, &Fig)>)> = Vec::new();
    for (k, w) in figs.iter().enumerate() {
        if !w.is_percent() {
            continue;
        }
        let floor = if k == 0 { 0 } else { figs[k - 1].end };
        let before = squeeze(&para.masked_text(floor, w.start));
        let Some(t) = before.strip_suffix(['×', '*', '＊', 'x', 'X']) else {
            continue;
        };
        let Some(i) = t.rfind(['+', '＋', '=', '＝']) else {
            continue;
        };
        let op = t[i..].chars().next().unwrap_or('+');
        let name = &t[i + op.len_utf8()..];
        if name.is_empty() || cjk_tail(name) != name {
            continue;
        }
        if matches!(op, '=' | '＝') {
            let result = cjk_tail(&t[..i]);
            if result.contains('分') {
                formulas.push((result.to_string(), vec![(name.to_string(), *w)]));
            }
        } else if let Some((_, terms)) = formulas.last_mut()
            && terms
                .last()
                .is_some_and(|(_, p)| k > 0 && figs[k - 1].start == p.start)
        {
            terms.push((name.to_string(), *w));
        }
    }
    let [(result, terms)] = &formulas[..] else {
        return;
    };
    let weights: f64 = terms.iter().map(|(_, w)| w.num.value).sum();
    if terms.len() < 2 || (weights - 100.0).abs() > 1e-6 {
        return;
    }
    let formula_end = terms.last().map_or(0, |(_, w)| w.end);
    let scores: Vec<&Fig> = figs
        .iter()
        .copied()
        .filter(|f| f.start >= formula_end && is_points(f))
        .collect();
    let mut parts: Vec<(&Fig, &Fig)> = Vec::new();
    for (name, w) in terms {
        let mut named = scores.iter().filter(|f| names_term(&f.label, name));
        match (named.next(), named.next()) {
            (Some(f), None) => parts.push((f, w)),
            _ => return,
        }
    }
    let last = parts.iter().map(|(f, _)| f.end).max().unwrap_or(0);
    let Some(total) = s
        .figs
        .iter()
        .copied()
        .find(|f| f.start >= last && is_points(f) && names_term(&f.label, result))
    else {
        return;
    };
    // (A bonus or deduction said between: the result is adjusted.)
    if has_any(
        &para.masked_text(formula_end, total.start),
        &["扣", "加分", "减分", "奖励分", "附加分"],
    ) {
        return;
    }
    let mut computed = Num::zero();
    for (f, w) in &parts {
        let k = w.num.value / 100.0;
        computed = computed.add(Num {
            value: f.num.value * k,
            lo: f.num.lo * k,
            hi: f.num.hi * k,
            decimals: 2,
        });
    }
    let plain = num::sum(parts.iter().map(|(f, _)| f.num));
    // (A weighted result is rounded to its written decimals: "91分" for 90.6.)
    let stated = Num::written(total.num.value, total.num.decimals);
    let check = "text.sum";
    if stated.consistent(computed) || total.num.consistent(plain) {
        rec.pass(check);
        return;
    }
    let severity = if last_digit_slip(stated, computed) {
        Severity::Warning
    } else {
        Severity::Error
    };
    let shown: Vec<String> = parts
        .iter()
        .map(|(f, w)| format!("{} × {}%", show(f.num), show(w.num)))
        .collect();
    let mut operands = vec![para.operand(total)];
    for (f, w) in &parts {
        operands.push(para.operand(f));
        operands.push(para.operand(w));
    }
    let first = terms.first().map_or(total.start, |(_, w)| w.start);
    rec.fail(finding(
        check,
        severity,
        total.num,
        num::round(computed.value, 2),
        total.f.unit.clone(),
        format!(
            "{result} {} ≠ the weighted sum the formula states {} = {:.2}: 「{}」",
            show(total.num),
            shown.join(" + "),
            computed.value,
            para.quote(para.clause_start(first), total.end)
        ),
        para.location(total.start),
        operands,
    ));
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ran, run};
    use crate::model::Severity;

    fn errors(text: &str) -> Vec<(String, f64, f64)> {
        run(text)
            .0
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| (f.check, f.stated, f.computed))
            .collect()
    }

    #[test]
    fn weights_closed_by_a_total_word() {
        for (text, sum) in [
            (
                "考核内容及分值为：党建引领15分，城市容貌管理25分，环境卫生管理25分，执法规范化建设20分，群众满意度10分，总分100分。",
                95.0,
            ),
            (
                "一级指标：基础管理30分、业务工作50分、社会评价25分，满分100分；考核得分90分（含）以上为优秀。",
                105.0,
            ),
            (
                "指标体系由决策（15分）、过程（20分）、产出（45分）、效益（25分）四部分组成，满分100分。",
                105.0,
            ),
        ] {
            assert_eq!(
                errors(text),
                vec![("text.sum".to_string(), 100.0, sum)],
                "{text}"
            );
        }
    }

    #[test]
    fn scores_and_weights_after_a_whole() {
        let e = errors(
            "本项目自评得分94.62分，等级为优。其中：预算执行率指标分值10分，按执行率96.24%计得9.62分；产出指标分值50分，得48分，亮灯率未达目标值扣2分；效益指标分值30分，得27分；满意度指标分值10分，得9分。",
        );
        assert_eq!(e, vec![("text.parts".to_string(), 94.62, 93.62)]);
        // Each group's list ends at its '；'.
        let e = errors(
            "评分细则：（一）项目决策（20分），其中项目立项5分、绩效目标8分、资金投入5分；（二）项目过程（20分），其中资金管理12分、组织实施8分。",
        );
        assert_eq!(e, vec![("text.parts".to_string(), 20.0, 18.0)]);
        let e = errors(
            "资金按因素法分配，权重合计100%，其中基础因素占40%、任务因素占50%、绩效因素占20%。",
        );
        assert_eq!(e, vec![("text.parts".to_string(), 100.0, 110.0)]);
    }

    #[test]
    fn a_weighted_formula_stated_in_the_words() {
        let t = "综合得分=决策得分×20%+过程得分×20%+产出得分×40%+效益得分×20%。本项目决策得分90分、过程得分85分、产出得分95分、效益得分88分，综合得分90.6分。";
        let (f, s) = run(t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.sum"), 1);
        assert_eq!(
            errors(&t.replace("90.6分。", "91.6分。")),
            vec![("text.sum".to_string(), 91.6, 90.6)]
        );
        for ok in [
            // rounded to a whole; the same sentence; scores already weighted
            t.replace("90.6分。", "91分。"),
            "按照综合得分＝自评得分×70%＋第三方评价得分×30%计算，本项目自评得分92分，第三方评价得分88分，综合得分90.8分。".to_string(),
            "综合得分=决策得分×20%+过程得分×20%+产出得分×40%+效益得分×20%。本项目决策得分18分、过程得分17分、产出得分38分、效益得分17.6分，综合得分90.6分。".to_string(),
            // a bonus said before the result
            t.replace("效益得分88分，", "效益得分88分，创新加分1分，").replace("90.6分。", "91.6分。"),
            // no weights; weights not adding to 100%; a term not stated
            "综合得分=决策得分+过程得分+产出得分+效益得分。本项目决策得分18分、过程得分17分、产出得分38分、效益得分17.6分，综合得分90.6分。".to_string(),
            "综合得分=自评得分×60%+抽查得分×30%。本项目自评得分92分，抽查得分88分，综合得分90分。".to_string(),
            "综合得分=决策得分×20%+过程得分×20%+产出得分×40%+效益得分×20%。本项目决策得分90分、过程得分85分，综合得分91.6分。".to_string(),
        ] {
            assert!(errors(&ok).is_empty(), "{ok}: {:?}", errors(&ok));
        }
    }

    #[test]
    fn maxima_in_brackets_beside_scores() {
        for text in [
            "一级指标得分情况：决策类（20分）得20分，过程类（20分）得18.6分，产出类（30分）得28.4分，效益类（30分）得28.5分，合计得分95.5分。",
            "项目决策（20分），得分19分；项目过程（20分），得分17.5分；项目产出（30分），得分28.4分；项目效益（30分），得分25.6分；总得分90.5分。",
            "决策指标得20分（20分），过程指标得18.6分（20分），产出指标得28.4分（30分），效益指标得28.5分（30分），综合得分95.5分。",
        ] {
            let (f, s) = run(text);
            assert!(f.is_empty(), "{text}: {f:?}");
            assert_eq!(ran(&s, "text.sum"), 1, "{text}");
            let bad = text.replace("28.4分", "29.4分");
            let e = errors(&bad);
            assert_eq!(e.len(), 1, "{bad}: {e:?}");
            assert_eq!(e[0].0, "text.sum");
        }
        // The maxima are no scores: a total of the maxima, or a bracket that
        // opens a list of its own, is left as it was.
        for text in [
            "决策类（20分）得20分，过程类（20分）得18.6分，产出类（30分）得28.4分，效益类（30分）得28.5分，满分100分。",
            "决策（20分）：立项5分、目标8分、投入7分；过程（20分）得18分。",
        ] {
            assert!(errors(text).is_empty(), "{text}: {:?}", errors(text));
        }
    }

    #[test]
    fn look_alikes_are_not_sums() {
        for text in [
            // grades, thresholds, caps, rules per item
            "评分标准：全部完成得10分，基本完成得6分，未完成不得分，本项满分10分。",
            "90分（含）以上为优秀，80分（含）至90分为良好，满分100分。",
            "每项指标满分10分，每发现一处问题扣0.5分，最多扣5分，满分10分。",
            // a bonus the total includes; a deduction explained
            "决策得分18分，过程得分17分，产出得分36分，效益得分19分，另加分1分，综合得分91分。",
            // the list began in the sentence before
            "项目决策得分18分，项目过程得分17分。产出得分36分，效益得分19分，综合得分90分。",
            // sub-parts in brackets, a nested 其中
            "满分100分，其中产出指标50分（数量指标20分、质量指标15分），效益指标30分，满意度指标10分，预算执行率10分。",
            "考核满分100分，其中：工作实绩60分，其中重点任务40分、常规工作20分；资金管理25分；信息报送15分。",
            // weights and scores mixed under a 总分 that may be either
            "决策指标分值20分，得分18分；过程指标分值80分，得分70分；总分100分，得分88分。",
            // an average is no whole; rates are no weights
            "全县平均得分88.6分，其中城关镇得分92.4分、东坝镇得分90.1分。",
            "预算执行率100%，其中基本支出执行率100%、项目支出执行率98.6%。",
            // a hedged list may fall short
            "满分100分，其中主要包括决策15分、过程20分等。",
        ] {
            assert!(errors(text).is_empty(), "{text}: {:?}", errors(text));
        }
        assert_eq!(
            ran(&run("满分100分，其中决策15分、过程85分。").1, "text.parts"),
            1
        );
    }

    #[test]
    fn a_total_whose_words_hold_an_opener() {
        // "综合得分为" holds 分为: no opener of the list before it.
        let t = "四类指标分别得分19分、17.5分、38分、18.5分，综合得分为93分。";
        assert!(errors(t).is_empty());
        assert_eq!(
            errors(&t.replace("为93", "为95")),
            vec![("text.sum".to_string(), 95.0, 93.0)]
        );
        let t = "四项指标得分分别为18分、17分、36分、19分，四项得分相加为92分。";
        assert_eq!(errors(t), vec![("text.sum".to_string(), 92.0, 90.0)]);
    }
}
