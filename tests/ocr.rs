//! Scanned PDFs (`--ocr`): the committed scan-like fixtures
//! (`fixtures/scanned/`, made by `scripts/make-scan-fixtures.py` from the
//! corpus PDFs) read by tesseract into the same text, tables and audit as the
//! original; without the engine such an input fails with one clear line.
//!
//! The tests that need tesseract (with `chi_sim`) skip with a message when it
//! is absent (`scripts/install-test-deps.sh` installs it). Each fixture is
//! OCR'd once per run; accuracy over whole documents is `scripts/bench-ocr.sh`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use jixiao::ingest::{self, ocr::Mode};
use jixiao::model::{BodyItem, Document, Paragraph, Section, Severity, Table};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scanned(name: &str) -> PathBuf {
    root().join("fixtures/scanned").join(name)
}

const ECO_SCAN: &str = "nanjing-eco-2024.p8.scan.pdf";
const ECO_PAGE: u32 = 8;
const SHEET_SCAN: &str = "lishui-assessment-2022.p3.bilevel.scan.pdf";
const SHEET_PAGE: u32 = 3;

fn jixiao(args: &[&str], tesseract: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    c.args(args);
    if let Some(t) = tesseract {
        c.env("JIXIAO_TESSERACT", t);
    }
    c.output().expect("run jixiao")
}

fn have_tesseract() -> bool {
    let ok = ingest::ocr::engine().is_ok();
    if !ok {
        eprintln!(
            "tesseract with chi_sim not installed ({}): OCR test skipped",
            ingest::ocr::INSTALL_HINT
        );
    }
    ok
}

/// Each fixture OCR'd once (tests share it).
fn ocr_doc(name: &'static str) -> &'static Document {
    static DOCS: OnceLock<std::sync::Mutex<HashMap<&'static str, &'static Document>>> =
        OnceLock::new();
    let docs = DOCS.get_or_init(Default::default);
    let mut map = docs.lock().unwrap_or_else(|e| e.into_inner());
    map.entry(name).or_insert_with(|| {
        let path = scanned(name);
        let bytes = std::fs::read(&path).expect("fixture");
        let opts = ingest::Options { ocr: Mode::Auto };
        let doc = jixiao::extract_bytes_with(&bytes, &path.to_string_lossy(), &opts)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        Box::leak(Box::new(doc))
    })
}

/// The original PDF, extracted from its text layer.
fn original(name: &str) -> Document {
    jixiao::extract_path(&root().join("fixtures/corpus").join(name)).expect("original")
}

fn paragraphs(doc: &Document) -> Vec<&Paragraph> {
    fn walk<'a>(s: &'a Section, out: &mut Vec<&'a Paragraph>) {
        for item in &s.body {
            if let BodyItem::Paragraph(p) = item {
                out.push(p);
            }
        }
        for c in &s.children {
            walk(c, out);
        }
    }
    let mut out: Vec<&Paragraph> = doc.preamble.iter().collect();
    for s in &doc.sections {
        walk(s, &mut out);
    }
    out
}

fn on_page(span: &jixiao::model::Span, page: u32) -> bool {
    span.page
        .is_some_and(|p| p <= page && span.page_end.unwrap_or(p) >= page)
}

