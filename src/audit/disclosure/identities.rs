//! Cross-table identities of a budget or final-accounts disclosure, each its
//! own check:
//! - `disclosure.summary_totals`: the 收支总表's 本年收入/支出合计 equals the
//!   total of the 收入总表 / 支出总表, and its 基本支出 / 项目支出 rows the
//!   支出总表's columns; its 功能分类 list adds up to 本年支出合计 where the
//!   list has no total of its own; its 收入总计 equals its 支出总计 (and the
//!   财政拨款收支总表's);
//! - `disclosure.general_budget_total`: the 一般公共预算 column of the
//!   财政拨款收支总表 equals the 一般公共预算支出表's total;
//! - `disclosure.code_amounts`: a 科目编码 carries the same amount in every
//!   table whose column means the same (flow, funds, 合计/基本支出/项目支出 …,
//!   stage);
//! - `disclosure.fund_split`: a code's 财政拨款 amount equals the sum of its
//!   一般公共预算, 政府性基金 and 国有资本经营 amounts in their own tables (a
//!   code a fund table does not list is zero there);
//! - `disclosure.basic_split`: 基本支出 of the function tables equals the
//!   economic table's total and 人员经费 + 公用经费;
//! - `disclosure.sangong`: 三公经费 is the sum of 因公出国（境）, 公务用车购置及
//!   运行 and 公务接待, and the car line of 购置 and 运行 (and a table 合计
//!   that adds 会议费 and 培训费 to them).
//!
//! A difference of one unit in the last decimal is a rounding adjustment (a
//! total forced to agree): a `warning`, never an `error`. Amounts whose
//! meaning was read from position (a column without a title, a table known by
//! its columns) give `warning`s. A check whose tables are not in the file (a
//! disclosure published as several files) is not run.

use super::facts::{Facts, Flow, Meta, Scope, Total, sangong_item, stage_of};
use crate::audit::num::{self, Num};
use crate::audit::{Recorder, finding, show};
use crate::model::{Document, Fact, Location, Operand, Severity, Stage, TableKind};

pub fn check(doc: &Document, facts: &Facts, rec: &mut Recorder) {
    summary_totals(doc, facts, rec);
    summary_uses(doc, facts, rec);
    summary_functions(doc, facts, rec);
    summary_balance(doc, facts, rec);
    general_budget_total(doc, facts, rec);
    code_amounts(doc, facts, rec);
    fund_split(doc, facts, rec);
    basic_split(doc, facts, rec);
    sangong(doc, rec);
}

type Item<'a> = (&'a Fact, &'a Meta);

/// An amount as a check operand.
pub fn operand(doc: &Document, f: &Fact, label: &str) -> Operand {
    Operand {
        label: format!("{label}: {}", super::facts::describe(doc, f)),
        value: f.value,
        text: doc.tables[f.table]
            .rows
            .get(f.row)
            .and_then(|r| r.get(f.column))
            .map(|c| c.text.trim().to_string())
            .unwrap_or_default(),
        location: location(doc, f),
    }
}

pub fn location(doc: &Document, f: &Fact) -> Location {
    Location {
        table: Some(f.table),
        row: Some(f.row),
        column: Some(f.column),
        section: doc.tables[f.table].section.clone(),
        source: f.location.clone(),
        offset: None,
    }
}

/// The size of one unit in the last decimal of the coarser of two amounts.
fn last_unit(a: Num, b: Num) -> f64 {
    10f64.powi(-(a.decimals.min(b.decimals) as i32))
}

/// Is the difference exactly one unit in the last decimal?
fn one_unit_apart(a: Num, b: Num) -> bool {
    let u = last_unit(a, b);
    ((a.value - b.value).abs() - u).abs() < u * 1e-3
}

/// Do two amounts agree? Two figures written to the same decimals stand for
/// the same quantity only when equal (the same amount rounds the same way in
/// every table); otherwise the intervals they stand for must overlap.
fn agrees(a: Num, b: Num) -> bool {
    let u = last_unit(a, b);
    if a.decimals == b.decimals && a.lo < a.hi && b.lo < b.hi {
        return (a.value - b.value).abs() < u * 1e-3;
    }
    let eps = 1e-9 * (1.0 + a.value.abs().max(b.value.abs()));
    a.lo < b.hi - eps && b.lo < a.hi - eps || a.consistent(b) && (a.lo == a.hi || b.lo == b.hi)
}

