//! Score sheets (评分表, 指标体系): label columns declare weights ("决策(12)",
//! "预算执行10", "A 部门决策 (15 分)"), leaf rows carry weights (权重/分值) and
//! scores (得分). Checks: each declared weight equals the sum of what is under
//! it; the total row equals the sum of weights and of scores; no score exceeds
//! its weight; the same label is not declared with different points.
//!
//! Rows whose label cell is empty belong to the group above — unless the next
//! group's label stands at the first row of a continuation part (a merged label
//! cell printed only on the next page): then the trailing groups may belong to
//! the next group, and the assignment that makes the declared sums work is
//! taken. A sum that only a guess could produce is reported as a warning; when
//! the split as printed does as well as any move, it is the reading taken.

use super::grid::{Grid, RowKind};
use super::num::{self, Num};
use super::{Recorder, finding, show};
use crate::model::{Operand, Severity};
use crate::structure::tables::ColumnRole;

/// Points declared in a label: "决策(12)" → 12, "预算执行10" → 10,
/// "A 部门决策 (15 分)" → 15, "（+5）" → +5 (a bonus). A cap such as
/// "（≤5分）" declares nothing.
pub fn declared_points(label: &str) -> Option<(Num, bool)> {
    let t = label.trim().trim_end_matches(['。', '：', ':']);
    if t.is_empty() || t.chars().count() > 40 {
        return None;
    }
    let chars: Vec<char> = t.chars().collect();
    let n = chars.len();
    // Parenthesised at the end.
    if matches!(chars[n - 1], ')' | '）') {
        let open = chars.iter().rposition(|&c| c == '(' || c == '（')?;
        let inner: String = chars[open + 1..n - 1]
            .iter()
            .filter(|c| !c.is_whitespace())
            .collect();
        // "（权重20分）", "（分值：20）", "(满分20分)", "（计20分）".
        let inner = ["权重", "分值", "满分", "总分", "计", "共"]
            .iter()
            .find_map(|w| inner.strip_prefix(w))
            .map_or(inner.as_str(), |rest| {
                rest.trim_start_matches(['：', ':', '为'])
            });
        let inner = inner.trim_end_matches('分');
        if inner.starts_with(['≤', '≥', '<', '>']) || inner.contains('≤') {
            return None;
        }
        let signed = inner.starts_with(['+', '-', '－']);
        let digits = inner.trim_start_matches(['+', '-', '－']);
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return None;
        }
        let v: f64 = digits.parse().ok()?;
        let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len() as u8);
        let v = if inner.starts_with(['-', '－']) {
            -v
        } else {
            v
        };
        return Some((points(v, decimals), signed));
    }
    // Bare digits right after a Chinese character: "预算执行10", "产出指标
    // 50分" (not a target: "满意度达90分").
    let chars: &[char] = match chars.strip_suffix(&['分']) {
        Some(_) if TARGET_WORDS.iter().any(|w| t.contains(w)) => return None,
        Some(rest) => {
            let end = rest.iter().rposition(|c| !c.is_whitespace())?;
            &rest[..=end]
        }
        None => &chars,
    };
    let n = chars.len();
    let digits: String = chars
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit() || **c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if digits.is_empty() || digits.len() > 4 || digits.len() == n {
        return None;
    }
    // (one space may stand between: "产出指标 50分")
    let mut b = n - digits.chars().count() - 1;
    if chars[b].is_whitespace() && b > 0 {
        b -= 1;
    }
    let before = chars[b];
    if !('\u{4e00}'..='\u{9fff}').contains(&before) || matches!(before, '第' | '年' | '月' | '号')
    {
        return None;
    }
    let v: f64 = digits.parse().ok()?;
    Some((
        points(v, digits.split_once('.').map_or(0, |(_, d)| d.len() as u8)),
        false,
    ))
}

/// Words that make "…90分" a target, not a weight.
const TARGET_WORDS: &[&str] = &[
    "达",
    "不低于",
    "不少于",
    "以上",
    "高于",
    "超过",
    "≥",
    ">",
    "低于",
    "不超过",
    "以下",
    "≤",
    "<",
];

/// Declared points: whole numbers are exact, fractions rounded as written.
fn points(v: f64, decimals: u8) -> Num {
    if decimals == 0 {
        Num::exact(v)
    } else {
        Num::written(v, decimals)
    }
}

/// The label without its points and spaces, for comparing declarations.
fn label_key(label: &str) -> String {
    let t: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    // "日常监管 25分" and "日常监管 30分" are one label.
    let t = match t.strip_suffix('分') {
        Some(r) if r.ends_with(|c: char| c.is_ascii_digit()) => r,
        _ => &t,
    };
    let t = t.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let t = match t.rfind(['(', '（']) {
        Some(i) if t.ends_with([')', '）']) => &t[..i],
        _ => t,
    };
    super::grid::strip_marker(t)
}

/// The first column holding numbers (values or percentages); label columns
/// stand left of it.
fn first_number_col(g: &Grid) -> usize {
    g.value_cols
        .iter()
        .chain(&g.percent_cols)
        .min()
        .copied()
        .unwrap_or(g.table.columns.len())
}

/// Columns that carry the sheet's hierarchy: label columns (left of the first
/// number column, short texts) with at least one declared weight — in the
/// label ("决策(12)") or in a weight column beside it holding a number on
/// exactly the rows where the label stands ("预算编制 | 20").
fn level_columns(g: &Grid) -> Vec<usize> {
    levels(g).into_iter().map(|(c, _)| c).collect()
}

/// Label columns of the hierarchy, each with its group-weight column if any:
/// the label columns left of the first number column, and — where each level
/// has its weight in a column of its own (一级指标 | 权重 | 二级指标 | 权重 |
/// 三级指标 | 分值) — a text column further right with a group-weight column
/// beside it.
fn levels(g: &Grid) -> Vec<(usize, Option<usize>)> {
    let first_num = first_number_col(g);
    let numbers = |c: usize| g.value_cols.contains(&c) || g.percent_cols.contains(&c);
    (0..g.table.columns.len())
        .filter(|&c| !matches!(g.roles.get(c), Some(ColumnRole::Index | ColumnRole::Code)))
        .filter(|&c| c < first_num || !numbers(c))
        .filter_map(|c| {
            let cells: Vec<&str> = g
                .table
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|x| x.text.trim())
                .filter(|t| !t.is_empty())
                .collect();
            let short = cells.iter().filter(|t| t.chars().count() <= 40).count();
            if cells.is_empty() || short * 10 < cells.len() * 9 {
                return None;
            }
            if c < first_num && cells.iter().any(|t| declared_points(t).is_some()) {
                return Some((c, None));
            }
            group_weight_column(g, c).map(|w| (c, Some(w)))
        })
        .collect()
}

/// A weight column for the groups of label column `c`: the number column
/// right after it, titled for points (权重, 分值, or 权重（%）: a group's share
/// of 100), holding a number (or a placeholder) on every row where a group
/// label stands and nothing on the rows under it — or, where the sheet prints
/// a merged label again in every row it spans, the same label and weight again.
fn group_weight_column(g: &Grid, c: usize) -> Option<usize> {
    let w = c + 1;
    let title = g.column_title(w);
    let points = crate::structure::tables::is_points_title(&title);
    let numbers = g.value_cols.contains(&w) || (points && g.percent_cols.contains(&w));
    if !numbers {
        return None;
    }
    if !points && !title.contains('分') {
        return None;
    }
    let text = |r: usize, col: usize| {
        g.table.rows[r]
            .get(col)
            .map(|x| x.text.split_whitespace().collect::<String>())
            .unwrap_or_default()
    };
    let (mut groups, mut under, mut repeated) = (0, 0, false);
    let mut above: Option<(String, String)> = None;
    for r in (0..g.rows.len()).filter(|&r| g.rows[r].kind == RowKind::Item) {
        let (label, weight) = (text(r, c), text(r, w));
        if label.is_empty() {
            // Under a group: no weight of its own.
            if !weight.is_empty() {
                return None;
            }
            under += 1;
        } else if above.as_ref().is_some_and(|(l, _)| *l == label) {
            // The label printed again in the next row (a merged cell filled
            // down): its weight again or nothing.
            if above
                .as_ref()
                .is_some_and(|(_, x)| !weight.is_empty() && *x != weight)
            {
                return None;
            }
            under += 1;
            repeated = true;
        } else {
            if weight.is_empty() {
                return None;
            }
            groups += 1;
            above = Some((label, weight));
        }
    }
    // A label printed again in the next row, or a label column right of the
    // first number column, is a group only where the items weigh themselves
    // in a points column further right: a column of each row's own weight
    // beside its 标准值 ("健全 | 2", "健全 | 2") heads nothing.
    let leaf_weights = g
        .value_cols
        .iter()
        .any(|&l| l > w && crate::structure::tables::is_points_title(&g.column_title(l)));
    if (repeated || c >= first_number_col(g)) && !leaf_weights {
        return None;
    }
    (groups >= 2 && under >= 1).then_some(w)
}

