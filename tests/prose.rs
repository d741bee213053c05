//! The prose rules (src/audit/prose/) on a whole disclosure, in every format.
//!
//! 1. `fixtures/prose/<doc>.{txt,docx,pdf}`: a final-accounts disclosure (部门
//!    决算) and a budget disclosure (部门预算) whose prose is right. No prose
//!    `error`; the one `warning` is the 免罚 clause after '；' (a new subject,
//!    so the 其中 parts exceed their whole only because of it). Every rule
//!    planted in a document ran and passed on its clean version.
//! 2. `<doc>.planted.*`: one defect planted per rule (scripts/make-prose-
//!    fixtures.py, listed in `<doc>.planted.json`); each is found with its
//!    check, severity and stated value, with operands placed in the prose
//!    (section, source, char offset), and no other prose error appears.
//! 3. The real disclosures in ../shared/realworld (skipped when absent): the
//!    altered final-accounts file yields the direction-word and share
//!    defects planted in it; its published twin has no direction finding;
//!    the Jiangsu budgets' change rates stated in numbered items read as
//!    headings are checked, and their three wrong rates found.

use std::path::{Path, PathBuf};

use jixiao::model::{Document, Finding, Severity};
use serde_json::Value;

const DOCS: [&str; 2] = [
    "qingxi-water-2024-final-accounts",
    "qingxi-justice-2026-dept-budget",
];
const FORMATS: [&str; 3] = ["txt", "docx", "pdf"];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/prose")
        .join(name)
}

