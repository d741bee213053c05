//! Page furniture: running headers, footers and page numbers. A line is
//! furniture when it sits in the top or bottom band of its page and either
//! reads as a page number ("- 3 -", "第 3 页", "3", "共 12 页", "3/12") or
//! repeats (digits aside) in the same band on many pages.

use super::lines::Line;
use std::collections::HashMap;

/// Share of the page height that counts as the header or footer band.
const BAND: f32 = 0.12;
/// How many lines from the top and bottom of a page are candidates.
const EDGE_LINES: usize = 3;

use crate::ingest::is_page_number;

/// A table's unit line ("单位：万元", "编制单位：某局 单位：元"): content,
/// though a document that sets a table on each page prints it at the top of
/// many pages, as a running header would be.
fn states_a_unit(text: &str) -> bool {
    text.chars().filter(|c| !c.is_whitespace()).count() <= 60
        && text.contains("单位")
        && crate::figures::unit_in(text).is_some()
}

/// Text with digits folded, so "第 3 页" and "第 4 页" match.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// For each page's lines (top to bottom), mark the furniture lines.
/// `heights` gives each page's height.
pub fn detect(pages: &[(Vec<Line>, f32)]) -> Vec<Vec<bool>> {
    let candidates = |lines: &[Line], h: f32| -> Vec<(usize, bool)> {
        let mut c = Vec::new();
        for (i, l) in lines.iter().enumerate().take(EDGE_LINES) {
            if l.bottom <= h * BAND {
                c.push((i, true));
            }
        }
        let n = lines.len();
        for (i, l) in lines.iter().enumerate().skip(n.saturating_sub(EDGE_LINES)) {
            if l.top >= h * (1.0 - BAND) && !c.iter().any(|&(j, _)| j == i) {
                c.push((i, false));
            }
        }
        c
    };
    // How many pages carry each (band, key).
    let mut counts: HashMap<(bool, String), usize> = HashMap::new();
    for (lines, h) in pages {
        let mut seen: Vec<(bool, String)> = Vec::new();
        for (i, top) in candidates(lines, *h) {
            let k = (top, key(&lines[i].text));
            if !seen.contains(&k) {
                seen.push(k);
            }
        }
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    let repeat_min = (pages.len() * 2 / 5).max(2);
    pages
        .iter()
        .map(|(lines, h)| {
            let mut marks = vec![false; lines.len()];
            for (i, top) in candidates(lines, *h) {
                let l = &lines[i];
                let repeated = counts
                    .get(&(top, key(&l.text)))
                    .is_some_and(|&n| n >= repeat_min);
                if is_page_number(&l.text) || (repeated && !states_a_unit(&l.text)) {
                    marks[i] = true;
                }
            }
            marks
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_line_at_the_top_of_many_pages_is_not_furniture() {
        let line = |text: &str, top: f32| Line {
            x0: 50.0,
            x1: 300.0,
            top,
            bottom: top + 10.0,
            baseline: top + 9.0,
            size: 10.0,
            bold: false,
            text: text.into(),
            segs: Vec::new(),
            glyphs: text.chars().count(),
        };
        // A table per page, its caption and unit line at the top of each;
        // and a running header that is furniture.
        let pages: Vec<(Vec<Line>, f32)> = ["收入预算表", "支出预算表", "三公经费表", "采购预算表"]
            .iter()
            .map(|caption| {
                (
                    vec![
                        line("某局2025年部门预算", 10.0),
                        line(caption, 30.0),
                        line("单位：万元", 50.0),
                        line("正文", 400.0),
                    ],
                    800.0,
                )
            })
            .collect();
        let marks = detect(&pages);
        assert!(
            marks.iter().all(|m| m[0] && !m[1] && !m[2] && !m[3]),
            "{marks:?}"
        );
    }
}
