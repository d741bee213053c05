//! Spreadsheet reader: .xlsx and .xls through `calamine`, .ods from its
//! `content.xml` → the same blocks as every other format.
//!
//! Every sheet with content is a part of the document (a paragraph marked
//! `part` with the sheet's name: a top-level section). On a sheet, runs of
//! rows separated by blank rows are read one at a time: the lone texts at the
//! top of a run (a title, 单位：万元, 编制单位：… 单位：元) become paragraphs
//! before its table — structure makes them the caption and unit, as for any
//! format —, notes at its foot (注：…, 填表人：…) paragraphs after it, the
//! rest a table. Several tables stacked with blank rows between them are so
//! several tables. Columns empty in every row of a run are left out.
//!
//! Cells hold what the sheet shows: a number under its format ("0.00" shows
//! 96.4862 as "96.49", the raw 96.4862 kept in `stored`), percentages as
//! formatted, dates as formatted, line breaks kept; a formula's cached value,
//! the formula kept in `formula`. Merged ranges become merged cells as in
//! DOCX: the owner records its spans, covered positions point at it
//! (`merged_from`) and carry no text, so no sum counts a value twice. Every
//! cell keeps its sheet and A1 reference, so every figure and finding does.
//!
//! Why not calamine for .ods: it reads neither merged ranges nor the text a
//! cell shows there (only the stored value), and the shown text is in the
//! file; so `ods.rs` reads `content.xml` itself. For .xls calamine does not
//! expose number formats, so `biff.rs` reads them (and checks the sheet sizes
//! before calamine lays out its dense ranges).
//!
//! Safety: zip entries are size-checked before calamine inflates them, a
//! sheet's cell count and each table's grid are capped
//! ([`limits::MAX_TABLE_CELLS`]), and the loops call [`limits::check`].

mod biff;
pub mod numfmt;
mod ods;
mod xlsx;

use std::collections::{BTreeMap, HashMap};

use crate::error::{Error, Result};
use crate::limits;
use crate::model::{
    Block, Format, Ingested, RawCell, RawParagraph, RawRow, RawTable, Span, StyleHints, Warning, a1,
};

/// One cell as a reader found it (0-based position).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetCell {
    pub row: u32,
    pub col: u32,
    /// What the cell shows.
    pub text: String,
    /// The stored number when the shown text rounds it.
    pub stored: Option<f64>,
    pub formula: Option<String>,
}

/// A merged range, inclusive, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first: (u32, u32),
    pub last: (u32, u32),
}

#[derive(Debug, Clone, Default)]
pub struct SheetData {
    pub name: String,
    pub cells: Vec<SheetCell>,
    pub merges: Vec<Merge>,
}

/// What a format reader hands over.
#[derive(Debug, Default)]
pub struct Workbook {
    pub sheets: Vec<SheetData>,
    pub warnings: Vec<Warning>,
}

/// Read a workbook of the given spreadsheet format.
pub fn read(bytes: &[u8], format: Format) -> Result<Ingested> {
    // calamine slices records without checking their lengths in places (a
    // .xls formula's token stream, a record cut short): a panic there is
    // this file's damage, reported as such.
    let guarded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match format {
        Format::Xlsx => xlsx::read(bytes),
        Format::Xls => biff::read(bytes),
        Format::Ods => ods::read(bytes),
        other => Err(Error::NotFormat {
            format: "spreadsheet",
            reason: format!("{} is not a spreadsheet format", other.as_str()),
        }),
    }));
    let book = guarded.unwrap_or_else(|p| {
        let why = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error::Damaged {
            format: if format == Format::Xls { "xls" } else { "xlsx" },
            reason: format!("inconsistent records ({why})"),
        })
    })?;
    let mut blocks = Vec::new();
    for sheet in &book.sheets {
        limits::check()?;
        sheet_blocks(sheet, &mut blocks)?;
    }
    if blocks.is_empty() {
        return Err(Error::NoText(format!(
            "no cell holds text or a number in {} sheet(s)",
            book.sheets.len()
        )));
    }
    Ok(Ingested {
        blocks,
        warnings: book.warnings,
        ..Default::default()
    })
}

/// A cell's shown text and stored value for a number under a format code.
pub fn number_cell(value: f64, code: Option<&str>) -> (String, Option<f64>) {
    let code = code.unwrap_or("General");
    let text = numfmt::format(value, code);
    (text.trim().to_string(), rounded_away(value, code))
}

