//! output: serialises the model — document JSON, the plain-text view, the JSON
//! Schema, findings for people (`report`), the audit report as HTML pages
//! (`html/`), the tables as a spreadsheet (`xlsx`), and SQLite (with the
//! disclosures' `facts`). `layout` is the merged-cell grid the HTML and the
//! spreadsheet share.

pub mod facts;
pub mod html;
pub mod layout;
pub mod report;
pub mod sqlite;
pub mod xlsx;

use std::io::Write;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::limits;
use crate::model::{BodyItem, Document, Section, Table};

/// The document as one JSON line, built in memory: fails with
/// `max-json-bytes` past [`limits::MAX_JSON_BYTES`], and on the time budget.
/// The bytes are UTF-8 as serde_json wrote them; they are kept as bytes
/// because every consumer (stdout, the database's `json` text, the
/// re-indented file) takes bytes, and checking them again cost a twentieth
/// of the database's share of a batch.
pub fn to_json_line(doc: &Document) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    write_json(doc, &mut buf, false, Some(limits::MAX_JSON_BYTES))?;
    Ok(buf)
}

/// Stream the document as JSON (pretty or one line) into `w`, checking the
/// time budget as it goes: a document too large to hold as JSON in memory
/// is written piece by piece. `max` bounds the bytes written (None: no bound).
pub fn write_json<W: Write>(doc: &Document, w: W, pretty: bool, max: Option<usize>) -> Result<()> {
    limits::stage("output");
    let mut g = Guarded {
        inner: w,
        written: 0,
        unchecked: 0,
        max,
        error: None,
    };
    let r = if pretty {
        doc.serialize(&mut serde_json::Serializer::with_formatter(
            &mut g,
            Indented::default(),
        ))
    } else {
        serde_json::to_writer(&mut g, doc)
    };
    let r = r.and_then(|()| g.flush().map_err(serde_json::Error::io));
    match (r, g.error) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(e)) => Err(e),
        (Err(e), None) => Err(Error::Io(std::io::Error::new(
            e.io_error_kind().unwrap_or(std::io::ErrorKind::Other),
            format!("cannot write the JSON: {e}"),
        ))),
    }
}

/// Write compact JSON (as `to_json_line` makes it: no whitespace outside
/// strings) pretty-printed, byte for byte as `serde_json`'s pretty printer
/// would have written the same value (two-space indent, `"key": value`,
/// `[]`/`{}` for empty containers). A batch that needs both the JSON line
/// (`--db`, `--jsonl`) and the JSON file serialises the document once and
/// re-indents the line for the file: a pass over bytes instead of a second
/// walk of the model, which cost twice as much as the line itself.
pub fn write_pretty_from_compact<W: Write>(compact: &[u8], mut w: W) -> std::io::Result<()> {
    // Built in a buffer handed to `w` every 64 KiB: one write per chunk, not
    // one per token.
    const CHUNK: usize = 1 << 16;
    let mut out: Vec<u8> = Vec::with_capacity(CHUNK + 4096);
    let mut depth = 0usize;
    let mut i = 0;
    while i < compact.len() {
        let c = compact[i];
        match c {
            b'"' => {
                // The string, escapes included, is copied as it is: its end
                // is the first quote not escaped (found a block at a time;
                // most of a report's JSON is long Chinese strings).
                let start = i;
                i += 1;
                loop {
                    match memchr::memchr2(b'"', b'\\', &compact[i..]) {
                        Some(k) if compact[i + k] == b'\\' => i = (i + k + 2).min(compact.len()),
                        Some(k) => {
                            i += k;
                            break;
                        }
                        None => {
                            i = compact.len();
                            break;
                        }
                    }
                }
                i = (i + 1).min(compact.len());
                out.extend_from_slice(&compact[start..i]);
            }
            b'{' | b'[' => {
                out.push(c);
                let close = if c == b'{' { b'}' } else { b']' };
                if compact.get(i + 1) == Some(&close) {
                    out.push(close);
                    i += 2;
                } else {
                    depth += 1;
                    newline(&mut out, depth)?;
                    i += 1;
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth)?;
                out.push(c);
                i += 1;
            }
            b',' => {
                out.push(b',');
                newline(&mut out, depth)?;
                i += 1;
            }
            b':' => {
                out.extend_from_slice(b": ");
                i += 1;
            }
            _ => {
                // A number or a literal: up to the next structural byte.
                let start = i;
                while i < compact.len() && !matches!(compact[i], b',' | b':' | b'}' | b']' | b'"') {
                    i += 1;
                }
                out.extend_from_slice(&compact[start..i]);
            }
        }
        if out.len() >= CHUNK {
            w.write_all(&out)?;
            out.clear();
        }
    }
    w.write_all(&out)
}

