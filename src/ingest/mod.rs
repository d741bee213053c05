//! ingest: the only code that knows file formats. Each reader turns bytes into
//! the same flat stream of [`Block`](crate::model::Block)s.
//!
//! The format is decided from the bytes (sites name an HTML page .xls and a
//! .doc .docx); the name only says what a file that is none of them was meant
//! to be, for the error.

pub mod doc;
pub mod docx;
pub mod html;
pub mod ocr;
pub mod pdf;
pub mod sheet;
pub mod text;

use std::io::{Cursor, Read};

use crate::error::{Error, Result};
use crate::model::{Format, Ingested};

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A page number as printed in a header or footer (the PDF layout's page
/// furniture, and the page breaks of text converted from a PDF):
/// "- 3 -", "—3—", "第 3 页", "第3页 共12页", "共 12 页", "3 / 12", "Page 3", "3",
/// in ASCII or full-width digits ("－３－", "第３页").
pub fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.chars().count() > 16 {
        return false;
    }
    let lower = t.to_lowercase();
    let core = lower.trim_start_matches("page").replace("of", "/");
    let mut digits = 0;
    for c in core.chars() {
        match c {
            '0'..='9' | '０'..='９' => digits += 1,
            '-' | '—' | '–' | '－' | '_' | '第' | '页' | '共' | '/' | '／' | '·' | '.' | ','
            | '，' | '(' | ')' | '（' | '）' | '[' | ']' | '|' => {}
            _ => return false,
        }
    }
    digits > 0 && digits <= 8
}

/// File name extensions of the formats read (for walking folders and archives).
pub const EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "pdf", "docx", "doc", "wps", "xlsx", "xlsm", "xls", "et", "ods", "html",
    "htm", "shtml",
];

/// Decide the format from the bytes first (an extension can lie), then the name.
pub fn sniff(bytes: &[u8], name: &str) -> Result<Format> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Ok(Format::Pdf);
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Ok(sniff_zip(bytes, name)?.unwrap_or(Format::Docx));
    }
    if head.starts_with(&OLE_MAGIC) {
        return sniff_ole(bytes, name);
    }
    if html::looks_like_html(head) {
        return Ok(Format::Html);
    }
    let lower = name.to_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "pdf" => Err(Error::NotFormat {
            format: "pdf",
            reason: "no %PDF- header in the first 1024 bytes".into(),
        }),
        "docx" => Err(Error::NotFormat {
            format: "docx",
            reason: "not a zip package".into(),
        }),
        "xlsx" | "xlsm" | "ods" => Err(Error::NotFormat {
            format: if ext == "ods" { "ods" } else { "xlsx" },
            reason: "not a zip package, an OLE workbook or a web page".into(),
        }),
        "doc" | "wps" | "xls" | "et" if head.starts_with(b"{\\rtf") => Err(Error::Unsupported(
            "RTF document under an Office name; save it as .docx or PDF".into(),
        )),
        "doc" | "wps" | "xls" | "et" if text::looks_binary(head) => Err(Error::NotFormat {
            format: match ext {
                "doc" => "doc",
                "wps" => "wps",
                _ => "xls",
            },
            reason: "not an OLE compound file, a zip package, a web page or text".into(),
        }),
        _ => Ok(Format::Text),
    }
}

/// Which OOXML / OpenDocument package a zip holds (None: not one we know;
/// the DOCX reader then says what it is).
fn sniff_zip(bytes: &[u8], name: &str) -> Result<Option<Format>> {
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(zip) => zip,
        Err(e) => {
            // A package cut short: say so for the format its name promises.
            let lower = name.to_lowercase();
            let format = if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
                "xlsx"
            } else if lower.ends_with(".ods") {
                "ods"
            } else {
                return Ok(None);
            };
            return Err(Error::Damaged {
                format,
                reason: format!("zip package unreadable (truncated or damaged): {e}"),
            });
        }
    };
    let has = |zip: &zip::ZipArchive<_>, n: &str| {
        zip.index_for_name(n).is_some()
            || zip
                .file_names()
                .flatten()
                .any(|f| f.eq_ignore_ascii_case(n))
    };
    if has(&zip, "word/document.xml") {
        return Ok(Some(Format::Docx));
    }
    if has(&zip, "xl/workbook.xml") {
        return Ok(Some(Format::Xlsx));
    }
    if has(&zip, "xl/workbook.bin") {
        return Err(Error::Unsupported(
            "Excel binary workbook (.xlsb); save it as .xlsx".into(),
        ));
    }
    if let Ok(entry) = zip.by_name("mimetype") {
        let mut mime = String::new();
        let _ = entry.take(256).read_to_string(&mut mime);
        if mime.contains("opendocument.spreadsheet") {
            return Ok(Some(Format::Ods));
        }
        if mime.contains("opendocument.text") {
            return Err(Error::Unsupported(
                "OpenDocument text (.odt); save it as .docx or PDF".into(),
            ));
        }
    }
    Ok(None)
}

