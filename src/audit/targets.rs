//! Targets not reached: a row whose actual value (实际完成值) falls short of a
//! target with a direction (年度指标值 "≥150万元", "≤5%") is reported as `info`
//! with the gap — a fact an auditor wants next to the arithmetic, never an
//! error: the document does not contradict itself by missing a target.

use super::grid::{Grid, RowKind};
use super::num::{self, Num};
use super::{Recorder, finding, show};
use crate::model::{Comparator, Figure, Severity};

const CHECK: &str = "target.gap";

fn column(g: &Grid, words: &[&str], not: &[&str]) -> Option<usize> {
    (0..g.table.columns.len()).find(|&c| {
        let t = g.column_title(c);
        let last = t.rsplit('/').next().unwrap_or(&t).to_string();
        words.iter().any(|w| last.contains(w)) && !not.iter().any(|w| last.contains(w))
    })
}

fn figure<'a>(g: &Grid<'a>, r: usize, c: usize) -> Option<&'a Figure> {
    g.table.rows.get(r)?.get(c)?.figure.as_ref()
}

pub fn check(g: &Grid, rec: &mut Recorder) {
    let Some(target_col) = column(
        g,
        &["指标值", "目标值", "标准值", "年度目标"],
        &["完成", "实际"],
    ) else {
        return;
    };
    let Some(actual_col) = column(
        g,
        &["实际完成值", "实际值", "完成值", "实际完成"],
        &["百分比", "率", "得分"],
    ) else {
        return;
    };
    for (r, info) in g.rows.iter().enumerate() {
        if info.kind != RowKind::Item {
            continue;
        }
        let (Some(target), Some(actual)) = (figure(g, r, target_col), figure(g, r, actual_col))
        else {
            continue;
        };
        let (Some(cmp), Some(tv), Some(av)) = (target.comparator, target.value, actual.value)
        else {
            continue;
        };
        if actual.comparator.is_some() {
            continue;
        }
        // Same measure: a unit on both sides must agree.
        if let (Some(tu), Some(au)) = (&target.unit, &actual.unit)
            && tu != au
        {
            continue;
        }
        let t = Num::written(tv, target.decimals);
        let a = Num::written(av, actual.decimals);
        let missed = match cmp {
            Comparator::Ge => a.hi < t.lo,
            Comparator::Gt => a.hi <= t.lo,
            Comparator::Le => a.lo > t.hi,
            Comparator::Lt => a.lo >= t.hi,
            Comparator::Eq | Comparator::About => continue,
        };
        if !missed {
            rec.pass(CHECK);
            continue;
        }
        let gap = num::round(av - tv, target.decimals.max(actual.decimals));
        rec.fail(finding(
            CHECK,
            Severity::Info,
            a,
            tv,
            actual.unit.clone().or_else(|| target.unit.clone()),
            format!(
                "{}: 「{}」 reached {} against a target of {} (gap {})",
                g.table_name(),
                g.label(r),
                show(a),
                target.text.trim(),
                gap
            ),
            g.location(r, actual_col),
            g.operand(r, target_col).into_iter().collect(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_table;

    #[test]
    fn a_missed_target_is_info_with_its_gap() {
        let t = test_table(
            "",
            &["指标", "年度指标值", "实际完成值"],
            &[
                &["检查企业数", "≥300家", "282家"],
                &["办结率", "≥95%", "98%"],
                &["投诉率", "≤5%", "7%"],
                &["覆盖率", "=100%", "90%"],
            ],
        );
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        assert_eq!(rec.findings.len(), 2, "{:?}", rec.findings);
        assert!(rec.findings.iter().all(|f| f.severity == Severity::Info));
        let f = &rec.findings[0];
        assert_eq!((f.stated, f.computed, f.difference), (282.0, 300.0, -18.0));
        assert!(f.message.contains("检查企业数"), "{}", f.message);
        assert_eq!(rec.findings[1].stated, 7.0);
        let c = &rec.summary.by_check[CHECK];
        assert_eq!((c.run, c.failed), (3, 0));
    }
}
