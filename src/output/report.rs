//! Findings for people: grouped by document, most severe first, with numbers
//! and places.

use crate::model::{Document, Finding, Severity};

pub fn findings_text(doc: &Document) -> String {
    let mut out = String::new();
    let errors = doc
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = doc
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    out.push_str(&format!(
        "{}: {} checks, {} passed, {} failed — {} error(s), {} warning(s)\n",
        doc.source.path, doc.checks.run, doc.checks.passed, doc.checks.failed, errors, warnings
    ));
    let mut findings: Vec<&Finding> = doc.findings.iter().collect();
    findings.sort_by_key(|f| f.severity);
    for f in findings {
        out.push_str(&format!(
            "  {:<7} {:<16} {}\n",
            severity_word(f.severity),
            f.check,
            f.message
        ));
        let unit = f.unit.as_deref().unwrap_or("");
        out.push_str(&format!(
            "          stated {} {unit}, computed {} {unit}, difference {}\n",
            fmt_num(f.stated),
            fmt_num(f.computed),
            fmt_num(f.difference)
        ));
    }
    out
}

pub fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// A number without float noise: 4994.000000001 → "4994", 0.1+0.2 → "0.3".
pub fn fmt_num(v: f64) -> String {
    let s = format!("{:.6}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}