/// The stored value when the format shows fewer decimals than it holds.
fn rounded_away(value: f64, code: &str) -> Option<f64> {
    let decimals = numfmt::decimals(code)?;
    let scaled = if numfmt::is_percent(code) {
        value * 100.0
    } else {
        value
    };
    let p = 10f64.powi(decimals.min(15) as i32);
    let shown = (scaled * p).round() / p;
    ((shown - scaled).abs() > 1e-9 * scaled.abs().max(1.0)).then_some(value)
}

/// Normalise a text cell: Windows line ends, Excel's `_x000D_` escapes.
pub fn clean_text(s: &str) -> String {
    let s = if s.contains("_x000") {
        s.replace("_x000D_", "").replace("_x000A_", "\n")
    } else {
        s.to_string()
    };
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    s.trim().to_string()
}

/// A zip package whose entries would inflate past the limit is refused
/// before anything is decompressed (the sizes the central directory declares).
pub fn check_zip(bytes: &[u8], format: &'static str) -> Result<()> {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| Error::Damaged {
            format,
            reason: format!("zip package unreadable (truncated or damaged): {e}"),
        })?;
    for i in 0..zip.len() {
        if let Ok(entry) = zip.by_index_raw(i)
            && entry.size() > limits::MAX_ZIP_ENTRY_BYTES
        {
            return Err(limits::exceeded(
                "max-zip-entry",
                format!(
                    "{} decompresses to more than {} bytes",
                    entry.name().unwrap_or_default(),
                    limits::MAX_ZIP_ENTRY_BYTES
                ),
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// A sheet → blocks
// ---------------------------------------------------------------------------

/// The grid of a sheet: owners of text and the positions merges cover.
struct Grid<'s> {
    sheet: &'s SheetData,
    /// Text cells by position.
    cells: HashMap<(u32, u32), &'s SheetCell>,
    /// Rows with content, each with its columns (text cells and covered positions).
    rows: BTreeMap<u32, Vec<u32>>,
    /// Merge owner → last position; covered position → owner.
    spans: HashMap<(u32, u32), (u32, u32)>,
    covered: HashMap<(u32, u32), (u32, u32)>,
}

impl<'s> Grid<'s> {
    fn new(sheet: &'s SheetData) -> Result<Self> {
        let mut cells = HashMap::with_capacity(sheet.cells.len());
        let (mut max_r, mut max_c) = (0, 0);
        for c in &sheet.cells {
            if c.text.is_empty() {
                continue;
            }
            max_r = max_r.max(c.row);
            max_c = max_c.max(c.col);
            cells.insert((c.row, c.col), c);
        }
        let mut spans = HashMap::new();
        let mut covered = HashMap::new();
        let mut budget = limits::MAX_TABLE_CELLS;
        for m in &sheet.merges {
            let (r0, c0) = m.first;
            // Clip to the cells that exist: a hostile A1:XFD1048576 covers nothing more.
            let (r1, c1) = (m.last.0.min(max_r), m.last.1.min(max_c));
            if r1 < r0 || c1 < c0 || (r0, c0) == (r1, c1) || covered.contains_key(&(r0, c0)) {
                continue;
            }
            let area = (r1 - r0 + 1) as usize * (c1 - c0 + 1) as usize;
            budget = budget.checked_sub(area).ok_or_else(|| {
                limits::exceeded(
                    "max-table-cells",
                    format!("merged ranges on sheet {} cover too many cells", sheet.name),
                )
            })?;
            spans.insert((r0, c0), (r1, c1));
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) != (r0, c0) {
                        covered.entry((r, c)).or_insert((r0, c0));
                    }
                }
            }
        }
        // A covered position holds no text of its own.
        cells.retain(|pos, _| !covered.contains_key(pos));
        let mut rows: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for &(r, c) in cells.keys() {
            rows.entry(r).or_default().push(c);
        }
        for (&(r, c), owner) in &covered {
            if cells.contains_key(owner) {
                rows.entry(r).or_default().push(c);
            }
        }
        for cols in rows.values_mut() {
            cols.sort_unstable();
            cols.dedup();
        }
        Ok(Grid {
            sheet,
            cells,
            rows,
            spans,
            covered,
        })
    }

    fn text(&self, r: u32, c: u32) -> Option<&str> {
        self.cells.get(&(r, c)).map(|c| c.text.as_str())
    }

    /// Texts that start in row `r` (owners, not covered positions), left to right.
    fn owners(&self, r: u32) -> Vec<(u32, &str)> {
        self.rows
            .get(&r)
            .into_iter()
            .flatten()
            .filter_map(|&c| self.text(r, c).map(|t| (c, t)))
            .collect()
    }

    /// Is any position of row `r` covered by a merge from an earlier row?
    fn merged_from_above(&self, r: u32) -> bool {
        self.rows
            .get(&r)
            .into_iter()
            .flatten()
            .any(|&c| self.covered.get(&(r, c)).is_some_and(|o| o.0 < r))
    }

    fn span(&self, r: u32, c: u32) -> Span {
        Span::cell(&self.sheet.name, a1(r, c))
    }
}

