//! Planted errors: for each family of checks, a fixture copy (in memory) with
//! one number changed, run through `jixiao::extract_bytes`; the finding must
//! name the planted number (check, stated, computed, location). The untouched
//! originals raise no error beyond the golden ones, and their checks are real
//! (each family runs and passes on them).

use std::path::{Path, PathBuf};

use jixiao::model::{Document, Finding, Severity};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/corpus")
        .join(name)
}

fn original(name: &str) -> String {
    std::fs::read_to_string(corpus(name)).expect("fixture readable")
}

/// The fixture with `from` replaced by `to` on (1-based) line `line`, where it
/// must occur exactly once.
fn planted(name: &str, line: usize, from: &str, to: &str) -> String {
    let text = original(name);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let l = &mut lines[line - 1];
    assert_eq!(
        l.matches(from).count(),
        1,
        "「{from}」 once on line {line}: {l}"
    );
    *l = l.replacen(from, to, 1);
    lines.join("\n") + "\n"
}

fn extract(name: &str, text: &str) -> Document {
    jixiao::extract_bytes(text.as_bytes(), name).expect("extracts")
}

fn errors(doc: &Document) -> Vec<&Finding> {
    doc.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.006
}

/// The error finding of `check` stating `stated` and computing `computed`.
fn find<'a>(doc: &'a Document, check: &str, stated: f64, computed: f64) -> &'a Finding {
    errors(doc)
        .into_iter()
        .find(|f| f.check == check && close(f.stated, stated) && close(f.computed, computed))
        .unwrap_or_else(|| {
            panic!(
                "no {check} error {stated} vs {computed}; errors: {:#?}",
                errors(doc)
                    .iter()
                    .map(|f| (&f.check, f.stated, f.computed, &f.message))
                    .collect::<Vec<_>>()
            )
        })
}

/// Error findings as (check, stated, computed), sorted.
fn error_keys(doc: &Document) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = errors(doc)
        .iter()
        .map(|f| {
            (
                f.check.clone(),
                format!("{:.2}", f.stated),
                format!("{:.2}", f.computed),
            )
        })
        .collect();
    v.sort();
    v
}

const ECO: &str = "nanjing-eco-2024.txt";
const LAND: &str = "nanjing-land-2022.txt";
const LISHUI: &str = "lishui-assessment-2022.txt";

fn key(check: &str, stated: &str, computed: &str) -> (String, String, String) {
    (check.into(), stated.into(), computed.into())
}

// ---------------------------------------------------------------------------
// The untouched originals
// ---------------------------------------------------------------------------

#[test]
fn originals_hold_only_the_golden_errors() {
    let eco = extract(ECO, &original(ECO));
    assert_eq!(
        error_keys(&eco),
        vec![
            key("score.weights", "10.00", "9.00"),
            key("score.weights", "7.00", "8.00"),
            key("text.parts", "5024.67", "4994.00"),
        ]
    );
    let land = extract(LAND, &original(LAND));
    // 表1-2: 基本支出 also holds 项目支出 (golden `required`, one finding per column).
    assert_eq!(
        error_keys(&land),
        vec![
            key("table.total", "1668.64", "1789.92"),
            key("table.total", "1971.60", "2076.06"),
            key("table.total", "302.96", "286.14"),
        ]
    );
    let lishui = extract(LISHUI, &original(LISHUI));
    assert_eq!(error_keys(&lishui), vec![]);
}

#[test]
fn originals_run_every_family_and_pass_most() {
    let eco = extract(ECO, &original(ECO));
    let c = &eco.checks;
    assert_eq!(c.run, c.passed + c.failed);
    for fam in [
        "table.total",
        "table.hierarchy",
        "table.parts",
        "table.rate",
        "score.weights",
        "score.total",
        "score.max",
        "text.parts",
        "text.share",
        "text.rate",
    ] {
        let f = c.by_check.get(fam).unwrap_or_else(|| panic!("{fam} ran"));
        assert!(f.passed > 0, "{fam}: {f:?}");
        assert_eq!(f.run, f.passed + f.failed, "{fam}");
    }
    let sum: u32 = c.by_check.values().map(|f| f.run).sum();
    assert_eq!(sum, c.run);
    assert_eq!(c.failed, 3);
}

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

/// 表 2-1: the 合计 row's 本年支出 raised by 100.
#[test]
fn planted_table_total() {
    let doc = extract(
        ECO,
        &planted(ECO, 196, "4,645.07\t4,645.07", "4,645.07\t4,745.07"),
    );
    let f = find(&doc, "table.total", 4745.07, 4645.07);
    let t = f.location.table.expect("table id");
    assert!(
        doc.tables[t]
            .caption
            .as_deref()
            .unwrap_or("")
            .contains("2-1")
    );
    assert_eq!(f.location.column, Some(4));
    assert!(f.message.contains("合计"), "{}", f.message);
}

/// 表 2-1: 人员经费 年初预算 raised by 100, so 基本支出 no longer holds its items.
#[test]
fn planted_table_hierarchy() {
    let doc = extract(ECO, &planted(ECO, 191, "3,263.58", "3,363.58"));
    let f = find(&doc, "table.hierarchy", 3883.60, 3983.60);
    assert_eq!(f.location.column, Some(2));
    assert!(f.message.contains("基本支出"), "{}", f.message);
    assert!(f.operands.iter().any(|o| close(o.value, 3363.58)));
}

/// 表 2-4: a 其中 row larger than its parent.
#[test]
fn planted_table_parts() {
    let doc = extract(ECO, &planted(ECO, 242, "57.89", "67.89"));
    let f = find(&doc, "table.parts", 57.89, 67.89);
    assert!(f.location.table.is_some());
    assert_eq!(f.location.column, Some(1));
}

