//! Spreadsheets, web pages, Word binary and WPS (issue 14).
//!
//! 1. The corpus renditions in `fixtures/formats/` (made by
//!    `scripts/make-format-fixtures.py`) against each report's `.txt`: the
//!    .doc, .wps and HTML renditions give the same title, section tree,
//!    tables and findings as the text, as DOCX does; the workbooks give the
//!    same tables (captions, units, every cell's text and value) and the same
//!    findings about them.
//! 2. The budget workbook (.xlsx, .xls, .ods): sheets as parts, merged cells,
//!    shown precision with the stored value kept, percentages, formulas,
//!    line breaks, stacked tables, hidden and empty sheets, and its planted
//!    error found with the sheet and cell.
//! 3. A government page in GBK: encoding from the declaration, navigation
//!    and footer left out.
//! 4. Detection by content, and the one-line errors for what cannot be read.

mod twins;

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use jixiao::Error;
use jixiao::model::{Document, Format};
use twins::{Allowed, Scope};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn formats(name: &str) -> PathBuf {
    dir().join("formats").join(name)
}

const STEMS: [&str; 3] = [
    "lishui-assessment-2022",
    "nanjing-eco-2024",
    "nanjing-land-2022",
];

/// The differences every rendition made from the DOCX shares with it (see
/// tests/docx.rs), and those of its own.
const ALLOWED: &[Allowed] = &[
    (
        "lishui-assessment-2022",
        "",
        "section 附件 title",
        "the .txt has the attachment title on two lines of one paragraph; the \
         DOCX, and so its .doc and HTML, has two paragraphs",
    ),
    (
        "nanjing-land-2022",
        "",
        "支出预决算情况表（单位：万元）: rows row count",
        "the DOCX keeps a label-less row of placeholders for elided lines that \
         the text reader drops; every rendition made from the DOCX keeps it too",
    ),
    (
        "nanjing-land-2022",
        "",
        "支出预决算情况表（单位：万元）: rows row 14",
        "same placeholder row as above; the rows below it are shifted by one",
    ),
    (
        "nanjing-land-2022",
        ".gov.html",
        "title: ",
        "the site's page is titled by its own h1, written without the spaces \
         of the report's title line",
    ),
    (
        "nanjing-eco-2024",
        ".html",
        "title: ",
        "as for the DOCX: the date line under the title is its own paragraph in \
         another size; the .txt joins 2025 年 06 月 onto the title",
    ),
];

#[test]
fn renditions_match_their_text_versions() {
    let mut pairs: Vec<(PathBuf, PathBuf, Scope)> = Vec::new();
    for stem in STEMS {
        let txt = dir().join("corpus").join(format!("{stem}.txt"));
        for (ext, scope) in [
            ("doc", Scope::Document),
            ("html", Scope::Document),
            ("xlsx", Scope::Tables),
            ("xls", Scope::Tables),
            ("ods", Scope::Tables),
        ] {
            pairs.push((txt.clone(), formats(&format!("{stem}.{ext}")), scope));
        }
    }
    let land = dir().join("corpus/nanjing-land-2022.txt");
    pairs.push((
        land.clone(),
        formats("nanjing-land-2022.wps"),
        Scope::Document,
    ));
    pairs.push((land, formats("nanjing-land-2022.gov.html"), Scope::Document));
    for (_, rendition, _) in &pairs {
        let ext = rendition.extension().and_then(|e| e.to_str()).unwrap_or("");
        let want = if ext == "html" { "html" } else { ext };
        assert_eq!(
            twins::extract(rendition)["source"]["format"],
            want,
            "{}",
            rendition.display()
        );
    }
    let pairs: Vec<(&Path, &Path, Scope)> = pairs
        .iter()
        .map(|(t, r, s)| (t.as_path(), r.as_path(), *s))
        .collect();
    twins::assert_twins(&pairs, ALLOWED);
}

// ---------------------------------------------------------------------------
// The budget workbook
// ---------------------------------------------------------------------------

