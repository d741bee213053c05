//! Scheduling: rayon workers claim inputs in order from a shared counter and
//! send [`Outcome`]s over a bounded channel; the caller's thread is the only
//! writer. A worker may run at most `window` inputs ahead of the oldest
//! outcome not yet handed over, so memory is bounded by the documents in
//! flight, never by the corpus.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::time::Duration;

use super::guard::process;
use super::inputs::Input;
use super::manifest::{DoneSet, ManifestEntry};
use crate::model::{Document, Severity};

/// What happened to one input. The worker serialises and writes what it
/// can, so an outcome carries only what the writer needs: a document kept
/// whole only when asked for (`want_doc`), never by default.
#[derive(Debug)]
pub struct Outcome {
    /// Position in the input list.
    pub index: usize,
    /// Its manifest entry; `output` names the JSON file the worker wrote.
    pub entry: ManifestEntry,
    /// Already done by an earlier run with the same bytes and tool version (`--resume`).
    pub unchanged: bool,
    /// Counts for the run's summary (a document was extracted).
    pub stats: Option<Stats>,
    /// The document itself, when `Options::want_doc`.
    pub doc: Option<Box<Document>>,
    /// One JSON line, serialised by the worker (`--jsonl`, the database).
    pub line: Option<String>,
    /// The kind of failure when the input gave no document (or was skipped).
    pub failure: Option<crate::error::ErrorKind>,
    /// Files made from the document by the worker ([`Options::render`]).
    pub files: Vec<Rendered>,
}

/// A file made from a document on a worker (a report page, a workbook);
/// the writer only writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// What the workers make of each document besides JSON: (input position,
/// document) → files, or why they could not be made.
pub type RenderFn = dyn Fn(usize, &Document) -> Result<Vec<Rendered>, String> + Send + Sync;

/// A shared [`RenderFn`].
#[derive(Clone)]
pub struct Renderer(pub Arc<RenderFn>);

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Renderer")
    }
}

/// A document's counts for the run's summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub pages: u64,
    pub tables: u64,
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
}

impl Stats {
    pub fn of(doc: &Document) -> Stats {
        let mut s = Stats {
            pages: u64::from(doc.source.pages.unwrap_or(0)),
            tables: doc.tables.len() as u64,
            ..Stats::default()
        };
        for f in &doc.findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// Where a worker writes a document's JSON file.
#[derive(Debug, Clone, Default)]
pub struct OutDir {
    pub dir: PathBuf,
    /// File name per input index (`sinks::output_names`).
    pub names: Vec<String>,
}

/// What the workers produce for each document.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub jobs: usize,
    pub timeout: Option<Duration>,
    /// Write pretty JSON into an output directory (on the worker).
    pub out: Option<OutDir>,
    /// Serialise a JSON line (`--jsonl`, the database).
    pub want_line: bool,
    /// Hand the document itself to the writer.
    pub want_doc: bool,
    /// Hand outcomes over in input order (needed for `--jsonl`).
    pub ordered: bool,
    /// The readers' options (`--ocr`).
    pub read: crate::ingest::Options,
    /// Views of each document made on the worker (report pages, workbooks).
    pub render: Option<Renderer>,
    /// Once set, workers start no further input (a caller that stopped
    /// reading, e.g. a Python loop left early); inputs in flight finish.
    pub stop: Option<Arc<AtomicBool>>,
}

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
                                if opts.stop.as_ref().is_some_and(|s| s.load(Ordering::SeqCst)) {
                                    break;
                                }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
