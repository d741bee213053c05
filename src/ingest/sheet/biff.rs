//! .xls (BIFF8 in an OLE container) through calamine, with what calamine does
//! not expose read here from the Workbook stream: the number format of every
//! numeric cell (FORMAT and XF records, each cell record's XF index), the
//! encryption flag (FILEPASS), and each sheet's extent — calamine lays every
//! sheet out as a dense range when it opens the file, so a sheet whose cells
//! span more than [`limits::MAX_TABLE_CELLS`] positions is refused first.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, SheetType, SheetVisible, Xls, XlsError};

use super::xlsx::{hidden, too_many};
use super::{Merge, SheetCell, SheetData, Workbook, clean_text, number_cell, numfmt};
use crate::error::{Error, Result};
use crate::limits;

/// What the Workbook stream says about formats and extents.
#[derive(Debug, Default)]
struct Formats {
    /// Format code by ifmt (FORMAT records).
    codes: HashMap<u16, String>,
    /// ifmt of each XF record, in order.
    xf: Vec<u16>,
    /// Per sheet (by name): XF index of each numeric cell.
    cells: HashMap<String, HashMap<(u32, u32), u16>>,
    encrypted: bool,
}

impl Formats {
    fn code(&self, sheet: &HashMap<(u32, u32), u16>, pos: (u32, u32)) -> Option<&str> {
        let xf = *sheet.get(&pos)?;
        let ifmt = *self.xf.get(xf as usize)?;
        self.codes
            .get(&ifmt)
            .map(String::as_str)
            .or_else(|| numfmt::builtin(ifmt))
    }
}

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(d.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(d.get(i..i + 4)?.try_into().ok()?))
}

/// Records of a substream from `start` to its EOF: (type, data).
fn records(stream: &[u8], start: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = start;
    std::iter::from_fn(move || {
        let typ = u16_at(stream, pos)?;
        let len = u16_at(stream, pos + 2)? as usize;
        let data = stream.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, data))
    })
    .take_while(|(typ, _)| *typ != 0x000A)
}

/// An XLUnicodeString (BIFF8) or a byte string (BIFF5) at `d[i..]`.
fn xl_string(d: &[u8], i: usize, biff8: bool, long_count: bool) -> Option<String> {
    let (cch, mut at) = if long_count {
        (u16_at(d, i)? as usize, i + 2)
    } else {
        (*d.get(i)? as usize, i + 1)
    };
    if !biff8 {
        let bytes = d.get(at..(at + cch).min(d.len()))?;
        return Some(bytes.iter().map(|&b| b as char).collect());
    }
    let flags = *d.get(at)?;
    at += 1;
    if flags & 1 == 1 {
        let end = (at + 2 * cch).min(d.len());
        let units: Vec<u16> = d[at..end]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        let end = (at + cch).min(d.len());
        Some(d[at..end].iter().map(|&b| b as char).collect())
    }
}

/// The most cells a sheet's DIMENSIONS record may declare. calamine sets
/// aside room for every cell of that used range before reading the sheet,
/// so a damaged or hostile record (a 4-billion-row range) aborted the
/// process on a failed allocation, which no guard can catch. A real sheet
/// holds far fewer (the document limit is `max-cells`); 2 million leaves
/// room for ranges swollen by formatted empty rows.
const MAX_DIMENSION_CELLS: u64 = 4 * limits::MAX_CELLS as u64;

/// The cells of the used range a DIMENSIONS record declares, computed as
/// calamine does (including its wrap-around when the last row precedes the
/// first); None when calamine would reject the record itself.
fn dimension_cells(d: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0)?),
            u32::from(u16_at(d, 2)?),
            u32::from(u16_at(d, 4)?),
            u32::from(u16_at(d, 6)?),
        ),
        14 | 16 => (
            u32_at(d, 0)?,
            u32_at(d, 4)?,
            u32::from(u16_at(d, 8)?),
            u32::from(u16_at(d, 10)?),
        ),
        _ => return None,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (end_r, end_c) = if rl >= 1 && cl >= 1 {
        (rl - 1, cl - 1)
    } else {
        (rf, cf)
    };
    let rows = end_r.wrapping_sub(rf).wrapping_add(1) as u64;
    let cols = end_c.wrapping_sub(cf).wrapping_add(1) as u64;
    Some(rows.saturating_mul(cols))
}

