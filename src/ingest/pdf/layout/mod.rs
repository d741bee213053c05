//! Glyphs and rulings → lines → paragraphs and tables, in reading order.
//!
//! Per page: glyphs are cleaned (off-page and duplicate glyphs dropped,
//! sideways pages turned upright), ruled tables take the glyphs inside their
//! frames (`tables`), the rest cluster into lines by baseline (`lines`),
//! running headers, footers and page numbers are dropped (`furniture`), runs
//! of lines whose gaps line up into columns become unruled tables (`columns`),
//! and the remaining lines group into paragraphs by indentation, line gaps and
//! font changes. Paragraphs cut by a page break are joined later by
//! `structure` (it sees the sentence and heading marks); each page part of a
//! table is its own `RawTable` and `structure` joins parts whose header
//! repeats or whose width matches.

pub mod columns;
pub mod furniture;
pub mod lines;
pub mod tables;

use super::Page;
use crate::error::Result;
use crate::limits;
use crate::model::{Block, RawParagraph, RawTable, Span, StyleHints};
use lines::{G, Line};

/// Lay out all pages into one block stream (page furniture removed, paragraphs
/// and tables that continue across pages joined where the layout says so).
pub fn blocks(pages: &[Page]) -> Result<Vec<Block>> {
    let mut prepared: Vec<Prepared> = Vec::with_capacity(pages.len());
    for page in pages {
        limits::check()?;
        prepared.push(prepare(page));
    }
    let furniture = furniture::detect(
        &prepared
            .iter()
            .map(|p| (p.lines.clone(), p.height))
            .collect::<Vec<_>>(),
    );
    let doc_margins = Margins::of(prepared.iter().flat_map(|p| p.lines.iter()));
    let mut out = Vec::new();
    // Header rows of a table running over several pages.
    let mut run_heads: Vec<Vec<String>> = Vec::new();
    for (p, marks) in prepared.into_iter().zip(furniture) {
        limits::check()?;
        let lines: Vec<Line> = p
            .lines
            .into_iter()
            .zip(marks)
            .filter(|(_, m)| !m)
            .map(|(l, _)| l)
            .collect();
        let start = out.len();
        page_blocks(p.number, lines, p.tables, doc_margins, &mut out);
        limits::count(limits::Counted::Paragraphs, out.len() - start)?;
        // A table row broken by this page break: its rest joins the row on
        // the previous page.
        if start > 0
            && out.len() > start
            && let (Some(Block::Table(prev)), Some(Block::Table(next))) =
                (out.get(start - 1), out.get(start))
        {
            let (mut prev, mut next) = (prev.clone(), next.clone());
            // Header rows of the earlier parts repeated inside this part.
            for h in tables::title_rows(&prev) {
                if !run_heads.contains(&h) {
                    run_heads.push(h);
                }
            }
            tables::drop_repeated_header_rows(&mut next, &run_heads);
            if tables::join_orphan_header(&mut prev, &mut next) {
                out[start - 1] = Block::Table(prev);
                out.remove(start);
            } else {
                tables::join_broken_row(&mut prev, &mut next);
                out[start - 1] = Block::Table(prev);
                out[start] = Block::Table(next);
            }
        } else {
            run_heads.clear();
        }
    }
    Ok(out)
}

/// One page after glyph clean-up, table and line finding.
struct Prepared {
    number: u32,
    height: f32,
    lines: Vec<Line>,
    tables: Vec<tables::Found>,
}

fn prepare(page: &Page) -> Prepared {
    let (w, h) = (page.width.max(1.0), page.height.max(1.0));
    let mut glyphs: Vec<G> = Vec::with_capacity(page.glyphs.len());
    let sideways = page.glyphs.iter().filter(|g| !g.upright).count();
    let turn = sideways * 2 > page.glyphs.len() && sideways > 0;
    let bold = lines::bold_fonts(page);
    for g in &page.glyphs {
        if g.text.is_empty() {
            continue;
        }
        let mut lg = G::from_glyph(g, &bold);
        if turn && !g.upright {
            lg = turn_upright(lg, h);
        }
        let (cx, cy) = (lg.cx(), lg.cy());
        let (pw, ph) = if turn { (h, w) } else { (w, h) };
        if !(cx.is_finite() && cy.is_finite())
            || cx < -1.0
            || cy < -1.0
            || cx > pw + 1.0
            || cy > ph + 1.0
        {
            continue;
        }
        glyphs.push(lg);
    }
    let mut taken = vec![false; glyphs.len()];
    let rules: Vec<super::Rule> = if turn {
        page.rules
            .iter()
            .map(|r| super::Rule {
                x0: h - r.y0,
                y0: r.x0,
                x1: h - r.y1,
                y1: r.x1,
            })
            .collect()
    } else {
        page.rules.clone()
    };
    let tables = tables::ruled(&rules, &glyphs, &mut taken, page.number);
    let rest: Vec<G> = glyphs
        .into_iter()
        .zip(taken)
        .filter(|(_, t)| !t)
        .map(|(g, _)| g)
        .collect();
    let lines = lines::build(&rest);
    Prepared {
        number: page.number,
        height: if turn { w } else { h },
        lines,
        tables,
    }
}