/// A newline and the indent of `depth` levels, copied from one run of
/// spaces rather than written a level at a time.
fn newline<W: ?Sized + Write>(w: &mut W, depth: usize) -> std::io::Result<()> {
    const INDENT: [u8; 129] = {
        let mut a = [b' '; 129];
        a[0] = b'\n';
        a
    };
    match INDENT.get(..1 + 2 * depth) {
        Some(run) => w.write_all(run),
        None => {
            w.write_all(b"\n")?;
            (0..depth).try_for_each(|_| w.write_all(b"  "))
        }
    }
}

/// serde_json's pretty layout (two-space indent, `"key": value`, `[]`/`{}`
/// for empty containers), byte for byte, with each line break and its
/// indent written in one call: `PrettyFormatter` writes the indent a level
/// at a time, which was more than half the instructions of writing a
/// document's JSON file.
#[derive(Default)]
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn line<W: ?Sized + Write>(&self, w: &mut W, comma: bool) -> std::io::Result<()> {
        if comma {
            w.write_all(b",")?;
        }
        newline(w, self.depth)
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, !first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, !first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// A writer that checks the time budget every 64 KiB and stops past `max`
/// bytes, keeping the reason (serde_json only passes an io::Error along).
struct Guarded<W> {
    inner: W,
    written: usize,
    unchecked: usize,
    max: Option<usize>,
    error: Option<Error>,
}

impl<W: Write> Guarded<W> {
    /// Count `n` more bytes; fails past `max` or when the time budget is
    /// spent (looked at every 64 KiB).
    #[inline]
    fn account(&mut self, n: usize) -> std::io::Result<()> {
        self.written += n;
        self.unchecked += n;
        if self.unchecked >= 1 << 16 || self.max.is_some_and(|max| self.written > max) {
            return self.checkpoint();
        }
        Ok(())
    }

    #[cold]
    fn checkpoint(&mut self) -> std::io::Result<()> {
        if let Some(max) = self.max
            && self.written > max
        {
            self.error = Some(limits::exceeded(
                "max-json-bytes",
                format!("the document's JSON is larger than {max} bytes"),
            ));
            return Err(std::io::Error::other("limit"));
        }
        self.unchecked = 0;
        if let Err(e) = limits::check() {
            self.error = Some(e);
            return Err(std::io::Error::other("time budget"));
        }
        Ok(())
    }
}

impl<W: Write> Write for Guarded<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    // serde_json writes every token with `write_all`: one call per token,
    // so the default loop around `write` is not good enough here.
    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.account(buf.len())?;
        self.inner.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The JSON Schema of the document JSON, generated from the model types.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Document);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// The document's text in reading order: paragraphs separated by blank lines,
/// headings as written, tables as tab-separated rows under their caption.
pub fn render_text(doc: &Document) -> String {
    let mut out = String::new();
    for p in &doc.preamble {
        push_block(&mut out, &p.text);
    }
    // Tables before the first heading belong to no section body: print them
    // after the preamble so none is lost (budget disclosures are often only
    // tables).
    let mut placed = vec![false; doc.tables.len()];
    mark_placed(&doc.sections, &mut placed);
    for (t, _) in doc.tables.iter().zip(&placed).filter(|(_, p)| !**p) {
        render_table(&mut out, t);
    }
    if !doc.contents.is_empty() {
        push_block(&mut out, "目录");
        let lines: Vec<String> = doc
            .contents
            .iter()
            .map(|e| match e.page {
                Some(p) => format!("{}\t{}", e.text, p),
                None => e.text.clone(),
            })
            .collect();
        push_block(&mut out, &lines.join("\n"));
    }
    for s in &doc.sections {
        render_section(&mut out, s, doc);
    }
    out
}

/// A heading as it would be written: "一、概况", "（一）基本情况", "1、机构".
pub fn heading_text(s: &Section) -> String {
    match s.number.as_deref() {
        None => s.title.clone(),
        Some(_) if s.attachment => s.title.clone(),
        Some(n)
            if n.ends_with(['）', ')'])
                || n.starts_with('第')
                || n.chars().all(|c| ('①'..='⑳').contains(&c)) =>
        {
            format!("{n}{}", s.title)
        }
        Some(n) => format!("{n}、{}", s.title),
    }
}

