//! `text.repeat`: the same label given two different amounts in one sentence
//! (within one '；' item: a new item may have a new subject).

use super::sentence::{CLAUSE_MARK, Para, cjk_count, is_change_label};
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
        if requalified(para, x.end, para.clause_start(y.start)) || new_item(sf, i, next[i]) {
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

/// A clause between the two amounts that scopes what follows it ("在其他
/// 政府采购项目中，" / "由小微企业供应商中标或成交的，" / "其中，" / "对…"):
/// the second label may be the same words about another subject, as in a
/// list of parallel items written with commas instead of '；'.
fn requalified(para: &Para, from: usize, to: usize) -> bool {
    let words = para.masked_text(from, to);
    words
        .split(|c: char| CLAUSE_MARK.contains(&c))
        .map(str::trim)
        .any(|clause| {
            clause.ends_with(['的', '中', '时', '后', '前'])
                || ["在", "对", "由", "其中", "按", "从", "另"]
                    .iter()
                    .any(|w| clause.starts_with(w))
        })
}

/// Whether an amount between figure `i` and figure `j` (the next with the
/// same label) starts a parallel item about another subject: its label
/// ends like the label of one of the amounts just before `i` but names
/// another head ("基本支出年初预算数 …，全年预算数 …，项目支出年初预算数 …，
/// 全年预算数 …": the second 全年预算数 is the 项目支出's).
fn new_item(sf: &[&super::sentence::Fig], i: usize, j: Option<usize>) -> bool {
    let Some(j) = j else { return false };
    let earlier: Vec<&str> = sf[..=i]
        .iter()
        .rev()
        .filter(|f| f.is_amount())
        .take(8)
        .map(|f| f.label.as_str())
        .collect();
    sf[i + 1..j]
        .iter()
        .filter(|z| z.is_amount() && cjk_count(&z.label) >= 2)
        .any(|z| {
            earlier
                .iter()
                .any(|l| *l != z.label && shared_end(l, &z.label) >= 2)
        })
}

/// How many chars two labels share at their ends.
fn shared_end(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::super::test_util::run;
    #[test]
    fn same_label_two_amounts() {
        let (f, _) = run("住房公积金 120.00 万元，主要用于缴存，住房公积金 112.50 万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.repeat");
        // Parallel items with commas, each scoped by the clause before it.
        let (f, _) = run(
            "在面向中小企业预留的项目中，由中小企业供应商中标的，采购金额 225.10 万元，在面向小微企业预留的项目中，由小微企业供应商中标的，采购金额 164.87 万元，在其他项目中，采购金额 0.00 万元。",
        );
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("支出合计 120.00 万元，其中，支出合计 112.50 万元。");
        assert!(f.is_empty(), "{f:?}");
        // A parallel item about another subject, written with commas.
        let (f, _) = run(
            "基本支出年初预算数 3,883.60 万元，全年预算数 3,796.10 万元，实际支出 3,796.10 万元，项目支出年初预算数 555.20 万元，全年预算数 514.58 万元，实际支出 514.58 万元。",
        );
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("2023年支出 100 万元，2024年支出 120 万元。");
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run(
            "收入调整数 1972.47 万元，决算数 1972.47 万元；支出调整数 1971.60 万元，决算数 1971.60 万元。",
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
