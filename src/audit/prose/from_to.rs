//! `text.change`, the from–to form: "由 / 从 A 下降至 / 增加到 / 降至 B" with
//! the change stated after it ("，下降 r%", "，减少 d 万元", "，提高 p 个百分点").
//! The two levels are named by the words themselves, so the check is certain:
//! - A and B amounts (in units that convert): a rate is (B − A) / A, an
//!   amount B − A (counted in the amount's unit);
//! - A and B percentages: "p 个百分点" is B − A; a bare "x%" after two rates
//!   may be points or relative and is left alone;
//! - the verb before 至 (下降至, 增至) and the change words after it say a
//!   direction: when B − A goes the other way, the words are wrong
//!   (`text.direction`).
//!
//! A is the figure right after 由 / 从 (and a period: "由上年的", "从2022年
//! 的"); B the next figure, with only the verb and 至 / 到 (and a period)
//! between them. The changes read are the figures of the clauses after B, up
//! to the sentence's end or a '；', each labelled with a change word alone.

use super::Sentence;
use super::changes;
use super::prior;
use super::sentence::{Fig, Para, change_alone, cjk_count, compare_percent, squeeze};
use crate::audit::num::Num;
use crate::audit::{Recorder, finding, show};
use crate::model::{FigureKind, Severity};

/// Verbs before 至 / 到 and the direction they say (true: up).
const VERBS: [(&str, bool); 18] = [
    ("增加", true),
    ("增长", true),
    ("上升", true),
    ("提高", true),
    ("提升", true),
    ("扩大", true),
    ("延长", true),
    ("增", true),
    ("升", true),
    ("减少", false),
    ("下降", false),
    ("降低", false),
    ("缩小", false),
    ("缩短", false),
    ("压减", false),
    ("回落", false),
    ("减", false),
    ("降", false),
];

/// The words a period may add around a level ("上年的", "2022年度的",
/// "上年同期"): nothing else once `prior::period` has taken the period out.
fn only_period(t: &str) -> bool {
    let p = prior::period(t);
    let mut rest = p.rest.trim_end_matches('的');
    for w in ["同期", "度", "末", "底"] {
        rest = rest.strip_suffix(w).unwrap_or(rest);
    }
    rest.is_empty() || rest == "今年"
}

/// "下降至2023年的" → Some(Some(false)); "至" → Some(None); anything else None.
fn between_levels(t: &str) -> Option<Option<bool>> {
    let (dir, rest) = match VERBS.iter().find(|(v, _)| t.starts_with(v)) {
        Some((v, up)) => (Some(*up), &t[v.len()..]),
        None => (None, t),
    };
    let rest = rest.strip_prefix(['至', '到'])?;
    only_period(rest).then_some(dir)
}

/// The level A of "由 A": the words of its clause before it end with 由 or 从
/// and a period at most.
fn opens_from(para: &Para, s: &Sentence, a: &Fig) -> bool {
    let from = para.clause_start(a.start).max(s.a);
    let words = squeeze(&para.masked_text(from, a.start));
    words
        .rfind(['由', '从'])
        .is_some_and(|i| only_period(&words[i + '由'.len_utf8()..]))
}

/// A change figure's words: a change word alone ("下降", "增加了", "降幅为").
fn change_direction(words: &str) -> Option<bool> {
    let t = words
        .trim_start_matches(['，', ',', '、'])
        .trim_end_matches(['了', '为', '达', '约'])
        .trim_start_matches('共');
    let t = t.strip_prefix("累计").unwrap_or(t);
    let t = t.strip_prefix("同比").unwrap_or(t);
    // (净增 / 净减少: the difference of the two levels, as 增加 / 减少.)
    if let Some(net) = t.strip_prefix('净') {
        return match net {
            "增" | "增加" | "增长" => Some(true),
            "减" | "减少" => Some(false),
            _ => None,
        };
    }
    change_alone(t).or(match t {
        "提升" | "扩大" | "延长" => Some(true),
        "缩小" | "缩短" | "压减" | "回落" => Some(false),
        _ => None,
    })
}

