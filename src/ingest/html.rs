//! HTML reader: a web page saved from a government site → the same blocks as
//! every other format.
//!
//! Encoding: the byte-order mark, then the page's own declaration (`<meta
//! charset>` or `http-equiv="Content-Type"`), then detection as for text
//! files (GBK pages are common and often undeclared). GBK and GB2312 are
//! decoded as their superset GB18030.
//!
//! Parsing is html5ever's (through `scraper`'s tree), with a tree sink that
//! records the source line of every element, so paragraphs, tables and rows
//! keep their lines as text inputs do.
//!
//! What is read: the article, not the site. Scripts, styles, forms, `nav`,
//! `header`, `footer`, `aside` and elements whose id or class names site
//! furniture (nav, menu, footer, breadcrumb, share, copyright …) are left out;
//! of the rest, the content container is the element a site's CMS names
//! (`article`, `main`, `#zoom`, `.TRS_Editor`, `#content` …) or else the
//! smallest element holding most of the page's non-link text. A heading that
//! stands before that container (the article's `h1`) is kept.
//!
//! Blocks: `h1`–`h6` are paragraphs with their outline level; `p`, `div`,
//! `li` and other block elements paragraphs (the Chinese ladder in them is
//! found by `structure` as for any format); `<br>` outside tables breaks a
//! paragraph. Tables: rows from `thead`/`tbody`/`tfoot`, `rowspan`/`colspan`
//! resolved into the grid as in DOCX (the owner records its spans, covered
//! positions point at it and carry no text), `<br>` and paragraphs inside a
//! cell kept as line breaks, `thead` rows and rows of `th` marked as header.
//! A table of one cell, or one holding other tables, is page layout: its
//! content is read as blocks.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink, Node};

use crate::error::{Error, Result};
use crate::limits;
use crate::model::{
    Block, Ingested, RawCell, RawParagraph, RawRow, RawTable, Span, StyleHints, Warning,
};

/// Most columns one table row may claim (a hostile colspan).
const MAX_COLUMNS: usize = 1000;
/// Deepest element nesting walked; deeper content is read as plain text.
const MAX_DEPTH: usize = 256;

/// Does the start of a file look like a web page?
pub fn looks_like_html(head: &[u8]) -> bool {
    // UTF-16: look at the ASCII bytes only.
    let ascii: Vec<u8> = if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        head[2..].iter().copied().filter(|&b| b != 0).collect()
    } else {
        head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head).to_vec()
    };
    let mut s = String::from_utf8_lossy(&ascii).to_lowercase();
    // Skip an XML declaration and comments before the first tag.
    loop {
        let t = s.trim_start();
        if let Some(rest) = t.strip_prefix("<?xml") {
            s = rest.split_once("?>").map_or("", |(_, r)| r).to_string();
        } else if let Some(rest) = t.strip_prefix("<!--") {
            s = rest.split_once("-->").map_or("", |(_, r)| r).to_string();
        } else {
            s = t.to_string();
            break;
        }
    }
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
        "<table",
    ]
    .iter()
    .any(|p| s.starts_with(p))
}

/// Read a web page.
pub fn read(bytes: &[u8]) -> Result<Ingested> {
    let (text, encoding, mut warnings) = decode(bytes);
    let (html, lines) = parse(&text);
    let mut walker = Walker {
        html: &html,
        lines: &lines,
        blocks: Vec::new(),
        current: Inline::default(),
        images: 0,
        visited: 0,
    };
    let root = html.tree.root();
    let container = content_container(root);
    if let Some(heading) = heading_before(root, container) {
        walker.block(heading, 0)?;
        walker.flush();
    }
    walker.block(container, 0)?;
    walker.flush();
    if walker.images > 0 {
        warnings.push(Warning {
            kind: "image.skipped".into(),
            message: format!("{} image(s) in the page were not read", walker.images),
            location: None,
        });
    }
    if walker.blocks.is_empty() {
        return Err(Error::NoText(
            "the page has no text outside its navigation".into(),
        ));
    }
    Ok(Ingested {
        blocks: walker.blocks,
        encoding: Some(encoding),
        warnings,
        ..Default::default()
    })
}

