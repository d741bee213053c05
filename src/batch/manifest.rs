//! The manifest and `--resume`: one entry per input of a run (good, failed or
//! skipped) in `DIR/manifest.jsonl` (and the database's `manifest` table), and
//! the rule deciding which inputs an earlier run already did.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Version recorded in the manifest; `--resume` redoes work done by another version.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Failed,
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
        }
    }
}

/// One line of the manifest (`manifest.jsonl`, or the `manifest` table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub tool_version: String,
    #[serde(default)]
    pub bytes: u64,
    /// Time to read the bytes (and decompress a zip entry), milliseconds.
    #[serde(default)]
    pub read_ms: f64,
    /// Time to extract and audit, milliseconds.
    #[serde(default)]
    pub extract_ms: f64,
    /// Output file name in the output directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

impl ManifestEntry {
    /// Would running this input again, with these bytes, give the same result?
    /// Time-outs and read errors may not repeat, so they are redone.
    pub fn is_done_for(&self, sha256: &str) -> bool {
        let repeatable = match self.status {
            Status::Ok => true,
            Status::Failed => self
                .reason
                .as_deref()
                .is_some_and(|r| !r.contains("timeout-per-doc") && !r.starts_with("cannot read")),
            Status::Skipped => false,
        };
        repeatable && self.tool_version == TOOL_VERSION && self.sha256.as_deref() == Some(sha256)
    }
}

/// Inputs already done: path → manifest entry of the run that did them.
pub type DoneSet = HashMap<String, ManifestEntry>;

/// What `--resume` may skip, given the entries of the output directory's
/// manifest and of the database: with both sinks an input is done only when
/// both have it with the same bytes.
pub fn done_in_both(out: DoneSet, db: DoneSet) -> DoneSet {
    out.into_iter()
        .filter(|(p, e)| db.get(p).is_some_and(|q| q.sha256 == e.sha256))
        .collect()
}

/// Write a file atomically: a temporary name in the same directory, then rename.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |f| f.write_all(contents).map_err(Error::Io)).map_err(|e| match e {
        Error::Io(io) => io,
        other => std::io::Error::other(other.to_string()),
    })
}

/// Write a file atomically with `fill`, which writes into the temporary file
/// (and may stream); on any failure the temporary file is removed.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let written = std::fs::File::create(&tmp)
        .map_err(Error::Io)
        .and_then(|mut f| {
            fill(&mut f)?;
            f.sync_data().map_err(Error::Io)
        })
        .and_then(|()| std::fs::rename(&tmp, path).map_err(Error::Io));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// The manifest of an output directory: one JSON line per input, appended as
/// inputs finish and compacted (last line per path wins) when a run starts and ends.
pub struct Manifest {
    path: PathBuf,
    file: std::fs::File,
}

pub const MANIFEST_NAME: &str = "manifest.jsonl";

impl Manifest {
    /// Open `dir/manifest.jsonl`, removing temporary files an interrupted run
    /// left behind; returns the entries already there.
    pub fn open(dir: &Path) -> Result<(Manifest, DoneSet)> {
        std::fs::create_dir_all(dir)?;
        for e in std::fs::read_dir(dir)?.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && name.contains(".tmp") {
                let _ = std::fs::remove_file(e.path());
            }
        }
        let path = dir.join(MANIFEST_NAME);
        let done = read_manifest(&path);
        compact(&path, &done)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        Ok((Manifest { path, file }, done))
    }

    pub fn append(&mut self, entry: &ManifestEntry) -> Result<()> {
        let mut line = serde_json::to_string(entry)
            .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
        line.push('\n');
        // One write per line: an interrupted run loses at most a partial last
        // line, which reading skips.
        self.file.write_all(line.as_bytes())?;
        Ok(())
    }

    /// Rewrite the manifest with one line per path.
    pub fn finish(self) -> Result<()> {
        let _ = self.file.sync_data();
        let entries = read_manifest(&self.path);
        compact(&self.path, &entries)
    }
}

/// Entries of a manifest file; the last line per path wins, broken lines are ignored.
pub fn read_manifest(path: &Path) -> DoneSet {
    let mut done = DoneSet::new();
    if let Ok(text) = std::fs::read_to_string(path) {
        for line in text.lines() {
            if let Ok(e) = serde_json::from_str::<ManifestEntry>(line) {
                done.insert(e.path.clone(), e);
            }
        }
    }
    done
}

fn compact(path: &Path, entries: &DoneSet) -> Result<()> {
    let mut sorted: Vec<&ManifestEntry> = entries.values().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut text = String::new();
    for e in sorted {
        if let Ok(l) = serde_json::to_string(e) {
            text.push_str(&l);
            text.push('\n');
        }
    }
    write_atomic(path, text.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("jixiao-batch-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).ok();
        d
    }

    #[test]
    fn manifest_keeps_one_line_per_path_and_skips_broken_lines() {
        let dir = temp_dir("manifest");
        let entry = |path: &str, status| ManifestEntry {
            path: path.into(),
            sha256: Some("ab".into()),
            format: Some("text".into()),
            status,
            reason: None,
            tool_version: TOOL_VERSION.into(),
            bytes: 1,
            read_ms: 0.0,
            extract_ms: 0.0,
            output: None,
        };
        {
            let (mut m, done) = Manifest::open(&dir).expect("open");
            assert!(done.is_empty());
            m.append(&entry("a", Status::Failed)).expect("append");
            m.append(&entry("a", Status::Ok)).expect("append");
            m.append(&entry("b", Status::Ok)).expect("append");
            m.finish().expect("finish");
        }
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(dir.join(MANIFEST_NAME))
            .expect("reopen");
        f.write_all(b"{\"path\":\"c\",\"sta").ok();
        let (_, done) = Manifest::open(&dir).expect("open");
        assert_eq!(done.len(), 2);
        assert_eq!(done["a"].status, Status::Ok);
        assert!(done["a"].is_done_for("ab"));
        assert!(!done["a"].is_done_for("cd"));
        let text = std::fs::read_to_string(dir.join(MANIFEST_NAME)).unwrap_or_default();
        assert_eq!(text.lines().count(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
