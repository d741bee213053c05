//! One report in two formats, compared: the text version (the reference,
//! held to the golden files) against a rendition (DOCX, .doc, HTML, a
//! workbook). Differences are listed one per line; a test fails on any that
//! is not in its allow-list (each entry says why the two legitimately differ)
//! and on allow-list entries that match nothing (so the list cannot go stale).

#![allow(dead_code)]

use std::path::Path;

use serde_json::Value;

pub fn extract(path: &Path) -> Value {
    let doc = jixiao::extract_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::to_value(&doc).expect("document serialises")
}

fn sections(v: &Value, out: &mut Vec<(String, u64, String)>) {
    for s in v.as_array().into_iter().flatten() {
        out.push((
            s["number"].as_str().unwrap_or("").to_string(),
            s["level"].as_u64().unwrap_or(0),
            s["title"].as_str().unwrap_or("").to_string(),
        ));
        sections(&s["children"], out);
    }
}

fn cells(rows: &Value) -> Vec<Vec<(String, Option<f64>)>> {
    rows.as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            r.as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    (
                        c["text"].as_str().unwrap_or("").to_string(),
                        c["value"].as_f64(),
                    )
                })
                .collect()
        })
        .collect()
}

pub fn findings(v: &Value, tables_only: bool) -> Vec<String> {
    let mut f: Vec<String> = v["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| !tables_only || f["location"]["table"].is_u64())
        .map(|f| {
            format!(
                "{} {}: {}",
                f["severity"].as_str().unwrap_or(""),
                f["check"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    f.sort();
    f
}

/// What of a document a rendition must reproduce.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Scope {
    /// Title, section tree, tables and every finding (DOCX, .doc, HTML).
    Document,
    /// The tables and the findings about them (a workbook holds no prose).
    Tables,
}

/// Every difference between the text extraction and a rendition's.
pub fn differences(txt: &Value, other: &Value, scope: Scope) -> Vec<String> {
    let mut diffs = Vec::new();
    if scope == Scope::Document {
        if txt["title"] != other["title"] {
            diffs.push(format!("title: {} vs {}", txt["title"], other["title"]));
        }
        let (mut st, mut so) = (Vec::new(), Vec::new());
        sections(&txt["sections"], &mut st);
        sections(&other["sections"], &mut so);
        if st.len() != so.len() {
            diffs.push(format!("section count: {} vs {}", st.len(), so.len()));
        }
        for (a, b) in st.iter().zip(&so) {
            if a.0 != b.0 || a.1 != b.1 {
                diffs.push(format!("section {a:?} vs {b:?}"));
            } else if a.2 != b.2 {
                diffs.push(format!("section {} title: {:?} vs {:?}", a.0, a.2, b.2));
            }
        }
    }
    let empty = Vec::new();
    let tt = txt["tables"].as_array().unwrap_or(&empty);
    let to = other["tables"].as_array().unwrap_or(&empty);
    if tt.len() != to.len() {
        diffs.push(format!("table count: {} vs {}", tt.len(), to.len()));
    }
    for (a, b) in tt.iter().zip(to) {
        let name = a["caption"].as_str().unwrap_or("(no caption)");
        for key in ["caption", "unit"] {
            if a[key] != b[key] {
                diffs.push(format!("{name}: {key} {} vs {}", a[key], b[key]));
            }
        }
        for part in ["header", "rows"] {
            let (ra, rb) = (cells(&a[part]), cells(&b[part]));
            if ra.len() != rb.len() {
                diffs.push(format!(
                    "{name}: {part} row count {} vs {}",
                    ra.len(),
                    rb.len()
                ));
            }
            if let Some((i, (x, y))) = ra.iter().zip(&rb).enumerate().find(|(_, (x, y))| x != y) {
                diffs.push(format!("{name}: {part} row {i}: {x:?} vs {y:?}"));
            }
        }
    }
    let tables_only = scope == Scope::Tables;
    let (ft, fo) = (findings(txt, tables_only), findings(other, tables_only));
    for f in ft.iter().filter(|f| !fo.contains(f)) {
        diffs.push(format!("finding only in txt: {f}"));
    }
    for f in fo.iter().filter(|f| !ft.contains(f)) {
        diffs.push(format!("finding only in the rendition: {f}"));
    }
    diffs
}

/// A known, explained difference: (document stem, rendition extension or ""
/// for any, text the difference line contains, why).
pub type Allowed = (&'static str, &'static str, &'static str, &'static str);

/// Compare each (text, rendition) pair; fail on unexplained differences and
/// on allow-list entries that matched nothing.
pub fn assert_twins(pairs: &[(&Path, &Path, Scope)], allowed: &[Allowed]) {
    let mut unexplained = Vec::new();
    let mut used = vec![false; allowed.len()];
    for (txt, other, scope) in pairs {
        let stem = txt.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let name = other.file_name().and_then(|s| s.to_str()).unwrap_or("");
        let (t, o) = (extract(txt), extract(other));
        for diff in differences(&t, &o, *scope) {
            let hit = allowed.iter().position(|(doc, ext, needle, _)| {
                *doc == stem && (ext.is_empty() || name.ends_with(ext)) && diff.contains(needle)
            });
            match hit {
                Some(i) => {
                    used[i] = true;
                    eprintln!("{name}: allowed: {diff}\n    because {}", allowed[i].3);
                }
                None => unexplained.push(format!("{name}: {diff}")),
            }
        }
    }
    let stale: Vec<String> = allowed
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|((d, e, n, _), _)| format!("{d} {e} {n}"))
        .collect();
    assert!(
        unexplained.is_empty(),
        "{} unexplained differences from the .txt:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "allow-list entries that match nothing: {stale:?}"
    );
}
