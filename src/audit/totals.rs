//! Table totals (合计/小计/总计/共计) and row hierarchies: a parent row is the
//! sum of its children, at least the sum of its 其中 parts, and a total row is
//! the sum of the items it closes. Several readings of which rows a total
//! sums are tried (top-level rows, marked rows, one segment, the previous total
//! plus what follows, leaves); a total is flagged only when none fits.

use super::grid::{Grid, Link, RowKind};
use super::num::{self, Num};
use super::{Recorder, finding, show};
use crate::model::Severity;
use crate::structure::headings;

pub fn check(g: &Grid, rec: &mut Recorder) {
    parts(g, rec);
    for &col in &g.value_cols {
        hierarchy(g, col, rec);
        totals(g, col, rec);
    }
    nested_subtotals(g, rec);
}

/// Subtotals that head their items from a column of their own (Jiangsu's
/// 收入预算总表): "一般公共预算资金 | 小计 | 17,981.68", then the items under
/// an empty first cell, "| 公共财政拨款(补助)资金 | 17,981.68", "| 专项收入 |",
/// up to the next row with a first cell. The 小计 is their sum; a 其中 row
/// is a part of one of them, not added. (`totals` reads a 小计 as closing the
/// rows above it, which is not this layout.)
fn nested_subtotals(g: &Grid, rec: &mut Recorder) {
    let rows = &g.table.rows;
    let text = |r: usize, c: usize| rows[r].get(c).map_or("", |x| x.text.trim());
    let subtotal = |t: &str| {
        let n = t.chars().filter(|c| !c.is_whitespace());
        n.clone().eq("小计".chars()) || n.eq("合计".chars())
    };
    // The blocks, found once (a row is read a bounded number of times
    // whatever the table's width): the head row, the column of its
    // category, its items.
    let mut blocks: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    let mut h = 0;
    while h < rows.len() {
        // The category in the row's first filled column a, 小计 in a + 1.
        let Some(a) = (0..rows[h].len()).find(|&c| !text(h, c).is_empty()) else {
            h += 1;
            continue;
        };
        if !subtotal(text(h, a + 1)) {
            h += 1;
            continue;
        }
        let mut items = Vec::new();
        let mut r = h + 1;
        while r < rows.len()
            && (0..=a).all(|c| text(r, c).is_empty())
            && !text(r, a + 1).is_empty()
            && !super::grid::is_total_label(text(r, a + 1))
        {
            if !text(r, a + 1).starts_with("其中") {
                items.push(r);
            }
            r += 1;
        }
        blocks.push((h, a, items));
        h += 1;
    }
    for (h, a, items) in &blocks {
        let (h, a) = (*h, *a);
        for &col in g.value_cols.iter().filter(|&&c| c > a + 1) {
            nested_subtotal(g, (h, a, items), col, rec);
        }
    }
}

fn nested_subtotal(
    g: &Grid,
    (h, a, items): (usize, usize, &[usize]),
    col: usize,
    rec: &mut Recorder,
) {
    let text = |r: usize, c: usize| g.table.rows[r].get(c).map_or("", |x| x.text.trim());
    let Some(stated) = g.num(h, col) else {
        return;
    };
    let Some(computed) = sum_rows(g, items, col) else {
        return;
    };
    if stated.consistent(computed) {
        rec.pass("table.total");
        return;
    }
    let names: Vec<&str> = items.iter().map(|&r| text(r, a + 1)).collect();
    let operands = std::iter::once(h)
        .chain(items.iter().copied())
        .filter_map(|r| g.amount_operand(r, col))
        .collect::<Vec<_>>();
    rec.fail(finding(
        "table.total",
        Severity::Error,
        stated,
        num::round(computed.value, computed.decimals),
        g.unit(col),
        format!(
            "{}: 「{} {}」 {} ≠ {} = {} in column 「{}」 (the 小计 heads the rows under it)",
            g.table_name(),
            text(h, a),
            text(h, a + 1),
            show(stated),
            names.join(" + "),
            show(computed),
            g.column_title(col),
        ),
        g.location(h, col),
        operands,
    ));
}

/// 其中 blocks: a whole and the rows read as its parts — the row marked 其中
/// and those marked or indented like it (certain), then plain rows that may be
/// further parts or siblings of the whole (each prefix of them is a reading).
/// The whole is at least its parts under some reading; when in every other
/// column one reading makes the parts add up to the whole exactly (in at
/// least two columns), the table confirms equality, and a column where they
/// do not add up is an error too.
fn parts(g: &Grid, rec: &mut Recorder) {
    for (r, info) in g.rows.iter().enumerate() {
        if info.kind != RowKind::Item {
            continue;
        }
        let kids = g.children(r);
        if kids.first().is_none_or(|&k| g.rows[k].link != Link::Part) {
            continue;
        }
        let certain: Vec<usize> = kids
            .iter()
            .copied()
            .filter(|&k| g.rows[k].link == Link::Part)
            .collect();
        let maybes: Vec<usize> = kids
            .iter()
            .copied()
            .filter(|&k| g.rows[k].link == Link::PartMaybe)
            .collect();
        let readings: Vec<Vec<usize>> = (0..=maybes.len())
            .map(|k| certain.iter().chain(&maybes[..k]).copied().collect())
            .collect();
        let cols: Vec<usize> = g
            .value_cols
            .iter()
            .copied()
            .filter(|&c| g.num(r, c).is_some())
            .collect();
        // The reading the table confirms as a complete breakdown.
        // Only the parts the print marks can be confirmed as complete: a
        // reading chosen because its numbers agree is no structure.
        let confirmed = readings.iter().take(1).position(|rows| {
            let (mut eq, mut checked) = (0, 0);
            for &c in &cols {
                let (Some(w), Some(s)) = (g.num(r, c), sum_rows(g, rows, c)) else {
                    continue;
                };
                checked += 1;
                if w.consistent(s) && !w.is_zero() {
                    eq += 1;
                }
            }
            eq >= 2 && eq + 1 >= checked
        });
        for &col in &cols {
            let Some(stated) = g.num(r, col) else {
                continue;
            };
            let sums: Vec<Option<Num>> =
                readings.iter().map(|rows| sum_rows(g, rows, col)).collect();
            let (ok, rows, total, equality) = match confirmed {
                Some(k) => {
                    let Some(s) = sums[k] else { continue };
                    (stated.consistent(s), &readings[k], s, true)
                }
                None => {
                    // At most the whole: amounts, not changes (a part of a
                    // decrease may fall by less than the whole).
                    let negative = stated.value < 0.0
                        || readings
                            .last()
                            .into_iter()
                            .flatten()
                            .any(|&k| g.num(k, col).is_some_and(|n| n.value < 0.0));
                    if negative {
                        continue;
                    }
                    let fits = sums.iter().flatten().any(|s| stated.hi + 1e-9 >= s.lo);
                    let Some(s) = sums[0] else { continue };
                    (fits, &readings[0], s, false)
                }
            };
            if ok {
                rec.pass("table.parts");
                continue;
            }
            parts_fail(g, r, col, stated, (rows, total), equality, rec);
        }
    }
}