/// Compare `stated` (from one table) with `other` (what another table or
/// the parts give); record a pass or a finding.
#[allow(clippy::too_many_arguments)]
fn compare(
    doc: &Document,
    rec: &mut Recorder,
    check: &str,
    stated: Item,
    computed: Num,
    certain: bool,
    what: &str,
    operands: Vec<Operand>,
) {
    let (f, m) = stated;
    if agrees(m.num, computed) {
        rec.pass(check);
        return;
    }
    let rounding = one_unit_apart(m.num, computed);
    let severity = if rounding || !certain {
        Severity::Warning
    } else {
        Severity::Error
    };
    let c = num::round(computed.value, computed.decimals.clamp(2, 4));
    let mut message = format!(
        "{what}: {} states {} but {} gives {}",
        super::facts::describe(doc, f),
        show(m.num),
        operands
            .iter()
            .skip(1)
            .map(|o| o.label.split(": ").next().unwrap_or("").to_string())
            .collect::<Vec<_>>()
            .join(" + "),
        show(Num {
            value: c,
            ..computed
        })
    );
    if rounding {
        message.push_str(" — one unit in the last decimal: a rounding adjustment (a total forced to agree), not an error");
    } else if !certain {
        message.push_str(" (a table or column read from position)");
    }
    rec.fail(finding(
        check,
        severity,
        m.num,
        c,
        f.unit.clone(),
        message,
        location(doc, f),
        operands,
    ));
}

/// The total of one side of a table: 本年…合计, or a grand total (总计) when
/// that side carries nothing over (no 结转/结余 amounts).
fn side_total<'a>(
    facts: &'a Facts,
    kinds: &[TableKind],
    flow: Flow,
    scope: Option<Scope>,
    measure: &str,
) -> Option<Item<'a>> {
    let in_side = |f: &Fact, m: &Meta| {
        kinds.contains(&f.table_kind)
            && m.flow == flow
            && scope.is_none_or(|s| s == m.scope)
            && f.measure == measure
    };
    let year = facts
        .iter()
        .find(|(f, m)| in_side(f, m) && m.total == Some(Total::Year));
    if year.is_some() {
        return year;
    }
    let carries = facts.iter().any(|(f, m)| {
        kinds.contains(&f.table_kind)
            && m.flow == flow
            && (f.name.contains("结转") || f.name.contains("结余"))
            && !m.num.is_zero()
    });
    if carries {
        return None;
    }
    facts
        .iter()
        .find(|(f, m)| in_side(f, m) && m.total == Some(Total::Grand))
}

fn summary_totals(doc: &Document, facts: &Facts, rec: &mut Recorder) {
    use TableKind::*;
    for (flow, table, word) in [
        (Flow::Income, IncomeSummary, "收入"),
        (Flow::Expenditure, ExpenditureSummary, "支出"),
    ] {
        let Some(summary) = side_total(facts, &[IncomeExpenditureSummary], flow, None, "合计")
        else {
            continue;
        };
        let Some(part) = side_total(facts, &[table], flow, Some(Scope::All), "合计") else {
            continue;
        };
        let certain = summary.1.explicit && part.1.explicit;
        // A 合计 that includes the carry-over printed beside it (收入表:
        // 合计 | 上年结转 | 财政拨款 …) is this year's total plus it: the
        // 收支总表's 本年收入合计 plus that carry-over is what it states.
        if let Some(carry) = carried_in(doc, facts, part, flow) {
            let name = carry.0.measure.clone();
            compare(
                doc,
                rec,
                "disclosure.summary_totals",
                part,
                summary.1.num.add(carry.1.num),
                certain && carry.1.explicit,
                &format!(
                    "本年{word}合计 of the 收支总表 plus {name} against the {word}总表's 合计, which includes it"
                ),
                vec![
                    operand(doc, part.0, &format!("{word}总表")),
                    operand(doc, summary.0, "收支总表"),
                    operand(doc, carry.0, &name),
                ],
            );
            continue;
        }
        compare(
            doc,
            rec,
            "disclosure.summary_totals",
            summary,
            part.1.num,
            certain,
            &format!("本年{word}合计 of the 收支总表 against the {word}总表"),
            vec![
                operand(doc, summary.0, "收支总表"),
                operand(doc, part.0, &format!("{word}总表")),
            ],
        );
    }
}

/// The carry-over a side table's total includes: on the total's row, an
/// amount in a carry-over column (上年结转 / 年初结转和结余 of income,
/// 年末结转和结余 of expenditure) beside a 合计 column whose title does not
/// say it is this year's (本年收入合计 is without the carry-over; a bare
/// 合计 beside 上年结转 counts it in, as the budget templates print it).
fn carried_in<'a>(doc: &Document, facts: &'a Facts, total: Item, flow: Flow) -> Option<Item<'a>> {
    let title: String = doc.tables[total.0.table]
        .columns
        .get(total.0.column)?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if title.contains("本年") || title.contains("当年") {
        return None;
    }
    let measure = match flow {
        Flow::Income => "年初结转和结余",
        Flow::Expenditure => "年末结转和结余",
    };
    facts.iter().find(|(f, m)| {
        f.table == total.0.table
            && f.row == total.0.row
            && f.column != total.0.column
            && m.flow == flow
            && f.measure == measure
            && !m.num.is_zero()
    })
}

