//! Word 97-2003 binary documents (.doc) and WPS documents saved in the same
//! layout (.wps) → the same blocks as DOCX.
//!
//! The file is an OLE compound file (read with `cfb`). Its WordDocument
//! stream starts with the File Information Block, which locates everything
//! else in the 0Table/1Table stream. The text is read through the piece
//! table (the Clx): each piece maps a run of character positions to bytes,
//! either 8-bit "compressed" text (Windows-1252) or UTF-16. Paragraphs end at
//! paragraph marks (0x0D) and cell marks (0x07); their properties come from
//! the PAPX pages (`props.rs`): in-table and row-end flags, the table depth,
//! a row's cell edges and merges (sprmTDefTable, sprmTVertMerge), list
//! membership, alignment, outline level and the built-in heading styles.
//!
//! Tables become the grid DOCX gives: columns are the union of the cell
//! edges of all rows, a cell spanning several of them records `col_span`,
//! a vertically merged cell's continuation points at its owner
//! (`merged_from`) and carries no text. Nested tables' text joins its cell's.
//! Fields show their result, never their instruction. Automatic numbering is
//! rendered from the document's own list definitions (start, format and
//! level text), so headings numbered by Word read as they print.
//!
//! Not read: headers and footers, footnotes, comments, text boxes (a
//! warning says so when the document has them), images (counted in a
//! warning). Files this reader cannot read fail with one line saying why: an
//! encrypted or obfuscated document, Word 6.0/95 and older layouts, a WPS
//! file in Kingsoft's own layout, a damaged piece table.

mod props;

use std::io::{Cursor, Read};

use props::{Lists, Papx, ParaProps, RowProps, i16_at, u8_at, u16_at, u32_at};

use crate::error::{Error, Result};
use crate::limits;
use crate::model::{
    Block, Format, Ingested, RawCell, RawParagraph, RawRow, RawTable, Span, StyleHints, Warning,
};

/// Most grid columns one table may have.
const MAX_COLUMNS: usize = 1000;

fn damaged(format: Format, reason: impl Into<String>) -> Error {
    Error::Damaged {
        format: if format == Format::Wps { "wps" } else { "doc" },
        reason: reason.into(),
    }
}

fn stream(ole: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let mut s = ole.open_stream(name).ok()?;
    let mut buf = Vec::new();
    s.by_ref()
        .take(limits::MAX_ZIP_ENTRY_BYTES)
        .read_to_end(&mut buf)
        .ok()?;
    Some(buf)
}

/// Read a .doc or .wps file.
pub fn read(bytes: &[u8], format: Format) -> Result<Ingested> {
    let mut ole = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| damaged(format, format!("OLE container unreadable: {e}")))?;
    let Some(word) = stream(&mut ole, "/WordDocument") else {
        return Err(Error::Unsupported(format!(
            "{} in a layout other than Word's (no WordDocument stream)",
            if format == Format::Wps {
                "WPS document"
            } else {
                "OLE document"
            }
        )));
    };
    let fib = Fib::parse(&word, format)?;
    let table_name = if fib.which_table {
        "/1Table"
    } else {
        "/0Table"
    };
    let table = stream(&mut ole, table_name).ok_or_else(|| {
        damaged(
            format,
            format!("the {} stream is missing", &table_name[1..]),
        )
    })?;
    let slice = |(fc, lcb): (u32, u32)| -> &[u8] {
        let (fc, lcb) = (fc as usize, lcb as usize);
        table.get(fc..fc.saturating_add(lcb)).unwrap_or(&[])
    };
    let clx = slice(fib.clx);
    if clx.is_empty() {
        return Err(damaged(format, "no piece table (Clx) in the table stream"));
    }
    let pieces = pieces(clx).ok_or_else(|| damaged(format, "the piece table is damaged"))?;
    let data = stream(&mut ole, "/Data").unwrap_or_default();
    let papx = Papx::read(&word, slice(fib.plcf_bte_papx), &data);
    let styles = props::style_ids(slice(fib.stshf));
    let lists = Lists::read(slice(fib.plf_lst), slice(fib.plf_lfo));
    let text = Text::read(&word, &pieces, fib.ccp_text)?;
    if text.chars.is_empty() {
        return Err(Error::NoText("the document's main text is empty".into()));
    }
    let mut reader = Reader {
        papx: &papx,
        styles: &styles,
        lists,
        blocks: Vec::new(),
        index: 0,
        images: 0,
        table: Vec::new(),
        cells: Vec::new(),
        cell: String::new(),
    };
    reader.paragraphs(&text)?;
    let mut warnings = Vec::new();
    if reader.images > 0 {
        warnings.push(Warning {
            kind: "image.skipped".into(),
            message: format!(
                "{} image(s) or drawing(s) in the document were not read",
                reader.images
            ),
            location: None,
        });
    }
    if fib.ccp_txbx > 0 || fib.ccp_ftn > 0 {
        warnings.push(Warning {
            kind: "doc.not_read".into(),
            message: "footnotes and text boxes of a .doc are not read".into(),
            location: None,
        });
    }
    if papx.is_empty() {
        warnings.push(Warning {
            kind: "doc.no_properties".into(),
            message: "no paragraph properties could be read: tables are guessed from cell marks"
                .into(),
            location: None,
        });
    }
    Ok(Ingested {
        blocks: reader.blocks,
        warnings,
        ..Default::default()
    })
}

