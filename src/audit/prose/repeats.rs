//! `text.repeat`: the same label given two different amounts in one sentence
//! (within one '；' item: a new item may have a new subject).

use super::sentence::{Para, cjk_count, is_change_label};
use crate::audit::{Recorder, finding, show};
use crate::model::Severity;

/// The same label given two different amounts in one sentence.
pub(super) fn check(para: &Para, s: &super::Sentence, rec: &mut Recorder) {
    let sf = &s.figs[..];
    for (i, x) in sf.iter().enumerate() {
        if !x.is_amount() || cjk_count(&x.label) < 2 || is_change_label(&x.label) {
            continue;
        }
        for y in &sf[i + 1..] {
            // A '；' opens a new list item whose subject may differ (收入… ；支出…).
            if para.masked_text(x.end, y.start).contains(['；', ';']) {
                break;
            }
            if !y.is_amount() || y.label != x.label || y.unit() != x.unit() {
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
            break;
        }
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
