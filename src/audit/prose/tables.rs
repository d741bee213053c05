//! `text.table`: a prose amount naming a table cell by its row label and
//! column words ("基本支出年初预算数") agrees with that cell.

use super::sentence::{Fig, Para, cjk_count, in_prose_unit, in_unit, is_change_label};
use crate::audit::grid::{Grid, halves, is_total_label, strip_marker};
use crate::audit::num::Num;
use crate::audit::{Recorder, finding, show};
use crate::model::{Document, Location, Operand, Severity, Table};

/// Words that give a money column its meaning ("年初预算" → 年初 + 预算). A
/// prose figure names a column when, once its row label is taken out, its
/// words are exactly the column's.
const COLUMN_WORDS: [&str; 11] = [
    "年初", "全年", "调整", "预算", "支出", "决算", "执行", "实际", "结余", "收入", "结转",
];

fn column_words(s: &str) -> Vec<&'static str> {
    COLUMN_WORDS
        .iter()
        .copied()
        .filter(|w| s.contains(w))
        .collect()
}

/// A money cell of a table, with the row label and column meaning that name it.
pub(super) struct TableCell {
    table: usize,
    row: usize,
    col: usize,
    row_label: String,
    words: Vec<&'static str>,
    num: Num,
    unit: String,
    text: String,
    caption: String,
}

/// The named money cells of a document, with their distinct row labels: a
/// prose figure is matched against each label once, not against every cell
/// (a document of many tables stays linear in its figures).
pub(super) struct Cells {
    cells: Vec<TableCell>,
    /// Distinct row labels with the cells that carry them.
    labels: Vec<(String, Vec<usize>)>,
}

impl Cells {
    pub(super) fn new(cells: Vec<TableCell>) -> Cells {
        let mut by: std::collections::BTreeMap<String, Vec<usize>> =
            std::collections::BTreeMap::new();
        for (i, c) in cells.iter().enumerate() {
            by.entry(c.row_label.clone()).or_default().push(i);
        }
        Cells {
            cells,
            labels: by.into_iter().collect(),
        }
    }
}

pub(super) fn table_cells(doc: &Document) -> Cells {
    Cells::new(all_cells(doc))
}

fn all_cells(doc: &Document) -> Vec<TableCell> {
    let mut out = Vec::new();
    for t in &doc.tables {
        let Some(unit) = t
            .unit
            .as_deref()
            .filter(|u| crate::figures::units::yuan_exp(u).is_some())
        else {
            continue;
        };
        for half in halves(t) {
            half_cells(&half, unit, &mut out);
        }
    }
    out
}

/// The named money cells of one table (or one half of a side-by-side table).
fn half_cells(t: &Table, unit: &str, out: &mut Vec<TableCell>) {
    let g = Grid::new(t);
    for &col in &g.value_cols {
        // The column's meaning: its deepest title, where the words are.
        let words = column_words(&g.column_title(col));
        if words.is_empty() || words == ["支出"] || words == ["预算"] || words == ["收入"] {
            // One generic word names no single column (支出 alone is every spending).
            continue;
        }
        for r in 0..g.rows.len() {
            let label: String = strip_marker(g.label(r))
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let label = label
                .trim_start_matches("其中")
                .trim_start_matches(['：', ':'])
                .to_string();
            if cjk_count(&label) < 2 || is_total_label(&label) {
                continue;
            }
            let Some(num) = g.num(r, col) else { continue };
            let text = t
                .rows
                .get(r)
                .and_then(|row| row.get(col))
                .map(|c| c.text.clone())
                .unwrap_or_default();
            out.push(TableCell {
                table: t.id,
                row: r,
                col,
                row_label: label,
                words: words.clone(),
                num,
                unit: unit.to_string(),
                text,
                caption: t
                    .caption
                    .clone()
                    .unwrap_or_else(|| format!("table {}", t.id + 1)),
            });
        }
    }
}

/// What follows a row label in a figure's words lets it end a word there:
/// nothing, a column word ("基本支出年初预算数"), or anything but a Chinese
/// character ("项目支出（万元）").
fn ends_a_word(after: &str) -> bool {
    match after.chars().next() {
        None => true,
        Some(c) if !crate::figures::is_cjk(c) => true,
        Some(_) => {
            COLUMN_WORDS.iter().any(|w| after.starts_with(w)) || after.starts_with(['数', '的'])
        }
    }
}

