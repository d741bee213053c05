//! A small element tree for one OOXML part, built with quick-xml.
//!
//! WordprocessingML is read as a tree rather than as a stream because its
//! meaning is structural (a cell's merge lives in its `tcPr`, a field spans
//! sibling runs, a text box sits deep inside a run). Names are kept as local
//! names plus a flag for the WordprocessingML namespace (transitional or
//! strict), so a `w:t` is never confused with a DrawingML `a:t` or a math
//! `m:t`, whatever prefixes the producer chose.
//!
//! Limits: element count ([`limits::MAX_XML_ELEMENTS`]), element depth
//! ([`MAX_DEPTH`]) and the per-document deadline ([`limits::check`]).

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::error::{Error, Result};
use crate::limits;

/// Deepest XML element nesting accepted in one part. Real documents stay far
/// below (a text box in a nested table is ~40 levels); the tree walkers recurse,
/// so this bounds their stack use.
pub const MAX_DEPTH: usize = 256;

const W_NS: &[&str] = &[
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];

/// One element. `w` is true for WordprocessingML elements.
///
/// A part can hold millions of elements, so a node is kept small: names
/// Word writes are shared static strings (only unknown names are allocated),
/// and attribute and child lists hold no spare capacity.
#[derive(Debug, Default, Clone)]
pub struct Node {
    pub name: Cow<'static, str>,
    pub w: bool,
    /// Attributes by local name (the `val` of `w:val`).
    pub attrs: Vec<(Cow<'static, str>, String)>,
    pub children: Vec<Child>,
}

/// Element and attribute names common in OOXML parts, sorted (binary search).
const NAMES: &[&str] = &[
    "AlternateContent",
    "Choice",
    "Default",
    "Fallback",
    "Override",
    "Relationship",
    "Target",
    "TargetMode",
    "Type",
    "abstractNum",
    "abstractNumId",
    "after",
    "anchor",
    "ascii",
    "asciiTheme",
    "b",
    "bCs",
    "basedOn",
    "before",
    "body",
    "bottom",
    "br",
    "cantSplit",
    "char",
    "color",
    "cols",
    "cs",
    "cstheme",
    "customXml",
    "default",
    "docDefaults",
    "docGrid",
    "document",
    "drawing",
    "eastAsia",
    "eastAsiaTheme",
    "end",
    "endnoteReference",
    "firstLine",
    "firstLineChars",
    "fldChar",
    "fldCharType",
    "fldSimple",
    "footerReference",
    "gridAfter",
    "gridBefore",
    "gridCol",
    "gridSpan",
    "hAnsi",
    "hAnsiTheme",
    "hMerge",
    "hanging",
    "headerReference",
    "hint",
    "i",
    "iCs",
    "id",
    "ilvl",
    "ind",
    "ins",
    "insideH",
    "insideV",
    "instr",
    "instrText",
    "isLgl",
    "jc",
    "kern",
    "lang",
    "lastRenderedPageBreak",
    "left",
    "line",
    "lineRule",
    "lvl",
    "lvlJc",
    "lvlOverride",
    "lvlText",
    "moveTo",
    "name",
    "noProof",
    "num",
    "numFmt",
    "numId",
    "numPr",
    "oMath",
    "oMathPara",
    "object",
    "outlineLvl",
    "p",
    "pPr",
    "pPrDefault",
    "pStyle",
    "pgMar",
    "pgSz",
    "pict",
    "position",
    "proofErr",
    "qFormat",
    "r",
    "rFonts",
    "rPr",
    "rPrDefault",
    "rStyle",
    "right",
    "rsidDel",
    "rsidP",
    "rsidR",
    "rsidRDefault",
    "rsidRPr",
    "rsidSect",
    "rsidTr",
    "rubyBase",
    "sdt",
    "sdtContent",
    "sectPr",
    "semiHidden",
    "shd",
    "snapToGrid",
    "space",
    "spacing",
    "start",
    "startOverride",
    "style",
    "styleId",
    "suff",
    "sz",
    "szCs",
    "t",
    "tab",
    "tabs",
    "tbl",
    "tblBorders",
    "tblCellMar",
    "tblGrid",
    "tblHeader",
    "tblInd",
    "tblLayout",
    "tblLook",
    "tblPr",
    "tblStyle",
    "tblW",
    "tc",
    "tcBorders",
    "tcPr",
    "tcW",
    "top",
    "tr",
    "trHeight",
    "trPr",
    "txbxContent",
    "type",
    "u",
    "uiPriority",
    "unhideWhenUsed",
    "vAlign",
    "vMerge",
    "val",
    "vanish",
    "w",
    "wAfter",
    "wBefore",
    "widowControl",
];

/// A name as a shared static string when it is a common one.
fn intern(name: &str) -> Cow<'static, str> {
    match NAMES.binary_search(&name) {
        Ok(i) => Cow::Borrowed(NAMES[i]),
        Err(_) => Cow::Owned(name.to_string()),
    }
}

#[derive(Debug, Clone)]
pub enum Child {
    Elem(Node),
    Text(String),
}

impl Node {
    /// Is this the WordprocessingML element `name`?
    pub fn is(&self, name: &str) -> bool {
        self.w && self.name == name
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `w:val` attribute.
    pub fn val(&self) -> Option<&str> {
        self.attr("val")
    }

    pub fn elements(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter_map(|c| match c {
            Child::Elem(n) => Some(n),
            Child::Text(_) => None,
        })
    }

    /// First WordprocessingML child named `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.elements().find(|n| n.is(name))
    }

