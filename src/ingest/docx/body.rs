//! `word/document.xml` (and footnotes) → blocks.
//!
//! What becomes text: runs (`w:t`, tabs, breaks, symbols), inserted and moved-to
//! text, hyperlinks, content controls, smart tags, field results (never field
//! instructions; page-number fields dropped entirely), automatic list numbers,
//! and text boxes (emitted after the paragraph that anchors them). What does
//! not: deleted text, hidden text, comments, headers and footers (never read),
//! images and embedded objects (a warning each).
//!
//! Tables: one `RawCell` per grid position. A `gridSpan` cell is followed by
//! covered positions, a `vMerge` continuation covers the owner's position in
//! the rows below; covered positions point to the owner with `merged_from`
//! (the value belongs to every row it spans) and the owner records
//! `col_span` / `row_span`. Covered positions carry no text of their own — the
//! same grid the text and PDF readers produce for the printed table (where a
//! merged label is printed once), so sums never count a merged value twice and
//! the document JSON does not depend on the input format; a consumer that wants
//! the label on every row follows `merged_from`. `gridBefore` / `gridAfter` and short rows are
//! padded with empty cells so every row has the grid's width. A nested table's
//! text joins its cell's text; a 1×1 table (a layout frame) is unwrapped into
//! the blocks it holds.

use std::collections::HashMap;

use super::styles::{Numbering, StyleProps, Styles, para_props, run_props};
use super::xml::{Child, Node};
use crate::error::Result;
use crate::ingest::strip_typed_bullet;
use crate::limits;
use crate::model::{Block, RawCell, RawParagraph, RawRow, RawTable, Span, StyleHints, Warning};

/// Most grid columns one table row may claim (a hostile gridSpan).
const MAX_COLUMNS: usize = 1000;

/// One open field (`w:fldChar begin` … `end`).
#[derive(Debug)]
enum Field {
    /// Reading the instruction.
    Instruction(String),
    /// Showing the result; `hide` for page-number fields.
    Result { hide: bool },
}

pub struct Reader<'a> {
    styles: &'a Styles,
    numbering: Numbering,
    pub warnings: Vec<Warning>,
    /// 1-based index of the body-level paragraph or table being read.
    index: u32,
    fields: Vec<Field>,
    /// Footnote / endnote references in reading order: (endnote?, id).
    pub notes: Vec<(bool, String)>,
    /// Counter for elements visited (deadline checks).
    visited: usize,
}

/// Text and style statistics gathered from one paragraph's runs.
#[derive(Default)]
struct Inline<'n> {
    text: String,
    /// Characters in bold runs / all visible non-space characters.
    bold_chars: usize,
    chars: usize,
    /// Characters per font size (half-points).
    sizes: HashMap<u32, usize>,
    /// Text boxes anchored in this paragraph.
    boxes: Vec<&'n Node>,
}

impl<'a> Reader<'a> {
    pub fn new(styles: &'a Styles, numbering: Numbering) -> Self {
        Reader {
            styles,
            numbering,
            warnings: Vec::new(),
            index: 0,
            fields: Vec::new(),
            notes: Vec::new(),
            visited: 0,
        }
    }

    /// Read the document body.
    pub fn body(&mut self, document: &Node) -> Result<Vec<Block>> {
        let mut out = Vec::new();
        let Some(body) = document.elements().find(|n| n.is("body")) else {
            return Ok(out);
        };
        self.content(body, 0, true, &mut out)?;
        Ok(out)
    }

    /// Read footnotes or endnotes referenced in the body, in reference order,
    /// after the body: "[1] text".
    pub fn notes(&mut self, parts: &[(bool, &Node)], out: &mut Vec<Block>) -> Result<()> {
        let refs = std::mem::take(&mut self.notes);
        let mut number = 0;
        let mut seen = std::collections::HashSet::new();
        for (endnote, id) in refs {
            if !seen.insert((endnote, id.clone())) {
                continue;
            }
            let kind = if endnote { "endnote" } else { "footnote" };
            let note = parts
                .iter()
                .filter(|(e, _)| *e == endnote)
                .flat_map(|(_, root)| root.elements())
                .find(|n| n.is(kind) && n.attr("id") == Some(id.as_str()));
            let Some(note) = note else { continue };
            self.index += 1;
            let mut blocks = Vec::new();
            self.content(note, 0, false, &mut blocks)?;
            number += 1;
            if let Some(Block::Paragraph(p)) = blocks.first_mut() {
                p.text = format!("[{number}] {}", p.text);
            }
            out.extend(blocks);
        }
        Ok(())
    }

