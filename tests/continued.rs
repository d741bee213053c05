//! Tables split across pages whose second part restates what the page
//! printed above the first (fixtures/continued/, made by
//! scripts/make-continued-fixtures.py):
//!
//! 1. Each shape joins into one table in every format — the caption printed
//!    again with 续 ("表3 …（续）", "表3 …(续表)", "续表4 …"), folio lines
//!    between the parts ("- 3 -", "第 4 页 共 6 页", a bare "6"; in
//!    `folio-plain.txt` they stay in the text), the heading that named the
//!    table printed again — and the documents, consistent, have no `error`.
//!    The rows of the second part keep their own page (PDF) or line (text).
//! 2. Two different tables with the same header on consecutive pages stay
//!    two tables.
//! 3. The planted defects are found in the joined tables (the total at the
//!    end of a second part is checked against the rows of both parts), and
//!    every amount changed in a joined table gives an `error`.
//! 4. A 收入表 whose 合计 includes 上年结转 agrees with the 收支总表's
//!    本年收入合计 plus it (disclosure.summary_totals passes), and a defect
//!    in that 合计 is still found.

use std::path::{Path, PathBuf};

use jixiao::model::{Document, Severity};

const FORMATS: [&str; 3] = ["txt", "docx", "pdf"];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/continued")
        .join(name)
}

fn extract(path: &Path) -> Document {
    jixiao::extract_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every rendering of a master: its three formats, and the plain text
/// where the script writes one.
fn renderings(name: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = FORMATS
        .iter()
        .map(|ext| fixture(&format!("{name}.{ext}")))
        .collect();
    let plain = fixture(&format!("{name}-plain.txt"));
    if plain.exists() {
        v.push(plain);
    }
    v
}

fn errors(doc: &Document) -> Vec<&jixiao::model::Finding> {
    doc.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// (caption, body rows, parts) of each table.
fn shape(doc: &Document) -> Vec<(String, usize, u32)> {
    doc.tables
        .iter()
        .map(|t| (t.caption.clone().unwrap_or_default(), t.rows.len(), t.parts))
        .collect()
}

/// A master and the (caption, body rows, parts) of each of its tables.
type Expected = (&'static str, Vec<(&'static str, usize, u32)>);

const T3: &str = "表3 一般公共预算财政拨款支出决算表";
const T4: &str = "表4 一般公共预算财政拨款基本支出决算表";

#[test]
fn split_tables_join_in_every_format_and_have_no_error() {
    let expect: [Expected; 3] = [
        ("marker", vec![(T3, 16, 2), (T4, 22, 2)]),
        ("folio", vec![(T3, 16, 2), (T4, 22, 2)]),
        (
            "heading",
            vec![
                ("一般公共预算支出预算表", 16, 2),
                ("一般公共预算“三公”经费支出预算表", 1, 1),
            ],
        ),
    ];
    for (name, tables) in expect {
        for path in renderings(name) {
            let what = path.display().to_string();
            let doc = extract(&path);
            let want: Vec<(String, usize, u32)> = tables
                .iter()
                .map(|&(c, r, p)| (c.to_string(), r, p))
                .collect();
            assert_eq!(shape(&doc), want, "{what}");
            assert!(errors(&doc).is_empty(), "{what}: {:?}", errors(&doc));
            // The first table's parts: rows 0–8 on its first page, 9–15 on
            // the next, each row where it stands.
            let t = &doc.tables[0];
            assert_eq!(t.part_starts, [9], "{what}");
            let at = |r: usize| t.rows[r][0].location.clone().unwrap_or_default();
            if what.ends_with(".pdf") {
                assert_eq!(
                    (at(8).page, at(9).page, at(15).page),
                    (Some(1), Some(2), Some(2))
                );
            } else if what.ends_with(".txt") {
                let (a, b) = (at(8).line.unwrap(), at(9).line.unwrap());
                assert!(b > a + 2, "{what}: rows at lines {a} and {b}");
            }
        }
    }
    // The heading printed again opens no second section.
    let doc = extract(&fixture("heading.txt"));
    let titles: Vec<&str> = doc.sections[0]
        .children
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "部门概况",
            "一般公共预算支出预算表",
            "一般公共预算“三公”经费支出预算表",
            "其他说明"
        ]
    );
}

#[test]
fn different_tables_on_consecutive_pages_stay_apart() {
    for path in renderings("adjacent") {
        let doc = extract(&path);
        assert_eq!(
            shape(&doc),
            [
                ("表8 政府性基金预算财政拨款收入支出决算表".to_string(), 7, 1),
                (
                    "表9 国有资本经营预算财政拨款收入支出决算表".to_string(),
                    4,
                    1
                ),
            ],
            "{}",
            path.display()
        );
        assert!(errors(&doc).is_empty(), "{:?}", errors(&doc));
    }
}

