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
                let plan = ["预算", "计划", "目标", "权重", "编制", "分值", "安排"];
                i32::from(has(*a, &actual)) + i32::from(has(*b, &plan))
            }
            _ => 0,
        }
    }
}

struct Fit {
    fits: Vec<usize>,
    misses: Vec<usize>,
}

fn try_formula(g: &Grid, target: usize, f: &Formula) -> Option<Fit> {
    let mut fit = Fit {
        fits: vec![],
        misses: vec![],
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
    (nonzero.iter().all(|&x| x)).then_some(fit)
}

/// Most formula evaluations the search may spend on one table. A real table
/// needs a few thousand; only a pathological one (hundreds of columns of the
/// same value) reaches it, and then the search stops with a warning rather
/// than running for minutes.
pub const MAX_SEARCH_WORK: usize = 20_000_000;

/// A candidate formula, ordered as the search tries them: for percent
/// targets a / b and (a − b) / b for every ordered pair of columns; for value
/// targets a + b (a before b) and a − b for each a in turn, then row totals
/// over runs of 3 to 6 adjacent columns (shortest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Pair {
    /// Ratio (kind 0) or Change (kind 1) of column a over column b.
    Percent { a: usize, b: usize, kind: u8 },
    /// a + b (kind 0, a < b) or a − b (kind 1).
    Linear { a: usize, kind: u8, b: usize },
    /// The sum of `len` adjacent columns from `start`.
    Run { len: usize, start: usize },
}

impl Pair {
    fn formula(self) -> Formula {
        match self {
            Pair::Percent { a, b, kind: 0 } => Formula::Ratio(a, b),
            Pair::Percent { a, b, .. } => Formula::Change(a, b),
            Pair::Linear { a, kind: 0, b } => Formula::Linear {
                plus: vec![a, b],
                minus: vec![],
            },
            Pair::Linear { a, b, .. } => Formula::Linear {
                plus: vec![a],
                minus: vec![b],
            },
            Pair::Run { len, start } => Formula::Linear {
                plus: (start..start + len).collect(),
                minus: vec![],
            },
        }
    }
}

/// One row's numbers in the value columns, sorted by value, and the sums of
/// its runs of adjacent value columns, sorted by value.
struct RowNums {
    row: usize,
    sorted: Vec<(f64, usize, Num)>,
    runs: Vec<(f64, Pair)>,
    /// Largest half-width of a rounding interval in the row.
    half: f64,
    /// Largest magnitude in the row.
    big: f64,
}

impl RowNums {
    /// Positions in `sorted` of the numbers with value in [lo, hi].
    fn within(&self, lo: f64, hi: f64) -> std::ops::Range<usize> {
        let from = self.sorted.partition_point(|x| x.0 < lo);
        let to = self.sorted.partition_point(|x| x.0 <= hi);
        from..to.max(from)
    }
}

/// The per-row index the search looks numbers up in; built once per table.
fn index_rows(g: &Grid) -> Vec<RowNums> {
    let mut out = Vec::new();
    for r in 0..g.rows.len() {
        if g.rows[r].kind == RowKind::Blank {
            continue;
        }
        let mut sorted: Vec<(f64, usize, Num)> = g
            .value_cols
            .iter()
            .filter_map(|&c| g.num(r, c).map(|n| (n.value, c, n)))
            .collect();
        let half = sorted
            .iter()
            .map(|x| (x.2.hi - x.2.value).max(x.2.value - x.2.lo))
            .fold(0.0, f64::max);
        let big = sorted.iter().map(|x| x.0.abs()).fold(0.0, f64::max);
        // Runs of adjacent columns, all present (`sorted` is in column order here).
        let mut runs = Vec::new();
        for i in 0..sorted.len() {
            let mut sum = sorted[i].2;
            for j in i + 1..sorted.len().min(i + 6) {
                if sorted[j].1 != sorted[j - 1].1 + 1 {
                    break;
                }
                sum = sum.add(sorted[j].2);
                let len = j - i + 1;
                if len >= 3 {
                    runs.push((
                        sum.value,
                        Pair::Run {
                            len,
                            start: sorted[i].1,
                        },
                    ));
                }
            }
        }
        runs.sort_by(|x, y| x.0.total_cmp(&y.0));
        sorted.sort_by(|x, y| x.0.total_cmp(&y.0));
        out.push(RowNums {
            row: r,
            sorted,
            runs,
            half,
            big,
        });
    }
    out
}

