//! A second look at words whose first reading shows it is wrong:
//!
//! - a number that is not well formed ("3,796.10." or "514.58-": a speck
//!   or what is left of a rule read as a mark) is read again as a number
//!   alone, by the English model with only digits and their marks allowed;
//! - Latin letters read with low confidence on a Chinese page ("AAR" where
//!   the page says 未对赋权乡镇: the engine's English model won a line of
//!   Chinese) are read again by the Chinese model alone.
//!
//! The suspicious words of a page are cropped, stacked into one image per
//! kind and read in one run each, so a page costs at most two more engine
//! start-ups, and none when nothing is suspicious. A second reading
//! replaces the first only when it is better by the same test: a
//! well-formed number; Chinese read with more confidence.

use super::raster::Gray;
use super::rules::CellBox;
use super::stack;
use super::tesseract::Word;
use crate::ingest::pdf::layout::lines::is_cjk;

/// Why words are read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Number,
    Chinese,
}

/// Below this confidence (0–100) Latin letters on a Chinese page are
/// suspect; a real abbreviation (GDP, PM2.5, APP) reads far above it.
const LATIN_DOUBT: f32 = 80.0;

/// Is `s` a number as a report writes one: digits with thousands
/// separators every three places or none, a decimal part, a sign, a
/// percent sign?
pub fn well_formed(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let s = s.strip_suffix('%').unwrap_or(s);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let groups: Vec<&str> = int.split(',').collect();
    let first = groups[0];
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if groups.len() == 1 {
        return true;
    }
    first.len() <= 3
        && groups[1..]
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Is most of the page's text Chinese?
pub fn chinese_page(words: &[Word]) -> bool {
    let (mut cjk, mut all) = (0usize, 0usize);
    for c in words.iter().flat_map(|w| w.text.chars()) {
        all += 1;
        cjk += is_cjk(c) as usize;
    }
    all > 0 && cjk * 2 >= all
}

/// Marks a speck, or what is left of a rule, is read as beside a number.
fn stray_mark(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | '-'
            | '%'
            | ':'
            | ';'
            | '\''
            | '"'
            | '_'
            | '|'
            | '~'
            | '`'
            | '—'
            | '…'
            | '“'
            | '”'
    )
}

/// Is this the text of a number with something stray about it: it starts
/// as a number does, is no Chinese, mostly digits, and not well formed?
/// ("3,796.10." "514.58-" "514.58ci"; not "(15", "5%)", "PM2.5".)
pub fn broken_number(t: &str) -> bool {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    if !body.starts_with(|c: char| c.is_ascii_digit()) || t.chars().any(is_cjk) {
        return false;
    }
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let other = t
        .chars()
        .filter(|&c| !c.is_ascii_digit() && !stray_mark(c))
        .count();
    digits >= 2 && digits >= 2 * other && !well_formed(t)
}

/// Latin letters read with little confidence on a Chinese page.
pub fn doubtful_latin(w: &Word, chinese: bool) -> bool {
    let t = w.text.as_str();
    let letters = t.chars().filter(char::is_ascii_alphabetic).count();
    chinese && t.chars().all(|c| c.is_ascii_graphic()) && letters >= 2 && w.conf < LATIN_DOUBT
}

/// The words to read again: for numbers, a line of the engine's that is
/// a broken number as a whole (the stray mark is often a word of its
/// own); for Latin, single words.
fn units(words: &[Word], look: Look, chinese: bool) -> Vec<Vec<usize>> {
    match look {
        Look::Chinese => (0..words.len())
            .filter(|&i| doubtful_latin(&words[i], chinese))
            .map(|i| vec![i])
            .collect(),
        Look::Number => {
            let mut out = Vec::new();
            let mut k = 0;
            while k < words.len() {
                let mut end = k + 1;
                while end < words.len() && words[end].line == words[k].line {
                    end += 1;
                }
                let text: String = words[k..end].iter().map(|w| w.text.as_str()).collect();
                if broken_number(&text) {
                    out.push((k..end).collect());
                }
                k = end;
            }
            out
        }
    }
}