// ---------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------

/// The charset a page declares in its first bytes (`<meta charset="gbk">`,
/// `content="text/html; charset=gb2312"`).
fn declared_charset(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, String)> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(p) = find(&lower[from..], b"charset") {
        let at = from + p + b"charset".len();
        from = at;
        // Only inside a <meta …> tag.
        let tag_start = lower[..at].iter().rposition(|&b| b == b'<');
        let tag_end = lower[..at].iter().rposition(|&b| b == b'>');
        let in_meta = match (tag_start, tag_end) {
            (Some(s), e) if e.is_none_or(|e| e < s) => lower[s..].starts_with(b"<meta"),
            _ => false,
        };
        if !in_meta {
            continue;
        }
        let rest = &lower[at..];
        let rest = rest
            .iter()
            .position(|&b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            .map_or(&rest[rest.len()..], |i| &rest[i..]);
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let label: Vec<u8> = rest
            .iter()
            .copied()
            .skip_while(|b| matches!(b, b' ' | b'"' | b'\''))
            .take_while(|b| !matches!(b, b'"' | b'\'' | b';' | b' ' | b'>' | b'/'))
            .collect();
        if let Some(enc) = encoding_rs::Encoding::for_label(&label) {
            return Some((enc, String::from_utf8_lossy(&label).into_owned()));
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Text of the page and the encoding used.
fn decode(bytes: &[u8]) -> (String, String, Vec<Warning>) {
    let mut warnings = Vec::new();
    if encoding_rs::Encoding::for_bom(bytes).is_none()
        && let Some((enc, declared)) = declared_charset(bytes)
    {
        // UTF-16 cannot be declared inside an ASCII-compatible byte stream.
        let enc = if enc == encoding_rs::GBK || enc.name() == "gb18030" {
            encoding_rs::GB18030
        } else if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            enc
        };
        let (text, _, malformed) = enc.decode(bytes);
        if !malformed {
            return (text.into_owned(), label(enc), warnings);
        }
        // The declaration lies (a page saved in UTF-8 that still says gb2312).
        let detected = super::text::decode(bytes);
        warnings.push(Warning {
            kind: "html.wrong_charset".into(),
            message: format!(
                "the page declares charset {declared} but is not in it; decoded as {}",
                detected.encoding
            ),
            location: None,
        });
        return (detected.text, detected.encoding, warnings);
    }
    let d = super::text::decode(bytes);
    for (kind, message) in d.notes {
        warnings.push(Warning {
            kind: kind.into(),
            message,
            location: None,
        });
    }
    (d.text, d.encoding, warnings)
}

fn label(enc: &'static encoding_rs::Encoding) -> String {
    match enc.name() {
        "gb18030" => "GB18030".into(),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------
// Parsing with lines
// ---------------------------------------------------------------------------

/// scraper's tree sink, recording the source line each element starts on.
struct LineSink {
    inner: HtmlTreeSink,
    line: Cell<u64>,
    lines: RefCell<HashMap<NodeId, u32>>,
}

impl TreeSink for LineSink {
    type Output = (Html, HashMap<NodeId, u32>);
    type Handle = NodeId;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Self::Output {
        (self.inner.finish(), self.lines.into_inner())
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }
    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.inner.create_element(name, attrs, flags);
        let line = u32::try_from(self.line.get()).unwrap_or(u32::MAX);
        self.lines.borrow_mut().insert(id, line);
        id
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.inner.append(parent, child)
    }
    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inner
            .append_based_on_parent_node(element, prev_element, child)
    }
    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id)
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inner.append_before_sibling(sibling, new_node)
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
}

fn parse(text: &str) -> (Html, HashMap<NodeId, u32>) {
    let sink = LineSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        line: Cell::new(1),
        lines: RefCell::new(HashMap::new()),
    };
    html5ever::driver::parse_document(sink, Default::default()).one(text)
}

// ---------------------------------------------------------------------------
// Finding the article
// ---------------------------------------------------------------------------

