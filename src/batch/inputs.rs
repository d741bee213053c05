//! Inputs of a batch: files and directories (walked in name order), .zip
//! archives (read in place, entry names in UTF-8 or GBK), and paths read from
//! stdin (`--stdin-paths`). Every input named ends up as exactly one [`Input`]:
//! a report to extract, something broken (reported as failed) or a file that
//! is not a report (listed as skipped) — never dropped silently.

use std::collections::HashSet;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// File name extensions taken as reports when a directory is walked.
const REPORT_EXTENSIONS: &[&str] = crate::ingest::EXTENSIONS;

/// One input of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// An entry of a .zip archive, read in place.
    ZipEntry {
        archive: PathBuf,
        index: usize,
        /// Entry name, decoded (UTF-8, or GBK/GB18030 from Chinese Windows tools).
        name: String,
    },
    /// Something named as an input that cannot be read (missing file,
    /// unreadable directory, damaged archive): reported as failed.
    Broken { path: String, reason: String },
    /// A file met while walking a directory that is not a report (by name and
    /// by its first bytes): listed in the manifest as skipped, never dropped silently.
    Skipped { path: String, reason: String },
}

impl Input {
    /// The path shown in output, manifest and errors: `archive.zip!/dir/a.txt` for zip entries.
    pub fn display(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::ZipEntry { archive, name, .. } => format!("{}!/{name}", archive.display()),
            Input::Broken { path, .. } | Input::Skipped { path, .. } => path.clone(),
        }
    }

    /// The last component of the name (for output file names).
    pub(crate) fn base_name(&self) -> String {
        let shown = self.display();
        shown
            .rsplit(['/', '\\', '!'])
            .find(|s| !s.is_empty())
            .unwrap_or("input")
            .to_string()
    }

    /// The input's bytes; zip entries are decompressed under
    /// [`crate::limits::MAX_ZIP_ENTRY_BYTES`].
    pub fn read(&self) -> Result<Vec<u8>> {
        match self {
            Input::File(p) => Ok(std::fs::read(p)?),
            Input::ZipEntry { archive, index, .. } => read_zip_entry(archive, *index),
            Input::Broken { reason, .. } => Err(Error::Io(std::io::Error::other(reason.clone()))),
            Input::Skipped { reason, .. } => Err(Error::Unsupported(reason.clone())),
        }
    }
}

fn read_zip_entry(archive: &Path, index: usize) -> Result<Vec<u8>> {
    read_zip_entry_within(archive, index, crate::limits::MAX_ZIP_ENTRY_BYTES)
}

fn read_zip_entry_within(archive: &Path, index: usize, limit: u64) -> Result<Vec<u8>> {
    let file = std::fs::File::open(archive)?;
    let mut zip =
        zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| Error::Damaged {
            format: "zip",
            reason: e.to_string(),
        })?;
    let entry = zip.by_index(index).map_err(|e| Error::Damaged {
        format: "zip",
        reason: format!("entry {index}: {e}"),
    })?;
    if entry.size() > limit {
        return Err(crate::limits::exceeded(
            "zip-entry-bytes",
            format!("entry declares {} bytes (limit {limit})", entry.size()),
        ));
    }
    let mut bytes = Vec::with_capacity(entry.size().min(limit) as usize);
    // The declared size can lie: read one byte past the limit to catch it.
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Damaged {
            format: "zip",
            reason: format!("entry {index}: {e}"),
        })?;
    if bytes.len() as u64 > limit {
        return Err(crate::limits::exceeded(
            "zip-entry-bytes",
            format!("entry decompresses to more than {limit} bytes"),
        ));
    }
    Ok(bytes)
}

/// Every input under the given files, directories and zip archives, each once,
/// directories walked in name order. Named files are always taken; files met
/// in a walk are taken by extension or, when the extension says nothing, by
/// their first bytes (PDF, OOXML, OLE).
pub fn collect_inputs(inputs: &[PathBuf]) -> Vec<Input> {
    let mut out = expand_inputs(inputs);
    let mut seen = HashSet::new();
    out.retain(|i| seen.insert(i.display()));
    out
}

