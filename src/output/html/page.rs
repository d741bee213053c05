//! One document's page: what it is and where it came from, the findings
//! (grouped by severity, then check), the section outline, and every table
//! as published with the cells findings name coloured. Selecting a finding
//! outlines the cells it added up (`page.js`).
//!
//! Anchors: finding `f{n}` (n = 1-based index in `Document::findings`),
//! table `t{id}`, body row `t{id}-r{row}`, body cell `t{id}-r{row}-c{col}`,
//! header cell `t{id}-h{row}-c{col}`, section `s-{id}`. A finding's element
//! lists the cells it names in `data-at` and its operands in `data-ops`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use super::index::href;
use super::{bytes, esc, head, kind_label, num, push_esc, script, signed};
use crate::model::{
    BodyItem, Cell, Document, Finding, Location, Paragraph, Section, Severity, Table,
};
use crate::output::heading_text;
use crate::output::layout::Layout;
use crate::output::report::place_parts;

const PAGE_JS: &str = include_str!("page.js");

/// Links from a document page to its neighbours in the output directory.
#[derive(Debug, Clone, Default)]
pub struct PageLinks {
    /// The batch's index page ("index.html").
    pub index: Option<String>,
    /// The document's tables as a spreadsheet, when written beside the page.
    pub xlsx: Option<String>,
}

/// The page of one document.
pub fn document_page(doc: &Document, links: &PageLinks) -> String {
    let ctx = Ctx::new(doc);
    let mut out = String::with_capacity(64 * 1024 + doc.tables.len() * 8 * 1024);
    let title = doc
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| file_name(&doc.source.path));
    head(&mut out, &title);
    out.push_str("<body class=\"page\">\n");
    top_bar(&mut out, doc, links, &title);
    out.push_str("<main>\n");
    summary(&mut out, doc, &title);
    findings(&mut out, &ctx);
    outline(&mut out, &ctx);
    tables(&mut out, &ctx);
    out.push_str("</main>\n");
    out.push_str(
        "<div id=\"selbar\" hidden><div class=\"selbody\"></div><div class=\"selnav\">\
<button type=\"button\" data-act=\"prev\" title=\"previous finding (k)\">◀</button>\
<button type=\"button\" data-act=\"next\" title=\"next finding (j)\">▶</button>\
<button type=\"button\" data-act=\"back\" title=\"back to the finding\">↑ finding</button>\
<button type=\"button\" data-act=\"close\" title=\"clear (Esc)\">✕</button></div></div>\n",
    );
    let _ = writeln!(
        out,
        "<footer>jixiao {} · {} · click a finding to outline the cells it used; j / k step through findings</footer>",
        env!("CARGO_PKG_VERSION"),
        esc(&doc.source.path)
    );
    script(&mut out, PAGE_JS);
    out.push_str("</body>\n</html>\n");
    out
}

