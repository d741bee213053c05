//! The audit's recall, measured on fixtures it was not tuned on (issue 11).
//!
//! `fixtures/layouts/` holds documents of each layout the audit must understand
//! (self-evaluation sheets, scoring rules, form tables with several blocks,
//! financial statements, 其中 blocks), each as tab-separated text, Apache
//! Tika's text, DOCX and PDF, made by `scripts/make-layout-fixtures.py`. Beside
//! each, `<name>.expect.json` is its ground truth, written from the document:
//! the relations its numbers obey (which cell is the total or derived value of
//! which), the planted defects, the cases that must not be flagged, and one
//! mutation per number that takes part in a relation that holds.
//!
//! For every fixture in every format:
//! - the unchanged document gives no `error` except for its planted defects,
//!   and gives an `error` for each of them;
//! - each mutation changes one number by one digit (the lowest digit whose
//!   change puts one of its relations out by twice its rounding tolerance,
//!   chosen by the generator and written in the expectation). The mutation
//!   is made in the model — on the document as `audit::run` receives it
//!   (`jixiao::structure_bytes`), the cell's text changed, its figure parsed
//!   again with the project's figure parser, then audited — so the harness
//!   stays fast. The audit must then give an `error` that has the changed
//!   number among its operands (or as its stated value), and every `error` it
//!   gives must have it (errors of the unchanged document aside).
//!
//! Recall is printed per layout, per format and per relation family
//! (`cargo test --release --test mutation -- --nocapture`); with
//! `JIXIAO_RECALL_MD=docs/audit-recall.md` the table is also written as
//! markdown. `JIXIAO_MUTATION_VERBOSE=1` lists every miss and false alarm.
//!
//! Cells are named format-independently: a row by the text of one of its
//! cells (`row`: equal after removing whitespace, else contained; `row_nth`
//! when several rows match, in document order, header rows first in each
//! table), a number by its text as written (`text`) and its occurrence among
//! the row's numbers (`nth`), merged (covered) positions skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jixiao::model::{Cell, Document, Finding, Severity};
use rayon::prelude::*;
use serde::Deserialize;

/// Tab-separated text, Tika's text, DOCX, the reportlab PDF, LibreOffice's PDF.
const FORMATS: [&str; 5] = ["txt", "tika", "docx", "pdf", "lopdf"];
/// The report's column order.
const COLUMNS: [&str; 5] = ["txt", "docx", "pdf", "lopdf", "tika"];
/// The recall every layout must reach (issue 11, "Done when").
const MIN_RECALL: f64 = 0.95;

// ---------------------------------------------------------------------------
// The expectation files
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct CellRef {
    row: String,
    #[serde(default)]
    row_nth: usize,
    text: String,
    #[serde(default)]
    nth: usize,
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "「{}」", self.row)?;
        if self.row_nth > 0 {
            write!(f, "#{}", self.row_nth)?;
        }
        write!(f, " {}", self.text)?;
        if self.nth > 0 {
            write!(f, "#{}", self.nth)?;
        }
        Ok(())
    }
}