/// Read the suspicious words of `words` again from `g` (the page as the
/// engine saw it, rules painted out) with `read`, and keep the better
/// reading of each.
pub fn reread<E>(
    g: &Gray,
    words: &mut Vec<Word>,
    gap: usize,
    mut read: impl FnMut(&Gray, Look) -> Result<Vec<Word>, E>,
) -> Result<(), E> {
    let chinese = chinese_page(words);
    let mut gone = vec![false; words.len()];
    for look in [Look::Number, Look::Chinese] {
        let units = units(words, look, chinese);
        if units.is_empty() {
            continue;
        }
        let boxes: Vec<CellBox> = units.iter().map(|u| crop(g, &words[..], u, gap)).collect();
        for s in stack::stacks(g, &boxes, gap) {
            let found = s.place(read(&s.image, look)?, 0);
            for (k, &b) in s.from.iter().enumerate() {
                let mut again: Vec<&Word> = found.iter().filter(|w| w.line.0 == k as u32).collect();
                if again.is_empty() {
                    continue;
                }
                again.sort_by_key(|w| (w.line, w.left));
                let text: String = again.iter().map(|w| w.text.as_str()).collect();
                let conf = again.iter().map(|w| w.conf).fold(f32::MAX, f32::min);
                let unit = &units[b];
                let was = unit.iter().map(|&i| words[i].conf).fold(f32::MAX, f32::min);
                let better = match look {
                    Look::Number => well_formed(&text),
                    Look::Chinese => {
                        text.chars().any(is_cjk)
                            && !text.chars().any(|c| c.is_ascii_alphabetic())
                            && conf > was
                    }
                };
                if better {
                    let [x0, y0, x1, y1] = extent(words, unit);
                    let w = &mut words[unit[0]];
                    (w.left, w.top) = (x0 as u32, y0 as u32);
                    (w.width, w.height) = ((x1 - x0) as u32, (y1 - y0) as u32);
                    w.text = text;
                    w.conf = conf;
                    for &i in &unit[1..] {
                        gone[i] = true;
                    }
                }
            }
        }
    }
    let mut i = 0;
    words.retain(|_| {
        i += 1;
        !gone[i - 1]
    });
    Ok(())
}

/// The box round some words, in pixels: x0, y0, x1, y1.
fn extent(words: &[Word], unit: &[usize]) -> [usize; 4] {
    let mut e = [usize::MAX, usize::MAX, 0, 0];
    for &i in unit {
        let w = &words[i];
        e[0] = e[0].min(w.left as usize);
        e[1] = e[1].min(w.top as usize);
        e[2] = e[2].max((w.left + w.width) as usize);
        e[3] = e[3].max((w.top + w.height) as usize);
    }
    e
}

/// The box round some words with a margin of `gap / 3` (the engine's box
/// can be tight), inside the page.
fn crop(g: &Gray, words: &[Word], unit: &[usize], gap: usize) -> CellBox {
    let m = gap / 3;
    let [x0, y0, x1, y1] = extent(words, unit);
    CellBox {
        x0: x0.saturating_sub(m),
        y0: y0.saturating_sub(m),
        x1: (x1 + m).min(g.width),
        y1: (y1 + m).min(g.height),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, conf: f32) -> Word {
        Word {
            text: text.into(),
            left: 10,
            top: 10,
            width: 40,
            height: 20,
            conf,
            line: (1, 1, 1),
        }
    }

    #[test]
    fn numbers_as_reports_write_them() {
        for ok in [
            "4,310.68",
            "100.00%",
            "-514.58",
            "2024",
            "0.5",
            "12,345,678",
        ] {
            assert!(well_formed(ok), "{ok}");
        }
        for bad in [
            "3,796.10.",
            "514.58-",
            "4}.",
            "43,10.68",
            "1,2345",
            "5.",
            ",5",
            "",
        ] {
            assert!(!well_formed(bad), "{bad}");
        }
    }

    #[test]
    fn what_is_read_again() {
        for broken in ["3,796.10.", "514.58-", "598.74-:", "514.58ci", "43,10.68"] {
            assert!(broken_number(broken), "{broken}");
        }
        for not in [
            "4,310.68", "(15", "5%)", "PM2.5", "0.5分", "4}.", "1", "分。",
        ] {
            assert!(!broken_number(not), "{not}");
        }
        assert!(doubtful_latin(&word("AAR", 0.0), true));
        assert!(
            !doubtful_latin(&word("GDP", 95.0), true),
            "read with confidence"
        );
        assert!(
            !doubtful_latin(&word("AAR", 0.0), false),
            "not a Chinese page"
        );
    }

    #[test]
    fn a_better_second_reading_replaces_the_first() {
        let mut g = Gray::new(200, 100);
        for y in 12..28 {
            for x in 12..48 {
                g.data[y * 200 + x] = 0;
            }
        }
        // "3,796.10" and a stray "." as two words of one line, and a word
        // of Chinese on another.
        let mut dot = word(".", 30.0);
        (dot.left, dot.width) = (50, 4);
        let mut other = word("经费", 95.0);
        other.line = (1, 1, 2);
        let mut words = vec![word("3,796.10", 90.0), dot, other];
        // The engine, asked again, reads the number well formed.
        reread(&g, &mut words, 12, |img, look| {
            assert_eq!(look, Look::Number);
            let mut w = word("3,796.10", 88.0);
            (w.left, w.top) = (14, 14);
            assert!(img.height > w.top as usize);
            Ok::<_, ()>(vec![w])
        })
        .unwrap();
        assert_eq!(words.len(), 2, "{words:?}");
        assert_eq!((words[0].text.as_str(), words[0].conf), ("3,796.10", 88.0));
        assert_eq!((words[0].left, words[0].width), (10, 44), "the box of both");
        // A reading no better is not taken.
        let mut words = vec![word("514.58-", 70.0)];
        reread(&g, &mut words, 12, |_, _| {
            Ok::<_, ()>(vec![word("514,58-", 99.0)])
        })
        .unwrap();
        assert_eq!(words[0].text, "514.58-");
    }
}
