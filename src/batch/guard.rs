//! The per-document guard: one input is read, checked against the resume set,
//! extracted within the time budget (`limits::with_deadline`) with a panic
//! caught as a last line of defence, and serialised — all on a worker thread.
//! Whatever happens, the result is one [`Outcome`] naming the input.

use std::path::Path;
use std::time::{Duration, Instant};

use super::inputs::Input;
use super::manifest::{DoneSet, ManifestEntry, Status, TOOL_VERSION, write_atomic_with};
use super::schedule::{Options, Outcome, Rendered, Renderer, Stats};
use crate::error::{Error, ErrorKind, Failure, Result};
use crate::ingest;
use crate::model::Document;

/// Extract from bytes within `timeout`, catching panics as a last line of defence.
pub fn extract_bytes_guarded(
    bytes: &[u8],
    name: &str,
    timeout: Option<Duration>,
    read: &ingest::Options,
) -> std::result::Result<Document, String> {
    extract_bytes_checked_with(bytes, name, timeout, read).map_err(|f| f.reason)
}

/// [`extract_bytes_guarded`] with the failure's kind kept (for the Python
/// package's exception classes), default reading options.
pub fn extract_bytes_checked(
    bytes: &[u8],
    name: &str,
    timeout: Option<Duration>,
) -> std::result::Result<Document, Failure> {
    extract_bytes_checked_with(bytes, name, timeout, &ingest::Options::default())
}

/// [`extract_bytes_checked`] with the readers' options (`--ocr`).
pub fn extract_bytes_checked_with(
    bytes: &[u8],
    name: &str,
    timeout: Option<Duration>,
    read: &ingest::Options,
) -> std::result::Result<Document, Failure> {
    guarded(timeout, || crate::extract_bytes_with(bytes, name, read))
}

/// Extract from bytes, then hand the document to `finish` (serialise it,
/// render it, build its rows) — every stage, output included, within one
/// time budget; an error or a panic becomes the failure reason (one line).
/// The bytes are freed once read; `sha256` is their hash when the caller has
/// taken it already.
pub fn extract_and<T>(
    bytes: Vec<u8>,
    sha256: Option<String>,
    name: &str,
    timeout: Option<Duration>,
    read: &ingest::Options,
    finish: impl FnOnce(Document) -> Result<T>,
) -> std::result::Result<T, Failure> {
    guarded(timeout, || {
        crate::limits::document(|| {
            let doc = crate::extract_owned_hashed(bytes, sha256, name, read)?;
            crate::limits::stage("output");
            finish(doc)
        })
    })
}

/// Run `f` within `timeout`; its error, or a panic, becomes the failure.
fn guarded<T>(
    timeout: Option<Duration>,
    f: impl FnOnce() -> Result<T>,
) -> std::result::Result<T, Failure> {
    let run = || catch_quietly(f);
    match crate::limits::with_deadline(timeout, run) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.into()),
        Err(message) => Err(Failure {
            kind: ErrorKind::Internal,
            reason: format!("internal error (panic{message}"),
        }),
    }
}

