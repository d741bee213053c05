//! Scheduling: `jobs` rayon workers claim inputs in order from a shared
//! counter, extract them, and hand each [`Outcome`] to the sink themselves —
//! there is no writer thread, so `--jobs N` is N threads in all. Worker 0
//! writes every outcome that is ready after each of its documents; the
//! others leave theirs queued unless worker 0 falls behind (then whoever
//! gets the writer's lock writes, one at a time, in input order when asked).
//! An outcome written by another worker goes back to its maker to be
//! dropped. Both keep each allocation on the thread that made it (see
//! [`Handover::write_ready`]). A worker may run at most `window` inputs
//! ahead of the oldest outcome not yet written, so memory is bounded by the
//! documents in flight, never by the corpus.

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
    /// One JSON line (UTF-8), serialised by the worker (`--jsonl`, the database).
    pub line: Option<Vec<u8>>,
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
/// from the workers, one call at a time: it is the only writer. It may take
/// what it wants out of the outcome; the rest is dropped by the worker that
/// made it. Nothing is collected here.
pub fn run<F>(inputs: &[Input], opts: &Options, done: &DoneSet, sink: F)
where
    F: FnMut(&mut Outcome) + Send,
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
        waiting: AtomicUsize::new(0),
        broken: AtomicBool::new(false),
        spent: (0..jobs).map(|_| Mutex::new(Vec::new())).collect(),
    };
    let next = AtomicUsize::new(0);
    let work = || {
        rayon::scope(|s| {
            for worker in 0..jobs {
                let (handover, next) = (&handover, &next);
                s.spawn(move |_| {
                    loop {
                        handover.drop_spent(worker);
                        if opts.stop.as_ref().is_some_and(|s| s.load(Ordering::SeqCst)) {
                            break;
                        }
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        if i >= n || !handover.wait_for_room(worker, i) {
                            break;
                        }
                        let o = process(i, &inputs[i], opts, done);
                        handover.put(worker, o);
                    }
                    handover.write_ready(worker, true);
                    handover.drop_spent(worker);
                });
            }
        });
    };
    match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Outcomes finished but not yet written, each with the worker that made it.
#[derive(Default)]
struct Ready {
    /// By input position.
    outcomes: BTreeMap<usize, (usize, Outcome)>,
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
    /// Workers asleep on `gate`.
    waiting: AtomicUsize,
    /// The sink panicked: nothing more will be written, so nobody may wait.
    broken: AtomicBool,
    /// Per worker: its outcomes written by another worker, to be dropped by
    /// their maker. A document is tens of thousands of small allocations from
    /// its maker's malloc arena; freed by another thread, each takes that
    /// arena's lock while its owner is allocating in it (thousands of futex
    /// waits per batch, a fifth of a core idle with `--db`).
    spent: Vec<Mutex<Vec<Outcome>>>,
}

impl<F: FnMut(&mut Outcome)> Handover<F> {
    /// Block until input `i` is within the window ahead of the oldest
    /// outcome not yet written, writing what is ready first (a worker never
    /// sleeps on outcomes it could write). False if the run is broken (a
    /// poisoned lock).
    fn wait_for_room(&self, worker: usize, i: usize) -> bool {
        let full = |w: usize| i >= w + self.window;
        if self.written.lock().is_ok_and(|w| full(*w)) {
            self.write_ready(worker, true);
        }
        let Ok(mut w) = self.written.lock() else {
            return false;
        };
        while full(*w) {
            if self.broken.load(Ordering::SeqCst) {
                return false;
            }
            self.waiting.fetch_add(1, Ordering::SeqCst);
            let woken = self.gate.wait(w);
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            w = match woken {
                Ok(w) => w,
                Err(_) => return false,
            };
        }
        true
    }

