//! Financial statements: 资产负债表, 收入费用表, 利润表, 现金流量表 (enterprise
//! and government accounting alike), one statement or two side by side.
//!
//! A statement is a ledger of labelled blocks. A row ending in '：' opens a
//! block ("流动资产："); the total named like it closes it ("流动资产合计") and
//! equals the block's entries. A total that names no open block sums the
//! entries of its level since the last total ("归属于母公司所有者权益合计",
//! "经营活动现金流出小计"), or all of them ("负债合计" = 流动负债合计 +
//! 非流动负债合计); a grand total (总计) closes its level. Rows prefixed "减："
//! are subtracted, "其中" rows are parts of the row above and never entries.
//! Template relations: 资产总计 = 负债和所有者权益（净资产）总计; a result row
//! (营业利润, 利润总额, 净利润, 本期盈余, 综合收益总额) = the previous result and
//! the level-one rows and 加/减 rows since, costs (成本/费用/支出) subtracted;
//! 现金流量净额 = 流入小计 − 流出小计; 现金净增加额 = the 现金流量净额 rows and
//! the exchange-rate effect; 期末余额 = 净增加额 + 期初余额; a marked row
//! (一、) = its marked sub-rows (（一）…).
//!
//! Where a 其中 block ends and how far a "减：" reaches are not printed: each
//! possible reading is tried, and a relation is flagged only when no reading
//! satisfies it. A relation that depends on a block nobody closed is a warning.

use super::grid::{Grid, Link, RowKind, halves};
use super::num::{self, Num};
use super::{Recorder, finding, show};
use crate::model::{Severity, Table};