/// A group or row outside the sum of weights: 加分项, 扣分项, 一票否决 ….
fn is_bonus(label: &str) -> bool {
    let t: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let t = super::grid::strip_marker(&t);
    ["加分", "扣分项", "减分", "附加分", "否决", "扣分指标"]
        .iter()
        .any(|w| t.starts_with(w) || t.contains(&format!("{w}项")))
        || t.starts_with("扣分")
}

/// The most specific label of a leaf row: the first text after the group
/// columns (三级指标), else the row's label.
fn leaf_label<'g>(g: &'g Grid, levels: &[usize], r: usize) -> &'g str {
    let from = levels.last().map_or(0, |&c| c + 1);
    g.table
        .rows
        .get(r)
        .and_then(|row| {
            (from..row.len())
                .filter(|&c| !matches!(g.roles.get(c), Some(ColumnRole::Index | ColumnRole::Code)))
                .filter(|c| !g.value_cols.contains(c) && !g.percent_cols.contains(c))
                .filter_map(|c| row.get(c))
                .map(|x| x.text.trim())
                .find(|t| !t.is_empty())
        })
        .unwrap_or_else(|| g.label(r))
}

pub fn is_score_sheet(g: &Grid) -> bool {
    !level_columns(g).is_empty()
}

/// The column of what each row scored (得分, 自评得分, 评分 …).
fn score_column(g: &Grid) -> Option<usize> {
    g.value_cols
        .iter()
        .copied()
        .find(|&c| crate::structure::tables::is_score_title(&g.column_title(c)))
}

fn column_named(g: &Grid, words: &[&str], not: &[&str]) -> Option<usize> {
    g.value_cols.iter().copied().find(|&c| {
        let t = g.column_title(c);
        let last = t.rsplit('/').next().unwrap_or(&t).to_string();
        words.iter().any(|w| last.contains(w)) && !not.iter().any(|w| last.contains(w))
    })
}

/// A node of the sheet: a labelled group at some level, or a leaf row.
#[derive(Debug, Clone)]
struct Group {
    label: String,
    declared: Option<Num>,
    /// First row (where the label stands).
    row: usize,
    col: usize,
    /// Child groups (next level) or leaf rows when this is the deepest level.
    children: Vec<usize>,
    leaves: Vec<usize>,
    /// The label stands at the first row of a continuation part.
    at_part_start: bool,
    /// Row after the label's merged cell (`row_span` > 1) ends: rows from there
    /// on are not under the label's cell, whatever the empty cells say.
    merge_end: Option<usize>,
    /// 加分项 / 扣分项: kept out of the sums above it.
    bonus: bool,
    /// The label printed again further down (a merged cell restated after a
    /// page break, "安全稳定（续）", or with another weight): row, column, the
    /// weight it declares, its text.
    restated: Vec<(usize, usize, Option<Num>, String)>,
}

/// A weight written in a label cell, as an operand.
fn label_operand(g: &Grid, row: usize, col: usize, value: Num) -> Operand {
    // Declared in a weight column beside the label: that cell.
    let in_label = g
        .table
        .rows
        .get(row)
        .and_then(|r| r.get(col))
        .and_then(|c| declared_points(&c.text))
        .is_some();
    if !in_label
        && let Some(o) = g
            .num(row, col + 1)
            .filter(|n| n.value == value.value)
            .and_then(|_| g.operand(row, col + 1))
    {
        return o;
    }
    let text = g
        .table
        .rows
        .get(row)
        .and_then(|r| r.get(col))
        .map(|c| c.text.trim().to_string())
        .unwrap_or_default();
    Operand {
        label: text.clone(),
        value: value.value,
        text,
        location: g.location(row, col),
    }
}

