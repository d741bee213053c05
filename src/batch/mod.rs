//! batch: many inputs in parallel. Knows nothing about formats beyond telling
//! a report from an archive: it walks the inputs, runs `extract` on each
//! inside the per-document time budget (catching panics as a last line of
//! defence), and hands every outcome, good or bad, to one writer, run by the
//! worker that finished it (one at a time). One file per part:
//!
//! | file | what it owns |
//! |---|---|
//! | `inputs.rs` | files, directory walks, .zip archives read in place, `--stdin-paths` |
//! | `schedule.rs` | the parallel run: workers, who writes, the window ahead of the writer, input order |
//! | `guard.rs` | one input on a worker: read, resume check, time budget, panic guard, serialise |
//! | `manifest.rs` | `manifest.jsonl`, its entries, and what `--resume` may skip |
//! | `sinks.rs` | the writer: output directory (JSON, or the report's pages and index), `--xlsx`, SQLite (`output::sqlite`), `--jsonl` |
//! | `summary.rs` | the totals printed at the end |
//! | `each.rs` | documents in input order for library callers (the Python package) |
//!
//! A command runs a batch as: inputs → `Sinks::open` (what to resume) →
//! `schedule::run` with `Sinks::accept` as the writer → `Sinks::finish`.

pub mod each;
pub mod guard;
pub mod inputs;
pub mod manifest;
pub mod schedule;
pub mod sinks;
pub mod summary;

pub use each::{Each, extract_each, extract_each_with};
pub use guard::{
    extract_and, extract_bytes_checked, extract_bytes_checked_with, extract_bytes_guarded, process,
};
pub use inputs::{Input, collect_inputs, decode_entry_name, expand_inputs, paths_from};
pub use manifest::{
    DoneSet, MANIFEST_NAME, Manifest, ManifestEntry, Status, TOOL_VERSION, read_manifest,
    write_atomic, write_atomic_with,
};
pub use schedule::{Options, OutDir, Outcome, Rendered, Renderer, Stats, run};
pub use sinks::{OpenError, SinkConfig, Sinks, failure_line, output_names, output_stems};
pub use summary::Summary;