/// A whole (row `r`) smaller than its 其中 parts `rows` (sum `total`) in
/// column `col`, or not their sum where the table confirms the breakdown
/// complete (`equality`).
fn parts_fail(
    g: &Grid,
    r: usize,
    col: usize,
    stated: Num,
    (rows, total): (&[usize], Num),
    equality: bool,
    rec: &mut Recorder,
) {
    let names: Vec<&str> = rows.iter().map(|&k| g.label(k)).collect();
    let operands = std::iter::once(r)
        .chain(rows.iter().copied())
        .filter_map(|k| g.amount_operand(k, col))
        .collect::<Vec<_>>();
    rec.fail(finding(
        "table.parts",
        Severity::Error,
        stated,
        num::round(total.value, total.decimals),
        g.unit(col),
        format!(
            "{}: 「{}」 {} {} its parts (其中) {} = {} in column 「{}」{}",
            g.table_name(),
            g.label(r),
            show(stated),
            if equality { "≠" } else { "is less than" },
            names.join(" + "),
            show(total),
            g.column_title(col),
            if equality {
                " (the parts add up to it in the other columns)"
            } else {
                ""
            }
        ),
        g.location(r, col),
        operands,
    ));
}

/// A plain row after a 其中 part that may stand beside the whole rather than
/// under it: only when the whole carries no marker (beside "二、项目支出" an
/// unmarked row cannot stand; its sibling would read "三、").
fn may_be_sibling(g: &Grid, r: usize) -> bool {
    g.rows[r].link == Link::PartMaybe && g.rows[r].parent.is_some_and(|p| g.rows[p].depth.is_none())
}

/// A stated figure as the message shows it: a dash read as 0 says so.
fn shown(g: &Grid, row: usize, col: usize, stated: Num, dash: bool) -> String {
    if dash {
        let text = g
            .table
            .rows
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("-", |c| c.text.trim());
        format!("「{text}」 (0)")
    } else {
        show(stated)
    }
}

/// Said of a total read over rows that nest by their amounts.
const NESTED_BY_SUMS: &str = "; its rows nest by their amounts (no code or marker says which heads which), read here from those";

/// The top level of `rows` (in order, none linked to a parent) when their
/// amounts nest: a row whose amount is the sum of the rows right below it
/// (each with its own such rows) heads them, as 类 heads its 款 and 款 its
/// 项 in a table printed without codes or indents ("一般公共服务支出
/// 13,907.78", "人大事务 13,907.78", "行政运行 7,448.20", …). A row heads
/// the fewest rows below it that add up to it. One row of the same amount
/// under it is a weak sign (a 款 with one 项, or two items that cost the
/// same, "维修费 50.00", "会议费 50.00"): where the rows above add up only
/// with that pair read as two items, they are read so, and the top level is
/// given both ways. Empty when no row heads others. A reading from the
/// amounts alone: what it finds is a warning. Rows are read from the last
/// up, each row looking at most three times 200 rows below it (`MAX_KIDS`):
/// linear in the rows.
fn nested_by_sums(g: &Grid, rows: &[usize], col: usize) -> Vec<Vec<usize>> {
    const MAX_KIDS: usize = 200;
    /// How the rows below a row are walked for its items.
    #[derive(Clone, Copy)]
    enum Step {
        /// Each row with the rows it heads.
        Nested,
        /// So, but a row heading one row of its amount as two items.
        LoneFlat,
        /// Each row an item.
        Flat,
    }
    let n = rows.len();
    if n < 3 {
        return Vec::new();
    }
    let amount = |i: usize| g.amount(rows[i], col);
    // end[i]: one past the last row under row i (i + 1 for a leaf); lone[i]:
    // row i heads one row alone, of its amount, that heads none.
    let mut end: Vec<usize> = (1..=n).collect();
    let mut lone = vec![false; n];
    let mut heads = false;
    for i in (0..n).rev() {
        let Some(whole) = amount(i).filter(|v| v.value > 0.0) else {
            continue;
        };
        // The rows below as read, then with lone pairs as two items, then
        // all as items of row i (a row below may add up to the next few by
        // chance: "专用材料费 80.00", "工会经费 60.00", "福利费 20.00").
        for step in [Step::Nested, Step::LoneFlat, Step::Flat] {
            let mut acc = Num::zero();
            let mut j = i + 1;
            let mut found = None;
            for kids in 1..=MAX_KIDS {
                if j >= n {
                    break;
                }
                if let Some(v) = amount(j) {
                    acc = acc.add(v);
                }
                j = match step {
                    Step::Nested => end[j],
                    Step::LoneFlat if !lone[j] => end[j],
                    _ => j + 1,
                };
                if whole.consistent(acc) {
                    found = Some((j, kids == 1 && j == i + 2));
                    break;
                }
                if acc.lo > whole.hi {
                    break;
                }
            }
            if let Some((to, alone)) = found {
                end[i] = to;
                lone[i] = alone;
                heads = true;
                break;
            }
        }
    }
    if !heads {
        return Vec::new();
    }
    let walk = |flat: bool| {
        let mut top = Vec::new();
        let mut i = 0;
        while i < n {
            top.push(rows[i]);
            i = if flat && lone[i] { i + 1 } else { end[i] };
        }
        top
    };
    let nested = walk(false);
    let flat = walk(true);
    if flat == nested || flat.len() == n {
        vec![nested]
    } else {
        vec![nested, flat]
    }
}

/// Does one of the readings add up to the stated total?
fn any_fits(g: &Grid, readings: &[Vec<usize>], col: usize, stated: Num) -> bool {
    readings
        .iter()
        .filter_map(|rows| sum_rows(g, rows, col))
        .any(|s| stated.consistent(s))
}

/// Sum of the given rows in one column: None when none of them holds a
/// number. A row's "-" among amounts counts 0 (`Grid::amount`); a row with
/// nothing in the column is left out.
fn sum_rows(g: &Grid, rows: &[usize], col: usize) -> Option<Num> {
    let nums: Vec<Num> = rows.iter().filter_map(|&r| g.amount(r, col)).collect();
    (!nums.is_empty()).then(|| num::sum(nums))
}

fn hierarchy(g: &Grid, col: usize, rec: &mut Recorder) {
    for (r, info) in g.rows.iter().enumerate() {
        if info.kind != RowKind::Item {
            continue;
        }
        let kids = g.children(r);
        if kids.is_empty() {
            continue;
        }
        let Some(total) = sum_rows(g, &kids, col) else {
            continue;
        };
        // A parent printed "-" is 0: over items that are not, it is wrong.
        let (stated, dash) = match g.num(r, col) {
            Some(n) => (n, false),
            None => match g.dash_zero(r, col) {
                Some(z) => (z, true),
                None => continue,
            },
        };
        let link = g.rows[kids[0]].link;
        if link == Link::Part {
            // 其中 blocks are checked over all columns at once (`parts`).
            continue;
        }
        let names: Vec<&str> = kids.iter().map(|&k| g.label(k)).collect();
        let operands = std::iter::once(r)
            .chain(kids.iter().copied())
            .filter_map(|k| g.amount_operand(k, col))
            .collect::<Vec<_>>();
        let severity = if link == Link::Marked {
            Severity::Error
        } else {
            Severity::Warning
        };
        let check = "table.hierarchy";
        rec.compare(check, stated, total, |c| {
            finding(
                check,
                severity,
                stated,
                c,
                g.unit(col),
                format!(
                    "{}: 「{}」 {} ≠ {} = {} in column 「{}」{}",
                    g.table_name(),
                    g.label(r),
                    shown(g, r, col, stated, dash),
                    names.join(" + "),
                    show(total),
                    g.column_title(col),
                    if link == Link::Inferred {
                        " (rows read as its sub-items from their position)"
                    } else {
                        ""
                    }
                ),
                g.location(r, col),
                operands,
            )
        });
    }
}