pub fn check(g: &Grid, rec: &mut Recorder) {
    let level_cols = levels(g);
    if level_cols.is_empty() {
        // No indicator columns to group by (nothing to check, and no
        // deepest level to hang rows on).
        return;
    }
    let levels: Vec<usize> = level_cols.iter().map(|&(c, _)| c).collect();
    let group_weights: Vec<usize> = level_cols.iter().filter_map(|&(_, w)| w).collect();
    let weight = weight_column(g, &group_weights);
    let score = score_column(g);
    let deduction = column_named(g, &["扣分"], &[]);
    let unit = Some("分".to_string());

    // Build groups per level.
    let mut groups: Vec<Vec<Group>> = vec![Vec::new(); levels.len()];
    let mut leaf_rows = Vec::new();
    for (r, info) in g.rows.iter().enumerate() {
        if info.kind != RowKind::Item {
            continue;
        }
        let row = &g.table.rows[r];
        let texts: Vec<String> = levels
            .iter()
            .map(|&c| {
                row.get(c)
                    .map(|x| x.text.trim().to_string())
                    .unwrap_or_default()
            })
            .collect();
        for (li, &c) in levels.iter().enumerate() {
            let t = &texts[li];
            if t.is_empty() {
                continue;
            }
            // The same label in the next level column: a merged cell copied,
            // not a new group here (unless each level states its weight in a
            // column of its own: 产出 | 30 | 产出 | 30 is a group of one).
            if level_cols[li].1.is_none()
                && texts
                    .get(li + 1)
                    .is_some_and(|n| label_key(n) == label_key(t))
            {
                continue;
            }
            let declared = declared_points(t)
                .filter(|(_, bonus)| !bonus)
                .map(|(n, _)| n)
                .or_else(|| level_cols[li].1.and_then(|w| g.num(r, w)));
            let span = row.get(c).map_or(1, |x| x.row_span as usize);
            // The same label again, with no other group above it begun in
            // between, continues its group whatever weight or mark ("（续）")
            // it is printed with: a merged cell restated after a page break.
            let restates = groups[li].last().is_some_and(|last| {
                label_key(&last.label) == label_key(t)
                    && (li == 0
                        || !groups[li - 1]
                            .iter()
                            .any(|u| u.row > last.row && u.row <= r))
            });
            if restates && let Some(last) = groups[li].last_mut() {
                last.restated.push((r, c, declared, t.clone()));
                last.merge_end = (span > 1).then_some(r + span);
                if last.declared.is_none() {
                    last.declared = declared;
                }
                continue;
            }
            groups[li].push(Group {
                label: t.clone(),
                declared,
                row: r,
                col: c,
                children: vec![],
                leaves: vec![],
                at_part_start: g.table.part_starts.contains(&r),
                merge_end: (span > 1).then_some(r + span),
                bonus: is_bonus(t),
                restated: Vec::new(),
            });
        }
        leaf_rows.push(r);
    }
    // Parent links: each group belongs to the last group of the level above
    // started at or before its row; leaves to the deepest group at or before.
    // (Groups of a level are in row order: found by binary search.)
    let last_at_or_before =
        |gs: &[Group], row: usize| gs.partition_point(|u| u.row <= row).checked_sub(1);
    for li in 1..levels.len() {
        let (upper, lower) = groups.split_at_mut(li);
        let up = &mut upper[li - 1];
        for (gi, grp) in lower[0].iter().enumerate() {
            if let Some(p) = last_at_or_before(up, grp.row) {
                up[p].children.push(gi);
            }
        }
    }
    let deepest = levels.len() - 1;
    for &r in &leaf_rows {
        if let Some(p) = last_at_or_before(&groups[deepest], r) {
            groups[deepest][p].leaves.push(r);
        }
    }

    let leaf_weight = |r: usize| -> Option<Num> {
        let w = g.num(r, weight?)?;
        // Signed weights ("+5", "-5") are bonus and penalty items, not parts of the whole.
        let text = g.table.rows[r].get(weight?)?.text.trim().to_string();
        (!text.starts_with(['+', '(', '（'])).then_some(w)
    };

    // Value of a group: declared, else the sum of its parts when all are known.
    fn value(
        groups: &[Vec<Group>],
        li: usize,
        gi: usize,
        leaf_weight: &dyn Fn(usize) -> Option<Num>,
    ) -> Option<Num> {
        let grp = &groups[li][gi];
        grp.declared
            .or_else(|| parts_sum(groups, li, gi, leaf_weight))
    }
    fn parts_sum(
        groups: &[Vec<Group>],
        li: usize,
        gi: usize,
        leaf_weight: &dyn Fn(usize) -> Option<Num>,
    ) -> Option<Num> {
        let grp = &groups[li][gi];
        if li + 1 < groups.len() && !grp.children.is_empty() {
            // 加分项 / 扣分项 sub-groups stand outside the group's weight.
            let vals: Option<Vec<Num>> = grp
                .children
                .iter()
                .filter(|&&c| !groups[li + 1][c].bonus)
                .map(|&c| value(groups, li + 1, c, leaf_weight))
                .collect();
            vals.map(num::sum)
        } else if !grp.leaves.is_empty() {
            let vals: Vec<Num> = grp.leaves.iter().filter_map(|&r| leaf_weight(r)).collect();
            (vals.len() == grp.leaves.len()).then(|| num::sum(vals))
        } else {
            None
        }
    }

    // A label standing at the first row of a continuation part may belong to a
    // merged cell that began on the previous page: then the trailing items of
    // the group before it (those on the previous page) are its own. Every such
    // split is tried; a move is taken only when it makes strictly more declared
    // sums work than the split as read. A group whose sum fails under one best
    // split but holds under another is uncertain (a warning, never an error).
    let mut uncertain: Vec<Vec<bool>> = groups.iter().map(|gs| vec![false; gs.len()]).collect();
    for li in 0..levels.len() {
        for k in 1..groups[li].len() {
            // Also when the previous label's merged cell ends before the next
            // label (a DOCX merge says exactly which rows a label covers).
            let part = groups[li][k].row;
            let merge_ended = groups[li][k - 1].merge_end.filter(|&e| e < part);
            if !groups[li][k].at_part_start && merge_ended.is_none() {
                continue;
            }
            let prev_start = match merge_ended {
                Some(end) if !groups[li][k].at_part_start => end,
                _ => g
                    .table
                    .part_starts
                    .iter()
                    .rev()
                    .find(|&&s| s < part)
                    .copied()
                    .unwrap_or(0),
            };
            let is_leaf_level = li == deepest;
            let items_of = |gi: usize| -> Vec<usize> {
                if is_leaf_level {
                    groups[li][gi].leaves.clone()
                } else {
                    groups[li][gi].children.clone()
                }
            };
            let item_row = |i: usize| {
                if is_leaf_level {
                    i
                } else {
                    groups[li + 1][i].row
                }
            };
            let item_value = |i: usize| {
                if is_leaf_level {
                    leaf_weight(i)
                } else {
                    value(&groups, li + 1, i, &leaf_weight)
                }
            };
            let prev_items = items_of(k - 1);
            let next_items = items_of(k);
            let prev_vals: Option<Vec<Num>> = prev_items.iter().map(|&i| item_value(i)).collect();
            let next_vals: Option<Vec<Num>> = next_items.iter().map(|&i| item_value(i)).collect();
            let Some(prev_vals) = prev_vals else { continue };
            // How many trailing items lie on the previous page (movable).
            let movable = prev_items
                .iter()
                .rev()
                .take_while(|&&i| item_row(i) >= prev_start)
                .count()
                .min(prev_items.len());
            let prev_decl = groups[li][k - 1].declared;
            let next_decl = groups[li][k].declared;
            // (prev holds, next holds) for a split moving t items; None = not declared/known.
            let outcome = |t: usize| -> (Option<bool>, Option<bool>) {
                let n = prev_vals.len() - t;
                let p = prev_decl.map(|d| num::sum(prev_vals[..n].to_vec()).consistent(d));
                let q = match (&next_vals, next_decl) {
                    (Some(nv), Some(d)) => {
                        let moved = prev_vals[n..].iter().copied();
                        Some(num::sum(moved.chain(nv.iter().copied())).consistent(d))
                    }
                    _ => None,
                };
                (p, q)
            };
            let fails = |o: (Option<bool>, Option<bool>)| {
                usize::from(o.0 == Some(false)) + usize::from(o.1 == Some(false))
            };
            let outcomes: Vec<(Option<bool>, Option<bool>)> = (0..=movable).map(outcome).collect();
            let best = outcomes.iter().map(|&o| fails(o)).min().unwrap_or(0);
            let chosen = outcomes.iter().position(|&o| fails(o) == best).unwrap_or(0);
            let ties: Vec<(Option<bool>, Option<bool>)> = outcomes
                .iter()
                .copied()
                .filter(|&o| fails(o) == best)
                .collect();
            // With nothing declared on either side there is no evidence to split by.
            if prev_decl.is_none() && next_decl.is_none() {
                uncertain[li][k - 1] = true;
                uncertain[li][k] = true;
                continue;
            }
            // The split as printed stands unless a move does strictly better:
            // when it ties with a move, every reading leaves a declared sum
            // failing, and the as-printed one is the reading with no guess in
            // it (a label at the top of a page usually starts its group there).
            let (cp, cq) = outcomes[chosen];
            if chosen > 0 {
                if cp == Some(false) && ties.iter().any(|o| o.0 == Some(true)) {
                    uncertain[li][k - 1] = true;
                }
                if cq == Some(false) && ties.iter().any(|o| o.1 == Some(true)) {
                    uncertain[li][k] = true;
                }
            }
            if chosen > 0 {
                let n = prev_items.len() - chosen;
                let tail: Vec<usize> = prev_items[n..].to_vec();
                let (a, b) = groups[li].split_at_mut(k);
                if is_leaf_level {
                    a[k - 1].leaves.truncate(n);
                    b[0].leaves.splice(0..0, tail);
                } else {
                    a[k - 1].children.truncate(n);
                    b[0].children.splice(0..0, tail);
                }
            }
        }
    }

    // Declared weights against their parts.
    for li in 0..levels.len() {
        for gi in 0..groups[li].len() {
            let grp = &groups[li][gi];
            let Some(declared) = grp.declared else {
                continue;
            };
            let Some(parts) = parts_sum(&groups, li, gi, &leaf_weight) else {
                continue;
            };
            let names: Vec<String> = if li + 1 < levels.len() && !grp.children.is_empty() {
                grp.children
                    .iter()
                    .map(|&c| groups[li + 1][c].label.clone())
                    .collect()
            } else {
                grp.leaves
                    .iter()
                    .map(|&r| show(leaf_weight(r).unwrap_or(Num::zero())))
                    .collect()
            };
            let severity = if uncertain[li][gi] {
                Severity::Warning
            } else {
                Severity::Error
            };
            // The declared weight, then what its parts are: a sub-group's own
            // declared weight, else the weights of the rows under it.
            fn part_operands(
                g: &Grid,
                groups: &[Vec<Group>],
                li: usize,
                gi: usize,
                weight: Option<usize>,
                out: &mut Vec<Operand>,
            ) {
                let grp = &groups[li][gi];
                if li + 1 < groups.len() && !grp.children.is_empty() {
                    for &c in &grp.children {
                        let child = &groups[li + 1][c];
                        match child.declared {
                            Some(d) => out.push(label_operand(g, child.row, child.col, d)),
                            None => part_operands(g, groups, li + 1, c, weight, out),
                        }
                    }
                } else {
                    out.extend(
                        grp.leaves
                            .iter()
                            .filter_map(|&r| weight.and_then(|w| g.operand(r, w))),
                    );
                }
            }
            let mut operands = vec![label_operand(g, grp.row, grp.col, declared)];
            part_operands(g, &groups, li, gi, weight, &mut operands);
            let loc = g.location(grp.row, grp.col);
            rec.compare("score.weights", declared, parts, |c| {
                finding(
                    "score.weights",
                    severity,
                    declared,
                    c,
                    unit.clone(),
                    format!(
                        "{}: 「{}」 declares {} points but its items weigh {} ({})",
                        g.table_name(),
                        grp.label,
                        show(declared),
                        show(parts),
                        names.join(" + ")
                    ),
                    loc,
                    operands,
                )
            });
        }
    }

    // A label restated with another weight than it first declared.
    for level in &groups {
        for grp in level {
            let Some(first) = grp.declared else { continue };
            // The label printed again in the row right under the same
            // text: a merged cell filled down (as some exports print it),
            // one statement, not one per row.
            let mut above = (grp.row, grp.label.trim());
            for (row, col, again, text) in &grp.restated {
                let filled_down = *row == above.0 + 1 && text.trim() == above.1;
                above = (*row, text.trim());
                if filled_down {
                    continue;
                }
                let Some(again) = *again else { continue };
                if again.consistent(first) {
                    rec.pass("score.declared");
                    continue;
                }
                rec.fail(finding(
                    "score.declared",
                    Severity::Error,
                    again,
                    first.value,
                    unit.clone(),
                    format!(
                        "{}: 「{}」 restates 「{}」 with {} points where it declared {} at row {}",
                        g.table_name(),
                        text,
                        grp.label,
                        show(again),
                        show(first),
                        grp.row + 1
                    ),
                    g.location(*row, *col),
                    vec![
                        label_operand(g, *row, *col, again),
                        label_operand(g, grp.row, grp.col, first),
                    ],
                ));
            }
        }
    }

    // The same label declared with different points.
    let mut seen: std::collections::HashMap<String, (Num, usize)> =
        std::collections::HashMap::new();
    for level in &groups {
        for grp in level {
            let Some(d) = grp.declared else { continue };
            let key = label_key(&grp.label);
            match seen.get(&key) {
                Some((first, row)) if !first.consistent(d) => {
                    rec.fail(finding(
                        "score.declared",
                        Severity::Error,
                        d,
                        first.value,
                        unit.clone(),
                        format!(
                            "{}: 「{}」 is declared with {} points here and {} points at row {}",
                            g.table_name(),
                            key,
                            show(d),
                            show(*first),
                            row + 1
                        ),
                        g.location(grp.row, grp.col),
                        vec![
                            label_operand(g, grp.row, grp.col, d),
                            label_operand(g, *row, grp.col, *first),
                        ],
                    ));
                }
                Some(_) => rec.pass("score.declared"),
                None => {
                    seen.insert(key, (d, grp.row));
                }
            }
        }
    }

    // Scores within weights.
    if let (Some(w), Some(s)) = (weight, score) {
        for &r in &leaf_rows {
            let (Some(wv), Some(sv)) = (leaf_weight(r), g.num(r, s)) else {
                continue;
            };
            if within_weight(sv, wv) {
                rec.pass("score.max");
            } else {
                rec.fail(finding(
                    "score.max",
                    Severity::Error,
                    sv,
                    wv.value,
                    unit.clone(),
                    format!(
                        "{}: 「{}」 scores {} of a weight of {}",
                        g.table_name(),
                        leaf_label(g, &levels, r),
                        show(sv),
                        show(wv)
                    ),
                    g.location(r, s),
                    g.operand(r, w).into_iter().collect(),
                ));
            }
        }
    }

    // Rows under a 加分项 / 扣分项 group (at any level) are kept out of totals.
    let mut bonus_rows: Vec<usize> = Vec::new();
    fn collect_leaves(groups: &[Vec<Group>], li: usize, gi: usize, out: &mut Vec<usize>) {
        let grp = &groups[li][gi];
        out.extend(&grp.leaves);
        if li + 1 < groups.len() {
            for &c in &grp.children {
                collect_leaves(groups, li + 1, c, out);
            }
        }
    }
    for li in 0..groups.len() {
        for gi in 0..groups[li].len() {
            if groups[li][gi].bonus {
                collect_leaves(&groups, li, gi, &mut bonus_rows);
            }
        }
    }
    bonus_rows.extend(
        leaf_rows
            .iter()
            .copied()
            .filter(|&r| is_bonus(leaf_label(g, &levels, r))),
    );
    bonus_rows.sort_unstable();
    bonus_rows.dedup();

    // Total rows: weights, scores and deductions add up.
    let top_values: Option<Vec<Num>> = (0..groups[0].len())
        .filter(|&gi| !groups[0][gi].bonus)
        .map(|gi| value(&groups, 0, gi, &leaf_weight))
        .collect();
    let mut said_bonus = false;
    let totals: Vec<usize> = (0..g.rows.len())
        .filter(|&t| g.rows[t].kind == RowKind::Total)
        .collect();
    for &t in &totals {
        // A 小计 closes its own group: the items since the previous total
        // row, or since the group heading it stands under.
        if is_subtotal_row(g, t) {
            check_subtotal(
                g,
                rec,
                t,
                &totals,
                &groups,
                &leaf_rows,
                &bonus_rows,
                &[
                    (weight, "weights"),
                    (score, "scores"),
                    (deduction, "deductions"),
                ],
                &leaf_weight,
            );
            continue;
        }
        for (col, name) in [
            (weight, "weights"),
            (score, "scores"),
            (deduction, "deductions"),
        ] {
            let Some(col) = col else { continue };
            let Some(stated) = g.num(t, col) else {
                continue;
            };
            let rows: Vec<usize> = leaf_rows
                .iter()
                .copied()
                .filter(|&r| r < t && !bonus_rows.contains(&r))
                .collect();
            let leaves: Vec<Num> = rows
                .iter()
                .filter_map(|&r| {
                    if Some(col) == weight {
                        leaf_weight(r)
                    } else {
                        g.num(r, col)
                    }
                })
                .collect();
            let all: Vec<Num> = rows.iter().filter_map(|&r| g.num(r, col)).collect();
            // With the 加分项 (a score total may include its bonus).
            let with_bonus: Vec<Num> = leaf_rows
                .iter()
                .filter(|&&r| r < t)
                .filter_map(|&r| g.num(r, col))
                .collect();
            let mut candidates = vec![num::sum(leaves.clone()), num::sum(all)];
            if Some(col) != weight {
                candidates.push(num::sum(with_bonus));
            }
            if Some(col) == weight
                && let Some(tv) = &top_values
            {
                candidates.push(num::sum(tv.clone()));
            }
            if leaves.is_empty() {
                continue;
            }
            let kept_out: Vec<usize> = bonus_rows
                .iter()
                .copied()
                .filter(|&r| r < t && g.num(r, col).is_some())
                .collect();
            if !kept_out.is_empty() && !said_bonus {
                said_bonus = true;
                let label = |r: usize| leaf_label(g, &levels, r).to_string();
                kept_out_note(g, rec, (t, col), g.label(t), stated, &kept_out, &label);
            }
            if candidates.iter().any(|c| stated.consistent(*c)) {
                rec.pass("score.total");
                continue;
            }
            let computed = candidates[0];
            let operands = std::iter::once(t)
                .chain(rows.iter().copied())
                .filter_map(|r| g.operand(r, col))
                .collect();
            rec.fail(finding(
                "score.total",
                Severity::Error,
                stated,
                num::round(computed.value, computed.decimals),
                unit.clone(),
                format!(
                    "{}: the total of {} 「{}」 is {} but the rows add up to {}{}",
                    g.table_name(),
                    name,
                    g.column_title(col),
                    show(stated),
                    show(computed),
                    if kept_out.is_empty() {
                        ""
                    } else {
                        " (加分项 / 扣分项 kept out)"
                    }
                ),
                g.location(t, col),
                operands,
            ));
        }
        // A group-weight column's total: the weights of its groups.
        for (li, &(_, w)) in level_cols.iter().enumerate() {
            let Some(w) = w else { continue };
            let Some(stated) = g.num(t, w) else { continue };
            let members: Vec<&Group> = groups[li]
                .iter()
                .filter(|grp| grp.row < t && !grp.bonus && grp.declared.is_some())
                .collect();
            if members.is_empty() {
                continue;
            }
            let sum = num::sum(members.iter().filter_map(|grp| grp.declared));
            if stated.consistent(sum) {
                rec.pass("score.total");
                continue;
            }
            let mut operands: Vec<Operand> = g.operand(t, w).into_iter().collect();
            operands.extend(members.iter().filter_map(|grp| g.operand(grp.row, w)));
            rec.fail(finding(
                "score.total",
                Severity::Error,
                stated,
                num::round(sum.value, sum.decimals),
                unit.clone(),
                format!(
                    "{}: the total of group weights 「{}」 is {} but the groups weigh {}",
                    g.table_name(),
                    g.column_title(w),
                    show(stated),
                    show(sum)
                ),
                g.location(t, w),
                operands,
            ));
        }
    }
}