/// 基本支出 and 项目支出 of the 支出总表 against the 收支总表's 支出用途 rows
/// ("一、基本支出 9,312.90").
fn summary_uses(doc: &Document, facts: &Facts, rec: &mut Recorder) {
    use TableKind::*;
    for measure in ["基本支出", "项目支出"] {
        let Some(part) = side_total(
            facts,
            &[ExpenditureSummary],
            Flow::Expenditure,
            Some(Scope::All),
            measure,
        ) else {
            continue;
        };
        let Some(summary) = facts.iter().find(|(f, m)| {
            f.table_kind == IncomeExpenditureSummary
                && m.flow == Flow::Expenditure
                && f.name == measure
                && f.measure == "合计"
        }) else {
            continue;
        };
        compare(
            doc,
            rec,
            "disclosure.summary_totals",
            summary,
            part.1.num,
            summary.1.explicit && part.1.explicit,
            &format!("{measure} of the 收支总表 against the 支出总表"),
            vec![
                operand(doc, summary.0, "收支总表"),
                operand(doc, part.0, "支出总表"),
            ],
        );
    }
}

/// The 收支总表's 功能分类 list (一般公共服务支出, 住房保障支出, …) against
/// the year's expenditure, when its column holds no total of its own:
/// Jiangsu's 收支预算总表 prints 当年支出小计 once, in the 支出用途 column
/// beside it, for both lists. The list is the column titled 功能分类 (or
/// whose amounts all carry a 类 code), of one level: an item numbered as a
/// sub-item ("1.", "（一）") leaves it to the table checks, as does a list
/// with a total of its own.
fn summary_functions(doc: &Document, facts: &Facts, rec: &mut Recorder) {
    use TableKind::*;
    let Some(total) = side_total(
        facts,
        &[IncomeExpenditureSummary],
        Flow::Expenditure,
        None,
        "合计",
    ) else {
        return;
    };
    let table = &doc.tables[total.0.table];
    // The side's items and totals of this table, by column (one pass over
    // the facts, whatever the table's width).
    let mut by_column: std::collections::BTreeMap<usize, (Vec<Item>, bool)> = Default::default();
    for (f, m) in facts.iter() {
        if f.table != total.0.table || f.column == total.0.column {
            continue;
        }
        let entry = by_column.entry(f.column).or_default();
        if m.total.is_some() {
            entry.1 = true;
        } else if m.flow == Flow::Expenditure && f.measure == "合计" {
            entry.0.push((f, m));
        }
    }
    for (col, (items, own_total)) in by_column {
        if items.is_empty() || own_total {
            continue;
        }
        let functions = table.columns.get(col).is_some_and(|t| t.contains("功能"))
            || items.iter().all(|(f, _)| {
                f.code.as_deref().and_then(crate::audit::grid::code_level) == Some(1)
            });
        let sub_item = items.iter().any(|(f, _)| {
            let label = col
                .checked_sub(1)
                .and_then(|c| table.rows.get(f.row)?.get(c))
                .map_or("", |c| c.text.trim());
            crate::structure::headings::mark(label).is_some_and(|m| m.level > 1)
        });
        if !functions || sub_item {
            continue;
        }
        let certain = total.1.explicit && items.iter().all(|(_, m)| m.explicit);
        let mut operands = vec![operand(doc, total.0, "收支总表")];
        operands.extend(items.iter().map(|(f, _)| operand(doc, f, &f.name)));
        compare(
            doc,
            rec,
            "disclosure.summary_totals",
            total,
            num::sum(items.iter().map(|(_, m)| m.num)),
            certain,
            "本年支出合计 of the 收支总表 against its 功能分类 list",
            operands,
        );
    }
}

/// A 收支总表 balances: its 收入总计 equals its 支出总计 (the same in the
/// 财政拨款收支总表), each side's grand total, carry-overs included.
fn summary_balance(doc: &Document, facts: &Facts, rec: &mut Recorder) {
    use TableKind::*;
    for kind in [IncomeExpenditureSummary, FiscalAppropriationSummary] {
        let grand = |flow: Flow| {
            facts.iter().find(|(f, m)| {
                f.table_kind == kind
                    && m.flow == flow
                    && m.total == Some(Total::Grand)
                    && f.measure == "合计"
            })
        };
        let (Some(income), Some(spending)) = (grand(Flow::Income), grand(Flow::Expenditure)) else {
            continue;
        };
        if income.0.table != spending.0.table {
            continue;
        }
        let name = doc.tables[income.0.table]
            .caption
            .clone()
            .unwrap_or_else(|| "收支总表".into());
        compare(
            doc,
            rec,
            "disclosure.summary_totals",
            spending,
            income.1.num,
            income.1.explicit && spending.1.explicit,
            &format!("支出总计 against 收入总计 of the {name}"),
            vec![
                operand(doc, spending.0, "支出总计"),
                operand(doc, income.0, "收入总计"),
            ],
        );
    }
}

fn general_budget_total(doc: &Document, facts: &Facts, rec: &mut Recorder) {
    use TableKind::*;
    let Some(fas) = side_total(
        facts,
        &[FiscalAppropriationSummary],
        Flow::Expenditure,
        Some(Scope::General),
        "合计",
    ) else {
        return;
    };
    let Some(gb) = side_total(
        facts,
        &[GeneralBudgetByFunction],
        Flow::Expenditure,
        Some(Scope::General),
        "合计",
    ) else {
        return;
    };
    compare(
        doc,
        rec,
        "disclosure.general_budget_total",
        fas,
        gb.1.num,
        fas.1.explicit && gb.1.explicit,
        "一般公共预算 column of the 财政拨款收支总表 against the 一般公共预算支出表's total",
        vec![
            operand(doc, fas.0, "财政拨款收支总表"),
            operand(doc, gb.0, "一般公共预算支出表"),
        ],
    );
}

