//! `text.share` of a structure written as a ratio: "第一产业增加值 28.6 亿元，
//! 第二产业增加值 118.2 亿元，第三产业增加值 139.6 亿元，三次产业结构为
//! 10.0:41.3:48.7" — the ratio's terms are the amounts' shares of their sum.
//!
//! Two readings, by the words before the ratio in its clause:
//! - a structure or ratio the amounts just before it have (结构为, 比例为, 之比,
//!   比为): the amounts are the run of money amounts (or counts in one measure
//!   word) that ends just before the ratio — nothing else between them, as
//!   many as the ratio has terms (after a 其中 or '：' or a whole they add up
//!   to when the run is longer),
//!   in the sentence or, when the ratio's sentence has none, the sentence
//!   before. Terms adding up to 100 are percentages, each held to its written
//!   decimals; off by one unit of the last decimal only (an office rounding
//!   its shares to add up to 100) is a `warning`, more an `error`. Other terms
//!   (4:3:3) are proportions: each amount's part of the sum is the term's part
//!   of the terms' sum, an `error` when it is not;
//! - a ratio a rule follows (按 4:3:3 比例分担): the amounts after it in the
//!   sentence (a total first is stepped over when the rest add up to it), as
//!   many as the terms — what they are (shares, or funds arrived so far) is
//!   not certain, so only a `warning`.
//!
//! Not read: a ratio that was (由 …, 上年, 同期) or a ratio changed into
//! another (调整为, 变为), a ratio with a number glued to it (a time, a date).

use super::Sentence;
use super::sentence::{Fig, Para, has_any, last_digit_slip};
use crate::audit::num::{self, Num};
use crate::audit::{Recorder, finding, show};
use crate::model::Severity;

const CHECK: &str = "text.share";

/// Words before a ratio that say the amounts before it have it.
const OF_BEFORE: [&str; 5] = ["结构", "比例", "之比", "比为", "比是"];
/// Words before a ratio that make it a rule applied to what follows.
const RULE: [&str; 3] = ["按照", "依照", "按"];
/// Words that make a ratio one of another time or a stage of a change.
const NOT_NOW: [&str; 6] = ["由", "从", "上年", "去年", "同期", "上一年"];
/// Words after a ratio that make it the start of a change.
const CHANGED_INTO: [&str; 5] = ["调整为", "调整到", "变为", "转变为", "优化为"];

const RATIO_MARKS: [char; 3] = [':', '：', '∶'];

/// A ratio found in a sentence: its terms and where it stands (chars of the
/// passage).
struct Ratio {
    terms: Vec<Num>,
    start: usize,
    end: usize,
}

/// The ratios of chars [a, b) of the passage: two or more numbers joined by
/// ':' / '：' / '∶' (spaces allowed), no digit glued before or after.
fn ratios(para: &Para, a: usize, b: usize) -> Vec<Ratio> {
    let chars: Vec<char> = para.text(a, b).chars().collect();
    let number = |i: usize| -> Option<(usize, Num)> {
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        if j == i {
            return None;
        }
        let mut decimals = 0u8;
        if j + 1 < chars.len() && chars[j] == '.' && chars[j + 1].is_ascii_digit() {
            j += 1;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
                decimals += 1;
            }
        }
        let s: String = chars[i..j].iter().collect();
        let v: f64 = s.parse().ok()?;
        let n = if decimals == 0 {
            Num::exact(v)
        } else {
            Num::written(v, decimals)
        };
        Some((j, n))
    };
    let skip_spaces = |mut i: usize| {
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        i
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let glued = i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.');
        let Some((mut j, first)) = (!glued).then(|| number(i)).flatten() else {
            i += 1;
            continue;
        };
        let mut terms = vec![first];
        loop {
            let k = skip_spaces(j);
            let next = (k < chars.len() && RATIO_MARKS.contains(&chars[k]))
                .then(|| number(skip_spaces(k + 1)))
                .flatten();
            let Some((next, n)) = next else {
                break;
            };
            terms.push(n);
            j = next;
        }
        let glued_after = chars
            .get(j)
            .is_some_and(|c| c.is_ascii_digit() || RATIO_MARKS.contains(c) || *c == '.');
        if terms.len() >= 2 && !glued_after {
            out.push(Ratio {
                terms,
                start: a + i,
                end: a + j,
            });
        }
        i = j.max(i + 1);
    }
    out
}

