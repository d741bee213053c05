//! Findings for people: grouped by document, most severe first, with numbers
//! and places.

use crate::model::{Document, Finding, Severity};

pub fn findings_text(doc: &Document) -> String {
    findings_listed(doc, true)
}

/// The findings for people; with `all` false only the errors are listed, but
/// the summary line counts every finding and says how many are not listed.
pub fn findings_listed(doc: &Document, all: bool) -> String {
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
    let mut findings: Vec<&Finding> = doc
        .findings
        .iter()
        .filter(|f| all || f.severity == Severity::Error)
        .collect();
    findings.sort_by_key(|f| f.severity);
    let hidden = doc.findings.len() - findings.len();
    if hidden > 0 {
        out.push_str(&format!(
            "  ({hidden} warning(s) and info not listed: --all lists them)\n"
        ));
    }
    for f in findings {
        out.push_str(&format!(
            "  {:<7} {:<16} {}\n",
            f.severity.as_str(),
            f.check,
            f.message
        ));
        out.push_str(&format!("          at {}\n", place(doc, f)));
        // A finding about words (a placeholder left in) has no arithmetic
        // to show: all three numbers are 0 and there is no unit.
        let arithmetic = f.unit.is_some() || [f.stated, f.computed, f.difference] != [0.0; 3];
        if arithmetic {
            let unit = f.unit.as_deref().unwrap_or("");
            out.push_str(&format!(
                "          stated {} {unit}, computed {} {unit}, difference {}\n",
                fmt_num(f.stated),
                fmt_num(f.computed),
                fmt_num(f.difference)
            ));
        }
    }
    out
}

/// Where a finding is, in parts: the table (index and caption), the row's
/// label, the column's title, the section and the place in the source file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Place {
    pub table: Option<(usize, Option<String>)>,
    /// 0-based body row and its label ("本年支出合计"; empty when none).
    pub row: Option<(usize, String)>,
    /// 0-based column and its title (empty when none).
    pub column: Option<(usize, String)>,
    pub section: Option<String>,
    /// "line 60", "page 3".
    pub source: Option<String>,
}

/// Where a finding is, for people: "表 2-1 …, row 8 「合计」, column 「本年支出」
/// (line 196)" or "section 1.2.1 (line 178)".
pub fn place(doc: &Document, f: &Finding) -> String {
    let p = place_parts(doc, f);
    let mut parts = Vec::new();
    if let Some((t, caption)) = &p.table {
        parts.push(match caption {
            Some(c) => format!("table {} 「{}」", t + 1, c),
            None => format!("table {}", t + 1),
        });
        if let Some((r, label)) = &p.row {
            parts.push(if label.is_empty() {
                format!("row {}", r + 1)
            } else {
                format!("row {} 「{}」", r + 1, label)
            });
        }
        if let Some((c, title)) = &p.column {
            parts.push(if title.is_empty() {
                format!("column {}", c + 1)
            } else {
                format!("column 「{title}」")
            });
        }
    } else if let Some(s) = &p.section {
        parts.push(format!("section {s}"));
    }
    let mut text = parts.join(", ");
    if let Some(s) = p.source {
        if text.is_empty() {
            text = s;
        } else {
            text.push_str(&format!(" ({s})"));
        }
    }
    if text.is_empty() {
        "unknown place".into()
    } else {
        text
    }
}

