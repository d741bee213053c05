//! .xlsx through calamine's streaming cell reader: one pass for values and
//! styles (the number format a cell shows its value with), one for formulas.
//! calamine's dense `worksheet_range` is not used: a sheet with one cell at
//! A1 and one at XFD1048576 would lay out 17 billion positions.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx, XlsxError};

use super::{Merge, SheetCell, SheetData, Workbook, check_zip, clean_text, number_cell};
use crate::error::{Error, Result};
use crate::limits;
use crate::model::Warning;

pub fn read(bytes: &[u8]) -> Result<Workbook> {
    check_zip(bytes, "xlsx")?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(error)?;
    let mut book = Workbook::default();
    let metas = wb.sheets_metadata().to_vec();
    for meta in metas {
        limits::check()?;
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        if meta.visible != SheetVisible::Visible {
            book.warnings.push(hidden(&meta.name));
            continue;
        }
        let merges = wb
            .merge_cells_by_sheet_name(&meta.name)
            .map_err(error)?
            .into_iter()
            .map(|d| Merge {
                first: d.start,
                last: d.end,
            })
            .collect();
        let mut cells = Vec::new();
        let mut index: HashMap<(u32, u32), usize> = HashMap::new();
        {
            let mut reader = wb.worksheet_cells_reader(&meta.name).map_err(error)?;
            let formats: Vec<Option<String>> = reader
                .styles()
                .iter()
                .map(|s| s.number_format.as_ref().map(|f| f.format_code.clone()))
                .collect();
            while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(error)? {
                if cells.len() % 4096 == 4095 {
                    limits::check()?;
                    if cells.len() > limits::MAX_TABLE_CELLS {
                        return Err(too_many(&meta.name));
                    }
                }
                let (row, col) = cell.get_position();
                let code = formats.get(style).and_then(|f| f.as_deref());
                let (text, stored) = shown(cell.get_value(), code);
                if text.is_empty() {
                    continue;
                }
                index.insert((row, col), cells.len());
                cells.push(SheetCell {
                    row,
                    col,
                    text,
                    stored,
                    formula: None,
                });
            }
        }
        let mut reader = wb.worksheet_cells_reader(&meta.name).map_err(error)?;
        let mut n = 0usize;
        while let Some(f) = reader.next_formula().map_err(error)? {
            n += 1;
            if n.is_multiple_of(4096) {
                limits::check()?;
            }
            if f.get_value().is_empty() {
                continue;
            }
            if let Some(&i) = index.get(&f.get_position()) {
                cells[i].formula = Some(f.get_value().clone());
            }
        }
        book.sheets.push(SheetData {
            name: meta.name.clone(),
            cells,
            merges,
        });
    }
    Ok(book)
}

pub fn hidden(name: &str) -> Warning {
    Warning {
        kind: "sheet.hidden".into(),
        message: format!("sheet {name} is hidden in the workbook and was not read"),
        location: None,
    }
}

pub fn too_many(sheet: &str) -> Error {
    limits::exceeded(
        "max-table-cells",
        format!(
            "sheet {sheet} holds more than {} cells",
            limits::MAX_TABLE_CELLS
        ),
    )
}

/// The text a cell shows, and the stored number when the text rounds it.
fn shown(value: &DataRef<'_>, code: Option<&str>) -> (String, Option<f64>) {
    match value {
        DataRef::Int(i) => number_cell(*i as f64, code),
        DataRef::Float(f) => number_cell(*f, code),
        DataRef::String(s) => (clean_text(s), None),
        DataRef::SharedString(s) => (clean_text(s), None),
        DataRef::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).into(), None),
        DataRef::DateTime(d) => {
            let code = code
                .filter(|c| super::numfmt::decimals(c).is_none() && *c != "General")
                .unwrap_or("yyyy-mm-dd");
            (
                super::numfmt::format(d.as_f64(), code).trim().to_string(),
                None,
            )
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => (s.clone(), None),
        DataRef::Error(e) => (e.to_string(), None),
        DataRef::Empty => (String::new(), None),
    }
}

fn error(e: XlsxError) -> Error {
    match e {
        XlsxError::Password => Error::Encrypted(
            "password-protected workbook (OLE EncryptedPackage); remove the password and save again"
                .into(),
        ),
        other => Error::Damaged {
            format: "xlsx",
            reason: other.to_string(),
        },
    }
}