#[test]
fn planted_defects_in_joined_tables_are_found() {
    for path in renderings("marker-planted") {
        let what = path.display().to_string();
        let doc = extract(&path);
        let mut found: Vec<(&str, f64, f64)> = errors(&doc)
            .iter()
            .map(|f| (f.check.as_str(), f.stated, f.computed))
            .collect();
        found.sort_by(|a, b| a.partial_cmp(b).unwrap());
        // The 合计 at the end of the second part against the 类 rows of both
        // parts, and against its own 基本支出 + 项目支出.
        assert_eq!(
            found,
            [
                ("table.derived", 1421.97, 1412.97),
                ("table.total", 1421.97, 1412.97)
            ],
            "{what}"
        );
        if what.ends_with(".pdf") {
            for f in errors(&doc) {
                assert_eq!(
                    f.location.source.as_ref().and_then(|s| s.page),
                    Some(2),
                    "{what}: {f:?}"
                );
            }
        }
    }
    for path in renderings("folio-planted") {
        let what = path.display().to_string();
        let doc = extract(&path);
        let totals: Vec<(f64, f64)> = errors(&doc)
            .iter()
            .filter(|f| f.check == "table.total")
            .map(|f| (f.stated, f.computed))
            .collect();
        assert_eq!(totals, [(868.40, 886.40)], "{what}");
        assert!(
            errors(&doc)
                .iter()
                .all(|f| ["table.total", "disclosure.basic_split"].contains(&f.check.as_str())),
            "{what}: {:?}",
            errors(&doc)
        );
    }
    for path in renderings("heading-planted") {
        let what = path.display().to_string();
        let doc = extract(&path);
        let found = errors(&doc);
        // 住房保障支出 ≠ 住房改革支出 ≠ 住房公积金, in 合计 and 基本支出.
        assert_eq!(found.len(), 4, "{what}: {found:?}");
        assert!(found.iter().all(|f| f.check == "table.hierarchy"), "{what}");
        assert!(
            found
                .iter()
                .any(|f| f.stated == 37.75 || f.computed == 37.75)
        );
    }
}

/// Every amount of 表3 (both parts) changed by one in its units digit gives
/// an error: the joined table is checked as a whole.
#[test]
fn every_amount_changed_in_a_joined_table_is_caught() {
    let text = std::fs::read_to_string(fixture("marker.txt")).expect("marker.txt");
    let lines: Vec<&str> = text.split('\n').collect();
    let start = lines.iter().position(|l| l.starts_with("207\t")).unwrap();
    let end = lines
        .iter()
        .position(|l| l.starts_with("合计\t\t1,412.97"))
        .unwrap();
    let mut tried = 0;
    for (i, line) in lines.iter().enumerate().take(end + 1).skip(start) {
        let cells: Vec<&str> = line.split('\t').collect();
        for (c, cell) in cells.iter().enumerate().skip(2) {
            let Some(dot) = cell.find('.') else { continue };
            let digit = cell.as_bytes()[dot - 1];
            let new = if digit == b'9' { b'8' } else { digit + 1 };
            let mut changed = cell.to_string().into_bytes();
            changed[dot - 1] = new;
            let mut row = cells.clone();
            let changed = String::from_utf8(changed).unwrap();
            row[c] = &changed;
            let mut all = lines.clone();
            let joined = row.join("\t");
            all[i] = &joined;
            let doc = jixiao::extract_bytes(all.join("\n").as_bytes(), "marker.txt").unwrap();
            assert!(
                !errors(&doc).is_empty(),
                "{line:?} with {cell} → {changed}: no error"
            );
            tried += 1;
        }
    }
    assert!(tried >= 30, "{tried}");
}

#[test]
fn a_total_that_includes_the_carry_over_matches_the_year_plus_it() {
    for path in renderings("carryover") {
        let what = path.display().to_string();
        let doc = extract(&path);
        assert!(errors(&doc).is_empty(), "{what}: {:?}", errors(&doc));
        // 收入 and 支出 against their tables, and the 收支总表's two 总计
        // (plain 总计 on both sides) against each other.
        let run = &doc.checks.by_check["disclosure.summary_totals"];
        assert_eq!((run.run, run.failed), (3, 0), "{what}");
    }
    for path in renderings("carryover-planted") {
        let what = path.display().to_string();
        let doc = extract(&path);
        let found: Vec<_> = doc
            .findings
            .iter()
            .filter(|f| f.check == "disclosure.summary_totals")
            .collect();
        assert_eq!(found.len(), 1, "{what}: {found:?}");
        let f = found[0];
        assert_eq!(f.severity, Severity::Error);
        assert_eq!((f.stated, f.computed), (1482.57, 1428.57), "{what}");
        // At the 收入表's 合计, with the 收支总表's 本年收入合计 and the
        // carry-over as its parts.
        assert_eq!(f.location.table, Some(1), "{what}");
        let parts: Vec<f64> = f.operands.iter().map(|o| o.value).collect();
        assert_eq!(parts, [1482.57, 1416.17, 12.40], "{what}");
    }
}
