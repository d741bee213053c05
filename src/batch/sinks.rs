//! Sinks: where outcomes go — the output directory (`--out`: one JSON file per
//! input, written atomically, and `manifest.jsonl`; or, for `report`, one
//! HTML page per input and the index), the spreadsheets (`--xlsx`), the
//! SQLite database (`--db`, written by `output::sqlite`) and JSON lines on
//! stdout (`--jsonl`). [`Sinks`] is the one writer of a batch, run by one
//! worker at a time (`schedule`). Pages and workbooks are made on the worker
//! that extracted the document (a [`Renderer`]); the writer only writes them.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::inputs::Input;
use super::manifest::{DoneSet, Manifest, Status, done_in_both, write_atomic};
use super::schedule::{Options, OutDir, Outcome, Rendered, Renderer};
use super::summary::Summary;
use crate::output::html::{self, IndexRow, PageLinks, ReportIndex};
use crate::output::sqlite::Db;

/// Output name stem per input: its file name; a name shared by several
/// inputs gets a short hash of the full path, so names stay the same from one
/// run to the next. A stem that would take the name of the report's own
/// index is prefixed.
pub fn output_stems(inputs: &[Input]) -> Vec<String> {
    let mut count = HashMap::<String, usize>::new();
    for i in inputs {
        *count.entry(i.base_name()).or_insert(0) += 1;
    }
    inputs
        .iter()
        .map(|i| {
            let base = i.base_name();
            let stem = if count.get(&base).copied().unwrap_or(0) > 1 {
                let h = crate::sha256_hex(i.display().as_bytes());
                format!("{base}.{}", &h[..8])
            } else {
                base
            };
            if stem.eq_ignore_ascii_case("index") {
                format!("_{stem}")
            } else {
                stem
            }
        })
        .collect()
}

/// Output file name per input: its stem plus ".json".
pub fn output_names(inputs: &[Input]) -> Vec<String> {
    output_stems(inputs)
        .into_iter()
        .map(|s| format!("{s}.json"))
        .collect()
}

/// Where `--xlsx` writes.
#[derive(Debug, Clone, PartialEq)]
enum XlsxTarget {
    /// One workbook (a path ending in .xlsx, for one input).
    File(PathBuf),
    /// One workbook per input, `DIR/<name>.xlsx`.
    Dir(PathBuf),
}

/// The JSON line printed by `--jsonl` for an input that gave no document.
pub fn failure_line(o: &Outcome) -> String {
    let mut v = serde_json::json!({
        "source": {"path": o.entry.path},
        "status": o.entry.status,
    });
    if let Some(r) = &o.entry.reason {
        v["error"] = serde_json::Value::String(r.clone());
    }
    if o.unchanged {
        v["status"] = serde_json::Value::String("unchanged".into());
        v["previous_status"] = serde_json::json!(o.entry.status);
    }
    v.to_string()
}

/// Where a batch writes.
#[derive(Debug, Clone, Default)]
pub struct SinkConfig {
    /// `--out DIR`: DIR/<name>.json per input and DIR/manifest.jsonl.
    pub out: Option<PathBuf>,
    /// `--db FILE`: every document into SQLite.
    pub db: Option<PathBuf>,
    /// `--jsonl`: one JSON line per input on stdout, in input order.
    pub jsonl: bool,
    /// `--resume`: skip inputs the sinks already hold with the same bytes.
    pub resume: bool,
    /// `report`: the output directory holds the audit report (a page per
    /// input and `index.html`) instead of JSON files.
    pub report: bool,
    /// `--xlsx PATH`: the tables as a spreadsheet — PATH itself when it ends
    /// in .xlsx (one input), else PATH/<name>.xlsx per input.
    pub xlsx: Option<PathBuf>,
}

impl SinkConfig {
    /// A pure stream (`--jsonl` alone) answers every input it was given, a
    /// path named twice included; anything that writes files or rows takes
    /// each input once.
    pub fn inputs(&self, args: &[PathBuf]) -> Vec<Input> {
        if self.jsonl && self.out.is_none() && self.db.is_none() && self.xlsx.is_none() {
            super::inputs::expand_inputs(args)
        } else {
            super::inputs::collect_inputs(args)
        }
    }

