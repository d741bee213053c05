//! Derived columns: a column computed from others on every row — 执行率 =
//! 支出 / 预算, 差异率 = (决算 − 预算) / 预算, 得分率 = 得分 / 权重, 净值 = 原值 −
//! 累计折旧, 调整数 = 年初 + 追加, 权重 = 得分 + 扣分, a row total = the
//! columns before it. The relation is not guessed from the header alone: each
//! candidate formula is tried on the rows and adopted only when most rows
//! confirm it; the rows that then disagree are findings.

use super::grid::{Grid, RowKind};
use super::num::{self, Num};
use super::{Recorder, finding, show};
use crate::model::Severity;

#[derive(Debug, Clone, PartialEq)]
enum Formula {
    /// a / b × 100
    Ratio(usize, usize),
    /// (a − b) / b × 100
    Change(usize, usize),
    /// Σ plus − Σ minus
    Linear { plus: Vec<usize>, minus: Vec<usize> },
}

impl Formula {
    fn eval(&self, g: &Grid, row: usize) -> Option<Num> {
        match self {
            Formula::Ratio(a, b) => g.num(row, *a)?.percent_of(g.num(row, *b)?),
            Formula::Change(a, b) => {
                let (a, b) = (g.num(row, *a)?, g.num(row, *b)?);
                a.sub(b).percent_of(b)
            }
            Formula::Linear { plus, minus } => {
                let mut acc = Num::zero();
                for &c in plus {
                    acc = acc.add(g.num(row, c)?);
                }
                for &c in minus {
                    acc = acc.sub(g.num(row, c)?);
                }
                Some(acc)
            }
        }
    }

    fn columns(&self) -> Vec<usize> {
        match self {
            Formula::Ratio(a, b) | Formula::Change(a, b) => vec![*a, *b],
            Formula::Linear { plus, minus } => plus.iter().chain(minus).copied().collect(),
        }
    }

    fn describe(&self, g: &Grid) -> String {
        let t = |c: &usize| format!("「{}」", g.column_title(*c));
        match self {
            Formula::Ratio(a, b) => format!("{} / {} × 100%", t(a), t(b)),
            Formula::Change(a, b) => format!("({} − {}) / {} × 100%", t(a), t(b), t(b)),
            Formula::Linear { plus, minus } => {
                let mut s = plus.iter().map(t).collect::<Vec<_>>().join(" + ");
                for m in minus {
                    s.push_str(&format!(" − {}", t(m)));
                }
                s
            }
        }
    }

    /// Does the header name of the target fit this kind of formula? Used to
    /// break ties between formulas that fit the same rows.
    fn name_bonus(&self, g: &Grid, target: usize) -> i32 {
        let name = g.column_title(target);
        let has = |c: usize, ws: &[&str]| ws.iter().any(|w| g.column_title(c).contains(w));
        match self {
            Formula::Change(..)
                if ["差异", "变动", "增减", "增长", "变化", "偏差"]
                    .iter()
                    .any(|w| name.contains(w)) =>
            {
                2
            }
            Formula::Ratio(a, b) => {
                let actual = [
                    "支出", "执行", "决算", "实际", "完成", "得分", "实有", "到位",
                ];
                let plan = [
                    "预算", "计划", "目标", "权重", "编制", "分值", "安排", "批复", "核定",
                ];
                i32::from(has(*a, &actual)) + i32::from(has(*b, &plan))
            }
            _ => 0,
        }
    }
}

struct Fit {
    fits: Vec<usize>,
    misses: Vec<usize>,
    /// Every operand is non-zero on some row that fits.
    matters: bool,
}