fn tag<'a>(n: &NodeRef<'a, Node>) -> Option<&'a str> {
    n.value().as_element().map(|e| e.name())
}

/// Elements that never hold the article's text.
fn is_skipped_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "nav"
            | "header"
            | "footer"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "canvas"
            | "map"
    )
}

/// Words in ids and classes that name site furniture.
const FURNITURE: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "foot",
    "header",
    "head",
    "breadcrumb",
    "crumb",
    "position",
    "location",
    "sidebar",
    "side",
    "share",
    "bdshare",
    "copyright",
    "banner",
    "search",
    "login",
    "toolbar",
    "topbar",
    "links",
    "friendlink",
    "related",
    "pagination",
    "pager",
    "print",
    "qrcode",
    "ewm",
];

/// Ids and classes content-management systems give the article body.
const CONTENT: &[&str] = &[
    "zoom",
    "trs_editor",
    "trs_ueditor",
    "article",
    "article-content",
    "articlecontent",
    "article_content",
    "content",
    "main-content",
    "maincontent",
    "con",
    "detail",
    "details",
    "detail-content",
    "pages_content",
    "page-content",
    "xxgk_content",
    "wzy",
    "view",
    "text",
    "news_content",
    "custom_unionstyle",
];

fn words(e: &scraper::node::Element) -> Vec<String> {
    let mut out = Vec::new();
    for v in e.id().into_iter().chain(e.classes()) {
        let v = v.to_lowercase();
        out.push(v.clone());
        out.extend(
            v.split(|c: char| c == '-' || c == '_' || c.is_ascii_digit())
                .filter(|w| !w.is_empty())
                .map(str::to_string),
        );
    }
    out
}

