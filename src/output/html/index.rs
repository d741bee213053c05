//! The index of a report directory: one row per input (documents, failed and
//! skipped inputs alike), sortable, filtered by check and severity, linking
//! to each document's page. The rows are also kept as data (`index.json`)
//! so that `--resume` can list the documents it does not redo.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{esc, head, kind_label, push_esc, script};
use crate::model::{Document, Severity};

const INDEX_JS: &str = include_str!("index.js");

/// The index page's file name.
pub const INDEX_HTML: &str = "index.html";
/// The index rows as data, read back by `--resume`.
pub const INDEX_JSON: &str = "index.json";

/// One input of the batch as the index lists it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndexRow {
    pub path: String,
    /// The document's page in the report directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xlsx: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The kind as people say it (部门预算 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    #[serde(default)]
    pub tables: usize,
    #[serde(default)]
    pub checks_run: u32,
    #[serde(default)]
    pub checks_failed: u32,
    #[serde(default)]
    pub errors: usize,
    #[serde(default)]
    pub warnings: usize,
    #[serde(default)]
    pub infos: usize,
    /// Findings per check: [errors, warnings, infos].
    #[serde(default)]
    pub findings: BTreeMap<String, [usize; 3]>,
    /// "ok", "failed" or "skipped".
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl IndexRow {
    /// The row of a document, with its page (and workbook) file names.
    pub fn document(doc: &Document, page: Option<String>, xlsx: Option<String>) -> IndexRow {
        let mut findings: BTreeMap<String, [usize; 3]> = BTreeMap::new();
        for f in &doc.findings {
            findings.entry(f.check.clone()).or_default()[sev_index(f.severity)] += 1;
        }
        let n = |s| doc.findings.iter().filter(|f| f.severity == s).count();
        IndexRow {
            path: doc.source.path.clone(),
            page,
            xlsx,
            title: doc.title.clone(),
            kind: doc.kind.map(kind_label),
            fiscal_year: doc.fiscal_year,
            entity: doc.entity.clone(),
            format: Some(doc.source.format.as_str().to_string()),
            pages: doc.source.pages,
            tables: doc.tables.len(),
            checks_run: doc.checks.run,
            checks_failed: doc.checks.failed,
            errors: n(Severity::Error),
            warnings: n(Severity::Warning),
            infos: n(Severity::Info),
            findings,
            status: "ok".into(),
            reason: None,
        }
    }

    /// The row of an input that gave no document ("failed" or "skipped").
    pub fn without_document(
        path: &str,
        status: &str,
        reason: Option<String>,
        format: Option<String>,
    ) -> IndexRow {
        IndexRow {
            path: path.to_string(),
            format,
            status: status.to_string(),
            reason,
            ..Default::default()
        }
    }
}

fn sev_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The index of a report directory being written: rows by input position,
/// and the rows of the previous run for the inputs `--resume` leaves alone.
#[derive(Debug)]
pub struct ReportIndex {
    dir: PathBuf,
    rows: BTreeMap<usize, IndexRow>,
    previous: HashMap<String, IndexRow>,
}

impl ReportIndex {
    /// Open a report directory (created if missing), reading the rows an
    /// earlier run left in `index.json`.
    pub fn open(dir: &Path) -> std::io::Result<ReportIndex> {
        std::fs::create_dir_all(dir)?;
        let previous = std::fs::read(dir.join(INDEX_JSON))
            .ok()
            .and_then(|b| serde_json::from_slice::<Vec<IndexRow>>(&b).ok())
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.path.clone(), r))
            .collect();
        Ok(ReportIndex {
            dir: dir.to_path_buf(),
            rows: BTreeMap::new(),
            previous,
        })
    }

    /// Did the previous run list this input, with its page in place?
    pub fn has_previous(&self, path: &str) -> bool {
        self.previous
            .get(path)
            .is_some_and(|r| r.page.as_ref().is_none_or(|p| self.dir.join(p).is_file()))
    }

    pub fn add(&mut self, index: usize, row: IndexRow) {
        self.rows.insert(index, row);
    }

    /// Keep the previous run's row for an input left alone by `--resume`.
    pub fn keep(&mut self, index: usize, path: &str) {
        if let Some(r) = self.previous.get(path) {
            self.rows.insert(index, r.clone());
        }
    }

    /// Write `index.html` and `index.json`.
    pub fn finish(self) -> std::io::Result<()> {
        let rows: Vec<IndexRow> = self.rows.into_values().collect();
        let json = serde_json::to_string_pretty(&rows).map_err(std::io::Error::other)?;
        crate::batch::write_atomic(&self.dir.join(INDEX_JSON), json.as_bytes())?;
        crate::batch::write_atomic(&self.dir.join(INDEX_HTML), index_page(&rows).as_bytes())
    }
}