fn totals(g: &Grid, col: usize, rec: &mut Recorder) {
    let mut start = 0;
    let mut prev_total: Option<usize> = None;
    for (t, info) in g.rows.iter().enumerate() {
        if info.kind != RowKind::Total {
            continue;
        }
        let span: Vec<usize> = (start..t)
            .filter(|&r| g.rows[r].kind == RowKind::Item)
            .collect();
        start = t + 1;
        let (stated, dash) = match g.num(t, col) {
            Some(n) => (n, false),
            None => match g.dash_zero(t, col) {
                Some(z) => (z, true),
                None => {
                    prev_total = Some(t);
                    continue;
                }
            },
        };
        // The rows since the last total are that total's 其中 parts (a total
        // heading its breakdown, "本年收入合计 / 其中：财政拨款收入 / 事业收入",
        // then "本年支出合计"): they are not this total's items.
        let parts_of_prev =
            prev_total.is_some() && span.first().is_some_and(|&r| opens_parts(g, r));
        if (span.is_empty() && prev_total.is_none()) || parts_of_prev {
            // A total heading its rows (合计 first, its items below it).
            total_first(g, t, col, (stated, dash), rec);
            prev_total = Some(t);
            continue;
        }
        let top: Vec<usize> = span
            .iter()
            .copied()
            .filter(|&r| g.rows[r].parent.is_none())
            .collect();
        let marked: Vec<usize> = top
            .iter()
            .copied()
            .filter(|&r| g.rows[r].depth.is_some())
            .collect();
        let leaves: Vec<usize> = span
            .iter()
            .copied()
            .filter(|&r| {
                g.children(r).is_empty() && !matches!(g.rows[r].link, Link::Part | Link::PartMaybe)
            })
            .collect();
        // Rows after a 其中 part that may be siblings of the whole rather than
        // further parts: the total may hold them (all, or those from some row on).
        let maybes: Vec<usize> = span
            .iter()
            .copied()
            .filter(|&r| may_be_sibling(g, r))
            .collect();
        let mut candidates: Vec<(&str, Vec<usize>)> = vec![("top", top.clone())];
        if !marked.is_empty() && marked.len() < top.len() {
            candidates.push(("marked", marked.clone()));
        }
        // Each segment (rows between separators) on its own.
        let mut segs: Vec<usize> = top.iter().map(|&r| g.rows[r].segment).collect();
        segs.dedup();
        for s in &segs {
            let rows: Vec<usize> = top
                .iter()
                .copied()
                .filter(|&r| g.rows[r].segment == *s)
                .collect();
            if rows.len() < top.len() {
                candidates.push(("segment", rows));
            }
        }
        // Unmarked rows whose marked rows below break them down ("年初结转和结余"
        // followed by "一、一般公共预算财政拨款 … 三、…" in a 收支总表).
        let unmarked: Vec<usize> = top
            .iter()
            .copied()
            .filter(|&r| g.rows[r].depth.is_none())
            .collect();
        let broken_down = !unmarked.is_empty() && !marked.is_empty();
        if broken_down {
            candidates.push(("unmarked", unmarked.clone()));
        }
        // The leaves, when the top-level rows are not all marked: where
        // codes or markers say which rows are the top level, a total that
        // fits the leaves but not the top level is as wrong as one printed
        // above its rows (where only the top level is read).
        if marked.len() < top.len() {
            candidates.push(("leaves", leaves));
        }
        // A staff table's quota (编制数, 核定编制) is no headcount: the total
        // of people may add up only the people there are (实有在职 + 离退休).
        let quota = |r: usize| is_quota(g.label(r));
        if top.iter().any(|&r| quota(r)) && !top.iter().all(|&r| quota(r)) {
            candidates.push((
                "headcount",
                top.iter().copied().filter(|&r| !quota(r)).collect(),
            ));
        }
        for from in 0..maybes.len() {
            let mut rows: Vec<usize> = top
                .iter()
                .copied()
                .chain(maybes[from..].iter().copied())
                .collect();
            rows.sort_unstable();
            candidates.push(("siblings", rows));
        }
        // A grand total after a subtotal: the subtotal plus what follows it
        // (all of it, or only the unmarked rows when marked ones break them down).
        let prev_value = prev_total.and_then(|p| g.num(p, col));
        let plus_prev =
            |rows: &[usize]| prev_value.map(|pv| sum_rows(g, rows, col).map_or(pv, |s| pv.add(s)));
        let with_prev = plus_prev(&top);
        let with_prev_unmarked = if broken_down {
            plus_prev(&unmarked)
        } else {
            None
        };
        let first_total = prev_total.is_none();
        let prev = prev_total;
        prev_total = Some(t);
        // A total of totals ("资产总计" after "流动资产合计" and "非流动资产合计"):
        // the totals since the last grand total, and the items between them.
        let earlier: Vec<usize> = (0..t)
            .rev()
            .take_while(|&r| !(g.rows[r].kind == RowKind::Total && g.label(r).ends_with("总计")))
            .filter(|&r| g.rows[r].kind == RowKind::Total)
            .collect();
        if earlier.len() >= 2 {
            candidates.push(("subtotals", earlier));
        }
        let sums: Vec<(Num, &Vec<usize>)> = candidates
            .iter()
            .filter_map(|(_, rows)| sum_rows(g, rows, col).map(|s| (s, rows)))
            .collect();
        if sums.is_empty() && with_prev.is_none() {
            continue;
        }
        let fits = sums.iter().any(|(s, _)| stated.consistent(*s))
            || with_prev.is_some_and(|s| stated.consistent(s))
            || with_prev_unmarked.is_some_and(|s| stated.consistent(s));
        // Rows that nest by their amounts (read only when nothing else fits).
        let by_sums = if fits {
            Vec::new()
        } else {
            nested_by_sums(g, &top, col)
        };
        let fits = fits || any_fits(g, &by_sums, col, stated);
        if fits {
            rec.pass("table.total");
            continue;
        }
        // Report the most natural reading: marked top-level rows, else
        // top-level rows, else the subtotal above and what follows it (a
        // reading from position alone).
        // Of the readings that differ only in where a 其中 block ends, the
        // closest to the stated total.
        let siblings = candidates
            .iter()
            .filter(|(name, _)| *name == "siblings")
            .filter_map(|(_, rows)| sum_rows(g, rows, col).map(|s| (s, rows)))
            .min_by(|a, b| {
                (a.0.value - stated.value)
                    .abs()
                    .total_cmp(&(b.0.value - stated.value).abs())
            });
        // Rows that nest by their amounts: the top level of that reading
        // (a reading from the amounts alone).
        let natural = match by_sums.first() {
            Some(rows) => sum_rows(g, rows, col).map(|s| (s, rows)),
            None => sum_rows(g, &marked, col)
                .map(|s| (s, &marked))
                .or_else(|| sum_rows(g, &top, col).map(|s| (s, &top))),
        };
        let natural = match (natural, siblings) {
            (Some(n), Some(sb))
                if (sb.0.value - stated.value).abs() < (n.0.value - stated.value).abs() =>
            {
                Some(sb)
            }
            (n, sb) => n.or(sb),
        };
        // The subtotal above and what follows it, when that is the closer
        // reading (总计 = 本年支出合计 + 年末结转和结余 rather than the carry-over
        // alone): shown so, its severity that of the rows' own reading.
        let gap = |n: Num| (n.value - stated.value).abs();
        let prev_closer = |s: Num| by_sums.is_empty() && with_prev.is_some_and(|p| gap(p) < gap(s));
        let (computed, rows, from_position) = if let Some((s, rows)) = natural {
            match (prev, with_prev) {
                (Some(p), Some(w)) if prev_closer(s) => (
                    w,
                    std::iter::once(p).chain(top.iter().copied()).collect(),
                    false,
                ),
                _ => (s, rows.clone(), false),
            }
        } else if let (Some(p), Some(s)) = (prev, with_prev) {
            (
                s,
                std::iter::once(p).chain(top.iter().copied()).collect(),
                true,
            )
        } else {
            continue;
        };
        let segments_with_numbers = {
            let mut s: Vec<usize> = top
                .iter()
                .filter(|&&r| g.num(r, col).is_some())
                .map(|&r| g.rows[r].segment)
                .collect();
            s.dedup();
            s.len()
        };
        // A fragment (a page of a table not joined to the page before it)
        // starts its ladder mid-way ("十九、…" with no "一、"): the items the
        // total also covers are elsewhere, so the sum cannot be asserted.
        let fragment = span.first().is_some_and(|&r| starts_mid_ladder(g, r))
            // A total over a single visible item that does not match it: the
            // other items are almost surely on a page not joined to this one —
            // unless the items are a whole ladder printed from its first
            // number, those with nothing to report left empty ("一、一般公共
            // 预算财政拨款 9746.50", "二、…", "三、…", then 本年收入合计).
            || (first_total
                && span.iter().filter(|&&r| g.num(r, col).is_some()).count() < 2
                && !whole_ladder(g, &top));
        let severity =
            if segments_with_numbers <= 1 && !fragment && !from_position && by_sums.is_empty() {
                Severity::Error
            } else {
                Severity::Warning
            };
        let names: Vec<&str> = rows.iter().map(|&r| g.label(r)).collect();
        let operands = std::iter::once(t)
            .chain(rows.iter().copied())
            .filter_map(|r| g.amount_operand(r, col))
            .collect::<Vec<_>>();
        if operands.len() < 2 {
            continue;
        }
        let c = num::round(computed.value, computed.decimals);
        rec.fail(finding(
            "table.total",
            severity,
            stated,
            c,
            g.unit(col),
            format!(
                "{}: 「{}」 {} ≠ {} = {} in column 「{}」{}",
                g.table_name(),
                g.label(t),
                shown(g, t, col, stated, dash),
                names.join(" + "),
                show(computed),
                g.column_title(col),
                if !by_sums.is_empty() {
                    NESTED_BY_SUMS
                } else {
                    ""
                }
            ),
            g.location(t, col),
            operands,
        ));
    }
}