fn scan(stream: &[u8]) -> Result<Formats> {
    let mut f = Formats::default();
    let mut sheets = Vec::new();
    let mut biff8 = true;
    for (typ, d) in records(stream, 0) {
        match typ {
            0x0809 => biff8 = u16_at(d, 0) == Some(0x0600),
            0x002F => f.encrypted = true,
            0x041E => {
                if let (Some(ifmt), Some(code)) = (u16_at(d, 0), xl_string(d, 2, biff8, biff8)) {
                    f.codes.insert(ifmt, code);
                }
            }
            0x00E0 => f.xf.push(u16_at(d, 2).unwrap_or(0)),
            0x0085 => {
                if let (Some(pos), Some(name)) = (u32_at(d, 0), xl_string(d, 6, biff8, false)) {
                    sheets.push((pos as usize, name));
                }
            }
            _ => {}
        }
    }
    if f.encrypted {
        return Ok(f);
    }
    for (start, name) in sheets {
        limits::check()?;
        let mut cells = HashMap::new();
        let (mut r0, mut r1, mut c0, mut c1) = (u32::MAX, 0u32, u32::MAX, 0u32);
        let mut seen = 0usize;
        let mut note = |r: u32, c: u32| {
            r0 = r0.min(r);
            r1 = r1.max(r);
            c0 = c0.min(c);
            c1 = c1.max(c);
        };
        for (typ, d) in records(stream, start).skip(1) {
            seen += 1;
            if seen.is_multiple_of(65_536) {
                limits::check()?;
            }
            if typ == 0x0200
                && let Some(n) = dimension_cells(d)
                && n > MAX_DIMENSION_CELLS
            {
                return Err(limits::exceeded(
                    "max-cells",
                    format!("sheet {name:?} declares a used range of {n} cells"),
                ));
            }
            let (Some(r), Some(c)) = (u16_at(d, 0), u16_at(d, 2)) else {
                continue;
            };
            let (r, c) = (u32::from(r), u32::from(c));
            match typ {
                // NUMBER, RK, FORMULA: numbers under a format.
                0x0203 | 0x027E | 0x0006 => {
                    note(r, c);
                    if let Some(xf) = u16_at(d, 4) {
                        cells.insert((r, c), xf);
                    }
                }
                // MULRK: (ixfe, rk) pairs from colFirst.
                0x00BD => {
                    let n = d.len().saturating_sub(6) / 6;
                    for k in 0..n {
                        let col = c + k as u32;
                        note(r, col);
                        if let Some(xf) = u16_at(d, 4 + 6 * k) {
                            cells.insert((r, col), xf);
                        }
                    }
                }
                // LABEL, BOOLERR, LABELSST, RSTRING.
                0x0204 | 0x0205 | 0x00FD | 0x00D6 => note(r, c),
                _ => {}
            }
        }
        if r0 != u32::MAX {
            let area = (r1 - r0 + 1) as usize * (c1 - c0 + 1) as usize;
            if area > limits::MAX_TABLE_CELLS {
                return Err(limits::exceeded(
                    "max-table-cells",
                    format!(
                        "sheet {name} spans {} rows × {} columns",
                        r1 - r0 + 1,
                        c1 - c0 + 1
                    ),
                ));
            }
        }
        f.cells.insert(name, cells);
    }
    Ok(f)
}

/// The Workbook (BIFF8) or Book (BIFF5) stream of the OLE file.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut ole = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| Error::Damaged {
        format: "xls",
        reason: format!("OLE container unreadable: {e}"),
    })?;
    for name in ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"] {
        if ole.is_stream(name) {
            let mut s = ole.open_stream(name).map_err(|e| Error::Damaged {
                format: "xls",
                reason: format!("{name}: {e}"),
            })?;
            let mut buf = Vec::new();
            s.by_ref()
                .take(limits::MAX_ZIP_ENTRY_BYTES + 1)
                .read_to_end(&mut buf)
                .map_err(|e| Error::Damaged {
                    format: "xls",
                    reason: format!("{name}: {e}"),
                })?;
            if buf.len() as u64 > limits::MAX_ZIP_ENTRY_BYTES {
                return Err(limits::exceeded(
                    "max-zip-entry",
                    format!(
                        "the {name} stream is larger than {} bytes",
                        limits::MAX_ZIP_ENTRY_BYTES
                    ),
                ));
            }
            return Ok(buf);
        }
    }
    Err(Error::NotFormat {
        format: "xls",
        reason: "OLE file without a Workbook stream".into(),
    })
}

