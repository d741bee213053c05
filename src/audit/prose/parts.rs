//! `text.parts`: "总额为 X，其中 A 为 a，B 为 b" — the parts of a money whole add
//! up to it (two or more parts and no hedge such as 主要/等); a part never
//! exceeds its whole.
//!
//! A list opened by 包括 ("…万元，包括：A a，B b") is read the same way, as a
//! list that may leave items out: only parts exceeding the whole are flagged.
//!
//! The scope of a 其中: "其中：" / "其中，" opens a list that runs to the end of
//! the sentence, its items separated by '；'. A 其中 that names its part
//! directly ("处罚金额 A 万元，其中从轻金额 B 万元；免罚 C 万元") ends at the
//! '；': a part after it may open a new subject. Such a part counts only where
//! the sum says so: when the parts add up with it, or when it is followed by
//! its share of the whole (占 y%), as list items are. When the parts exceed
//! the whole only because of it, the finding is a `warning` naming it, not an
//! `error`; when they fall short only with it, it is taken as a new subject.

use super::Sentence;
use super::sentence::{
    CHANGE_DOWN, CHANGE_UP, CLAUSE_MARK, Fig, Para, at_most, cjk_count, has_any, is_change_label,
    more_or_less, per_unit, small_count, squeeze, without_list_lead,
};
use crate::audit::num::{self, Num};
use crate::audit::{Recorder, finding, show};
use crate::model::{FigureKind, Severity};

/// Words naming a state of an amount (arrived, executed, paid, left over):
/// a figure so named after a 其中 is not a part of a whole not so named.
const STATUS_WORDS: [&str; 5] = ["到位", "执行", "支付", "拨付", "结余"];

/// Words naming money taken back (收回, 盘活, 收缴): an amount so named is a
/// level of what was recovered, whatever state it was taken from.
/// Parts the templates name inside another part: (the part, the one
/// inside it) — 政府采购 授予中小企业合同金额 holds 授予小微企业合同金额.
const SUBSETS: [(&str, &str); 1] = [("中小企业", "小微企业")];

const RECOVERED: [&str; 3] = ["收回", "盘活", "收缴"];

/// An amount given as what another is compared with ("比上年预算 873.1 万元",
/// "较上年的 X"), not a level of the sentence's own subject.
fn compared(label: &str) -> bool {
    let l = squeeze(label);
    ["比", "较", "同比", "与上年"]
        .iter()
        .any(|w| l.starts_with(w))
}

/// Words that make a list of parts partial ("主要用于…", "…等"): a shortfall
/// is then no finding.
pub(super) const HEDGES: [&str; 4] = ["主要", "等", "包括", "部分"];

/// Words holding 等 that hedge nothing: equality (相等, 等于, 等额, 同等 …),
/// a grade (一等奖, 等级, 等次), and 等 before a remainder item ("利息收入等
/// 其他收入" names the rest, which closes the list).
const NOT_HEDGES: [&str; 12] = [
    "相等", "等于", "等额", "同等", "等同", "对等", "平等", "均等", "等奖", "等级", "等次", "等其",
];

/// Do the words say a list is partial (a `HEDGES` word, not inside one of
/// `NOT_HEDGES`)? "…；支出预算与收入预算相等" hedges nothing.
pub(super) fn hedged(words: &str) -> bool {
    let mut w = words.to_string();
    for n in NOT_HEDGES {
        w = w.replace(n, "");
    }
    has_any(&w, &HEDGES)
}

/// Words that open a list of their own after a part ("主要有：", "具体包括"):
/// what follows breaks down that part.
const SUB_LISTS: [&str; 5] = ["主要有", "主要包括", "具体包括", "具体有", "包括："];

/// The words before an item open a list of the part before it: a sub-list
/// word with no '；' after it (after a '；' the outer list goes on: "A a，
/// 主要包括工资；B b").
fn opens_sub_list(between: &str) -> bool {
    SUB_LISTS.iter().any(|w| {
        between
            .rfind(w)
            .is_some_and(|at| !between[at..].contains(['；', ';']))
    })
}

/// whole vs parts: "总额为 X，其中 A 为 a，B 为 b".
/// The part's words name the other stage than the whole's: 预算 against a
/// 决算 whole, or 决算 against a 预算 one.
fn other_stage(whole: &str, part: &str) -> bool {
    let stage = |t: &str| match (t.contains("预算"), t.contains("决算")) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    };
    matches!((stage(whole), stage(part)), (Some(w), Some(p)) if w != p)
}

pub(super) fn check(para: &Para, s: &Sentence, rec: &mut Recorder) {
    let text = para.text(s.a, s.b);
    let Some(first) = opener(para, s.a, &text) else {
        return;
    };
    let from = first.at + first.len;
    // (A 包括 list may leave kinds out, not let a part exceed its whole: it
    // is read for that as a 其中 is — "共有车辆 N 辆，主要包括：A用车 a 辆…".)
    let including_word = para.text(first.at, first.at + first.len) == "包括";
    if including_word
        || (!first.including && first.len == 2 && !count_split(para, s, first.at, first.end, rec))
    {
        // (From its clause's start: "…N 辆，主要包括：".)
        let at = if including_word {
            para.clause_start(first.at)
        } else {
            first.at
        };
        count_over(para, s, at, first.end, rec);
    }
    if !first.including && first.len == 2 {
        change_parts(para, s, first.at, first.end, rec);
    }
    list(para, s, first, false, rec);
    // Each later 其中 lists the parts of the amount right before it: a part
    // of the first list broken down ("…320 万元，其中中央资金 240 万元、省级
    // 资金 80 万元；…", "…864.20 万元（其中：…）"), or a new whole after a '；'
    // ("收入总计 X，其中…；支出总计 Y，其中…").
    let mut at = from;
    let b = s.b.min(para.masked.len());
    while let Some(i) = para.masked_text(at, b).find("其中") {
        let q = at + para.masked_text(at, b)[..i].chars().count();
        let end = later_end(para, q, s.b);
        list(
            para,
            s,
            Opener {
                at: q,
                len: 2,
                including: false,
                end,
            },
            true,
            rec,
        );
        if !count_split(para, s, q, end, rec) {
            count_over(para, s, q, end, rec);
        }
        change_parts(para, s, q, end, rec);
        at = q + 2;
    }
}

/// Where a later 其中's list ends: at the next '；' or 其中 outside brackets
/// (a bracketed one ends with its bracket, as the first list's does).
pub(super) fn later_end(para: &Para, q: usize, b: usize) -> usize {
    let mut depth = 0usize;
    let b = b.min(para.masked.len());
    for i in q + 2..b {
        match para.masked[i] {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            '；' | ';' if depth == 0 => return i,
            '其' if depth == 0 && para.masked.get(i + 1) == Some(&'中') => return i,
            _ => {}
        }
    }
    usize::MAX
}