pub(super) fn check(para: &Para, s: &Sentence, rec: &mut Recorder) {
    for r in ratios(para, s.a, s.b) {
        // The ratio's clause: back to a '，' / '；' / '：' / '。'.
        let masked: Vec<char> = para.masked_text(s.a, r.start).chars().collect();
        let from = s.a
            + masked
                .iter()
                .rposition(|c| ['，', '；', '：', '。', ',', ';', ':'].contains(c))
                .map_or(0, |k| k + 1);
        let clause = para.masked_text(from, r.start);
        let after = para.text(r.end, (r.end + 4).min(s.b));
        if has_any(&clause, &NOT_NOW) || CHANGED_INTO.iter().any(|w| after.starts_with(w)) {
            continue;
        }
        if has_any(&clause, &RULE) {
            if let Some(items) = after_ratio(para, s, &r) {
                compare(para, &r, &items, Severity::Warning, rec);
            }
        } else if has_any(&clause, &OF_BEFORE) || after.starts_with("比例") {
            // (Figures in the clause are the structure's name: 三次产业.)
            let mut run = run_before(para, &s.figs, from);
            // (The sentence before only when this one states no amount
            // outside the ratio's clause: "收支之比为 1:2.5，全年收入 a、支出
            // b" is of its own; 三次 of 三次产业 is a name.)
            let outside = |f: &&&Fig| f.end <= from || f.start >= r.end;
            if run.is_none() && !s.figs.iter().filter(outside).any(|f| f.is_measured_level()) {
                run = run_before(para, &s.prev, usize::MAX);
            }
            if let Some(items) = run {
                compare(para, &r, &items, Severity::Error, rec);
            }
        }
    }
}

/// The run of amounts that ends just before `until` (figures of `figs`
/// before it): every one measured in one unit, none in brackets, none
/// other between them. When longer than the terms, the part after a 其中 /
/// '：' is taken if it has exactly that many.
fn run_before<'s, 'a>(para: &Para, figs: &[&'s Fig<'a>], until: usize) -> Option<Vec<&'s Fig<'a>>> {
    let before: Vec<&Fig> = figs.iter().copied().filter(|f| f.end <= until).collect();
    let mut run: Vec<&Fig> = Vec::new();
    for f in before.iter().rev() {
        let same_unit = run
            .first()
            .is_none_or(|g: &&Fig| f.num_in(g.unit()).is_some());
        if !f.is_measured_level() || !same_unit {
            break;
        }
        run.push(f);
    }
    run.reverse();
    let first = run.first()?;
    let from = para.item_start(first.start, first.start);
    if para
        .bracket_depths(from, &run.iter().map(|f| f.start).collect::<Vec<_>>())
        .iter()
        .any(|&d| d > 0)
    {
        return None;
    }
    Some(run)
}

/// The amounts after a rule's ratio, in its sentence.
fn after_ratio<'s, 'a>(para: &Para, s: &Sentence<'s, 'a>, r: &Ratio) -> Option<Vec<&'s Fig<'a>>> {
    let after: Vec<&Fig> = s
        .figs
        .iter()
        .copied()
        .filter(|f| f.start >= r.end)
        .collect();
    if after.iter().any(|f| !f.is_measured_level()) {
        return None;
    }
    let depths = para.bracket_depths(r.end, &after.iter().map(|f| f.start).collect::<Vec<_>>());
    if depths.iter().any(|&d| d > 0) {
        return None;
    }
    let k = r.terms.len();
    if after.len() == k {
        return Some(after);
    }
    if after.len() == k + 1 {
        let unit = after[0].unit();
        let rest: Option<Vec<Num>> = after[1..].iter().map(|f| f.num_in(unit)).collect();
        if num::sum(rest?).consistent(after[0].num) {
            return Some(after[1..].to_vec());
        }
    }
    None
}

