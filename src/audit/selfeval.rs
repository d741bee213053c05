//! Ministry of Finance self-evaluation sheets: 项目支出绩效自评表 and
//! 部门整体支出绩效自评表 (the 2020 template and its provincial variants), one
//! table in several blocks, each found by its own header row:
//!
//! - funds: a header with 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 /
//!   得分 (in any order); the row 年度资金总额, then its parts (其中 当年财政拨款,
//!   上年结转资金, 其他资金), or the breakdowns 按收入性质分 / 按支出性质分 with
//!   each amount written inside its label ("其中：基本支出：568.45");
//! - indicators: 一级指标 / 二级指标 / 三级指标 / 年度指标值 / 实际完成值 / 分值 /
//!   得分, the 一级指标 cells merged down their group and declaring its weight
//!   ("产出指标（50分）");
//! - the 总分 row, with fewer cells than the rest: its 分值 and its 得分.
//!
//! Template relations, each an `error` when it fails beyond rounding:
//! 执行率 = 全年执行数 ÷ 全年预算数 on every funds row; the funds 得分 = 分值 ×
//! 执行率 (as stated), at most the 分值; 年度资金总额 = the sum of its parts in
//! each amount column; each breakdown by 性质 = the year's funds (whichever of
//! its amounts it breaks down); 总分's 分值 = the funds 分值 + every indicator's
//! 分值, its 得分 = the funds 得分 + every indicator's 得分; each 一级指标's
//! declared weight = its indicators' 分值; 得分 ≤ 分值 on every row (the last two
//! by the score-sheet rules of `scores`). Qualitative values (达成预期指标,
//! 有所改善, 0发生) are not figures and take part in nothing. A relation some
//! of whose operands could not be read (a total row whose numbers cannot be
//! placed, a sheet whose funds row was not found) is a `warning` saying so.

use super::grid::Grid;
use super::layout::{is_funds_header, is_indicator_header};
use super::num::{self, Num};
use super::{Recorder, finding, show};
use crate::model::{Cell, Location, Operand, Severity, Table};
use crate::structure::tables::{is_points_title, is_score_title};

/// The title of column `col` for body row `row`, as an auditor reads it:
/// the cell of the header row of the block the row belongs to (分值 / 得分
/// of the indicators' header for an indicator or the 总分, 全年执行数 of the
/// funds header for a funds row), a title merged over it from the left when
/// the cell is empty; None when the row is in no block or the header has no
/// words there. The table's own column titles join its first header rows
/// (项目名称 / 实施单位 / 执行率), which name another block's columns.
pub fn block_column_title(table: &Table, row: usize, col: usize) -> Option<String> {
    let sheet = Sheet::read(table);
    let i = sheet.rows.iter().position(|r| r.body == Some(row))?;
    let cells = sheet.rows[sheet.block_header(i)?].cells;
    let title = squash(&cells.get(col)?.text);
    if !title.is_empty() {
        return Some(title);
    }
    // A merged title spans this column from the left.
    if !cells[col].merged {
        return None;
    }
    cells[..col]
        .iter()
        .rev()
        .map(|c| squash(&c.text))
        .find(|t| !t.is_empty())
}

/// One row of the sheet: header rows first, then body rows.
struct Row<'a> {
    cells: &'a [Cell],
    /// Body row index (None for a header row, which holds no data).
    body: Option<usize>,
}

