//! jixiao: Chinese government performance-evaluation reports (绩效自评报告,
//! 自评表, 考核办法, 评审细则) and budget disclosures as structured data, with an
//! audit of their arithmetic.
//!
//! The pipeline, one module per stage:
//! `ingest` (bytes → blocks) → `structure` (sections, tables) → `figures`
//! (typed numbers) → `audit` (findings) → `output` (JSON, SQLite).

pub mod audit;
pub mod batch;
pub mod error;
pub mod figures;
pub mod ingest;
pub mod limits;
pub mod model;
pub mod output;
pub mod structure;

use std::path::Path;

use sha2::{Digest, Sha256};

pub use error::{Error, ErrorKind, Failure, Result};
use model::{Document, Source};

/// Extract one file: read, structure, parse figures, audit.
pub fn extract_path(path: &Path) -> Result<Document> {
    let bytes = std::fs::read(path)?;
    extract_bytes(&bytes, &path.to_string_lossy())
}

/// Extract from bytes; `name` is the path recorded in `source` and used as a
/// format hint when the bytes do not say.
pub fn extract_bytes(bytes: &[u8], name: &str) -> Result<Document> {
    extract_bytes_with(bytes, name, &ingest::Options::default())
}

/// Extract from bytes with the readers' options (`--ocr`).
pub fn extract_bytes_with(bytes: &[u8], name: &str, opts: &ingest::Options) -> Result<Document> {
    let mut doc = structure_bytes_with(bytes, name, opts)?;
    limits::check()?;
    audit::run(&mut doc);
    Ok(doc)
}

/// Every stage but the audit: the document as `audit::run` receives it (the
/// mutation test changes a number here and audits each copy).
pub fn structure_bytes(bytes: &[u8], name: &str) -> Result<Document> {
    structure_bytes_with(bytes, name, &ingest::Options::default())
}

/// [`structure_bytes`] with the readers' options (`--ocr`); what OCR read
/// is marked with its confidence before the audit sees it.
pub fn structure_bytes_with(bytes: &[u8], name: &str, opts: &ingest::Options) -> Result<Document> {
    if bytes.is_empty() {
        return Err(Error::NoText("empty file (0 bytes)".into()));
    }
    let format = ingest::sniff(bytes, name)?;
    let mut ingested = ingest::read_with(bytes, format, opts)?;
    let ocr = ingested.ocr.take();
    // The per-document time budget (`limits::with_deadline`), between stages.
    limits::check()?;
    let source = Source {
        path: name.to_string(),
        format,
        encoding: ingested.encoding.clone(),
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
        pages: ingested.pages,
    };
    let mut doc = structure::build(source, ingested);
    if let Some(pass) = ocr {
        ingest::ocr::trust::mark(&mut doc, pass);
    }
    Ok(doc)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}