pub fn check(table: &Table, rec: &mut Recorder) {
    let hs = halves(table);
    for half in &hs {
        let g = Grid::new(half);
        if g.label_col.is_none() || g.value_cols.is_empty() {
            continue;
        }
        let lines = classify(&g);
        let nets = net_groups(&lines);
        for n in &nets {
            judge(&g, &lines, n.total, &[n], "statement.net", rec);
        }
        let inputs: Vec<usize> = nets
            .iter()
            .flat_map(|n| n.ops.iter().map(|o| o.0))
            .collect();
        ledger(&g, &lines, &inputs, rec);
        results(&g, &lines, &inputs, rec);
        marked_hierarchy(&g, &lines, rec);
    }
    balance_identity(table, &hs, rec);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    /// "流动资产：": opens a block.
    Opener,
    /// 合计 / 总计 / 小计.
    Total,
    Item,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prefix {
    None,
    /// 加：
    Add,
    /// 减：
    Sub,
    /// 其中：
    Part,
}

#[derive(Debug, Clone)]
struct Line {
    row: usize,
    kind: Kind,
    prefix: Prefix,
    /// Ladder level of a marker (一、 = 1, （一） = 2 …).
    level: Option<u8>,
    /// The label without marker, prefix and trailing colon.
    name: String,
    /// The name without 合计/总计/小计, for matching a total with its block.
    key: String,
}

/// A total row's name: statements name their subtotals at length
/// ("归属于母公司所有者权益合计").
fn is_total(name: &str) -> bool {
    let n = strip_parens(name);
    ["合计", "总计", "小计", "共计"]
        .iter()
        .any(|w| n.ends_with(w))
        && n.chars().count() <= 24
}

pub(crate) fn strip_parens(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn classify(g: &Grid) -> Vec<Line> {
    let mut lines: Vec<Line> = (0..g.rows.len())
        .map(|r| {
            let info = &g.rows[r];
            let raw: String = g.label(r).chars().filter(|c| !c.is_whitespace()).collect();
            let (prefix, rest) =
                if let Some(x) = raw.strip_prefix("减：").or_else(|| raw.strip_prefix("减:")) {
                    (Prefix::Sub, x.to_string())
                } else if let Some(x) = raw.strip_prefix("加：").or_else(|| raw.strip_prefix("加:"))
                {
                    (Prefix::Add, x.to_string())
                } else if let Some(x) = raw.strip_prefix("其中") {
                    (Prefix::Part, x.trim_start_matches(['：', ':']).to_string())
                } else {
                    (Prefix::None, raw.clone())
                };
            let has_number = g.value_cols.iter().any(|&c| g.num(r, c).is_some());
            let opener = !has_number && (rest.ends_with('：') || rest.ends_with(':'));
            let name = rest.trim_end_matches(['：', ':']).to_string();
            let kind = if info.kind == RowKind::Blank || name.is_empty() {
                Kind::Blank
            } else if opener {
                Kind::Opener
            } else if is_total(&name) && prefix != Prefix::Part {
                Kind::Total
            } else {
                Kind::Item
            };
            let key = strip_parens(&name);
            let key = ["合计", "总计", "小计", "共计"]
                .iter()
                .find_map(|s| key.strip_suffix(s))
                .unwrap_or(&key)
                .to_string();
            Line {
                row: r,
                kind,
                prefix,
                level: info.depth,
                name,
                key,
            }
        })
        .collect();
    // "其中：" alone on a row: the row after it is the first part.
    for i in 1..lines.len() {
        let bare = lines[i - 1].prefix == Prefix::Part && lines[i - 1].name.is_empty();
        if bare && lines[i].kind == Kind::Item && lines[i].prefix == Prefix::None {
            lines[i].prefix = Prefix::Part;
        }
    }
    // An opener printed without its colon ("流动资产", "所有者权益",
    // "三、筹资活动产生的现金流量" on a row of no amounts) is known by the
    // total that closes it further down ("流动资产合计"), or by its ladder
    // marker.
    for i in 0..lines.len() {
        let l = &lines[i];
        if l.kind != Kind::Item
            || l.prefix != Prefix::None
            || g.value_cols.iter().any(|&c| g.num(l.row, c).is_some())
        {
            continue;
        }
        let key = strip_parens(&l.name);
        let closed = lines[i + 1..]
            .iter()
            .take_while(|m| !(m.kind == Kind::Opener && m.key == key))
            .any(|m| m.kind == Kind::Total && m.key == key);
        let marked = l.level.is_some();
        if closed || marked {
            lines[i].kind = Kind::Opener;
            lines[i].key = key;
        }
    }
    lines
}

/// Net rows: "固定资产净值" under "固定资产原值" and "减：固定资产累计折旧"
/// (or "应收账款净额" under "应收账款" and "减：坏账准备"): the net is the
/// gross less the 减 rows right above it. The gross and its deductions are the
/// net's inputs, never entries of the block beside it; a chain (净值, then
/// "减：减值准备", then 净额) nets the net again.
fn net_groups(lines: &[Line]) -> Vec<Relation> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let named = l.name.ends_with("净值") || l.name.ends_with("净额");
        if l.kind != Kind::Item || l.prefix != Prefix::None || !named {
            continue;
        }
        let subs: Vec<usize> = (0..i)
            .rev()
            .take_while(|&j| lines[j].kind == Kind::Item && lines[j].prefix == Prefix::Sub)
            .collect();
        let Some(&first_sub) = subs.last() else {
            continue;
        };
        let Some(gross) = first_sub.checked_sub(1) else {
            continue;
        };
        let g = &lines[gross];
        if g.kind != Kind::Item || !matches!(g.prefix, Prefix::None | Prefix::Add) {
            continue;
        }
        let mut ops = vec![(gross, 1.0)];
        ops.extend(subs.iter().rev().map(|&j| (j, -1.0)));
        out.push(Relation {
            total: i,
            ops,
            labelled: true,
            loose: false,
        });
    }
    out
}

/// A choice the print leaves open: where a 其中 block ends, how far a "减："
/// reaches. Each option lists the line indices it affects.
#[derive(Debug, Clone)]
struct Choice {
    /// Lines that are parts (其中) or subtracted (减), by option.
    options: Vec<Vec<usize>>,
    parts: bool,
}

/// Per line: excluded as a part, and its sign.
#[derive(Debug, Clone)]
struct Reading {
    part: Vec<bool>,
    sign: Vec<f64>,
}