/// A 小计 row: its label (left of the numbers) ends with 小计.
fn is_subtotal_row(g: &Grid, t: usize) -> bool {
    let first_num = first_number_col(g);
    g.table.rows[t]
        .iter()
        .take(first_num)
        .map(|x| {
            x.text
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
        })
        .filter(|x| !x.is_empty())
        .any(|x| super::grid::is_total_label(&x) && x.ends_with("小计"))
}

/// A 小计 in a sheet whose groups declare their weights closes its own group:
/// it sums the items since the previous total row (小计, 合计) — or, where a
/// group heading stands after that row, since the heading (a group closed by
/// no 小计 before it). Its points may also equal the weight its group declares.
/// It fails only when no reading fits.
#[allow(clippy::too_many_arguments)]
fn check_subtotal(
    g: &Grid,
    rec: &mut Recorder,
    t: usize,
    totals: &[usize],
    groups: &[Vec<Group>],
    leaf_rows: &[usize],
    bonus_rows: &[usize],
    columns: &[(Option<usize>, &str)],
    leaf_weight: &dyn Fn(usize) -> Option<Num>,
) {
    let unit = Some("分".to_string());
    let prev = totals.iter().copied().filter(|&p| p < t).max();
    let after_prev = |r: usize| prev.is_none_or(|p| r > p);
    // Where the group closed by this 小计 may start: right after the previous
    // total, or at a group heading (any level) standing after it.
    let mut starts: Vec<usize> = vec![prev.map_or(0, |p| p + 1)];
    let mut heads: Vec<&Group> = Vec::new();
    for level in groups {
        if let Some(grp) = level.iter().rfind(|u| u.row < t && after_prev(u.row)) {
            starts.push(grp.row);
            heads.push(grp);
        }
    }
    starts.sort_unstable();
    starts.dedup();
    let weight = columns[0].0;
    for &(col, name) in columns {
        let Some(col) = col else { continue };
        let Some(stated) = g.num(t, col) else {
            continue;
        };
        let readings: Vec<Vec<usize>> = starts
            .iter()
            .map(|&s| {
                leaf_rows
                    .iter()
                    .copied()
                    .filter(|&r| r >= s && r < t && !bonus_rows.contains(&r))
                    .collect()
            })
            .collect();
        let value = |r: usize| {
            if Some(col) == weight {
                leaf_weight(r)
            } else {
                g.num(r, col)
            }
        };
        let mut candidates: Vec<Num> = readings
            .iter()
            .map(|rows| rows.iter().filter_map(|&r| value(r)).collect::<Vec<Num>>())
            .filter(|vals| !vals.is_empty())
            .map(num::sum)
            .collect();
        if Some(col) == weight {
            candidates.extend(heads.iter().filter(|h| !h.bonus).filter_map(|h| h.declared));
        }
        // The reading shown: the items since the previous total row.
        let rows = &readings[0];
        if rows.is_empty() || candidates.is_empty() {
            continue;
        }
        if candidates.iter().any(|c| stated.consistent(*c)) {
            rec.pass("score.subtotal");
            continue;
        }
        let computed = candidates[0];
        let operands = std::iter::once(t)
            .chain(rows.iter().copied())
            .filter_map(|r| g.operand(r, col))
            .collect();
        rec.fail(finding(
            "score.subtotal",
            Severity::Error,
            stated,
            num::round(computed.value, computed.decimals),
            unit.clone(),
            format!(
                "{}: the subtotal of {} 「{}」 in 「{}」 is {} but its group's rows add up to {}",
                g.table_name(),
                name,
                g.column_title(col),
                g.label(t),
                show(stated),
                show(computed),
            ),
            g.location(t, col),
            operands,
        ));
    }
}