/// What the page needs to know about the document, computed once.
struct Ctx<'a> {
    doc: &'a Document,
    /// Per table: the layout of its header rows and of its body rows.
    layouts: Vec<(Layout, Layout)>,
    /// Per finding: the anchors of the cells it names, and of its operands.
    at: Vec<Vec<String>>,
    ops: Vec<Vec<String>>,
    /// Cell anchor → indices of the findings naming it.
    flagged: HashMap<String, Vec<usize>>,
    /// Section id → its heading as written.
    headings: HashMap<&'a str, String>,
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document) -> Ctx<'a> {
        let layouts: Vec<(Layout, Layout)> = doc
            .tables
            .iter()
            .map(|t| (Layout::new(&t.header), Layout::new(&t.rows)))
            .collect();
        let mut ctx = Ctx {
            doc,
            layouts,
            at: Vec::with_capacity(doc.findings.len()),
            ops: Vec::with_capacity(doc.findings.len()),
            flagged: HashMap::new(),
            headings: HashMap::new(),
        };
        for (i, f) in doc.findings.iter().enumerate() {
            let at: Vec<String> = ctx.anchor(&f.location).into_iter().collect();
            let mut ops: Vec<String> = Vec::new();
            for o in &f.operands {
                if let Some(a) = ctx.anchor(&o.location)
                    && !ops.contains(&a)
                {
                    ops.push(a);
                }
            }
            for a in &at {
                ctx.flagged.entry(a.clone()).or_default().push(i);
            }
            ctx.at.push(at);
            ctx.ops.push(ops);
        }
        fn walk<'a>(ss: &'a [Section], map: &mut HashMap<&'a str, String>) {
            for s in ss {
                map.insert(s.id.as_str(), heading_text(s));
                walk(&s.children, map);
            }
        }
        walk(&doc.sections, &mut ctx.headings);
        ctx
    }

    /// The anchor of the drawn cell (or row, or table) a location names.
    fn anchor(&self, loc: &Location) -> Option<String> {
        let t = loc.table?;
        let table = self.doc.tables.get(t)?;
        let body = &self.layouts[t].1;
        match (loc.row, loc.column) {
            (Some(r), Some(c)) if body.owner(r, c).is_some() => {
                let (r, c) = body.owner(r, c).unwrap_or((r, c));
                Some(format!("t{t}-r{r}-c{c}"))
            }
            (Some(r), _) if r < table.rows.len() => Some(format!("t{t}-r{r}")),
            _ => Some(format!("t{t}")),
        }
    }

    /// The most severe finding naming a cell anchor, and all of them.
    fn flag(&self, anchor: &str) -> Option<(Severity, &[usize])> {
        let list = self.flagged.get(anchor)?;
        let worst = list.iter().map(|&i| self.doc.findings[i].severity).min()?;
        Some((worst, list.as_slice()))
    }
}

fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\', '!'])
        .find(|s| !s.is_empty())
        .unwrap_or(path)
        .to_string()
}

fn count(doc: &Document, s: Severity) -> usize {
    doc.findings.iter().filter(|f| f.severity == s).count()
}

fn top_bar(out: &mut String, doc: &Document, links: &PageLinks, title: &str) {
    out.push_str("<nav class=\"bar\">");
    if let Some(index) = &links.index {
        let _ = write!(
            out,
            "<a class=\"home\" href=\"{}\">← index</a>",
            esc(&href(index))
        );
    }
    let _ = write!(out, "<span class=\"doc\">{}</span>", esc(title));
    let _ = write!(
        out,
        "<a href=\"#findings\">Findings <b>{}</b></a><a href=\"#outline\">Outline</a><a href=\"#tables\">Tables <b>{}</b></a>",
        doc.findings.len(),
        doc.tables.len()
    );
    if let Some(x) = &links.xlsx {
        let _ = write!(out, "<a href=\"{}\" download>xlsx</a>", esc(&href(x)));
    }
    out.push_str("</nav>\n");
}

