//! Trust in numbers read by OCR: a finding any of whose operands came from a
//! page image is at most a `warning`, unless every such operand was read with
//! high confidence and its digits pass the format checks — a thousands
//! separator where it belongs, and in a table the decimals (and separators)
//! its column writes. An OCR misreading (8 for 3, a dropped decimal point) is
//! not a defect of the document, and `error` means certain.
//!
//! Reads only the model: the `ocr` marks `ingest::ocr::trust` put on cells,
//! paragraphs and figures, and `Document::ocr` for the pages read by OCR.

use crate::model::{
    BodyItem, Document, Finding, Location, OcrMark, Operand, Paragraph, Section, Severity, Table,
};

/// The least word confidence (0–1) for an OCR'd number to count as read.
pub const HIGH_CONFIDENCE: f32 = 0.90;

/// Lower the findings in `findings` that rest on uncertain OCR readings.
pub fn lower(doc: &Document, findings: &mut [Finding]) {
    let Some(info) = &doc.ocr else {
        return;
    };
    for f in findings
        .iter_mut()
        .filter(|f| f.severity == Severity::Error)
    {
        // The stated number is the finding's own place when that is a cell
        // (a total row), and is not always among the operands.
        let stated = stated_cell(doc, f).or_else(|| stated_prose(doc, f));
        let mut doubts: Vec<String> = stated
            .iter()
            .chain(f.operands.iter())
            .filter_map(|op| doubt(doc, &info.pages, op))
            .collect();
        doubts.extend(structure_doubts(doc, f));
        doubts.truncate(3);
        if doubts.is_empty() {
            continue;
        }
        f.severity = Severity::Warning;
        f.message = format!(
            "{} [read by OCR, so at most a warning: {}]",
            f.message,
            doubts.join("; ")
        );
    }
}

/// The least confidence for a row's label or index (序号, 项目) read by OCR to
/// count as read: a misread 序号 ("=" for 一, "oe）" for （一）) or 合计 changes
/// which rows a total adds up, with every number read right.
pub const LABEL_CONFIDENCE: f32 = 0.80;

/// Doubts about the rows a table finding relates, beyond its operands: over
/// the rows from its first to its last operand, a label or index cell before
/// its column read with low confidence, or a cell of its column that is not
/// an operand (a number that may have been left out because it was misread).
fn structure_doubts(doc: &Document, f: &Finding) -> Vec<String> {
    let (Some(t), Some(col)) = (f.location.table, f.location.column) else {
        return Vec::new();
    };
    let Some(table) = doc.tables.get(t) else {
        return Vec::new();
    };
    let rows = f
        .operands
        .iter()
        .map(|o| &o.location)
        .chain(std::iter::once(&f.location))
        .filter(|l| l.table == Some(t))
        .filter_map(|l| l.row);
    let (Some(first), Some(last)) = (rows.clone().min(), rows.max()) else {
        return Vec::new();
    };
    let used: Vec<(usize, usize)> = f
        .operands
        .iter()
        .map(|o| &o.location)
        .chain(std::iter::once(&f.location))
        .filter(|l| l.table == Some(t))
        .filter_map(|l| Some((l.row?, l.column?)))
        .collect();
    let mut out = Vec::new();
    for r in first..=last {
        let Some(row) = table.rows.get(r) else {
            continue;
        };
        for (c, cell) in row.iter().enumerate().take(col + 1) {
            let Some(mark) = cell.ocr else {
                continue;
            };
            let text = cell.text.trim();
            if text.is_empty() || used.contains(&(r, c)) {
                continue;
            }
            let label = cell.figure.is_none() || c < col && cell_style(text).is_none();
            if c < col && label && mark.confidence < LABEL_CONFIDENCE {
                out.push(format!(
                    "row label 「{text}」 read with confidence {:.2}",
                    mark.confidence
                ));
            } else if c == col && (mark.confidence < HIGH_CONFIDENCE || cell_style(text).is_none())
            {
                out.push(format!("「{text}」 in the same rows is uncertain"));
            }
        }
    }
    out
}

/// The cell a finding is placed on, as an operand, unless it is one already.
fn stated_cell(doc: &Document, f: &Finding) -> Option<Operand> {
    let loc = &f.location;
    let (t, r, c) = (loc.table?, loc.row?, loc.column?);
    if f.operands.iter().any(|o| {
        (o.location.table, o.location.row, o.location.column) == (Some(t), Some(r), Some(c))
    }) {
        return None;
    }
    let cell = doc.tables.get(t)?.rows.get(r)?.get(c)?;
    Some(Operand {
        label: "stated".into(),
        value: f.stated,
        text: cell.text.clone(),
        location: loc.clone(),
    })
}