/// The same 科目编码 with the same meaning in two tables.
fn code_amounts(doc: &Document, facts: &Facts, rec: &mut Recorder) {
    type Key<'a> = (
        &'a str,
        Flow,
        Scope,
        &'a str,
        Option<Stage>,
        Option<&'a str>,
    );
    let mut groups: Vec<(Key, Vec<usize>)> = Vec::new();
    for (i, (f, m)) in facts.iter().enumerate() {
        let Some(code) = f.code.as_deref() else {
            continue;
        };
        if m.total.is_some() {
            continue;
        }
        let k: Key = (
            code,
            m.flow,
            m.scope,
            f.measure.as_str(),
            f.stage,
            f.unit.as_deref(),
        );
        match groups.iter_mut().find(|(x, _)| *x == k) {
            Some((_, v)) => v.push(i),
            None => groups.push((k, vec![i])),
        }
    }
    for ((code, _, scope, measure, _, _), members) in groups {
        let first = members[0];
        let (ff, fm) = (&facts.facts[first], &facts.meta[first]);
        let mut tables = vec![ff.table];
        for &i in &members[1..] {
            let (f, m) = (&facts.facts[i], &facts.meta[i]);
            // One comparison per table, against the first table naming it.
            if tables.contains(&f.table) {
                continue;
            }
            tables.push(f.table);
            compare(
                doc,
                rec,
                "disclosure.code_amounts",
                (f, m),
                fm.num,
                m.explicit && fm.explicit,
                &format!(
                    "科目 {code} {} ({}, {measure}) in two tables",
                    f.name,
                    scope.name()
                ),
                vec![operand(doc, f, "here"), operand(doc, ff, "there")],
            );
        }
    }
}

/// 财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营, code by code, when the
/// 财政拨款支出表 and the funds' own tables are all in the file.
fn fund_split(doc: &Document, facts: &Facts, rec: &mut Recorder) {
    use TableKind::*;
    let has = |k: TableKind| doc.tables.iter().any(|t| t.kind == Some(k));
    if !(has(FiscalAppropriationByFunction) && has(GeneralBudgetByFunction) && has(GovernmentFund))
    {
        return;
    }
    // No 国有资本经营 table: its amounts are known to be nil when the
    // 财政拨款收支总表 has a 国有资本经营 column with nothing in it.
    let capital_nil = doc
        .tables
        .iter()
        .filter(|t| t.kind == Some(FiscalAppropriationSummary))
        .any(|t| {
            t.columns.iter().enumerate().any(|(c, title)| {
                title.contains("国有资本经营")
                    && t.rows
                        .iter()
                        .all(|r| r.get(c).is_none_or(|x| x.value.is_none_or(|v| v == 0.0)))
            })
        });
    let capital_listed = has(StateCapitalOperation) || capital_nil;
    let titled = |k: TableKind| {
        facts
            .iter()
            .filter(|(f, _)| f.table_kind == k)
            .all(|(_, m)| m.explicit)
    };
    let certain = capital_listed
        && titled(GeneralBudgetByFunction)
        && titled(GovernmentFund)
        && (capital_nil || titled(StateCapitalOperation));
    for (f, m) in facts.iter() {
        if f.table_kind != FiscalAppropriationByFunction || m.total.is_some() {
            continue;
        }
        let Some(code) = f.code.as_deref() else {
            continue;
        };
        let mut operands = vec![operand(doc, f, "财政拨款")];
        let mut sum = Num::zero();
        for (kind, word) in [
            (GeneralBudgetByFunction, "一般公共预算"),
            (GovernmentFund, "政府性基金"),
            (StateCapitalOperation, "国有资本经营"),
        ] {
            if let Some((pf, pm)) = facts.iter().find(|(p, pm)| {
                p.table_kind == kind
                    && p.code.as_deref() == Some(code)
                    && p.measure == f.measure
                    && p.stage == f.stage
                    && p.unit == f.unit
                    && pm.total.is_none()
            }) {
                sum = sum.add(pm.num);
                operands.push(operand(doc, pf, word));
            }
        }
        compare(
            doc,
            rec,
            "disclosure.fund_split",
            (f, m),
            sum,
            certain && m.explicit,
            &format!(
                "科目 {code} {}: 财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营",
                f.name
            ),
            operands,
        );
    }
}

/// A labelled amount read from position: the first number right of a cell
/// whose text is `label` (人员经费合计 | … | 2,152.26).
fn labelled_amount(
    doc: &Document,
    kind: TableKind,
    label: &str,
) -> Option<(usize, usize, usize, Num)> {
    for t in doc.tables.iter().filter(|t| t.kind == Some(kind)) {
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let text: String = cell.text.chars().filter(|c| !c.is_whitespace()).collect();
                if text != label {
                    continue;
                }
                for (vc, x) in row.iter().enumerate().skip(c + 1) {
                    if let Some(n) = super::facts::cell_num(x, t.unit.as_deref()) {
                        return Some((t.id, r, vc, n));
                    }
                    if !x.text.trim().is_empty() {
                        break;
                    }
                }
            }
        }
    }
    None
}

