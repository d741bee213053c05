//! Plain-text reader: detects the encoding, then reads the layouts that text
//! exports of reports use:
//! - paragraphs, one per line (blank lines between or not), with markdown
//!   headings (`#`), emphasis (`**`), bullets (`- `) and rules (`---`);
//! - tables as one row per line with tab-separated cells (empty cells for
//!   merged ones), cells possibly holding HTML fragments (`<p>`, `<ol>`, `<br>`);
//! - tables as one cell per line, each line starting with a tab, rows separated
//!   by blank lines, and multi-line cells continuing on lines without a tab (the
//!   layout Apache Tika gives for DOCX tables);
//! - prose in two columns side by side (a PDF page's text with its layout
//!   kept), read a column at a time (`columns`).

mod columns;

use crate::error::{Error, Result};
use crate::limits::{self, Counted};
use crate::model::{
    Block, Ingested, RawCell, RawParagraph, RawRow, RawTable, Span, StyleHints, Warning,
};

/// Decode and read a text file.
pub fn read(bytes: &[u8]) -> Result<Ingested> {
    refuse_binary(bytes)?;
    let decoded = decode(bytes);
    from_decoded(decoded, bytes.len())
}

/// [`read`] taking the bytes: a UTF-8 file without a byte-order mark (the
/// usual case) becomes the text without a copy.
pub fn read_owned(bytes: Vec<u8>) -> Result<Ingested> {
    refuse_binary(&bytes)?;
    let len = bytes.len();
    let plain =
        encoding_rs::Encoding::for_bom(&bytes).is_none() && utf16_without_bom(&bytes).is_none();
    let decoded = if plain {
        match String::from_utf8(bytes) {
            Ok(text) => Decoded::new(text, "UTF-8"),
            Err(e) => decode(e.as_bytes()),
        }
    } else {
        decode(&bytes)
    };
    from_decoded(decoded, len)
}

fn refuse_binary(bytes: &[u8]) -> Result<()> {
    if looks_binary(bytes) {
        return Err(Error::NotFormat {
            format: "text",
            reason: "binary data (control bytes throughout), not a text report".into(),
        });
    }
    Ok(())
}

fn from_decoded(decoded: Decoded, len: usize) -> Result<Ingested> {
    limits::check()?;
    let blocks = blocks(&decoded.text)?;
    if blocks.is_empty() {
        return Err(Error::NoText(format!(
            "the file holds only whitespace ({len} bytes)"
        )));
    }
    let mut ingested = Ingested {
        blocks,
        encoding: Some(decoded.encoding.clone()),
        ..Default::default()
    };
    for (kind, message) in decoded.notes {
        ingested.warnings.push(Warning {
            kind: kind.into(),
            message,
            location: None,
        });
    }
    let bad = decoded.text.chars().filter(|&c| c == '\u{FFFD}').count();
    if bad > 0 {
        ingested.warnings.push(Warning {
            kind: "text.invalid_bytes".into(),
            message: format!(
                "{bad} byte sequence(s) invalid in {} were replaced by U+FFFD",
                decoded.encoding
            ),
            location: None,
        });
    }
    Ok(ingested)
}

// ---------------------------------------------------------------------------
// Encoding detection
// ---------------------------------------------------------------------------

/// Text decoded from bytes, with how it was decoded.
#[derive(Debug, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// "UTF-8", "GB18030", "UTF-16LE" …; "UTF-8+GB18030" for a file mixing two.
    pub encoding: String,
    /// (warning kind, message) for what was wrong with the bytes.
    pub notes: Vec<(&'static str, String)>,
}

impl Decoded {
    fn new(text: String, encoding: &str) -> Decoded {
        Decoded {
            text: strip_nul(text),
            encoding: encoding.to_string(),
            notes: Vec::new(),
        }
    }
}