/// The prose figure a prose finding states (the number of its paragraph
/// with the stated value), as an operand, so its digits are doubted like
/// the operands' ("100.009%" read for "100.00%").
fn stated_prose(doc: &Document, f: &Finding) -> Option<Operand> {
    let loc = &f.location;
    if loc.table.is_some() {
        return None;
    }
    fn find(p: &Paragraph, loc: &Location, v: f64) -> Option<String> {
        if loc.source.as_ref().is_some_and(|s| *s != p.location) {
            return None;
        }
        p.figures
            .iter()
            .find(|g| {
                g.offset.is_some() && g.offset == loc.offset
                    || g.value
                        .is_some_and(|x| (x - v).abs() <= 1e-9 * v.abs().max(1.0))
            })
            .map(|g| g.text.clone())
    }
    fn walk(s: &Section, loc: &Location, v: f64) -> Option<String> {
        s.body
            .iter()
            .find_map(|item| match item {
                BodyItem::Paragraph(p) => find(p, loc, v),
                _ => None,
            })
            .or_else(|| s.children.iter().find_map(|c| walk(c, loc, v)))
    }
    let text = doc
        .preamble
        .iter()
        .find_map(|p| find(p, loc, f.stated))
        .or_else(|| doc.sections.iter().find_map(|s| walk(s, loc, f.stated)))?;
    Some(Operand {
        label: "stated".into(),
        value: f.stated,
        text,
        location: loc.clone(),
    })
}

/// Why `op` is not a certain reading, or None when it is (or is not OCR).
fn doubt(doc: &Document, ocr_pages: &[u32], op: &Operand) -> Option<String> {
    let on_ocr_page = op
        .location
        .source
        .as_ref()
        .and_then(|s| s.page)
        .is_some_and(|p| ocr_pages.contains(&p));
    let (mark, format_ok) = match op.location.table.and_then(|t| doc.tables.get(t)) {
        Some(table) => {
            let (r, c) = (op.location.row?, op.location.column?);
            let cell = table.rows.get(r).and_then(|row| row.get(c));
            let on_ocr_page = on_ocr_page || cell.is_some_and(|c| c.ocr.is_some());
            if !on_ocr_page {
                return None;
            }
            let mark = cell.and_then(|c| {
                let fig = c.figure.as_ref().and_then(|f| f.ocr);
                match (c.ocr, fig) {
                    (Some(a), Some(b)) => Some(if a.confidence <= b.confidence { a } else { b }),
                    (a, b) => a.or(b),
                }
            });
            (mark, cell_format_ok(table, r, c))
        }
        None => {
            let mark = prose_mark(doc, &op.location, &op.text);
            if !on_ocr_page && mark.is_none() {
                return None;
            }
            let ok =
                number_core(&op.text).is_some_and(well_grouped) && prose_decimals_ok(doc, &op.text);
            (mark, ok)
        }
    };
    let what = if op.text.trim().is_empty() {
        op.label.clone()
    } else {
        op.text.trim().to_string()
    };
    match mark {
        None => Some(format!("{what} has no OCR confidence")),
        Some(m) if m.confidence < HIGH_CONFIDENCE => {
            Some(format!("{what} read with confidence {:.2}", m.confidence))
        }
        Some(_) if !format_ok => Some(format!(
            "{what} is not written as its column writes numbers"
        )),
        Some(_) => None,
    }
}

/// The OCR mark of the prose figure `text` in the paragraph at `loc`.
fn prose_mark(doc: &Document, loc: &Location, text: &str) -> Option<OcrMark> {
    fn in_paragraph(p: &Paragraph, loc: &Location, text: &str) -> Option<OcrMark> {
        if loc.source.as_ref().is_some_and(|s| *s != p.location) {
            return None;
        }
        p.figures
            .iter()
            .find(|f| f.text == text)
            .and_then(|f| f.ocr.or(p.ocr))
    }
    fn in_section(s: &Section, loc: &Location, text: &str) -> Option<OcrMark> {
        let here = loc.section.as_ref().is_none_or(|id| *id == s.id);
        if here {
            let found = s.body.iter().find_map(|item| match item {
                BodyItem::Paragraph(p) => in_paragraph(p, loc, text),
                _ => None,
            });
            if found.is_some() {
                return found;
            }
        }
        s.children.iter().find_map(|c| in_section(c, loc, text))
    }
    doc.preamble
        .iter()
        .find_map(|p| in_paragraph(p, loc, text))
        .or_else(|| doc.sections.iter().find_map(|s| in_section(s, loc, text)))
}

