//! A budget or final-accounts disclosure audited as one whole
//! (src/audit/disclosure/), and the facts table researchers query.
//!
//! 1. `fixtures/disclosure/<doc>.{txt,docx,pdf}`: a 部门决算 and a 部门预算 of
//!    my own whose tables and prose agree. No `error` in any format; the only
//!    findings are the rounding adjustments (a 类 total one cent off where the
//!    publisher forced a total to agree), as `warning`s. Every disclosure check
//!    that has something to compare ran.
//! 2. `<doc>-planted.*` (scripts/make-disclosure-fixtures.py, PLANTED): each
//!    planted defect is found with its check and severity, in every format.
//! 3. The real Shanghai files in ../shared/realworld (skipped when absent):
//!    the altered final accounts yield every kind of defect the issue lists,
//!    the published twin none of the planted ones; every `error` on any real
//!    file is one of the real defects listed in `REAL_DEFECTS`.
//! 4. The facts table: the two researcher queries of docs/queries.md run on a
//!    database of the clean fixtures and give the output the document shows;
//!    every real budget file has facts from its standard tables; `--jsonl`
//!    carries the same facts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use jixiao::model::{Document, Severity};

const FORMATS: [&str; 3] = ["txt", "docx", "pdf"];
const CLEAN: [&str; 2] = [
    "qinghe-culture-2024-final-accounts",
    "qinghe-water-2025-budget",
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/disclosure")
        .join(name)
}

fn extract(path: &Path) -> Document {
    jixiao::extract_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sev(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "info",
    }
}

/// (check, severity) → how many findings.
fn tally(doc: &Document) -> BTreeMap<(String, &'static str), usize> {
    let mut m = BTreeMap::new();
    for f in &doc.findings {
        *m.entry((f.check.clone(), sev(f.severity))).or_insert(0) += 1;
    }
    m
}