fn squash(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

fn first_text(cells: &[Cell]) -> String {
    cells
        .iter()
        .map(|c| squash(&c.text))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

/// A row that starts another block of the template.
fn starts_section(cells: &[Cell]) -> bool {
    let texts: Vec<String> = cells.iter().map(|c| squash(&c.text)).collect();
    let first = first_text(cells);
    is_indicator_header(&texts)
        || is_total_row(cells)
        || [
            "年度总体目标",
            "总体目标",
            "绩效指标",
            "年度绩效目标",
            "年度主要任务",
        ]
        .iter()
        .any(|w| first.starts_with(w))
}

/// The 总分 row.
fn is_total_row(cells: &[Cell]) -> bool {
    let first = first_text(cells);
    matches!(
        first.as_str(),
        "总分" | "合计" | "总计" | "总得分" | "得分合计" | "综合得分" | "自评得分"
    ) || first.starts_with("总分")
}

/// A row of the funds block that closes it: labelled 合计 / 总计 (not a
/// score's 总分 or 得分合计).
fn is_funds_total_row(cells: &[Cell]) -> bool {
    let first = first_text(cells);
    crate::structure::tables::is_total_label(&first)
        && !first.contains('分')
        && !first.ends_with("小计")
}

/// Columns of the funds block, from its header row.
#[derive(Debug, Default, Clone, Copy)]
struct FundsCols {
    initial: Option<usize>,
    budget: Option<usize>,
    spent: Option<usize>,
    weight: Option<usize>,
    rate: Option<usize>,
    score: Option<usize>,
}

fn funds_cols(cells: &[Cell]) -> FundsCols {
    let mut f = FundsCols::default();
    // The first title names the block ("项目资金（万元）"), the rest the columns.
    let label = cells.iter().position(|c| !c.text.trim().is_empty());
    for (c, cell) in cells.iter().enumerate() {
        if cell.merged || Some(c) == label {
            continue;
        }
        let t = squash(&cell.text);
        if t.is_empty() {
            continue;
        }
        if t.contains("执行率") {
            f.rate.get_or_insert(c);
        } else if is_score_title(&t) {
            f.score.get_or_insert(c);
        } else if is_points_title(&t) {
            f.weight.get_or_insert(c);
        } else if t.contains("年初") {
            f.initial.get_or_insert(c);
        } else if t.contains("执行") || t.contains("实际支出") || t.contains("支出数") {
            f.spent.get_or_insert(c);
        } else if t.contains("预算") {
            f.budget.get_or_insert(c);
        }
    }
    f
}

struct Sheet<'a> {
    table: &'a Table,
    rows: Vec<Row<'a>>,
    funds_header: Option<usize>,
    /// Funds data rows (indices into `rows`).
    funds: Vec<usize>,
    indicator_header: Option<usize>,
    indicators: Vec<usize>,
    total: Option<usize>,
}

impl<'a> Sheet<'a> {
    fn read(table: &'a Table) -> Sheet<'a> {
        let rows: Vec<Row> = table
            .header
            .iter()
            .map(|r| Row {
                cells: r.as_slice(),
                body: None,
            })
            .chain(table.rows.iter().enumerate().map(|(i, r)| Row {
                cells: r.as_slice(),
                body: Some(i),
            }))
            .collect();
        let texts =
            |i: usize| -> Vec<String> { rows[i].cells.iter().map(|c| squash(&c.text)).collect() };
        let funds_header = (0..rows.len()).find(|&i| is_funds_header(&texts(i)));
        let indicator_header = (0..rows.len()).find(|&i| is_indicator_header(&texts(i)));
        // A 合计 row of the funds block printed after its rows (基本支出,
        // 项目支出 …, then 合计 under the same amount columns) closes the
        // funds, not the sheet: the sheet's 总分 stands after the indicators.
        let amount_cols = funds_header.map(|h| funds_cols(rows[h].cells));
        let funds_total = |i: usize| {
            is_funds_total_row(rows[i].cells)
                && indicator_header.is_none_or(|ih| i < ih)
                && amount_cols.is_some_and(|f| {
                    [f.initial, f.budget, f.spent]
                        .into_iter()
                        .flatten()
                        .any(|c| rows[i].cells.get(c).and_then(Num::from_cell).is_some())
                })
        };
        let funds: Vec<usize> = match funds_header {
            Some(f) => (f + 1..rows.len())
                .take_while(|&i| funds_total(i) || !starts_section(rows[i].cells))
                .filter(|&i| rows[i].body.is_some())
                .collect(),
            None => Vec::new(),
        };
        let after_funds = funds.last().map_or(0, |&i| i + 1);
        let total = (indicator_header.unwrap_or(0).max(after_funds)..rows.len()).find(|&i| {
            is_total_row(rows[i].cells) && rows[i].cells.iter().any(|c| Num::from_cell(c).is_some())
        });
        let indicators = match indicator_header {
            Some(h) => (h + 1..total.unwrap_or(rows.len()))
                .filter(|&i| rows[i].body.is_some())
                .filter(|&i| !is_indicator_header(&texts(i)))
                .collect(),
            None => Vec::new(),
        };
        Sheet {
            table,
            rows,
            funds_header,
            funds,
            indicator_header,
            indicators,
            total,
        }
    }

    /// The header row of the block sheet row `i` belongs to: the last
    /// funds or indicators header at or above it (the 总分 row after the
    /// indicators is theirs).
    fn block_header(&self, i: usize) -> Option<usize> {
        [self.funds_header, self.indicator_header]
            .into_iter()
            .flatten()
            .filter(|&h| h <= i)
            .max()
    }

    fn num(&self, i: usize, c: Option<usize>) -> Option<Num> {
        self.rows[i].cells.get(c?).and_then(Num::from_cell)
    }

    fn label(&self, i: usize) -> String {
        self.rows[i]
            .cells
            .iter()
            .find(|c| !c.text.trim().is_empty() && c.figure.is_none())
            .map(|c| squash(&c.text))
            .unwrap_or_default()
    }

    fn location(&self, i: usize, c: usize) -> Location {
        Location {
            table: Some(self.table.id),
            row: self.rows[i].body,
            column: Some(c),
            section: self.table.section.clone(),
            source: self.rows[i].cells.get(c).and_then(|x| x.location.clone()),
            offset: None,
        }
    }

    fn column_title(&self, header: Option<usize>, c: usize) -> String {
        header
            .and_then(|h| self.rows[h].cells.get(c))
            .map(|x| squash(&x.text))
            .filter(|t| !t.is_empty())
            .or_else(|| self.table.columns.get(c).cloned())
            .unwrap_or_else(|| format!("column {}", c + 1))
    }

    fn operand(&self, i: usize, c: usize, header: Option<usize>) -> Option<Operand> {
        let cell = self.rows[i].cells.get(c)?;
        let n = Num::from_cell(cell)?;
        Some(Operand {
            label: format!("{} / {}", self.label(i), self.column_title(header, c)),
            value: n.value,
            text: cell.text.clone(),
            location: self.location(i, c),
        })
    }

    fn name(&self) -> String {
        match &self.table.caption {
            Some(c) => c.clone(),
            None => format!("table {}", self.table.id + 1),
        }
    }

    fn unit(&self) -> Option<String> {
        self.funds_header
            .and_then(|h| {
                self.rows[h]
                    .cells
                    .iter()
                    .find_map(|c| crate::figures::unit_in(&c.text))
            })
            .or_else(|| self.table.unit.clone())
    }
}

pub fn check(table: &Table, rec: &mut Recorder) {
    let sheet = Sheet::read(table);
    let cols = sheet
        .funds_header
        .map(|h| funds_cols(sheet.rows[h].cells))
        .unwrap_or_default();
    funds(&sheet, &cols, rec);
    breakdowns(&sheet, &cols, rec);
    indicators(&sheet, rec);
    total(&sheet, &cols, rec);
}

/// The row of 年度资金总额: a row labelled 合计 / 总计 (printed first or after
/// the rows it adds up), else the first funds row with a 分值 or 得分, else
/// the first with an amount.
fn funds_total_row(s: &Sheet, cols: &FundsCols) -> Option<usize> {
    let amounts = |i: usize| {
        [cols.initial, cols.budget, cols.spent]
            .iter()
            .any(|&c| s.num(i, c).is_some())
    };
    s.funds
        .iter()
        .copied()
        .find(|&i| is_funds_total_row(s.rows[i].cells) && amounts(i))
        .or_else(|| {
            s.funds
                .iter()
                .copied()
                .find(|&i| s.num(i, cols.weight).is_some() || s.num(i, cols.score).is_some())
        })
        .or_else(|| {
            s.funds
                .iter()
                .copied()
                .find(|&i| s.num(i, cols.spent).is_some() || s.num(i, cols.budget).is_some())
        })
}

#[allow(clippy::too_many_arguments)]
fn report(
    s: &Sheet,
    rec: &mut Recorder,
    check: &str,
    severity: Severity,
    stated: Num,
    computed: Num,
    at: (usize, usize),
    what: String,
    operands: Vec<Operand>,
    unit: Option<String>,
) {
    if stated.consistent(computed) {
        rec.pass(check);
        return;
    }
    let c = num::round(computed.value, computed.decimals.clamp(2, 4));
    rec.fail(finding(
        check,
        severity,
        stated,
        c,
        unit,
        format!("{}: {what}", s.name()),
        s.location(at.0, at.1),
        operands,
    ));
}

fn funds(s: &Sheet, cols: &FundsCols, rec: &mut Recorder) {
    let h = s.funds_header;
    // 执行率 = 全年执行数 ÷ 全年预算数, on every row that states all three.
    for &i in &s.funds {
        let (Some(rc), Some(rate), Some(spent), Some(budget)) = (
            cols.rate,
            s.num(i, cols.rate),
            s.num(i, cols.spent),
            s.num(i, cols.budget),
        ) else {
            continue;
        };
        let Some(computed) = spent.percent_of(budget) else {
            continue;
        };
        let operands = [cols.rate, cols.spent, cols.budget]
            .iter()
            .flatten()
            .filter_map(|&c| s.operand(i, c, h))
            .collect();
        report(
            s,
            rec,
            "selfeval.rate",
            Severity::Error,
            rate,
            computed,
            (i, rc),
            format!(
                "row 「{}」: 执行率 {} ≠ 全年执行数 {} ÷ 全年预算数 {} = {:.2}%",
                s.label(i),
                show(rate),
                show(spent),
                show(budget),
                computed.value
            ),
            operands,
            Some("%".into()),
        );
    }
    let Some(top) = funds_total_row(s, cols) else {
        return;
    };
    // 得分 = 分值 × 执行率, at most the 分值.
    if let (Some(sc), Some(score), Some(weight)) =
        (cols.score, s.num(top, cols.score), s.num(top, cols.weight))
    {
        let rate = s
            .num(top, cols.rate)
            .or_else(|| s.num(top, cols.spent)?.percent_of(s.num(top, cols.budget)?));
        if let Some(rate) = rate {
            let full = Num {
                value: weight.value * rate.value / 100.0,
                lo: weight.lo * rate.lo / 100.0,
                hi: weight.hi * rate.hi / 100.0,
                decimals: 4,
            };
            let computed = if full.lo >= weight.hi { weight } else { full };
            let operands = [cols.score, cols.weight, cols.rate, cols.spent, cols.budget]
                .iter()
                .flatten()
                .filter_map(|&c| s.operand(top, c, h))
                .collect();
            report(
                s,
                rec,
                "selfeval.score",
                Severity::Error,
                score,
                computed,
                (top, sc),
                format!(
                    "row 「{}」: 得分 {} ≠ 分值 {} × 执行率 {:.2}% = {:.2} (at most the 分值)",
                    s.label(top),
                    show(score),
                    show(weight),
                    rate.value,
                    computed.value
                ),
                operands,
                Some("分".into()),
            );
        }
    }
    // 年度资金总额 = the sum of its parts, in each amount column. Each
    // breakdown on its own: a heading 按…分 (按收入性质分, 按支出性质分) starts
    // another list of the same whole.
    let amounts = |i: usize| {
        [cols.initial, cols.budget, cols.spent]
            .iter()
            .any(|&c| s.num(i, c).is_some())
    };
    // The parts follow the whole (年度资金总额, 其中 …) or, with the 合计
    // printed last, stand above it.
    let before: Vec<usize> = s
        .funds
        .iter()
        .copied()
        .filter(|&i| i < top && amounts(i))
        .collect();
    let last = !before.is_empty() && !s.funds.iter().any(|&i| i > top && amounts(i));
    let mut lists: Vec<Vec<usize>> = vec![Vec::new()];
    for &i in s
        .funds
        .iter()
        .filter(|&&i| if last { i < top } else { i > top })
    {
        if is_breakdown_heading(&s.label(i)) && !amounts(i) {
            lists.push(Vec::new());
        } else if amounts(i)
            && let Some(l) = lists.last_mut()
        {
            l.push(i);
        }
    }
    for parts in lists.iter().filter(|l| l.len() >= 2) {
        funds_list(s, cols, rec, top, parts);
    }
}

/// "按收入性质分", "按支出性质分", "按资金来源分": the heading of a breakdown.
fn is_breakdown_heading(label: &str) -> bool {
    let t = label.trim_end_matches(['：', ':']);
    t.contains("性质分") || t.starts_with('按') && t.ends_with('分') && t.chars().count() <= 10
}

/// The readings of one breakdown's rows as parts of the whole: all of them,
/// or — when a row marked 其中 follows the first part (其中：财政资金 ›
/// 其中：中央补助 / 省级补助 …, a part's own breakdown) — the rows outside
/// that nested run, which may end at any row after it (indentation is lost
/// at ingest).
fn funds_readings(s: &Sheet, cols: &FundsCols, parts: &[usize]) -> Vec<Vec<usize>> {
    let nested = parts
        .iter()
        .skip(1)
        .position(|&i| s.label(i).starts_with("其中"))
        .map(|k| k + 1);
    let mut readings: Vec<Vec<usize>> = match nested {
        None => vec![parts.to_vec()],
        Some(k) => (k + 1..=parts.len())
            .map(|j| parts[..k].iter().chain(&parts[j..]).copied().collect())
            .collect(),
    };
    // A part's own items printed under it with no 其中 (项目支出 over its
    // projects): a run of two or more rows right under a row that adds up to
    // it in every amount column is its breakdown, not more parts.
    let amount_cols: Vec<usize> = [cols.initial, cols.budget, cols.spent]
        .into_iter()
        .flatten()
        .collect();
    let heads = |i: usize, run: &[usize]| {
        let mut compared = 0;
        for &c in &amount_cols {
            let Some(whole) = s.num(i, Some(c)) else {
                continue;
            };
            let nums: Vec<Num> = run.iter().filter_map(|&k| s.num(k, Some(c))).collect();
            if nums.len() != run.len() || !whole.consistent(num::sum(nums)) {
                return false;
            }
            compared += 1;
        }
        compared > 0
    };
    let mut more = Vec::new();
    for reading in &readings {
        for (a, &i) in reading.iter().enumerate() {
            for end in a + 3..=reading.len() {
                if heads(i, &reading[a + 1..end]) {
                    let mut r = reading[..=a].to_vec();
                    r.extend(&reading[end..]);
                    more.push(r);
                }
            }
        }
    }
    readings.extend(more);
    readings
}

/// One breakdown against 年度资金总额: an error when no reading of its rows
/// adds up to the whole (wrong whichever the structure is).
fn funds_list(s: &Sheet, cols: &FundsCols, rec: &mut Recorder, top: usize, parts: &[usize]) {
    let h = s.funds_header;
    let unit = s.unit();
    let readings = funds_readings(s, cols, parts);
    for c in [cols.initial, cols.budget, cols.spent]
        .into_iter()
        .flatten()
    {
        let Some(whole) = s.num(top, Some(c)) else {
            continue;
        };
        let sums: Vec<(&Vec<usize>, Num)> = readings
            .iter()
            .filter_map(|r| {
                let nums: Vec<Num> = r.iter().filter_map(|&i| s.num(i, Some(c))).collect();
                (!nums.is_empty()).then(|| (r, num::sum(nums)))
            })
            .collect();
        let Some(&(reading, sum)) = sums.iter().find(|(_, n)| whole.consistent(*n)).or_else(|| {
            sums.iter().min_by(|a, b| {
                (a.1.value - whole.value)
                    .abs()
                    .total_cmp(&(b.1.value - whole.value).abs())
            })
        }) else {
            continue;
        };
        let operands = std::iter::once(top)
            .chain(reading.iter().copied())
            .filter_map(|i| s.operand(i, c, h))
            .collect();
        let names: Vec<String> = reading.iter().map(|&i| s.label(i)).collect();
        report(
            s,
            rec,
            "selfeval.funds",
            Severity::Error,
            whole,
            sum,
            (top, c),
            format!(
                "「{}」 {} ≠ {} = {} in column 「{}」{}",
                s.label(top),
                show(whole),
                names.join(" + "),
                show(sum),
                s.column_title(h, c),
                if readings.len() > 1 {
                    " (the closest reading of the rows nested under a part)"
                } else {
                    ""
                }
            ),
            operands,
            unit.clone(),
        );
    }
}

/// 按收入性质分 / 按支出性质分: the amounts written inside the label cells under
/// each heading add up to the year's funds (its 全年执行数, 全年预算数 or 年初预算数).
fn breakdowns(s: &Sheet, cols: &FundsCols, rec: &mut Recorder) {
    let Some(top) = funds_total_row(s, cols) else {
        return;
    };
    let Some(head) = s.funds.iter().copied().find(|&i| {
        s.rows[i]
            .cells
            .iter()
            .any(|c| squash(&c.text).contains("性质分"))
    }) else {
        return;
    };
    let heads: Vec<(usize, String)> = s.rows[head]
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| squash(&c.text).contains("性质分"))
        .map(|(c, x)| (c, squash(&x.text).trim_end_matches(['：', ':']).to_string()))
        .collect();
    // Each amount belongs to the nearest heading at or left of its column.
    let mut groups: Vec<Vec<(usize, usize, Num, String)>> = vec![Vec::new(); heads.len()];
    for &i in s.funds.iter().filter(|&&i| i > head) {
        for (c, cell) in s.rows[i].cells.iter().enumerate() {
            let Some(f) = crate::structure::tables::embedded_amount(&cell.text, None) else {
                continue;
            };
            let Some(g) = heads.iter().rposition(|&(hc, _)| hc <= c) else {
                continue;
            };
            let Some(v) = f.value else { continue };
            groups[g].push((
                i,
                c,
                Num::written(v, f.decimals),
                cell.text.trim().to_string(),
            ));
        }
    }
    let h = s.funds_header;
    for (g, items) in groups.iter().enumerate() {
        if items.len() < 2 {
            continue;
        }
        let sum = num::sum(items.iter().map(|x| x.2));
        let candidates: Vec<(usize, Num)> = [cols.spent, cols.budget, cols.initial]
            .into_iter()
            .flatten()
            .filter_map(|c| s.num(top, Some(c)).map(|n| (c, n)))
            .collect();
        if candidates.is_empty() {
            continue;
        }
        if candidates.iter().any(|(_, n)| n.consistent(sum)) {
            rec.pass("selfeval.breakdown");
            continue;
        }
        let &(c, whole) = candidates
            .iter()
            .min_by(|a, b| {
                (a.1.value - sum.value)
                    .abs()
                    .total_cmp(&(b.1.value - sum.value).abs())
            })
            .expect("non-empty");
        let mut operands: Vec<Operand> = s.operand(top, c, h).into_iter().collect();
        operands.extend(items.iter().map(|(i, col, n, text)| Operand {
            label: text.clone(),
            value: n.value,
            text: text.clone(),
            location: s.location(*i, *col),
        }));
        let names: Vec<&str> = items.iter().map(|x| x.3.as_str()).collect();
        report(
            s,
            rec,
            "selfeval.breakdown",
            Severity::Error,
            whole,
            sum,
            (top, c),
            format!(
                "「{}」 {} ≠ {} = {} ({}; none of the year's amounts fits)",
                s.label(top),
                show(whole),
                names.join(" + "),
                show(sum),
                heads[g].1
            ),
            operands,
            s.unit(),
        );
    }
}

/// The indicators block as a table of its own (its header's column titles,
/// every other row emptied), for the score-sheet rules and targets.
fn indicator_table(s: &Sheet) -> Option<Table> {
    let h = s.indicator_header?;
    let keep: Vec<usize> = s
        .indicators
        .iter()
        .filter_map(|&i| s.rows[i].body)
        .collect();
    let mut t = s.table.clone();
    for (r, row) in t.rows.iter_mut().enumerate() {
        if !keep.contains(&r) {
            for cell in row.iter_mut() {
                *cell = Cell {
                    location: cell.location.clone(),
                    ..Cell::default()
                };
            }
        }
    }
    t.columns = (0..t.columns.len())
        .map(|c| {
            s.rows[h]
                .cells
                .get(c)
                .map(|x| squash(&x.text))
                .unwrap_or_default()
        })
        .collect();
    Some(t)
}

fn indicators(s: &Sheet, rec: &mut Recorder) {
    let Some(t) = indicator_table(s) else {
        return;
    };
    let g = Grid::new(&t);
    if super::scores::is_score_sheet(&g) {
        super::scores::check(&g, rec);
    } else {
        // 一级指标 cells without "（50分）" (the template's usual form): no
        // group weight to add up, but every row's 得分 within its 分值.
        super::scores::check_row_caps(&g, rec);
    }
    super::targets::check(&g, rec);
}

/// Indicator columns 分值 and 得分, from the indicator header.
fn indicator_cols(s: &Sheet) -> (Option<usize>, Option<usize>) {
    let Some(h) = s.indicator_header else {
        return (None, None);
    };
    let find = |f: &dyn Fn(&str) -> bool| s.rows[h].cells.iter().position(|c| f(&squash(&c.text)));
    (find(&|t| is_points_title(t)), find(&|t| is_score_title(t)))
}

/// 总分: its 分值 is the funds 分值 and every indicator's; its 得分 likewise.
fn total(s: &Sheet, cols: &FundsCols, rec: &mut Recorder) {
    let Some(t) = s.total else { return };
    let (wc, sc) = indicator_cols(s);
    let top = funds_total_row(s, cols);
    // The total row's numbers: under the indicator columns, else in order (分值, 得分).
    let cells = s.rows[t].cells;
    let numbers: Vec<(usize, Num)> = cells
        .iter()
        .enumerate()
        .filter_map(|(c, x)| Num::from_cell(x).map(|n| (c, n)))
        .collect();
    let aligned = |c: Option<usize>| c.and_then(|c| numbers.iter().find(|(k, _)| *k == c).copied());
    // Under the indicator columns; else the template's "总分 | 100 | 得分" in
    // order; a lone number elsewhere could be either (checked as both).
    let (weight_at, score_at, placed) = match (aligned(wc), aligned(sc)) {
        (w @ Some(_), sc @ Some(_)) => (w, sc, true),
        _ if numbers.len() == 2 => (Some(numbers[0]), Some(numbers[1]), true),
        (None, None) if numbers.len() == 1 => (Some(numbers[0]), Some(numbers[0]), false),
        (w, sc) => (w, sc, true),
    };
    let mut lone_fits = false;
    let h = s.indicator_header;
    for (at, col, funds_col, name, check) in [
        (weight_at, wc, cols.weight, "分值", "selfeval.total_weight"),
        (score_at, sc, cols.score, "得分", "selfeval.total_score"),
    ] {
        let Some((tc, stated)) = at else { continue };
        let Some(col) = col else { continue };
        let items: Vec<usize> = s
            .indicators
            .iter()
            .copied()
            .filter(|&i| s.num(i, Some(col)).is_some())
            .collect();
        if items.is_empty() {
            continue;
        }
        let funds_cell = top.and_then(|r| s.num(r, funds_col).map(|n| (r, n)));
        let indicators_sum = num::sum(items.iter().filter_map(|&i| s.num(i, Some(col))));
        let with_funds = funds_cell.map(|(_, n)| indicators_sum.add(n));
        let fits =
            with_funds.is_some_and(|w| stated.consistent(w)) || stated.consistent(indicators_sum);
        if fits {
            lone_fits = true;
            rec.pass(check);
            continue;
        }
        if !placed && lone_fits {
            continue;
        }
        let computed = with_funds.unwrap_or(indicators_sum);
        // Certain when the funds row was read and the total's numbers placed.
        let uncertain = funds_cell.is_none() && s.funds_header.is_some() || !placed;
        let mut operands: Vec<Operand> = Vec::new();
        if let Some(o) = s.operand(t, tc, h) {
            operands.push(o);
        }
        if let (Some((r, _)), Some(fc)) = (funds_cell, funds_col)
            && let Some(o) = s.operand(r, fc, s.funds_header)
        {
            operands.push(o);
        }
        operands.extend(items.iter().filter_map(|&i| s.operand(i, col, h)));
        let why = if !placed {
            " (the total row's one number stands under neither column: read as either)"
        } else if uncertain {
            " (the funds row's own points were not read)"
        } else {
            ""
        };
        report(
            s,
            rec,
            check,
            if uncertain {
                Severity::Warning
            } else {
                Severity::Error
            },
            stated,
            computed,
            (t, tc),
            format!(
                "「{}」 {} {} ≠ {}the indicators' {} = {}{}",
                s.label(t),
                name,
                show(stated),
                if funds_cell.is_some() {
                    "the funds row's and "
                } else {
                    ""
                },
                name,
                show(computed),
                why
            ),
            operands,
            Some("分".into()),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Document, Finding, Severity, TableLayout};

    /// A sheet as tab-separated text through the whole pipeline.
    fn extract(title: &str, rows: &[Vec<&str>]) -> Document {
        let mut text = format!("{title}\n");
        for r in rows {
            text.push_str(&r.join("\t"));
            text.push('\n');
        }
        crate::extract_bytes(text.as_bytes(), "sheet.txt").expect("extracts")
    }

    fn errors(doc: &Document) -> Vec<(&str, f64, f64)> {
        doc.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| (f.check.as_str(), f.stated, f.computed))
            .collect()
    }

    fn error<'a>(doc: &'a Document, check: &str) -> &'a Finding {
        doc.findings
            .iter()
            .find(|f| f.severity == Severity::Error && f.check == check)
            .unwrap_or_else(|| panic!("no {check} error: {:#?}", doc.findings))
    }

    fn project(total_score: &'static str, spent: &'static str) -> Vec<Vec<&'static str>> {
        vec![
            vec!["项目名称", "", "道路养护", "", "", "", "", "", ""],
            vec![
                "项目资金（万元）",
                "",
                "",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率",
                "得分",
            ],
            vec![
                "",
                "年度资金总额",
                "",
                "500.00",
                "520.00",
                spent,
                "10",
                "95.00%",
                "9.50",
            ],
            vec![
                "",
                "其中：当年财政拨款",
                "",
                "500.00",
                "500.00",
                "474.00",
                "—",
                "94.80%",
                "—",
            ],
            vec![
                "",
                "上年结转资金",
                "",
                "0.00",
                "20.00",
                "20.00",
                "—",
                "100.00%",
                "—",
            ],
            vec![
                "年度总体目标",
                "预期目标",
                "",
                "",
                "实际完成情况",
                "",
                "",
                "",
                "",
            ],
            vec!["", "完成养护。", "", "", "完成。", "", "", "", ""],
            vec![
                "绩效指标",
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因",
            ],
            vec![
                "",
                "产出指标（50分）",
                "数量指标",
                "养护里程",
                "≥100公里",
                "104公里",
                "30",
                "30",
                "",
            ],
            vec!["", "", "质量指标", "优良率", "≥85%", "86%", "20", "19", ""],
            vec![
                "",
                "效益指标（30分）",
                "社会效益指标",
                "出行条件",
                "有所改善",
                "有所改善",
                "30",
                "28",
                "",
            ],
            vec![
                "",
                "满意度指标（10分）",
                "满意度",
                "安全事故",
                "0发生",
                "0发生",
                "10",
                "10",
                "",
            ],
            vec!["总分", "", "", "", "", "", "100", total_score, ""],
        ]
    }

    const PROJECT: &str = "项目支出绩效自评表";

    #[test]
    fn a_consistent_sheet_passes_every_template_relation() {
        let doc = extract(PROJECT, &project("96.5", "494.00"));
        assert_eq!(
            doc.tables[0].layout,
            Some(TableLayout::MofProjectSelfEvaluation)
        );
        assert!(errors(&doc).is_empty(), "{:#?}", doc.findings);
        for check in [
            "selfeval.rate",
            "selfeval.score",
            "selfeval.funds",
            "selfeval.total_weight",
            "selfeval.total_score",
            "score.weights",
            "score.max",
        ] {
            assert!(
                doc.checks.by_check.get(check).is_some_and(|c| c.passed > 0),
                "{check} never passed: {:?}",
                doc.checks.by_check
            );
        }
    }

    #[test]
    fn a_total_score_that_is_not_the_sum_of_every_score_is_an_error() {
        let doc = extract(PROJECT, &project("97.5", "494.00"));
        assert_eq!(errors(&doc), vec![("selfeval.total_score", 97.5, 96.5)]);
        let f = error(&doc, "selfeval.total_score");
        assert!(
            f.operands.iter().any(|o| o.value == 9.5),
            "the funds score is an operand"
        );
        // The total row with its numbers in order, not under their columns.
        let mut v = project("97.5", "494.00");
        v[12] = vec!["总分", "100", "97.5"];
        let doc = extract(PROJECT, &v);
        assert_eq!(errors(&doc), vec![("selfeval.total_score", 97.5, 96.5)]);
    }

    #[test]
    fn execution_rate_score_and_parts_follow_the_amounts() {
        // 全年执行数 off: 执行率 and the funds parts, not the 得分 (it follows
        // the stated 执行率).
        let doc = extract(PROJECT, &project("96.5", "484.00"));
        let checks: Vec<&str> = errors(&doc).iter().map(|e| e.0).collect();
        assert!(checks.contains(&"selfeval.rate"), "{checks:?}");
        assert!(checks.contains(&"selfeval.funds"), "{checks:?}");
        assert!(!checks.contains(&"selfeval.score"), "{checks:?}");
        // A stated 执行率 the 得分 does not follow.
        let mut v = project("96.5", "494.00");
        v[2][8] = "9.80";
        v[12][7] = "96.8";
        let doc = extract(PROJECT, &v);
        assert_eq!(errors(&doc), vec![("selfeval.score", 9.8, 9.5)]);
    }

    #[test]
    fn rounding_the_cap_and_qualitative_values_are_not_flagged() {
        // 10 × 95.00% = 9.5 written with one decimal.
        let mut v = project("96.5", "494.00");
        v[2][8] = "9.5";
        assert!(errors(&extract(PROJECT, &v)).is_empty());
        // Spent beyond the budget: 得分 is capped at the 分值.
        let mut v = project("97", "546.00");
        v[2][7] = "105.00%";
        v[2][8] = "10";
        v[3][5] = "526.00";
        v[3][7] = "105.20%";
        let doc = extract(PROJECT, &v);
        assert!(errors(&doc).is_empty(), "{:#?}", doc.findings);
    }

    #[test]
    fn two_breakdowns_and_a_nested_qizhong_are_each_one_list() {
        // 按收入性质分 and 按支出性质分 each give the whole: not summed together.
        let mut v = project("96.5", "494.00");
        v[3] = vec!["", "按收入性质分", "", "", "", "", "", "", ""];
        v[4] = vec![
            "",
            "一般公共预算",
            "",
            "500.00",
            "520.00",
            "494.00",
            "—",
            "95.00%",
            "—",
        ];
        v.insert(5, vec!["", "按支出性质分", "", "", "", "", "", "", ""]);
        v.insert(
            6,
            vec![
                "",
                "基本支出",
                "",
                "300.00",
                "300.00",
                "294.00",
                "—",
                "98.00%",
                "—",
            ],
        );
        v.insert(
            7,
            vec![
                "",
                "项目支出",
                "",
                "200.00",
                "220.00",
                "200.00",
                "—",
                "90.91%",
                "—",
            ],
        );
        let doc = extract(PROJECT, &v);
        assert!(errors(&doc).is_empty(), "{:#?}", doc.findings);
        // A 其中 inside a part (财政资金 › 中央补助 / 省级补助), then 其他资金.
        let mut v = project("96.5", "494.00");
        v[3] = vec![
            "",
            "其中：财政资金",
            "",
            "500.00",
            "500.00",
            "474.00",
            "—",
            "94.80%",
            "—",
        ];
        v[4] = vec![
            "",
            "其中：中央补助",
            "",
            "300.00",
            "300.00",
            "280.00",
            "—",
            "93.33%",
            "—",
        ];
        v.insert(
            5,
            vec![
                "",
                "省级补助",
                "",
                "200.00",
                "200.00",
                "194.00",
                "—",
                "97.00%",
                "—",
            ],
        );
        v.insert(
            6,
            vec![
                "",
                "其他资金",
                "",
                "0.00",
                "20.00",
                "20.00",
                "—",
                "100.00%",
                "—",
            ],
        );
        let doc = extract(PROJECT, &v);
        assert!(errors(&doc).is_empty(), "{:#?}", doc.findings);
        // …and a whole no reading gives is still an error.
        v[6][5] = "30.00";
        v[6][7] = "150.00%";
        let doc = extract(PROJECT, &v);
        assert!(
            errors(&doc).iter().any(|e| e.0 == "selfeval.funds"),
            "{:#?}",
            doc.findings
        );
    }

    /// A 部门整体 sheet whose funds block lists 基本支出 and 项目支出 (with
    /// the projects under it) and prints its 合计 last.
    fn total_last(total_budget: &'static str, rate: &'static str) -> Vec<Vec<&'static str>> {
        let funds = |label: &'static str, a: &'static str, b: &'static str, c: &'static str| {
            vec!["", label, "", a, b, c, "—", "", "—"]
        };
        let mut rows = vec![
            vec!["部门（单位）名称", "", "某局", "", "", "", "", "", ""],
            vec![
                "年度部门整体支出预算执行情况（万元）",
                "",
                "",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率",
                "得分",
            ],
            funds("基本支出", "500.00", "520.00", "515.00"),
            funds("项目支出", "300.00", "380.00", "340.00"),
            funds("道路养护", "200.00", "250.00", "220.00"),
            funds("桥梁检测", "100.00", "130.00", "120.00"),
            vec![
                "",
                "合计",
                "",
                "800.00",
                total_budget,
                "855.00",
                "10",
                rate,
                "9.50",
            ],
            vec![
                "绩效指标",
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因",
            ],
            vec![
                "",
                "产出指标",
                "数量指标",
                "检查户数",
                "≥100户",
                "120户",
                "50",
                "50",
                "",
            ],
            vec![
                "",
                "效益指标",
                "社会效益",
                "事故",
                "0发生",
                "0发生",
                "40",
                "39",
                "",
            ],
            vec!["总分", "", "", "", "", "", "100", "98.5", ""],
        ];
        rows[2][7] = "99.04%";
        rows[3][7] = "89.47%";
        rows[4][7] = "88.00%";
        rows[5][7] = "92.31%";
        rows
    }

    #[test]
    fn a_funds_total_printed_last_closes_the_rows_above_it() {
        let doc = extract("部门整体支出绩效自评表", &total_last("900.00", "95.00%"));
        assert_eq!(
            doc.tables[0].layout,
            Some(TableLayout::MofDepartmentSelfEvaluation)
        );
        assert!(errors(&doc).is_empty(), "{:#?}", doc.findings);
        // 合计 against 基本支出 + 项目支出 (the projects under 项目支出 add
        // up to it: its breakdown, not more parts), the rate of each row, the
        // funds 得分 and 总分 with the funds row's 分值.
        assert!(doc.checks.by_check["selfeval.funds"].passed >= 3);
        assert_eq!(doc.checks.by_check["selfeval.rate"].passed, 5);
        assert_eq!(doc.checks.by_check["selfeval.total_weight"].passed, 1);
        assert_eq!(doc.checks.by_check["selfeval.total_score"].passed, 1);
        // A 合计 that is not the sum: an error at the 合计's cell.
        let mut v = total_last("910.00", "93.96%");
        v[6][8] = "9.40";
        v[10][7] = "98.4";
        let doc = extract("部门整体支出绩效自评表", &v);
        assert_eq!(errors(&doc), vec![("selfeval.funds", 910.0, 900.0)]);
        let f = error(&doc, "selfeval.funds");
        assert_eq!((f.location.row, f.location.column), (Some(4), Some(4)));
        assert!(f.operands.iter().any(|o| o.value == 380.0));
    }

    #[test]
    fn indicators_without_declared_weights_keep_each_score_within_its_points() {
        // 一级指标 cells without "（50分）": no group sum, but every row's
        // 得分 within its own 分值 (and 总分 as before).
        let mut v = project("96.5", "494.00");
        v[8][1] = "产出指标";
        v[10][1] = "效益指标";
        v[11][1] = "满意度指标";
        let doc = extract(PROJECT, &v);
        assert!(errors(&doc).is_empty(), "{:#?}", doc.findings);
        assert_eq!(doc.checks.by_check["score.max"].passed, 4);
        v[9][7] = "21";
        v[12][7] = "98.5";
        let doc = extract(PROJECT, &v);
        assert_eq!(errors(&doc), vec![("score.max", 21.0, 20.0)]);
        let f = error(&doc, "score.max");
        assert_eq!((f.location.row, f.location.column), (Some(7), Some(7)));
        assert!(f.message.contains("优良率"), "{}", f.message);
    }

    #[test]
    fn department_breakdowns_written_inside_labels() {
        let rows = |fund: &'static str| -> Vec<Vec<&'static str>> {
            vec![
                vec!["部门（单位）名称", "", "某局", "", "", "", "", "", ""],
                vec![
                    "年度部门整体支出预算执行情况（万元）",
                    "",
                    "",
                    "年初预算数",
                    "全年预算数",
                    "全年执行数",
                    "分值",
                    "执行率",
                    "得分",
                ],
                vec![
                    "年度资金总额",
                    "",
                    "",
                    "800.00",
                    "900.00",
                    "855.00",
                    "10",
                    "95.00%",
                    "9.50",
                ],
                vec!["按收入性质分", "", "", "", "按支出性质分", "", "", "", ""],
                vec![
                    "其中：一般公共预算：800.00",
                    "",
                    "",
                    "",
                    "其中：基本支出：500.00",
                    "",
                    "",
                    "",
                    "",
                ],
                vec![fund, "", "", "", "项目支出：355.00", "", "", "", ""],
                vec![
                    "绩效指标",
                    "一级指标",
                    "二级指标",
                    "三级指标",
                    "年度指标值",
                    "实际完成值",
                    "分值",
                    "得分",
                    "偏差原因",
                ],
                vec![
                    "",
                    "产出指标（90分）",
                    "数量指标",
                    "检查户数",
                    "≥100户",
                    "120户",
                    "90",
                    "88",
                    "",
                ],
                vec!["总分", "", "", "", "", "", "100", "97.5", ""],
            ]
        };
        let doc = extract("部门整体支出绩效自评表", &rows("政府性基金预算：55.00"));
        assert_eq!(
            doc.tables[0].layout,
            Some(TableLayout::MofDepartmentSelfEvaluation)
        );
        assert!(errors(&doc).is_empty(), "{:#?}", doc.findings);
        assert_eq!(doc.checks.by_check["selfeval.breakdown"].passed, 2);
        // One part off: that breakdown no longer gives the year's funds.
        let doc = extract("部门整体支出绩效自评表", &rows("政府性基金预算：65.00"));
        assert_eq!(errors(&doc), vec![("selfeval.breakdown", 855.0, 865.0)]);
        let f = error(&doc, "selfeval.breakdown");
        assert!(f.operands.iter().any(|o| o.value == 65.0));
    }
}