    /// Does this configuration write anything?
    pub fn any(&self) -> bool {
        self.out.is_some() || self.db.is_some() || self.jsonl || self.xlsx.is_some()
    }

    /// The output directory, when JSON files go there.
    fn json_dir(&self) -> Option<&Path> {
        self.out.as_deref().filter(|_| !self.report)
    }

    /// The report directory, when this batch writes a report.
    fn report_dir(&self) -> Option<&Path> {
        self.out.as_deref().filter(|_| self.report)
    }
}

/// A sink that could not be opened: the path and why.
#[derive(Debug)]
pub struct OpenError {
    pub path: String,
    pub reason: String,
}

/// The one writer of a batch: takes every [`Outcome`] in turn and writes it
/// to the configured sinks. The first write error stops the batch (the rest
/// of the outcomes are ignored and [`Sinks::finish`] reports it).
pub struct Sinks {
    cfg: SinkConfig,
    stems: Arc<Vec<String>>,
    manifest: Option<Manifest>,
    index: Option<ReportIndex>,
    xlsx: Option<XlsxTarget>,
    /// The workbook's name as linked from a page beside it (same directory).
    xlsx_beside: bool,
    db: Option<Db>,
    /// Manifest entries whose database rows are not yet committed: they go
    /// into the manifest file only once they are.
    uncommitted: Vec<super::manifest::ManifestEntry>,
    stdout: std::io::Stdout,
    summary: Summary,
    fatal: Option<String>,
}

impl Sinks {
    /// Open the output directory (and its manifest) and the database; returns
    /// the sinks and the inputs `--resume` may skip (empty without it).
    pub fn open(cfg: SinkConfig, inputs: &[Input]) -> Result<(Sinks, DoneSet), OpenError> {
        let mut manifest = None;
        let mut done = DoneSet::new();
        if let Some(dir) = &cfg.out {
            let (m, previous) = Manifest::open(dir).map_err(|e| OpenError {
                path: dir.display().to_string(),
                reason: format!("output directory: {e}"),
            })?;
            manifest = Some(m);
            done = previous;
        }
        let mut db = None;
        if let Some(path) = &cfg.db {
            let (d, previous) = Db::open(path)
                .and_then(|d| d.manifest().map(|m| (d, m)))
                .map_err(|e| OpenError {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })?;
            done = if cfg.out.is_some() {
                done_in_both(done, previous)
            } else {
                previous
            };
            db = Some(d);
        }
        let mut index = None;
        if let Some(dir) = cfg.report_dir() {
            index = Some(ReportIndex::open(dir).map_err(|e| OpenError {
                path: dir.display().to_string(),
                reason: format!("report directory: {e}"),
            })?);
        }
        let xlsx = match &cfg.xlsx {
            None => None,
            Some(p) => Some(xlsx_target(p, inputs.len())?),
        };
        let xlsx_beside = match (&xlsx, cfg.report_dir()) {
            (Some(XlsxTarget::Dir(x)), Some(out)) => same_dir(x, out),
            _ => false,
        };
        let stems = output_stems(inputs);
        if !cfg.resume {
            done.clear();
        }
        // Redo what the sinks asked for now do not hold (a page, a workbook,
        // a JSON file missing, or a manifest written by another command).
        let expected = |i: usize, ok: bool| -> Vec<PathBuf> {
            let mut v = Vec::new();
            if let (Some(dir), true) = (cfg.json_dir(), ok) {
                v.push(dir.join(format!("{}.json", stems[i])));
            }
            if let (Some(dir), true) = (cfg.report_dir(), ok) {
                v.push(dir.join(html::page_name(&stems[i])));
            }
            match (&xlsx, ok) {
                (Some(XlsxTarget::File(f)), true) => v.push(f.clone()),
                (Some(XlsxTarget::Dir(d)), true) => v.push(d.join(format!("{}.xlsx", stems[i]))),
                _ => {}
            }
            v
        };
        for (i, input) in inputs.iter().enumerate() {
            let path = input.display();
            let keep = done.get(&path).is_some_and(|e| {
                expected(i, e.status == Status::Ok)
                    .iter()
                    .all(|p| p.is_file())
                    && index.as_ref().is_none_or(|x| x.has_previous(&path))
            });
            if !keep {
                done.remove(&path);
            }
        }
        let sinks = Sinks {
            stems: Arc::new(stems),
            index,
            xlsx,
            xlsx_beside,
            cfg,
            manifest,
            db,
            uncommitted: Vec::new(),
            stdout: std::io::stdout(),
            summary: Summary::default(),
            fatal: None,
        };
        Ok((sinks, done))
    }