/// One list of parts, opened at `op`; `later`: a 其中 after the sentence's
/// first list, whose whole must stand in its own '；' item.
fn list(para: &Para, s: &Sentence, op: Opener, later: bool, rec: &mut Recorder) {
    let (a, b, sf) = (s.a, s.b, &s.figs[..]);
    let Opener {
        at: q,
        len,
        including,
        end,
    } = op;
    // Brackets: a 其中 inside （…） lists the parts of the amount before the
    // bracket and ends with it ("基本支出 300 万元（其中人员经费 250 万元），项目
    // 支出 200 万元"); an aside in brackets before the 其中 is no whole
    // ("1,234.56 万元（含上年结转 34.56 万元），其中…").
    let q_depth = para.bracket_depths(a, &[q])[0];
    let end = if q_depth > 0 {
        let mut d = q_depth;
        (q..para.masked.len().min(b))
            .find(|&i| {
                match para.masked[i] {
                    '（' | '(' => d += 1,
                    '）' | ')' => d -= 1,
                    _ => {}
                }
                d < q_depth
            })
            .unwrap_or(end)
            .min(end)
    } else {
        end
    };
    // The whole: the last money figure before 其中 in this sentence (at the
    // 其中's bracket depth), or — when 其中 opens the sentence — the last one
    // of the sentence before.
    let starts: Vec<usize> = sf.iter().map(|f| f.start).collect();
    let depths = para.bracket_depths(a, &starts);
    let before: Vec<&&Fig> = sf
        .iter()
        .zip(&depths)
        .filter(|(f, d)| f.end <= q && **d == q_depth)
        .map(|(f, _)| f)
        .collect();
    // "A a（其中：…）": a bracket that opens with its 其中 lists the parts of
    // the amount right before the bracket.
    let before = if before.is_empty() && q_depth > 0 {
        let open = (a..q).rev().find(|&i| matches!(para.masked[i], '（' | '('));
        let lead_empty = open.is_some_and(|o| para.masked_text(o + 1, q).trim().is_empty());
        sf.iter()
            .zip(&depths)
            .filter(|(f, d)| {
                lead_empty
                    && **d + 1 == q_depth
                    && open
                        .is_some_and(|o| f.end <= o && para.masked_text(f.end, o).trim().is_empty())
            })
            .map(|(f, _)| f)
            .collect()
    } else {
        before
    };
    // (When the whole is the sentence before's: its amounts.)
    let mut prev_wholes: Vec<&Fig> = Vec::new();
    // A change or a rate between the whole and its 其中 ("本年支出 X，较上年
    // 增加 D，增长 r%，其中：…"): the whole is the level before them, and as
    // the 其中 might break down the change, only parts exceeding the level
    // (and matching no other amount of the sentence) are a finding.
    let mut across = false;
    let mut before = before;
    if !before.is_empty() {
        let level = before
            .iter()
            .rposition(|f| f.is_amount() && !is_change_label(&f.label));
        if let Some(l) = level
            && l + 1 < before.len()
            && before[l + 1..]
                .iter()
                .all(|f| f.is_percent() || (f.is_amount() && is_change_label(&f.label)))
            && !para.masked_text(before[l].end, q).contains(['；', ';'])
        {
            across = true;
            before.truncate(l + 1);
        }
    }
    if later
        && (before.is_empty()
            || before
                .last()
                .is_some_and(|w| para.masked_text(w.end, q).contains(['；', ';', '。'])))
    {
        return;
    }
    let whole = if before.is_empty() {
        // (nothing before it but the marks, or the 主要/具体 of a 主要包括)
        let lead = para.text(a, q);
        let lead = if including {
            without_list_lead(&lead)
        } else {
            &lead
        };
        if lead
            .chars()
            .any(|c| !c.is_whitespace() && !CLAUSE_MARK.contains(&c))
        {
            return;
        }
        prev_wholes = s.prev.iter().copied().filter(|f| f.is_amount()).collect();
        // "…预算 863.3 万元，比上年预算 873.1 万元减少 9.8 万元。其中：…": the
        // whole is the last level, not a change nor the amount compared with.
        prev_wholes
            .iter()
            .rev()
            .find(|f| !is_change_label(&f.label) && !compared(&f.label))
            .copied()
    } else {
        // "资金 19.60 亿元，用于 12 个项目，其中：A 项目 4 个，使用 6.40 亿元；
        // …": counts after the money whole in its '；' item count the same
        // parts; the money parts are of the money before them.
        let counts = before
            .iter()
            .rev()
            .take_while(|f| f.f.kind == FigureKind::Count)
            .count();
        before
            .len()
            .checked_sub(counts + 1)
            .map(|i| before[i])
            .filter(|w| counts == 0 || !para.masked_text(w.end, q).contains(['；', ';', '。']))
            .copied()
            .filter(|f| f.is_amount())
    };
    let Some(whole) = whole.filter(|w| !is_change_label(&w.label)) else {
        return;
    };
    // The parts: the first money figure of each clause after 其中, until a second 其中.
    let after: Vec<&Fig> = sf
        .iter()
        .copied()
        .filter(|f| f.start >= q && f.end <= end)
        .collect();
    // Each item with its amount in the whole's unit ("122.43 万元" in a list
    // of 元).
    let mut items: Vec<(&Fig, Num)> = Vec::new();
    let mut shared: Vec<Option<Num>> = Vec::new();
    // An item in a unit that does not convert (every money unit does; kept
    // so that a new kind of amount cannot turn into a false shortfall).
    let mut unknown = false;
    let mut last_clause = usize::MAX;
    // The list's '；' items hold more than one amount each: "A a，年初预算
    // a0；B b，年初预算 b0" (read once, before the items).
    let multi = {
        let amounts: Vec<usize> = after
            .iter()
            .filter(|f| f.is_amount())
            .map(|f| f.start)
            .collect();
        let semis: Vec<usize> = (q..end.min(b).min(para.masked.len()))
            .filter(|&i| matches!(para.masked[i], '；' | ';'))
            .collect();
        !semis.is_empty()
            && (0..=semis.len()).all(|k| {
                let lo = if k == 0 { q } else { semis[k - 1] };
                let hi = semis.get(k).copied().unwrap_or(usize::MAX);
                amounts.iter().filter(|&&p| p > lo && p < hi).count() >= 2
            })
    };
    // An item whose share names another whole ("占中小企业合同金额的 60%")
    // is a part of that one.
    let mut of_other = false;
    // The words after 其中 up to each figure, read once from left to right
    // (a sentence of many figures stays linear).
    let mut words = Words::new(q + len);
    // The '；' count at a second 其中, while its own parts are read.
    let mut nested: Option<usize> = None;
    for (k, f) in after.iter().enumerate() {
        // Words in brackets are an aside: "公务用车购置及运行费 25 万元（其中
        // 购置费 10 万元、运行费 15 万元）" neither ends the list nor adds items.
        let prev_end = k.checked_sub(1).map_or(q, |j| after[j].end);
        words.read_to(&para.masked, f.start);
        // "X 中，A…": a breakdown of X, not more parts ("其中一般公共服务支出
        // 200 万元；一般公共服务支出中，人大事务 50 万元").
        if words.scope {
            break;
        }
        // A second 其中 lists the parts of the part before it, up to the
        // next '；', where the outer list goes on ("…公务用车购置及运行维护费
        // 18.2 万元，其中公务用车购置费 0 万元，运行维护费 18.2 万元；公务接待费
        // 7.16 万元").
        if words.qizhong {
            words.qizhong = false;
            nested = Some(words.semis);
        }
        if nested.is_some_and(|at| words.semis == at) {
            continue;
        }
        nested = None;
        if words.depth > 0 {
            continue;
        }
        let clause = words.clauses;
        if clause == last_clause && !joined(para, prev_end, f) {
            continue;
        }
        last_clause = clause;
        // "基本支出 100 余万元": a rounded part makes no sum short.
        if f.f.kind == FigureKind::Amount && f.f.comparator.is_some() {
            unknown = true;
            continue;
        }
        if !f.is_amount() {
            continue;
        }
        // The words of the figure's clause before it, as written.
        let raw = squeeze(&para.text(para.clause_start(f.start), f.start));
        if f.label.is_empty() && !after_fenbie(para, prev_end, f) {
            // An amount with no words at all, or only an aside in brackets
            // before it, may be a part the words do not name: a shortfall is
            // then no finding. (A total's words are cleaned away: "合计".)
            unknown |= raw.is_empty() || raw.ends_with([')', '）']);
            continue;
        }
        // "…，其中 A a，占 y%；加上年初结转和结余 b，收入总计 T": a total, or
        // an amount added to or taken from the whole, ends its parts.
        // (A total right after 其中 may name a subset of what went before:
        // "其中低保金和特困供养金合计 X" — `named_subset` reads it.)
        if (!items.is_empty() && has_any(&raw, &["总计", "合计", "共计"]))
            || ["加上", "再加", "减去", "扣除"]
                .iter()
                .any(|w| raw.starts_with(w))
        {
            break;
        }
        // "授予中小企业合同金额 a，授予小微企业合同金额 b": the template's
        // 小微企业 are among its 中小企业 — inside that part, not beside it.
        if items.iter().any(|(g, _)| {
            SUBSETS
                .iter()
                .any(|(of, sub)| g.label.contains(of) && f.label.contains(sub))
        }) {
            continue;
        }
        // "单车价格 13.40 万元", "每人 0.5 万元": a price, not a part.
        if f.label.contains('占') {
            continue;
        }
        if per_unit(&f.label) {
            continue;
        }
        // "…1.98 亿元，占 80.49%，主要有：A a、B b": a list that breaks
        // down the part before it, not the whole.
        if !items.is_empty() && opens_sub_list(&para.masked_text(prev_end, f.start)) {
            break;
        }
        // "其中收回结余资金 a、收回结转两年以上资金 b": money recovered is a
        // level whatever it was left over from, not a change nor a state.
        let recovered = has_any(&f.label, &RECOVERED)
            && !has_any(&f.label, &CHANGE_UP)
            && !has_any(&f.label, &CHANGE_DOWN);
        if is_change_label(&f.label) && !recovered {
            // "比上年增加 30 万元", "增加 30 万元": a change, not a part. But
            // "支持商销稳增长 30.00 万" is a part whose name holds a change
            // word, and the words cannot say for sure which of the two a
            // named one is: a shortfall is then no finding.
            if names_a_part(&f.label) {
                unknown = true;
            }
            continue;
        }
        // "中央资金 240 万元，已到位 240 万元": how much of a part arrived or
        // was spent is another quantity than the whole's, not a part of it.
        // (年末结转和结余 is a level of the template, not a state.)
        if !recovered
            && STATUS_WORDS
                .iter()
                .any(|w| f.label.replace("结转和结余", "").contains(w) && !whole.label.contains(w))
        {
            continue;
        }
        // "决算 5.70 万元，其中：A 预算 5.00 万元，决算 4.20 万元；…": each
        // part given at both stages — the parts of the 决算 are the 决算s.
        if other_stage(&whole.label, &f.label) || attribute(&whole.label, &f.label, multi) {
            continue;
        }
        let Some(n) = f.num_in(whole.unit()) else {
            unknown = true;
            continue;
        };
        // "…万元，占 y%": the item's next figure, before any '；', is its share.
        let share = after.get(k + 1).filter(|g| {
            g.is_percent()
                && g.label.contains('占')
                && !para.masked_text(f.end, g.start).contains(['；', ';'])
        });
        if share.is_some_and(|g| {
            share_of_part(
                &g.label,
                &whole.label,
                items.iter().map(|(f, _)| f.label.as_str()),
            )
        }) {
            of_other = true;
            continue;
        }
        items.push((f, n));
        shared.push(share.map(|g| g.num));
    }
    if items.is_empty() {
        return;
    }
    // A use word (用于, 涵盖 …) opens a list only with two or more amounts,
    // the first in its own clause: "价值 256 万元，主要用于执法执勤，价值
    // 300 万元" names a use, and the amount after it is another subject.
    let word = para.text(q, q + len);
    if PARTIAL_OPENERS.contains(&word.as_str())
        && word != "包括"
        && (items.len() < 2
            || para
                .masked_text(q + len, items[0].0.start)
                .contains(['，', ',', '；', ';', '。']))
    {
        return;
    }
    // "A a，B b，C c，其中 A 和 B 合计 X": a part that names two or more of
    // the amounts listed before the 其中 adds them up — the 其中 picks from
    // the list, it does not break down the last amount.
    if items
        .iter()
        .any(|(f, _)| names_listed(&f.label, before.iter().map(|g| g.label.as_str())) >= 2)
    {
        named_subset(para, &before, (q, items[0].0), rec);
        return;
    }
    // Parts after a '；' that are not list items with their share: perhaps a
    // new subject. "其中：" / "其中，" opens a list whose items '；' separates;
    // "其中从轻…" names one part inside the clause, and a '；' may end it.
    // ("主要用于以下方面：A a；B b": a colon before the first item opens a
    // list as well.)
    let opens_list = end != usize::MAX
        || para
            .chars
            .get(q + len)
            .is_some_and(|c| matches!(c, '：' | ':' | '，' | ','))
        || para
            .masked_text(q + len, items[0].0.start)
            .contains(['：', ':']);
    // (The first figure of the list may be an item the sum cannot hold: "其中
    // 28 个村每村 2 万元；…".)
    let first_end = after
        .first()
        .map_or(items[0].0.end, |f| f.end.min(items[0].0.end));
    // Where the first '；' after the first part stands.
    let semicolon = (first_end..para.masked.len().min(b))
        .find(|&i| matches!(para.masked[i], '；' | ';'))
        .unwrap_or(usize::MAX);
    // Or, with commas, a part whose clause opens with "另有" / "此外", or
    // comes after a count that introduces another subject ("其中从轻处罚金额
    // 212.60 万元，免罚案件 41 件，免罚金额 95.20 万元").
    let counted = after
        .iter()
        .filter(|g| g.f.kind == FigureKind::Count && g.start > first_end)
        .map(|g| g.start)
        .min()
        .unwrap_or(usize::MAX);
    let doubtful: Vec<bool> = items
        .iter()
        .zip(&shared)
        .map(|((f, _), sh)| {
            let aside = || {
                let clause = para.masked_text(para.clause_start(f.start), f.start);
                // (另有, 另外, 另行 …)
                ["另", "此外"]
                    .iter()
                    .any(|w| clause.trim_start().starts_with(w))
            };
            !opens_list
                && sh.is_none()
                && f.start > first_end
                && (f.start > semicolon || f.start > counted || aside())
        })
        .collect();
    let sure: Vec<(&Fig, Num)> = items
        .iter()
        .zip(&doubtful)
        .filter(|(_, d)| !**d)
        .map(|(item, _)| *item)
        .collect();
    let all = &items;
    // (For "由 A a、B b 两部分组成", the words up to the count.)
    let tail = para.text(items[0].0.start, b.min(end));
    let tail = tail.trim_end_matches(|c: char| {
        c.is_whitespace() || "组成构成部分个项两二三四五六七八九".contains(c)
    });
    // Every part with its share, the shares well short of 100%: the list
    // says itself that it is partial ("A a，占 12.40%；B b，占 68.82%").
    // Shares adding to well over 100% say the parts overlap (民生支出 and
    // “三保”支出 of one budget): no sum of them is the whole.
    let shares_total = shared
        .iter()
        .map(|sh| sh.map(|n| n.hi))
        .sum::<Option<f64>>();
    let partial = shared.len() >= 2 && shares_total.is_some_and(|total| total < 99.0);
    if shared.len() >= 2 && shares_total.is_some_and(|total| total > 101.0) {
        return;
    }
    unknown |= of_other;
    // A remainder named after the last part with no amount of its own
    // ("…住房保障支出 c，其余为卫生健康和节能环保支出"): the parts are some of it.
    let last_end = items.last().map_or(b, |item| item.0.end);
    let remainder_named = last_end < b.min(end)
        && has_any(
            &para.text(last_end, b.min(end)),
            &["其余", "剩余", "其他", "余下"],
        );
    let hedged = including
        || partial
        || remainder_named
        || hedged(tail)
        || has_any(&items[0].0.label, &["主要", "包括"]);
    // "由…两部分组成": the count the sentence gives is the list's.
    let count = (end != usize::MAX)
        .then(|| made_of_count(&para.text(q, end)))
        .flatten();
    if count.is_some_and(|n| n != items.len()) {
        return;
    }
    // Where the whole's '；' item starts.
    let item_start = para.item_start(a, whole.start);
    let judge = |parts: &[(&Fig, Num)]| -> Verdict {
        let total = num::sum(parts.iter().map(|(_, n)| *n));
        let over = !at_most(total, whole.num);
        let under = !at_most(whole.num, total);
        // The first two or more parts make the whole exactly: the list ended
        // there, and what follows is a new subject ("资产总额 2,000 万元，其中
        // 流动资产 800 万元，非流动资产 1,200 万元，负债 500 万元").
        let ended = || {
            (2..parts.len())
                .any(|p| num::sum(parts[..p].iter().map(|(_, n)| *n)).consistent(whole.num))
        };
        // A sentence opening with 其中 may break down any amount of the
        // sentence before ("本年收入 4,700 万元，上年结转 162.35 万元。其中，…").
        let of_another = || {
            prev_wholes
                .iter()
                .any(|w| w.num_in(whole.unit()).is_some_and(|n| n.consistent(total)))
        };
        // (Across a rate: parts named with a stage the whole does not name
        // break down both of the rate's amounts: "预算 X，实际支出 Y，执行率
        // r%，其中：A 预算 a0、支出 a1，…".)
        const STAGES: [&str; 5] = ["预算", "决算", "年初", "调整", "上年"];
        let staged = || {
            parts
                .iter()
                .any(|(f, _)| has_any(&f.label, &STAGES) && !has_any(&whole.label, &STAGES))
        };
        // (Across a change: a total that is another amount of the sentence.)
        // (Amounts of the whole's own '；' item: one before a '；' is of
        // another subject — "收入总计 X，其中…；支出总计 Y，其中…".)
        let another_before = || {
            sf.iter()
                .filter(|f| {
                    f.start >= item_start && f.end <= q && f.is_amount() && f.start != whole.start
                })
                .any(|f| f.num_in(whole.unit()).is_some_and(|n| n.consistent(total)))
        };
        if ((over || under) && of_another())
            || (over && ended())
            || (across && (!over || another_before() || staged()))
            // A later 其中 whose parts add up to another amount of its item
            // is of that amount.
            || (later && another_before())
        {
            Verdict::Holds
        } else if over {
            Verdict::Over(total)
        } else if under
            && parts.len() >= 2
            && !hedged
            && !unknown
            // Parts under half the whole are a few picked out of it ("实际
            // 支出 286 万元，其中“三公”经费 12.6 万元，会议费 3.2 万元"), not
            // its breakdown.
            && total.value >= 0.5 * whole.num.value
        {
            Verdict::Under(total)
        } else {
            Verdict::Holds
        }
    };
    let check = "text.parts";
    let (verdict, severity, parts, doubt) = if sure.len() == items.len() {
        (judge(all), Severity::Error, all.to_vec(), String::new())
    } else {
        let names: Vec<String> = items
            .iter()
            .zip(&doubtful)
            .filter(|(_, d)| **d)
            .map(|((f, _), _)| format!("「{}」", f.label))
            .collect();
        let doubt = format!(
            " ({} after '；' may start a new subject outside the 其中)",
            names.join(", ")
        );
        // A doubtful part larger than the whole by itself is a new subject.
        let alone_over = items
            .iter()
            .zip(&doubtful)
            .any(|((_, n), d)| *d && !at_most(*n, whole.num));
        let sure_sum = num::sum(sure.iter().map(|(_, n)| *n));
        let sure_exact = sure.len() >= 2 && sure_sum.consistent(whole.num);
        match (judge(all), judge(&sure)) {
            (_, v) if alone_over => (v, Severity::Error, sure.clone(), String::new()),
            (Verdict::Holds, _) => (Verdict::Holds, Severity::Error, all.to_vec(), doubt),
            // The sure parts alone exceed the whole: certain.
            (_, v @ Verdict::Over(_)) => (v, Severity::Error, sure.clone(), String::new()),
            // Short with and without them: certain either way, shown with all.
            (v @ Verdict::Under(_), Verdict::Under(_)) => {
                (v, Severity::Error, all.to_vec(), String::new())
            }
            // Short only with them, or exceeding only with them while the sure
            // parts add up exactly: they are a new subject, outside the 其中.
            (Verdict::Under(_), _) => (Verdict::Holds, Severity::Error, sure.clone(), doubt),
            (Verdict::Over(_), Verdict::Holds) if sure_exact => {
                (Verdict::Holds, Severity::Error, sure.clone(), doubt)
            }
            // Over only because of them: perhaps a new subject.
            (v, _) => (v, Severity::Warning, all.to_vec(), doubt),
        }
    };
    // One part larger than the amount before its 其中 but not than an earlier
    // one of the same item: the 其中 may be of that one ("…、其他 143.20 万元，
    // 其中政府采购支出 586.20 万元" of the whole 1,041.90), so a warning.
    let severity = match verdict {
        Verdict::Over(t)
            if parts.len() == 1
                && sf.iter().any(|f| {
                    f.start >= item_start
                        && f.end <= whole.start
                        && f.is_amount()
                        && f.num_in(whole.unit()).is_some_and(|n| at_most(t, n))
                }) =>
        {
            Severity::Warning
        }
        _ => severity,
    };
    // A shortfall larger than a slip would make, in a list the words do not
    // close, is more likely a list of some items only ("全年项目支出 X，其中：
    // 道路建设 a，农田水利 b"): a warning.
    let mut doubt = doubt;
    let severity = match verdict {
        Verdict::Under(t)
            if count.is_none()
                && let Some(note) = partial_shortfall(
                    whole.num,
                    t,
                    parts.iter().map(|(f, _)| f.label.as_str()),
                ) =>
        {
            doubt.push_str(&note);
            Severity::Warning
        }
        _ => severity,
    };
    let (total, relation) = match verdict {
        Verdict::Holds => {
            rec.pass(check);
            return;
        }
        Verdict::Over(t) => (t, "less than"),
        Verdict::Under(t) => (t, "not"),
    };
    let names: Vec<String> = parts
        .iter()
        .map(|(f, n)| match f.unit() {
            u if u == whole.unit() => format!("{} {}", f.label, show(*n)),
            u => format!(
                "{} {}{} = {}",
                f.label,
                show(f.num),
                u.unwrap_or(""),
                show(*n)
            ),
        })
        .collect();
    let end = parts.last().map_or(b, |(f, _)| f.end);
    let start = whole.start.min(q);
    let mut operands = vec![para.operand(whole)];
    operands.extend(parts.iter().map(|(f, _)| para.operand(f)));
    let computed = num::round(total.value, total.decimals);
    rec.fail(finding(
        check,
        severity,
        whole.num,
        computed,
        whole.f.unit.clone(),
        format!(
            "「{}」 {} is {relation} the sum of its parts (其中) {} = {}{doubt}: 「{}」",
            whole.label,
            show(whole.num),
            names.join(" + "),
            show(total),
            para.quote(start.min(a.max(start)), end)
        ),
        para.location(whole.start),
        operands,
    ));
}

