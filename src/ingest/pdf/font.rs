//! Fonts: character codes → Unicode text and glyph widths.
//!
//! Kinds met in Chinese PDFs:
//! - simple TrueType/Type1/Type3 fonts with a base encoding, `/Differences`
//!   and usually a `/ToUnicode` map (LibreOffice and WPS subset CJK fonts into
//!   many simple fonts this way);
//! - Type0 fonts with `Identity-H`/`Identity-V` and a `/ToUnicode` map (Word,
//!   Chromium, cairo);
//! - Type0 fonts with a predefined CJK CMap and no `/ToUnicode` (iText and
//!   older generators with STSong-Light): `UniGB-UCS2-H`, `UniGB-UTF16-H`
//!   carry Unicode in the codes; `GBK-EUC-H`, `GB-EUC-H` … carry GBK bytes,
//!   mapped through the CMap to CIDs and from CIDs to Unicode by the
//!   character collection (Adobe-GB1), with encoding_rs GB18030 as fallback.
//!
//! CMap files (ToUnicode and predefined) are parsed by `hayro-cmap`, which
//! tolerates the real-world quirks lopdf's parser rejects (WPS's
//! `difineresource`, Distiller's narrow codespace ranges).
//!
//! A code with no way to Unicode yields no text (never a guess); the font
//! counts such codes so the reader can warn, naming the font.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use hayro_cmap::{BfString, CMap, CMapName, CidFamily};
use lopdf::{Dictionary, Document, Object};

use super::FontInfo;
use super::encodings;
use super::fasthash::FastMap;
use super::file::deref;

/// Predefined CMaps (UniGB-UCS2-H, GBK-EUC-H, …), each parsed once per
/// process and shared: parsing a packed CMap costs far more than looking
/// codes up in it, and a batch of Chinese PDFs asks for the same few again
/// and again (parsing them per document was 4 % of a batch's instructions).
/// There are a few hundred predefined CMaps at most, so the cache is
/// bounded. A document keeps its own map of the ones it used, so the shared
/// lock is taken once per CMap per document.
#[derive(Default)]
pub(crate) struct CMapCache {
    maps: HashMap<Vec<u8>, Option<Arc<CMap>>>,
}

type SharedCMaps = Mutex<HashMap<Vec<u8>, Option<Arc<CMap>>>>;

fn shared_cmaps() -> &'static SharedCMaps {
    static SHARED: OnceLock<SharedCMaps> = OnceLock::new();
    SHARED.get_or_init(Default::default)
}

impl CMapCache {
    fn get(&mut self, name: &[u8]) -> Option<Arc<CMap>> {
        if let Some(m) = self.maps.get(name) {
            return m.clone();
        }
        let parse = || {
            hayro_cmap::load_embedded(CMapName::from_bytes(name))
                .and_then(|data| CMap::parse(data, hayro_cmap::load_embedded))
                .map(Arc::new)
        };
        let parsed = match shared_cmaps().lock() {
            Ok(mut shared) => shared.entry(name.to_vec()).or_insert_with(parse).clone(),
            // A worker panicked while holding the lock (caught by the
            // batch's guard): parse without the shared cache.
            Err(_) => parse(),
        };
        self.maps.insert(name.to_vec(), parsed.clone());
        parsed
    }

    fn get_named(&mut self, name: CMapName<'static>) -> Option<Arc<CMap>> {
        self.get(name.to_bytes())
    }
}

/// One code decoded from a string: its text (if any), its width in text
/// space units (1 = one em, i.e. /1000 applied) and whether Tw applies.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Code<'f> {
    pub text: Option<&'f str>,
    pub width: f32,
    pub word_space: bool,
}

/// How codes become CIDs in a Type0 font.
enum CodeMap {
    /// Identity-H/V: two-byte codes, CID = code.
    Identity,
    /// A predefined or embedded CMap.
    CMap(Arc<CMap>),
}

/// How codes (or CIDs) become Unicode when ToUnicode has nothing.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CodeUnicode {
    None,
    /// The code is UCS-2 / UTF-16BE (UniGB-UCS2-H, UniGB-UTF16-H …).
    Utf16,
    /// The code is GBK/GB18030 bytes (GBK-EUC-H, GB-EUC-H, GBpc-EUC-H, GBK2K-H).
    Gbk,
}