/// Rows that may continue a 其中 or 减 run: plain items, no marker, no prefix.
fn continues(l: &Line) -> bool {
    l.kind == Kind::Item && l.prefix == Prefix::None && l.level.is_none()
}

fn choices(g: &Grid, lines: &[Line], inputs: &[usize]) -> Vec<Choice> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        if l.kind != Kind::Item
            || !matches!(l.prefix, Prefix::Part | Prefix::Sub)
            || inputs.contains(&i)
        {
            i += 1;
            continue;
        }
        let run: Vec<usize> = (i + 1..lines.len())
            .take_while(|&j| continues(&lines[j]))
            .collect();
        if l.prefix == Prefix::Sub {
            // "减：库存股" alone, or "减：营业成本" and the cost rows under it.
            let mut options = vec![vec![i]];
            if !run.is_empty() {
                options.push(std::iter::once(i).chain(run.iter().copied()).collect());
            }
            out.push(Choice {
                options,
                parts: false,
            });
            i += 1;
            continue;
        }
        // 其中: the parts run on while they stay within the whole above.
        let whole = (0..i)
            .rev()
            .find(|&j| lines[j].kind == Kind::Item && lines[j].prefix != Prefix::Part);
        let fits = |k: usize| -> bool {
            let Some(w) = whole else { return true };
            g.value_cols.iter().all(|&c| {
                let Some(wv) = g.num(lines[w].row, c) else {
                    return true;
                };
                let parts: Vec<Num> = std::iter::once(i)
                    .chain(run[..k].iter().copied())
                    .filter_map(|j| g.num(lines[j].row, c))
                    .collect();
                num::sum(parts).lo <= wv.hi + 1e-9
            })
        };
        let kmax = (0..=run.len()).take_while(|&k| fits(k)).last().unwrap_or(0);
        let options = (0..=kmax)
            .rev()
            .map(|k| std::iter::once(i).chain(run[..k].iter().copied()).collect())
            .collect();
        out.push(Choice {
            options,
            parts: true,
        });
        i += 1;
    }
    out
}

/// Every combination of the choices (option 0 of each first: the natural
/// reading), at most `CAP`; beyond that each choice keeps its first and last
/// option, then only its first.
fn readings(lines: &[Line], choices: &[Choice], inputs: &[usize]) -> Vec<Reading> {
    const CAP: usize = 256;
    let mut opts: Vec<Vec<&Vec<usize>>> =
        choices.iter().map(|c| c.options.iter().collect()).collect();
    let count = |o: &Vec<Vec<&Vec<usize>>>| {
        o.iter()
            .try_fold(1usize, |acc, x| acc.checked_mul(x.len().max(1)))
            .unwrap_or(usize::MAX)
    };
    if count(&opts) > CAP {
        for o in opts.iter_mut() {
            if o.len() > 2 {
                let last = o[o.len() - 1];
                o.truncate(1);
                o.push(last);
            }
        }
    }
    if count(&opts) > CAP {
        for o in opts.iter_mut() {
            o.truncate(1);
        }
    }
    let mut base = Reading {
        part: vec![false; lines.len()],
        sign: vec![1.0; lines.len()],
    };
    for &j in inputs {
        base.part[j] = true;
    }
    let mut out = vec![base];
    for (ci, choice) in choices.iter().enumerate() {
        let mut next = Vec::with_capacity(out.len() * opts[ci].len());
        for r in &out {
            for option in &opts[ci] {
                let mut r = r.clone();
                for &j in option.iter() {
                    if choice.parts {
                        r.part[j] = true;
                    } else {
                        r.sign[j] = -1.0;
                    }
                }
                next.push(r);
            }
        }
        out = next;
    }
    out
}

/// A relation one reading gives: `total` = Σ sign × operand.
#[derive(Debug, Clone, PartialEq)]
struct Relation {
    total: usize,
    ops: Vec<(usize, f64)>,
    /// The block closed by a total named like its opener, or a template relation.
    labelled: bool,
    /// Some operand came from a block no total closed.
    loose: bool,
}