/// A prose amount naming a table cell — its label holds the row's label, and
/// what remains holds exactly the column's words ("基本支出年初预算数" → row
/// 基本支出, column 年初预算) — must agree with it. Checked only when every
/// cell so named holds the same number.
pub(super) fn check(para: &Para, f: &Fig, cells: &Cells, rec: &mut Recorder) {
    if !f.is_amount() || f.label.is_empty() || is_change_label(&f.label) {
        return;
    }
    let Some(unit) = f.unit() else { return };
    // The row label standing last in the words (the head of the phrase).
    let mut best: Option<(usize, usize, &[usize])> = None;
    for (label, at) in &cells.labels {
        if let Some(i) = f.label.rfind(label.as_str()) {
            let end = i + label.len();
            if !ends_a_word(&f.label[end..]) {
                // The row label inside a longer word: 「司法」 in 「司法局收入预算」
                // names the department, not the row.
                continue;
            }
            if best.is_none_or(|(e, n, _)| end > e || (end == e && label.len() > n)) {
                best = Some((end, label.len(), at));
            }
        }
    }
    let Some((end, n, at)) = best else { return };
    let rest = format!("{}{}", &f.label[..end - n], &f.label[end..]);
    let words = column_words(&rest);
    if words.is_empty() {
        return;
    }
    // Each cell so named, counted in the prose's unit (a 万元 table read
    // against prose in 亿元 or 元).
    let named: Vec<(&TableCell, Num)> = at
        .iter()
        .map(|&i| &cells.cells[i])
        .filter(|c| c.words == words)
        .filter_map(|c| Some((c, in_unit(c.num, Some(&c.unit), Some(unit))?)))
        .collect();
    let Some(&(first, num)) = named.first() else {
        return;
    };
    if !named.iter().all(|(_, n)| n.consistent(num)) {
        return;
    }
    let check = "text.table";
    rec.compare(check, f.num, num, |c| {
        finding(
            check,
            Severity::Error,
            f.num,
            c,
            f.f.unit.clone(),
            format!(
                "「{}」 {} in the text, but {} row 「{}」 column 「{}」 gives {}{}",
                f.label,
                show(f.num),
                first.caption,
                first.row_label,
                first.words.concat(),
                first.text.trim(),
                in_prose_unit(&first.unit, num, Some(unit))
            ),
            para.location(f.start),
            vec![
                para.operand(f),
                Operand {
                    label: format!("{} / {}", first.row_label, first.words.concat()),
                    value: first.num.value,
                    text: first.text.clone(),
                    location: Location {
                        table: Some(first.table),
                        row: Some(first.row),
                        column: Some(first.col),
                        ..Default::default()
                    },
                },
            ],
        )
    });
}

#[cfg(test)]
mod tests {
    use super::super::Tables;
    use super::super::test_util::run_with;
    use super::*;
    fn cell(row_label: &str, col: &str, v: f64) -> TableCell {
        TableCell {
            table: 0,
            row: 0,
            col: 1,
            row_label: row_label.into(),
            words: column_words(col),
            num: Num::written(v, 2),
            unit: "万元".into(),
            text: format!("{v:.2}"),
            caption: "表 1".into(),
        }
    }

    #[test]
    fn prose_against_the_cell_it_names() {
        let tables = Tables {
            cells: Cells::new(vec![
                cell("部门预算", "年初预算", 4438.80),
                cell("项目支出", "年初预算", 555.20),
                cell("项目支出", "全年预算", 514.58),
                cell("项目支出", "本年支出", 514.58),
            ]),
            totals: vec![],
            prior: super::super::prior::Prior::new(vec![]),
        };
        let run = |text: &str| {
            let (f, s) = run_with(text, &tables);
            (f, s.by_check.get("text.table").map_or(0, |f| f.run))
        };
        // The head row label (项目支出, not 部门预算) and the column 年初预算.
        let (f, n) = run("部门预算中项目支出年初预算数 555.20 万元，全年预算数 514.58 万元。");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(n, 1);
        let (f, _) = run("部门预算中项目支出年初预算数 565.20 万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.table");
        assert_eq!(f[0].computed, 555.2);
        // "预算" alone names no single column: not checked.
        let (f, n) = run("项目支出预算为 600.00 万元。");
        assert!(f.is_empty() && n == 0, "{f:?}");
        // The same cell named in 亿元 or 元: converted, at the prose's
        // precision (0.0555 亿元 is 555.00 to 555.99 万元).
        let (f, n) = run("项目支出年初预算数 0.055520 亿元。");
        assert!(f.is_empty() && n == 1, "{f:?}");
        let (f, n) = run("项目支出年初预算数 0.0555 亿元。");
        assert!(f.is_empty() && n == 1, "{f:?}");
        let (f, _) = run("项目支出年初预算数 5,652,000.00 元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message.contains("555.20 万元 (= 5552000 元)"),
            "{}",
            f[0].message
        );
        // A count is not money: no conversion, no check.
        let (f, n) = run("项目支出年初预算数 555 个。");
        assert!(f.is_empty() && n == 0, "{f:?}");
    }

    #[test]
    fn a_row_label_inside_a_longer_word_names_no_row() {
        let tables = Tables {
            cells: Cells::new(vec![cell("司法", "收入预算", 8726.73)]),
            totals: vec![],
            prior: super::super::prior::Prior::new(vec![]),
        };
        let run = |text: &str| {
            let (f, s) = run_with(text, &tables);
            (f, s.by_check.get("text.table").map_or(0, |f| f.run))
        };
        // 「司法局」 is the department; its 收入预算 is not the 司法 row's.
        let (f, n) = run("2026年，上海市普陀区司法局收入预算9628.22万元。");
        assert!(f.is_empty() && n == 0, "{f:?}");
        // The row named and followed by the column's words is checked.
        let (f, n) = run("司法收入预算8726.73万元。");
        assert!(f.is_empty() && n == 1, "{f:?}");
    }
}
