//! Ruling lines from pixels: long horizontal and vertical runs of ink (no
//! model needed). A scanned table's frame becomes the same rules a PDF draws
//! with paths, so `layout::tables` builds its grid the same way; the rules
//! are then painted out so the engine does not read them as 丨 or |.

use super::raster::Gray;

/// A ruling in pixels: `x0..=x1` × `y0..=y1` (a thin box).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PixelRule {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl PixelRule {
    pub fn horizontal(&self) -> bool {
        self.x1 - self.x0 >= self.y1 - self.y0
    }
}

/// One run of ink along a row (or a column, with x and y swapped).
#[derive(Debug, Clone, Copy)]
struct Run {
    at: usize,
    from: usize,
    to: usize,
}

/// Runs of at least `min` ink pixels along each row (`along_x`) or column.
fn runs(g: &Gray, along_x: bool, min: usize) -> Vec<Run> {
    let (n_lines, len) = if along_x {
        (g.height, g.width)
    } else {
        (g.width, g.height)
    };
    let mut out = Vec::new();
    for at in 0..n_lines {
        let mut start: Option<usize> = None;
        // A one-pixel break in a line (a light spot) does not end it.
        let mut gap = 0usize;
        for i in 0..=len {
            let ink = i < len
                && if along_x {
                    g.dark(i, at)
                } else {
                    g.dark(at, i)
                };
            match (ink, start) {
                (true, None) => {
                    start = Some(i);
                    gap = 0;
                }
                (true, Some(_)) => gap = 0,
                (false, Some(s)) => {
                    gap += 1;
                    if gap > 2 || i == len {
                        let end = i - gap;
                        if end + 1 - s >= min {
                            out.push(Run {
                                at,
                                from: s,
                                to: end,
                            });
                        }
                        start = None;
                        gap = 0;
                    }
                }
                (false, None) => {}
            }
        }
    }
    out
}

/// Runs on neighbouring rows that overlap become one line; lines thicker
/// than `max_thick` are filled areas (a black bar, a photo), not rulings.
fn merge(mut rs: Vec<Run>, max_thick: usize, min_len: usize) -> Vec<(usize, usize, usize, usize)> {
    rs.sort_by_key(|r| (r.at, r.from));
    // (at0, at1, from, to) of open lines.
    let mut lines: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut done = Vec::new();
    for r in rs {
        let mut hit = None;
        for (k, l) in lines.iter().enumerate() {
            if r.at <= l.1 + 2 {
                let overlap = r.to.min(l.3) as isize - r.from.max(l.2) as isize;
                let shorter = (r.to - r.from).min(l.3 - l.2) as isize;
                if overlap > shorter / 2 {
                    hit = Some(k);
                    break;
                }
            }
        }
        match hit {
            Some(k) => {
                let l = &mut lines[k];
                l.1 = r.at;
                l.2 = l.2.min(r.from);
                l.3 = l.3.max(r.to);
            }
            None => lines.push((r.at, r.at, r.from, r.to)),
        }
        // Close lines the sweep has left behind.
        let mut i = 0;
        while i < lines.len() {
            if lines[i].1 + 2 < r.at {
                done.push(lines.swap_remove(i));
            } else {
                i += 1;
            }
        }
    }
    done.extend(lines);
    done.into_iter()
        .filter(|l| l.1 - l.0 < max_thick && l.3 - l.2 >= min_len)
        .collect()
}

/// The ruling lines of a page scanned at `dpi`.
pub fn find(g: &Gray, dpi: f32) -> Vec<PixelRule> {
    let inch = dpi.max(50.0);
    let max_thick = (inch * 0.04).ceil() as usize + 1;
    // Horizontal rules span at least one narrow column; vertical ones at
    // least one row of a table, and longer than any stroke of a character.
    let h_min = (inch * 0.4) as usize;
    let v_min = (inch * 0.3) as usize;
    let mut out = Vec::new();
    for (y0, y1, x0, x1) in merge(runs(g, true, h_min / 3), max_thick, h_min) {
        out.push(PixelRule { x0, y0, x1, y1 });
    }
    for (x0, x1, y0, y1) in merge(runs(g, false, v_min / 3), max_thick, v_min) {
        out.push(PixelRule { x0, y0, x1, y1 });
    }
    out
}

/// Paint the rules white, keeping ink that crosses them (a character
/// written over a line keeps the pixels above and below it).
pub fn erase(g: &mut Gray, rules: &[PixelRule]) {
    for r in rules {
        let pad = 1;
        let (x0, x1) = (r.x0.saturating_sub(pad), (r.x1 + pad).min(g.width - 1));
        let (y0, y1) = (r.y0.saturating_sub(pad), (r.y1 + pad).min(g.height - 1));
        for y in y0..=y1 {
            for x in x0..=x1 {
                g.data[y * g.width + x] = 255;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 table frame with text-like ink in one cell.
    fn table() -> Gray {
        let mut g = Gray::new(800, 400);
        let mut ink = |x: usize, y: usize| g.data[y * 800 + x] = 0;
        for y in [50usize, 150, 250] {
            for x in 100..=700 {
                for t in 0..3 {
                    ink(x, y + t);
                }
            }
        }
        for x in [100usize, 400, 700] {
            for y in 50..=252 {
                for t in 0..3 {
                    ink(x + t, y);
                }
            }
        }
        // A character: short strokes only.
        for x in 150..180 {
            ink(x, 100);
        }
        for y in 85..115 {
            ink(165, y);
        }
        // A black bar is not a rule.
        for y in 300..340 {
            for x in 100..700 {
                ink(x, y);
            }
        }
        g
    }

    #[test]
    fn frame_lines_are_found_and_strokes_are_not() {
        let g = table();
        let rules = find(&g, 200.0);
        let hs: Vec<_> = rules.iter().filter(|r| r.horizontal()).collect();
        let vs: Vec<_> = rules.iter().filter(|r| !r.horizontal()).collect();
        assert_eq!(hs.len(), 3, "{rules:?}");
        assert_eq!(vs.len(), 3, "{rules:?}");
        assert!(
            hs.iter()
                .all(|r| r.x0 <= 100 && r.x1 >= 700 && r.y1 - r.y0 <= 3)
        );
        let mut g = g;
        erase(&mut g, &rules);
        assert!(!g.dark(300, 51));
        assert!(g.dark(165, 100), "the character stays");
    }
}
