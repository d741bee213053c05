//! `text.sum` (differences and balances): an amount the sentence says is the
//! difference of two others, or the result of a formula of them.
//! - A formula written out: "年末结转和结余 X（年初结转和结余 a＋本年收入 b－本年
//!   支出 c）", "X = a + b − c", "a − b = X" — X is the signed sum;
//! - a difference named: "X，为预算数 a 与实际支出 b 之差" (的差额, 相差), "a 与
//!   b 的差额为 X" — X = |a − b| (either order: the words do not say which is
//!   larger);
//! - a deduction: "a，扣除 b 后（的余额）为 X", "a 减去 b 等于 X" — X = a − b;
//! - a balance by its definition, the result's words naming it and each
//!   operand found once before it in the sentence (or in the bracket right
//!   after it): 收支结余 / 收支差额 / 收支相抵（后）结余 = 收入 − 支出; 净资产 =
//!   资产总额 − 负债总额; 净值 = 原值 − 累计折旧（摊销）; 缺编 = 编制 − 实有
//!   (超编 the other way); 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年
//!   支出 when the sentence names all three and nothing else of the template
//!   (结余分配, 使用非财政拨款结余, 弥补 …) and one scope ("财政拨款年初结转和
//!   结余" beside "本年收入" is left alone). A bare 结余 after 收入 and 支出
//!   may hold funds carried over from before: a `warning`.
//!
//! Operands of different years (2023年 beside 2024年, 上年 beside 本年) or
//! stages (预算收入 beside 决算支出) are no difference; a result that is a
//! change or a share is none either.

use super::Sentence;
use super::sentence::{CLAUSE_MARK, Fig, PEOPLE, Para, SENTENCE_END, has_any, qualifiers, squeeze};
use crate::audit::num::{self, Num};
use crate::audit::{Recorder, finding, show};
use crate::model::{Comparator, Severity};

const CHECK: &str = "text.sum";

/// `f` counted in the result's measure: money converted between units,
/// people in 人 / 名 / 位 alike; None for another kind or measure.
fn in_measure(f: &Fig, result: &Fig) -> Option<Num> {
    if !f.is_measure() || f.f.kind != result.f.kind {
        return None;
    }
    if let Some(n) = f.num_in(result.unit()) {
        return Some(n);
    }
    let people = |u: Option<&str>| u.is_some_and(|u| PEOPLE.contains(&u));
    (people(f.unit()) && people(result.unit())).then_some(f.num)
}

/// A term of a difference: the figure and its sign (true: added).
type Term<'s, 'a> = (&'s Fig<'a>, bool);

/// How a relation was read, for the message and the severity.
struct Read {
    how: &'static str,
    severity: Severity,
    /// The words say "the difference of a and b", not which is larger.
    either_order: bool,
}

/// Compare `result` with its terms' signed sum and record a pass or a
/// finding. False (nothing recorded) when a term does not convert.
fn judge(para: &Para, result: &Fig, terms: &[Term], read: &Read, rec: &mut Recorder) -> bool {
    let Some(ns) = terms
        .iter()
        .map(|(f, plus)| in_measure(f, result).map(|n| if *plus { n } else { n.neg() }))
        .collect::<Option<Vec<Num>>>()
    else {
        return false;
    };
    let sum = num::sum(ns.iter().copied());
    if sum.consistent(result.num) || (read.either_order && sum.neg().consistent(result.num)) {
        rec.pass(CHECK);
        return true;
    }
    let computed = if read.either_order && sum.value < 0.0 {
        sum.neg()
    } else {
        sum
    };
    let formula: Vec<String> = terms
        .iter()
        .zip(&ns)
        .enumerate()
        .map(|(i, ((f, plus), n))| {
            let sign = match (i, plus) {
                (0, true) => "",
                (0, false) => "−",
                (_, true) => " + ",
                (_, false) => " − ",
            };
            format!("{sign}{} {}", f.label, show(magnitude(*n)))
        })
        .collect();
    let a = terms
        .iter()
        .map(|(f, _)| f.start)
        .fold(result.start, usize::min);
    let b = terms
        .iter()
        .map(|(f, _)| f.end)
        .fold(result.end, usize::max);
    let mut operands = vec![para.operand(result)];
    operands.extend(terms.iter().map(|(f, _)| para.operand(f)));
    rec.fail(finding(
        CHECK,
        read.severity,
        result.num,
        num::round(computed.value, computed.decimals),
        result.f.unit.clone(),
        format!(
            "{} {} is not {} = {} ({}): 「{}」",
            if result.label.is_empty() {
                "the amount"
            } else {
                &result.label
            },
            show(result.num),
            formula.concat(),
            show(computed),
            read.how,
            para.quote(a, b)
        ),
        para.location(result.start),
        operands,
    ));
    true
}