fn summary(out: &mut String, doc: &Document, title: &str) {
    out.push_str("<section class=\"summary\">\n<h1>");
    push_esc(out, title);
    out.push_str("</h1>\n<p class=\"tags\">");
    if let Some(k) = doc.kind {
        let _ = write!(
            out,
            "<span class=\"tag kind\">{}</span>",
            esc(&kind_label(k))
        );
    }
    if let Some(y) = doc.fiscal_year {
        let _ = write!(out, "<span class=\"tag\">{y} 年度</span>");
    }
    if let Some(e) = &doc.entity {
        let _ = write!(out, "<span class=\"tag\">{}</span>", esc(e));
    }
    let (e, w, i) = (
        count(doc, Severity::Error),
        count(doc, Severity::Warning),
        count(doc, Severity::Info),
    );
    let _ = write!(
        out,
        "<span class=\"chip error{}\">{e} error{}</span><span class=\"chip warning{}\">{w} warning{}</span><span class=\"chip info{}\">{i} info</span>",
        if e == 0 { " zero" } else { "" },
        if e == 1 { "" } else { "s" },
        if w == 0 { " zero" } else { "" },
        if w == 1 { "" } else { "s" },
        if i == 0 { " zero" } else { "" },
    );
    out.push_str("</p>\n<dl class=\"source\">");
    let s = &doc.source;
    let mut item = |k: &str, v: String| {
        let _ = write!(out, "<div><dt>{k}</dt><dd>{v}</dd></div>");
    };
    item("file", esc(&s.path));
    let mut format = s.format.as_str().to_string();
    if let Some(enc) = &s.encoding {
        format.push_str(&format!(" ({enc})"));
    }
    item("format", esc(&format));
    if let Some(p) = s.pages {
        item("pages", p.to_string());
    }
    item("size", bytes(s.bytes));
    item("tables", doc.tables.len().to_string());
    item(
        "checks",
        format!(
            "{} run, {} passed, {} failed",
            doc.checks.run, doc.checks.passed, doc.checks.failed
        ),
    );
    item("sha256", format!("<code>{}</code>", esc(&s.sha256)));
    out.push_str("</dl>\n");
    if !doc.warnings.is_empty() {
        let _ = write!(
            out,
            "<details class=\"warnings\"><summary>{} reading warning{}</summary><ul>",
            doc.warnings.len(),
            if doc.warnings.len() == 1 { "" } else { "s" }
        );
        for w in &doc.warnings {
            let _ = write!(out, "<li><code>{}</code> {}", esc(&w.kind), esc(&w.message));
            if let Some(l) = &w.location {
                let _ = write!(out, " <span class=\"loc\">({})</span>", esc(&l.describe()));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul></details>\n");
    }
    out.push_str("</section>\n");
}

fn severity_heading(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Errors — the document contradicts itself beyond rounding",
        Severity::Warning => "Warnings — likely, but the structure was read from position",
        Severity::Info => "Info — within rounding, or targets not reached",
    }
}

fn findings(out: &mut String, ctx: &Ctx) {
    let doc = ctx.doc;
    let _ = writeln!(
        out,
        "<section id=\"findings\">\n<h2>Findings <span class=\"count\">{}</span></h2>",
        doc.findings.len()
    );
    if doc.findings.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"none\">No inconsistency found: {} check{} ran and passed.</p>",
            doc.checks.run,
            if doc.checks.run == 1 { "" } else { "s" }
        );
    }
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        // check → findings of this severity, in document order.
        let mut by_check: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, f) in doc.findings.iter().enumerate() {
            if f.severity == sev {
                by_check.entry(f.check.as_str()).or_default().push(i);
            }
        }
        if by_check.is_empty() {
            continue;
        }
        let n: usize = by_check.values().map(Vec::len).sum();
        let cls = sev.as_str();
        // Info findings can be many and matter least: folded.
        let open = if sev == Severity::Info { "" } else { " open" };
        let _ = writeln!(
            out,
            "<details class=\"sev {cls}\"{open}><summary><h3>{} <span class=\"count\">{n}</span></h3></summary>",
            severity_heading(sev)
        );
        for (check, list) in by_check {
            let _ = write!(out, "<h4><code>{}</code>", esc(check));
            if let Some(c) = doc.checks.by_check.get(check) {
                let _ = write!(
                    out,
                    " <span class=\"of\">{} of {} check{} failed</span>",
                    c.failed,
                    c.run,
                    if c.run == 1 { "" } else { "s" }
                );
            }
            out.push_str("</h4>\n");
            for i in list {
                finding(out, ctx, i);
            }
        }
        out.push_str("</details>\n");
    }
    out.push_str("</section>\n");
}