/// Words of a multiple of the level before, after "由 A 增加到 B": "，是原来的"
/// ("为原来的", "相当于上年的", "是2022年的") — B is n times A.
fn multiple_of_before(words: &str) -> bool {
    let t = words.trim_start_matches(['，', ',']);
    let Some(rest) = ["是", "为", "相当于"]
        .iter()
        .find_map(|v| t.strip_prefix(v))
    else {
        return false;
    };
    let Some(base) = rest.strip_suffix('的') else {
        return false;
    };
    ["原来", "原先", "以前", "之前", "过去", "改造前", "实施前"].contains(&base)
        || (!base.is_empty() && only_period(base))
}

pub(super) fn check(para: &Para, s: &Sentence, rec: &mut Recorder) {
    points_over_base(para, s, rec);
    points_over_other(para, s, rec);
    let sf = &s.figs[..];
    for i in 1..sf.len() {
        let (a, b) = (sf[i - 1], sf[i]);
        let both_amounts = a.is_measure() && b.is_measure();
        let both_rates = a.is_percent() && b.is_percent();
        if !(both_amounts || both_rates) || !opens_from(para, s, a) {
            continue;
        }
        let Some(verb) = between_levels(&squeeze(&para.masked_text(a.end, b.start))) else {
            continue;
        };
        // B in A's unit (亿元 against 万元); rates are both in %.
        let Some(b_n) = b.num_in(a.unit()) else {
            continue;
        };
        let diff = b_n.sub(a.num);
        if both_amounts && i >= 2 {
            restated(para, sf[i - 2], a, b, rec);
        }
        let mut said: Option<(bool, usize)> = verb.map(|up| (up, b.end));
        // The changes stated after B.
        let mut prev_end = b.end;
        for c in &sf[i + 1..] {
            let words = squeeze(&para.masked_text(prev_end, c.start));
            if words.contains(['；', ';']) {
                break;
            }
            prev_end = c.end;
            if both_amounts && times(c) && multiple_of_before(&words) {
                multiple_of_levels(para, a, b, c, rec);
                continue;
            }
            let Some(up) = change_direction(&words) else {
                break;
            };
            said.get_or_insert((up, c.start));
            if both_amounts && c.is_measure() {
                changes::difference(para, a, b, c, up, rec);
            } else if both_amounts && c.is_percent() {
                changes::rate_of_levels(para, a, b, c, up, rec);
            } else if both_rates && points(c) {
                percentage_points(para, a, b, c, up, rec);
            } else if both_amounts && up && times(c) {
                times_of_levels(para, a, b, c, rec);
            }
        }
        if let Some((up, at)) = said {
            direction(para, a, b, diff, up, at, rec);
        }
    }
}

/// "X%，比上年的 X0% 提高 p 个百分点", "X%，上年为 X0%，提高 p 个百分点":
/// p = X − X0, the base named by a comparison or a period.
fn points_over_base(para: &Para, s: &Sentence, rec: &mut Recorder) {
    let sf = &s.figs[..];
    for i in 2..sf.len() {
        let (x, x0, p) = (sf[i - 2], sf[i - 1], sf[i]);
        if !(points(p) && x.is_percent() && x0.is_percent()) {
            continue;
        }
        let Some(up) = change_direction(&squeeze(&para.masked_text(x0.end, p.start))) else {
            continue;
        };
        let words = squeeze(&para.masked_text(x.end, x0.start));
        let words = words.trim_start_matches(['，', ',']);
        let compared = words.strip_prefix(['比', '较']).is_some_and(only_period);
        let named = words
            .strip_suffix(['为', '是'])
            .is_some_and(|w| !w.is_empty() && only_period(w));
        if compared || named {
            percentage_points(para, x0, x, p, up, rec);
        }
    }
    // "X%，同比提高 p 个百分点（上年 X0%）": the base in brackets after.
    for i in 1..sf.len().saturating_sub(1) {
        let (x, p, x0) = (sf[i - 1], sf[i], sf[i + 1]);
        if !(points(p) && x.is_percent() && x0.is_percent()) {
            continue;
        }
        let words = squeeze(&para.masked_text(x.end, p.start));
        let words = words.trim_start_matches(['，', ',']);
        let words = ["比上年", "较上年", "比去年", "较去年"]
            .iter()
            .find_map(|w| words.strip_prefix(w))
            .unwrap_or(words);
        let Some(up) = change_direction(words) else {
            continue;
        };
        let bracket = squeeze(&para.masked_text(p.end, x0.start));
        let named = bracket.strip_prefix(['（', '(']).is_some_and(|w| {
            let w = w.trim_end_matches(['为', '是']);
            !w.is_empty() && only_period(w)
        });
        if named {
            percentage_points(para, x0, x, p, up, rec);
        }
    }
}