/// A total printed above its items (合计 as the first row of a table or of a
/// block): the top-level rows below it, up to the next total or separator.
/// Rows after a 其中 part that may be siblings are tried both ways, as under
/// a total printed last: a 合计 that fits neither reading is wrong whichever
/// the print meant, an `error` wherever the row stands. (A 合计 over rows
/// nested in their own columns, over rows that nest by their amounts alone,
/// or over one visible item is still a `warning`.)
fn total_first(g: &Grid, t: usize, col: usize, (stated, dash): (Num, bool), rec: &mut Recorder) {
    // Its rows: the items below it, to a blank row, a total, or a row of its
    // own rank or above when it has one ("二、经费支出合计" ends at "三、…");
    // another unit's rows are passed over.
    let own = g.rows[t].depth;
    let below: Vec<usize> = (t + 1..g.rows.len())
        .filter(|&r| !g.is_hidden(r))
        .take_while(|&r| {
            g.rows[r].kind == RowKind::Item
                && own.is_none_or(|o| g.rows[r].depth.is_none_or(|d| d > o))
        })
        .collect();
    if below.first().is_some_and(|&r| opens_parts(g, r)) {
        parts_under_total(g, t, col, stated, &below, rec);
        return;
    }
    let top: Vec<usize> = below
        .iter()
        .copied()
        .filter(|&r| g.rows[r].parent.is_none())
        .collect();
    let maybes: Vec<usize> = below
        .iter()
        .copied()
        .filter(|&r| may_be_sibling(g, r))
        .collect();
    // One item under the total: a standard table in one piece (机关运行经费
    // 合计 over its one class, 302 商品和服务支出) is certain; elsewhere the
    // other items may be on a page that was not joined — unless they are a
    // whole ladder printed from 一、, the empty ones zero (`whole_ladder`).
    let single = match top.iter().filter(|&&r| g.num(r, col).is_some()).count() {
        0 => return,
        1 => true,
        _ => false,
    };
    let Some(computed) = sum_rows(g, &top, col) else {
        return;
    };
    let mut readings = vec![computed];
    // The readings with the rows after a 其中 part (all, or those from some
    // row on) among the items.
    let mut siblings: Vec<(Num, Vec<usize>)> = Vec::new();
    for from in 0..maybes.len() {
        let rows: Vec<usize> = top.iter().chain(&maybes[from..]).copied().collect();
        if let Some(s) = sum_rows(g, &rows, col) {
            readings.push(s);
            siblings.push((s, rows));
        }
    }
    // Rows marked as subtotals in a column of their own ("一般公共预算资金 | 小计").
    let subtotals: Vec<usize> = below
        .iter()
        .copied()
        .filter(|&r| {
            g.table.rows[r]
                .iter()
                .any(|x| super::grid::is_total_label(x.text.trim()))
        })
        .collect();
    readings.extend(sum_rows(g, &subtotals, col));
    if readings.iter().any(|s| stated.consistent(*s)) {
        rec.pass("table.total");
        return;
    }
    // Rows that nest by their amounts (read only when nothing else fits).
    let by_sums = nested_by_sums(g, &top, col);
    if any_fits(g, &by_sums, col, stated) {
        rec.pass("table.total");
        return;
    }
    // A list nested in its own columns ("一般公共预算资金 | 小计", then its
    // items under an empty first cell) is no flat list of the total's items.
    let nested = below.iter().any(|&r| {
        let row = &g.table.rows[r];
        let label_here = g
            .label_col
            .and_then(|c| row.get(c))
            .is_some_and(|x| !x.text.trim().is_empty());
        !label_here
            || row
                .iter()
                .any(|x| super::grid::is_total_label(x.text.trim()))
    });
    let whole = !single
        || whole_ladder(g, &top)
        || (g.table.parts <= 1 && super::derived::template_total(g));
    let severity = if !nested && whole && by_sums.is_empty() {
        Severity::Error
    } else {
        Severity::Warning
    };
    // Rows that nest by their amounts: reported as that reading; else, of
    // the readings that differ only in where a 其中 block ends, the closest
    // to the stated total.
    let gap = |n: &Num| (n.value - stated.value).abs();
    let (top, computed) = match by_sums.first() {
        Some(rows) => (rows.clone(), sum_rows(g, rows, col).unwrap_or(computed)),
        None => siblings
            .into_iter()
            .filter(|(s, _)| gap(s) < gap(&computed))
            .min_by(|a, b| gap(&a.0).total_cmp(&gap(&b.0)))
            .map_or((top, computed), |(s, rows)| (rows, s)),
    };
    let names: Vec<&str> = top.iter().map(|&r| g.label(r)).collect();
    let operands = std::iter::once(t)
        .chain(top.iter().copied())
        .filter_map(|r| g.amount_operand(r, col))
        .collect::<Vec<_>>();
    rec.fail(finding(
        "table.total",
        severity,
        stated,
        num::round(computed.value, computed.decimals),
        g.unit(col),
        format!(
            "{}: 「{}」 {} ≠ {} = {} in column 「{}」 (the total heads its rows){}",
            g.table_name(),
            g.label(t),
            shown(g, t, col, stated, dash),
            names.join(" + "),
            show(computed),
            g.column_title(col),
            if nested {
                "; its rows nest in their own columns, read here from position"
            } else if !by_sums.is_empty() {
                NESTED_BY_SUMS
            } else if maybes.is_empty() {
                ""
            } else {
                "; the rows after a 其中 part fit neither as its parts nor as items"
            }
        ),
        g.location(t, col),
        operands,
    ));
}