/// Like [`collect_inputs`], but an input named twice stays twice: a stream
/// (`--jsonl`) answers every line it was given.
pub fn expand_inputs(inputs: &[PathBuf]) -> Vec<Input> {
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
                            classify(e.path(), false, &mut out);
                        }
                    }
                    Ok(_) => {}
                    Err(e) => out.push(Input::Broken {
                        path: e.path().unwrap_or(input.as_path()).display().to_string(),
                        reason: format!("cannot read directory entry: {e}"),
                    }),
                }
            }
        } else if input.exists() {
            classify(input, true, &mut out);
        } else {
            out.push(Input::Broken {
                path: input.display().to_string(),
                reason: "cannot read: no such file or directory".into(),
            });
        }
    }
    out
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn head(path: &Path) -> Vec<u8> {
    let mut buf = vec![0u8; 1024];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut buf))
        .unwrap_or(0);
    buf.truncate(n);
    buf
}

fn classify(path: &Path, named: bool, out: &mut Vec<Input>) {
    let ext = extension(path);
    if ext == "zip" {
        expand_zip(path, out);
        return;
    }
    if ext == "docx" || REPORT_EXTENSIONS.contains(&ext.as_str()) {
        out.push(Input::File(path.to_path_buf()));
        return;
    }
    let head = head(path);
    let is_zip = head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06");
    if is_zip && !is_ooxml(path) {
        expand_zip(path, out);
    } else if named
        || is_zip
        || head.windows(5).any(|w| w == b"%PDF-")
        || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
    {
        out.push(Input::File(path.to_path_buf()));
    } else {
        out.push(Input::Skipped {
            path: path.display().to_string(),
            reason: format!(
                "not a report: extension {:?} is not one of {}, zip and the bytes are not PDF, an Office file or a zip archive",
                ext,
                REPORT_EXTENSIONS.join(", ")
            ),
        });
    }
}

/// A zip package with the parts of a Word document is a document, not an archive.
fn is_ooxml(path: &Path) -> bool {
    std::fs::File::open(path)
        .ok()
        .and_then(|f| zip::ZipArchive::new(std::io::BufReader::new(f)).ok())
        .is_some_and(|z| {
            z.index_for_name("word/document.xml").is_some()
                || z.index_for_name("[Content_Types].xml").is_some()
        })
}

/// Decode a zip entry name: UTF-8 when valid, else GBK/GB18030 (what Chinese
/// Windows archivers write without setting the UTF-8 flag).
pub fn decode_entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    }
}

fn expand_zip(path: &Path, out: &mut Vec<Input>) {
    let archive = std::fs::File::open(path)
        .map_err(|e| format!("cannot read: {e}"))
        .and_then(|f| {
            zip::ZipArchive::new(std::io::BufReader::new(f))
                .map_err(|e| format!("damaged zip: {e}"))
        });
    let mut zip = match archive {
        Ok(z) => z,
        Err(reason) => {
            out.push(Input::Broken {
                path: path.display().to_string(),
                reason,
            });
            return;
        }
    };
    let mut entries = Vec::new();
    for index in 0..zip.len() {
        let entry = match zip.by_index_raw(index) {
            Ok(e) => e,
            Err(e) => {
                out.push(Input::Broken {
                    path: format!("{}!/#{index}", path.display()),
                    reason: format!("damaged zip entry: {e}"),
                });
                continue;
            }
        };
        if entry.is_dir() {
            continue;
        }
        let name = decode_entry_name(entry.name_raw());
        let base = name.rsplit('/').next().unwrap_or(&name);
        if name.starts_with("__MACOSX/") || base.starts_with('.') {
            continue;
        }
        entries.push((name, index));
    }
    entries.sort();
    for (name, index) in entries {
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_lowercase())
            .unwrap_or_default();
        if REPORT_EXTENSIONS.contains(&ext.as_str()) {
            out.push(Input::ZipEntry {
                archive: path.to_path_buf(),
                index,
                name,
            });
        } else {
            out.push(Input::Skipped {
                path: format!("{}!/{name}", path.display()),
                reason: format!(
                    "not a report: zip entry extension {ext:?} is not one of {}",
                    REPORT_EXTENSIONS.join(", ")
                ),
            });
        }
    }
}