fn is_furniture(n: &NodeRef<Node>) -> bool {
    let Some(e) = n.value().as_element() else {
        return false;
    };
    if is_skipped_tag(e.name()) {
        return true;
    }
    if matches!(
        e.attr("role"),
        Some("navigation" | "banner" | "contentinfo")
    ) {
        return true;
    }
    if e.attr("hidden").is_some()
        || e.attr("style").is_some_and(|s| {
            let s: String = s
                .to_lowercase()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
    {
        return true;
    }
    let ws = words(e);
    // "content" wins over "head" in "content-head"? No: a head is still furniture,
    // but only whole words count ("header" is not "headline").
    ws.iter().any(|w| FURNITURE.contains(&w.as_str()))
        && !ws.iter().any(|w| CONTENT.contains(&w.as_str()))
}

/// Non-link and link characters of the text under `n`, furniture left out.
fn text_weight(n: NodeRef<Node>, memo: &mut HashMap<NodeId, (usize, usize)>) -> (usize, usize) {
    // Iterative post-order over the subtree (pages nest deeply).
    let mut stack = vec![(n, false)];
    while let Some((node, done)) = stack.pop() {
        if memo.contains_key(&node.id()) {
            continue;
        }
        if is_furniture(&node) {
            memo.insert(node.id(), (0, 0));
            continue;
        }
        if let Some(t) = node.value().as_text() {
            let chars = t.chars().filter(|c| !c.is_whitespace()).count();
            memo.insert(node.id(), (chars, 0));
            continue;
        }
        if !done {
            stack.push((node, true));
            for c in node.children() {
                stack.push((c, false));
            }
            continue;
        }
        let (mut text, mut link) = (0, 0);
        for c in node.children() {
            let (t, l) = memo.get(&c.id()).copied().unwrap_or((0, 0));
            text += t;
            link += l;
        }
        if tag(&node) == Some("a") {
            link += text;
            text = 0;
        }
        memo.insert(node.id(), (text, link));
    }
    memo.get(&n.id()).copied().unwrap_or((0, 0))
}

/// The element holding the article.
fn content_container(root: NodeRef<Node>) -> NodeRef<Node> {
    let body = root
        .descendants()
        .find(|n| tag(n) == Some("body"))
        .unwrap_or(root);
    let mut memo = HashMap::new();
    let (total, _) = text_weight(body, &mut memo);
    if total == 0 {
        return body;
    }
    // A container the CMS names, holding a fair share of the text.
    let named = body.descendants().filter(|n| {
        let Some(e) = n.value().as_element() else {
            return false;
        };
        let ws = words(e);
        let is_named = matches!(e.name(), "article" | "main")
            || ws.iter().any(|w| CONTENT.contains(&w.as_str()));
        is_named && !is_furniture(n) && {
            let (t, _) = memo.get(&n.id()).copied().unwrap_or((0, 0));
            t * 2 >= total
        }
    });
    // The innermost such container.
    if let Some(n) = named.last() {
        return n;
    }
    // Else the smallest container holding most of the text: descend while
    // one child container holds at least 70% of it. Only containers: a data
    // table or a paragraph holding most of the text is part of the article,
    // not the article.
    let mut node = body;
    loop {
        let (t, _) = memo.get(&node.id()).copied().unwrap_or((0, 0));
        let next = node.children().find(|c| {
            c.value().is_element() && memo.get(&c.id()).is_some_and(|w| w.0 * 10 >= t * 7)
        });
        let Some(next) = next else { return node };
        match tag(&next) {
            Some("div" | "section" | "article" | "main" | "center" | "font" | "span") => {
                node = next
            }
            Some("table") if is_layout_table(next) => {
                // Through the layout table to its cell holding the text.
                let cell = next
                    .descendants()
                    .filter(|d| tag(d) == Some("td"))
                    .find(|d| {
                        memo.get(&d.id()).is_some_and(|w| w.0 * 10 >= t * 7)
                            && !d.descendants().skip(1).any(|x| tag(&x) == Some("table"))
                    });
                match cell {
                    Some(c) => node = c,
                    None => return node,
                }
            }
            _ => return node,
        }
    }
}

/// A table that only lays the page out: it holds other tables, or one cell.
fn is_layout_table(table: NodeRef<Node>) -> bool {
    let cells = table
        .descendants()
        .filter(|d| matches!(tag(d), Some("td" | "th")))
        .take(2)
        .count();
    cells <= 1
        || table
            .descendants()
            .skip(1)
            .any(|d| tag(&d) == Some("table"))
}

/// The article's own heading standing before its container (outside it, in
/// the same page area): the first h1 before it, or an element whose class
/// says title.
fn heading_before<'a>(
    root: NodeRef<'a, Node>,
    container: NodeRef<'a, Node>,
) -> Option<NodeRef<'a, Node>> {
    if tag(&container) == Some("body") {
        return None;
    }
    let mut candidate = None;
    for n in root.descendants() {
        if n.id() == container.id() {
            break;
        }
        let Some(e) = n.value().as_element() else {
            continue;
        };
        let titled = matches!(e.name(), "h1" | "h2")
            || words(e)
                .iter()
                .any(|w| w == "title" || w == "article-title" || w == "tit");
        if titled && !n.ancestors().any(|a| is_furniture(&a)) && !is_furniture(&n) {
            let text: String = n
                .descendants()
                .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                .collect();
            let len = text.trim().chars().count();
            if (4..=120).contains(&len) && candidate.is_none() {
                candidate = Some(n);
            }
        }
    }
    candidate
}

// ---------------------------------------------------------------------------
// The walk
// ---------------------------------------------------------------------------

/// A paragraph being gathered from inline content.
#[derive(Default)]
struct Inline {
    text: String,
    /// Whitespace seen and not yet written.
    pending: bool,
    line: Option<u32>,
    style: StyleHints,
}

struct Walker<'h> {
    html: &'h Html,
    lines: &'h HashMap<NodeId, u32>,
    blocks: Vec<Block>,
    current: Inline,
    images: usize,
    visited: usize,
}

fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "body"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "center"
            | "address"
            | "hr"
            | "table"
            | "caption"
            | "figure"
            | "figcaption"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "tfoot"
            | "html"
    )
}