/// The share of its whole a 其中 list may leave out and still be read as
/// its whole breakdown: a slip (a digit wrong, a part left out of a sum)
/// rarely costs more; a list of some items only usually leaves out more.
const PARTIAL_GAP: f64 = 0.15;

/// Parts (`total`, named by `labels`) short of their `whole` by more than
/// a slip would make, in a list the words do not close: the list may name
/// some items only, and the shortfall is a `warning`. The note that says so.
pub(super) fn partial_shortfall<'l>(
    whole: Num,
    total: Num,
    labels: impl Iterator<Item = &'l str> + Clone,
) -> Option<String> {
    let gap = whole.value - total.value;
    (gap > PARTIAL_GAP * whole.value && !closed_list(labels)).then(|| {
        format!(
            " (the parts leave out {:.0}% of it: the 其中 may name only some items)",
            100.0 * gap / whole.value
        )
    })
}

/// Do the words close a list of parts, so that a shortfall is certain
/// whatever its size? A remainder item (其他…, 其余…, 剩余…) or the parts of
/// a template split: 基本支出 / 项目支出, 人员经费 / 公用经费, the three
/// “三公” items.
fn closed_list<'l>(labels: impl Iterator<Item = &'l str> + Clone) -> bool {
    let has = |w: &str| labels.clone().any(|l| l.contains(w));
    labels
        .clone()
        .any(|l| has_any(l, &["其他", "其它", "其余", "剩余"]))
        || (has("基本支出") && has("项目支出"))
        || (has("人员经费") && has("公用经费"))
        || (has("因公出国") && has("公务用车") && has("公务接待"))
}

/// How many of the amounts `listed` (their words) a part's words name: each
/// by the last three characters of its words (all of them when shorter, two
/// at least), "低保金和特困供养金合计" naming "发放城乡低保金" and "特困供养金".
pub(super) fn names_listed<'l>(part: &str, listed: impl Iterator<Item = &'l str>) -> usize {
    listed
        .filter(|l| {
            let chars: Vec<char> = l.chars().collect();
            let tail: String = chars[chars.len().saturating_sub(3)..].iter().collect();
            chars.len() >= 2 && part.contains(&tail)
        })
        .count()
}

/// "发放低保金 a、特困供养金 b、临时救助金 c，其中低保金和特困供养金合计
/// X": a part that joins (和, 、, 及, 与) names of the amounts listed before
/// its 其中 and gives their total (合计, 共计, 总计, 小计) is their sum. Read
/// only when each name ends the words of exactly one listed amount, a
/// different one each, two or more of them.
fn named_subset(para: &Para, listed: &[&&Fig], (q, part): (usize, &Fig), rec: &mut Recorder) {
    const CHECK: &str = "text.sum";
    // (The words from the 其中: the part's own label stops at a '、'.)
    let label = squeeze(&para.text(q, part.start));
    if label.contains(|c: char| c.is_ascii_digit()) {
        return;
    }
    let Some((at, word)) = ["合计", "共计", "总计", "小计"]
        .iter()
        .find_map(|w| label.find(w).map(|at| (at, *w)))
    else {
        return;
    };
    let after = &label[at + word.len()..];
    if !["", "为", "金额", "资金"].contains(&after) {
        return;
    }
    let names = label[..at].strip_prefix("其中").unwrap_or(&label[..at]);
    let names = names.strip_suffix("两项").unwrap_or(names);
    let pieces: Vec<&str> = names.split(['和', '、', '及', '与']).collect();
    let mut named: Vec<&Fig> = Vec::new();
    for p in &pieces {
        let ends: Vec<&Fig> = listed
            .iter()
            .map(|f| **f)
            .filter(|f| f.is_amount() && !p.is_empty() && squeeze(&f.label).ends_with(p))
            .collect();
        if ends.len() != 1 || named.iter().any(|g| g.start == ends[0].start) {
            return;
        }
        named.push(ends[0]);
    }
    if named.len() < 2 {
        return;
    }
    let Some(ns) = named
        .iter()
        .map(|f| f.num_in(part.unit()))
        .collect::<Option<Vec<Num>>>()
    else {
        return;
    };
    let sum = num::sum(ns.iter().copied());
    if sum.consistent(part.num) {
        rec.pass(CHECK);
        return;
    }
    let parts: Vec<(&Fig, Num)> = named.iter().copied().zip(ns).collect();
    let head = format!(
        "「{word}」 {} of the amounts it names is not their sum:",
        show(part.num)
    );
    rec.fail(sum_finding(
        para,
        CHECK,
        part,
        &parts,
        sum,
        head,
        named[0].start..part.end,
    ));
}

/// The finding for a total that is not the sum of its parts (each shown
/// with its amount in the total's unit), quoting the text in `quote`.
fn sum_finding(
    para: &Para,
    check: &str,
    total: &Fig,
    parts: &[(&Fig, Num)],
    sum: Num,
    head: String,
    quote: std::ops::Range<usize>,
) -> crate::model::Finding {
    let shown: Vec<String> = parts
        .iter()
        .map(|(f, n)| format!("{} {}", f.label, show(*n)))
        .collect();
    let mut operands = vec![para.operand(total)];
    operands.extend(parts.iter().map(|(f, _)| para.operand(f)));
    finding(
        check,
        Severity::Error,
        total.num,
        num::round(sum.value, sum.decimals),
        total.f.unit.clone(),
        format!(
            "{head} {} = {}: 「{}」",
            shown.join(" + "),
            show(sum),
            para.quote(quote.start, quote.end)
        ),
        para.location(total.start),
        operands,
    )
}

/// A label with a change word that may name a part ("支持商销稳增长"): words
/// before the change word, and no comparison ("比上年增加", "同比减少",
/// "与上年相比增长") nor the reason or balance a list of parts may end with
/// ("主要是…增加", "结余").
pub(super) fn names_a_part(label: &str) -> bool {
    let label = label.trim_matches(|c: char| CLAUSE_MARK.contains(&c) || c.is_whitespace());
    let Some(at) = CHANGE_UP
        .iter()
        .chain(CHANGE_DOWN.iter())
        .filter_map(|w| label.find(w))
        .min()
    else {
        return false;
    };
    let before = &label[..at];
    cjk_count(before) >= 2
        && !has_any(
            label,
            &[
                "比", "较", "相比", "上年", "去年", "同期", "主要", "原因", "结余", "节约", "差额",
            ],
        )
}

/// The whole a share names ("占中小企业合同金额的 60%") is an earlier item of
/// the list, not the list's whole: the item is a part of that part.
fn share_of_part<'l>(share: &str, whole: &str, mut items: impl Iterator<Item = &'l str>) -> bool {
    let Some(named) = share
        .split_once('占')
        .and_then(|(_, r)| r.split_once('的'))
        .map(|(n, _)| n.trim())
    else {
        return false;
    };
    cjk_count(named) >= 2 && !whole.contains(named) && items.any(|l| l.contains(named))
}