/// Runs of consecutive rows with content.
fn bands(rows: &BTreeMap<u32, Vec<u32>>) -> Vec<Vec<u32>> {
    let mut out: Vec<Vec<u32>> = Vec::new();
    for &r in rows.keys() {
        match out.last_mut() {
            Some(band) if band.last().is_some_and(|&l| l + 1 == r) => band.push(r),
            _ => out.push(vec![r]),
        }
    }
    out
}

fn sheet_blocks(sheet: &SheetData, out: &mut Vec<Block>) -> Result<()> {
    let grid = Grid::new(sheet)?;
    if grid.cells.is_empty() {
        return Ok(());
    }
    out.push(Block::Paragraph(RawParagraph {
        text: sheet.name.clone(),
        style: StyleHints {
            part: true,
            ..Default::default()
        },
        span: Span {
            sheet: Some(sheet.name.clone()),
            ..Default::default()
        },
    }));
    for band in join_continued(&grid, bands(&grid.rows)) {
        limits::check()?;
        band_blocks(&grid, &band, out)?;
    }
    Ok(())
}

/// Blank rows inside a table (a 收支总表's empty lines where one side is
/// shorter, a form's spacer rows) do not end it: a band that opens on a row
/// of amounts, with no title above it and within the columns of the band
/// before, goes on that band. A table stacked below another opens on its
/// title or its column titles, and stays apart.
fn join_continued(grid: &Grid, bands: Vec<Vec<u32>>) -> Vec<Vec<u32>> {
    let mut out: Vec<Vec<u32>> = Vec::with_capacity(bands.len());
    for band in bands {
        if let Some(prev) = out.last_mut() {
            let first = band[0];
            let cols = |r: &u32| grid.rows.get(r).into_iter().flatten().copied();
            let (lo, hi) = prev
                .iter()
                .flat_map(cols)
                .fold((u32::MAX, 0), |(lo, hi), c| (lo.min(c), hi.max(c)));
            let amounts = grid.owners(first).iter().any(|(_, t)| is_number(t));
            let within = cols(&first).all(|c| c >= lo && c <= hi);
            let after_note = prev
                .last()
                .and_then(|&r| lone_text(grid, r))
                .is_some_and(|t| is_note(&t));
            if amounts && within && !after_note && lone_text(grid, first).is_none() {
                prev.extend(band);
                continue;
            }
        }
        out.push(band);
    }
    out
}

/// A row holding one text alone (or an issuer and a unit): a title, a unit
/// line or a note, not a table row.
fn lone_text(grid: &Grid, r: u32) -> Option<String> {
    if grid.merged_from_above(r) {
        return None;
    }
    let owners = grid.owners(r);
    match owners.as_slice() {
        [(_, t)] if !is_number(t) => Some(t.to_string()),
        [(_, a), (_, b)] if (a.contains("单位") || b.contains("单位")) && !is_number(b) => {
            Some(format!("{a} {b}"))
        }
        _ => None,
    }
}

fn is_number(t: &str) -> bool {
    crate::figures::parse_cell(t, None).is_some_and(|f| f.value.is_some())
}

/// Notes under a table: 注：…, 说明：…, 填表人：… .
fn is_note(t: &str) -> bool {
    const STARTS: [&str; 10] = [
        "注",
        "说明",
        "备注：",
        "备注:",
        "填表",
        "填报人",
        "制表",
        "审核",
        "负责人",
        "联系",
    ];
    STARTS.iter().any(|s| t.starts_with(s)) || t.chars().count() > 60
}

fn paragraph(grid: &Grid, r: u32, text: String) -> Block {
    let c = grid.owners(r).first().map_or(0, |o| o.0);
    Block::Paragraph(RawParagraph {
        text,
        style: StyleHints::default(),
        span: grid.span(r, c),
    })
}

/// A short label alone on the row right above a table's column titles
/// ("收入", "支出" spanning the table) is the first header row, not a title.
fn is_group_title(t: &str) -> bool {
    t.chars().filter(|c| !c.is_whitespace()).count() <= 8
        && !t.contains(['表', '年'])
        && !t.contains("单位")
}

