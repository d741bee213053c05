//! Table cells read on their own. On a full page the engine's own layout
//! analysis joins the numbers of neighbouring cells into one word, takes
//! what is left of a rule for punctuation, and runs a line across a row
//! boundary. Cut along the ruled grid, each cell is a small block of text
//! with nothing around it. The cells are stacked, one under another with
//! white between, into one image read in a single run (one engine start-up
//! per page, not one per cell), and the words found are put back where
//! their cell is on the page.

use super::raster::Gray;
use super::rules::CellBox;
use super::tesseract::Word;

/// Cells stacked into one image, and where each one went.
#[derive(Debug, Clone)]
pub struct Stack {
    pub image: Gray,
    /// (cell, top of the cell's crop in `image`), top to bottom.
    pub placed: Vec<(CellBox, usize)>,
    /// Index in the cells given of each placed crop.
    pub from: Vec<usize>,
    pad: usize,
}

/// A cell with fewer dark pixels than this is empty (specks of noise).
const MIN_INK: usize = 12;

fn ink(g: &Gray, c: &CellBox) -> usize {
    (c.y0..c.y1)
        .map(|y| (c.x0..c.x1).filter(|&x| g.dark(x, y)).count())
        .sum()
}

/// The tallest stacked image: the engine keeps its coordinates in 16 bits,
/// so a page of many cells is stacked into several images.
const MAX_HEIGHT: usize = 30_000;

/// The cells in stacks no taller than the engine can take; `from` counts
/// across them (an index into `cells`).
pub fn stacks(g: &Gray, cells: &[CellBox], gap: usize) -> Vec<Stack> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < cells.len() {
        let mut end = start;
        let mut height = gap;
        while end < cells.len() {
            let h = cells[end].y1.saturating_sub(cells[end].y0) + gap;
            if end > start && height + h > MAX_HEIGHT {
                break;
            }
            height += h;
            end += 1;
        }
        if let Some(mut s) = stack(g, &cells[start..end], gap) {
            s.from.iter_mut().for_each(|i| *i += start);
            out.push(s);
        }
        start = end;
    }
    out
}

/// Stack the cells of `g` that hold ink, `gap` pixels of white between
/// them (and round the edge). `None` when no cell holds ink.
pub fn stack(g: &Gray, cells: &[CellBox], gap: usize) -> Option<Stack> {
    let (from, full): (Vec<usize>, Vec<CellBox>) = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.x1 <= g.width && c.y1 <= g.height && ink(g, c) >= MIN_INK)
        .map(|(i, c)| (i, *c))
        .unzip();
    if full.is_empty() {
        return None;
    }
    let width = full.iter().map(|c| c.x1 - c.x0).max().unwrap_or(0) + 2 * gap;
    let height = full.iter().map(|c| c.y1 - c.y0 + gap).sum::<usize>() + gap;
    let mut image = Gray::new(width, height);
    let mut placed = Vec::with_capacity(full.len());
    let mut top = gap;
    for c in full {
        for y in c.y0..c.y1 {
            let src = &g.data[y * g.width + c.x0..y * g.width + c.x1];
            let at = (top + y - c.y0) * width + gap;
            image.data[at..at + src.len()].copy_from_slice(src);
        }
        placed.push((c, top));
        top += c.y1 - c.y0 + gap;
    }
    Some(Stack {
        image,
        placed,
        from,
        pad: gap,
    })
}

/// The text lines of each cell: bands of rows with ink, parted by rows
/// without (a row with a speck or two counts as without). Lines set tight
/// in a cell are separated by no more than a few white rows, and the
/// engine takes a short last line ("分。") for part of the line above and
/// loses it; stacked apart, each line is read on its own (a cell of one
/// line is kept whole, stains and all, as the engine reads that well). A band much
/// lower than the page's lines is part of a line (the strokes of 二, a
/// comma's tail) when one is near, else a speck or a stain, left out.
pub fn lines(g: &Gray, cells: &[CellBox]) -> Vec<CellBox> {
    let mut bands: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    for (k, c) in cells.iter().enumerate() {
        if c.x1 > g.width || c.y1 > g.height {
            continue;
        }
        let inked = |y: usize| (c.x0..c.x1).filter(|&x| g.dark(x, y)).count() > 2;
        let mut mine = Vec::new();
        let mut start = None;
        for y in c.y0..=c.y1 {
            match (y < c.y1 && inked(y), start) {
                (true, None) => start = Some(y),
                (false, Some(s)) => {
                    mine.push((s, y));
                    start = None;
                }
                _ => {}
            }
        }
        bands.push((k, mine));
    }
    // The page's line height: the median band of a full line.
    let mut heights: Vec<usize> = bands
        .iter()
        .flat_map(|(_, b)| b.iter().map(|(a, z)| z - a))
        .collect();
    heights.sort_unstable();
    let em = heights
        .get(heights.len() * 2 / 3)
        .copied()
        .unwrap_or(0)
        .max(4);
    let mut out = Vec::new();
    for (k, mine) in bands {
        let c = cells[k];
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (a, z) in mine {
            match merged.last_mut() {
                Some(last)
                    if (z - a < em * 3 / 5 || last.1 - last.0 < em * 3 / 5)
                        && a - last.1 < em / 2 =>
                {
                    last.1 = z
                }
                _ => merged.push((a, z)),
            }
        }
        // A cell of one line is read whole, as it is.
        if merged.iter().filter(|(a, z)| z - a >= em * 3 / 5).count() <= 1 {
            out.push(c);
            continue;
        }
        for (a, z) in merged {
            if z - a >= em / 3 {
                // A margin of a row or two, inside the cell.
                out.push(CellBox {
                    x0: c.x0,
                    y0: a.saturating_sub(2).max(c.y0),
                    x1: c.x1,
                    y1: (z + 2).min(c.y1),
                });
            }
        }
    }
    out
}