#[derive(Debug, Deserialize)]
struct Relation {
    id: String,
    family: String,
    kind: String,
    #[serde(default)]
    signs: Option<Vec<f64>>,
    holds: bool,
    result: CellRef,
    operands: Vec<CellRef>,
    #[serde(default)]
    formats: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct Mutation {
    cell: CellRef,
    to: String,
    /// The relations the change puts clearly out (their families are where
    /// the mutation counts).
    breaks: Vec<String>,
    #[serde(default)]
    formats: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct TableLayout {
    anchor: String,
    layout: String,
    /// Other layouts that are as right (a 收入决算表 is generic or a standard
    /// budget table).
    #[serde(default)]
    also: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct MustNotFlag {
    what: String,
    cells: Vec<CellRef>,
}

#[derive(Debug, Deserialize)]
struct Expect {
    name: String,
    layout: u32,
    layout_name: String,
    files: BTreeMap<String, String>,
    tables: Vec<TableLayout>,
    relations: Vec<Relation>,
    defects: Vec<String>,
    must_not_flag: Vec<MustNotFlag>,
    mutations: Vec<Mutation>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/layouts")
}

fn expectations() -> Vec<Expect> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("fixtures/layouts exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".expect.json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("readable");
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect()
}

impl Relation {
    /// The two sides of the relation as the document writes them: the stated
    /// result and what its operands give.
    fn sides(&self) -> (f64, f64) {
        let stated = number(&self.result.text);
        let ops: Vec<f64> = self.operands.iter().map(|o| number(&o.text)).collect();
        let computed = match self.kind.as_str() {
            "sum" | "parts_le" => {
                let signs = self.signs.clone().unwrap_or_else(|| vec![1.0; ops.len()]);
                ops.iter().zip(signs).map(|(v, s)| v * s).sum()
            }
            "ratio" => ops[0] / ops[1] * 100.0,
            "score_rate" => ops[0].min(ops[0] * ops[1] / 100.0),
            _ => ops[0],
        };
        (stated, computed)
    }

    /// Does the finding state this (failing) relation: its stated and computed
    /// values are the relation's two sides, either way round, as rounded?
    fn stated_by(&self, f: &Finding) -> bool {
        let (a, b) = self.sides();
        let close = |x: f64, y: f64| (x - y).abs() <= 0.015 + 1e-6 * y.abs();
        (close(f.stated, a) && close(f.computed, b)) || (close(f.stated, b) && close(f.computed, a))
    }
}

fn applies(formats: &Option<Vec<String>>, format: &str) -> bool {
    formats
        .as_ref()
        .is_none_or(|f| f.iter().any(|x| x == format))
}

// ---------------------------------------------------------------------------
// Finding a cell in the model
// ---------------------------------------------------------------------------

/// A number in the model: table, row (body index, or header index when
/// `header`), column, and which number of the cell's text it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Loc {
    table: usize,
    header: bool,
    row: usize,
    col: usize,
    tok: usize,
    /// The number is part of a text cell (or a header), not a cell's figure.
    in_text: bool,
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The numbers of a text as written: a digit not preceded by a digit, '.' or
/// ',', then digits and commas, then a point and digits if any; a minus sign
/// in front when it does not follow a number ("10-20" is a range); trailing
/// commas dropped. Byte ranges into `text`.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let after_number =
        |i: usize| i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.' || b[i - 1] == b',');
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let signed =
            b[i] == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit) && !after_number(i);
        if !(signed || (b[i].is_ascii_digit() && !after_number(i))) {
            i += 1;
            continue;
        }
        let start = i;
        if signed {
            i += 1;
        }
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b',') {
            i += 1;
        }
        if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
        let mut end = i;
        while end > start && b[end - 1] == b',' {
            end -= 1;
        }
        out.push((start, end));
    }
    out
}

struct RowView<'a> {
    table: usize,
    header: bool,
    row: usize,
    cells: Vec<(usize, &'a Cell)>,
}

fn rows(doc: &Document) -> Vec<RowView<'_>> {
    let mut out = Vec::new();
    for (ti, t) in doc.tables.iter().enumerate() {
        for (header, list) in [(true, &t.header), (false, &t.rows)] {
            for (ri, r) in list.iter().enumerate() {
                out.push(RowView {
                    table: ti,
                    header,
                    row: ri,
                    cells: r.iter().enumerate().filter(|(_, c)| !c.merged).collect(),
                });
            }
        }
    }
    out
}

fn label_pool<'a, 'b>(rows: &'b [RowView<'a>], label: &str) -> Vec<&'b RowView<'a>> {
    let label = squash(label);
    let exact: Vec<_> = rows
        .iter()
        .filter(|r| r.cells.iter().any(|(_, c)| squash(&c.text) == label))
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    rows.iter()
        .filter(|r| {
            r.cells
                .iter()
                .any(|(_, c)| squash(&c.text).contains(&label))
        })
        .collect()
}