/// The parts of [`place`].
pub fn place_parts(doc: &Document, f: &Finding) -> Place {
    let loc = &f.location;
    let mut p = Place {
        section: loc.section.clone(),
        ..Default::default()
    };
    if let Some(t) = loc.table.and_then(|t| doc.tables.get(t)) {
        p.table = Some((t.id, t.caption.clone()));
        if let Some(r) = loc.row {
            let label = t
                .rows
                .get(r)
                .and_then(|row| {
                    // The finding's own cell when it is a label (a declared
                    // weight "预算管理7"), else the row's first label.
                    let own = loc
                        .column
                        .and_then(|c| row.get(c))
                        .filter(|c| c.value.is_none())
                        .map(|c| c.text.trim())
                        .filter(|x| !x.is_empty());
                    own.or_else(|| {
                        row.iter()
                            .map(|c| c.text.trim())
                            .find(|x| !x.is_empty() && x.chars().any(|c| !c.is_ascii_digit()))
                    })
                })
                .unwrap_or("");
            p.row = Some((r, label.to_string()));
        }
        if let Some(c) = loc.column {
            // The column's own header in the block its row belongs to.
            let title = loc
                .row
                .and_then(|r| crate::audit::column_title_at(t, r, c))
                .or_else(|| t.columns.get(c).cloned())
                .unwrap_or_default();
            p.column = Some((c, title));
        }
    }
    p.source = loc
        .source
        .as_ref()
        .or_else(|| {
            loc.table
                .and_then(|t| doc.tables.get(t))
                .and_then(|t| loc.row.and_then(|r| t.rows.get(r)))
                .and_then(|row| row.iter().find_map(|c| c.location.as_ref()))
        })
        .map(|s| s.describe());
    p
}

/// A number without float noise: 4994.000000001 → "4994", 0.1+0.2 → "0.3".
pub fn fmt_num(v: f64) -> String {
    let s = format!("{:.6}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A self-evaluation sheet's finding is placed under the title of its
    /// own block's column (得分 of the indicators), not under the table's
    /// column titles, which join the first header rows (项目名称/…/执行率).
    #[test]
    fn a_self_evaluation_finding_is_placed_under_its_block_s_column() {
        let text = include_str!("../../fixtures/redteam/tables/t05-selfeval-max-bad.txt");
        let doc = crate::extract_bytes(text.as_bytes(), "t.txt").unwrap();
        let places: Vec<(String, String)> = doc
            .findings
            .iter()
            .filter(|f| f.check.starts_with("score") || f.check.starts_with("selfeval"))
            .map(|f| (f.check.clone(), place(&doc, f)))
            .collect();
        assert!(!places.is_empty());
        for (check, p) in &places {
            assert!(
                p.ends_with("column 「得分」 (line 18)")
                    || p.ends_with("column 「得分」 (line 24)"),
                "{check}: {p}"
            );
        }
        let text = include_str!("../../fixtures/redteam/tables/t05-selfeval-funds-bad.txt");
        let doc = crate::extract_bytes(text.as_bytes(), "t.txt").unwrap();
        let f = doc
            .findings
            .iter()
            .find(|f| f.check == "selfeval.funds")
            .unwrap();
        assert!(
            place(&doc, f).contains("column 「全年执行数」"),
            "{}",
            place(&doc, f)
        );
        let text = include_str!("../../fixtures/redteam/tables/t05-selfeval-weights-bad.txt");
        let doc = crate::extract_bytes(text.as_bytes(), "t.txt").unwrap();
        let f = doc
            .findings
            .iter()
            .find(|f| f.check == "score.weights")
            .unwrap();
        assert!(
            place(&doc, f).contains("column 「一级指标」"),
            "{}",
            place(&doc, f)
        );
    }

    #[test]
    fn placeholders_have_no_numbers_line_and_arithmetic_has_one() {
        let text = "上海市XX局2024年度部门决算\n一、收支情况\n本年收入合计100万元，其中财政拨款收入60万元，事业收入30万元。\n";
        let doc = crate::extract_bytes(text.as_bytes(), "t.txt").unwrap();
        let out = findings_listed(&doc, true);
        assert!(out.contains("hygiene.placeholder"), "{out}");
        assert!(out.contains("text.parts"), "{out}");
        assert_eq!(out.matches("stated ").count(), 1, "{out}");
        assert!(out.contains("stated 100 万元, computed 90 万元"), "{out}");
    }
}
