//! Opening the file: lopdf parses objects and streams; we add the policies.
//!
//! - Encrypted files open with the empty user password (RC4, AES-128 and
//!   AES-256 R5/R6: lopdf 0.47 derives all of these keys itself); a file that
//!   needs a real password is `Error::Encrypted`.
//! - A damaged or missing xref table: lopdf's lenient load rebuilds it by
//!   scanning for `N G obj`; if the load still fails we force that rebuild.
//!   Either way [`xref_damage`] tells the reader, which says so in a warning.
//! - Page attributes inherited through the page tree (Resources, MediaBox,
//!   CropBox, Rotate) are resolved here.

use std::borrow::Cow;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use crate::error::{Error, Result};
use crate::limits;

/// Load a PDF; decrypt it if it opens with the empty password.
pub(crate) fn open(bytes: &[u8]) -> Result<Document> {
    let first = Document::load_mem_with_options(bytes, options(false));
    let mut doc = match first {
        Ok(d) => d,
        Err(first_err) => match Document::load_mem_with_options(bytes, options(true)) {
            Ok(d) => d,
            Err(_) => return Err(load_error(first_err, xref_damage(bytes))),
        },
    };
    if doc.objects.len() > limits::MAX_OBJECTS {
        return Err(limits::exceeded(
            "max-objects",
            format!(
                "the PDF has {} objects (at most {} are read)",
                doc.objects.len(),
                limits::MAX_OBJECTS
            ),
        ));
    }
    if doc.is_encrypted() {
        doc.decrypt("").map_err(|e| {
            Error::Encrypted(format!(
                "the file needs a password to open (empty user password failed: {e})"
            ))
        })?;
    }
    Ok(doc)
}

/// Why the file's own cross-reference table cannot be trusted, if it cannot:
/// `startxref` missing, or pointing at something that is neither an xref
/// table nor an xref stream object. lopdf then finds the objects by scanning
/// the file, silently; this makes the repair visible.
pub(crate) fn xref_damage(bytes: &[u8]) -> Option<String> {
    let tail_start = bytes.len().saturating_sub(2048);
    let tail = &bytes[tail_start..];
    let Some(pos) = tail.windows(9).rposition(|w| w == b"startxref") else {
        return Some("no startxref at the end of the file (truncated?)".into());
    };
    let digits: String = tail[pos + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    let Ok(offset) = digits.parse::<usize>() else {
        return Some("startxref gives no offset".into());
    };
    let Some(at) = bytes.get(offset..) else {
        return Some(format!(
            "startxref points past the end of the file ({offset})"
        ));
    };
    let at = &at[..at.len().min(64)];
    let text: String = at.iter().map(|&b| b as char).collect();
    let text = text.trim_start();
    let is_table = text.starts_with("xref");
    // An xref stream: "N G obj".
    let mut words = text.split_ascii_whitespace();
    let is_stream_obj = matches!(
        (words.next(), words.next(), words.next()),
        (Some(n), Some(g), Some(o)) if n.bytes().all(|b| b.is_ascii_digit())
            && g.bytes().all(|b| b.is_ascii_digit())
            && o.starts_with("obj")
    );
    (!is_table && !is_stream_obj)
        .then(|| format!("startxref offset {offset} does not point at an xref table"))
}

fn options(force_reconstruct: bool) -> LoadOptions {
    LoadOptions {
        max_decompressed_size: Some(limits::MAX_STREAM_BYTES),
        force_reconstruct,
        ..LoadOptions::default()
    }
}

fn load_error(e: lopdf::Error, damage: Option<String>) -> Error {
    let msg = e.to_string();
    let lower = msg.to_lowercase();
    if lower.contains("decrypt") || lower.contains("password") || lower.contains("encrypt") {
        Error::Encrypted(msg)
    } else {
        let reason = match damage {
            // Truncated files lose the page tree and the fonts, which most
            // producers write last: the page contents cannot be read without them.
            Some(why) => {
                format!("{why}; scanning the file for objects found no readable page tree ({msg})")
            }
            None => msg,
        };
        Error::Damaged {
            format: "pdf",
            reason,
        }
    }
}

/// A page's attributes with inheritance applied.
pub(crate) struct PageAttrs<'d> {
    pub resources: Option<&'d Dictionary>,
    /// The visible box (CropBox within MediaBox): llx, lly, urx, ury.
    pub page_box: [f32; 4],
    /// /Rotate normalised to 0, 90, 180 or 270.
    pub rotate: i32,
}

pub(crate) fn deref<'d>(doc: &'d Document, o: &'d Object) -> &'d Object {
    let mut o = o;
    for _ in 0..8 {
        match o {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(x) => o = x,
                Err(_) => return &Object::Null,
            },
            _ => return o,
        }
    }
    &Object::Null
}