/// A glyph of text running bottom-to-top on a page (a landscape table printed
/// on a portrait page): rotate the page a quarter turn clockwise so the text
/// reads left to right. Glyph boxes are axis-aligned, so only their corners
/// move: x' = H - y, y' = x.
fn turn_upright(g: G, page_height: f32) -> G {
    let (x0, x1) = (page_height - g.bottom, page_height - g.top);
    let size = g.size;
    G {
        x0,
        x1,
        top: g.x0,
        bottom: g.x1,
        baseline: g.x1 - 0.15 * size,
        ..g
    }
}

/// Left and right text edges of the body and the usual line pitch.
#[derive(Debug, Clone, Copy)]
struct Margins {
    left: f32,
    right: f32,
}

impl Margins {
    /// The most used left and right edges, each line counted by its glyphs:
    /// the body's edges are where most of the text is, not where most lines
    /// start (a page with a list of eight short indented items above one
    /// paragraph has its body margin at the paragraph's edge).
    fn of<'a>(lines: impl Iterator<Item = &'a Line>) -> Option<Margins> {
        let mut lefts: std::collections::HashMap<i32, usize> = Default::default();
        let mut rights: std::collections::HashMap<i32, usize> = Default::default();
        for l in lines {
            if l.glyphs < 6 {
                continue;
            }
            *lefts.entry(l.x0.round() as i32).or_default() += l.glyphs;
            *rights.entry(l.x1.round() as i32).or_default() += l.glyphs;
        }
        // Neighbours (±1 pt) merged so rounding does not split an edge.
        let weight = |m: &std::collections::HashMap<i32, usize>, k: i32| -> usize {
            (k - 1..=k + 1).filter_map(|j| m.get(&j)).sum()
        };
        let mode = |m: &std::collections::HashMap<i32, usize>| {
            m.keys()
                .map(|&k| (weight(m, k), k))
                .max()
                .map(|(n, k)| (k as f32, n))
        };
        // At least two lines' worth of glyphs at each edge.
        let (left, nl) = mode(&lefts)?;
        let (right, nr) = mode(&rights)?;
        // The body's left edge is the leftmost edge holding at least half as
        // much text: on a page of short paragraphs their indented first
        // lines hold as much as the lines at the edge.
        let left = lefts
            .keys()
            .filter(|&&k| (k as f32) < left - 1.0 && 2 * weight(&lefts, k) >= nl)
            .min()
            .map_or(left, |&k| k as f32);
        (nl >= 12 && nr >= 12 && right > left).then_some(Margins { left, right })
    }
}

enum Item {
    Line(Line),
    Table(RawTable),
}

fn page_blocks(
    number: u32,
    lines: Vec<Line>,
    ruled: Vec<tables::Found>,
    doc: Option<Margins>,
    out: &mut Vec<Block>,
) {
    let margins = Margins::of(lines.iter())
        .or(doc)
        .unwrap_or_else(|| Margins {
            left: lines.iter().map(|l| l.x0).fold(f32::MAX, f32::min),
            right: lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max),
        });
    // Unruled tables from aligned columns, then everything in reading order.
    let (lines, unruled) = columns::tables(lines, number);
    let mut items: Vec<(f32, Item)> = Vec::with_capacity(lines.len() + ruled.len());
    for l in lines {
        items.push((l.top, Item::Line(l)));
    }
    for t in ruled.into_iter().chain(unruled) {
        items.push((t.top, Item::Table(t.table)));
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut para: Vec<Line> = Vec::new();
    for (_, item) in items {
        match item {
            Item::Line(l) => {
                if let Some(prev) = para.last()
                    && breaks(prev, &l, &margins, para.len())
                {
                    out.push(Block::Paragraph(paragraph(&para, number, &margins)));
                    para.clear();
                }
                para.push(l);
            }
            Item::Table(t) => {
                if !para.is_empty() {
                    out.push(Block::Paragraph(paragraph(&para, number, &margins)));
                    para.clear();
                }
                out.push(Block::Table(t));
            }
        }
    }
    if !para.is_empty() {
        out.push(Block::Paragraph(paragraph(&para, number, &margins)));
    }
}

