//! Unruled tables: runs of lines split by wide gaps whose pieces line up in
//! the same columns (budget tables printed without rulings).

use super::lines::Line;
use super::tables::Found;
use crate::model::{RawCell, RawRow, RawTable, Span};

/// Fewest rows that make a table.
const MIN_ROWS: usize = 3;

/// Split `lines` (top to bottom) into the lines that stay prose and the
/// tables found among them.
pub fn tables(lines: Vec<Line>, page: u32) -> (Vec<Line>, Vec<Found>) {
    let mut keep = Vec::with_capacity(lines.len());
    let mut found = Vec::new();
    let mut run: Vec<Line> = Vec::new();
    let flush = |run: &mut Vec<Line>, keep: &mut Vec<Line>, found: &mut Vec<Found>| {
        if run.len() >= MIN_ROWS
            && let Some(t) = table(run, page)
        {
            found.push(t);
            run.clear();
        } else {
            keep.append(run);
        }
    };
    for l in lines {
        let close = run
            .last()
            .is_none_or(|p| l.top - p.bottom < 2.5 * p.size.max(l.size));
        if l.segs.len() >= 2 && close {
            run.push(l);
        } else {
            flush(&mut run, &mut keep, &mut found);
            if l.segs.len() >= 2 {
                run.push(l);
            } else {
                keep.push(l);
            }
        }
    }
    flush(&mut run, &mut keep, &mut found);
    keep.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.x0.total_cmp(&b.x0))
    });
    (keep, found)
}

fn table(run: &[Line], page: u32) -> Option<Found> {
    // A contents page: "title … page" rows stay lines for structure's
    // contents reader.
    let toc = run.iter().all(|l| {
        l.segs.len() == 2
            && l.segs[1].text.trim().chars().all(|c| c.is_ascii_digit())
            && l.segs[1].text.trim().len() <= 4
    });
    if toc {
        return None;
    }
    // Columns: union of the x ranges of all pieces.
    let mut spans: Vec<(f32, f32)> = run
        .iter()
        .flat_map(|l| l.segs.iter().map(|s| (s.x0, s.x1)))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cols: Vec<(f32, f32)> = Vec::new();
    for (a, b) in spans {
        match cols.last_mut() {
            Some(c) if a <= c.1 + 1.0 => c.1 = c.1.max(b),
            _ => cols.push((a, b)),
        }
    }
    if cols.len() < 2 {
        return None;
    }
    // Each row must fill at least two columns.
    let mut rows = Vec::with_capacity(run.len());
    for l in run {
        let mut cells = vec![String::new(); cols.len()];
        for s in &l.segs {
            let c = cols.partition_point(|col| col.1 < s.x0).min(cols.len() - 1);
            if !cells[c].is_empty() {
                cells[c].push(' ');
            }
            cells[c].push_str(s.text.trim());
        }
        if cells.iter().filter(|c| !c.is_empty()).count() < 2 {
            return None;
        }
        rows.push(RawRow {
            cells: cells.into_iter().map(RawCell::new).collect(),
            is_header: false,
            span: Span::page(page),
        });
    }
    Some(Found {
        top: run.iter().map(|l| l.top).fold(f32::MAX, f32::min),
        bottom: run.iter().map(|l| l.bottom).fold(f32::MIN, f32::max),
        x0: cols[0].0,
        x1: cols[cols.len() - 1].1,
        table: RawTable {
            rows,
            span: Span::page(page),
        },
    })
}