#[derive(Debug, Default)]
struct Level {
    opener: Option<String>,
    /// (line, sign, is a total).
    entries: Vec<(usize, f64, bool)>,
    loose: bool,
}

fn walk(lines: &[Line], reading: &Reading) -> Vec<Relation> {
    let mut out = Vec::new();
    let mut stack: Vec<Level> = vec![Level::default()];
    // An open block no total closed: its entries go to the level above.
    fn close_loose(stack: &mut Vec<Level>) {
        if stack.len() > 1 {
            let lv = stack.pop().unwrap_or_default();
            let parent = stack.last_mut().expect("top level");
            parent.loose |= !lv.entries.is_empty();
            parent.entries.extend(lv.entries);
        }
    }
    for (i, l) in lines.iter().enumerate() {
        if reading.part[i] {
            continue;
        }
        match l.kind {
            Kind::Blank => {}
            Kind::Opener => {
                close_loose(&mut stack);
                stack.push(Level {
                    opener: Some(strip_parens(&l.name)),
                    ..Level::default()
                });
            }
            Kind::Item => {
                let top = stack.last_mut().expect("top level");
                top.entries.push((i, reading.sign[i], false));
            }
            Kind::Total => {
                // (资产合计 and 负债和净资产合计 close a whole side too)
                let grand =
                    l.name.ends_with("总计") || side_total(&strip_parens(&l.name)).is_some();
                if grand {
                    // A grand total closes every block still open.
                    while stack.len() > 1
                        && stack.last().and_then(|s| s.opener.as_deref()) != Some(l.key.as_str())
                    {
                        close_loose(&mut stack);
                    }
                }
                let closes = stack.len() > 1
                    && stack
                        .last()
                        .and_then(|s| s.opener.as_deref())
                        .is_some_and(|o| o == l.key);
                let at_top = stack.len() == 1;
                let lv = stack.last_mut().expect("top level");
                let ops: Vec<(usize, f64)> = lv.entries.iter().map(|&(j, s, _)| (j, s)).collect();
                if closes {
                    let lv = stack.pop().unwrap_or_default();
                    if !ops.is_empty() {
                        out.push(Relation {
                            total: i,
                            ops,
                            labelled: true,
                            loose: lv.loose,
                        });
                    }
                    let parent = stack.last_mut().expect("top level");
                    parent.entries.push((i, 1.0, true));
                    continue;
                }
                // Within its level: the plain entries since the last total, or all.
                let last_total = lv.entries.iter().rposition(|e| e.2);
                let plain: Vec<(usize, f64)> = lv.entries[last_total.map_or(0, |t| t + 1)..]
                    .iter()
                    .map(|&(j, s, _)| (j, s))
                    .collect();
                if !plain.is_empty() && plain.len() < ops.len() {
                    out.push(Relation {
                        total: i,
                        ops: plain.clone(),
                        labelled: false,
                        loose: lv.loose,
                    });
                }
                if !ops.is_empty() {
                    out.push(Relation {
                        total: i,
                        ops,
                        labelled: false,
                        loose: lv.loose,
                    });
                }
                if grand && at_top {
                    lv.entries.clear();
                    lv.loose = false;
                } else if !plain.is_empty() {
                    let keep = last_total.map_or(0, |t| t + 1);
                    lv.entries.truncate(keep);
                    lv.entries.push((i, 1.0, true));
                } else {
                    lv.entries.clear();
                    lv.entries.push((i, 1.0, true));
                }
            }
        }
    }
    out
}

fn sum_ops(g: &Grid, lines: &[Line], ops: &[(usize, f64)], col: usize) -> Option<Num> {
    let mut acc: Option<Num> = None;
    for &(j, s) in ops {
        if let Some(n) = g.num(lines[j].row, col) {
            let n = if s < 0.0 { n.neg() } else { n };
            acc = Some(acc.map_or(n, |a| a.add(n)));
        }
    }
    acc
}

/// Did some operand cell hold text that is not a number (a value not read)?
fn unread(g: &Grid, lines: &[Line], ops: &[(usize, f64)], col: usize) -> bool {
    ops.iter()
        .any(|&(j, _)| !g.is_blank(lines[j].row, col) && g.num(lines[j].row, col).is_none())
}

