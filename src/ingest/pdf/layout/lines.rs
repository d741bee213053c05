//! Glyphs → lines: baseline clustering, duplicate removal, and the text of a
//! line with spaces only where the page shows them.

use super::super::{Glyph, Page};

/// A glyph as the layout stage uses it: the page glyph plus what we learnt
/// (bold from the font or from a double-drawn duplicate).
#[derive(Debug, Clone)]
pub struct G {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub top: f32,
    pub bottom: f32,
    pub baseline: f32,
    pub size: f32,
    pub bold: bool,
    /// Whitespace glyph: a word-space hint, no geometry of its own.
    pub space: bool,
}

/// Whether each of the page's fonts is bold, by its flags or its name;
/// worked out once per page, not per glyph (the name test lower-cased the
/// font name for every glyph: 4 % of a PDF's extraction time).
pub fn bold_fonts(page: &Page) -> Vec<bool> {
    page.fonts
        .iter()
        .map(|f| f.bold || font_name_bold(&f.name))
        .collect()
}

impl G {
    /// `bold`: [`bold_fonts`] of the glyph's page.
    pub fn from_glyph(g: &Glyph, bold: &[bool]) -> G {
        let bold = bold.get(g.font as usize).copied().unwrap_or(false);
        G {
            space: g.text.chars().all(char::is_whitespace),
            text: g.text.clone(),
            x0: g.x0.min(g.x1),
            x1: g.x1.max(g.x0),
            top: g.top.min(g.bottom),
            bottom: g.bottom.max(g.top),
            baseline: g.baseline,
            size: if g.size.is_finite() && g.size > 0.5 {
                g.size
            } else {
                (g.bottom - g.top).abs().max(1.0)
            },
            bold,
        }
    }
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f32 {
        (self.top + self.bottom) / 2.0
    }
    fn first_char(&self) -> Option<char> {
        self.text.chars().next()
    }
    fn last_char(&self) -> Option<char> {
        self.text.chars().next_back()
    }
}

fn font_name_bold(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.contains("bold") || l.contains("black") || l.contains("heavy") || l.ends_with(",b")
}

/// CJK ideographs, kana, CJK punctuation and full-width forms: characters
/// between which no space is ever written.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F
        | 0x31A0..=0x31BF | 0x3200..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// A run of glyphs on one line with no wide gap inside.
#[derive(Debug, Clone)]
pub struct Seg {
    pub x0: f32,
    pub x1: f32,
    pub text: String,
}

/// One line of text: glyphs sharing a baseline, left to right.
#[derive(Debug, Clone)]
pub struct Line {
    pub x0: f32,
    pub x1: f32,
    pub top: f32,
    pub bottom: f32,
    pub baseline: f32,
    /// Most common glyph size.
    pub size: f32,
    /// Every visible glyph is bold.
    pub bold: bool,
    pub text: String,
    /// Runs separated by gaps wider than a column gap.
    pub segs: Vec<Seg>,
    /// Number of visible glyphs.
    pub glyphs: usize,
}

impl Line {
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
}

/// Gap (in ems) above which two glyphs on one line belong to different
/// columns of an unruled table or to a tab stop.
pub const COLUMN_GAP_EM: f32 = 1.6;

/// Group glyphs into lines (top to bottom, each left to right). `glyphs` need
/// not be sorted. O(n log n).
pub fn build(glyphs: &[G]) -> Vec<Line> {
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    order.sort_by(|&a, &b| {
        glyphs[a]
            .baseline
            .total_cmp(&glyphs[b].baseline)
            .then(glyphs[a].x0.total_cmp(&glyphs[b].x0))
    });
    let mut lines = Vec::new();
    let mut group: Vec<usize> = Vec::new();
    let mut base = 0.0f32;
    let mut size = 0.0f32;
    for i in order {
        let g = &glyphs[i];
        if !group.is_empty() {
            let tol = 0.4 * size.min(g.size).max(1.0);
            if g.baseline - base > tol {
                if let Some(l) = make_line(glyphs, &mut group) {
                    lines.push(l);
                }
                group.clear();
            }
        }
        if group.is_empty() {
            base = g.baseline;
            size = g.size;
        } else if !g.space {
            size = size.max(g.size);
        }
        group.push(i);
    }
    if let Some(l) = make_line(glyphs, &mut group) {
        lines.push(l);
    }
    lines.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.x0.total_cmp(&b.x0))
    });
    lines
}