    /// Text content of this element (its text children only).
    pub fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            if let Child::Text(t) = c {
                s.push_str(t);
            }
        }
        s
    }

    /// An on/off property (`<w:b/>`, `<w:b w:val="0"/>`, `w:val="false"`…).
    pub fn on(&self) -> bool {
        !matches!(self.val(), Some("0" | "false" | "off" | "none"))
    }

    /// Integer value of `w:val`, tolerating the odd forms producers write
    /// ("2160.5", " 2 ", "11.4cm"): the leading number, truncated.
    pub fn int_val(&self) -> Option<i64> {
        self.val().and_then(lenient_int)
    }
}

/// The leading integer of `s` ("2160.5" → 2160, "3pt" → 3); None when there is none.
pub fn lenient_int(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let n: i64 = digits[..end.min(15)].parse().ok()?;
    Some(if neg { -n } else { n })
}

/// Parse a part into its root element.
pub fn parse(text: &str, part: &str) -> Result<Node> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Node> = vec![Node::default()];
    let mut count = 0usize;
    let damaged = |e: String| Error::Damaged {
        format: "docx",
        reason: format!("{part}: {e}"),
    };
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| damaged(e.to_string()))?;
        let is_w = matches!(ns, ResolveResult::Bound(n) if W_NS.contains(&n.0));
        match event {
            Event::Start(e) => {
                count += 1;
                if count.is_multiple_of(4096) {
                    limits::check()?;
                }
                if count > limits::MAX_XML_ELEMENTS {
                    return Err(limits::exceeded(
                        "max-xml-elements",
                        format!("{part} has more than {} elements", limits::MAX_XML_ELEMENTS),
                    ));
                }
                if stack.len() > MAX_DEPTH {
                    return Err(limits::exceeded(
                        "max-nesting",
                        format!("{part} nests elements deeper than {MAX_DEPTH}"),
                    ));
                }
                stack.push(element(&e, is_w)?);
            }
            Event::Empty(e) => {
                count += 1;
                let node = element(&e, is_w)?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::Elem(node));
                }
            }
            Event::End(_) => {
                if stack.len() < 2 {
                    return Err(damaged("unbalanced end tag".into()));
                }
                if let Some(mut node) = stack.pop()
                    && let Some(top) = stack.last_mut()
                {
                    // Most elements have one child or two: without the spare
                    // capacity a growing Vec keeps, the tree takes a third
                    // of the memory.
                    node.children.shrink_to_fit();
                    top.children.push(Child::Elem(node));
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => {
                let raw = t.into_inner();
                push_text(&mut stack, &raw);
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = ch {
                    push_text(&mut stack, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A truncated part leaves open elements: keep what was read.
    while stack.len() > 1 {
        if let Some(node) = stack.pop()
            && let Some(top) = stack.last_mut()
        {
            top.children.push(Child::Elem(node));
        }
    }
    let root = stack.pop().unwrap_or_default();
    root.children
        .into_iter()
        .find_map(|c| match c {
            Child::Elem(n) => Some(n),
            Child::Text(_) => None,
        })
        .ok_or_else(|| damaged("no root element".into()))
}

fn push_text(stack: &mut [Node], s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(top) = stack.last_mut() {
        if let Some(Child::Text(t)) = top.children.last_mut() {
            t.push_str(s);
        } else {
            top.children.push(Child::Text(s.to_string()));
        }
    }
}

fn element(e: &quick_xml::events::BytesStart, is_w: bool) -> Result<Node> {
    let name = intern(e.local_name().as_ref());
    let mut attrs = Vec::new();
    for a in e.attributes().with_checks(false).flatten() {
        let key = a.key.local_name();
        let key = intern(key.as_ref());
        let value = match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            Err(_) => a.value.clone().into_owned(),
        };
        attrs.push((key, value));
    }
    attrs.shrink_to_fit();
    Ok(Node {
        name,
        w: is_w,
        attrs,
        children: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_names_are_sorted_and_found() {
        assert!(NAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(matches!(intern("tc"), Cow::Borrowed("tc")));
        assert!(matches!(intern("someOtherName"), Cow::Owned(_)));
    }

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    #[test]
    fn namespaces_and_entities() {
        let xml = format!(
            r#"<x:document xmlns:x="{W}" xmlns:a="urn:a"><x:t>A &amp; B &#x4E00;</x:t><a:t>no</a:t></x:document>"#
        );
        let root = parse(&xml, "t").expect("parses");
        assert!(root.is("document"));
        let kids: Vec<&Node> = root.elements().collect();
        assert!(kids[0].is("t"));
        assert_eq!(kids[0].text(), "A & B 一");
        assert!(!kids[1].is("t"), "DrawingML a:t is not w:t");
    }

    #[test]
    fn lenient_integers() {
        assert_eq!(lenient_int("2160.5"), Some(2160));
        assert_eq!(lenient_int(" 3 "), Some(3));
        assert_eq!(lenient_int("11.4cm"), Some(11));
        assert_eq!(lenient_int(""), None);
        assert_eq!(lenient_int("-2"), Some(-2));
        assert_eq!(
            lenient_int("99999999999999999999999"),
            Some(999_999_999_999_999)
        );
    }

    #[test]
    fn depth_limit_is_an_error_not_a_crash() {
        let mut xml = String::new();
        for _ in 0..(MAX_DEPTH + 5) {
            xml.push_str("<a>");
        }
        match parse(&xml, "deep") {
            Err(Error::Limit { limit, .. }) => assert_eq!(limit, "max-nesting"),
            other => panic!("expected a limit error, got {other:?}"),
        }
    }
}
