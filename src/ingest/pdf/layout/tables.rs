//! Tables from ruling lines: rules → connected frames → grid → cells (merged
//! where a ruling is missing) → glyphs assigned by their centre.

use super::super::Rule;
use super::lines::{self, G};
use crate::model::{RawCell, RawRow, RawTable, Span};

/// Distance (points) within which two rulings are the same line.
const SNAP: f32 = 2.5;

#[derive(Debug, Clone, Copy)]
struct H {
    y: f32,
    x0: f32,
    x1: f32,
}
#[derive(Debug, Clone, Copy)]
struct V {
    x: f32,
    y0: f32,
    y1: f32,
}

/// A table found on a page: its frame and its rows, and which glyphs it took.
pub struct Found {
    pub top: f32,
    pub bottom: f32,
    pub x0: f32,
    pub x1: f32,
    pub table: RawTable,
}

/// Find ruled tables. Glyphs whose centre falls inside a table are marked in
/// `taken`.
pub fn ruled(rules: &[Rule], glyphs: &[G], taken: &mut [bool], page: u32) -> Vec<Found> {
    let (hs, vs) = split(rules);
    if hs.len() < 2 || vs.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for frame in frames(&hs, &vs) {
        if let Some(f) = grid(&frame.0, &frame.1, glyphs, taken, page) {
            out.push(f);
        }
    }
    out.sort_by(|a, b| a.top.total_cmp(&b.top));
    out
}

fn split(rules: &[Rule]) -> (Vec<H>, Vec<V>) {
    let mut hs = Vec::new();
    let mut vs = Vec::new();
    for r in rules {
        let (x0, x1) = (r.x0.min(r.x1), r.x0.max(r.x1));
        let (y0, y1) = (r.y0.min(r.y1), r.y0.max(r.y1));
        if !(x0.is_finite() && x1.is_finite() && y0.is_finite() && y1.is_finite()) {
            continue;
        }
        let (w, h) = (x1 - x0, y1 - y0);
        if h <= 3.0 && w > 3.0 {
            hs.push(H {
                y: (y0 + y1) / 2.0,
                x0,
                x1,
            });
        } else if w <= 3.0 && h > 3.0 {
            vs.push(V {
                x: (x0 + x1) / 2.0,
                y0,
                y1,
            });
        }
    }
    (hs, vs)
}

/// Connected groups of rulings (touching within SNAP), each with at least two
/// horizontal and two vertical lines.
fn frames(hs: &[H], vs: &[V]) -> Vec<(Vec<H>, Vec<V>)> {
    // Union-find over rules: index h as i, v as hs.len()+j. Components via
    // bounding-box sweep: sort boxes by x0 and test only overlapping ones.
    let n = hs.len() + vs.len();
    let bbox = |i: usize| -> (f32, f32, f32, f32) {
        if i < hs.len() {
            let h = hs[i];
            (h.x0, h.y, h.x1, h.y)
        } else {
            let v = vs[i - hs.len()];
            (v.x, v.y0, v.x, v.y1)
        }
    };
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| bbox(a).0.total_cmp(&bbox(b).0));
    // Sweep: active list of boxes whose x1 + SNAP >= current x0.
    let mut active: Vec<usize> = Vec::new();
    for &i in &order {
        let (x0, y0, x1, y1) = bbox(i);
        active.retain(|&j| bbox(j).2 + SNAP >= x0);
        for &j in &active {
            let (a0, b0, a1, b1) = bbox(j);
            if a0 - SNAP <= x1 && x0 - SNAP <= a1 && b0 - SNAP <= y1 && y0 - SNAP <= b1 {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                if ri != rj {
                    parent[ri] = rj;
                }
            }
        }
        active.push(i);
        if active.len() > 4096 {
            // Pathological pages (thousands of overlapping rules): keep the
            // sweep bounded.
            active.drain(..2048);
        }
    }
    // Ordered by the group's first rule, so side-by-side grids come out in
    // the same order on every run (a HashMap's order changes per process).
    let mut groups: std::collections::BTreeMap<usize, (Vec<H>, Vec<V>)> = Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        let e = groups.entry(r).or_default();
        if i < hs.len() {
            e.0.push(hs[i]);
        } else {
            e.1.push(vs[i - hs.len()]);
        }
    }
    groups
        .into_values()
        .filter(|(h, v)| h.len() >= 2 && v.len() >= 2)
        .collect()
}