impl Stack {
    /// The words read from the stacked image, moved to their cells on the
    /// page. Each cell's words form lines of their own (keys after
    /// `first_block`), so no line runs from one cell into another.
    pub fn place(&self, words: Vec<Word>, first_block: u32) -> Vec<Word> {
        let mut out = Vec::with_capacity(words.len());
        for mut w in words {
            let cy = w.top as usize + w.height as usize / 2;
            let Some(k) = self
                .placed
                .iter()
                .position(|(c, top)| cy >= *top && cy < top + (c.y1 - c.y0))
            else {
                continue;
            };
            let (c, top) = self.placed[k];
            let left = (w.left as usize).saturating_sub(self.pad) + c.x0;
            let y = (w.top as usize).saturating_sub(top) + c.y0;
            w.left = left.min(c.x1) as u32;
            w.top = y.min(c.y1) as u32;
            w.width = w.width.min((c.x1 - w.left as usize) as u32);
            w.height = w.height.min((c.y1 - w.top as usize) as u32);
            let (_, par, line) = w.line;
            w.line = (first_block + k as u32, par, line);
            out.push(w);
        }
        out
    }

    /// Paint the stacked cells white in `g`: the page pass reads the rest.
    pub fn blank(&self, g: &mut Gray) {
        for (c, _) in &self.placed {
            for y in c.y0..c.y1 {
                g.data[y * g.width + c.x0..y * g.width + c.x1].fill(255);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(left: u32, top: u32) -> Word {
        Word {
            text: "12.5".into(),
            left,
            top,
            width: 20,
            height: 10,
            conf: 90.0,
            line: (1, 1, 1),
        }
    }

    #[test]
    fn cells_are_stacked_and_words_go_back() {
        let mut g = Gray::new(300, 200);
        let a = CellBox {
            x0: 10,
            y0: 10,
            x1: 110,
            y1: 40,
        };
        let b = CellBox {
            x0: 150,
            y0: 100,
            x1: 200,
            y1: 150,
        };
        let empty = CellBox {
            x0: 10,
            y0: 100,
            x1: 100,
            y1: 150,
        };
        for (c, v) in [(&a, 0u8), (&b, 10)] {
            for y in c.y0 + 5..c.y0 + 15 {
                for x in c.x0 + 5..c.x0 + 25 {
                    g.data[y * 300 + x] = v;
                }
            }
        }
        let s = stack(&g, &[a, empty, b], 8).unwrap();
        assert_eq!(s.placed, vec![(a, 8), (b, 8 + 30 + 8)]);
        assert_eq!(s.from, [0, 2]);
        assert_eq!(
            (s.image.width, s.image.height),
            (100 + 16, 8 + 30 + 8 + 50 + 8)
        );
        assert_eq!(s.image.at(8 + 5, 8 + 5), 0);
        assert_eq!(s.image.at(8 + 5, 46 + 5), 10);
        // A word at the ink of each cell, and one in the white between.
        let words = s.place(vec![word(13, 13), word(13, 51), word(13, 40)], 100);
        assert_eq!(words.len(), 2);
        assert_eq!(
            (words[0].left, words[0].top, words[0].line.0),
            (15, 15, 100)
        );
        assert_eq!(
            (words[1].left, words[1].top, words[1].line.0),
            (155, 105, 101)
        );
        let mut page = g.clone();
        s.blank(&mut page);
        assert!(!page.dark(20, 20) && !page.dark(160, 110));
    }

    #[test]
    fn a_cell_of_several_lines_is_cut_into_them() {
        let mut g = Gray::new(400, 400);
        let mut ink = |x0: usize, y0: usize, w: usize, h: usize| {
            for y in y0..y0 + h {
                for x in x0..x0 + w {
                    g.data[y * 400 + x] = 0;
                }
            }
        };
        // Cell 1: a line of 30 px, then a short line ("分。") 4 px below,
        // then a speck far below. Cell 2: one line whose characters have
        // a white row inside (the strokes of 二).
        ink(10, 10, 200, 30);
        ink(10, 44, 40, 28);
        ink(10, 130, 3, 3);
        ink(10, 210, 100, 12);
        ink(10, 226, 100, 14);
        let cells = [
            CellBox {
                x0: 5,
                y0: 5,
                x1: 300,
                y1: 190,
            },
            CellBox {
                x0: 5,
                y0: 200,
                x1: 300,
                y1: 260,
            },
        ];
        let got = lines(&g, &cells);
        let ys: Vec<_> = got.iter().map(|c| (c.y0, c.y1)).collect();
        assert_eq!(ys, [(8, 42), (42, 74), (200, 260)], "{got:?}");
    }

    #[test]
    fn many_cells_go_in_several_stacks() {
        let mut g = Gray::new(100, 40_000);
        let cells: Vec<CellBox> = (0..8)
            .map(|k| CellBox {
                x0: 0,
                y0: k * 5000,
                x1: 100,
                y1: k * 5000 + 4900,
            })
            .collect();
        for c in &cells {
            for x in 10..40 {
                g.data[(c.y0 + 10) * 100 + x] = 0;
            }
        }
        let s = stacks(&g, &cells, 10);
        assert_eq!(s.len(), 2);
        assert!(s.iter().all(|s| s.image.height <= MAX_HEIGHT));
        let from: Vec<usize> = s.iter().flat_map(|s| s.from.clone()).collect();
        assert_eq!(from, (0..8).collect::<Vec<_>>());
    }
}