fn describe(lines: &[Line], ops: &[(usize, f64)]) -> String {
    let mut s = String::new();
    for (k, &(j, sign)) in ops.iter().enumerate() {
        if k > 0 || sign < 0.0 {
            s.push_str(if sign < 0.0 { " − " } else { " + " });
        }
        s.push_str(&lines[j].name);
    }
    s.trim_start_matches(" + ").to_string()
}

/// Record one relation per column over every reading: a pass when some
/// reading satisfies it, else a finding from the first reading that gives it.
fn judge(
    g: &Grid,
    lines: &[Line],
    total: usize,
    alternatives: &[&Relation],
    check: &str,
    rec: &mut Recorder,
) {
    for &col in &g.value_cols {
        let Some(stated) = g.num(lines[total].row, col) else {
            continue;
        };
        let sums: Vec<(Num, &Relation)> = alternatives
            .iter()
            .filter_map(|r| sum_ops(g, lines, &r.ops, col).map(|s| (s, *r)))
            .collect();
        if sums.is_empty() {
            continue;
        }
        if sums.iter().any(|(s, _)| stated.consistent(*s)) {
            rec.pass(check);
            continue;
        }
        // Report the reading that comes closest.
        let Some(&(computed, rel)) = sums.iter().min_by(|a, b| {
            (a.0.value - stated.value)
                .abs()
                .total_cmp(&(b.0.value - stated.value).abs())
        }) else {
            continue;
        };
        let uncertain = rel.loose || unread(g, lines, &rel.ops, col);
        let severity = if uncertain {
            Severity::Warning
        } else {
            Severity::Error
        };
        let operands = std::iter::once(lines[total].row)
            .chain(rel.ops.iter().map(|&(j, _)| lines[j].row))
            .filter_map(|r| g.operand(r, col))
            .collect();
        let why = if rel.loose {
            " (a block above it has no total of its own, so its rows were read into this one)"
        } else if uncertain {
            " (some operands could not be read as numbers)"
        } else {
            ""
        };
        rec.fail(finding(
            check,
            severity,
            stated,
            num::round(computed.value, computed.decimals),
            g.unit(col),
            format!(
                "{}: 「{}」 {} ≠ {} = {} in column 「{}」{}",
                g.table_name(),
                lines[total].name,
                show(stated),
                describe(lines, &rel.ops),
                show(computed),
                g.column_title(col),
                why
            ),
            g.location(lines[total].row, col),
            operands,
        ));
    }
}

fn ledger(g: &Grid, lines: &[Line], inputs: &[usize], rec: &mut Recorder) {
    let cs = choices(g, lines, inputs);
    let rs = readings(lines, &cs, inputs);
    let per_reading: Vec<Vec<Relation>> = rs.iter().map(|r| walk(lines, r)).collect();
    let mut totals: Vec<usize> = per_reading.iter().flatten().map(|r| r.total).collect();
    totals.sort_unstable();
    totals.dedup();
    for t in totals {
        let alts: Vec<&Relation> = per_reading
            .iter()
            .flatten()
            .filter(|r| r.total == t)
            .collect();
        judge(g, lines, t, &alts, "statement.total", rec);
    }
    // 其中: the part printed as one is at most its whole.
    for (i, l) in lines.iter().enumerate() {
        if l.prefix != Prefix::Part || l.kind != Kind::Item {
            continue;
        }
        let Some(w) = (0..i)
            .rev()
            .find(|&j| lines[j].kind == Kind::Item && lines[j].prefix != Prefix::Part)
        else {
            continue;
        };
        for &col in &g.value_cols {
            let (Some(part), Some(whole)) = (g.num(l.row, col), g.num(lines[w].row, col)) else {
                continue;
            };
            if part.lo <= whole.hi + 1e-9 || part.value < 0.0 || whole.value < 0.0 {
                rec.pass("statement.parts");
                continue;
            }
            rec.fail(finding(
                "statement.parts",
                Severity::Error,
                whole,
                part.value,
                g.unit(col),
                format!(
                    "{}: 「{}」 {} is less than its part 「{}」 {} in column 「{}」",
                    g.table_name(),
                    lines[w].name,
                    show(whole),
                    l.name,
                    show(part),
                    g.column_title(col)
                ),
                g.location(lines[w].row, col),
                [lines[w].row, l.row]
                    .iter()
                    .filter_map(|&r| g.operand(r, col))
                    .collect(),
            ));
        }
    }
}