/// "增长 8.2%，高于全省平均水平（6.7%）1.5 个百分点", "…，比全国（6.7%）高 1.5
/// 个百分点", "增长 7.2%，增速比城镇居民快 2.5 个百分点（城镇居民增长 4.7%）":
/// a rate against another subject's — the comparison names it, and its rate
/// stands in the bracket right after its name, or in the bracket right after
/// the points when that bracket names the same subject. p = X − X0.
fn points_over_other(para: &Para, s: &Sentence, rec: &mut Recorder) {
    let sf = &s.figs[..];
    // "高于 [noun]" / "低于 [noun]" / "[增速]比 [noun] 快": the noun compared
    // with, and the direction when the words say it before the points.
    let compared = |w: &str| -> Option<(String, Option<bool>)> {
        let w = w.trim_start_matches(['，', ',']);
        let w = ["增速", "增幅", "增长率"]
            .iter()
            .find_map(|x| w.strip_prefix(x))
            .unwrap_or(w);
        let (noun, up) = if let Some(n) = w.strip_prefix("高于") {
            (n, Some(true))
        } else if let Some(n) = w.strip_prefix("低于") {
            (n, Some(false))
        } else {
            let n = w.strip_prefix(['比', '较'])?;
            match POINT_WORDS
                .iter()
                .find_map(|(v, up)| Some((n.strip_suffix(v)?, *up)))
            {
                Some((n, up)) => (n, Some(up)),
                None => (n, None),
            }
        };
        let noun = noun.trim_end_matches('的');
        (cjk_only(noun) && !only_period(noun)).then(|| (noun.to_string(), up))
    };
    for i in 2..sf.len() {
        // "X%，高于 [noun]（X0%）p 个百分点".
        let (x, x0, p) = (sf[i - 2], sf[i - 1], sf[i]);
        if points(p) && x.is_percent() && x0.is_percent() {
            let before = squeeze(&para.masked_text(x.end, x0.start));
            let after = squeeze(&para.masked_text(x0.end, p.start));
            if let Some(w) = before.strip_suffix(['（', '('])
                && let Some((_, said)) = compared(w)
                && let Some(rest) = after.strip_prefix(['）', ')'])
            {
                let up = match (said, rest) {
                    (Some(up), "") => Some(up),
                    (None, r) => POINT_WORDS.iter().find(|(v, _)| *v == r).map(|(_, up)| *up),
                    _ => None,
                };
                if let Some(up) = up {
                    percentage_points(para, x0, x, p, up, rec);
                }
            }
        }
        // "X%，增速比 [noun] 快 p 个百分点（[noun] 增长 X0%）".
        let (x, p, x0) = (sf[i - 2], sf[i - 1], sf[i]);
        if points(p) && x.is_percent() && x0.is_percent() {
            let before = squeeze(&para.masked_text(x.end, p.start));
            let bracket = squeeze(&para.masked_text(p.end, x0.start));
            let closes = para
                .masked_text(x0.end, para.clause_end(x0.end))
                .trim_start()
                .starts_with(['）', ')']);
            if let Some((noun, Some(up))) = compared(&before)
                && let Some(inner) = bracket.strip_prefix(['（', '('])
                && closes
                && !inner.contains(CLAUSE_MARKS)
                && cjk_count(&noun) >= 2
                && inner.starts_with(noun.as_str())
            {
                percentage_points(para, x0, x, p, up, rec);
            }
        }
    }
}

/// Words after a comparison's noun that say which way the points go.
const POINT_WORDS: [(&str, bool); 8] = [
    ("高", true),
    ("快", true),
    ("多", true),
    ("高出", true),
    ("低", false),
    ("慢", false),
    ("少", false),
    ("回落", false),
];