fn finding(out: &mut String, ctx: &Ctx, i: usize) {
    let doc = ctx.doc;
    let f = &doc.findings[i];
    let _ = write!(
        out,
        "<article class=\"finding {}\" id=\"f{}\" data-check=\"{}\" data-at=\"{}\" data-ops=\"{}\" tabindex=\"0\">",
        f.severity.as_str(),
        i + 1,
        esc(&f.check),
        ctx.at[i].join(" "),
        ctx.ops[i].join(" ")
    );
    let quote = if f.location.table.is_none() {
        quote(doc, f)
    } else {
        None
    };
    let mut message = message_without_caption(doc, f);
    // The sentence is quoted below, marked: the message need not repeat it.
    if quote.is_some()
        && message.ends_with('」')
        && let Some(cut) = message.rfind(": 「").or_else(|| message.rfind("：「"))
    {
        message = &message[..cut];
    }
    out.push_str("<p class=\"msg\">");
    push_esc(out, message);
    out.push_str("</p>\n<dl class=\"nums\">");
    let unit = f.unit.as_deref().unwrap_or("");
    let (stated, computed, difference) = numbers_as_written(doc, f);
    let _ = write!(
        out,
        "<div><dt>stated</dt><dd>{}</dd></div><div><dt>computed</dt><dd>{}</dd></div><div class=\"diff\"><dt>difference</dt><dd>{}</dd></div>",
        esc(&stated),
        esc(&computed),
        esc(&difference)
    );
    if !unit.is_empty() {
        let _ = write!(out, "<div><dt>unit</dt><dd>{}</dd></div>", esc(unit));
    }
    out.push_str("</dl>\n");
    where_line(out, ctx, i, f);
    if let Some(q) = quote {
        out.push_str("<blockquote class=\"quote\">");
        out.push_str(&q);
        out.push_str("</blockquote>\n");
    }
    if !f.operands.is_empty() {
        let _ = write!(
            out,
            "<details class=\"ops\"><summary>{} operand{}</summary><ol>",
            f.operands.len(),
            if f.operands.len() == 1 { "" } else { "s" }
        );
        for o in &f.operands {
            out.push_str("<li>");
            match ctx.anchor(&o.location) {
                Some(a) => {
                    let _ = write!(out, "<a class=\"goto\" href=\"#{a}\">{}</a>", esc(&o.label));
                }
                None => push_esc(out, &o.label),
            }
            let _ = write!(out, " <span class=\"v\">{}</span>", esc(&o.text));
            if let Some(s) = &o.location.source {
                let _ = write!(out, " <span class=\"loc\">{}</span>", esc(&s.describe()));
            }
            out.push_str("</li>");
        }
        out.push_str("</ol></details>\n");
    }
    out.push_str("</article>\n");
}

/// The stated value as the document writes it ("1971.60", "5,024.67"), and
/// the computed value and the difference at its decimals when they have no
/// more ("4994.00"); otherwise plain numbers.
fn numbers_as_written(doc: &Document, f: &Finding) -> (String, String, String) {
    let close = |v: f64| (v - f.stated).abs() <= 1e-9 * f.stated.abs().max(1.0);
    let loc = &f.location;
    let cell = loc
        .table
        .and_then(|t| doc.tables.get(t))
        .and_then(|t| t.rows.get(loc.row?)?.get(loc.column?))
        .filter(|c| c.value.is_some_and(close))
        .map(|c| c.text.trim().to_string());
    let operand = || {
        f.operands
            .iter()
            .find(|o| close(o.value))
            .map(|o| o.text.trim().to_string())
    };
    let written = cell.or_else(operand).and_then(|t| {
        // The number part only ("5,024.67 万元" → "5,024.67").
        let n: String = t
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '−'))
            .collect();
        n.chars().any(|c| c.is_ascii_digit()).then_some(n)
    });
    let Some(stated) = written else {
        return (num(f.stated), num(f.computed), signed(f.difference));
    };
    let decimals = stated.split_once('.').map(|(_, d)| d.len()).unwrap_or(0);
    let at = |v: f64| {
        let scaled = v * 10f64.powi(decimals as i32);
        ((scaled - scaled.round()).abs() < 1e-6).then(|| format!("{:.*}", decimals, v.abs()))
    };
    let computed = at(f.computed)
        .map(|s| {
            if f.computed < 0.0 {
                format!("−{s}")
            } else {
                s
            }
        })
        .unwrap_or_else(|| num(f.computed));
    let difference = match at(f.difference) {
        Some(s) if f.difference.abs() < 1e-12 => s,
        Some(s) if f.difference < 0.0 => format!("−{s}"),
        Some(s) => format!("+{s}"),
        None => signed(f.difference),
    };
    (stated, computed, difference)
}