/// The candidate formulas for `target` that hold on at least three rows (the
/// least any adopted relation needs), in the order the search tries them.
///
/// Trying every pair of columns on every row would cost columns³ × rows over
/// a table. Instead each row's numbers are sorted once ([`index_rows`]) and,
/// for each operand, only the numbers that could complete the relation within
/// rounding are looked up — a window derived from the interval arithmetic of
/// `num` — and confirmed with the exact check. `work` counts the
/// confirmations; None once it passes [`MAX_SEARCH_WORK`].
fn candidates(
    g: &Grid,
    index: &[RowNums],
    target: usize,
    percent: bool,
    work: &mut usize,
) -> Option<Vec<Formula>> {
    use std::collections::HashMap;
    let rows_with_target = index
        .iter()
        .filter(|rn| g.num(rn.row, target).is_some())
        .count();
    if rows_with_target < 3 {
        return Some(Vec::new());
    }
    let mut fits: HashMap<Pair, u32> = HashMap::new();
    for rn in index {
        let r = rn.row;
        let Some(t) = g.num(r, target) else { continue };
        // Each lookup counts as work too, so a wide table cannot run long.
        *work += rn.sorted.len();
        let mut confirm = |p: Pair| {
            *work += 1;
            if p.formula().eval(g, r).is_some_and(|c| t.consistent(c)) {
                *fits.entry(p).or_insert(0) += 1;
            }
        };
        let half = rn.half;
        if percent {
            // q = a / b, or (a − b) / b, must meet t / 100. For a divisor d in
            // b's interval, a·sign(d) lies between t·d and t·d (+ b for a
            // change): the window below holds every a that can. Float noise
            // (`Num::consistent`) is allowed for generously.
            let e = 1e-6 * (1.0 + t.value.abs());
            let (tlo, thi) = ((t.lo - e) / 100.0, (t.hi + e) / 100.0);
            for &(_, b, bn) in &rn.sorted {
                if bn.lo <= 0.0 && bn.hi >= 0.0 {
                    continue; // `percent_of` refuses a divisor that may be zero
                }
                for (kind, base) in [(0u8, [0.0, 0.0]), (1u8, [bn.lo, bn.hi])] {
                    let mut lo = f64::INFINITY;
                    let mut hi = f64::NEG_INFINITY;
                    for k in [tlo, thi] {
                        for x in base {
                            for d in [bn.lo, bn.hi] {
                                lo = lo.min(x + k * d);
                                hi = hi.max(x + k * d);
                            }
                        }
                    }
                    let slack = half + 1e-9 * (1.0 + lo.abs().max(hi.abs()));
                    for i in rn.within(lo - slack, hi + slack) {
                        let a = rn.sorted[i].1;
                        if a != b {
                            confirm(Pair::Percent { a, b, kind });
                        }
                    }
                }
            }
        } else {
            let e = 2e-9 * (1.0 + t.value.abs() + 6.0 * rn.big) + half;
            for &(_, a, an) in &rn.sorted {
                if a == target {
                    continue;
                }
                // t = a + b: b near t − a; t = a − b: b near a − t.
                for i in rn.within(t.lo - an.hi - e, t.hi - an.lo + e) {
                    let b = rn.sorted[i].1;
                    if b > a && b != target {
                        confirm(Pair::Linear { a, kind: 0, b });
                    }
                }
                for i in rn.within(an.lo - t.hi - e, an.hi - t.lo + e) {
                    let b = rn.sorted[i].1;
                    if b != a && b != target {
                        confirm(Pair::Linear { a, kind: 1, b });
                    }
                }
            }
            // Row totals: the run's sum near t (its interval is at most six
            // half-widths wide).
            let from = rn.runs.partition_point(|x| x.0 < t.lo - 6.0 * e);
            for &(_, p) in rn.runs[from..].iter().take_while(|x| x.0 <= t.hi + 6.0 * e) {
                if let Pair::Run { len, start } = p
                    && !(start..start + len).contains(&target)
                {
                    confirm(p);
                }
            }
        }
        if *work > MAX_SEARCH_WORK {
            return None;
        }
    }
    let mut pairs: Vec<Pair> = fits
        .into_iter()
        .filter(|&(_, n)| n >= 3)
        .map(|(p, _)| p)
        .collect();
    pairs.sort_unstable();
    Some(pairs.into_iter().map(Pair::formula).collect())
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
    let index = index_rows(g);
    let mut work = 0usize;
    for (target, percent) in targets {
        let mut best: Option<(Formula, Fit, i32)> = None;
        let Some(found) = candidates(g, &index, target, percent, &mut work) else {
            rec.warn(
                "limit.derived_search",
                format!(
                    "{}: the search for derived columns stopped after {MAX_SEARCH_WORK} trials (too many columns of equal values); later columns were not checked",
                    g.table_name()
                ),
            );
            return;
        };
        for f in found {
            work += g.rows.len();
            let Some(fit) = try_formula(g, target, &f) else {
                continue;
            };
            let n = fit.fits.len();
            let checkable = n + fit.misses.len();
            if n < 3 || n * 5 < checkable * 4 {
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
