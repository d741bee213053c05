//! ingest: the only code that knows file formats. Each reader turns bytes into
//! the same flat stream of [`Block`](crate::model::Block)s.

pub mod docx;
pub mod ocr;
pub mod pdf;
pub mod text;

use crate::error::{Error, Result};
use crate::model::{Format, Ingested};

/// Decide the format from the bytes first (an extension can lie), then the name.
pub fn sniff(bytes: &[u8], name: &str) -> Result<Format> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Ok(Format::Pdf);
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Ok(Format::Docx);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // OLE compound file: a legacy .doc, or an encrypted OOXML package.
        return Err(docx::ole_error(bytes));
    }
    let lower = name.to_lowercase();
    if lower.ends_with(".pdf") {
        return Err(Error::NotFormat {
            format: "pdf",
            reason: "no %PDF- header in the first 1024 bytes".into(),
        });
    }
    if lower.ends_with(".docx") {
        return Err(Error::NotFormat {
            format: "docx",
            reason: "not a zip package".into(),
        });
    }
    Ok(Format::Text)
}

/// What readers may do beyond decoding the bytes: the extraction options
/// every command shares (`--ocr`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// When to OCR scanned pages (PDF).
    pub ocr: ocr::Mode,
}

/// Read `bytes` as `format` with `opts`.
pub fn read_with(bytes: &[u8], format: Format, opts: &Options) -> Result<Ingested> {
    match format {
        Format::Pdf => pdf::read_with(bytes, opts),
        other => read(bytes, other),
    }
}

/// Read `bytes` as `format` (default options).
pub fn read(bytes: &[u8], format: Format) -> Result<Ingested> {
    match format {
        Format::Text => text::read(bytes),
        Format::Docx => docx::read(bytes),
        Format::Pdf => pdf::read(bytes),
    }
}