    /// What the workers must produce for these sinks.
    pub fn options(&self, jobs: usize, timeout: Option<Duration>) -> Options {
        Options {
            jobs,
            timeout,
            out: self.cfg.json_dir().map(|dir| OutDir {
                dir: dir.to_path_buf(),
                names: self.stems.iter().map(|s| format!("{s}.json")).collect(),
            }),
            want_line: self.cfg.jsonl || self.cfg.db.is_some(),
            want_doc: self.cfg.db.is_some() || self.index.is_some(),
            ordered: self.cfg.jsonl,
            render: self.renderer(),
            ..Default::default()
        }
    }

    /// What the workers make of each document: its report page and/or its
    /// workbook.
    fn renderer(&self) -> Option<Renderer> {
        let report = self.cfg.report_dir().map(Path::to_path_buf);
        let xlsx = self.xlsx.clone();
        if report.is_none() && xlsx.is_none() {
            return None;
        }
        let stems = Arc::clone(&self.stems);
        let beside = self.xlsx_beside;
        Some(Renderer(Arc::new(move |i, doc| {
            let stem = stems.get(i).map(String::as_str).unwrap_or("document");
            let mut files = Vec::new();
            if let Some(dir) = &report {
                let links = PageLinks {
                    index: Some(html::INDEX_HTML.to_string()),
                    xlsx: beside.then(|| format!("{stem}.xlsx")),
                };
                files.push(Rendered {
                    path: dir.join(html::page_name(stem)),
                    bytes: html::document_page(doc, &links).into_bytes(),
                });
            }
            if let Some(target) = &xlsx {
                let path = match target {
                    XlsxTarget::File(f) => f.clone(),
                    XlsxTarget::Dir(d) => d.join(format!("{stem}.xlsx")),
                };
                files.push(Rendered {
                    path,
                    bytes: crate::output::xlsx::workbook(doc)?,
                });
            }
            Ok(files)
        })))
    }

