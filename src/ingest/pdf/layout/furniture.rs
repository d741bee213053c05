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

/// "- 3 -", "—3—", "第 3 页", "第3页 共12页", "共 12 页", "3 / 12", "Page 3", "3".
pub fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.chars().count() > 16 {
        return false;
    }
    let lower = t.to_lowercase();
    let core = lower.trim_start_matches("page").replace("of", "/");
    let mut digits = 0;
    for c in core.chars() {
        match c {
            '0'..='9' => digits += 1,
            '-' | '—' | '–' | '－' | '_' | '第' | '页' | '共' | '/' | '／' | '·' | '.' | ','
            | '，' | '(' | ')' | '（' | '）' | '[' | ']' | '|' => {}
            _ => return false,
        }
    }
    digits > 0 && digits <= 8
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
                if is_page_number(&l.text) || repeated {
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
    fn page_number_forms() {
        for t in [
            "- 3 -",
            "-12-",
            "第 3 页",
            "第3页 共12页",
            "共 12 页",
            "3",
            "3 / 12",
            "Page 3 of 9",
            "— 4 —",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["合计", "2024年度", "一、概况", "1、单位机构情况", ""] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
