//! `text.rate`: "预算数 B …，实际支出 S，预算执行率为 r%" — r = S / B.

use super::sentence::{Fig, Para, has_any};
use crate::audit::num::{self, Num};
use crate::audit::{Recorder, finding, show};
use crate::model::Severity;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Money {
    Budget,
    Spent,
    Other,
}

/// What a money figure names, from the last keyword of its label (the head
/// of a Chinese noun phrase is at its end): "基本支出年初预算数" is a budget,
/// "部门预算支出" and "预算执行数" are spending.
fn money_kind(label: &str) -> Money {
    let last = |words: &[&str]| words.iter().filter_map(|w| label.rfind(w)).max();
    if has_any(label, &["结余", "节约", "差额", "增加", "减少", "收入"]) {
        return Money::Other;
    }
    let budget = last(&["预算", "安排", "调整", "下达", "批复"]);
    let spent = last(&["支出", "执行数", "决算", "实际", "使用", "支付", "拨付"]);
    match (budget, spent) {
        (Some(x), Some(y)) if x > y => Money::Budget,
        (Some(_), Some(_)) => Money::Spent,
        (Some(_), None) => Money::Budget,
        (None, Some(_)) => Money::Spent,
        (None, None) => Money::Other,
    }
}

/// rates: "全年预算数 B 万元 … 实际支出 S 万元 …，预算执行率为 r%".
pub(super) fn check(para: &Para, a: usize, b: usize, sf: &[&Fig], rec: &mut Recorder) {
    let mut seg_start = 0;
    for (i, r) in sf.iter().enumerate() {
        if !(r.is_percent() && r.label.contains("执行率")) {
            continue;
        }
        let seg = &sf[seg_start..i];
        seg_start = i + 1;
        let Some(spent) = seg
            .iter()
            .rev()
            .find(|f| f.is_amount() && money_kind(&f.label) == Money::Spent)
        else {
            continue;
        };
        let budgets: Vec<&&Fig> = seg
            .iter()
            .filter(|f| {
                f.is_amount()
                    && f.unit() == spent.unit()
                    && !f.label.contains('占')
                    && money_kind(&f.label) == Money::Budget
            })
            .collect();
        let rates: Vec<(Num, &&Fig)> = budgets
            .iter()
            .filter_map(|bf| spent.num.percent_of(bf.num).map(|x| (x, *bf)))
            .collect();
        let Some(&(first, budget)) = rates.last() else {
            continue;
        };
        let check = "text.rate";
        if rates.iter().any(|(x, _)| x.consistent(r.num)) {
            rec.pass(check);
            continue;
        }
        let c = num::round(first.value, 2);
        rec.fail(finding(
            check,
            Severity::Error,
            r.num,
            c,
            Some("%".into()),
            format!(
                "执行率 {}% is not 「{}」 {} / 「{}」 {} = {:.2}%: 「{}」",
                show(r.num),
                spent.label,
                show(spent.num),
                budget.label,
                show(budget.num),
                first.value,
                para.quote(seg.first().map_or(a, |f| f.start), r.end.min(b))
            ),
            para.location(),
            vec![para.operand(spent), para.operand(budget)],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::run;
    use super::*;
    #[test]
    fn rates_from_budget_and_spending() {
        let (f, _) = run(
            "项目年初预算数 555.20 万元，全年预算数 514.58 万元，实际支出 500.00 万元，预算执行率为 100.00%。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.rate");
        assert_eq!(f[0].computed, 97.17);
        // Rounding: 26 / 263 = 9.89% is consistent with a stated 10%.
        let (f, _) = run("全年预算 263 万元，实际支出 26 万元，执行率 10%。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn money_kinds_follow_the_head_word() {
        assert_eq!(money_kind("基本支出年初预算数"), Money::Budget);
        assert_eq!(money_kind("部门预算支出"), Money::Spent);
        assert_eq!(money_kind("预算执行数"), Money::Spent);
        assert_eq!(money_kind("结余"), Money::Other);
    }
}