/// The amounts' shares against the ratio's terms; a finding for each
/// percentage that does not fit, one for proportions that do not.
fn compare(para: &Para, r: &Ratio, run: &[&Fig], severity: Severity, rec: &mut Recorder) {
    let k = r.terms.len();
    // The run's last k, when a 其中 / '：' opens them or the run is k long.
    if run.len() < k {
        return;
    }
    let items = &run[run.len() - k..];
    if run.len() > k {
        let gap = para.masked_text(run[run.len() - k - 1].end, items[0].start);
        // (Or a whole the k add up to just before them.)
        let whole = run[run.len() - k - 1];
        let adds_up = items
            .iter()
            .map(|f| f.num_in(whole.unit()))
            .collect::<Option<Vec<Num>>>()
            .is_some_and(|ns| num::sum(ns).consistent(whole.num));
        if !(gap.contains("其中") || gap.contains('：') || (run.len() == k + 1 && adds_up)) {
            return;
        }
    }
    let unit = items[0].unit();
    let Some(ns) = items
        .iter()
        .map(|f| f.num_in(unit))
        .collect::<Option<Vec<Num>>>()
    else {
        return;
    };
    let whole = num::sum(ns.iter().copied());
    let terms_sum = num::sum(r.terms.iter().copied());
    // (Terms near 100 in all are percentages, one of them perhaps the
    // mistake: "8.8:36.3:52.9" adds up to 98.0.)
    let percent = (terms_sum.value - 100.0).abs() <= 5.0;
    let mut failed = false;
    for (i, (f, n)) in items.iter().zip(&ns).enumerate() {
        let Some(share) = n.percent_of(whole) else {
            return;
        };
        let stated = r.terms[i];
        let (fits, expected) = if percent {
            (stated.consistent(share), share)
        } else {
            let Some(of_terms) = stated.percent_of(terms_sum) else {
                return;
            };
            (
                of_terms.consistent(share),
                Num {
                    value: share.value / 100.0 * terms_sum.value,
                    lo: share.lo / 100.0 * terms_sum.value,
                    hi: share.hi / 100.0 * terms_sum.value,
                    decimals: stated.decimals.max(2),
                },
            )
        };
        if fits {
            continue;
        }
        failed = true;
        let severity = if percent && last_digit_slip(stated, share) {
            Severity::Warning
        } else {
            severity
        };
        let terms: Vec<String> = r.terms.iter().map(|t| show(*t)).collect();
        let message = format!(
            "term {} of the ratio {} is {}, but {} {} is {} of the {} amounts' sum {}: 「{}」",
            i + 1,
            terms.join(":"),
            show(stated),
            f.label.trim(),
            show(*n),
            if percent {
                format!("{}%", num::round(share.value, 2))
            } else {
                format!(
                    "{} parts in {}",
                    num::round(expected.value, 2),
                    show(terms_sum)
                )
            },
            k,
            show(whole),
            para.quote(items[0].start, r.end)
        );
        rec.fail(finding(
            CHECK,
            severity,
            stated,
            num::round(expected.value, stated.decimals.max(2)),
            None,
            message,
            para.location(r.start),
            items.iter().map(|f| para.operand(f)).collect(),
        ));
        // (A proportion's terms move together: one finding says it.)
        if !percent {
            break;
        }
    }
    if !failed {
        rec.pass(CHECK);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ran, run};
    use crate::model::Severity;

    fn structure(text: &str) -> Vec<crate::model::Finding> {
        let (f, _) = run(text);
        f.into_iter()
            .filter(|f| f.check == "text.share" && f.message.contains("of the ratio"))
            .collect()
    }

    #[test]
    fn a_structure_is_the_amounts_shares() {
        let bad = "第一产业增加值42.6亿元；第二产业增加值186.4亿元；第三产业增加值257.2亿元；三次产业结构调整为8.8∶36.3∶52.9。";
        let f = structure(bad);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].stated, 36.3);
        assert!((f[0].computed - 38.34).abs() < 0.01, "{f:#?}");
        assert_eq!(f[0].operands.len(), 3);
        let ok = "2024年全县生产总值286.4亿元，同比增长5.6%；其中第一产业增加值28.6亿元，第二产业增加值118.2亿元，第三产业增加值139.6亿元，三次产业结构为10.0:41.3:48.7。";
        assert!(structure(ok).is_empty());
        assert_eq!(ran(&run(ok).1, "text.share"), 1);
        let swapped = ok.replace("41.3:48.7", "48.7:41.3");
        assert_eq!(structure(&swapped).len(), 2);
        // In the sentence before, and as proportions.
        assert_eq!(structure("第一产业增加值42.6亿元，第二产业增加值186.4亿元，第三产业增加值257.2亿元。三次产业结构为8.8:36.3:52.9。").len(), 1);
        assert!(
            structure("省级承担200万元、市级承担150万元、县级承担150万元，分担比例为4:3:3。")
                .is_empty()
        );
        let f = structure("省级承担200万元、市级承担150万元、县级承担150万元，分担比例为5:3:3。");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn a_rule_ratio_warns_and_others_are_not_read() {
        let f = structure(
            "项目资金按省、市、县4:3:3比例分担，总额500万元，其中省级承担250万元，市级150万元，县级100万元。",
        );
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f.iter().all(|f| f.severity == Severity::Warning));
        assert!(structure("项目资金按省、市、县4:3:3比例分担，总额500万元，其中省级承担200万元，市级150万元，县级150万元。").is_empty());
        for unread in [
            // A rule applied to what the amounts before are not.
            "中央补助100万元、省级50万元、市级30万元，不足部分由县乡村按5:3:2比例分担。",
            // A ratio that was, then what it became.
            "第一产业增加值42.6亿元，第二产业增加值186.4亿元，第三产业增加值257.2亿元，三次产业结构由9.8:42.1:48.1调整为8.8:38.3:52.9。",
            // Rounded so that the shares add up to 100: one unit off warns.
            "甲类支出33.33万元，乙类支出33.33万元，丙类支出33.34万元，结构为33.3:33.3:33.3。",
            // More amounts than terms, no 其中.
            "生产总值286.4亿元，第一产业28.6亿元，第二产业118.2亿元，第三产业139.6亿元，结构为10.0:41.3:48.7。",
            // A time.
            "会议于9:30召开，安排资金100万元、200万元。",
            // Amounts after the ratio: not the sentence before's.
            "上年收入40亿元，支出90亿元。今年收入与支出之比为1:2.5，全年收入42.6亿元、支出106.5亿元。",
        ] {
            assert!(
                structure(unread)
                    .iter()
                    .all(|f| f.severity != Severity::Error),
                "{unread}: {:#?}",
                structure(unread)
            );
        }
    }
}
