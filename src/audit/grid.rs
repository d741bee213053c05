//! The audit's view of a table: which column holds the row labels, which hold
//! numbers, which rows are totals, and how rows nest (序号 markers, 一、/（一）
//! prefixes, 其中 parts, 类/款/项 codes, unmarked rows under a marked one).

use std::borrow::Cow;

use crate::model::{Cell, Location, Operand, Table};
use crate::structure::headings;
pub use crate::structure::tables::is_total_label;
use crate::structure::tables::{self, ColumnRole, column_role};

use super::num::Num;

/// Does a column title name a change between two levels ("增减额",
/// "变动情况", "增长率", "差异")?
pub fn is_change_title(title: &str) -> bool {
    ["差异", "变动", "增减", "增长", "变化", "偏差"]
        .iter()
        .any(|w| title.contains(w))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// 合计 / 总计 / 小计 / 共计.
    Total,
    /// An ordinary row.
    Item,
    /// No label and no numbers: a visual separator.
    Blank,
}

/// How a row's parent was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Top level.
    Root,
    /// By a marker or code (certain).
    Marked,
    /// A 其中 part (the parent is at least the sum of its parts): the row
    /// marked 其中, or a row after it marked or indented as a part.
    Part,
    /// A plain row after a 其中 part: a further part, or a sibling of the
    /// whole — the print does not say which (both readings are tried).
    PartMaybe,
    /// An unmarked row under a marked one (likely, not certain).
    Inferred,
}

#[derive(Debug, Clone)]
pub struct RowInfo {
    pub label: String,
    pub kind: RowKind,
    /// Ladder level from a marker or code, if any.
    pub depth: Option<u8>,
    pub parent: Option<usize>,
    pub link: Link,
    /// Segment number: separators (blank rows) and totals start a new one.
    pub segment: usize,
    /// The label starts its ladder (一、, （一）, 1、, ①).
    pub ladder_start: bool,
}

pub struct Grid<'a> {
    pub table: &'a Table,
    /// Columns of whole counts (人, 辆 …), exact rather than rounded.
    pub count_cols: Vec<bool>,
    pub label_col: Option<usize>,
    pub roles: Vec<ColumnRole>,
    /// Columns holding quantities that can be summed (money, counts, points).
    pub value_cols: Vec<usize>,
    /// Columns holding percentages.
    pub percent_cols: Vec<usize>,
    pub rows: Vec<RowInfo>,
    /// Rows left out of this reading (another unit's rows, emptied): blank,
    /// but no separator.
    hidden: Vec<bool>,
}

impl<'a> Grid<'a> {
    pub fn new(table: &'a Table) -> Grid<'a> {
        Grid::with_hidden(table, Vec::new())
    }

    /// The grid of a table some of whose rows are left out (emptied in
    /// `table`): they neither link to nor separate the rows around them.
    pub fn with_hidden(table: &'a Table, hidden: Vec<bool>) -> Grid<'a> {
        let width = table.columns.len();
        let roles: Vec<ColumnRole> = table
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                // 科目编码 split over 类 / 款 / 项 columns: each part is a code.
                let code = c
                    .split('/')
                    .any(|s| s.contains("编码") || s.contains("代码"));
                let role = if code {
                    ColumnRole::Code
                } else {
                    column_role(c)
                };
                if role != ColumnRole::Code {
                    return role;
                }
                // A merged header's "科目编码" also over the columns of
                // amounts and of item names: their cells say what they are.
                let texts = || {
                    table
                        .rows
                        .iter()
                        .filter_map(|r| r.get(i))
                        .map(|x| x.text.as_str())
                };
                if tables::holds_amounts(texts()) || tables::holds_names(texts()) {
                    tables::role_of_amounts(c)
                } else {
                    ColumnRole::Code
                }
            })
            .collect();
        let mut value_cols = Vec::new();
        let mut percent_cols = Vec::new();
        #[allow(clippy::needless_range_loop)] // c indexes cells of every row, not just roles
        for c in 0..width {
            let (mut nums, mut pcts, mut targets, mut filled) = (0, 0, 0, 0);
            for r in &table.rows {
                let Some(cell) = r.get(c) else { continue };
                if cell.text.trim().is_empty() {
                    continue;
                }
                filled += 1;
                if let Some(f) = cell.figure.as_ref().filter(|_| !is_text(cell)) {
                    if f.comparator.is_some() {
                        targets += 1;
                    } else if f.unit.as_deref() == Some("%") || cell.unit.as_deref() == Some("%") {
                        pcts += 1;
                    } else if f.value.is_some() {
                        nums += 1;
                    } else {
                        // placeholders count as neither
                        filled -= 1;
                    }
                }
            }
            if filled == 0
                || matches!(
                    roles[c],
                    ColumnRole::Index | ColumnRole::Code | ColumnRole::Date
                )
            {
                continue;
            }
            if pcts * 10 >= filled * 8 && pcts > 0 {
                percent_cols.push(c);
            } else if nums * 10 >= filled * 8 && nums > 0 && targets == 0 {
                value_cols.push(c);
            }
        }
        let label_col = (0..width).find(|&c| {
            !value_cols.contains(&c)
                && !percent_cols.contains(&c)
                && !matches!(roles[c], ColumnRole::Index | ColumnRole::Code)
                && table.rows.iter().any(|r| {
                    r.get(c)
                        .is_some_and(|x| !x.text.trim().is_empty() && is_text(x))
                })
        });
        // Columns counting people or things: their title, or the label
        // column's, names a measure word in brackets.
        let label_counts = label_col
            .and_then(|l| table.columns.get(l))
            .is_some_and(|t| count_title(t));
        let count_cols = (0..width)
            .map(|c| Some(c) != label_col && (label_counts || count_title(&table.columns[c])))
            .collect();
        let mut grid = Grid {
            table,
            count_cols,
            label_col,
            roles,
            value_cols,
            percent_cols,
            rows: Vec::new(),
            hidden,
        };
        grid.rows = grid.link_rows();
        grid
    }

    /// Is the row left out of this reading (another unit's row)?
    pub fn is_hidden(&self, row: usize) -> bool {
        self.hidden.get(row).copied().unwrap_or(false)
    }

    pub fn num(&self, row: usize, col: usize) -> Option<Num> {
        let n = self
            .table
            .rows
            .get(row)?
            .get(col)
            .and_then(Num::from_cell)?;
        // A whole number of people or things (编制数（人）, a block headed
        // 资产情况（辆、台、套）) is exact, not rounded.
        if n.decimals == 0 && n.lo != n.hi && self.count_cols.get(col).copied().unwrap_or(false) {
            return Some(Num::exact(n.value));
        }
        Some(n)
    }