/// Decode bytes in whatever Chinese encoding they are in.
///
/// Order: BOM → UTF-16 by the position of zero bytes → strict UTF-8 → a file
/// mixing UTF-8 lines with legacy-encoded ones (decoded line by line) →
/// chardetng with the `cn` hint (GBK is decoded as its superset GB18030). A
/// UTF-8 BOM in front of bytes that are not UTF-8 is reported and ignored.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let rest = &bytes[bom_len..];
        if enc == encoding_rs::UTF_8 && std::str::from_utf8(rest).is_err() {
            let mut d = decode_unmarked(rest);
            d.notes.insert(
                0,
                (
                    "text.wrong_bom",
                    format!(
                        "the file starts with a UTF-8 byte-order mark but is not UTF-8; decoded as {}",
                        d.encoding
                    ),
                ),
            );
            return d;
        }
        let (text, _) = enc.decode_without_bom_handling(rest);
        return Decoded::new(text.into_owned(), label(enc));
    }
    decode_unmarked(bytes)
}

fn decode_unmarked(bytes: &[u8]) -> Decoded {
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Decoded::new(text.into_owned(), label(enc));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded::new(s.to_string(), "UTF-8");
    }
    if mostly_utf8(bytes) {
        return Decoded::new(String::from_utf8_lossy(bytes).into_owned(), "UTF-8");
    }
    if let Some(d) = decode_mixed(bytes) {
        return d;
    }
    let enc = guess_legacy(bytes);
    let (text, _, _) = enc.decode(bytes);
    Decoded::new(text.into_owned(), label(enc))
}

/// The legacy encoding chardetng picks with the Chinese hint (GBK → GB18030).
fn guess_legacy(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    if enc == encoding_rs::GBK || enc == encoding_rs::UTF_8 {
        encoding_rs::GB18030
    } else {
        enc
    }
}

/// UTF-8 with a few stray invalid bytes (a damaged download, a cut
/// character): decoding it all as a legacy encoding would garble every line,
/// so keep UTF-8 and let the invalid bytes become U+FFFD (counted in a warning).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += chunk.invalid().len();
    }
    good >= 4 && bad <= 8.max(good / 100)
}

/// A file whose lines are partly UTF-8 and partly a legacy encoding (files
/// concatenated from two sources). Returns `None` unless both kinds of line
/// carry real non-ASCII text: a few stray invalid bytes in a UTF-8 file are
/// not a second encoding.
fn decode_mixed(bytes: &[u8]) -> Option<Decoded> {
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    let mut utf8_chars = 0usize;
    let mut legacy: Vec<u8> = Vec::new();
    for line in &lines {
        match std::str::from_utf8(line) {
            Ok(s) => utf8_chars += s.chars().filter(|c| !c.is_ascii()).count(),
            Err(_) => legacy.extend_from_slice(line),
        }
    }
    let legacy_high = legacy.iter().filter(|b| !b.is_ascii()).count();
    if utf8_chars < 4 || legacy_high < 8 {
        return None;
    }
    let enc = guess_legacy(&legacy);
    let (mut n_utf8, mut n_legacy) = (0usize, 0usize);
    let mut text = String::with_capacity(bytes.len());
    for line in &lines {
        match std::str::from_utf8(line) {
            Ok(s) => {
                n_utf8 += 1;
                text.push_str(s);
            }
            Err(_) => {
                n_legacy += 1;
                text.push_str(&enc.decode_without_bom_handling(line).0);
            }
        }
    }
    let mut d = Decoded::new(text, &format!("UTF-8+{}", label(enc)));
    d.notes.push((
        "text.mixed_encodings",
        format!(
            "mixed encodings: {n_utf8} line(s) decoded as UTF-8 and {n_legacy} as {}",
            label(enc)
        ),
    ));
    Some(d)
}

/// Binary data rather than text: control bytes other than tab, newline,
/// carriage return, form feed and escape (NUL padding aside) are rare in
/// text in any encoding but make up about a tenth of random bytes.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if encoding_rs::Encoding::for_bom(bytes).is_some() || utf16_without_bom(bytes).is_some() {
        return false;
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let controls = sample
        .iter()
        .filter(|&&b| {
            (b < 0x20 && !matches!(b, 0 | b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)) || b == 0x7F
        })
        .count();
    sample.len() >= 64 && controls * 50 > sample.len()
}