/// Says which 加分项 / 扣分项 rows a total leaves out (once per table).
fn kept_out_note(
    g: &Grid,
    rec: &mut Recorder,
    (t, col): (usize, usize),
    total: &str,
    stated: Num,
    kept_out: &[usize],
    name: &dyn Fn(usize) -> String,
) {
    let names: Vec<String> = kept_out
        .iter()
        .map(|&k| format!("{} {}", name(k), g.table.rows[k][col].text.trim()))
        .collect();
    rec.fail(finding(
        "score.bonus",
        Severity::Info,
        stated,
        stated.value,
        Some("分".to_string()),
        format!(
            "{}: 加分项 / 扣分项 kept out of the total 「{}」: {}",
            g.table_name(),
            total,
            names.join(", ")
        ),
        g.location(t, col),
        kept_out.iter().filter_map(|&k| g.operand(k, col)).collect(),
    ));
}

/// A score within its weight: at most the weight; a negative weight (扣分项
/// "-5", the most that can be deducted) caps a deduction: the score is not
/// positive and deducts at most that much.
fn within_weight(score: Num, weight: Num) -> bool {
    if weight.hi < 0.0 {
        score.lo <= 1e-9 && score.hi >= weight.lo - 1e-9
    } else {
        score.lo <= weight.hi + 1e-9
    }
}

/// A sheet whose groups declare no weight (the MoF 自评表's usual form:
/// 一级指标 cells without "（50分）"; a score table with no 小计 rows): each
/// row still states its own 分值 and its 得分 under titled columns, so 得分 ≤
/// 分值 holds row by row (a negative 分值 caps a deduction; a "+5" 加分项 is
/// no cap). What the groups weigh is not said, so nothing is summed here.
pub fn check_row_caps(g: &Grid, rec: &mut Recorder) {
    let Some(weight) = weight_column(g, &[]) else {
        return;
    };
    let Some(score) = score_column(g) else { return };
    for r in (0..g.rows.len()).filter(|&r| g.rows[r].kind == RowKind::Item) {
        let (Some(wv), Some(sv)) = (g.num(r, weight), g.num(r, score)) else {
            continue;
        };
        let signed = g.table.rows[r]
            .get(weight)
            .is_some_and(|x| x.text.trim().starts_with(['+', '＋']));
        if signed {
            continue;
        }
        if within_weight(sv, wv) {
            rec.pass("score.max");
            continue;
        }
        rec.fail(finding(
            "score.max",
            Severity::Error,
            sv,
            wv.value,
            Some("分".to_string()),
            format!(
                "{}: 「{}」 scores {} of a weight of {}",
                g.table_name(),
                indicator_label(g, r),
                show(sv),
                show(wv)
            ),
            g.location(r, score),
            [g.operand(r, score), g.operand(r, weight)]
                .into_iter()
                .flatten()
                .collect(),
        ));
    }
}