fn is_result(name: &str) -> bool {
    [
        "营业利润",
        "利润总额",
        "净利润",
        "本期盈余",
        "本年盈余",
        "综合收益总额",
        "预算收支差额",
    ]
    .iter()
    .any(|w| name.ends_with(w) || name.starts_with(w))
}

fn is_cost(name: &str) -> bool {
    ["成本", "费用", "支出"].iter().any(|w| name.contains(w)) && !name.contains("收入")
}

/// Result rows and the cash-flow identities: template relations.
fn results(g: &Grid, lines: &[Line], inputs: &[usize], rec: &mut Recorder) {
    let cs = choices(g, lines, inputs);
    let rs = readings(lines, &cs, inputs);
    let mut prev_result: Option<usize> = None;
    for (i, l) in lines.iter().enumerate() {
        if l.kind != Kind::Item {
            continue;
        }
        // 营业利润 = 营业收入 − 营业成本 …: level-one rows and 加/减 runs since the last result.
        if l.level == Some(1) && is_result(&l.name) {
            // A ladder restarted at 一、 since the last result: a new statement
            // (two stacked one under the other) that does not carry it on.
            let restart = (0..i)
                .rev()
                .find(|&j| lines[j].level == Some(1) && g.rows[lines[j].row].ladder_start);
            if let (Some(p), Some(r)) = (prev_result, restart)
                && r > p
            {
                prev_result = None;
            }
            let from = prev_result.map_or(restart.unwrap_or(0), |p| p + 1);
            let alts: Vec<Relation> = rs
                .iter()
                .map(|rd| {
                    let mut ops: Vec<(usize, f64)> =
                        prev_result.map(|p| (p, 1.0)).into_iter().collect();
                    let mut run_sign: Option<f64> = None;
                    for (j, m) in lines.iter().enumerate().take(i).skip(from) {
                        if rd.part[j] || m.kind != Kind::Item {
                            if m.kind != Kind::Item {
                                run_sign = None;
                            }
                            continue;
                        }
                        match m.prefix {
                            Prefix::Add => run_sign = Some(1.0),
                            Prefix::Sub => run_sign = Some(-1.0),
                            _ => {}
                        }
                        if m.level == Some(1) {
                            run_sign = None;
                            let s = if is_cost(&m.name) { -1.0 } else { 1.0 };
                            ops.push((j, s));
                        } else if m.level.is_none()
                            && let Some(s) = run_sign
                        {
                            // Within a 减 run the reading decides how far it reaches.
                            let s = if m.prefix == Prefix::None && rd.sign[j] > 0.0 && s < 0.0 {
                                1.0
                            } else {
                                s
                            };
                            ops.push((j, s));
                        }
                    }
                    Relation {
                        total: i,
                        ops,
                        labelled: true,
                        loose: false,
                    }
                })
                .filter(|r| !r.ops.is_empty())
                .collect();
            // Marked operands only: a template relation; with 加/减 runs the
            // extent of each run is read from position, so a warning.
            let refs: Vec<&Relation> = alts.iter().collect();
            if !refs.is_empty() {
                let certain = refs[0]
                    .ops
                    .iter()
                    .all(|&(j, _)| lines[j].level == Some(1) || Some(j) == prev_result);
                let mut sub = Recorder::default();
                judge(g, lines, i, &refs, "statement.result", &mut sub);
                for mut f in sub.findings {
                    if !certain && f.severity == Severity::Error {
                        f.severity = Severity::Warning;
                        f.message
                            .push_str(" (how far each 加/减 row reaches is read from position)");
                    }
                    rec.fail(f);
                }
                for (name, c) in sub.summary.by_check {
                    for _ in 0..c.passed {
                        rec.pass(&name);
                    }
                }
            }
            prev_result = Some(i);
            continue;
        }
        // Cash flows.
        if l.name.ends_with("现金流量净额") {
            // The inflow and outflow subtotals of its block.
            let start = (0..i)
                .rev()
                .find(|&j| lines[j].kind == Kind::Opener || lines[j].name.ends_with("现金流量净额"))
                .map_or(0, |j| j + 1);
            let inflow = (start..i)
                .rev()
                .find(|&j| lines[j].kind == Kind::Total && lines[j].name.contains("流入"));
            let outflow = (start..i)
                .rev()
                .find(|&j| lines[j].kind == Kind::Total && lines[j].name.contains("流出"));
            if let (Some(a), Some(b)) = (inflow, outflow) {
                let rel = Relation {
                    total: i,
                    ops: vec![(a, 1.0), (b, -1.0)],
                    labelled: true,
                    loose: false,
                };
                judge(g, lines, i, &[&rel], "statement.result", rec);
            }
        } else if l.name.contains("现金及现金等价物净增加额") {
            let ops: Vec<(usize, f64)> = (0..i)
                .filter(|&j| {
                    lines[j].kind == Kind::Item
                        && (lines[j].name.ends_with("现金流量净额")
                            || lines[j].name.contains("汇率变动"))
                })
                .map(|j| (j, 1.0))
                .collect();
            if ops
                .iter()
                .filter(|&&(j, _)| lines[j].name.ends_with("现金流量净额"))
                .count()
                >= 2
            {
                let rel = Relation {
                    total: i,
                    ops,
                    labelled: true,
                    loose: false,
                };
                judge(g, lines, i, &[&rel], "statement.result", rec);
            }
        } else if l.name.contains("期末现金及现金等价物余额") {
            let increase = (0..i)
                .rev()
                .find(|&j| lines[j].name.contains("现金及现金等价物净增加额"));
            let opening = (0..i)
                .rev()
                .find(|&j| lines[j].name.contains("期初现金及现金等价物余额"));
            if let (Some(a), Some(b)) = (increase, opening) {
                let rel = Relation {
                    total: i,
                    ops: vec![(a, 1.0), (b, 1.0)],
                    labelled: true,
                    loose: false,
                };
                judge(g, lines, i, &[&rel], "statement.result", rec);
            }
        }
    }
}

