//! The golden files in fixtures/golden, asserted the way the reviewers'
//! scorer (../shared/tools/evaluate.py) reads them, for every input of every
//! golden document that is in fixtures/corpus (text, GB18030, UTF-16, DOCX,
//! PDF): the title; every level-1/2/3 heading at its rank, with no level-1
//! duplicates or extras (a table of contents taken for sections shows there);
//! every expected table with its unit, total row, values and row counts; every
//! `required` finding at severity error; no error that matches nothing golden;
//! no `must_not_flag` trap.
//!
//! Each input is one test line in the report; the test fails listing every miss.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

static NUM_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(第[一二三四五六七八九十百]+[章节条部分]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|[①-⑳])\s*").unwrap()
});

/// A heading as the scorer compares it: no whitespace, no number, first sentence.
fn norm(s: &str) -> String {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let s = NUM_PREFIX.replace(&s, "").to_string();
    let s = s.split('。').next().unwrap_or("").to_string();
    s.trim_matches(|c| "：:。*#".contains(c)).to_string()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.006 + 1e-6 * b.abs()
}

fn walk<'a>(sections: &'a Value, out: &mut Vec<&'a Value>) {
    for s in sections.as_array().into_iter().flatten() {
        out.push(s);
        walk(&s["children"], out);
    }
}

fn cell_text(c: &Value) -> String {
    c["text"].as_str().unwrap_or("").to_string()
}

fn cell_values(c: &Value) -> Vec<f64> {
    let mut v: Vec<f64> = c["value"].as_f64().into_iter().collect();
    if let Some(f) = c["figure"]["value"].as_f64() {
        v.push(f);
    }
    v
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

fn score_sections(doc: &Value, gold: &Value, miss: &mut Vec<String>) {
    let mut all = Vec::new();
    walk(&doc["sections"], &mut all);
    let at = |lvl: u64| -> Vec<String> {
        all.iter()
            .filter(|s| s["level"].as_u64() == Some(lvl))
            .map(|s| norm(s["title"].as_str().unwrap_or("")))
            .collect()
    };
    let matches = |want: &str, have: &str| {
        let w = norm(want);
        w == have || (w.chars().count() >= 4 && have.starts_with(&w))
    };
    for (key, lvl) in [
        ("level1_exact", 1),
        ("level1", 1),
        ("level2", 2),
        ("level3", 3),
    ] {
        let have = at(lvl);
        for want in strs(&gold["sections"][key]) {
            if !have.iter().any(|h| matches(&want, h)) {
                miss.push(format!("{key} heading missing: {want}"));
            }
        }
    }
    let want = strs(&gold["sections"]["level1_exact"]);
    if !want.is_empty() {
        let numbered: Vec<String> = all
            .iter()
            .filter(|s| {
                s["level"].as_u64() == Some(1)
                    && s["number"].as_str().is_some_and(|n| !n.trim().is_empty())
                    && !s["title"].as_str().unwrap_or("").starts_with("附件")
            })
            .map(|s| norm(s["title"].as_str().unwrap_or("")))
            .collect();
        let mut seen = std::collections::HashSet::new();
        for h in &numbered {
            if !seen.insert(h) {
                miss.push(format!("level-1 heading duplicated: {h}"));
            }
            if !want
                .iter()
                .any(|w| norm(w) == *h || h.starts_with(&norm(w)))
            {
                miss.push(format!("level-1 heading not in the golden file: {h}"));
            }
        }
    }
}

fn find_table<'a>(tables: &'a [Value], exp: &Value) -> Option<&'a Value> {
    tables.iter().find(|t| {
        if let Some(cap) = exp["caption"].as_str() {
            return squash(t["caption"].as_str().unwrap_or("")).contains(&squash(cap));
        }
        if let Some(h) = exp["header_contains"].as_str() {
            let h = squash(h);
            let rows = t["rows"]
                .as_array()
                .map(|r| &r[..r.len().min(3)])
                .unwrap_or(&[]);
            let body = rows.iter().flat_map(|r| r.as_array().into_iter().flatten());
            let head = t["header"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|r| r.as_array().into_iter().flatten());
            return body.chain(head).any(|c| squash(&cell_text(c)).contains(&h));
        }
        false
    })
}