/// A file name as a relative URL: characters that would end or change the
/// path (`#`, `?`, `%`, spaces, quotes …) percent-encoded.
pub fn href(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            // Non-ASCII bytes: percent-encoded UTF-8 is what browsers send anyway.
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\', '!'])
        .find(|s| !s.is_empty())
        .unwrap_or(path)
}

/// The index page over these rows.
pub fn index_page(rows: &[IndexRow]) -> String {
    let mut out = String::with_capacity(4096 + rows.len() * 1024);
    head(&mut out, "jixiao report");
    out.push_str("<body class=\"index\">\n<main>\n<h1>Audit report</h1>\n");
    let docs: Vec<&IndexRow> = rows.iter().filter(|r| r.status == "ok").collect();
    let failed = rows.iter().filter(|r| r.status == "failed").count();
    let skipped = rows.iter().filter(|r| r.status == "skipped").count();
    let sum = |f: fn(&IndexRow) -> usize| docs.iter().map(|r| f(r)).sum::<usize>();
    let with_errors = docs.iter().filter(|r| r.errors > 0).count();
    let _ = writeln!(
        out,
        "<p class=\"totals\"><span><b>{}</b> documents</span><span><b>{}</b> with errors</span><span><b>{}</b> errors</span><span><b>{}</b> warnings</span><span><b>{}</b> pages</span><span><b>{}</b> tables</span><span><b>{failed}</b> failed</span><span><b>{skipped}</b> skipped</span></p>",
        docs.len(),
        with_errors,
        sum(|r| r.errors),
        sum(|r| r.warnings),
        sum(|r| r.pages.unwrap_or(0) as usize),
        sum(|r| r.tables),
    );
    let checks: BTreeSet<&str> = rows
        .iter()
        .flat_map(|r| r.findings.keys().map(String::as_str))
        .collect();
    out.push_str("<div class=\"filters\"><label>check <select id=\"f-check\"><option value=\"\">any</option>");
    for c in &checks {
        let _ = write!(out, "<option>{}</option>", esc(c));
    }
    out.push_str(
        "</select></label><label>severity <select id=\"f-sev\"><option value=\"\">any</option>\
<option>error</option><option>warning</option><option>info</option></select></label>\
<label>status <select id=\"f-status\"><option value=\"\">any</option><option>ok</option>\
<option>failed</option><option>skipped</option></select></label>\
<label>search <input id=\"f-text\" type=\"search\" placeholder=\"name, title, entity\"></label>\
<span class=\"shown\" id=\"f-shown\"></span></div>\n",
    );
    out.push_str(
        "<table class=\"docs\" id=\"docs\"><thead><tr>\
<th data-type=\"n\">#</th><th>document</th><th>kind</th><th data-type=\"n\">year</th><th>entity</th>\
<th>format</th><th data-type=\"n\">pages</th><th data-type=\"n\">tables</th>\
<th data-type=\"n\" title=\"checks run\">checks</th><th data-type=\"n\" title=\"checks failed\">failed</th>\
<th data-type=\"n\">errors</th><th data-type=\"n\">warnings</th><th data-type=\"n\">info</th><th>status</th>\
</tr></thead>\n<tbody>\n",
    );
    for (i, r) in rows.iter().enumerate() {
        row(&mut out, i, r);
    }
    out.push_str("</tbody></table>\n");
    if rows.is_empty() {
        out.push_str("<p class=\"none\">No inputs.</p>\n");
    }
    out.push_str("</main>\n");
    let _ = writeln!(
        out,
        "<footer>jixiao {} · click a column to sort; the filters keep the documents with a finding of that check and severity</footer>",
        env!("CARGO_PKG_VERSION")
    );
    script(&mut out, INDEX_JS);
    out.push_str("</body>\n</html>\n");
    out
}