fn locate(doc: &Document, r: &CellRef) -> Option<Loc> {
    let all = rows(doc);
    let pool = label_pool(&all, &r.row);
    let row = pool.get(r.row_nth)?;
    let mut seen = 0;
    for (ci, cell) in &row.cells {
        for (k, (s, e)) in tokens(&cell.text).into_iter().enumerate() {
            if cell.text[s..e] == r.text {
                if seen == r.nth {
                    return Some(Loc {
                        table: row.table,
                        header: row.header,
                        row: row.row,
                        col: *ci,
                        tok: k,
                        in_text: row.header || cell.value.is_none(),
                    });
                }
                seen += 1;
            }
        }
    }
    None
}

fn cell_mut(doc: &mut Document, l: Loc) -> &mut Cell {
    let t = &mut doc.tables[l.table];
    let rows = if l.header { &mut t.header } else { &mut t.rows };
    &mut rows[l.row][l.col]
}

/// Write `to` in place of the located number and parse the cell's figure
/// again, the way the structure stage did (the unit it had, a bare number in
/// a rate column still a percentage).
fn mutate(doc: &mut Document, l: Loc, to: &str) {
    let cell = cell_mut(doc, l);
    let (s, e) = tokens(&cell.text)[l.tok];
    cell.text = format!("{}{}{}", &cell.text[..s], to, &cell.text[e..]);
    let Some(old) = cell.figure.take() else {
        return;
    };
    let fig = jixiao::figures::parse_cell(&cell.text, old.unit.as_deref());
    cell.value = fig.as_ref().and_then(|f| f.value);
    cell.figure = fig;
}