/// A marked row (一、本期收入) against its marked sub-rows (（一）…（十一）),
/// parts (其中) left out.
fn marked_hierarchy(g: &Grid, lines: &[Line], rec: &mut Recorder) {
    for (i, l) in lines.iter().enumerate() {
        if l.kind != Kind::Item || l.level.is_none() {
            continue;
        }
        let kids: Vec<usize> = (i + 1..lines.len())
            .filter(|&j| g.rows[lines[j].row].parent == Some(lines[i].row))
            .filter(|&j| {
                g.rows[lines[j].row].link == Link::Marked && lines[j].prefix != Prefix::Part
            })
            .collect();
        if kids.len() < 2 {
            continue;
        }
        let rel = Relation {
            total: i,
            ops: kids.iter().map(|&j| (j, 1.0)).collect(),
            labelled: true,
            loose: false,
        };
        judge(g, lines, i, &[&rel], "statement.hierarchy", rec);
    }
}

/// The two sides of a balance sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// 资产总计 (or 资产合计).
    Assets,
    /// 负债和净资产总计, 负债及所有者权益合计 ….
    Claims,
}

/// The total of a whole side of a balance sheet, by its name (whitespace and
/// brackets removed), whether it is called 总计 or 合计.
fn side_total(name: &str) -> Option<Side> {
    let key = name
        .strip_suffix("总计")
        .or_else(|| name.strip_suffix("合计"))?;
    if key == "资产" {
        Some(Side::Assets)
    } else if key.starts_with("负债")
        && key.len() > "负债".len()
        && key.contains(['和', '及', '与'])
    {
        Some(Side::Claims)
    } else {
        None
    }
}