fn basic_split(doc: &Document, facts: &Facts, rec: &mut Recorder) {
    use TableKind::*;
    for (scope, function_kinds, econ_kind) in [
        (
            Scope::General,
            &[GeneralBudgetByFunction][..],
            GeneralBudgetBasicByEconomic,
        ),
        (
            Scope::Fiscal,
            &[FiscalAppropriationSummary, FiscalAppropriationByFunction][..],
            FiscalAppropriationBasicByEconomic,
        ),
    ] {
        // 基本支出 as the function side states it: a 基本支出 column's
        // total, or a "基本支出" row of the 支出用途 side.
        let basic = side_total(
            facts,
            function_kinds,
            Flow::Expenditure,
            Some(scope),
            "基本支出",
        )
        .or_else(|| {
            facts.iter().find(|(f, m)| {
                function_kinds.contains(&f.table_kind)
                    && m.scope == scope
                    && f.name == "基本支出"
                    && f.measure == "合计"
            })
        });
        let econ_total = side_total(facts, &[econ_kind], Flow::Expenditure, Some(scope), "合计")
            .filter(|(f, _)| f.code.is_none());
        if let (Some(b), Some(e)) = (basic, econ_total) {
            compare(
                doc,
                rec,
                "disclosure.basic_split",
                b,
                e.1.num,
                b.1.explicit && e.1.explicit,
                &format!(
                    "基本支出 ({}) against the economic classification's total",
                    scope.name()
                ),
                vec![
                    operand(doc, b.0, "基本支出"),
                    operand(doc, e.0, "经济分类合计"),
                ],
            );
        }
        // 人员经费 + 公用经费: columns of the economic table, or labelled
        // totals read from position (人员经费合计 … 公用经费合计 …).
        let column = |m: &str| side_total(facts, &[econ_kind], Flow::Expenditure, Some(scope), m);
        let parts: Option<(Vec<Operand>, Num, bool)> =
            match (column("人员经费"), column("公用经费")) {
                (Some(p), Some(q)) => Some((
                    vec![operand(doc, p.0, "人员经费"), operand(doc, q.0, "公用经费")],
                    p.1.num.add(q.1.num),
                    p.1.explicit && q.1.explicit,
                )),
                _ => {
                    let p = labelled_amount(doc, econ_kind, "人员经费合计")
                        .or_else(|| labelled_amount(doc, econ_kind, "人员经费"));
                    let q = labelled_amount(doc, econ_kind, "公用经费合计")
                        .or_else(|| labelled_amount(doc, econ_kind, "公用经费"));
                    match (p, q) {
                        (Some(p), Some(q)) => {
                            let op =
                                |(t, r, c, n): (usize, usize, usize, Num), label: &str| Operand {
                                    label: format!(
                                        "{label} ({})",
                                        doc.tables[t].caption.clone().unwrap_or_default()
                                    ),
                                    value: n.value,
                                    text: show(n),
                                    location: Location {
                                        table: Some(t),
                                        row: Some(r),
                                        column: Some(c),
                                        section: doc.tables[t].section.clone(),
                                        source: doc.tables[t].rows[r][c].location.clone(),
                                        offset: None,
                                    },
                                };
                            Some((
                                vec![op(p, "人员经费合计"), op(q, "公用经费合计")],
                                p.3.add(q.3),
                                false,
                            ))
                        }
                        _ => None,
                    }
                }
            };
        let Some((part_ops, sum, parts_certain)) = parts else {
            continue;
        };
        let Some(whole) = basic.or(econ_total) else {
            continue;
        };
        let mut operands = vec![operand(doc, whole.0, "基本支出")];
        operands.extend(part_ops);
        compare(
            doc,
            rec,
            "disclosure.basic_split",
            whole,
            sum,
            whole.1.explicit && parts_certain,
            &format!("基本支出 = 人员经费 + 公用经费 ({})", scope.name()),
            operands,
        );
    }
}

/// A table whose columns name the three 三公 items and their 合计 (or the
/// 三公经费 over them): a 三公 table whatever the document (a 绩效自评报告's
/// 三公经费 compared with last year), not only a disclosure's standard one.
fn names_sangong_items(t: &crate::model::Table) -> bool {
    let items: Vec<&str> = t.columns.iter().filter_map(|c| sangong_item(c)).collect();
    ["因公出国（境）费", "公务用车购置及运行费", "公务接待费"]
        .iter()
        .all(|i| items.contains(i))
        && items.iter().any(|i| matches!(*i, "合计" | "三公经费"))
}

