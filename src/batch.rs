//! batch: many inputs in parallel. Knows nothing about formats: it walks the
//! inputs, runs `extract` on each (catching panics as a last line of defence),
//! and hands every result, good or bad, to a sink in input order.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::model::Document;

/// Every input file under the given files and directories, sorted, each once.
pub fn collect_inputs(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            for entry in walkdir::WalkDir::new(input)
                .follow_links(false)
                .sort_by_file_name()
            {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let name = e.file_name().to_string_lossy();
                        if !name.starts_with('.') {
                            out.push(e.into_path());
                        }
                    }
                    Ok(_) => {}
                    // An unreadable directory entry is reported as a failed input.
                    Err(e) => out.push(
                        e.path()
                            .map(Path::to_path_buf)
                            .unwrap_or_else(|| input.clone()),
                    ),
                }
            }
        } else {
            out.push(input.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    out
}

/// Extract one file; a panic inside the pipeline becomes an error naming it.
pub fn extract_guarded(path: &Path) -> Result<Document, String> {
    match std::panic::catch_unwind(|| crate::extract_path(path)) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(e.to_string()),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!("internal error (panic): {msg}"))
        }
    }
}

/// Run `extract` over `paths` on `jobs` threads, calling `done(index, path,
/// result)` for each as it finishes; `progress` is ticked once per input.
pub fn run<F>(
    paths: &[PathBuf],
    jobs: usize,
    progress: Option<&indicatif::ProgressBar>,
    done: F,
) -> usize
where
    F: Fn(usize, &Path, Result<Document, String>) + Sync,
{
    let failed = AtomicUsize::new(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build();
    let work = || {
        paths.par_iter().enumerate().for_each(|(i, p)| {
            let r = extract_guarded(p);
            if r.is_err() {
                failed.fetch_add(1, Ordering::Relaxed);
            }
            done(i, p, r);
            if let Some(pb) = progress {
                pb.inc(1);
            }
        })
    };
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
    failed.into_inner()
}

/// Output file name for an input: its file name plus ".json", made unique
/// among the batch by a numeric suffix.
pub fn output_names(paths: &[PathBuf]) -> Vec<String> {
    let mut used = std::collections::HashMap::<String, usize>::new();
    paths
        .iter()
        .map(|p| {
            let base = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "input".into());
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                format!("{base}.json")
            } else {
                format!("{base}.{n}.json")
            }
        })
        .collect()
}

/// Write a file atomically: a temporary name in the same directory, then rename.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&tmp, contents)?;
    std::fs::rename(&tmp, path)
}
