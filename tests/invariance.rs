//! The audit does not depend on how a publisher prints the same numbers.
//!
//! Each text of the fixtures (and the text of every real budget file in
//! ../shared/realworld and of its company statements, when present) is
//! rewritten the way other publishers print the same report, and must give
//! the same findings:
//! - a zero written "-" (a source the department does not have);
//! - amounts with and without thousands separators;
//! - full-width digits in cells and full-width percent signs;
//! - the unit in the caption's brackets ("收支预算总表（单位：万元）"), or in
//!   the table's first row, in its last cell;
//! - a long table split as a page break splits it, its caption, unit line
//!   and header printed again;
//! - "合 计" for 合计, column titles letter-spaced ("期 末 余 额", as
//!   justified PDF header cells print them), and cells padded with spaces;
//! - the table's unit written in each amount cell ("13,649.07万元"; the same
//!   findings);
//! - a negative amount in a cell printed as accounts print it, "(126.45)"
//!   or "△126.45" (the same findings: a whole-元 "(55154)" is read as a
//!   negative in a table of 元, but under a block title's unit ("经费支出
//!   （元）") it is left a bracketed number, so the checks may differ);
//! - "与上年相比，" written "比上年", "较上年" or "同比", and "完成年初预算的"
//!   written "决算数为年初预算数的", a list's "其中：" written "主要包括："
//!   (the same findings and checks);
//! - 万元 in prose written 万 ("项目总预算2921.00万，其中…"; the same
//!   findings);
//! - years in prose written in Chinese numerals ("二〇二五年预算执行数"), and
//!   a change's rate written "增幅为 r%" / "降幅为 r%" (the same findings);
//! - the prose hard-wrapped at 33 characters, as a text tool or Word's
//!   "insert line breaks" writes it, its paragraphs set apart by a blank
//!   line or by an indent ("　　") and no blank line (the same findings;
//!   the checks may differ, as a wrapped heading or caption may read
//!   otherwise).
//!
//! - an empty column after each table's first (a PDF's spacer, a Word
//!   table's gutter; the same findings and checks);
//! - a statement's block openers printed without their colon ("流动资产");
//! - "其中：" on a row of its own above the first part (the same findings);
//! - a balance sheet's side totals named 合计 (资产合计, 负债和净资产合计;
//!   the same findings and checks);
//! - a score sheet's columns titled as other templates title them (分值 as
//!   标准分 or 权重, 得分 as 评分 or 自评得分), its groups' weights written
//!   "产出指标 50分" or "（权重50分）", its points and scores written "6分",
//!   its total row named 总分 or 合计
//!   (the same findings and checks);
//! - 科目编码 printed as three columns 类 | 款 | 项, each row its whole code
//!   or only its own part; the 合计 row printed last; the 合计 column
//!   printed after the columns it adds up (the same findings and checks);
//! - a 序号 column of running numbers before each list table, merged label
//!   cells printed again in every row they span, and a table printed
//!   without its code column (no new error: the checks
//!   that need codes are lost, and what the amounts alone show is a
//!   warning).
//!
//! Each of these once changed the findings of a real file: a false `error`,
//! a real defect missed, or the checks of a whole disclosure lost
//! (docs/audit.md, "Invariance"). `scripts/probe.py` runs the same
//! rewrites, and the prose ones, over any text and prints what changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jixiao::model::{Document, Severity};
use regex::Regex;

fn inputs() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        "fixtures/corpus",
        "fixtures/layouts",
        "fixtures/prose",
        "fixtures/disclosure",
        "fixtures/scores",
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                // UTF-8 texts one paragraph or row per line (the other
                // encodings and the Tika layout are the same reports).
                name.ends_with(".txt")
                    && !name.ends_with(".tika.txt")
                    && !name.ends_with(".utf16.txt")
                    && !name.ends_with(".gb18030.txt")
            })
            .collect();
        paths.sort();
        for p in paths {
            let text = std::fs::read_to_string(&p).unwrap();
            out.push((p.display().to_string(), text));
        }
    }
    let shared = root.join("../shared/realworld");
    let mut real = Vec::new();
    for dir in ["budgets-shanghai", "budgets-jiangsu"] {
        match std::fs::read_dir(shared.join(dir)) {
            Ok(d) => real.extend(d.flatten().map(|e| e.path())),
            Err(_) => eprintln!("skipped the real files: ../shared/realworld not present"),
        }
    }
    // A company's statements (balance sheet, income, cash flow), as a PDF.
    let statements = shared.join("pdf-edge-cases/pdfplumber-issue-67-example.pdf");
    if statements.exists() {
        real.push(statements);
    }
    real.sort();
    for p in real {
        let doc = jixiao::extract_path(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        out.push((p.display().to_string(), jixiao::output::render_text(&doc)));
    }
    out
}