/// A table finding's message without the caption it starts with (the
/// place line under it names the table).
fn message_without_caption<'m>(doc: &Document, f: &'m Finding) -> &'m str {
    let caption = f
        .location
        .table
        .and_then(|t| doc.tables.get(t))
        .and_then(|t| t.caption.as_deref());
    match caption.and_then(|c| f.message.strip_prefix(c)) {
        Some(rest) if rest.starts_with([':', '：']) => {
            rest.trim_start_matches([':', '：', ' ']).trim_start()
        }
        _ => &f.message,
    }
}

/// The finding's place: a link to the cell (or section) and the page or line
/// to open in the original.
fn where_line(out: &mut String, ctx: &Ctx, i: usize, f: &Finding) {
    let p = place_parts(ctx.doc, f);
    out.push_str("<p class=\"where\">");
    let mut parts: Vec<String> = Vec::new();
    if let Some((t, caption)) = &p.table {
        let mut s = format!("table {}", t + 1);
        if let Some(c) = caption {
            s.push_str(&format!(" 「{c}」"));
        }
        parts.push(s);
        if let Some((r, label)) = &p.row {
            parts.push(if label.is_empty() {
                format!("row {}", r + 1)
            } else {
                format!("row {} 「{label}」", r + 1)
            });
        }
        if let Some((c, title)) = &p.column {
            parts.push(if title.is_empty() {
                format!("column {}", c + 1)
            } else {
                format!("column 「{title}」")
            });
        }
    }
    let section = p.section.as_deref().map(|id| match ctx.headings.get(id) {
        Some(h) => format!("section {id} {h}"),
        None => format!("section {id}"),
    });
    let target = ctx.at[i]
        .first()
        .cloned()
        .or_else(|| p.section.as_ref().map(|s| format!("s-{s}")));
    let text = if parts.is_empty() {
        section.clone().unwrap_or_else(|| "the document".into())
    } else {
        parts.join(" · ")
    };
    match target {
        Some(a) => {
            let _ = write!(
                out,
                "<a class=\"goto\" href=\"#{}\">{}</a>",
                esc(&a),
                esc(&text)
            );
        }
        None => push_esc(out, &text),
    }
    if !parts.is_empty()
        && let Some(s) = &section
    {
        let _ = write!(out, " · {}", esc(s));
    }
    if let Some(s) = &p.source {
        let _ = write!(out, " · <span class=\"loc\">{}</span>", esc(s));
    }
    out.push_str("</p>\n");
}

/// The sentence a prose finding is about, escaped, with the figures it used
/// marked (`<mark class="st">` the stated one) and the paragraph's other
/// figures underlined.
fn quote(doc: &Document, f: &Finding) -> Option<String> {
    let wanted: Vec<(&str, bool)> = f
        .operands
        .iter()
        .filter(|o| o.location.table.is_none())
        .map(|o| (o.text.trim(), (o.value - f.stated).abs() < 1e-9))
        .filter(|(t, _)| !t.is_empty())
        .collect();
    if wanted.is_empty() {
        return None;
    }
    let mut paragraphs: Vec<&Paragraph> = Vec::new();
    if let Some(id) = &f.location.section {
        if let Some(s) = find_section(&doc.sections, id) {
            collect_paragraphs(std::slice::from_ref(s), &mut paragraphs);
        }
    } else {
        paragraphs.extend(doc.preamble.iter());
        collect_paragraphs(&doc.sections, &mut paragraphs);
    }
    let line = f.location.source.as_ref();
    let (p, found) = paragraphs
        .iter()
        .map(|p| (*p, find_all(&p.text, &wanted)))
        .filter(|(_, found)| !found.is_empty())
        .max_by_key(|(p, found)| {
            let same_place = line.is_some_and(|l| {
                (l.line.is_some() && l.line == p.location.line)
                    || (l.line.is_none() && l.page.is_some() && l.page == p.location.page)
            });
            (found.len(), same_place)
        })?;
    let chars: Vec<char> = p.text.chars().collect();
    // Sentences covering every figure found.
    let first = found.iter().map(|m| m.0).min()?;
    let last = found.iter().map(|m| m.1).max()?;
    let is_end = |c: char| matches!(c, '。' | '！' | '？' | '；' | '\n');
    let mut start = first;
    while start > 0 && !is_end(chars[start - 1]) {
        start -= 1;
    }
    let mut end = last;
    while end < chars.len() && !is_end(chars[end]) {
        end += 1;
    }
    end = (end + 1).min(chars.len());
    // A run-on paragraph without stops: keep some context only.
    let (lead, trail) = (start < first.saturating_sub(80), end > last + 80);
    if lead {
        start = first - 80;
    }
    if trail {
        end = last + 80;
    }
    let mut marks: Vec<(usize, usize, &str)> = found
        .iter()
        .map(|&(a, b, stated)| (a, b, if stated { "st" } else { "op" }))
        .collect();
    for fig in &p.figures {
        if let Some(off) = fig.offset {
            let len = fig.text.chars().count();
            let (a, b) = (off, off + len);
            if a >= start && b <= end && !marks.iter().any(|m| a < m.1 && m.0 < b) {
                marks.push((a, b, "fig"));
            }
        }
    }
    marks.sort();
    let mut out = String::new();
    if lead {
        out.push('…');
    }
    let mut pos = start;
    for (a, b, cls) in marks {
        if a < pos || b > end {
            continue;
        }
        push_esc(&mut out, &chars[pos..a].iter().collect::<String>());
        let tag = if cls == "fig" { "span" } else { "mark" };
        let _ = write!(out, "<{tag} class=\"{cls}\">");
        push_esc(&mut out, &chars[a..b].iter().collect::<String>());
        let _ = write!(out, "</{tag}>");
        pos = b;
    }
    push_esc(&mut out, &chars[pos..end].iter().collect::<String>());
    if trail {
        out.push('…');
    }
    Some(out)
}