/// The encoding's conventional name as recorded in `source.encoding`
/// ("GB18030", not the WHATWG label "gb18030").
fn label(enc: &'static encoding_rs::Encoding) -> &'static str {
    match enc.name() {
        "gb18030" => "GB18030",
        "GBK" => "GBK",
        "Big5" => "Big5",
        other => other,
    }
}

/// UTF-16 without a BOM: ASCII-range characters leave a zero byte in every
/// other position, and CJK text never has zero bytes in UTF-8 or GB18030.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 20 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let (mut even_zero, mut odd_zero) = (0usize, 0usize);
    for (i, b) in sample.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even_zero += 1;
            } else {
                odd_zero += 1;
            }
        }
    }
    let pairs = sample.len() / 2;
    // Newlines and spaces alone give a few zero bytes per line; require them on
    // one side only and a meaningful share.
    if odd_zero * 10 >= pairs && even_zero * 20 < odd_zero {
        return Some(encoding_rs::UTF_16LE);
    }
    if even_zero * 10 >= pairs && odd_zero * 20 < even_zero {
        return Some(encoding_rs::UTF_16BE);
    }
    None
}

fn strip_nul(s: String) -> String {
    if s.contains('\0') {
        s.replace('\0', "")
    } else {
        s
    }
}

// ---------------------------------------------------------------------------
// Lines → blocks
// ---------------------------------------------------------------------------

struct Line<'a> {
    no: u32,
    text: &'a str,
}

/// The blocks of a decoded text. Fails only on a limit: the time budget
/// (checked every few thousand lines) or `max-cells`.
fn blocks(text: &str) -> Result<Vec<Block>> {
    let count = line_count(text);
    if count > limits::MAX_LINES {
        return Err(limits::exceeded(
            "max-lines",
            format!("the text has {count} lines (at most {})", limits::MAX_LINES),
        ));
    }
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| Line {
            no: i as u32 + 1,
            text: l.strip_suffix('\r').unwrap_or(l),
        })
        .collect();
    // Prose set in two columns side by side is read a column at a time.
    let lines = columns::unfold(&lines).unwrap_or(lines);
    let folios = folios(&lines);
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // Every line: a line that starts a Tika-like group is parsed to the
        // end of its run, so a run that never makes a table costs its length
        // at each of its lines.
        limits::check()?;
        let line = &lines[i];
        // A lone tab is an empty cell when a Tika table starts with one.
        if (line.text.trim().is_empty() && line.text != "\t") || folios.binary_search(&i).is_ok() {
            i += 1;
            continue;
        }
        if let Some((table, next)) = tika_table(&lines, i)? {
            limits::count(
                Counted::Cells,
                table.rows.iter().map(|r| r.cells.len()).sum(),
            )?;
            out.push(Block::Table(table));
            i = next;
            continue;
        }
        if line.text.trim().is_empty() {
            i += 1;
            continue;
        }
        if is_tab_row(line.text) {
            let start = i;
            let mut rows = Vec::new();
            while i < lines.len() {
                if is_tab_row(lines[i].text) {
                    let row = tab_row(&lines[i])?;
                    if !is_rule_row(&row) {
                        rows.push(row);
                    }
                    i += 1;
                    continue;
                }
                // Rows of empty cells inside a grid (a form's blank lines,
                // as `jixiao text` writes them: tabs only) belong to it
                // when a row with content follows; after the last such row
                // they are nothing, and the table ends.
                let blank = |t: &str| t.contains('\t') && t.trim().is_empty();
                let mut j = i;
                while j < lines.len() && blank(lines[j].text) {
                    j += 1;
                }
                if j == i || j == lines.len() || !is_tab_row(lines[j].text) {
                    break;
                }
                for line in &lines[i..j] {
                    rows.push(tab_row(line)?);
                }
                i = j;
            }
            if !rows.is_empty() {
                out.push(Block::Table(RawTable {
                    rows,
                    span: Span::lines(lines[start].no, lines[i - 1].no),
                }));
            }
            continue;
        }
        // A paragraph: one line, or several joined by markdown hard breaks
        // (two trailing spaces or a trailing backslash).
        let start = i;
        let mut text = String::new();
        loop {
            let raw = lines[i].text;
            let hard_break = raw.ends_with("  ") || raw.ends_with('\\');
            let piece = raw.trim_end().trim_end_matches('\\');
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(piece);
            i += 1;
            if !hard_break
                || i >= lines.len()
                || lines[i].text.trim().is_empty()
                || is_tab_row(lines[i].text)
            {
                break;
            }
        }
        if let Some(p) = paragraph(&text, Span::lines(lines[start].no, lines[i - 1].no)) {
            limits::count(Counted::Paragraphs, 1)?;
            out.push(Block::Paragraph(p));
        }
    }
    Ok(out)
}