fn read(text: &str, name: &str) -> Document {
    jixiao::extract_bytes(text.as_bytes(), "rewritten.txt")
        .unwrap_or_else(|e| panic!("{name}: rewritten text: {e}"))
}

/// (check, severity) → how many findings.
fn tally(doc: &Document) -> BTreeMap<(String, bool), usize> {
    let mut m = BTreeMap::new();
    for f in &doc.findings {
        *m.entry((f.check.clone(), f.severity == Severity::Error))
            .or_insert(0) += 1;
    }
    m
}

/// check → (run, failed).
fn runs(doc: &Document) -> BTreeMap<String, (u32, u32)> {
    doc.checks
        .by_check
        .iter()
        .map(|(k, v)| (k.clone(), (v.run, v.failed)))
        .collect()
}

/// Rewrite every cell of every tab-separated line.
fn cells(text: &str, f: impl Fn(&str) -> String) -> String {
    text.split('\n')
        .map(|line| {
            if line.contains('\t') {
                line.split('\t').map(&f).collect::<Vec<_>>().join("\t")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn dashes(text: &str) -> String {
    let zero = Regex::new(r"^\s*0(\.0+)?\s*$").unwrap();
    cells(text, |c| {
        if zero.is_match(c) {
            "-".into()
        } else {
            c.into()
        }
    })
}

fn without_separators(text: &str) -> String {
    let separator = Regex::new(r"(\d),(\d{3})").unwrap();
    let mut text = text.to_string();
    // Until none is left: the matches of "1,234,567" overlap.
    loop {
        let next = separator.replace_all(&text, "$1$2").into_owned();
        if next == text {
            return text;
        }
        text = next;
    }
}

fn with_separators(text: &str) -> String {
    let amount = Regex::new(r"^(\s*-?)(\d{4,})(\.\d+\s*)$").unwrap();
    cells(text, |c| match amount.captures(c) {
        Some(m) => {
            let digits = &m[2];
            let mut grouped = String::new();
            for (i, d) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(d);
            }
            format!("{}{grouped}{}", &m[1], &m[3])
        }
        None => c.into(),
    })
}

fn full_width(text: &str) -> String {
    let digits = cells(text, |c| {
        c.chars()
            .map(|ch| match ch {
                '0'..='9' => char::from_u32(ch as u32 - '0' as u32 + '０' as u32).unwrap(),
                _ => ch,
            })
            .collect()
    });
    digits.replace('%', "％")
}

/// A unit line: group 1 the line ("金额单位：万元"), group 2 the unit.
fn unit_line() -> Regex {
    Regex::new(r"^\s*((?:金额)?单位[：:]\s*(万元|元|亿元|千元))\s*$").unwrap()
}

fn unit_in_caption(text: &str) -> String {
    let unit = unit_line();
    let mut out: Vec<String> = Vec::new();
    for line in text.split('\n') {
        if let Some(m) = unit.captures(line) {
            let above = out.iter().rposition(|l| !l.trim().is_empty());
            if let Some(i) = above
                && !out[i].contains('\t')
                && out[i].trim_end().ends_with('表')
            {
                out[i] = format!("{}（单位：{}）", out[i].trim_end(), &m[2]);
                continue;
            }
        }
        out.push(line.to_string());
    }
    out.join("\n")
}

/// Split each long table in the middle as a page break would: the caption,
/// unit line and header rows printed again above the rest.
fn split_tables(text: &str, doc: &Document) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut inserts: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for t in &doc.tables {
        let (Some(caption), Some(start)) = (&t.caption, t.location.line) else {
            continue;
        };
        if t.rows.len() < 6 || t.parts > 1 {
            continue;
        }
        let row_lines: Option<Vec<u32>> = t
            .rows
            .iter()
            .map(|r| {
                r.first()
                    .and_then(|c| c.location.as_ref())
                    .and_then(|s| s.line)
            })
            .collect();
        let Some(row_lines) = row_lines else { continue };
        let first = row_lines[0];
        if row_lines
            .iter()
            .enumerate()
            .any(|(i, &l)| l != first + i as u32)
        {
            continue;
        }
        let (start, first) = (start as usize - 1, first as usize - 1);
        let header = &lines[start..first];
        if header.is_empty() || !header.iter().all(|l| l.contains('\t')) {
            continue;
        }
        // The caption's line above the table, and what stands between.
        let Some(cap) = (start.saturating_sub(6)..start)
            .rev()
            .find(|&i| lines[i].trim() == caption.trim())
        else {
            continue;
        };
        let mut block = vec![String::new()];
        block.extend(lines[cap..first].iter().map(|l| l.to_string()));
        inserts.insert(first + t.rows.len() / 2, block);
    }
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(block) = inserts.get(&i) {
            out.extend(block.iter().cloned());
        }
        out.push(l.to_string());
    }
    out.join("\n")
}

fn spaced_totals(text: &str) -> String {
    cells(text, |c| match c.trim() {
        "合计" => "合 计".into(),
        "小计" => "小 计".into(),
        "总计" => "总 计".into(),
        _ => c.into(),
    })
}

fn padded(text: &str) -> String {
    cells(text, |c| {
        if c.trim().is_empty() {
            c.into()
        } else {
            format!(" {c} ")
        }
    })
}

/// Each line of prose cut into lines of `width` characters (a line opening
/// a paragraph counts its indent). `indent`: paragraphs open on "　　" and
/// the blank lines go; else the blank lines stay and mark them.
fn hard_wrapped(text: &str, width: usize, indent: bool) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in text.split('\n') {
        if line.contains('\t') {
            out.push(line.to_string());
            continue;
        }
        if line.trim().is_empty() {
            if !indent {
                out.push(String::new());
            }
            continue;
        }
        let mut chars: Vec<char> = Vec::new();
        if indent {
            chars.extend(['\u{3000}', '\u{3000}']);
        }
        chars.extend(line.trim().chars());
        out.extend(chars.chunks(width).map(|c| c.iter().collect::<String>()));
    }
    out.join("\n")
}

