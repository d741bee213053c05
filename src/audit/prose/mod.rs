//! Statements in prose, checked against the numbers the same sentence names.
//! One file per family of rules; `sentence` holds the shared machinery (figures
//! placed in their paragraph with the words that name them, clauses, sentences):
//! - `parts` — `text.parts`: "总额为 X，其中 A 为 a，B 为 b" — the parts of a money whole
//!   add up to it (two or more parts and no hedge such as 主要/等); a part never
//!   exceeds its whole; `lists` — the same when the items are the numbered
//!   subsections after a paragraph ending "其中：";
//! - `sums` — `text.sum`: "A a、B b，合计 X" — amounts followed by an explicit total
//!   (合计/共计/总计, "两项合计") add up to it;
//! - `shares` — `text.share`: "A a 万元，占 … X 万元的 y%" — y = a / X; `structure` — the
//!   same for a ratio of the amounts before it: "…，三次产业结构为 10.0:41.3:48.7";
//! - `rates` — `text.rate`: "预算数 B …，实际支出 S，预算执行率为 r%" — r = S / B;
//!   `averages` — the same check for an amount per head: "经费 T 万元，职工 n 人，人均 a
//!   万元" — a = T / n;
//! - `changes` — `text.change`: "… A …，B …，比 … 增长/减少 x%" — x recomputed from the two
//!   amounts; a growth rate over a zero base is itself a finding; `from_to` — the same
//!   for "由 A 下降至 B，下降 r%" (and 个百分点 between two rates);
//! - `repeats` — `text.repeat`: the same label given two different amounts in one sentence
//!   (within one '；' item: a new item may have a new subject);
//! - `tables` — `text.table`: a prose amount naming a table cell by its row label and
//!   column words ("基本支出年初预算数") agrees with that cell;
//! - `grand_total` — `text.grand_total`: "收入支出总计 2,995.39 万元" agrees with the 总计 row of
//!   the summary table (…总表) the words name (收入支出决算总表), choosing the
//!   longest name that fits (财政拨款收入支出 before 收入支出).
//!
//! A sentence is checked only when its numbers can be read without guessing;
//! otherwise it is left alone (and not counted as a check).

mod averages;
mod balances;
mod changes;
mod direction;
mod from_to;
mod grand_total;
mod lists;
mod parts;
mod points;
mod prior;
mod rates;
mod repeats;
mod sentence;
mod shares;
mod structure;
mod sums;
mod tables;

use super::Recorder;
use crate::model::{Document, Paragraph};
use grand_total::GrandTotal;
use prior::Prior;
use sentence::{Fig, Para, Passage};
use tables::Cells;

/// Fails only when the time budget is spent (looked at every passage).
pub fn check(doc: &Document, rec: &mut Recorder) -> crate::Result<()> {
    // Every body's prose, in reading order: the preamble, then each section's
    // title (when it states figures) and body.
    let mut sections: Vec<&crate::model::Section> = Vec::new();
    let mut stack: Vec<&crate::model::Section> = doc.sections.iter().rev().collect();
    while let Some(s) = stack.pop() {
        sections.push(s);
        stack.extend(s.children.iter().rev());
    }
    let titles: Vec<Option<Paragraph>> = sections.iter().map(|s| title_paragraph(s)).collect();
    let mut bodies: Vec<shares::Body> = vec![(None, doc.preamble.iter().map(Some).collect())];
    for (s, title) in sections.iter().zip(&titles) {
        let items = title
            .iter()
            .map(Some)
            .chain(sentence::body_paragraphs(&s.body))
            .collect();
        bodies.push((Some(&s.id), items));
    }
    let tables = Tables {
        cells: tables::table_cells(doc),
        totals: grand_total::grand_totals(doc),
        prior: prior::prior_rows(doc),
    };
    let levels = shares::Levels::new(&bodies);
    // The preamble, the 其中 lists set out as sections, then every section.
    let preamble = doc.preamble.iter().map(Some);
    body(preamble, None, &tables, &levels, rec)?;
    lists::check(&doc.preamble, &doc.sections, rec);
    for (section, items) in &bodies[1..] {
        body(items.iter().copied(), *section, &tables, &levels, rec)?;
    }
    Ok(())
}