/// What an OLE compound file holds: a Word or WPS document, an Excel
/// workbook, a password-protected OOXML package, or something else.
fn sniff_ole(bytes: &[u8], name: &str) -> Result<Format> {
    let ole = match cfb::CompoundFile::open(Cursor::new(bytes)) {
        Ok(ole) => ole,
        Err(e) => {
            // Say what the damaged container was from the stream names in it.
            let utf16 =
                |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
            let has = |n: &str| {
                let needle = utf16(n);
                bytes.windows(needle.len()).any(|w| w == needle)
            };
            if has("EncryptedPackage") || has("EncryptionInfo") {
                return Err(Error::Encrypted(
                    "password-protected Office document (OLE EncryptedPackage); remove the password and save again".into(),
                ));
            }
            let format = if has("WordDocument") {
                "doc"
            } else if has("Workbook") {
                "xls"
            } else {
                "OLE (legacy Office .doc/.xls)"
            };
            return Err(Error::Damaged {
                format,
                reason: format!("the OLE compound file cannot be opened: {e}"),
            });
        }
    };
    let streams: Vec<String> = ole
        .read_root_storage()
        .map(|e| e.name().to_string())
        .collect();
    let has = |n: &str| streams.iter().any(|s| s.eq_ignore_ascii_case(n));
    let wps_name = name.to_lowercase().ends_with(".wps");
    if has("EncryptedPackage") || has("EncryptionInfo") {
        return Err(Error::Encrypted(
            "password-protected Office document (OLE EncryptedPackage); remove the password and save again".into(),
        ));
    }
    if has("WordDocument") {
        return Ok(if wps_name { Format::Wps } else { Format::Doc });
    }
    if has("Workbook") || has("Book") {
        return Ok(Format::Xls);
    }
    let list = streams.join(", ");
    if has("PowerPoint Document") {
        return Err(Error::Unsupported(
            "PowerPoint 97-2003 presentation; save it as PDF".into(),
        ));
    }
    if wps_name {
        return Err(Error::Unsupported(format!(
            "WPS document in a layout other than Word's (no WordDocument stream; streams: {list}); open it in WPS and save as .docx"
        )));
    }
    Err(Error::Unsupported(format!(
        "OLE compound file with neither a Word nor an Excel stream (streams: {list})"
    )))
}

/// A bullet typed by hand before a paragraph ("- ", "• "): not part of its text.
pub(crate) fn strip_typed_bullet(text: String) -> String {
    for bullet in ["- ", "• ", "· ", "▪ ", "* "] {
        if let Some(rest) = text.strip_prefix(bullet) {
            let rest = rest.trim_start();
            if !rest.is_empty() {
                return rest.to_string();
            }
        }
    }
    text
}

/// A table row drawn as a rule: every cell empty or a run of rule characters
/// ("------", "═══"), one of them at least three long. It is a line, not data
/// (the text reader drops the same rules).
pub(crate) fn is_rule_row<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> bool {
    let mut longest = 0;
    for c in cells {
        let t = c.as_ref().trim();
        if t.is_empty() {
            continue;
        }
        let n = t.chars().count();
        let rule = t
            .chars()
            .all(|ch| matches!(ch, '-' | '=' | '_' | '─' | '━' | '═' | '—' | ':' | ' '));
        // A lone "-" is a placeholder value, not a rule.
        if !rule || n < 2 {
            return false;
        }
        longest = longest.max(n);
    }
    longest >= 3
}

/// [`read`] taking the bytes, so a reader can use them without a copy (a
/// UTF-8 text becomes its own string) and they are freed once read.
pub fn read_owned(bytes: Vec<u8>, format: Format, opts: &Options) -> Result<Ingested> {
    match format {
        Format::Text => text::read_owned(bytes),
        _ => read_with(&bytes, format, opts),
    }
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
        Format::Xlsx | Format::Xls | Format::Ods => sheet::read(bytes, format),
        Format::Html => html::read(bytes),
        Format::Doc | Format::Wps => doc::read(bytes, format),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_number_forms() {
        for t in [
            "- 3 -",
            "-12-",
            "第 3 页",
            "第3页 共12页",
            "共 12 页",
            "3",
            "3 / 12",
            "Page 3 of 9",
            "— 4 —",
            "－ ３ －",
            "第 ４ 页 共 ６ 页",
            "６",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["合计", "2024年度", "一、概况", "1、单位机构情况", ""] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn content_decides_over_the_name() {
        assert_eq!(
            sniff(b"<!DOCTYPE html><html><body>x</body></html>", "a.xls").unwrap(),
            Format::Html
        );
        assert_eq!(
            sniff("一、概况\n".as_bytes(), "a.txt").unwrap(),
            Format::Text
        );
        assert!(matches!(
            sniff(&[1u8, 2, 3, 4, 5, 6, 7, 8].repeat(32), "a.doc"),
            Err(Error::NotFormat { .. })
        ));
        assert!(matches!(
            sniff(b"{\\rtf1\\ansi hello}", "a.doc"),
            Err(Error::Unsupported(_))
        ));
    }
}