fn number(text: &str) -> f64 {
    text.replace(',', "").parse().expect("a number")
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Does the finding use this number: as the cell it states or an operand's
/// cell; for a number written inside a text cell (a weight in a label, an
/// amount in "其中：基本支出：568.45") or a header, by its value in the same
/// table, since the audit may place it where it reads it.
fn involves(f: &Finding, l: Loc, value: f64) -> bool {
    let at = |loc: &jixiao::model::Location| {
        !l.header
            && loc.table == Some(l.table)
            && loc.row == Some(l.row)
            && loc.column == Some(l.col)
    };
    if at(&f.location) || f.operands.iter().any(|o| at(&o.location)) {
        return true;
    }
    if !l.in_text {
        return false;
    }
    let same_table = |loc: &jixiao::model::Location| loc.table.is_none_or(|t| t == l.table);
    (same_table(&f.location) && near(f.stated, value))
        || f.operands
            .iter()
            .any(|o| same_table(&o.location) && near(o.value, value))
}

fn errors(doc: &Document) -> Vec<&Finding> {
    doc.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

fn same_finding(a: &Finding, b: &Finding) -> bool {
    a.check == b.check
        && a.location.table == b.location.table
        && a.location.row == b.location.row
        && a.location.column == b.location.column
}

fn brief(f: &Finding) -> String {
    format!("{} {}", f.check, f.message)
}

// ---------------------------------------------------------------------------
// One fixture in one format
// ---------------------------------------------------------------------------

#[derive(Default, Debug)]
struct Outcome {
    fixture: String,
    layout: u32,
    format: &'static str,
    /// Extraction failed (the whole document is lost).
    failed: Option<String>,
    /// Errors of the unchanged document not explained by a planted defect.
    false_alarms: Vec<String>,
    /// Planted defects given no error.
    missed_defects: Vec<String>,
    defects: usize,
    /// Declared cells the locator could not find in the model.
    unlocated: Vec<String>,
    /// Expected layouts not recorded: (anchor, expected, found).
    layouts: Vec<(String, String, String)>,
    layouts_checked: usize,
    /// Must-not-flag cases an error touched.
    flagged: Vec<String>,
    mutations: Vec<MutationResult>,
}

#[derive(Debug)]
struct MutationResult {
    cell: String,
    families: Vec<String>,
    /// An error has the changed number among its operands.
    hit: bool,
    /// Errors that do not.
    stray: Vec<String>,
    located: bool,
}

impl MutationResult {
    fn passed(&self) -> bool {
        self.hit && self.stray.is_empty()
    }
}

fn run_one(exp: &Expect, format: &'static str) -> Outcome {
    let mut out = Outcome {
        fixture: exp.name.clone(),
        layout: exp.layout,
        format,
        ..Default::default()
    };
    let path = dir().join(&exp.files[format]);
    // The document as the audit receives it; each run audits its own copy.
    let structured = match std::fs::read(&path)
        .map_err(jixiao::Error::from)
        .and_then(|b| jixiao::structure_bytes(&b, &path.to_string_lossy()))
    {
        Ok(d) => d,
        Err(e) => {
            out.failed = Some(e.to_string());
            return out;
        }
    };
    let mut doc = structured.clone();
    jixiao::audit::run(&mut doc).expect("no time budget in the mutation test");
    let base_errors: Vec<Finding> = errors(&doc).into_iter().cloned().collect();

    // Planted defects: each an error; every error explained by one.
    // A planted defect is found by an error that uses one of its cells and
    // states its two sides (an error on those cells with other numbers — a
    // group cut short, say — is a false alarm, not the defect).
    let defect_cells: Vec<(&Relation, Vec<(Loc, f64)>)> = exp
        .relations
        .iter()
        .filter(|r| !r.holds && applies(&r.formats, format))
        .map(|r| {
            let cells = std::iter::once(&r.result)
                .chain(&r.operands)
                .filter_map(|c| locate(&doc, c).map(|l| (l, number(&c.text))))
                .collect();
            (r, cells)
        })
        .collect();
    let states = |f: &Finding, r: &Relation, cells: &[(Loc, f64)]| {
        r.stated_by(f) && cells.iter().any(|&(l, v)| involves(f, l, v))
    };
    out.defects = defect_cells.len();
    for (r, cells) in &defect_cells {
        if !base_errors.iter().any(|f| states(f, r, cells)) {
            out.missed_defects.push(r.id.clone());
        }
    }
    let mut base_false = Vec::new();
    for f in &base_errors {
        let explained = defect_cells.iter().any(|(r, cells)| states(f, r, cells));
        if !explained {
            out.false_alarms.push(brief(f));
            base_false.push(f.clone());
        }
    }
    for m in &exp.must_not_flag {
        for c in &m.cells {
            if let Some(l) = locate(&doc, c) {
                let v = number(&c.text);
                if base_false.iter().any(|f| involves(f, l, v)) {
                    out.flagged.push(m.what.clone());
                }
            }
        }
    }
    out.flagged.dedup();

    // Layouts recorded on the tables.
    let all = rows(&doc);
    for t in &exp.tables {
        out.layouts_checked += 1;
        let found = label_pool(&all, &t.anchor)
            .first()
            .and_then(|r| doc.tables[r.table].layout)
            .map(|l| serde_json::to_value(l).expect("serialises"))
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "none".into());
        if found != t.layout && !t.also.contains(&found) {
            out.layouts
                .push((t.anchor.clone(), t.layout.clone(), found));
        }
    }
    drop(all);

    // Every declared cell can be found.
    for r in exp.relations.iter().filter(|r| applies(&r.formats, format)) {
        for c in std::iter::once(&r.result).chain(&r.operands) {
            if locate(&doc, c).is_none() {
                out.unlocated.push(format!("{c} ({})", r.id));
            }
        }
    }
    out.unlocated.sort();
    out.unlocated.dedup();

    let family: BTreeMap<&str, &str> = exp
        .relations
        .iter()
        .map(|r| (r.id.as_str(), r.family.as_str()))
        .collect();
    for m in exp.mutations.iter().filter(|m| applies(&m.formats, format)) {
        let mut families: Vec<String> = m
            .breaks
            .iter()
            .map(|id| family.get(id.as_str()).copied().unwrap_or("?").to_string())
            .collect();
        families.sort();
        families.dedup();
        let mut res = MutationResult {
            cell: format!("{} → {}", m.cell, m.to),
            families,
            hit: false,
            stray: Vec::new(),
            located: false,
        };
        if let Some(l) = locate(&structured, &m.cell) {
            res.located = true;
            let mut d = structured.clone();
            mutate(&mut d, l, &m.to);
            jixiao::audit::run(&mut d).expect("no time budget in the mutation test");
            let v = number(&m.to);
            for f in errors(&d) {
                // A false alarm of the unchanged document, still there, is
                // neither a detection nor a new false alarm.
                if base_false.iter().any(|b| same_finding(b, f)) {
                    continue;
                }
                if involves(f, l, v) {
                    res.hit = true;
                } else if !base_errors.iter().any(|b| same_finding(b, f)) {
                    res.stray.push(brief(f));
                }
            }
        }
        out.mutations.push(res);
    }
    out
}

fn outcomes() -> &'static Vec<Outcome> {
    static ALL: OnceLock<Vec<Outcome>> = OnceLock::new();
    ALL.get_or_init(|| {
        let exps = expectations();
        assert!(!exps.is_empty(), "no fixtures in fixtures/layouts");
        let jobs: Vec<(&Expect, &'static str)> = exps
            .iter()
            .flat_map(|e| FORMATS.iter().map(move |f| (e, *f)))
            .collect();
        let out: Vec<Outcome> = jobs.par_iter().map(|(e, f)| run_one(e, f)).collect();
        let report = report(&exps, &out);
        println!("{report}");
        if let Ok(path) = std::env::var("JIXIAO_RECALL_MD") {
            std::fs::write(&path, &report).expect("writes the recall table");
        }
        out
    })
}

// ---------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------

#[derive(Default, Clone, Copy)]
struct Tally {
    passed: usize,
    hit: usize,
    total: usize,
}

impl Tally {
    fn add(&mut self, m: &MutationResult) {
        self.total += 1;
        self.hit += m.hit as usize;
        self.passed += m.passed() as usize;
    }
    fn recall(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.passed as f64 / self.total as f64
        }
    }
    fn show(&self) -> String {
        if self.total == 0 {
            return "—".into();
        }
        format!(
            "{:.1}% ({}/{})",
            100.0 * self.recall(),
            self.passed,
            self.total
        )
    }
}

