//! Plain-text reader: detects the encoding, then reads the layouts that text
//! exports of reports use:
//! - paragraphs, one per line (blank lines between or not), with markdown
//!   headings (`#`), emphasis (`**`), bullets (`- `) and rules (`---`);
//! - tables as one row per line with tab-separated cells (empty cells for
//!   merged ones), cells possibly holding HTML fragments (`<p>`, `<ol>`, `<br>`);
//! - tables as one cell per line, each line starting with a tab, rows separated
//!   by blank lines, and multi-line cells continuing on lines without a tab (the
//!   layout Apache Tika gives for DOCX tables).

use crate::error::Result;
use crate::model::{Block, Ingested, RawCell, RawParagraph, RawRow, RawTable, Span, StyleHints};

/// Decode and read a text file.
pub fn read(bytes: &[u8]) -> Result<Ingested> {
    let (text, encoding) = decode(bytes);
    let mut ingested = Ingested {
        blocks: blocks(&text),
        encoding: Some(encoding.to_string()),
        ..Default::default()
    };
    if text.contains('\u{FFFD}') {
        let n = text.chars().filter(|&c| c == '\u{FFFD}').count();
        ingested.warnings.push(crate::model::Warning {
            kind: "text.invalid_bytes".into(),
            message: format!("{n} byte sequence(s) invalid in {encoding} were replaced by U+FFFD"),
            location: None,
        });
    }
    Ok(ingested)
}

// ---------------------------------------------------------------------------
// Encoding detection
// ---------------------------------------------------------------------------

/// Decode bytes in whatever Chinese encoding they are in. Returns the text and
/// the name of the encoding detected.
///
/// Order: BOM → UTF-16 by the position of zero bytes → strict UTF-8 →
/// chardetng with the `cn` hint (GBK is decoded as its superset GB18030).
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (strip_nul(text.into_owned()), label(enc));
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return (strip_nul(text.into_owned()), label(enc));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (strip_nul(s.to_string()), "UTF-8");
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let mut enc = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    if enc == encoding_rs::GBK {
        enc = encoding_rs::GB18030;
    }
    let (text, _, _) = enc.decode(bytes);
    (strip_nul(text.into_owned()), label(enc))
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

fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| Line {
            no: i as u32 + 1,
            text: l.strip_suffix('\r').unwrap_or(l),
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.text.trim().is_empty() {
            i += 1;
            continue;
        }
        if let Some((table, next)) = tika_table(&lines, i) {
            out.push(Block::Table(table));
            i = next;
            continue;
        }
        if is_tab_row(line.text) {
            let start = i;
            let mut rows = Vec::new();
            while i < lines.len() && is_tab_row(lines[i].text) {
                let row = tab_row(&lines[i]);
                if !is_rule_row(&row) {
                    rows.push(row);
                }
                i += 1;
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
            out.push(Block::Paragraph(p));
        }
    }
    out
}

fn is_tab_row(line: &str) -> bool {
    line.contains('\t') && !line.trim().is_empty()
}