    fn tick(&mut self) -> Result<()> {
        self.visited += 1;
        if self.visited.is_multiple_of(2048) {
            limits::check()?;
        }
        Ok(())
    }

    /// Block-level content of `parent` (body, cell, text box, note, content
    /// control) appended to `out`. `top`: children are body-level blocks
    /// (each gets its own index).
    fn content(
        &mut self,
        parent: &Node,
        depth: usize,
        top: bool,
        out: &mut Vec<Block>,
    ) -> Result<()> {
        for n in parent.elements() {
            self.tick()?;
            if n.is("p") || n.is("tbl") {
                if top {
                    self.index += 1;
                }
                if n.is("p") {
                    self.paragraph(n, depth, out)?;
                } else {
                    self.table(n, depth, out)?;
                }
            } else if n.is("sdt") {
                if let Some(c) = n.child("sdtContent") {
                    self.content(c, depth, top, out)?;
                }
            } else if n.is("customXml") || n.is("ins") || n.is("moveTo") {
                self.content(n, depth, top, out)?;
            } else if n.name == "AlternateContent"
                && let Some(c) = alternate(n)
            {
                self.content(c, depth, top, out)?;
            }
        }
        Ok(())
    }

    fn span(&self) -> Span {
        Span {
            block: Some(self.index),
            ..Default::default()
        }
    }

    fn paragraph(&mut self, p: &Node, depth: usize, out: &mut Vec<Block>) -> Result<()> {
        let mut direct = StyleProps::default();
        let mut style_id = None;
        if let Some(ppr) = p.child("pPr") {
            para_props(ppr, &mut direct);
            style_id = ppr.child("pStyle").and_then(|s| s.val());
        }
        let style = self.styles.paragraph(style_id);
        let props = direct.over(&style);
        let mut inline = Inline::default();
        self.inline(p, &style, false, &mut inline)?;
        // Automatic numbering: the number Word shows before the text.
        let mut prefix = None;
        if let Some((num_id, ilvl)) = &props.num
            && num_id != "0"
        {
            prefix = self.numbering.next(num_id, ilvl.unwrap_or(0));
        }
        let text = strip_typed_bullet(tidy(&inline.text));
        if !text.is_empty() {
            let text = match prefix {
                Some(p) => format!("{p}{text}"),
                None => text,
            };
            let font_size = inline
                .sizes
                .iter()
                .max_by_key(|(size, n)| (**n, **size))
                .map(|(s, _)| *s as f32 / 2.0);
            out.push(Block::Paragraph(RawParagraph {
                text,
                style: StyleHints {
                    outline_level: props.outline.filter(|&l| l < 9).map(|l| l + 1),
                    bold: inline.chars > 0 && inline.bold_chars == inline.chars,
                    centered: props.centered.unwrap_or(false),
                    font_size,
                    ..Default::default()
                },
                span: self.span(),
            }));
        }
        for b in std::mem::take(&mut inline.boxes) {
            self.content(b, depth + 1, false, out)?;
        }
        Ok(())
    }