// ---------------------------------------------------------------------------
// File Information Block
// ---------------------------------------------------------------------------

struct Fib {
    which_table: bool,
    ccp_text: u32,
    ccp_ftn: u32,
    ccp_txbx: u32,
    stshf: (u32, u32),
    plcf_bte_papx: (u32, u32),
    clx: (u32, u32),
    plf_lst: (u32, u32),
    plf_lfo: (u32, u32),
}

impl Fib {
    fn parse(w: &[u8], format: Format) -> Result<Fib> {
        let ident = u16_at(w, 0).unwrap_or(0);
        let n_fib = u16_at(w, 2).unwrap_or(0);
        if ident != 0xA5EC {
            return Err(Error::Unsupported(format!(
                "{} whose WordDocument stream is not Word 97 or later (signature {ident:#06x}){}",
                if format == Format::Wps {
                    "WPS document"
                } else {
                    "document"
                },
                if format == Format::Wps {
                    "; open it in WPS and save as .docx"
                } else {
                    ""
                }
            )));
        }
        if n_fib < 0x00C1 && n_fib != 0 {
            return Err(Error::Unsupported(format!(
                "Word 6.0/95 or older document (nFib {n_fib}); save it as .docx or PDF"
            )));
        }
        let flags = u16_at(w, 10).unwrap_or(0);
        if flags & 0x0100 != 0 {
            return Err(Error::Encrypted(
                "password-protected .doc (fEncrypted); remove the password and save again".into(),
            ));
        }
        if flags & 0x8000 != 0 {
            return Err(Error::Encrypted(
                "obfuscated .doc (fObfuscated); save it again without protection".into(),
            ));
        }
        let bad = || damaged(format, "the File Information Block is truncated");
        let csw = u16_at(w, 32).ok_or_else(bad)? as usize;
        let lw_at = 34 + 2 * csw;
        let cslw = u16_at(w, lw_at).ok_or_else(bad)? as usize;
        let lw = |k: usize| {
            if k < cslw {
                u32_at(w, lw_at + 2 + 4 * k)
            } else {
                None
            }
        };
        let fc_at = lw_at + 2 + 4 * cslw;
        let cb = u16_at(w, fc_at).ok_or_else(bad)? as usize;
        let pair = |k: usize| -> (u32, u32) {
            if k >= cb {
                return (0, 0);
            }
            let at = fc_at + 2 + 8 * k;
            (u32_at(w, at).unwrap_or(0), u32_at(w, at + 4).unwrap_or(0))
        };
        Ok(Fib {
            which_table: flags & 0x0200 != 0,
            ccp_text: lw(3).ok_or_else(bad)?,
            ccp_ftn: lw(4).unwrap_or(0),
            ccp_txbx: lw(9).unwrap_or(0),
            stshf: pair(1),
            plcf_bte_papx: pair(13),
            clx: pair(33),
            plf_lst: pair(73),
            plf_lfo: pair(74),
        })
    }
}

// ---------------------------------------------------------------------------
// Pieces and text
// ---------------------------------------------------------------------------

