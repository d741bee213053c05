//! Recognised words → positioned glyphs, as a PDF text layer would give them.
//!
//! Where the words enter, two habits of the engine's Chinese output are
//! undone: it splits Chinese text into one "word" per character or two
//! (which would read as spaces between characters), and it writes ASCII
//! punctuation (, : ; ( )) where the page has the full-width marks. Each
//! Chinese character becomes its own glyph with its share of the word's box,
//! so the layout stage sees the same character boxes as in a text PDF and
//! puts no space between them; a run of digits or Latin letters stays one
//! glyph, so a number is never cut.

use super::tesseract::{LineBox, Word};
use crate::ingest::pdf::Glyph;
use crate::ingest::pdf::layout::lines::is_cjk;

/// From image pixels to page points: `x_pt = x0 + px * sx`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub x0: f32,
    pub y0: f32,
    pub sx: f32,
    pub sy: f32,
}

/// The full-width form of ASCII punctuation met between Chinese characters.
fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '(' => '（',
        ')' => '）',
        '!' => '！',
        '?' => '？',
        _ => return None,
    })
}

/// A word's text with ASCII punctuation next to Chinese made full-width,
/// given the characters just before and after it on its line.
fn normalise(text: &str, before: Option<char>, after: Option<char>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i == 0 { before } else { Some(chars[i - 1]) };
        let next = chars.get(i + 1).copied().or(after);
        let near_cjk = prev.is_some_and(is_cjk) || next.is_some_and(is_cjk);
        // A comma or colon between digits is part of a number (1,848.26; 10:30).
        let in_number =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        match full_width(c) {
            Some(f) if near_cjk && !in_number => out.push(f),
            _ => out.push(c),
        }
    }
    out
}

/// Em width of a character relative to a Chinese character.
fn advance(c: char) -> f32 {
    if is_cjk(c) { 1.0 } else { 0.55 }
}

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

fn is_cjk_word(w: &Word) -> bool {
    w.text.chars().all(is_cjk) && !w.text.chars().all(closing_mark)
}

/// Punctuation that hangs on the text before it (its ink sits at the left
/// of its em box, so the engine's box leaves a gap that is not a space).
fn closing_mark(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '”'
            | '％'
            | '！'
            | '？'
    )
}