const CLAUSE_MARKS: [char; 7] = ['，', ',', '；', ';', '、', '（', '('];

fn cjk_only(t: &str) -> bool {
    !t.is_empty()
        && t.chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || "“”".contains(c))
}

/// "增长 r%，即由 A 增至 B", "为上年的 r%，即由 A 降至 B": a rate of change,
/// or a ratio to last year, restated by the from–to right after it (即).
fn restated(para: &Para, r: &Fig, a: &Fig, b: &Fig, rec: &mut Recorder) {
    if !r.is_percent() {
        return;
    }
    let words = squeeze(&para.masked_text(r.end, a.start));
    let w = words.trim_start_matches(['，', ',']);
    if w.len() == words.len() || !w.starts_with('即') || w.contains(['，', ',', '；', ';', '#'])
    {
        return;
    }
    if let Some(up) = changes::change_word(&r.label) {
        changes::rate_of_levels(para, a, b, r, up, rec);
        return;
    }
    let mut t = r.label.trim_end_matches('的');
    for w in ["同期", "度"] {
        t = t.strip_suffix(w).unwrap_or(t);
    }
    let ratio_word = ["为", "是", "相当于"].iter().any(|v| {
        ["上年", "去年", "上一年"]
            .iter()
            .any(|y| t.ends_with(&format!("{v}{y}")))
    });
    let Some(b_n) = b.num_in(a.unit()) else {
        return;
    };
    if !ratio_word || a.num.value == 0.0 {
        return;
    }
    let Some(ratio) = b_n.percent_of(a.num) else {
        return;
    };
    let ratio = Num {
        decimals: 2,
        ..ratio
    };
    let check = "text.change";
    compare_percent(rec, check, r.num, ratio, Severity::Error, |c, sev, note| {
        finding(
            check,
            sev,
            r.num,
            c,
            Some("%".into()),
            format!(
                "ratio to last year {}% is not {} / {} = {:.2}%{note}: 「{}」",
                show(r.num),
                show(b_n),
                show(a.num),
                ratio.value,
                para.quote(para.clause_start(r.start), b.end)
            ),
            para.location(r.start),
            vec![para.operand(a), para.operand(b), para.operand(r)],
        )
    });
}

fn points(c: &Fig) -> bool {
    c.f.kind == FigureKind::Number
        && c.f.comparator.is_none()
        && c.unit().is_some_and(|u| u.ends_with("百分点"))
}

fn signed(n: Num, up: bool) -> Num {
    if up { n } else { n.neg() }
}

/// "由 92.5% 提高到 95.8%，提高 3.3 个百分点": p = B − A.
fn percentage_points(para: &Para, a: &Fig, b: &Fig, p: &Fig, up: bool, rec: &mut Recorder) {
    let stated = signed(p.num, up);
    let diff = b.num.sub(a.num);
    let check = "text.change";
    rec.compare(check, stated, diff, |c| {
        finding(
            check,
            Severity::Error,
            stated,
            c,
            p.f.unit.clone(),
            format!(
                "change of {}{} percentage points is not {}% − {}% = {:+.2}: 「{}」",
                if up { "+" } else { "−" },
                show(p.num),
                show(b.num),
                show(a.num),
                diff.value,
                // (The base may stand in brackets after the points.)
                para.quote(para.clause_start(a.start.min(b.start)), p.end.max(a.end))
            ),
            para.location(p.start),
            vec![para.operand(a), para.operand(b), para.operand(p)],
        )
    });
}

/// A multiple written with 倍 ("1.5倍"), not a target.
fn times(f: &Fig) -> bool {
    f.f.kind == FigureKind::Number && f.f.comparator.is_none() && f.unit() == Some("倍")
}