/// Does a prose number write the decimals the document's prose writes for
/// its kind (percentages, amounts)? "100.009%" among "100.00%"s is a misread.
fn prose_decimals_ok(doc: &Document, text: &str) -> bool {
    let pct = |t: &str| t.contains(['%', '％']);
    let decimals = |t: &str| number_core(t).map(|n| n.split_once('.').map_or(0, |(_, f)| f.len()));
    let Some(mine) = decimals(text) else {
        return false;
    };
    let mut counts = std::collections::BTreeMap::<usize, usize>::new();
    let mut n = 0;
    let mut visit = |p: &Paragraph| {
        for f in &p.figures {
            if pct(&f.text) == pct(text)
                && let Some(d) = decimals(&f.text)
            {
                *counts.entry(d).or_default() += 1;
                n += 1;
            }
        }
    };
    fn walk(s: &Section, visit: &mut dyn FnMut(&Paragraph)) {
        for item in &s.body {
            if let BodyItem::Paragraph(p) = item {
                visit(p);
            }
        }
        for c in &s.children {
            walk(c, visit);
        }
    }
    doc.preamble.iter().for_each(&mut visit);
    for s in &doc.sections {
        walk(s, &mut visit);
    }
    match counts.iter().max_by_key(|(_, c)| **c) {
        Some((&usual, &c)) if c * 2 > n && c >= 3 => mine == usual || mine == 0,
        _ => true,
    }
}

/// The digits, separators and decimal point of a number as written
/// ("−1,234.50万元" → "1,234.50"); None when there are no digits.
fn number_core(text: &str) -> Option<&str> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches([',', '.']))
}

