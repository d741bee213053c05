//! Merged cells as a grid to draw: which positions are drawn, with what
//! row/column span, and which drawn cell each covered position belongs to.
//! Shared by the HTML report and the spreadsheet, so both show the same merges.
//!
//! The model keeps a merge as an owner cell with `row_span`/`col_span` and
//! covered positions marked `merged`. Readers are not perfect, so a span is
//! only drawn as far as the positions it claims really are covered (and
//! inside the grid); a covered position no owner claims is drawn as an
//! ordinary cell with whatever text it has, so nothing is lost.

use crate::model::Cell;

/// One drawn cell: its spans after clamping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drawn {
    pub row_span: usize,
    pub col_span: usize,
}

/// The layout of one block of rows (a table's header rows, or its body rows).
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Per row, per column: `Some` where a cell is drawn.
    drawn: Vec<Vec<Option<Drawn>>>,
    /// Per row, per column: the (row, column) of the drawn cell covering it.
    owner: Vec<Vec<(usize, usize)>>,
}

impl Layout {
    pub fn new(rows: &[Vec<Cell>]) -> Layout {
        let mut drawn: Vec<Vec<Option<Drawn>>> = rows.iter().map(|r| vec![None; r.len()]).collect();
        let mut owner: Vec<Vec<(usize, usize)>> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (0..r.len()).map(|j| (i, j)).collect())
            .collect();
        let mut claimed: Vec<Vec<bool>> = rows.iter().map(|r| vec![false; r.len()]).collect();
        let covered = |i: usize, j: usize, claimed: &[Vec<bool>]| {
            rows.get(i)
                .and_then(|r| r.get(j))
                .is_some_and(|c| c.merged && !claimed[i][j])
        };
        for (i, row) in rows.iter().enumerate() {
            for (j, cell) in row.iter().enumerate() {
                if claimed[i][j] || (cell.merged && !spans(cell)) {
                    continue;
                }
                // Grow down, then right, only over covered positions.
                let want_rows = cell.row_span.max(1) as usize;
                let want_cols = cell.col_span.max(1) as usize;
                let mut cols = 1;
                while cols < want_cols && covered(i, j + cols, &claimed) {
                    cols += 1;
                }
                let mut nrows = 1;
                while nrows < want_rows && (0..cols).all(|k| covered(i + nrows, j + k, &claimed)) {
                    nrows += 1;
                }
                for a in i..i + nrows {
                    for b in j..j + cols {
                        if (a, b) != (i, j) {
                            claimed[a][b] = true;
                            owner[a][b] = (i, j);
                        }
                    }
                }
                drawn[i][j] = Some(Drawn {
                    row_span: nrows,
                    col_span: cols,
                });
            }
        }
        // A covered position nobody claimed is drawn on its own.
        for (i, row) in rows.iter().enumerate() {
            for j in 0..row.len() {
                if !claimed[i][j] && drawn[i][j].is_none() {
                    drawn[i][j] = Some(Drawn {
                        row_span: 1,
                        col_span: 1,
                    });
                }
            }
        }
        Layout { drawn, owner }
    }

    /// Is a cell drawn at (row, column), and with which spans?
    pub fn drawn(&self, row: usize, col: usize) -> Option<Drawn> {
        self.drawn
            .get(row)
            .and_then(|r| r.get(col))
            .copied()
            .flatten()
    }

    /// The drawn cell that shows position (row, column); `None` outside the grid.
    pub fn owner(&self, row: usize, col: usize) -> Option<(usize, usize)> {
        self.owner.get(row).and_then(|r| r.get(col)).copied()
    }

    /// Every drawn cell with its spans, row by row.
    pub fn cells(&self) -> impl Iterator<Item = (usize, usize, Drawn)> + '_ {
        self.drawn.iter().enumerate().flat_map(|(i, r)| {
            r.iter()
                .enumerate()
                .filter_map(move |(j, d)| d.map(|d| (i, j, d)))
        })
    }
}

fn spans(c: &Cell) -> bool {
    c.row_span > 1 || c.col_span > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, rs: u32, cs: u32) -> Cell {
        Cell {
            text: text.into(),
            row_span: rs,
            col_span: cs,
            ..Default::default()
        }
    }
    fn covered() -> Cell {
        Cell {
            merged: true,
            ..Default::default()
        }
    }

    #[test]
    fn a_block_merge_claims_its_covered_positions() {
        let rows = vec![
            vec![cell("项目", 2, 2), covered(), cell("金额", 1, 1)],
            vec![covered(), covered(), cell("1", 1, 1)],
        ];
        let l = Layout::new(&rows);
        assert_eq!(
            l.drawn(0, 0),
            Some(Drawn {
                row_span: 2,
                col_span: 2
            })
        );
        assert_eq!(l.drawn(1, 1), None);
        assert_eq!(l.owner(1, 1), Some((0, 0)));
        assert_eq!(l.owner(1, 2), Some((1, 2)));
        assert_eq!(l.cells().count(), 3);
    }

    #[test]
    fn a_span_past_what_is_covered_is_clamped_and_orphans_are_drawn() {
        // The owner claims three columns but only one covered position follows;
        // a covered position with no owner is drawn on its own.
        let rows = vec![
            vec![cell("合计", 1, 3), covered(), cell("9", 1, 1)],
            vec![covered(), cell("x", 1, 1), cell("y", 5, 1)],
        ];
        let l = Layout::new(&rows);
        assert_eq!(
            l.drawn(0, 0),
            Some(Drawn {
                row_span: 1,
                col_span: 2
            })
        );
        assert_eq!(
            l.drawn(1, 0),
            Some(Drawn {
                row_span: 1,
                col_span: 1
            })
        );
        assert_eq!(
            l.drawn(1, 2),
            Some(Drawn {
                row_span: 1,
                col_span: 1
            })
        );
        assert_eq!(l.owner(5, 0), None);
    }
}