fn mark_placed(sections: &[Section], placed: &mut [bool]) {
    for s in sections {
        for item in &s.body {
            if let BodyItem::Table { table } = item
                && let Some(p) = placed.get_mut(*table)
            {
                *p = true;
            }
        }
        mark_placed(&s.children, placed);
    }
}

fn render_section(out: &mut String, s: &Section, doc: &Document) {
    push_block(out, &heading_text(s));
    for item in &s.body {
        match item {
            BodyItem::Paragraph(p) => push_block(out, &p.text),
            BodyItem::Table { table } => {
                if let Some(t) = doc.tables.get(*table) {
                    render_table(out, t);
                }
            }
        }
    }
    for c in &s.children {
        render_section(out, c, doc);
    }
}

fn render_table(out: &mut String, t: &Table) {
    if let Some(c) = &t.caption {
        push_block(out, c);
    }
    let mut lines = Vec::new();
    // The unit line under the caption, as the source printed it: without
    // it the text read back has amounts in no unit (a caption that names
    // its unit already says it).
    if let Some(unit) = &t.unit
        && !t
            .caption
            .as_deref()
            .is_some_and(|c| c.contains(unit.as_str()))
    {
        lines.push(format!("单位：{unit}"));
    }
    let row_line = |row: &Vec<crate::model::Cell>| -> String {
        row.iter()
            .map(|c| c.text.replace(['\n', '\t'], " "))
            .collect::<Vec<String>>()
            .join("\t")
    };
    // The unit line and the header rows, written above each part.
    lines.extend(t.header.iter().map(row_line));
    let head = lines.clone();
    // (part_starts is in row order: walked once, not searched per row.)
    let mut starts = t.part_starts.iter().copied().peekable();
    for (i, row) in t.rows.iter().enumerate() {
        while starts.next_if(|&s| s < i).is_some() {}
        // A table the source split across pages is written part by part,
        // its caption, unit and header again above each, as the pages
        // print it: read back, the parts join again, and a merged label
        // cell cut by the page break ("过程(28)" printed on the next page
        // only) is still read as the source shows it, not as "same as
        // above". (Without header rows nothing would join them.)
        if i > 0 && !t.header.is_empty() && starts.next_if_eq(&i).is_some() {
            push_lines(out, &lines.join("\n"), |c| c == '\n' || c == '\r');
            if let Some(c) = &t.caption {
                push_block(out, c);
            }
            lines = head.clone();
        }
        lines.push(row_line(row));
    }
    // Rows keep their trailing tabs: a last row "合计" with empty cells
    // after it is still a row of the table when the text is read back.
    push_lines(out, &lines.join("\n"), |c| c == '\n' || c == '\r');
}

fn push_block(out: &mut String, text: &str) {
    push_lines(out, text, char::is_whitespace);
}