/// A figure that describes an item rather than being one: its amount in
/// another period or stage ("上年为 X", "较上年的 X", "年初预算 X") where the
/// whole names none; a stage (年初预算, 预算, 决算) only where the list's
/// items are '；'-separated and hold more than one amount each, as the two
/// stages of each item ("A a，年初预算 a0；B b，年初预算 b0"), since a stage
/// may also be a source of the whole ("其中年初预算 200 万元、上年结转 35 万元").
/// (上年结转 is money of this year; 一般公共预算 and the
/// other fund budgets are kinds of money, not stages.)
fn attribute(whole: &str, part: &str, staged_items: bool) -> bool {
    let strip = |t: &str| {
        [
            "上年结转",
            "年初结转",
            "年末结转",
            "结转和结余",
            "公共预算",
            "基金预算",
            "经营预算",
            "预算单位",
            "预算内",
            "预算外",
        ]
        .iter()
        .fold(t.to_string(), |t, w| t.replace(w, ""))
    };
    let (whole, part) = (strip(whole), strip(part));
    const PERIOD: [&str; 3] = ["上年", "去年", "同期"];
    const STAGE: [&str; 3] = ["年初", "预算", "决算"];
    let names = |words: &[&str]| words.iter().any(|w| part.contains(w) && !whole.contains(w));
    part.starts_with(['较', '比']) || names(&PERIOD) || (staged_items && names(&STAGE))
}

/// An item joined to the one before it in the same clause by 和 / 及 / 与
/// ("由中央资金 1,000 万元和省级资金 520 万元两部分组成"): a part of its own,
/// unless it names a comparison (与上年 X 相比) or a change. So is a bare
/// amount after the first of a 分别 list ("基本支出和项目支出分别为 a 和 b"):
/// the names stand before 分别, one for each amount.
fn joined(para: &Para, prev_end: usize, f: &Fig) -> bool {
    if after_fenbie(para, prev_end, f) {
        return true;
    }
    let words = squeeze(&para.text(prev_end, f.start));
    let Some(rest) = ["和", "以及", "及", "与"]
        .iter()
        .find_map(|j| words.strip_prefix(j))
    else {
        return false;
    };
    cjk_count(rest) >= 2
        && !is_change_label(&f.label)
        && !has_any(
            rest,
            &["上年", "去年", "同期", "年初", "相比", "预算", "决算"],
        )
}

/// An amount with only a joiner before it, after the first amount of a
/// clause that says 分别 ("分别为 a 和 b", "分别为 a、b、c").
fn after_fenbie(para: &Para, prev_end: usize, f: &Fig) -> bool {
    prev_end > 0
        && matches!(
            squeeze(&para.text(prev_end, f.start)).as_str(),
            "和" | "及" | "、" | "以及"
        )
        // (The clause back to its comma, within a bounded look-back: a
        // paragraph of many joined amounts stays linear.)
        && para
            .masked_text(prev_end.saturating_sub(120), prev_end)
            .rsplit(['，', '；', '。', '：', ',', ';'])
            .next()
            .is_some_and(|clause| clause.contains("分别"))
}

/// The direction of a change its words name (true: up), when they name one
/// way only ("比上年增加", "分别减少"; "较预算多支出").
fn direction(label: &str) -> Option<bool> {
    match (has_any(label, &CHANGE_UP), has_any(label, &CHANGE_DOWN)) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        (false, false) => more_or_less(label),
        _ => None,
    }
}

/// The parts of a change: "较上年减少 1.48 万元，其中公务接待费、公务用车
/// 运行维护费分别减少 0.32 万元和 1.26 万元，因公出国（境）费与上年持平" —
/// the parts' changes, each up or down by its own words (or those of the
/// 分别 it follows), add up to the whole's, an increase less a decrease.
/// Every amount of the list must be such a change (a level among them makes
/// it another kind of list) and the list no hedge (主要, 等). Certain only
/// when the words close the list (the three “三公” items of the “三公”
/// change, 基本支出 (or 人员经费 and 公用经费) and 项目支出 of a total's, the
/// two of 基本支出's, a remainder 其他…): a 其中 of a change often names the items
/// that moved most, and those left out may have moved either way — a
/// `warning` then.
fn change_parts(para: &Para, s: &Sentence, q: usize, end: usize, rec: &mut Recorder) {
    let sf = &s.figs[..];
    let end = end.min(s.b).min(para.masked.len());
    let starts: Vec<usize> = sf.iter().map(|f| f.start).collect();
    let depths = para.bracket_depths(s.a, &starts);
    // The whole: the amount right before the 其中 (a rate between them at
    // most), a change by its words, at depth 0 and in the 其中's '；' item.
    let Some(w) = sf
        .iter()
        .zip(&depths)
        .rposition(|(f, d)| *d == 0 && f.end <= q && !f.is_percent())
    else {
        return;
    };
    let whole = sf[w];
    if !whole.is_amount()
        || whole.f.comparator.is_some()
        || para.bracket_depths(s.a, &[q])[0] > 0
        || para.masked_text(whole.end, q).contains(['；', ';'])
        || !CHANGE_UP
            .iter()
            .chain(&CHANGE_DOWN)
            .fold(squeeze(&para.masked_text(whole.end, q)), |w, c| {
                w.replace(c, "")
            })
            .chars()
            .all(|c| CLAUSE_MARK.contains(&c) || "#%为了".contains(c))
    {
        return;
    }
    let Some(up) = direction(&whole.label) else {
        return;
    };
    let list = para.text(q, end);
    if hedged(&list) || list.contains("主要") {
        return;
    }
    let mut parts: Vec<(&Fig, Num, bool)> = Vec::new();
    let mut prev_end = q;
    for (f, d) in sf.iter().zip(&depths) {
        if f.start < q || f.end > end {
            continue;
        }
        let joiner = std::mem::replace(&mut prev_end, f.end);
        if *d > 0 || f.is_percent() {
            continue;
        }
        if !f.is_amount() || f.f.comparator.is_some() || per_unit(&f.label) {
            return;
        }
        // Its own direction, or that of the 分别 amount before it ("分别减少
        // a 和 b").
        let dir = match direction(&f.label) {
            Some(d) => d,
            None if after_fenbie(para, joiner, f) && !parts.is_empty() => parts[parts.len() - 1].2,
            None => return,
        };
        let Some(n) = f.num_in(whole.unit()) else {
            return;
        };
        parts.push((f, n, dir));
    }
    if parts.len() < 2 {
        return;
    }
    let signed = |n: Num, up: bool| if up { n } else { n.neg() };
    let sum = num::sum(parts.iter().map(|&(_, n, d)| signed(n, d)));
    let stated = signed(whole.num, up);
    if sum.consistent(stated) {
        rec.pass("text.parts");
        return;
    }
    // (A template split closes the list only of the whole it splits: the
    // three “三公” items are not all of 公用经费's change.)
    let before = para.text(s.a, q);
    let has = |w: &str| list.contains(w);
    let closed = has_any(&list, &["其他", "其它", "其余", "剩余"])
        || (before.contains("三公") && has("因公出国") && has("公务用车") && has("公务接待"))
        || (has("项目支出")
            && (has("基本支出") || (has("人员经费") && has("公用经费")))
            && !has_any(&before, &["基本支出", "项目支出", "经费"]))
        || (has("人员经费") && has("公用经费") && before.contains("基本支出"));
    let severity = if closed {
        Severity::Error
    } else {
        Severity::Warning
    };
    let shown: Vec<String> = parts
        .iter()
        .map(|&(f, n, d)| {
            let label = if f.label.is_empty() { "…" } else { &f.label };
            format!("{label} {}{}", if d { "+" } else { "−" }, show(n))
        })
        .collect();
    let doubt = if closed {
        ""
    } else {
        " (the 其中 may name only the items that changed most)"
    };
    let mut operands = vec![para.operand(whole)];
    operands.extend(parts.iter().map(|(f, _, _)| para.operand(f)));
    let net = if up { sum } else { sum.neg() };
    rec.fail(finding(
        "text.parts",
        severity,
        whole.num,
        num::round(net.value, net.decimals),
        whole.f.unit.clone(),
        format!(
            "the change 「{}」 {} is not the net of its parts' changes (其中) {} = {}{doubt}: 「{}」",
            whole.label,
            show(whole.num),
            shown.join(", "),
            show(net),
            para.quote(para.clause_start(whole.start).max(s.a), parts[parts.len() - 1].0.end)
        ),
        para.location(whole.start),
        operands,
    ));
}

/// A count 其中 may leave parts out or let them overlap (女性 26 人，党员 38
/// 人), so only one part larger than its whole is certain: "床位 4,320 张，
/// 其中护理型床位 4,592 张". The part names the whole's thing (its label
/// ends with the whole's last two characters) in the same measure word, and
/// is neither a change, a cumulative figure nor a price.
fn count_over(para: &Para, s: &Sentence, q: usize, end: usize, rec: &mut Recorder) {
    let sf = &s.figs[..];
    let Some(whole) = sf.iter().rev().find(|f| f.end <= q) else {
        return;
    };
    let noun: String = whole
        .label
        .chars()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if whole.f.kind != FigureKind::Count
        || whole.f.comparator.is_some()
        || cjk_count(&noun) < 2
        || is_change_label(&whole.label)
        || !para
            .masked_text(whole.end, q)
            .trim_matches(|c: char| c.is_whitespace() || CLAUSE_MARK.contains(&c))
            .is_empty()
    {
        return;
    }
    let depth = para.bracket_depths(s.a, &[q])[0];
    if kinds_over(para, s, whole, (q, end, depth), rec) {
        return;
    }
    for f in sf.iter().filter(|f| f.start >= q && f.end <= end) {
        if f.f.kind != FigureKind::Count
            || f.f.comparator.is_some()
            || f.unit() != whole.unit()
            || !f.label.ends_with(&noun)
            || is_change_label(&f.label)
            || per_unit(&f.label)
            || has_any(&f.label, &["累计", "人次", "次", "上年", "同期"])
            || para.bracket_depths(s.a, &[f.start])[0] != depth
        {
            continue;
        }
        let check = "text.parts";
        if at_most(f.num, whole.num) {
            rec.pass(check);
            continue;
        }
        rec.fail(finding(
            check,
            Severity::Error,
            whole.num,
            f.num.value,
            whole.f.unit.clone(),
            format!(
                "「{}」 {} is less than its part 「{}」 {}: 「{}」",
                whole.label,
                show(whole.num),
                f.label,
                show(f.num),
                para.quote(whole.start, f.end)
            ),
            para.location(whole.start),
            vec![para.operand(whole), para.operand(f)],
        ));
    }
}

/// Words that end the name of one kind of a classification ("咨询类",
/// "投诉类"; the 公务用车 template's "执法执勤用车", "应急保障用车"): counts so
/// named are kinds side by side, and no thing is of two of them.
const KIND_ENDS: [&str; 2] = ["类", "用车"];

/// Words naming a state a counted thing reached ("办结投诉类 380 件",
/// "已完成"): such a count is inside a kind, not another kind.
const COUNT_STATES: [&str; 6] = ["已", "未", "办结", "完成", "结案", "到位"];

