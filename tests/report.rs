//! The audit report (issue 15), read back with a real HTML parser:
//!
//! - `jixiao report fixtures/corpus --out DIR` writes a page per document and
//!   an index whose links all resolve; `--resume` keeps the index whole; a bad
//!   input is a row with its reason;
//! - every table of a text, a DOCX and a PDF fixture is on its page with its
//!   header and body rows, and its merged cells lay out to the same grid as
//!   the JSON (the HTML table model, simulated here, not the page's code);
//! - every finding has an anchor and names exactly the cells its location and
//!   operands name; the flagged cells are those findings name;
//! - a prose finding quotes its sentence with the figures marked;
//! - text from a document is text: hostile titles, captions, cells, messages
//!   and paths produce no markup.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use jixiao::model::{
    BodyItem, Cell, CheckSummary, Document, DocumentKind, Finding, Format, Location, Operand,
    Paragraph, Section, Severity, Source, Span, Table,
};
use jixiao::output::html::{IndexRow, PageLinks, document_page, index_page};
use scraper::{ElementRef, Html, Selector};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus")
}

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jixiao-tests-report-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn page_of(name: &str) -> (Document, Html) {
    let doc = jixiao::extract_path(&corpus().join(name)).expect("fixture extracts");
    let html = document_page(&doc, &PageLinks::default());
    (doc, Html::parse_document(&html))
}

fn by_id<'a>(html: &'a Html, id: &str) -> Option<ElementRef<'a>> {
    // Ids contain dots and dashes: match the attribute, not a CSS id selector.
    html.select(&sel(&format!("[id=\"{id}\"]"))).next()
}

fn span_attr(e: &ElementRef, name: &str) -> usize {
    e.value()
        .attr(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// Lay out rows of cells the way the HTML table model does (rowspan and
/// colspan occupy slots below and to the right): per row, the (row, column)
/// slot each cell element starts at, and each row's width.
fn html_grid(rows: &[Vec<ElementRef>]) -> (Vec<Vec<(usize, usize)>>, Vec<usize>) {
    let mut taken: HashMap<(usize, usize), ()> = HashMap::new();
    let mut starts = Vec::new();
    for (r, cells) in rows.iter().enumerate() {
        let mut c = 0;
        let mut row_starts = Vec::new();
        for e in cells {
            while taken.contains_key(&(r, c)) {
                c += 1;
            }
            let (rs, cs) = (span_attr(e, "rowspan"), span_attr(e, "colspan"));
            for a in r..r + rs {
                for b in c..c + cs {
                    taken.insert((a, b), ());
                }
            }
            row_starts.push((r, c));
            c += cs;
        }
        starts.push(row_starts);
    }
    let widths = (0..rows.len())
        .map(|r| {
            taken
                .keys()
                .filter(|(a, _)| *a == r)
                .map(|(_, b)| b + 1)
                .max()
                .unwrap_or(0)
        })
        .collect();
    (starts, widths)
}

/// The data cells of a row element (without the row-number gutter).
fn data_cells<'a>(tr: ElementRef<'a>) -> Vec<ElementRef<'a>> {
    tr.children()
        .filter_map(ElementRef::wrap)
        .filter(|e| !e.value().classes().any(|c| c == "rn"))
        .collect()
}

