//! batch: many inputs in parallel. Knows nothing about formats beyond telling
//! a report from an archive: it walks the inputs (directories, .zip archives
//! read in place), runs `extract` on each inside the per-document time budget
//! (catching panics as a last line of defence), and hands every outcome, good
//! or bad, to one writer on the calling thread.
//!
//! Flow: rayon workers claim inputs in order from a shared counter and send
//! [`Outcome`]s over a bounded channel; the caller's thread is the only writer
//! (JSON files, SQLite, manifest, stdout). A worker may run at most `window`
//! inputs ahead of the oldest outcome not yet handed over, so memory is bounded
//! by the documents in flight, never by the corpus.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Document, Severity};

/// Version recorded in the manifest; `--resume` redoes work done by another version.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// File name extensions taken as reports when a directory is walked.
const REPORT_EXTENSIONS: &[&str] = crate::ingest::EXTENSIONS;

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

/// One input of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// An entry of a .zip archive, read in place.
    ZipEntry {
        archive: PathBuf,
        index: usize,
        /// Entry name, decoded (UTF-8, or GBK/GB18030 from Chinese Windows tools).
        name: String,
    },
    /// Something named as an input that cannot be read (missing file,
    /// unreadable directory, damaged archive): reported as failed.
    Broken { path: String, reason: String },
    /// A file met while walking a directory that is not a report (by name and
    /// by its first bytes): listed in the manifest as skipped, never dropped silently.
    Skipped { path: String, reason: String },
}

impl Input {
    /// The path shown in output, manifest and errors: `archive.zip!/dir/a.txt` for zip entries.
    pub fn display(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::ZipEntry { archive, name, .. } => format!("{}!/{name}", archive.display()),
            Input::Broken { path, .. } | Input::Skipped { path, .. } => path.clone(),
        }
    }

    /// The last component of the name (for output file names).
    fn base_name(&self) -> String {
        let shown = self.display();
        shown
            .rsplit(['/', '\\', '!'])
            .find(|s| !s.is_empty())
            .unwrap_or("input")
            .to_string()
    }

    /// The input's bytes; zip entries are decompressed under
    /// [`crate::limits::MAX_ZIP_ENTRY_BYTES`].
    pub fn read(&self) -> Result<Vec<u8>> {
        match self {
            Input::File(p) => Ok(std::fs::read(p)?),
            Input::ZipEntry { archive, index, .. } => read_zip_entry(archive, *index),
            Input::Broken { reason, .. } => Err(Error::Io(std::io::Error::other(reason.clone()))),
            Input::Skipped { reason, .. } => Err(Error::Unsupported(reason.clone())),
        }
    }
}

fn read_zip_entry(archive: &Path, index: usize) -> Result<Vec<u8>> {
    read_zip_entry_within(archive, index, crate::limits::MAX_ZIP_ENTRY_BYTES)
}

fn read_zip_entry_within(archive: &Path, index: usize, limit: u64) -> Result<Vec<u8>> {
    let file = std::fs::File::open(archive)?;
    let mut zip =
        zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| Error::Damaged {
            format: "zip",
            reason: e.to_string(),
        })?;
    let entry = zip.by_index(index).map_err(|e| Error::Damaged {
        format: "zip",
        reason: format!("entry {index}: {e}"),
    })?;
    if entry.size() > limit {
        return Err(crate::limits::exceeded(
            "zip-entry-bytes",
            format!("entry declares {} bytes (limit {limit})", entry.size()),
        ));
    }
    let mut bytes = Vec::with_capacity(entry.size().min(limit) as usize);
    // The declared size can lie: read one byte past the limit to catch it.
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Damaged {
            format: "zip",
            reason: format!("entry {index}: {e}"),
        })?;
    if bytes.len() as u64 > limit {
        return Err(crate::limits::exceeded(
            "zip-entry-bytes",
            format!("entry decompresses to more than {limit} bytes"),
        ));
    }
    Ok(bytes)
}