/// A piece: character positions [cp, cp_end) stored at byte `fc`, 8-bit or UTF-16.
#[derive(Debug, Clone, Copy)]
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

/// The PlcPcd inside the Clx (skipping the Prc property runs before it).
fn pieces(clx: &[u8]) -> Option<Vec<Piece>> {
    let mut i = 0;
    loop {
        match u8_at(clx, i)? {
            1 => {
                let cb = i16_at(clx, i + 1)?.max(0) as usize;
                i += 3 + cb;
            }
            2 => {
                let lcb = u32_at(clx, i + 1)? as usize;
                let plc = clx.get(i + 5..(i + 5).checked_add(lcb)?)?;
                let n = lcb.checked_sub(4)? / 12;
                let mut out = Vec::with_capacity(n);
                for k in 0..n {
                    let cp = u32_at(plc, 4 * k)?;
                    let cp_end = u32_at(plc, 4 * (k + 1))?;
                    let raw = u32_at(plc, 4 * (n + 1) + 8 * k + 2)?;
                    let compressed = raw & 0x4000_0000 != 0;
                    let fc = raw & 0x3FFF_FFFF;
                    if cp_end < cp {
                        return None;
                    }
                    out.push(Piece {
                        cp,
                        cp_end,
                        fc: if compressed { fc / 2 } else { fc },
                        compressed,
                    });
                }
                return Some(out);
            }
            _ => return None,
        }
    }
}

/// The main text: one char per character position, with the stream offset
/// (FC) of each, which is how paragraph properties are found.
struct Text {
    chars: Vec<char>,
    fcs: Vec<u32>,
}

impl Text {
    fn read(word: &[u8], pieces: &[Piece], ccp_text: u32) -> Result<Text> {
        let cap = (ccp_text as usize).min(word.len());
        let mut chars = Vec::with_capacity(cap);
        let mut fcs = Vec::with_capacity(cap);
        for p in pieces {
            limits::check()?;
            if p.cp >= ccp_text {
                break;
            }
            let end = p.cp_end.min(ccp_text);
            for k in 0..(end - p.cp) {
                if p.compressed {
                    let at = p.fc as usize + k as usize;
                    let Some(&b) = word.get(at) else { break };
                    let c = if b < 0x80 {
                        b as char
                    } else {
                        let one = [b];
                        let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&one);
                        s.chars().next().unwrap_or('\u{FFFD}')
                    };
                    chars.push(c);
                    fcs.push(at as u32);
                } else {
                    let at = p.fc as usize + 2 * k as usize;
                    let Some(u) = u16_at(word, at) else { break };
                    // Surrogate pairs span two positions: keep each half's
                    // position, decode the pair at the first.
                    let c = match u {
                        0xD800..=0xDBFF => u16_at(word, at + 2)
                            .and_then(|lo| char::decode_utf16([u, lo]).next().and_then(|r| r.ok()))
                            .unwrap_or('\u{FFFD}'),
                        0xDC00..=0xDFFF => '\u{200B}',
                        _ => char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}'),
                    };
                    chars.push(c);
                    fcs.push(at as u32);
                }
            }
        }
        Ok(Text { chars, fcs })
    }
}

// ---------------------------------------------------------------------------
// Paragraphs and tables
// ---------------------------------------------------------------------------

/// A table row being read: its cells' text and properties.
struct Row {
    cells: Vec<String>,
    tap: Option<RowProps>,
    index: u32,
}

struct Reader<'a> {
    papx: &'a Papx,
    styles: &'a [u16],
    lists: Lists,
    blocks: Vec<Block>,
    /// 1-based index of the paragraph or table being read.
    index: u32,
    images: usize,
    table: Vec<Row>,
    cells: Vec<String>,
    cell: String,
}

/// Field nesting while reading text: instruction or result part.
#[derive(Clone, Copy, PartialEq)]
enum FieldPart {
    Instruction,
    Result,
}