fn score_tables(doc: &Value, gold: &Value, miss: &mut Vec<String>) {
    let tables = doc["tables"].as_array().cloned().unwrap_or_default();
    let g = &gold["tables"];
    if let Some(n) = g["count"].as_u64()
        && tables.len() as u64 != n
    {
        miss.push(format!("table count {} != {n}", tables.len()));
    }
    if let Some(n) = g["count_min"].as_u64()
        && (tables.len() as u64) < n
    {
        miss.push(format!("table count {} < {n}", tables.len()));
    }
    for exp in g["expect"].as_array().into_iter().flatten() {
        let name = exp["caption"]
            .as_str()
            .or(exp["header_contains"].as_str())
            .unwrap_or("?");
        let Some(t) = find_table(&tables, exp) else {
            miss.push(format!("{name}: table not found"));
            continue;
        };
        let rows: Vec<&Value> = t["rows"].as_array().into_iter().flatten().collect();
        if let Some(u) = exp["unit"].as_str()
            && !t["unit"].as_str().unwrap_or("").contains(u)
        {
            miss.push(format!("{name}: unit {:?}, want {u}", t["unit"]));
        }
        if let Some(total) = exp["total_row"].as_str() {
            let found = rows.iter().any(|r| {
                let first: Vec<String> = r
                    .as_array()
                    .into_iter()
                    .flatten()
                    .take(3)
                    .map(cell_text)
                    .collect();
                squash(&first.join(" ")).contains(total)
            });
            if !found {
                miss.push(format!("{name}: no {total} row"));
            }
        }
        let values: Vec<f64> = rows
            .iter()
            .flat_map(|r| r.as_array().into_iter().flatten())
            .flat_map(cell_values)
            .collect();
        for v in exp["values"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_f64)
        {
            if !values.iter().any(|x| close(*x, v)) {
                miss.push(format!("{name}: value {v} missing"));
            }
        }
        if let Some(n) = exp["min_rows"].as_u64()
            && (rows.len() as u64) < n
        {
            miss.push(format!("{name}: {} rows < {n}", rows.len()));
        }
        if let Some(n) = exp["max_rows"].as_u64()
            && (rows.len() as u64) > n
        {
            miss.push(format!("{name}: {} rows > {n}", rows.len()));
        }
    }
}

fn pairs(v: &Value) -> Vec<(f64, f64)> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p[0].as_f64()?, p[1].as_f64()?)))
        .collect()
}

fn matches_any(f: &Value, pairs: &[(f64, f64)]) -> bool {
    let (Some(s), Some(c)) = (f["stated"].as_f64(), f["computed"].as_f64()) else {
        return false;
    };
    pairs
        .iter()
        .any(|&(a, b)| (close(s, a) && close(c, b)) || (close(s, b) && close(c, a)))
}

fn score_findings(doc: &Value, gold: &Value, miss: &mut Vec<String>) {
    let errors: Vec<&Value> = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["severity"] == "error")
        .collect();
    let g = &gold["findings"];
    let mut known = Vec::new();
    for r in g["required"].as_array().into_iter().flatten() {
        let alts = pairs(&r["alternatives"]);
        if !errors.iter().any(|f| matches_any(f, &alts)) {
            miss.push(format!("required finding not found: {}", r["id"]));
        }
        known.extend(alts);
    }
    for r in g["soft"].as_array().into_iter().flatten() {
        known.extend(pairs(&r["alternatives"]));
    }
    for f in &errors {
        if !matches_any(f, &known) {
            miss.push(format!("false alarm: {} {}", f["check"], f["message"]));
        }
    }
    for t in g["must_not_flag"].as_array().into_iter().flatten() {
        let p = pairs(&t["pairs"]);
        if errors.iter().any(|f| matches_any(f, &p)) {
            miss.push(format!("trap hit: {}", t["id"]));
        }
    }
}

/// Score one input against its golden file; the list of misses.
fn score(input: &Path, gold: &Value) -> Vec<String> {
    let doc = match jixiao::extract_path(input) {
        Ok(d) => serde_json::to_value(&d).expect("document serialises"),
        Err(e) => return vec![format!("extraction failed: {e}")],
    };
    let mut miss = Vec::new();
    let want_title = gold["title_contains"].as_str().unwrap_or("");
    if !squash(doc["title"].as_str().unwrap_or("")).contains(want_title) {
        miss.push(format!("title {:?} lacks {want_title}", doc["title"]));
    }
    score_sections(&doc, gold, &mut miss);
    score_tables(&doc, gold, &mut miss);
    score_findings(&doc, gold, &mut miss);
    miss
}

/// Every golden document's inputs with `ext` ("txt" covers the re-encoded copies).
fn run_format(ext: &str) {
    let mut report = Vec::new();
    let mut inputs = 0;
    let mut golden: Vec<PathBuf> = std::fs::read_dir(fixtures().join("golden"))
        .expect("fixtures/golden")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    golden.sort();
    for g in golden {
        let gold: Value =
            serde_json::from_slice(&std::fs::read(&g).expect("read golden")).expect("golden JSON");
        for name in strs(&gold["inputs"]) {
            if !name.ends_with(&format!(".{ext}")) {
                continue;
            }
            let input = fixtures().join("corpus").join(&name);
            assert!(
                input.exists(),
                "golden input {name} is not in fixtures/corpus"
            );
            inputs += 1;
            for m in score(&input, &gold) {
                report.push(format!("{name}: {m}"));
            }
        }
    }
    assert!(inputs > 0, "no .{ext} inputs in the golden files");
    assert!(
        report.is_empty(),
        "{} misses:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn golden_text_inputs() {
    run_format("txt");
}

#[test]
fn golden_docx_inputs() {
    run_format("docx");
}

#[test]
fn golden_pdf_inputs() {
    run_format("pdf");
}

#[test]
fn norm_matches_the_scorer() {
    assert_eq!(
        norm("（一）聚力遏制新增，违法管控取得新成效。以遏制"),
        "聚力遏制新增，违法管控取得新成效"
    );
    assert_eq!(norm("一、 单位概况"), "单位概况");
    assert_eq!(norm("**评价结论：**"), "评价结论");
}