fn centered(l: &Line, m: &Margins) -> bool {
    let mid = (m.left + m.right) / 2.0;
    l.x0 > m.left + 2.0 * l.size && (l.cx() - mid).abs() < 1.5 * l.size
}

/// Does line `next` start a new paragraph after `prev`?
fn breaks(prev: &Line, next: &Line, m: &Margins, _so_far: usize) -> bool {
    let em = prev.size.max(next.size);
    // Vertical gap: more than a blank line's worth.
    let pitch = next.baseline - prev.baseline;
    let gap = next.top - prev.bottom;
    if pitch > 2.2 * em || (gap > 1.0 * em && !(gap <= 1.6 * em && wraps(prev, next, m))) {
        return true;
    }
    if runs_on(prev, next, m) {
        return false;
    }
    if (prev.size - next.size).abs() > 0.6 || prev.bold != next.bold {
        return true;
    }
    // A numbered item starts a line after one that stopped on a word or a
    // sentence mark (not a clause mark, not inside a number: "如下表 1-" |
    // "1、1-2"): a new entry ("十一、…支出预算表" then "十二、政府采购支出预算表"),
    // however far the line before ran.
    if crate::structure::headings::mark(next.text.trim_start()).is_some()
        && (open_end(prev).1
            || prev
                .text
                .trim_end()
                .ends_with(['。', '；', '：', '！', '？']))
    {
        return true;
    }
    // A centred title wrapped onto a second centred line (same size and
    // weight, ordinary line pitch) stays one paragraph.
    if centered(prev, m) && centered(next, m) && pitch <= 1.8 * em {
        return false;
    }
    // First-line indent.
    if next.x0 - prev.x0 > 1.2 * em {
        return true;
    }
    // The previous line stopped short of the right margin (unless what
    // starts the next line would not have fitted there).
    if m.right - prev.x1 > 1.8 * em && !pushed_over(prev, next, m) {
        return true;
    }
    // A paragraph's first line, indented two characters and running nearly
    // to the right margin, can look centred; the next line back at the left
    // margin says it was not.
    let first_line = (prev.x0 - m.left - 2.0 * prev.size).abs() < 0.3 * prev.size
        && (next.x0 - m.left).abs() < 0.5 * em
        && prev.x1 - prev.x0 > 0.8 * (m.right - m.left);
    if (centered(prev, m) && !first_line) || centered(next, m) {
        return true;
    }
    false
}

/// How a line stops inside a sentence: on a clause mark (，、“（《), or on an
/// ideograph (inside a word, or at its end).
fn open_end(line: &Line) -> (bool, bool) {
    match line.text.trim_end().chars().next_back() {
        Some(last) => (
            matches!(last, '，' | '、' | '“' | '（' | '《'),
            ('\u{4E00}'..='\u{9FFF}').contains(&last),
        ),
        None => (false, false),
    }
}

/// Is `next` the wrapped rest of `prev` although the gap between them is
/// wider than the page's line gap (a Chinese Word document's line grid moves
/// a line with Latin digits down a notch: "…增加 3401.59 万元，增长" then
/// "129.97 %。…")? `prev` is a line of prose filling the line to the right
/// margin, and `next` reads as its rest ([`continues_at_margin`]).
fn wraps(prev: &Line, next: &Line, m: &Margins) -> bool {
    let em = prev.size.max(next.size);
    // A line of prose, not a short title that happens to end near a
    // margin read from a page of short lines.
    let long = prev.glyphs >= 20 && prev.x1 - prev.x0 > 0.8 * (m.right - m.left);
    continues_at_margin(prev, next, m)
        && long
        && m.right - prev.x1 < 1.0 * em
        && (prev.x0 - m.left) > -0.5 * em
}

