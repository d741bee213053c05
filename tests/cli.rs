//! The command-line contract: `extract FILE` prints the document JSON on
//! stdout (UTF-8, Chinese not \u-escaped); `--out DIR` writes
//! `DIR/<name>.json`; `text FILE` prints the text; `check` exits 1 exactly
//! when an error finding exists; `--help` and `schema` work; an error is one
//! line on stderr naming the file, with exit status 2 for a single input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/corpus")
        .join(name)
}

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jixiao-tests-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run jixiao")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

#[test]
fn extract_prints_utf8_json_on_stdout() {
    let path = fixture("nanjing-eco-2024.txt");
    let o = bin().arg("extract").arg(&path).output().expect("run");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = text(&o.stdout);
    let doc: Value = serde_json::from_str(&out).expect("stdout is one JSON document");
    assert_eq!(doc["source"]["path"], path.display().to_string());
    assert_eq!(doc["source"]["format"], "text");
    assert!(doc["sections"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(out.contains("绩效"), "Chinese is written as UTF-8");
    assert!(!out.contains("\\u7ee9"), "no ASCII escapes of Chinese");
}

#[test]
fn extract_with_out_writes_name_json_and_a_manifest() {
    let dir = temp_dir("out");
    let path = fixture("nanjing-land-2022.gb18030.txt");
    let o = bin()
        .arg("extract")
        .arg(&path)
        .arg("--out")
        .arg(&dir)
        .output()
        .expect("run");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.stdout.is_empty(), "with --out nothing goes to stdout");
    let written = std::fs::read_to_string(dir.join("nanjing-land-2022.gb18030.txt.json"))
        .expect("DIR/<name>.json");
    let doc: Value = serde_json::from_str(&written).expect("JSON");
    assert_eq!(doc["source"]["encoding"], "GB18030");
    assert!(written.contains("南京"));
    let manifest = std::fs::read_to_string(dir.join("manifest.jsonl")).expect("manifest");
    let line: Value = serde_json::from_str(manifest.trim()).expect("one manifest line");
    assert_eq!(line["status"], "ok");
    assert_eq!(line["sha256"], doc["source"]["sha256"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn text_prints_the_reading_order() {
    let o = bin()
        .arg("text")
        .arg(fixture("nanjing-land-2022.txt"))
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(out.lines().count() > 20);
    assert!(out.contains('\t'), "tables as tab-separated rows");
    assert!(!out.trim_start().starts_with('{'), "text, not JSON");
}

#[test]
fn check_exits_1_exactly_when_an_error_is_found() {
    for name in [
        "nanjing-land-2022.txt",
        "nanjing-eco-2024.txt",
        "lishui-assessment-2022.txt",
    ] {
        let path = fixture(name);
        let doc: Value = serde_json::from_slice(
            &bin()
                .arg("extract")
                .arg(&path)
                .output()
                .expect("run")
                .stdout,
        )
        .expect("JSON");
        let errors = doc["findings"]
            .as_array()
            .map(|f| f.iter().filter(|f| f["severity"] == "error").count())
            .unwrap_or(0);
        let o = bin()
            .args(["check", "--json"])
            .arg(&path)
            .output()
            .expect("run");
        let lines = text(&o.stdout).lines().count();
        assert_eq!(lines, errors, "{name}: one JSON line per error finding");
        let expected = if errors > 0 { 1 } else { 0 };
        assert_eq!(o.status.code(), Some(expected), "{name}");
    }
}

#[test]
fn help_and_schema() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = text(&o.stdout);
    for word in ["extract", "text", "check", "schema"] {
        assert!(help.contains(word), "--help mentions {word}");
    }
    let o = run(&["extract", "--help"]);
    let help = text(&o.stdout);
    for flag in [
        "--out",
        "--db",
        "--jsonl",
        "--stdin-paths",
        "--resume",
        "--jobs",
        "--timeout-per-doc",
    ] {
        assert!(help.contains(flag), "extract --help mentions {flag}");
    }
    let o = run(&["schema"]);
    let schema: Value = serde_json::from_slice(&o.stdout).expect("schema is JSON");
    assert!(schema["properties"]["findings"].is_object());
}

#[test]
fn errors_are_one_line_naming_the_file() {
    let dir = temp_dir("errors");
    let missing = dir.join("没有这个文件.txt");
    let random = dir.join("random.pdf");
    std::fs::write(&random, [0x13u8, 0x37, 0x00, 0xFF, 0x42].repeat(200)).expect("write");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    for (path, words) in [
        (&missing, "cannot read"),
        (&random, "not a pdf"),
        (&empty, "empty"),
    ] {
        for cmd in ["extract", "text"] {
            let o = bin().arg(cmd).arg(path).output().expect("run");
            assert_eq!(o.status.code(), Some(2), "{cmd} {}", path.display());
            assert!(o.stdout.is_empty());
            let err = text(&o.stderr);
            assert_eq!(err.lines().count(), 1, "one line: {err}");
            assert!(
                err.contains(&path.display().to_string()),
                "names the file: {err}"
            );
            assert!(err.to_lowercase().contains(words), "says why: {err}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(run(&["extract"]).status.code(), Some(2));
    assert_eq!(run(&["no-such-command"]).status.code(), Some(2));
    let dir = temp_dir("many");
    let o = bin()
        .arg("extract")
        .arg(fixture("nanjing-eco-2024.txt"))
        .arg(fixture("nanjing-land-2022.txt"))
        .output()
        .expect("run");
    assert_eq!(
        o.status.code(),
        Some(2),
        "many inputs need --out, --db or --jsonl"
    );
    assert!(text(&o.stderr).contains("--out"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_spent_time_budget_fails_the_document_by_name() {
    let dir = temp_dir("timeout");
    let path = fixture("nanjing-eco-2024.txt");
    let o = bin()
        .args(["extract", "--timeout-per-doc", "0.000001"])
        .arg(&path)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("timeout-per-doc"), "{err}");
    assert!(err.contains(&path.display().to_string()), "{err}");
    // In a batch: a failure in the manifest; not final, so --resume retries it.
    let out = dir.join("out");
    let o = bin()
        .args(["extract", "--timeout-per-doc", "0.000001", "--out"])
        .arg(&out)
        .arg(&path)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).expect("manifest");
    let line: Value = serde_json::from_str(manifest.trim()).expect("one line");
    assert_eq!(line["status"], "failed");
    assert!(
        line["reason"]
            .as_str()
            .is_some_and(|r| r.contains("timeout-per-doc"))
    );
    let o = bin()
        .args(["extract", "--resume", "--out"])
        .arg(&out)
        .arg(&path)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).expect("manifest");
    let line: Value = serde_json::from_str(manifest.trim()).expect("one line");
    assert_eq!(line["status"], "ok");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two processes (each with its own hash seeds) give the same bytes for the
/// same input: a researcher diffing two runs of an archive sees only real
/// changes. (An earlier PDF grid grouping iterated a HashMap and cells came
/// out in a different order from run to run.)
#[test]
fn extraction_is_byte_identical_across_processes() {
    let mut inputs: Vec<PathBuf> = Vec::new();
    for dir in ["fixtures/corpus", "fixtures/disclosure", "fixtures/formats"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_file() {
                inputs.push(p);
            }
        }
    }
    inputs.sort();
    assert!(inputs.len() >= 10, "fixtures found: {}", inputs.len());
    let mut compared = 0;
    for path in &inputs {
        let first = bin().arg("extract").arg(path).output().expect("run");
        if !first.status.success() {
            continue;
        }
        let second = bin().arg("extract").arg(path).output().expect("run");
        assert!(
            first.stdout == second.stdout,
            "{}: two runs gave different JSON",
            path.display()
        );
        compared += 1;
    }
    assert!(compared >= 10, "documents compared: {compared}");
}