thread_local! {
    /// Set while `catch_quietly` runs on this thread; the panic hook then
    /// records where the panic happened here instead of printing it.
    static CATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static PANICKED_AT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Run `f`, catching a panic as " at FILE:LINE): message" for the input's
/// one-line failure. A caught panic prints nothing else (the default hook
/// would add its own lines, and a backtrace with RUST_BACKTRACE); a panic
/// outside these guards is reported by the default hook as before.
fn catch_quietly<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CATCHING.with(|c| c.get()) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                PANICKED_AT.with(|p| *p.borrow_mut() = at);
            } else {
                default(info);
            }
        }));
    });
    let outer = CATCHING.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(outer));
    result.map_err(|payload| {
        let at = PANICKED_AT
            .with(|p| p.borrow_mut().take())
            .map(|at| format!(" at {at}"))
            .unwrap_or_default();
        format!("{at}): {}", panic_message(payload.as_ref()))
    })
}

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
        stats: None,
        doc: None,
        line: None,
        files: Vec::new(),
        failure: None,
    };
    let failed = |entry: ManifestEntry, kind: ErrorKind| Outcome {
        failure: Some(kind),
        ..outcome(entry)
    };
    if let Input::Skipped { reason, .. } = input {
        entry.status = Status::Skipped;
        entry.reason = Some(reason.clone());
        return failed(entry, ErrorKind::Unsupported);
    }
    let t0 = Instant::now();
    let bytes = match input.read() {
        Ok(b) => b,
        Err(e) => {
            let kind = e.kind();
            entry.reason = Some(match e {
                Error::Io(io) => format!("cannot read: {io}"),
                other => other.to_string(),
            });
            return failed(entry, kind);
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
    entry.sha256 = Some(sha.clone());
    let t1 = Instant::now();
    let result = extract_and(bytes, Some(sha), &path, opts.timeout, &opts.read, |doc| {
        products(doc, opts, index)
    });
    entry.extract_ms = ms(t1.elapsed());
    match result {
        Ok(p) => {
            entry.format = Some(p.format.to_string());
            let mut o = outcome(entry);
            match p.written {
                Some(Ok(name)) => {
                    o.entry.status = Status::Ok;
                    o.entry.output = Some(name);
                }
                Some(Err(reason)) => o.entry.reason = Some(reason),
                None => o.entry.status = Status::Ok,
            }
            match p.files {
                Ok(files) => o.files = files,
                Err(reason) => {
                    o.entry.status = Status::Failed;
                    o.entry.reason = Some(reason);
                }
            }
            o.stats = Some(p.stats);
            o.line = p.line;
            o.doc = p.doc;
            o
        }
        Err(f) => {
            entry.reason = Some(f.reason);
            failed(entry, f.kind)
        }
    }
}

/// What a worker makes of a document for the sinks.
struct Products {
    format: &'static str,
    stats: Stats,
    line: Option<Vec<u8>>,
    /// The JSON file written in the output directory, or why it could not be.
    written: Option<std::result::Result<String, String>>,
    /// Report pages and workbooks for the writer, or why they could not be made.
    files: std::result::Result<Vec<Rendered>, String>,
    doc: Option<Box<Document>>,
}

/// Serialise (and write) what the sinks need, on the worker, inside the time
/// budget. The in-memory JSON line comes first: a document too large for it
/// fails (`max-json-bytes`) before any file is written.
fn products(doc: Document, opts: &Options, index: usize) -> Result<Products> {
    let line = if opts.want_line {
        Some(crate::output::to_json_line(&doc)?)
    } else {
        None
    };
    let written = match &opts.out {
        Some(out) => Some(write_json_file(
            &doc,
            line.as_deref(),
            &out.dir,
            &out.names[index],
        )?),
        None => None,
    };
    let files = match &opts.render {
        Some(r) => render_guarded(r, index, &doc),
        None => Ok(Vec::new()),
    };
    crate::limits::check()?;
    Ok(Products {
        format: doc.source.format.as_str(),
        stats: Stats::of(&doc),
        line,
        written,
        files,
        doc: opts.want_doc.then(|| Box::new(doc)),
    })
}

/// Write `dir/name` atomically (a temporary name, then rename): the JSON
/// line re-indented when the worker made one anyway, else streamed from the
/// model. A spent time budget fails the document; a file that cannot be
/// written is reported as the input's failure.
fn write_json_file(
    doc: &Document,
    line: Option<&[u8]>,
    dir: &Path,
    name: &str,
) -> Result<std::result::Result<String, String>> {
    let written = write_atomic_with(&dir.join(name), |f| match line {
        Some(line) => {
            let mut w = std::io::BufWriter::new(f);
            crate::output::write_pretty_from_compact(line, &mut w)
                .and_then(|()| std::io::Write::flush(&mut w))
                .map_err(Error::Io)
        }
        None => crate::output::write_json(doc, std::io::BufWriter::new(f), true, None),
    });
    match written {
        Ok(()) => Ok(Ok(name.to_string())),
        Err(e @ Error::Limit { .. }) => Err(e),
        Err(Error::Io(e)) => Ok(Err(format!("cannot write output {name}: {e}"))),
        Err(e) => Ok(Err(format!("cannot write output {name}: {e}"))),
    }
}

/// Run a renderer; a panic in it becomes the input's failure reason.
fn render_guarded(
    r: &Renderer,
    index: usize,
    doc: &Document,
) -> std::result::Result<Vec<Rendered>, String> {
    match catch_quietly(|| (r.0)(index, doc)) {
        Ok(result) => result,
        Err(message) => Err(format!("cannot render: internal error (panic{message}")),
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e5).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_or_a_spent_budget_becomes_a_failure_reason() {
        let r: std::result::Result<(), Failure> =
            guarded(None, || panic!("index out of bounds in a reader"));
        let line = line!() - 1;
        assert_eq!(
            r,
            Err(Failure {
                kind: ErrorKind::Internal,
                reason: format!(
                    "internal error (panic at src/batch/guard.rs:{line}): index out of bounds in a reader"
                )
            })
        );
        let n = 3;
        let r: std::result::Result<(), Failure> = guarded(None, || panic!("row {n} missing"));
        let r = r.map_err(|f| f.reason).unwrap_err();
        assert!(
            r.starts_with("internal error (panic at src/batch/guard.rs:")
                && r.ends_with("): row 3 missing"),
            "{r}"
        );
        let r = guarded(Some(Duration::ZERO), crate::limits::check);
        assert!(r.is_err_and(|e| e.reason.contains("timeout-per-doc")
            && e.kind == ErrorKind::Limit("timeout-per-doc")));
        assert_eq!(guarded(Some(Duration::from_secs(60)), || Ok(7)), Ok(7));
    }
}
