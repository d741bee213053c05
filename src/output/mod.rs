//! output: serialises the model — document JSON, the plain-text view, the JSON
//! Schema, findings for people (`report`), the audit report as HTML pages
//! (`html/`), the tables as a spreadsheet (`xlsx`), and SQLite. `layout` is
//! the merged-cell grid the HTML and the spreadsheet share.

pub mod facts;
pub mod html;
pub mod layout;
pub mod report;
pub mod sqlite;
pub mod xlsx;

use crate::model::{BodyItem, Document, Section, Table};

/// The document as pretty JSON (UTF-8, not ASCII-escaped).
pub fn to_json(doc: &Document) -> String {
    serde_json::to_string_pretty(doc)
        .unwrap_or_else(|e| format!("{{\"error\":\"serialisation failed: {e}\"}}"))
}

/// The document as one JSON line.
pub fn to_json_line(doc: &Document) -> String {
    serde_json::to_string(doc)
        .unwrap_or_else(|e| format!("{{\"error\":\"serialisation failed: {e}\"}}"))
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
    for row in t.header.iter().chain(&t.rows) {
        let cells: Vec<String> = row
            .iter()
            .map(|c| c.text.replace(['\n', '\t'], " "))
            .collect();
        lines.push(cells.join("\t"));
    }
    push_block(out, &lines.join("\n"));
}

fn push_block(out: &mut String, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(text.trim_end());
    out.push('\n');
}