/// `n` without its sign.
fn magnitude(n: Num) -> Num {
    if n.value < 0.0 { n.neg() } else { n }
}

/// Words only: no clause or sentence mark, no figure, no bracket.
fn words_only(t: &str) -> bool {
    !t.contains(|c: char| {
        CLAUSE_MARK.contains(&c)
            || SENTENCE_END.contains(&c)
            || matches!(c, '#' | '（' | '(' | '）' | ')' | '=' | '＝')
    })
}

/// The operator a formula's term opens with ("＋本年收入", "－本年支出"):
/// true for plus; None when the words between two figures are no operator
/// and words.
fn operator(between: &str) -> Option<bool> {
    let t = squeeze(between);
    let mut cs = t.chars();
    let plus = match cs.next()? {
        '+' | '＋' => true,
        '-' | '－' | '−' => false,
        _ => return None,
    };
    words_only(cs.as_str()).then_some(plus)
}

fn is_equals(c: char) -> bool {
    c == '=' || c == '＝'
}

/// Formulas written out: a run of figures joined by ＋ / － whose result is
/// the figure right before the bracket holding them, the figure before an
/// '=' opening them, or the figure after an '=' closing them. The results
/// read are marked in `done`.
fn formulas(para: &Para, s: &Sentence, done: &mut [bool], rec: &mut Recorder) {
    let figs = &s.figs;
    let mut j = 0;
    while j < figs.len() {
        // The longest run of terms from j.
        let mut terms: Vec<Term> = vec![(figs[j], true)];
        let mut k = j;
        while k + 1 < figs.len() {
            let between = para.masked_text(figs[k].end, figs[k + 1].start);
            match operator(&between) {
                Some(plus) if figs[k + 1].is_measure() => terms.push((figs[k + 1], plus)),
                _ => break,
            }
            k += 1;
        }
        let next = k + 1;
        if terms.len() < 2 || !figs[j].is_measure() {
            j = next;
            continue;
        }
        // A range ("5 万元－10 万元") is no formula: two terms, the second
        // taken off with no words of its own.
        let range = terms.len() == 2 && !terms[1].1 && {
            let w = squeeze(&para.masked_text(figs[j].end, figs[k].start));
            w.chars().count() <= 1
        };
        let before = (j > 0).then(|| figs[j - 1]);
        let opening = squeeze(&para.masked_text(before.map_or(s.a, |f| f.end), figs[j].start));
        let closing =
            squeeze(&para.masked_text(figs[k].end, figs.get(next).map_or(s.b, |f| f.start)));
        let mut result: Option<(usize, &'static str)> = None;
        if let Some(x) = before {
            let mut cs = opening.chars();
            let first = cs.next();
            let rest = cs.as_str();
            let rest = rest
                .strip_prefix(['=', '＝'])
                .or_else(|| rest.strip_prefix("即"))
                .unwrap_or(rest);
            if matches!(first, Some('（' | '('))
                && words_only(rest)
                && closing.starts_with(['）', ')'])
            {
                result = Some((j - 1, "the formula in brackets after it"));
            } else if first.is_some_and(is_equals) && words_only(rest) && x.is_measure() {
                result = Some((j - 1, "the formula after its '='"));
            }
        }
        let equal_next = figs
            .get(next)
            .is_some_and(|f| stated_equal(f) && closing.is_empty());
        if result.is_none()
            && next < figs.len()
            && (equal_next
                || (closing.starts_with(is_equals)
                    && words_only(&closing[closing.char_indices().nth(1).map_or(0, |(i, _)| i)..])))
        {
            result = Some((next, "the formula before its '='"));
        }
        if let Some((r, how)) = result
            && !range
            && !done[r]
        {
            let read = Read {
                how,
                severity: Severity::Error,
                either_order: false,
            };
            if judge(para, figs[r], &terms, &read, rec) {
                done[r] = true;
            }
        }
        j = next;
    }
}

/// Words after the second operand that name the difference of the two:
/// "之差", "的差额", "相差".
const DIFFERENCE_WORDS: [&str; 6] = ["之间的差额", "之差", "的差额", "的差", "差额", "相差"];
/// Words joining the two operands of a difference.
const JOINERS: [char; 4] = ['与', '和', '同', '及'];
/// Copulas after the amount that is a difference ("X，为 a 与 b 之差").
const COPULAS: [&str; 5] = ["即为", "即", "为", "系", "是"];
/// Copulas after a difference's words, before its amount ("之差为 X").
const AFTER_DIFFERENCE: [&str; 6] = ["", "为", "是", "达", "共", "了"];

/// "X，为 a 与 b 之差", "a 与 b 的差额为 X", "a 与 b 相差 X".
fn differences(para: &Para, s: &Sentence, done: &mut [bool], rec: &mut Recorder) {
    let figs = &s.figs;
    for i in 0..figs.len().saturating_sub(1) {
        let (a, b) = (figs[i], figs[i + 1]);
        if !a.is_measure() || in_measure(b, a).is_none() || has_change(a) || has_change(b) {
            continue;
        }
        let between = squeeze(&para.masked_text(a.end, b.start));
        if !between.starts_with(JOINERS) || !words_only(&between) {
            continue;
        }
        let after_to = figs.get(i + 2).map_or(s.b, |f| f.start);
        let after = squeeze(&para.masked_text(b.end, after_to));
        let Some(word) = DIFFERENCE_WORDS.iter().find(|w| after.starts_with(*w)) else {
            continue;
        };
        let rest = &after[word.len()..];
        let read = Read {
            how: "the difference the words name",
            severity: Severity::Error,
            either_order: true,
        };
        let terms = [(a, true), (b, false)];
        // "… 之差为 X": the amount right after the words.
        if i + 2 < figs.len() && AFTER_DIFFERENCE.contains(&rest) {
            if !done[i + 2]
                && result_like(figs[i + 2])
                && judge(para, figs[i + 2], &terms, &read, rec)
            {
                done[i + 2] = true;
            }
            continue;
        }
        // "X，为 a 与 b 之差": the amount before, the words ending the clause.
        let ends = rest.chars().next().is_none_or(|c| {
            CLAUSE_MARK.contains(&c) || SENTENCE_END.contains(&c) || matches!(c, '）' | ')')
        });
        if *word == "相差" || i == 0 || !ends {
            continue;
        }
        let x = figs[i - 1];
        let opening = squeeze(&para.masked_text(x.end, a.start));
        let mut cs = opening.chars();
        if !matches!(cs.next(), Some('，' | ',' | '（' | '(')) {
            continue;
        }
        let Some(words) = COPULAS.iter().find_map(|c| cs.as_str().strip_prefix(c)) else {
            continue;
        };
        if words_only(words) && !done[i - 1] && result_like(x) && judge(para, x, &terms, &read, rec)
        {
            done[i - 1] = true;
        }
    }
}

/// Words that take the second amount off the first ("扣除已支出 b").
const DEDUCTIONS: [&str; 5] = ["减去", "扣除", "减除", "扣减", "剔除"];

/// "a，扣除 b 后（的余额）为 X", "a 减去 b 等于 X": X = a − b.
fn deductions(para: &Para, s: &Sentence, done: &mut [bool], rec: &mut Recorder) {
    let figs = &s.figs;
    for i in 0..figs.len().saturating_sub(2) {
        let (a, b, x) = (figs[i], figs[i + 1], figs[i + 2]);
        if done[i + 2] || !a.is_measure() || in_measure(b, a).is_none() || has_change(a) {
            continue;
        }
        let between = squeeze(&para.masked_text(a.end, b.start));
        let between = between.strip_prefix(['，', ',']).unwrap_or(&between);
        if !DEDUCTIONS.iter().any(|w| between.starts_with(w)) || !words_only(between) {
            continue;
        }
        let after = squeeze(&para.masked_text(b.end, x.start));
        let (after_hou, rest) = match after.strip_prefix('后') {
            Some(r) => (true, r),
            None => (false, after.as_str()),
        };
        let rest = rest.strip_prefix(['，', ',']).unwrap_or(rest);
        let plain =
            matches!(rest, "等于" | "为" | "得" | "即为") || (rest.is_empty() && stated_equal(x));
        if !(after_hou || plain)
            || !words_only(rest)
            || rest.chars().count() > 10
            || has_any(rest, &["比", "较", "其中", "占", "同比"])
            || !result_like(x)
        {
            continue;
        }
        // "上年支出 a，扣除一次性支出 b 后，本年支出 X …": another year's.
        if periods_differ(&[a, x]) {
            continue;
        }
        let read = Read {
            how: "the words take the second off the first",
            severity: Severity::Error,
            either_order: false,
        };
        if judge(para, x, &[(a, true), (b, false)], &read, rec) {
            done[i + 2] = true;
        }
    }
}

/// A change or a share: no level a difference is stated of.
fn has_change(f: &Fig) -> bool {
    has_any(
        &f.label,
        &[
            "增加", "减少", "增长", "下降", "提高", "降低", "占", "比", "较",
        ],
    )
}

/// A result a difference may state: a measure that is no change, share or
/// rate.
fn result_like(f: &Fig) -> bool {
    (f.is_measure() || stated_equal(f))
        && !has_change(f)
        && !has_any(&f.label, &["每", "人均", "平均"])
}

/// A figure read with its '=' or 等于 ("=93.76万元"): the result of what
/// stands before it.
fn stated_equal(f: &Fig) -> bool {
    f.f.comparator == Some(Comparator::Eq)
        && f.f.text.trim_start().starts_with(['=', '＝', '等'])
        && f.f.kind == crate::model::FigureKind::Amount
}

/// The periods an amount's words name: years and 上年.
fn periods(label: &str) -> Vec<String> {
    qualifiers(label)
        .into_iter()
        .filter(|q| q != "本年" && q != "全年" && q != "年初" && q != "调整")
        .collect()
}

/// Amounts named with two different periods (2023年 beside 2024年, 上年
/// beside a year).
fn periods_differ(figs: &[&Fig]) -> bool {
    let mut all: Vec<String> = figs.iter().flat_map(|f| periods(&f.label)).collect();
    all.sort();
    all.dedup();
    all.len() > 1
}

/// The stage an amount's words name: 预算 (a plan) or 决算 / 实际 / 执行 (what
/// was done); None for neither.
fn stage(label: &str) -> Option<bool> {
    let l = label
        .replace("一般公共预算", "")
        .replace("政府性基金预算", "");
    let plan = l.contains("预算") || l.contains("计划");
    let done = has_any(&l, &["决算", "实际", "执行", "完成"]);
    match (plan, done) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// A balance by its definition: what its words say, and the words of the
/// amounts added and taken off.
struct Identity {
    name: &'static str,
    /// The words before the result (from the figure before it) name it.
    result: fn(&str) -> bool,
    plus: &'static [fn(&str) -> bool],
    minus: fn(&str) -> bool,
    severity: Severity,
}

/// Words of a shortfall: spending over income ("收支相抵后短收 X").
const SHORTFALLS: [&str; 7] = ["短收", "赤字", "缺口", "超支", "短缺", "不足", "亏"];

fn income_expense(words: &str) -> bool {
    words.contains("收支")
        && has_any(words, &["结余", "差额", "相抵", "盈余", "结存"])
        && !has_any(words, &["累计", "滚存", "年末", "年初", "结转和结余"])
        && !has_any(words, &SHORTFALLS)
}
fn income_shortfall(words: &str) -> bool {
    words.contains("收支")
        && has_any(words, &SHORTFALLS)
        && !has_any(words, &["累计", "滚存", "年末", "年初", "结转和结余"])
}
fn bare_balance(words: &str) -> bool {
    let w = words
        .rsplit(['，', ',', '；', ';', '：', ':'])
        .next()
        .unwrap_or(words);
    !words.contains("收支")
        && !has_any(words, &SHORTFALLS)
        && matches!(w, "结余" | "结余为" | "当年结余" | "本年结余" | "结余资金")
}
fn income(l: &str) -> bool {
    l.contains("收入") && !has_any(l, &["结余", "结转", "支出", "其中", "占"])
}
fn expense(l: &str) -> bool {
    l.contains("支出") && !has_any(l, &["结余", "结转", "收入", "其中", "占"])
}
fn net_assets(words: &str) -> bool {
    let w = label_of(words);
    w.ends_with("净资产") || w.ends_with("净资产总额") || w.ends_with("净资产合计")
}
fn total_assets(l: &str) -> bool {
    // (A label loses its 合计: "年末资产合计" reads "年末资产".)
    (has_any(l, &["资产总额", "资产合计", "总资产", "资产总计"])
        || (l.ends_with("资产") && super::sentence::cjk_count(l) <= 4))
        && !has_any(
            l,
            &[
                "净", "流动", "固定", "无形", "负债", "国有", "在建", "长期", "其他",
            ],
        )
}
fn total_debts(l: &str) -> bool {
    (has_any(l, &["负债总额", "负债合计", "总负债", "负债总计"]) || l.ends_with("负债"))
        && !has_any(l, &["流动", "资产"])
}
fn net_value(words: &str) -> bool {
    let w = label_of(words);
    w.ends_with("净值") && !w.contains("减值")
}
fn original_value(l: &str) -> bool {
    l.contains("原值") && !has_any(l, &["净值", "折旧", "摊销"])
}
fn depreciation(l: &str) -> bool {
    has_any(l, &["累计折旧", "累计摊销"]) && !l.contains("原值")
}
fn short_staffed(words: &str) -> bool {
    let w = label_of(words);
    w.ends_with("缺编") || w.ends_with("空编")
}
fn over_staffed(words: &str) -> bool {
    label_of(words).ends_with("超编")
}
fn quota(l: &str) -> bool {
    l.contains("编制") && !has_any(l, &["实有", "在编", "在岗", "现有", "缺编", "超编"])
}
fn staffed(l: &str) -> bool {
    has_any(l, &["实有", "在编", "在岗", "现有"]) && !has_any(l, &["缺编", "超编", "空编"])
}
fn year_end_carryover(words: &str) -> bool {
    has_any(label_of(words), &["年末结转和结余", "年末结转结余"])
}
fn year_start_carryover(l: &str) -> bool {
    has_any(l, &["年初结转和结余", "年初结转结余"])
}

/// The words right before a figure, back to the clause mark (as a label).
fn label_of(words: &str) -> &str {
    let w = words
        .rsplit(['，', ',', '；', ';', '：', ':', '、', '（', '('])
        .next()
        .unwrap_or(words);
    ["为", "是", "达"]
        .iter()
        .find_map(|c| w.strip_suffix(c))
        .unwrap_or(w)
}

const IDENTITIES: [Identity; 8] = [
    Identity {
        name: "收支结余 = 收入 − 支出",
        result: income_expense,
        plus: &[income],
        minus: expense,
        severity: Severity::Error,
    },
    Identity {
        name: "收支缺口 = 支出 − 收入",
        result: income_shortfall,
        plus: &[expense],
        minus: income,
        severity: Severity::Error,
    },
    Identity {
        name: "结余 = 收入 − 支出, unless it holds funds carried over",
        result: bare_balance,
        plus: &[income],
        minus: expense,
        severity: Severity::Warning,
    },
    Identity {
        name: "净资产 = 资产总额 − 负债总额",
        result: net_assets,
        plus: &[total_assets],
        minus: total_debts,
        severity: Severity::Error,
    },
    Identity {
        name: "净值 = 原值 − 累计折旧",
        result: net_value,
        plus: &[original_value],
        minus: depreciation,
        severity: Severity::Error,
    },
    Identity {
        name: "缺编 = 编制 − 实有",
        result: short_staffed,
        plus: &[quota],
        minus: staffed,
        severity: Severity::Error,
    },
    Identity {
        name: "超编 = 实有 − 编制",
        result: over_staffed,
        plus: &[staffed],
        minus: quota,
        severity: Severity::Error,
    },
    Identity {
        name: "年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出",
        result: year_end_carryover,
        plus: &[year_start_carryover, income],
        minus: expense,
        severity: Severity::Error,
    },
];

/// Words of the 收支 template's other lines: a sentence naming one is no
/// three-term identity.
const OTHER_TEMPLATE_LINES: [&str; 6] = [
    "结余分配",
    "使用非财政拨款结余",
    "弥补",
    "提取",
    "事业基金",
    "专用基金",
];

/// The scope of an amount of the 收支 template: its words without the
/// template's own ("财政拨款年初结转和结余" → "财政拨款").
fn template_scope(label: &str) -> String {
    let mut l = squeeze(label);
    for (_, y) in crate::structure::kind::years_in(label) {
        l = l
            .replace(&format!("{y}年度"), "")
            .replace(&format!("{y}年"), "");
    }
    for w in [
        "年初结转和结余",
        "年末结转和结余",
        "年初结转结余",
        "年末结转结余",
        // ("加上本年收入 b，减去本年支出 c": the sum written in words.)
        "加上",
        "减去",
        "本年",
        "当年",
        "全年",
        "收入",
        "支出",
        "合计",
        "总额",
        "资金",
        "为",
        "+",
        "＋",
        "-",
        "－",
        "−",
    ] {
        l = l.replace(w, "");
    }
    l
}

/// Balances by their definition, each operand named once before the result
/// in its sentence (since the previous result of the same kind), or in the
/// bracket right after it.
fn identities(para: &Para, s: &Sentence, done: &mut [bool], rec: &mut Recorder) {
    let figs = &s.figs;
    let starts: Vec<usize> = figs.iter().map(|f| f.start).collect();
    let depth = para.bracket_depths(s.a, &starts);
    let sentence = squeeze(&para.masked_text(s.a, s.b));
    // The words before each figure, read once for every identity.
    let before: Vec<String> = (0..figs.len())
        .map(|k| {
            let floor = if k == 0 { s.a } else { figs[k - 1].end };
            squeeze(&para.masked_text(floor, figs[k].start))
        })
        .collect();
    for id in &IDENTITIES {
        let mut from = 0;
        for k in 0..figs.len() {
            let x = figs[k];
            if done[k] || !x.is_measure() || !(id.result)(&before[k]) {
                continue;
            }
            // The window: figures before it since the last result of this
            // kind, and those in a bracket right after it.
            let mut window: Vec<usize> = (from..k).collect();
            from = k + 1;
            if squeeze(&para.masked_text(x.end, figs.get(k + 1).map_or(s.b, |f| f.start)))
                .starts_with(['（', '('])
                && let Some(&open) = depth.get(k + 1)
            {
                window.extend(
                    (k + 1..figs.len()).take_while(|&i| depth[i] >= open && open > depth[k]),
                );
            }
            let mut plus: Vec<Vec<usize>> = vec![Vec::new(); id.plus.len()];
            let mut minus: Vec<usize> = Vec::new();
            for &i in &window {
                let f = figs[i];
                if in_measure(f, x).is_none() {
                    continue;
                }
                for (p, test) in id.plus.iter().enumerate() {
                    if test(&f.label) {
                        plus[p].push(i);
                    }
                }
                if (id.minus)(&f.label) {
                    minus.push(i);
                }
            }
            let one = |c: &[usize]| -> Option<usize> { prefer_whole(figs, c) };
            let Some(m) = one(&minus) else { continue };
            let Some(ps) = plus.iter().map(|c| one(c)).collect::<Option<Vec<usize>>>() else {
                continue;
            };
            let mut terms: Vec<Term> = ps.iter().map(|&i| (figs[i], true)).collect();
            terms.push((figs[m], false));
            let all: Vec<&Fig> = terms.iter().map(|t| t.0).chain([x]).collect();
            if periods_differ(&all) {
                continue;
            }
            let stages: Vec<bool> = terms.iter().filter_map(|t| stage(&t.0.label)).collect();
            if stages.windows(2).any(|w| w[0] != w[1]) {
                continue;
            }
            if id.plus.len() > 1 {
                // The template's three-term identity: nothing else of the
                // template named, every amount of one scope, no other money
                // in the window.
                if has_any(&sentence, &OTHER_TEMPLATE_LINES) {
                    continue;
                }
                let scope = template_scope(&x.label);
                if all.iter().any(|f| template_scope(&f.label) != scope)
                    || window
                        .iter()
                        .filter(|&&i| figs[i].is_amount())
                        .any(|i| !ps.contains(i) && *i != m)
                {
                    continue;
                }
            }
            let read = Read {
                how: id.name,
                severity: id.severity,
                either_order: false,
            };
            if judge(para, x, &terms, &read, rec) {
                done[k] = true;
            }
        }
    }
}

/// One of the candidate figures: the only one, else the only whole among
/// them (总 / 合计 / 总计 / 总额 in its words).
fn prefer_whole(figs: &[&Fig], c: &[usize]) -> Option<usize> {
    match c {
        [i] => Some(*i),
        [] => None,
        _ => {
            let wholes: Vec<usize> = c
                .iter()
                .copied()
                .filter(|&i| has_any(&figs[i].label, &["总", "合计"]))
                .collect();
            (wholes.len() == 1).then(|| wholes[0])
        }
    }
}

pub(super) fn check(para: &Para, s: &Sentence, rec: &mut Recorder) {
    if s.figs.len() < 3 {
        return;
    }
    let mut done = vec![false; s.figs.len()];
    formulas(para, s, &mut done, rec);
    differences(para, s, &mut done, rec);
    deductions(para, s, &mut done, rec);
    identities(para, s, &mut done, rec);
}

#[cfg(test)]
mod tests {
    use super::super::test_util::run;
    use crate::model::Severity;

    fn errors(text: &str) -> Vec<String> {
        let (f, _) = run(text);
        f.iter()
            .filter(|f| f.check == "text.sum" && f.severity == Severity::Error)
            .map(|f| f.message.clone())
            .collect()
    }
    fn warnings(text: &str) -> Vec<String> {
        let (f, _) = run(text);
        f.iter()
            .filter(|f| f.check == "text.sum" && f.severity == Severity::Warning)
            .map(|f| f.message.clone())
            .collect()
    }
    fn ran(text: &str) -> u32 {
        super::super::test_util::ran(&run(text).1, "text.sum")
    }

    #[test]
    fn a_formula_in_brackets() {
        let bad = "年末结转和结余资金为93.76万元（年初结转和结余56.20万元＋本年收入1,946.30万元－本年支出1,918.74万元），将按规定结转下年使用。";
        assert_eq!(errors(bad).len(), 1, "{:?}", errors(bad));
        let ok = bad.replace("93.76", "83.76");
        assert!(errors(&ok).is_empty());
        assert!(ran(&ok) >= 1);
        // With '=' either side.
        assert_eq!(
            errors("期末余额120.00万元＝期初余额100.00万元＋本期增加30.00万元－本期减少5.00万元。")
                .len(),
            1
        );
        assert!(
            errors("期初余额100.00万元＋本期增加30.00万元－本期减少5.00万元＝期末余额125.00万元。")
                .is_empty()
        );
        assert_eq!(
            errors("期初余额100.00万元＋本期增加30.00万元－本期减少5.00万元＝期末余额135.00万元。")
                .len(),
            1
        );
    }

    #[test]
    fn a_range_is_no_formula() {
        assert!(errors("每个项目补助50万元（30万元－80万元），共支持3个项目。").is_empty());
    }

    #[test]
    fn a_difference_named() {
        let bad =
            "项目结余资金28.62万元，为预算数486.00万元与实际支出467.38万元之差，已按规定上缴财政。";
        assert_eq!(errors(bad).len(), 1);
        assert!(errors(&bad.replace("28.62", "18.62")).is_empty());
        // Either order.
        assert!(
            errors(
                "预算数与实际支出的差额：实际支出467.38万元与预算数486.00万元的差额为18.62万元。"
            )
            .is_empty()
        );
        assert_eq!(
            errors("实际支出467.38万元与预算数486.00万元的差额为28.62万元。").len(),
            1
        );
        // No difference word: no difference.
        assert!(errors("预算数486.00万元与实际支出467.38万元基本一致，结余28.62万元。").is_empty());
    }

    #[test]
    fn a_deduction() {
        assert_eq!(
            errors("全年预算500.00万元，扣除已支付款项420.00万元后，余额为90.00万元。").len(),
            1
        );
        assert!(
            errors("全年预算500.00万元，扣除已支付款项420.00万元后，余额为80.00万元。").is_empty()
        );
        assert_eq!(
            errors("合同金额300.00万元，减去质保金15.00万元后为275.00万元。").len(),
            1
        );
        // Another year's amount after the deduction is no remainder.
        assert!(
            errors("2023年支出100.00万元，扣除一次性支出20.00万元后，2024年支出85.00万元。")
                .is_empty()
        );
        // A change after the deduction.
        assert!(
            errors("支出100.00万元，扣除一次性支出20.00万元后，比上年增加5.00万元。").is_empty()
        );
    }

    #[test]
    fn balances_by_definition() {
        assert_eq!(
            errors("医院全年总收入58,642.30万元，总支出57,936.20万元，收支结余760.10万元。").len(),
            1
        );
        assert!(
            errors("医院全年总收入58,642.30万元，总支出57,936.20万元，收支结余706.10万元。")
                .is_empty()
        );
        assert_eq!(errors("部门全年预算收入7,846.20万元，预算支出7,612.38万元，收支相抵结余323.82万元，全部为项目结转资金。").len(), 1);
        assert_eq!(errors("本单位资产总额3,862.45万元，负债总额162.30万元，净资产3,710.15万元，资产负债率4.20%。").len(), 1);
        assert!(
            errors("本单位资产总额3,862.45万元，负债总额162.30万元，净资产3,700.15万元。")
                .is_empty()
        );
        assert_eq!(
            errors("固定资产原值2,418.60万元，累计折旧612.45万元，固定资产净值1,860.15万元。")
                .len(),
            1
        );
        assert!(
            errors("固定资产原值7,034.40万元，累计折旧5,388.25万元，净值1,646.15万元。").is_empty()
        );
        assert!(errors("无形资产原值721.30万元，累计摊销624.77万元，净值96.52万元。").is_empty());
        assert_eq!(
            errors("全校教职工编制128名，实有在编教职工121人，缺编9人；另聘用临时代课教师9人。")
                .len(),
            1
        );
        assert!(errors("全校教职工编制128名，实有在编教职工121人，缺编7人。").is_empty());
    }

    #[test]
    fn look_alikes_of_balances() {
        // A shortfall is spending over income.
        let short =
            "2024年度单位资金收入186.40万元，单位资金支出192.70万元，收支相抵后短收6.30万元。";
        assert!(errors(short).is_empty());
        assert_eq!(errors(&short.replace("6.30", "3.60")).len(), 1);
        // Income and spending of different years.
        assert!(
            errors("2023年收入500.00万元，2024年支出480.00万元，收支结余30.00万元。").is_empty()
        );
        // Budgeted income beside actual spending.
        assert!(errors("预算收入500.00万元，实际支出480.00万元，收支结余30.00万元。").is_empty());
        // A bare 结余 may hold funds carried over: a warning at most.
        let bare = "全年收入500.00万元，支出480.00万元，结余30.00万元。";
        assert!(errors(bare).is_empty());
        assert_eq!(warnings(bare).len(), 1);
        // 年末结转和结余 beside another template line.
        assert!(errors("年初结转和结余56.20万元，本年收入1,946.30万元，本年支出1,918.74万元，结余分配5.00万元，年末结转和结余78.76万元。").is_empty());
        // Of another scope.
        assert!(errors("财政拨款年初结转和结余56.20万元，本年收入1,946.30万元，本年支出1,918.74万元，年末结转和结余93.76万元。").is_empty());
        // Two incomes, neither the whole: left alone.
        assert!(
            errors(
                "财政拨款收入300.00万元，事业收入200.00万元，支出480.00万元，收支结余30.00万元。"
            )
            .is_empty()
        );
        assert_eq!(
            errors("年末资产合计5,126.40万元，负债合计1,238.70万元，净资产合计3,978.70万元。")
                .len(),
            1
        );
        // Current assets are no total.
        assert!(
            errors("流动资产3,862.45万元，负债总额162.30万元，净资产3,710.15万元。").is_empty()
        );
    }

    #[test]
    fn the_template_identity_named_in_one_sentence() {
        let t = "年初结转和结余56.20万元，本年收入1,946.30万元，本年支出1,918.74万元，年末结转和结余93.76万元。";
        assert_eq!(errors(t).len(), 1, "{:?}", errors(t));
        assert!(errors(&t.replace("93.76", "83.76")).is_empty());
    }

    #[test]
    fn a_carryover_written_with_plus_and_minus_words() {
        let t = "年初结转结余52.30万元，加上本年收入1,846.70万元，减去本年支出1,812.60万元，年末结转结余为86.40万元。";
        assert!(errors(t).is_empty());
        assert_eq!(errors(&t.replace("为86.40", "为96.40")).len(), 1);
    }
}