/// A row that states rates, not amounts (增减率, 占比, 执行率): its cells do
/// not add up.
fn rate_row(row: &[crate::model::Cell]) -> bool {
    let label: String = row
        .iter()
        .map(|c| c.text.trim())
        .find(|t| !t.is_empty())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    ["率", "幅", "%", "％", "比例", "占比"]
        .iter()
        .any(|w| label.contains(w))
}

/// 三公经费: the 合计 and the car line against their parts, per row and stage
/// — in a disclosure's 三公 table, and in any table whose columns name the
/// three items and their total.
pub fn sangong(doc: &Document, rec: &mut Recorder) {
    for t in doc
        .tables
        .iter()
        .filter(|t| t.kind == Some(TableKind::ThreePublicExpenses) || names_sangong_items(t))
    {
        // (item, stage) → column.
        let cols: Vec<(usize, &'static str, Option<Stage>)> = t
            .columns
            .iter()
            .enumerate()
            .filter_map(|(c, title)| {
                Some((c, sangong_item(title)?, stage_of(title, doc.fiscal_year)))
            })
            .collect();
        // A table of the 三公 items alone (no 三公 group over them, no 会议费
        // or 培训费 beside them): its 合计 is the 三公经费.
        let alone = !cols
            .iter()
            .any(|(_, i, _)| matches!(*i, "三公经费" | "会议费" | "培训费"));
        let col = |item: &str, stage: Option<Stage>| {
            let item = if alone && item == "三公经费" {
                "合计"
            } else {
                item
            };
            cols.iter()
                .find(|(_, i, s)| *i == item && *s == stage)
                .map(|(c, _, _)| *c)
        };
        let mut stages: Vec<Option<Stage>> = Vec::new();
        for (_, _, s) in &cols {
            if !stages.contains(s) {
                stages.push(*s);
            }
        }
        let unit = t.unit.clone();
        for (r, row) in t.rows.iter().enumerate() {
            if !row.iter().any(|c| c.value.is_some()) || rate_row(row) {
                continue;
            }
            for &stage in &stages {
                // An empty cell in an item's column is zero; a missing column is unknown.
                let amount = |item: &str| -> Option<(usize, Num)> {
                    let c = col(item, stage)?;
                    let cell = row.get(c)?;
                    let n = Num::from_cell(cell).unwrap_or_else(|| {
                        if cell.text.trim().is_empty() || cell.figure.is_some() {
                            Num::zero()
                        } else {
                            Num::exact(f64::NAN)
                        }
                    });
                    (!n.value.is_nan()).then_some((c, n))
                };
                let relations: [(&str, &[&str]); 3] = [
                    (
                        "三公经费",
                        &["因公出国（境）费", "公务用车购置及运行费", "公务接待费"],
                    ),
                    (
                        "公务用车购置及运行费",
                        &["公务用车购置费", "公务用车运行费"],
                    ),
                    ("合计", &["三公经费", "会议费", "培训费"]),
                ];
                for (whole, parts) in relations {
                    let Some((wc, wn)) = amount(whole) else {
                        continue;
                    };
                    let found: Vec<(usize, Num)> = parts.iter().filter_map(|p| amount(p)).collect();
                    if found.len() != parts.len() {
                        continue;
                    }
                    // Percentages (a share or a rate in an amount column) do not add up.
                    let percent = |c: usize| {
                        row[c].unit.as_deref() == Some("%")
                            || row[c]
                                .figure
                                .as_ref()
                                .is_some_and(|f| f.unit.as_deref() == Some("%"))
                    };
                    if percent(wc) || found.iter().any(|(c, _)| percent(*c)) {
                        continue;
                    }
                    // Nothing to compare when the whole and every part are blank.
                    if row[wc].text.trim().is_empty()
                        && found.iter().all(|(c, _)| row[*c].text.trim().is_empty())
                    {
                        continue;
                    }
                    let sum = num::sum(found.iter().map(|(_, n)| *n));
                    let op = |c: usize, label: &str, n: Num| Operand {
                        label: format!("{label} / {}", t.columns[c].replace('\n', "")),
                        value: n.value,
                        text: row[c].text.trim().to_string(),
                        location: Location {
                            table: Some(t.id),
                            row: Some(r),
                            column: Some(c),
                            section: t.section.clone(),
                            source: row[c].location.clone(),
                            offset: None,
                        },
                    };
                    let mut operands = vec![op(wc, whole, wn)];
                    for (p, (c, n)) in parts.iter().zip(&found) {
                        operands.push(op(*c, p, *n));
                    }
                    if wn.consistent(sum) {
                        rec.pass("disclosure.sangong");
                        continue;
                    }
                    let rounding = one_unit_apart(wn, sum);
                    let c = num::round(sum.value, sum.decimals.clamp(2, 4));
                    let mut message = format!(
                        "{}: {whole} {} ≠ {} = {}",
                        t.caption.clone().unwrap_or_else(|| "三公经费表".into()),
                        show(wn),
                        parts.join(" + "),
                        show(Num { value: c, ..sum })
                    );
                    if rounding {
                        message.push_str(
                            " — one unit in the last decimal: a rounding adjustment, not an error",
                        );
                    }
                    rec.fail(finding(
                        "disclosure.sangong",
                        if rounding {
                            Severity::Warning
                        } else {
                            Severity::Error
                        },
                        wn,
                        c,
                        unit.clone(),
                        message,
                        operands[0].location.clone(),
                        operands,
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Severity;

    /// A Jiangsu-style 收支预算总表: the 功能分类 list beside the 支出用途
    /// list, one 当年支出小计 for both, in the last column.
    const SUMMARY: &str = "某部门2019年部门预算\n\n收支预算总表 公开表一\n\n单位：万元\n\
        收入\t\t支出\t\t\t\n\
        项目名称\t金额\t功能分类\t\t支出用途\t\n\
        \t\t功能科目名称\t金额\t项目名称\t金额\n\
        一、财政拨款\t18,330.37\t一、一般公共服务支出\t13,907.78\t一、基本支出\t9,312.90\n\
        1.一般公共预算\t18,330.37\t二、外交支出\t\t二、项目支出\t6,459.58\n\
        2.政府性基金预算\t\t三、国防支出\t\t三、单位预留机动经费\t2,557.89\n\
        二、财政专户管理资金\t\t八、社会保障和就业支出\t1,121.39\t\t\n\
        三、其他资金\t\t十八、住房保障支出\t3,301.20\t\t\n\
        当年收入小计\t18,330.37\t当年支出小计\t\t\t18,330.37\n\
        上年结转资金\t\t结转下年资金\t\t\t\n\
        收入合计\t18,330.37\t支出合计\t\t\t18,330.37\n";

    fn summary_findings(text: &str) -> (u32, Vec<crate::model::Finding>) {
        let doc = crate::extract_bytes(text.as_bytes(), "a.txt").expect("text");
        let run = doc
            .checks
            .by_check
            .get("disclosure.summary_totals")
            .map_or(0, |c| c.run);
        let found = doc
            .findings
            .into_iter()
            .filter(|f| f.check == "disclosure.summary_totals")
            .collect();
        (run, found)
    }

    #[test]
    fn the_function_list_adds_up_and_the_two_sides_balance() {
        let (run, found) = summary_findings(SUMMARY);
        // The function list, and 收入合计 against 支出合计.
        assert_eq!((run, found.len()), (2, 0), "{found:?}");
        let (_, found) = summary_findings(&SUMMARY.replace("1,121.39", "1,131.39"));
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert_eq!(f.severity, Severity::Error);
        assert_eq!((f.stated, f.computed), (18_330.37, 18_340.37));
        assert!(
            f.operands.iter().any(|o| o.value == 1_131.39),
            "{:?}",
            f.operands
        );
        // The two sides' grand totals disagree.
        let (_, found) =
            summary_findings(&SUMMARY.replace("收入合计\t18,330.37", "收入合计\t18,340.37"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!((found[0].stated, found[0].computed), (18_330.37, 18_340.37));
        assert!(
            found[0].message.contains("支出总计 against 收入总计"),
            "{}",
            found[0].message
        );
        // A list with sub-items (款 under 类) is not added up here (the
        // balance still is).
        let nested = SUMMARY.replace("八、社会保障和就业支出\t1,121.39", "1.行政运行\t1,121.39");
        assert_eq!(
            summary_findings(&nested.replace("1,121.39", "1,131.39")).0,
            1
        );
    }

    /// A 收支总表 whose 本年收入合计 excludes 年初结转和结余 (printed below
    /// it), beside a 收入表 whose 合计 column includes 上年结转.
    const CARRIED: &str = "某局2024年度部门决算\n\n收入支出决算总表\n\n单位：万元\n\
        收入\t\t支出\t\n\
        项目\t决算数\t项目\t决算数\n\
        一、一般公共预算财政拨款收入\t100.00\t一、一般公共服务支出\t103.00\n\
        二、其他收入\t3.00\t\t\n\
        本年收入合计\t103.00\t本年支出合计\t103.00\n\
        年初结转和结余\t7.00\t年末结转和结余\t7.00\n\
        总计\t110.00\t总计\t110.00\n\n\
        收入决算表\n\n单位：万元\n\
        科目编码\t科目名称\t合计\t上年结转\t财政拨款收入\t其他收入\n\
        \t合计\t110.00\t7.00\t100.00\t3.00\n\
        201\t一般公共服务支出\t110.00\t7.00\t100.00\t3.00\n";

    #[test]
    fn a_total_that_includes_the_carry_over_is_compared_with_the_year_plus_it() {
        // The 收入表 against 本年收入合计 + 上年结转, and the 收支总表's two
        // 总计 against each other.
        let (run, found) = summary_findings(CARRIED);
        assert_eq!(run, 2);
        assert!(found.is_empty(), "{found:?}");
        // A defect in the 收入表's total is still found, there.
        let (_, found) = summary_findings(&CARRIED.replace("\t合计\t110.00", "\t合计\t119.00"));
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert_eq!(f.severity, Severity::Error);
        assert_eq!((f.stated, f.computed), (119.0, 110.0));
        assert!(f.message.contains("which includes it"), "{}", f.message);
        assert_eq!(f.operands.len(), 3);
        // A 合计 titled this year's (本年收入合计) does not include it: the
        // same amounts are then a difference of the carry-over.
        let year = CARRIED.replace(
            "科目名称\t合计\t上年结转",
            "科目名称\t本年收入合计\t上年结转",
        );
        let (_, found) = summary_findings(&year);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].stated, found[0].computed), (103.0, 110.0));
    }

    /// A 收支总表 whose grand totals are labelled plain 总计 (收入总计 and
    /// 支出总计 in the template's words): the two sides balance, whether each
    /// half prints its own 总计 or one label heads both amounts of the row;
    /// with nothing carried over, the 总计 is this year's too.
    #[test]
    fn two_plain_grand_totals_balance() {
        let one_label = CARRIED.replace("总计\t110.00\t总计\t110.00", "总计\t110.00\t\t110.00");
        for text in [CARRIED.to_string(), one_label] {
            let balance = |t: &str| -> Vec<(Severity, f64, f64)> {
                summary_findings(t)
                    .1
                    .into_iter()
                    .filter(|f| f.message.contains("支出总计 against 收入总计"))
                    .map(|f| (f.severity, f.stated, f.computed))
                    .collect()
            };
            assert!(balance(&text).is_empty(), "{text}");
            // 支出总计 118.00 against 收入总计 110.00.
            let bad = text.replacen("\t110.00\n\n", "\t118.00\n\n", 1);
            assert_ne!(bad, text);
            assert_eq!(balance(&bad), [(Severity::Error, 118.0, 110.0)], "{bad}");
        }
        // Nothing carried over: 总计 is also this year's total, compared with
        // the 收入表's 合计.
        let plain = "某局2024年度部门决算\n\n收入支出决算总表\n\n单位：万元\n\
            收入\t\t支出\t\n\
            项目\t决算数\t项目\t决算数\n\
            一、一般公共预算财政拨款收入\t100.00\t一、一般公共服务支出\t103.00\n\
            二、其他收入\t3.00\t\t\n\
            总计\t103.00\t总计\t103.00\n\n\
            收入决算表\n\n单位：万元\n\
            科目编码\t科目名称\t合计\t财政拨款收入\t其他收入\n\
            \t合计\t103.00\t100.00\t3.00\n\
            201\t一般公共服务支出\t103.00\t100.00\t3.00\n";
        let (run, found) = summary_findings(plain);
        assert_eq!((run, found.len()), (2, 0), "{found:?}");
    }

    /// A 三公 table compared with last year, in a 决算 disclosure and in a
    /// 绩效 report: 合计 across on the rows of amounts (增减额 too), not on
    /// the 增减率 row (rates do not add up).
    #[test]
    fn a_sangong_year_comparison_adds_up_its_amounts_not_its_rates() {
        let table = |title: &str, total_2024: &str| {
            format!(
                "{title}\n\n表1 “三公”经费支出情况\n单位：万元\n\
                 项目\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\n\
                 \t\t\t小计\t购置费\t运行费\t\n\
                 2023年决算数\t58.80\t12.00\t40.50\t25.00\t15.50\t6.30\n\
                 2024年决算数\t{total_2024}\t8.00\t20.80\t0.00\t20.80\t5.10\n\
                 增减额\t-24.90\t-4.00\t-19.70\t-25.00\t5.30\t-1.20\n\
                 增减率\t-42.35%\t-33.33%\t-48.64%\t-100.00%\t34.19%\t-19.05%\n"
            )
        };
        for title in [
            "某局2024年度部门决算",
            "某局2024年度部门整体支出绩效自评报告",
        ] {
            let doc =
                crate::extract_bytes(table(title, "33.90").as_bytes(), "a.txt").expect("text");
            let sangong: Vec<_> = doc
                .findings
                .iter()
                .filter(|f| f.check == "disclosure.sangong")
                .collect();
            assert!(sangong.is_empty(), "{title}: {sangong:?}");
            // 2023, 2024 and 增减额, each 合计 and 小计.
            assert_eq!(doc.checks.by_check["disclosure.sangong"].run, 6, "{title}");
            // The facts: the two years' amounts, each at its stage; no
            // change or rate read as an amount.
            if !doc.facts.is_empty() {
                assert!(doc.facts.iter().all(|f| f.row <= 1), "{:?}", doc.facts);
                assert!(
                    doc.facts
                        .iter()
                        .all(|f| (f.row == 0)
                            == (f.stage == Some(crate::model::Stage::PreviousFinal))),
                    "{:?}",
                    doc.facts
                );
            }
            let doc =
                crate::extract_bytes(table(title, "34.90").as_bytes(), "a.txt").expect("text");
            let errors: Vec<(f64, Option<usize>, Option<usize>)> = doc
                .findings
                .iter()
                .filter(|f| f.check == "disclosure.sangong" && f.severity == Severity::Error)
                .map(|f| (f.stated, f.location.row, f.location.column))
                .collect();
            assert_eq!(errors, [(34.9, Some(1), Some(1))], "{title}");
        }
    }
}
