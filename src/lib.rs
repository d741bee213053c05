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
    extract_bytes_with(bytes, name, &ingest::Options::default())
}

/// Extract from bytes with the readers' options (`--ocr`).
pub fn extract_bytes_with(bytes: &[u8], name: &str, opts: &ingest::Options) -> Result<Document> {
    limits::document(|| {
        let read = ingest_stage(Cow::Borrowed(bytes), None, name, opts)?;
        later_stages(read)
    })
}

/// [`extract_bytes`] taking the bytes: a reader may use them without a copy,
/// and they are freed once read (a large input is not held through the
/// later stages).
pub fn extract_owned(bytes: Vec<u8>, name: &str) -> Result<Document> {
    extract_owned_with(bytes, name, &ingest::Options::default())
}

/// [`extract_owned`] with the readers' options (`--ocr`).
pub fn extract_owned_with(bytes: Vec<u8>, name: &str, opts: &ingest::Options) -> Result<Document> {
    limits::document(|| {
        let read = ingest_stage(Cow::Owned(bytes), None, name, opts)?;
        later_stages(read)
    })
}

/// [`extract_owned_with`], given the bytes' SHA-256 (lower-case hex) when
/// the caller has already taken it (the batch hashes every input for
/// `--resume`): hashing every input twice cost 7 % of a batch's instructions
/// on a CPU without SHA extensions.
pub fn extract_owned_hashed(
    bytes: Vec<u8>,
    sha256: Option<String>,
    name: &str,
    opts: &ingest::Options,
) -> Result<Document> {
    limits::document(|| {
        let read = ingest_stage(Cow::Owned(bytes), sha256, name, opts)?;
        later_stages(read)
    })
}

/// Every stage but the audit: the document as `audit::run` receives it (the
/// mutation test changes a number here and audits each copy).
pub fn structure_bytes(bytes: &[u8], name: &str) -> Result<Document> {
    structure_bytes_with(bytes, name, &ingest::Options::default())
}

/// [`structure_bytes`] with the readers' options (`--ocr`); what OCR read
/// is marked with its confidence before the audit sees it.
pub fn structure_bytes_with(bytes: &[u8], name: &str, opts: &ingest::Options) -> Result<Document> {
    limits::document(|| {
        let read = ingest_stage(Cow::Borrowed(bytes), None, name, opts)?;
        structure_stage(read)
    })
}

/// What the ingest stage hands on: the source, the blocks, and the OCR pass
/// (if any page was OCR'd) whose confidences mark the document.
struct Read {
    source: Source,
    ingested: model::Ingested,
    ocr: Option<model::OcrPass>,
}

fn ingest_stage(
    bytes: Cow<'_, [u8]>,
    sha256: Option<String>,
    name: &str,
    opts: &ingest::Options,
) -> Result<Read> {
    limits::stage("ingest");
    if bytes.is_empty() {
        return Err(Error::NoText("empty file (0 bytes)".into()));
    }
    let format = ingest::sniff(&bytes, name)?;
    let sha256 = sha256.unwrap_or_else(|| sha256_hex(&bytes));
    let size = bytes.len() as u64;
    let mut ingested = match bytes {
        Cow::Borrowed(b) => ingest::read_with(b, format, opts)?,
        Cow::Owned(v) => ingest::read_owned(v, format, opts)?,
    };
    let ocr = ingested.ocr.take();
    limits::check()?;
    let source = Source {
        path: name.to_string(),
        format,
        encoding: ingested.encoding.clone(),
        sha256,
        bytes: size,
        pages: ingested.pages,
    };
    Ok(Read {
        source,
        ingested,
        ocr,
    })
}

fn structure_stage(read: Read) -> Result<Document> {
    limits::stage("structure");
    let mut doc = structure::build(read.source, read.ingested)?;
    if let Some(pass) = read.ocr {
        ingest::ocr::trust::mark(&mut doc, pass);
    }
    Ok(doc)
}

fn later_stages(read: Read) -> Result<Document> {
    let mut doc = structure_stage(read)?;
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