/// Where each wanted figure text first occurs (char offsets), with whether
/// it is the stated one; a text not found as written is looked for by its
/// number alone ("5,024.67 万元" → "5,024.67").
fn find_all(text: &str, wanted: &[(&str, bool)]) -> Vec<(usize, usize, bool)> {
    let mut found: Vec<(usize, usize, bool)> = Vec::new();
    for &(w, stated) in wanted {
        let number: String = w
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '，'))
            .collect();
        let hit = text
            .match_indices(w)
            .map(|(i, m)| (i, m.len()))
            .chain(
                (number.chars().any(|c| c.is_ascii_digit()) && number != w)
                    .then(|| {
                        text.match_indices(number.as_str())
                            .map(|(i, m)| (i, m.len()))
                    })
                    .into_iter()
                    .flatten(),
            )
            .map(|(i, len)| {
                let a = text[..i].chars().count();
                (a, a + text[i..i + len].chars().count())
            })
            .find(|&(a, b)| !found.iter().any(|m| a < m.1 && m.0 < b));
        if let Some((a, b)) = hit {
            found.push((a, b, stated));
        }
    }
    found
}

fn find_section<'a>(ss: &'a [Section], id: &str) -> Option<&'a Section> {
    for s in ss {
        if s.id == id {
            return Some(s);
        }
        if id.starts_with(&format!("{}.", s.id))
            && let Some(x) = find_section(&s.children, id)
        {
            return Some(x);
        }
    }
    None
}

fn collect_paragraphs<'a>(ss: &'a [Section], out: &mut Vec<&'a Paragraph>) {
    for s in ss {
        for item in &s.body {
            if let BodyItem::Paragraph(p) = item {
                out.push(p);
            }
        }
        collect_paragraphs(&s.children, out);
    }
}

/// Findings per section id (of the section itself, by its prose or tables).
fn findings_by_section(ctx: &Ctx) -> HashMap<String, Vec<Severity>> {
    let mut map: HashMap<String, Vec<Severity>> = HashMap::new();
    for f in &ctx.doc.findings {
        let id = f.location.section.clone().or_else(|| {
            f.location
                .table
                .and_then(|t| ctx.doc.tables.get(t))
                .and_then(|t| t.section.clone())
        });
        if let Some(id) = id {
            map.entry(id).or_default().push(f.severity);
        }
    }
    map
}