/// A row of authorized posts rather than people ("编制数", "核定编制",
/// "编制人数"): a quota, not a headcount to add to 实有 or 离退休.
fn is_quota(label: &str) -> bool {
    let l = label.trim();
    l.starts_with("编制") || l.contains("核定编制") || l.ends_with("编制数")
}

/// Does row `r` open a 其中 list ("其中：财政拨款收入")?
fn opens_parts(g: &Grid, r: usize) -> bool {
    g.label(r).starts_with("其中")
}

/// A total whose rows below open with 其中 ("本年收入合计", "其中：财政拨款
/// 收入", "事业收入"): they are its breakdown, which may be partial, so the
/// total is at least its parts. Only the row marked 其中 is certainly a part
/// (the plain rows after it may be further parts or the next items), so the
/// error is a total smaller than that row alone, or than every reading when
/// the table confirms the breakdown complete: in two other columns or more
/// all the rows add up to the total exactly.
fn parts_under_total(
    g: &Grid,
    t: usize,
    col: usize,
    stated: Num,
    below: &[usize],
    rec: &mut Recorder,
) {
    let complete = |c: usize| matches!((g.num(t, c), sum_rows(g, below, c)), (Some(w), Some(s)) if w.consistent(s) && !w.is_zero());
    let others: Vec<usize> = g
        .value_cols
        .iter()
        .copied()
        .filter(|&c| c != col && g.num(t, c).is_some())
        .collect();
    let confirmed = others.iter().filter(|&&c| complete(c)).count() >= 2
        && others
            .iter()
            .all(|&c| complete(c) || sum_rows(g, below, c).is_none());
    let (rows, equality): (&[usize], bool) = if confirmed {
        (below, true)
    } else {
        (&below[..1], false)
    };
    let Some(sum) = sum_rows(g, rows, col) else {
        return;
    };
    // A column of changes: a part may rise by more than the whole when
    // another part falls.
    let negative = super::grid::is_change_title(&g.column_title(col))
        || stated.value < 0.0
        || below
            .iter()
            .any(|&k| g.num(k, col).is_some_and(|n| n.value < 0.0));
    let ok = if equality {
        stated.consistent(sum)
    } else {
        negative || stated.hi + 1e-9 >= sum.lo
    };
    if ok {
        rec.pass("table.parts");
        return;
    }
    parts_fail(g, t, col, stated, (rows, sum), equality, rec);
}

/// Are `rows` (a total's top-level items) a ladder printed from its first
/// number: two rows or more, each marked (一、 二、 …), the first 一、 / 1.?
/// Then every item is on the page, the empty ones zero.
fn whole_ladder(g: &Grid, rows: &[usize]) -> bool {
    let marked = |r: usize| {
        g.label_col
            .and_then(|c| g.table.rows.get(r).and_then(|row| row.get(c)))
            .is_some_and(|x| headings::mark(x.text.trim()).is_some())
    };
    rows.len() >= 2 && rows.iter().all(|&r| marked(r)) && !starts_mid_ladder(g, rows[0])
}

/// Does the row's label carry a ladder number that is not the first of its
/// ladder (十九、 rather than 一、, 3. rather than 1.)?
fn starts_mid_ladder(g: &Grid, r: usize) -> bool {
    let Some(text) = g
        .label_col
        .and_then(|c| g.table.rows.get(r).and_then(|row| row.get(c)))
        .map(|x| x.text.trim())
    else {
        return false;
    };
    let Some(m) = headings::mark(text) else {
        return false;
    };
    let n: String = m
        .number
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '（' | '）' | '第'))
        .collect();
    !matches!(n.as_str(), "一" | "1" | "①" | "壹") && !n.starts_with('一')
}

#[cfg(test)]
mod fragment_tests {
    use super::*;
    use crate::model::{Cell, Table};