/// Negative amounts in cells in brackets ("-126.45" → "(126.45)"), or
/// after "△".
fn accounts_negatives(text: &str, triangle: bool) -> String {
    let negative = Regex::new(r"^(\s*)-(\d[\d,]*(?:\.\d+)?)(\s*)$").unwrap();
    let with = if triangle { "$1△$2$3" } else { "$1($2)$3" };
    cells(text, |c| negative.replace(c, with).into_owned())
}

/// "与上年相比，" / "与2023年度相比，" in prose lines written `with`
/// ("比", "较") before the year, or "同比" for the whole of it.
fn comparison_as(text: &str, with: &str) -> String {
    let compared = Regex::new(r"与(上年|\d{4}年度?)相比，?").unwrap();
    let into = if with == "同比" {
        "同比".to_string()
    } else {
        format!("{with}$1")
    };
    text.split('\n')
        .map(|line| {
            if line.contains('\t') {
                line.to_string()
            } else {
                compared.replace_all(line, into.as_str()).into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// "完成年初预算的 r%" written with the spending first: "决算数为年初预算数的 r%".
fn rate_of_budget(text: &str) -> String {
    let rate = Regex::new(r"完成(年初|全年)?预算的\s*(\d)").unwrap();
    text.split('\n')
        .map(|line| {
            if line.contains('\t') {
                line.to_string()
            } else {
                rate.replace_all(line, "决算数为${1}预算数的$2")
                    .into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Amounts in prose written "300万" for "300万元" ("项目总预算2921.00万，其中…").
fn wan_for_wan_yuan(text: &str) -> String {
    let wan = Regex::new(r"(\d)(\s*)万元").unwrap();
    text.split('\n')
        .map(|line| {
            if line.contains('\t') {
                line.to_string()
            } else {
                wan.replace_all(line, "$1$2万").into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Years in prose written in Chinese numerals, as official documents date
/// themselves ("2025年" → "二〇二五年").
fn chinese_years(text: &str) -> String {
    let year = Regex::new(r"(^|[^0-9])((?:19|20)[0-9]{2})年").unwrap();
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .nth(c as usize - '0' as usize)
            .unwrap()
    };
    text.split('\n')
        .map(|line| {
            if line.contains('\t') {
                line.to_string()
            } else {
                year.replace_all(line, |c: &regex::Captures| {
                    format!("{}{}年", &c[1], c[2].chars().map(digit).collect::<String>())
                })
                .into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A change's rate written "增幅为 r%" / "降幅为 r%" for "增长 r%" /
/// "下降 r%", in prose.
fn rate_as_amplitude(text: &str) -> String {
    let up = Regex::new(r"(?:增长|上升)(?:了)?(\s*[0-9][0-9.]*\s*[%％])").unwrap();
    let down = Regex::new(r"(?:下降|降低)(?:了)?(\s*[0-9][0-9.]*\s*[%％])").unwrap();
    text.split('\n')
        .map(|line| {
            if line.contains('\t') {
                line.to_string()
            } else {
                let l = up.replace_all(line, "增幅为$1");
                down.replace_all(&l, "降幅为$1").into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A list of parts opened by "主要包括：" instead of "其中：", in prose.
fn including(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            if line.contains('\t') {
                line.to_string()
            } else {
                line.replace("其中：", "主要包括：")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The table's unit written in each amount cell ("13,649.07" →
/// "13,649.07万元"), in the rows of tables with a unit.
fn unit_in_cells(text: &str, doc: &Document) -> String {
    let amount = Regex::new(r"^\s*-?\d[\d,]*\.\d+\s*$").unwrap();
    let mut unit_of_line: BTreeMap<usize, &str> = BTreeMap::new();
    for t in &doc.tables {
        let Some(unit) = t.unit.as_deref().filter(|u| u.ends_with('元')) else {
            continue;
        };
        for row in &t.rows {
            if let Some(line) = row
                .first()
                .and_then(|c| c.location.as_ref())
                .and_then(|s| s.line)
            {
                unit_of_line.insert(line as usize, unit);
            }
        }
    }
    text.split('\n')
        .enumerate()
        .map(|(i, line)| match unit_of_line.get(&(i + 1)) {
            Some(unit) if line.contains('\t') => line
                .split('\t')
                .map(|c| {
                    if amount.is_match(c) {
                        format!("{}{unit}", c.trim_end())
                    } else {
                        c.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\t"),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The runs of tab-separated lines (a table, or a part of one): [start, end).
fn blocks(lines: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].contains('\t') {
            let start = i;
            while i < lines.len() && lines[i].contains('\t') {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

fn is_code(t: &str) -> bool {
    matches!(t.len(), 3 | 5 | 7) && t.chars().all(|c| c.is_ascii_digit())
}

/// A table's code column: (header row, column), the column titled "…编码"
/// and holding 款 or 项 codes (five or seven digits), in a table that does
/// not print 类 | 款 | 项 already.
fn code_column(rows: &[Vec<String>]) -> Option<(usize, usize)> {
    let (hdr, col) = rows.iter().take(4).enumerate().find_map(|(k, r)| {
        r.iter()
            .position(|c| c.contains("编码") && c.trim().chars().count() <= 10)
            .map(|c| (k, c))
    })?;
    let split_already = rows
        .iter()
        .take(4)
        .any(|r| r.iter().any(|c| c.trim() == "类"));
    let codes = rows[hdr + 1..].iter().any(|r| {
        r.get(col)
            .is_some_and(|c| is_code(c.trim()) && c.trim().len() > 3)
    });
    (!split_already && codes).then_some((hdr, col))
}

fn table_rows(lines: &[String]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// 科目编码 printed as three columns titled 类 | 款 | 项: each row's whole
/// code ("201" | "01" | "01"), or only its own part ("" | "" | "01").
fn codes_in_three_columns(text: &str, whole: bool) -> String {
    with_code_tables(text, |hdr, col, rows| {
        for (k, r) in rows.iter_mut().enumerate() {
            if r.len() <= col {
                continue;
            }
            let v = r[col].trim().to_string();
            let new: [String; 3] = if k == hdr {
                ["类", "款", "项"].map(String::from)
            } else if k > hdr && is_code(&v) {
                let parts = [
                    &v[..3],
                    v.get(3..5).unwrap_or(""),
                    v.get(5..7).unwrap_or(""),
                ];
                let own = (v.len() - 3) / 2;
                let mut p: [String; 3] = Default::default();
                for (j, part) in parts.iter().enumerate() {
                    if whole || j == own {
                        p[j] = part.to_string();
                    }
                }
                p
            } else {
                [r[col].clone(), String::new(), String::new()]
            };
            r.splice(col..col + 1, new);
        }
    })
}

/// A table printed without its code column, each item indented "　" per
/// level instead (the reader trims the indent: the nesting is left to the
/// amounts).
fn names_without_codes(text: &str) -> String {
    with_code_tables(text, |hdr, col, rows| {
        for (k, r) in rows.iter_mut().enumerate() {
            if r.len() <= col + 1 {
                continue;
            }
            let v = r[col].trim().to_string();
            if k > hdr && is_code(&v) {
                r[col + 1] = format!("{}{}", "　".repeat((v.len() - 3) / 2), r[col + 1].trim());
            } else if k > hdr && !v.is_empty() && r[col + 1].trim().is_empty() {
                r[col + 1] = r[col].clone();
            }
            r.remove(col);
        }
    })
}

/// Rewrite the rows of each table that has a code column (`code_column`):
/// `f` gets the header row and the column.
fn with_code_tables(text: &str, mut f: impl FnMut(usize, usize, &mut [Vec<String>])) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for (a, b) in blocks(&lines) {
        let mut rows = table_rows(&lines[a..b]);
        let Some((hdr, col)) = code_column(&rows) else {
            continue;
        };
        f(hdr, col, &mut rows);
        lines.splice(a..b, rows.iter().map(|r| r.join("\t")));
    }
    lines.join("\n")
}

/// The 合计 row printed last rather than first, at the end of the table's
/// last part when a page break split it.
fn total_row_last(text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut done = 0;
    'again: loop {
        let bl = blocks(&lines);
        for (n, &(a, b)) in bl.iter().enumerate().skip(done) {
            done = n + 1;
            let k = (1..(b - a).min(5)).find(|&k| {
                let first = lines[a + k].split('\t').find(|c| !c.trim().is_empty());
                first.is_some_and(|c| matches!(c.trim(), "合计" | "总计"))
            });
            let Some(k) = k.filter(|&k| a + k + 1 < b) else {
                continue;
            };
            if !lines[a + k + 1].split('\t').any(|c| is_code(c.trim())) {
                continue;
            }
            // The parts that follow: after no more than a caption and a
            // unit line, the same header row again.
            let mut last = b;
            for &(na, nb) in &bl[n + 1..] {
                let between: Vec<&String> = lines[last..na]
                    .iter()
                    .filter(|l| !l.trim().is_empty())
                    .collect();
                if lines[na] != lines[a]
                    || between.len() > 3
                    || between.iter().any(|l| l.chars().count() >= 40)
                {
                    break;
                }
                last = nb;
            }
            let total = lines.remove(a + k);
            lines.insert(last - 1, total);
            continue 'again;
        }
        break;
    }
    lines.join("\n")
}

/// The 合计 column printed after the columns it adds up rather than first.
fn total_column_last(text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let amount = Regex::new(r"^\s*(-?[\d,]+\.\d{2})?\s*$").unwrap();
    for (a, b) in blocks(&lines) {
        let mut rows = table_rows(&lines[a..b]);
        for k in 0..rows.len().min(4) {
            let r = &rows[k];
            let Some(c) = r
                .iter()
                .position(|x| x.trim().ends_with("合计") && x.trim().chars().count() <= 8)
            else {
                continue;
            };
            let width = r.len();
            let body = &rows[k + 1..];
            let movable = r[c + 1..].iter().filter(|x| !x.trim().is_empty()).count() >= 2
                && !body.is_empty()
                && body
                    .iter()
                    .all(|x| x.len() == width && amount.is_match(&x[c]))
                && body.iter().any(|x| !x[c].trim().is_empty())
                && rows[..k].iter().all(|x| x.len() != width);
            if movable {
                for x in &mut rows[k..] {
                    let v = x.remove(c);
                    x.push(v);
                }
                lines.splice(a..b, rows.iter().map(|r| r.join("\t")));
            }
            break;
        }
    }
    lines.join("\n")
}

/// A 序号 column before each list table (a header whose first two titles
/// are filled): 1, 2, 3 … down the body rows that hold a number, not the
/// totals, going on across the parts of a split table.
fn index_column(text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let number = Regex::new(r"^\s*(?:[-—]?[\d,]+(?:\.\d+)?%?|[-—/])\s*$").unwrap();
    let total = Regex::new(r"合\s*计|总\s*计|小\s*计").unwrap();
    let (mut n, mut prev_header) = (0, None::<Vec<String>>);
    for (a, b) in blocks(&lines) {
        let mut rows = table_rows(&lines[a..b]);
        let numbered_already = rows.iter().take(3).flatten().any(|c| {
            ["序号", "行次", "栏次", "编号"]
                .iter()
                .any(|w| c.contains(w))
        });
        let body = rows
            .iter()
            .position(|r| r.iter().any(|c| !c.trim().is_empty() && number.is_match(c)));
        let titled = rows[0].len() >= 2 && rows[0][..2].iter().all(|c| !c.trim().is_empty());
        let Some(body) = body.filter(|&b| b > 0 && titled && !numbered_already) else {
            continue;
        };
        let continued = prev_header.as_ref() == Some(&rows[0]);
        if !continued {
            n = 0;
        }
        prev_header = Some(rows[0].clone());
        let first = n;
        for (k, r) in rows.iter_mut().enumerate() {
            let numbered = k >= body
                && !r.iter().any(|c| total.is_match(c))
                && r[1..]
                    .iter()
                    .any(|c| !c.trim().is_empty() && number.is_match(c));
            let cell = if k == 0 {
                "序号".to_string()
            } else if numbered {
                n += 1;
                n.to_string()
            } else {
                String::new()
            };
            r.insert(0, cell);
        }
        if !continued && n - first < 2 {
            (n, prev_header) = (first, None);
            continue;
        }
        lines.splice(a..b, rows.iter().map(|r| r.join("\t")));
    }
    lines.join("\n")
}

/// The unit line printed as the table's first row, in its last cell, as a
/// spreadsheet or a Word table prints it ("| | | 单位：万元").
fn unit_in_first_row(text: &str) -> String {
    let unit = unit_line();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(m) = unit.captures(lines[i]) {
            let next = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
            if let Some(j) = next.filter(|&j| lines[j].contains('\t')) {
                let width = lines[j].split('\t').count();
                out.extend(lines[i + 1..j].iter().map(|l| l.to_string()));
                out.push(format!("{}{}", "\t".repeat(width - 1), &m[1]));
                i = j;
                continue;
            }
        }
        out.push(lines[i].to_string());
        i += 1;
    }
    out.join("\n")
}

/// A merged label cell printed again in every row it spans, as some exports
/// fill merged cells: in the first two columns, a blank cell under a label
/// takes the label (not in a total's row).
fn labels_filled_down(text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let number = Regex::new(r"^\s*-?[\d,]+(?:\.\d+)?%?\s*$").unwrap();
    let numeric = Regex::new(r"^\s*[-\d,.%]+\s*$").unwrap();
    let total = Regex::new(r"合\s*计|总\s*计|小\s*计").unwrap();
    for (a, b) in blocks(&lines) {
        let mut rows = table_rows(&lines[a..b]);
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let body = rows
            .iter()
            .position(|r| r.iter().any(|c| number.is_match(c)));
        let Some(body) = body.filter(|_| rows.len() >= 4) else {
            continue;
        };
        for c in 0..2.min(width.saturating_sub(1)) {
            let cells: Vec<&str> = rows[body..]
                .iter()
                .map(|r| r.get(c).map_or("", |x| x.as_str()))
                .collect();
            let filled: Vec<&&str> = cells.iter().filter(|x| !x.trim().is_empty()).collect();
            if filled.is_empty()
                || filled.len() == cells.len()
                || filled
                    .iter()
                    .any(|x| numeric.is_match(x) || total.is_match(x))
            {
                continue;
            }
            let mut above: Option<String> = None;
            for r in rows[body..].iter_mut().filter(|r| r.len() > c) {
                if !r[c].trim().is_empty() {
                    above = Some(r[c].clone());
                } else if let Some(label) = &above
                    && r[c + 1..].iter().any(|x| !x.trim().is_empty())
                    && !r.iter().any(|x| total.is_match(x))
                {
                    r[c] = label.clone();
                }
            }
        }
        lines.splice(a..b, rows.iter().map(|r| r.join("\t")));
    }
    lines.join("\n")
}

/// Header titles letter-spaced, as justified PDF header cells print them
/// ("项 目", "期 末 余 额"): a space between every two characters of each
/// title (Chinese words, up to 16 characters) in the first rows of a table,
/// above its first row of numbers.
fn letter_spaced_titles(text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let number = Regex::new(r"^\s*-?[\d,]+(?:\.\d+)?%?\s*$").unwrap();
    let cjk = Regex::new(r"[\u{4e00}-\u{9fff}]").unwrap();
    for (a, b) in blocks(&lines) {
        let mut rows = table_rows(&lines[a..b]);
        let Some(body) = rows
            .iter()
            .position(|r| r.iter().any(|c| number.is_match(c)))
        else {
            continue;
        };
        for r in &mut rows[..body.min(3)] {
            for c in r.iter_mut() {
                let t: Vec<char> = c.chars().filter(|ch| !ch.is_whitespace()).collect();
                let title = (2..=16).contains(&t.len())
                    && t.iter()
                        .all(|&ch| cjk.is_match(&ch.to_string()) || "（）()、/：:“”".contains(ch));
                if title {
                    *c = t.iter().map(char::to_string).collect::<Vec<_>>().join(" ");
                }
            }
        }
        lines.splice(a..b, rows.iter().map(|r| r.join("\t")));
    }
    lines.join("\n")
}

/// A score sheet's column titles as other templates name them: 分值 as
/// `points` (标准分, 满分, 权重 …) and 得分 as `score` (评分, 自评得分 …).
fn score_titles(text: &str, points: &str, score: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for (a, b) in blocks(&lines) {
        for line in &mut lines[a..b] {
            *line = line
                .split('\t')
                .map(|c| match c.trim() {
                    "分值" => points,
                    "得分" => score,
                    _ => c,
                })
                .collect::<Vec<_>>()
                .join("\t");
        }
    }
    lines.join("\n")
}

/// A score sheet's points and scores written with their unit ("6" as "6分")
/// in the columns titled 分值, 权重 and 得分.
fn points_with_unit(text: &str) -> String {
    let number = Regex::new(r"^\s*\d+(?:\.\d+)?\s*$").unwrap();
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for (a, b) in blocks(&lines) {
        let mut rows = table_rows(&lines[a..b]);
        let Some((h, cols)) = rows.iter().take(3).enumerate().find_map(|(k, r)| {
            let cols: Vec<usize> = (0..r.len())
                .filter(|&i| matches!(r[i].trim(), "分值" | "权重" | "得分"))
                .collect();
            (!cols.is_empty()).then_some((k, cols))
        }) else {
            continue;
        };
        for r in &mut rows[h + 1..] {
            for &i in &cols {
                if let Some(c) = r.get_mut(i).filter(|c| number.is_match(c)) {
                    *c = format!("{}分", c.trim());
                }
            }
        }
        lines.splice(a..b, rows.iter().map(|r| r.join("\t")));
    }
    lines.join("\n")
}

/// A group's declared weight written otherwise: "产出指标（50分）" as
/// "产出指标 50分" (`spaced`) or "产出指标（权重50分）".
fn weights_written(text: &str, spaced: bool) -> String {
    let declared = Regex::new(r"（(\d+(?:\.\d+)?)分）").unwrap();
    declared
        .replace_all(
            text,
            if spaced {
                " ${1}分"
            } else {
                "（权重${1}分）"
            },
        )
        .into_owned()
}

/// A score sheet's total row named the other way: 合计 as 总分, 总分 as 合计.
fn score_total_renamed(text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for (a, b) in blocks(&lines) {
        let scores = lines[a..b.min(a + 3)].iter().any(|l| {
            l.split('\t')
                .any(|c| matches!(c.trim(), "分值" | "权重" | "得分"))
        });
        if !scores {
            continue;
        }
        for line in &mut lines[a..b] {
            let (first, rest) = line.split_once('\t').unwrap_or((line.as_str(), ""));
            let renamed = match first.trim() {
                "合计" => "总分",
                "总分" => "合计",
                _ => continue,
            };
            *line = format!("{renamed}\t{rest}");
        }
    }
    lines.join("\n")
}

/// An empty column (no title, no cell) after each table's first column, as
/// a PDF's spacer between ruled columns or a Word table's gutter reads.
fn spacer_column(text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for (a, b) in blocks(&lines) {
        for line in &mut lines[a..b] {
            if let Some((first, rest)) = line.split_once('\t') {
                *line = format!("{first}\t\t{rest}");
            }
        }
    }
    lines.join("\n")
}

/// A block's opening row printed without its colon ("流动资产：" as
/// "流动资产", "三、筹资活动产生的现金流量：" without '：'), as many statements
/// print it: a table row whose first cell ends in a colon and has no other
/// text.
fn openers_without_colon(text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for (a, b) in blocks(&lines) {
        for line in &mut lines[a..b] {
            let mut cells: Vec<&str> = line.split('\t').collect();
            let opener = cells[0].trim_end().ends_with(['：', ':'])
                && cells[1..].iter().all(|c| c.trim().is_empty());
            if opener {
                cells[0] = cells[0].trim_end().trim_end_matches(['：', ':']);
                *line = cells.join("\t");
            }
        }
    }
    lines.join("\n")
}

/// "其中：" on a row of its own above the first part ("其中： | | " then
/// "人员经费 | 1,086.40"), as narrow label columns print it. (Checks may
/// differ where a side-by-side table's other half gets the new row empty.)
fn qizhong_own_row(text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for (a, b) in blocks(&lines).into_iter().rev() {
        let mut rows: Vec<String> = Vec::new();
        for line in &lines[a..b] {
            let cells: Vec<&str> = line.split('\t').collect();
            let first = cells[0];
            let lead = &first[..first.len() - first.trim_start().len()];
            let rest = first.trim_start();
            match rest.strip_prefix("其中：").filter(|r| !r.trim().is_empty()) {
                Some(part) => {
                    let empty = vec![""; cells.len() - 1];
                    rows.push(format!("{lead}其中：\t{}", empty.join("\t")));
                    rows.push(format!("{lead}{part}\t{}", cells[1..].join("\t")));
                }
                None => rows.push(line.clone()),
            }
        }
        lines.splice(a..b, rows);
    }
    lines.join("\n")
}

/// What a rewrite must leave as it was.
#[derive(Clone, Copy, PartialEq)]
enum Same {
    /// The findings, the checks run and the tables.
    All,
    /// The findings and the tables (a dash is not a number, so "0.00 =
    /// 0.00 + 0.00" is not checked).
    Tables,
    /// The findings.
    Findings,
    /// No new error (a table printed without codes loses the checks that
    /// need them, and what its amounts alone show is a warning).
    NoNewError,
}

#[test]
fn findings_do_not_depend_on_how_the_numbers_are_printed() {
    let inputs = inputs();
    assert!(inputs.len() >= 20, "{} inputs", inputs.len());
    let mut differ = Vec::new();
    let mut rewritten = 0;
    let mut applied: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, text) in &inputs {
        let doc = read(text, name);
        let rewrites: [(&str, String, Same); 40] = [
            ("zeros as dashes", dashes(text), Same::Tables),
            (
                "no thousands separators",
                without_separators(text),
                Same::All,
            ),
            ("thousands separators", with_separators(text), Same::All),
            ("full-width digits and percent", full_width(text), Same::All),
            ("unit in the caption", unit_in_caption(text), Same::All),
            (
                "unit in the table's first row",
                unit_in_first_row(text),
                Same::All,
            ),
            (
                "tables split with their header again",
                split_tables(text, &doc),
                Same::All,
            ),
            ("合 计", spaced_totals(text), Same::All),
            (
                "letter-spaced column titles",
                letter_spaced_titles(text),
                Same::All,
            ),
            ("padded cells", padded(text), Same::All),
            ("比上年", comparison_as(text, "比"), Same::All),
            ("较上年", comparison_as(text, "较"), Same::All),
            ("同比", comparison_as(text, "同比"), Same::All),
            ("决算数为年初预算数的", rate_of_budget(text), Same::All),
            // (the same here: no input has a complete 其中 list that falls
            // short of its whole, which a 包括 list would leave alone)
            ("其中： written 主要包括：", including(text), Same::All),
            (
                "万元 in prose written 万",
                wan_for_wan_yuan(text),
                Same::Findings,
            ),
            (
                "years in prose written 二〇二五年",
                chinese_years(text),
                Same::Findings,
            ),
            (
                "增长 r% written 增幅为 r%",
                rate_as_amplitude(text),
                Same::Findings,
            ),
            (
                "科目编码 as 类 | 款 | 项, whole on each row",
                codes_in_three_columns(text, true),
                Same::All,
            ),
            (
                "科目编码 as 类 | 款 | 项, each row its own part",
                codes_in_three_columns(text, false),
                Same::All,
            ),
            ("合计 row last", total_row_last(text), Same::All),
            ("a 序号 column", index_column(text), Same::NoNewError),
            (
                "merged labels filled down",
                labels_filled_down(text),
                Same::NoNewError,
            ),
            ("合计 column last", total_column_last(text), Same::All),
            (
                "score columns 标准分 | 评分",
                score_titles(text, "标准分", "评分"),
                Same::All,
            ),
            (
                "score columns 权重 | 自评得分",
                score_titles(text, "权重", "自评得分"),
                Same::All,
            ),
            ("weights as 50分", weights_written(text, true), Same::All),
            (
                "points and scores written 6分",
                points_with_unit(text),
                Same::All,
            ),
            (
                "weights as （权重50分）",
                weights_written(text, false),
                Same::All,
            ),
            (
                "score total 总分 ↔ 合计",
                score_total_renamed(text),
                Same::All,
            ),
            ("an empty spacer column", spacer_column(text), Same::All),
            (
                "其中： on a row of its own",
                qizhong_own_row(text),
                Same::Findings,
            ),
            (
                "a block's opener without its colon",
                openers_without_colon(text),
                Same::All,
            ),
            (
                "资产总计 and 负债和净资产总计 named 合计",
                text.replace("资产总计", "资产合计"),
                Same::All,
            ),
            (
                "no codes, items indented",
                names_without_codes(text),
                Same::NoNewError,
            ),
            (
                "the unit in each amount cell",
                unit_in_cells(text, &doc),
                Same::Findings,
            ),
            (
                "negatives in brackets",
                accounts_negatives(text, false),
                Same::Findings,
            ),
            (
                "negatives after △",
                accounts_negatives(text, true),
                Same::Findings,
            ),
            (
                "prose wrapped, blank lines between paragraphs",
                hard_wrapped(text, 33, false),
                Same::Findings,
            ),
            (
                "prose wrapped, paragraphs indented",
                hard_wrapped(text, 33, true),
                Same::Findings,
            ),
        ];
        for (what, new, same) in rewrites {
            if new == *text {
                continue;
            }
            rewritten += 1;
            *applied.entry(what).or_insert(0) += 1;
            let back = read(&new, name);
            let tables = (doc.tables.len(), back.tables.len());
            if same == Same::NoNewError {
                let new_errors: Vec<_> = tally(&back)
                    .into_iter()
                    .filter(|((check, error), n)| {
                        *error
                            && *n
                                > tally(&doc)
                                    .get(&(check.clone(), true))
                                    .copied()
                                    .unwrap_or(0)
                    })
                    .collect();
                if !new_errors.is_empty() {
                    differ.push(format!("{name}, {what}: new errors {new_errors:?}"));
                }
                continue;
            }
            if tally(&back) != tally(&doc)
                || (same == Same::All && runs(&back) != runs(&doc))
                || (same != Same::Findings && tables.0 != tables.1)
            {
                differ.push(format!(
                    "{name}, {what}:\n  findings {:?}\n  now      {:?}\n  checks {:?}\n  now    {:?}\n  tables {tables:?}",
                    tally(&doc),
                    tally(&back),
                    runs(&doc),
                    runs(&back)
                ));
            }
        }
    }
    eprintln!(
        "{rewritten} rewritten texts of {} inputs: {applied:?}",
        inputs.len()
    );
    assert!(rewritten >= 60, "only {rewritten} rewrites applied");
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
