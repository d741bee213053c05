//! Statements in prose, checked against the numbers the same sentence names.
//! One file per family of rules; `sentence` holds the shared machinery (figures
//! placed in their paragraph with the words that name them, clauses, sentences):
//! - `parts` — `text.parts`: "总额为 X，其中 A 为 a，B 为 b" — the parts of a money whole
//!   add up to it (two or more parts and no hedge such as 主要/等); a part never
//!   exceeds its whole;
//! - `shares` — `text.share`: "A a 万元，占 … X 万元的 y%" — y = a / X;
//! - `rates` — `text.rate`: "预算数 B …，实际支出 S，预算执行率为 r%" — r = S / B;
//! - `changes` — `text.change`: "… A …，B …，比 … 增长/减少 x%" — x recomputed from the two
//!   amounts; a growth rate over a zero base is itself a finding;
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

mod changes;
mod grand_total;
mod parts;
mod rates;
mod repeats;
mod sentence;
mod shares;
mod tables;

use super::Recorder;
use crate::model::{BodyItem, Document, Paragraph, Section};
use grand_total::GrandTotal;
use sentence::{Fig, Para, SENTENCE_END};
use tables::TableCell;

pub fn check(doc: &Document, rec: &mut Recorder) {
    let tables = Tables {
        cells: tables::table_cells(doc),
        totals: grand_total::grand_totals(doc),
    };
    for p in &doc.preamble {
        paragraph(p, None, &tables, rec);
    }
    for s in &doc.sections {
        section(s, &tables, rec);
    }
}

/// What prose is checked against: named money cells and summary-table totals.
struct Tables {
    cells: Vec<TableCell>,
    totals: Vec<GrandTotal>,
}

fn section(s: &Section, tables: &Tables, rec: &mut Recorder) {
    for item in &s.body {
        if let BodyItem::Paragraph(p) = item {
            paragraph(p, Some(&s.id), tables, rec);
        }
    }
    for c in &s.children {
        section(c, tables, rec);
    }
}

fn paragraph(p: &Paragraph, section: Option<&str>, tables: &Tables, rec: &mut Recorder) {
    if p.figures.is_empty() {
        return;
    }
    let chars: Vec<char> = p.text.chars().collect();
    let mut masked = chars.clone();
    for f in &p.figures {
        if let Some(o) = f.offset {
            let n = f.text.chars().count();
            for c in masked.iter_mut().skip(o).take(n) {
                *c = '#';
            }
        }
    }
    let para = Para {
        chars,
        masked,
        section,
        p,
    };
    let figs = sentence::place(&para);
    // Sentences: [start, end) char ranges.
    let mut sentences = Vec::new();
    let mut s0 = 0;
    for (i, c) in para.chars.iter().enumerate() {
        if SENTENCE_END.contains(c) {
            sentences.push((s0, i + 1));
            s0 = i + 1;
        }
    }
    if s0 < para.chars.len() {
        sentences.push((s0, para.chars.len()));
    }
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
    for (k, &(a, b)) in sentences.iter().enumerate() {
        let sf = in_range(a, b);
        if sf.is_empty() {
            continue;
        }
        let prev = if k > 0 {
            let (pa, pb) = sentences[k - 1];
            in_range(pa, pb)
        } else {
            Vec::new()
        };
        parts::check(&para, a, b, &sf, &prev, rec);
        shares::check(&para, a, b, &sf, rec);
        rates::check(&para, a, b, &sf, rec);
        changes::check(&para, a, b, &sf, rec);
        repeats::check(&para, a, b, &sf, rec);
    }
    for f in &figs {
        tables::check(&para, f, &tables.cells, rec);
        grand_total::check(&para, f, &tables.totals, rec);
    }
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
        let mut rec = Recorder::default();
        let none = Tables {
            cells: vec![],
            totals: vec![],
        };
        paragraph(&para(text), Some("1"), &none, &mut rec);
        (rec.findings, rec.summary)
    }

    pub fn ran(s: &CheckSummary, check: &str) -> u32 {
        s.by_check.get(check).map_or(0, |f| f.run)
    }
}