fn band_blocks(grid: &Grid, band: &[u32], out: &mut Vec<Block>) -> Result<()> {
    let mut top = 0;
    let mut titles = Vec::new();
    while band.len() - top >= 2 {
        match lone_text(grid, band[top]) {
            Some(t) => {
                let next_is_table = lone_text(grid, band[top + 1]).is_none();
                if next_is_table && is_group_title(&t) {
                    break;
                }
                titles.push((band[top], t));
                top += 1;
            }
            None => break,
        }
    }
    let mut bottom = band.len();
    let mut notes = Vec::new();
    while bottom - top >= 2 {
        match lone_text(grid, band[bottom - 1]).filter(|t| is_note(t)) {
            Some(t) => {
                notes.push((band[bottom - 1], t));
                bottom -= 1;
            }
            None => break,
        }
    }
    notes.reverse();
    for (r, t) in titles {
        out.push(paragraph(grid, r, t));
    }
    let rows = &band[top..bottom];
    // A lone row left on its own is a paragraph too.
    if let [r] = rows
        && let Some(t) = lone_text(grid, *r)
    {
        out.push(paragraph(grid, *r, t));
    } else if !rows.is_empty() {
        out.push(Block::Table(table(grid, rows)?));
    }
    for (r, t) in notes {
        out.push(paragraph(grid, r, t));
    }
    Ok(())
}

