//! Totals over a run, printed at the end of a batch.

use serde::Serialize;

use super::manifest::Status;
use super::schedule::{Outcome, Stats};

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
        if let Some(s) = &o.stats {
            self.add_stats(s);
        }
    }

    fn add_stats(&mut self, s: &Stats) {
        self.pages += s.pages;
        self.tables += s.tables;
        self.errors += s.errors;
        self.warnings += s.warnings;
        self.infos += s.infos;
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