fn want(list: &[(&str, &'static str, usize)]) -> BTreeMap<(String, &'static str), usize> {
    list.iter()
        .map(|&(c, s, n)| ((c.to_string(), s), n))
        .collect()
}

#[test]
fn clean_disclosures_have_no_error_and_rounding_adjustments_are_warnings() {
    for name in CLEAN {
        for ext in FORMATS {
            let doc = extract(&fixture(&format!("{name}.{ext}")));
            let what = format!("{name}.{ext}");
            assert!(doc.kind.is_some(), "{what}: kind not known");
            assert!(doc.fiscal_year.is_some() && doc.entity.is_some(), "{what}");
            for f in &doc.findings {
                // The 208 社会保障和就业支出 line: 147.51 in one table, 147.50
                // in another — one unit in the last decimal.
                assert!(
                    f.severity == Severity::Warning
                        && f.check == "disclosure.code_amounts"
                        && f.message.contains("rounding adjustment")
                        && f.difference.abs() <= 0.0100001,
                    "{what}: {f:#?}"
                );
            }
            for check in [
                "disclosure.summary_totals",
                "disclosure.code_amounts",
                "disclosure.basic_split",
                "disclosure.missing_table",
                "disclosure.blank_table",
                "hygiene.year",
            ] {
                assert!(
                    doc.checks.by_check.get(check).is_some_and(|c| c.run > 0),
                    "{what}: {check} did not run: {:?}",
                    doc.checks.by_check
                );
            }
        }
    }
}

#[test]
fn each_planted_defect_is_found_in_every_format() {
    for ext in FORMATS {
        let doc = extract(&fixture(&format!(
            "qinghe-culture-2024-final-accounts-planted.{ext}"
        )));
        let mut expected = want(&[
            // the 收入决算表's 合计 against the 收支总表's 本年收入合计 (and
            // against its own 财政拨款收入 + 其他收入 columns); the
            // 一般公共预算支出表's 合计 row against its 基本支出 + 项目支出
            ("disclosure.summary_totals", "error", 1),
            ("table.derived", "error", 2),
            // 卫生健康支出 in the 支出决算表 against the 收支总表 (and the
            // 支出决算表's own 类 row against its 款)
            ("disclosure.code_amounts", "error", 1),
            ("table.hierarchy", "error", 2),
            // the 一般公共预算支出表's 合计 against the 财政拨款收支总表
            ("disclosure.general_budget_total", "error", 1),
            // its own 合计 and the 公用经费合计 against their rows; the
            // 收入决算表's 合计 and the 支出决算表's (本年支出合计, 基本支出:
            // 卫生健康支出 planted) against the rows under them, a 合计
            // printed first heading its rows
            ("table.total", "error", 5),
            // 三公 合计 and the car line
            ("disclosure.sangong", "error", 2),
            // 人员经费合计 / 公用经费合计 read by position: a warning
            ("disclosure.basic_split", "warning", 1),
            // the two rounding adjustments of the clean file
            ("disclosure.code_amounts", "warning", 2),
            // the 国有资本经营 table the 目录 lists, gone
            ("disclosure.missing_table", "warning", 1),
            // the 政府性基金 table blank while the prose gives its amount
            ("disclosure.blank_table", "warning", 1),
            // a heading naming 2023, 截至2023年12月31日
            ("hygiene.year", "warning", 2),
            // XX局
            ("hygiene.placeholder", "warning", 1),
        ]);
        if ext == "pdf" {
            // The 目录 sends the 收入决算表 to page 7 (it is on 4); the
            // dropped table moves 第四部分 up a page, which the 目录 does
            // not follow either. Text and DOCX have no pages.
            expected.insert(("disclosure.contents_page".into(), "warning"), 2);
        }
        assert_eq!(tally(&doc), expected, "culture planted .{ext}");

        let doc = extract(&fixture(&format!("qinghe-water-2025-budget-planted.{ext}")));
        let expected = want(&[
            // 人员经费 572.46 + 公用经费 66.26 against 基本支出 593.72, seen by
            // the table's own total, its 合计 row and the two tables
            ("disclosure.basic_split", "error", 1),
            ("table.total", "error", 1),
            ("table.derived", "error", 1),
            // 水土保持 69.80 in the 财政拨款 table, 96.80 in the 一般公共预算
            // table and nothing in the fund table
            ("disclosure.fund_split", "error", 1),
            ("table.hierarchy", "error", 1),
            // 截至2022年8月31日 in a 2025 budget
            ("hygiene.year", "warning", 1),
        ]);
        assert_eq!(tally(&doc), expected, "water planted .{ext}");
    }
}

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

/// Every `error` jixiao gives on the real files, each checked by hand against
/// the document (file, check, stated value); the arithmetic is in
/// docs/audit.md ("Real files").
const REAL_DEFECTS: &[(&str, &str, f64)] = &[
    // 占“三公”经费的 8.75% / 7.22% / 16.81%: shares of the table's 合计 with
    // 会议费 and 培训费 (2,542.60); of the 三公经费 (833.60) they are 26.69%,
    // 22.02%, 51.28%
    ("budgets-jiangsu/jiangsu-01.pdf", "text.share", 8.75),
    ("budgets-jiangsu/jiangsu-01.pdf", "text.share", 7.22),
    ("budgets-jiangsu/jiangsu-01.pdf", "text.share", 16.81),
    // 单位预留机动经费 1685.72, 增加 1557.29: 1557.29 / 128.43 = 1212.56%,
    // stated 1312.56% (the sentence before names the level)
    ("budgets-jiangsu/jiangsu-04.pdf", "text.change", 1312.56),
    // 3401.59 / (6032.55 − 3401.59) = 129.29%, stated 129.97%
    ("budgets-jiangsu/jiangsu-05.pdf", "text.change", 129.97),
    // 公务接待费 156.55 of the 三公经费 584.35 (110 + 317.8 + 156.55) is
    // 26.79%, stated 26.72%
    ("budgets-jiangsu/jiangsu-05.pdf", "text.share", 26.72),
    // 3958.67 / (21955.35 − 3958.67) = 22.00%, stated 21.95%
    ("budgets-jiangsu/jiangsu-06.pdf", "text.change", 21.95),
    // the 一般行政管理事务 item: 21.8 / (3666 − 21.8) = 0.60%, stated 0.06%
    ("budgets-jiangsu/jiangsu-06.pdf", "text.change", 0.06),
    // the 公诉、审判… item: 134 / (1895 + 134) = 6.60% down, stated 0.66%
    ("budgets-jiangsu/jiangsu-06.pdf", "text.change", -0.66),
    // 2214.39 / (24169.74 − 2214.39) = 10.09%, stated 10.06%
    ("budgets-jiangsu/jiangsu-07.pdf", "text.change", 10.06),
    // the 住房公积金 item: 368.97 / (1442.74 − 368.97) = 34.36%, stated 34.38%
    ("budgets-jiangsu/jiangsu-07.pdf", "text.change", 34.38),
    // 项目支出预算数为 4335.3 万元。与上年相比减少了 1237.7 万元，减少 13.22%:
    // 1237.7 / (4335.3 + 1237.7) = 22.21% (13.22% is the 基本支出's rate, the
    // paragraph before)
    ("budgets-jiangsu/jiangsu-07.pdf", "text.change", -13.22),
    // 101.48 / (6106.99 − 101.48) = 1.69%, stated 1.66%
    ("budgets-jiangsu/jiangsu-08.pdf", "text.change", 1.66),
    // 3、住房保障（类）支出 3894.09 万元 (a heading), and its body: 与上年相比
    // 增加 878.93 万元，增长 30%: 878.93 / (3894.09 − 878.93) = 29.15%
    ("budgets-jiangsu/jiangsu-12.pdf", "text.change", 30.0),
    // the planted defects (GovBudgetChecker's test version)
    (
        "budgets-shanghai/putuo-finance-2024-final-accounts-altered.pdf",
        "text.grand_total",
        0.0,
    ),
    (
        "budgets-shanghai/putuo-finance-2024-final-accounts-altered.pdf",
        "text.change",
        -1.87,
    ),
    (
        "budgets-shanghai/putuo-finance-2024-final-accounts-altered.pdf",
        "text.share",
        71.73,
    ),
    (
        "budgets-shanghai/putuo-finance-2024-final-accounts-altered.pdf",
        "text.direction",
        1511.89,
    ),
    (
        "budgets-shanghai/putuo-finance-2024-final-accounts-altered.pdf",
        "text.direction",
        80.38,
    ),
    (
        "budgets-shanghai/putuo-finance-2024-final-accounts-altered.pdf",
        "text.direction",
        60.99,
    ),
    // 财政拨款收入支出总计 0.3 万元 in the text, 2961.68 in its table
    (
        "budgets-shanghai/putuo-finance-2024-final-accounts.pdf",
        "text.grand_total",
        0.3,
    ),
    // 2106.66 / 2940.05 = 71.65%, stated 71.73%
    (
        "budgets-shanghai/putuo-finance-2024-final-accounts.pdf",
        "text.share",
        71.73,
    ),
    // 43269.3 → 3845.49 is −91.11%, stated +17.62%
    (
        "budgets-shanghai/putuo-justice-2026-dept-budget.pdf",
        "text.change",
        17.62,
    ),
    // 77.99 → 91.97 is +17.93%, stated +17.66% (the line above's rate)
    (
        "budgets-shanghai/putuo-justice-2026-dept-budget.pdf",
        "text.change",
        17.66,
    ),
    // 198.34 → 201.50 is +1.59%, stated +5.27%
    (
        "budgets-shanghai/putuo-justice-2026-dept-budget.pdf",
        "text.change",
        5.27,
    ),
    // 行政运行's 项目支出 64,840,547.00 (its 合计 is 14,348,853.34 = 基本支出):
    // the 司法 款's 项目支出 is counted twice, in two tables
    (
        "budgets-shanghai/putuo-justice-2026-unit-budget.pdf",
        "table.hierarchy",
        64840547.0,
    ),
    (
        "budgets-shanghai/putuo-justice-2026-unit-budget.pdf",
        "table.derived",
        14348853.34,
    ),
    // 1690.69 → 1434.89 is −15.13%, stated −1.10%; 57.43 → 57.8 is +0.64%,
    // stated 减少2.27%; 241.76 → 170.03 is −29.67%, stated 增加21.74%
    (
        "budgets-shanghai/putuo-justice-2026-unit-budget.pdf",
        "text.change",
        -1.1,
    ),
    (
        "budgets-shanghai/putuo-justice-2026-unit-budget.pdf",
        "text.change",
        -2.27,
    ),
    (
        "budgets-shanghai/putuo-justice-2026-unit-budget.pdf",
        "text.change",
        21.74,
    ),
    // v2: numbers changed in the content streams on purpose (SOURCES.tsv)
    (
        "budgets-shanghai/putuo-planning-2024-final-accounts-v2.pdf",
        "table.total",
        9759.38,
    ),
    (
        "budgets-shanghai/putuo-planning-2024-final-accounts-v2.pdf",
        "table.hierarchy",
        754.75,
    ),
    (
        "budgets-shanghai/putuo-planning-2024-final-accounts-v2.pdf",
        "table.derived",
        228.12,
    ),
    (
        "budgets-shanghai/putuo-planning-2024-final-accounts-v2.pdf",
        "text.change",
        13.59,
    ),
    (
        "budgets-shanghai/putuo-planning-2024-final-accounts-v2.pdf",
        "text.share",
        45.87,
    ),
    (
        "budgets-shanghai/putuo-planning-2024-final-accounts-v2.pdf",
        "text.rate",
        95.54,
    ),
    (
        "budgets-shanghai/putuo-planning-2024-final-accounts-v2.pdf",
        "text.rate",
        100.0,
    ),
    (
        "budgets-shanghai/putuo-planning-2024-final-accounts-v2.pdf",
        "text.direction",
        28.11,
    ),
    (
        "budgets-shanghai/putuo-planning-2024-final-accounts-v2.pdf",
        "disclosure.code_amounts",
        754.75,
    ),
    // 348.52 → 352.67 is +1.19%, stated +0.53%
    (
        "budgets-shanghai/putuo-wanli-street-2024-dept-budget.pdf",
        "text.change",
        0.53,
    ),
    // 完成年初预算的 95.89% with a 年初预算 of 0 (307.82 / 321.02 is the
    // rate of the 全年预算)
    (
        "budgets-shanghai/putuo-social-work-2024-final-accounts.pdf",
        "text.rate",
        95.89,
    ),
];

#[test]
fn the_altered_final_accounts_yield_every_kind_of_defect_and_the_twin_none() {
    let (Some(altered), Some(twin)) = (
        realworld("budgets-shanghai/putuo-finance-2024-final-accounts-altered.pdf"),
        realworld("budgets-shanghai/putuo-finance-2024-final-accounts.pdf"),
    ) else {
        eprintln!("skipped: ../shared/realworld not present");
        return;
    };
    let doc = extract(&altered);
    let t = tally(&doc);
    let n = |c: &str, s: &'static str| t.get(&(c.to_string(), s)).copied().unwrap_or(0);
    // 决算 said to be 大于 / 等于 its 预算 when smaller (three sentences)
    assert_eq!(n("text.direction", "error"), 3, "{t:?}");
    // a listed share that is wrong (71.73% of 2940.05 for 2106.66)
    assert_eq!(n("text.share", "error"), 1, "{t:?}");
    // the 三公 table left blank while the prose gives its amounts
    assert_eq!(n("disclosure.blank_table", "warning"), 1, "{t:?}");
    // the 支出决算表 listed in the 目录 and missing from the body
    assert_eq!(n("disclosure.missing_table", "warning"), 1, "{t:?}");
    // a heading naming 2023, and 截至2023年12月31日
    assert_eq!(n("hygiene.year", "warning"), 2, "{t:?}");
    // 上海市普陀区XX局
    assert_eq!(n("hygiene.placeholder", "warning"), 1, "{t:?}");

    let doc = extract(&twin);
    for f in &doc.findings {
        assert!(
            !f.check.starts_with("hygiene.")
                && f.check != "disclosure.blank_table"
                && f.check != "disclosure.missing_table"
                && f.check != "text.direction",
            "twin: {f:#?}"
        );
    }
}

#[test]
fn every_error_on_the_real_files_is_a_real_defect() {
    let Some(root) = realworld("budgets-shanghai").and_then(|p| p.parent().map(Path::to_path_buf))
    else {
        eprintln!("skipped: ../shared/realworld not present");
        return;
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap().flatten() {
        if dir.path().is_dir() {
            files.extend(
                std::fs::read_dir(dir.path())
                    .unwrap()
                    .flatten()
                    .map(|e| e.path()),
            );
        }
    }
    files.sort();
    let mut unexplained = Vec::new();
    let mut seen = vec![false; REAL_DEFECTS.len()];

    /// Errors allowed but not required: 增长100.00% over a previous year of 0 (an
    /// item new this year, social work 2024 ×4, 万里街道 2024 0.00 → 25.00) is the
    /// usual convention, which main now reports as a `warning`.
    const ZERO_BASE: &[(&str, &str, f64)] = &[
        (
            "budgets-shanghai/putuo-social-work-2024-final-accounts.pdf",
            "text.change",
            100.0,
        ),
        (
            "budgets-shanghai/putuo-wanli-street-2024-dept-budget.pdf",
            "text.change",
            100.0,
        ),
    ];
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
    {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let Ok(doc) = jixiao::extract_path(path) else {
            continue;
        };
        for f in doc
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
        {
            match REAL_DEFECTS
                .iter()
                .position(|&(p, c, v)| p == rel && c == f.check && (v - f.stated).abs() < 1e-6)
            {
                Some(i) => seen[i] = true,
                None if ZERO_BASE
                    .iter()
                    .any(|&(p, c, v)| p == rel && c == f.check && (v - f.stated).abs() < 1e-6) => {}
                None => unexplained.push(format!("{rel}: {} {}: {}", f.check, f.stated, f.message)),
            }
        }
    }
    assert!(
        unexplained.is_empty(),
        "errors that are not known real defects:\n{}",
        unexplained.join("\n")
    );
    let missed: Vec<_> = REAL_DEFECTS
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|(d, _)| d)
        .collect();
    assert!(
        missed.is_empty(),
        "real defects no longer found: {missed:?}"
    );
}

/// The SQL of a `## N.` section of docs/queries.md and the first output block
/// after it.
fn query(doc: &str, section: &str) -> (String, String) {
    let at = doc
        .find(section)
        .unwrap_or_else(|| panic!("{section} not in docs/queries.md"));
    let rest = &doc[at..];
    let sql_at = rest.find("```sql\n").unwrap() + 7;
    let sql_end = sql_at + rest[sql_at..].find("```").unwrap();
    let after = &rest[sql_end + 3..];
    let out_at = after.find("```\n").unwrap() + 4;
    let out_end = out_at + after[out_at..].find("```").unwrap();
    (
        rest[sql_at..sql_end].to_string(),
        after[out_at..out_end].to_string(),
    )
}

fn rows(conn: &rusqlite::Connection, sql: &str) -> String {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{e}: {sql}"));
    let n = stmt.column_count();
    let mut out = String::new();
    let mut q = stmt.query([]).unwrap();
    while let Some(row) = q.next().unwrap() {
        let cells: Vec<String> = (0..n)
            .map(|i| match row.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Null => String::new(),
                rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                rusqlite::types::ValueRef::Real(v) => format!("{v:?}"),
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                rusqlite::types::ValueRef::Blob(_) => "<blob>".into(),
            })
            .collect();
        out.push_str(&cells.join("|"));
        out.push('\n');
    }
    out
}

#[test]
fn the_researcher_queries_of_docs_queries_md_give_their_shown_output() {
    let dir = std::env::temp_dir().join(format!("jixiao-facts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("facts.sqlite");
    let _ = std::fs::remove_file(&db);
    let status = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("extract")
        .args([
            fixture("qinghe-culture-2024-budget.txt"),
            fixture("qinghe-culture-2024-final-accounts.txt"),
            fixture("qinghe-water-2025-budget.txt"),
        ])
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/queries.md"))
            .unwrap();
    for section in ["## 4. One entity's 三公经费", "## 5. The ten entities"] {
        let (sql, shown) = query(&doc, section);
        assert_eq!(rows(&conn, &sql), shown, "{section}");
    }
    // Every fixture document has facts, each with its entity and year.
    let per_doc = rows(
        &conn,
        "SELECT count(DISTINCT document_id), sum(entity IS NULL OR fiscal_year IS NULL OR document_kind IS NULL), count(DISTINCT table_kind) FROM facts",
    );
    assert_eq!(per_doc.split('|').next(), Some("3"), "{per_doc}");
    assert!(per_doc.contains("|0|"), "{per_doc}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn jsonl_output_carries_the_facts() {
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["extract", "--jsonl"])
        .arg(fixture("qinghe-water-2025-budget.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let line: serde_json::Value =
        serde_json::from_slice(out.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    let facts = line["facts"].as_array().expect("facts in --jsonl");
    let doc = extract(&fixture("qinghe-water-2025-budget.txt"));
    assert_eq!(facts.len(), doc.facts.len());
    assert!(facts.len() > 100);
}

#[test]
fn facts_hold_the_standard_tables_of_every_real_budget_file() {
    let Some(dir) = realworld("budgets-shanghai") else {
        eprintln!("skipped: ../shared/realworld not present");
        return;
    };
    let root = dir.parent().unwrap().to_path_buf();
    for sub in ["budgets-shanghai", "budgets-jiangsu"] {
        for e in std::fs::read_dir(root.join(sub)).unwrap().flatten() {
            let doc = extract(&e.path());
            let Some(kind) = doc.kind else { continue };
            if !jixiao::structure::kind::is_disclosure(kind) {
                continue;
            }
            if !doc.tables.iter().any(|t| t.kind.is_some()) {
                // the 情况说明 of a disclosure whose tables are another file
                continue;
            }
            // Each recognised standard table with amounts has facts (a blank
            // template has none).
            let mut tables_with_amounts = 0;
            let with_facts: std::collections::BTreeSet<usize> =
                doc.facts.iter().map(|f| f.table).collect();
            for t in &doc.tables {
                // An amount has decimals (a 科目编码 has none): 1,234.56.
                let has_amounts = t
                    .rows
                    .iter()
                    .flatten()
                    .any(|c| c.value.is_some_and(|v| v != 0.0) && c.text.contains('.'));
                if t.kind.is_some() && has_amounts {
                    tables_with_amounts += 1;
                    assert!(
                        with_facts.contains(&t.id),
                        "{}: table {} 「{:?}」 has no facts",
                        e.path().display(),
                        t.id,
                        t.caption
                    );
                }
            }
            assert!(
                tables_with_amounts == 0 || doc.facts.len() >= 50,
                "{}: {} facts",
                e.path().display(),
                doc.facts.len()
            );
        }
    }
}

/// The Jiangsu procurement tables (采购品目大类 | 专项名称 | 经济科目 |
/// 采购物品名称) show their levels by the column a row starts in: read that
/// way, every category is the sum of its projects and every project the sum
/// of its items, so the audit checks them all and finds nothing (read by
/// position alone, each category was "twice its rows"). jiangsu-16's table
/// runs onto page 17, whose first row has no ruling above it: it is one table.
#[test]
fn real_procurement_tables_nest_by_label_column() {
    let mut checked = 0;
    let mut tables = 0;
    for n in 1..=16 {
        let Some(path) = realworld(&format!("budgets-jiangsu/jiangsu-{n:02}.pdf")) else {
            eprintln!("skipped: ../shared/realworld not present");
            return;
        };
        let doc = extract(&path);
        for t in doc
            .tables
            .iter()
            .filter(|t| t.kind == Some(jixiao::model::TableKind::GovernmentProcurement))
            .filter(|t| t.columns.iter().any(|c| c.contains("采购物品名称")))
        {
            tables += 1;
            let mut rec = jixiao::audit::Recorder::default();
            jixiao::audit::check_table(t, &mut rec);
            let hierarchy = &rec.summary.by_check.get("table.hierarchy");
            checked += hierarchy.map_or(0, |c| c.passed);
            let wrong: Vec<_> = rec
                .findings
                .iter()
                .filter(|f| f.check.starts_with("table."))
                .map(|f| f.message.clone())
                .collect();
            assert!(wrong.is_empty(), "jiangsu-{n:02}: {wrong:#?}");
        }
        if n == 16 {
            let t = doc
                .tables
                .iter()
                .find(|t| t.kind == Some(jixiao::model::TableKind::GovernmentProcurement))
                .expect("jiangsu-16 procurement table");
            assert_eq!((t.location.page, t.location.page_end), (Some(16), Some(17)));
            assert!(t.rows.iter().any(|r| r.iter().any(|c| c.text == "会议费")));
        }
    }
    eprintln!("{tables} procurement tables, {checked} hierarchy checks passed");
    assert!(tables >= 10, "{tables} procurement tables");
    assert!(checked >= 100, "{checked} hierarchy checks passed");
}

/// `jixiao text` of a disclosure, read back as text, is the same disclosure:
/// the same tables with the same captions and units, and the same errors
/// (check and stated value). Text is what researchers keep and diff, and
/// what other tools export; a caption or unit line lost on the way made the
/// text of a budget file lose every template check. Over the fixtures' PDF
/// and DOCX disclosures, and the real budget files when present.
#[test]
fn a_disclosures_text_reads_back_as_the_same_disclosure() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture(""))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf" || x == "docx"))
        .collect();
    for dir in ["budgets-shanghai", "budgets-jiangsu"] {
        match realworld(dir) {
            Some(d) => files.extend(std::fs::read_dir(d).unwrap().flatten().map(|e| e.path())),
            None => eprintln!("skipped the real files: ../shared/realworld not present"),
        }
    }
    files.sort();
    assert!(files.len() >= 8);
    let errors = |d: &Document| -> Vec<(String, i64)> {
        let mut v: Vec<(String, i64)> = d
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| (f.check.clone(), (f.stated * 100.0).round() as i64))
            .collect();
        v.sort();
        v
    };
    // (A one-column box, such as a cover's framed title, has no tab to
    // write: its text comes back as a paragraph.)
    let tables = |d: &Document| -> Vec<(Option<String>, Option<String>)> {
        let mut v: Vec<_> = d
            .tables
            .iter()
            .filter(|t| t.header.iter().chain(&t.rows).any(|r| r.len() >= 2))
            .map(|t| (t.caption.clone(), t.unit.clone()))
            .collect();
        v.sort();
        v
    };
    let mut differ = Vec::new();
    for path in &files {
        let doc = extract(path);
        let text = jixiao::output::render_text(&doc);
        let back = jixiao::extract_bytes(text.as_bytes(), "back.txt")
            .unwrap_or_else(|e| panic!("{}: text read back: {e}", path.display()));
        if tables(&back) != tables(&doc) || errors(&back) != errors(&doc) {
            differ.push(format!(
                "{}:\n  tables {:?}\n  read back {:?}\n  errors {:?}\n  read back {:?}",
                path.display(),
                tables(&doc),
                tables(&back),
                errors(&doc),
                errors(&back)
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn a_summary_printed_stacked_reads_its_spending_rows_as_spending() {
    // The 收支总表 with its 支出 rows under its 收入 rows (two columns, a
    // "支出" row between): 文化旅游体育与传媒支出 1,139.05 is spending, not
    // income to be set against the 收入决算表's 207 row (1,142.25).
    let text = "收入支出决算总表\n\n单位：万元\n收入\t\n项目\t决算数\n一、一般公共预算财政拨款收入\t1,412.96\n二、其他收入\t3.20\n本年收入合计\t1,416.16\n支出\t\n项目\t决算数\n一、文化旅游体育与传媒支出\t1,139.05\n二、社会保障和就业支出\t273.91\n本年支出合计\t1,412.96\n\n收入决算表\n\n单位：万元\n科目编码\t科目名称\t本年收入合计\t财政拨款收入\t其他收入\n\t合计\t1,416.16\t1,412.96\t3.20\n207\t文化旅游体育与传媒支出\t1,142.25\t1,139.05\t3.20\n208\t社会保障和就业支出\t273.91\t273.91\t\n";
    let doc = jixiao::extract_bytes(text.as_bytes(), "stacked.txt").expect("extract");
    let errors: Vec<&str> = doc
        .findings
        .iter()
        .filter(|f| f.severity == jixiao::model::Severity::Error)
        .map(|f| f.message.as_str())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