/// A heading's title as prose, when it states figures: a numbered item such
/// as "1、行政运行（项）支出 7448.2 万元，与上年相比增加 1075.88 万元，增长
/// 16.88%。主要原因是…" is read as a run-in heading whose title is its first
/// sentence, and that sentence is as much the report's statement as any
/// paragraph. It is a sentence of its own, placed at the heading, in one
/// passage with the body after it: the body may go on about the level the
/// heading states ("2、其他资金收入预算总计 15 万元" | "与上年相比增加 9.45
/// 万元，增长 170.27%。"). Its text ends with a line break, which ends a
/// sentence and lets the passage run on (`sentence::passages`).
fn title_paragraph(s: &crate::model::Section) -> Option<Paragraph> {
    let figures = crate::figures::scan_text(&s.title);
    (!figures.is_empty()).then(|| Paragraph {
        text: format!("{}\n", s.title),
        location: s.location.clone(),
        figures,
        ocr: None,
    })
}

/// What prose is checked against: named money cells, summary-table totals and
/// the rows of tables with a previous-year column.
struct Tables {
    cells: Cells,
    totals: Vec<GrandTotal>,
    prior: Prior,
}

/// One sentence of a passage: its char range, its figures in text order, and
/// the figures of the sentence before it in the same passage.
struct Sentence<'s, 'a> {
    a: usize,
    b: usize,
    figs: Vec<&'s Fig<'a>>,
    prev: Vec<&'s Fig<'a>>,
    /// When the sentence before has no figures: the figures of the nearest
    /// sentence before with any, if only one or two without stand between
    /// ("X 支出 a 万元。主要用于…。与上年相比增加 d 万元"): what a sentence
    /// with no subject goes on about.
    stated: Vec<&'s Fig<'a>>,
}

/// The most figures, and characters, a sentence the sentence rules read may
/// have: real ones have a few dozen figures and a few hundred characters.
const MAX_SENTENCE_FIGURES: usize = 256;
const MAX_SENTENCE_CHARS: usize = 10_000;

/// Sentences without figures that may stand between a level and the
/// sentence with no subject that goes on about it.
const MAX_WORDS_BETWEEN: usize = 2;

/// The prose of one section body (or the preamble), passage by passage. What
/// a list of shares may be of is kept from sentence to sentence (the body's
/// first money amount; the whole that introduced a list whose items go on in
/// sentences of their own).
fn body<'a>(
    items: impl IntoIterator<Item = Option<&'a Paragraph>>,
    section: Option<&str>,
    tables: &Tables,
    levels: &shares::Levels<'_>,
    rec: &mut Recorder,
) -> crate::Result<()> {
    let mut wholes = shares::Wholes::default();
    for passage in sentence::passages(items) {
        crate::limits::check()?;
        run_passage(&passage, section, tables, levels, &mut wholes, rec)?;
    }
    Ok(())
}

fn run_passage(
    passage: &Passage,
    section: Option<&str>,
    tables: &Tables,
    levels: &shares::Levels<'_>,
    wholes: &mut shares::Wholes,
    rec: &mut Recorder,
) -> crate::Result<()> {
    if passage.figures.is_empty() {
        return Ok(());
    }
    let para = Para::new(passage, section);
    let figs = sentence::place(&para);
    let sentences = para.sentences();
    // `figs` is in text order: find a sentence's figures by binary search, so
    // a paragraph of many sentences (a 50 MB one-line file) stays linear.
    let in_range = |a: usize, b: usize| -> Vec<&Fig> {
        let from = figs.partition_point(|f| f.start < a);
        figs[from..]
            .iter()
            .take_while(|f| f.start < b)
            .filter(|f| f.end <= b)
            .collect()
    };
    let mut prev: Vec<&Fig> = Vec::new();
    // The last sentence with figures, and how many without stood since.
    let mut last: Vec<&Fig> = Vec::new();
    let mut gap = 0;
    for &(a, b) in &sentences {
        // (A one-line file is one passage: the budget is looked at here too.)
        crate::limits::check()?;
        let sf = in_range(a, b);
        if !prev.is_empty() {
            last = prev.clone();
            gap = 0;
        } else {
            gap += 1;
        }
        // (Taken once per sentence with figures: each `last` is copied at
        // most once, so a passage stays linear in its figures.)
        let stated = if prev.is_empty() && !sf.is_empty() && gap <= MAX_WORDS_BETWEEN {
            std::mem::take(&mut last)
        } else {
            Vec::new()
        };
        let s = Sentence {
            a,
            b,
            figs: sf,
            prev: std::mem::take(&mut prev),
            stated,
        };
        // A "sentence" of hundreds of figures or many thousand characters is
        // a dump of numbers, not prose: the sentence rules (some of them
        // quadratic in its figures) leave it alone.
        let prose = s.figs.len() <= MAX_SENTENCE_FIGURES && b - a <= MAX_SENTENCE_CHARS;
        if !s.figs.is_empty() && prose {
            parts::check(&para, &s, rec);
            sums::check(&para, &s, rec);
            balances::check(&para, &s, rec);
            points::check(&para, &s, rec);
            shares::check(&para, &s, wholes, levels, rec);
            rates::check(&para, &s, rec);
            rates::ratios(&para, &s, rec);
            averages::check(&para, &s, rec);
            structure::check(&para, &s, rec);
            changes::check(&para, &s, &tables.prior, rec);
            from_to::check(&para, &s, rec);
            repeats::check(&para, &s, rec);
        }
        if prose {
            direction::check(&para, &s, rec);
        }
        prev = s.figs;
    }
    for f in &figs {
        tables::check(&para, f, &tables.cells, rec);
        grand_total::check(&para, f, &tables.totals, rec);
    }
    Ok(())
}