fn tab_row(line: &Line) -> RawRow {
    let cells = line
        .text
        .split('\t')
        .map(|c| RawCell::new(clean_html(c)))
        .collect();
    RawRow {
        cells,
        is_header: false,
        span: Span::lines(line.no, line.no),
    }
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

/// The Tika layout: within a group of lines between blank lines, each cell is a
/// line starting with exactly one tab (no other tab), continuation lines have no
/// tab. A table is a run of at least two such groups with the same cell count
/// (or one group of at least two cells directly followed by another).
fn tika_table(lines: &[Line], start: usize) -> Option<(RawTable, usize)> {
    fn is_cell_line(t: &str) -> bool {
        t.starts_with('\t') && !t[1..].contains('\t')
    }
    // Parse one group starting at `i` (a non-blank line); returns the row and the
    // index after the group (past trailing blank lines).
    fn group(lines: &[Line], mut i: usize) -> Option<(RawRow, usize)> {
        if i >= lines.len() || !is_cell_line(lines[i].text) {
            return None;
        }
        let first = lines[i].no;
        let mut cells: Vec<String> = Vec::new();
        while i < lines.len() && !lines[i].text.trim().is_empty() {
            let t = lines[i].text;
            if is_cell_line(t) {
                cells.push(t[1..].trim().to_string());
            } else if t.contains('\t') {
                return None;
            } else {
                let last = cells.last_mut()?;
                last.push('\n');
                last.push_str(t.trim());
            }
            i += 1;
        }
        let last = lines[i - 1].no;
        while i < lines.len() && lines[i].text.trim().is_empty() {
            i += 1;
        }
        let cells = cells.iter().map(|c| RawCell::new(clean_html(c))).collect();
        Some((
            RawRow {
                cells,
                is_header: false,
                span: Span::lines(first, last),
            },
            i,
        ))
    }
    let (row, mut next) = group(lines, start)?;
    let width = row.cells.len();
    let mut rows = vec![row];
    while let Some((row, n)) = group(lines, next) {
        rows.push(row);
        next = n;
    }
    // One-cell groups are indented paragraphs unless many rows agree.
    let consistent = rows.iter().filter(|r| r.cells.len() == width).count();
    if rows.len() < 2 || consistent * 2 < rows.len() || (width < 2 && rows.len() < 3) {
        return None;
    }
    let span = Span::lines(
        rows[0].span.line.unwrap_or(0),
        rows.last()
            .and_then(|r| r.span.line_end.or(r.span.line))
            .unwrap_or(0),
    );
    Some((RawTable { rows, span }, next))
}

/// Turn one paragraph line into a RawParagraph: markdown syntax becomes style
/// hints, HTML fragments are removed. Returns None for lines with no text
/// (rules like `---`).
fn paragraph(raw: &str, span: Span) -> Option<RawParagraph> {
    let mut style = StyleHints::default();
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
    owned = owned.replace("**", "").replace("__", "");
    let owned = owned.trim().to_string();
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
        match (is_tag, after.find('>')) {
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
        let semi = after.find(';').filter(|&i| i <= 10);
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

    #[test]
    fn decodes_utf8_bom_utf16_and_gb18030() {
        let s = "一、部门概况\n年初预算 1,848.26 万元\n";
        assert_eq!(decode(s.as_bytes()), (s.to_string(), "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(&bom).0, s);
        let (gb, _, _) = encoding_rs::GB18030.encode(s);
        assert_eq!(decode(&gb), (s.to_string(), "gb18030"));
        let le: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend_from_slice(&le);
        assert_eq!(decode(&le_bom), (s.to_string(), "UTF-16LE"));
        let ascii_heavy = "Table 1\t2024\t1,848.26\n一、概况 budget 100\n";
        let le: Vec<u8> = ascii_heavy
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&le), (ascii_heavy.to_string(), "UTF-16LE"));
        let be: Vec<u8> = ascii_heavy
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&be), (ascii_heavy.to_string(), "UTF-16BE"));
    }

    #[test]
    fn invalid_utf8_falls_back_to_detection() {
        let (gb, _, _) =
            encoding_rs::GB18030.encode("部门整体支出绩效自评报告，预算执行率为百分之百。");
        let (text, enc) = decode(&gb);
        assert_eq!(enc, "gb18030");
        assert!(text.starts_with("部门整体"));
    }

    #[test]
    fn tab_rows_make_one_table_and_markdown_is_stripped() {
        let b = blocks("## **一、考核对象**\n\n项目\t金额\n合计\t1.00\n---\t---\n\n- (1) 第一项\n");
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

    #[test]
    fn tika_layout_cells_per_line() {
        let text =
            "表 1\n\n\t项目\n\t金额\n\n\t人员经费\n\t1.00\n\n\t公用\n经费\n\t2.00\n\n后文。\n";
        let b = blocks(text);
        let t = b
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .expect("table");
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[2].cells[0].text, "公用\n经费");
        assert_eq!(t.rows[2].cells[1].text, "2.00");
        assert_eq!(paras(&b), vec!["表 1", "后文。"]);
    }

    #[test]
    fn hard_breaks_join_lines() {
        let b = blocks("附件：2022 年度考核  \n工作目标考核事项表\n下一段\n");
        assert_eq!(
            paras(&b),
            vec!["附件：2022 年度考核\n工作目标考核事项表", "下一段"]
        );
    }
}