/// "由 A 增加到 B，增长 n 倍": 增长 n 倍 counts the increase, so n = B / A − 1
/// (翻一番 is 增长 1 倍); "是 A 的 n 倍" is the ratio B / A, but it has no
/// change word and is not read here. An n that is the ratio B / A instead
/// reads 增长 n 倍 as 增长到 n 倍 — a slip of wording writers often make, not
/// of arithmetic: a `warning`; an n that is neither is an `error`.
fn times_of_levels(para: &Para, a: &Fig, b: &Fig, n: &Fig, rec: &mut Recorder) {
    let Some(ratio) = b.num_in(a.unit()).and_then(|b_n| b_n.percent_of(a.num)) else {
        return;
    };
    let ratio = ratio.scaled(-2);
    let increase = ratio.sub(Num::exact(1.0));
    let check = "text.change";
    if n.num.consistent(increase) {
        rec.pass(check);
        return;
    }
    let (severity, note) = if n.num.consistent(ratio) {
        (
            Severity::Warning,
            " (it is B / A: 增长 n 倍 read as 增长到 n 倍)",
        )
    } else {
        (Severity::Error, "")
    };
    rec.fail(finding(
        check,
        severity,
        n.num,
        crate::audit::num::round(increase.value, 2),
        Some("倍".into()),
        format!(
            "增长 {} 倍 is not {} / {} − 1 = {:.2} 倍{note}: 「{}」",
            show(n.num),
            show(b.num),
            show(a.num),
            increase.value,
            para.quote(para.clause_start(a.start), n.end)
        ),
        para.location(n.start),
        vec![para.operand(a), para.operand(b), para.operand(n)],
    ));
}

/// "由 A 增加到 B，是原来的 n 倍": n = B / A.
fn multiple_of_levels(para: &Para, a: &Fig, b: &Fig, n: &Fig, rec: &mut Recorder) {
    let Some(ratio) = b.num_in(a.unit()).and_then(|b_n| b_n.percent_of(a.num)) else {
        return;
    };
    let ratio = ratio.scaled(-2);
    let check = "text.change";
    if n.num.consistent(ratio) {
        rec.pass(check);
        return;
    }
    rec.fail(finding(
        check,
        Severity::Error,
        n.num,
        crate::audit::num::round(ratio.value, 2),
        Some("倍".into()),
        format!(
            "{} 倍 of the level before is not {} / {} = {:.2} 倍: 「{}」",
            show(n.num),
            show(b.num),
            show(a.num),
            ratio.value,
            para.quote(para.clause_start(a.start), n.end)
        ),
        para.location(n.start),
        vec![para.operand(a), para.operand(b), para.operand(n)],
    ));
}