/// The most specific indicator a row names: its cell under the deepest
/// column titled …指标 (三级指标 before 二级指标 before 一级指标; not 指标值),
/// else the row's label.
fn indicator_label<'g>(g: &'g Grid, r: usize) -> &'g str {
    let row = &g.table.rows[r];
    (0..g.table.columns.len())
        .rev()
        .filter(|c| !g.value_cols.contains(c) && !g.percent_cols.contains(c))
        .filter(|&c| {
            let t = g.column_title(c);
            let last = t.rsplit('/').next().unwrap_or(&t);
            last.contains("指标") && !last.contains("指标值")
        })
        .filter_map(|c| row.get(c))
        .map(|x| x.text.trim())
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| g.label(r))
}

/// The points column of a sheet: 分值 / 权重 / 标准分 …, not 得分 or 扣分.
fn weight_column(g: &Grid, exclude: &[usize]) -> Option<usize> {
    g.value_cols
        .iter()
        .copied()
        .filter(|c| !exclude.contains(c))
        .find(|&c| crate::structure::tables::is_points_title(&g.column_title(c)))
}

/// A score sheet whose groups declare no weight in their labels but are
/// closed by 小计 rows: a points column, label columns left of it, and a 小计
/// row in one of them. (Without 小计 rows a group row may carry its own points
/// above its items; the generic totals, which read the hierarchy, check it.)
pub fn is_plain_score_sheet(g: &Grid) -> bool {
    let first_num = first_number_col(g);
    weight_column(g, &[]).is_some()
        && first_num > 0
        && (0..g.rows.len()).any(|r| plain_row(g, r, first_num) == PlainRow::Subtotal)
}

/// What a row of a plain score sheet is, from the texts of its label cells.
#[derive(Debug, Clone, Copy, PartialEq)]
enum PlainRow {
    Item,
    /// 小计: closes the items since the last 小计 or total.
    Subtotal,
    /// 合计 / 总计 / 总分: the whole sheet (above it).
    Total,
}

fn plain_row(g: &Grid, r: usize, label_cols: usize) -> PlainRow {
    let row = &g.table.rows[r];
    let texts: Vec<String> = (0..label_cols)
        .filter_map(|c| row.get(c))
        .map(|x| x.text.chars().filter(|c| !c.is_whitespace()).collect())
        .filter(|t: &String| !t.is_empty())
        .collect();
    match texts.iter().rev().find(|t| super::grid::is_total_label(t)) {
        Some(t) if t.ends_with("小计") => PlainRow::Subtotal,
        Some(_) => PlainRow::Total,
        None => PlainRow::Item,
    }
}