/// Glyphs for the words of one page.
///
/// The engine's word boxes for Chinese are rough: a two-character word may
/// be given the width of five, overlapping the words after it, or the width
/// of one. Its reading order within a line is right, so words are laid
/// along their line in that order: a box never reaches past the start of
/// the next word, a box too narrow for its characters is widened to them,
/// and each glyph is one em tall around its word's centre (the em is the
/// line's typical character height), so a line keeps one baseline without
/// the line box's own errors pulling words into a neighbouring table row.
pub fn glyphs(words: &[Word], _lines: &[LineBox], place: Placement) -> Vec<Glyph> {
    let mut out = Vec::with_capacity(words.len() * 2);
    // The page's em: single Chinese characters are one em tall.
    let single = |w: &Word| w.text.chars().count() == 1 && is_cjk_word(w);
    let page_em = median(
        words
            .iter()
            .filter(|w| single(w))
            .map(|w| w.height.max(w.width) as f32)
            .collect(),
    )
    .or_else(|| median(words.iter().map(|w| w.height as f32 / 0.75).collect()))
    .unwrap_or(30.0)
    .max(4.0);
    let mut k = 0;
    while k < words.len() {
        let mut end = k + 1;
        while end < words.len() && words[end].line == words[k].line {
            end += 1;
        }
        let line = &words[k..end];
        let cjk_heights: Vec<f32> = line
            .iter()
            .filter(|w| is_cjk_word(w))
            .map(|w| w.height as f32)
            .collect();
        let em = if cjk_heights.len() >= 3 {
            median(cjk_heights).unwrap_or(page_em)
        } else {
            page_em
        };
        // The line's centre: the engine's box of a comma sits low, of a
        // character with a long stroke tall, and a glyph one em round such
        // a box falls off its line (a comma reads at the line's end, a
        // character on a line of its own). Words near the centre are put
        // on it; one a whole em away is on another line and stays there.
        let centre = |w: &Word| w.top as f32 + w.height as f32 / 2.0;
        let line_cy = median(
            line.iter()
                .filter(|w| {
                    !w.text
                        .chars()
                        .all(|c| closing_mark(c) || c.is_ascii_punctuation())
                })
                .map(centre)
                .collect(),
        );
        let mut prev_end: Option<f32> = None;
        for (j, w) in line.iter().enumerate() {
            let before = j
                .checked_sub(1)
                .and_then(|i| line[i].text.chars().next_back());
            let after = line.get(j + 1).and_then(|o| o.text.chars().next());
            let text = normalise(&w.text, before, after);
            let adv: f32 = text.chars().map(advance).sum::<f32>().max(0.01);
            let mut x0 = w.left as f32;
            // A closing mark hangs on what precedes it.
            if let Some(pe) = prev_end
                && text.chars().all(closing_mark)
                && x0 > pe
                && x0 - pe < 0.6 * em
            {
                x0 = pe;
            }
            if let Some(pe) = prev_end {
                x0 = x0.max(pe.min(w.left as f32));
            }
            let mut x1 = (w.left + w.width) as f32;
            let next_left = line.get(j + 1).map(|n| n.left as f32).filter(|&n| n > x0);
            if x1 - x0 < 0.7 * adv * em {
                x1 = x0 + adv * em;
            }
            if let Some(n) = next_left {
                x1 = x1.min(n);
            }
            x1 = x1.max(x0 + 1.0);
            prev_end = Some(x1);
            let cy = match line_cy {
                Some(l) if (centre(w) - l).abs() < 0.6 * em => l,
                _ => centre(w),
            };
            let top = place.y0 + (cy - 0.5 * em) * place.sy;
            let bottom = place.y0 + (cy + 0.5 * em) * place.sy;
            let size = em * place.sy;
            let baseline = place.y0 + (cy + 0.38 * em) * place.sy;
            // Split: each Chinese character alone, runs of anything else together.
            let mut pieces: Vec<String> = Vec::new();
            for c in text.chars() {
                match pieces.last_mut() {
                    Some(p) if !is_cjk(c) && !p.chars().next_back().is_some_and(is_cjk) => {
                        p.push(c)
                    }
                    _ => pieces.push(c.to_string()),
                }
            }
            let (px0, px1) = (place.x0 + x0 * place.sx, place.x0 + x1 * place.sx);
            let mut x = px0;
            for p in pieces {
                let share: f32 = p.chars().map(advance).sum::<f32>() / adv;
                let gx1 = x + (px1 - px0) * share;
                out.push(Glyph {
                    text: p,
                    x0: x,
                    x1: gx1,
                    top,
                    bottom,
                    baseline,
                    size,
                    font: 0,
                    upright: true,
                });
                x = gx1;
            }
        }
        k = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, left: u32, width: u32) -> Word {
        Word {
            text: text.into(),
            left,
            top: 100,
            width,
            height: 50,
            conf: 95.0,
            line: (1, 1, 1),
        }
    }

    #[test]
    fn punctuation_between_chinese_is_full_width_and_numbers_are_kept() {
        assert_eq!(normalise(",", Some('元'), Some('占')), "，");
        assert_eq!(normalise("(一)", None, Some('基')), "（一）");
        assert_eq!(normalise("1,848.26", Some('数'), Some('万')), "1,848.26");
        assert_eq!(normalise("11.08%,", Some('出'), Some('环')), "11.08%，");
        assert_eq!(normalise("a,b", None, None), "a,b");
    }

    #[test]
    fn chinese_words_split_into_characters_numbers_stay_whole() {
        // "预算数" given a box reaching into the number; "万元" one too
        // narrow for two characters.
        let words = [
            word("预算数", 0, 200),
            word("3,883.60", 150, 160),
            word("万元", 320, 40),
            word(",", 422, 10),
        ];
        let g = glyphs(
            &words,
            &[],
            Placement {
                x0: 10.0,
                y0: 0.0,
                sx: 0.5,
                sy: 0.5,
            },
        );
        let texts: Vec<&str> = g.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts, ["预", "算", "数", "3,883.60", "万", "元", "，"]);
        assert!(
            (g[0].x0 - 10.0).abs() < 1e-3 && (g[2].x1 - 85.0).abs() < 1e-3,
            "{g:?}"
        );
        assert!(
            g.windows(2).all(|p| p[0].x1 <= p[1].x0 + 1e-3),
            "no overlaps: {g:?}"
        );
        assert!(
            (g[5].x1 - (10.0 + 0.5 * 422.0)).abs() < 1e-3,
            "widened towards two ems, up to the next word: {g:?}"
        );
        assert_eq!(g[6].x0, g[5].x1, "the comma hangs on the text before it");
        assert!(g.iter().all(|x| x.baseline == g[0].baseline && x.upright));
        // One em tall about the word's centre (y 125 px); with no single
        // characters on the page the em is the word height / 0.75.
        let em = 50.0 / 0.75;
        assert!(
            (g[0].top - 0.5 * (125.0 - em / 2.0)).abs() < 1e-3
                && (g[0].bottom - 0.5 * (125.0 + em / 2.0)).abs() < 1e-3,
            "{g:?}"
        );
    }

    #[test]
    fn a_low_comma_stays_on_its_line() {
        // "研" "究" and a comma whose box sits at the baseline; a word a
        // line below (one em down) keeps its own place.
        let mut comma = word(",", 110, 8);
        (comma.top, comma.height) = (135, 12);
        let mut below = word("分", 0, 50);
        below.top = 160;
        let words = [word("研", 0, 50), word("究", 55, 50), comma, below];
        let place = Placement {
            x0: 0.0,
            y0: 0.0,
            sx: 1.0,
            sy: 1.0,
        };
        let g = glyphs(&words, &[], place);
        assert_eq!(g[2].text, "，");
        assert_eq!((g[2].top, g[2].bottom), (g[0].top, g[0].bottom), "{g:?}");
        assert!(g[3].top > g[0].bottom - 1.0, "{g:?}");
    }
}