    #[test]
    fn a_total_after_a_mid_ladder_start_is_not_an_error() {
        let cell = |t: &str| Cell {
            text: t.to_string(),
            figure: crate::figures::parse_cell(t, Some("万元")),
            ..Cell::default()
        };
        let rows = |rs: &[[&str; 2]]| -> Vec<Vec<Cell>> {
            rs.iter()
                .map(|r| r.iter().map(|t| cell(t)).collect())
                .collect()
        };
        let mut t = Table {
            id: 0,
            caption: None,
            unit: Some("万元".into()),
            header: Vec::new(),
            rows: rows(&[
                ["十九、住房保障支出", "29.42"],
                ["二十、其他支出", "1.00"],
                ["本年支出合计", "307.82"],
            ]),
            columns: vec!["项目".into(), "金额".into()],
            section: None,
            location: Default::default(),
            parts: 1,
            kind: None,
            layout: None,
            part_starts: Vec::new(),
        };
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        assert_eq!(rec.findings.len(), 1);
        assert_eq!(rec.findings[0].severity, Severity::Warning);
        // The same rows from 一、: an error.
        t.rows = rows(&[
            ["一、住房保障支出", "29.42"],
            ["二、其他支出", "1.00"],
            ["本年支出合计", "307.82"],
        ]);
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        assert_eq!(rec.findings.len(), 1);
        assert_eq!(rec.findings[0].severity, Severity::Error);
        // A total over one visible item it does not match: a fragment.
        t.rows = rows(&[["年初结转和结余", "49.14"], ["总计", "2995.39"]]);
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        assert_eq!(rec.findings.len(), 1);
        assert_eq!(rec.findings[0].severity, Severity::Warning);
        // One amount among a ladder printed whole from 一、 (the 财政拨款收支
        // 总表's income, the other funds empty): no item is elsewhere.
        t.rows = rows(&[
            ["一、一般公共预算财政拨款", "9746.50"],
            ["二、政府性基金预算财政拨款", ""],
            ["三、国有资本经营预算财政拨款", ""],
            ["本年收入合计", "9756.50"],
        ]);
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        assert_eq!(rec.findings.len(), 1);
        assert_eq!(rec.findings[0].severity, Severity::Error);
        // The same from 二、: a fragment still.
        t.rows[0][0].text = "二、一般公共预算财政拨款".into();
        t.rows[1][0].text = "三、政府性基金预算财政拨款".into();
        t.rows[2][0].text = "四、国有资本经营预算财政拨款".into();
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        assert_eq!(rec.findings.len(), 1);
        assert_eq!(rec.findings[0].severity, Severity::Warning);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_table;

    /// A function table printed without codes or markers, its total first
    /// or last: 类 over 款 over 项, a 款 with one 项, a row that adds up to
    /// the next two by chance (专用材料费 = 工会经费 + 福利费) and two items
    /// of the same amount (维修费, 会议费).
    fn unmarked(total: &str, first: bool) -> Recorder {
        let mut rows: Vec<&[&str]> = vec![
            &["一般公共服务支出", "30.00"],
            &["人大事务", "30.00"],
            &["行政运行", "10.00"],
            &["一般行政管理事务", "20.00"],
            &["住房保障支出", "8.00"],
            &["住房改革支出", "8.00"],
            &["住房公积金", "8.00"],
            &["商品和服务支出", "210.00"],
            &["专用材料费", "80.00"],
            &["工会经费", "60.00"],
            &["福利费", "20.00"],
            &["维修（护）费", "25.00"],
            &["会议费", "25.00"],
        ];
        let total: &[&str] = &["合计", total];
        if first {
            rows.insert(0, total);
        } else {
            rows.push(total);
        }
        let t = test_table("万元", &["项目", "金额"], &rows);
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        rec
    }

    #[test]
    fn rows_without_codes_nest_by_their_amounts() {
        for first in [true, false] {
            let rec = unmarked("248.00", first);
            assert!(rec.findings.is_empty(), "{first}: {:?}", rec.findings);
            assert_eq!(rec.summary.by_check["table.total"].passed, 1);
            // A total that fits no reading: read over the nesting the
            // amounts show, and a warning (nothing printed says it).
            let rec = unmarked("250.00", first);
            assert_eq!(rec.findings.len(), 1, "{first}: {:?}", rec.findings);
            let f = &rec.findings[0];
            assert_eq!((f.stated, f.computed), (250.0, 248.0), "{first}");
            assert_eq!(f.severity, Severity::Warning, "{first}");
            assert!(f.message.contains("nest by their amounts"), "{}", f.message);
        }
    }

    #[test]
    fn a_total_under_coded_rows_adds_up_their_top_level() {
        // 卫生健康支出 printed 9.00 over its one 款 of 8.00: the 合计 fits
        // the 款 and 项 rows (the leaves) but not the 类 rows, as it would
        // not printed first.
        let rows: &[&[&str]] = &[
            &["201", "一般公共服务支出", "30.00"],
            &["20101", "人大事务", "30.00"],
            &["2010101", "行政运行", "10.00"],
            &["2010102", "一般行政管理事务", "20.00"],
            &["210", "卫生健康支出", "9.00"],
            &["21011", "行政事业单位医疗", "8.00"],
            &["", "合计", "38.00"],
        ];
        let t = test_table("万元", &["科目编码", "科目名称", "金额"], rows);
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        let errors: Vec<(&str, f64, f64)> = rec
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| (f.check.as_str(), f.stated, f.computed))
            .collect();
        assert_eq!(
            errors,
            [("table.hierarchy", 9.0, 8.0), ("table.total", 38.0, 39.0)]
        );
    }

    /// A 三公 table by rows, its 合计 printed first or last, the car line
    /// broken down by a 其中 whose second part is unmarked (a part, or an
    /// item beside the car line: both readings are tried). A 合计 that fits
    /// neither is an error wherever it stands.
    #[test]
    fn a_total_first_over_an_open_qizhong_list_is_as_certain_as_one_last() {
        let items: &[&[&str]] = &[
            &["因公出国（境）费", "0.00", "0.00"],
            &["公务接待费", "2.60", "2.41"],
            &["公务用车购置及运行费", "11.60", "9.72"],
            &["其中：公务用车购置费", "0.00", "0.00"],
            &["公务用车运行费", "11.60", "9.72"],
        ];
        for first in [true, false] {
            for (total, errors) in [("12.13", 0), ("11.86", 1)] {
                let mut rows: Vec<&[&str]> = items.to_vec();
                let total_row: &[&str] = &["合计", "14.20", total];
                if first {
                    rows.insert(0, total_row);
                } else {
                    rows.push(total_row);
                }
                let t = test_table("万元", &["项目", "2023年决算数", "2024年决算数"], &rows);
                let mut rec = Recorder::default();
                check(&Grid::new(&t), &mut rec);
                let found: Vec<(&str, Severity, f64, f64)> = rec
                    .findings
                    .iter()
                    .map(|f| (f.check.as_str(), f.severity, f.stated, f.computed))
                    .collect();
                let want: Vec<(&str, Severity, f64, f64)> = if errors == 0 {
                    vec![]
                } else {
                    vec![("table.total", Severity::Error, 11.86, 12.13)]
                };
                assert_eq!(found, want, "first {first}, total {total}");
            }
        }
    }