/// The page numbers of text converted from a PDF page by page (pdftotext's
/// output: a form feed opens each page's first line): a line that reads as a
/// page number ("3", "- 3 -", "第 3 页") just before or just after a page
/// break. Left in, it is read as a paragraph, and a sentence cut by the page
/// runs on through it ("增长" | "3" | "17.31%" read as "增长317.31%").
fn folios(lines: &[Line]) -> Vec<usize> {
    use crate::ingest::is_page_number;
    let mut out = Vec::new();
    let folio = |k: usize| !lines[k].text.contains('\t') && is_page_number(lines[k].text);
    for (k, line) in lines.iter().enumerate() {
        if !line.text.starts_with('\u{c}') {
            continue;
        }
        // The last line with text before the break (the footer)…
        if let Some(before) = (0..k).rev().find(|&j| !lines[j].text.trim().is_empty())
            && folio(before)
        {
            out.push(before);
        }
        // …and the first after it (the header).
        if let Some(after) = (k..lines.len()).find(|&j| !lines[j].text.trim().is_empty())
            && folio(after)
        {
            out.push(after);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Lines in a text (newlines + 1).
fn line_count(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count() + 1
}

fn is_tab_row(line: &str) -> bool {
    line.contains('\t') && !line.trim().is_empty()
}

/// A tab-separated row; its cells count against `max-cells` before they
/// are made, so a line of millions of cells fails without holding them.
fn tab_row(line: &Line) -> Result<RawRow> {
    limits::count(Counted::Cells, line.text.matches('\t').count() + 1)?;
    let cells = line
        .text
        .split('\t')
        .map(|c| RawCell::new(clean_html(c)))
        .collect();
    Ok(RawRow {
        cells,
        is_header: false,
        span: Span::lines(line.no, line.no),
    })
}

/// Markdown table separator rows ("---|:--") carry no data.
fn is_rule_row(row: &RawRow) -> bool {
    row.cells.iter().any(|c| !c.text.is_empty())
        && row.cells.iter().all(|c| {
            c.text
                .chars()
                .all(|ch| matches!(ch, '-' | ':' | '|' | ' ' | '='))
        })
}

/// The Tika layout (Apache Tika's text of a DOCX table, from its
/// `XHTMLContentHandler`): a tab before each cell, a newline after each cell
/// paragraph, a blank line after each row and another after the table. So
/// within a row each cell is a line starting with exactly one tab ("\t" alone
/// is an empty cell: a vMerge continuation or a blank cell), a line without a
/// tab continues the cell above (a second paragraph), and two blank lines end
/// the table. A gridSpan cell comes once, so rows differ in length: a short
/// row's first cell is read as spanning, its other cells standing under the
/// rightmost columns (labels sit left, values right), the positions it
/// covers marked as merged into it.
fn tika_table(lines: &[Line], start: usize) -> Result<Option<(RawTable, usize)>> {
    fn is_cell_line(t: &str) -> bool {
        t.starts_with('\t') && !t[1..].contains('\t')
    }
    fn is_blank(t: &str) -> bool {
        !t.contains('\t') && t.trim().is_empty()
    }
    // Parse one group starting at `i` (a cell line); returns the row, the
    // index after the group (past trailing blank lines) and how many blank
    // lines followed it.
    fn group(lines: &[Line], mut i: usize) -> Option<(RawRow, usize, usize)> {
        if i >= lines.len() || !is_cell_line(lines[i].text) {
            return None;
        }
        let first = lines[i].no;
        let mut cells: Vec<String> = Vec::new();
        loop {
            if i < lines.len() && is_blank(lines[i].text) {
                // An empty paragraph inside a cell is a blank line too: one
                // blank line, then text without a tab running on into the next
                // cell of the same row, continues the cell above.
                match inner_blank(lines, i) {
                    Some(n) if !cells.is_empty() => i = n,
                    _ => break,
                }
            }
            if i >= lines.len() {
                break;
            }
            let t = lines[i].text;
            if is_cell_line(t) {
                cells.push(t[1..].trim().to_string());
            } else if t.contains('\t') {
                return None;
            } else {
                let last = cells.last_mut()?;
                if !last.is_empty() {
                    last.push('\n');
                }
                last.push_str(t.trim());
            }
            i += 1;
        }
        let last = lines[i - 1].no;
        let mut blanks = 0;
        while i < lines.len() && is_blank(lines[i].text) {
            i += 1;
            blanks += 1;
        }
        let cells = cells.iter().map(|c| RawCell::new(clean_html(c))).collect();
        Some((
            RawRow {
                cells,
                is_header: false,
                span: Span::lines(first, last),
            },
            i,
            blanks,
        ))
    }
    // A blank line at `i` inside a row: one blank line, tab-less text lines,
    // then a cell line. Returns the index of the text after the blank.
    fn inner_blank(lines: &[Line], i: usize) -> Option<usize> {
        let text = i + 1;
        let mut j = text;
        while j < lines.len() && !lines[j].text.contains('\t') && !lines[j].text.trim().is_empty() {
            j += 1;
        }
        (j > text && j < lines.len() && is_cell_line(lines[j].text)).then_some(text)
    }
    let Some((row, mut next, mut blanks)) = group(lines, start) else {
        return Ok(None);
    };
    // Groups with one blank line between them chain into one table: a run
    // of them is bounded by `max-cells` while it is read, not after.
    let room = limits::room(Counted::Cells);
    let mut cells = row.cells.len();
    let mut rows = vec![row];
    while blanks < 2 {
        let Some((row, n, b)) = group(lines, next) else {
            break;
        };
        cells += row.cells.len();
        if cells > room {
            limits::count(Counted::Cells, cells)?;
        }
        rows.push(row);
        next = n;
        blanks = b;
    }
    // One-cell groups are indented paragraphs unless many rows agree.
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let multi = rows.iter().filter(|r| r.cells.len() >= 2).count();
    if rows.len() < 2 || (width >= 2 && multi * 2 < rows.len()) || (width < 2 && rows.len() < 3) {
        return Ok(None);
    }
    // Rows of other lengths: the first cell spans what the row lacks.
    for (ri, row) in rows.iter_mut().enumerate() {
        let missing = width - row.cells.len();
        if missing == 0 || row.cells.is_empty() {
            continue;
        }
        row.cells[0].col_span = 1 + missing as u32;
        let pad = (0..missing).map(|_| RawCell {
            merged_from: Some((ri as u32, 0)),
            ..RawCell::new("")
        });
        row.cells.splice(1..1, pad);
    }
    let span = Span::lines(
        rows[0].span.line.unwrap_or(0),
        rows.last()
            .and_then(|r| r.span.line_end.or(r.span.line))
            .unwrap_or(0),
    );
    Ok(Some((RawTable { rows, span }, next)))
}

/// Turn one paragraph line into a RawParagraph: markdown syntax becomes style
/// hints, HTML fragments are removed. Returns None for lines with no text
/// (rules like `---`).
fn paragraph(raw: &str, span: Span) -> Option<RawParagraph> {
    let mut style = StyleHints::default();
    let trimmed = raw.trim_start();
    if trimmed.len() < raw.len() {
        style.indent = raw[..raw.len() - trimmed.len()].to_string();
    }
    let mut text = raw.trim();
    if text
        .chars()
        .all(|c| matches!(c, '-' | '*' | '_' | '=' | ' '))
    {
        return None;
    }
    let hashes = text.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && text[hashes..].starts_with([' ', '\t']) {
        style.outline_level = Some(hashes as u8);
        text = text[hashes..].trim();
    }
    // Bullets: "- ", "* ", "+ " before the text.
    for bullet in ["- ", "* ", "+ ", "• "] {
        if let Some(rest) = text.strip_prefix(bullet) {
            text = rest.trim_start();
            break;
        }
    }
    let mut owned = clean_html(text);
    if owned.starts_with("**") && owned.ends_with("**") && owned.len() > 4 {
        style.bold = true;
    }
    // (Copied only when there is something to remove: a paragraph can be
    // the whole of a large file.)
    for mark in ["**", "__"] {
        if owned.contains(mark) {
            owned = owned.replace(mark, "");
        }
    }
    let owned = if owned.trim().len() == owned.len() {
        owned
    } else {
        owned.trim().to_string()
    };
    if owned.is_empty() {
        return None;
    }
    Some(RawParagraph {
        text: owned,
        style,
        span,
    })
}

/// Remove HTML fragments from exported text, keeping line structure:
/// `<br>`, `</p>`, `</li>`, `</div>` and `</tr>` become line breaks, other tags
/// vanish, and the common entities are decoded.
pub fn clean_html(s: &str) -> String {
    if !s.contains('<') && !s.contains('&') {
        return s.trim().to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        // A tag is '<' followed by a letter, '/' or '!' and closed by '>'.
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        // The '>' is looked for only after a tag's start; when there is none
        // left, no later '<' can open a tag either (linear on any input).
        let gt = if is_tag { after.find('>') } else { None };
        if is_tag && gt.is_none() {
            out.push('<');
            out.push_str(after);
            rest = "";
            break;
        }
        match (is_tag, gt) {
            (true, Some(gt)) => {
                let tag = after[..gt].trim_start_matches('/').to_ascii_lowercase();
                let name: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                let closing = after.starts_with('/');
                let breaks = matches!(name.as_str(), "br")
                    || (closing && matches!(name.as_str(), "p" | "li" | "div" | "tr"));
                if breaks && !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                rest = &after[gt + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = decode_entities(&out);
    // Tidy: trim each line, drop empty lines.
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        // Look for the ';' only where an entity could end: a text full of
        // '&' and no ';' stays linear.
        let semi = after.bytes().take(11).position(|b| b == b';');
        let decoded = semi.and_then(|i| {
            let name = &after[..i];
            let ch = match name {
                "nbsp" | "ensp" | "emsp" => Some(' '),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => {
                    name[1..].parse::<u32>().ok().and_then(char::from_u32)
                }
                _ => None,
            };
            ch.map(|c| (c, i))
        });
        match decoded {
            Some((c, i)) => {
                out.push(c);
                rest = &after[i + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(blocks: &[Block]) -> Vec<&str> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.as_str()),
                _ => None,
            })
            .collect()
    }

    fn dec(bytes: &[u8]) -> (String, String) {
        let d = decode(bytes);
        (d.text, d.encoding)
    }

    fn pair(s: &str, enc: &str) -> (String, String) {
        (s.to_string(), enc.to_string())
    }

    #[test]
    fn decodes_utf8_bom_utf16_and_gb18030() {
        let s = "一、部门概况\n年初预算 1,848.26 万元\n";
        assert_eq!(dec(s.as_bytes()), pair(s, "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(dec(&bom).0, s);
        let (gb, _, _) = encoding_rs::GB18030.encode(s);
        assert_eq!(dec(&gb), pair(s, "GB18030"));
        let le: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend_from_slice(&le);
        assert_eq!(dec(&le_bom), pair(s, "UTF-16LE"));
        let ascii_heavy = "Table 1\t2024\t1,848.26\n一、概况 budget 100\n";
        let le: Vec<u8> = ascii_heavy
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(dec(&le), pair(ascii_heavy, "UTF-16LE"));
        let be: Vec<u8> = ascii_heavy
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(dec(&be), pair(ascii_heavy, "UTF-16BE"));
    }

    #[test]
    fn invalid_utf8_falls_back_to_detection() {
        let (gb, _, _) =
            encoding_rs::GB18030.encode("部门整体支出绩效自评报告，预算执行率为百分之百。");
        let d = decode(&gb);
        assert_eq!(d.encoding, "GB18030");
        assert!(d.text.starts_with("部门整体"));
        assert!(d.notes.is_empty());
    }

    #[test]
    fn a_lying_utf8_bom_is_reported() {
        let (gb, _, _) =
            encoding_rs::GBK.encode("部门整体支出绩效自评报告，预算执行率为百分之百。");
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(&gb);
        let d = decode(&bytes);
        assert!(d.text.starts_with("部门整体"), "{}", d.text);
        assert_eq!(d.notes[0].0, "text.wrong_bom");
    }

    #[test]
    fn mixed_utf8_and_gbk_lines_are_decoded_each_in_its_own_encoding() {
        let mut bytes = "一、项目概况\n预算资金为100.00万元。\n".as_bytes().to_vec();
        bytes.extend_from_slice(&encoding_rs::GBK.encode("二、绩效目标\n完成率达到95%。\n").0);
        let d = decode(&bytes);
        assert_eq!(
            d.text,
            "一、项目概况\n预算资金为100.00万元。\n二、绩效目标\n完成率达到95%。\n"
        );
        assert_eq!(d.encoding, "UTF-8+GB18030");
        assert_eq!(d.notes[0].0, "text.mixed_encodings");
        // A few stray bytes in a UTF-8 file are not a second encoding.
        let mut stray = "一、项目概况\n预算资金为100.00万元。\n".as_bytes().to_vec();
        stray.extend_from_slice(&[0xFF, b'\n']);
        assert_eq!(decode(&stray).notes.len(), 0);
    }

    #[test]
    fn binary_data_is_not_text_but_nul_padding_is() {
        let random: Vec<u8> = (0u32..4096)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(looks_binary(&random));
        assert!(!looks_binary(
            "一、概况\0\0\n正文\t1.00\r\n".repeat(20).as_bytes()
        ));
        assert!(matches!(read(&random), Err(Error::NotFormat { .. })));
        assert!(matches!(read(b"  \n\n\t\n"), Err(Error::NoText(_))));
    }

    #[test]
    fn tab_rows_make_one_table_and_markdown_is_stripped() {
        let b = blocks("## **一、考核对象**\n\n项目\t金额\n合计\t1.00\n---\t---\n\n- (1) 第一项\n")
            .expect("no limit");
        assert_eq!(b.len(), 3);
        match &b[0] {
            Block::Paragraph(p) => {
                assert_eq!(p.text, "一、考核对象");
                assert_eq!(p.style.outline_level, Some(2));
                assert!(p.style.bold);
            }
            _ => panic!("heading expected"),
        }
        match &b[1] {
            Block::Table(t) => {
                assert_eq!(t.rows.len(), 2, "markdown rule row dropped");
                assert_eq!(t.rows[1].cells[1].text, "1.00");
                assert_eq!(t.span, Span::lines(3, 5));
            }
            _ => panic!("table expected"),
        }
        assert_eq!(paras(&b), vec!["一、考核对象", "(1) 第一项"]);
    }

    #[test]
    fn rows_of_empty_cells_inside_a_table_are_rows_and_after_it_are_nothing() {
        // A form's blank rows between its items and its 总计, as `jixiao
        // text` writes a PDF's grid: the 总计 row is still the table's.
        let b = blocks("项目\t金额\n一、支出\t5.00\n\t\n\t \n总计\t5.00\n\t\n\t\n\n后文。\n")
            .expect("no limit");
        assert_eq!(b.len(), 2);
        match &b[0] {
            Block::Table(t) => {
                let texts: Vec<&str> = t.rows.iter().map(|r| r.cells[0].text.as_str()).collect();
                assert_eq!(texts, ["项目", "一、支出", "", "", "总计"]);
                assert_eq!(t.span, Span::lines(1, 5));
            }
            _ => panic!("table expected"),
        }
        assert_eq!(paras(&b), vec!["后文。"]);
        // Tabs alone before a paragraph: the table ends at its last row.
        let b = blocks("项目\t金额\n合计\t1.00\n\t\t\n说明。\n").expect("no limit");
        assert!(matches!(&b[0], Block::Table(t) if t.rows.len() == 2));
        assert_eq!(paras(&b), vec!["说明。"]);
    }

    #[test]
    fn html_in_cells_becomes_lines() {
        assert_eq!(
            clean_html("<p>5. 负责噪声监督。</p> <p>6. 负责辐射检查。</p>"),
            "5. 负责噪声监督。\n6. 负责辐射检查。"
        );
        assert_eq!(
            clean_html("<ol style=\"list-style-type: none\">负责综合协调&nbsp;事务"),
            "负责综合协调 事务"
        );
        assert_eq!(clean_html("a<br/>b &lt; c &#x4E00;"), "a\nb < c 一");
        assert_eq!(clean_html("x < 5 and y"), "x < 5 and y");
    }

    fn first_table(b: &[Block]) -> &RawTable {
        b.iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .expect("table")
    }

    #[test]
    fn tika_layout_cells_per_line() {
        let text =
            "表 1\n\n\t项目\n\t金额\n\n\t人员经费\n\t1.00\n\n\t公用\n经费\n\t2.00\n\n后文。\n";
        let b = blocks(text).expect("no limit");
        let t = first_table(&b);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[2].cells[0].text, "公用\n经费");
        assert_eq!(t.rows[2].cells[1].text, "2.00");
        assert_eq!(paras(&b), vec!["表 1", "后文。"]);
    }

    #[test]
    fn tika_empty_cells_and_empty_paragraphs_stay_in_their_row() {
        // A tab-only line is an empty cell (a vMerge continuation or a blank
        // cell), also first in a row; an empty paragraph inside a cell gives a
        // blank line that does not end the row.
        let text = "\t一级指标\n\t二级指标\n\t分值\n\n\t产出指标\n\t数量指标\n\t20\n\n\t\n\t质量指标\n\t\n\n\t\n\t时效\n\n指标\n\t10\n\n\n正文。\n";
        let b = blocks(text).expect("no limit");
        let t = first_table(&b);
        let cells: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            cells,
            vec![
                vec!["一级指标", "二级指标", "分值"],
                vec!["产出指标", "数量指标", "20"],
                vec!["", "质量指标", ""],
                vec!["", "时效\n指标", "10"],
            ]
        );
        assert_eq!(paras(&b), vec!["正文。"]);
    }

    #[test]
    fn page_numbers_at_page_breaks_are_dropped() {
        // pdftotext: a form feed opens each page's first line. The footer
        // "3" and the header "- 4 -" go; a number in the body stays, and so
        // does a line at a break that is more than a page number.
        let text = "总计 24458.43 万元，增长\n\n\n                3\n\u{c}17.31%。主要原因是调资。\n\n2023\n\n说明\n\n— 7 —\n\u{c}- 4 -\n正文。\n\u{c}";
        let b = blocks(text).expect("no limit");
        assert_eq!(
            paras(&b),
            vec![
                "总计 24458.43 万元，增长",
                "17.31%。主要原因是调资。",
                "2023",
                "说明",
                "正文。"
            ]
        );
        let b = blocks("第一页。\n\u{c}一、概况\n").expect("no limit");
        assert_eq!(paras(&b), vec!["第一页。", "一、概况"]);
    }

    #[test]
    fn hard_breaks_join_lines() {
        let b = blocks("附件：2022 年度考核  \n工作目标考核事项表\n下一段\n").expect("no limit");
        assert_eq!(
            paras(&b),
            vec!["附件：2022 年度考核\n工作目标考核事项表", "下一段"]
        );
    }
}