fn try_formula(g: &Grid, target: usize, f: &Formula) -> Option<Fit> {
    let mut fit = Fit {
        fits: vec![],
        misses: vec![],
        matters: false,
    };
    let mut nonzero = vec![false; f.columns().len()];
    for r in 0..g.rows.len() {
        if g.rows[r].kind == RowKind::Blank {
            continue;
        }
        let Some(stated) = g.num(r, target) else {
            continue;
        };
        let Some(computed) = f.eval(g, r) else {
            continue;
        };
        if stated.consistent(computed) {
            for (i, c) in f.columns().iter().enumerate() {
                if g.num(r, *c).is_some_and(|n| !n.is_zero()) {
                    nonzero[i] = true;
                }
            }
            fit.fits.push(r);
        } else {
            fit.misses.push(r);
        }
    }
    // Every operand must matter somewhere, or "C = A + B" with B always 0 would
    // pass as a relation.
    fit.matters = nonzero.iter().all(|&x| x);
    Some(fit)
}

/// A rate column whose title and operand titles name its formula: "…率" over
/// an actual (实际, 执行, 决算 …) and a planned (编制, 预算, 批复 …) column, the
/// only such pair. The header states the relation, so a block of one or two
/// rows is checked too, as long as most of its rows do not deny it.
fn named_rate(g: &Grid, target: usize) -> Option<Formula> {
    if !g.column_title(target).contains('率') {
        return None;
    }
    let named: Vec<Formula> = candidates(g, target, true)
        .into_iter()
        .filter(|f| matches!(f, Formula::Ratio(..)) && f.name_bonus(g, target) == 2)
        .collect();
    match named.as_slice() {
        [f] => Some(f.clone()),
        _ => None,
    }
}

fn candidates(g: &Grid, target: usize, percent: bool) -> Vec<Formula> {
    let others: Vec<usize> = g
        .value_cols
        .iter()
        .copied()
        .filter(|&c| c != target)
        .collect();
    let mut out = Vec::new();
    if percent {
        for &a in &others {
            for &b in &others {
                if a != b {
                    out.push(Formula::Ratio(a, b));
                    out.push(Formula::Change(a, b));
                }
            }
        }
        return out;
    }
    for (i, &a) in others.iter().enumerate() {
        for &b in &others[i + 1..] {
            out.push(Formula::Linear {
                plus: vec![a, b],
                minus: vec![],
            });
        }
        for &b in &others {
            if a != b {
                out.push(Formula::Linear {
                    plus: vec![a],
                    minus: vec![b],
                });
            }
        }
    }
    // A row total over a run of adjacent columns.
    for len in 3..=others.len().min(6) {
        for w in others.windows(len) {
            if w.windows(2).all(|p| p[1] == p[0] + 1) {
                out.push(Formula::Linear {
                    plus: w.to_vec(),
                    minus: vec![],
                });
            }
        }
    }
    out
}