/// Append a block after a blank line, without the trailing characters `trim`.
fn push_lines(out: &mut String, text: &str, trim: impl Fn(char) -> bool) {
    if text.trim().is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(text.trim_end_matches(trim));
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_split_across_pages_is_written_part_by_part() {
        // A score sheet whose 一级指标 "过程(8)" is printed on the second page
        // only, though its first items (预算执行) end the first page.
        let head = "指标体系得分表\n\n一级指标\t二级指标\t三级指标\t权重分\t得分\n";
        let source = format!(
            "{head}决策(4)\t计划4\t规划\t2\t2\n\t\t计划\t2\t2\n\t预算执行4\t执行率\t2\t2\n\t\t调整率\t2\t1\n\n\
             {head}过程(8)\t预算管理4\t制度\t2\t2\n\t\t公开\t2\t2\n"
        );
        let doc = crate::extract_bytes(source.as_bytes(), "a.txt").expect("text");
        assert_eq!(doc.tables.len(), 1);
        assert_eq!(doc.tables[0].part_starts, [4]);
        assert!(doc.findings.is_empty(), "{:?}", doc.findings);
        let text = render_text(&doc);
        assert_eq!(text.matches("一级指标\t二级指标").count(), 2, "{text}");
        let back = crate::extract_bytes(text.as_bytes(), "b.txt").expect("text read back");
        assert_eq!(back.tables.len(), 1);
        assert_eq!(back.tables[0].part_starts, [4]);
        // Written as one block, the empty 一级指标 cells under 决策(4) would
        // read "same as above": 决策 would weigh 8.
        assert!(back.findings.is_empty(), "{:?}", back.findings);
    }

    #[test]
    fn text_keeps_a_tables_unit_and_its_rows_ends_so_it_reads_back_the_same() {
        let doc = crate::extract_bytes(
            "一、预算表\n\n收入预算总表 公开表二\n\n单位：万元\n\n项目\t金额\t备注\n一、拨款\t1.00\t\n\t\t\n合计\t\t\n".as_bytes(),
            "a.txt",
        )
        .expect("text");
        let text = render_text(&doc);
        assert!(
            text.contains("收入预算总表 公开表二\n\n单位：万元\n项目\t金额\t备注\n"),
            "{text}"
        );
        assert!(text.contains("\n合计\t\t\n"), "{text}");
        let back = crate::extract_bytes(text.as_bytes(), "b.txt").expect("text read back");
        let shape = |d: &Document| -> Vec<_> {
            d.tables
                .iter()
                .map(|t| (t.caption.clone(), t.unit.clone(), t.rows.len()))
                .collect()
        };
        assert_eq!(shape(&back), shape(&doc));
        assert_eq!(
            shape(&doc),
            [(
                Some("收入预算总表 公开表二".to_string()),
                Some("万元".to_string()),
                3
            )]
        );
        // A caption that names its unit gets no second unit line.
        let doc = crate::extract_bytes(
            "支出表（单位：万元）\n项目\t金额\n合计\t1.00\n".as_bytes(),
            "c.txt",
        )
        .expect("text");
        assert_eq!(doc.tables[0].unit.as_deref(), Some("万元"));
        assert!(!render_text(&doc).contains("\n单位："));
    }

    #[test]
    fn re_indenting_and_indented_give_serde_jsons_pretty_bytes() {
        let values = [
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!({"a": [], "b": {}, "c": [1, 2.5, -3e-7, null, true, false]}),
            serde_json::json!({"s": "引号\"和,冒号:{[括号]}\\", "n": [[[]], [{}], {"k": [{"x": "y"}]}]}),
            serde_json::json!("just a string, with: [brackets]"),
            serde_json::json!(12.5),
            serde_json::json!(["\\", "\\\"", "行\n\t\u{1}尾\\", "", "\""]),
        ];
        // Nesting deeper than the indent kept as one run of spaces.
        let mut deep = serde_json::json!({"leaf": "\"x\""});
        for level in 0..80 {
            deep = if level % 2 == 0 {
                serde_json::json!([deep, level])
            } else {
                serde_json::json!({ "k": deep })
            };
        }
        for v in values.into_iter().chain([deep]) {
            let mut direct = Vec::new();
            v.serialize(&mut serde_json::Serializer::with_formatter(
                &mut direct,
                Indented::default(),
            ))
            .unwrap();
            assert_eq!(
                String::from_utf8(direct).unwrap(),
                serde_json::to_string_pretty(&v).unwrap()
            );
            let compact = serde_json::to_vec(&v).unwrap();
            let mut out = Vec::new();
            write_pretty_from_compact(&compact, &mut out).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string_pretty(&v).unwrap()
            );
        }
    }

    #[test]
    fn re_indenting_a_cut_line_copies_what_is_there() {
        // The writer only gets serde_json's output, but a cut one (a string
        // without its closing quote, an escape at the very end) must not
        // make it fail or lose bytes.
        let compact = br#"{"s":["a\"b","c\\"],"n":1}"#;
        for end in 0..=compact.len() {
            let mut out = Vec::new();
            write_pretty_from_compact(&compact[..end], &mut out).unwrap();
            let kept: Vec<u8> = out.into_iter().filter(|b| !b" \n".contains(b)).collect();
            let cut: Vec<u8> = compact[..end]
                .iter()
                .copied()
                .filter(|b| *b != b' ')
                .collect();
            assert_eq!(kept, cut, "cut at {end}");
        }
    }

    #[test]
    fn re_indenting_a_fixture_documents_line_matches_the_pretty_file() {
        for name in [
            "nanjing-eco-2024.pdf",
            "lishui-assessment-2022.docx",
            "nanjing-land-2022.gb18030.txt",
        ] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/corpus")
                .join(name);
            let doc = crate::extract_path(&path).unwrap();
            let line = to_json_line(&doc).unwrap();
            let mut pretty = Vec::new();
            write_json(&doc, &mut pretty, true, None).unwrap();
            assert!(
                pretty == serde_json::to_vec_pretty(&doc).unwrap(),
                "{name}: the JSON file differs from serde_json's pretty layout"
            );
            let mut re = Vec::new();
            write_pretty_from_compact(&line, &mut re).unwrap();
            assert!(
                re == pretty,
                "{name}: re-indented line differs from the pretty JSON"
            );
        }
    }
}