/// Helpers for the tests of every family: a paragraph from text, run alone.
#[cfg(test)]
mod test_util {
    use super::*;
    use crate::model::{CheckSummary, Finding, Span};

    pub fn para(text: &str) -> Paragraph {
        Paragraph {
            text: text.into(),
            location: Span::lines(1, 1),
            figures: crate::figures::scan_text(text),
            ocr: None,
        }
    }

    pub fn run(text: &str) -> (Vec<Finding>, CheckSummary) {
        run_with(text, &no_tables())
    }

    pub fn no_tables() -> Tables {
        Tables {
            cells: Cells::new(vec![]),
            totals: vec![],
            prior: Prior::new(vec![]),
        }
    }

    /// Run every rule over `text` (paragraphs separated by blank lines).
    pub fn run_with(text: &str, tables: &Tables) -> (Vec<Finding>, CheckSummary) {
        let mut rec = Recorder::default();
        let items: Vec<Paragraph> = text
            .split("\n\n")
            .enumerate()
            .map(|(i, t)| {
                let mut p = para(t);
                p.location = Span::lines(i as u32 + 1, i as u32 + 1);
                p
            })
            .collect();
        let bodies = [(Some("1"), items.iter().map(Some).collect())];
        let levels = shares::Levels::new(&bodies);
        body(items.iter().map(Some), Some("1"), tables, &levels, &mut rec).expect("no budget");
        (rec.findings, rec.summary)
    }

    pub fn ran(s: &CheckSummary, check: &str) -> u32 {
        s.by_check.get(check).map_or(0, |f| f.run)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Severity;

    #[test]
    fn a_heading_that_states_a_change_is_checked_at_the_heading() {
        // Numbered items whose first sentence is the title of a run-in
        // heading: the second states 12.6% where its amounts give 21.6%.
        let text = "某厅2019年度部门预算\n\
                    一、财政拨款支出预算情况说明\n\
                    1、行政运行（项）支出7448.2万元，与上年相比增加1075.88万元，增长16.88%。主要原因是政策性增资。\n\
                    2、人大会议（项）支出1469.73万元，与上年相比增加261.07万元，增长12.6%。主要原因是增加了专项经费。\n";
        let doc = crate::extract_bytes(text.as_bytes(), "t.txt").unwrap();
        let titles: Vec<&str> = doc.sections[0]
            .children
            .iter()
            .map(|s| s.title.as_str())
            .collect();
        assert_eq!(titles.len(), 2, "{titles:?}");
        let change = &doc.checks.by_check["text.change"];
        assert_eq!((change.run, change.failed), (2, 1));
        let f: Vec<_> = doc
            .findings
            .iter()
            .filter(|f| f.check == "text.change")
            .collect();
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].stated, 12.6);
        assert!((f[0].computed - 21.6).abs() < 0.005, "{f:#?}");
        assert_eq!(f[0].location.section.as_deref(), Some("1.2"));
        assert_eq!(f[0].location.source.as_ref().and_then(|s| s.line), Some(4));
    }

    #[test]
    fn a_heading_without_figures_adds_no_passage() {
        let text = "某厅2019年度部门预算\n一、收支预算总体情况说明\n收入预算总计100万元，与上年相比增加10万元，增长11.11%。\n";
        let doc = crate::extract_bytes(text.as_bytes(), "t.txt").unwrap();
        assert_eq!(doc.checks.by_check["text.change"].run, 1);
        assert!(doc.findings.iter().all(|f| f.check != "text.change"));
    }
}