fn rect(doc: &Document, o: &Object) -> Option<[f32; 4]> {
    let Object::Array(a) = deref(doc, o) else {
        return None;
    };
    if a.len() != 4 {
        return None;
    }
    let mut v = [0.0f32; 4];
    for (k, x) in a.iter().enumerate() {
        v[k] = deref(doc, x).as_float().ok().filter(|f| f.is_finite())?;
    }
    let [a0, a1, a2, a3] = v;
    let r = [a0.min(a2), a1.min(a3), a0.max(a2), a1.max(a3)];
    (r[2] - r[0] >= 1.0 && r[3] - r[1] >= 1.0).then_some(r)
}

pub(crate) fn page_attrs(doc: &Document, page: ObjectId) -> PageAttrs<'_> {
    let mut resources = None;
    let mut media = None;
    let mut crop = None;
    let mut rotate = None;
    let mut node = doc.get_dictionary(page).ok();
    for _ in 0..64 {
        let Some(d) = node else {
            break;
        };
        if resources.is_none()
            && let Ok(o) = d.get(b"Resources")
            && let Object::Dictionary(r) = deref(doc, o)
        {
            resources = Some(r);
        }
        if media.is_none() {
            media = d.get(b"MediaBox").ok().and_then(|o| rect(doc, o));
        }
        if crop.is_none() {
            crop = d.get(b"CropBox").ok().and_then(|o| rect(doc, o));
        }
        if rotate.is_none() {
            rotate = d
                .get(b"Rotate")
                .ok()
                .and_then(|o| deref(doc, o).as_i64().ok());
        }
        node = match d.get(b"Parent").ok().map(|o| deref(doc, o)) {
            Some(Object::Dictionary(p)) => Some(p),
            _ => None,
        };
    }
    // Letter size when nothing says otherwise (as poppler does).
    let media = media.unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let page_box = match crop {
        Some(c) => {
            let r = [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ];
            if r[2] - r[0] >= 1.0 && r[3] - r[1] >= 1.0 {
                r
            } else {
                media
            }
        }
        None => media,
    };
    let rotate = (rotate.unwrap_or(0).rem_euclid(360) / 90 * 90) as i32;
    PageAttrs {
        resources,
        page_box,
        rotate,
    }
}

/// The page's content: its content streams decoded and joined. Streams that
/// fail to decode are reported and skipped.
pub(crate) fn page_content<'d>(
    doc: &'d Document,
    page: ObjectId,
    problems: &mut Vec<String>,
) -> Cow<'d, [u8]> {
    let Ok(d) = doc.get_dictionary(page) else {
        problems.push("the page object could not be read".into());
        return Cow::Borrowed(&[]);
    };
    let Ok(contents) = d.get(b"Contents") else {
        return Cow::Borrowed(&[]);
    };
    let streams: Vec<&Object> = match deref(doc, contents) {
        Object::Array(a) => a.iter().collect(),
        _ => vec![contents],
    };
    // One stream (the usual case) is used as it is: an unfiltered stream is
    // borrowed, not copied, so a huge page is not held twice.
    let mut parts: Vec<Cow<'d, [u8]>> = Vec::new();
    for s in streams {
        match deref(doc, s) {
            Object::Stream(stream) => {
                if stream.dict.has(b"Filter") {
                    match stream.decompressed_content_with_limit(limits::MAX_STREAM_BYTES) {
                        Ok(c) => parts.push(Cow::Owned(c)),
                        Err(e) => {
                            problems.push(format!("a content stream could not be decoded: {e}"));
                        }
                    }
                } else {
                    parts.push(Cow::Borrowed(&stream.content));
                }
            }
            Object::Null => problems.push("a content stream is missing".into()),
            _ => {}
        }
    }
    if parts.len() == 1 {
        return parts.pop().unwrap_or(Cow::Borrowed(&[]));
    }
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for p in parts {
        out.extend_from_slice(&p);
        out.push(b'\n');
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::xref_damage;

    #[test]
    fn xref_damage_is_seen() {
        let good = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer\n<<>>\nstartxref\n29\n%%EOF\n";
        assert_eq!(xref_damage(good), None);
        let stream = b"%PDF-1.5\n7 0 obj\n<< /Type /XRef >>\nendobj\nstartxref\n9\n%%EOF\n";
        assert_eq!(xref_damage(stream), None);
        let mut bad = good.to_vec();
        let n = bad.len();
        bad[n - 9..n - 7].copy_from_slice(b"99");
        assert!(xref_damage(&bad).is_some());
        assert!(xref_damage(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n").is_some());
    }
}