fn text_of(e: &ElementRef) -> String {
    e.text().collect::<String>()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every table of the document is on the page with its rows, and each cell
/// element sits at the grid position of the JSON cell whose text it shows.
fn assert_tables(doc: &Document, html: &Html, name: &str) {
    let figures = html.select(&sel("figure.tbl")).count();
    assert_eq!(figures, doc.tables.len(), "{name}: one figure per table");
    for t in &doc.tables {
        let fig = by_id(html, &format!("t{}", t.id)).unwrap_or_else(|| panic!("{name}: t{}", t.id));
        let head: Vec<ElementRef> = fig.select(&sel("thead > tr")).collect();
        let body: Vec<ElementRef> = fig.select(&sel("tbody > tr")).collect();
        assert_eq!(
            head.len(),
            t.header.len(),
            "{name}: table {} header rows",
            t.id
        );
        assert_eq!(body.len(), t.rows.len(), "{name}: table {} body rows", t.id);
        if let Some(c) = &t.caption {
            let cap = fig
                .select(&sel("figcaption .cap"))
                .next()
                .map(|e| text_of(&e));
            assert_eq!(
                cap.as_deref(),
                Some(c.as_str()),
                "{name}: table {} caption",
                t.id
            );
        }
        for (rows, json, part) in [(&head, &t.header, "h"), (&body, &t.rows, "r")] {
            let cells: Vec<Vec<ElementRef>> = rows.iter().map(|tr| data_cells(*tr)).collect();
            let (starts, widths) = html_grid(&cells);
            for (r, row) in json.iter().enumerate() {
                assert_eq!(
                    widths[r],
                    row.len(),
                    "{name}: table {} {part}{r}: the merged cells lay out to the JSON row's width",
                    t.id
                );
                for (e, &(_, c)) in cells[r].iter().zip(&starts[r]) {
                    let id = format!("t{}-{part}{r}-c{c}", t.id);
                    assert_eq!(
                        e.value().attr("id"),
                        Some(id.as_str()),
                        "{name}: slot of {id}"
                    );
                    assert_eq!(
                        squash(&text_of(e)),
                        squash(&row[c].text),
                        "{name}: text of {id}"
                    );
                }
                // A position without an element is one the JSON marks covered.
                let drawn: BTreeSet<usize> = starts[r].iter().map(|s| s.1).collect();
                for (c, cell) in row.iter().enumerate() {
                    if !drawn.contains(&c) {
                        assert!(
                            cell.merged,
                            "{name}: t{}-{part}{r}-c{c} dropped but not merged",
                            t.id
                        );
                    }
                }
            }
        }
    }
}

/// The anchor a location names when its cell is not covered by a merge.
fn expected_anchor(doc: &Document, loc: &Location) -> Option<String> {
    let t = loc.table?;
    let table = doc.tables.get(t)?;
    match (loc.row, loc.column) {
        (Some(r), Some(c)) => {
            let cell = table.rows.get(r)?.get(c)?;
            (!cell.merged).then(|| format!("t{t}-r{r}-c{c}"))
        }
        (Some(r), None) => Some(format!("t{t}-r{r}")),
        _ => Some(format!("t{t}")),
    }
}

fn ids(e: &ElementRef, attr: &str) -> BTreeSet<String> {
    e.value()
        .attr(attr)
        .unwrap_or("")
        .split_whitespace()
        .map(String::from)
        .collect()
}

fn assert_findings(doc: &Document, html: &Html, name: &str) {
    assert_eq!(
        html.select(&sel("article.finding")).count(),
        doc.findings.len(),
        "{name}: one article per finding"
    );
    let mut named: BTreeSet<String> = BTreeSet::new();
    for (i, f) in doc.findings.iter().enumerate() {
        let id = format!("f{}", i + 1);
        let e = by_id(html, &id).unwrap_or_else(|| panic!("{name}: finding anchor {id}"));
        assert!(
            e.value().classes().any(|c| c == f.severity.as_str()),
            "{name}: {id} has its severity class"
        );
        let at = ids(&e, "data-at");
        let ops = ids(&e, "data-ops");
        for a in at.iter().chain(&ops) {
            assert!(
                by_id(html, a).is_some(),
                "{name}: {id} names {a}, which is on the page"
            );
        }
        if let Some(want) = expected_anchor(doc, &f.location) {
            assert_eq!(
                at,
                BTreeSet::from([want]),
                "{name}: {id} names its location"
            );
        }
        if f.location.table.is_none() {
            assert!(at.is_empty(), "{name}: prose finding {id} names no cell");
        }
        let want_ops: Option<BTreeSet<String>> = f
            .operands
            .iter()
            .filter(|o| o.location.table.is_some())
            .map(|o| expected_anchor(doc, &o.location))
            .collect();
        if let Some(want) = want_ops {
            assert_eq!(ops, want, "{name}: {id} outlines exactly its operands");
        }
        named.extend(at);
    }
    // The cells coloured on the page are exactly those findings name.
    let flagged: BTreeSet<String> = html
        .select(&sel(".flag"))
        .filter_map(|e| e.value().attr("id").map(String::from))
        .collect();
    let named_cells: BTreeSet<String> = named.into_iter().filter(|a| a.contains("-c")).collect();
    assert_eq!(flagged, named_cells, "{name}: flagged cells");
}

#[test]
fn every_table_and_finding_of_a_text_a_docx_and_a_pdf_is_on_the_page() {
    for name in [
        "nanjing-land-2022.txt",
        "nanjing-land-2022.docx",
        "nanjing-eco-2024.pdf",
        "nanjing-eco-2024.txt",
        "lishui-assessment-2022.docx",
    ] {
        let (doc, html) = page_of(name);
        assert!(!doc.tables.is_empty(), "{name}: fixture has tables");
        assert_tables(&doc, &html, name);
        assert_findings(&doc, &html, name);
        let merged = doc
            .tables
            .iter()
            .flat_map(|t| t.rows.iter().chain(&t.header))
            .flatten()
            .filter(|c| c.row_span > 1 || c.col_span > 1)
            .count();
        let spans = html.select(&sel("[rowspan], [colspan]")).count();
        assert!(
            merged == 0 || spans > 0,
            "{name}: merged cells are drawn merged"
        );
    }
}

#[test]
fn a_prose_finding_quotes_its_sentence_with_the_figures_marked() {
    let (doc, html) = page_of("nanjing-eco-2024.txt");
    let i = doc
        .findings
        .iter()
        .position(|f| f.check == "text.parts")
        .expect("the golden text.parts finding");
    let e = by_id(&html, &format!("f{}", i + 1)).expect("anchor");
    let quote = e.select(&sel("blockquote.quote")).next().expect("a quote");
    let stated: Vec<String> = quote.select(&sel("mark.st")).map(|m| text_of(&m)).collect();
    let parts: Vec<String> = quote.select(&sel("mark.op")).map(|m| text_of(&m)).collect();
    assert_eq!(stated, ["5,024.67 万元"]);
    assert_eq!(parts, ["4,438.80 万元", "555.20 万元"]);
    assert!(text_of(&quote).contains("其中部门预算为"));
    // Its link goes to the section in the outline.
    let link = e.select(&sel(".where a.goto")).next().expect("where link");
    let href = link.value().attr("href").unwrap_or("");
    assert!(by_id(&html, &href[1..]).is_some(), "{href} resolves");
}

fn hostile_document() -> Document {
    let evil = "<script>alert('x')</script>";
    let cell = |text: &str| Cell {
        text: text.into(),
        ..Default::default()
    };
    let num = |text: &str, v: f64| Cell {
        text: text.into(),
        value: Some(v),
        ..Default::default()
    };
    let table = Table {
        id: 0,
        caption: Some("\"><img src=x onerror=alert(1)>表1".into()),
        unit: Some("万元<b>".into()),
        header: vec![vec![cell("项目<iframe>"), cell("金额\" onclick=\"x")]],
        rows: vec![
            vec![cell(evil), num("1", 1.0)],
            vec![
                cell("</td></tr></table><script>alert(2)</script>"),
                num("2", 2.0),
            ],
            vec![cell("合计"), num("4", 4.0)],
        ],
        columns: vec!["项目".into(), "金额".into()],
        section: Some("1".into()),
        ..Default::default()
    };
    let loc = |r| Location {
        table: Some(0),
        row: Some(r),
        column: Some(1),
        ..Default::default()
    };
    Document {
        schema_version: 1,
        source: Source {
            path: "dir/\"><script>alert(3)</script>.txt".into(),
            format: Format::Text,
            encoding: Some("UTF-8<x>".into()),
            sha256: "00".into(),
            bytes: 10,
            pages: None,
        },
        title: Some(format!("{evil}报告")),
        kind: Some(DocumentKind::DepartmentBudget),
        fiscal_year: Some(2024),
        entity: Some("<img src=y>局".into()),
        sections: vec![Section {
            id: "1".into(),
            number: Some("一".into()),
            level: 1,
            title: "<style>body{display:none}</style>概况".into(),
            attachment: false,
            location: Span::lines(1, 1),
            body: vec![
                BodyItem::Paragraph(Paragraph {
                    text: "总额<b>5</b>万元，其中甲2万元。".into(),
                    location: Span::lines(2, 2),
                    figures: vec![],
                    ocr: None,
                }),
                BodyItem::Table { table: 0 },
            ],
            children: vec![],
        }],
        contents: vec![],
        preamble: vec![],
        tables: vec![table],
        facts: vec![],
        ocr: None,
        findings: vec![
            Finding {
                check: "table.total\"><script>".into(),
                severity: Severity::Error,
                stated: 4.0,
                computed: 3.0,
                difference: 1.0,
                unit: Some("万元</dd>".into()),
                message: format!("「合计」 4 ≠ 3 {evil}"),
                location: loc(2),
                operands: vec![
                    Operand {
                        label: evil.into(),
                        value: 1.0,
                        text: "1<b>".into(),
                        location: loc(0),
                    },
                    Operand {
                        label: "x".into(),
                        value: 2.0,
                        text: "2".into(),
                        location: loc(1),
                    },
                ],
            },
            Finding {
                check: "text.parts".into(),
                severity: Severity::Warning,
                stated: 5.0,
                computed: 2.0,
                difference: 3.0,
                unit: None,
                message: "<b>5</b>".into(),
                location: Location {
                    section: Some("1".into()),
                    source: Some(Span::lines(2, 2)),
                    ..Default::default()
                },
                operands: vec![Operand {
                    label: "<i>".into(),
                    value: 5.0,
                    text: "<b>5</b>".into(),
                    location: Location {
                        section: Some("1".into()),
                        ..Default::default()
                    },
                }],
            },
        ],
        checks: CheckSummary::default(),
        warnings: vec![jixiao::model::Warning {
            kind: "x<y>".into(),
            message: "</details><script>".into(),
            location: None,
        }],
    }
}

/// Only the page's own markup: one script (ours), no element a document
/// could have smuggled in, no event-handler attribute.
fn assert_no_injection(html: &Html, what: &str) {
    assert_eq!(
        html.select(&sel("script")).count(),
        1,
        "{what}: only the page's script"
    );
    for tag in ["img", "iframe", "x", "y"] {
        assert_eq!(html.select(&sel(tag)).count(), 0, "{what}: no <{tag}>");
    }
    assert_eq!(
        html.select(&sel("style")).count(),
        1,
        "{what}: only the page's style"
    );
    for e in html.select(&sel("*")) {
        for (name, _) in e.value().attrs() {
            assert!(!name.starts_with("on"), "{what}: attribute {name}");
        }
    }
}

#[test]
fn text_from_a_document_is_escaped_everywhere() {
    let doc = hostile_document();
    let page = document_page(
        &doc,
        &PageLinks {
            index: Some("index.html".into()),
            xlsx: Some("a\".xlsx".into()),
        },
    );
    let html = Html::parse_document(&page);
    assert_no_injection(&html, "page");
    let cell = by_id(&html, "t0-r0-c0").expect("cell");
    assert_eq!(text_of(&cell), "<script>alert('x')</script>");
    let cell = by_id(&html, "t0-r1-c0").expect("cell");
    assert_eq!(
        text_of(&cell),
        "</td></tr></table><script>alert(2)</script>"
    );
    let title = html.select(&sel("h1")).next().expect("h1");
    assert_eq!(text_of(&title), "<script>alert('x')</script>报告");
    // The finding still marks its cells.
    let f = by_id(&html, "f1").expect("f1");
    assert_eq!(ids(&f, "data-at"), BTreeSet::from(["t0-r2-c1".to_string()]));
    assert_eq!(
        ids(&f, "data-ops"),
        BTreeSet::from(["t0-r0-c1".to_string(), "t0-r1-c1".to_string()])
    );

    let row = IndexRow::document(&doc, Some("x\"><script>.html".into()), None);
    let failed = IndexRow::without_document(
        "bad<script>.pdf",
        "failed",
        Some("not a pdf file: <img src=z>".into()),
        None,
    );
    let index = Html::parse_document(&index_page(&[row, failed]));
    assert_no_injection(&index, "index");
    let link = index.select(&sel("td.name a")).next().expect("link");
    assert_eq!(link.value().attr("href"), Some("x%22%3E%3Cscript%3E.html"));
    let reason = index.select(&sel(".reason")).next().expect("reason");
    assert_eq!(text_of(&reason), "not a pdf file: <img src=z>");
}

/// The page's markup between `<body>` and its script, version-free.
fn body_of(page: &str) -> String {
    let start = page.find("<body").unwrap_or(0);
    let end = page.find("<script>").unwrap_or(page.len());
    page[start..end].replace(env!("CARGO_PKG_VERSION"), "VERSION")
}

#[test]
fn kind_year_and_entity_show_when_the_document_says() {
    let doc = hostile_document();
    let html = Html::parse_document(&document_page(&doc, &PageLinks::default()));
    let tags: Vec<String> = html
        .select(&sel(".tags .tag"))
        .map(|e| text_of(&e))
        .collect();
    assert_eq!(tags, ["部门预算", "2024 年度", "<img src=y>局"]);
    let row = IndexRow::document(&doc, Some("a.html".into()), None);
    let index = Html::parse_document(&index_page(&[row]));
    let cells: Vec<String> = index
        .select(&sel("table.docs tbody td"))
        .map(|e| text_of(&e))
        .collect();
    assert_eq!(cells[2..5], ["部门预算", "2024", "<img src=y>局"]);
}

/// The whole markup of a small page and index, so that a change to it is
/// seen in review (`cargo insta review`, or INSTA_UPDATE=always).
#[test]
fn page_and_index_markup_snapshot() {
    let doc = hostile_document();
    let page = document_page(
        &doc,
        &PageLinks {
            index: Some("index.html".into()),
            xlsx: Some("x.xlsx".into()),
        },
    );
    insta::assert_snapshot!("hostile_page_body", body_of(&page));
    let rows = [
        IndexRow::document(&doc, Some("x.html".into()), Some("x.xlsx".into())),
        IndexRow::without_document(
            "b.pdf",
            "failed",
            Some("damaged pdf".into()),
            Some("pdf".into()),
        ),
        IndexRow::without_document("c.png", "skipped", Some("not a report".into()), None),
    ];
    insta::assert_snapshot!("index_body", body_of(&index_page(&rows)));
}

fn run(args: &[&str]) -> std::process::Output {
    bin().args(args).output().expect("run jixiao")
}

fn index_rows(dir: &Path) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(dir.join("index.html")).expect("index.html");
    let html = Html::parse_document(&text);
    html.select(&sel("table.docs tbody tr"))
        .map(|tr| {
            let status = tr.value().attr("data-status").unwrap_or("").to_string();
            let name = tr
                .select(&sel("td.name"))
                .next()
                .map(|e| e.value().attr("data-v").unwrap_or("").to_string())
                .unwrap_or_default();
            let href = tr
                .select(&sel("td.name a"))
                .next()
                .and_then(|a| a.value().attr("href"))
                .unwrap_or("")
                .to_string();
            (name, status, href)
        })
        .collect()
}

