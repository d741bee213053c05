//! `text.parts`: "总额为 X，其中 A 为 a，B 为 b" — the parts of a money whole add
//! up to it (two or more parts and no hedge such as 主要/等); a part never
//! exceeds its whole.

use super::sentence::{CLAUSE_MARK, Fig, Para, at_most, has_any, is_change_label};
use crate::audit::num;
use crate::audit::{Recorder, finding, show};
use crate::model::Severity;

/// whole vs parts: "总额为 X，其中 A 为 a，B 为 b".
pub(super) fn check(
    para: &Para,
    a: usize,
    b: usize,
    sf: &[&Fig],
    prev: &[&Fig],
    rec: &mut Recorder,
) {
    let text = para.text(a, b);
    let Some(q_rel) = text.find("其中") else {
        return;
    };
    let q = a + text[..q_rel].chars().count();
    // The whole: the last money figure before 其中 in this sentence, or — when
    // 其中 opens the sentence — the last one of the sentence before.
    let before: Vec<&&Fig> = sf.iter().filter(|f| f.end <= q).collect();
    let whole = if before.is_empty() {
        let lead = para.text(a, q);
        if lead
            .chars()
            .any(|c| !c.is_whitespace() && !CLAUSE_MARK.contains(&c))
        {
            return;
        }
        prev.iter().rev().find(|f| f.is_amount()).copied()
    } else {
        before.last().copied().copied().filter(|f| f.is_amount())
    };
    let Some(whole) = whole.filter(|w| !is_change_label(&w.label)) else {
        return;
    };
    // The parts: the first money figure of each clause after 其中, until a second 其中.
    let mut items: Vec<&Fig> = Vec::new();
    let mut last_clause = usize::MAX;
    for f in sf.iter().filter(|f| f.start >= q) {
        let lead = para.masked_text(q + 2, f.start);
        if lead.contains("其中") {
            break;
        }
        let clause = lead.chars().filter(|c| CLAUSE_MARK.contains(c)).count();
        if clause == last_clause {
            continue;
        }
        last_clause = clause;
        if !f.is_amount() || f.unit() != whole.unit() || f.label.is_empty() {
            continue;
        }
        if is_change_label(&f.label) || f.label.contains('占') {
            continue;
        }
        items.push(f);
    }
    if items.is_empty() {
        return;
    }
    let total = num::sum(items.iter().map(|f| f.num));
    let names: Vec<String> = items
        .iter()
        .map(|f| format!("{} {}", f.label, show(f.num)))
        .collect();
    let end = items.last().map_or(b, |f| f.end);
    let tail = para.text(items[0].start, b);
    let hedged = has_any(&tail, &["主要", "等", "包括", "部分"])
        || has_any(&items[0].label, &["主要", "包括"]);
    let over = !at_most(total, whole.num);
    let under = !at_most(whole.num, total);
    let check = "text.parts";
    if !over && (!under || items.len() < 2 || hedged) {
        rec.pass(check);
        return;
    }
    let start = whole.start.min(q);
    let mut operands = vec![para.operand(whole)];
    operands.extend(items.iter().map(|f| para.operand(f)));
    let computed = num::round(total.value, total.decimals);
    let relation = if over { "more than" } else { "not" };
    rec.fail(finding(
        check,
        Severity::Error,
        whole.num,
        computed,
        whole.f.unit.clone(),
        format!(
            "「{}」 {} is {relation} the sum of its parts (其中) {} = {}: 「{}」",
            whole.label,
            show(whole.num),
            names.join(" + "),
            show(total),
            para.quote(start.min(a.max(start)), end)
        ),
        para.location(),
        operands,
    ));
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ran, run};
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
    }
}