/// The direction the words say against B − A: wrong only when B − A is
/// the other way whatever the rounding (equal within it is no finding here).
fn direction(para: &Para, a: &Fig, b: &Fig, diff: Num, up: bool, at: usize, rec: &mut Recorder) {
    let check = "text.direction";
    let wrong = if up { diff.hi < 0.0 } else { diff.lo > 0.0 };
    if !wrong {
        rec.pass(check);
        return;
    }
    let end = para.clause_end(b.end).max(at);
    rec.fail(finding(
        check,
        Severity::Error,
        a.num,
        diff.value,
        a.f.unit.clone(),
        format!(
            "the text says {} goes {} from {} to {}, but {} is {} than {}: 「{}」",
            if a.label.is_empty() {
                "the amount".to_string()
            } else {
                format!("「{}」", a.label)
            },
            if up { "up" } else { "down" },
            show(a.num),
            show(b.num),
            show(b.num),
            if diff.value < 0.0 { "less" } else { "more" },
            show(a.num),
            para.quote(para.clause_start(a.start), end)
        ),
        para.location(at),
        vec![para.operand(a), para.operand(b)],
    ));
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ran, run};
    use super::*;

    #[test]
    fn the_words_between_the_levels() {
        assert_eq!(between_levels("下降至"), Some(Some(false)));
        assert_eq!(between_levels("增加到2023年的"), Some(Some(true)));
        assert_eq!(between_levels("降至本年的"), Some(Some(false)));
        assert_eq!(between_levels("至"), Some(None));
        assert_eq!(between_levels("，其中"), None);
        assert_eq!(between_levels("下降至项目支出"), None);
        assert_eq!(between_levels("增加"), None);
    }

    #[test]
    fn amounts_from_and_to() {
        for (t, wrong, computed) in [
            (
                "公用经费支出由上年的 100.00 万元下降至 80.00 万元，下降 20.00%。",
                "下降 25.00%",
                -20.0,
            ),
            (
                "公用经费支出从2022年的 100.00 万元增加到2023年的 125.00 万元，增长 25.00%。",
                "增长 20.00%",
                25.0,
            ),
            (
                "培训费由 12.5 万元降至 10 万元，减少 2.5 万元，下降 20%。",
                "下降 25%",
                -20.0,
            ),
            (
                "项目支出由 1.20 亿元增至 15,000 万元，增长 25%。",
                "增长 20%",
                25.0,
            ),
        ] {
            let (f, s) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
            assert!(ran(&s, "text.change") >= 1, "{t}");
            assert_eq!(ran(&s, "text.direction"), 1, "{t}");
            let right = &wrong[..wrong.find(' ').unwrap()];
            let at = t.rfind(right).unwrap();
            let wrong = format!("{}{wrong}。", &t[..at]);
            let (f, _) = run(&wrong);
            assert_eq!(f.len(), 1, "{wrong}: {f:?}");
            assert_eq!(f[0].check, "text.change");
            assert_eq!(f[0].severity, Severity::Error);
            assert!(f[0].computed == computed, "{wrong}: {f:?}");
        }
        // The amount of the change.
        let (f, _) = run("培训费由 12.5 万元降至 10 万元，减少 3.5 万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].stated, f[0].computed), (-3.5, -2.5));
    }

    #[test]
    fn percentage_points_of_two_rates() {
        let t = "项目资金执行率由上年的 92.5% 提高到 95.8%，提高 3.3 个百分点。";
        let (f, s) = run(t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.change"), 1);
        let (f, _) = run(&t.replace("3.3 个", "2.3 个"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 3.3);
        // A bare % after two rates: points or relative? Left alone.
        let (f, s) = run("执行率由 80% 提高到 90%，提高 12.5%。");
        assert!(f.is_empty() && ran(&s, "text.change") == 0, "{f:?}");
    }

    #[test]
    fn percentage_points_over_a_named_base() {
        for t in [
            "群众满意度为93.6%，比上年的91.8%提高1.8个百分点。",
            "项目预算执行率为98.62%，较上年的95.30%提高3.32个百分点。",
            "群众满意度93.6%，上年为91.8%，提高1.8个百分点。",
            "结案率为88.5%，比上年的90.0%下降1.5个百分点。",
        ] {
            let (f, s) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
            assert_eq!(ran(&s, "text.change"), 1, "{t}");
        }
        let (f, _) = run("群众满意度为93.6%，比上年的91.8%提高2.8个百分点。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 1.8);
        // Two rates of different things: no base named.
        let (f, s) = run("执行率为95%，完成率90%，提高5个百分点。");
        assert!(f.is_empty() && ran(&s, "text.change") == 0, "{f:?}");
    }

    #[test]
    fn counts_and_durations_change_too() {
        let t = "平均办案周期由上年的42.5天缩短至36.8天，缩短5.7天，下降13.41%。";
        let (f, s) = run(t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.change"), 2);
        let (f, _) = run(&t.replace("13.41%", "15.49%"));
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn an_increase_of_n_times_counts_the_increase() {
        for t in [
            "项目投入由2022年的120万元增加到2024年的264万元，增长1.2倍。",
            "服务人次从上年的1,500人次增至4,500人次，增长了2倍。",
            "覆盖面积由40公顷扩大到100公顷，增长1.5倍。",
        ] {
            let (f, s) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
            assert_eq!(ran(&s, "text.change"), 1, "{t}");
        }
        let (f, _) = run("项目投入由2022年的120万元增加到2024年的264万元，增长1.5倍。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].severity, f[0].computed), (Severity::Error, 1.2));
        // n is B / A: 增长 n 倍 written for 增长到 n 倍 — a warning.
        let (f, _) = run("项目投入由120万元增加到264万元，增长2.2倍。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        // A ratio (是…的 n 倍) and a percentage are not an n-times increase.
        for t in [
            "项目投入由120万元增加到264万元，是2022年的2.2倍。",
            "项目投入由120万元增加到264万元，增长120%。",
        ] {
            let (f, _) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
        }
    }

    #[test]
    fn the_direction_the_words_say() {
        let (f, _) = run("公用经费支出由上年的 100 万元下降至 120 万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.direction");
        assert_eq!(f[0].severity, Severity::Error);
        // "由 A 至 B" has no verb: the change word after says it.
        let (f, _) = run("支出由 100 万元至 120 万元，减少 20 万元。");
        assert!(f.iter().any(|f| f.check == "text.direction"), "{f:?}");
        // Equal within rounding is no finding of direction.
        let (f, _) = run("支出由 100 万元下降至 100 万元。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn not_from_and_to() {
        for t in [
            // A range, not a change.
            "单价 50 万元至 100 万元的设备 3 台。",
            "由财政拨款 100 万元和自筹资金 20 万元组成。",
            // 由 names who, not from what.
            "由区财政安排 100 万元，增加至 120 万元的部分由单位自筹。",
        ] {
            let (f, s) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
            assert_eq!(ran(&s, "text.direction"), 0, "{t}");
        }
    }

    #[test]
    fn a_rate_or_ratio_restated_from_and_to() {
        let t = "办公费支出为上年的90%，即由上年的100万元降至90万元。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.change") == 1, "{f:?}");
        let (f, _) = run(&t.replace("90%", "95%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 90.0);
        let t = "办公费支出较上年增长-10%，即由上年的100万元减少至90万元。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.change") == 1, "{f:?}");
        let (f, _) = run(&t.replace("-10%", "-12%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, -10.0);
        // No 即: the rate may be of something else.
        let (f, s) = run("办公费支出增长8%，由上年的100万元减少至90万元。");
        assert!(ran(&s, "text.change") == 0, "{f:?}");
    }

    #[test]
    fn percentage_points_with_the_base_in_brackets_after() {
        let t = "群众满意率95.5%，同比提高1.5个百分点（上年94.0%）。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.change") == 1, "{f:?}");
        let (f, _) = run(&t.replace("1.5个", "2.5个"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 1.5);
        // Another rate in the brackets.
        let (f, s) = run("群众满意率95.5%，同比提高2.5个百分点（投诉率4.0%）。");
        assert!(f.is_empty() && ran(&s, "text.change") == 0, "{f:?}");
    }

    #[test]
    fn points_over_another_subjects_rate() {
        for t in [
            "规模以上工业增加值增长8.2%，高于全省平均水平（6.7%）1.5个百分点。",
            "农村居民人均可支配收入增长7.2%，增速比城镇居民快2.5个百分点（城镇居民增长4.7%）。",
            "一般公共预算收入增长4.2%，低于年初预期目标（6%）1.8个百分点。",
            "城镇居民人均可支配收入增长5.8%，比全国（5.1%）高0.7个百分点。",
        ] {
            let (f, s) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
            assert_eq!(ran(&s, "text.change"), 1, "{t}");
        }
        let (f, _) = run("规模以上工业增加值增长8.2%，高于全省平均水平（6.7%）2.5个百分点。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 1.5);
        // The bracket names another subject; or the comparison is with a
        // rate that stands elsewhere: not read.
        for t in [
            "农村居民人均可支配收入增长7.2%，增速比城镇居民快2.5个百分点（全省农村居民增长6.8%）。",
            "地区生产总值增长6.5%，高于全国平均水平（5.0%），比全省（5.8%）高0.7个百分点。",
        ] {
            let (f, _) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
        }
    }

    #[test]
    fn a_net_change_and_a_multiple_of_the_level_before() {
        // 4,518 − 4,126 = 392; 156 / 48 = 3.25.
        for t in [
            "年末在园幼儿数从4,126人增加至4,518人，净增292人。",
            "全市新能源公交车由48辆增加到156辆，是原来的3.5倍。",
        ] {
            let (f, _) = run(t);
            assert!(
                f.iter()
                    .any(|f| f.check == "text.change" && f.severity == Severity::Error),
                "{t}: {f:?}"
            );
        }
        for t in [
            "年末在园幼儿数从4,126人增加至4,518人，净增392人。",
            "全市新能源公交车由48辆增加到156辆，是原来的3.25倍。",
            "全市新能源公交车由48辆增加到156辆，增长2.25倍。",
            // (A multiple of another quantity.)
            "全市新能源公交车由48辆增加到156辆，是全省平均水平的1.2倍。",
        ] {
            let (f, _) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
        }
    }
}