fn row(out: &mut String, i: usize, r: &IndexRow) {
    // check:severity pairs this document has findings for (the filters).
    let mut pairs: Vec<String> = Vec::new();
    for (check, counts) in &r.findings {
        for (k, sev) in [Severity::Error, Severity::Warning, Severity::Info]
            .iter()
            .enumerate()
        {
            if counts[k] > 0 {
                pairs.push(format!("{check}|{}", sev.as_str()));
            }
        }
    }
    let search = [
        r.path.as_str(),
        r.title.as_deref().unwrap_or(""),
        r.entity.as_deref().unwrap_or(""),
        r.kind.as_deref().unwrap_or(""),
    ]
    .join(" ");
    let _ = write!(
        out,
        "<tr class=\"{}\" data-f=\"{}\" data-status=\"{}\" data-text=\"{}\">",
        esc(&r.status),
        esc(&pairs.join(" ")),
        esc(&r.status),
        esc(&search.to_lowercase())
    );
    let _ = write!(out, "<td class=\"n\" data-v=\"{i}\">{}</td>", i + 1);
    // Name (linking to the page) with the title under it.
    let name = file_name(&r.path);
    let _ = write!(out, "<td class=\"name\" data-v=\"{}\">", esc(name));
    match &r.page {
        Some(p) => {
            let _ = write!(
                out,
                "<a href=\"{}\" title=\"{}\">{}</a>",
                esc(&href(p)),
                esc(&r.path),
                esc(name)
            );
        }
        None => {
            let _ = write!(out, "<span title=\"{}\">{}</span>", esc(&r.path), esc(name));
        }
    }
    if let Some(x) = &r.xlsx {
        let _ = write!(
            out,
            "<a class=\"dl\" href=\"{}\" download title=\"the tables as a spreadsheet\">xlsx</a>",
            esc(&href(x))
        );
    }
    if let Some(t) = r.title.as_deref().filter(|t| !t.trim().is_empty()) {
        out.push_str("<span class=\"title\">");
        push_esc(out, t);
        out.push_str("</span>");
    }
    out.push_str("</td>");
    let text = |out: &mut String, v: Option<&str>| {
        let v = v.unwrap_or("");
        let _ = write!(out, "<td data-v=\"{0}\">{0}</td>", esc(v));
    };
    text(out, r.kind.as_deref());
    let year = r.fiscal_year.map(|y| y.to_string());
    let _ = write!(
        out,
        "<td class=\"n\" data-v=\"{}\">{}</td>",
        r.fiscal_year.map(i64::from).unwrap_or(-1),
        year.as_deref().unwrap_or("")
    );
    text(out, r.entity.as_deref());
    text(out, r.format.as_deref());
    let ok = r.status == "ok";
    let number = |out: &mut String, v: Option<usize>, cls: &str| match v {
        Some(v) if ok => {
            let cls = if v == 0 && !cls.is_empty() { "z" } else { cls };
            let _ = write!(out, "<td class=\"n {cls}\" data-v=\"{v}\">{v}</td>");
        }
        _ => out.push_str("<td class=\"n\" data-v=\"-1\"></td>"),
    };
    number(out, r.pages.map(|p| p as usize), "");
    number(out, Some(r.tables), "");
    number(out, Some(r.checks_run as usize), "");
    number(out, Some(r.checks_failed as usize), "");
    number(out, Some(r.errors), "e");
    number(out, Some(r.warnings), "w");
    number(out, Some(r.infos), "z");
    let _ = write!(
        out,
        "<td data-v=\"{0}\"><span class=\"status {0}\">{0}</span>",
        esc(&r.status)
    );
    if let Some(reason) = &r.reason {
        let _ = write!(out, "<span class=\"reason\">{}</span>", esc(reason));
    }
    out.push_str("</td></tr>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn href_encodes_what_would_break_a_link() {
        assert_eq!(href("a b#1?.pdf.html"), "a%20b%231%3F.pdf.html");
        assert_eq!(href("报告.txt.html"), "%E6%8A%A5%E5%91%8A.txt.html");
        assert_eq!(href("x\"><script>"), "x%22%3E%3Cscript%3E");
    }
}
