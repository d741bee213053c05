//! Marks what OCR produced in the finished document: every paragraph, cell
//! and figure on an OCR'd page gets `ocr: true` and a confidence, found by
//! looking its text up in the words the engine recognised on that page.
//!
//! - a figure: the least confidence among the characters its text was read
//!   from (every place the page shows it; 0 when the text is nowhere in the
//!   engine's words, e.g. joined across words the layout put together — not
//!   certain, so never trusted);
//! - a cell: the least of its text's characters, and of its figure;
//! - a paragraph: the mean confidence of its characters (of the page where
//!   its text cannot be found as read).
//!
//! The audit (`audit::ocr`) lowers findings whose operands are not certain.

use std::collections::HashMap;

use crate::model::{BodyItem, Document, Figure, OcrMark, OcrPass, Paragraph, Section, Span};

/// The recognised text of one page with a confidence per character, spaces
/// dropped and punctuation folded (so "，" and "," match).
#[derive(Debug, Default)]
struct PageWords {
    chars: Vec<char>,
    conf: Vec<f32>,
}

impl PageWords {
    fn mean(&self) -> f32 {
        if self.conf.is_empty() {
            0.0
        } else {
            self.conf.iter().sum::<f32>() / self.conf.len() as f32
        }
    }

    /// Confidences of every place `needle` occurs.
    fn find(&self, needle: &[char]) -> Vec<&[f32]> {
        let n = needle.len();
        if n == 0 || n > self.chars.len() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i + n <= self.chars.len() {
            if self.chars[i] == needle[0] && self.chars[i..i + n] == *needle {
                out.push(&self.conf[i..i + n]);
                i += n;
            } else {
                i += 1;
            }
        }
        out
    }
}

/// Full-width punctuation to its ASCII twin, spaces dropped.
fn fold(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '，' => ',',
            '：' => ':',
            '；' => ';',
            '（' => '(',
            '）' => ')',
            '！' => '!',
            '？' => '?',
            '％' => '%',
            '．' => '.',
            c => c,
        })
        .collect()
}

struct Marker {
    pages: HashMap<u32, PageWords>,
}

impl Marker {
    fn pages_of<'a>(&'a self, span: &Span) -> Vec<&'a PageWords> {
        let Some(first) = span.page else {
            return Vec::new();
        };
        let last = span.page_end.unwrap_or(first).max(first);
        (first..=last).filter_map(|p| self.pages.get(&p)).collect()
    }

    /// Least confidence over every occurrence of `text` on `span`'s pages;
    /// None when it occurs nowhere.
    fn least(&self, text: &str, span: &Span) -> Option<f32> {
        let needle = fold(text);
        let mut least: Option<f32> = None;
        for p in self.pages_of(span) {
            for occ in p.find(&needle) {
                let m = occ.iter().copied().fold(1.0f32, f32::min);
                least = Some(least.map_or(m, |l| l.min(m)));
            }
        }
        least
    }

    /// Mean confidence of `text` as read (first occurrence), else of its pages.
    fn mean(&self, text: &str, span: &Span) -> Option<f32> {
        let pages = self.pages_of(span);
        if pages.is_empty() {
            return None;
        }
        let needle = fold(text);
        for p in &pages {
            if let Some(occ) = p.find(&needle).first() {
                return Some(occ.iter().sum::<f32>() / occ.len().max(1) as f32);
            }
        }
        Some(pages.iter().map(|p| p.mean()).sum::<f32>() / pages.len() as f32)
    }

    fn figure(&self, f: &mut Figure, span: &Span) {
        f.ocr = Some(OcrMark::new(self.least(&f.text, span).unwrap_or(0.0)));
    }

    fn paragraph(&self, p: &mut Paragraph) {
        let Some(mean) = self.mean(&p.text, &p.location) else {
            return;
        };
        p.ocr = Some(OcrMark::new(mean));
        let span = p.location.clone();
        for f in &mut p.figures {
            self.figure(f, &span);
        }
    }

    fn section(&self, s: &mut Section) {
        for item in &mut s.body {
            if let BodyItem::Paragraph(p) = item {
                self.paragraph(p);
            }
        }
        for c in &mut s.children {
            self.section(c);
        }
    }
}

/// Record the OCR pass in `doc` and mark what came from it.
pub fn mark(doc: &mut Document, pass: OcrPass) {
    let mut pages: HashMap<u32, PageWords> = HashMap::new();
    for (page, word, conf) in &pass.words {
        let p = pages.entry(*page).or_default();
        for c in fold(word) {
            p.chars.push(c);
            p.conf.push(*conf);
        }
    }
    // Pages read by OCR with no words still count (their text is empty).
    for &p in &pass.info.pages {
        pages.entry(p).or_default();
    }
    let m = Marker { pages };
    for p in &mut doc.preamble {
        m.paragraph(p);
    }
    for s in &mut doc.sections {
        m.section(s);
    }
    for t in &mut doc.tables {
        for row in t.header.iter_mut().chain(t.rows.iter_mut()) {
            for cell in row {
                let Some(span) = cell.location.clone() else {
                    continue;
                };
                if m.pages_of(&span).is_empty() {
                    continue;
                }
                let mut least = if cell.text.trim().is_empty() {
                    1.0
                } else {
                    m.least(&cell.text, &span).unwrap_or(0.0)
                };
                if let Some(f) = &mut cell.figure {
                    m.figure(f, &span);
                    least = least.min(f.ocr.map_or(0.0, |o| o.confidence));
                }
                cell.ocr = Some(OcrMark::new(least));
            }
        }
    }
    doc.ocr = Some(pass.info);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(words: &[(&str, f32)]) -> Marker {
        let mut p = PageWords::default();
        for (w, c) in words {
            for ch in fold(w) {
                p.chars.push(ch);
                p.conf.push(*c);
            }
        }
        Marker {
            pages: HashMap::from([(3, p)]),
        }
    }

    #[test]
    fn a_figure_takes_its_least_certain_reading() {
        let m = marker(&[
            ("年初预算数", 0.95),
            ("3,883.60", 0.93),
            ("万元", 0.96),
            ("，", 0.9),
            ("3,883.60", 0.61),
        ]);
        let on3 = Span::page(3);
        assert_eq!(m.least("3,883.60", &on3), Some(0.61), "both places count");
        assert_eq!(m.least("3,883.60万元", &on3), Some(0.93));
        assert_eq!(m.least("4,438.80", &on3), None);
        assert_eq!(m.least("3,883.60", &Span::page(4)), None, "another page");
        let mean = m.mean("年初预算数 3,883.60 万元", &on3).unwrap();
        assert!((mean - (5.0 * 0.95 + 8.0 * 0.93 + 2.0 * 0.96) / 15.0).abs() < 1e-4);
        assert!(
            m.mean("未读到的文字", &on3).is_some(),
            "falls back to the page"
        );
    }
}