/// 资产总计 = 负债和所有者权益（净资产）总计, column by column (matched by the
/// last part of their titles), whether the two sides stand one under the
/// other or side by side.
fn balance_identity(table: &Table, hs: &[std::borrow::Cow<'_, Table>], rec: &mut Recorder) {
    let mut assets = None;
    let mut claims = None;
    for half in hs {
        let g = Grid::new(half);
        for (r, info) in g.rows.iter().enumerate() {
            let name: String = info.label.chars().filter(|c| !c.is_whitespace()).collect();
            let name = strip_parens(&name);
            match side_total(&name) {
                Some(Side::Assets) => assets = Some((half, r)),
                Some(Side::Claims) => claims = Some((half, r)),
                None => {}
            }
        }
    }
    let (Some((ha, ra)), Some((hc, rc))) = (assets, claims) else {
        return;
    };
    let ga = Grid::new(ha);
    let gc = Grid::new(hc);
    let last = |t: &str| t.rsplit('/').next().unwrap_or(t).to_string();
    for &ca in &ga.value_cols {
        let title = last(&ga.column_title(ca));
        let Some(&cc) = gc.value_cols.iter().find(|&&c| {
            if std::ptr::eq(ha, hc) {
                c == ca
            } else {
                last(&gc.column_title(c)) == title
            }
        }) else {
            continue;
        };
        let (Some(a), Some(c)) = (ga.num(ra, ca), gc.num(rc, cc)) else {
            continue;
        };
        if a.consistent(c) {
            rec.pass("statement.balance");
            continue;
        }
        let _ = table;
        rec.fail(finding(
            "statement.balance",
            Severity::Error,
            a,
            c.value,
            ga.unit(ca),
            format!(
                "{}: 「{}」 {} ≠ 「{}」 {} in column 「{}」 (assets must equal liabilities and equity)",
                ga.table_name(),
                ga.label(ra),
                show(a),
                gc.label(rc),
                show(c),
                title
            ),
            ga.location(ra, ca),
            [ga.operand(ra, ca), gc.operand(rc, cc)].into_iter().flatten().collect(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_table;

    #[test]
    fn side_totals_by_name() {
        assert_eq!(side_total("资产总计"), Some(Side::Assets));
        assert_eq!(side_total("资产合计"), Some(Side::Assets));
        assert_eq!(side_total("负债和净资产合计"), Some(Side::Claims));
        assert_eq!(side_total("负债及所有者权益总计"), Some(Side::Claims));
        assert_eq!(side_total("负债合计"), None);
        assert_eq!(side_total("流动资产合计"), None);
        assert_eq!(side_total("净资产合计"), None);
    }

    #[test]
    fn a_net_row_is_its_gross_less_the_deductions_and_they_stay_out_of_the_block() {
        let rows: &[&[&str]] = &[
            &["非流动资产：", "", ""],
            &["固定资产原值", "100.00", "90.00"],
            &["减：固定资产累计折旧", "40.00", "30.00"],
            &["固定资产净值", "60.00", "60.00"],
            &["公共基础设施净值", "20.00", "25.00"],
            &["非流动资产合计", "80.00", "85.00"],
        ];
        let run = |rows: &[&[&str]]| {
            let mut t = test_table("万元", &["项目", "期末余额", "年初余额"], rows);
            t.caption = Some("资产负债表".into());
            let mut rec = Recorder::default();
            check(&t, &mut rec);
            rec
        };
        let rec = run(rows);
        assert!(rec.findings.is_empty(), "{:?}", rec.findings);
        assert_eq!(rec.summary.by_check["statement.net"].passed, 2);
        let mut bad = rows.to_vec();
        bad[2] = &["减：固定资产累计折旧", "41.00", "30.00"];
        let rec = run(&bad);
        assert_eq!(rec.findings.len(), 1, "{:?}", rec.findings);
        assert_eq!(rec.findings[0].check, "statement.net");
        assert_eq!(rec.findings[0].computed, 59.0);
    }
}