/// A code's text (if any) and width.
type Decoded = (Option<Box<str>>, f32);

struct CidFont {
    codes: CodeMap,
    code_unicode: CodeUnicode,
    /// Collection CID → Unicode (Adobe-GB1-UCS2 …).
    cid_unicode: Option<Arc<CMap>>,
    /// Explicit widths from /W (per CID), in text space units.
    widths: FastMap<u32, f32>,
    width_ranges: Vec<(u32, u32, f32)>,
    default_width: f32,
    /// Per-code cache: (text, width).
    cache: FastMap<(u32, u8), Decoded>,
}

struct SimpleFont {
    text: Vec<Option<Box<str>>>,
    widths: [f32; 256],
}

enum Kind {
    Simple(Box<SimpleFont>),
    Cid(Box<CidFont>),
}

pub(crate) struct Font {
    pub info: FontInfo,
    /// Ascent and descent in text space units (descent negative).
    pub ascent: f32,
    pub descent: f32,
    pub vertical: bool,
    /// Glyph-space → text-space scale for Type3 fonts (1 for others);
    /// applied to the font size for the glyph box.
    pub type3_scale: f32,
    kind: Kind,
    to_unicode: Option<CMap>,
    /// Codes shown that gave no text.
    pub undecoded: usize,
    /// Codes shown that gave text.
    pub decoded: usize,
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key)
        .ok()
        .map(|o| deref(doc, o))
        .filter(|o| !o.is_null())
}

fn get_dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match get(doc, d, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn get_name<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, d, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

fn stream_bytes(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    match deref(doc, o) {
        Object::Stream(s) => {
            if s.dict.has(b"Filter") {
                s.decompressed_content_with_limit(crate::limits::MAX_STREAM_BYTES)
                    .ok()
            } else {
                Some(s.content.clone())
            }
        }
        _ => None,
    }
}

/// A font name as text: UTF-8 if valid, else GBK (Chinese producers write
/// `宋体` as GBK bytes), subset prefix `ABCDEF+` removed.
pub(crate) fn font_name(raw: &[u8]) -> String {
    let s = match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    };
    let b = s.as_bytes();
    if b.len() > 7 && b[6] == b'+' && b[..6].iter().all(|c| c.is_ascii_uppercase()) {
        s[7..].to_string()
    } else {
        s
    }
}

fn looks_bold(name: &str, descriptor: Option<(&Document, &Dictionary)>) -> bool {
    let lower = name.to_ascii_lowercase();
    if [
        "bold", "heavy", "black", "semibold", "demibold", "黑体", "粗",
    ]
    .iter()
    .any(|w| lower.contains(w))
        || lower.ends_with(",b")
    {
        return true;
    }
    if let Some((doc, fd)) = descriptor {
        if get(doc, fd, b"FontWeight")
            .and_then(num)
            .is_some_and(|w| w >= 600.0)
        {
            return true;
        }
        if get(doc, fd, b"Flags")
            .and_then(num)
            .is_some_and(|f| (f as i64) & (1 << 18) != 0)
        {
            return true;
        }
    }
    false
}

/// Unicode for a glyph name: the Adobe Glyph List, `uniXXXX`, `uXXXX[XX]`.
pub(crate) fn glyph_name_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    // "a.sc", "f_i" — keep the base name before a suffix.
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return None;
    }
    if let Some((_, s)) = encodings::LIGATURES.iter().find(|(n, _)| *n == base) {
        return Some((*s).to_string());
    }
    if let Ok(i) = encodings::GLYPH_NAMES.binary_search_by(|(n, _)| (*n).cmp(base)) {
        return char::from_u32(encodings::GLYPH_NAMES[i].1 as u32).map(String::from);
    }
    if let Some(hex) = base.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len() % 4 == 0
        && hex.bytes().all(|c| c.is_ascii_hexdigit())
    {
        let units: Vec<u16> = (0..hex.len() / 4)
            .filter_map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok())
            .collect();
        let s = String::from_utf16(&units).ok()?;
        return (!s.is_empty()).then_some(s);
    }
    if let Some(hex) = base.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.bytes().all(|c| c.is_ascii_hexdigit())
    {
        let cp = u32::from_str_radix(hex, 16).ok()?;
        return char::from_u32(cp).map(String::from);
    }
    if base.contains('_') {
        let parts: Option<String> = base
            .split('_')
            .map(|p| glyph_name_text(p.as_bytes()))
            .collect();
        return parts;
    }
    None
}