impl Reader<'_> {
    fn paragraphs(&mut self, text: &Text) -> Result<()> {
        let mut fields: Vec<FieldPart> = Vec::new();
        let mut buf = String::new();
        for (i, &c) in text.chars.iter().enumerate() {
            if i.is_multiple_of(65_536) {
                limits::check()?;
            }
            match c {
                '\u{13}' => {
                    fields.push(FieldPart::Instruction);
                    continue;
                }
                '\u{14}' => {
                    if let Some(top) = fields.last_mut() {
                        *top = FieldPart::Result;
                    }
                    continue;
                }
                '\u{15}' => {
                    fields.pop();
                    continue;
                }
                _ => {}
            }
            // A section mark (0x0C) ends its paragraph too.
            let mark = matches!(c, '\r' | '\u{7}' | '\u{c}');
            if !mark && fields.contains(&FieldPart::Instruction) {
                continue;
            }
            match c {
                '\r' | '\u{7}' | '\u{c}' => {
                    let props = self.papx.at(text.fcs[i]).cloned();
                    let para = std::mem::take(&mut buf);
                    self.end_paragraph(para, c == '\u{7}', props);
                }
                '\u{1}' | '\u{8}' => self.images += 1,
                '\u{b}' => buf.push('\n'),
                '\t' => buf.push('\t'),
                '\u{1e}' => buf.push('-'),
                '\u{a0}' => buf.push(' '),
                '\u{200B}' | '\u{1f}' => {}
                c if (c as u32) < 0x20 => {}
                c => buf.push(c),
            }
        }
        if !buf.trim().is_empty() {
            self.end_paragraph(buf, false, None);
        }
        self.flush_table();
        Ok(())
    }

    fn end_paragraph(&mut self, text: String, cell_mark: bool, props: Option<ParaProps>) {
        let props = props.unwrap_or_default();
        // Without properties, a cell mark still means a table.
        let in_table = props.in_table || props.itap > 0 || cell_mark;
        if !in_table {
            self.flush_table();
            self.paragraph(text, &props);
            return;
        }
        if props.itap >= 2 {
            // A nested table: its text joins the outer cell's, a line per
            // nested cell or paragraph.
            push_line(&mut self.cell, &text);
            return;
        }
        if cell_mark && props.ttp {
            // Row end: the cells so far form the row.
            if !self.cell.trim().is_empty() || !text.trim().is_empty() {
                push_line(&mut self.cell, &text);
                self.cells.push(std::mem::take(&mut self.cell));
            }
            let cells = std::mem::take(&mut self.cells);
            if self.table.is_empty() {
                self.index += 1;
            }
            self.table.push(Row {
                cells,
                tap: props.tap,
                index: self.index,
            });
            return;
        }
        if cell_mark {
            if self.papx.is_empty()
                && text.is_empty()
                && self.cell.is_empty()
                && !self.cells.is_empty()
            {
                // No properties: a cell mark right after a cell mark ends the row.
                let cells = std::mem::take(&mut self.cells);
                if self.table.is_empty() {
                    self.index += 1;
                }
                self.table.push(Row {
                    cells,
                    tap: None,
                    index: self.index,
                });
                return;
            }
            push_line(&mut self.cell, &text);
            self.cells.push(std::mem::take(&mut self.cell));
        } else {
            push_line(&mut self.cell, &text);
        }
    }

    fn paragraph(&mut self, text: String, props: &ParaProps) {
        let text = crate::ingest::strip_typed_bullet(tidy(&text));
        self.index += 1;
        let mut prefix = None;
        if props.ilfo > 0 && props.ilfo < 0xF000 {
            prefix = self.lists.next(props.ilfo, props.ilvl);
        }
        if text.is_empty() {
            return;
        }
        let sti = self.styles.get(props.istd as usize).copied().unwrap_or(0);
        let outline_level = props
            .outline
            .map(|l| l + 1)
            .or_else(|| (1..=9).contains(&sti).then_some(sti as u8));
        self.blocks.push(Block::Paragraph(RawParagraph {
            text: match prefix {
                Some(p) => format!("{p}{text}"),
                None => text,
            },
            style: StyleHints {
                outline_level,
                centered: props.centered,
                ..Default::default()
            },
            span: Span {
                block: Some(self.index),
                ..Default::default()
            },
        }));
    }

    fn flush_table(&mut self) {
        if !self.cell.trim().is_empty() || !self.cells.is_empty() {
            // Cells without a row end (a truncated table): a row of their own.
            let mut cells = std::mem::take(&mut self.cells);
            if !self.cell.trim().is_empty() {
                cells.push(std::mem::take(&mut self.cell));
            }
            if self.table.is_empty() {
                self.index += 1;
            }
            self.table.push(Row {
                cells,
                tap: None,
                index: self.index,
            });
        }
        self.cell.clear();
        let rows = std::mem::take(&mut self.table);
        if rows.is_empty() {
            return;
        }
        if let Some(t) = grid(rows) {
            // A 1×1 table is a frame around text: its text is a paragraph.
            if t.rows.len() == 1 && t.rows[0].cells.len() == 1 {
                let text = t.rows[0].cells[0].text.clone();
                for line in text.split('\n') {
                    self.paragraph(line.to_string(), &ParaProps::default());
                }
                return;
            }
            self.blocks.push(Block::Table(t));
        }
    }
}