    /// Is the cell a placeholder or empty (no number, meaning nothing or zero)?
    pub fn is_blank(&self, row: usize, col: usize) -> bool {
        self.table
            .rows
            .get(row)
            .and_then(|r| r.get(col))
            .is_none_or(|c| {
                c.text.trim().is_empty() || c.figure.as_ref().is_some_and(|f| f.value.is_none())
            })
    }

    pub fn label(&self, row: usize) -> &str {
        &self.rows[row].label
    }

    pub fn column_title(&self, col: usize) -> String {
        let t = self.table.columns.get(col).cloned().unwrap_or_default();
        if t.is_empty() {
            format!("column {}", col + 1)
        } else {
            t
        }
    }

    pub fn table_name(&self) -> String {
        match &self.table.caption {
            Some(c) => c.clone(),
            None => format!("table {}", self.table.id + 1),
        }
    }

    pub fn location(&self, row: usize, col: usize) -> Location {
        Location {
            table: Some(self.table.id),
            row: Some(row),
            column: Some(col),
            section: self.table.section.clone(),
            source: self
                .table
                .rows
                .get(row)
                .and_then(|r| r.get(col))
                .and_then(|c| c.location.clone()),
            offset: None,
        }
    }

    /// A dash written for zero ("-", "—") in a row that holds numbers in
    /// other value columns, read as an exact 0 where a sum is checked: a
    /// parent or total printed "-" over items that are not zero. A slash
    /// ("/", not applicable), an empty cell (perhaps a merge not read) and a
    /// row of dashes only (a heading row) are not read.
    pub fn dash_zero(&self, row: usize, col: usize) -> Option<Num> {
        let cell = self.table.rows.get(row)?.get(col)?;
        let dash = crate::figures::is_dash(cell.text.trim());
        if !dash || cell.figure.as_ref().is_some_and(|f| f.value.is_some()) {
            return None;
        }
        self.value_cols
            .iter()
            .any(|&c| c != col && self.num(row, c).is_some())
            .then(Num::zero)
    }

    /// A cell's amount where a sum is checked: its number, or 0 for a dash
    /// among amounts (`dash_zero`).
    pub fn amount(&self, row: usize, col: usize) -> Option<Num> {
        self.num(row, col).or_else(|| self.dash_zero(row, col))
    }

    /// The operand of a cell read by `amount`, as written.
    pub fn amount_operand(&self, row: usize, col: usize) -> Option<Operand> {
        self.operand(row, col)
            .or_else(|| self.dash_operand(row, col))
    }

    /// The operand of a cell read by `dash_zero`: 0, as written.
    pub fn dash_operand(&self, row: usize, col: usize) -> Option<Operand> {
        self.dash_zero(row, col)?;
        let cell = self.table.rows.get(row)?.get(col)?;
        Some(Operand {
            label: format!("{} / {}", self.label(row), self.column_title(col)),
            value: 0.0,
            text: cell.text.clone(),
            location: self.location(row, col),
        })
    }

    pub fn operand(&self, row: usize, col: usize) -> Option<Operand> {
        let cell = self.table.rows.get(row)?.get(col)?;
        let n = Num::from_cell(cell)?;
        Some(Operand {
            label: format!("{} / {}", self.label(row), self.column_title(col)),
            value: n.value,
            text: cell.text.clone(),
            location: self.location(row, col),
        })
    }

    pub fn unit(&self, col: usize) -> Option<String> {
        self.table
            .rows
            .iter()
            .find_map(|r| r.get(col).and_then(|c| c.unit.clone()))
            .or_else(|| self.table.unit.clone())
    }

