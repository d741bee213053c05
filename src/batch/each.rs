//! Documents in input order for library callers (the Python package's
//! `extract_many`): the same parallel run as the command line's batches —
//! workers, time budget, panic guard, bounded window — with each input's
//! document or typed failure handed to a callback instead of a sink, and a
//! way to stop early.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::inputs::Input;
use super::manifest::{DoneSet, Status};
use super::schedule::{Options, run};
use crate::error::{ErrorKind, Failure};
use crate::model::Document;

/// What one input gave.
#[derive(Debug)]
pub enum Each {
    Document(Box<Document>),
    Failed(Failure),
    /// Met in a directory walk but not a report (not an error: listed, not extracted).
    Skipped(String),
}

/// Extract `inputs` on `jobs` threads within `timeout` each, handing every
/// input's result to `each` (called from the workers, one call at a time),
/// in input order. `each` returns `false` to stop: inputs not yet started
/// are not started (those in flight finish and are dropped).
pub fn extract_each<F>(inputs: &[Input], jobs: usize, timeout: Option<Duration>, each: F)
where
    F: FnMut(&Input, Each) -> bool + Send,
{
    extract_each_with(
        inputs,
        jobs,
        timeout,
        crate::ingest::Options::default(),
        each,
    )
}

/// [`extract_each`] with the readers' options (`--ocr`).
pub fn extract_each_with<F>(
    inputs: &[Input],
    jobs: usize,
    timeout: Option<Duration>,
    read: crate::ingest::Options,
    mut each: F,
) where
    F: FnMut(&Input, Each) -> bool + Send,
{
    let stop = Arc::new(AtomicBool::new(false));
    let opts = Options {
        jobs,
        timeout,
        read,
        want_doc: true,
        ordered: true,
        stop: Some(stop.clone()),
        ..Default::default()
    };
    run(inputs, &opts, &DoneSet::new(), |o| {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let result = match (o.doc.take(), o.entry.status) {
            (Some(doc), _) => Each::Document(doc),
            (None, Status::Skipped) => Each::Skipped(o.entry.reason.take().unwrap_or_default()),
            (None, _) => Each::Failed(Failure {
                kind: o.failure.unwrap_or(ErrorKind::Internal),
                reason: o.entry.reason.take().unwrap_or_else(|| "failed".into()),
            }),
        };
        if !each(&inputs[o.index], result) {
            stop.store(true, Ordering::SeqCst);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Input {
        Input::File(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name))
    }

    #[test]
    fn documents_and_failures_come_in_input_order() {
        let inputs = vec![
            fixture("fixtures/corpus/nanjing-land-2022.txt"),
            Input::Broken {
                path: "gone.pdf".into(),
                reason: "cannot read: no such file or directory".into(),
            },
            fixture("fixtures/bad/password-aes256.pdf"),
            Input::Skipped {
                path: "photo.jpg".into(),
                reason: "not a report".into(),
            },
            fixture("fixtures/corpus/lishui-assessment-2022.txt"),
        ];
        let mut seen = Vec::new();
        extract_each(&inputs, 3, None, |input, r| {
            seen.push(match r {
                Each::Document(d) => format!("doc {}", d.source.path.rsplit('/').next().unwrap()),
                Each::Failed(f) => format!("{:?} {}", f.kind, input.display()),
                Each::Skipped(_) => format!("skipped {}", input.display()),
            });
            true
        });
        assert_eq!(seen[0], "doc nanjing-land-2022.txt");
        assert_eq!(seen[1], "Read gone.pdf");
        assert!(seen[2].starts_with("Encrypted "), "{}", seen[2]);
        assert_eq!(seen[3], "skipped photo.jpg");
        assert_eq!(seen[4], "doc lishui-assessment-2022.txt");
        assert_eq!(seen.len(), 5);
    }

    #[test]
    fn returning_false_stops_the_batch() {
        let inputs: Vec<Input> = (0..200)
            .map(|i| Input::Broken {
                path: format!("missing-{i}"),
                reason: "cannot read: gone".into(),
            })
            .collect();
        let mut n = 0;
        extract_each(&inputs, 2, None, |_, _| {
            n += 1;
            n < 3
        });
        assert_eq!(n, 3);
    }
}
