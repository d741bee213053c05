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

use std::borrow::Cow;
use std::path::Path;

use sha2::{Digest, Sha256};

pub use error::{Error, ErrorKind, Failure, Result};
use model::{Document, Source};

/// Extract one file: read, structure, parse figures, audit.
pub fn extract_path(path: &Path) -> Result<Document> {
    let bytes = std::fs::read(path)?;
    extract_owned(bytes, &path.to_string_lossy())
}

/// Extract from bytes; `name` is the path recorded in `source` and used as a
/// format hint when the bytes do not say. Every stage honours the time budget
/// of [`limits::with_deadline`] and the size limits of [`limits::count`].
pub fn extract_bytes(bytes: &[u8], name: &str) -> Result<Document> {
    limits::document(|| {
        let (source, ingested) = ingest_stage(Cow::Borrowed(bytes), name)?;
        later_stages(source, ingested)
    })
}

/// [`extract_bytes`] taking the bytes: a reader may use them without a copy,
/// and they are freed once read (a large input is not held through the
/// later stages).
pub fn extract_owned(bytes: Vec<u8>, name: &str) -> Result<Document> {
    limits::document(|| {
        let (source, ingested) = ingest_stage(Cow::Owned(bytes), name)?;
        later_stages(source, ingested)
    })
}

/// Every stage but the audit: the document as `audit::run` receives it (the
/// mutation test changes a number here and audits each copy).
pub fn structure_bytes(bytes: &[u8], name: &str) -> Result<Document> {
    limits::document(|| {
        let (source, ingested) = ingest_stage(Cow::Borrowed(bytes), name)?;
        limits::stage("structure");
        structure::build(source, ingested)
    })
}

fn ingest_stage(bytes: Cow<'_, [u8]>, name: &str) -> Result<(Source, model::Ingested)> {
    limits::stage("ingest");
    if bytes.is_empty() {
        return Err(Error::NoText("empty file (0 bytes)".into()));
    }
    let format = ingest::sniff(&bytes, name)?;
    let sha256 = sha256_hex(&bytes);
    let size = bytes.len() as u64;
    let ingested = match bytes {
        Cow::Borrowed(b) => ingest::read(b, format)?,
        Cow::Owned(v) => ingest::read_owned(v, format)?,
    };
    limits::check()?;
    let source = Source {
        path: name.to_string(),
        format,
        encoding: ingested.encoding.clone(),
        sha256,
        bytes: size,
        pages: ingested.pages,
    };
    Ok((source, ingested))
}

fn later_stages(source: Source, ingested: model::Ingested) -> Result<Document> {
    limits::stage("structure");
    let mut doc = structure::build(source, ingested)?;
    limits::stage("audit");
    limits::check()?;
    audit::run(&mut doc)?;
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