    fn link_rows(&self) -> Vec<RowInfo> {
        let index_col = (0..self.table.columns.len()).find(|&c| self.roles[c] == ColumnRole::Index);
        let code_cols: Vec<usize> = (0..self.table.columns.len())
            .filter(|&c| self.roles[c] == ColumnRole::Code)
            // An emptied column (the other half of a side-by-side table) holds no codes.
            .filter(|&c| {
                self.table
                    .rows
                    .iter()
                    .any(|r| r.get(c).is_some_and(|x| !x.text.trim().is_empty()))
            })
            .collect();
        let codes = tables::row_codes(&self.table.rows, &code_cols);
        // 序号 markers count only when they are a ladder, not a running count.
        let index_is_ladder = index_col.is_some_and(|c| {
            self.table.rows.iter().any(|r| {
                r.get(c).is_some_and(|x| {
                    let t = x.text.trim();
                    !t.is_empty() && !t.chars().all(|ch| ch.is_ascii_digit())
                })
            })
        });
        let steps = self.staircase();
        let mut out: Vec<RowInfo> = Vec::with_capacity(self.table.rows.len());
        let mut stack: Vec<(usize, u8)> = Vec::new();
        let mut attach: Option<usize> = None;
        let mut part_parent: Option<usize> = None;
        let mut part_marker: Option<u8> = None;
        let mut part_labels: Vec<String> = Vec::new();
        // The last unmarked top-level row: a run of marked rows starting at
        // the first number of its ladder ("1、", "（一）") right under it
        // breaks it down ("三公经费" then "1、… 2、… 3、…").
        let mut lead: Option<usize> = None;
        let mut under_lead = false;
        let mut segment = 0;
        // The row before stood "其中：" alone.
        let mut bare_part = false;
        for (ri, row) in self.table.rows.iter().enumerate() {
            if self.is_hidden(ri) {
                out.push(RowInfo {
                    label: String::new(),
                    kind: RowKind::Blank,
                    depth: None,
                    parent: None,
                    link: Link::Root,
                    segment,
                    ladder_start: false,
                });
                continue;
            }
            let content = |c: usize| -> Option<&str> {
                let x = row.get(c)?;
                let t = x.text.trim();
                let placeholder = x.figure.as_ref().is_some_and(|f| f.value.is_none());
                (!t.is_empty()
                    && !placeholder
                    && !matches!(self.roles[c], ColumnRole::Index | ColumnRole::Code))
                .then_some(t)
            };
            let raw_label = self
                .label_col
                .and_then(content)
                .filter(|t| {
                    row.get(self.label_col.unwrap_or(0))
                        .is_some_and(|x| is_text(x) || is_total_label(t))
                })
                .map(str::to_string)
                .or_else(|| {
                    // A total's label may stand in another column (序号 column: "合计").
                    row.iter()
                        .map(|c| c.text.trim())
                        .find(|t| !t.is_empty() && is_total_label(t))
                        .map(str::to_string)
                })
                .or_else(|| {
                    // Merged label cells are empty: the first text in the row names it.
                    (0..row.len())
                        .filter(|c| !self.value_cols.contains(c) && !self.percent_cols.contains(c))
                        .find_map(|c| content(c).filter(|_| is_text(&row[c])))
                        .map(str::to_string)
                })
                .unwrap_or_default();
            let has_content = (0..row.len()).any(|c| content(c).is_some());
            let kind = if is_total_label(&raw_label) {
                RowKind::Total
            } else if !has_content {
                RowKind::Blank
            } else {
                RowKind::Item
            };
            let mut depth = None;
            // Printed by its own marker or code (rather than by position).
            let mut marked = true;
            if index_is_ladder {
                depth = index_col
                    .and_then(|c| row.get(c))
                    .and_then(|x| marker_level(x.text.trim()));
            }
            if depth.is_none() {
                depth = headings::mark(&raw_label).map(|m| m.level);
            }
            if depth.is_none() && code_cols.len() >= 2 {
                // 类 | 款 | 项 in their own columns: the depth is the column
                // of the row's own part (the parts above it printed or not).
                depth = codes[ri].as_ref().map(|(_, own)| *own as u8 + 1);
            }
            if depth.is_none() {
                let code = match &codes[ri] {
                    _ if code_cols.is_empty() => leading_code(&raw_label),
                    Some((code, _)) if code_cols.len() == 1 => code.clone(),
                    _ => String::new(),
                };
                depth = code_level(&code);
            }
            if let Some(step) = steps.as_ref().and_then(|s| s[ri]) {
                // Label columns in a staircase: the column is the level. A
                // row's own marker or code still makes its link certain.
                marked = depth.is_some();
                depth = Some(step);
            }
            let first_number = {
                let written = if index_is_ladder {
                    index_col
                        .and_then(|c| row.get(c))
                        .map(|x| x.text.trim().to_string())
                        .unwrap_or_default()
                } else {
                    raw_label.clone()
                };
                headings::mark(&written)
                    .or_else(|| headings::mark(&format!("{written}、")))
                    .is_some_and(|m| is_first_number(&m))
            };
            let label = strip_marker(&raw_label);
            // "其中：" alone on a row of no amounts (a part of nothing): the row
            // after it is the first part, as if it carried the 其中 itself.
            let is_part = label.starts_with("其中") || (kind == RowKind::Item && bare_part);
            bare_part = matches!(label.as_str(), "其中" | "其中：" | "其中:")
                && !self
                    .value_cols
                    .iter()
                    .chain(&self.percent_cols)
                    .any(|&c| content(c).is_some());
            // A plain row after a 其中 part, read from its label: like the
            // parts (a further part), or not (a sibling of the whole).
            let after_part = if kind == RowKind::Item && !is_part && depth.is_none() {
                part_parent.map(|p| part_or_sibling(&out[p].label, &part_labels, &label))
            } else {
                None
            };
            // A row after a 其中 part is certainly a part when it carries the
            // same marker as the part ("其中：1.…", "2.…") or is indented
            // deeper than the whole.
            let certain_part = part_parent.is_some_and(|p| {
                let marker_run = part_marker.is_some() && depth.is_some() && depth == part_marker;
                let indented = self
                    .label_col
                    .and_then(|c| row.get(c))
                    .is_some_and(|x| indent(&x.text) > indent(&self.cell_text(p)));
                marker_run || (indented && depth.is_none()) || after_part == Some(AfterPart::Part)
            });
            // The run of parts has ended; the row stands beside the whole.
            let sibling_of = part_parent.filter(|_| after_part == Some(AfterPart::Sibling));
            if sibling_of.is_some() {
                part_parent = None;
                part_labels.clear();
            }
            let (parent, link) = match kind {
                RowKind::Blank | RowKind::Total => {
                    segment += 1;
                    stack.clear();
                    attach = None;
                    part_parent = None;
                    part_labels.clear();
                    lead = None;
                    under_lead = false;
                    (None, Link::Root)
                }
                RowKind::Item => {
                    if is_part {
                        // A 其中 right under a 其中 part is that part's
                        // breakdown ("其中：授予中小企业合同金额", "　　其中：
                        // 授予小微企业合同金额") when it is indented deeper,
                        // or when it is no larger in any column (the cell
                        // text of a text table has lost its indent).
                        let nested = ri.checked_sub(1).filter(|&above| {
                            out.get(above).is_some_and(|r: &RowInfo| {
                                r.kind == RowKind::Item
                                    && r.link == Link::Part
                                    && r.label.starts_with("其中")
                            }) && (indent(&self.cell_text(ri)) > indent(&self.cell_text(above))
                                || self.within(ri, above))
                        });
                        let p = nested.or_else(|| {
                            out.iter()
                                .rposition(|r: &RowInfo| {
                                    r.kind == RowKind::Item
                                        && !matches!(r.link, Link::Part | Link::PartMaybe)
                                })
                                .filter(|&p| out[p].segment == segment)
                        });
                        part_parent = p;
                        part_labels.clear();
                        part_labels.push(label.clone());
                        let rest = label
                            .trim_start_matches("其中")
                            .trim_start_matches(['：', ':', ' ']);
                        part_marker = headings::mark(rest).map(|m| m.level);
                        (p, if p.is_some() { Link::Part } else { Link::Root })
                    } else if certain_part {
                        part_labels.push(label.clone());
                        (part_parent, Link::Part)
                    } else if let Some(d) = depth {
                        while stack.last().is_some_and(|&(_, sd)| sd >= d) {
                            stack.pop();
                        }
                        if stack.is_empty()
                            && first_number
                            && let Some(l) = lead.filter(|&l| out[l].segment == segment)
                        {
                            stack.push((l, d.saturating_sub(1)));
                            under_lead = true;
                        }
                        let p = stack.last().map(|&(i, _)| i);
                        stack.push((ri, d));
                        attach = Some(ri);
                        part_parent = None;
                        part_labels.clear();
                        if p.is_none() {
                            lead = None;
                            under_lead = false;
                        }
                        (
                            p,
                            match (p, marked) {
                                (None, _) => Link::Root,
                                (Some(_), true) => Link::Marked,
                                (Some(_), false) => Link::Inferred,
                            },
                        )
                    } else if let Some(w) = sibling_of {
                        match out[w].parent {
                            Some(p) => (Some(p), Link::Inferred),
                            None => {
                                lead = Some(ri);
                                (None, Link::Root)
                            }
                        }
                    } else if let Some(p) = part_parent {
                        (Some(p), Link::PartMaybe)
                    } else if under_lead {
                        // An unmarked row after the breakdown of an unmarked
                        // row is that row's sibling.
                        stack.clear();
                        attach = None;
                        under_lead = false;
                        lead = Some(ri);
                        (None, Link::Root)
                    } else if let Some(p) = attach {
                        (Some(p), Link::Inferred)
                    } else {
                        lead = Some(ri);
                        (None, Link::Root)
                    }
                }
            };
            out.push(RowInfo {
                label,
                kind,
                depth,
                parent,
                link,
                segment,
                ladder_start: first_of_ladder(&raw_label),
            });
        }
        out
    }