fn make_line(glyphs: &[G], group: &mut [usize]) -> Option<Line> {
    group.sort_by(|&a, &b| glyphs[a].x0.total_cmp(&glyphs[b].x0));
    // Drop duplicates (text drawn twice for a bold effect, or twice by the
    // producer): same text overlapping most of the previous glyph.
    let mut kept: Vec<(usize, bool)> = Vec::with_capacity(group.len());
    for &i in group.iter() {
        let g = &glyphs[i];
        if g.space {
            kept.push((i, false));
            continue;
        }
        let dup = kept.iter().rev().take(4).position(|&(j, _)| {
            let h = &glyphs[j];
            !h.space && h.text == g.text && {
                let w = (g.x1 - g.x0).max(0.1);
                let overlap = g.x1.min(h.x1) - g.x0.max(h.x0);
                overlap > 0.6 * w && (g.baseline - h.baseline).abs() < 0.3 * g.size
            }
        });
        match dup {
            Some(back) => {
                let k = kept.len() - 1 - back;
                let h = &glyphs[kept[k].0];
                if (g.x0 - h.x0).abs() > 0.05 || (g.baseline - h.baseline).abs() > 0.05 {
                    kept[k].1 = true;
                }
            }
            None => kept.push((i, false)),
        }
    }
    let visible: Vec<&(usize, bool)> = kept.iter().filter(|(i, _)| !glyphs[*i].space).collect();
    let first = glyphs[visible.first()?.0].clone();
    let mut line = Line {
        x0: f32::MAX,
        x1: f32::MIN,
        top: f32::MAX,
        bottom: f32::MIN,
        baseline: first.baseline,
        size: first.size,
        bold: true,
        text: String::new(),
        segs: Vec::new(),
        glyphs: visible.len(),
    };
    let mut sizes: Vec<(f32, usize)> = Vec::new();
    let mut prev: Option<&G> = None;
    let mut pending_space = false;
    let mut seg: Option<Seg> = None;
    for &(i, fake_bold) in &kept {
        let g = &glyphs[i];
        if g.space {
            pending_space = prev.is_some();
            continue;
        }
        line.x0 = line.x0.min(g.x0);
        line.x1 = line.x1.max(g.x1);
        line.top = line.top.min(g.top);
        line.bottom = line.bottom.max(g.bottom);
        line.bold &= g.bold || fake_bold;
        let rounded = (g.size * 2.0).round() / 2.0;
        match sizes.iter_mut().find(|(s, _)| *s == rounded) {
            Some(e) => e.1 += 1,
            None => sizes.push((rounded, 1)),
        }
        if let Some(p) = prev {
            let em = p.size.max(g.size);
            let gap = g.x0 - p.x1;
            // Between two CJK characters only a wide gap is a space; next to
            // Latin text a space glyph or a word gap is.
            let cjk = p.last_char().is_some_and(is_cjk) && g.first_char().is_some_and(is_cjk);
            if gap > COLUMN_GAP_EM * em {
                if let Some(s) = seg.take() {
                    line.segs.push(s);
                }
                line.text.push(' ');
            } else if if cjk {
                gap > 0.9 * em
            } else {
                pending_space || gap > 0.2 * em
            } {
                line.text.push(' ');
                if let Some(s) = seg.as_mut() {
                    s.text.push(' ');
                }
            }
        }
        pending_space = false;
        line.text.push_str(&g.text);
        match seg.as_mut() {
            Some(s) => {
                s.x1 = g.x1;
                s.text.push_str(&g.text);
            }
            None => {
                seg = Some(Seg {
                    x0: g.x0,
                    x1: g.x1,
                    text: g.text.clone(),
                })
            }
        }
        prev = Some(g);
    }
    if let Some(s) = seg.take() {
        line.segs.push(s);
    }
    if let Some((s, _)) = sizes.iter().max_by_key(|(_, n)| *n) {
        line.size = *s;
    }
    Some(line)
}

