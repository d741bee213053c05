//! limits: the safety limits that keep one hostile or broken input from
//! crashing, hanging or exhausting memory. Every reader uses these; each limit
//! has a name that appears in the error when it is hit
//! (`Error::Limit { limit, .. }`) and in the README's table.
//!
//! The per-document time budget is cooperative: `batch` (or the CLI) runs each
//! document inside [`with_deadline`], and readers call [`check`] in their loops
//! (per page, per few thousand operators, per zip entry). A thread cannot be
//! killed safely in Rust, so a reader that never calls `check` cannot be
//! stopped — keep the calls in every loop whose length the input decides.

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
/// Most objects read from one PDF (or XML elements from one DOCX part).
pub const MAX_OBJECTS: usize = 5_000_000;
/// Most cells one spreadsheet sheet, table grid or merged range may span
/// (spreadsheets and HTML tables: a hostile A1:XFD1048576 is 17 billion).
pub const MAX_TABLE_CELLS: usize = 4_000_000;
/// Default per-document time budget (`--timeout-per-doc`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

thread_local! {
    static DEADLINE: Cell<Option<(Instant, Duration)>> = const { Cell::new(None) };
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
            detail: format!("document not finished within {} s", budget.as_secs_f32()),
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
    fn nested_budget_keeps_the_tighter_deadline() {
        let r = with_deadline(Some(Duration::ZERO), || {
            with_deadline(Some(Duration::from_secs(3600)), check)
        });
        assert!(r.is_err());
    }
}