    /// Levels read from label columns printed as a staircase: a group's row
    /// names it in one column, and the rows under it start further right
    /// (采购品目大类 | 专项名称 | 经济科目 | 采购物品名称: "一、货物" alone,
    /// then "办公设备购置费 | 办公设备购置", then "台式计算机 | 政府集中采购").
    /// A column that rows starting further left often fill too (a quarter of
    /// them or more) describes those rows (经济科目 beside 专项名称) and is no
    /// step of its own; a row starting there stays at the level of the step
    /// before it. The level of a row is the rank of the step it starts at —
    /// except a row that repeats the name of the group open at its level and
    /// fills a deeper step too (the group named again at the top of a new
    /// page, beside its next item): it is that item. None unless at least
    /// two steps remain and no row lies more than one level below the row
    /// before it. A table whose merged cells were emptied (a category named
    /// once beside its first item, blank beside the others) is no staircase:
    /// every first row fills the item column too.
    fn staircase(&self) -> Option<Vec<Option<u8>>> {
        let first_value = self
            .value_cols
            .iter()
            .chain(&self.percent_cols)
            .copied()
            .min()?;
        let labels: Vec<usize> = (0..first_value)
            .filter(|&c| !matches!(self.roles[c], ColumnRole::Index | ColumnRole::Code))
            .collect();
        if labels.len() < 2 {
            return None;
        }
        let text = |row: &'a [Cell], c: usize| -> Option<&'a str> {
            row.get(c)
                .filter(|x| is_text(x))
                .map(|x| x.text.trim())
                .filter(|t| !t.is_empty())
        };
        let rows: Vec<&[Cell]> = self.table.rows.iter().map(|r| r.as_slice()).collect();
        // The first label column each valued row fills (totals aside). A
        // label printed again right under itself is a merged cell filled
        // down (as some exports print it), not where the row starts.
        let first: Vec<Option<usize>> = rows
            .iter()
            .enumerate()
            .map(|(ri, row)| {
                let total = row.iter().any(|x| is_total_label(x.text.trim()));
                let valued = self.value_cols.iter().any(|&c| self.num(ri, c).is_some());
                let filled_down = |c: usize| {
                    ri > 0 && text(row, c).is_some() && text(rows[ri - 1], c) == text(row, c)
                };
                (!total && valued)
                    .then(|| {
                        labels
                            .iter()
                            .copied()
                            .find(|&c| text(row, c).is_some() && !filled_down(c))
                    })
                    .flatten()
            })
            .collect();
        let steps: Vec<usize> = labels
            .iter()
            .copied()
            .filter(|&c| first.contains(&Some(c)))
            .filter(|&c| {
                let (mut before, mut beside) = (0, 0);
                // The name each column last started a row with.
                let mut last: Vec<Option<&str>> = vec![None; first_value];
                for (row, f) in rows.iter().zip(&first) {
                    let Some(f) = *f else { continue };
                    let name = text(row, f);
                    if f < c {
                        before += 1;
                        // A group named again (beside its next item) is no
                        // description of the row.
                        let again = last[f] == name;
                        beside += usize::from(text(row, c).is_some() && !again);
                    }
                    last[f] = name;
                }
                beside == 0 || beside * 4 < before
            })
            .collect();
        if steps.len() < 2 {
            return None;
        }
        let mut levels = Vec::with_capacity(first.len());
        // The row open at each level.
        let mut open: Vec<usize> = Vec::new();
        for (ri, f) in first.iter().enumerate() {
            let Some(f) = *f else {
                levels.push(None);
                continue;
            };
            let mut k = steps.iter().rposition(|&s| s <= f)?;
            let name = text(rows[ri], steps[k]);
            let repeats = name.is_some()
                && open
                    .get(k)
                    .is_some_and(|&o| text(rows[o], steps[k]) == name);
            if repeats {
                k = steps
                    .iter()
                    .rposition(|&s| text(rows[ri], s).is_some())
                    .unwrap_or(k);
            }
            if k > open.len() {
                return None;
            }
            open.truncate(k);
            open.push(ri);
            levels.push(Some(k as u8 + 1));
        }
        Some(levels)
    }

    /// The text of a row's label cell as written (indentation kept).
    fn cell_text(&self, row: usize) -> String {
        self.label_col
            .and_then(|c| self.table.rows.get(row).and_then(|r| r.get(c)))
            .map(|x| x.text.clone())
            .unwrap_or_default()
    }

    /// Every amount of row `r` is at most row `above`'s in the same column
    /// (all but one, with three columns or more), and at least one column
    /// has both.
    fn within(&self, r: usize, above: usize) -> bool {
        let value = |row: usize, c: usize| self.table.rows.get(row)?.get(c)?.figure.as_ref()?.value;
        let pairs: Vec<(f64, f64)> = self
            .value_cols
            .iter()
            .filter_map(|&c| Some((value(r, c)?, value(above, c)?)))
            .collect();
        // (One cell may be the misprint an audit is for: with three columns
        // or more, all but one.)
        let over = pairs.iter().filter(|(x, y)| x > y).count();
        !pairs.is_empty() && (over == 0 || (pairs.len() >= 3 && over == 1))
    }

    /// Children of a row, in order.
    pub fn children(&self, row: usize) -> Vec<usize> {
        (row + 1..self.rows.len())
            .filter(|&r| self.rows[r].parent == Some(row))
            .collect()
    }
}