/// Join two pieces of text that were on consecutive lines of one paragraph:
/// no space at a CJK wrap, a space between Latin words.
pub fn join_wrapped(out: &mut String, next: &str) {
    let a = out.chars().next_back();
    let b = next.chars().next();
    if let (Some(a), Some(b)) = (a, b)
        && !is_cjk(a)
        && !is_cjk(b)
        && !a.is_whitespace()
        && a != '-'
        && (a.is_ascii_alphanumeric() || matches!(a, ',' | '.' | ';' | ':' | ')' | '%'))
        && (b.is_ascii_alphanumeric() || b == '(')
    {
        // Digits broken across lines ("1,234" / ".56") are one number.
        if !(a.is_ascii_digit() && (b.is_ascii_digit() || b == '.'))
            && !(matches!(a, ',' | '.') && b.is_ascii_digit())
        {
            out.push(' ');
        }
    }
    out.push_str(next);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn g(text: &str, x0: f32, baseline: f32, size: f32) -> G {
        let w = if text.is_ascii() {
            size * 0.5 * text.chars().count() as f32
        } else {
            size * text.chars().count() as f32
        };
        G {
            text: text.into(),
            x0,
            x1: x0 + w,
            top: baseline - size * 0.85,
            bottom: baseline + size * 0.15,
            baseline,
            size,
            bold: false,
            space: text.trim().is_empty(),
        }
    }

    /// Lay a string out glyph by glyph from `x0` on `baseline`.
    pub fn run(s: &str, x0: f32, baseline: f32, size: f32) -> Vec<G> {
        let mut x = x0;
        s.chars()
            .map(|c| {
                let gl = g(&c.to_string(), x, baseline, size);
                x = gl.x1;
                gl
            })
            .collect()
    }

    #[test]
    fn cjk_has_no_spaces_latin_keeps_them() {
        let mut gs = run("绩效评价", 72.0, 100.0, 12.0);
        gs.extend(run("PM2.5 online", 72.0 + 48.0, 100.3, 12.0));
        let lines = build(&gs);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "绩效评价PM2.5 online");
    }

    #[test]
    fn baselines_cluster_into_lines_in_order() {
        let mut gs = run("第二行", 72.0, 130.0, 12.0);
        gs.extend(run("第一行", 72.0, 100.0, 12.0));
        gs.reverse();
        let lines = build(&gs);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["第一行", "第二行"]);
    }

    #[test]
    fn double_drawn_glyphs_are_dropped_and_mark_bold() {
        let mut gs = run("标题", 72.0, 100.0, 16.0);
        gs.extend(run("标题", 72.4, 100.0, 16.0));
        let lines = build(&gs);
        assert_eq!(lines[0].text, "标题");
        assert!(lines[0].bold);
    }

    #[test]
    fn wide_gaps_split_segments() {
        let mut gs = run("合计", 72.0, 100.0, 10.0);
        gs.extend(run("1,848.26", 300.0, 100.0, 10.0));
        let lines = build(&gs);
        assert_eq!(lines[0].segs.len(), 2);
        assert_eq!(lines[0].segs[1].text, "1,848.26");
        assert_eq!(lines[0].text, "合计 1,848.26");
    }

    #[test]
    fn wrapped_text_joins() {
        let mut s = String::from("南京市");
        join_wrapped(&mut s, "生态环境");
        assert_eq!(s, "南京市生态环境");
        let mut s = String::from("annual");
        join_wrapped(&mut s, "report");
        assert_eq!(s, "annual report");
        let mut s = String::from("1,234");
        join_wrapped(&mut s, ".56");
        assert_eq!(s, "1,234.56");
    }
}