pub fn read(bytes: &[u8]) -> Result<Workbook> {
    let stream = workbook_stream(bytes)?;
    let formats = scan(&stream)?;
    if formats.encrypted {
        return Err(Error::Encrypted(
            "password-protected .xls workbook (FILEPASS); remove the password and save again"
                .into(),
        ));
    }
    drop(stream);
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(error)?;
    let mut book = Workbook::default();
    let metas = wb.sheets_metadata().to_vec();
    let none = HashMap::new();
    for meta in metas {
        limits::check()?;
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        if meta.visible != SheetVisible::Visible {
            book.warnings.push(hidden(&meta.name));
            continue;
        }
        let sheet_formats = formats.cells.get(&meta.name).unwrap_or(&none);
        let range = wb.worksheet_range(&meta.name).map_err(error)?;
        let (sr, sc) = range.start().unwrap_or((0, 0));
        let mut cells = Vec::new();
        let mut index = HashMap::new();
        for (r, c, value) in range.used_cells() {
            if cells.len() > limits::MAX_TABLE_CELLS {
                return Err(too_many(&meta.name));
            }
            let pos = (sr + r as u32, sc + c as u32);
            let code = formats.code(sheet_formats, pos);
            let (text, stored) = shown(value, code);
            if text.is_empty() {
                continue;
            }
            index.insert(pos, cells.len());
            cells.push(SheetCell {
                row: pos.0,
                col: pos.1,
                text,
                stored,
                formula: None,
            });
        }
        if let Ok(formulas) = wb.worksheet_formula(&meta.name) {
            let (fr, fc) = formulas.start().unwrap_or((0, 0));
            for (r, c, f) in formulas.used_cells() {
                if let Some(&i) = index.get(&(fr + r as u32, fc + c as u32)) {
                    cells[i].formula = Some(f.clone());
                }
            }
        }
        let merges = wb
            .merge_cells_by_sheet_name(&meta.name)
            .unwrap_or_default()
            .into_iter()
            .map(|d| Merge {
                first: d.start,
                last: d.end,
            })
            .collect();
        book.sheets.push(SheetData {
            name: meta.name.clone(),
            cells,
            merges,
        });
    }
    Ok(book)
}

fn shown(value: &Data, code: Option<&str>) -> (String, Option<f64>) {
    match value {
        Data::Int(i) => number_cell(*i as f64, code),
        Data::Float(f) => number_cell(*f, code),
        Data::String(s) => (clean_text(s), None),
        Data::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).into(), None),
        Data::DateTime(d) => {
            let code = code
                .filter(|c| numfmt::decimals(c).is_none() && *c != "General")
                .unwrap_or("yyyy-mm-dd");
            (numfmt::format(d.as_f64(), code).trim().to_string(), None)
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), None),
        Data::Error(e) => (e.to_string(), None),
        Data::Empty => (String::new(), None),
    }
}

fn error(e: XlsError) -> Error {
    match e {
        XlsError::Password => Error::Encrypted(
            "password-protected .xls workbook; remove the password and save again".into(),
        ),
        other => Error::Damaged {
            format: "xls",
            reason: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_are_read_as_calamine_reads_them() {
        let biff8 = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = Vec::new();
            d.extend(rf.to_le_bytes());
            d.extend(rl.to_le_bytes());
            d.extend(cf.to_le_bytes());
            d.extend(cl.to_le_bytes());
            d.extend([0, 0]);
            d
        };
        // Rows 0..=9, columns 0..=3: 40 cells.
        assert_eq!(dimension_cells(&biff8(0, 10, 0, 4)), Some(40));
        // A hostile range: four billion rows.
        assert!(dimension_cells(&biff8(0, u32::MAX, 0, 4)).unwrap() > MAX_DIMENSION_CELLS);
        // The last row before the first wraps around in calamine: huge too.
        assert!(dimension_cells(&biff8(9, 5, 0, 4)).unwrap() > MAX_DIMENSION_CELLS);
        // BIFF5: 16-bit rows.
        let biff5 = [0u8, 0, 20, 0, 0, 0, 2, 0, 0, 0];
        assert_eq!(dimension_cells(&biff5), Some(40));
        // A record of another length is calamine's own error, not ours.
        assert_eq!(dimension_cells(&[0; 12]), None);
    }

    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    }

    #[test]
    fn formats_come_from_xf_and_format_records() {
        let mut s = rec(0x0809, &[0x00, 0x06, 0x05, 0x00]);
        let mut fmt = 164u16.to_le_bytes().to_vec();
        fmt.extend(4u16.to_le_bytes());
        fmt.push(0);
        fmt.extend(b"0.00");
        s.extend(rec(0x041E, &fmt));
        s.extend(rec(0x00E0, &[0, 0, 0, 0]));
        s.extend(rec(0x00E0, &[0, 0, 164, 0]));
        let sheet_at = s.len() + rec(0x0085, &[0; 10]).len() + 4;
        let mut bs = (sheet_at as u32).to_le_bytes().to_vec();
        bs.extend([0, 0, 2, 0]);
        bs.extend(b"S1");
        s.extend(rec(0x0085, &bs));
        s.extend(rec(0x000A, &[]));
        s.extend(rec(0x0809, &[0x00, 0x06, 0x10, 0x00]));
        let mut num = vec![3, 0, 1, 0, 1, 0];
        num.extend(96.4862f64.to_le_bytes());
        s.extend(rec(0x0203, &num));
        s.extend(rec(0x000A, &[]));
        let f = scan(&s).unwrap();
        let cells = &f.cells["S1"];
        assert_eq!(f.code(cells, (3, 1)), Some("0.00"));
    }
}