fn bf_to_string(b: BfString) -> Option<String> {
    let s = match b {
        BfString::Char(c) => c.to_string(),
        BfString::String(s) => s,
    };
    // A map to U+0000 or to nothing is no mapping.
    (!s.is_empty() && !s.chars().all(|c| c == '\0')).then_some(s)
}

impl Font {
    /// Build a font from its dictionary. Never fails: a font we cannot
    /// understand decodes nothing and is reported by its counters.
    pub(crate) fn load(doc: &Document, dict: &Dictionary, cmaps: &mut CMapCache) -> Font {
        let subtype = get_name(doc, dict, b"Subtype").unwrap_or(b"");
        let raw_name = get_name(doc, dict, b"BaseFont")
            .or_else(|| get_name(doc, dict, b"Name"))
            .unwrap_or(b"");
        let name = font_name(raw_name);
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| stream_bytes(doc, o))
            .and_then(|data| CMap::parse(&data, hayro_cmap::load_embedded));
        if subtype == b"Type0" {
            Self::load_type0(doc, dict, name, to_unicode, cmaps)
        } else {
            Self::load_simple(doc, dict, subtype, name, to_unicode)
        }
    }

    fn metrics(doc: &Document, fd: Option<&Dictionary>) -> (f32, f32) {
        let mut ascent = fd
            .and_then(|fd| get(doc, fd, b"Ascent"))
            .and_then(num)
            .map(|a| a / 1000.0)
            .unwrap_or(0.88);
        let mut descent = fd
            .and_then(|fd| get(doc, fd, b"Descent"))
            .and_then(num)
            .map(|d| d / 1000.0)
            .unwrap_or(-0.12);
        if !(0.5..=1.3).contains(&ascent) {
            ascent = 0.88;
        }
        if !(-0.5..=0.0).contains(&descent) {
            descent = -0.12;
        }
        (ascent, descent)
    }

    fn load_simple(
        doc: &Document,
        dict: &Dictionary,
        subtype: &[u8],
        name: String,
        to_unicode: Option<CMap>,
    ) -> Font {
        let fd = get_dict(doc, dict, b"FontDescriptor");
        let (mut ascent, mut descent) = Self::metrics(doc, fd);
        let is_type3 = subtype == b"Type3";
        let mut type3_scale = 1.0;
        let mut width_scale = 0.001;
        if is_type3 {
            if let Some(Object::Array(m)) = get(doc, dict, b"FontMatrix") {
                let a = m.first().and_then(num).unwrap_or(0.001);
                let d = m.get(3).and_then(num).unwrap_or(0.001);
                if a.is_finite() && a != 0.0 {
                    width_scale = a.abs();
                }
                if d.is_finite() && d != 0.0 {
                    type3_scale = (d.abs() * 1000.0).clamp(0.01, 100.0);
                }
            }
            ascent = 0.8;
            descent = -0.2;
        }

        // Base encoding.
        let std_name = name.trim_start_matches('*');
        let symbolic = fd
            .and_then(|fd| get(doc, fd, b"Flags"))
            .and_then(num)
            .is_some_and(|f| (f as i64) & 4 != 0);
        let default_table: &[u16; 256] = if subtype == b"TrueType" {
            &encodings::WIN_ANSI
        } else {
            &encodings::STANDARD
        };
        let mut base: &[u16; 256] = default_table;
        let mut differences: Option<&Vec<Object>> = None;
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => base = base_table(n).unwrap_or(default_table),
            Some(Object::Dictionary(enc)) => {
                if let Some(n) = get_name(doc, enc, b"BaseEncoding") {
                    base = base_table(n).unwrap_or(default_table);
                }
                if let Some(Object::Array(d)) = get(doc, enc, b"Differences") {
                    differences = Some(d);
                }
            }
            _ => {}
        }
        let _ = (std_name, symbolic);

        let mut names: Vec<Option<String>> = vec![None; 256];
        if let Some(diffs) = differences {
            let mut code: i64 = 0;
            for o in diffs {
                match deref(doc, o) {
                    Object::Integer(i) => code = *i,
                    Object::Name(n) => {
                        if (0..256).contains(&code) {
                            // An unknown name ("g31", "glyph5") still overrides the base.
                            names[code as usize] = Some(glyph_name_text(n).unwrap_or_default());
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        let mut text: Vec<Option<Box<str>>> = Vec::with_capacity(256);
        for (code, name_text) in names.into_iter().enumerate() {
            let from_tu = to_unicode
                .as_ref()
                .and_then(|tu| tu.lookup_bf_string(code as u32))
                .and_then(bf_to_string);
            let t = from_tu.or_else(|| match name_text {
                Some(s) if !s.is_empty() => Some(s),
                Some(_) => None,
                None => {
                    let cp = base[code];
                    (cp != 0).then(|| char::from_u32(cp as u32).map(String::from))?
                }
            });
            text.push(t.map(String::into_boxed_str));
        }

        // Widths.
        let mut widths = [0.0f32; 256];
        let missing = fd
            .and_then(|fd| get(doc, fd, b"MissingWidth"))
            .and_then(num)
            .unwrap_or(0.0);
        let first = get(doc, dict, b"FirstChar").and_then(num).unwrap_or(0.0) as i64;
        let have_widths = if let Some(Object::Array(ws)) = get(doc, dict, b"Widths") {
            for (code, w) in widths.iter_mut().enumerate() {
                let i = code as i64 - first;
                let v = if i >= 0 {
                    ws.get(i as usize).map(|o| deref(doc, o)).and_then(num)
                } else {
                    None
                };
                *w = v.unwrap_or(missing) * width_scale;
            }
            true
        } else {
            false
        };
        if !have_widths {
            // Standard 14 fonts without /Widths: a rough average is enough for layout.
            let w = if name.contains("Courier") { 0.6 } else { 0.5 };
            widths = [w; 256];
        }
        let bold = looks_bold(&name, fd.map(|fd| (doc, fd)));
        Font {
            info: FontInfo { name, bold },
            ascent,
            descent,
            vertical: false,
            type3_scale,
            kind: Kind::Simple(Box::new(SimpleFont { text, widths })),
            to_unicode: None,
            undecoded: 0,
            decoded: 0,
        }
    }

    fn load_type0(
        doc: &Document,
        dict: &Dictionary,
        name: String,
        to_unicode: Option<CMap>,
        cmaps: &mut CMapCache,
    ) -> Font {
        let descendant = match get(doc, dict, b"DescendantFonts") {
            Some(Object::Array(a)) => a.first().map(|o| deref(doc, o)),
            Some(o @ Object::Dictionary(_)) => Some(o),
            _ => None,
        };
        let cid_dict = match descendant {
            Some(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let fd = cid_dict.and_then(|d| get_dict(doc, d, b"FontDescriptor"));
        let (ascent, descent) = Self::metrics(doc, fd);

        // Encoding: a predefined CMap name or an embedded CMap stream.
        let mut vertical = false;
        let mut code_unicode = CodeUnicode::None;
        let mut encoding_name: Vec<u8> = Vec::new();
        let codes = match dict.get(b"Encoding").ok().map(|o| deref(doc, o)) {
            Some(Object::Name(n)) => {
                encoding_name = n.clone();
                vertical = n.ends_with(b"-V");
                if n == b"Identity-H" || n == b"Identity-V" {
                    Some(CodeMap::Identity)
                } else {
                    code_unicode = predefined_unicode(n);
                    cmaps.get(n).map(CodeMap::CMap)
                }
            }
            Some(o @ Object::Stream(_)) => stream_bytes(doc, o)
                .and_then(|data| CMap::parse(&data, hayro_cmap::load_embedded))
                .map(|m| {
                    vertical = matches!(
                        m.metadata().writing_mode,
                        Some(hayro_cmap::WritingMode::Vertical)
                    );
                    if let Some(n) = m.metadata().name.as_deref() {
                        code_unicode = predefined_unicode(n);
                    }
                    CodeMap::CMap(Arc::new(m))
                }),
            _ => None,
        };
        let codes = match codes {
            Some(c) => c,
            // Unknown CMap: GB encodings still decode through encoding_rs;
            // everything else is read as two-byte codes.
            None => CodeMap::Identity,
        };
        if code_unicode == CodeUnicode::None && !encoding_name.is_empty() {
            code_unicode = predefined_unicode(&encoding_name);
        }

        // Character collection → CID to Unicode.
        let family = cid_dict
            .and_then(|d| get_dict(doc, d, b"CIDSystemInfo"))
            .map(|csi| {
                let reg = match get(doc, csi, b"Registry") {
                    Some(Object::String(s, _)) => s.as_slice(),
                    _ => b"",
                };
                let ord = match get(doc, csi, b"Ordering") {
                    Some(Object::String(s, _)) => s.as_slice(),
                    _ => b"",
                };
                CidFamily::from_registry_ordering(reg, ord)
            })
            .or_else(|| match &codes {
                CodeMap::CMap(m) => m
                    .metadata()
                    .character_collection
                    .as_ref()
                    .map(|c| c.family.clone()),
                CodeMap::Identity => None,
            });
        let cid_unicode = match (&codes, family) {
            // Identity-H with an Adobe collection is rare but valid.
            (_, Some(f)) => f.ucs2_cmap().and_then(|n| cmaps.get_named(n)),
            _ => None,
        };

        // Widths.
        let default_width = cid_dict
            .and_then(|d| get(doc, d, b"DW"))
            .and_then(num)
            .unwrap_or(1000.0)
            / 1000.0;
        let mut widths = FastMap::default();
        let mut width_ranges = Vec::new();
        if let Some(Object::Array(w)) = cid_dict.and_then(|d| get(doc, d, b"W")) {
            let mut i = 0;
            while i < w.len() {
                let Some(first) = num(deref(doc, &w[i])) else {
                    break;
                };
                match w.get(i + 1).map(|o| deref(doc, o)) {
                    Some(Object::Array(list)) => {
                        for (k, o) in list.iter().enumerate() {
                            if let Some(v) = num(deref(doc, o)) {
                                widths.insert(first as u32 + k as u32, v / 1000.0);
                            }
                        }
                        i += 2;
                    }
                    Some(o) => {
                        let last = num(o).unwrap_or(first);
                        let v = w.get(i + 2).map(|o| deref(doc, o)).and_then(num);
                        if let Some(v) = v
                            && last >= first
                        {
                            width_ranges.push((first as u32, last as u32, v / 1000.0));
                        }
                        i += 3;
                    }
                    None => break,
                }
            }
        }
        let descendant_name = cid_dict
            .and_then(|d| get_name(doc, d, b"BaseFont"))
            .map(font_name);
        let name = if name.is_empty() {
            descendant_name.unwrap_or_default()
        } else {
            name
        };
        let bold = looks_bold(&name, fd.map(|fd| (doc, fd)));
        Font {
            info: FontInfo { name, bold },
            ascent,
            descent,
            vertical,
            type3_scale: 1.0,
            kind: Kind::Cid(Box::new(CidFont {
                codes,
                code_unicode,
                cid_unicode,
                widths,
                width_ranges,
                default_width,
                cache: FastMap::default(),
            })),
            to_unicode,
            undecoded: 0,
            decoded: 0,
        }
    }

    /// Decode a shown string code by code.
    pub(crate) fn decode(&mut self, bytes: &[u8], mut f: impl FnMut(Code<'_>)) {
        match &mut self.kind {
            Kind::Simple(s) => {
                for &b in bytes {
                    let text = s.text[b as usize].as_deref();
                    if text.is_some() {
                        self.decoded += 1;
                    } else {
                        self.undecoded += 1;
                    }
                    f(Code {
                        text,
                        width: s.widths[b as usize],
                        word_space: b == 32,
                    });
                }
            }
            Kind::Cid(c) => {
                let mut i = 0;
                while i < bytes.len() {
                    let (code, len, cid) = c.next_code(&bytes[i..]);
                    let key = (code, len);
                    let entry = match c.cache.get(&key) {
                        Some(e) => Some(e),
                        None => {
                            let text = c.text_for(self.to_unicode.as_ref(), code, len, cid);
                            let width = c.width(cid);
                            Some(&*c.cache.entry(key).or_insert((text, width)))
                        }
                    };
                    if let Some((text, width)) = entry {
                        if text.is_some() {
                            self.decoded += 1;
                        } else {
                            self.undecoded += 1;
                        }
                        f(Code {
                            text: text.as_deref(),
                            width: *width,
                            word_space: len == 1 && code == 32,
                        });
                    }
                    i += len as usize;
                }
            }
        }
    }
}

fn base_table(name: &[u8]) -> Option<&'static [u16; 256]> {
    match name {
        b"WinAnsiEncoding" => Some(&encodings::WIN_ANSI),
        b"MacRomanEncoding" => Some(&encodings::MAC_ROMAN),
        b"StandardEncoding" => Some(&encodings::STANDARD),
        _ => None,
    }
}

/// What the codes of a predefined CMap carry, by the CMap's name.
fn predefined_unicode(name: &[u8]) -> CodeUnicode {
    let n = String::from_utf8_lossy(name);
    if n.starts_with("Uni") && (n.contains("UCS2") || n.contains("UTF16")) {
        CodeUnicode::Utf16
    } else if n.starts_with("GB") && !n.contains("Identity") {
        // GB-EUC-H, GBpc-EUC-H, GBK-EUC-H, GBKp-EUC-H, GBK2K-H, GBT-EUC-H
        CodeUnicode::Gbk
    } else {
        CodeUnicode::None
    }
}

impl CidFont {
    /// The next code in `bytes`: (code, byte length, CID).
    fn next_code(&self, bytes: &[u8]) -> (u32, u8, u32) {
        match &self.codes {
            CodeMap::Identity => {
                if bytes.len() >= 2 {
                    let code = u32::from(bytes[0]) << 8 | u32::from(bytes[1]);
                    (code, 2, code)
                } else {
                    (u32::from(bytes[0]), 1, u32::from(bytes[0]))
                }
            }
            CodeMap::CMap(m) => {
                let mut code = 0u32;
                for len in 1..=bytes.len().min(4) {
                    code = code << 8 | u32::from(bytes[len - 1]);
                    if let Some(cid) = m.lookup_cid_code(code, len as u8) {
                        return (code, len as u8, cid);
                    }
                }
                // No range maps the code (e.g. U+00B7 is missing from
                // UniGB-UCS2-H): take the length the encoding implies, so
                // the following codes stay aligned. UCS-2/UTF-16 codes are
                // two bytes (four for a surrogate pair); GBK lead bytes start
                // two-byte codes (four in GB18030's four-byte form).
                let want = match self.code_unicode {
                    CodeUnicode::Utf16 if (0xD8..0xDC).contains(&bytes[0]) => 4,
                    CodeUnicode::Utf16 => 2,
                    CodeUnicode::Gbk
                        if bytes[0] >= 0x81 && bytes.get(1).is_some_and(u8::is_ascii_digit) =>
                    {
                        4
                    }
                    _ if bytes[0] >= 0x81 => 2,
                    _ => 1,
                };
                let len = if bytes.len() >= want {
                    want
                } else if bytes.len() >= 2 && want > 1 {
                    2
                } else {
                    1
                };
                let code = bytes[..len]
                    .iter()
                    .fold(0u32, |a, &b| a << 8 | u32::from(b));
                (code, len as u8, 0)
            }
        }
    }

    fn width(&self, cid: u32) -> f32 {
        if let Some(w) = self.widths.get(&cid) {
            return *w;
        }
        for &(a, b, w) in &self.width_ranges {
            if (a..=b).contains(&cid) {
                return w;
            }
        }
        self.default_width
    }

    fn text_for(&self, tu: Option<&CMap>, code: u32, len: u8, cid: u32) -> Option<Box<str>> {
        if let Some(s) = tu
            .and_then(|tu| tu.lookup_bf_string(code))
            .and_then(bf_to_string)
        {
            return Some(s.into_boxed_str());
        }
        let from_code = match self.code_unicode {
            CodeUnicode::Utf16 => {
                let units: Vec<u16> = if len == 4 {
                    vec![(code >> 16) as u16, code as u16]
                } else {
                    vec![code as u16]
                };
                String::from_utf16(&units).ok()
            }
            CodeUnicode::Gbk => {
                let bytes: Vec<u8> = (0..len).rev().map(|i| (code >> (8 * i)) as u8).collect();
                let (s, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(&bytes);
                (!had_errors).then(|| s.into_owned())
            }
            CodeUnicode::None => None,
        };
        if let Some(s) = from_code.filter(|s| !s.is_empty() && !s.contains('\0')) {
            return Some(s.into_boxed_str());
        }
        if cid != 0
            && let Some(s) = self
                .cid_unicode
                .as_ref()
                .and_then(|m| m.lookup_bf_string(cid))
                .and_then(bf_to_string)
        {
            return Some(s.into_boxed_str());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names_map_through_the_list_and_uni_forms() {
        assert_eq!(glyph_name_text(b"A").as_deref(), Some("A"));
        assert_eq!(glyph_name_text(b"space").as_deref(), Some(" "));
        assert_eq!(glyph_name_text(b"uni4E2D").as_deref(), Some("中"));
        assert_eq!(glyph_name_text(b"u4E2D").as_deref(), Some("中"));
        assert_eq!(glyph_name_text(b"fi").as_deref(), Some("fi"));
        assert_eq!(glyph_name_text(b"one.oldstyle").as_deref(), Some("1"));
        assert_eq!(glyph_name_text(b"g31"), None);
        assert_eq!(glyph_name_text(b"glyph5"), None);
    }

    #[test]
    fn subset_prefix_is_removed_and_gbk_names_decoded() {
        assert_eq!(font_name(b"BAAAAA+WenQuanYiZenHei"), "WenQuanYiZenHei");
        assert_eq!(font_name(b"SimSun"), "SimSun");
        // 宋体 in GBK
        assert_eq!(font_name(&[0xCB, 0xCE, 0xCC, 0xE5]), "宋体");
    }

    #[test]
    fn predefined_cmap_kinds_by_name() {
        assert_eq!(predefined_unicode(b"UniGB-UCS2-H"), CodeUnicode::Utf16);
        assert_eq!(predefined_unicode(b"UniGB-UTF16-H"), CodeUnicode::Utf16);
        assert_eq!(predefined_unicode(b"GBK-EUC-H"), CodeUnicode::Gbk);
        assert_eq!(predefined_unicode(b"GB-EUC-H"), CodeUnicode::Gbk);
        assert_eq!(predefined_unicode(b"90ms-RKSJ-H"), CodeUnicode::None);
    }

    #[test]
    fn ucs2_codes_outside_the_cmap_keep_the_two_byte_alignment() {
        let mut cache = CMapCache::default();
        let m = cache.get(b"UniGB-UCS2-H").expect("embedded");
        let f = CidFont {
            codes: CodeMap::CMap(m),
            code_unicode: CodeUnicode::Utf16,
            cid_unicode: None,
            widths: FastMap::default(),
            width_ranges: vec![],
            default_width: 1.0,
            cache: FastMap::default(),
        };
        // "6·2": 0036 00B7 0032; U+00B7 has no CID in UniGB-UCS2-H.
        let bytes = [0x00u8, 0x36, 0x00, 0xB7, 0x00, 0x32];
        let mut i = 0;
        let mut text = String::new();
        while i < bytes.len() {
            let (code, len, cid) = f.next_code(&bytes[i..]);
            text.push_str(f.text_for(None, code, len, cid).as_deref().unwrap_or("?"));
            i += len as usize;
        }
        assert_eq!(text, "6·2");
    }

    #[test]
    fn gbk_cmap_splits_one_and_two_byte_codes() {
        let mut cache = CMapCache::default();
        let m = cache
            .get(b"GBK-EUC-H")
            .expect("GBK-EUC-H is embedded in hayro-cmap");
        let f = CidFont {
            codes: CodeMap::CMap(m),
            code_unicode: CodeUnicode::Gbk,
            cid_unicode: cache.get_named(CMapName::AdobeGb1Ucs2),
            widths: FastMap::default(),
            width_ranges: vec![],
            default_width: 1.0,
            cache: FastMap::default(),
        };
        // "A中" = 41 D6 D0
        let bytes = [0x41u8, 0xD6, 0xD0];
        let (c1, l1, cid1) = f.next_code(&bytes);
        assert_eq!((c1, l1), (0x41, 1));
        let (c2, l2, cid2) = f.next_code(&bytes[1..]);
        assert_eq!((c2, l2), (0xD6D0, 2));
        assert_eq!(f.text_for(None, c1, l1, cid1).as_deref(), Some("A"));
        assert_eq!(f.text_for(None, c2, l2, cid2).as_deref(), Some("中"));
        // Through the collection alone (no GBK shortcut) the CID still maps.
        let via_cid = f
            .cid_unicode
            .as_ref()
            .and_then(|m| m.lookup_bf_string(cid2));
        assert_eq!(via_cid.and_then(bf_to_string).as_deref(), Some("中"));
    }
}
