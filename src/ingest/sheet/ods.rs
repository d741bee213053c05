//! .ods: `content.xml` streamed with quick-xml. Each cell's `text:p`
//! paragraphs are what the cell shows (joined with line breaks), its
//! `office:value` the stored number, `table:formula` its formula,
//! `number-columns-spanned` / `number-rows-spanned` its merge. Repeated rows
//! and cells (`number-*-repeated`, often a million empty rows at a sheet's
//! end) only advance the position unless they hold content.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::{Merge, SheetCell, SheetData, Workbook, check_zip, clean_text};
use crate::error::{Error, Result};
use crate::limits;

fn damaged(reason: impl Into<String>) -> Error {
    Error::Damaged {
        format: "ods",
        reason: reason.into(),
    }
}

pub fn read(bytes: &[u8]) -> Result<Workbook> {
    check_zip(bytes, "ods")?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged(format!("zip package unreadable: {e}")))?;
    let mut entry = zip.by_name("content.xml").map_err(|_| Error::NotFormat {
        format: "ods",
        reason: "zip package without content.xml".into(),
    })?;
    if entry.encrypted() {
        return Err(Error::Encrypted("content.xml is encrypted".into()));
    }
    let mut xml = Vec::new();
    entry
        .by_ref()
        .take(limits::MAX_ZIP_ENTRY_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| damaged(format!("content.xml: {e}")))?;
    if xml.len() as u64 > limits::MAX_ZIP_ENTRY_BYTES {
        return Err(limits::exceeded(
            "max-zip-entry",
            "content.xml decompresses to more than the limit",
        ));
    }
    if std::str::from_utf8(&xml).is_err() && xml.windows(14).any(|w| w == b"manifest:encry") {
        return Err(Error::Encrypted(
            "password-protected OpenDocument file".into(),
        ));
    }
    parse(&xml)
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

fn count(e: &BytesStart, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

/// A cell being read.
#[derive(Default)]
struct Open {
    repeat: u32,
    spans: (u32, u32),
    value_type: Option<String>,
    value: Option<f64>,
    formula: Option<String>,
    text: String,
    paragraphs: u32,
}

#[derive(Default)]
struct State {
    sheets: Vec<SheetData>,
    row: u32,
    col: u32,
    row_repeat: u32,
    /// Cells of the current row (to repeat with it).
    row_cells: Vec<SheetCell>,
    row_merges: Vec<Merge>,
    cell: Option<Open>,
    /// Depth inside an annotation (its text is not the cell's).
    skip: u32,
    total: usize,
    /// Table styles that hide a sheet (`table:display="false"`), the style
    /// being read, and the sheets hidden.
    hidden_styles: Vec<String>,
    style: Option<String>,
    hidden: Vec<usize>,
}

impl State {
    fn start_cell(&mut self, e: &BytesStart) {
        let covered = e.local_name().as_ref() == "covered-table-cell";
        let mut open = Open {
            repeat: count(e, "number-columns-repeated"),
            spans: (
                count(e, "number-rows-spanned"),
                count(e, "number-columns-spanned"),
            ),
            ..Default::default()
        };
        if !covered {
            open.value_type = attr(e, "value-type");
            open.value = attr(e, "value").and_then(|v| v.trim().parse().ok());
            open.formula = attr(e, "formula").map(|f| {
                let f = f.strip_prefix("of:").unwrap_or(&f);
                f.strip_prefix('=').unwrap_or(f).to_string()
            });
        }
        self.cell = Some(open);
    }

    fn end_cell(&mut self) -> Result<()> {
        let Some(open) = self.cell.take() else {
            return Ok(());
        };
        let text = clean_text(&open.text);
        if !text.is_empty() {
            let stored = match (&open.value_type, open.value) {
                (Some(t), Some(v)) if matches!(t.as_str(), "float" | "percentage" | "currency") => {
                    stored(&text, v, t == "percentage")
                }
                _ => None,
            };
            let reps = open.repeat.min(16_384);
            for k in 0..reps {
                let col = self.col.saturating_add(k);
                if open.spans != (1, 1) {
                    self.row_merges.push(Merge {
                        first: (self.row, col),
                        last: (
                            self.row.saturating_add(open.spans.0 - 1),
                            col.saturating_add(open.spans.1 - 1),
                        ),
                    });
                }
                self.row_cells.push(SheetCell {
                    row: self.row,
                    col,
                    text: text.clone(),
                    stored,
                    formula: open.formula.clone(),
                });
            }
            self.total += reps as usize;
            if self.total > limits::MAX_TABLE_CELLS {
                return Err(limits::exceeded(
                    "max-table-cells",
                    format!(
                        "the workbook holds more than {} cells",
                        limits::MAX_TABLE_CELLS
                    ),
                ));
            }
        }
        self.col = self.col.saturating_add(open.repeat);
        Ok(())
    }

    fn end_row(&mut self) -> Result<()> {
        let reps = if self.row_cells.is_empty() {
            1
        } else {
            self.row_repeat.min(16_384)
        };
        if let Some(sheet) = self.sheets.last_mut() {
            for k in 0..reps {
                for c in &self.row_cells {
                    let mut c = c.clone();
                    c.row = c.row.saturating_add(k);
                    sheet.cells.push(c);
                }
                for m in &self.row_merges {
                    sheet.merges.push(Merge {
                        first: (m.first.0.saturating_add(k), m.first.1),
                        last: (m.last.0.saturating_add(k), m.last.1),
                    });
                }
            }
        }
        self.total += self.row_cells.len() * (reps as usize - 1);
        if self.total > limits::MAX_TABLE_CELLS {
            return Err(limits::exceeded(
                "max-table-cells",
                format!(
                    "the workbook holds more than {} cells",
                    limits::MAX_TABLE_CELLS
                ),
            ));
        }
        self.row_cells.clear();
        self.row_merges.clear();
        self.row = self.row.saturating_add(self.row_repeat);
        self.col = 0;
        Ok(())
    }

    fn table_properties(&mut self, e: &BytesStart) {
        if attr(e, "display").as_deref() == Some("false")
            && let Some(name) = self.style.clone()
        {
            self.hidden_styles.push(name);
        }
    }

    fn push_text(&mut self, s: &str) {
        if self.skip == 0
            && let Some(c) = &mut self.cell
        {
            c.text.push_str(s);
        }
    }
}

/// The stored number when the shown text rounds it.
fn stored(text: &str, value: f64, percent: bool) -> Option<f64> {
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '.' | '-'))
        .collect();
    let shown: f64 = digits.parse().ok()?;
    let scaled = if percent { value * 100.0 } else { value };
    ((shown.abs() - scaled.abs()).abs() > 1e-9 * scaled.abs().max(1.0)).then_some(value)
}