fn outline(out: &mut String, ctx: &Ctx) {
    let doc = ctx.doc;
    out.push_str("<section id=\"outline\">\n<h2>Outline</h2>\n");
    if doc.sections.is_empty() && doc.tables.is_empty() {
        out.push_str("<p class=\"none\">No headings were recognised.</p>\n");
    }
    let by_section = findings_by_section(ctx);
    // Tables before the first heading belong to no section.
    let mut placed = vec![false; doc.tables.len()];
    mark_placed(&doc.sections, &mut placed);
    let loose: Vec<&Table> = doc
        .tables
        .iter()
        .filter(|t| !placed.get(t.id).copied().unwrap_or(true))
        .collect();
    out.push_str("<ul class=\"tree\">\n");
    if !loose.is_empty() {
        out.push_str("<li><details open><summary><span class=\"h\">Before the first heading</span></summary><ul>");
        for t in loose {
            table_link(out, t);
        }
        out.push_str("</ul></details></li>\n");
    }
    for s in &doc.sections {
        outline_section(out, ctx, s, 0, &by_section);
    }
    out.push_str("</ul>\n</section>\n");
}

fn mark_placed(sections: &[Section], placed: &mut [bool]) {
    for s in sections {
        for item in &s.body {
            if let BodyItem::Table { table } = item
                && let Some(p) = placed.get_mut(*table)
            {
                *p = true;
            }
        }
        mark_placed(&s.children, placed);
    }
}

fn table_link(out: &mut String, t: &Table) {
    let _ = write!(
        out,
        "<li class=\"tl\"><a href=\"#t{}\">▦ table {}{}</a></li>",
        t.id,
        t.id + 1,
        t.caption
            .as_deref()
            .map(|c| format!(" {}", esc(c)))
            .unwrap_or_default()
    );
}

/// The severities of findings in a section and below it.
fn severities_below(s: &Section, by: &HashMap<String, Vec<Severity>>, acc: &mut Vec<Severity>) {
    if let Some(v) = by.get(&s.id) {
        acc.extend(v);
    }
    for c in &s.children {
        severities_below(c, by, acc);
    }
}

fn outline_section(
    out: &mut String,
    ctx: &Ctx,
    s: &Section,
    depth: usize,
    by: &HashMap<String, Vec<Severity>>,
) {
    let tables: Vec<usize> = s
        .body
        .iter()
        .filter_map(|b| match b {
            BodyItem::Table { table } => Some(*table),
            _ => None,
        })
        .collect();
    let mut sev = Vec::new();
    severities_below(s, by, &mut sev);
    let mut badge = String::new();
    if let Some(worst) = sev.iter().min() {
        let _ = write!(
            badge,
            " <span class=\"badge {}\" title=\"findings in this section and below\">{}</span>",
            worst.as_str(),
            sev.len()
        );
    }
    let label = format!(
        "<a href=\"#s-{id}\" id=\"s-{id}\" class=\"h\">{}</a> <span class=\"loc\">{}</span>{badge}",
        esc(&heading_text(s)),
        esc(&s.location.describe()),
        id = esc(&s.id)
    );
    if s.children.is_empty() && tables.is_empty() {
        let _ = writeln!(out, "<li class=\"leaf\">{label}</li>");
        return;
    }
    let open = if depth < 1 || !sev.is_empty() {
        " open"
    } else {
        ""
    };
    let _ = write!(out, "<li><details{open}><summary>{label}</summary><ul>");
    for t in tables {
        if let Some(t) = ctx.doc.tables.get(t) {
            table_link(out, t);
        }
    }
    for c in &s.children {
        outline_section(out, ctx, c, depth + 1, by);
    }
    out.push_str("</ul></details></li>\n");
}

fn tables(out: &mut String, ctx: &Ctx) {
    let _ = writeln!(
        out,
        "<section id=\"tables\">\n<h2>Tables <span class=\"count\">{}</span></h2>",
        ctx.doc.tables.len()
    );
    if ctx.doc.tables.is_empty() {
        out.push_str("<p class=\"none\">No tables.</p>\n");
    }
    for t in &ctx.doc.tables {
        table(out, ctx, t);
    }
    out.push_str("</section>\n");
}