    /// Inline content of a paragraph (runs and their containers).
    fn inline<'n>(
        &mut self,
        parent: &'n Node,
        pstyle: &StyleProps,
        hidden: bool,
        acc: &mut Inline<'n>,
    ) -> Result<()> {
        for n in parent.elements() {
            self.tick()?;
            if !n.w {
                if n.name == "AlternateContent" {
                    if let Some(c) = alternate(n) {
                        self.inline(c, pstyle, hidden, acc)?;
                    }
                } else if n.name == "oMath" || n.name == "oMathPara" {
                    // Office Math: its text (m:t) in order, without layout.
                    let mut s = String::new();
                    math_text(n, &mut s);
                    self.push(acc, &s, false, None, hidden);
                }
                continue;
            }
            match n.name.as_str() {
                "r" => self.run(n, pstyle, hidden, acc)?,
                "hyperlink" | "ins" | "moveTo" | "smartTag" | "customXml" | "bdo" | "dir" => {
                    self.inline(n, pstyle, hidden, acc)?
                }
                "sdt" => {
                    if let Some(c) = n.child("sdtContent") {
                        self.inline(c, pstyle, hidden, acc)?;
                    }
                }
                "fldSimple" => {
                    let hide = is_page_field(n.attr("instr").unwrap_or_default());
                    self.inline(n, pstyle, hidden || hide, acc)?;
                }
                "ruby" => {
                    if let Some(base) = n.child("rubyBase") {
                        self.inline(base, pstyle, hidden, acc)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn run<'n>(
        &mut self,
        r: &'n Node,
        pstyle: &StyleProps,
        hidden: bool,
        acc: &mut Inline<'n>,
    ) -> Result<()> {
        // Run properties: direct → character style → paragraph style → defaults.
        let mut props = StyleProps::default();
        if let Some(rpr) = r.child("rPr") {
            run_props(rpr, &mut props);
            if let Some(cs) = rpr
                .child("rStyle")
                .and_then(|s| s.val())
                .and_then(|id| self.styles.get(id))
            {
                props = props.over(cs);
            }
        }
        let props = props.over(pstyle).over(&self.styles.defaults);
        let bold = props.bold.unwrap_or(false);
        let hidden = hidden || props.hidden.unwrap_or(false);
        for c in r.elements() {
            if !c.w {
                if c.name == "AlternateContent"
                    && let Some(choice) = alternate(c)
                {
                    self.media(choice, acc);
                }
                continue;
            }
            match c.name.as_str() {
                "t" => self.push(acc, &c.text(), bold, props.size, hidden),
                "tab" | "ptab" => self.push(acc, "\t", bold, props.size, hidden),
                // Page and column breaks are layout, not text.
                "br" if matches!(c.attr("type"), Some("page" | "column")) => {}
                "br" => self.push(acc, "\n", bold, props.size, hidden),
                "cr" => self.push(acc, "\n", bold, props.size, hidden),
                "noBreakHyphen" => self.push(acc, "-", bold, props.size, hidden),
                "sym" => {
                    let ch = c
                        .attr("char")
                        .and_then(|h| u32::from_str_radix(h.trim(), 16).ok())
                        .and_then(char::from_u32)
                        // Symbol-font code points (F0xx) are glyph ids, not text.
                        .filter(|ch| !('\u{E000}'..='\u{F8FF}').contains(ch));
                    if let Some(ch) = ch {
                        self.push(acc, ch.encode_utf8(&mut [0; 4]), bold, props.size, hidden);
                    }
                }
                "fldChar" => match c.attr("fldCharType") {
                    Some("begin") => self.fields.push(Field::Instruction(String::new())),
                    Some("separate") => {
                        if let Some(f) = self.fields.last_mut()
                            && let Field::Instruction(instr) = f
                        {
                            let hide = is_page_field(instr);
                            *f = Field::Result { hide };
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                },
                "instrText" => {
                    if let Some(Field::Instruction(s)) = self.fields.last_mut() {
                        s.push_str(&c.text());
                    }
                }
                "footnoteReference" | "endnoteReference" => {
                    if let Some(id) = c.attr("id") {
                        self.notes
                            .push((c.name == "endnoteReference", id.to_string()));
                    }
                }
                "drawing" | "pict" | "object" => self.media(c, acc),
                _ => {}
            }
        }
        Ok(())
    }

    /// Add visible text to the paragraph.
    fn push(&mut self, acc: &mut Inline, s: &str, bold: bool, size: Option<u32>, hidden: bool) {
        let in_field_code = self
            .fields
            .iter()
            .any(|f| matches!(f, Field::Instruction(_) | Field::Result { hide: true }));
        if hidden || in_field_code || s.is_empty() {
            return;
        }
        acc.text.push_str(s);
        let n = s.chars().filter(|c| !c.is_whitespace()).count();
        acc.chars += n;
        if bold {
            acc.bold_chars += n;
        }
        if let Some(sz) = size {
            *acc.sizes.entry(sz).or_default() += n;
        }
    }

    /// Drawings, VML pictures and embedded objects: text boxes are read (after
    /// the paragraph), images and objects are skipped with a warning.
    fn media<'n>(&mut self, n: &'n Node, acc: &mut Inline<'n>) {
        let mut boxes = Vec::new();
        let mut images = 0;
        let mut objects = 0;
        scan_media(n, &mut boxes, &mut images, &mut objects, 0);
        let had_boxes = !boxes.is_empty();
        acc.boxes.extend(boxes);
        if n.is("object") && objects == 0 {
            objects = 1;
        }
        if objects > 0 {
            self.warnings.push(Warning {
                kind: "object.skipped".into(),
                message: format!("{objects} embedded object(s) (OLE, chart) skipped"),
                location: Some(self.span()),
            });
        } else if images > 0 && !had_boxes {
            self.warnings.push(Warning {
                kind: "image.skipped".into(),
                message: format!("{images} image(s) skipped"),
                location: Some(self.span()),
            });
        }
    }

    fn table(&mut self, tbl: &Node, depth: usize, out: &mut Vec<Block>) -> Result<()> {
        if depth >= limits::MAX_NESTING {
            return Err(limits::exceeded(
                "max-nesting",
                format!("tables nested deeper than {}", limits::MAX_NESTING),
            ));
        }
        let grid_width = tbl
            .child("tblGrid")
            .map(|g| g.elements().filter(|c| c.is("gridCol")).count())
            .unwrap_or(0)
            .min(MAX_COLUMNS);
        // Rows, and their cells with grid positions, before merges are resolved.
        let mut rows: Vec<(Vec<Pending>, bool, usize)> = Vec::new();
        let mut width = grid_width;
        for tr in rows_of(tbl) {
            self.tick()?;
            let trpr = tr.child("trPr");
            let header = trpr
                .and_then(|p| p.child("tblHeader"))
                .is_some_and(|h| h.on());
            let before = trpr
                .and_then(|p| p.child("gridBefore"))
                .and_then(|g| g.int_val())
                .unwrap_or(0)
                .clamp(0, MAX_COLUMNS as i64) as usize;
            let mut col = before;
            let mut cells: Vec<Pending> = Vec::new();
            for tc in cells_of(tr) {
                let tcpr = tc.child("tcPr");
                let span = tcpr
                    .and_then(|p| p.child("gridSpan"))
                    .and_then(|g| g.int_val())
                    .unwrap_or(1)
                    .clamp(1, MAX_COLUMNS as i64) as usize;
                let vmerge = tcpr
                    .and_then(|p| p.child("vMerge"))
                    .map(|v| matches!(v.val(), Some("restart")));
                // Legacy horizontal merge: a continuation widens the previous cell.
                let hcontinue = tcpr
                    .and_then(|p| p.child("hMerge"))
                    .is_some_and(|h| !matches!(h.val(), Some("restart")));
                if hcontinue && let Some(prev) = cells.last_mut() {
                    prev.span += span;
                    col += span;
                    continue;
                }
                let mut blocks = Vec::new();
                self.content(tc, depth + 1, false, &mut blocks)?;
                cells.push(Pending {
                    col,
                    span,
                    vmerge,
                    blocks,
                });
                col = (col + span).min(MAX_COLUMNS);
            }
            if is_rule_row(&cells) {
                continue;
            }
            width = width.max(col).min(MAX_COLUMNS);
            rows.push((cells, header, before));
        }
        // A 1×1 table is a frame around content: unwrap it.
        if rows.len() == 1 && rows[0].0.len() == 1 && rows[0].0[0].span <= 1 {
            if let Some(cell) = rows.pop().and_then(|(mut cells, _, _)| cells.pop()) {
                out.extend(cell.blocks);
            }
            return Ok(());
        }
        let mut grid: Vec<RawRow> = Vec::with_capacity(rows.len());
        for (r, (cells, header, _)) in rows.into_iter().enumerate() {
            let mut row: Vec<RawCell> = (0..width).map(|_| RawCell::new("")).collect();
            for cell in cells {
                let (c, span) = (cell.col, cell.span.min(width.saturating_sub(cell.col)));
                if c >= width || span == 0 {
                    continue;
                }
                // A vMerge continuation: find the owner above.
                let owner = if cell.vmerge == Some(false) && r > 0 {
                    grid[r - 1].cells.get(c).map(|above| {
                        above
                            .merged_from
                            .filter(|&(_, oc)| oc as usize == c)
                            .unwrap_or((r as u32 - 1, c as u32))
                    })
                } else {
                    None
                };
                if let Some((orow, ocol)) = owner {
                    if let Some(o) = grid
                        .get_mut(orow as usize)
                        .and_then(|row| row.cells.get_mut(ocol as usize))
                    {
                        o.row_span = (r as u32 - orow) + 1;
                    }
                    for slot in row.iter_mut().skip(c).take(span) {
                        *slot = RawCell {
                            text: String::new(),
                            col_span: 1,
                            row_span: 1,
                            merged_from: Some((orow, ocol)),
                            ..Default::default()
                        };
                    }
                    continue;
                }
                row[c] = RawCell {
                    text: cell_text(&cell.blocks),
                    col_span: span as u32,
                    row_span: 1,
                    merged_from: None,
                    ..Default::default()
                };
                for slot in row.iter_mut().skip(c + 1).take(span - 1) {
                    *slot = RawCell {
                        text: String::new(),
                        col_span: 1,
                        row_span: 1,
                        merged_from: Some((r as u32, c as u32)),
                        ..Default::default()
                    };
                }
            }
            grid.push(RawRow {
                cells: row,
                is_header: header,
                span: self.span(),
            });
        }
        if !grid.is_empty() {
            out.push(Block::Table(RawTable {
                rows: grid,
                span: self.span(),
            }));
        }
        Ok(())
    }
}

/// A table cell with its grid position, before merges are resolved.
struct Pending {
    col: usize,
    span: usize,
    /// Some(true): vMerge restart, Some(false): continuation.
    vmerge: Option<bool>,
    blocks: Vec<Block>,
}

/// `mc:AlternateContent`: the first `mc:Choice`, else the `mc:Fallback` (never both,
/// which would read a text box twice).
fn alternate(n: &Node) -> Option<&Node> {
    n.elements()
        .find(|c| c.name == "Choice")
        .or_else(|| n.elements().find(|c| c.name == "Fallback"))
}

/// Find text boxes, images and objects under a drawing.
fn scan_media<'n>(
    n: &'n Node,
    boxes: &mut Vec<&'n Node>,
    images: &mut usize,
    objects: &mut usize,
    depth: usize,
) {
    if depth > super::xml::MAX_DEPTH {
        return;
    }
    for c in n.elements() {
        if c.is("txbxContent") {
            boxes.push(c);
            continue;
        }
        match c.name.as_str() {
            "blip" | "imagedata" => *images += 1,
            "OLEObject" | "chart" => *objects += 1,
            "AlternateContent" => {
                if let Some(choice) = alternate(c) {
                    scan_media(choice, boxes, images, objects, depth + 1);
                }
                continue;
            }
            _ => {}
        }
        scan_media(c, boxes, images, objects, depth + 1);
    }
}

fn math_text(n: &Node, out: &mut String) {
    for c in &n.children {
        match c {
            Child::Elem(e) if e.name == "t" => out.push_str(&e.text()),
            Child::Elem(e) => math_text(e, out),
            Child::Text(_) => {}
        }
    }
}

/// PAGE, NUMPAGES, SECTIONPAGES: page furniture, not content.
fn is_page_field(instr: &str) -> bool {
    let word = instr
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    matches!(word.as_str(), "PAGE" | "NUMPAGES" | "SECTIONPAGES")
}

/// Table rows, looking through content controls and custom XML wrappers.
fn rows_of(tbl: &Node) -> Vec<&Node> {
    let mut out = Vec::new();
    fn walk<'n>(n: &'n Node, out: &mut Vec<&'n Node>, depth: usize) {
        for c in n.elements() {
            if c.is("tr") {
                out.push(c);
            } else if depth < 8 && (c.is("sdt") || c.is("sdtContent") || c.is("customXml")) {
                walk(c, out, depth + 1);
            }
        }
    }
    walk(tbl, &mut out, 0);
    out
}

/// Cells of a row, looking through wrappers.
fn cells_of(tr: &Node) -> Vec<&Node> {
    let mut out = Vec::new();
    fn walk<'n>(n: &'n Node, out: &mut Vec<&'n Node>, depth: usize) {
        for c in n.elements() {
            if c.is("tc") {
                out.push(c);
            } else if depth < 8 && (c.is("sdt") || c.is("sdtContent") || c.is("customXml")) {
                walk(c, out, depth + 1);
            }
        }
    }
    walk(tr, &mut out, 0);
    out
}

/// A cell's text: its paragraphs joined with line breaks; a nested table's
/// rows on their own lines, cells separated by a space.
fn cell_text(blocks: &[Block]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraph(p) => lines.push(p.text.replace('\t', " ")),
            Block::Table(t) => {
                for row in &t.rows {
                    let cells: Vec<&str> = row
                        .cells
                        .iter()
                        .filter(|c| c.merged_from.is_none() && !c.text.trim().is_empty())
                        .map(|c| c.text.as_str())
                        .collect();
                    if !cells.is_empty() {
                        lines.push(cells.join(" ").replace('\n', " "));
                    }
                }
            }
        }
    }
    lines.join("\n")
}

/// A row drawn as a rule ("------"): a line, not data.
fn is_rule_row(cells: &[Pending]) -> bool {
    crate::ingest::is_rule_row(cells.iter().map(|c| cell_text(&c.blocks)))
}

/// Trim each line (Unicode whitespace, so ideographic indents too) and drop
/// empty lines.
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