/// What a line's wrapped rest looks like, whatever the gap above it: `prev`
/// stops inside a clause (an ideograph or a clause mark), and `next` starts
/// at the left margin, unmarked, in the same size and weight.
fn continues_at_margin(prev: &Line, next: &Line, m: &Margins) -> bool {
    let em = prev.size.max(next.size);
    let (clause, ideograph) = open_end(prev);
    (clause || ideograph)
        && !starts_marked(next)
        && (next.x0 - m.left).abs() < 0.5 * em
        && (prev.size - next.size).abs() <= 0.6
        && prev.bold == next.bold
}

/// Does a list item or heading start `line`, with its marker: "（二）", "2、",
/// "三、", "十二、", "12．", "第一部分", "①"?
fn starts_marked(line: &Line) -> bool {
    let text = line.text.trim_start();
    let mut head = text.chars();
    match (head.next(), head.next()) {
        (Some('(' | '（' | '【' | '[' | '①'..='⑳' | '第'), _) => true,
        (Some(c), Some('、' | '.' | '．')) => {
            c.is_ascii_digit() || "一二三四五六七八九十".contains(c)
        }
        // Numbers of more than one character: the heading ladder's reading.
        _ => crate::structure::headings::mark(text).is_some(),
    }
}

/// Did `prev` stop short of the right margin only because what begins
/// `next` could not be set there? A number or Latin word is not broken
/// ("…拟购买服务" then "2555.8 万元。"), and a line may not begin with a
/// closing mark, so an ideograph goes down with it. And `next` must read as
/// `prev`'s rest ([`continues_at_margin`]).
fn pushed_over(prev: &Line, next: &Line, m: &Margins) -> bool {
    let em = prev.size.max(next.size);
    let text = next.text.trim_start();
    let latin = text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%' | '-' | '/'))
        .count();
    let unit = if latin > 0 {
        // Digits and Latin letters are about half an em wide.
        0.5 * em * latin as f32
    } else {
        let closing = text.chars().nth(1).is_some_and(|c| {
            matches!(
                c,
                '，' | '。' | '、' | '；' | '：' | '！' | '？' | '）' | '”' | '》' | '」'
            )
        });
        if closing { 2.0 * em } else { em }
    };
    continues_at_margin(prev, next, m)
        && prev.x1 - prev.x0 > 0.6 * (m.right - m.left)
        && m.right - prev.x1 < unit + 0.5 * em
}

/// Does `prev` stop mid-sentence so that `next` must continue it, whatever
/// its indent or size? A long plain line no larger than the next ending in a
/// clause mark, or set smaller than the next and ending inside a word (an
/// ideograph); or a wide title line wrapped onto a centred line of the same
/// size.
fn runs_on(prev: &Line, next: &Line, m: &Margins) -> bool {
    let (clause, ideograph) = open_end(prev);
    if !(clause || ideograph) {
        return false;
    }
    // Ending inside a word only counts when the line is set smaller than the
    // next (a title or heading line also ends in an ideograph, but is never
    // smaller than what follows).
    let smaller = prev.size < next.size - 0.6;
    let long_plain =
        prev.glyphs >= 24 && !prev.bold && prev.size <= next.size + 0.6 && (clause || smaller);
    let mid = (m.left + m.right) / 2.0;
    let title = (prev.size - next.size).abs() <= 0.6
        && prev.bold == next.bold
        && centered(next, m)
        && (prev.cx() - mid).abs() < 2.0 * prev.size
        && prev.x1 - prev.x0 > 0.6 * (m.right - m.left);
    long_plain || title
}

fn paragraph(lines: &[Line], page: u32, m: &Margins) -> RawParagraph {
    let mut text = String::new();
    for l in lines {
        if text.is_empty() {
            text.push_str(l.text.trim());
        } else {
            lines::join_wrapped(&mut text, l.text.trim());
        }
    }
    let mut sizes: Vec<(f32, usize)> = Vec::new();
    for l in lines {
        match sizes.iter_mut().find(|(s, _)| *s == l.size) {
            Some(e) => e.1 += l.glyphs,
            None => sizes.push((l.size, l.glyphs)),
        }
    }
    let font_size = sizes.iter().max_by_key(|(_, n)| *n).map(|(s, _)| *s);
    RawParagraph {
        text,
        style: StyleHints {
            outline_level: None,
            bold: lines.iter().all(|l| l.bold),
            centered: lines.iter().all(|l| centered(l, m)),
            font_size,
            ..Default::default()
        },
        span: Span::page(page),
    }
}

#[cfg(test)]
mod tests;
