//! Scheduling: `jobs` rayon workers claim inputs in order from a shared
//! counter, extract them, and hand each [`Outcome`] to the sink themselves:
//! whichever worker finishes a document takes the writer's lock (if no other
//! worker holds it) and writes every outcome that is ready, in input order
//! when asked. There is no writer thread of its own, so `--jobs N` is N
//! threads in all, the database's work runs on a core that would otherwise
//! extract, and a document is written by the thread that just built it,
//! still in its cache. A worker may run at most `window` inputs ahead of the
//! oldest outcome not yet written, so memory is bounded by the documents in
//! flight, never by the corpus.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, TryLockError};
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

/// Run `process` over `inputs` on `opts.jobs` rayon threads, handing each
/// outcome to `sink` (in input order when `opts.ordered`). `sink` is called
/// from the workers, one call at a time: it is the only writer. Nothing is
/// collected here.
pub fn run<F>(inputs: &[Input], opts: &Options, done: &DoneSet, sink: F)
where
    F: FnMut(Outcome) + Send,
{
    let n = inputs.len();
    if n == 0 {
        return;
    }
    let jobs = opts.jobs.max(1);
    let handover = Handover {
        window: jobs * 4 + 4,
        ordered: opts.ordered,
        ready: Mutex::new(Ready::default()),
        writer: Mutex::new(sink),
        written: Mutex::new(0),
        gate: Condvar::new(),
    };
    let next = AtomicUsize::new(0);
    let work = || {
        rayon::scope(|s| {
            for _ in 0..jobs {
                s.spawn(|_| {
                    loop {
                        if opts.stop.as_ref().is_some_and(|s| s.load(Ordering::SeqCst)) {
                            break;
                        }
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        if i >= n || !handover.wait_for_room(i) {
                            break;
                        }
                        let o = process(i, &inputs[i], opts, done);
                        handover.put(o);
                    }
                    handover.write_ready();
                });
            }
        });
    };
    match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Outcomes finished but not yet written.
#[derive(Default)]
struct Ready {
    /// By input position.
    outcomes: BTreeMap<usize, Outcome>,
    /// The next position to write (ordered runs).
    next: usize,
}

/// What the workers share to hand outcomes to the one sink.
struct Handover<F> {
    window: usize,
    ordered: bool,
    ready: Mutex<Ready>,
    /// The sink; whoever holds this lock writes.
    writer: Mutex<F>,
    /// How many outcomes have been written; workers wait on `gate` for it.
    written: Mutex<usize>,
    gate: Condvar,
}

impl<F: FnMut(Outcome)> Handover<F> {
    /// Block until input `i` is within the window ahead of the oldest
    /// outcome not yet written. False if the run is broken (a poisoned lock).
    fn wait_for_room(&self, i: usize) -> bool {
        let Ok(mut w) = self.written.lock() else {
            return false;
        };
        while i >= *w + self.window {
            w = match self.gate.wait(w) {
                Ok(w) => w,
                Err(_) => return false,
            };
        }
        true
    }

    /// A finished outcome: queue it and write what is ready, unless another
    /// worker is writing (it will see this one before it lets go).
    fn put(&self, o: Outcome) {
        if let Ok(mut r) = self.ready.lock() {
            r.outcomes.insert(o.index, o);
        }
        self.write_ready();
    }

    /// The outcomes that may be written now, in order.
    fn take_ready(&self) -> Vec<Outcome> {
        let Ok(mut guard) = self.ready.lock() else {
            return Vec::new();
        };
        let r = &mut *guard;
        let mut out = Vec::new();
        if self.ordered {
            while let Some(e) = r.outcomes.first_entry() {
                if *e.key() != r.next {
                    break;
                }
                out.push(e.remove());
                r.next += 1;
            }
        } else {
            out.extend(std::mem::take(&mut r.outcomes).into_values());
        }
        out
    }

    fn any_ready(&self) -> bool {
        self.ready.lock().is_ok_and(|r| {
            r.outcomes
                .first_key_value()
                .is_some_and(|(&k, _)| !self.ordered || k == r.next)
        })
    }

    /// Write every ready outcome if no other worker is writing. After letting
    /// go of the writer, look again: an outcome queued while this worker held
    /// it found the lock taken and left its writing to this one.
    fn write_ready(&self) {
        loop {
            let mut sink = match self.writer.try_lock() {
                Ok(s) => s,
                Err(TryLockError::WouldBlock) => return,
                Err(TryLockError::Poisoned(_)) => return,
            };
            loop {
                let batch = self.take_ready();
                if batch.is_empty() {
                    break;
                }
                let count = batch.len();
                for o in batch {
                    (*sink)(o);
                }
                if let Ok(mut w) = self.written.lock() {
                    *w += count;
                }
                self.gate.notify_all();
            }
            drop(sink);
            if !self.any_ready() {
                return;
            }
        }
    }
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

    fn broken(n: usize) -> Vec<Input> {
        (0..n)
            .map(|i| Input::Broken {
                path: format!("missing-{i}"),
                reason: "cannot read: gone".into(),
            })
            .collect()
    }

    #[test]
    fn the_sink_runs_on_one_worker_at_a_time_and_gets_every_input_once() {
        use std::sync::atomic::AtomicUsize;
        let inputs = broken(300);
        for ordered in [false, true] {
            let opts = Options {
                jobs: 4,
                ordered,
                ..Default::default()
            };
            let inside = AtomicUsize::new(0);
            let mut seen = Vec::new();
            let mut overlapped = false;
            run(&inputs, &opts, &DoneSet::new(), |o| {
                if inside.fetch_add(1, Ordering::SeqCst) != 0 {
                    overlapped = true;
                }
                seen.push(o.index);
                std::thread::yield_now();
                inside.fetch_sub(1, Ordering::SeqCst);
            });
            assert!(!overlapped, "two sink calls at once (ordered: {ordered})");
            if !ordered {
                seen.sort_unstable();
            }
            assert_eq!(seen, (0..300).collect::<Vec<_>>(), "ordered: {ordered}");
        }
    }

    #[test]
    fn one_job_is_one_thread_for_extraction_and_writing() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus");
        let inputs: Vec<Input> = ["nanjing-land-2022.txt", "lishui-assessment-2022.txt"]
            .iter()
            .map(|f| Input::File(dir.join(f)))
            .collect();
        let workers = Arc::new(Mutex::new(std::collections::HashSet::new()));
        let seen = workers.clone();
        let opts = Options {
            jobs: 1,
            ordered: true,
            // Views are made on the thread that extracted the document.
            render: Some(Renderer(Arc::new(move |_, _| {
                seen.lock().unwrap().insert(std::thread::current().id());
                Ok(Vec::new())
            }))),
            ..Default::default()
        };
        let mut writers = std::collections::HashSet::new();
        run(&inputs, &opts, &DoneSet::new(), |_| {
            writers.insert(std::thread::current().id());
        });
        let workers = workers.lock().unwrap().clone();
        assert_eq!(workers.len(), 1);
        assert_eq!(
            writers, workers,
            "--jobs 1 wrote on another thread than it extracted on"
        );
    }

    #[test]
    fn a_set_stop_flag_starts_nothing_more() {
        let inputs = broken(500);
        let stop = Arc::new(AtomicBool::new(false));
        let opts = Options {
            jobs: 2,
            ordered: true,
            stop: Some(stop.clone()),
            ..Default::default()
        };
        let mut n = 0;
        run(&inputs, &opts, &DoneSet::new(), |_| {
            n += 1;
            if n == 5 {
                stop.store(true, Ordering::SeqCst);
            }
        });
        // Inputs already claimed finish and are handed over; at most the
        // window's worth beyond the fifth.
        assert!((5..5 + 2 * 4 + 4 + 2).contains(&n), "{n} handed over");
    }
}