/// A side-by-side table (收支总表: 收入 items and amounts, then 支出 items and
/// amounts) read as its halves: each copy keeps the table's shape (so column
/// indices stay true) with the other half's cells emptied. A table with one
/// label column is returned as it is, borrowed: a copy of a table of 100,000
/// cells was a third of the audit's peak memory.
pub fn halves(table: &Table) -> Vec<Cow<'_, Table>> {
    let g = Grid::new(table);
    let Some(label) = g.label_col else {
        return vec![Cow::Borrowed(table)];
    };
    let Some(&first_value) = g.value_cols.iter().find(|&&c| c > label) else {
        return vec![Cow::Borrowed(table)];
    };
    let second = (first_value + 1..table.columns.len()).find(|&c| {
        if g.value_cols.contains(&c)
            || g.percent_cols.contains(&c)
            || matches!(
                g.roles[c],
                ColumnRole::Index | ColumnRole::Code | ColumnRole::Date
            )
            || !g.value_cols.iter().any(|&v| v > c)
        {
            return false;
        }
        let texts: Vec<&str> = table
            .rows
            .iter()
            .filter_map(|r| r.get(c))
            .filter(|x| !x.text.trim().is_empty() && is_text(x))
            .map(|x| x.text.trim())
            .collect();
        // The other half's labels are item names, like the first half's: not
        // sentences (a 评分标准 column between 分值 and 得分 is no second half)
        // — unless the value columns' titles repeat on both sides.
        let label_like = texts
            .iter()
            .filter(|t| t.chars().count() <= 24 && !t.contains(['，', '；', '。', ',', ';']))
            .count();
        let last = |k: usize| {
            let t = table.columns.get(k).map(String::as_str).unwrap_or("");
            t.rsplit('/').next().unwrap_or(t).trim().to_string()
        };
        let repeats = g.value_cols.iter().any(|&a| {
            a < c
                && !last(a).is_empty()
                && g.value_cols.iter().any(|&b| b > c && last(b) == last(a))
        });
        // Without titles to compare, its labels must read like a half's:
        // totals or ladder markers among item names.
        let structured = texts
            .iter()
            .filter(|t| is_total_label(t) || headings::mark(t).is_some())
            .count();
        texts.len() >= 3 && (repeats || (structured >= 2 && label_like * 10 >= texts.len() * 8))
    });
    let Some(mut second) = second else {
        return vec![Cow::Borrowed(table)];
    };
    // "一级指标 | 权重 | 二级指标 | 权重": the levels of one hierarchy, not two
    // halves, whatever their weight columns are called.
    let level = |c: usize| ladder_level(table.columns.get(c).map_or("", String::as_str));
    if level(label).zip(level(second)).is_some_and(|(a, b)| a < b) {
        return vec![Cow::Borrowed(table)];
    }
    // The second half's own 科目编码 / 行次 columns stand before its labels.
    while second > first_value + 1
        && matches!(g.roles[second - 1], ColumnRole::Index | ColumnRole::Code)
    {
        second -= 1;
    }
    vec![
        Cow::Owned(emptied(table, |_, c| c >= second)),
        Cow::Owned(emptied(table, |_, c| c < second)),
    ]
}

/// The level a column title names on a ladder of levels: "一级指标" → 1,
/// "二级指标" → 2, "三级" → 3.
fn ladder_level(title: &str) -> Option<u32> {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.rsplit('/').next().unwrap_or(&t);
    let (n, rest) = t.split_once('级')?;
    let level = crate::figures::chinese_number(n).filter(|v| (1.0..=9.0).contains(v))?;
    (rest.is_empty() || rest.starts_with("指标") || rest.starts_with("科目"))
        .then_some(level as u32)
}

/// A table whose rows each name their unit in a column of units (人, 万元,
/// %), read as one view per unit: each view keeps the table's shape with the
/// other units' rows emptied and hidden, so that people are never added to
/// money. A row with numbers and no unit of its own (a 合计 with its unit
/// cell blank) goes with the nearest row above that has one, else below; a
/// row with neither stands in every view. Returns the table itself, with no
/// hidden rows, when it has at most one unit.
pub fn unit_views(table: &Table) -> Vec<(Cow<'_, Table>, Vec<bool>)> {
    let whole = || vec![(Cow::Borrowed(table), Vec::new())];
    let cell = |r: usize, c: usize| {
        table
            .rows
            .get(r)
            .and_then(|row| row.get(c))
            .map(|x| x.text.as_str())
    };
    let Some(own) = tables::row_units(&table.columns, cell, table.rows.len()) else {
        return whole();
    };
    let mut unit: Vec<Option<&str>> = own.clone();
    let mut last = None;
    for x in unit.iter_mut() {
        if x.is_some() {
            last = *x;
        } else {
            *x = last;
        }
    }
    let first = own.iter().flatten().next().copied();
    for x in unit.iter_mut() {
        if x.is_none() {
            *x = first;
        }
    }
    let mut units: Vec<&str> = unit.iter().flatten().copied().collect();
    units.sort_unstable();
    units.dedup();
    if units.len() < 2 {
        return whole();
    }
    units
        .into_iter()
        .map(|keep| {
            // A row with no unit and no number (a heading row, "三、资产")
            // stands in every view.
            let hidden: Vec<bool> = unit
                .iter()
                .zip(&own)
                .zip(&table.rows)
                .map(|((x, o), row)| {
                    *x != Some(keep) && (o.is_some() || row.iter().any(|c| c.value.is_some()))
                })
                .collect();
            let t = emptied(table, |r, _| hidden[r]);
            (Cow::Owned(t), hidden)
        })
        .collect()
}

/// A copy of the table with the cells `empty(row, column)` says emptied (their
/// places kept): the shape, and so every row and column index, stays true.
pub fn emptied(table: &Table, empty: impl Fn(usize, usize) -> bool) -> Table {
    let mut t = table.clone();
    for (r, row) in t.rows.iter_mut().enumerate() {
        for (c, cell) in row.iter_mut().enumerate() {
            if empty(r, c) {
                *cell = Cell {
                    location: cell.location.clone(),
                    ..Cell::default()
                };
            }
        }
    }
    t
}

/// Is the cell text rather than a figure? A label carrying an amount after a
/// colon ("其中：基本支出：568.45") is text.
pub fn is_text(c: &Cell) -> bool {
    c.figure
        .as_ref()
        .is_none_or(|f| f.offset.is_some_and(|o| o > 0))
}

/// What a plain row after a 其中 part is, read from its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AfterPart {
    /// Named like the parts, not like the whole: a further part.
    Part,
    /// Named like the whole, not like the parts: a sibling.
    Sibling,
    /// Named like both or like neither: the print does not say.
    Open,
}

/// A title naming a measure word in brackets: "编制数（人）", "资产情况（辆、台、套）".
fn count_title(t: &str) -> bool {
    t.split(['（', '('])
        .skip(1)
        .filter_map(|after| after.split_once(['）', ')']).map(|(inner, _)| inner))
        .any(|inner| {
            let words: Vec<&str> = inner.split(['、', '，', ',', '/']).map(str::trim).collect();
            words.iter().all(|w| {
                !w.is_empty()
                    && crate::figures::units::table_unit_info(w).kind
                        == crate::model::FigureKind::Count
            })
        })
}

