//! Inputs that once crashed, hung or misbehaved (most found by fuzzing) stay
//! fixed: every file under tests/regressions/ goes through `extract_bytes` under
//! the name its extension gives (.txt, .docx, .pdf, .xlsx, .xls, .ods, .html,
//! .doc, .wps; anything else is read as text) and must give a result — a document or an error value, never a
//! panic. Files named `figure-*.txt` are also fed, line by line and whole, to
//! the figure parser.

use std::path::{Path, PathBuf};

use jixiao::figures::{parse_cell, scan_text, unit_in};

fn inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/regressions exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn name_for(path: &Path) -> String {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("txt");
    match ext {
        "docx" | "pdf" | "txt" | "xlsx" | "xls" | "ods" | "html" | "doc" | "wps" => {
            format!("regression.{ext}")
        }
        _ => "regression.txt".to_string(),
    }
}

#[test]
fn every_regression_input_gives_a_result() {
    let files = inputs();
    assert!(!files.is_empty(), "no regression inputs found");
    for path in files {
        let bytes = std::fs::read(&path).expect("readable");
        let name = name_for(&path);
        let outcome = std::panic::catch_unwind(|| jixiao::extract_bytes(&bytes, &name));
        match outcome {
            Ok(Ok(doc)) => {
                // A document: it serialises and records the input's size.
                assert_eq!(doc.source.bytes, bytes.len() as u64, "{}", path.display());
                serde_json::to_string(&doc).expect("serialises");
            }
            Ok(Err(e)) => assert!(!e.to_string().is_empty(), "{}: empty error", path.display()),
            Err(_) => panic!("{} panicked", path.display()),
        }
    }
}

#[test]
fn figure_regressions_parse_without_panic() {
    for path in inputs() {
        let is_figure = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("figure-"));
        if !is_figure {
            continue;
        }
        let bytes = std::fs::read(&path).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        for s in std::iter::once(text.as_ref()).chain(text.lines()) {
            let chars: Vec<char> = s.chars().collect();
            for f in scan_text(s) {
                let off = f.offset.expect("offset");
                let n = f.text.chars().count();
                assert!(
                    off + n <= chars.len(),
                    "{}: figure past the end",
                    path.display()
                );
                let at: String = chars[off..off + n].iter().collect();
                assert_eq!(at, f.text, "{}", path.display());
            }
            if let Some(f) = parse_cell(s, Some("万元")) {
                assert!(f.value.is_none_or(f64::is_finite), "{}", path.display());
            }
            let _ = unit_in(s);
        }
    }
}
