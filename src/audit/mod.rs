//! audit: checks a document's arithmetic against itself. Reads only the model
//! (never the source format). Each family of checks is its own file:
//! - `totals`: 合计/小计/总计 rows and row hierarchies (序号, 一、/（一）, 其中, codes);
//! - `derived`: derived columns (执行率, 差异率, 净值 = 原值 − 折旧, 得分 + 扣分 = 权重 …),
//!   with the relation found from the rows before it is asserted;
//! - `scores`: score sheets (declared weights, score ≤ weight, totals);
//! - `prose`: statements in the text (whole vs parts, shares, rates, changes,
//!   repeats, prose vs the table cell it names);
//! - `targets`: targets not reached (实际完成值 short of a ≥ 年度指标值), as `info`;
//! - `disclosure`: a budget or final-accounts disclosure as one whole (cross-table
//!   identities, missing and blank tables, years and placeholders), and its facts.
//! - `ocr`: findings resting on numbers read by OCR lowered to `warning`
//!   unless every such number is certain.
//!
//! Comparisons are rounding-aware (`num`). A check that fails beyond rounding
//! is a `Finding`; every check run is counted in the document's `CheckSummary`.

pub mod derived;
pub mod disclosure;
pub mod grid;
pub mod layout;
pub mod num;
pub mod ocr;
pub mod prose;
pub mod scores;
pub mod selfeval;
pub mod statements;
pub mod targets;
pub mod totals;

use std::collections::{BTreeMap, HashMap};

use crate::model::{
    CheckSummary, Document, Finding, Location, Operand, Severity, Table, TableLayout, Warning,
};
use num::Num;

/// Most columns of a table the audit reads (published tables have a few
/// dozen; the searches over column relations grow with the columns' cube).
pub const MAX_AUDIT_COLUMNS: usize = 256;

/// Run every family of checks and record the results in the document. Each
/// table's layout is recognised first (and recorded in `Table::layout`); it
/// decides which relations are checked. Fails only when the time budget is
/// spent (`limits::check`, per table and per passage of prose).
pub fn run(doc: &mut Document) -> crate::Result<()> {
    // Tables typed with full-width digits ("２０７" in a 科目编码 column,
    // "２０２３年决算数" as a column title) are audited as if typed in ASCII;
    // the document keeps the text as written.
    let written = narrow_tables(&mut doc.tables);
    let result = audit(doc);
    restore_tables(&mut doc.tables, written);
    result
}

/// A text of a table that `narrow_tables` replaced, with where it stood.
enum Written {
    Caption(usize, String),
    Column(usize, usize, String),
    Header(usize, usize, usize, String),
    Row(usize, usize, usize, String),
}

/// Fold the full-width digits and letters in the tables' texts to ASCII
/// (`figures::narrow`), returning the texts as written, to be put back. Only
/// the texts that change are touched (most documents have none).
fn narrow_tables(tables: &mut [Table]) -> Vec<Written> {
    fn fold(s: &mut String) -> Option<String> {
        if !s.chars().any(|c| crate::figures::narrow(c) != c) {
            return None;
        }
        let narrow = s.chars().map(crate::figures::narrow).collect();
        Some(std::mem::replace(s, narrow))
    }
    let mut out = Vec::new();
    for (ti, t) in tables.iter_mut().enumerate() {
        if let Some(w) = t.caption.as_mut().and_then(fold) {
            out.push(Written::Caption(ti, w));
        }
        for (c, title) in t.columns.iter_mut().enumerate() {
            if let Some(w) = fold(title) {
                out.push(Written::Column(ti, c, w));
            }
        }
        for (header, rows) in [(true, &mut t.header), (false, &mut t.rows)] {
            for (r, row) in rows.iter_mut().enumerate() {
                for (c, cell) in row.iter_mut().enumerate() {
                    if let Some(w) = fold(&mut cell.text) {
                        out.push(if header {
                            Written::Header(ti, r, c, w)
                        } else {
                            Written::Row(ti, r, c, w)
                        });
                    }
                }
            }
        }
    }
    out
}