/// Every input under the given files, directories and zip archives, each once,
/// directories walked in name order. Named files are always taken; files met
/// in a walk are taken by extension or, when the extension says nothing, by
/// their first bytes (PDF, OOXML, OLE).
pub fn collect_inputs(inputs: &[PathBuf]) -> Vec<Input> {
    let mut out = expand_inputs(inputs);
    let mut seen = HashSet::new();
    out.retain(|i| seen.insert(i.display()));
    out
}

/// Like [`collect_inputs`], but an input named twice stays twice: a stream
/// (`--jsonl`) answers every line it was given.
pub fn expand_inputs(inputs: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            for entry in walkdir::WalkDir::new(input)
                .follow_links(false)
                .sort_by_file_name()
            {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let name = e.file_name().to_string_lossy();
                        if !name.starts_with('.') {
                            classify(e.path(), false, &mut out);
                        }
                    }
                    Ok(_) => {}
                    Err(e) => out.push(Input::Broken {
                        path: e.path().unwrap_or(input.as_path()).display().to_string(),
                        reason: format!("cannot read directory entry: {e}"),
                    }),
                }
            }
        } else if input.exists() {
            classify(input, true, &mut out);
        } else {
            out.push(Input::Broken {
                path: input.display().to_string(),
                reason: "cannot read: no such file or directory".into(),
            });
        }
    }
    out
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn head(path: &Path) -> Vec<u8> {
    let mut buf = vec![0u8; 1024];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut buf))
        .unwrap_or(0);
    buf.truncate(n);
    buf
}

fn classify(path: &Path, named: bool, out: &mut Vec<Input>) {
    let ext = extension(path);
    if ext == "zip" {
        expand_zip(path, out);
        return;
    }
    if ext == "docx" || REPORT_EXTENSIONS.contains(&ext.as_str()) {
        out.push(Input::File(path.to_path_buf()));
        return;
    }
    let head = head(path);
    let is_zip = head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06");
    if is_zip && !is_ooxml(path) {
        expand_zip(path, out);
    } else if named
        || is_zip
        || head.windows(5).any(|w| w == b"%PDF-")
        || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
    {
        out.push(Input::File(path.to_path_buf()));
    } else {
        out.push(Input::Skipped {
            path: path.display().to_string(),
            reason: format!(
                "not a report: extension {:?} is not one of {}, zip and the bytes are not PDF, an Office file or a zip archive",
                ext,
                REPORT_EXTENSIONS.join(", ")
            ),
        });
    }
}

/// A zip package with the parts of a Word document is a document, not an archive.
fn is_ooxml(path: &Path) -> bool {
    std::fs::File::open(path)
        .ok()
        .and_then(|f| zip::ZipArchive::new(std::io::BufReader::new(f)).ok())
        .is_some_and(|z| {
            z.index_for_name("word/document.xml").is_some()
                || z.index_for_name("[Content_Types].xml").is_some()
        })
}

/// Decode a zip entry name: UTF-8 when valid, else GBK/GB18030 (what Chinese
/// Windows archivers write without setting the UTF-8 flag).
pub fn decode_entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    }
}

fn expand_zip(path: &Path, out: &mut Vec<Input>) {
    let archive = std::fs::File::open(path)
        .map_err(|e| format!("cannot read: {e}"))
        .and_then(|f| {
            zip::ZipArchive::new(std::io::BufReader::new(f))
                .map_err(|e| format!("damaged zip: {e}"))
        });
    let mut zip = match archive {
        Ok(z) => z,
        Err(reason) => {
            out.push(Input::Broken {
                path: path.display().to_string(),
                reason,
            });
            return;
        }
    };
    let mut entries = Vec::new();
    for index in 0..zip.len() {
        let entry = match zip.by_index_raw(index) {
            Ok(e) => e,
            Err(e) => {
                out.push(Input::Broken {
                    path: format!("{}!/#{index}", path.display()),
                    reason: format!("damaged zip entry: {e}"),
                });
                continue;
            }
        };
        if entry.is_dir() {
            continue;
        }
        let name = decode_entry_name(entry.name_raw());
        let base = name.rsplit('/').next().unwrap_or(&name);
        if name.starts_with("__MACOSX/") || base.starts_with('.') {
            continue;
        }
        entries.push((name, index));
    }
    entries.sort();
    for (name, index) in entries {
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_lowercase())
            .unwrap_or_default();
        if REPORT_EXTENSIONS.contains(&ext.as_str()) {
            out.push(Input::ZipEntry {
                archive: path.to_path_buf(),
                index,
                name,
            });
        } else {
            out.push(Input::Skipped {
                path: format!("{}!/{name}", path.display()),
                reason: format!(
                    "not a report: zip entry extension {ext:?} is not one of {}",
                    REPORT_EXTENSIONS.join(", ")
                ),
            });
        }
    }
}