fn parse(xml: &[u8]) -> Result<Workbook> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut st = State::default();
    let mut events = 0usize;
    loop {
        events += 1;
        if events.is_multiple_of(16_384) {
            limits::check()?;
        }
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| damaged(format!("content.xml: {e}")))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "style" => {
                    st.style = (attr(&e, "family").as_deref() == Some("table"))
                        .then(|| attr(&e, "name"))
                        .flatten();
                }
                "table-properties" => st.table_properties(&e),
                "table" => {
                    if attr(&e, "style-name").is_some_and(|s| st.hidden_styles.contains(&s)) {
                        st.hidden.push(st.sheets.len());
                    }
                    st.sheets.push(SheetData {
                        name: attr(&e, "name").unwrap_or_default(),
                        ..Default::default()
                    });
                    st.row = 0;
                }
                "table-row" => {
                    st.row_repeat = count(&e, "number-rows-repeated");
                    st.col = 0;
                }
                "table-cell" | "covered-table-cell" => st.start_cell(&e),
                "annotation" => st.skip += 1,
                "p" | "h" if st.skip == 0 => {
                    if let Some(c) = &mut st.cell {
                        if c.paragraphs > 0 {
                            c.text.push('\n');
                        }
                        c.paragraphs += 1;
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "table-properties" => st.table_properties(&e),
                "table-row" => {
                    st.row_repeat = count(&e, "number-rows-repeated");
                    st.end_row()?;
                }
                "table-cell" | "covered-table-cell" => {
                    st.start_cell(&e);
                    st.end_cell()?;
                }
                "s" => {
                    let n = count(&e, "c").min(64) as usize;
                    st.push_text(&" ".repeat(n));
                }
                "tab" => st.push_text("\t"),
                "line-break" => st.push_text("\n"),
                "p" | "h" if st.skip == 0 => {
                    if let Some(c) = &mut st.cell {
                        if c.paragraphs > 0 {
                            c.text.push('\n');
                        }
                        c.paragraphs += 1;
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "table-row" => st.end_row()?,
                "table-cell" | "covered-table-cell" => st.end_cell()?,
                "annotation" => st.skip = st.skip.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) => {
                st.push_text(&t.xml10_content());
            }
            Event::CData(t) => {
                st.push_text(&t.into_inner());
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = ch {
                    st.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let mut warnings = Vec::new();
    let mut sheets = Vec::new();
    for (i, sheet) in st.sheets.into_iter().enumerate() {
        if st.hidden.contains(&i) {
            warnings.push(super::xlsx::hidden(&sheet.name));
        } else {
            sheets.push(sheet);
        }
    }
    Ok(Workbook { sheets, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_spans_repeats_and_shown_text() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>
<table:table table:name="表1">
<table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>标题</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="96.4862"><text:p>96.49</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="0.9652" table:formula="of:=[.A2]/100"><text:p>96.52%</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
<table:table-row><table:table-cell><text:p>第一行</text:p><text:p>第<text:s text:c="2"/>二行</text:p><office:annotation><text:p>批注</text:p></office:annotation></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let wb = parse(xml.as_bytes()).unwrap();
        let s = &wb.sheets[0];
        assert_eq!(s.name, "表1");
        assert_eq!(
            s.merges,
            vec![Merge {
                first: (0, 0),
                last: (0, 1)
            }]
        );
        let c = |r, col| s.cells.iter().find(|c| c.row == r && c.col == col).unwrap();
        assert_eq!(c(1, 0).text, "96.49");
        assert_eq!(c(1, 0).stored, Some(96.4862));
        assert_eq!(c(1, 1).stored, None);
        assert_eq!(c(1, 1).formula.as_deref(), Some("[.A2]/100"));
        assert_eq!(c(1_048_572, 0).text, "第一行\n第  二行");
        assert_eq!(s.cells.len(), 4);
    }
}
