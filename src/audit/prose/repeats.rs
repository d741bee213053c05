//! `text.repeat`: the same label given two different amounts in one sentence
//! (within one '；' item: a new item may have a new subject).

use super::sentence::{Para, cjk_count, is_change_label};
use crate::audit::{Recorder, finding, show};
use crate::model::Severity;

/// The same label given two different amounts in one sentence: each amount
/// against the next one with its label and unit, unless a '；' stands
/// between them (a new list item may have a new subject: 收入… ；支出…).
/// Linear in the sentence: the next amount of each label is found by one
/// pass from the right, the '；' by their positions.
pub(super) fn check(para: &Para, s: &super::Sentence, rec: &mut Recorder) {
    let sf = &s.figs[..];
    let mut next: Vec<Option<usize>> = vec![None; sf.len()];
    let mut seen: std::collections::HashMap<(&str, Option<&str>), usize> =
        std::collections::HashMap::new();
    for (i, f) in sf.iter().enumerate().rev() {
        if f.is_amount() {
            next[i] = seen.insert((f.label.as_str(), f.unit()), i);
        }
    }
    let end = s.b.min(para.masked.len());
    let semicolons: Vec<usize> = (s.a.min(end)..end)
        .filter(|&i| matches!(para.masked[i], '；' | ';'))
        .collect();
    for (i, x) in sf.iter().enumerate() {
        if !x.is_amount() || cjk_count(&x.label) < 2 || is_change_label(&x.label) {
            continue;
        }
        let Some(y) = next[i].map(|j| sf[j]) else {
            continue;
        };
        let k = semicolons.partition_point(|&p| p < x.end);
        if semicolons.get(k).is_some_and(|&p| p < y.start) {
            continue;
        }
        let check = "text.repeat";
        rec.compare(check, y.num, x.num, |c| {
            finding(
                check,
                Severity::Error,
                y.num,
                c,
                y.f.unit.clone(),
                format!(
                    "「{}」 is given as {} and as {} in the same sentence: 「{}」",
                    x.label,
                    show(x.num),
                    show(y.num),
                    para.quote(x.start, y.end)
                ),
                para.location(y.start),
                vec![para.operand(x), para.operand(y)],
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::run;
    #[test]
    fn same_label_two_amounts() {
        let (f, _) = run("住房公积金 120.00 万元，主要用于缴存，住房公积金 112.50 万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.repeat");
        let (f, _) = run("2023年支出 100 万元，2024年支出 120 万元。");
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run(
            "收入调整数 1972.47 万元，决算数 1972.47 万元；支出调整数 1971.60 万元，决算数 1971.60 万元。",
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