    /// A finished outcome: queue it and write what is ready, unless another
    /// worker is writing (it will see this one before it lets go).
    fn put(&self, worker: usize, o: Outcome) {
        if let Ok(mut r) = self.ready.lock() {
            r.outcomes.insert(o.index, (worker, o));
        }
        self.write_ready(worker, false);
    }

    /// Drop this worker's outcomes that others wrote.
    fn drop_spent(&self, worker: usize) {
        let spent = self
            .spent
            .get(worker)
            .and_then(|s| s.lock().ok().map(|mut v| std::mem::take(&mut *v)));
        drop(spent);
    }

    /// The outcomes that may be written now, in order.
    fn take_ready(&self) -> Vec<(usize, Outcome)> {
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

    /// How many outcomes could be written now (up to `limit`).
    fn writable(&self, limit: usize) -> usize {
        self.ready.lock().map_or(0, |r| {
            if self.ordered {
                (r.next..)
                    .take(limit)
                    .take_while(|i| r.outcomes.contains_key(i))
                    .count()
            } else {
                r.outcomes.len().min(limit)
            }
        })
    }

    /// Write every ready outcome if no other worker is writing. After letting
    /// go of the writer, look again: an outcome queued while this worker held
    /// it found the lock taken and left its writing to this one.
    ///
    /// Worker 0 is the writer; the others write only when it falls behind
    /// (half a window ready, or a worker asleep waiting for room), before
    /// they sleep themselves, and when they finish (`force`). Whatever a
    /// writer allocates (SQLite's pages and statements, the sinks' buffers)
    /// is then freed by the same thread: memory passed between threads makes
    /// glibc lock one worker's malloc arena from the other, and they wait on
    /// each other.
    fn write_ready(&self, worker: usize, force: bool) {
        if worker != 0
            && !force
            && self.waiting.load(Ordering::SeqCst) == 0
            && self.writable(self.window / 2) < self.window / 2
        {
            return;
        }
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
                for (maker, mut o) in batch {
                    let wrote = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        (*sink)(&mut o);
                    }));
                    if let Err(panic) = wrote {
                        // Wake every worker waiting for room (none will
                        // come), then let the panic reach the caller.
                        if let Ok(_w) = self.written.lock() {
                            self.broken.store(true, Ordering::SeqCst);
                        }
                        self.gate.notify_all();
                        std::panic::resume_unwind(panic);
                    }
                    if maker != worker
                        && let Some(Ok(mut spent)) = self.spent.get(maker).map(|s| s.lock())
                    {
                        spent.push(o);
                    }
                }
                if let Ok(mut w) = self.written.lock() {
                    *w += count;
                }
                self.gate.notify_all();
            }
            drop(sink);
            if self.writable(1) == 0 {
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

    fn options(jobs: usize, ordered: bool) -> Options {
        Options {
            jobs,
            ordered,
            ..Default::default()
        }
    }

    #[test]
    fn the_sink_runs_on_one_worker_at_a_time_and_gets_every_input_once() {
        use std::sync::atomic::AtomicUsize;
        let inputs = broken(300);
        for ordered in [false, true] {
            let opts = options(4, ordered);
            let inside = AtomicUsize::new(0);
            let mut seen = Vec::new();
            let mut overlapped = false;
            run(&inputs, &opts, &DoneSet::new(), |o| {
                if inside.fetch_add(1, Ordering::SeqCst) != 0 {
                    overlapped = true;
                }
                seen.push(o.index);
                // Now and then a slow write, so that the other workers
                // queue up, fill the window and take over the writing.
                if o.index % 25 == 0 {
                    std::thread::sleep(Duration::from_millis(2));
                }
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
    fn a_panicking_sink_panics_the_run_instead_of_hanging_it() {
        let inputs = broken(400);
        for ordered in [false, true] {
            let opts = options(3, ordered);
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run(&inputs, &opts, &DoneSet::new(), |o| {
                    assert!(o.index != 7, "sink failure");
                });
            }));
            assert!(result.is_err(), "ordered: {ordered}");
        }
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