// ---------------------------------------------------------------------------
// One document
// ---------------------------------------------------------------------------

/// Extract one file on disk within the default time budget; a panic inside
/// the pipeline becomes an error.
pub fn extract_guarded(path: &Path) -> std::result::Result<Document, String> {
    match std::fs::read(path) {
        Ok(bytes) => extract_bytes_guarded(
            &bytes,
            &path.to_string_lossy(),
            Some(crate::limits::DEFAULT_TIMEOUT),
        ),
        Err(e) => Err(Error::from(e).to_string()),
    }
}

/// Extract from bytes within `timeout`, catching panics as a last line of defence.
pub fn extract_bytes_guarded(
    bytes: &[u8],
    name: &str,
    timeout: Option<Duration>,
) -> std::result::Result<Document, String> {
    guarded(timeout, || crate::extract_bytes(bytes, name))
}

/// Run `f` within `timeout`; its error, or a panic, becomes the failure reason.
fn guarded<T>(
    timeout: Option<Duration>,
    f: impl FnOnce() -> Result<T>,
) -> std::result::Result<T, String> {
    let run = || std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    match crate::limits::with_deadline(timeout, run) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.to_string()),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!("internal error (panic): {msg}"))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Failed,
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
        }
    }
}

/// One line of the manifest (`manifest.jsonl`, or the `manifest` table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub tool_version: String,
    #[serde(default)]
    pub bytes: u64,
    /// Time to read the bytes (and decompress a zip entry), milliseconds.
    #[serde(default)]
    pub read_ms: f64,
    /// Time to extract and audit, milliseconds.
    #[serde(default)]
    pub extract_ms: f64,
    /// Output file name in the output directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

impl ManifestEntry {
    /// Would running this input again, with these bytes, give the same result?
    /// Time-outs and read errors may not repeat, so they are redone.
    pub fn is_done_for(&self, sha256: &str) -> bool {
        let repeatable = match self.status {
            Status::Ok => true,
            Status::Failed => self
                .reason
                .as_deref()
                .is_some_and(|r| !r.contains("timeout-per-doc") && !r.starts_with("cannot read")),
            Status::Skipped => false,
        };
        repeatable && self.tool_version == TOOL_VERSION && self.sha256.as_deref() == Some(sha256)
    }
}

/// What happened to one input.
#[derive(Debug)]
pub struct Outcome {
    /// Position in the input list.
    pub index: usize,
    pub entry: ManifestEntry,
    /// Already done by an earlier run with the same bytes and tool version (`--resume`).
    pub unchanged: bool,
    pub doc: Option<Box<Document>>,
    /// Pretty JSON, serialised by the worker when an output directory is written.
    pub json: Option<String>,
    /// One JSON line, serialised by the worker for `--jsonl`.
    pub line: Option<String>,
}

/// What the workers produce besides the document.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub jobs: usize,
    pub timeout: Option<Duration>,
    /// Serialise pretty JSON for an output directory.
    pub want_json: bool,
    /// Serialise a JSON line for `--jsonl`.
    pub want_line: bool,
    /// Keep the document for a database.
    pub want_doc: bool,
    /// Hand outcomes over in input order (needed for `--jsonl`).
    pub ordered: bool,
}

/// Inputs already done: path → manifest entry of the run that did them.
pub type DoneSet = HashMap<String, ManifestEntry>;