    /// Write one outcome. Returns the line to show for a failed input (the
    /// caller prints it, above a progress bar if there is one).
    pub fn accept(&mut self, o: &mut Outcome) -> Option<String> {
        if self.fatal.is_some() {
            return None;
        }
        self.summary.add(o);
        let mut shown = None;
        if !o.unchanged {
            if o.entry.status == Status::Failed {
                shown = Some(format!(
                    "jixiao: {}: {}",
                    o.entry.path,
                    o.entry.reason.as_deref().unwrap_or("failed")
                ));
            }
            let files = std::mem::take(&mut o.files);
            for f in files {
                let name = f
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match write_atomic(&f.path, &f.bytes) {
                    Ok(()) => {
                        if o.entry.output.is_none() {
                            o.entry.output = Some(name);
                        }
                    }
                    Err(e) => {
                        o.entry.status = Status::Failed;
                        o.entry.reason = Some(format!("cannot write output {name}: {e}"));
                        shown = Some(format!(
                            "jixiao: {}: cannot write output: {e}",
                            o.entry.path
                        ));
                        break;
                    }
                }
            }

            if let Some(db) = &mut self.db {
                let doc = o.doc.as_deref().filter(|_| o.entry.status == Status::Ok);
                match db.write(&o.entry, doc, o.line.as_deref()) {
                    Ok(committed) => {
                        if self.manifest.is_some() {
                            self.uncommitted.push(o.entry.clone());
                        }
                        if committed {
                            self.append_manifest();
                        }
                    }
                    Err(e) => self.fatal = Some(format!("{}: {e}", o.entry.path)),
                }
            } else if let Some(m) = &mut self.manifest
                && let Err(e) = m.append(&o.entry)
            {
                self.fatal = Some(format!("manifest: {e}"));
            }
        }
        if let Some(index) = &mut self.index {
            if o.unchanged {
                index.keep(o.index, &o.entry.path);
            } else {
                let stem = &self.stems[o.index];
                let row = match (&o.doc, o.entry.status) {
                    (Some(doc), Status::Ok) => IndexRow::document(
                        doc,
                        Some(html::page_name(stem)),
                        self.xlsx_beside.then(|| format!("{stem}.xlsx")),
                    ),
                    _ => IndexRow::without_document(
                        &o.entry.path,
                        o.entry.status.as_str(),
                        o.entry.reason.clone(),
                        o.entry.format.clone(),
                    ),
                };
                index.add(o.index, row);
            }
        }
        if self.cfg.jsonl {
            let mut lock = self.stdout.lock();
            let _ = match (&o.line, o.unchanged) {
                (Some(l), false) => lock.write_all(l).and_then(|()| lock.write_all(b"\n")),
                _ => writeln!(lock, "{}", failure_line(o)),
            };
        }
        shown
    }

    /// Append the entries the database has committed to the manifest file.
    fn append_manifest(&mut self) {
        if let Some(m) = &mut self.manifest {
            for entry in self.uncommitted.drain(..) {
                if let Err(e) = m.append(&entry) {
                    self.fatal = Some(format!("manifest: {e}"));
                    break;
                }
            }
        }
    }

    /// Close the sinks (compacting the manifest). The run's summary, or why
    /// the batch stopped early.
    pub fn finish(mut self, seconds: f64) -> Result<Summary, String> {
        self.summary.seconds = seconds;
        if self.fatal.is_none()
            && let Some(db) = &mut self.db
        {
            match db.commit() {
                Ok(()) => self.append_manifest(),
                Err(e) => self.fatal = Some(format!("database: {e}")),
            }
        }
        if let Some(m) = self.manifest.take()
            && let Err(e) = m.finish()
        {
            eprintln!("jixiao: manifest: {e}");
        }
        if let Some(index) = self.index.take()
            && let Err(e) = index.finish()
            && self.fatal.is_none()
        {
            self.fatal = Some(format!("index: {e}"));
        }
        match self.fatal {
            Some(e) => Err(e),
            None => Ok(self.summary),
        }
    }
}

/// Where `--xlsx PATH` writes: PATH itself when it names a workbook (and
/// there is one input), else a directory of workbooks.
fn xlsx_target(path: &Path, inputs: usize) -> Result<XlsxTarget, OpenError> {
    let is_file = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        && !path.is_dir();
    let err = |reason: String| OpenError {
        path: path.display().to_string(),
        reason,
    };
    if is_file {
        if inputs > 1 {
            return Err(err(format!(
                "--xlsx FILE.xlsx takes one input ({inputs} given); give a directory for one workbook per input"
            )));
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| err(format!("spreadsheet: {e}")))?;
        }
        Ok(XlsxTarget::File(path.to_path_buf()))
    } else {
        std::fs::create_dir_all(path).map_err(|e| err(format!("spreadsheet directory: {e}")))?;
        Ok(XlsxTarget::Dir(path.to_path_buf()))
    }
}

/// Do two existing directories name the same place?
fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_are_unique_and_stable() {
        let inputs = vec![
            Input::File("x/a.txt".into()),
            Input::File("y/a.txt".into()),
            Input::File("y/b.txt".into()),
        ];
        let names = output_names(&inputs);
        assert_eq!(names[2], "b.txt.json");
        assert_ne!(names[0], names[1]);
        assert!(names[0].starts_with("a.txt.") && names[0].ends_with(".json"));
        assert_eq!(names, output_names(&inputs));
    }
}