fn table(grid: &Grid, rows: &[u32]) -> Result<RawTable> {
    let mut cols: Vec<u32> = rows
        .iter()
        .flat_map(|r| grid.rows.get(r).into_iter().flatten().copied())
        .collect();
    cols.sort_unstable();
    cols.dedup();
    if rows.len().saturating_mul(cols.len()) > limits::MAX_TABLE_CELLS {
        return Err(limits::exceeded(
            "max-table-cells",
            format!(
                "a table on sheet {} spans {} rows × {} columns",
                grid.sheet.name,
                rows.len(),
                cols.len()
            ),
        ));
    }
    let row_index: HashMap<u32, u32> = rows
        .iter()
        .enumerate()
        .map(|(i, &r)| (r, i as u32))
        .collect();
    let col_index: HashMap<u32, u32> = cols
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i as u32))
        .collect();
    // Spans counted in the table's own rows and columns.
    let count_in = |index: &HashMap<u32, u32>, from: u32, to: u32| -> u32 {
        index
            .keys()
            .filter(|&&k| k >= from && k <= to)
            .count()
            .max(1) as u32
    };
    let (first_col, last_col) = (cols[0], cols[cols.len() - 1]);
    let mut raw_rows = Vec::with_capacity(rows.len());
    for &r in rows {
        let mut cells = Vec::with_capacity(cols.len());
        for &c in &cols {
            let mut cell = RawCell::new("");
            cell.span = Some(grid.span(r, c));
            if let Some(&(or, oc)) = grid.covered.get(&(r, c)) {
                if let (Some(&ri), Some(&ci)) = (row_index.get(&or), col_index.get(&oc)) {
                    cell.merged_from = Some((ri, ci));
                }
            } else if let Some(sc) = grid.cells.get(&(r, c)) {
                cell.text = sc.text.clone();
                cell.formula = sc.formula.clone();
                cell.stored = sc.stored;
                if let Some(&(lr, lc)) = grid.spans.get(&(r, c)) {
                    let span_rows = if lr > r {
                        count_in(&row_index, r, lr)
                    } else {
                        1
                    };
                    let span_cols = if lc > c {
                        count_in(&col_index, c, lc)
                    } else {
                        1
                    };
                    cell.row_span = span_rows;
                    cell.col_span = span_cols;
                }
            }
            cells.push(cell);
        }
        raw_rows.push(RawRow {
            cells,
            is_header: false,
            span: Span::cell(
                &grid.sheet.name,
                format!("{}:{}", a1(r, first_col), a1(r, last_col)),
            ),
        });
    }
    let (r0, r1) = (rows[0], rows[rows.len() - 1]);
    Ok(RawTable {
        rows: raw_rows,
        span: Span::cell(
            &grid.sheet.name,
            format!("{}:{}", a1(r0, first_col), a1(r1, last_col)),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, col: u32, text: &str) -> SheetCell {
        SheetCell {
            row,
            col,
            text: text.into(),
            ..Default::default()
        }
    }

    fn blocks(sheet: SheetData) -> Vec<Block> {
        let mut out = Vec::new();
        sheet_blocks(&sheet, &mut out).unwrap();
        out
    }

    #[test]
    fn titles_units_tables_and_notes_per_band() {
        let sheet = SheetData {
            name: "表1".into(),
            cells: vec![
                cell(0, 0, "2023年部门收支总表"),
                cell(1, 0, "编制单位：某局"),
                cell(1, 3, "单位：万元"),
                cell(2, 0, "项目"),
                cell(2, 1, "预算数"),
                cell(2, 3, "决算数"),
                cell(3, 0, "基本支出"),
                cell(3, 1, "10.00"),
                cell(3, 3, "9.50"),
                cell(4, 0, "注：本表含结转。"),
                // Second table after a blank row.
                cell(6, 0, "表2 三公经费"),
                cell(7, 0, "项目"),
                cell(7, 1, "金额"),
                cell(8, 0, "公务接待"),
                cell(8, 1, "1.00"),
            ],
            merges: vec![Merge {
                first: (0, 0),
                last: (0, 3),
            }],
        };
        let b = blocks(sheet);
        let kinds: Vec<String> = b
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => format!("p:{}", p.text),
                Block::Table(t) => format!("t:{}x{}", t.rows.len(), t.rows[0].cells.len()),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "p:表1",
                "p:2023年部门收支总表",
                "p:编制单位：某局 单位：万元",
                "t:2x3",
                "p:注：本表含结转。",
                "p:表2 三公经费",
                "t:2x2",
            ]
        );
        let Block::Table(t) = &b[3] else { panic!() };
        assert_eq!(t.rows[1].cells[2].text, "9.50");
        assert_eq!(
            t.rows[1].cells[2].span.as_ref().unwrap().cell.as_deref(),
            Some("D4"),
            "column C is empty and left out, the reference stays the sheet's"
        );
        assert_eq!(t.span.cell.as_deref(), Some("A3:D4"));
    }

    #[test]
    fn blank_rows_inside_a_table_do_not_end_it() {
        let sheet = SheetData {
            name: "表1".into(),
            cells: vec![
                cell(0, 0, "收支总表"),
                cell(1, 0, "收入"),
                cell(1, 1, "金额"),
                cell(1, 2, "支出"),
                cell(1, 3, "金额"),
                cell(2, 0, "财政拨款"),
                cell(2, 1, "10.00"),
                cell(2, 2, "基本支出"),
                cell(2, 3, "10.00"),
                // Two empty lines of the form, then its totals.
                cell(5, 0, "收入总计"),
                cell(5, 1, "10.00"),
                cell(5, 2, "支出总计"),
                cell(5, 3, "10.00"),
                // A table stacked below opens on its column titles.
                cell(7, 0, "项目"),
                cell(7, 1, "金额"),
                cell(8, 0, "公务接待"),
                cell(8, 1, "1.00"),
            ],
            merges: vec![],
        };
        let b = blocks(sheet);
        let tables: Vec<usize> = b
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t.rows.len()),
                _ => None,
            })
            .collect();
        assert_eq!(tables, [3, 2], "{b:?}");
    }

    #[test]
    fn merged_ranges_point_at_their_owner() {
        let sheet = SheetData {
            name: "S".into(),
            cells: vec![
                cell(0, 0, "类别"),
                cell(0, 1, "项目"),
                cell(0, 2, "金额"),
                cell(1, 0, "公用"),
                cell(1, 1, "水费"),
                cell(1, 2, "1"),
                cell(2, 1, "电费"),
                cell(2, 2, "2"),
                // A value under the merge is hidden by it.
                cell(2, 0, "ghost"),
            ],
            merges: vec![Merge {
                first: (1, 0),
                last: (2, 0),
            }],
        };
        let b = blocks(sheet);
        let Block::Table(t) = &b[1] else { panic!() };
        assert_eq!(t.rows[1].cells[0].row_span, 2);
        assert_eq!(t.rows[2].cells[0].merged_from, Some((1, 0)));
        assert_eq!(t.rows[2].cells[0].text, "");
    }

    #[test]
    fn stored_value_only_when_rounded_away() {
        assert_eq!(
            number_cell(96.4862, Some("0.00")),
            ("96.49".into(), Some(96.4862))
        );
        assert_eq!(number_cell(96.5, Some("0.00")), ("96.50".into(), None));
        assert_eq!(number_cell(0.9652, Some("0.00%")), ("96.52%".into(), None));
        assert_eq!(number_cell(0.96524, Some("0.00%")).1, Some(0.96524));
        assert_eq!(number_cell(3.0, None), ("3".into(), None));
    }

    #[test]
    fn hostile_merges_are_clipped() {
        let sheet = SheetData {
            name: "S".into(),
            cells: vec![
                cell(0, 0, "a"),
                cell(0, 1, "b"),
                cell(1, 0, "1"),
                cell(1, 1, "2"),
            ],
            merges: vec![Merge {
                first: (5, 5),
                last: (1_048_575, 16_383),
            }],
        };
        assert_eq!(blocks(sheet).len(), 2);
    }
}