fn format_guess(bytes: &[u8], name: &str) -> Option<String> {
    match crate::ingest::sniff(bytes, name) {
        Ok(f) => Some(f.as_str().to_string()),
        Err(_) => {
            let lower = name.to_lowercase();
            [
                ("pdf", ".pdf"),
                ("docx", ".docx"),
                ("doc", ".doc"),
                ("text", ".txt"),
            ]
            .iter()
            .find(|(_, ext)| lower.ends_with(ext))
            .map(|(f, _)| f.to_string())
        }
    }
}

/// Process one input: read, resume check, extract under the budget, serialise.
pub fn process(index: usize, input: &Input, opts: &Options, done: &DoneSet) -> Outcome {
    let path = input.display();
    let mut entry = ManifestEntry {
        path: path.clone(),
        sha256: None,
        format: None,
        status: Status::Failed,
        reason: None,
        tool_version: TOOL_VERSION.to_string(),
        bytes: 0,
        read_ms: 0.0,
        extract_ms: 0.0,
        output: None,
    };
    let outcome = |entry: ManifestEntry| Outcome {
        index,
        entry,
        unchanged: false,
        doc: None,
        json: None,
        line: None,
    };
    if let Input::Skipped { reason, .. } = input {
        entry.status = Status::Skipped;
        entry.reason = Some(reason.clone());
        return outcome(entry);
    }
    let t0 = Instant::now();
    let bytes = match input.read() {
        Ok(b) => b,
        Err(e) => {
            entry.reason = Some(match e {
                Error::Io(io) => format!("cannot read: {io}"),
                other => other.to_string(),
            });
            return outcome(entry);
        }
    };
    entry.read_ms = ms(t0.elapsed());
    entry.bytes = bytes.len() as u64;
    let sha = crate::sha256_hex(&bytes);
    entry.format = format_guess(&bytes, &path);
    if let Some(prev) = done.get(&path)
        && prev.is_done_for(&sha)
    {
        let mut o = outcome(prev.clone());
        o.unchanged = true;
        return o;
    }
    entry.sha256 = Some(sha);
    let t1 = Instant::now();
    let result = extract_bytes_guarded(&bytes, &path, opts.timeout);
    drop(bytes);
    entry.extract_ms = ms(t1.elapsed());
    match result {
        Ok(doc) => {
            entry.status = Status::Ok;
            entry.format = Some(doc.source.format.as_str().to_string());
            let mut o = outcome(entry);
            if opts.want_json {
                o.json = Some(crate::output::to_json(&doc));
            }
            if opts.want_line {
                o.line = Some(crate::output::to_json_line(&doc));
            }
            if opts.want_doc {
                o.doc = Some(Box::new(doc));
            }
            o
        }
        Err(reason) => {
            entry.reason = Some(reason);
            outcome(entry)
        }
    }
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e5).round() / 100.0
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

// ---------------------------------------------------------------------------
// The parallel run
// ---------------------------------------------------------------------------

/// Run `process` over `inputs` on `opts.jobs` rayon threads and hand each
/// outcome to `sink` on the calling thread (in input order when
/// `opts.ordered`). `sink` is the only writer; nothing is collected here.
pub fn run<F>(inputs: &[Input], opts: &Options, done: &DoneSet, mut sink: F)
where
    F: FnMut(Outcome),
{
    let n = inputs.len();
    if n == 0 {
        return;
    }
    let jobs = opts.jobs.max(1);
    let window = jobs * 4 + 4;
    let next = AtomicUsize::new(0);
    // Index of the oldest input not yet handed to the sink (ordered), or the
    // number handed over (unordered).
    let released = Mutex::new(0usize);
    let gate = Condvar::new();
    let (tx, rx) = mpsc::sync_channel::<Outcome>(window);
    std::thread::scope(|scope| {
        let (next, released, gate) = (&next, &released, &gate);
        scope.spawn(move || {
            let work = |tx: mpsc::SyncSender<Outcome>| {
                rayon::scope(|s| {
                    for _ in 0..jobs {
                        let tx = tx.clone();
                        s.spawn(move |_| {
                            loop {
                                let i = next.fetch_add(1, Ordering::SeqCst);
                                if i >= n {
                                    break;
                                }
                                {
                                    let Ok(mut r) = released.lock() else { break };
                                    while i >= *r + window {
                                        r = match gate.wait(r) {
                                            Ok(r) => r,
                                            Err(_) => return,
                                        };
                                    }
                                }
                                let o = process(i, &inputs[i], opts, done);
                                if tx.send(o).is_err() {
                                    break;
                                }
                            }
                        });
                    }
                });
            };
            match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
                Ok(pool) => pool.install(|| work(tx)),
                Err(_) => work(tx),
            }
        });
        let mut pending = BTreeMap::new();
        let mut next_out = 0usize;
        for o in rx.iter() {
            if opts.ordered {
                pending.insert(o.index, o);
                while let Some(o) = pending.remove(&next_out) {
                    sink(o);
                    next_out += 1;
                }
            } else {
                sink(o);
                next_out += 1;
            }
            if let Ok(mut r) = released.lock() {
                *r = next_out;
            }
            gate.notify_all();
        }
    });
}