/// Put back the texts `narrow_tables` replaced.
fn restore_tables(tables: &mut [Table], written: Vec<Written>) {
    for w in written {
        match w {
            Written::Caption(t, s) => tables[t].caption = Some(s),
            Written::Column(t, c, s) => tables[t].columns[c] = s,
            Written::Header(t, r, c, s) => tables[t].header[r][c].text = s,
            Written::Row(t, r, c, s) => tables[t].rows[r][c].text = s,
        }
    }
}

fn audit(doc: &mut Document) -> crate::Result<()> {
    let mut rec = Recorder::default();
    for table in &mut doc.tables {
        table.layout = Some(layout::recognise(table));
    }
    for table in &doc.tables {
        crate::limits::check()?;
        let width = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if width > MAX_AUDIT_COLUMNS {
            // Not a published table (a row of thousands of cells): its
            // relations are not searched, and the reader is told.
            rec.warn(
                "limit.audit_columns",
                format!(
                    "{}: {width} columns; tables wider than {MAX_AUDIT_COLUMNS} are not audited",
                    table.caption.as_deref().unwrap_or("a table")
                ),
            );
            continue;
        }
        check_table(table, &mut rec);
    }
    crate::limits::check()?;
    prose::check(doc, &mut rec)?;
    disclosure::run(doc, &mut rec);
    rec.warn_left_out();
    ocr::lower(doc, &mut rec.findings);
    rec.findings.sort_by_key(|f| f.severity);
    doc.findings = rec.findings;
    doc.checks = rec.summary;
    doc.warnings.extend(rec.warnings);
    Ok(())
}

/// The title a finding at (`row`, `col`) is shown under when the table is
/// read in blocks, each with its own header row (a self-evaluation sheet's
/// funds and indicators, a form's blocks): that block's title of the
/// column. None where the table's own column titles hold.
pub fn column_title_at(table: &Table, row: usize, col: usize) -> Option<String> {
    match table.layout? {
        TableLayout::MofProjectSelfEvaluation | TableLayout::MofDepartmentSelfEvaluation => {
            selfeval::block_column_title(table, row, col)
        }
        TableLayout::FormBlocks => layout::blocks(table)
            .into_iter()
            .find(|b| b.header.is_some() && (b.start..b.end).contains(&row))
            .and_then(|b| b.columns.get(col).cloned())
            .filter(|t| !t.trim().is_empty()),
        _ => None,
    }
}

/// The checks a table's layout defines.
pub fn check_table(table: &Table, rec: &mut Recorder) {
    match table.layout.unwrap_or(TableLayout::Generic) {
        TableLayout::MofProjectSelfEvaluation | TableLayout::MofDepartmentSelfEvaluation => {
            selfeval::check(table, rec)
        }
        TableLayout::FinancialStatement => statements::check(table, rec),
        TableLayout::FormBlocks => {
            for block in layout::blocks(table) {
                generic(&layout::block_table(table, &block), rec);
            }
        }
        TableLayout::ScoreRules => score_rules(table, rec),
        TableLayout::BudgetStandard | TableLayout::Generic => generic(table, rec),
    }
}

/// A score sheet: its groups' declared weights, else its 小计 and total rows
/// (a sheet whose groups declare nothing in their labels).
fn score_rules(whole: &Table, rec: &mut Recorder) {
    for table in grid::halves(whole) {
        let grid = grid::Grid::new(&table);
        if scores::is_score_sheet(&grid) {
            scores::check(&grid, rec);
        } else if scores::is_plain_score_sheet(&grid) {
            scores::check_plain(&grid, rec);
        } else {
            totals::check(&grid, rec);
            scores::check_row_caps(&grid, rec);
        }
        derived::check(&grid, rec);
        targets::check(&grid, rec);
    }
}