/// The text of a page: its paragraphs and table cells, no spaces.
fn page_text(doc: &Document, page: u32) -> String {
    let mut s = String::new();
    for p in paragraphs(doc) {
        if on_page(&p.location, page) {
            s.push_str(&p.text);
        }
    }
    for t in tables_on(doc, page) {
        for row in t.header.iter().chain(&t.rows) {
            // A table may run over pages: its cells on this page.
            for c in row {
                if c.location.as_ref().is_none_or(|l| on_page(l, page)) {
                    s.push_str(&c.text);
                }
            }
        }
    }
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn tables_on(doc: &Document, page: u32) -> Vec<&Table> {
    doc.tables
        .iter()
        .filter(|t| on_page(&t.location, page))
        .collect()
}

fn bigram_f1(a: &str, b: &str) -> f64 {
    fn grams(s: &str) -> HashMap<(char, char), usize> {
        let c: Vec<char> = s.chars().collect();
        let mut m = HashMap::new();
        for w in c.windows(2) {
            *m.entry((w[0], w[1])).or_insert(0) += 1;
        }
        m
    }
    let (ga, gb) = (grams(a), grams(b));
    let common: usize = ga
        .iter()
        .map(|(k, n)| (*n).min(gb.get(k).copied().unwrap_or(0)))
        .sum();
    let (na, nb) = (ga.values().sum::<usize>(), gb.values().sum::<usize>());
    if na == 0 || nb == 0 {
        return 0.0;
    }
    let (p, r) = (common as f64 / na as f64, common as f64 / nb as f64);
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Numeric cell texts of the tables on a page, as a multiset.
fn numeric_cells(tables: &[&Table]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for t in tables {
        for row in &t.rows {
            for c in row {
                if c.figure.as_ref().is_some_and(|f| f.value.is_some()) {
                    *m.entry(c.text.trim().to_string()).or_insert(0) += 1;
                }
            }
        }
    }
    m
}

#[test]
fn without_the_engine_a_scanned_pdf_fails_saying_how_to_install_it() {
    let path = scanned(ECO_SCAN);
    let p = path.to_str().unwrap();
    for args in [
        vec!["extract", p],
        vec!["text", p],
        vec!["check", p],
        vec!["extract", "--ocr", "always", p],
    ] {
        let o = jixiao(&args, Some("/nonexistent/tesseract"));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(err.contains(ECO_SCAN), "names the file: {err}");
        assert!(
            err.contains("apt-get install tesseract-ocr tesseract-ocr-chi-sim"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panick"), "{err}");
    }
    // --ocr never does not look for the engine, and says OCR is off.
    let o = jixiao(
        &["extract", "--ocr", "never", p],
        Some("/nonexistent/tesseract"),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("no text layer") && err.contains("--ocr never"),
        "{err}"
    );
    // A PDF with a text layer does not need the engine in any mode.
    let text_pdf = root().join("fixtures/corpus/lishui-assessment-2022.pdf");
    for mode in ["auto", "always", "never"] {
        let o = jixiao(
            &["text", "--ocr", mode, text_pdf.to_str().unwrap()],
            Some("/nonexistent/tesseract"),
        );
        assert!(
            o.status.success(),
            "--ocr {mode}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn a_scanned_page_with_seals_reads_like_the_original() {
    if !have_tesseract() {
        return;
    }
    let doc = ocr_doc(ECO_SCAN);
    let orig = original("nanjing-eco-2024.pdf");
    // The record: which pages, which engine, the seals removed.
    let info = doc.ocr.as_ref().expect("ocr recorded");
    assert_eq!(info.engine, "tesseract");
    assert!(
        info.version.starts_with(|c: char| c.is_ascii_digit()),
        "{info:?}"
    );
    assert_eq!(info.pages, [1]);
    assert_eq!(info.seal_removed, [1], "the two red seals are removed");
    assert!(info.confidence > 0.8, "{info:?}");
    assert!(doc.warnings.iter().any(|w| w.kind == "ocr.seal"));
    // Text: bigram F1 against the original page's text layer.
    let (got, want) = (page_text(doc, 1), page_text(&orig, ECO_PAGE));
    let f1 = bigram_f1(&got, &want);
    // The goal of issue 16 (0.96 measured with tesseract 5.3).
    assert!(f1 >= 0.90, "bigram F1 {f1:.3}\n got: {got}\nwant: {want}");
    // Tables 2-1 and 2-2, and most of their numbers.
    let tables = tables_on(doc, 1);
    assert!(tables.len() >= 2, "{} tables", tables.len());
    let (mine, theirs) = (
        numeric_cells(&tables),
        numeric_cells(&tables_on(&orig, ECO_PAGE)),
    );
    let total: usize = theirs.values().sum();
    let right: usize = theirs
        .iter()
        .map(|(k, n)| (*n).min(mine.get(k).copied().unwrap_or(0)))
        .sum();
    assert!(total >= 40, "{total} numeric cells in the original");
    // The goal of issue 16: 90% (59 of 60 measured with tesseract 5.3).
    assert!(
        right as f64 >= 0.9 * total as f64,
        "{right} of {total} numeric cells right"
    );
}

#[test]
fn everything_read_by_ocr_says_so_with_its_confidence() {
    if !have_tesseract() {
        return;
    }
    let doc = ocr_doc(ECO_SCAN);
    let paras = paragraphs(doc);
    assert!(!paras.is_empty());
    for p in paras {
        let m = p
            .ocr
            .unwrap_or_else(|| panic!("paragraph without ocr mark: {}", p.text));
        assert!(m.ocr && (0.0..=1.0).contains(&m.confidence), "{m:?}");
        for f in &p.figures {
            assert!(f.ocr.is_some(), "figure {} in {}", f.text, p.text);
        }
    }
    let mut cells = 0;
    for t in &doc.tables {
        for c in t.rows.iter().flatten() {
            if c.location.is_some() {
                cells += 1;
                assert!(c.ocr.is_some_and(|m| m.ocr), "cell {:?}", c.text);
                if let Some(f) = &c.figure {
                    assert!(f.ocr.is_some(), "figure of cell {:?}", c.text);
                }
            }
        }
    }
    assert!(cells > 40, "{cells} cells");
    // In the JSON: "ocr": true and "confidence" on blocks, cells and figures,
    // and the document's record.
    let json: serde_json::Value = serde_json::to_value(doc).unwrap();
    assert_eq!(json["ocr"]["pages"], serde_json::json!([1]));
    let cell = &json["tables"][0]["rows"][1][2];
    assert_eq!(cell["ocr"], serde_json::json!(true), "{cell}");
    assert!(cell["confidence"].is_number(), "{cell}");
}

#[test]
fn an_error_from_ocr_rests_only_on_certain_digits() {
    if !have_tesseract() {
        return;
    }
    for (name, orig, page) in [
        (ECO_SCAN, "nanjing-eco-2024.pdf", ECO_PAGE),
        (SHEET_SCAN, "lishui-assessment-2022.pdf", SHEET_PAGE),
    ] {
        let doc = ocr_doc(name);
        let orig = original(orig);
        // The original's errors on that page, by check and stated value.
        let theirs: Vec<(String, i64)> = orig
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .filter(|f| f.location.source.as_ref().is_some_and(|s| on_page(s, page)))
            .map(|f| (f.check.clone(), (f.stated * 100.0).round() as i64))
            .collect();
        for f in doc
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
        {
            assert!(
                theirs.contains(&(f.check.clone(), (f.stated * 100.0).round() as i64)),
                "{name}: an error the original does not have: {}",
                f.message
            );
        }
        // Every finding that was lowered says why.
        for f in doc
            .findings
            .iter()
            .filter(|f| f.message.contains("read by OCR"))
        {
            assert_eq!(f.severity, Severity::Warning, "{}", f.message);
        }
    }
}

#[test]
fn a_one_bit_fax_like_scan_is_read_through_flate() {
    if !have_tesseract() {
        return;
    }
    let doc = ocr_doc(SHEET_SCAN);
    let orig = original("lishui-assessment-2022.pdf");
    let info = doc.ocr.as_ref().expect("ocr recorded");
    assert_eq!(info.pages, [1]);
    assert!(info.seal_removed.is_empty(), "a 1-bit page has no red");
    let (got, want) = (page_text(doc, 1), page_text(&orig, SHEET_PAGE));
    let f1 = bigram_f1(&got, &want);
    // A 1-bit page thresholded at 200 dpi is the hard case: 0.92 measured
    // with tesseract 5.3 (0.75 before the ruled cells were read line by
    // line on their own); the goal of issue 16 is 0.90.
    assert!(f1 >= 0.90, "bigram F1 {f1:.3}\n got: {got}\nwant: {want}");
}
