//! limits: the safety limits that keep one hostile or broken input from
//! crashing, hanging or exhausting memory. Every reader uses these; each limit
//! has a name that appears in the error when it is hit
//! (`Error::Limit { limit, .. }`) and in the README's table.
//!
//! The per-document time budget is cooperative: `batch` (or the CLI) runs each
//! document inside [`with_deadline`], and every stage calls [`check`] in its
//! loops (per page, per few thousand operators, per block, per table, per
//! few thousand JSON bytes written). A thread cannot be killed safely in Rust,
//! so a loop that never calls `check` cannot be stopped — keep the calls in
//! every loop whose length the input decides. The stage running is recorded
//! ([`stage`]) so a time-out names it.
//!
//! The size of what one document may hold in memory is bounded too: readers
//! and `structure` [`count`] the table cells, glyphs, paragraphs and prose
//! figures they create, and the document fails with the limit's name when one
//! is passed (`max-cells`, `max-glyphs`, `max-paragraphs`, `max-figures`) —
//! at under 300 MB, long before memory runs out. The counts are per document
//! ([`document`]).

use std::cell::Cell;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// Largest decompressed size of one zip/docx entry (zip bombs).
pub const MAX_ZIP_ENTRY_BYTES: u64 = 256 * 1024 * 1024;
/// Largest decompressed size of one PDF stream.
pub const MAX_STREAM_BYTES: usize = 256 * 1024 * 1024;
/// Deepest nesting followed: Form XObjects inside Form XObjects, nested PDF
/// objects, tables inside table cells.
pub const MAX_NESTING: usize = 32;
/// Most pages read from one PDF.
pub const MAX_PAGES: usize = 10_000;
/// Most objects read from one PDF.
pub const MAX_OBJECTS: usize = 5_000_000;
/// Most cells one spreadsheet sheet, table grid or merged range may span
/// (spreadsheets and HTML tables: a hostile A1:XFD1048576 is 17 billion).
pub const MAX_TABLE_CELLS: usize = 4_000_000;
/// Most XML elements in one DOCX part (a 1,000-page Word document has about
/// a third of this); the part's element tree stays under 200 MB.
pub const MAX_XML_ELEMENTS: usize = 1_000_000;
/// Largest decompressed DOCX XML part (document.xml, styles.xml …).
pub const MAX_XML_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Default per-document time budget (`--timeout-per-doc`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Most table cells in one document (header and body, merged positions
/// included). A 500-page budget book holds about 100,000 (the real budgets
/// here, 2,300 at most); a document costs about 0.8 KB of memory per cell,
/// so that at 500,000 a 5 MB text table peaked at 370 MB.
pub const MAX_CELLS: usize = 250_000;
/// Most glyphs and ruling lines placed on the pages of one PDF (about 400
/// full pages of Chinese text; real reports hold a tenth of this). A PDF
/// read in full costs up to about 270 bytes per glyph (one line of 1.4
/// million glyphs peaked at 386 MB under the former 1,500,000).
pub const MAX_GLYPHS: usize = 1_000_000;
/// Most figures in the prose of one document (cells' figures are bounded by
/// [`MAX_CELLS`]). Real reports hold a few hundred; a document costs about
/// 0.7 KB of memory per figure in its prose (with its paragraph and checks),
/// so that 350,000 keep the peak under 300 MB (at 500,000 a 16 MB text of
/// numbered lines peaked at 440 MB).
pub const MAX_FIGURES: usize = 350_000;
/// Most paragraphs in one document (a 10,000-page report holds fewer).
pub const MAX_PARAGRAPHS: usize = 500_000;
/// Most lines in one text file (the reader indexes them all).
pub const MAX_LINES: usize = 2_000_000;
/// Largest document JSON built in memory (a `--jsonl` line, the database's
/// `documents.json`). JSON written to a file or stdout is streamed and has no
/// such limit.
pub const MAX_JSON_BYTES: usize = 256 * 1024 * 1024;

/// What a document's size is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Cells,
    Glyphs,
    Figures,
    Paragraphs,
}

impl Counted {
    fn index(self) -> usize {
        self as usize
    }

    /// The limit's name and value.
    pub fn limit(self) -> (&'static str, usize, &'static str) {
        match self {
            Counted::Cells => ("max-cells", MAX_CELLS, "table cells"),
            Counted::Glyphs => ("max-glyphs", MAX_GLYPHS, "glyphs and ruling lines"),
            Counted::Figures => ("max-figures", MAX_FIGURES, "figures in the text"),
            Counted::Paragraphs => ("max-paragraphs", MAX_PARAGRAPHS, "paragraphs"),
        }
    }
}

thread_local! {
    static DEADLINE: Cell<Option<(Instant, Duration)>> = const { Cell::new(None) };
    static STAGE: Cell<&'static str> = const { Cell::new("") };
    /// Counts of the current document, or None outside [`document`].
    static COUNTS: Cell<Option<[usize; 4]>> = const { Cell::new(None) };
}

/// Run `f` as one document: the counts of [`count`] start from zero and
/// their limits apply (outside, nothing is counted). Nested calls share the
/// outer document's counts.
pub fn document<T>(f: impl FnOnce() -> T) -> T {
    let previous = COUNTS.with(|c| c.get());
    let stage = STAGE.with(|s| s.get());
    if previous.is_none() {
        COUNTS.with(|c| c.set(Some([0; 4])));
    }
    struct Restore(Option<[usize; 4]>, &'static str);
    impl Drop for Restore {
        fn drop(&mut self) {
            COUNTS.with(|c| c.set(self.0));
            STAGE.with(|s| s.set(self.1));
        }
    }
    let _restore = Restore(previous, stage);
    f()
}

/// Count `n` more of `what` in the current document; fails with the limit's
/// name once the document holds more than the limit allows.
pub fn count(what: Counted, n: usize) -> Result<()> {
    let over = COUNTS.with(|c| {
        let mut counts = c.get()?;
        let i = what.index();
        counts[i] = counts[i].saturating_add(n);
        c.set(Some(counts));
        (counts[i] > what.limit().1).then_some(counts[i])
    });
    match over {
        None => Ok(()),
        Some(_) => {
            let (name, max, noun) = what.limit();
            Err(exceeded(
                name,
                format!(
                    "the document holds more than {max} {noun} (in {})",
                    current_stage()
                ),
            ))
        }
    }
}

/// How many more of `what` the current document may hold (unbounded outside
/// [`document`]).
pub fn room(what: Counted) -> usize {
    COUNTS.with(|c| match c.get() {
        Some(counts) => what.limit().1.saturating_sub(counts[what.index()]),
        None => usize::MAX,
    })
}

/// Record the pipeline stage now running on this thread: "ingest",
/// "structure", "audit", "output". A time-out names it.
pub fn stage(name: &'static str) {
    STAGE.with(|s| s.set(name));
}

fn current_stage() -> &'static str {
    match STAGE.with(|s| s.get()) {
        "" => "extract",
        s => s,
    }
}

/// Run `f` with a time budget on this thread; [`check`] fails once it is spent.
/// Nested calls keep the earlier (tighter) deadline.
pub fn with_deadline<T>(budget: Option<Duration>, f: impl FnOnce() -> T) -> T {
    let previous = DEADLINE.with(|d| d.get());
    if let Some(b) = budget {
        let new = (Instant::now() + b, b);
        let tighter = match previous {
            Some((p, _)) if p <= new.0 => previous,
            _ => Some(new),
        };
        DEADLINE.with(|d| d.set(tighter));
    }
    // Restore the previous deadline even if `f` panics.
    struct Restore(Option<(Instant, Duration)>);
    impl Drop for Restore {
        fn drop(&mut self) {
            DEADLINE.with(|d| d.set(self.0));
        }
    }
    let _restore = Restore(previous);
    f()
}

/// Fail with `Error::Limit { limit: "timeout-per-doc" }` once the current
/// document's time budget is spent. Cheap: one clock read.
pub fn check() -> Result<()> {
    match DEADLINE.with(|d| d.get()) {
        Some((deadline, budget)) if Instant::now() >= deadline => Err(Error::Limit {
            limit: "timeout-per-doc",
            detail: format!(
                "document not finished within {} s (stopped in {})",
                budget.as_secs_f32(),
                current_stage()
            ),
        }),
        _ => Ok(()),
    }
}

/// When the current document's time budget runs out, for work this thread
/// hands to other threads or to child processes (which cannot see it).
pub fn deadline() -> Option<Instant> {
    DEADLINE.with(|d| d.get()).map(|(at, _)| at)
}

/// The error for a limit hit, with a uniform message.
pub fn exceeded(limit: &'static str, detail: impl Into<String>) -> Error {
    Error::Limit {
        limit,
        detail: detail.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_deadline_never_fails() {
        assert!(check().is_ok());
    }

    #[test]
    fn spent_budget_fails_by_name_and_is_restored() {
        let r = with_deadline(Some(Duration::ZERO), check);
        match r {
            Err(Error::Limit { limit, .. }) => assert_eq!(limit, "timeout-per-doc"),
            other => panic!("expected a limit error, got {other:?}"),
        }
        assert!(check().is_ok(), "deadline must not outlive with_deadline");
    }

    #[test]
    fn a_time_out_names_the_stage() {
        let r = document(|| {
            with_deadline(Some(Duration::ZERO), || {
                stage("audit");
                check()
            })
        });
        let msg = r.map_err(|e| e.to_string()).err().unwrap_or_default();
        assert!(
            msg.contains("timeout-per-doc") && msg.contains("in audit"),
            "{msg}"
        );
    }

    #[test]
    fn counts_are_per_document_and_fail_by_name() {
        // Outside a document nothing is counted.
        assert!(count(Counted::Cells, MAX_CELLS + 1).is_ok());
        assert_eq!(room(Counted::Cells), usize::MAX);
        document(|| {
            assert!(count(Counted::Cells, MAX_CELLS).is_ok());
            assert_eq!(room(Counted::Cells), 0);
            assert_eq!(room(Counted::Glyphs), MAX_GLYPHS);
            match count(Counted::Cells, 1) {
                Err(Error::Limit { limit, .. }) => assert_eq!(limit, "max-cells"),
                other => panic!("expected max-cells, got {other:?}"),
            }
        });
        document(|| assert_eq!(room(Counted::Cells), MAX_CELLS));
    }

    #[test]
    fn nested_budget_keeps_the_tighter_deadline() {
        let r = with_deadline(Some(Duration::ZERO), || {
            with_deadline(Some(Duration::from_secs(3600)), check)
        });
        assert!(r.is_err());
    }
}