/// Cluster coordinates: sorted positions closer than SNAP become one.
fn cluster(mut xs: Vec<f32>) -> Vec<f32> {
    xs.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in xs {
        match out.last_mut() {
            Some((c, n)) if x - (*c / *n as f32) <= SNAP => {
                *c += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(c, n)| c / n as f32).collect()
}

fn locate(edges: &[f32], v: f32) -> Option<usize> {
    if edges.len() < 2 || v < edges[0] || v > edges[edges.len() - 1] {
        return None;
    }
    let i = edges.partition_point(|&e| e <= v);
    Some(i.saturating_sub(1).min(edges.len() - 2))
}

fn grid(hs: &[H], vs: &[V], glyphs: &[G], taken: &mut [bool], page: u32) -> Option<Found> {
    let mut ys = cluster(hs.iter().map(|h| h.y).collect());
    let mut xs = cluster(vs.iter().map(|v| v.x).collect());
    // Open top or bottom: a table split across pages leaves the ruling
    // between its parts on one page, so the first row of the next part (or
    // the last of this one) is closed only by the vertical rulings running
    // past the outermost horizontal one. Where two or more do, no further
    // than the tallest closed row is high, with text in between, their ends
    // are the table's edge.
    if ys.len() >= 2 {
        let tallest = ys.windows(2).map(|w| w[1] - w[0]).fold(0.0, f32::max);
        let (x0, x1) = (
            vs.iter().map(|v| v.x).fold(f32::MAX, f32::min),
            vs.iter().map(|v| v.x).fold(f32::MIN, f32::max),
        );
        let text_between = |a: f32, b: f32| {
            glyphs.iter().any(|g| {
                let (cx, cy) = (g.cx(), g.cy());
                a < cy && cy < b && x0 < cx && cx < x1
            })
        };
        // The farthest end beyond `edge` in direction `dir` (−1 up, +1 down),
        // if two or more verticals reach past it.
        let reach = |ends: &mut dyn Iterator<Item = f32>, edge: f32, dir: f32| {
            let past: Vec<f32> = ends
                .map(|y| (y - edge) * dir)
                .filter(|&d| d > 4.0 * SNAP && d < tallest + SNAP)
                .collect();
            (past.len() >= 2).then(|| edge + dir * past.iter().copied().fold(0.0, f32::max))
        };
        let first = ys[0];
        if let Some(top) =
            reach(&mut vs.iter().map(|v| v.y0), first, -1.0).filter(|&top| text_between(top, first))
        {
            ys.insert(0, top);
        }
        let last = ys[ys.len() - 1];
        if let Some(bottom) = reach(&mut vs.iter().map(|v| v.y1), last, 1.0)
            .filter(|&bottom| text_between(last, bottom))
        {
            ys.push(bottom);
        }
    }
    // Open sides: tables printed without outer vertical borders (or clipped by
    // the page) have horizontal rulings running past the outermost vertical
    // one; their ends are the table's edges.
    let h_left = hs.iter().map(|h| h.x0).fold(f32::MAX, f32::min);
    let h_right = hs.iter().map(|h| h.x1).fold(f32::MIN, f32::max);
    if let (Some(&first), Some(&last)) = (xs.first(), xs.last()) {
        if h_left < first - 4.0 * SNAP {
            xs.insert(0, h_left);
        }
        if h_right > last + 4.0 * SNAP {
            xs.push(h_right);
        }
    }
    if ys.len() < 2 || xs.len() < 2 {
        return None;
    }
    let (left, right, top, bottom) = (xs[0], xs[xs.len() - 1], ys[0], ys[ys.len() - 1]);
    if right - left < 20.0 || bottom - top < 8.0 {
        return None;
    }
    let (nr, nc) = (ys.len() - 1, xs.len() - 1);
    if nr * nc > 200_000 {
        return None;
    }
    // Is there a vertical ruling at xs[j] through the middle of row r?
    let has_v = |j: usize, r: usize| {
        let (x, m) = (xs[j], (ys[r] + ys[r + 1]) / 2.0);
        vs.iter()
            .any(|v| (v.x - x).abs() <= SNAP && v.y0 - SNAP <= m && m <= v.y1 + SNAP)
    };
    let has_h = |i: usize, c: usize| {
        let (y, m) = (ys[i], (xs[c] + xs[c + 1]) / 2.0);
        hs.iter()
            .any(|h| (h.y - y).abs() <= SNAP && h.x0 - SNAP <= m && m <= h.x1 + SNAP)
    };
    // Owner of each grid position after merging across missing rulings.
    let idx = |r: usize, c: usize| r * nc + c;
    let mut parent: Vec<usize> = (0..nr * nc).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for r in 0..nr {
        for c in 0..nc {
            if c + 1 < nc && !has_v(c + 1, r) {
                let (a, b) = (
                    find(&mut parent, idx(r, c)),
                    find(&mut parent, idx(r, c + 1)),
                );
                if a != b {
                    parent[b.max(a)] = a.min(b);
                }
            }
            if r + 1 < nr && !has_h(r + 1, c) {
                let (a, b) = (
                    find(&mut parent, idx(r, c)),
                    find(&mut parent, idx(r + 1, c)),
                );
                if a != b {
                    parent[b.max(a)] = a.min(b);
                }
            }
        }
    }
    let owner: Vec<usize> = (0..nr * nc).map(|i| find(&mut parent, i)).collect();
    // A frame with a single cell is a box around text, not a table.
    if owner.iter().all(|&o| o == owner[0]) {
        return None;
    }
    // Glyphs into cells.
    let mut cell_glyphs: Vec<Vec<G>> = vec![Vec::new(); nr * nc];
    for (k, g) in glyphs.iter().enumerate() {
        if taken[k] {
            continue;
        }
        let (Some(c), Some(r)) = (locate(&xs, g.cx()), locate(&ys, g.cy())) else {
            continue;
        };
        taken[k] = true;
        cell_glyphs[owner[idx(r, c)]].push(g.clone());
    }
    // Each cell's extent: its last column and last row.
    let mut ends: Vec<(usize, usize)> = (0..nr * nc).map(|i| (i % nc, i / nc)).collect();
    for (i, &o) in owner.iter().enumerate() {
        ends[o].0 = ends[o].0.max(i % nc);
        ends[o].1 = ends[o].1.max(i / nc);
    }
    // A column no cell has to itself lies between rulings that no row has
    // both of: the header's column lines and the body's, drawn a little
    // apart (a Word table whose header cells were resized). Every cell over
    // it spans a neighbour too; it is dropped, and a cell starting there
    // starts at the next column kept.
    let mut keep: Vec<bool> = (0..nc)
        .map(|c| {
            (0..nr).any(|r| {
                let o = owner[idx(r, c)];
                o % nc == c && ends[o].0 == c
            })
        })
        .collect();
    // A cell lying only over dropped columns (rulings staggered row by row)
    // keeps its first one: no text is lost.
    for (i, &o) in owner.iter().enumerate() {
        if o == i && !(o % nc..=ends[o].0).any(|c| keep[c]) {
            keep[o % nc] = true;
        }
    }
    // New index of each kept column.
    let new_col: Vec<usize> = keep
        .iter()
        .scan(0, |n, &k| {
            let i = *n;
            *n += usize::from(k);
            Some(i)
        })
        .collect();
    // Where a cell is shown: its first row, and its first kept column.
    let origin = |o: usize| -> Option<(usize, usize)> {
        let (c0, c1) = (o % nc, ends[o].0);
        (c0..=c1).find(|&c| keep[c]).map(|c| (o / nc, c))
    };
    let mut rows = Vec::with_capacity(nr);
    for r in 0..nr {
        let mut cells = Vec::with_capacity(nc);
        for c in (0..nc).filter(|&c| keep[c]) {
            let o = owner[idx(r, c)];
            let Some((or, oc)) = origin(o) else { continue };
            if (or, oc) != (r, c) {
                cells.push(RawCell {
                    text: String::new(),
                    col_span: 1,
                    row_span: 1,
                    merged_from: Some((or as u32, new_col[oc] as u32)),
                    ..Default::default()
                });
                continue;
            }
            let (c_end, r_end) = ends[o];
            let width = xs[c_end + 1] - xs[o % nc];
            cells.push(RawCell {
                text: cell_text(&cell_glyphs[o], xs[o % nc], width),
                col_span: (c..=c_end).filter(|&k| keep[k]).count() as u32,
                row_span: (r_end - r + 1) as u32,
                merged_from: None,
                ..Default::default()
            });
        }
        rows.push(RawRow {
            cells,
            is_header: false,
            span: Span::page(page),
        });
    }
    // Rows that are only the gap of a double ruling: thin and empty.
    let mut keep_rows = Vec::with_capacity(nr);
    for (r, row) in rows.into_iter().enumerate() {
        let thin = ys[r + 1] - ys[r] < 4.0;
        let empty = row
            .cells
            .iter()
            .all(|c| c.text.is_empty() && c.merged_from.is_none());
        if !(thin && empty) {
            keep_rows.push(row);
        }
    }
    if keep_rows.is_empty() {
        return None;
    }
    let mut table = RawTable {
        rows: keep_rows,
        span: Span::page(page),
    };
    drop_repeated_header_rows(&mut table, &[]);
    Some(Found {
        top,
        bottom,
        x0: left,
        x1: right,
        table,
    })
}

/// Text of one cell: its lines joined, a wrap inside a paragraph with no
/// separator (CJK) or a space (Latin words), and a line that ends well short
/// of the cell's right edge ends a paragraph ('\n').
pub fn cell_text(glyphs: &[G], left: f32, width: f32) -> String {
    if glyphs.is_empty() {
        return String::new();
    }
    let ls = lines::build(glyphs);
    let right = left + width;
    let mut out = String::new();
    for (i, l) in ls.iter().enumerate() {
        if i == 0 {
            out.push_str(l.text.trim());
            continue;
        }
        let prev = &ls[i - 1];
        // The previous line filled the cell's text width: a wrap, unless a
        // sentence ended and the next line starts a numbered item.
        let em = prev.size.max(l.size);
        let wrapped = right - prev.x1 < 1.6 * em + 4.0
            && !(prev.text.trim_end().ends_with(['。', '；', ';']) && starts_item(&l.text));
        if wrapped {
            lines::join_wrapped(&mut out, l.text.trim());
        } else {
            out.push('\n');
            out.push_str(l.text.trim());
        }
    }
    out
}

/// "1." "2、" "（3）" "(4)" "①": a numbered item starts.
fn starts_item(t: &str) -> bool {
    let t = t.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some('（' | '(') => true,
        Some(c) if ('①'..='⑳').contains(&c) => true,
        Some(c) if c.is_ascii_digit() => {
            let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
            let mut r = rest.chars();
            matches!(r.next(), Some('.' | '、' | '．' | ')' | '）'))
                && !r.as_str().starts_with(|c: char| c.is_ascii_digit())
        }
        _ => false,
    }
}

fn row_key(r: &RawRow) -> Vec<String> {
    r.cells
        .iter()
        .map(|c| c.text.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

/// A table row broken by a page break (Word lets a tall row run onto the next
/// page): the next page's part of the table starts, after its repeated header
/// rows, with a row that only carries the rest of a few cells of the previous
/// part's last row. That row is appended cell by cell to the last row and
/// removed from `next`. Returns whether a row was joined.
///
/// The continuation row is recognised by its shape: the same width, the first
/// column empty (or holding only a short label rest), text in at most half of the columns, and only in columns
/// where the previous row has text. A real row of a sub-item has its label and
/// its numbers, so it fills more columns.
pub fn join_broken_row(prev: &mut RawTable, next: &mut RawTable) -> bool {
    let Some(last) = prev.rows.last() else {
        return false;
    };
    let width = last.cells.len();
    if width < 3 {
        return false;
    }
    // Skip the header rows the part repeats.
    let mut k = 0;
    while k < next.rows.len()
        && k < prev.rows.len()
        && row_key(&next.rows[k]) == row_key(&prev.rows[k])
    {
        k += 1;
    }
    let Some(cand) = next.rows.get(k) else {
        return false;
    };
    if cand.cells.len() != width {
        return false;
    }
    let filled: Vec<usize> = cand
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.merged_from.is_none() && !c.text.trim().is_empty())
        .map(|(i, _)| i)
        .collect();
    let last_text = |i: usize| {
        last.cells
            .get(i)
            .is_some_and(|c| c.merged_from.is_none() && !c.text.trim().is_empty())
    };
    // The first column may hold the rest of a wrapped label ("小型客" /
    // "车") when it is the only text and has no digits (a row of its own
    // would carry numbers or start a new label with its own number).
    let label_rest = filled == [0]
        && cand.cells[0].text.trim().chars().count() <= 4
        && !cand.cells[0].text.chars().any(|c| c.is_ascii_digit())
        && !last.cells[0]
            .text
            .trim_end()
            .ends_with(['。', '：', ':', '；']);
    // A cell of the last row visibly cut off (a number ending in its
    // decimal point, an unclosed bracket or quote) says the row goes on, and
    // then its rest may fill more columns.
    let cut = last.cells.iter().any(|c| unfinished(&c.text));
    // Two numbers that do not make one number when joined ("300.00" and
    // "156.00"; unlike "79.9" and "5%" of a narrow column) are two rows: a
    // procurement list's leaf items, the second at the top of the page.
    let two_numbers = filled.iter().any(|&i| {
        let (a, b) = (last.cells[i].text.trim(), cand.cells[i].text.trim());
        whole_number(a) && whole_number(b) && !whole_number(&format!("{a}{b}"))
    });
    let fits = !filled.is_empty()
        && (!filled.contains(&0) || label_rest)
        && (filled.len() * 2 <= width || (cut && filled.len() < width))
        && filled.iter().all(|&i| last_text(i))
        && !two_numbers;
    if !fits {
        return false;
    }
    let cand = remove_row(next, k);
    let Some(last) = prev.rows.last_mut() else {
        return false;
    };
    for i in filled {
        if let (Some(dst), Some(src)) = (last.cells.get_mut(i), cand.cells.get(i)) {
            lines::join_wrapped(&mut dst.text, src.text.trim());
        }
    }
    last.span = last.span.merge(&cand.span);
    true
}

/// A table's header rows left alone at the bottom of a page (the producer
/// broke the table right after them): when `prev` is nothing but title rows
/// and `next` has its width, `next`'s rows are appended to `prev` and true is
/// returned (the caller drops `next`).
pub fn join_orphan_header(prev: &mut RawTable, next: &mut RawTable) -> bool {
    let width = |t: &RawTable| t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    if prev.rows.is_empty()
        || title_rows(prev).len() != prev.rows.len()
        || next.rows.is_empty()
        || width(prev) != width(next)
    {
        return false;
    }
    let shift = prev.rows.len() as u32;
    for row in next.rows.iter_mut() {
        for c in row.cells.iter_mut() {
            if let Some((r, col)) = c.merged_from {
                c.merged_from = Some((r + shift, col));
            }
        }
    }
    prev.rows.append(&mut next.rows);
    prev.span = prev.span.merge(&next.span);
    true
}

/// Text cut off mid-way: "2." (a number ending in its decimal point), "1,"
/// or an opening bracket or quote left unclosed.
/// A cell holding one number as tables write it ("300.00", "1,234", "-5",
/// "95%"): digits with thousands commas, at most one decimal point, a sign
/// only in front and a percent sign only at the end. Commas group the whole
/// part by three: "3,216,973154,369,326" is two numbers run together.
fn whole_number(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_prefix('-').unwrap_or(t);
    let t = t.strip_suffix('%').unwrap_or(t);
    let whole = t.split('.').next().unwrap_or("");
    let grouped = !whole.contains(',') || {
        let mut groups = whole.split(',');
        groups.next().is_some_and(|g| (1..=3).contains(&g.len())) && groups.all(|g| g.len() == 3)
    };
    t.starts_with(|c: char| c.is_ascii_digit())
        && t.ends_with(|c: char| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
        && t.matches('.').count() <= 1
        && !t.split('.').nth(1).is_some_and(|f| f.contains(','))
        && grouped
}

fn unfinished(text: &str) -> bool {
    let t = text.trim();
    let mut chars = t.chars().rev();
    let (last, before) = (chars.next(), chars.next());
    if matches!(last, Some('.' | ',')) && before.is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    let count = |c: char| t.chars().filter(|&x| x == c).count();
    count('(') + count('（') > count(')') + count('）')
        || count('《') > count('》')
        || count('“') > count('”')
}

/// Remove row `k`, keeping merged-cell references right: references below it
/// move up one row, references into it lose their origin (empty cells), and
/// cells above that spanned it span one row less.
fn remove_row(t: &mut RawTable, k: usize) -> RawRow {
    let row = t.rows.remove(k);
    let k = k as u32;
    for (ri, r) in t.rows.iter_mut().enumerate() {
        for c in r.cells.iter_mut() {
            match c.merged_from {
                Some((o, col)) if o > k => c.merged_from = Some((o - 1, col)),
                Some((o, _)) if o == k => c.merged_from = None,
                _ => {}
            }
            if (ri as u32) < k && c.row_span > 1 && ri as u32 + c.row_span > k {
                c.row_span -= 1;
            }
        }
    }
    row
}

/// The leading title rows of a table (at most three, each with two or more
/// cells and no digits), as cell-text keys.
pub fn title_rows(t: &RawTable) -> Vec<Vec<String>> {
    let titles = |k: &Vec<String>| {
        k.iter().filter(|s| !s.is_empty()).count() >= 2
            && !k.iter().any(|s| s.chars().any(|c| c.is_ascii_digit()))
    };
    t.rows
        .iter()
        .take(3)
        .map(row_key)
        .take_while(titles)
        .collect()
}

/// Drop rows inside a table that repeat one of its header rows (a header
/// repeated where the producer broke the table, without a page break), or
/// one of `more` (the header rows of the parts of the same table on earlier
/// pages). Such a row has the same text, cell by cell, as a header row.
pub fn drop_repeated_header_rows(t: &mut RawTable, more: &[Vec<String>]) {
    let mut heads = title_rows(t);
    let own = heads.len();
    heads.extend(more.iter().cloned());
    let mut r = own.max(1);
    while r < t.rows.len() {
        let key = row_key(&t.rows[r]);
        if heads.contains(&key) {
            remove_row(t, r);
        } else {
            r += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::tests::run;
    use super::*;

    fn hl(y: f32, x0: f32, x1: f32) -> Rule {
        Rule {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }
    fn vl(x: f32, y0: f32, y1: f32) -> Rule {
        Rule {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    #[test]
    fn grid_with_merged_header_cell() {
        // 3 columns at 100/200/300/400, rows at 100/120/140/160.
        // Row 0: one cell spanning columns 0..=1 (no rule at x=200 there).
        let mut rules = vec![
            hl(100.0, 100.0, 400.0),
            hl(120.0, 100.0, 400.0),
            hl(140.0, 100.0, 400.0),
            hl(160.0, 100.0, 400.0),
            vl(100.0, 100.0, 160.0),
            vl(300.0, 100.0, 160.0),
            vl(400.0, 100.0, 160.0),
        ];
        rules.push(vl(200.0, 120.0, 160.0));
        let mut gs = run("项目名称", 110.0, 115.0, 10.0);
        gs.extend(run("金额", 310.0, 115.0, 10.0));
        gs.extend(run("设备", 110.0, 135.0, 10.0));
        gs.extend(run("1.00", 210.0, 135.0, 10.0));
        gs.extend(run("6,942.80", 310.0, 135.0, 10.0));
        gs.extend(run("合计", 110.0, 155.0, 10.0));
        gs.extend(run("7,034.40", 310.0, 155.0, 10.0));
        gs.extend(run("正文", 110.0, 300.0, 10.0));
        let mut taken = vec![false; gs.len()];
        let found = ruled(&rules, &gs, &mut taken, 3);
        assert_eq!(found.len(), 1);
        let t = &found[0].table;
        assert_eq!(t.rows.len(), 3);
        let r0 = &t.rows[0].cells;
        assert_eq!(r0[0].text, "项目名称");
        assert_eq!(r0[0].col_span, 2);
        assert_eq!(r0[1].merged_from, Some((0, 0)));
        assert_eq!(r0[2].text, "金额");
        let texts: Vec<&str> = t.rows[1].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["设备", "1.00", "6,942.80"]);
        assert_eq!(t.rows[2].cells[1].text, "");
        assert_eq!(t.span.page, Some(3));
        // The paragraph below the table stays in the flow.
        assert!(!taken[taken.len() - 1]);
    }

    #[test]
    fn a_row_closed_only_by_vertical_rulings_belongs_to_the_grid() {
        // The top of a page continuing a table: its first row has no ruling
        // above it (that one ended the previous page), only the verticals.
        let rules = |top: f32| {
            vec![
                hl(120.0, 100.0, 400.0),
                hl(140.0, 100.0, 400.0),
                hl(160.0, 100.0, 400.0),
                vl(100.0, top, 160.0),
                vl(250.0, top, 160.0),
                vl(400.0, top, 160.0),
            ]
        };
        let glyphs = || {
            let mut gs = run("会议费", 110.0, 115.0, 10.0);
            gs.extend(run("110.05", 310.0, 115.0, 10.0));
            gs.extend(run("会议服务", 110.0, 135.0, 10.0));
            gs.extend(run("110.05", 310.0, 135.0, 10.0));
            gs.extend(run("办公费", 110.0, 155.0, 10.0));
            gs.extend(run("10.00", 310.0, 155.0, 10.0));
            gs
        };
        let gs = glyphs();
        let mut taken = vec![false; gs.len()];
        let found = ruled(&rules(100.0), &gs, &mut taken, 17);
        assert_eq!(texts(&found[0].table)[0], ["会议费", "110.05"]);
        assert_eq!(found[0].table.rows.len(), 3);
        assert!(taken.iter().all(|&t| t));

        // Verticals running on far past the grid (a page frame) add no row,
        // and nor do verticals over no text.
        let mut taken = vec![false; gs.len()];
        let found = ruled(&rules(-500.0), &gs, &mut taken, 17);
        assert_eq!(found[0].table.rows.len(), 2);
        let first_row = "会议费110.05".chars().count();
        let none: Vec<G> = gs[first_row..].to_vec();
        let mut taken = vec![false; none.len()];
        let found = ruled(&rules(100.0), &none, &mut taken, 17);
        assert_eq!(found[0].table.rows.len(), 2);
    }

    #[test]
    fn header_and_body_column_lines_drawn_apart_make_no_extra_column() {
        // The header's line between code and name at x=180, the body's at
        // x=150: no cell lies between 150 and 180 alone.
        let mut rules = rows_at(&[100.0, 120.0, 140.0, 160.0], 100.0, 400.0);
        rules.extend([
            vl(100.0, 100.0, 160.0),
            vl(180.0, 100.0, 120.0),
            vl(150.0, 120.0, 160.0),
            vl(300.0, 100.0, 160.0),
            vl(400.0, 100.0, 160.0),
        ]);
        let table = grid_of(
            &rules,
            &[
                ("科目代码", 110.0, 115.0),
                ("科目名称", 200.0, 115.0),
                ("金额", 310.0, 115.0),
                ("204", 105.0, 135.0),
                ("公共安全支出", 155.0, 135.0),
                ("16.00", 310.0, 135.0),
                ("20404", 105.0, 155.0),
                ("检察", 155.0, 155.0),
                ("16.00", 310.0, 155.0),
            ],
        );
        assert_eq!(
            texts(&table),
            [
                ["科目代码", "科目名称", "金额"],
                ["204", "公共安全支出", "16.00"],
                ["20404", "检察", "16.00"],
            ]
        );
        assert!(
            table
                .rows
                .iter()
                .flat_map(|r| &r.cells)
                .all(|c| c.col_span == 1 && c.merged_from.is_none())
        );
    }

    /// Horizontal rulings at `ys` from `x0` to `x1`.
    fn rows_at(ys: &[f32], x0: f32, x1: f32) -> Vec<Rule> {
        ys.iter().map(|&y| hl(y, x0, x1)).collect()
    }

    /// The one table found on a page of `rules` and 10 pt text runs (text,
    /// left, baseline).
    fn grid_of(rules: &[Rule], runs: &[(&str, f32, f32)]) -> RawTable {
        let gs: Vec<G> = runs
            .iter()
            .flat_map(|&(t, x, y)| run(t, x, y, 10.0))
            .collect();
        let mut taken = vec![false; gs.len()];
        let mut found = ruled(rules, &gs, &mut taken, 1);
        assert_eq!(found.len(), 1);
        found.remove(0).table
    }

    #[test]
    fn staggered_rulings_lose_no_cell() {
        // Row 0 is cut at 200, row 1 at 150 and 250: columns 150–200 and
        // 200–250 are no cell's alone, but row 1's middle cell lies only
        // over them.
        let mut rules = rows_at(&[100.0, 120.0, 140.0], 100.0, 300.0);
        rules.extend([
            vl(100.0, 100.0, 140.0),
            vl(300.0, 100.0, 140.0),
            vl(200.0, 100.0, 120.0),
            vl(150.0, 120.0, 140.0),
            vl(250.0, 120.0, 140.0),
        ]);
        let table = grid_of(
            &rules,
            &[
                ("甲", 110.0, 115.0),
                ("乙", 210.0, 115.0),
                ("丙", 110.0, 135.0),
                ("丁", 190.0, 135.0),
                ("戊", 260.0, 135.0),
            ],
        );
        let all: String = texts(&table).concat().concat();
        for c in ["甲", "乙", "丙", "丁", "戊"] {
            assert!(all.contains(c), "{c} lost: {all}");
        }
    }

    #[test]
    fn cjk_wrap_in_cell_joins_without_separator() {
        let mut gs = run("小型客", 100.0, 110.0, 12.0);
        gs.extend(run("车", 100.0, 125.0, 12.0));
        assert_eq!(cell_text(&gs, 98.0, 40.0), "小型客车");
        let mut gs = run("一、目标", 100.0, 110.0, 12.0);
        gs.extend(run("二、指标", 100.0, 125.0, 12.0));
        assert_eq!(cell_text(&gs, 98.0, 300.0), "一、目标\n二、指标");
    }

    #[test]
    fn a_lone_box_is_not_a_table() {
        let rules = vec![
            hl(100.0, 100.0, 400.0),
            hl(160.0, 100.0, 400.0),
            vl(100.0, 100.0, 160.0),
            vl(400.0, 100.0, 160.0),
        ];
        let gs = run("注意", 110.0, 130.0, 10.0);
        let mut taken = vec![false; gs.len()];
        assert!(ruled(&rules, &gs, &mut taken, 1).is_empty());
        assert!(taken.iter().all(|t| !t));
    }

    fn table(rows: &[&[&str]], page: u32) -> RawTable {
        RawTable {
            rows: rows
                .iter()
                .map(|r| RawRow {
                    cells: r.iter().map(|t| RawCell::new(*t)).collect(),
                    is_header: false,
                    span: Span::page(page),
                })
                .collect(),
            span: Span::page(page),
        }
    }

    fn texts(t: &RawTable) -> Vec<Vec<String>> {
        t.rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn row_broken_by_a_page_break_is_joined() {
        let mut prev = table(
            &[
                &[
                    "一级指标",
                    "二级指标",
                    "三级指标",
                    "权重分",
                    "完成百分比",
                    "得分",
                    "备注",
                ],
                &[
                    "决策(12)",
                    "政府采购",
                    "考察政府采购预",
                    "1",
                    "79.9",
                    "0.80",
                    "按比例扣分",
                ],
            ],
            19,
        );
        let mut next = table(
            &[
                &[
                    "一级指标",
                    "二级指标",
                    "三级指标",
                    "权重分",
                    "完成百分比",
                    "得分",
                    "备注",
                ],
                &["", "执行率", "算执行情况。", "", "5%", "", ""],
                &[
                    "过程(28)",
                    "预算管理7",
                    "非税收入预算完成率",
                    "1",
                    "100.00%",
                ],
            ],
            20,
        );
        assert!(join_broken_row(&mut prev, &mut next));
        assert_eq!(
            texts(&prev)[1],
            [
                "决策(12)",
                "政府采购执行率",
                "考察政府采购预算执行情况。",
                "1",
                "79.95%",
                "0.80",
                "按比例扣分"
            ]
        );
        assert_eq!(next.rows.len(), 2);
        assert_eq!(next.rows[1].cells[1].text, "预算管理7");
        assert_eq!(prev.rows[1].span.page, Some(19));
    }

    #[test]
    fn a_real_row_at_the_top_of_a_page_is_not_joined() {
        let mut prev = table(
            &[
                &["项目", "说明", "权重分", "得分"],
                &["甲", "说明一", "2", "2"],
            ],
            1,
        );
        let mut next = table(
            &[
                &["项目", "说明", "权重分", "得分"],
                &["", "说明二", "3", "2.5"],
            ],
            2,
        );
        assert!(!join_broken_row(&mut prev, &mut next));
        assert_eq!(next.rows.len(), 2);
    }

    #[test]
    fn two_amounts_in_one_column_are_two_rows() {
        // A procurement list: the last row of page 21 and the first of
        // page 22 are both leaf items, each with its own amount; the page
        // break left no ruling between them.
        let header: &[&str] = &["单位", "项目", "科目", "品目", "方式", "金额"];
        let mut prev = table(
            &[
                header,
                &["", "综合管理费", "物业管理费", "", "", "456.00"],
                &[
                    "",
                    "",
                    "",
                    "空调、电梯维修和保养服务",
                    "分散自行组织",
                    "300.00",
                ],
            ],
            21,
        );
        let mut next = table(
            &[
                header,
                &["", "", "", "建筑物清洁服务", "分散自行组织", "156.00"],
            ],
            22,
        );
        assert!(!join_broken_row(&mut prev, &mut next));
        assert_eq!(next.rows.len(), 2);
        assert_eq!(prev.rows[2].cells[5].text, "300.00");
        // A number cut at its decimal point still takes its rest.
        let mut prev = table(&[header, &["", "", "", "服务", "分散", "300."]], 21);
        let mut next = table(&[header, &["", "", "", "", "", "00"]], 22);
        assert!(join_broken_row(&mut prev, &mut next));
        assert_eq!(prev.rows[1].cells[5].text, "300.00");
        // "79.9" over "5%" in a narrow column is one number broken in two.
        let mut prev = table(&[header, &["", "", "", "服务", "分散", "79.9"]], 21);
        let mut next = table(&[header, &["", "", "", "", "", "5%"]], 22);
        assert!(join_broken_row(&mut prev, &mut next));
        assert_eq!(prev.rows[1].cells[5].text, "79.95%");
        assert!(whole_number(" 1,234.50 ") && whole_number("95%") && whole_number("-5"));
        assert!(!whole_number("12.") && !whole_number("300.00156.00") && !whole_number("5%3"));
        assert!(!whole_number("项目") && !whole_number("") && !whole_number("-"));
        assert!(!whole_number("3,216,973154,369,326") && !whole_number("1,2345"));
        assert!(whole_number("154,369,326") && whole_number("12345"));
        // A side-by-side summary's right half: the next page opens on the
        // next item, left half empty. Whole 元 with thousands commas, run
        // together, do not make one number.
        let summary = &["收入项目", "预算数", "支出项目", "预算数"][..];
        let mut prev = table(
            &[
                summary,
                &["四、其他收入", "", "七、卫生健康支出", "3,216,973"],
            ],
            6,
        );
        let mut next = table(&[summary, &["", "", "八、城乡社区支出", "154,369,326"]], 7);
        assert!(!join_broken_row(&mut prev, &mut next));
        assert_eq!(next.rows.len(), 2);
    }

    #[test]
    fn repeated_header_rows_inside_a_table_are_dropped() {
        let mut t = table(
            &[
                &["指标", "", "分值"],
                &["一级指标", "二级指标", ""],
                &["A决策(15分)", "A1机制(6)", "2"],
                &["一级指标", "二级指标", ""],
                &["", "A2规划(2)", "1"],
                &["", "A2规划(2)", "1"],
            ],
            1,
        );
        t.rows[4].cells[0].merged_from = Some((3, 0));
        drop_repeated_header_rows(&mut t, &[]);
        assert_eq!(t.rows.len(), 5);
        assert_eq!(t.rows[3].cells[1].text, "A2规划(2)");
        // The reference into the removed row is gone; identical data rows stay.
        assert_eq!(t.rows[3].cells[0].merged_from, None);
        assert_eq!(t.rows[4].cells[1].text, "A2规划(2)");
        // Header rows of an earlier page part count too.
        let mut next = table(&[&["", "A3计划(3)", "1"], &["一级指标", "二级指标", ""]], 2);
        drop_repeated_header_rows(&mut next, &title_rows(&t));
        assert_eq!(next.rows.len(), 1);
    }

    #[test]
    fn table_without_outer_borders_keeps_its_outer_columns() {
        // Horizontal rules from 40 to 400; verticals only inside, at 150 and 300.
        let mut rules = Vec::new();
        for y in [100.0, 120.0, 140.0] {
            rules.push(hl(y, 40.0, 400.0));
        }
        rules.push(vl(150.0, 100.0, 140.0));
        rules.push(vl(300.0, 100.0, 140.0));
        let mut gs = run("项目", 45.0, 115.0, 10.0);
        gs.extend(run("预算数", 160.0, 115.0, 10.0));
        gs.extend(run("决算数", 310.0, 115.0, 10.0));
        gs.extend(run("合计", 45.0, 135.0, 10.0));
        gs.extend(run("1.00", 160.0, 135.0, 10.0));
        gs.extend(run("2.00", 310.0, 135.0, 10.0));
        let mut taken = vec![false; gs.len()];
        let found = ruled(&rules, &gs, &mut taken, 1);
        assert_eq!(found.len(), 1);
        let t = &found[0].table;
        assert_eq!(
            texts(t),
            [["项目", "预算数", "决算数"], ["合计", "1.00", "2.00"]]
        );
        assert!(taken.iter().all(|&t| t));
    }

    #[test]
    fn header_rows_orphaned_at_a_page_bottom_join_the_next_part() {
        let mut prev = table(&[&["指标", "", "分值"]], 7);
        let mut next = table(
            &[
                &["一级指标", "二级指标", ""],
                &["A决策(15分)", "A1机制(6)", "2"],
            ],
            8,
        );
        next.rows[1].cells[2].merged_from = Some((0, 2));
        assert!(join_orphan_header(&mut prev, &mut next));
        assert_eq!(prev.rows.len(), 3);
        assert_eq!(prev.rows[2].cells[2].merged_from, Some((1, 2)));
        assert_eq!((prev.span.page, prev.span.page_end), (Some(7), Some(8)));
        // A part with data is not an orphaned header.
        let mut data = table(&[&["甲", "说明", "2"]], 7);
        let mut next = table(&[&["乙", "说明", "3"]], 8);
        assert!(!join_orphan_header(&mut data, &mut next));
    }
}