    #[test]
    fn a_marked_total_first_ends_at_a_row_of_its_rank() {
        // "二、经费支出合计" heads 1、 and 2、, not "三、资产" after them.
        for (total, errors) in [("1,464.97", 0), ("1,465.97", 1)] {
            let rows: &[&[&str]] = &[
                &["二、经费支出合计", total],
                &["1、三公经费", "38.62"],
                &["2、项目支出", "1,426.35"],
                &["三、资产", "500.00"],
                &["（一）车辆", "500.00"],
            ];
            let t = test_table("万元", &["项目", "金额"], rows);
            let mut rec = Recorder::default();
            check(&Grid::new(&t), &mut rec);
            let found: Vec<_> = rec
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| (f.check.as_str(), f.stated, f.computed))
                .collect();
            assert_eq!(found.len(), errors, "{total}: {found:?}");
        }
    }

    #[test]
    fn a_grand_total_over_a_subtotal_and_a_broken_down_carry_over() {
        // 财政拨款收入支出决算总表: 总计 = 本年收入合计 + 年初结转和结余, whose
        // 一、二、三 rows break the carry-over down.
        let rows: &[&[&str]] = &[
            &["", "一般公共预算财政拨款", "2,940.05"],
            &["", "本年收入合计", "2,940.05"],
            &["", "年初财政拨款结转和结余", "21.63"],
            &["", "一、一般公共预算财政拨款", "21.63"],
            &["", "二、政府性基金预算财政拨款", ""],
            &["", "总计", "2,961.68"],
        ];
        let rec = run(rows);
        assert!(
            rec.findings.iter().all(|f| f.severity != Severity::Error),
            "{:?}",
            rec.findings
        );
        // The same table with the grand total off by one is still an error.
        let mut bad = rows.to_vec();
        bad[5] = &["", "总计", "2,962.68"];
        let rec = run(&bad);
        assert!(
            rec.findings
                .iter()
                .any(|f| f.check == "table.total" && f.severity == Severity::Error),
            "{:?}",
            rec.findings
        );
    }

    #[test]
    fn a_total_heading_its_rows() {
        let t = test_table(
            "人",
            &["人员情况", "编制数（人）", "实有人数（人）"],
            &[
                &["合计", "87", "81"],
                &["行政编制", "52", "50"],
                &["事业编制", "34", "31"],
            ],
        );
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        assert_eq!(rec.findings.len(), 1, "{:?}", rec.findings);
        let f = &rec.findings[0];
        assert_eq!(
            (f.severity, f.stated, f.computed),
            (Severity::Error, 87.0, 86.0)
        );
        assert_eq!(f.operands.len(), 3);
        // Rows nested in their own columns, summed by their 小计 rows: no finding.
        let t = test_table(
            "万元",
            &["项目名称", "", "金额"],
            &[
                &["收入总计", "", "100.00"],
                &["一般公共预算资金", "小计", "100.00"],
                &["", "公共财政拨款资金", "100.00"],
                &["政府性基金", "小计", ""],
            ],
        );
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        assert!(
            rec.findings.iter().all(|f| f.severity != Severity::Error),
            "{:?}",
            rec.findings
        );
    }

    /// Totals heading 其中 lists ("本年收入合计 / 其中：财政拨款收入 / 事业收
    /// 入", then "本年支出合计 / 其中：基本支出 / 项目支出"): a list may be
    /// partial, so a total above its parts is no finding, and the second
    /// total is not the sum of the first one's parts; a part over its total
    /// is, and so is a complete list (confirmed in two other columns) that
    /// does not add up in a third.
    #[test]
    fn totals_heading_their_qizhong_lists() {
        let cols = &["项目", "本年数", "上年数", "增减额", "预算数"];
        let rows = |income: &'static str, basic: &'static str| -> Vec<Vec<&'static str>> {
            vec![
                vec!["本年收入合计", "3,204.20", "3,017.80", "186.40", "3,100.00"],
                vec![
                    "其中：财政拨款收入",
                    income,
                    "2,633.72",
                    "212.60",
                    "2,800.00",
                ],
                vec!["事业收入", "312.60", "338.80", "-26.20", "250.00"],
                vec!["本年支出合计", "2,904.20", "2,812.00", "92.20", "3,000.00"],
                vec!["其中：基本支出", basic, "1,796.40", "65.90", "1,900.00"],
                vec!["项目支出", "1,041.90", "1,015.60", "26.30", "1,100.00"],
            ]
        };
        let run = |rows: Vec<Vec<&'static str>>| {
            let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
            let t = test_table("万元", cols, &rows);
            let mut rec = Recorder::default();
            check(&Grid::new(&t), &mut rec);
            rec.findings
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| (f.check.clone(), f.stated, f.computed))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(rows("2,846.32", "1,862.30")), vec![]);
        // A part larger than its total.
        assert_eq!(
            run(rows("3,246.32", "1,862.30")),
            vec![("table.parts".to_string(), 3204.2, 3246.32)]
        );
        // The complete list of 支出 (it adds up in 上年数, 增减额 and 预算数).
        assert_eq!(
            run(rows("2,846.32", "1,826.30")),
            vec![("table.parts".to_string(), 2904.2, 2868.2)]
        );
    }

    /// 编制数 is a quota: 人员合计 adds up the people there are.
    #[test]
    fn a_headcount_total_leaves_the_quota_out() {
        let staff = |total: &'static str| {
            let t = test_table(
                "人",
                &["项目", "2024年"],
                &[
                    &["编制数", "86"],
                    &["其中：行政编制", "52"],
                    &["事业编制", "34"],
                    &["实有在职人数", "83"],
                    &["离退休人员", "48"],
                    &["人员合计", total],
                ],
            );
            let mut rec = Recorder::default();
            check(&Grid::new(&t), &mut rec);
            rec.findings
                .iter()
                .filter(|f| f.check == "table.total")
                .map(|f| (f.severity, f.stated))
                .collect::<Vec<_>>()
        };
        assert_eq!(staff("131"), vec![]);
        // 141 is neither 83 + 48 nor 86 + 83 + 48.
        assert_eq!(staff("141"), vec![(Severity::Error, 141.0)]);
        assert!(is_quota("核定编制数") && is_quota("编制人数") && !is_quota("实有在职人数"));
    }

    #[test]
    fn a_total_heading_a_single_class() {
        let audit = |caption: &str, total: &str| {
            let rows: &[&[&str]] = &[
                &["合计", "", total],
                &["302", "商品和服务支出", "1,642.08"],
                &["30201", "办公费", "570.00"],
                &["30299", "其他商品和服务支出", "1,072.08"],
            ];
            let mut t = test_table("万元", &["科目编码", "科目名称", "机关运行经费支出"], rows);
            t.caption = Some(caption.into());
            t.kind = crate::structure::kind::table_kind(caption);
            let mut rec = Recorder::default();
            check(&Grid::new(&t), &mut rec);
            rec
        };
        let table = "一般公共预算机关运行经费支出预算表";
        let ok = audit(table, "1,642.08");
        assert!(ok.findings.is_empty(), "{:?}", ok.findings);
        let bad = audit(table, "1,652.08");
        assert_eq!(bad.findings.len(), 1, "{:?}", bad.findings);
        assert_eq!(bad.findings[0].severity, Severity::Error);
        assert_eq!(bad.findings[0].computed, 1_642.08);
        // A table of no known kind: its other classes may be on a page that
        // was not joined to this one.
        let other = audit("表 3", "1,652.08");
        assert_eq!(other.findings.len(), 1);
        assert_eq!(other.findings[0].severity, Severity::Warning);
    }

    #[test]
    fn a_subtotal_heading_its_items_from_a_column_of_its_own() {
        // Jiangsu's 收入预算总表: category | 小计 | amount, items under an
        // empty first cell; a 其中 row is not added.
        let rows = |public: &'static str| -> Vec<Vec<&'static str>> {
            vec![
                vec!["收入总计", "", "18,006.68"],
                vec!["一般公共预算资金", "小计", "17,981.68"],
                vec!["", "公共财政拨款(补助)资金", public],
                vec!["", "专项收入", ""],
                vec!["财政专户管理资金", "小计", "10.00"],
                vec!["", "专户管理教育收费", "5.00"],
                vec!["", "其他非税收入", "5.00"],
                vec!["其他资金", "小计", "15.00"],
                vec!["", "其他收入", "15.00"],
                vec!["", "其中：某项", "3.00"],
            ]
        };
        let audit = |rows: Vec<Vec<&str>>| {
            let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
            let t = test_table("万元", &["项目名称", "", "金额"], &rows);
            let mut rec = Recorder::default();
            check(&Grid::new(&t), &mut rec);
            rec
        };
        let ok = audit(rows("17,981.68"));
        assert!(
            ok.findings.iter().all(|f| f.severity != Severity::Error),
            "{:?}",
            ok.findings
        );
        assert!(ok.summary.by_check["table.total"].passed >= 3);
        let bad = audit(rows("17,991.68"));
        let errors: Vec<_> = bad
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{:?}", bad.findings);
        assert_eq!(
            (errors[0].stated, errors[0].computed),
            (17_981.68, 17_991.68)
        );
        assert_eq!(errors[0].location.row, Some(1));
    }

    fn run(rows: &[&[&str]]) -> Recorder {
        let t = test_table("万元", &["序号", "项目", "金额"], rows);
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        rec
    }

    #[test]
    fn totals_hierarchy_and_parts() {
        let good: &[&[&str]] = &[
            &["一", "基本支出", "30.00"],
            &["1", "人员经费", "20.00"],
            &["2", "公用经费", "10.00"],
            &["", "其中：办公费", "4.00"],
            &["二", "项目支出", "5.00"],
            &["合计", "", "35.00"],
        ];
        let rec = run(good);
        assert!(rec.findings.is_empty(), "{:?}", rec.findings);
        assert_eq!(rec.summary.by_check["table.total"].passed, 1);
        assert_eq!(rec.summary.by_check["table.hierarchy"].passed, 1);
        assert_eq!(rec.summary.by_check["table.parts"].passed, 1);

        // The total one off.
        let mut rows = good.to_vec();
        rows[5] = &["合计", "", "36.00"];
        let rec = run(&rows);
        assert_eq!(rec.findings.len(), 1, "{:?}", rec.findings);
        let f = &rec.findings[0];
        assert_eq!(
            (f.check.as_str(), f.stated, f.computed),
            ("table.total", 36.0, 35.0)
        );
        assert_eq!(f.severity, Severity::Error);
        assert_eq!((f.location.row, f.location.column), (Some(5), Some(2)));

        // A child changed: the parent no longer holds its items.
        let mut rows = good.to_vec();
        rows[1] = &["1", "人员经费", "21.00"];
        let rec = run(&rows);
        let f = rec
            .findings
            .iter()
            .find(|f| f.check == "table.hierarchy")
            .expect("hierarchy finding");
        assert_eq!((f.stated, f.computed), (30.0, 31.0));
        assert!(f.message.contains("基本支出"));

        // A 其中 part larger than its parent.
        let mut rows = good.to_vec();
        rows[3] = &["", "其中：办公费", "14.00"];
        let rec = run(&rows);
        let f = rec
            .findings
            .iter()
            .find(|f| f.check == "table.parts")
            .expect("parts finding");
        assert_eq!((f.stated, f.computed), (10.0, 14.0));
    }

    #[test]
    fn a_dash_is_zero_in_a_row_that_holds_numbers() {
        let t = test_table(
            "万元",
            &["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            &[
                &["201", "一般公共服务支出", "30.00", "30.00", "-"],
                &["20101", "人大事务", "30.00", "30.00", "-"],
                &["205", "教育支出", "12.00", "-", "12.00"],
                &["20502", "普通教育", "12.00", "-", "12.00"],
                &["", "合计", "42.00", "30.00", "12.00"],
            ],
        );
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        assert!(rec.findings.is_empty(), "{:?}", rec.findings);

        // The 类 row's 项目支出 printed "-" over a 款 of 5.00.
        let mut t2 = t.clone();
        let fill = |t: &mut crate::model::Table, r: usize, c: usize, text: &str| {
            let fresh = test_table("万元", &["x"], &[&[text]]);
            t.rows[r][c] = fresh.rows[0][0].clone();
        };
        fill(&mut t2, 1, 4, "5.00");
        fill(&mut t2, 1, 2, "35.00");
        let mut rec = Recorder::default();
        check(&Grid::new(&t2), &mut rec);
        let f = rec
            .findings
            .iter()
            .find(|f| f.check == "table.hierarchy" && f.location.column == Some(4))
            .expect("the dash parent is flagged");
        assert_eq!((f.stated, f.computed), (0.0, 5.0));
        assert!(f.message.contains("「-」 (0)"), "{}", f.message);
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.operands[0].text, "-");

        // A dash total over items that are not zero.
        let mut t3 = t.clone();
        fill(&mut t3, 4, 4, "—");
        let mut rec = Recorder::default();
        check(&Grid::new(&t3), &mut rec);
        assert!(
            rec.findings.iter().any(|f| f.check == "table.total"
                && f.location.column == Some(4)
                && f.stated == 0.0),
            "{:?}",
            rec.findings
        );

        // A parent of 8.00 over items that are all "-" (0) in its column.
        let mut t4 = t.clone();
        fill(&mut t4, 0, 4, "8.00");
        fill(&mut t4, 0, 2, "38.00");
        let mut rec = Recorder::default();
        check(&Grid::new(&t4), &mut rec);
        let f = rec
            .findings
            .iter()
            .find(|f| f.check == "table.hierarchy" && f.location.column == Some(4))
            .expect("the parent over dashes is flagged");
        assert_eq!(
            (f.stated, f.computed, f.severity),
            (8.0, 0.0, Severity::Error)
        );
    }

    #[test]
    fn a_merged_code_header_over_names_and_amounts() {
        // Header rows read as TSV: "科目编码" merged over every column title.
        let t = test_table(
            "万元",
            &[
                "项目/科目编码/类",
                "项目/科目编码/款",
                "项目/科目名称/科目编码",
                "合计/科目名称/科目编码",
                "基本支出/科目名称/科目编码",
            ],
            &[
                &["201", "", "一般公共服务支出", "2,106.66", "1,513.52"],
                &["201", "06", "财政事务", "2,106.66", "1,503.52"],
            ],
        );
        let g = Grid::new(&t);
        assert_eq!(g.value_cols, vec![3, 4]);
        assert_eq!(g.label_col, Some(2));
        let mut rec = Recorder::default();
        check(&g, &mut rec);
        let f = rec
            .findings
            .iter()
            .find(|f| f.check == "table.hierarchy")
            .expect("the 类 row against its 款");
        assert_eq!((f.stated, f.computed), (1513.52, 1503.52));
        assert!(f.message.contains("「一般公共服务支出」"), "{}", f.message);
        assert!(f.message.contains("财政事务"), "{}", f.message);
    }

    #[test]
    fn a_slash_an_empty_cell_or_a_heading_row_of_dashes_is_not_zero() {
        for cell in ["/", ""] {
            let rec = run(&[
                &["一", "基本支出", cell],
                &["1", "人员经费", "20.00"],
                &["2", "公用经费", "10.00"],
            ]);
            assert!(rec.findings.is_empty(), "{cell:?}: {:?}", rec.findings);
        }
        // A heading row with dashes in every column is no amount.
        let t = test_table(
            "万元",
            &["项目", "预算数", "执行数"],
            &[
                &["一、专项业务费", "-", "-"],
                &["（一）培训", "20.00", "18.00"],
                &["（二）调研", "10.00", "9.00"],
            ],
        );
        let mut rec = Recorder::default();
        check(&Grid::new(&t), &mut rec);
        assert!(rec.findings.is_empty(), "{:?}", rec.findings);
    }
}