/// The layout a row of the recall table is about: layouts 1–5 in tab text,
/// DOCX and PDF; the Tika renditions of every fixture are layout 6.
fn layout_key(o: &Outcome) -> u32 {
    if o.format == "tika" { 6 } else { o.layout }
}

fn layout_names(exps: &[Expect]) -> BTreeMap<u32, String> {
    let mut names: BTreeMap<u32, String> = exps
        .iter()
        .map(|e| (e.layout, e.layout_name.clone()))
        .collect();
    names.insert(6, "Tika 文本（每格一行）".into());
    names
}

fn report(exps: &[Expect], out: &[Outcome]) -> String {
    use std::fmt::Write;
    let names = layout_names(exps);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Audit mutation recall\n\nGenerated by `JIXIAO_RECALL_MD=docs/audit-recall.md cargo test --release --test mutation`.\n\
         A mutation passes when the audit gives an `error` with the changed number among its operands and no other new `error`\n\
         (an error the unchanged document already had does not count either way). Layout 6 is the Tika text of every fixture.\n\
         Fixtures: {} documents × {} formats, {} mutations.\n",
        exps.len(),
        FORMATS.len(),
        out.iter().map(|o| o.mutations.len()).sum::<usize>()
    );
    let _ = writeln!(
        s,
        "## Per layout\n\n| layout | txt | docx | pdf | pdf (LibreOffice) | tika | all | detected, new false alarms aside | false alarms (unchanged) | planted defects found | layout recorded |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|---|---|---|---|");
    for (k, name) in &names {
        let mut per = BTreeMap::<&str, Tally>::new();
        let mut all = Tally::default();
        let (mut fa, mut dt, mut df, mut lt, mut lok) = (0, 0, 0, 0, 0);
        for o in out.iter().filter(|o| layout_key(o) == *k) {
            for m in &o.mutations {
                per.entry(o.format).or_default().add(m);
                all.add(m);
            }
            fa += o.false_alarms.len() + o.failed.is_some() as usize;
            dt += o.defects;
            df += o.defects - o.missed_defects.len();
            lt += o.layouts_checked;
            lok += o.layouts_checked - o.layouts.len();
        }
        let cell = |f: &str| per.get(f).map(Tally::show).unwrap_or_else(|| "—".into());
        let cols: Vec<String> = COLUMNS.iter().map(|f| cell(f)).collect();
        let _ = writeln!(
            s,
            "| {k}. {name} | {} | **{}** | {}/{} | {fa} | {df}/{dt} | {lok}/{lt} |",
            cols.join(" | "),
            all.show(),
            all.hit,
            all.total,
        );
    }
    let mut fam = BTreeMap::<String, Tally>::new();
    for o in out {
        for m in &o.mutations {
            for f in &m.families {
                fam.entry(f.clone()).or_default().add(m);
            }
        }
    }
    let _ = writeln!(
        s,
        "\n## Per relation family\n\n| family | recall |\n|---|---|"
    );
    for (f, t) in &fam {
        let _ = writeln!(s, "| {f} | {} |", t.show());
    }
    let _ = writeln!(
        s,
        "\n## Per fixture\n\n| fixture | txt | docx | pdf | pdf (LibreOffice) | tika | false alarms | missed defects | cells not found |\n|---|---|---|---|---|---|---|---|---|"
    );
    for e in exps {
        let mut row = format!("| {} ", e.name);
        let (mut fa, mut md, mut un) = (0, 0, 0);
        for f in COLUMNS {
            let o = out
                .iter()
                .find(|o| o.fixture == e.name && o.format == f)
                .expect("ran");
            let mut t = Tally::default();
            o.mutations.iter().for_each(|m| t.add(m));
            row += &format!(
                "| {} ",
                if o.failed.is_some() {
                    "failed".into()
                } else {
                    t.show()
                }
            );
            fa += o.false_alarms.len();
            md += o.missed_defects.len();
            un += o.unlocated.len();
        }
        let _ = writeln!(s, "{row}| {fa} | {md} | {un} |");
    }
    if std::env::var_os("JIXIAO_MUTATION_VERBOSE").is_some() {
        let _ = writeln!(s, "\n## Details\n");
        for o in out {
            let head = format!("### {} [{}]", o.fixture, o.format);
            let mut lines = Vec::new();
            if let Some(e) = &o.failed {
                lines.push(format!("- extraction failed: {e}"));
            }
            for f in &o.false_alarms {
                lines.push(format!("- false alarm: {f}"));
            }
            for d in &o.missed_defects {
                lines.push(format!("- planted defect not found: {d}"));
            }
            for w in &o.flagged {
                lines.push(format!("- must not be flagged, was: {w}"));
            }
            for u in &o.unlocated {
                lines.push(format!("- cell not found: {u}"));
            }
            for (a, x, y) in &o.layouts {
                lines.push(format!(
                    "- layout of the table with 「{a}」: expected {x}, found {y}"
                ));
            }
            for m in o.mutations.iter().filter(|m| !m.passed()) {
                let why = if !m.located {
                    "cell not found".to_string()
                } else if !m.hit {
                    "no error".to_string()
                } else {
                    String::new()
                };
                lines.push(format!("- {} [{}] {why}", m.cell, m.families.join(", ")));
                for x in &m.stray {
                    lines.push(format!("  - other error: {x}"));
                }
            }
            if !lines.is_empty() {
                let _ = writeln!(s, "{head}\n{}\n", lines.join("\n"));
            }
        }
    }
    s
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