/// Append text as a browser would show it: a run of whitespace is one
/// space (also between CJK characters, as Chrome shows it and as the
/// document had it: exporters write a space as a line break). `pending` carries whitespace at
/// the end of one text node to the next (`表\n</b><b>1-1` shows "表 1-1").
fn push_collapsed(out: &mut String, pending: &mut bool, text: &str) {
    for c in text.chars() {
        if c.is_ascii_whitespace() || c == '\u{200B}' {
            *pending = true;
            continue;
        }
        if *pending {
            let prev = out.chars().last();
            let needed = prev.is_some_and(|p| p != ' ' && p != '\n');
            if needed {
                out.push(' ');
            }
            *pending = false;
        }
        out.push(c);
    }
}

/// Paragraph text: trimmed of spaces, no-break and ideographic spaces.
fn tidy(s: &str) -> String {
    let lines: Vec<&str> = s
        .split('\n')
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{A0}'))
        .collect();
    let mut out = lines.join("\n");
    while out.contains("\n\n") {
        out = out.replace("\n\n", "\n");
    }
    out.trim_matches('\n').to_string()
}

fn centered(e: &scraper::node::Element) -> bool {
    e.attr("align")
        .is_some_and(|a| a.eq_ignore_ascii_case("center"))
        || e.attr("style").is_some_and(|s| {
            let s: String = s
                .to_lowercase()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            s.contains("text-align:center")
        })
        || e.name() == "center"
}

impl<'h> Walker<'h> {
    fn line(&self, n: &NodeRef<Node>) -> Option<u32> {
        std::iter::once(*n)
            .chain(n.ancestors())
            .find_map(|a| self.lines.get(&a.id()).copied())
    }

    fn tick(&mut self) -> Result<()> {
        self.visited += 1;
        if self.visited.is_multiple_of(4096) {
            limits::check()?;
        }
        Ok(())
    }

    fn flush(&mut self) {
        let inline = std::mem::take(&mut self.current);
        let text = tidy(&inline.text);
        if text.is_empty() {
            return;
        }
        let span = inline
            .line
            .map_or_else(Span::default, |l| Span::lines(l, l));
        self.blocks.push(Block::Paragraph(RawParagraph {
            text: super::strip_typed_bullet(text.replace('\n', "")),
            style: inline.style,
            span,
        }));
    }

    /// Walk block content under `n`.
    fn block(&mut self, n: NodeRef<'h, Node>, depth: usize) -> Result<()> {
        self.tick()?;
        if is_furniture(&n) {
            return Ok(());
        }
        match n.value() {
            Node::Text(t) => {
                if self.current.line.is_none() {
                    self.current.line = self.line(&n);
                }
                push_collapsed(&mut self.current.text, &mut self.current.pending, t);
                return Ok(());
            }
            Node::Element(_) => {}
            Node::Document | Node::Fragment => {
                for c in n.children() {
                    self.block(c, depth + 1)?;
                }
                return Ok(());
            }
            _ => return Ok(()),
        }
        let Some(e) = n.value().as_element() else {
            return Ok(());
        };
        let name = e.name();
        if depth > MAX_DEPTH {
            // Too deep to walk: its text, as one paragraph.
            self.flush();
            let text: String = n
                .descendants()
                .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                .collect();
            push_collapsed(&mut self.current.text, &mut self.current.pending, &text);
            self.current.line = self.line(&n);
            self.flush();
            return Ok(());
        }
        match name {
            "br" => {
                self.flush();
                return Ok(());
            }
            "img" => {
                self.images += 1;
                return Ok(());
            }
            "table" => {
                self.flush();
                return self.table(n, depth);
            }
            _ => {}
        }
        if !is_block_tag(name) {
            for c in n.children() {
                self.block(c, depth + 1)?;
            }
            return Ok(());
        }
        self.flush();
        self.current.line = self.lines.get(&n.id()).copied();
        if let Some(level) = name
            .strip_prefix('h')
            .and_then(|d| d.parse::<u8>().ok())
            .filter(|l| (1..=6).contains(l))
        {
            self.current.style.outline_level = Some(level);
        }
        self.current.style.centered = centered(e);
        self.current.style.bold = self.all_bold(n);
        for c in n.children() {
            self.block(c, depth + 1)?;
        }
        self.flush();
        Ok(())
    }

