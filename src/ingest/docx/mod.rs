//! DOCX reader: a WordprocessingML package → the same blocks the text reader
//! produces (paragraphs with style hints, raw tables with merges resolved).
//!
//! Built on `zip` + `quick-xml` rather than docx-rs, the crate the issue names.
//! docx-rs was measured (CRATES.md) and loses what reports need: gridSpan and
//! vMerge sit in private fields, one odd value in a cell's properties
//! (`w:w="11.4cm"`, `2160.5`, an empty gridSpan) drops that cell's whole
//! property block — merges included —, text boxes are missing and footnotes are
//! not read. Where it does deliver (styles, numbering definitions) the values
//! this reader needs (`w:start`, `w:lvlText`, `w:basedOn`, `w:sz`, the value of
//! `w:b`) are again private fields, reachable only by serialising to JSON; and
//! using it for those parts alone would mean two XML parsers with two failure
//! modes for one file. So every part is read here with one lenient tree builder
//! (`xml`), in about the size the measurement predicted.
//!
//! Parts read: the main document (found through `_rels/.rels`), its styles,
//! numbering, footnotes and endnotes (through the document's relationships).
//! Headers, footers and comments are never read.
//!
//! Safety: every entry's decompressed size is capped
//! ([`limits::MAX_ZIP_ENTRY_BYTES`]), XML depth and element count are capped,
//! nested tables stop at [`limits::MAX_NESTING`], and the loops call
//! [`limits::check`].

mod body;
mod styles;

pub(crate) use styles::format_number;
mod xml;

use std::io::{Cursor, Read};

use crate::error::{Error, Result};
use crate::limits;
use crate::model::Ingested;

const OFFICE_DOCUMENT: &str = "/officeDocument";

/// Read a .docx (or .docm / .dotx) package.
pub fn read(bytes: &[u8]) -> Result<Ingested> {
    let mut pkg = Package::open(bytes)?;
    let main = pkg.main_part()?;
    let document_text = pkg.read(&main)?.ok_or_else(|| Error::NotFormat {
        format: "docx",
        reason: format!("the package names {main} as its document, but it is missing"),
    })?;
    let document = xml::parse(&document_text, &main)?;
    if !document.is("document") {
        return Err(Error::NotFormat {
            format: "docx",
            reason: format!("{main} is not a WordprocessingML document"),
        });
    }
    let rels = pkg.relationships(&main)?;
    let part = |kind: &str| {
        rels.iter()
            .find(|(t, _)| t.ends_with(kind))
            .map(|(_, target)| target.clone())
    };
    let styles = match part("/styles") {
        Some(p) => pkg
            .read_xml(&p)?
            .map(|root| styles::Styles::parse(&root))
            .unwrap_or_default(),
        None => styles::Styles::default(),
    };
    let numbering = match part("/numbering") {
        Some(p) => pkg
            .read_xml(&p)?
            .map(|root| styles::Numbering::parse(&root))
            .unwrap_or_default(),
        None => styles::Numbering::default(),
    };
    let mut reader = body::Reader::new(&styles, numbering);
    let mut blocks = reader.body(&document)?;
    let mut notes = Vec::new();
    if !reader.notes.is_empty() {
        for (kind, endnote) in [("/footnotes", false), ("/endnotes", true)] {
            if let Some(p) = part(kind)
                && let Some(root) = pkg.read_xml(&p)?
            {
                notes.push((endnote, root));
            }
        }
        let parts: Vec<(bool, &xml::Node)> = notes.iter().map(|(e, n)| (*e, n)).collect();
        reader.notes(&parts, &mut blocks)?;
    }
    Ok(Ingested {
        blocks,
        warnings: reader.warnings,
        ..Default::default()
    })
}

/// The error for an OLE compound file given as DOCX or sniffed as OLE: a
/// password-protected OOXML package (its `EncryptedPackage` stream) or a
/// legacy binary document.
pub fn ole_error(bytes: &[u8]) -> Error {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if has(&utf16("EncryptedPackage")) || has(&utf16("EncryptionInfo")) {
        return Error::Encrypted(
            "password-protected Office document (OLE EncryptedPackage); remove the password and save again".into(),
        );
    }
    if has(&utf16("WordDocument")) {
        return Error::Unsupported(
            "legacy Word 97-2003 document (.doc) in an OLE container; save it as .docx or PDF"
                .into(),
        );
    }
    Error::Unsupported(
        "OLE compound file (a legacy Office document, not a .docx); save it as .docx or PDF".into(),
    )
}

struct Package<'b> {
    zip: zip::ZipArchive<Cursor<&'b [u8]>>,
}

fn zip_error(e: zip::result::ZipError) -> Error {
    match e {
        zip::result::ZipError::UnsupportedArchive(m) if m.to_lowercase().contains("password") => {
            Error::Encrypted(format!("zip entries are encrypted: {m}"))
        }
        zip::result::ZipError::InvalidPassword => {
            Error::Encrypted("zip entries are encrypted".into())
        }
        other => Error::Damaged {
            format: "docx",
            reason: format!("zip package unreadable (truncated or damaged): {other}"),
        },
    }
}