/// "受理诉求 12,846 件，其中咨询类 5,320 件、求助类 4,108 件、投诉类 3,518
/// 件": counts (two or more, in the whole's measure word, at the 其中's
/// bracket depth) all named as kinds by one `KIND_ENDS` word cannot overlap,
/// so together they never exceed their whole — more is certain (fewer is
/// not: the list may leave kinds out). Each kind once, no state word.
/// Returns whether such a list was read (then single parts need no check).
fn kinds_over(
    para: &Para,
    s: &Sentence,
    whole: &Fig,
    (q, end, depth): (usize, usize, usize),
    rec: &mut Recorder,
) -> bool {
    let parts: Vec<&Fig> = s
        .figs
        .iter()
        .copied()
        .filter(|f| {
            f.start >= q
                && f.end <= end
                && f.f.kind == FigureKind::Count
                && f.unit() == whole.unit()
                && para.bracket_depths(s.a, &[f.start])[0] == depth
        })
        .collect();
    let name = |f: &Fig| -> String {
        let l = f.label.trim_start_matches("其中");
        let l = l.split_once("包括").map_or(l, |(_, rest)| rest);
        l.trim_matches(|c: char| c.is_whitespace() || CLAUSE_MARK.contains(&c))
            .to_string()
    };
    let names: Vec<String> = parts.iter().map(|f| name(f)).collect();
    let Some(kind) = KIND_ENDS
        .iter()
        .find(|k| names.first().is_some_and(|n| n.ends_with(*k)))
    else {
        return false;
    };
    let distinct = |i: usize| {
        names.iter().enumerate().all(|(j, m)| {
            j == i || !(m.contains(names[i].as_str()) || names[i].contains(m.as_str()))
        })
    };
    if parts.len() < 2
        || cjk_count(kind) + 1 > names.iter().map(|n| cjk_count(n)).min().unwrap_or(0)
        || !names.iter().all(|n| n.ends_with(*kind))
        || !(0..names.len()).all(distinct)
        || parts.iter().any(|f| {
            f.f.comparator.is_some()
                || is_change_label(&f.label)
                || per_unit(&f.label)
                || has_any(&f.label, &COUNT_STATES)
                || has_any(&f.label, &["累计", "上年", "同期"])
        })
    {
        return false;
    }
    let check = "text.parts";
    let total = num::sum(parts.iter().map(|f| f.num));
    if at_most(total, whole.num) {
        rec.pass(check);
        return true;
    }
    let head = format!(
        "「{}」 {} is less than the sum of its parts (其中, kinds that cannot overlap)",
        whole.label,
        show(whole.num)
    );
    fail_counts(para, check, whole, &parts, head, end, rec);
    true
}

/// Splits of a count that leave nothing out and let nothing overlap: the
/// kinds a report's own rule divides it into (实有人员 into 在职 and 离退休
/// / 退休 / 离休; 编制 into 行政编制, 事业编制 and 工勤; 男 and 女; cases
/// into 刑事, 民事 and 行政; a satisfaction scale closed by its 不满意).
/// (已… and 未… are left out: "已完成 12 个，未按期完成 3 个" may overlap.)
/// Each split: its kinds (the words of each, the first kind that
/// a label names is its kind) and the kinds a list must name to be all of
/// it.
const COUNT_SPLITS: [(&[&[&str]], &[usize]); 5] = [
    (&[&["在职"], &["离退休", "退休", "离休"]], &[0, 1]),
    (&[&["行政编制"], &["事业编制"], &["工勤"]], &[0, 1]),
    (&[&["男"], &["女"]], &[0, 1]),
    (&[&["刑事"], &["民事"], &["行政"]], &[0, 1, 2]),
    (&[&["不满意"], &["满意"], &["一般"]], &[0, 1]),
];

/// Do the labels of a count's parts split it by one rule, every part one of
/// its kinds and every kind it needs named?
fn splits_whole<'l>(labels: impl Iterator<Item = &'l str> + Clone) -> bool {
    COUNT_SPLITS.iter().any(|(kinds, needed)| {
        let kind_of = |l: &str| kinds.iter().position(|k| has_any(l, k));
        labels.clone().all(|l| kind_of(l).is_some())
            && needed
                .iter()
                .all(|&k| labels.clone().any(|l| kind_of(l) == Some(k)))
    })
}

/// The whole names its kinds and the parts are those kinds: "办理公证、司法
/// 鉴定、仲裁等案件共计 3,280 件，其中公证 2,416 件，司法鉴定 612 件，仲裁
/// 152 件" — as many parts as names, each part's words one of them.
fn names_its_kinds<'l>(whole: &str, labels: impl Iterator<Item = &'l str> + Clone) -> bool {
    let named = whole.matches('、').count() + 1;
    named >= 2
        && labels.clone().count() == named
        && labels
            .clone()
            .all(|l| cjk_count(l) >= 2 && whole.contains(l))
}

/// A count 其中 whose parts are all of its whole by the words: the kinds of
/// one rule (`splits_whole`) or the kinds the whole names (`names_its_kinds`).
/// Then the parts add up to the whole, short or over alike. The whole is the
/// last count before the 其中 (past a rate of it: "回收 492 份，回收率 98.4%；
/// 其中…"), the parts the counts in its measure word at the 其中's bracket
/// depth, up to the list's end. Returns whether the list was read so (else
/// `count_over` reads it).
fn count_split(para: &Para, s: &Sentence, q: usize, end: usize, rec: &mut Recorder) -> bool {
    let sf = &s.figs[..];
    let Some(w) = sf.iter().rposition(|f| f.end <= q && !f.is_percent()) else {
        return false;
    };
    let whole = sf[w];
    if whole.f.kind != FigureKind::Count
        || whole.f.comparator.is_some()
        || is_change_label(&whole.label)
        || sf[w + 1..].iter().any(|f| f.start < q && !f.is_percent())
    {
        return false;
    }
    let depth = para.bracket_depths(s.a, &[q])[0];
    let fits = |f: &Fig| {
        f.f.kind == FigureKind::Count
            && f.f.comparator.is_none()
            && f.unit() == whole.unit()
            && !is_change_label(&f.label)
            && !per_unit(&f.label)
    };
    // (Every figure's bracket depth in one pass: one scan per figure would
    // make a sentence of many figures quadratic.)
    let starts: Vec<usize> = sf.iter().map(|f| f.start).collect();
    let depths = para.bracket_depths(s.a, &starts);
    let mut parts: Vec<&Fig> = Vec::new();
    for f in sf
        .iter()
        .zip(&depths)
        .filter(|(f, d)| f.start >= q && f.end <= end && **d == depth)
        .map(|(f, _)| *f)
    {
        // A figure that is no part after a '；' starts a new subject ("编制
        // 42 名，其中…；实有在职人员 39 人"): the list ended at the '；'.
        if !fits(f) {
            if para.masked_text(q, f.start).contains(['；', ';']) {
                break;
            }
            return false;
        }
        parts.push(f);
    }
    // (The whole's words back to its clause, 、 included: "公证、司法鉴定、
    // 仲裁等案件共计".)
    let whole_words = para.masked_text(s.a, whole.start);
    let whole_words = whole_words
        .rsplit(['，', '；', '：', ',', ';', ':'])
        .next()
        .unwrap_or("");
    let labels = || {
        parts.iter().map(|f| {
            f.label
                .trim_start_matches("其中")
                .trim_matches(|c: char| c.is_whitespace() || CLAUSE_MARK.contains(&c))
                .trim_matches(['“', '”', '"'])
        })
    };
    // ("在职人员中党员 30 人": a part of a part, not a kind of the whole.)
    if parts.len() < 2
        || labels().any(|l| l.contains('中'))
        || !(splits_whole(labels()) || names_its_kinds(whole_words, labels()))
    {
        return false;
    }
    // A whole stated as a total ("案件共计 3,280 件，其中…") is a `text.sum`.
    let check = if has_any(whole_words, &["合计", "共计", "总计"]) {
        "text.sum"
    } else {
        "text.parts"
    };
    let total = num::sum(parts.iter().map(|f| f.num));
    if total.consistent(whole.num) {
        rec.pass(check);
        return true;
    }
    let head = format!(
        "「{}」 {} is not the sum of its parts (其中, kinds that make all of it)",
        whole.label,
        show(whole.num)
    );
    fail_counts(para, check, whole, &parts, head, end, rec);
    true
}

/// The finding of a count whose parts (kinds) do not add up to it, quoted
/// from the whole to its last part (or `end`).
fn fail_counts(
    para: &Para,
    check: &str,
    whole: &Fig,
    parts: &[&Fig],
    head: String,
    end: usize,
    rec: &mut Recorder,
) {
    let total = num::sum(parts.iter().map(|f| f.num));
    let to = parts.last().map_or(end, |f| f.end);
    let parts: Vec<(&Fig, Num)> = parts.iter().map(|f| (*f, f.num)).collect();
    rec.fail(sum_finding(
        para,
        check,
        whole,
        &parts,
        total,
        head,
        whole.start..to,
    ));
}

/// Where the list of parts opens (char `at`, the opener `len` chars long),
/// whether it may leave items out, and where it ends (`usize::MAX`: the
/// sentence's end).
struct Opener {
    at: usize,
    len: usize,
    including: bool,
    end: usize,
}

/// Words that open a list of parts which may leave items out, where they
/// open their clause (alone or after 主要 / 具体): "…万元，包括：A…", "主要用于
/// A a、B b", "涵盖 A a、B b". After 分别, 用于 opens a list of all of it
/// ("…万元，分别用于 A a、B b 和 C c").
const PARTIAL_OPENERS: [&str; 4] = ["包括", "用于", "涵盖", "包含"];