fn push_line(cell: &mut String, text: &str) {
    let t = tidy(text);
    if t.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push('\n');
    }
    cell.push_str(&t);
}

/// Trim each line and drop empty ones.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for l in s.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(l);
    }
    out
}

/// Rows with their cell edges → the table grid.
fn grid(rows: Vec<Row>) -> Option<RawTable> {
    // Grid columns: the union of all rows' cell edges.
    let mut edges: Vec<i32> = rows
        .iter()
        .filter_map(|r| r.tap.as_ref())
        .flat_map(|t| t.edges.iter().map(|&e| i32::from(e)))
        .collect();
    edges.sort_unstable();
    edges.dedup_by(|a, b| (*a - *b).abs() <= 10);
    let col_of = |x: i32| -> usize {
        edges
            .iter()
            .position(|&e| (e - x).abs() <= 10)
            .unwrap_or_else(|| edges.partition_point(|&e| e < x))
    };
    struct Placed {
        text: String,
        col: usize,
        span: usize,
        merged_up: bool,
    }
    let mut placed_rows: Vec<Vec<Placed>> = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut placed: Vec<Placed> = Vec::new();
        let tap = row.tap.as_ref().filter(|t| t.edges.len() >= 2);
        let mut next_col = 0;
        for (k, text) in row.cells.iter().enumerate() {
            let merged_left = tap.is_some_and(|t| t.merged_left.get(k).copied().unwrap_or(false));
            if merged_left && let Some(prev) = placed.last_mut() {
                // A legacy horizontal merge: the cell widens its left neighbour.
                if let Some(t) = tap
                    && let Some(&e) = t.edges.get(k + 1)
                {
                    prev.span = col_of(i32::from(e)).saturating_sub(prev.col).max(1);
                }
                if !text.is_empty() {
                    push_line(&mut prev.text, text);
                }
                continue;
            }
            let (col, span) = match tap.and_then(|t| Some((t.edges.get(k)?, t.edges.get(k + 1)?))) {
                Some((&a, &b)) => {
                    let c0 = col_of(i32::from(a)).max(next_col);
                    let c1 = col_of(i32::from(b));
                    (c0, c1.saturating_sub(c0).max(1))
                }
                None => (next_col, 1),
            };
            if col + span > MAX_COLUMNS {
                break;
            }
            next_col = col + span;
            placed.push(Placed {
                text: text.clone(),
                col,
                span,
                merged_up: tap.is_some_and(|t| t.merged_up.get(k).copied().unwrap_or(false)),
            });
        }
        placed_rows.push(placed);
    }
    let width = placed_rows
        .iter()
        .flat_map(|r| r.iter().map(|p| p.col + p.span))
        .max()?;
    let mut grid: Vec<RawRow> = Vec::with_capacity(rows.len());
    for (r, (placed, row)) in placed_rows.iter().zip(&rows).enumerate() {
        let mut cells = vec![RawCell::new(""); width];
        for p in placed {
            if p.merged_up && r > 0 {
                // Continue the merge of the cell above: find its owner.
                let above = &grid[r - 1].cells[p.col];
                let owner = above.merged_from.unwrap_or((r as u32 - 1, p.col as u32));
                if let Some(o) = grid
                    .get_mut(owner.0 as usize)
                    .and_then(|row| row.cells.get_mut(owner.1 as usize))
                {
                    o.row_span = r as u32 - owner.0 + 1;
                }
                for k in 0..p.span {
                    cells[p.col + k].merged_from = Some(owner);
                }
                continue;
            }
            cells[p.col] = RawCell {
                text: p.text.clone(),
                col_span: p.span as u32,
                ..RawCell::new("")
            };
            for k in 1..p.span {
                cells[p.col + k].merged_from = Some((r as u32, p.col as u32));
            }
        }
        let header = row.tap.as_ref().is_some_and(|t| t.header);
        if crate::ingest::is_rule_row(cells.iter().map(|c| c.text.as_str())) {
            continue;
        }
        grid.push(RawRow {
            cells,
            is_header: header,
            span: Span {
                block: Some(row.index),
                ..Default::default()
            },
        });
    }
    if grid.is_empty() {
        return None;
    }
    let index = rows[0].index;
    Some(RawTable {
        rows: grid,
        span: Span {
            block: Some(index),
            ..Default::default()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn piece_table_compressed_and_unicode() {
        // Prc (ignored) then a PlcPcd with two pieces.
        let mut clx = vec![1u8, 2, 0, 0xAA, 0xBB, 2];
        let mut plc = Vec::new();
        for cp in [0u32, 3, 5] {
            plc.extend(cp.to_le_bytes());
        }
        // Piece 1: compressed at byte 100 (fc 200 | 0x40000000); piece 2: UTF-16 at 200.
        for (fc, flag) in [(200u32, 0x4000_0000u32), (200, 0)] {
            plc.extend([0, 0]);
            plc.extend((fc | flag).to_le_bytes());
            plc.extend([0, 0]);
        }
        clx.extend((plc.len() as u32).to_le_bytes());
        clx.extend(&plc);
        let p = pieces(&clx).unwrap();
        assert_eq!(p.len(), 2);
        assert!(p[0].compressed && p[0].fc == 100);
        let mut word = vec![0u8; 300];
        word[100..103].copy_from_slice(b"ab\x93");
        let units: Vec<u8> = "一\r"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        word[200..204].copy_from_slice(&units);
        let t = Text::read(&word, &p, 5).unwrap();
        assert_eq!(t.chars.iter().collect::<String>(), "ab\u{201C}一\r");
        assert_eq!(t.fcs[3], 200);
    }

    #[test]
    fn grid_spans_and_vertical_merges() {
        let tap = |edges: &[i16], up: &[bool]| RowProps {
            edges: edges.to_vec(),
            merged_left: vec![false; up.len()],
            merged_up: up.to_vec(),
            header: false,
        };
        let rows = vec![
            Row {
                cells: vec!["项目".into(), "金额".into()],
                tap: Some(tap(&[0, 1000, 3000], &[false, false])),
                index: 1,
            },
            Row {
                cells: vec!["基本".into(), "预算".into(), "决算".into()],
                tap: Some(tap(&[0, 1000, 2000, 3000], &[false, false, false])),
                index: 1,
            },
            Row {
                cells: vec!["".into(), "1".into(), "2".into()],
                tap: Some(tap(&[0, 1000, 2000, 3000], &[true, false, false])),
                index: 1,
            },
        ];
        let t = grid(rows).unwrap();
        assert_eq!(t.rows[0].cells.len(), 3);
        assert_eq!(t.rows[0].cells[1].col_span, 2);
        assert_eq!(t.rows[0].cells[2].merged_from, Some((0, 1)));
        assert_eq!(t.rows[1].cells[0].row_span, 2);
        assert_eq!(t.rows[2].cells[0].merged_from, Some((1, 0)));
        assert_eq!(t.rows[2].cells[2].text, "2");
    }

    #[test]
    fn not_ole_or_not_word_is_a_clear_error() {
        assert!(read(b"not an ole file", Format::Doc).is_err());
        let fib = [0u8; 64];
        match Fib::parse(&fib, Format::Wps) {
            Err(Error::Unsupported(m)) => assert!(m.contains("WPS"), "{m}"),
            _ => panic!("expected unsupported"),
        }
        let mut enc = [0u8; 64];
        enc[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
        enc[2..4].copy_from_slice(&0x00C1u16.to_le_bytes());
        enc[10..12].copy_from_slice(&0x0100u16.to_le_bytes());
        assert!(matches!(
            Fib::parse(&enc, Format::Doc),
            Err(Error::Encrypted(_))
        ));
    }
}