/// Totals, hierarchies, derived columns and targets (score-sheet rules where
/// the table declares weights), on each half of a side-by-side table.
fn generic(whole: &Table, rec: &mut Recorder) {
    for half in grid::halves(whole) {
        // Rows in different units (a 单位 column: 人, 万元) are read apart.
        for (table, hidden) in grid::unit_views(&half) {
            let grid = grid::Grid::with_hidden(&table, hidden);
            if scores::is_score_sheet(&grid) {
                scores::check(&grid, rec);
            } else {
                totals::check(&grid, rec);
            }
            derived::check(&grid, rec);
            targets::check(&grid, rec);
        }
    }
}

/// Findings of one check and severity listed per document (per severity, so
/// that warnings never crowd out errors). A published report has a few
/// dozen findings in all; a generated or hostile text can fail one check on
/// every line (200,000 findings took 60 % of the memory of a 10 MB text).
/// Past this, failures are still counted in `checks`, and a warning says
/// how many findings were left out.
pub const MAX_FINDINGS_PER_CHECK: usize = 1_000;

/// Collects findings and counts checks per family.
#[derive(Default)]
pub struct Recorder {
    pub findings: Vec<Finding>,
    pub summary: CheckSummary,
    /// Checks that could not run in full (a search limit was reached).
    pub warnings: Vec<Warning>,
    /// Findings listed and left out, per check and severity.
    listed: HashMap<(String, Severity), usize>,
    left_out: BTreeMap<(String, Severity), usize>,
}

impl Recorder {
    pub fn warn(&mut self, kind: &str, message: String) {
        self.warnings.push(Warning {
            kind: kind.to_string(),
            message,
            location: None,
        });
    }

    pub fn pass(&mut self, check: &str) {
        self.count(check, true);
    }

    pub fn fail(&mut self, f: Finding) {
        self.count(&f.check, f.severity == Severity::Info);
        let key = (f.check.clone(), f.severity);
        let listed = self.listed.entry(key).or_default();
        if *listed < MAX_FINDINGS_PER_CHECK {
            *listed += 1;
            self.findings.push(f);
        } else {
            *self.left_out.entry((f.check, f.severity)).or_default() += 1;
        }
    }

    /// One warning per check whose findings were not all listed.
    fn warn_left_out(&mut self) {
        for ((check, severity), n) in std::mem::take(&mut self.left_out) {
            self.warn(
                "limit.findings",
                format!(
                    "{check}: {n} more {} findings not listed (at most {MAX_FINDINGS_PER_CHECK} per check and severity in a document; `checks` counts them all)",
                    severity.as_str()
                ),
            );
        }
    }

    fn count(&mut self, check: &str, passed: bool) {
        let fam = self.summary.by_check.entry(check.to_string()).or_default();
        fam.run += 1;
        self.summary.run += 1;
        if passed {
            fam.passed += 1;
            self.summary.passed += 1;
        } else {
            fam.failed += 1;
            self.summary.failed += 1;
        }
    }

    /// Compare `stated` with `computed`; record a pass or a finding built by `make`.
    pub fn compare(
        &mut self,
        check: &str,
        stated: Num,
        computed: Num,
        make: impl FnOnce(f64) -> Finding,
    ) {
        if stated.consistent(computed) {
            self.pass(check);
        } else {
            let c = num::round(computed.value, computed.decimals.clamp(2, 4));
            self.fail(make(c));
        }
    }
}

/// A finding with the common fields filled.
#[allow(clippy::too_many_arguments)]
pub fn finding(
    check: &str,
    severity: Severity,
    stated: Num,
    computed: f64,
    unit: Option<String>,
    message: String,
    location: Location,
    operands: Vec<Operand>,
) -> Finding {
    let d = stated.decimals.max(2);
    Finding {
        check: check.to_string(),
        severity,
        stated: stated.value,
        computed,
        difference: num::round(stated.value - computed, d),
        unit,
        message,
        location,
        operands,
    }
}

/// Format a number as written for messages.
pub fn show(n: Num) -> String {
    format!("{:.*}", n.decimals as usize, n.value)
}