#[test]
fn expectation_files_are_complete() {
    let exps = expectations();
    let mut layouts: Vec<u32> = exps.iter().map(|e| e.layout).collect();
    layouts.dedup();
    for l in 1..=5 {
        assert!(layouts.contains(&l), "no fixture of layout {l}");
    }
    for e in &exps {
        for f in FORMATS {
            let p = dir().join(&e.files[f]);
            assert!(p.exists(), "{} missing", p.display());
        }
        for d in &e.defects {
            assert!(
                e.relations.iter().any(|r| &r.id == d && !r.holds),
                "{}: defect {d} is not a relation that fails",
                e.name
            );
        }
        for m in &e.mutations {
            assert_ne!(m.cell.text, m.to, "{}: mutation changes nothing", e.name);
            assert!(
                !m.breaks.is_empty(),
                "{}: {} breaks no relation",
                e.name,
                m.cell
            );
        }
    }
}

#[test]
fn tokens_are_numbers_as_written() {
    let t = "其中：基本支出：5,102.37，较上年增长3.5%，1.2.3";
    let got: Vec<&str> = tokens(t).into_iter().map(|(s, e)| &t[s..e]).collect();
    assert_eq!(got, ["5,102.37", "3.5", "1.2"]);
    let t = "产出指标（50分）";
    let got: Vec<&str> = tokens(t).into_iter().map(|(s, e)| &t[s..e]).collect();
    assert_eq!(got, ["50"]);
    let t = "-55154 1-6月 2025-03-12";
    let got: Vec<&str> = tokens(t).into_iter().map(|(s, e)| &t[s..e]).collect();
    assert_eq!(got, ["-55154", "1", "6", "2025", "03", "12"]);
}