/// Plain score sheets: each 小计 row is the sum of the items above it since
/// the last 小计 (the explicit subtotal of a group), the total row the sum of
/// the 小计 rows (or of every item when no 小计 closes them); a score never
/// exceeds its points. 加分项 / 扣分项 rows and groups are kept out of the sums.
pub fn check_plain(g: &Grid, rec: &mut Recorder) {
    let first_num = first_number_col(g);
    let Some(weight) = weight_column(g, &[]) else {
        return;
    };
    let score = score_column(g);
    let deduction = column_named(g, &["扣分"], &[]);
    let unit = Some("分".to_string());
    let kinds: Vec<Option<PlainRow>> = (0..g.rows.len())
        .map(|r| (!matches!(g.rows[r].kind, RowKind::Blank)).then(|| plain_row(g, r, first_num)))
        .collect();
    // 加分项 / 扣分项: a row whose label says so, or every row under a group
    // label (first column) that says so.
    let mut bonus = vec![false; g.rows.len()];
    let mut group_bonus = false;
    for (r, row) in g.table.rows.iter().enumerate().take(g.rows.len()) {
        if let Some(t) = row.first().map(|x| x.text.trim()).filter(|t| !t.is_empty())
            && !row.first().is_some_and(|x| x.merged)
        {
            group_bonus = is_bonus(t);
        }
        let own = (0..first_num)
            .filter_map(|c| row.get(c))
            .any(|x| is_bonus(x.text.trim()));
        let signed = row
            .get(weight)
            .is_some_and(|x| x.text.trim().starts_with(['+', '＋']));
        bonus[r] = group_bonus || own || signed;
    }
    let name = |r: usize| -> String {
        let row = &g.table.rows[r];
        (0..first_num)
            .rev()
            .filter_map(|c| row.get(c))
            .map(|x| x.text.trim())
            .find(|t| !t.is_empty())
            .unwrap_or("")
            .to_string()
    };
    let columns: Vec<(usize, &str)> = [
        (Some(weight), "weights"),
        (score, "scores"),
        (deduction, "deductions"),
    ]
    .into_iter()
    .filter_map(|(c, n)| c.map(|c| (c, n)))
    .collect();
    let mut said_bonus = false;
    let mut items: Vec<usize> = Vec::new();
    let mut subtotals: Vec<usize> = Vec::new();
    // Items not yet closed by a 小计.
    let mut open: Vec<usize> = Vec::new();
    for r in 0..g.rows.len() {
        let Some(kind) = kinds[r] else { continue };
        match kind {
            PlainRow::Item => {
                if !bonus[r] {
                    items.push(r);
                    open.push(r);
                }
            }
            PlainRow::Subtotal | PlainRow::Total => {
                // A 小计 sums the open items; the total the 小计 rows when
                // every item is closed by one, else every item.
                let (parts, what): (Vec<usize>, &str) = if kind == PlainRow::Subtotal {
                    (open.clone(), "subtotal")
                } else if !subtotals.is_empty() && open.is_empty() {
                    (subtotals.clone(), "total")
                } else {
                    (items.clone(), "total")
                };
                let kept_out: Vec<usize> = (0..r)
                    .filter(|&k| bonus[k] && kinds[k] == Some(PlainRow::Item))
                    .collect();
                for &(col, cname) in &columns {
                    let Some(stated) = g.num(r, col) else {
                        continue;
                    };
                    let vals: Vec<Num> = parts.iter().filter_map(|&k| g.num(k, col)).collect();
                    if vals.is_empty() {
                        continue;
                    }
                    // A score total may count its 加分项.
                    let with_bonus = (kind == PlainRow::Total && col != weight).then(|| {
                        num::sum(
                            parts
                                .iter()
                                .chain(kept_out.iter())
                                .filter_map(|&k| g.num(k, col)),
                        )
                    });
                    if kind == PlainRow::Total && !kept_out.is_empty() && !said_bonus {
                        said_bonus = true;
                        kept_out_note(g, rec, (r, col), &name(r), stated, &kept_out, &name);
                    }
                    let sum = num::sum(vals);
                    if with_bonus.is_some_and(|b| stated.consistent(b)) {
                        rec.pass("score.total");
                        continue;
                    }
                    let check = if what == "subtotal" {
                        "score.subtotal"
                    } else {
                        "score.total"
                    };
                    let operands: Vec<Operand> = std::iter::once(r)
                        .chain(parts.iter().copied())
                        .filter_map(|k| g.operand(k, col))
                        .collect();
                    let names: Vec<String> = parts.iter().map(|&k| name(k)).collect();
                    rec.compare(check, stated, sum, |c| {
                        finding(
                            check,
                            Severity::Error,
                            stated,
                            c,
                            unit.clone(),
                            format!(
                                "{}: the {what} of {cname} 「{}」 in 「{}」 is {} but its rows add up to {} ({})",
                                g.table_name(),
                                g.column_title(col),
                                name(r),
                                show(stated),
                                show(sum),
                                names.join(" + ")
                            ),
                            g.location(r, col),
                            operands,
                        )
                    });
                }
                if kind == PlainRow::Subtotal {
                    subtotals.push(r);
                    open.clear();
                } else {
                    items.clear();
                    subtotals.clear();
                    open.clear();
                }
            }
        }
    }
    // Scores within their points.
    if let Some(s) = score {
        for r in (0..g.rows.len()).filter(|&r| kinds[r] == Some(PlainRow::Item)) {
            let (Some(wv), Some(sv)) = (g.num(r, weight), g.num(r, s)) else {
                continue;
            };
            if bonus[r] || within_weight(sv, wv) {
                rec.pass("score.max");
                continue;
            }
            rec.fail(finding(
                "score.max",
                Severity::Error,
                sv,
                wv.value,
                unit.clone(),
                format!(
                    "{}: 「{}」 scores {} of a weight of {}",
                    g.table_name(),
                    name(r),
                    show(sv),
                    show(wv)
                ),
                g.location(r, s),
                [g.operand(r, s), g.operand(r, weight)]
                    .into_iter()
                    .flatten()
                    .collect(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(t: &str) -> Option<f64> {
        declared_points(t).map(|(n, _)| n.value)
    }

    fn declared_findings(rows: &[&[&str]]) -> Vec<(String, Severity, f64)> {
        let t = crate::audit::test_table("分", &["一级指标", "二级指标", "分值", "得分"], rows);
        let g = Grid::new(&t);
        assert!(is_score_sheet(&g));
        let mut rec = Recorder::default();
        check(&g, &mut rec);
        rec.findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .map(|f| (f.check.clone(), f.severity, f.stated))
            .collect()
    }

    #[test]
    fn a_subtotal_under_declared_weights_closes_its_own_group() {
        // Group labels declare their weights and each group ends with a 小计
        // (in the label column or the item column): every 小计 sums its own
        // group, not everything above it.
        for sub_col in [0, 1] {
            let sub = |w: &'static str, s: &'static str| -> Vec<&'static str> {
                if sub_col == 0 {
                    vec!["小计", "", w, s]
                } else {
                    vec!["", "小计", w, s]
                }
            };
            let mut rows: Vec<Vec<&str>> = vec![
                vec!["项目管理（15分）", "制度建设", "4", "4"],
                vec!["", "组织实施", "6", "5.5"],
                vec!["", "档案管理", "5", "4"],
                sub("15", "13.5"),
                vec!["资金管理（20分）", "资金到位", "5", "5"],
                vec!["", "支出规范", "8", "7"],
                vec!["", "财务核算", "7", "6.5"],
                sub("20", "18.5"),
                vec!["项目产出（65分）", "完成数量", "35", "30"],
                vec!["", "完成质量", "30", "27"],
                sub("65", "57"),
                vec!["合计", "", "100", "89"],
            ];
            let r: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
            assert_eq!(declared_findings(&r), [], "小计 in column {sub_col}");
            // A wrong 小计 is its group's error, the others still pass.
            rows[7][3] = "19.5";
            let r: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
            assert_eq!(
                declared_findings(&r),
                [("score.subtotal".to_string(), Severity::Error, 19.5)],
                "小计 in column {sub_col}"
            );
        }
    }

    #[test]
    fn a_negative_weight_caps_a_deduction() {
        let n = |v: f64| points(v, 0);
        assert!(within_weight(n(-1.0), n(-5.0)));
        assert!(within_weight(n(-5.0), n(-5.0)));
        assert!(within_weight(n(0.0), n(-5.0)));
        assert!(!within_weight(n(-6.0), n(-5.0)));
        assert!(!within_weight(n(1.0), n(-5.0)));
        assert!(within_weight(n(10.0), n(10.0)));
        assert!(!within_weight(n(11.0), n(10.0)));
    }

    #[test]
    fn a_label_filled_down_its_merged_rows_is_one_statement() {
        // 日常监管 restated with 30 points after a page break, and printed
        // in every row of its merged cell: one finding, at the restatement.
        let rows: &[&[&str]] = &[
            &["党建引领（10分）", "组织建设", "6"],
            &["党建引领（10分）", "党员教育", "4"],
            &["日常监管（14分）", "市场巡查", "8"],
            &["日常监管（14分）", "安全检查", "6"],
            &["日常监管（30分）", "投诉处置", "5"],
            &["日常监管（30分）", "信用监管", "6"],
        ];
        let t = crate::audit::test_table("分", &["一级指标", "二级指标", "分值"], rows);
        let g = Grid::new(&t);
        let mut rec = crate::audit::Recorder::default();
        check(&g, &mut rec);
        let declared: Vec<Option<usize>> = rec
            .findings
            .iter()
            .filter(|f| f.check == "score.declared")
            .map(|f| f.location.row)
            .collect();
        assert_eq!(declared, [Some(4)], "{:?}", rec.findings);
    }

    /// Findings of the score-sheet rules on a sheet of these columns.
    fn sheet_findings(columns: &[&str], rows: &[&[&str]]) -> Vec<(String, Severity, f64, usize)> {
        let t = crate::audit::test_table("分", columns, rows);
        let g = Grid::new(&t);
        assert!(is_score_sheet(&g), "not read as a score sheet");
        let mut rec = Recorder::default();
        check(&g, &mut rec);
        rec.findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .map(|f| {
                let row = f.location.row.unwrap_or(usize::MAX);
                (f.check.clone(), f.severity, f.stated, row)
            })
            .collect()
    }

    const TWO_WEIGHTS: &[&str] = &["一级指标", "权重", "二级指标", "分值", "评分标准", "得分"];

    fn two_weights(process: &'static str, timely: &'static str) -> Vec<Vec<&'static str>> {
        vec![
            vec!["决策", "15", "立项规范性", "5", "规范得满分", "5"],
            vec!["", "", "目标合理性", "10", "合理得满分", "9"],
            vec!["过程", "25", "资金到位率", process, "到位率×分值", "14"],
            vec!["", "", "预算执行率", "10", "执行率×分值", "9.2"],
            vec!["产出", "60", "产出数量", "30", "完成率×分值", "28"],
            vec!["", "", "产出时效", "30", "按期得满分", timely],
            vec!["合计", "100", "", "100", "", "95.2"],
        ]
    }

    #[test]
    fn a_group_weight_in_its_own_column_is_the_sum_of_its_items() {
        // 一级指标 | 权重 | 二级指标 | 分值 | 评分标准 | 得分: the 一级 weight
        // (a merged cell) against its 二级 分值; each 得分 within its 分值.
        let rows = two_weights("15", "30");
        let r: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        assert_eq!(sheet_findings(TWO_WEIGHTS, &r), []);
        let rows = two_weights("16", "31");
        let r: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let found = sheet_findings(TWO_WEIGHTS, &r);
        assert!(
            found.contains(&("score.weights".into(), Severity::Error, 25.0, 2)),
            "{found:?}"
        );
        assert!(
            found.contains(&("score.max".into(), Severity::Error, 31.0, 5)),
            "{found:?}"
        );
        // The same sheet with its merged cells printed in every row they
        // span, and with the weight titled 权重（%）: the same findings.
        let mut filled = rows.clone();
        for k in [1, 3, 5] {
            filled[k][0] = filled[k - 1][0];
            filled[k][1] = filled[k - 1][1];
        }
        let r: Vec<&[&str]> = filled.iter().map(|r| r.as_slice()).collect();
        assert_eq!(sheet_findings(TWO_WEIGHTS, &r), found);
        let mut pct = TWO_WEIGHTS.to_vec();
        pct[1] = "权重（%）";
        let r: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        assert_eq!(sheet_findings(&pct, &r), found);
    }

    #[test]
    fn each_level_may_state_its_weight_in_a_column_of_its_own() {
        // 一级指标 | 权重 | 二级指标 | 权重 | 三级指标 | 分值 | 得分, and a
        // 二级 named as its 一级 (产出 | 30 | 产出 | 30): a group of one.
        let cols = &[
            "一级指标",
            "权重",
            "二级指标",
            "权重",
            "三级指标",
            "分值",
            "得分",
        ];
        let rows = |w: &'static str| -> Vec<Vec<&'static str>> {
            vec![
                vec!["决策", "20", "目标设定", w, "目标合理性", "5", "5"],
                vec!["", "", "", "", "指标明确性", "5", "4"],
                vec!["", "", "决策过程", "10", "依据充分性", "10", "9"],
                vec!["产出", "80", "产出", "80", "产出数量", "40", "38"],
                vec!["", "", "", "", "产出质量", "40", "40"],
                vec!["合计", "100", "", "100", "", "100", "96"],
            ]
        };
        let r = rows("10");
        let r: Vec<&[&str]> = r.iter().map(|r| r.as_slice()).collect();
        assert_eq!(sheet_findings(cols, &r), []);
        let r = rows("12");
        let r: Vec<&[&str]> = r.iter().map(|r| r.as_slice()).collect();
        let found = sheet_findings(cols, &r);
        assert!(
            found.contains(&("score.weights".into(), Severity::Error, 12.0, 0)),
            "{found:?}"
        );
        assert!(
            found.contains(&("score.weights".into(), Severity::Error, 20.0, 0)),
            "{found:?}"
        );
    }

    #[test]
    fn a_row_s_own_weight_beside_a_repeated_standard_heads_nothing() {
        // 标准值 "健全" printed on two rows beside each row's own 权重分: not
        // a group label filled down over its items (no points column of the
        // items further right), so no group weight is summed.
        let t = crate::audit::test_table(
            "分",
            &["一级指标", "三级指标", "标准值", "权重分", "得分"],
            &[
                &["决策(4)", "规划健全性", "健全", "2", "2"],
                &["", "计划健全性", "健全", "2", "2"],
                &["过程(3)", "制度健全性", "健全", "1", "1"],
                &["", "资金合规性", "合规", "2", "2"],
            ],
        );
        let g = Grid::new(&t);
        assert_eq!(levels(&g), [(0, None)]);
    }

    #[test]
    fn without_group_weights_each_score_stays_within_its_own_points() {
        // The MoF 自评表's usual form: 一级指标 without "（50分）". No group
        // weight to check, but a row scoring over its 分值 is certain.
        let t = crate::audit::test_table(
            "分",
            &["一级指标", "二级指标", "三级指标", "分值", "得分"],
            &[
                &["产出指标", "数量指标", "维护路灯数量", "15", "15"],
                &["", "", "更换老旧灯具", "10", "10.5"],
                &["效益指标", "社会效益指标", "夜间出行安全", "15", "14"],
                &["扣分项", "", "安全事故", "-5", "0"],
                &["加分项", "", "创新做法", "+2", "2"],
            ],
        );
        let g = Grid::new(&t);
        assert!(!is_score_sheet(&g));
        let mut rec = Recorder::default();
        check_row_caps(&g, &mut rec);
        let found: Vec<(&str, f64, Option<usize>, Option<usize>)> = rec
            .findings
            .iter()
            .map(|f| {
                (
                    f.check.as_str(),
                    f.stated,
                    f.location.row,
                    f.location.column,
                )
            })
            .collect();
        assert_eq!(found, [("score.max", 10.5, Some(1), Some(4))]);
        assert!(rec.findings[0].message.contains("更换老旧灯具"));
        assert_eq!(rec.summary.by_check["score.max"].run, 4);
        // The points titled 指标分值: still the indicator named, not its points.
        let mut t = t;
        t.columns[3] = "指标分值".into();
        let g = Grid::new(&t);
        let mut rec = Recorder::default();
        check_row_caps(&g, &mut rec);
        assert_eq!(rec.findings.len(), 1);
        assert!(
            rec.findings[0].message.contains("更换老旧灯具"),
            "{}",
            rec.findings[0].message
        );
    }

    #[test]
    fn a_sheet_without_label_columns_is_left_alone() {
        // Every column a number: no indicator level to group by (this once
        // indexed the deepest of no levels and panicked).
        let t = crate::audit::test_table("分", &["分值", "得分"], &[&["3", "3"], &["2", "1.5"]]);
        let g = Grid::new(&t);
        let mut rec = crate::audit::Recorder::default();
        check(&g, &mut rec);
        assert!(rec.findings.is_empty());
    }

    #[test]
    fn declared_points_forms() {
        assert_eq!(pts("决策(12)"), Some(12.0));
        assert_eq!(pts("过程 (28)"), Some(28.0));
        assert_eq!(pts("预算执行10"), Some(10.0));
        assert_eq!(pts("A 部门决策 (15 分)"), Some(15.0));
        assert_eq!(pts("C22021 年新增违法用地管控工作（12）"), Some(12.0));
        assert_eq!(pts("推进市容环境大整治(2分)"), Some(2.0));
        assert_eq!(pts("F 加减分项（≤5分）"), None);
        assert_eq!(pts("产出指标（权重50分）"), Some(50.0));
        assert_eq!(pts("产出指标（分值：50）"), Some(50.0));
        assert_eq!(pts("产出指标(满分 30 分)"), Some(30.0));
        assert_eq!(pts("产出指标 50分"), Some(50.0));
        assert_eq!(pts("预算执行10分"), Some(10.0));
        assert_eq!(pts("满意度达90分"), None);
        assert_eq!(pts("满意度90分以上"), None);
        assert_eq!(pts("第3分"), None);
        assert_eq!(pts("50分"), None);
        assert_eq!(pts("中长期规划制定健全性"), None);
        assert_eq!(pts("2024"), None);
        assert_eq!(pts("第3"), None);
        assert_eq!(
            declared_points("(+5)").map(|(n, b)| (n.value, b)),
            Some((5.0, true))
        );
        assert_eq!(label_key("(五) 争先 创优 (20分)"), "争先创优");
        assert_eq!(label_key("日常监管 25分"), label_key("日常监管（30分）"));
        assert_eq!(label_key("预算执行10"), "预算执行");
    }

    fn plain_findings(rows: &[Vec<&str>]) -> (bool, Vec<(String, Severity, f64)>) {
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let t = crate::audit::test_table("分", &["一级指标", "二级指标", "分值", "得分"], &rows);
        let g = Grid::new(&t);
        let plain = is_plain_score_sheet(&g);
        let mut rec = Recorder::default();
        if plain {
            check_plain(&g, &mut rec);
        }
        let found = rec
            .findings
            .iter()
            .map(|f| (f.check.clone(), f.severity, f.stated))
            .collect();
        (plain, found)
    }

    #[test]
    fn subtotal_rows_close_their_groups_and_the_total_adds_them() {
        let sheet = |w: &'static str, total: &'static str| {
            vec![
                vec!["管理", "制度", w, "3"],
                vec!["", "实施", "6", "5.5"],
                vec!["", "小计", "10", "8.5"],
                vec!["效益", "社会效益", "8", "7"],
                vec!["", "满意度", "2", "2"],
                vec!["", "小计", "10", "9"],
                vec!["加分项", "创新", "+2", "1"],
                vec!["合计", "", total, "17.5"],
            ]
        };
        let (plain, found) = plain_findings(&sheet("4", "20"));
        assert!(plain);
        let errors: Vec<_> = found.iter().filter(|f| f.1 == Severity::Error).collect();
        assert!(errors.is_empty(), "{found:?}");
        // The 加分项 is kept out of the total and said so.
        assert!(found.iter().any(|f| f.0 == "score.bonus"));
        // An item's points changed: its group's 小计 is wrong, not the total.
        let (_, found) = plain_findings(&sheet("5", "20"));
        let errors: Vec<_> = found.iter().filter(|f| f.1 == Severity::Error).collect();
        assert_eq!(errors.len(), 1, "{found:?}");
        assert_eq!(
            (errors[0].0.as_str(), errors[0].2),
            ("score.subtotal", 10.0)
        );
        // The total changed: the total is wrong.
        let (_, found) = plain_findings(&sheet("4", "21"));
        let errors: Vec<_> = found.iter().filter(|f| f.1 == Severity::Error).collect();
        assert_eq!(errors.len(), 1, "{found:?}");
        assert_eq!((errors[0].0.as_str(), errors[0].2), ("score.total", 21.0));
    }

    #[test]
    fn a_sheet_without_subtotal_rows_is_not_read_as_plain_groups() {
        // A group row carrying its own points above its items: not a sum of
        // every row; left to the totals that read the hierarchy.
        let (plain, _) = plain_findings(&[
            vec!["一、决策", "", "10", "9"],
            vec!["", "1.目标", "6", "5"],
            vec!["", "2.过程", "4", "4"],
            vec!["总分", "", "10", "9"],
        ]);
        assert!(!plain);
    }
}