/// Two labels are named alike when they end alike (办公费, 印刷费; 一般公共预算
/// 财政拨款, 政府性基金预算财政拨款) or begin alike (公车购置, 公车运行维护).
fn alike(a: &str, b: &str) -> bool {
    let bare = |t: &str| -> Vec<char> {
        let t = t.trim_start_matches("其中").trim_start_matches(['：', ':']);
        super::statements::strip_parens(t)
            .trim_end_matches(['：', ':'])
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let (a, b) = (bare(a), bare(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a.last() == b.last() || (a.len() >= 2 && b.len() >= 2 && a[..2] == b[..2])
}

/// A 其中 list names its parts alike: a plain row after them named like every
/// part and not like the whole is one more; one named like the whole and not
/// like the parts (事业收入 after 财政拨款收入's 其中：一般公共预算财政拨款) is
/// where the list stops. Otherwise the label decides nothing.
fn part_or_sibling(whole: &str, parts: &[String], row: &str) -> AfterPart {
    let like_parts = !parts.is_empty() && parts.iter().all(|p| alike(p, row));
    let like_whole = alike(whole, row);
    match (like_parts, like_whole) {
        (true, false) => AfterPart::Part,
        (false, true) => AfterPart::Sibling,
        _ => AfterPart::Open,
    }
}

/// Does the label start with the first number of its ladder (一、, （一）, 1、, ①)?
fn first_of_ladder(label: &str) -> bool {
    headings::mark(label.trim()).is_some_and(|m| is_first_number(&m))
}

/// Is the heading mark the first of its ladder (一, （一）, 1, (1), ①, 壹)?
fn is_first_number(m: &headings::Mark) -> bool {
    let n: String = m
        .number
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '（' | '）'))
        .collect();
    matches!(n.as_str(), "一" | "1" | "①" | "壹")
}

/// Level of a 序号 cell: "一" → 1, "(一)" → 2, "1" → 3, "(1)" → 4, "①" → 5.
fn marker_level(t: &str) -> Option<u8> {
    if t.is_empty() {
        return None;
    }
    headings::mark(t)
        .or_else(|| headings::mark(&format!("{t}、")))
        .map(|m| m.level)
}

/// Leading indentation of a cell text, in spaces (an ideographic space counts two).
fn indent(t: &str) -> usize {
    t.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\u{3000}' { 2 } else { 1 })
        .sum()
}

/// A 科目编码 at the start of a label ("2010101行政运行", "201 一般公共服务支出"):
/// digits followed by the name, a space or nothing — not by an operator or a
/// unit ("60000≤Q＜80000", "100万元以上").
fn leading_code(label: &str) -> String {
    let digits: String = label.chars().take_while(|c| c.is_ascii_digit()).collect();
    let next = label[digits.len()..].chars().next();
    let named = next.is_none_or(|c| {
        c.is_whitespace()
            || (('\u{4e00}'..='\u{9fff}').contains(&c) && !"万亿千元年月日个人次".contains(c))
    });
    if named { digits } else { String::new() }
}

/// 功能分类 codes nest by length: 类 201 → 1, 款 20101 → 2, 项 2010101 → 3.
pub fn code_level(code: &str) -> Option<u8> {
    if !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match code.len() {
        3 => Some(1),
        5 => Some(2),
        7 => Some(3),
        _ => None,
    }
}

/// The label without its ladder marker: "一、基本支出" → "基本支出".
pub fn strip_marker(t: &str) -> String {
    let t = t.trim();
    match headings::mark(t) {
        Some(m) => t[m.rest..].trim().to_string(),
        None => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(columns: &[&str], rows: &[&[&str]]) -> Table {
        crate::audit::test_table("元", columns, rows)
    }

    #[test]
    fn rows_in_other_units_are_read_apart() {
        let rows = |staff: &str, sangong: &str| -> Table {
            table(
                &["项目", "单位", "2023年"],
                &[
                    &["一、财政供养人员", "人", "86"],
                    &["其中：行政编制", "人", "52"],
                    &["事业编制", "人", staff],
                    &["二、经费支出合计", "万元", "1,464.97"],
                    &["1、三公经费", "万元", sangong],
                    &["2、项目支出", "万元", "1,426.35"],
                ],
            )
        };
        let findings = |t: &Table| {
            let mut rec = crate::audit::Recorder::default();
            for (view, hidden) in unit_views(t) {
                crate::audit::totals::check(&Grid::with_hidden(&view, hidden), &mut rec);
            }
            rec.findings
                .iter()
                .map(|f| (f.check.clone(), f.location.row))
                .collect::<Vec<_>>()
        };
        let clean = rows("34", "38.62");
        assert_eq!(unit_views(&clean).len(), 2);
        assert!(findings(&clean).is_empty(), "{:?}", findings(&clean));
        // Read as one, the 其中 run went on into the money rows.
        let mut rec = crate::audit::Recorder::default();
        crate::audit::totals::check(&Grid::new(&clean), &mut rec);
        assert!(!rec.findings.is_empty());
        let defects = findings(&rows("40", "39.62"));
        assert_eq!(defects.len(), 2, "{defects:?}");
        // A 合计 printed first heads its unit's rows across the people's.
        let first = |total: &str| {
            table(
                &["项目", "单位", "2023年"],
                &[
                    &["合计", "万元", total],
                    &["财政供养人员", "人", "86"],
                    &["其中：行政编制", "人", "52"],
                    &["事业编制", "人", "34"],
                    &["三公经费", "万元", "38.62"],
                    &["项目支出", "万元", "1,426.35"],
                ],
            )
        };
        assert!(findings(&first("1,464.97")).is_empty());
        assert_eq!(
            findings(&first("1,465.97")),
            [("table.total".to_string(), Some(0))]
        );
    }

    #[test]
    fn side_by_side_halves_have_their_own_labels() {
        let t = table(
            &["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"],
            &[
                &["一、财政拨款收入", "100.00", "一、公共安全支出", "80.00"],
                &["1. 一般公共预算", "100.00", "二、卫生健康支出", "20.00"],
                &["二、事业收入", "0.00", "", ""],
                &["收入总计", "100.00", "支出总计", "100.00"],
            ],
        );
        let hs = halves(&t);
        assert_eq!(hs.len(), 2);
        let right = Grid::new(&hs[1]);
        assert_eq!(right.label_col, Some(2));
        assert_eq!(right.value_cols, vec![3]);
        assert_eq!(right.label(1), "卫生健康支出");
        let left = Grid::new(&hs[0]);
        assert_eq!(left.value_cols, vec![1]);
        assert_eq!(left.rows[1].parent, Some(0));
        // Each half's 科目编码 column goes with it.
        let t = table(
            &[
                "科目编码",
                "科目名称",
                "决算数",
                "科目编码",
                "科目名称",
                "决算数",
            ],
            &[
                &[
                    "301",
                    "工资福利支出",
                    "30.00",
                    "302",
                    "商品和服务支出",
                    "12.00",
                ],
                &["30101", "基本工资", "20.00", "30201", "办公费", "5.00"],
                &["30102", "津贴补贴", "10.00", "30202", "印刷费", "7.00"],
            ],
        );
        let hs = halves(&t);
        assert_eq!(hs.len(), 2);
        let right = Grid::new(&hs[1]);
        assert_eq!(right.label_col, Some(4));
        assert_eq!(right.rows[1].parent, Some(0));
        assert!(hs[0].rows[0][3].text.is_empty());
        // One label column: the table as it is.
        let one = table(
            &["项目", "金额"],
            &[&["甲", "1"], &["乙", "2"], &["丙", "3"]],
        );
        assert_eq!(halves(&one).len(), 1);
    }

    #[test]
    fn split_code_columns_printing_only_each_rows_part_nest_by_its_column() {
        let t = table(
            &["类", "款", "项", "科目名称", "合计"],
            &[
                &["", "", "", "合计", "35.00"],
                &["204", "", "", "公共安全支出", "30.00"],
                &["", "06", "", "司法", "30.00"],
                &["", "", "01", "行政运行", "10.00"],
                &["", "", "04", "基层司法业务", "20.00"],
                &["208", "", "", "社会保障和就业支出", "5.00"],
            ],
        );
        let g = Grid::new(&t);
        assert_eq!(g.label_col, Some(3));
        let depths: Vec<Option<u8>> = g.rows.iter().map(|r| r.depth).collect();
        assert_eq!(depths[1..], [Some(1), Some(2), Some(3), Some(3), Some(1)]);
        assert_eq!(g.rows[3].parent, Some(2));
        assert_eq!(g.rows[5].parent, None);
        let mut rec = crate::audit::Recorder::default();
        crate::audit::totals::check(&g, &mut rec);
        assert!(rec.findings.is_empty(), "{:?}", rec.findings);
    }

    #[test]
    fn split_code_columns_nest_by_how_many_are_filled() {
        let t = table(
            &[
                "科目编码/类",
                "科目编码/款",
                "科目编码/项",
                "科目名称",
                "合计",
            ],
            &[
                &["204", "", "", "公共安全支出", "30.00"],
                &["204", "06", "", "司法", "30.00"],
                &["204", "06", "01", "行政运行", "10.00"],
                &["204", "06", "04", "基层司法业务", "20.00"],
                &["208", "", "", "社会保障和就业支出", "5.00"],
                &["合计", "", "", "", "35.00"],
            ],
        );
        let g = Grid::new(&t);
        assert_eq!(g.label_col, Some(3));
        assert_eq!(g.rows[0].depth, Some(1));
        assert_eq!(g.rows[2].depth, Some(3));
        assert_eq!(g.rows[2].parent, Some(1));
        assert_eq!(g.rows[1].parent, Some(0));
        assert_eq!(g.rows[4].parent, None);
        let mut rec = crate::audit::Recorder::default();
        crate::audit::totals::check(&g, &mut rec);
        assert!(rec.findings.is_empty(), "{:?}", rec.findings);
        assert!(rec.summary.by_check["table.total"].passed >= 1);
    }

    #[test]
    fn qizhong_alone_on_its_row_makes_the_next_row_a_part() {
        let t = table(
            &["项目", "本年收入"],
            &[
                &["事业收入", "5.00"],
                &["其中：", ""],
                &["教育收费", "2.00"],
                &["经营收入", "0.00"],
            ],
        );
        let g = Grid::new(&t);
        assert_eq!((g.rows[2].parent, g.rows[2].link), (Some(0), Link::Part));
        assert_eq!((g.rows[3].parent, g.rows[3].link), (None, Link::Root));
    }

    #[test]
    fn a_qizhong_under_a_qizhong_part_that_fits_inside_it_is_nested() {
        let rows: [&[&str]; 3] = [
            &["政府采购支出总额", "3,119.10", "312.48", "1,860.25"],
            &[
                "其中：授予中小企业合同金额",
                "2,486.30",
                "186.40",
                "1,642.50",
            ],
            &[
                "其中：授予小微企业合同金额",
                "1,524.60",
                "98.20",
                "1,086.00",
            ],
        ];
        let t = table(&["项目", "合计", "货物", "工程"], &rows);
        let g = Grid::new(&t);
        assert_eq!((g.rows[1].parent, g.rows[1].link), (Some(0), Link::Part));
        assert_eq!((g.rows[2].parent, g.rows[2].link), (Some(1), Link::Part));
        // Larger than the part above: a second part of the whole.
        let rows: [&[&str]; 3] = [
            &["本年支出", "100.00", "60.00", "40.00"],
            &["其中：人员经费", "30.00", "20.00", "10.00"],
            &["其中：公用经费", "70.00", "40.00", "30.00"],
        ];
        let t = table(&["项目", "合计", "基本", "项目"], &rows);
        let g = Grid::new(&t);
        assert_eq!((g.rows[2].parent, g.rows[2].link), (Some(0), Link::Part));
    }

    #[test]
    fn a_qizhong_run_stops_at_a_row_named_like_the_whole() {
        let t = table(
            &["项目", "本年收入"],
            &[
                &["财政拨款收入", "30.00"],
                &["其中：一般公共预算财政拨款", "20.00"],
                &["政府性基金预算财政拨款", "10.00"],
                &["事业收入", "5.00"],
                &["其中：教育收费", "2.00"],
                &["经营收入", "0.00"],
            ],
        );
        let g = Grid::new(&t);
        assert_eq!((g.rows[2].parent, g.rows[2].link), (Some(0), Link::Part));
        assert_eq!((g.rows[3].parent, g.rows[3].link), (None, Link::Root));
        assert_eq!((g.rows[5].parent, g.rows[5].link), (None, Link::Root));
        // Named like neither: the print does not say.
        assert_eq!(
            part_or_sibling(
                "商品和服务支出",
                &["其中：办公费".into()],
                "对个人和家庭的补助"
            ),
            AfterPart::Open
        );
        assert_eq!(
            part_or_sibling(
                "公务用车购置和维护经费",
                &["其中：公车购置".into()],
                "公车运行维护"
            ),
            AfterPart::Part
        );
    }

    const PROCUREMENT: [&str; 6] = [
        "采购品目大类",
        "专项名称",
        "经济科目",
        "采购物品名称",
        "采购组织形式",
        "总计",
    ];

    fn levels(g: &Grid) -> Vec<Option<u8>> {
        g.rows.iter().map(|r| r.depth).collect()
    }

    fn hierarchy_findings(g: &Grid) -> Vec<crate::model::Finding> {
        let mut rec = crate::audit::Recorder::default();
        crate::audit::totals::check(g, &mut rec);
        rec.findings
            .into_iter()
            .filter(|f| f.check == "table.hierarchy")
            .collect()
    }

    #[test]
    fn a_staircase_with_its_labels_filled_down_keeps_its_levels() {
        // 采购品目大类 and 专项名称 printed again in every row of their
        // merged cells: each row still starts where its own label stands.
        let t = table(
            &PROCUREMENT,
            &[
                &["合计", "", "", "", "", "59.00"],
                &["一、货物", "", "", "", "", "59.00"],
                &[
                    "一、货物",
                    "办公设备购置费",
                    "办公设备购置",
                    "",
                    "",
                    "59.00",
                ],
                &[
                    "一、货物",
                    "办公设备购置费",
                    "",
                    "台式计算机",
                    "分散自行组织",
                    "36.00",
                ],
                &[
                    "一、货物",
                    "办公设备购置费",
                    "",
                    "家具用具",
                    "分散自行组织",
                    "23.00",
                ],
            ],
        );
        let g = Grid::new(&t);
        assert_eq!(levels(&g)[1..], [1, 2, 3, 3].map(Some), "{:?}", g.rows);
        assert_eq!(g.rows[3].parent, Some(2));
        assert!(hierarchy_findings(&g).is_empty());
    }

    #[test]
    fn label_columns_in_a_staircase_are_levels() {
        let rows = |furniture: &str| -> Table {
            table(
                &PROCUREMENT,
                &[
                    &["合计", "", "", "", "", "80.00"],
                    &["一、货物", "", "", "", "", "59.00"],
                    &["", "办公设备购置费", "办公设备购置", "", "", "59.00"],
                    &["", "", "", "台式计算机", "分散自行组织", "36.00"],
                    &["", "", "", "家具用具", "分散自行组织", furniture],
                    &["二、服务", "", "", "", "", "21.00"],
                    &["", "会议经费", "会议费", "", "", "15.00"],
                    &["", "", "", "会议服务", "分散自行组织", "15.00"],
                    // The same project again under another 经济科目: its name cell
                    // is empty (merged), the row stays at the project level.
                    &["", "", "印刷费", "", "", "6.00"],
                    &["", "", "", "印刷服务", "分散自行组织", "6.00"],
                ],
            )
        };
        let t = rows("23.00");
        let g = Grid::new(&t);
        assert_eq!(
            levels(&g)[1..],
            [1, 2, 3, 3, 1, 2, 3, 2, 3].map(Some),
            "{:?}",
            g.rows
        );
        assert_eq!(
            (g.rows[3].parent, g.rows[3].link),
            (Some(2), Link::Inferred)
        );
        assert_eq!(g.rows[2].parent, Some(1));
        assert_eq!(g.rows[8].parent, Some(5));
        assert_eq!(g.rows[9].parent, Some(8));
        // Each level adds up: no double counting of projects and their items.
        assert!(hierarchy_findings(&g).is_empty());

        // A wrong item is found, as a warning: the levels come from position.
        let t = rows("25.00");
        let g = Grid::new(&t);
        let found = hierarchy_findings(&g);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, crate::model::Severity::Warning);
        assert!(
            found[0].message.contains("办公设备购置费"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_group_named_again_beside_its_next_item_is_that_item() {
        // The project's name printed again at the top of a new page, on the
        // line of its next item.
        let t = table(
            &PROCUREMENT,
            &[
                &["一、货物", "", "", "", "", "30.00"],
                &["", "机要业务费", "办公设备购置", "", "", "30.00"],
                &["", "", "", "台式计算机", "政府集中采购", "4.00"],
                &[
                    "",
                    "机要业务费",
                    "办公设备购置",
                    "打印设备",
                    "政府集中采购",
                    "3.00",
                ],
                &["", "", "", "路由器", "政府集中采购", "23.00"],
            ],
        );
        let g = Grid::new(&t);
        assert_eq!(levels(&g), [1, 2, 3, 3, 3].map(Some));
        assert_eq!(g.rows[3].parent, Some(1));
        assert!(hierarchy_findings(&g).is_empty());
    }

    #[test]
    fn emptied_merged_cells_are_no_staircase() {
        // 类 named once beside its first item: the first row is an item too.
        let t = table(
            &["类别", "项目", "金额"],
            &[
                &["设备", "电脑", "10.00"],
                &["", "打印机", "20.00"],
                &["", "复印机", "30.00"],
                &["服务", "物业", "5.00"],
                &["", "会议", "6.00"],
            ],
        );
        let g = Grid::new(&t);
        assert_eq!(g.staircase(), None);
        assert!(hierarchy_findings(&g).is_empty());
    }

    #[test]
    fn a_leading_number_is_a_code_only_before_a_name() {
        assert_eq!(leading_code("2010101行政运行"), "2010101");
        assert_eq!(leading_code("201 一般公共服务支出"), "201");
        assert_eq!(leading_code("20101"), "20101");
        assert_eq!(leading_code("60000≤Q＜80000"), "");
        assert_eq!(leading_code("100万元以上"), "");
        assert_eq!(leading_code("2019年"), "");
    }

    #[test]
    fn whole_counts_of_people_are_exact() {
        let t = table(
            &["人员情况", "编制数（人）", "金额"],
            &[&["行政编制", "46", "12"]],
        );
        let g = Grid::new(&t);
        let n = g.num(0, 1).expect("a count");
        assert_eq!((n.lo, n.hi), (46.0, 46.0));
        let m = g.num(0, 2).expect("an amount");
        assert!(m.lo < m.hi);
        assert!(count_title("资产情况（辆、台、套）"));
        assert!(!count_title("经费支出（元）"));
    }

    #[test]
    fn totals_and_markers() {
        assert!(is_total_label("合计"));
        assert!(is_total_label("合 计"));
        assert!(is_total_label("本年支出合计"));
        assert!(is_total_label("总分"));
        assert_eq!(ladder_level("一级指标"), Some(1));
        assert_eq!(ladder_level("二 级 指 标"), Some(2));
        assert_eq!(ladder_level("三级"), Some(3));
        assert_eq!(ladder_level("项目"), None);
        assert_eq!(ladder_level("等级"), None);
        assert!(is_total_label("考核总得分"));
        assert!(!is_total_label("总分值"));
        assert!(!is_total_label("其中：合计"));
        assert!(!is_total_label("年末结转和结余"));
        assert_eq!(marker_level("一"), Some(1));
        assert_eq!(marker_level("(一)"), Some(2));
        assert_eq!(marker_level("1"), Some(3));
        assert_eq!(code_level("2010101"), Some(3));
        assert_eq!(strip_marker("一、基本支出"), "基本支出");
    }
}