pub fn check(g: &Grid, rec: &mut Recorder) {
    let mut adopted: Vec<Vec<usize>> = Vec::new();
    // In a score sheet, scores follow deduction rules, not weight × completion:
    // only a declared 得分率 is derived from 得分 / 权重.
    let score_sheet = super::scores::is_score_sheet(g);
    let targets: Vec<(usize, bool)> = g
        .percent_cols
        .iter()
        .filter(|&&c| !score_sheet || g.column_title(c).contains("得分率"))
        .map(|&c| (c, true))
        .chain(g.value_cols.iter().map(|&c| (c, false)))
        .collect();
    for (target, percent) in targets {
        let mut best: Option<(Formula, Fit, i32)> = None;
        let named = if percent { named_rate(g, target) } else { None };
        for f in candidates(g, target, percent) {
            let Some(fit) = try_formula(g, target, &f) else {
                continue;
            };
            let n = fit.fits.len();
            let checkable = n + fit.misses.len();
            let confirmed =
                fit.matters && n >= 3 && (n * 5 >= checkable * 4 || fit.misses.len() <= 1);
            let stated =
                named.as_ref() == Some(&f) && checkable > 0 && fit.misses.len() <= n.max(1);
            if !confirmed && !stated {
                continue;
            }
            let bonus = f.name_bonus(g, target);
            let better = match &best {
                None => true,
                Some((bf, bfit, bb)) => {
                    (n, bonus, usize::MAX - f.columns().len())
                        > (bfit.fits.len(), *bb, usize::MAX - bf.columns().len())
                }
            };
            if better {
                best = Some((f, fit, bonus));
            }
        }
        let Some((formula, fit, _)) = best else {
            continue;
        };
        // The same relation found from another target column is not checked twice.
        let mut key: Vec<usize> = formula.columns();
        key.push(target);
        key.sort_unstable();
        if adopted.contains(&key) {
            continue;
        }
        adopted.push(key);
        let check = if percent {
            "table.rate"
        } else {
            "table.derived"
        };
        for _ in &fit.fits {
            rec.pass(check);
        }
        for &r in &fit.misses {
            let (Some(stated), Some(computed)) = (g.num(r, target), formula.eval(g, r)) else {
                continue;
            };
            let operands = formula
                .columns()
                .iter()
                .filter_map(|&c| g.operand(r, c))
                .collect();
            let decimals = if percent {
                stated.decimals.max(2)
            } else {
                computed.decimals
            };
            rec.fail(finding(
                check,
                Severity::Error,
                stated,
                num::round(computed.value, decimals),
                g.unit(target),
                format!(
                    "{}: row 「{}」: 「{}」 is {} but {} gives {:.*} (the relation holds on {} other rows)",
                    g.table_name(),
                    g.label(r),
                    g.column_title(target),
                    show(stated),
                    formula.describe(g),
                    decimals as usize,
                    computed.value,
                    fit.fits.len()
                ),
                g.location(r, target),
                operands,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_table;

    fn run(columns: &[&str], rows: &[&[&str]]) -> Recorder {
        let t = test_table("万元", columns, rows);
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        rec
    }

    #[test]
    fn a_rate_column_confirmed_on_the_rows_flags_the_odd_one() {
        let rec = run(
            &["项目", "预算数", "支出数", "执行率"],
            &[
                &["甲", "100.00", "90.00", "90.00%"],
                &["乙", "200.00", "150.00", "75.00%"],
                &["丙", "50.00", "50.00", "100.00%"],
                &["丁", "80.00", "60.00", "70.00%"],
                &["戊", "40.00", "10.00", "25.00%"],
            ],
        );
        // Adopted: four rows of five (80%) confirm 支出 / 预算.
        assert_eq!(rec.findings.len(), 1, "{:?}", rec.findings);
        let f = &rec.findings[0];
        assert_eq!(f.check, "table.rate");
        assert_eq!(f.stated, 70.0);
        assert_eq!(f.computed, 75.0);
        assert_eq!(f.location.row, Some(3));
        assert_eq!(f.location.column, Some(3));
        assert_eq!(rec.summary.by_check["table.rate"].passed, 4);
    }

    #[test]
    fn differences_within_rounding_pass() {
        // 721.30 − 624.77 = 96.53 is consistent with a stated 96.52.
        let rec = run(
            &["资产", "原值", "累计折旧", "净值"],
            &[
                &["房屋", "1000.00", "400.00", "600.00"],
                &["设备", "500.00", "120.50", "379.50"],
                &["无形资产", "721.30", "624.77", "96.52"],
            ],
        );
        assert!(
            rec.findings.iter().all(|f| f.severity != Severity::Error),
            "{:?}",
            rec.findings
        );
    }

    #[test]
    fn a_relation_most_rows_deny_is_not_asserted() {
        let rec = run(
            &["项目", "预算数", "支出数", "执行率"],
            &[
                &["甲", "100.00", "90.00", "12.00%"],
                &["乙", "200.00", "150.00", "33.00%"],
                &["丙", "50.00", "50.00", "100.00%"],
                &["丁", "80.00", "60.00", "5.00%"],
            ],
        );
        assert!(rec.findings.is_empty(), "{:?}", rec.findings);
    }
}