#[test]
fn every_fixture_extracts_in_every_format() {
    let failed: Vec<String> = outcomes()
        .iter()
        .filter_map(|o| {
            o.failed
                .as_ref()
                .map(|e| format!("{} [{}]: {e}", o.fixture, o.format))
        })
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn unchanged_fixtures_give_no_false_error() {
    let bad: Vec<String> = outcomes()
        .iter()
        .flat_map(|o| {
            o.false_alarms
                .iter()
                .map(move |f| format!("{} [{}]: {f}", o.fixture, o.format))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{} false errors:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn planted_defects_are_errors() {
    let missed: Vec<String> = outcomes()
        .iter()
        .flat_map(|o| {
            o.missed_defects
                .iter()
                .map(move |d| format!("{} [{}]: {d}", o.fixture, o.format))
        })
        .collect();
    assert!(
        missed.is_empty(),
        "{} planted defects missed:\n{}",
        missed.len(),
        missed.join("\n")
    );
}

#[test]
fn tables_record_their_layout() {
    let wrong: Vec<String> = outcomes()
        .iter()
        .flat_map(|o| {
            o.layouts.iter().map(move |(a, x, y)| {
                format!(
                    "{} [{}]: table with 「{a}」 expected {x}, found {y}",
                    o.fixture, o.format
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "{}:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn mutation_recall_per_layout() {
    let out = outcomes();
    let exps = expectations();
    let names = layout_names(&exps);
    let mut low = Vec::new();
    for (k, name) in &names {
        let mut t = Tally::default();
        for o in out.iter().filter(|o| layout_key(o) == *k) {
            o.mutations.iter().for_each(|m| t.add(m));
        }
        if t.total > 0 && t.recall() < MIN_RECALL {
            low.push(format!("layout {k} ({name}): {}", t.show()));
        }
    }
    assert!(
        low.is_empty(),
        "recall below {:.0}%:\n{}\n(run with --nocapture for the table, JIXIAO_MUTATION_VERBOSE=1 for every miss)",
        100.0 * MIN_RECALL,
        low.join("\n")
    );
}