/// 表 2-1: 基本支出's 执行率 no longer 本年支出 / 全年预算.
#[test]
fn planted_table_rate() {
    let doc = extract(ECO, &planted(ECO, 190, "100.00%", "90.00%"));
    let f = find(&doc, "table.rate", 90.0, 100.0);
    assert_eq!(f.location.column, Some(5));
    assert!(f.message.contains("基本支出"), "{}", f.message);
}

// ---------------------------------------------------------------------------
// Score sheets
// ---------------------------------------------------------------------------

/// 附件 1: 计划制定 declared 5 over items weighing 2 + 2.
#[test]
fn planted_score_weights() {
    let doc = extract(ECO, &planted(ECO, 437, "计划制定4", "计划制定5"));
    let f = find(&doc, "score.weights", 5.0, 4.0);
    assert!(f.message.contains("计划制定"), "{}", f.message);
    assert!(f.location.table.is_some());
}

/// 附件 1: the 合计 row's score changed.
#[test]
fn planted_score_total() {
    let doc = extract(ECO, &planted(ECO, 493, "89.81", "88.81"));
    let f = find(&doc, "score.total", 88.81, 89.81);
    assert!(f.location.row.is_some());
}

/// 附件 1: a score above its weight (预算调整率 weighs 1).
#[test]
fn planted_score_max() {
    let doc = extract(ECO, &planted(ECO, 443, "0.72", "1.72"));
    let f = find(&doc, "score.max", 1.72, 1.0);
    assert!(f.message.contains("预算调整率"), "{}", f.message);
}

// ---------------------------------------------------------------------------
// Prose
// ---------------------------------------------------------------------------

/// "全年预算总额为 4,645.07 万元，其中部门预算为 4,320.68 …" no longer adds up.
#[test]
fn planted_text_parts() {
    let doc = extract(ECO, &planted(ECO, 178, "4,310.68", "4,320.68"));
    let f = find(&doc, "text.parts", 4645.07, 4655.07);
    assert_eq!(f.location.source.as_ref().and_then(|s| s.line), Some(178));
    assert_eq!(f.operands.len(), 3);
}

/// "占总预算 4,645.07 万元的 71.72%" for 3,796.10.
#[test]
fn planted_text_share() {
    let doc = extract(ECO, &planted(ECO, 200, "81.72%", "71.72%"));
    let f = find(&doc, "text.share", 71.72, 81.72);
    assert_eq!(f.location.source.as_ref().and_then(|s| s.line), Some(200));
    assert_eq!(f.unit.as_deref(), Some("%"));
}

/// "全年预算数 514.58 万元 … 实际支出 504.58 万元 … 预算执行率为 100.00%".
#[test]
fn planted_text_rate() {
    let doc = extract(
        ECO,
        &planted(ECO, 202, "实际支出 514.58", "实际支出 504.58"),
    );
    let f = find(&doc, "text.rate", 100.0, 98.06);
    assert_eq!(f.location.source.as_ref().and_then(|s| s.line), Some(202));
}

/// A change sentence added to a fixture paragraph: 700 over 820 is −14.63%, not −1.50%.
#[test]
fn planted_text_change() {
    let sentence =
        "2023年当年预算执行数为820.00万元，2024年预算安排700.00万元，比2023年预算执行数减少1.50%。";
    let text = planted(ECO, 202, "2024 年部门预算项目支出情况如下：", sentence);
    let doc = extract(ECO, &text);
    let f = find(&doc, "text.change", -1.5, -14.63);
    assert_eq!(f.location.source.as_ref().and_then(|s| s.line), Some(202));
    let fixed = planted(
        ECO,
        202,
        "2024 年部门预算项目支出情况如下：",
        &sentence.replace("1.50%", "14.63%"),
    );
    let doc = extract(ECO, &fixed);
    assert!(errors(&doc).iter().all(|f| f.check != "text.change"));
    assert!(doc.checks.by_check["text.change"].passed >= 1);
}

// ---------------------------------------------------------------------------
// The report for people
// ---------------------------------------------------------------------------

#[test]
fn report_names_numbers_and_places() {
    let doc = extract(ECO, &original(ECO));
    let text = jixiao::output::report::findings_text(&doc);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("3 error(s)"), "{text}");
    // Most severe first, each with its numbers and its place.
    assert!(text.contains("text.parts"), "{text}");
    assert!(
        text.contains("stated 5024.67 万元, computed 4994 万元"),
        "{text}"
    );
    assert!(text.contains("section 1.2.1.1 (line 178)"), "{text}");
    assert!(text.contains("「预算执行10」"), "{text}");
    assert!(
        text.contains("row 14 「预算管理7」, column 「二级指标」 (line 454)"),
        "{text}"
    );
}

/// "环保专项资金年初预算数 595.87 万元" against 表 2-1's 585.87 in 环保专项资金 / 年初预算.
#[test]
fn planted_text_against_table() {
    let doc = extract(ECO, &planted(ECO, 219, "585.87", "595.87"));
    let f = find(&doc, "text.table", 595.87, 585.87);
    assert_eq!(f.location.source.as_ref().and_then(|s| s.line), Some(219));
    let cell = &f.operands[1].location;
    let t = cell.table.expect("the table cell");
    assert!(
        doc.tables[t]
            .caption
            .as_deref()
            .unwrap_or("")
            .contains("2-1")
    );
    assert_eq!(cell.column, Some(2));
    // The untouched sentence agrees with the table.
    let doc = extract(ECO, &original(ECO));
    assert!(doc.checks.by_check["text.table"].passed >= 3);
}
