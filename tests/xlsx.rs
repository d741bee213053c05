//! `extract --xlsx` (issue 15), read back with calamine: for every fixture,
//! the workbook has a `document` sheet, one sheet per table named from its
//! caption (legal, unique, ≤ 31 characters) and a `findings` sheet; every
//! table matches the document JSON cell for cell (numbers as numbers with the
//! decimals as written in their format, text as text, merged cells merged,
//! header rows bold); every finding in a table links to the cell it names,
//! which holds the stated value.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use jixiao::model::{Cell, Document};
use jixiao::output::layout::Layout;
use jixiao::output::xlsx::{DOCUMENT_SHEET, FINDINGS_COLUMNS, FINDINGS_SHEET, TABLE_TOP, col_name};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus")
}

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jixiao-tests-xlsx-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// The number a cell holds as written ("1,668.64" → 1668.64, "96.5%" →
/// 0.965, "2.00分" → 2), when it holds exactly one.
fn written_number(c: &Cell) -> Option<(f64, usize)> {
    c.figure.as_ref()?.value?;
    if c.figure.as_ref()?.comparator.is_some() {
        return None;
    }
    let t = c.text.trim();
    let (neg, t) = match t.strip_prefix(['-', '−']) {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let end = t
        .find(|ch: char| !(ch.is_ascii_digit() || ch == ',' || ch == '.'))
        .unwrap_or(t.len());
    let (num, rest) = t.split_at(end);
    let plain: String = num.chars().filter(|ch| *ch != ',').collect();
    let mut v: f64 = plain.parse().ok()?;
    if neg {
        v = -v;
    }
    let decimals = plain.split_once('.').map(|(_, d)| d.len()).unwrap_or(0);
    match rest.trim() {
        "%" | "％" => Some((v / 100.0, decimals)),
        _ => Some((v, decimals)),
    }
}

/// Decimals a number format shows ("#,##0.00" → 2, "0.0%" → 1, "0" → 0).
fn format_decimals(code: &str) -> usize {
    let code = code.split('"').next().unwrap_or(code);
    code.split_once('.')
        .map(|(_, d)| d.chars().take_while(|c| *c == '0').count())
        .unwrap_or(0)
}

/// What a workbook check looked at: numbers, merges, linked findings.
#[derive(Default)]
struct Seen {
    numbers: usize,
    merges: usize,
    links: usize,
}

fn check_workbook(doc: &Document, path: &Path, name: &str, seen: &mut Seen) {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{name}: open: {e}"));
    let sheets = wb.sheet_names();
    assert_eq!(
        sheets.len(),
        doc.tables.len() + 2,
        "{name}: sheets {sheets:?}"
    );
    assert_eq!(sheets[0], DOCUMENT_SHEET);
    assert_eq!(sheets.last().map(String::as_str), Some(FINDINGS_SHEET));
    let mut lower: Vec<String> = sheets.iter().map(|s| s.to_lowercase()).collect();
    lower.sort();
    lower.dedup();
    assert_eq!(lower.len(), sheets.len(), "{name}: sheet names unique");
    for s in &sheets {
        assert!(s.encode_utf16().count() <= 31, "{name}: {s} too long");
        assert!(
            !s.contains(['[', ']', ':', '*', '?', '/', '\\']),
            "{name}: {s}"
        );
    }
    for (t, sheet) in doc.tables.iter().zip(&sheets[1..]) {
        let range = wb.worksheet_range(sheet).expect("sheet");
        let styles = wb.worksheet_style(sheet).expect("styles");
        let merges = wb.merge_cells_by_sheet_name(sheet).unwrap_or_default();
        if let Some(c) = &t.caption {
            assert_eq!(
                range.get_value((0, 0)),
                Some(&Data::String(c.clone())),
                "{name}: {sheet} caption"
            );
        }
        if let Some(u) = &t.unit {
            assert_eq!(
                range.get_value((1, 0)),
                Some(&Data::String(format!("单位：{u}"))),
                "{name}: {sheet} unit"
            );
        }
        let mut top = TABLE_TOP;
        for (rows, header) in [(&t.header, true), (&t.rows, false)] {
            let layout = Layout::new(rows);
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let pos = (top + r as u32, c as u32);
                    let got = range.get_value(pos).cloned().unwrap_or(Data::Empty);
                    let at = format!("{name}: {sheet}!{}{}", col_name(c as u16), pos.0 + 1);
                    let Some(d) = layout.drawn(r, c) else {
                        assert_eq!(got, Data::Empty, "{at}: covered by a merge");
                        let (orow, ocol) = layout.owner(r, c).expect("owner");
                        let owner = (top + orow as u32, ocol as u32);
                        assert!(
                            merges
                                .iter()
                                .any(|m| m.start == owner && m.contains(pos.0, pos.1)),
                            "{at}: inside the merge of its owner"
                        );
                        continue;
                    };
                    if d.row_span > 1 || d.col_span > 1 {
                        let end = (pos.0 + d.row_span as u32 - 1, pos.1 + d.col_span as u32 - 1);
                        assert!(
                            merges.iter().any(|m| m.start == pos && m.end == end),
                            "{at}: merged {}×{}",
                            d.row_span,
                            d.col_span
                        );
                        seen.merges += 1;
                    }
                    let style = styles.get(pos);
                    if header {
                        let bold = style
                            .and_then(|s| s.font.as_ref())
                            .is_some_and(|f| f.is_bold());
                        assert!(bold, "{at}: header cell bold");
                    }
                    let text = cell.text.trim();
                    match (written_number(cell).filter(|_| !header), &got) {
                        (Some((v, decimals)), Data::Float(x)) => {
                            assert!(
                                (v - x).abs() <= 1e-9 * v.abs().max(1.0),
                                "{at}: {x} for {text}"
                            );
                            let code = style
                                .and_then(|s| s.number_format.as_ref())
                                .map(|f| f.format_code.clone())
                                .unwrap_or_default();
                            assert_eq!(
                                format_decimals(&code),
                                decimals,
                                "{at}: format {code} for {text}"
                            );
                            seen.numbers += 1;
                        }
                        (_, Data::String(s)) => assert_eq!(s, text, "{at}"),
                        (_, Data::Empty) => assert!(text.is_empty(), "{at}: empty for {text:?}"),
                        (w, other) => panic!("{at}: {other:?} for {text:?} ({w:?})"),
                    }
                }
            }
            top += rows.len() as u32;
        }
    }
    // Findings: one row each; a finding in a table links to its cell, which
    // holds the stated value (or the label it names).
    let range = wb.worksheet_range(FINDINGS_SHEET).expect("findings");
    assert_eq!(
        range.height(),
        doc.findings.len() + 1,
        "{name}: findings rows"
    );
    for (c, h) in FINDINGS_COLUMNS.iter().enumerate() {
        assert_eq!(
            range.get_value((0, c as u32)),
            Some(&Data::String(h.to_string()))
        );
    }
    let links = wb.hyperlinks_by_sheet_name(FINDINGS_SHEET).expect("links");
    for (i, f) in doc.findings.iter().enumerate() {
        let row = i as u32 + 1;
        assert_eq!(
            range.get_value((row, 2)),
            Some(&Data::String(f.check.clone())),
            "{name}: finding {i} check"
        );
        let Some(t) = f.location.table else { continue };
        let link = links
            .iter()
            .find(|l| l.range.start == (row, 8))
            .unwrap_or_else(|| panic!("{name}: finding {i} has a link"));
        let loc = link.location.clone().unwrap_or_default();
        let (sheet, cell) = loc.rsplit_once('!').expect("sheet!cell");
        let sheet = sheet.trim_matches('\'').replace("''", "'");
        assert_eq!(
            sheet,
            sheets[t + 1],
            "{name}: finding {i} links to its table's sheet"
        );
        let (Some(r), Some(c)) = (f.location.row, f.location.column) else {
            continue;
        };
        let table = &doc.tables[t];
        if table.rows[r][c].merged {
            continue;
        }
        let want = format!(
            "{}{}",
            col_name(c as u16),
            TABLE_TOP as usize + table.header.len() + r + 1
        );
        assert_eq!(cell, want, "{name}: finding {i} links to its cell");
        seen.links += 1;
        let target = wb.worksheet_range(&sheet).expect("sheet");
        let pos = (TABLE_TOP + (table.header.len() + r) as u32, c as u32);
        if let (Some(Data::Float(x)), Some((v, _))) =
            (target.get_value(pos), written_number(&table.rows[r][c]))
        {
            assert!((x - v).abs() < 1e-9, "{name}: linked cell holds the number");
            let unit_scale = if table.rows[r][c].text.trim().ends_with('%') {
                100.0
            } else {
                1.0
            };
            assert!(
                (x * unit_scale - f.stated).abs() < 0.01 * f.stated.abs().max(1.0),
                "{name}: finding {i}: the linked cell {x} is the stated {}",
                f.stated
            );
        }
    }
}