fn extract(path: &Path) -> Document {
    jixiao::extract_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn budget_workbook_in_every_spreadsheet_format() {
    for (ext, format) in [
        ("xlsx", Format::Xlsx),
        ("xls", Format::Xls),
        ("ods", Format::Ods),
    ] {
        let doc = extract(&formats(&format!("budget-2023.{ext}")));
        assert_eq!(doc.source.format, format);
        // Every sheet with content is a part; the hidden one is reported, the
        // empty one is not a part.
        let parts: Vec<&str> = doc.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(parts, ["收支总表", "绩效自评表"], "{ext}");
        assert!(
            doc.warnings
                .iter()
                .any(|w| w.kind == "sheet.hidden" && w.message.contains("参数")),
            "{ext}: {:?}",
            doc.warnings
        );
        assert_eq!(
            doc.title.as_deref(),
            Some("2023年某某区文化旅游局部门收支总表")
        );
        // Two tables stacked on the first sheet, each with its title and unit.
        assert_eq!(doc.tables.len(), 3, "{ext}");
        let (t0, t1, t2) = (&doc.tables[0], &doc.tables[1], &doc.tables[2]);
        assert_eq!(
            t0.caption.as_deref(),
            Some("2023年某某区文化旅游局部门收支总表")
        );
        assert_eq!(
            t0.unit.as_deref(),
            Some("万元"),
            "{ext}: 编制单位 … 单位：万元"
        );
        assert_eq!(
            t1.caption.as_deref(),
            Some("2023年某某区文化旅游局“三公”经费支出表")
        );
        assert_eq!(t1.unit.as_deref(), Some("万元"));
        assert_eq!(
            (t0.section.as_deref(), t2.section.as_deref()),
            (Some("1"), Some("2"))
        );
        // Merged header: 项目 over two rows, 金额 over three columns.
        assert_eq!(
            t0.columns,
            ["项目", "金额/年初预算数", "金额/决算数", "金额/执行率"]
        );
        assert_eq!(t0.header[0][0].row_span, 2, "{ext}");
        assert_eq!(t0.header[0][1].col_span, 3, "{ext}");
        assert!(t0.header[0][2].merged && t0.header[1][0].merged, "{ext}");
        // Precision as shown, percentages as formatted, line breaks kept.
        let row = |t: &jixiao::model::Table, label: &str| -> Vec<jixiao::model::Cell> {
            t.rows
                .iter()
                .find(|r| r[0].text == label)
                .unwrap_or_else(|| panic!("{ext}: no row {label}"))
                .clone()
        };
        let first = row(t0, "一般公共服务支出");
        assert_eq!(first[1].text, "120.50");
        assert_eq!(first[3].text, "98.13%");
        assert_eq!(first[3].value, Some(98.13));
        // calamine does not decompile .xls shared formulas (C5/B5 … C9/B9
        // written once for the column): those cells keep their value only.
        if format != Format::Xls {
            assert!(
                first[3]
                    .formula
                    .as_deref()
                    .is_some_and(|f| f.contains("C5")),
                "{ext}"
            );
        }
        assert!(row(t0, "住房保障支出\n（含公积金）")[1].text == "30.00");
        let total = row(t0, "合计");
        assert_eq!(total[1].text, "552.50");
        assert!(
            total[1]
                .formula
                .as_deref()
                .is_some_and(|f| f.contains("SUM")),
            "{ext}: {:?}",
            total[1].formula
        );
        let score = row(t2, "效益指标");
        assert_eq!(score[2].text, "29.49");
        assert_eq!(score[2].stored, Some(29.4862), "{ext}");
        assert_eq!(score[2].figure.as_ref().map(|f| f.decimals), Some(2));
        // A zero under the accounting format is a dash: no value, not zero.
        let abroad = row(t1, "因公出国（境）费");
        assert_eq!(
            (abroad[1].text.as_str(), abroad[1].value),
            ("-", None),
            "{ext}"
        );
        // Every cell keeps its sheet and reference.
        let loc = total[2].location.as_ref().expect("location");
        assert_eq!(
            (loc.sheet.as_deref(), loc.cell.as_deref()),
            (Some("收支总表"), Some("C9"))
        );
        // The planted error, and nothing else at error severity.
        let errors: Vec<_> = doc
            .findings
            .iter()
            .filter(|f| f.severity == jixiao::model::Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{ext}: {errors:#?}");
        let e = errors[0];
        assert_eq!(e.check, "table.total");
        assert_eq!(
            (e.stated, (e.computed * 100.0).round() / 100.0),
            (15.31, 14.31)
        );
        let src = e.location.source.as_ref().expect("source");
        assert_eq!(
            (src.sheet.as_deref(), src.cell.as_deref()),
            (Some("收支总表"), Some("C18")),
            "{ext}"
        );
        assert!(
            e.operands
                .iter()
                .all(|o| o.location.source.as_ref().is_some_and(|s| s.cell.is_some()))
        );
    }
}

// ---------------------------------------------------------------------------
// A government page
// ---------------------------------------------------------------------------

#[test]
fn government_page_in_gbk_reads_its_article_only() {
    let path = formats("nanjing-land-2022.gov.html");
    let bytes = std::fs::read(&path).expect("fixture");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is GBK, not UTF-8"
    );
    let doc = extract(&path);
    assert_eq!(doc.source.format, Format::Html);
    assert_eq!(doc.source.encoding.as_deref(), Some("GB18030"));
    let text = jixiao::output::render_text(&doc);
    for furniture in [
        "当前位置",
        "网站首页",
        "版权所有",
        "分享到",
        "信息公开目录",
        "苏ICP备",
        "统计",
    ] {
        assert!(
            !text.contains(furniture),
            "site furniture {furniture:?} read as content"
        );
    }
    assert!(text.contains("南京市国土资源执法监察支队于 1994 年 7 月成立"));
    // Lines lead back to the page.
    let t = &doc.tables[0];
    assert!(t.location.line.is_some_and(|l| l > 30), "{:?}", t.location);
    // The same page without its declaration is detected as GBK all the same.
    let undeclared = String::from_utf8_lossy(&bytes).contains("charset=gb2312");
    assert!(undeclared);
    let stripped: Vec<u8> = {
        let needle = b"charset=gb2312";
        let at = bytes
            .windows(needle.len())
            .position(|w| w == needle)
            .expect("declared");
        let mut b = bytes[..at].to_vec();
        b.extend_from_slice(&bytes[at + needle.len()..]);
        b
    };
    let doc2 = jixiao::extract_bytes(&stripped, "page.htm").expect("reads");
    assert_eq!(doc2.source.encoding.as_deref(), Some("GB18030"));
    assert_eq!(doc2.tables.len(), doc.tables.len());
}

// ---------------------------------------------------------------------------
// Detection and errors
// ---------------------------------------------------------------------------

#[test]
fn the_content_decides_the_format_not_the_name() {
    let read = |name: &str| std::fs::read(formats(name)).expect("fixture");
    let cases = [
        (read("nanjing-land-2022.doc"), "report.docx", Format::Doc),
        (read("budget-2023.xls"), "budget.xlsx", Format::Xls),
        (read("budget-2023.xlsx"), "budget.xls", Format::Xlsx),
        (read("budget-2023.ods"), "budget.xlsx", Format::Ods),
        (read("nanjing-land-2022.html"), "table.xls", Format::Html),
        (read("nanjing-land-2022.doc"), "report.wps", Format::Wps),
    ];
    for (bytes, name, want) in cases {
        let doc = jixiao::extract_bytes(&bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(doc.source.format, want, "{name}");
        assert!(!doc.tables.is_empty(), "{name}");
    }
}

/// An OLE compound file with the given streams.
fn ole(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut comp = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("create");
    for (name, data) in streams {
        let mut s = comp.create_stream(name).expect("stream");
        s.write_all(data).expect("write");
    }
    comp.flush().expect("flush");
    comp.into_inner().into_inner()
}

/// A WordDocument stream: a FIB with the given nFib and flags, padded.
fn fib(n_fib: u16, flags: u16) -> Vec<u8> {
    let mut w = vec![0u8; 1024];
    w[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
    w[2..4].copy_from_slice(&n_fib.to_le_bytes());
    w[10..12].copy_from_slice(&flags.to_le_bytes());
    w
}

#[test]
fn unreadable_word_files_say_why_in_one_line() {
    let encrypted = ole(&[("WordDocument", &fib(0x00C1, 0x0100)), ("1Table", &[0; 64])]);
    let e1 = jixiao::extract_bytes(&encrypted, "secret.doc").unwrap_err();
    assert!(matches!(e1, Error::Encrypted(_)), "{e1}");
    let word95 = ole(&[("WordDocument", &fib(0x0065, 0))]);
    let e2 = jixiao::extract_bytes(&word95, "old.doc").unwrap_err();
    assert!(e2.to_string().contains("Word 6.0/95"), "{e2}");
    let kingsoft = ole(&[("WpsContent", b"\x01\x02"), ("Summary", b"x")]);
    let e3 = jixiao::extract_bytes(&kingsoft, "report.wps").unwrap_err();
    assert!(
        matches!(e3, Error::Unsupported(ref m) if m.contains("WPS")),
        "{e3}"
    );
    let no_clx = ole(&[("WordDocument", &fib(0x00C1, 0)), ("0Table", &[0; 64])]);
    let e4 = jixiao::extract_bytes(&no_clx, "hollow.doc").unwrap_err();
    assert!(
        matches!(e4, Error::Damaged { .. } | Error::NoText(_)),
        "{e4}"
    );
    for e in [e1, e2, e3, e4] {
        assert!(!e.to_string().contains('\n'), "one line: {e}");
    }
}

#[test]
fn a_sheet_too_large_to_lay_out_is_refused_before_it_is() {
    // BIFF8: BOF, one BOUNDSHEET, EOF; then a sheet with a number at A1 and
    // one at IV65536 (16.7 million positions).
    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    }
    let mut s = rec(0x0809, &[0x00, 0x06, 0x05, 0x00]);
    let sheet_at = s.len() + 4 + 10 + 4;
    let mut bs = (sheet_at as u32).to_le_bytes().to_vec();
    bs.extend([0, 0, 2, 0]);
    bs.extend(b"S1");
    s.extend(rec(0x0085, &bs));
    s.extend(rec(0x000A, &[]));
    s.extend(rec(0x0809, &[0x00, 0x06, 0x10, 0x00]));
    for (r, c) in [(0u16, 0u16), (65535, 255)] {
        let mut num = r.to_le_bytes().to_vec();
        num.extend(c.to_le_bytes());
        num.extend([0, 0]);
        num.extend(1.0f64.to_le_bytes());
        s.extend(rec(0x0203, &num));
    }
    s.extend(rec(0x000A, &[]));
    let bytes = ole(&[("Workbook", &s)]);
    match jixiao::extract_bytes(&bytes, "huge.xls") {
        Err(Error::Limit { limit, .. }) => assert_eq!(limit, "max-table-cells"),
        other => panic!("expected the limit, got {:?}", other.map(|d| d.source)),
    }
}

// ---------------------------------------------------------------------------
// Damaged files
// ---------------------------------------------------------------------------

#[test]
fn damaged_renditions_give_a_result_never_a_panic() {
    // Truncations and scattered byte changes of every new-format fixture
    // (deterministic: a small xorshift generator).
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir().join("formats"))
        .expect("fixtures/formats")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    for path in names {
        let bytes = std::fs::read(&path).expect("fixture");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("x")
            .to_string();
        for k in 0..12 {
            let mut b = bytes.clone();
            if k % 3 == 0 {
                b.truncate((next() as usize) % b.len().max(1));
            } else {
                for _ in 0..(1 + next() % 16) {
                    let i = (next() as usize) % b.len().max(1);
                    if let Some(x) = b.get_mut(i) {
                        *x = next() as u8;
                    }
                }
            }
            let outcome = std::panic::catch_unwind(|| jixiao::extract_bytes(&b, &name));
            assert!(outcome.is_ok(), "{name} variant {k} panicked");
        }
    }
}
