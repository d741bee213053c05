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
    for &col in &g.value_cols {
        hierarchy(g, col, rec);
        totals(g, col, rec);
    }
}

/// Sum of the given rows in one column: None when none of them holds a number.
fn sum_rows(g: &Grid, rows: &[usize], col: usize) -> Option<Num> {
    let nums: Vec<Num> = rows.iter().filter_map(|&r| g.num(r, col)).collect();
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
        let Some(stated) = g.num(r, col) else {
            continue;
        };
        let Some(total) = sum_rows(g, &kids, col) else {
            continue;
        };
        let link = g.rows[kids[0]].link;
        let names: Vec<&str> = kids.iter().map(|&k| g.label(k)).collect();
        let operands = kids
            .iter()
            .filter_map(|&k| g.operand(k, col))
            .collect::<Vec<_>>();
        if link == Link::Part {
            // 其中: the parent is at least the sum of its parts.
            if stated.hi + 1e-9 >= total.lo {
                rec.pass("table.parts");
            } else {
                let c = num::round(total.value, total.decimals);
                rec.fail(finding(
                    "table.parts",
                    Severity::Error,
                    stated,
                    c,
                    g.unit(col),
                    format!(
                        "{}: 「{}」 {} is less than its parts (其中) {} = {} in column 「{}」",
                        g.table_name(),
                        g.label(r),
                        show(stated),
                        names.join(" + "),
                        show(total),
                        g.column_title(col)
                    ),
                    g.location(r, col),
                    operands,
                ));
            }
            continue;
        }
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
                    show(stated),
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
    // The totals met so far, in order (for a total of totals).
    let mut earlier: Vec<usize> = Vec::new();
    for (t, info) in g.rows.iter().enumerate() {
        if info.kind != RowKind::Total {
            continue;
        }
        let before_this = std::mem::take(&mut earlier);
        earlier.extend(before_this.iter().copied().chain([t]));
        let span: Vec<usize> = (start..t)
            .filter(|&r| g.rows[r].kind == RowKind::Item)
            .collect();
        let this_start = start;
        start = t + 1;
        let Some(stated) = g.num(t, col) else {
            prev_total = Some(t);
            continue;
        };
        let _ = this_start;
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
            .filter(|&r| g.children(r).is_empty() && g.rows[r].link != Link::Part)
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
        candidates.push(("leaves", leaves));
        // Rows made 其中 parts by position alone (they follow a 其中 row but
        // do not say 其中) under a parent with no amount in this column: a
        // balance sheet's "应付债券 / 其中：优先股 / 永续债 / 长期应付款 …" —
        // the list's end cannot be read, so they may be items of the total.
        let positional: Vec<usize> = span
            .iter()
            .copied()
            .filter(|&r| {
                g.rows[r].link == Link::Part
                    && !g.rows[r].label.starts_with("其中")
                    && g.rows[r].parent.is_some_and(|p| g.num(p, col).is_none())
            })
            .collect();
        if !positional.is_empty() {
            let mut rows = top.clone();
            rows.extend(&positional);
            candidates.push(("positional parts", rows));
        }
        // A total with no amounts of its own above it sums totals before it
        // (资产总计 = 流动资产合计 + 非流动资产合计; 负债和所有者权益总计 =
        // 负债合计 + 所有者权益合计): the last two, three … of them.
        let own_numbers = span.iter().any(|&r| g.num(r, col).is_some());
        if !own_numbers {
            for k in 2..=before_this.len() {
                candidates.push((
                    "earlier totals",
                    before_this[before_this.len() - k..].to_vec(),
                ));
            }
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
        prev_total = Some(t);
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
        if fits {
            rec.pass("table.total");
            continue;
        }
        // Report the most natural reading: marked top-level rows, else top-level rows.
        let (reported, rows) = if !marked.is_empty() {
            (sum_rows(g, &marked, col), &marked)
        } else {
            (sum_rows(g, &top, col), &top)
        };
        let (Some(computed), rows) = (reported.or(with_prev), rows) else {
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
            // other items are almost surely on a page not joined to this one.
            || (first_total
                && span.iter().filter(|&&r| g.num(r, col).is_some()).count() < 2);
        // Which rows the total closes was read from position alone.
        let uncertain = !own_numbers || !positional.is_empty();
        let severity = if segments_with_numbers <= 1 && !fragment && !uncertain {
            Severity::Error
        } else {
            Severity::Warning
        };
        let names: Vec<&str> = rows.iter().map(|&r| g.label(r)).collect();
        let operands = rows
            .iter()
            .filter_map(|&r| g.operand(r, col))
            .collect::<Vec<_>>();
        let c = num::round(computed.value, computed.decimals);
        rec.fail(finding(
            "table.total",
            severity,
            stated,
            c,
            g.unit(col),
            format!(
                "{}: 「{}」 {} ≠ {} = {} in column 「{}」",
                g.table_name(),
                g.label(t),
                show(stated),
                names.join(" + "),
                show(computed),
                g.column_title(col)
            ),
            g.location(t, col),
            operands,
        ));
    }
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_table;

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
    fn a_balance_sheet_total_of_totals_and_a_list_after_an_empty_qizhong() {
        // 资产总计 closes no rows of its own: it sums the two 合计 above it.
        // 应付债券 (empty) / 其中：优先股 / 永续债 / … : where the 其中 list
        // ends cannot be read, so the rows after it may be the total's items.
        let rows: &[&[&str]] = &[
            &["", "流动资产：", ""],
            &["", "货币资金", "40.00"],
            &["", "应收账款", "60.00"],
            &["", "流动资产合计", "100.00"],
            &["", "非流动资产：", ""],
            &["", "固定资产", "30.00"],
            &["", "非流动资产合计", "30.00"],
            &["", "资产总计", "130.00"],
            &["", "非流动负债：", ""],
            &["", "应付债券", ""],
            &["", "其中：优先股", ""],
            &["", "永续债", ""],
            &["", "专项应付款", "12.00"],
            &["", "预计负债", "8.00"],
            &["", "非流动负债合计", "20.00"],
        ];
        let rec = run(rows);
        assert!(rec.findings.is_empty(), "{:?}", rec.findings);
        assert_eq!(rec.summary.by_check["table.total"].passed, 4);
        // 资产总计 off: its items were read from position, so a warning.
        let mut bad = rows.to_vec();
        bad[7] = &["", "资产总计", "131.00"];
        let rec = run(&bad);
        assert_eq!(rec.findings.len(), 1, "{:?}", rec.findings);
        assert_eq!(rec.findings[0].severity, Severity::Warning);
        // The 非流动负债合计 off: a warning too (the list's end is a guess).
        let mut bad = rows.to_vec();
        bad[14] = &["", "非流动负债合计", "21.00"];
        let rec = run(&bad);
        assert_eq!(rec.findings.len(), 1, "{:?}", rec.findings);
        assert_eq!(rec.findings[0].severity, Severity::Warning);
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
}