    /// Is all the text under `n` inside b/strong (a bold paragraph)?
    fn all_bold(&self, n: NodeRef<Node>) -> bool {
        let mut any = false;
        for d in n.descendants() {
            if let Some(t) = d.value().as_text() {
                if t.trim().is_empty() {
                    continue;
                }
                any = true;
                let bold = d.ancestors().take_while(|a| a.id() != n.id()).any(|a| {
                    matches!(tag(&a), Some("b" | "strong"))
                        || a.value()
                            .as_element()
                            .and_then(|e| e.attr("style"))
                            .is_some_and(|s| {
                                s.replace(' ', "")
                                    .to_lowercase()
                                    .contains("font-weight:bold")
                            })
                });
                if !bold {
                    return false;
                }
            }
        }
        any
    }

    /// Text of a table cell: paragraphs and `<br>` as line breaks, nested
    /// tables' text appended.
    fn cell_text(&self, n: NodeRef<Node>) -> String {
        let mut out = String::new();
        let mut pending = false;
        let mut stack = vec![(n, false)];
        while let Some((node, closing)) = stack.pop() {
            if closing {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                continue;
            }
            if node.id() != n.id() && is_furniture(&node) {
                continue;
            }
            match node.value() {
                Node::Text(t) => push_collapsed(&mut out, &mut pending, t),
                Node::Element(e) => {
                    let name = e.name();
                    if name == "br" {
                        out.push('\n');
                        pending = false;
                        continue;
                    }
                    let blockish = node.id() != n.id() && is_block_tag(name);
                    if blockish {
                        if !out.is_empty() && !out.ends_with('\n') {
                            out.push('\n');
                        }
                        stack.push((node, true));
                    }
                    let kids: Vec<_> = node.children().collect();
                    for c in kids.into_iter().rev() {
                        stack.push((c, false));
                    }
                }
                _ => {}
            }
        }
        tidy(&out)
    }

