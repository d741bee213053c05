//! Ruling lines from pixels: long horizontal and vertical runs of ink (no
//! model needed). A scanned table's frame becomes the same rules a PDF draws
//! with paths, so `layout::tables` builds its grid the same way; the rules
//! are then painted out so the engine does not read them as 丨 or |.

use super::raster::{Gray, INK};

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

/// Is the pixel at `i` along line `at` rule ink? A thin rule turned by the
/// deskew is smeared over two pixel rows (or columns), each half as dark,
/// and a run along either must not break there: the pixel counts with its
/// neighbour across, the two together as dark as one pixel of ink.
#[inline]
fn rule_ink(g: &Gray, along_x: bool, at: usize, i: usize) -> bool {
    let (v, next) = if along_x {
        (g.at(i, at), (at + 1 < g.height).then(|| g.at(i, at + 1)))
    } else {
        (g.at(at, i), (at + 1 < g.width).then(|| g.at(at + 1, i)))
    };
    v < INK || next.is_some_and(|n| (v as u16 + n as u16) < 255 + INK as u16)
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
            let ink = i < len && rule_ink(g, along_x, at, i);
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
/// Pieces of one line broken by up to `max_gap` (where a seal's ink took
/// the rule's pale pixels with it, or the scan lost a stretch), each of
/// them long enough to be a rule, are one.
fn merge(
    mut rs: Vec<Run>,
    max_thick: usize,
    min_len: usize,
    max_gap: usize,
) -> Vec<(usize, usize, usize, usize)> {
    rs.sort_by_key(|r| (r.at, r.from));
    // (at0, at1, from, to) of open lines.
    let mut lines: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut done = Vec::new();
    for r in rs {
        // Every open line the run overlaps is the same line: a rule that
        // wavers between two pixel rows starts as pieces on each.
        let mut hits = Vec::new();
        for (k, l) in lines.iter().enumerate() {
            if r.at <= l.1 + 2 {
                let overlap = r.to.min(l.3) as isize - r.from.max(l.2) as isize;
                let shorter = (r.to - r.from).min(l.3 - l.2) as isize;
                if overlap > shorter / 2 {
                    hits.push(k);
                }
            }
        }
        match hits.first() {
            Some(&k) => {
                let l = &mut lines[k];
                l.1 = r.at;
                l.2 = l.2.min(r.from);
                l.3 = l.3.max(r.to);
                for &o in hits[1..].iter().rev() {
                    let m = lines.swap_remove(o);
                    let l = &mut lines[k];
                    l.0 = l.0.min(m.0);
                    l.2 = l.2.min(m.2);
                    l.3 = l.3.max(m.3);
                }
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
    // Only rule-long pieces are joined: a column of digits (the 1 of
    // 100.00% in every row) is a line of short strokes with short gaps.
    let mut done: Vec<_> = done
        .into_iter()
        .filter(|l| l.1 - l.0 < max_thick && l.3 - l.2 >= min_len)
        .collect();
    done.sort_by_key(|l| (l.2, l.0));
    let mut joined: Vec<(usize, usize, usize, usize)> = Vec::with_capacity(done.len());
    for l in done {
        let near = joined
            .iter_mut()
            .rev()
            .find(|j| l.0 <= j.1 + 1 && j.0 <= l.1 + 1 && l.2 <= j.3 + max_gap && l.3 > j.3);
        match near {
            Some(j) if j.1.max(l.1) - j.0.min(l.0) < max_thick => {
                j.0 = j.0.min(l.0);
                j.1 = j.1.max(l.1);
                j.3 = l.3;
            }
            _ => joined.push(l),
        }
    }
    joined
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
    let max_gap = (inch * 0.1) as usize;
    for (y0, y1, x0, x1) in merge(runs(g, true, h_min / 3), max_thick, h_min, max_gap) {
        out.push(PixelRule { x0, y0, x1, y1 });
    }
    // A vertical rule of a table runs from one horizontal rule to another.
    // Strokes of characters in a tightly ruled column, one above the other
    // and joined through the horizontal rule between them, make a vertical
    // run as long as a row or two, but it stops short of the rules above
    // and below. A vertical rule that meets none may still be a line on
    // its own (a column divider) when it is long.
    let meets = |x: usize, y: usize| {
        out.iter()
            .any(|h: &PixelRule| h.x0 <= x + 2 && x <= h.x1 + 2 && h.y0 <= y + 2 && y <= h.y1 + 2)
    };
    let alone = inch as usize;
    let mut vs = Vec::new();
    for (x0, x1, y0, y1) in merge(runs(g, false, v_min / 3), max_thick, v_min, max_gap) {
        let x = (x0 + x1) / 2;
        if y1 - y0 >= alone || (meets(x, y0) && meets(x, y1)) {
            vs.push(PixelRule { x0, y0, x1, y1 });
        }
    }
    out.extend(vs);
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

/// A table cell's inside in pixels, `x0..x1` × `y0..y1` (rules excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellBox {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

/// Positions of rule centres, near ones (within `tol`) as one.
fn positions(mut at: Vec<usize>, tol: usize) -> Vec<usize> {
    at.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new(); // (sum, n) of a cluster
    let mut last = None;
    for a in at {
        match (out.last_mut(), last) {
            (Some((sum, n)), Some(l)) if a <= l + tol => {
                *sum += a;
                *n += 1;
            }
            _ => out.push((a, 1)),
        }
        last = Some(a);
    }
    out.into_iter().map(|(s, n)| s / n).collect()
}

/// Share of the segment `from..to` at `at` (across) covered by `rules`
/// running the same way within `tol` of it.
fn covered(
    rules: &[PixelRule],
    horizontal: bool,
    at: usize,
    from: usize,
    to: usize,
    tol: usize,
) -> f32 {
    if to <= from {
        return 1.0;
    }
    let mut spans: Vec<(usize, usize)> = rules
        .iter()
        .filter(|r| r.horizontal() == horizontal)
        .filter_map(|r| {
            let (c, a, b) = if horizontal {
                ((r.y0 + r.y1) / 2, r.x0, r.x1 + 1)
            } else {
                ((r.x0 + r.x1) / 2, r.y0, r.y1 + 1)
            };
            (c.abs_diff(at) <= tol && b > from && a < to).then_some((a.max(from), b.min(to)))
        })
        .collect();
    spans.sort_unstable();
    let (mut len, mut end) = (0usize, from);
    for (a, b) in spans {
        if b > end {
            len += b - a.max(end);
            end = b;
        }
    }
    len as f32 / (to - from) as f32
}

/// The cells of the ruled tables among `rules` on a `width` × `height`
/// page: the grid of all rule positions, neighbouring grid boxes joined
/// where no rule parts them (a merged cell, or a rule lost under a seal),
/// kept where the joined box is a rectangle closed by rules on all four
/// sides. Text between two tables, or beside one, is closed on no more
/// than two sides and is no cell.
pub fn cells(rules: &[PixelRule], width: usize, height: usize, dpi: f32) -> Vec<CellBox> {
    let tol = (dpi.max(50.0) * 0.03).ceil() as usize;
    let ys = positions(
        rules
            .iter()
            .filter(|r| r.horizontal())
            .map(|r| (r.y0 + r.y1) / 2)
            .collect(),
        tol,
    );
    let xs = positions(
        rules
            .iter()
            .filter(|r| !r.horizontal())
            .map(|r| (r.x0 + r.x1) / 2)
            .collect(),
        tol,
    );
    if ys.len() < 2 || xs.len() < 2 {
        return Vec::new();
    }
    let (nr, nc) = (ys.len() - 1, xs.len() - 1);
    // Union-find over the grid boxes.
    let mut parent: Vec<usize> = (0..nr * nc).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    const CLOSED: f32 = 0.6;
    for i in 0..nr {
        for j in 0..nc {
            if j + 1 < nc && covered(rules, false, xs[j + 1], ys[i], ys[i + 1], tol) < CLOSED {
                let (a, b) = (
                    root(&mut parent, i * nc + j),
                    root(&mut parent, i * nc + j + 1),
                );
                parent[a] = b;
            }
            if i + 1 < nr && covered(rules, true, ys[i + 1], xs[j], xs[j + 1], tol) < CLOSED {
                let (a, b) = (
                    root(&mut parent, i * nc + j),
                    root(&mut parent, (i + 1) * nc + j),
                );
                parent[a] = b;
            }
        }
    }
    // Each group's extent in grid units and size.
    let mut groups: std::collections::BTreeMap<usize, (usize, usize, usize, usize, usize)> =
        std::collections::BTreeMap::new();
    for i in 0..nr {
        for j in 0..nc {
            let g = root(&mut parent, i * nc + j);
            let e = groups.entry(g).or_insert((i, j, i, j, 0));
            e.0 = e.0.min(i);
            e.1 = e.1.min(j);
            e.2 = e.2.max(i);
            e.3 = e.3.max(j);
            e.4 += 1;
        }
    }
    // From rule centre to rule centre: the rules are painted out by now,
    // and text set tight in its row reaches them (a comma's tail).
    let inset = 1;
    let mut out = Vec::new();
    for (i0, j0, i1, j1, n) in groups.into_values() {
        if n != (i1 - i0 + 1) * (j1 - j0 + 1) {
            continue;
        }
        let (x0, x1, y0, y1) = (xs[j0], xs[j1 + 1], ys[i0], ys[i1 + 1]);
        let closed = covered(rules, true, y0, x0, x1, tol) >= CLOSED
            && covered(rules, true, y1, x0, x1, tol) >= CLOSED
            && covered(rules, false, x0, y0, y1, tol) >= CLOSED
            && covered(rules, false, x1, y0, y1, tol) >= CLOSED;
        // A box of half the page is a frame round the page, not a cell.
        let big = (x1 - x0) * (y1 - y0) * 2 > width * height;
        if closed && !big && x1 > x0 + 2 * inset && y1 > y0 + 2 * inset {
            out.push(CellBox {
                x0: x0 + inset,
                y0: y0 + inset,
                x1: x1 - inset,
                y1: y1 - inset,
            });
        }
    }
    out
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

    #[test]
    fn cells_of_a_grid_with_a_merged_cell_and_text_beside() {
        // Rows at 50, 150, 250; columns at 100, 400, 700; the rule between
        // the two cells of the left column's rows is missing (a merged
        // cell), and a rule under the table has nothing closing it.
        let h = |y: usize, x0: usize, x1: usize| PixelRule {
            x0,
            y0: y,
            x1,
            y1: y + 2,
        };
        let v = |x: usize, y0: usize, y1: usize| PixelRule {
            x0: x,
            y0,
            x1: x + 2,
            y1,
        };
        let rules = [
            h(50, 100, 702),
            h(150, 400, 702),
            h(250, 100, 702),
            h(350, 100, 702),
            v(100, 50, 252),
            v(400, 50, 252),
            v(700, 50, 252),
        ];
        let mut got = cells(&rules, 1000, 1000, 200.0);
        got.sort_by_key(|c| (c.x0, c.y0));
        let spans: Vec<_> = got.iter().map(|c| (c.x0, c.y0, c.x1, c.y1)).collect();
        assert_eq!(
            spans,
            [
                (102, 52, 400, 250),
                (402, 52, 700, 150),
                (402, 152, 700, 250)
            ],
            "{got:?}"
        );
        // A frame round the page holds the page, not a cell.
        let frame = [h(5, 5, 995), h(990, 5, 995), v(5, 5, 992), v(990, 5, 992)];
        assert!(cells(&frame, 1000, 1000, 200.0).is_empty());
    }

    #[test]
    fn a_rule_in_two_pieces_is_one_and_strokes_between_rules_are_none() {
        let mut g = Gray::new(800, 300);
        let mut ink = |x: usize, y: usize| g.data[y * 800 + x] = 0;
        // A rule broken for 12 px (a seal took its pale pixels), and one
        // smeared over two rows, each half as dark.
        for x in (50..700).filter(|x| !(300..312).contains(x)) {
            ink(x, 50);
        }
        // Two strokes of characters one above the other, joined through
        // the rule between them, but stopping short of the rules round.
        for y in 60..160 {
            ink(200, y);
        }
        for x in 50..700 {
            ink(x, 100);
        }
        for x in 50..700 {
            g.data[170 * 800 + x] = 180;
            g.data[171 * 800 + x] = 180;
        }
        let rules = find(&g, 200.0);
        let hs: Vec<_> = rules.iter().filter(|r| r.horizontal()).collect();
        assert_eq!(hs.len(), 3, "{rules:?}");
        assert!(hs.iter().all(|r| r.x0 == 50 && r.x1 == 699), "{rules:?}");
        assert!(rules.iter().all(|r| r.horizontal()), "{rules:?}");
    }
}