/// A table built from cell texts, for the unit tests of each family.
#[cfg(test)]
pub(crate) fn test_table(unit: &str, columns: &[&str], rows: &[&[&str]]) -> crate::model::Table {
    use crate::model::{Cell, Table};
    let cell = |t: &str| {
        let figure = crate::figures::parse_cell(t, Some(unit));
        Cell {
            text: t.to_string(),
            value: figure.as_ref().and_then(|f| f.value),
            figure,
            ..Cell::default()
        }
    };
    Table {
        id: 0,
        caption: Some("表 1".into()),
        unit: Some(unit.into()),
        header: Vec::new(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|t| cell(t)).collect())
            .collect(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        section: None,
        location: Default::default(),
        parts: 1,
        kind: None,
        layout: None,
        part_starts: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Severity;

    #[test]
    fn findings_past_the_cap_are_counted_and_said_not_listed() {
        use super::{MAX_FINDINGS_PER_CHECK, Recorder, finding, num::Num};
        let mut rec = Recorder::default();
        let fail = |check: &str| {
            finding(
                check,
                Severity::Error,
                Num::exact(1.0),
                2.0,
                None,
                String::new(),
                Default::default(),
                Vec::new(),
            )
        };
        for _ in 0..MAX_FINDINGS_PER_CHECK + 5 {
            rec.fail(fail("text.rate"));
        }
        rec.fail(fail("table.total"));
        // A warning of the same check does not take an error's place.
        let mut warning = fail("text.rate");
        warning.severity = Severity::Warning;
        rec.fail(warning);
        rec.warn_left_out();
        assert_eq!(rec.findings.len(), MAX_FINDINGS_PER_CHECK + 2);
        assert_eq!(
            rec.summary.by_check["text.rate"].failed as usize,
            MAX_FINDINGS_PER_CHECK + 6
        );
        assert_eq!(rec.warnings.len(), 1);
        assert_eq!(rec.warnings[0].kind, "limit.findings");
        assert!(
            rec.warnings[0]
                .message
                .starts_with("text.rate: 5 more error findings not listed")
        );
    }

    /// A 功能分类 table with its 科目编码 typed full-width: the codes still
    /// give the hierarchy (no total over every row), and the document keeps
    /// the text as written.
    #[test]
    fn tables_typed_full_width_are_audited_as_ascii() {
        let table = |code: [&str; 4]| {
            format!(
                "表1 一般公共预算支出预算表\n单位：万元\n科目编码\t科目名称\t金额\n\t合计\t１,４５６．８０\n{}\t文化旅游体育与传媒支出\t１,１８０．００\n{}\t文化和旅游\t１,１８０．００\n{}\t社会保障和就业支出\t２７６．８０\n{}\t行政事业单位养老支出\t２７６．８０\n",
                code[0], code[1], code[2], code[3]
            )
        };
        let ascii =
            crate::extract_bytes(table(["207", "20701", "208", "20805"]).as_bytes(), "a.txt")
                .expect("extract");
        let wide = crate::extract_bytes(
            table(["２０７", "２０７０１", "２０８", "２０８０５"]).as_bytes(),
            "w.txt",
        )
        .expect("extract");
        assert!(
            wide.findings.iter().all(|f| f.severity != Severity::Error),
            "{:?}",
            wide.findings
        );
        assert_eq!(wide.checks.run, ascii.checks.run);
        assert_eq!(wide.tables[0].rows[1][0].text, "２０７");
        assert_eq!(wide.tables[0].layout, ascii.tables[0].layout);
        // Percent signs typed full-width are one unit.
        assert_eq!(wide.tables[0].rows[1][2].unit.as_deref(), Some("万元"));
        let pct =
            crate::extract_bytes("占比\n基本支出\t６０％\n".as_bytes(), "p.txt").expect("extract");
        assert_eq!(pct.tables[0].rows[0][1].unit.as_deref(), Some("%"));
    }
}