    fn table(&mut self, n: NodeRef<'h, Node>, depth: usize) -> Result<()> {
        // Rows of this table (not of tables nested in its cells).
        let mut rows: Vec<(NodeRef<Node>, bool)> = Vec::new();
        let mut caption = None;
        for c in n.children() {
            match tag(&c) {
                Some("tr") => rows.push((c, false)),
                Some(s @ ("thead" | "tbody" | "tfoot")) => {
                    for r in c.children().filter(|r| tag(r) == Some("tr")) {
                        rows.push((r, s == "thead"));
                    }
                }
                Some("caption") => caption = Some(c),
                _ => {}
            }
        }
        let cells_of = |r: &NodeRef<'h, Node>| -> Vec<NodeRef<'h, Node>> {
            r.children()
                .filter(|c| matches!(tag(c), Some("td" | "th")))
                .collect()
        };
        let cell_count: usize = rows.iter().map(|(r, _)| cells_of(r).len()).sum();
        let nested = n.descendants().skip(1).any(|d| tag(&d) == Some("table"));
        // Page layout: one cell, or tables inside tables. Read its cells as blocks.
        if cell_count <= 1 || nested {
            if let Some(c) = caption {
                self.block(c, depth + 1)?;
                self.flush();
            }
            for (r, _) in &rows {
                for c in cells_of(r) {
                    for k in c.children() {
                        self.block(k, depth + 1)?;
                    }
                    self.flush();
                }
            }
            return Ok(());
        }
        if let Some(c) = caption {
            self.block(c, depth + 1)?;
            self.flush();
        }
        let mut grid: Vec<RawRow> = Vec::with_capacity(rows.len());
        // Columns still covered by a rowspan from above: (owner row, owner col, rows left).
        let mut pending: Vec<Option<(u32, u32, u32)>> = Vec::new();
        let mut total = 0usize;
        for (ri, (r, in_head)) in rows.iter().enumerate() {
            self.tick()?;
            let line = self.lines.get(&r.id()).copied();
            let mut cells: Vec<RawCell> = Vec::new();
            let mut all_th = true;
            let mut any = false;
            let mut col = 0usize;
            let place_pending =
                |cells: &mut Vec<RawCell>,
                 col: &mut usize,
                 pending: &mut Vec<Option<(u32, u32, u32)>>| {
                    while let Some(Some((orow, ocol, left))) = pending.get(*col).copied() {
                        while cells.len() <= *col {
                            cells.push(RawCell::new(""));
                        }
                        cells[*col] = RawCell {
                            merged_from: Some((orow, ocol)),
                            ..RawCell::new("")
                        };
                        pending[*col] = (left > 1).then_some((orow, ocol, left - 1));
                        *col += 1;
                    }
                };
            for c in cells_of(r) {
                place_pending(&mut cells, &mut col, &mut pending);
                let e = c.value().as_element();
                any = true;
                all_th &= tag(&c) == Some("th");
                let span_attr = |name: &str| -> usize {
                    e.and_then(|e| e.attr(name))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .max(1)
                };
                let colspan = span_attr("colspan").min(MAX_COLUMNS.saturating_sub(col).max(1));
                let rowspan = span_attr("rowspan").min(rows.len() - ri);
                if col + colspan > MAX_COLUMNS {
                    break;
                }
                while cells.len() < col + colspan {
                    cells.push(RawCell::new(""));
                }
                let mut owner = RawCell::new(self.cell_text(c));
                owner.col_span = colspan as u32;
                owner.row_span = rowspan as u32;
                cells[col] = owner;
                for k in 1..colspan {
                    cells[col + k] = RawCell {
                        merged_from: Some((ri as u32, col as u32)),
                        ..RawCell::new("")
                    };
                }
                if rowspan > 1 {
                    if pending.len() < col + colspan {
                        pending.resize(col + colspan, None);
                    }
                    for k in 0..colspan {
                        pending[col + k] = Some((ri as u32, col as u32, rowspan as u32 - 1));
                    }
                }
                col += colspan;
            }
            // Positions covered at the end of the row.
            let tail = pending.len();
            while col < tail {
                if pending[col].is_some() {
                    place_pending(&mut cells, &mut col, &mut pending);
                } else {
                    col += 1;
                }
            }
            total += cells.len();
            if total > limits::MAX_TABLE_CELLS {
                return Err(limits::exceeded(
                    "max-table-cells",
                    format!("a table holds more than {} cells", limits::MAX_TABLE_CELLS),
                ));
            }
            if super::is_rule_row(cells.iter().map(|c| c.text.as_str())) {
                continue;
            }
            grid.push(RawRow {
                cells,
                is_header: *in_head || (any && all_th),
                span: line.map_or_else(Span::default, |l| Span::lines(l, l)),
            });
        }
        // Every row as wide as the widest.
        let width = grid.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        for r in &mut grid {
            r.cells.resize(width, RawCell::new(""));
        }
        grid.retain(|r| !r.cells.is_empty());
        if grid.is_empty() {
            return Ok(());
        }
        let first = grid.first().and_then(|r| r.span.line);
        let last = grid.last().and_then(|r| r.span.line);
        let span = match (first.or_else(|| self.lines.get(&n.id()).copied()), last) {
            (Some(a), Some(b)) => Span::lines(a, b.max(a)),
            (Some(a), None) => Span::lines(a, a),
            _ => Span::default(),
        };
        let _ = self.html;
        self.blocks
            .push(Block::Table(RawTable { rows: grid, span }));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<Block> {
        read(html.as_bytes()).unwrap().blocks
    }

    fn texts(b: &[Block]) -> Vec<String> {
        b.iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text.clone(),
                Block::Table(t) => format!(
                    "[{}]",
                    t.rows
                        .iter()
                        .map(|r| r
                            .cells
                            .iter()
                            .map(|c| c.text.as_str())
                            .collect::<Vec<_>>()
                            .join("|"))
                        .collect::<Vec<_>>()
                        .join("/")
                ),
            })
            .collect()
    }

    #[test]
    fn charset_from_meta_then_detection() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>一、单位概况</p></body></html>";
        let (gbk, _, _) = encoding_rs::GBK.encode(page);
        let ing = read(&gbk).unwrap();
        assert_eq!(ing.encoding.as_deref(), Some("GB18030"));
        assert_eq!(texts(&ing.blocks), ["一、单位概况"]);
        // Undeclared GBK is detected.
        let (gbk, _, _) = encoding_rs::GBK.encode(
            "<html><body><p>本单位主要职能是负责全市国土资源执法监察工作。</p></body></html>",
        );
        assert_eq!(read(&gbk).unwrap().encoding.as_deref(), Some("GB18030"));
        assert_eq!(
            declared_charset(b"<meta charset=\"utf-8\">").map(|e| e.0.name()),
            Some("UTF-8")
        );
        assert_eq!(declared_charset(b"<p>charset=gbk</p>"), None);
    }

    #[test]
    fn navigation_and_footer_are_left_out() {
        let page = r#"<html><body>
<div class="nav"><a href="/">首页</a><a href="/x">政务公开</a></div>
<div class="position">当前位置：首页 &gt; 财政预决算</div>
<h1>2022年度部门整体支出绩效自评报告</h1>
<div id="zoom"><p>　　一、单位概况</p><p>本单位主要职能是负责全市国土资源执法监察工作，内设机构五个。</p>
<p>二、绩效目标<br>全年目标全部完成。</p></div>
<div class="footer">版权所有：某某局 备案号：苏ICP备12345678号</div>
<script>var x = "不是正文";</script></body></html>"#;
        let b = blocks(page);
        assert_eq!(
            texts(&b),
            [
                "2022年度部门整体支出绩效自评报告",
                "一、单位概况",
                "本单位主要职能是负责全市国土资源执法监察工作，内设机构五个。",
                "二、绩效目标",
                "全年目标全部完成。"
            ]
        );
        let Block::Paragraph(h) = &b[0] else { panic!() };
        assert_eq!(h.style.outline_level, Some(1));
        assert_eq!(h.span.line, Some(4));
    }

    #[test]
    fn tables_resolve_spans_and_keep_line_breaks() {
        let page = r#"<html><body><table border="1">
<thead><tr><th rowspan="2">项目</th><th colspan="2">金额</th></tr>
<tr><th>预算</th><th>决算</th></tr></thead>
<tbody><tr><td>基本<br>支出</td><td>10.00</td><td>9.50</td></tr>
<tr><td rowspan="2">项目支出</td><td>1.00</td><td>1.00</td></tr>
<tr><td>2.00</td><td>2.00</td></tr></tbody></table></body></html>"#;
        let b = blocks(page);
        let Block::Table(t) = &b[0] else {
            panic!("{:?}", texts(&b))
        };
        assert_eq!(t.rows.len(), 5);
        assert!(t.rows[0].is_header && t.rows[1].is_header && !t.rows[2].is_header);
        assert_eq!(t.rows[0].cells[0].row_span, 2);
        assert_eq!(t.rows[0].cells[1].col_span, 2);
        assert_eq!(t.rows[0].cells[2].merged_from, Some((0, 1)));
        assert_eq!(t.rows[1].cells[0].merged_from, Some((0, 0)));
        assert_eq!(t.rows[1].cells[1].text, "预算");
        assert_eq!(t.rows[2].cells[0].text, "基本\n支出");
        assert_eq!(t.rows[4].cells[0].merged_from, Some((3, 0)));
        assert_eq!(t.rows[4].cells[1].text, "2.00");
        assert_eq!(t.span, Span::lines(2, 6));
    }

    #[test]
    fn layout_tables_are_read_as_blocks() {
        let page = r#"<html><body><table><tr><td><p>一、概况</p><table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table></td></tr></table></body></html>"#;
        assert_eq!(texts(&blocks(page)), ["一、概况", "[a|1/b|2]"]);
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_html(b"\xEF\xBB\xBF<!DOCTYPE html>"));
        assert!(looks_like_html(
            b"<?xml version=\"1.0\"?>\n<!-- x --><html>"
        ));
        assert!(looks_like_html(
            b"\r\n<HTML xmlns:o=\"urn:schemas-microsoft-com:office:office\">"
        ));
        assert!(!looks_like_html("一、概况 <table>".as_bytes()));
    }
}