impl<'b> Package<'b> {
    fn open(bytes: &'b [u8]) -> Result<Self> {
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Err(ole_error(bytes));
        }
        if bytes.is_empty() {
            return Err(Error::NoText("empty file (0 bytes)".into()));
        }
        if !bytes.starts_with(b"PK") {
            return Err(Error::NotFormat {
                format: "docx",
                reason: "not a zip package (a .docx is one)".into(),
            });
        }
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
        Ok(Package { zip })
    }

    /// Index of a part by name (OPC names are case-insensitive).
    fn index(&self, name: &str) -> Option<usize> {
        self.zip.index_for_name(name).or_else(|| {
            let found = self
                .zip
                .file_names()
                .flatten()
                .find(|n| n.eq_ignore_ascii_case(name))?
                .into_owned();
            self.zip.index_for_name(&found)
        })
    }

    /// A part's bytes decoded as text; None when the part is absent.
    fn read(&mut self, name: &str) -> Result<Option<String>> {
        limits::check()?;
        let Some(i) = self.index(name) else {
            return Ok(None);
        };
        let mut file = self.zip.by_index(i).map_err(zip_error)?;
        if file.encrypted() {
            return Err(Error::Encrypted(format!("{name} is encrypted")));
        }
        let mut buf = Vec::new();
        file.by_ref()
            .take(limits::MAX_ZIP_ENTRY_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::Damaged {
                format: "docx",
                reason: format!("{name}: {e}"),
            })?;
        if buf.len() as u64 > limits::MAX_ZIP_ENTRY_BYTES {
            return Err(limits::exceeded(
                "max-zip-entry",
                format!(
                    "{name} decompresses to more than {} bytes",
                    limits::MAX_ZIP_ENTRY_BYTES
                ),
            ));
        }
        Ok(Some(decode(buf)))
    }

    fn read_xml(&mut self, name: &str) -> Result<Option<xml::Node>> {
        match self.read(name)? {
            Some(text) => xml::parse(&text, name).map(Some),
            None => Ok(None),
        }
    }

    /// The main document part: the officeDocument relationship of the
    /// package, else `word/document.xml`.
    fn main_part(&mut self) -> Result<String> {
        let from_rels = self
            .relationships("")?
            .into_iter()
            .find(|(t, _)| t.ends_with(OFFICE_DOCUMENT))
            .map(|(_, target)| target);
        if let Some(p) = from_rels.filter(|p| self.index(p).is_some()) {
            return Ok(p);
        }
        if self.index("word/document.xml").is_some() {
            return Ok("word/document.xml".into());
        }
        let what = if self.index("xl/workbook.xml").is_some() {
            " (it is an Excel workbook)"
        } else if self.index("ppt/presentation.xml").is_some() {
            " (it is a PowerPoint presentation)"
        } else if self.index("content.xml").is_some() {
            " (it looks like an OpenDocument file)"
        } else {
            ""
        };
        Err(Error::NotFormat {
            format: "docx",
            reason: format!("zip package without word/document.xml{what}"),
        })
    }

    /// Relationships of `part` ("" for the package): (type, resolved target).
    /// External targets are left out.
    fn relationships(&mut self, part: &str) -> Result<Vec<(String, String)>> {
        let (dir, file) = match part.rfind('/') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => ("", part),
        };
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(text) = self.read(&rels_name)? else {
            return Ok(Vec::new());
        };
        // A damaged relationships part is not fatal: fall back to defaults.
        let Ok(root) = xml::parse(&text, &rels_name) else {
            return Ok(Vec::new());
        };
        Ok(root
            .elements()
            .filter(|r| r.name == "Relationship")
            .filter(|r| r.attr("TargetMode") != Some("External"))
            .filter_map(|r| {
                let kind = r.attr("Type")?.to_string();
                let target = resolve(dir, r.attr("Target")?);
                Some((kind, target))
            })
            .collect())
    }
}

/// A relationship target relative to the source part's folder.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// XML parts are UTF-8 (or UTF-16 with a BOM); invalid bytes are replaced.
fn decode(buf: Vec<u8>) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&buf) {
        let (text, _) = enc.decode_without_bom_handling(&buf[bom..]);
        return text.into_owned();
    }
    match String::from_utf8(buf) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_part_folder() {
        assert_eq!(resolve("word", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve("word", "/word/styles.xml"), "word/styles.xml");
        assert_eq!(resolve("word/sub", "../media/x.png"), "word/media/x.png");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }

    #[test]
    fn ole_files_get_a_clear_error() {
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        let mut enc = ole.clone();
        enc.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert!(matches!(read(&enc), Err(Error::Encrypted(_))));
        ole.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
        match read(&ole) {
            Err(Error::Unsupported(m)) => assert!(m.contains(".doc")),
            other => panic!("expected unsupported, got {other:?}"),
        }
    }

    #[test]
    fn not_a_zip_or_truncated_is_damaged() {
        assert!(matches!(
            read(b"PK\x03\x04garbage"),
            Err(Error::Damaged { .. })
        ));
    }
}