#[test]
fn every_fixture_workbook_matches_its_json_tables() {
    let dir = temp_dir("fixtures");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 5);
    let mut merged = 0;
    let mut seen = Seen::default();
    for input in &inputs {
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let out = dir.join(format!("{name}.xlsx"));
        let o = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .arg("extract")
            .arg(input)
            .arg("--xlsx")
            .arg(&out)
            .output()
            .expect("run");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let doc = jixiao::extract_path(input).expect("extract");
        merged += doc
            .tables
            .iter()
            .flat_map(|t| &t.rows)
            .flatten()
            .filter(|c| c.merged)
            .count();
        check_workbook(&doc, &out, &name, &mut seen);
    }
    assert!(merged > 0, "the fixtures have merged cells to check");
    assert!(
        seen.numbers > 1000 && seen.merges > 50 && seen.links > 20,
        "checked {} numbers, {} merges, {} finding links",
        seen.numbers,
        seen.merges,
        seen.links
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_directory_gets_one_workbook_per_input() {
    let dir = temp_dir("dir");
    let o = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("extract")
        .arg(corpus().join("nanjing-land-2022.txt"))
        .arg(corpus().join("nanjing-eco-2024.docx"))
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
    for n in ["nanjing-land-2022.txt.xlsx", "nanjing-eco-2024.docx.xlsx"] {
        let wb: Xlsx<_> = open_workbook(dir.join(n)).expect(n);
        assert!(wb.sheet_names().len() > 2, "{n}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