#[test]
fn report_over_the_corpus_writes_an_index_linking_every_page() {
    let dir = temp_dir("corpus");
    let out = dir.join("r");
    let bad = dir.join("random.pdf");
    std::fs::write(&bad, b"%PDF-1.7 garbage without objects").expect("write");
    let o = bin()
        .arg("report")
        .arg(corpus())
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a failed input: exit 1 ({stderr})"
    );
    assert!(stderr.contains("random.pdf"), "{stderr}");
    assert!(stderr.contains("index.html"), "{stderr}");
    let n = std::fs::read_dir(corpus()).expect("corpus").count();
    let rows = index_rows(&out);
    assert_eq!(rows.len(), n + 1, "one row per input");
    for (name, status, href) in &rows {
        if name == "random.pdf" {
            assert_eq!(status, "failed");
            assert!(href.is_empty());
            continue;
        }
        assert_eq!(status, "ok", "{name}");
        assert_eq!(href, &format!("{name}.html"));
        assert!(out.join(href).is_file(), "{href} written");
    }
    let index = std::fs::read_to_string(out.join("index.html")).unwrap_or_default();
    assert!(
        index.contains("not a pdf file") || index.contains("damaged pdf"),
        "the reason is shown"
    );

    // --resume redoes nothing and the index still lists every input.
    let o = bin()
        .arg("report")
        .arg(corpus())
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .arg("--resume")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains(&format!("{} unchanged", n + 1)), "{stderr}");
    assert_eq!(index_rows(&out), rows, "the index is whole after --resume");

    // A page removed is made again.
    let victim = out.join("nanjing-eco-2024.txt.html");
    std::fs::remove_file(&victim).expect("remove");
    let o = run(&[
        "report",
        &corpus().to_string_lossy(),
        &bad.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
        "--resume",
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains(&format!("{n} unchanged")), "{stderr}");
    assert!(victim.is_file(), "the missing page is back");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_with_xlsx_beside_the_pages_links_each_workbook() {
    let dir = temp_dir("xlsx");
    let input = corpus().join("nanjing-land-2022.docx");
    let o = bin()
        .arg("report")
        .arg(&input)
        .arg("--out")
        .arg(&dir)
        .arg("--xlsx")
        .arg(&dir)
        .output()
        .expect("run");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let page = std::fs::read_to_string(dir.join("nanjing-land-2022.docx.html")).expect("page");
    let html = Html::parse_document(&page);
    let hrefs: Vec<&str> = html
        .select(&sel("nav.bar a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"index.html"), "{hrefs:?}");
    assert!(hrefs.contains(&"nanjing-land-2022.docx.xlsx"), "{hrefs:?}");
    assert!(dir.join("nanjing-land-2022.docx.xlsx").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn xlsx_file_takes_one_input() {
    let dir = temp_dir("xlsx-one");
    let o = bin()
        .arg("extract")
        .arg(corpus())
        .arg("--xlsx")
        .arg(dir.join("all.xlsx"))
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("takes one input"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
