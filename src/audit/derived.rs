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
use crate::structure::tables::ColumnRole;

#[derive(Debug, Clone, PartialEq)]
enum Formula {
    /// a / b × 100
    Ratio(usize, usize),
    /// (a − b) / b × 100
    Change(usize, usize),
    /// Σ plus − Σ minus
    Linear { plus: Vec<usize>, minus: Vec<usize> },
    /// The sum of the columns a total column's title heads, an empty cell
    /// counting 0 ([`named_total`]).
    Total(Vec<usize>),
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
                // A rate among amounts (an 增减率 row) adds up to nothing.
                if plus.iter().chain(minus).any(|&c| percent_cell(g, row, c)) {
                    return None;
                }
                // A part printed "-" in a row of amounts is 0 (`Grid::amount`).
                let mut acc = Num::zero();
                for &c in plus {
                    acc = acc.add(g.amount(row, c)?);
                }
                for &c in minus {
                    acc = acc.sub(g.amount(row, c)?);
                }
                Some(acc)
            }
            Formula::Total(parts) => {
                if parts.iter().any(|&c| percent_cell(g, row, c)) {
                    return None;
                }
                let nums: Vec<Num> = parts.iter().filter_map(|&c| g.num(row, c)).collect();
                (!nums.is_empty()).then(|| num::sum(nums))
            }
        }
    }

    fn columns(&self) -> Vec<usize> {
        match self {
            Formula::Ratio(a, b) | Formula::Change(a, b) => vec![*a, *b],
            Formula::Linear { plus, minus } => plus.iter().chain(minus).copied().collect(),
            Formula::Total(parts) => parts.clone(),
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
            Formula::Total(parts) => parts.iter().map(t).collect::<Vec<_>>().join(" + "),
        }
    }

    /// Does the header name of the target fit this kind of formula? Used to
    /// break ties between formulas that fit the same rows.
    fn name_bonus(&self, g: &Grid, target: usize) -> i32 {
        let name = g.column_title(target);
        let has = |c: usize, ws: &[&str]| ws.iter().any(|w| g.column_title(c).contains(w));
        match self {
            Formula::Change(..) if super::grid::is_change_title(&name) => 2,
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

/// A percentage in a cell (a rate row's cell in a column of amounts).
fn percent_cell(g: &Grid, row: usize, col: usize) -> bool {
    g.table
        .rows
        .get(row)
        .and_then(|r| r.get(col))
        .is_some_and(|c| {
            c.unit.as_deref() == Some("%")
                || c.figure
                    .as_ref()
                    .is_some_and(|f| f.unit.as_deref() == Some("%"))
        })
}

/// The stated cell a sum is compared with: not a percentage (a rate row's
/// cell under a column of amounts states no amount).
fn stated_amount(g: &Grid, f: &Formula, row: usize, col: usize) -> Option<Num> {
    let sum = matches!(f, Formula::Linear { .. } | Formula::Total(_));
    if sum && percent_cell(g, row, col) {
        return None;
    }
    g.num(row, col)
}

struct Fit {
    fits: Vec<usize>,
    misses: Vec<usize>,
    /// Rows where a sum's cells are only partly filled (an empty cell read
    /// as 0) that fit / do not fit: they confirm or deny a relation found
    /// from the data, but are never reported themselves.
    partial_fits: usize,
    partial_misses: usize,
}

impl Fit {
    fn new() -> Fit {
        Fit {
            fits: vec![],
            misses: vec![],
            partial_fits: 0,
            partial_misses: 0,
        }
    }
}

/// A sum or difference on a row where some of its cells are empty: the
/// empty ones read as 0, when at least one operand holds an amount and every
/// cell is an amount or empty. ("合计 = 上年结转 + 一般公共预算" must also hold
/// on the rows with no 上年结转: there 合计 = 一般公共预算.)
fn partial_linear(g: &Grid, target: usize, f: &Formula, r: usize) -> Option<(Num, Num)> {
    let Formula::Linear { plus, minus } = f else {
        return None;
    };
    let cell =
        |c: usize| -> Option<Num> { g.amount(r, c).or_else(|| g.is_blank(r, c).then(Num::zero)) };
    if !plus.iter().chain(minus).any(|&c| g.amount(r, c).is_some())
        || std::iter::once(&target)
            .chain(plus)
            .chain(minus)
            .any(|&c| percent_cell(g, r, c))
    {
        return None;
    }
    let stated = cell(target)?;
    let mut acc = Num::zero();
    for &c in plus {
        acc = acc.add(cell(c)?);
    }
    for &c in minus {
        acc = acc.sub(cell(c)?);
    }
    Some((stated, acc))
}

fn try_formula(g: &Grid, target: usize, f: &Formula) -> Option<Fit> {
    let mut fit = Fit::new();
    let mut nonzero = vec![false; f.columns().len()];
    for r in 0..g.rows.len() {
        if g.rows[r].kind == RowKind::Blank {
            continue;
        }
        let full = stated_amount(g, f, r, target).zip(f.eval(g, r));
        let Some((stated, computed)) = full else {
            if let Some((stated, computed)) = partial_linear(g, target, f, r) {
                if stated.consistent(computed) {
                    for (i, c) in f.columns().iter().enumerate() {
                        if g.num(r, *c).is_some_and(|n| !n.is_zero()) {
                            nonzero[i] = true;
                        }
                    }
                    fit.partial_fits += 1;
                } else {
                    fit.partial_misses += 1;
                }
            }
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

/// The rows of a named total: each with the total and a part filled in.
/// Parts that are empty or 0 on every row are allowed (a 结转下年资金 of
/// nothing), but two must hold an amount somewhere, or one on rows that
/// confirm it.
fn try_total(g: &Grid, target: usize, f: &Formula) -> Option<Fit> {
    let mut fit = Fit::new();
    let cols = f.columns();
    let mut used = vec![false; cols.len()];
    for r in 0..g.rows.len() {
        if g.rows[r].kind == RowKind::Blank {
            continue;
        }
        let (Some(stated), Some(computed)) = (stated_amount(g, f, r, target), f.eval(g, r)) else {
            continue;
        };
        for (i, &c) in cols.iter().enumerate() {
            used[i] |= g.num(r, c).is_some_and(|n| !n.is_zero());
        }
        if stated.consistent(computed) {
            fit.fits.push(r);
        } else {
            fit.misses.push(r);
        }
    }
    // One part holding amounts (the others 0 or "-" on every row) is enough
    // when three rows confirm the total: 合计 = 财政拨款收入 where a
    // department has no other income.
    let used = used.iter().filter(|&&u| u).count();
    (used >= 2 || (used == 1 && fit.fits.len() >= 3)).then_some(fit)
}

/// What a column measures, from its title's role: people and other counts
/// (人, 辆) are never added to money, nor points to either.
fn measure(g: &Grid, c: usize) -> ColumnRole {
    match g.roles.get(c) {
        Some(r @ (ColumnRole::Count | ColumnRole::Score)) => *r,
        _ => ColumnRole::Value,
    }
}

/// The ratio a rate column's title names (执行率, 完成率, 控制率 …): the one
/// column of actual amounts over the one column of planned ones, by their
/// titles ("实际在职人数" ÷ "编制数", "决算数" ÷ "预算数").
fn named_ratio(g: &Grid, target: usize) -> Option<Formula> {
    let title = g.column_title(target);
    let last = title.rsplit('/').next().unwrap_or(&title);
    let rates = [
        "执行率",
        "完成率",
        "控制率",
        "到位率",
        "使用率",
        "支出率",
        "利用率",
    ];
    if !rates.iter().any(|w| last.contains(w)) {
        return None;
    }
    let named = |words: &[&str]| -> Vec<usize> {
        g.value_cols
            .iter()
            .copied()
            .filter(|&c| {
                let t = g.column_title(c);
                let t = t.rsplit('/').next().unwrap_or(&t).to_string();
                words.iter().any(|w| t.contains(w))
            })
            .collect()
    };
    let actual = named(&[
        "实际", "执行", "决算", "完成", "实有", "到位", "在职", "使用",
    ]);
    let plan = named(&["预算", "计划", "批复", "编制", "核定", "目标"]);
    match (actual.as_slice(), plan.as_slice()) {
        ([a], [b]) if a != b && measure(g, *a) == measure(g, *b) => Some(Formula::Ratio(*a, *b)),
        _ => None,
    }
}

/// A total column by its title ("合计", "小计", "总计", "本年支出合计") over the number
/// columns beside it under the same heading: the 支出预算总表's "合计 | 基本支出
/// | 项目支出 | 单位预留机动经费 | 结转下年资金", a 收入总表's seven sources.
/// Tried when the rows confirm no formula: a table of one row (every Jiangsu
/// 支出预算总表), or more parts than the searched runs of columns. Each part
/// is a column of its own (a heading with columns under it is left to the
/// rows), none a 其中, a year, a change or a share, and there are two or more;
/// a column of dashes is a part counting 0, and so is a column left empty in
/// a standard disclosure table ([`template_total`]).
fn named_total(g: &Grid, target: usize) -> Option<Formula> {
    let norm = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
    let title = norm(&g.column_title(target));
    let (parent, last) = match title.rsplit_once('/') {
        Some((p, l)) => (format!("{p}/"), l),
        None => (String::new(), title.as_str()),
    };
    // "合计", or a total naming what it adds ("本年支出合计", "收入总计"),
    // not another year's.
    let named = matches!(last, "合计" | "小计" | "总计")
        || ((last.ends_with("合计") || last.ends_with("总计"))
            && last.chars().count() <= 8
            && !["上年", "去年", "同期", "其中"]
                .iter()
                .any(|w| last.contains(w)));
    if !named {
        return None;
    }
    let template = template_total(g);
    let mut parts = Vec::new();
    for c in 0..g.table.columns.len() {
        if c == target {
            continue;
        }
        let t = norm(g.table.columns.get(c).map_or("", |t| t.as_str()));
        let Some(rest) = t.strip_prefix(parent.as_str()) else {
            continue;
        };
        // A column of dashes ("-" on every row that has a cell) is a source
        // the unit does not have: a part, counting 0.
        let value = g.value_cols.contains(&c);
        let dashes = || {
            (0..g.rows.len()).all(|r| g.is_blank(r, c))
                && (0..g.rows.len()).any(|r| g.dash_zero(r, c).is_some())
        };
        // In a standard disclosure table (its template fixes the 合计), a
        // column left empty on every row is a source with nothing to report:
        // a part counting 0 (财政拨款收支总表: 合计 | 一般公共预算 | 政府性基金
        // (empty) | 国有资本经营 (empty)).
        let empty = || template && (0..g.rows.len()).all(|r| g.is_blank(r, c));
        if !value && !dashes() && !empty() {
            continue;
        }
        let not_a_part = [
            "其中", "上年", "去年", "同期", "增减", "增长", "减少", "变动", "比", "率", "占", "%",
            "％", "合计", "小计", "总计",
        ];
        if rest.contains('/')
            || not_a_part.iter().any(|w| rest.contains(w))
            || measure(g, c) != measure(g, target)
        {
            if value {
                return None;
            }
            continue;
        }
        parts.push(c);
    }
    (parts.len() >= 2).then_some(Formula::Total(parts))
}

/// Standard disclosure tables whose template fixes their totals: a 合计
/// column is the sum of the columns beside it, a 合计 row of the classes
/// under it; a miss there is an error even on the table's only row or over
/// its only class. The kind is the structure stage's (`Table::kind`, set in
/// disclosures only), and the caption must state it: a kind read from the
/// columns alone is position.
pub(super) fn template_total(g: &Grid) -> bool {
    use crate::model::TableKind::*;
    g.table.kind.is_some_and(|k| {
        matches!(
            k,
            IncomeSummary
                | ExpenditureSummary
                | FiscalAppropriationSummary
                | GeneralBudgetByFunction
                | GeneralBudgetBasicByEconomic
                | GovernmentFund
                | StateCapitalOperation
                | FiscalAppropriationByFunction
                | FiscalAppropriationBasicByEconomic
                | OperatingExpenses
                | ProjectExpenditure
        ) && g
            .table
            .caption
            .as_deref()
            .and_then(crate::structure::kind::table_kind)
            == Some(k)
    })
}

fn candidates(g: &Grid, target: usize, percent: bool) -> Vec<Formula> {
    let others: Vec<usize> = g
        .value_cols
        .iter()
        .copied()
        .filter(|&c| c != target)
        .collect();
    let same = |cs: &[usize]| cs.windows(2).all(|w| measure(g, w[0]) == measure(g, w[1]));
    let mut out = candidates_of(&others, percent);
    out.retain(|f| {
        let mut cs = f.columns();
        if !percent {
            cs.push(target);
        }
        same(&cs)
    });
    // (Points whose titles name them, whatever role each column was given:
    // 得分 and 加分 may be read as scores, 基础分 as a plain value.)
    if !percent {
        out.extend(with_bonus(g, &others));
    }
    out
}

/// A score with its bonus and deduction: 综合得分 = 基础分 + 加分 − 扣分, when
/// the titles name a 加分 and a 扣分 (减分) column — for each other column as
/// the base (the rows then decide which one it is, as for every candidate).
/// Deductions some sheets print signed (−0.5) are added, not subtracted: a
/// sheet with one signed deduction is read as signed throughout.
fn with_bonus(g: &Grid, others: &[usize]) -> Vec<Formula> {
    let titled = |ws: &[&str]| {
        others
            .iter()
            .copied()
            .find(|&c| ws.iter().any(|w| g.column_title(c).contains(w)))
    };
    let (Some(plus), Some(minus)) = (titled(&["加分"]), titled(&["扣分", "减分"])) else {
        return Vec::new();
    };
    let signed = (0..g.rows.len()).any(|r| g.num(r, minus).is_some_and(|n| n.value < 0.0));
    others
        .iter()
        .filter(|&&a| a != plus && a != minus)
        .map(|&a| {
            if signed {
                Formula::Linear {
                    plus: vec![a, plus, minus],
                    minus: Vec::new(),
                }
            } else {
                Formula::Linear {
                    plus: vec![a, plus],
                    minus: vec![minus],
                }
            }
        })
        .collect()
}

fn candidates_of(others: &[usize], percent: bool) -> Vec<Formula> {
    let mut out = Vec::new();
    if percent {
        for &a in others {
            for &b in others {
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
        for &b in others {
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

/// Most number columns a table may have for the search over their relations
/// (pairs and runs of columns per target: cubic in the columns). Published
/// tables have a few dozen; a row of thousands of numbers is not a table
/// whose columns relate.
const MAX_SEARCH_COLUMNS: usize = 64;

pub fn check(g: &Grid, rec: &mut Recorder) {
    let columns = g.value_cols.len() + g.percent_cols.len();
    if columns > MAX_SEARCH_COLUMNS {
        rec.warn(
            "limit.derived_search",
            format!(
                "{}: {columns} number columns; relations between columns are not searched beyond {MAX_SEARCH_COLUMNS}",
                g.table.caption.as_deref().unwrap_or("a table")
            ),
        );
        return;
    }
    // Comparisons of two periods named by their titles first: the same
    // relation found again from the data below is not checked twice.
    let mut adopted: Vec<Vec<usize>> = Vec::new();
    for cols in column_comparisons(g, rec) {
        let (earlier, later) = (cols[0], cols[1]);
        for &derived in &cols[2..] {
            let mut key = vec![earlier, later, derived];
            key.sort_unstable();
            adopted.push(key);
        }
    }
    row_comparison(g, rec);
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
        // Time spent: stop; `audit::run` fails the document on the budget.
        if crate::limits::check().is_err() {
            return;
        }
        // A column of zeros and dashes is derived from nothing: "事业收入 =
        // 合计 − 财政拨款收入" would only restate 合计 = 财政拨款收入, and
        // blame the zero for a wrong total (the total's own check finds it).
        if !(0..g.rows.len()).any(|r| g.num(r, target).is_some_and(|n| !n.is_zero())) {
            continue;
        }
        let mut best: Option<(Formula, Fit, i32)> = None;
        for f in candidates(g, target, percent) {
            let Some(fit) = try_formula(g, target, &f) else {
                continue;
            };
            let n = fit.fits.len();
            let bonus = f.name_bonus(g, target);
            // Confirmed by the rows: three that fit and at most one (or a
            // fifth) that does not; two, when the titles name the relation.
            let confirmed = |n: usize, misses: usize| {
                let checkable = n + misses;
                (n >= 3 && (misses <= 1 || n * 5 >= checkable * 4))
                    || (n >= 2 && misses <= 1 && bonus >= 2)
            };
            // By the rows that hold every cell, and by those too where some
            // of a sum's cells are empty: a relation must hold on the rows
            // that have values in its columns (two such rows denying it are
            // more than a slip: the relation is another).
            if !confirmed(n, fit.misses.len())
                || fit.partial_misses > 1
                || !confirmed(n + fit.partial_fits, fit.misses.len() + fit.partial_misses)
            {
                continue;
            }
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
        // A rate its title defines, in a block too small to confirm it.
        if best.is_none()
            && percent
            && let Some(f) = named_ratio(g, target)
        {
            let mut fit = Fit::new();
            for r in 0..g.rows.len() {
                let (Some(stated), Some(computed)) = (g.num(r, target), f.eval(g, r)) else {
                    continue;
                };
                if stated.consistent(computed) {
                    fit.fits.push(r);
                } else {
                    fit.misses.push(r);
                }
            }
            // The titles state the relation: checked unless most rows deny it
            // (a block with a planted defect and a slip has two misses in four).
            if fit.misses.len() <= fit.fits.len().max(1) {
                best = Some((f, fit, 2));
            }
        }
        // A total its title names, over too few rows (or too many parts) to
        // be found above: checked unless most rows deny it. An error where
        // the rows confirm it or the table's template defines it; on one row
        // of a table of no known kind, what the title says is all there is.
        let mut severity = Severity::Error;
        if best.is_none()
            && !percent
            && let Some(f) = named_total(g, target)
            && let Some(fit) = try_total(g, target, &f)
            && fit.misses.len() <= fit.fits.len().max(1)
        {
            if fit.fits.len() < 2 && !template_total(g) {
                severity = Severity::Warning;
            }
            best = Some((f, fit, 2));
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
            let (Some(stated), Some(computed)) =
                (stated_amount(g, &formula, r, target), formula.eval(g, r))
            else {
                continue;
            };
            let operands = formula
                .columns()
                .iter()
                .filter_map(|&c| g.amount_operand(r, c))
                .collect();
            let decimals = if percent {
                stated.decimals.max(2)
            } else {
                computed.decimals
            };
            let why = match formula {
                Formula::Total(_) if fit.fits.is_empty() => "its title makes it their total".into(),
                _ => format!("the relation holds on {} other rows", fit.fits.len()),
            };
            rec.fail(finding(
                check,
                severity,
                stated,
                num::round(computed.value, decimals),
                g.unit(target),
                format!(
                    "{}: row 「{}」: 「{}」 is {} but {} gives {:.*} ({why})",
                    g.table_name(),
                    g.label(r),
                    g.column_title(target),
                    show(stated),
                    formula.describe(g),
                    decimals as usize,
                    computed.value,
                ),
                g.location(r, target),
                operands,
            ));
        }
    }
}

/// What a line (a row's label, or one level of a column's title) of a
/// comparison of two periods says it is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Line {
    /// A period's level: a year (2024年决算数), or 上年 (0) / 本年 (1).
    Period { order: u16, year: bool },
    /// 增减额 (增减, 增减数, 变动额, 比上年增减 …).
    Change,
    /// 增减率 (增长率, 增幅, 变动率, 增减（%）…).
    Rate,
}

/// The line a label names, if any: exactly one period, or a change or a
/// rate of change with no period of its own.
fn comparison_line(label: &str) -> Option<Line> {
    let t: String = super::grid::strip_marker(label)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() || t.chars().count() > 16 {
        return None;
    }
    let has = |ws: &[&str]| ws.iter().any(|w| t.contains(w));
    let change_word = has(&["增减", "增（减）", "增(减)", "变动", "增长", "变化"]);
    let rate_word = has(&["率", "幅", "%", "％", "比例", "百分"]);
    if change_word || has(&["增幅", "降幅"]) {
        return Some(if rate_word { Line::Rate } else { Line::Change });
    }
    // A level: a period and nothing that compares (比上年, 差额, 占比), nor
    // an amount carried over (上年结转, 本年结余).
    if has(&[
        "比", "差", "占", "率", "%", "％", "增", "减", "结转", "结余",
    ]) {
        return None;
    }
    let years = crate::structure::kind::years_in(&t);
    let earlier = has(&["上年", "上期", "去年", "上一年", "前一年"]);
    let later = has(&["本年", "本期", "今年", "当年"]);
    match (years.as_slice(), earlier, later) {
        ([(_, y)], false, false) => Some(Line::Period {
            order: *y,
            year: true,
        }),
        ([], true, false) => Some(Line::Period {
            order: 0,
            year: false,
        }),
        ([], false, true) => Some(Line::Period {
            order: 1,
            year: false,
        }),
        _ => None,
    }
}

/// The lines of one comparison: the earlier and the later period, and the
/// change and / or its rate. None unless every line is one of these, the two
/// periods are ordered by the same kind of words (two years, or 上年 and
/// 本年) and there is a change or a rate.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Comparison {
    earlier: usize,
    later: usize,
    change: Option<usize>,
    rate: Option<usize>,
}

fn comparison(lines: &[(usize, Line)]) -> Option<Comparison> {
    let periods: Vec<(usize, u16, bool)> = lines
        .iter()
        .filter_map(|&(i, l)| match l {
            Line::Period { order, year } => Some((i, order, year)),
            _ => None,
        })
        .collect();
    let changes: Vec<usize> = lines
        .iter()
        .filter(|(_, l)| *l == Line::Change)
        .map(|(i, _)| *i)
        .collect();
    let rates: Vec<usize> = lines
        .iter()
        .filter(|(_, l)| *l == Line::Rate)
        .map(|(i, _)| *i)
        .collect();
    let [(a, oa, ya), (b, ob, yb)] = periods.as_slice() else {
        return None;
    };
    if ya != yb || oa == ob || changes.len() > 1 || rates.len() > 1 {
        return None;
    }
    if changes.is_empty() && rates.is_empty() {
        return None;
    }
    let (earlier, later) = if oa < ob { (*a, *b) } else { (*b, *a) };
    Some(Comparison {
        earlier,
        later,
        change: changes.first().copied(),
        rate: rates.first().copied(),
    })
}

/// One relation of a comparison at one place: the stated cell, what it is
/// computed from (the operands' cells), and the computed value.
struct Compared {
    check: &'static str,
    at: (usize, usize),
    stated: Num,
    computed: Num,
    operands: Vec<(usize, usize)>,
    what: String,
}

/// The relations a comparison states across one line of cells: 增减额 =
/// later − earlier, 增减率 = (later − earlier) ÷ earlier × 100 (a rate of a
/// zero base is not checked). `cell(line)` gives the (row, column) of the
/// comparison's line at this place.
fn compare_at(
    g: &Grid,
    cmp: &Comparison,
    cell: &dyn Fn(usize) -> (usize, usize),
    name: &dyn Fn(usize) -> String,
) -> Vec<Compared> {
    let mut out = Vec::new();
    let (e, l) = (cell(cmp.earlier), cell(cmp.later));
    let (Some(before), Some(after)) = (g.amount(e.0, e.1), g.amount(l.0, l.1)) else {
        return out;
    };
    // Both levels written as a dash: nothing compared.
    if g.num(e.0, e.1).is_none() && g.num(l.0, l.1).is_none() {
        return out;
    }
    let diff = after.sub(before);
    if let Some(c) = cmp.change.map(&cell)
        && let Some(stated) = g.num(c.0, c.1)
    {
        out.push(Compared {
            check: "table.derived",
            at: c,
            stated,
            computed: diff,
            operands: vec![c, l, e],
            what: format!("{} − {}", name(cmp.later), name(cmp.earlier)),
        });
    }
    if let Some(r) = cmp.rate.map(&cell)
        && let Some(stated) = g.num(r.0, r.1)
        && let Some(rate) = diff.percent_of(before)
    {
        out.push(Compared {
            check: "table.rate",
            at: r,
            stated,
            computed: rate,
            operands: vec![r, l, e],
            what: format!(
                "({} − {}) ÷ {} × 100%",
                name(cmp.later),
                name(cmp.earlier),
                name(cmp.earlier)
            ),
        });
    }
    out
}

/// Report the relations of one comparison: each an `error` (the words state
/// it), unless most places deny it — then the words mean something else (a
/// change counted the other way), and nothing is asserted.
fn report_comparison(
    g: &Grid,
    rec: &mut Recorder,
    found: Vec<Compared>,
    place: &dyn Fn(usize, usize) -> String,
) {
    for check in ["table.derived", "table.rate"] {
        let of: Vec<&Compared> = found.iter().filter(|c| c.check == check).collect();
        let misses = of
            .iter()
            .filter(|c| !c.stated.consistent(c.computed))
            .count();
        let fits = of.len() - misses;
        if of.is_empty() || misses > fits.max(1) {
            continue;
        }
        for c in of {
            if c.stated.consistent(c.computed) {
                rec.pass(check);
                continue;
            }
            let decimals = if check == "table.rate" {
                c.stated.decimals.max(2)
            } else {
                c.computed.decimals
            };
            rec.fail(finding(
                check,
                Severity::Error,
                c.stated,
                num::round(c.computed.value, decimals),
                g.unit(c.at.1),
                format!(
                    "{}: {} is {} but {} gives {:.*} (the words compare the two periods)",
                    g.table_name(),
                    place(c.at.0, c.at.1),
                    show(c.stated),
                    c.what,
                    decimals as usize,
                    c.computed.value,
                ),
                g.location(c.at.0, c.at.1),
                c.operands
                    .iter()
                    .filter_map(|&(r, col)| g.amount_operand(r, col))
                    .collect(),
            ));
        }
    }
}

/// A comparison of two periods laid out in rows (上年 / 本年 / 增减额 /
/// 增减率 under a 项目 column, the items across: a 三公经费 table compared
/// with last year): every number column, row by row relations.
fn row_comparison(g: &Grid, rec: &mut Recorder) {
    // The number columns: amounts in the level rows, a percentage in the
    // rate row (a column of both is neither a value nor a percent column).
    let cols: Vec<usize> = (0..g.table.columns.len())
        .filter(|&c| Some(c) != g.label_col)
        .filter(|&c| {
            !matches!(
                g.roles.get(c),
                Some(ColumnRole::Index | ColumnRole::Code | ColumnRole::Date)
            )
        })
        .filter(|&c| (0..g.rows.len()).filter(|&r| g.num(r, c).is_some()).count() >= 2)
        .collect();
    let numbered: Vec<usize> = (0..g.rows.len())
        .filter(|&r| g.rows[r].kind != RowKind::Blank)
        .filter(|&r| cols.iter().any(|&c| g.num(r, c).is_some()))
        .collect();
    let lines: Option<Vec<(usize, Line)>> = numbered
        .iter()
        .map(|&r| comparison_line(g.label(r)).map(|l| (r, l)))
        .collect();
    let Some(cmp) = lines.as_deref().and_then(comparison) else {
        return;
    };
    let mut found = Vec::new();
    for &c in &cols {
        let name = |r: usize| format!("「{}」", g.label(r));
        found.extend(compare_at(g, &cmp, &|r| (r, c), &name));
    }
    report_comparison(g, rec, found, &|r, c| {
        format!("「{}」 in column 「{}」", g.label(r), g.column_title(c))
    });
}

/// A comparison of two periods laid out in columns (上年决算数 | 本年决算数 |
/// 增减额 | 增减率, one level of the titles; the others, if any, the same:
/// "因公出国（境）费/2023年" beside "因公出国（境）费/2024年"): row by row
/// relations, on any number of rows (a table of one row too). Returns the
/// columns of each comparison found.
fn column_comparisons(g: &Grid, rec: &mut Recorder) -> Vec<Vec<usize>> {
    let mut cols: Vec<usize> = g
        .value_cols
        .iter()
        .chain(&g.percent_cols)
        .copied()
        .collect();
    cols.sort_unstable();
    // Each number column: (the rest of its title, its line).
    let mut groups: Vec<(String, Vec<(usize, Line)>)> = Vec::new();
    // The titles of the number columns that are no line, by level.
    let mut loose: Vec<Vec<String>> = Vec::new();
    for &c in &cols {
        let title = g.column_title(c);
        let segs: Vec<&str> = title.split('/').collect();
        let named: Vec<(usize, Line)> = segs
            .iter()
            .enumerate()
            .filter_map(|(i, s)| comparison_line(s).map(|l| (i, l)))
            .collect();
        let [(i, line)] = named.as_slice() else {
            loose.push(segs.iter().map(|s| s.to_string()).collect());
            continue;
        };
        let mut rest = segs.clone();
        rest.remove(*i);
        let key = rest.join("/");
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push((c, *line)),
            None => groups.push((key, vec![(c, *line)])),
        }
    }
    let mut out = Vec::new();
    for (key, lines) in &groups {
        // A number column beside them under the same heading that is none of
        // the lines (预算数 beside 上年决算数 | 本年决算数 | 增减): the change
        // may be of either; left alone.
        let beside = |segs: &Vec<String>| {
            (0..segs.len()).any(|i| {
                let mut rest = segs.clone();
                rest.remove(i);
                rest.join("/") == *key
            })
        };
        if loose.iter().any(beside) {
            continue;
        }
        let Some(cmp) = comparison(lines) else {
            continue;
        };
        let rows: Vec<usize> = (0..g.rows.len())
            .filter(|&r| g.rows[r].kind != RowKind::Blank)
            .collect();
        let mut found = Vec::new();
        for &r in &rows {
            let name = |c: usize| format!("「{}」", g.column_title(c));
            found.extend(compare_at(g, &cmp, &|c| (r, c), &name));
        }
        report_comparison(g, rec, found, &|r, c| {
            format!("row 「{}」: 「{}」", g.label(r), g.column_title(c))
        });
        out.push(
            [Some(cmp.earlier), Some(cmp.later), cmp.change, cmp.rate]
                .into_iter()
                .flatten()
                .collect(),
        );
    }
    out
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
    fn a_score_with_its_bonus_and_deduction_columns() {
        let rows: &[&[&str]] = &[
            &["城关镇", "91.0", "1.5", "0.5", "92.0"],
            &["东坝镇", "88.4", "1.0", "0.0", "89.4"],
            &["西河乡", "87.8", "0.0", "1.0", "88.6"],
            &["南山街道", "91.5", "2.0", "0.0", "93.5"],
        ];
        let t = test_table("分", &["单位", "基础分", "加分", "扣分", "综合得分"], rows);
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        let f: Vec<_> = rec
            .findings
            .iter()
            .filter(|f| f.check == "table.derived")
            .collect();
        assert_eq!(f.len(), 1, "{:?}", rec.findings);
        assert_eq!((f[0].stated, f[0].computed), (88.6, 86.8));
        // Deductions printed signed are added: a sheet right that way has
        // nothing to flag, and its one slip is still found.
        let signed: &[&[&str]] = &[
            &["城关镇", "91.0", "1.5", "-0.5", "92.0"],
            &["东坝镇", "88.4", "1.0", "0.0", "89.4"],
            &["西河乡", "87.8", "0.0", "-1.0", "86.8"],
            &["南山街道", "91.5", "2.0", "0.0", "93.5"],
            &["北湖镇", "90.2", "0.5", "-1.5", "89.2"],
        ];
        let t = test_table(
            "分",
            &["单位", "基础分", "加分", "扣分", "综合得分"],
            signed,
        );
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        assert!(rec.findings.is_empty(), "{:?}", rec.findings);
        let mut slip: Vec<&[&str]> = signed.to_vec();
        slip[4] = &["北湖镇", "90.2", "0.5", "-1.5", "92.2"];
        let t = test_table("分", &["单位", "基础分", "加分", "扣分", "综合得分"], &slip);
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        let stated: Vec<f64> = rec.findings.iter().map(|f| f.stated).collect();
        assert_eq!(stated, [92.2], "{:?}", rec.findings);
        // Without the titles, base + bonus − deduction is not searched for.
        let t = test_table("分", &["单位", "甲", "乙", "丙", "丁"], rows);
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        assert!(
            rec.findings.iter().all(|f| f.stated != 88.6),
            "{:?}",
            rec.findings
        );
    }

    /// (check, stated, row, column) of each finding.
    fn found(rec: &Recorder) -> Vec<(&str, f64, Option<usize>, Option<usize>)> {
        rec.findings
            .iter()
            .map(|f| {
                (
                    f.check.as_str(),
                    f.stated,
                    f.location.row,
                    f.location.column,
                )
            })
            .collect()
    }

    const SANGONG: &[&str] = &["项目", "合计", "因公出国（境）费", "公务接待费"];

    fn years(change: &'static str, rate: &'static str) -> Vec<Vec<&'static str>> {
        vec![
            vec!["2023年决算数", "18.30", "12.00", "6.30"],
            vec!["2024年决算数", "13.10", "8.00", "5.10"],
            vec!["增减额", "-5.20", "-4.00", change],
            vec!["增减率", "-28.42%", "-33.33%", rate],
        ]
    }

    #[test]
    fn two_years_in_rows_give_their_change_and_its_rate() {
        let rows = years("-1.20", "-19.05%");
        let r: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let rec = run(SANGONG, &r);
        assert_eq!(found(&rec), []);
        assert_eq!(rec.summary.by_check["table.derived"].passed, 3);
        assert_eq!(rec.summary.by_check["table.rate"].passed, 3);
        // 增减额 ≠ 本年 − 上年, and a rate not of the change: each at its cell.
        let rows = years("-1.30", "-19.50%");
        let r: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let rec = run(SANGONG, &r);
        assert_eq!(
            found(&rec),
            [
                ("table.derived", -1.3, Some(2), Some(3)),
                ("table.rate", -19.5, Some(3), Some(3))
            ]
        );
        assert_eq!(rec.findings[0].severity, Severity::Error);
        assert_eq!(rec.findings[0].operands.len(), 3);
        // 上年 / 本年 in place of the years: the same.
        let mut rows = years("-1.30", "-19.05%");
        rows[0][0] = "上年数";
        rows[1][0] = "本年数";
        let r: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        assert_eq!(
            found(&run(SANGONG, &r)),
            [("table.derived", -1.3, Some(2), Some(3))]
        );
    }

    #[test]
    fn a_comparison_the_words_do_not_order_is_left_alone() {
        // Three levels (a budget beside two years), a change counted the other
        // way on every column, a zero base: nothing asserted.
        let mut rows = years("-1.20", "-19.50%");
        rows.insert(0, vec!["2024年预算数", "20.00", "12.00", "8.00"]);
        let r: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        assert_eq!(found(&run(SANGONG, &r)), []);
        let rows: [&[&str]; 3] = [
            &["2023年决算数", "18.30", "12.00", "6.30"],
            &["2024年决算数", "13.10", "8.00", "5.10"],
            &["增减额", "5.20", "4.00", "1.20"],
        ];
        let r: Vec<&[&str]> = rows.to_vec();
        assert_eq!(found(&run(SANGONG, &r)), []);
        let rows: [&[&str]; 3] = [
            &["上年数", "0.00", "0.00", "0.00"],
            &["本年数", "13.10", "8.00", "5.10"],
            &["增长率", "100.00%", "100.00%", "100.00%"],
        ];
        let r: Vec<&[&str]> = rows.to_vec();
        let rec = run(SANGONG, &r);
        assert_eq!(found(&rec), []);
        assert!(!rec.summary.by_check.contains_key("table.rate"));
        // 上年结转 is no period.
        assert_eq!(comparison_line("上年结转"), None);
        assert_eq!(comparison_line("本年结余"), None);
        assert_eq!(comparison_line("比上年增减（%）"), Some(Line::Rate));
        assert_eq!(comparison_line("增（减）额"), Some(Line::Change));
        assert_eq!(
            comparison_line("2023年决算数"),
            Some(Line::Period {
                order: 2023,
                year: true
            })
        );
    }

    #[test]
    fn two_periods_in_columns_are_compared_on_a_single_row() {
        // One row: no data to confirm a relation, but the titles state it.
        let cols = &["项目", "上年决算数", "本年决算数", "增减额", "增减率"];
        let rec = run(
            cols,
            &[&["“三公”经费", "58.80", "33.90", "-24.90", "-42.35%"]],
        );
        assert_eq!(found(&rec), []);
        let rec = run(
            cols,
            &[&["“三公”经费", "58.80", "33.90", "-23.90", "-42.35%"]],
        );
        assert_eq!(found(&rec), [("table.derived", -23.9, Some(0), Some(3))]);
        // The years under an item heading, two items side by side.
        let cols = &[
            "项目",
            "公务接待费/2023年",
            "公务接待费/2024年",
            "公务接待费/增减",
            "会议费/2023年",
            "会议费/2024年",
            "会议费/增减",
        ];
        let rec = run(
            cols,
            &[&["金额", "6.30", "5.10", "-1.20", "3.00", "4.00", "1.10"]],
        );
        assert_eq!(found(&rec), [("table.derived", 1.1, Some(0), Some(6))]);
        // A number column beside them that is none of the lines (预算数): the
        // change may be of either; left alone.
        let cols = &["项目", "预算数", "上年决算数", "本年决算数", "增减额"];
        let rec = run(
            cols,
            &[&["“三公”经费", "40.00", "58.80", "33.90", "-23.90"]],
        );
        assert!(
            found(&rec).iter().all(|f| f.2 != Some(0) || f.3 != Some(4)),
            "{:?}",
            rec.findings
        );
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

    /// A table of a disclosure: captioned, with the kind the structure
    /// stage gives it.
    fn run_captioned(caption: &str, columns: &[&str], rows: &[&[&str]]) -> Recorder {
        let mut t = test_table("万元", columns, rows);
        t.caption = Some(caption.into());
        t.kind = crate::structure::kind::table_kind(caption);
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        rec
    }

    #[test]
    fn a_total_column_its_title_names_is_checked_on_a_single_row() {
        let cols = [
            "合计",
            "基本支出",
            "项目支出",
            "单位预留机动经费",
            "结转下年资金",
        ];
        // Jiangsu's 支出预算总表: one row, an empty part counting 0.
        let ok = run_captioned(
            "支出预算总表",
            &cols,
            &[&["17,996.68", "12,323.48", "5,533.00", "140.20", ""]],
        );
        assert!(ok.findings.is_empty(), "{:?}", ok.findings);
        assert_eq!(ok.summary.by_check["table.derived"].passed, 1);
        let bad = run_captioned(
            "支出预算总表",
            &cols,
            &[&["17,996.68", "12,323.48", "5,533.00", "150.20", ""]],
        );
        assert_eq!(bad.findings.len(), 1, "{:?}", bad.findings);
        let f = &bad.findings[0];
        assert_eq!(
            (f.check.as_str(), f.severity),
            ("table.derived", Severity::Error)
        );
        assert_eq!((f.stated, f.computed), (17_996.68, 18_006.68));
        assert_eq!(f.location.column, Some(0));
        assert!(
            f.message.contains("its title makes it their total"),
            "{}",
            f.message
        );
        // A table of no known kind: the title alone, on one row, is a warning.
        let other = run(
            &cols,
            &[&["17,996.68", "12,323.48", "5,533.00", "150.20", ""]],
        );
        assert_eq!(other.findings.len(), 1);
        assert_eq!(other.findings[0].severity, Severity::Warning);
    }

    #[test]
    fn a_total_naming_what_it_adds_is_their_sum() {
        // A final accounts' 支出决算表: the total names what it adds, and
        // three of its five parts are empty on every row.
        let cols = [
            "本年支出合计",
            "基本支出",
            "项目支出",
            "上缴上级支出",
            "经营支出",
        ];
        let rows: &[&[&str]] = &[
            &["307.82", "105.58", "212.24", "", ""],
            &["264.87", "62.63", "202.24", "", ""],
            &["10.82", "10.82", "", "", ""],
            &["2.71", "2.71", "", "", ""],
        ];
        let rec = run_captioned("支出决算表", &cols, rows);
        assert_eq!(rec.findings.len(), 1, "{:?}", rec.findings);
        assert_eq!(rec.findings[0].severity, Severity::Error);
        assert_eq!(rec.findings[0].location.row, Some(0));
        let rec = run_captioned(
            "支出决算表",
            &["上年合计", "基本支出", "项目支出"],
            &[&["9.00", "5.00", "3.00"]],
        );
        assert!(rec.findings.is_empty(), "{:?}", rec.findings);
    }

    /// A 财政拨款收支总表 of one fund: 合计 | 一般公共预算 | 政府性基金 |
    /// 国有资本经营, the last two empty on every row. In the standard table
    /// the empty funds are parts counting 0 and the 合计 is checked on every
    /// row; in a table of no known kind an empty column is nothing.
    #[test]
    fn empty_fund_columns_of_a_standard_table_are_parts_counting_zero() {
        let cols = [
            "项目",
            "合计",
            "一般公共预算财政拨款",
            "政府性基金预算财政拨款",
            "国有资本经营预算财政拨款",
        ];
        let rows = |total: &'static str| -> Vec<Vec<&'static str>> {
            vec![
                vec!["一般公共服务支出", "1642.30", "1642.30", "", ""],
                vec!["社会保障和就业支出", "286.50", "286.50", "", ""],
                vec!["卫生健康支出", "98.20", "98.20", "", ""],
                vec!["住房保障支出", "291.40", "291.40", "", ""],
                vec!["总计", "2318.40", total, "", ""],
            ]
        };
        let run = |caption: &str, total: &'static str| {
            let rows = rows(total);
            let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
            run_captioned(caption, &cols, &rows)
        };
        let ok = run("财政拨款收入支出决算总表", "2318.40");
        assert!(ok.findings.is_empty(), "{:?}", ok.findings);
        assert_eq!(ok.summary.by_check["table.derived"].passed, 5);
        let bad = run("财政拨款收入支出决算总表", "2381.40");
        let found: Vec<(Severity, Option<usize>, f64, f64)> = bad
            .findings
            .iter()
            .map(|f| (f.severity, f.location.row, f.stated, f.computed))
            .collect();
        assert_eq!(found, [(Severity::Error, Some(4), 2318.4, 2381.4)]);
        let plain = run("表 1", "2381.40");
        assert!(plain.findings.is_empty(), "{:?}", plain.findings);
    }

    #[test]
    fn a_total_column_beside_a_year_a_share_or_a_group_is_not_a_sum() {
        for cols in [
            ["合计", "本年", "上年数"],
            ["合计", "基本支出", "占比"],
            ["合计", "其中：财政拨款", "其他"],
            ["合计", "基本支出/人员经费", "基本支出/公用经费"],
        ] {
            let rec = run_captioned("支出预算总表", &cols, &[&["100.00", "60.00", "30.00"]]);
            assert!(rec.findings.is_empty(), "{cols:?}: {:?}", rec.findings);
        }
        // Two parts, one of them never filled: nothing to add up.
        let rec = run_captioned(
            "支出预算总表",
            &["合计", "基本支出", "项目支出"],
            &[&["100.00", "60.00", ""]],
        );
        assert!(rec.findings.is_empty(), "{:?}", rec.findings);
    }

    #[test]
    fn a_sum_is_not_inferred_from_rows_where_its_parts_are_filled_alone() {
        // 合计 = 上年结转 + 一般公共预算 fits the three rows that fill both,
        // but the rows with no 上年结转 deny it (there 合计 ≠ 一般公共预算):
        // the 合计 row, the sum of all five sources, is no finding.
        let columns = [
            "科目名称",
            "合计",
            "上年结转",
            "一般公共预算拨款收入",
            "政府性基金预算拨款收入",
            "事业收入",
            "其他收入",
        ];
        let rows: &[&[&str]] = &[
            &[
                "合计", "1107.85", "20.00", "857.85", "200.00", "10.00", "20.00",
            ],
            &["一般公共服务支出", "442.00", "20.00", "422.00", "", "", ""],
            &[
                "政府办公厅（室）及相关机构事务",
                "442.00",
                "20.00",
                "422.00",
                "",
                "",
                "",
            ],
            &["一般行政管理事务", "86.00", "20.00", "66.00", "", "", ""],
            &["社会保障和就业支出", "78.45", "", "78.45", "", "", ""],
            &[
                "农林水支出",
                "530.80",
                "",
                "300.80",
                "200.00",
                "10.00",
                "20.00",
            ],
            &[
                "农业农村",
                "530.80",
                "",
                "300.80",
                "200.00",
                "10.00",
                "20.00",
            ],
            &["行政运行", "210.80", "", "200.80", "", "10.00", ""],
            &[
                "农业生产发展",
                "320.00",
                "",
                "100.00",
                "200.00",
                "",
                "20.00",
            ],
        ];
        let rec = run(&columns, rows);
        let errors: Vec<_> = rec
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
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

    /// Rows of a 收入总表 whose 合计 is 财政拨款 plus three sources the
    /// department does not have, written "-" or "0.00".
    fn income_rows(nil: &'static str, wrong_total: &'static str) -> Vec<Vec<&'static str>> {
        vec![
            vec!["公共安全支出", "8,726.73", "8,726.73", nil, nil],
            vec!["社会保障和就业支出", "334.37", "334.37", nil, nil],
            vec!["卫生健康支出", "153.02", "153.02", nil, nil],
            vec!["住房保障支出", "414.10", "414.10", nil, nil],
            vec!["合计", wrong_total, "9,628.22", nil, nil],
        ]
    }

    #[test]
    fn a_dash_among_amounts_is_zero_and_a_zero_column_is_derived_from_nothing() {
        let cols = ["项目", "合计", "财政拨款收入", "事业收入", "其他收入"];
        for nil in ["-", "0.00", "—"] {
            let rows = income_rows(nil, "9,628.22");
            let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
            let ok = run(&cols, &rows);
            assert!(ok.findings.is_empty(), "{nil}: {:?}", ok.findings);
            // 合计 = 财政拨款收入 + 事业收入 + 其他收入, confirmed on five rows,
            // and nothing derived for the columns of zeros.
            assert_eq!(
                ok.summary.by_check.get("table.derived").map(|c| c.passed),
                Some(5),
                "{nil}: {:?}",
                ok.summary
            );
            let rows = income_rows(nil, "9,618.22");
            let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
            let bad = run(&cols, &rows);
            assert_eq!(bad.findings.len(), 1, "{nil}: {:?}", bad.findings);
            let f = &bad.findings[0];
            assert_eq!(
                (f.severity, f.stated, f.computed),
                (Severity::Error, 9_618.22, 9_628.22)
            );
            // Found at the total, not at a column of zeros.
            assert_eq!((f.location.row, f.location.column), (Some(4), Some(1)));
            // Every part is an operand, the dashes as the 0 they stand for.
            assert_eq!(f.operands.len(), 3, "{nil}: {:?}", f.operands);
        }
    }

    #[test]
    fn a_dash_part_in_a_row_sum_counts_zero() {
        let rec = run(
            &["项目", "年初预算数", "追加预算数", "预算调整数"],
            &[
                &["人员经费", "1,386.53", "344.91", "1,731.44"],
                &["日常公用经费", "160.83", "-25.13", "135.70"],
                &["项目支出", "121.28", "-", "121.28"],
                &["基本建设", "50.00", "-", "60.00"],
                &["其他", "10.00", "5.00", "15.00"],
            ],
        );
        // Before, the dash rows were skipped and 基本建设's wrong 调整数 unseen.
        assert_eq!(rec.findings.len(), 1, "{:?}", rec.findings);
        let f = &rec.findings[0];
        assert_eq!((f.severity, f.location.row), (Severity::Error, Some(3)));
        assert!((f.stated - f.computed).abs() == 10.0, "{f:?}");
    }
}