fn extract(path: &Path) -> Document {
    jixiao::extract_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn prose(doc: &Document) -> Vec<&Finding> {
    doc.findings
        .iter()
        .filter(|f| f.check.starts_with("text."))
        .collect()
}

fn severity(s: &str) -> Severity {
    match s {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        _ => Severity::Info,
    }
}

fn expected(doc: &str) -> Value {
    let text = std::fs::read_to_string(fixture(&format!("{doc}.planted.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// (check, severity, stated) of each expected finding.
fn wanted(v: &Value) -> Vec<(String, Severity, f64)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["check"].as_str().unwrap().to_string(),
                severity(e["severity"].as_str().unwrap()),
                e["stated"].as_f64().unwrap(),
            )
        })
        .collect()
}

/// Every prose finding has operands placed in the prose, and the finding too.
fn well_placed(f: &Finding) {
    assert!(!f.operands.is_empty(), "no operands: {f:?}");
    assert!(
        f.location.section.is_some() && f.location.offset.is_some(),
        "{f:?}"
    );
    for o in &f.operands {
        let l = &o.location;
        assert!(
            l.table.is_some() || (l.source.is_some() && l.offset.is_some()),
            "operand without a place: {o:?}"
        );
    }
}

/// Match `found` to `want` one to one; panics with both lists on a miss or an extra.
fn same_findings(what: &str, found: &[&Finding], want: &[(String, Severity, f64)]) {
    let mut left: Vec<&Finding> = found.to_vec();
    for (check, sev, stated) in want {
        let k = left.iter().position(|f| {
            &f.check == check && f.severity == *sev && (f.stated - stated).abs() < 0.006
        });
        match k {
            Some(k) => {
                well_placed(left[k]);
                left.remove(k);
            }
            None => panic!(
                "{what}: no {sev:?} {check} stating {stated}; found:\n{}",
                found
                    .iter()
                    .map(|f| format!("  {:?} {} {}", f.severity, f.check, f.message))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }
    assert!(
        left.is_empty(),
        "{what}: unexpected prose findings:\n{}",
        left.iter()
            .map(|f| format!("  {:?} {} {}", f.severity, f.check, f.message))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn clean_disclosures_have_no_prose_error_in_any_format() {
    for name in DOCS {
        let e = expected(name);
        let both = wanted(&e["both"]);
        let planted = wanted(&e["planted"]);
        for ext in FORMATS {
            let path = fixture(&format!("{name}.{ext}"));
            let doc = extract(&path);
            same_findings(&path.display().to_string(), &prose(&doc), &both);
            // Every rule planted in the other copy ran here and passed.
            for (check, ..) in &planted {
                let c = doc.checks.by_check.get(check);
                assert!(
                    c.is_some_and(|c| c.passed > 0),
                    "{name}.{ext}: {check} never passed: {c:?}"
                );
            }
            // No other family raises an error on it either.
            let errors: Vec<&Finding> = doc
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{name}.{ext}: {errors:#?}");
        }
    }
}

#[test]
fn each_planted_defect_is_found_in_every_format() {
    for name in DOCS {
        let e = expected(name);
        let mut want = wanted(&e["planted"]);
        want.extend(wanted(&e["both"]));
        for ext in FORMATS {
            let path = fixture(&format!("{name}.planted.{ext}"));
            let doc = extract(&path);
            same_findings(&path.display().to_string(), &prose(&doc), &want);
        }
    }
}

#[test]
fn every_prose_rule_has_a_planted_defect() {
    let mut checks: Vec<String> = DOCS
        .iter()
        .flat_map(|d| wanted(&expected(d)["planted"]))
        .map(|(c, ..)| c)
        .collect();
    checks.sort();
    checks.dedup();
    assert_eq!(
        checks,
        [
            "text.change",
            "text.change_table",
            "text.direction",
            "text.parts",
            "text.rate",
            "text.share"
        ]
    );
}

#[test]
fn the_three_formats_give_the_same_prose_findings() {
    for stem in DOCS
        .iter()
        .flat_map(|d| [d.to_string(), format!("{d}.planted")])
    {
        let key = |ext: &str| {
            let doc = extract(&fixture(&format!("{stem}.{ext}")));
            let mut v: Vec<(String, String, i64, i64)> = prose(&doc)
                .iter()
                .map(|f| {
                    (
                        f.check.clone(),
                        format!("{:?}", f.severity),
                        (f.stated * 100.0).round() as i64,
                        (f.computed * 100.0).round() as i64,
                    )
                })
                .collect();
            v.sort();
            v
        };
        let txt = key("txt");
        assert_eq!(txt, key("docx"), "{stem}: docx");
        assert_eq!(txt, key("pdf"), "{stem}: pdf");
    }
}

/// A file under ../shared/realworld (`budgets-shanghai/…`), when present.
fn realworld(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realworld")
        .join(name);
    let p = if p.exists() {
        p
    } else {
        Path::new("/work/shared/realworld").join(name)
    };
    p.exists().then_some(p)
}

#[test]
fn the_altered_final_accounts_yield_the_direction_and_share_defects() {
    let (Some(altered), Some(twin)) = (
        realworld("budgets-shanghai/putuo-finance-2024-final-accounts-altered.pdf"),
        realworld("budgets-shanghai/putuo-finance-2024-final-accounts.pdf"),
    ) else {
        eprintln!("skipped: ../shared/realworld not present");
        return;
    };
    let doc = extract(&altered);
    let found = prose(&doc);
    let flagged = |f: &&&Finding| f.severity <= Severity::Warning;
    // 决算 said to be 大于 (1511.89 < 1560.05, 80.38 < 80.81) or 等于 (60.99 < 62.29) its 预算.
    let mut direction: Vec<f64> = found
        .iter()
        .filter(flagged)
        .filter(|f| f.check == "text.direction")
        .map(|f| f.stated)
        .collect();
    direction.sort_by(f64::total_cmp);
    assert_eq!(direction, vec![60.99, 80.38, 1511.89], "{found:#?}");
    // 一般公共服务支出 2106.66 of 2940.05 is 71.65%, stated 71.73%.
    assert!(
        found.iter().filter(flagged).any(|f| f.check == "text.share"
            && f.stated == 71.73
            && (f.computed - 71.65).abs() < 0.006),
        "{found:#?}"
    );
    for f in &found {
        well_placed(f);
    }
    // The published twin says 小于 where the numbers are smaller.
    let doc = extract(&twin);
    assert!(
        !doc.findings.iter().any(|f| f.check == "text.direction"),
        "{:#?}",
        prose(&doc)
    );
    assert!(
        doc.checks
            .by_check
            .get("text.direction")
            .is_some_and(|c| c.passed >= 5)
    );
}

#[test]
fn change_rates_stated_in_numbered_headings_are_checked() {
    // "2．一般行政管理事务（项）支出 3,666 万元，与上年相比增加 21.8 万元，
    // 增长 0.06 %。主要原因是…": the item's first sentence is the title of a
    // run-in heading. Rates recomputed from the item's own amounts.
    let cases = [
        // 21.8 / (3666 − 21.8) = 0.60 %; 134 / (1895 + 134) = 6.60 %.
        ("budgets-jiangsu/jiangsu-06.pdf", vec![-0.66, 0.06]),
        // 368.97 / (1442.74 − 368.97) = 34.36 %.
        ("budgets-jiangsu/jiangsu-07.pdf", vec![34.38]),
    ];
    for (name, want) in cases {
        let Some(path) = realworld(name) else {
            eprintln!("skipped: ../shared/realworld not present");
            return;
        };
        let doc = extract(&path);
        let title = |id: &str| {
            let mut stack: Vec<&jixiao::model::Section> = doc.sections.iter().collect();
            while let Some(s) = stack.pop() {
                if s.id == id {
                    return s.title.clone();
                }
                stack.extend(&s.children);
            }
            String::new()
        };
        // The errors whose rate is written in their section's title.
        let in_titles: Vec<&Finding> = doc
            .findings
            .iter()
            .filter(|f| f.check == "text.change" && f.severity == Severity::Error)
            .filter(|f| {
                title(f.location.section.as_deref().unwrap_or(""))
                    .contains(&format!("{:.2}", f.stated.abs()))
            })
            .collect();
        let mut stated: Vec<f64> = in_titles.iter().map(|f| f.stated).collect();
        stated.sort_by(f64::total_cmp);
        assert_eq!(stated, want, "{name}: {in_titles:#?}");
        for f in &in_titles {
            well_placed(f);
        }
    }
}