/// Where the list of parts opens: the first 其中 of the sentence, else a 包括
/// that opens its clause ("…万元，包括：A…" / "主要包括 A…"; not "不包括"),
/// a list that may leave items out, so only parts exceeding the whole are a
/// finding; else a 由 that opens its clause and a 组成 / 构成 that closes the
/// list ("总投资 800 万元，由财政资金 500 万元、自筹资金 300 万元两部分组成").
fn opener(para: &Para, a: usize, text: &str) -> Option<Opener> {
    let at = |i: usize| a + text[..i].chars().count();
    let lead_of = |q: usize| -> String {
        para.text(para.clause_start(q), q)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let first_qizhong = text.find("其中");
    // (A 包括 list before the first 其中 is the sentence's first list: the
    // 其中 after it breaks down one of its items.)
    // (The earliest of a kind wins.)
    let before = first_qizhong.unwrap_or(text.len());
    let partial = PARTIAL_OPENERS
        .iter()
        .flat_map(|w| text[..before].match_indices(w))
        .map(|(i, w)| (at(i), w))
        // ("用于 12 个项目，其中：…": a 用于 before a 其中 names what the
        // money went to; the 其中 lists it.)
        .filter(|&(_, w)| w == "包括" || first_qizhong.is_none())
        .filter(|&(q, w)| {
            let lead = lead_of(q);
            matches!(lead.as_str(), "" | "主要" | "具体") || (w == "用于" && lead == "分别")
        })
        // (包括 first, as when it was the only such word: a 用于 before it
        // names a use, "…，主要用于…，主要包括：A a…".)
        .min_by_key(|&(q, w)| (w != "包括", q));
    if let Some((q, w)) = partial {
        // "分别用于 A a、B b": one amount for each use, all of the whole.
        let whole_list = lead_of(q) == "分别";
        return Some(Opener {
            at: q,
            len: w.chars().count(),
            including: !whole_list,
            end: usize::MAX,
        });
    }
    if let Some(i) = first_qizhong {
        return Some(Opener {
            at: at(i),
            len: 2,
            including: false,
            end: usize::MAX,
        });
    }
    // "共安排资金 500 万元，分别为：A a、B b、C c": a 分别为 opening its clause
    // lists the parts of the amount before it, all of them.
    for w in ["分别为", "分别是", "具体为", "具体是", "明细为"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(w) {
            let q = at(from + i);
            if matches!(lead_of(q).as_str(), "" | "资金来源" | "来源") {
                return Some(Opener {
                    at: q,
                    len: 3,
                    including: false,
                    end: usize::MAX,
                });
            }
            from += i + w.len();
        }
    }
    let mut from = 0;
    while let Some(i) = text[from..].find('由') {
        let q = at(from + i);
        let rest = &text[from + i..];
        let close = ["组成", "构成"].iter().filter_map(|w| rest.find(w)).min();
        if let Some(c) = close
            && !rest.starts_with("由于")
            && !rest.starts_with("由此")
            && matches!(lead_of(q).as_str(), "" | "主要" | "资金来源" | "来源")
        {
            return Some(Opener {
                at: q,
                len: 1,
                including: false,
                end: at(from + i + c),
            });
        }
        from += i + '由'.len_utf8();
    }
    None
}

/// The count of parts a "由…组成" gives: "两部分", "三个部分", "四项".
fn made_of_count(words: &str) -> Option<usize> {
    let w: String = words.chars().filter(|c| !c.is_whitespace()).collect();
    let w = w.trim_end_matches(['组', '成', '构']);
    let w = w
        .strip_suffix("部分")
        .or_else(|| w.strip_suffix('项'))
        .or_else(|| w.strip_suffix('类'))?;
    let w = w.strip_suffix('个').unwrap_or(w);
    small_count(w.chars().last()?)
}

/// The words after a 其中, read up to a point: outside brackets （…）/ (…),
/// whether a second 其中 has come and how many clause marks.
struct Words {
    at: usize,
    depth: usize,
    last: char,
    before_last: char,
    qizhong: bool,
    clauses: usize,
    /// '；' read (outside brackets).
    semis: usize,
    /// A clause "X 中，" has opened (a breakdown of X).
    scope: bool,
}

impl Words {
    fn new(from: usize) -> Words {
        Words {
            at: from,
            depth: 0,
            last: ' ',
            before_last: ' ',
            qizhong: false,
            clauses: 0,
            semis: 0,
            scope: false,
        }
    }

    fn read_to(&mut self, masked: &[char], to: usize) {
        let to = to.min(masked.len());
        for &c in masked.get(self.at..to).unwrap_or_default() {
            match c {
                '（' | '(' => self.depth += 1,
                '）' | ')' => self.depth = self.depth.saturating_sub(1),
                _ if self.depth == 0 => {
                    self.qizhong |= self.last == '其' && c == '中';
                    self.clauses += usize::from(CLAUSE_MARK.contains(&c));
                    self.semis += usize::from(matches!(c, '；' | ';'));
                    self.scope |= self.last == '中'
                        && self.before_last != '其'
                        && matches!(c, '，' | ',' | '：' | ':');
                    self.before_last = self.last;
                    self.last = c;
                }
                _ => {}
            }
        }
        self.at = self.at.max(to);
    }
}

#[derive(Clone, Copy)]
enum Verdict {
    Holds,
    Over(Num),
    Under(Num),
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ran, run};
    use crate::model::Severity;
    #[test]
    fn parts_given_at_both_stages() {
        let t = "“三公”经费预算7.00万元，决算5.70万元，其中：公务用车运行维护费预算5.00万元，决算4.20万元；公务接待费预算2.00万元，决算1.50万元。";
        let (f, s) = run(t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.parts"), 1);
        let (f, _) = run(&t.replace("决算1.50", "决算1.60"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 5.8);
        // 支出 is no stage: the parts of a 预算 whole may be 支出s.
        let (f, _) = run("部门预算500万元，其中基本支出300万元，项目支出250万元。");
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn lists_opened_by_use_words_and_kinds_of_counts() {
        // 分别用于 lists all of the whole; 主要用于 / 用于 / 涵盖 some of it.
        let t =
            "项目支出预算1,950万元，分别用于设备购置820万元、系统开发650万元和运维服务380万元。";
        assert_eq!(errors(t), vec![1850.0]);
        let t = "专项资金2,860万元，主要用于道路维修1,240万元、路灯改造680万元。";
        assert!(errors(t).is_empty(), "{:?}", errors(t));
        let t = "专项资金2,860万元，主要用于以下方面：道路维修1,840万元；路灯改造1,080万元。";
        assert_eq!(errors(t), vec![2920.0]);
        // 分别 pairing names before it with the amounts is no list of a whole.
        let t = "项目总预算1,200万元，甲、乙两个标段分别用于土建工程600万元和设备安装250万元。";
        assert!(errors(t).is_empty(), "{:?}", errors(t));
        // A 用于 before a 其中 names what the money went to.
        let t = "新增专项债券资金19.60亿元，用于12个项目，其中：A项目4个，使用6.40亿元；B项目8个，使用12.20亿元。";
        assert_eq!(errors(t), vec![18.6]);
        // Counts named as kinds (…类, …用车) cannot overlap: more is certain.
        let t = "全年受理群众诉求12,846件，其中咨询类5,320件、求助类4,108件、投诉类3,518件。";
        assert_eq!(errors(t), vec![12946.0]);
        // Fewer is not (kinds may be left out), nor another measure word,
        // nor a kind in a state (办结) inside another.
        let t = "全年受理群众诉求12,846件，其中咨询类5,320件、求助类4,108件。";
        assert!(errors(t).is_empty(), "{:?}", errors(t));
        let t = "全年培训基层干部1,200人，其中线上培训类860人次、线下培训类720人次。";
        assert!(errors(t).is_empty(), "{:?}", errors(t));
        let t = "全年受理投诉举报3,460件，其中投诉类2,180件、举报类1,280件，已办结投诉类2,150件。";
        assert!(errors(t).is_empty(), "{:?}", errors(t));
    }

    #[test]
    fn a_total_or_an_added_amount_ends_the_parts_and_subsets_stay_inside() {
        // The whole plus what is added to it is no part of it.
        let t = "本年支出2,480.60万元，其中基本支出1,862.40万元；加上年末结转和结余120.00万元，支出总计2,600.60万元。";
        assert!(errors(t).is_empty(), "{:?}", errors(t));
        let t = "收入预算1,000万元，其中财政拨款收入900万元，其他收入100万元，收入合计1,000万元。";
        assert!(errors(t).is_empty(), "{:?}", errors(t));
        // 小微企业 are among the 中小企业 of the template's 政府采购 sentence.
        let t = "政府采购合同金额560.00万元，其中：授予中小企业合同金额480.00万元，授予小微企业合同金额300.00万元。";
        assert!(errors(t).is_empty(), "{:?}", errors(t));
        // Still a shortfall or an excess when the parts are beside each other.
        let t = "本年支出2,480.60万元，其中基本支出1,862.40万元，项目支出718.20万元；加上年末结转和结余120.00万元，支出总计2,600.60万元。";
        assert_eq!(errors(t), vec![2580.6]);
    }

    #[test]
    fn words_with_deng_that_hedge_nothing() {
        // 相等 after the list and 等其他 (a remainder item) leave it closed.
        let t = "收入预算4,268.50万元，其中区级财政补助收入3,968.50万元、上年结转282.00万元；支出预算与收入预算相等。";
        assert_eq!(errors(t), vec![4250.5]);
        let t = "基金收入43.68亿元，其中：保险费收入31.24亿元，财政补贴收入9.86亿元，利息收入等其他收入1.58亿元。";
        assert_eq!(errors(t), vec![42.68]);
        // A plain 等 still hedges.
        let t = "项目资金500万元，其中：设备购置200万元、人员培训150万元等。";
        assert!(errors(t).is_empty());
    }

    #[test]
    fn wholes_read_past_counts_comparisons_and_recovered_funds() {
        // Counts after the money whole count the same parts.
        let t = "新增债券资金19.60亿元，用于12个项目，其中：甲项目4个，使用6.40亿元；乙项目5个，使用7.80亿元；丙项目3个，使用4.40亿元。";
        assert_eq!(errors(t), vec![18.6]);
        assert!(errors(&t.replace("7.80", "8.80")).is_empty());
        // A 其中 opening the sentence: the whole is the level before, not
        // the change nor the amount compared with.
        let t = "经费预算863.3万元，比上年预算873.1万元减少9.8万元。其中：因公出国（境）费222.5万元；公务用车购置及运行费186.3万元；公务接待费427.5万元。";
        assert_eq!(errors(t), vec![836.3]);
        // Money recovered is a level, left over or not.
        let t = "收回资金1,126.50万元，其中收回结余资金826.50万元、收回结转资金330.00万元。";
        assert_eq!(errors(t), vec![1156.5]);
    }

    #[test]
    fn a_fenbie_list_after_its_whole() {
        let t =
            "三项工作共安排资金500万元，分别为：河道整治260万元、污水治理150万元、水质监测70万元。";
        assert_eq!(errors(t), vec![480.0]);
        assert!(errors(&t.replace("监测70", "监测90")).is_empty());
        // 分别 after names is no opener.
        assert!(errors("本年收入、支出分别为526.40万元和498.20万元。").is_empty());
    }

    #[test]
    fn a_named_subset_of_the_amounts_listed() {
        let t = "发放低保金1,862.40万元，特困供养金426.30万元，临时救助金95.60万元，其中低保金和特困供养金合计2,828.70万元。";
        let (f, s) = run(t);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].check.as_str(), f[0].computed), ("text.sum", 2288.7));
        assert!(ran(&s, "text.sum") >= 1);
        let (f, _) = run(&t.replace("2,828.70", "2,288.70"));
        assert!(f.is_empty(), "{f:?}");
        // A name that ends two listed amounts' words: not read.
        let (f, _) = run(
            "中央资金300万元、省资金150万元、市省资金100万元，其中省资金和中央资金合计500万元。",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    fn errors(t: &str) -> Vec<f64> {
        let (f, _) = run(t);
        assert!(
            f.iter()
                .all(|f| f.check == "text.parts" && f.severity == Severity::Error),
            "{t}: {f:?}"
        );
        f.iter().map(|f| f.computed).collect()
    }

    #[test]
    fn each_later_qizhong_lists_its_own_parts() {
        // A part of the first list broken down, up to its '；'.
        assert_eq!(
            errors(
                "共安排资金 900 万元，其中：道路 500 万元，其中中央资金 300 万元、市级资金 250 万元；桥梁 250 万元；绿化 150 万元。"
            ),
            vec![550.0]
        );
        assert!(errors("共安排资金 900 万元，其中：道路 500 万元，其中中央资金 300 万元、市级资金 200 万元；桥梁 250 万元；绿化 150 万元。").is_empty());
        // In brackets: the amount right before the bracket.
        assert_eq!(
            errors(
                "项目支出 900.00 万元，其中：业务费 600.00 万元（其中：印刷费 350.00 万元，邮电费 280.00 万元），设备购置 300.00 万元。"
            ),
            vec![630.0]
        );
        // A new whole after a '；'; 年末结转和结余 is a part of the template.
        assert_eq!(
            errors(
                "收入总计 500.00 万元，其中本年收入 450.00 万元，年初结转和结余 50.00 万元；支出总计 520.00 万元，其中本年支出 480.00 万元，年末结转和结余 20.00 万元。"
            ),
            vec![500.0]
        );
    }

    #[test]
    fn what_is_said_of_an_item_is_no_part() {
        for t in [
            // The item's amount in another year or stage.
            "本年支出 900.00 万元，其中：基本支出 600.00 万元，上年为 580.00 万元；项目支出 300.00 万元，上年为 350.00 万元。",
            "项目支出 800.00 万元，其中：维修 500.00 万元，较上年的 460.00 万元增长 8.7%；培训 300.00 万元。",
            "项目支出 800.00 万元，其中：维修 500.00 万元，年初预算 520.00 万元；培训 300.00 万元，年初预算 310.00 万元。",
            "项目支出 800.00 万元，其中：维修 537.00 万元，年中调减 37.00 万元；培训 263.00 万元。",
            // A share of another item: a part of that part.
            "采购合同 1,000 万元，其中中小企业合同 800 万元，占 80.0%；小微企业合同 500 万元，占中小企业合同的 62.5%。",
            // Shares over 100%: the parts overlap.
            "支出 20.00 亿元，其中民生支出 16.00 亿元，占 80.00%；“三保”支出 10.00 亿元，占 50.00%。",
            // A first item the sum cannot hold, then a new subject after '；'.
            "办公经费 60 万元，其中 30 个村每村 2 万元；村干部报酬 240 万元。",
        ] {
            assert!(errors(t).is_empty(), "{t}");
        }
        // A stage is a part where the items are not given at two stages.
        assert!(
            errors("项目资金 235.00 万元，其中年初预算 200.00 万元、上年结转 35.00 万元。")
                .is_empty()
        );
        assert_eq!(
            errors("项目资金 245.00 万元，其中年初预算 200.00 万元、上年结转 35.00 万元。"),
            vec![235.0]
        );
    }

    #[test]
    fn one_part_over_its_amount_but_under_an_earlier_one_is_a_warning() {
        let (f, _) = run(
            "项目支出 1,000.00 万元，分别用于：甲 600.00 万元、乙 250.00 万元、其他 150.00 万元，其中政府采购 580.00 万元。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn items_joined_by_he() {
        assert_eq!(
            errors("项目资金总额 800 万元，由中央资金 500 万元和省级资金 200 万元两部分组成。"),
            vec![700.0]
        );
        assert!(
            errors("项目资金总额 700 万元，由中央资金 500 万元和省级资金 200 万元两部分组成。")
                .is_empty()
        );
        // A comparison joined by 与 is no part.
        assert!(errors("支出 700 万元，其中基本支出 500 万元与上年 480 万元相比有所增加，项目支出 200 万元。").is_empty());
    }

    /// "A和B分别为 a 和 b": both amounts are parts, whatever follows them.
    #[test]
    fn amounts_listed_after_fenbie_are_each_a_part() {
        let ok = "本年财政拨款支出2,647.20万元，其中一般公共预算财政拨款基本支出和项目支出分别为1,826.34万元和642.18万元，分别占68.99%和24.26%；政府性基金预算财政拨款支出178.68万元，占6.75%。";
        assert_eq!(errors(ok), Vec::<f64>::new());
        // (The shares then fire too: 24.26% is not 624.18 / 2,647.20.)
        let (f, _) = run(&ok.replace("642.18", "624.18"));
        let parts: Vec<f64> = f
            .iter()
            .filter(|f| f.check == "text.parts")
            .map(|f| f.computed)
            .collect();
        assert_eq!(parts, [2629.2], "{f:?}");
        let ok =
            "项目资金合计300万元，其中设备购置、安装调试和人员培训分别为200万元、60万元和40万元。";
        assert_eq!(errors(ok), Vec::<f64>::new());
        assert_eq!(errors(&ok.replace("和40万元", "和14万元")), [274.0]);
    }

    #[test]
    fn a_part_naming_listed_amounts_adds_them_up() {
        // The 其中 picks two of the three amounts: no breakdown of the last.
        assert!(errors("发放城乡低保金 1,862.40 万元，特困供养金 426.30 万元，临时救助金 95.60 万元，其中低保金和特困供养金合计 2,288.70 万元。").is_empty());
        assert!(errors("基本支出 2,104.35 万元，项目支出 895.70 万元，其中基本支出和项目支出中的政府采购 1,200.00 万元。").is_empty());
        // Parts that name no listed amount break down the last one.
        assert_eq!(
            errors(
                "基本支出 300 万元，项目支出 200 万元，其中专项业务费 160 万元，设备购置费 60 万元。"
            ),
            vec![220.0]
        );
    }

    #[test]
    fn a_whole_across_a_change_or_a_rate() {
        // Parts exceeding the level before the change: certain.
        assert_eq!(
            errors(
                "本年支出 1,000.00 万元，较上年增加 100.00 万元，增长 11.11%，其中：基本支出 700.00 万元，项目支出 320.00 万元。"
            ),
            vec![1020.0]
        );
        // Short of it: the 其中 may break down the change.
        assert!(errors("本年支出 1,000.00 万元，较上年增加 100.00 万元，其中：人员经费 60.00 万元，公用经费 30.00 万元。").is_empty());
        // Parts at both stages of the rate's amounts, or adding up to another amount.
        assert!(errors("预算 600.00 万元，实际支出 580.00 万元，执行率 96.67%，其中：设备预算 400.00 万元、支出 390.00 万元，维修预算 200.00 万元、支出 190.00 万元。").is_empty());
        assert!(errors("年初预算 600.00 万元，支出 580.00 万元，完成预算的 96.67%，其中：甲 400.00 万元，乙 200.00 万元。").is_empty());
    }

    #[test]
    fn a_count_part_larger_than_its_whole() {
        assert_eq!(
            errors("全区共有床位 1,200 张，其中护理型床位 1,260 张。"),
            vec![1260.0]
        );
        // Count lists may be partial or overlap; other things and measure words are no parts.
        for t in [
            "在职人员 50 人，其中女性 26 人，党员 38 人。",
            "完成项目 20 个，其中 15 个项目涉及 35 个村。",
            "全年受理案件 120 件，其中累计办结案件 300 件。",
            "服务老人 800 人，其中上门服务 1,500 人次。",
        ] {
            assert!(errors(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn parts_that_miss_their_whole() {
        let (f, s) = run(
            "2024 年财政年初预算总额为 5,024.67 万元，其中部门预算为 4,438.80 万元，专项资金预算为 555.20 万元。全年预算总额为 4,645.07 万元，其中部门预算为 4,310.68 万元，专项资金预算为 334.39 万元。",
        );
        assert_eq!(ran(&s, "text.parts"), 2);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.parts");
        assert_eq!(f[0].stated, 5024.67);
        assert_eq!(f[0].computed, 4994.0);
        assert_eq!(f[0].operands.len(), 3);
    }

    #[test]
    fn what_a_qizhong_scopes() {
        for t in [
            // A bracketed 其中 ends with its bracket; a bracketed aside is no whole.
            "基本支出300万元（其中人员经费250万元），项目支出200万元，合计500万元。",
            "全年收入368万元（其中上年结转41.2万元），支出350万元。",
            "本年支出1,234.56万元（含上年结转资金34.56万元），其中基本支出834.56万元，项目支出400万元。",
            // How much of a part arrived or was spent is no part.
            "项目资金400万元，其中：中央资金240万元，已到位240万元；省级资金100万元，已到位100万元；县级配套60万元，已到位30万元。",
            "年度资金总额500万元，其中财政资金450万元，执行数为440万元。",
            "县本级配套资金100万元，乡镇配套资金50万元，其中县本级配套资金已到位80万元。",
            // "X 中，": a breakdown of X, not more parts.
            "本年支出500万元，其中一般公共服务支出200万元，占本年支出的40%；一般公共服务支出中，人大事务50万元。",
            "全年支出412万元，其中用于B镇的388万元中，已完工项目支出300万元。",
            // A nested 其中, and the outer list going on after its '；'.
            "2023年度“三公”经费支出25.36万元，其中：因公出国（境）费0万元，公务用车购置及运行维护费18.2万元，其中公务用车购置费0万元，公务用车运行维护费18.2万元；公务接待费7.16万元。",
            // A few items picked out of a whole.
            "本年度实际支出286万元，其中“三公”经费12.6万元，会议费3.2万元，培训费8.5万元。",
            // A sentence opening with 其中 breaks down another amount before.
            "本年收入4,700万元，上年结转162.35万元。其中，一般公共预算财政拨款收入4,520.6万元，政府性基金预算财政拨款收入150万元，其他收入29.4万元。",
        ] {
            let (f, _) = run(t);
            assert!(f.iter().all(|f| f.check != "text.parts"), "{t}: {f:?}");
        }
        // The nested list's outer parts still add up or not.
        let (f, _) = run(
            "2023年度“三公”经费支出25.36万元，其中：因公出国（境）费0万元，公务用车购置及运行维护费18.2万元，其中公务用车购置费0万元，公务用车运行维护费18.2万元；公务接待费9.16万元。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 27.36);
    }

    #[test]
    fn a_whole_made_of_its_parts() {
        let text = "项目总投资800万元，由财政资金500万元、自筹资金200万元两部分组成。";
        let (f, s) = run(text);
        assert_eq!(ran(&s, "text.parts"), 1);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].stated, f[0].computed), (800.0, 700.0));
        let (f, s) = run(&text.replace("200万元", "300万元"));
        assert_eq!((f.len(), ran(&s, "text.parts")), (0, 1));
        // Without a count, and with amounts after the list.
        let (f, _) = run(
            "总投资800万元，资金来源由中央补助500万元、地方配套200万元构成，比上年增加100万元。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        // A count that is not the list's: not read.
        let (f, s) = run("项目总投资800万元，由财政资金500万元、自筹资金200万元三部分组成。");
        assert_eq!((f.len(), ran(&s, "text.parts")), (0, 0));
        // 主要由 / 等: may leave items out.
        let (f, _) = run("项目总投资800万元，主要由财政资金500万元、自筹资金200万元组成。");
        assert!(f.is_empty(), "{f:?}");
        // 由于 is no list.
        let (f, _) = run("项目预算800万元，由于财政资金500万元、自筹资金200万元未到位，构成延期。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_part_named_with_a_change_word_is_no_shortfall() {
        // "支持商销稳增长" names a part; read as a change, it would leave the
        // list 30 short.
        let text = "项目总预算 2,921.00 万元，其中支持外贸发展 370.00 万元，支持商销稳增长 30.00 万元，区级支持总部经济 1,106.00 万元，市级支持总部经济 1,262.00 万元，进博会推进专项 153.00 万元。";
        let (f, _) = run(text);
        assert!(f.is_empty(), "{f:?}");
        // Exceeding the whole without it is still certain.
        let (f, _) = run(&text.replace("153.00", "253.00"));
        assert_eq!(f.len(), 1, "{f:?}");
        // A change after the parts leaves the shortfall check as it was.
        let (f, _) = run(
            "项目总预算 300.00 万元，其中人员经费 100.00 万元，公用经费 150.00 万元，比上年增加 50.00 万元。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 250.0);
    }

    #[test]
    fn parts_after_a_sentence_opening_with_qizhong() {
        let (f, s) = run(
            "实际支出总额为 4,645.07 万元，预算执行率为 100.00%。其中，部门预算支出为 4,310.68 万元，预算执行率为 100.00%；专项资金支出为 334.39 万元，预算执行率为 100.00%。",
        );
        assert_eq!(ran(&s, "text.parts"), 1);
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run(
            "实际支出总额为 4,645.07 万元。其中，部门预算支出为 4,310.68 万元；专项资金支出为 300.39 万元。",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].computed, 4611.07);
    }

    #[test]
    fn a_sentence_opening_with_zhuyao_baokuo_lists_parts_of_the_one_before() {
        let (f, s) = run(
            "“三公”经费预算数为 18.60 万元，与上年持平。主要包括：因公出国（境）费 0 万元；公务接待费 3.60 万元；公务用车购置及运行费 15.00 万元。",
        );
        assert_eq!(ran(&s, "text.parts"), 1);
        assert!(f.is_empty(), "{f:?}");
        // A list that may leave items out: only an excess is a finding.
        let (f, _) = run(
            "“三公”经费预算数为 18.60 万元，与上年持平。主要包括：因公出国（境）费 0 万元；公务接待费 3.60 万元；公务用车购置及运行费 16.00 万元。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 19.6);
    }

    #[test]
    fn an_aside_in_brackets_and_a_new_subject_after_the_parts() {
        // The bracket's 其中 is of 公务用车购置及运行费: the list goes on after it.
        let (f, s) = run(
            "“三公”经费预算 50 万元，其中因公出国（境）费 10 万元，公务用车购置及运行费 25 万元（其中购置费 10 万元、运行费 15 万元），公务接待费 15 万元。",
        );
        assert!(f.is_empty(), "{f:?}");
        // (the list, and the bracket's own list of 公务用车购置及运行费)
        assert_eq!(ran(&s, "text.parts"), 2);
        let (f, _) = run(
            "“三公”经费预算 50 万元，其中因公出国（境）费 10 万元，公务用车购置及运行费 25 万元（其中购置费 10 万元、运行费 15 万元），公务接待费 25 万元。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 60.0);
        // The first two parts make the whole: 负债 is a new subject.
        let (f, _) = run(
            "国有资产总额 2,000 万元，其中流动资产 800 万元，非流动资产 1,200 万元，负债 500 万元。",
        );
        assert!(f.is_empty(), "{f:?}");
        // Otherwise more than the whole is still a finding.
        let (f, _) = run(
            "国有资产总额 2,000 万元，其中流动资产 900 万元，非流动资产 1,200 万元，负债 500 万元。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn parts_in_another_money_unit_are_converted() {
        // 122.43 万元 is 1,224,300 元: the three parts make the whole.
        let (f, s) = run(
            "政府采购金额为 23,192,200 元，其中：货物采购金额 122.43 万元、工程采购金额 13,877,200 元、服务采购金额 8,090,700 元。",
        );
        assert_eq!(ran(&s, "text.parts"), 1);
        assert!(f.is_empty(), "{f:?}");
        // Converted, a part that does not fit is still a finding, and the
        // message shows the conversion.
        let (f, _) = run(
            "政府采购金额为 23,192,200 元，其中：货物采购金额 152.43 万元、工程采购金额 13,877,200 元、服务采购金额 8,090,700 元。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert!(
            f[0].message.contains("152.43万元 = 1524300"),
            "{}",
            f[0].message
        );
        // A whole in 亿元 and parts in 万元.
        let (f, _) = run("全年支出 1.25 亿元，其中基本支出 8,000 万元，项目支出 4,500 万元。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn hedged_or_single_parts_only_bound_the_whole() {
        let (f, _) = run("支出 100 万元，其中主要用于人员经费 60 万元、办公费 20 万元等。");
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("支出 100 万元，其中人员经费 60 万元。");
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("支出 100 万元，其中人员经费 160 万元。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].computed, 160.0);
        // Counts with other measure words are not money parts.
        let (f, _) = run("推送问题线索 203 条，其中立案处罚 53 件，责令整改 91 件。");
        assert!(f.is_empty(), "{f:?}");
        // A list opened by 包括 may leave items out: a shortfall is no
        // finding, parts exceeding the whole are.
        let (f, s) = run("基本支出 100 万元，包括：人员经费 60 万元，公用经费 20 万元。");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.parts"), 1);
        let (f, _) = run("基本支出 100 万元，主要包括人员经费 70 万元、公用经费 40 万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 110.0);
        // What is not included is no part.
        let (f, s) = run("总支出 100 万元，不包括基建支出 150 万元。");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.parts"), 0);
    }

    /// A shortfall a slip would make is an error; a larger one only where
    /// the words close the list (a remainder item, a template split, a
    /// stated count), else a warning: the 其中 may name some items only.
    #[test]
    fn a_large_shortfall_is_certain_only_in_a_closed_list() {
        let sev =
            |text: &str| -> Vec<Severity> { run(text).0.iter().map(|f| f.severity).collect() };
        // 1,896.70 of 2,846.20: a third left out, the list open.
        assert_eq!(
            sev("全年项目支出2,846.20万元，其中：道路建设1,210.40万元，农田水利686.30万元。"),
            vec![Severity::Warning]
        );
        // 4,994.00 of 5,024.67: a slip.
        assert_eq!(
            sev(
                "年初预算总额为5,024.67万元，其中部门预算为4,438.80万元，专项资金预算为555.20万元。"
            ),
            vec![Severity::Error]
        );
        // Closed by a remainder, a template split or a count: certain.
        for text in [
            "全年项目支出2,846.20万元，其中：道路建设1,210.40万元，其他项目686.30万元。",
            "本年支出2,846.20万元，其中：基本支出1,210.40万元，项目支出686.30万元。",
            "本年支出2,846.20万元，由道路建设1,210.40万元和农田水利686.30万元两部分组成。",
        ] {
            assert_eq!(sev(text), vec![Severity::Error], "{text}");
        }
        // More than the whole is certain whatever the list.
        assert_eq!(
            sev("全年项目支出2,846.20万元，其中：道路建设2,210.40万元，农田水利686.30万元。"),
            vec![Severity::Error]
        );
    }

    #[test]
    fn a_new_subject_after_a_semicolon_is_not_a_part() {
        // The reported false alarm: 免罚 after '；' is a new subject.
        let (f, s) =
            run("全年处罚金额 86.40 万元，其中从轻处罚金额 52.10 万元；免罚金额 41.30 万元。");
        assert_eq!(ran(&s, "text.parts"), 1);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].message.contains("免罚金额"), "{}", f[0].message);
        // Two sure parts that add up: the clause after '；' is outside.
        let (f, _) = run(
            "罚没收入 120.00 万元，其中罚款收入 80.00 万元，没收违法所得 40.00 万元；另收取滞纳金 15.00 万元。",
        );
        assert!(f.is_empty(), "{f:?}");
        // The sum says the clause after '；' belongs: it is a part.
        let (f, _) = run("支出 100.00 万元，其中人员经费 60.00 万元；公用经费 40.00 万元。");
        assert!(f.is_empty(), "{f:?}");
        // Short only with the clause after '；': it is a new subject.
        let (f, _) = run("处罚金额 86.40 万元，其中从轻处罚金额 52.10 万元；免罚金额 11.30 万元。");
        assert!(f.is_empty(), "{f:?}");
        // Short with and without it: certain.
        let (f, _) = run(
            "支出 100.00 万元，其中人员经费 50.00 万元，公用经费 30.00 万元；另有 5.00 万元结转。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        // The sure part alone exceeds the whole: an error whatever follows.
        let (f, _) = run("处罚金额 50.00 万元，其中从轻处罚金额 52.10 万元；免罚金额 3.00 万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].computed, 52.1);
        // With commas: a count that introduces another subject, or "另有",
        // makes what follows doubtful as '；' does.
        let (f, _) = run(
            "罚没金额 286.40 万元，其中从轻处罚金额 212.60 万元，免罚案件 41 件，免罚金额 95.20 万元。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        let (f, _) = run(
            "法律援助经费 186.00 万元，其中刑事案件经费 72.40 万元，另有公证费减免 12.30 万元。",
        );
        assert!(f.is_empty(), "{f:?}");
        // Without such a sign, comma-separated parts are parts.
        let (f, _) = run("处罚金额 86.40 万元，其中从轻处罚金额 52.10 万元，免罚金额 41.30 万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn list_items_with_their_shares_are_parts() {
        let (f, _) = run(
            "本年支出合计 1,870.40 万元，其中：基本支出 1,402.15 万元，占 74.97%；项目支出 468.25 万元，占 25.03%。",
        );
        assert!(f.is_empty(), "{f:?}");
        // A wrong item after '；' that carries its share is a certain error.
        let (f, _) = run(
            "本年支出合计 1,870.40 万元，其中：基本支出 1,402.15 万元，占 74.97%；项目支出 478.25 万元，占 25.03%。",
        );
        let parts: Vec<_> = f.iter().filter(|x| x.check == "text.parts").collect();
        assert_eq!(parts.len(), 1, "{f:?}");
        assert_eq!(parts[0].severity, Severity::Error);
        assert_eq!(parts[0].computed, 1880.4);
    }

    #[test]
    fn what_is_no_part_of_the_list() {
        // A price per vehicle is no part; the rest adds up: 26.80 + 11.45.
        let t = "公务用车购置及运行维护费38.25万元，其中：公务用车购置费26.80万元，购置执法执勤用车2辆，单车价格13.40万元；公务用车运行维护费11.45万元。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.parts") == 1, "{f:?}");
        // 高标准农田 is no rate: the part still exceeds its whole.
        let (f, _) = run("全年农业农村支出6,820.35万元，其中高标准农田建设7,260.00万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        // A list of its own after a part breaks that part down.
        let t = "一般公共预算支出2.46亿元，其中用于民生领域的支出1.98亿元，占80.49%，主要有：社区治理和服务6,320万元、养老服务3,860万元、城市管理5,460万元等。";
        let (f, _) = run(t);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_part_behind_a_long_aside_is_still_a_part() {
        let t = "统计调查经费支出286.40万元，其中：常规统计调查152.60万元，专项统计调查（含人口抽样调查和经济普查）98.40万元，统计信息化建设35.40万元。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.parts") == 1, "{f:?}");
        let (f, _) = run(&t.replace("286.40", "296.40"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 286.4);
    }

    #[test]
    fn parts_whose_shares_say_the_list_is_partial() {
        // 12.40% + 68.82%: the two parts are not all of it.
        let t = "教育经费总投入1.86亿元，其中学前教育投入2,306.25万元，占12.40%；义务教育投入1.28亿元，占68.82%。";
        let (f, _) = run(t);
        assert!(f.is_empty(), "{f:?}");
        // Shares that make up the whole: a shortfall is a finding.
        let t = "本年支出1,000.00万元，其中基本支出600.00万元，占60.00%；项目支出300.00万元，占40.00%。";
        let (f, _) = run(t);
        assert!(f.iter().any(|f| f.check == "text.parts"), "{f:?}");
    }

    #[test]
    fn a_description_of_a_part_does_not_end_the_list() {
        // What a part is used for, then the next part after '；': the parts
        // exceed the whole (a shortfall would be hedged by 主要).
        let t = "本年支出1,000.00万元，其中：基本支出600.00万元，主要包括人员工资和日常公用经费；项目支出500.00万元，主要用于业务工作。";
        let (f, _) = run(t);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 1100.0);
    }

    #[test]
    fn counts_split_into_kinds_that_make_all_of_it() {
        for (t, computed) in [
            ("年末实有人员68人，其中在职人员52人，离退休人员18人。", 70.0),
            (
                "年末实有人数56人，其中在职人员38人，离休人员2人，退休人员14人；与上年末相比，在职人员减少2人。",
                54.0,
            ),
            (
                "本部门编制数42名，其中行政编制30名、事业编制14名；实有在职人员39人。",
                44.0,
            ),
            (
                "全年办结法律援助案件1,246件，其中刑事案件418件、民事案件729件、行政案件36件。",
                1183.0,
            ),
            (
                "发放问卷500份，回收492份，回收率98.4%；其中“满意”426份、“基本满意”44份、“不满意”12份。",
                482.0,
            ),
            (
                "办理公证、司法鉴定、仲裁等案件共计3,280件，其中公证2,416件，司法鉴定612件，仲裁152件。",
                3180.0,
            ),
            ("培训学员120人，其中男学员70人，女学员48人。", 118.0),
        ] {
            let (f, _) = run(t);
            assert_eq!(f.len(), 1, "{t}: {f:?}");
            assert_eq!(f[0].severity, Severity::Error, "{t}");
            assert_eq!(f[0].computed, computed, "{t}");
        }
        // Consistent, and look-alikes that are no such split: attributes that
        // overlap (女性, 党员), a part of a part (在职人员中), kinds not all
        // named (刑事 and 民事 only; 满意 without 不满意), a kind the split
        // does not know (非诉讼), fewer parts than the whole names, and
        // 已 / 未 (已完成 and 未按期完成 may overlap).
        for t in [
            "年末实有人员68人，其中在职人员52人，离退休人员16人。",
            "年末实有人员68人，其中女性26人，党员38人。",
            "年末实有人员68人，其中在职人员52人，离退休人员16人，在职人员中党员30人。",
            "年末实有人员68人，其中在职人员52人，离退休人员16人，党员30人。",
            "全年办结案件1,246件，其中刑事案件418件、民事案件729件。",
            "全年办结案件1,246件，其中刑事案件418件、民事案件729件、行政案件36件、非诉讼事项50件。",
            "回收问卷492份，其中满意426份、基本满意44份。",
            "开展培训、宣传、检查等活动共计120次，其中培训50次，宣传40次。",
            "共有项目15个，其中已完成12个，未按期完成3个。",
        ] {
            let (f, _) = run(t);
            assert!(
                f.iter().all(|f| f.severity != Severity::Error),
                "{t}: {f:?}"
            );
        }
    }

    #[test]
    fn the_parts_of_a_change() {
        let warn_or_err = |t: &str| -> Vec<(Severity, f64)> {
            let (f, _) = run(t);
            f.iter()
                .filter(|f| f.check == "text.parts")
                .map(|f| (f.severity, f.computed))
                .collect()
        };
        // Closed by the three “三公” items (one unchanged): certain.
        let t = "“三公”经费支出8.62万元，较上年10.10万元减少1.48万元，其中公务接待费、公务用车运行维护费分别减少0.32万元和1.26万元，因公出国（境）费与上年持平。";
        assert_eq!(warn_or_err(t), vec![(Severity::Error, 1.58)]);
        assert!(warn_or_err(&t.replace("0.32万元和1.26", "0.32万元和1.16")).is_empty());
        // 基本支出 + 项目支出 of a total's change.
        let t = "本年支出较上年增加120.00万元，其中基本支出增加50.00万元，项目支出增加60.00万元。";
        assert_eq!(warn_or_err(t), vec![(Severity::Error, 110.0)]);
        // An open list: the items that moved most — a warning.
        let t = "人员经费1,500万元，比上年增加85万元，增长6.0%，其中基本工资增加40万元，绩效工资增加35万元。";
        assert_eq!(warn_or_err(t), vec![(Severity::Warning, 75.0)]);
        // An increase less a decrease; a hedge; levels among the parts; the
        // “三公” items of a larger whole (公用经费).
        for t in [
            "人员经费1,500万元，比上年增加85万元，其中基本工资增加100万元，绩效工资减少15万元。",
            "人员经费比上年增加85万元，其中基本工资增加40万元、绩效工资增加35万元等。",
            "支出合计增加120万元，其中基本支出1,200万元，项目支出增加60万元。",
            "支出增加85万元，增长6.0%，其中基本工资增长3.2%，绩效工资增长12.5%。",
        ] {
            assert!(warn_or_err(t).is_empty(), "{t}");
        }
        let t = "公用经费较上年减少10.00万元，其中因公出国（境）费减少2.00万元，公务用车运行维护费减少3.00万元，公务接待费减少1.00万元。";
        assert_eq!(warn_or_err(t), vec![(Severity::Warning, 6.0)]);
    }
}