// ---------------------------------------------------------------------------
// Output directory: JSON files and manifest.jsonl
// ---------------------------------------------------------------------------

/// Output file name per input: its file name plus ".json"; a name shared by
/// several inputs gets a short hash of the full path, so names stay the same
/// from one run to the next.
pub fn output_names(inputs: &[Input]) -> Vec<String> {
    let mut count = HashMap::<String, usize>::new();
    for i in inputs {
        *count.entry(i.base_name()).or_insert(0) += 1;
    }
    inputs
        .iter()
        .map(|i| {
            let base = i.base_name();
            if count.get(&base).copied().unwrap_or(0) > 1 {
                let h = crate::sha256_hex(i.display().as_bytes());
                format!("{base}.{}.json", &h[..8])
            } else {
                format!("{base}.json")
            }
        })
        .collect()
}

/// Write a file atomically: a temporary name in the same directory, then rename.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(contents)?;
    f.sync_data()?;
    drop(f);
    std::fs::rename(&tmp, path)
}

/// The manifest of an output directory: one JSON line per input, appended as
/// inputs finish and compacted (last line per path wins) when a run starts and ends.
pub struct Manifest {
    path: PathBuf,
    file: std::fs::File,
}

pub const MANIFEST_NAME: &str = "manifest.jsonl";

impl Manifest {
    /// Open `dir/manifest.jsonl`, removing temporary files an interrupted run
    /// left behind; returns the entries already there.
    pub fn open(dir: &Path) -> Result<(Manifest, DoneSet)> {
        std::fs::create_dir_all(dir)?;
        for e in std::fs::read_dir(dir)?.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && name.contains(".tmp") {
                let _ = std::fs::remove_file(e.path());
            }
        }
        let path = dir.join(MANIFEST_NAME);
        let done = read_manifest(&path);
        compact(&path, &done)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        Ok((Manifest { path, file }, done))
    }

    pub fn append(&mut self, entry: &ManifestEntry) -> Result<()> {
        let mut line = serde_json::to_string(entry)
            .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
        line.push('\n');
        // One write per line: an interrupted run loses at most a partial last
        // line, which reading skips.
        self.file.write_all(line.as_bytes())?;
        Ok(())
    }

    /// Rewrite the manifest with one line per path.
    pub fn finish(self) -> Result<()> {
        let _ = self.file.sync_data();
        let entries = read_manifest(&self.path);
        compact(&self.path, &entries)
    }
}

/// Entries of a manifest file; the last line per path wins, broken lines are ignored.
pub fn read_manifest(path: &Path) -> DoneSet {
    let mut done = DoneSet::new();
    if let Ok(text) = std::fs::read_to_string(path) {
        for line in text.lines() {
            if let Ok(e) = serde_json::from_str::<ManifestEntry>(line) {
                done.insert(e.path.clone(), e);
            }
        }
    }
    done
}