fn table(out: &mut String, ctx: &Ctx, t: &Table) {
    let id = t.id;
    let (hl, bl) = match ctx.layouts.get(id) {
        Some(l) => (&l.0, &l.1),
        None => return,
    };
    let _ = write!(
        out,
        "<figure class=\"tbl\" id=\"t{id}\"><figcaption><span class=\"tno\">table {}</span> ",
        id + 1
    );
    match &t.caption {
        Some(c) => {
            let _ = write!(out, "<span class=\"cap\">{}</span>", esc(c));
        }
        None => out.push_str("<span class=\"cap none\">(no caption)</span>"),
    }
    if let Some(u) = &t.unit
        && !t.caption.as_deref().is_some_and(|c| c.contains(u.as_str()))
    {
        let _ = write!(out, " <span class=\"unit\">单位：{}</span>", esc(u));
    }
    if let Some(k) = t.kind {
        let label = super::table_kind_label(k);
        if !label.is_empty() {
            let _ = write!(out, " <span class=\"tag\">{}</span>", esc(&label));
        }
    }
    let mut meta = Vec::new();
    if t.location != crate::model::Span::default() {
        meta.push(t.location.describe());
    }
    if let Some(s) = &t.section {
        meta.push(match ctx.headings.get(s.as_str()) {
            Some(h) => format!("section {s} {h}"),
            None => format!("section {s}"),
        });
    }
    if t.parts > 1 {
        meta.push(format!("{} parts joined", t.parts));
    }
    meta.push(format!("{} rows", t.rows.len()));
    let _ = write!(
        out,
        "<span class=\"meta\">{}</span></figcaption>\n<div class=\"scroll\"><table class=\"grid\">",
        esc(&meta.join(" · "))
    );
    if !t.header.is_empty() {
        out.push_str("<thead>");
        for (r, row) in t.header.iter().enumerate() {
            out.push_str("<tr><th class=\"rn\"></th>");
            for (c, cell) in row.iter().enumerate() {
                if let Some(d) = hl.drawn(r, c) {
                    cell_html(out, ctx, "th", &format!("t{id}-h{r}-c{c}"), cell, d);
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</thead>\n");
    }
    out.push_str("<tbody>");
    for (r, row) in t.rows.iter().enumerate() {
        let part = t.part_starts.contains(&r);
        let loc = row
            .iter()
            .find_map(|c| c.location.as_ref())
            .map(|s| s.describe());
        let _ = write!(
            out,
            "<tr id=\"t{id}-r{r}\"{}><th class=\"rn\"{}>{}</th>",
            if part { " class=\"part\"" } else { "" },
            loc.map(|l| format!(" title=\"{}\"", esc(&l)))
                .unwrap_or_default(),
            r + 1
        );
        for (c, cell) in row.iter().enumerate() {
            if let Some(d) = bl.drawn(r, c) {
                cell_html(out, ctx, "td", &format!("t{id}-r{r}-c{c}"), cell, d);
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div></figure>\n");
}

fn cell_html(
    out: &mut String,
    ctx: &Ctx,
    tag: &str,
    anchor: &str,
    cell: &Cell,
    d: crate::output::layout::Drawn,
) {
    let _ = write!(out, "<{tag} id=\"{anchor}\"");
    if d.row_span > 1 {
        let _ = write!(out, " rowspan=\"{}\"", d.row_span);
    }
    if d.col_span > 1 {
        let _ = write!(out, " colspan=\"{}\"", d.col_span);
    }
    let numeric = cell.value.is_some();
    let flag = ctx.flag(anchor);
    if numeric || flag.is_some() {
        out.push_str(" class=\"");
        if numeric {
            out.push('n');
        }
        if let Some((sev, _)) = flag {
            let _ = write!(
                out,
                "{}flag {}",
                if numeric { " " } else { "" },
                sev.as_str()
            );
        }
        out.push('"');
    }
    if let Some((_, list)) = flag {
        let ids: Vec<String> = list.iter().map(|i| format!("f{}", i + 1)).collect();
        let _ = write!(out, " data-f=\"{}\"", ids.join(" "));
    }
    out.push('>');
    let text = cell.text.trim();
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push_str("<br>");
        }
        push_esc(out, line);
    }
    let _ = write!(out, "</{tag}>");
}