/// Input paths from a reader, one per line (`--stdin-paths`: Hadoop Streaming,
/// Spark `RDD.pipe`); blank lines are ignored, surrounding spaces trimmed.
pub fn paths_from(reader: impl BufRead) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for line in reader.lines() {
        let line = line?;
        let l = line.trim();
        if !l.is_empty() {
            paths.push(PathBuf::from(l));
        }
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A stored (uncompressed) zip with raw entry names and no UTF-8 flag,
    /// as Chinese Windows archivers write them.
    fn raw_zip(entries: &[(&[u8], &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in entries {
            let offset = out.len() as u32;
            let crc = crc32(data);
            let mut local = Vec::new();
            local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            local.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            local.extend_from_slice(&crc.to_le_bytes());
            local.extend_from_slice(&(data.len() as u32).to_le_bytes());
            local.extend_from_slice(&(data.len() as u32).to_le_bytes());
            local.extend_from_slice(&(name.len() as u16).to_le_bytes());
            local.extend_from_slice(&0u16.to_le_bytes());
            local.extend_from_slice(name);
            out.extend_from_slice(&local);
            out.extend_from_slice(data);
            central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&crc.to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name);
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("jixiao-batch-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).ok();
        d
    }

    #[test]
    fn gbk_entry_names_are_decoded_and_entries_read_in_place() {
        let dir = temp_dir("gbk");
        let (gbk, _, _) = encoding_rs::GBK.encode("报告/绩效自评.txt");
        let text = "一、基本情况\n本年预算100万元。\n".as_bytes();
        let zip = raw_zip(&[(&gbk, text), (b"notes.png", b"\x89PNG")]);
        let path = dir.join("a.zip");
        std::fs::write(&path, zip).ok();
        let inputs = collect_inputs(std::slice::from_ref(&path));
        assert_eq!(inputs.len(), 2);
        assert!(matches!(&inputs[0], Input::Skipped { path, .. } if path.ends_with("!/notes.png")));
        assert_eq!(
            inputs[1].display(),
            format!("{}!/报告/绩效自评.txt", path.display())
        );
        assert_eq!(inputs[1].read().ok().as_deref(), Some(text));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn zip_entries_over_the_size_limit_fail_by_name() {
        let dir = temp_dir("bomb");
        let big = vec![b'x'; 5000];
        let path = dir.join("b.zip");
        std::fs::write(&path, raw_zip(&[(b"big.txt", &big), (b"small.txt", b"ok")])).ok();
        let err = read_zip_entry_within(&path, 0, 1000).map(|_| ());
        assert!(
            matches!(&err, Err(Error::Limit { limit, .. }) if *limit == "zip-entry-bytes"),
            "{err:?}"
        );
        assert_eq!(
            read_zip_entry_within(&path, 1, 1000).ok().as_deref(),
            Some(&b"ok"[..])
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn walk_takes_reports_by_extension_or_bytes_and_lists_the_rest() {
        let dir = temp_dir("walk");
        std::fs::write(dir.join("a.txt"), "一、概况\n").ok();
        std::fs::write(dir.join("scan.bin"), b"%PDF-1.4\n").ok();
        std::fs::write(dir.join("photo.jpg"), b"\xFF\xD8\xFF").ok();
        std::fs::write(dir.join(".hidden.txt"), "x").ok();
        let inputs = collect_inputs(std::slice::from_ref(&dir));
        let shown: Vec<String> = inputs.iter().map(|i| i.base_name()).collect();
        assert_eq!(shown, ["a.txt", "photo.jpg", "scan.bin"]);
        assert!(matches!(inputs[0], Input::File(_)));
        assert!(matches!(inputs[1], Input::Skipped { .. }));
        assert!(matches!(inputs[2], Input::File(_)));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