fn compact(path: &Path, entries: &DoneSet) -> Result<()> {
    let mut sorted: Vec<&ManifestEntry> = entries.values().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut text = String::new();
    for e in sorted {
        if let Ok(l) = serde_json::to_string(e) {
            text.push_str(&l);
            text.push('\n');
        }
    }
    write_atomic(path, text.as_bytes())?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------

/// Totals over a run, printed at the end.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub inputs: usize,
    pub documents: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Left alone by `--resume`: done before with the same bytes and version.
    pub unchanged: usize,
    /// Of the unchanged inputs, those that failed before (and would again).
    pub failed_before: usize,
    pub pages: u64,
    pub tables: u64,
    pub bytes: u64,
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
    pub seconds: f64,
}

impl Summary {
    pub fn add(&mut self, o: &Outcome) {
        self.inputs += 1;
        if o.unchanged {
            self.unchanged += 1;
            if o.entry.status == Status::Failed {
                self.failed_before += 1;
            }
            return;
        }
        match o.entry.status {
            Status::Ok => self.documents += 1,
            Status::Failed => self.failed += 1,
            Status::Skipped => self.skipped += 1,
        }
        self.bytes += o.entry.bytes;
    }

    pub fn add_document(&mut self, doc: &Document) {
        self.pages += u64::from(doc.source.pages.unwrap_or(0));
        self.tables += doc.tables.len() as u64;
        for f in &doc.findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// Did any input fail, in this run or (unchanged) in the run it resumed?
    pub fn any_failed(&self) -> bool {
        self.failed + self.failed_before > 0
    }

    /// One paragraph for people.
    pub fn describe(&self) -> String {
        let secs = self.seconds.max(1e-9);
        let mut s = format!(
            "{} inputs: {} documents, {} failed, {} skipped (not reports)",
            self.inputs, self.documents, self.failed, self.skipped
        );
        if self.unchanged > 0 {
            s.push_str(&format!(
                ", {} unchanged (resumed; {} of them failed before)",
                self.unchanged, self.failed_before
            ));
        }
        s.push_str(&format!(
            "; {} pages, {} tables; findings: {} error, {} warning, {} info; {:.1} s, {:.1} documents/s, {:.2} MB/s",
            self.pages,
            self.tables,
            self.errors,
            self.warnings,
            self.infos,
            self.seconds,
            (self.documents + self.failed) as f64 / secs,
            self.bytes as f64 / 1e6 / secs
        ));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A stored (uncompressed) zip with raw entry names and no UTF-8 flag,
    /// as Chinese Windows archivers write them.
    fn raw_zip(entries: &[(&[u8], &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in entries {
            let offset = out.len() as u32;
            let crc = crc32(data);
            let mut local = Vec::new();
            local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            local.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            local.extend_from_slice(&crc.to_le_bytes());
            local.extend_from_slice(&(data.len() as u32).to_le_bytes());
            local.extend_from_slice(&(data.len() as u32).to_le_bytes());
            local.extend_from_slice(&(name.len() as u16).to_le_bytes());
            local.extend_from_slice(&0u16.to_le_bytes());
            local.extend_from_slice(name);
            out.extend_from_slice(&local);
            out.extend_from_slice(data);
            central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&crc.to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name);
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("jixiao-batch-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).ok();
        d
    }

    #[test]
    fn gbk_entry_names_are_decoded_and_entries_read_in_place() {
        let dir = temp_dir("gbk");
        let (gbk, _, _) = encoding_rs::GBK.encode("报告/绩效自评.txt");
        let text = "一、基本情况\n本年预算100万元。\n".as_bytes();
        let zip = raw_zip(&[(&gbk, text), (b"notes.png", b"\x89PNG")]);
        let path = dir.join("a.zip");
        std::fs::write(&path, zip).ok();
        let inputs = collect_inputs(std::slice::from_ref(&path));
        assert_eq!(inputs.len(), 2);
        assert!(matches!(&inputs[0], Input::Skipped { path, .. } if path.ends_with("!/notes.png")));
        assert_eq!(
            inputs[1].display(),
            format!("{}!/报告/绩效自评.txt", path.display())
        );
        assert_eq!(inputs[1].read().ok().as_deref(), Some(text));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn zip_entries_over_the_size_limit_fail_by_name() {
        let dir = temp_dir("bomb");
        let big = vec![b'x'; 5000];
        let path = dir.join("b.zip");
        std::fs::write(&path, raw_zip(&[(b"big.txt", &big), (b"small.txt", b"ok")])).ok();
        let err = read_zip_entry_within(&path, 0, 1000).map(|_| ());
        assert!(
            matches!(&err, Err(Error::Limit { limit, .. }) if *limit == "zip-entry-bytes"),
            "{err:?}"
        );
        assert_eq!(
            read_zip_entry_within(&path, 1, 1000).ok().as_deref(),
            Some(&b"ok"[..])
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn walk_takes_reports_by_extension_or_bytes_and_lists_the_rest() {
        let dir = temp_dir("walk");
        std::fs::write(dir.join("a.txt"), "一、概况\n").ok();
        std::fs::write(dir.join("scan.bin"), b"%PDF-1.4\n").ok();
        std::fs::write(dir.join("photo.jpg"), b"\xFF\xD8\xFF").ok();
        std::fs::write(dir.join(".hidden.txt"), "x").ok();
        let inputs = collect_inputs(std::slice::from_ref(&dir));
        let shown: Vec<String> = inputs.iter().map(|i| i.base_name()).collect();
        assert_eq!(shown, ["a.txt", "photo.jpg", "scan.bin"]);
        assert!(matches!(inputs[0], Input::File(_)));
        assert!(matches!(inputs[1], Input::Skipped { .. }));
        assert!(matches!(inputs[2], Input::File(_)));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_panic_or_a_spent_budget_becomes_a_failure_reason() {
        let r: std::result::Result<(), String> =
            guarded(None, || panic!("index out of bounds in a reader"));
        assert_eq!(
            r,
            Err("internal error (panic): index out of bounds in a reader".into())
        );
        let n = 3;
        let r: std::result::Result<(), String> = guarded(None, || panic!("row {n} missing"));
        assert_eq!(r, Err("internal error (panic): row 3 missing".into()));
        let r = guarded(Some(Duration::ZERO), crate::limits::check);
        assert!(r.is_err_and(|e| e.contains("timeout-per-doc")));
        assert_eq!(guarded(Some(Duration::from_secs(60)), || Ok(7)), Ok(7));
    }

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

    #[test]
    fn ordered_run_hands_over_every_input_once_in_order() {
        let inputs: Vec<Input> = (0..40)
            .map(|i| Input::Broken {
                path: format!("missing-{i}"),
                reason: "cannot read: gone".into(),
            })
            .collect();
        let opts = Options {
            jobs: 3,
            ordered: true,
            ..Default::default()
        };
        let mut seen = Vec::new();
        run(&inputs, &opts, &DoneSet::new(), |o| seen.push(o.index));
        assert_eq!(seen, (0..40).collect::<Vec<_>>());
    }

    #[test]
    fn manifest_keeps_one_line_per_path_and_skips_broken_lines() {
        let dir = temp_dir("manifest");
        let entry = |path: &str, status| ManifestEntry {
            path: path.into(),
            sha256: Some("ab".into()),
            format: Some("text".into()),
            status,
            reason: None,
            tool_version: TOOL_VERSION.into(),
            bytes: 1,
            read_ms: 0.0,
            extract_ms: 0.0,
            output: None,
        };
        {
            let (mut m, done) = Manifest::open(&dir).expect("open");
            assert!(done.is_empty());
            m.append(&entry("a", Status::Failed)).expect("append");
            m.append(&entry("a", Status::Ok)).expect("append");
            m.append(&entry("b", Status::Ok)).expect("append");
            m.finish().expect("finish");
        }
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(dir.join(MANIFEST_NAME))
            .expect("reopen");
        f.write_all(b"{\"path\":\"c\",\"sta").ok();
        let (_, done) = Manifest::open(&dir).expect("open");
        assert_eq!(done.len(), 2);
        assert_eq!(done["a"].status, Status::Ok);
        assert!(done["a"].is_done_for("ab"));
        assert!(!done["a"].is_done_for("cd"));
        let text = std::fs::read_to_string(dir.join(MANIFEST_NAME)).unwrap_or_default();
        assert_eq!(text.lines().count(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
