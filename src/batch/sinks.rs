//! Sinks: where outcomes go — the output directory (`--out`: one JSON file per
//! input, written atomically, and `manifest.jsonl`), the SQLite database
//! (`--db`, written by `output::sqlite`) and JSON lines on stdout (`--jsonl`).
//! [`Sinks`] is the one writer of a batch; it runs on the calling thread.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use super::inputs::Input;
use super::manifest::{DoneSet, Manifest, Status, done_in_both, write_atomic};
use super::schedule::{Options, Outcome};
use super::summary::Summary;
use crate::output::sqlite::Db;

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

/// Where a batch writes.
#[derive(Debug, Clone, Default)]
pub struct SinkConfig {
    /// `--out DIR`: DIR/<name>.json per input and DIR/manifest.jsonl.
    pub out: Option<PathBuf>,
    /// `--db FILE`: every document into SQLite.
    pub db: Option<PathBuf>,
    /// `--jsonl`: one JSON line per input on stdout, in input order.
    pub jsonl: bool,
    /// `--resume`: skip inputs the sinks already hold with the same bytes.
    pub resume: bool,
}

impl SinkConfig {
    /// A pure stream (`--jsonl` alone) answers every input it was given, a
    /// path named twice included; anything that writes files or rows takes
    /// each input once.
    pub fn inputs(&self, args: &[PathBuf]) -> Vec<Input> {
        if self.jsonl && self.out.is_none() && self.db.is_none() {
            super::inputs::expand_inputs(args)
        } else {
            super::inputs::collect_inputs(args)
        }
    }

    /// Does this configuration write anything?
    pub fn any(&self) -> bool {
        self.out.is_some() || self.db.is_some() || self.jsonl
    }
}

/// A sink that could not be opened: the path and why.
#[derive(Debug)]
pub struct OpenError {
    pub path: String,
    pub reason: String,
}

/// The one writer of a batch: takes every [`Outcome`] in turn and writes it
/// to the configured sinks. The first write error stops the batch (the rest
/// of the outcomes are ignored and [`Sinks::finish`] reports it).
pub struct Sinks {
    cfg: SinkConfig,
    names: Vec<String>,
    manifest: Option<Manifest>,
    db: Option<Db>,
    stdout: std::io::Stdout,
    summary: Summary,
    fatal: Option<String>,
}

impl Sinks {
    /// Open the output directory (and its manifest) and the database; returns
    /// the sinks and the inputs `--resume` may skip (empty without it).
    pub fn open(cfg: SinkConfig, inputs: &[Input]) -> Result<(Sinks, DoneSet), OpenError> {
        let mut manifest = None;
        let mut done = DoneSet::new();
        if let Some(dir) = &cfg.out {
            let (m, previous) = Manifest::open(dir).map_err(|e| OpenError {
                path: dir.display().to_string(),
                reason: format!("output directory: {e}"),
            })?;
            manifest = Some(m);
            done = previous;
        }
        let mut db = None;
        if let Some(path) = &cfg.db {
            let (d, previous) = Db::open(path)
                .and_then(|d| d.manifest().map(|m| (d, m)))
                .map_err(|e| OpenError {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })?;
            done = if cfg.out.is_some() {
                done_in_both(done, previous)
            } else {
                previous
            };
            db = Some(d);
        }
        if !cfg.resume {
            done.clear();
        }
        let sinks = Sinks {
            names: output_names(inputs),
            cfg,
            manifest,
            db,
            stdout: std::io::stdout(),
            summary: Summary::default(),
            fatal: None,
        };
        Ok((sinks, done))
    }

    /// What the workers must produce for these sinks.
    pub fn options(&self, jobs: usize, timeout: Option<Duration>) -> Options {
        Options {
            jobs,
            timeout,
            want_json: self.cfg.out.is_some(),
            want_line: self.cfg.jsonl || self.cfg.db.is_some(),
            want_doc: true,
            ordered: self.cfg.jsonl,
            ..Default::default()
        }
    }

    /// Write one outcome. Returns the line to show for a failed input (the
    /// caller prints it, above a progress bar if there is one).
    pub fn accept(&mut self, mut o: Outcome) -> Option<String> {
        if self.fatal.is_some() {
            return None;
        }
        self.summary.add(&o);
        if let Some(doc) = &o.doc {
            self.summary.add_document(doc);
        }
        let mut shown = None;
        if !o.unchanged {
            if o.entry.status == Status::Failed {
                shown = Some(format!(
                    "jixiao: {}: {}",
                    o.entry.path,
                    o.entry.reason.as_deref().unwrap_or("failed")
                ));
            }
            if let (Some(dir), Some(json)) = (&self.cfg.out, &o.json) {
                let name = &self.names[o.index];
                match write_atomic(&dir.join(name), json.as_bytes()) {
                    Ok(()) => o.entry.output = Some(name.clone()),
                    Err(e) => {
                        o.entry.status = Status::Failed;
                        o.entry.reason = Some(format!("cannot write output {name}: {e}"));
                        shown = Some(format!(
                            "jixiao: {}: cannot write output: {e}",
                            o.entry.path
                        ));
                    }
                }
            }
            if let Some(db) = &mut self.db {
                let doc = o.doc.as_deref().filter(|_| o.entry.status == Status::Ok);
                if let Err(e) = db.write(&o.entry, doc, o.line.as_deref()) {
                    self.fatal = Some(format!("{}: {e}", o.entry.path));
                }
            }
            if let Some(m) = &mut self.manifest
                && let Err(e) = m.append(&o.entry)
            {
                self.fatal = Some(format!("manifest: {e}"));
            }
        }
        if self.cfg.jsonl {
            let line = match (&o.line, o.unchanged) {
                (Some(l), false) => l.clone(),
                _ => failure_line(&o),
            };
            let mut lock = self.stdout.lock();
            let _ = writeln!(lock, "{line}");
        }
        shown
    }

    /// Close the sinks (compacting the manifest). The run's summary, or why
    /// the batch stopped early.
    pub fn finish(mut self, seconds: f64) -> Result<Summary, String> {
        self.summary.seconds = seconds;
        if let Some(m) = self.manifest.take()
            && let Err(e) = m.finish()
        {
            eprintln!("jixiao: manifest: {e}");
        }
        match self.fatal {
            Some(e) => Err(e),
            None => Ok(self.summary),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