/// Thousands separators, where present, every three digits of the integer
/// part and nowhere else; at most one decimal point.
fn well_grouped(n: &str) -> bool {
    let (int, frac) = match n.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (n, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    if int.is_empty() {
        return false;
    }
    if !int.contains(',') {
        return int.bytes().all(|b| b.is_ascii_digit());
    }
    let groups: Vec<&str> = int.split(',').collect();
    (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
}

/// (decimals, thousands separator used, integer digits) of a cell that is
/// only a number (a sign, a percent sign and spaces aside).
fn cell_style(text: &str) -> Option<(usize, bool, usize)> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t
        .trim_start_matches(['-', '−', '+', '－'])
        .trim_end_matches(['%', '％']);
    if t.is_empty() || !well_grouped(t) {
        return None;
    }
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    Some((frac.len(), int.contains(','), int.replace(',', "").len()))
}

/// Is the cell at (row, col) a clean number written the way its column
/// writes the others: the same decimals, and a thousands separator from
/// four digits on if the column uses one?
fn cell_format_ok(table: &Table, row: usize, col: usize) -> bool {
    let Some(cell) = table.rows.get(row).and_then(|r| r.get(col)) else {
        return false;
    };
    let Some((decimals, commas, digits)) = cell_style(&cell.text) else {
        return false;
    };
    let others: Vec<(usize, bool, usize)> = table
        .rows
        .iter()
        .enumerate()
        .filter(|(r, _)| *r != row)
        .filter_map(|(_, r)| r.get(col))
        .filter(|c| c.figure.is_some())
        .filter_map(|c| cell_style(&c.text))
        .collect();
    // The column's decimals: what most of its other numbers write.
    let mut counts = std::collections::BTreeMap::<usize, usize>::new();
    for o in &others {
        *counts.entry(o.0).or_default() += 1;
    }
    if let Some((&usual, &n)) = counts.iter().max_by_key(|(_, n)| **n)
        && n * 2 > others.len()
        && decimals != usual
    {
        return false;
    }
    let column_commas = others.iter().any(|o| o.1);
    !(column_commas && digits >= 4 && !commas)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators_every_three_digits() {
        assert!(well_grouped("4,310.68"));
        assert!(well_grouped("1,234,567"));
        assert!(well_grouped("310.68"));
        assert!(!well_grouped("43,10.68"));
        assert!(!well_grouped("4,310.6.8"));
        assert!(!well_grouped("4310,68"));
        assert!(!well_grouped(".68"));
        assert_eq!(number_core("−1,234.50万元"), Some("1,234.50"));
        assert_eq!(number_core("4,310.68."), Some("4,310.68"));
        assert_eq!(number_core("万元"), None);
    }

    #[test]
    fn a_cell_must_be_a_clean_number() {
        assert_eq!(cell_style("4,310.68"), Some((2, true, 4)));
        assert_eq!(cell_style("100.00%"), Some((2, false, 3)));
        assert_eq!(cell_style("-12.5"), Some((1, false, 2)));
        assert_eq!(cell_style("4,310.68."), None);
        assert_eq!(cell_style("”28.35"), None);
        assert_eq!(cell_style("3,796.10 3,197.36"), None);
    }

    /// A document whose one table was read by OCR from page 1, each cell
    /// with confidence `conf(row, col)`.
    fn scanned(rows: &[&[&str]], conf: impl Fn(usize, usize) -> f32) -> Document {
        let mut doc = crate::extract_bytes("某单位2023年度预算\n".as_bytes(), "x.txt").unwrap();
        let mut t = crate::audit::test_table("万元", &["序号", "项目", "金额"], rows);
        for (r, row) in t.rows.iter_mut().enumerate() {
            for (c, cell) in row.iter_mut().enumerate() {
                cell.location = Some(crate::model::Span::page(1));
                cell.ocr = Some(OcrMark::new(conf(r, c)));
                if let Some(f) = &mut cell.figure {
                    f.ocr = cell.ocr;
                }
            }
        }
        doc.tables = vec![t];
        doc.ocr = Some(crate::model::OcrInfo {
            engine: "tesseract".into(),
            pages: vec![1],
            ..Default::default()
        });
        crate::audit::run(&mut doc).expect("no time budget in tests");
        doc
    }

    fn total_severity(doc: &Document) -> Option<Severity> {
        doc.findings
            .iter()
            .find(|f| f.check == "table.total")
            .map(|f| f.severity)
    }

    const OFF_BY_TEN: &[&[&str]] = &[
        &["1", "人员经费", "3,263.58"],
        &["2", "公用经费", "620.02"],
        &["3", "其他", "152.31"],
        &["", "合计", "4,045.91"],
    ];

    #[test]
    fn a_total_read_with_certainty_stays_an_error() {
        let doc = scanned(OFF_BY_TEN, |_, _| 0.97);
        assert_eq!(
            total_severity(&doc),
            Some(Severity::Error),
            "{:?}",
            doc.findings
        );
        // Without OCR the same table is an error too.
        let mut plain = doc.clone();
        plain.ocr = None;
        for row in &mut plain.tables[0].rows {
            for cell in row {
                cell.ocr = None;
            }
        }
        crate::audit::run(&mut plain).expect("no time budget in tests");
        assert_eq!(total_severity(&plain), Some(Severity::Error));
    }

    #[test]
    fn an_uncertain_operand_makes_it_a_warning_that_says_why() {
        let doc = scanned(
            OFF_BY_TEN,
            |r, c| if (r, c) == (1, 2) { 0.62 } else { 0.97 },
        );
        assert_eq!(total_severity(&doc), Some(Severity::Warning));
        let f = doc
            .findings
            .iter()
            .find(|f| f.check == "table.total")
            .unwrap();
        assert!(
            f.message.contains("620.02 read with confidence 0.62"),
            "{}",
            f.message
        );
    }

    #[test]
    fn digits_not_written_as_the_column_writes_them_are_not_certain() {
        // One decimal in a two-decimal column: a decimal digit may be lost.
        let mut rows = OFF_BY_TEN.to_vec();
        rows[2] = &["3", "其他", "152.3"];
        let doc = scanned(&rows, |_, _| 0.97);
        assert_eq!(
            total_severity(&doc),
            Some(Severity::Warning),
            "{:?}",
            doc.findings
        );
        // A four-digit amount without the separator the column uses.
        let mut rows = OFF_BY_TEN.to_vec();
        rows[3] = &["", "合计", "4045.91"];
        let doc = scanned(&rows, |_, _| 0.97);
        assert_eq!(total_severity(&doc), Some(Severity::Warning));
    }
}
