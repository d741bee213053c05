//! `text.rate`: a spending rate against the budget it names.
//! - "预算数 B …，实际支出 S，预算执行率为 r%" — r = S / B;
//! - "年初预算为 B 万元，支出决算为 S 万元，完成年初预算的 r%" — r = S / B,
//!   the budget chosen by the words (年初 / 全年 / 调整), also when the
//!   sentence names neither 执行率 nor any other rate word; a rate of a
//!   budget of zero is itself a finding (no such rate exists).

use super::Sentence;
use super::sentence::{
    Fig, Money, Para, cjk_count, clean_label, figs_between, has_any, is_change_label,
    last_digit_slip, money_kind, names, sentence_before, squeeze,
};
use crate::audit::num::{self, Num};
use crate::audit::{Recorder, finding, show};
use crate::model::{Comparator, FigureKind, Severity};

/// Names of a rate of spending against any budget.
const SPENDING_RATES: [&str; 7] = [
    "执行率",
    "支出进度",
    "支付进度",
    "执行进度",
    "拨付率",
    "支付率",
    "拨付进度",
];

/// The budget a rate is of: None when the percent is no spending rate;
/// Some("") for 执行率 (any budget), Some(noun) for "完成年初预算的" (the
/// budget the noun names).
fn rate_of<'a>(para: &Para, r: &'a Fig, before: Option<&'a Fig>) -> Option<&'a str> {
    if !r.is_percent() {
        return None;
    }
    // (执行率 and the progress of paying out: spent of budget.)
    if has_any(&r.label, &SPENDING_RATES) && !has_any(&r.label, &["序时", "时间进度"]) {
        return Some("");
    }
    // "完成年初预算 2,920.00 万元的 95.48%", "为调整预算 32.60 亿元的 84.23%":
    // the budget is the amount just before, named by its own words ("占总预算
    // X 的 y%" is a share, `text.share`'s).
    if let Some(b) = before
        && b.is_amount()
        && squeeze(&para.masked_text(b.end, r.start)) == "的"
    {
        if b.label.contains('占') {
            return None;
        }
        return budget_after_verb(&b.label);
    }
    budget_after_verb(&r.label)
}

/// The budget named after the last verb of words such as "完成年初预算的"
/// ("决算数为年初预算数的", "支出决算相当于预算的"): "年初预算".
fn budget_after_verb(l: &str) -> Option<&str> {
    noun_after_verb(l).filter(|rest| names_budget(rest))
}

/// The noun after the last verb of words such as "完成年初预算的": "完成年初
/// 预算的 98.20%" (the label has lost its 的), or with the spending named
/// first: "决算数为年初预算数的 98.20%", "支出决算相当于预算的 97%". A short
/// noun only (at most 8 characters without its 数).
fn noun_after_verb(l: &str) -> Option<&str> {
    let rest = ["完成", "达到", "占", "为", "相当于", "是"]
        .iter()
        .filter_map(|v| l.rfind(v).map(|i| &l[i + v.len()..]))
        .min_by_key(|rest| rest.len())?;
    (!rest.is_empty() && rest.trim_end_matches('数').chars().count() <= 8).then_some(rest)
}

/// Words of a rate of what was done against a plan, named by the plan
/// after a verb: "完成年度目标的 114.2%", "为年度计划的 96%", "达到目标任务的
/// 105%" — read as a 完成率. Not what was done beyond it (超额完成年度目标的
/// 14.2%), nor a share of it (占).
fn names_target(l: &str) -> bool {
    let l = squeeze(l);
    !has_any(&l, &["超", "占"])
        && noun_after_verb(&l).is_some_and(|rest| {
            let rest = rest.trim_end_matches(['数', '值', '量']);
            ["目标", "计划", "任务"].iter().any(|w| rest.ends_with(w))
        })
}

/// Words that name a budget ("年初预算", "全年预算数"): what a spending rate
/// is of.
pub(super) fn names_budget(noun: &str) -> bool {
    noun.strip_suffix('数').unwrap_or(noun).ends_with("预算")
}

/// rates: "全年预算数 B 万元 … 实际支出 S 万元 …，预算执行率为 r%".
pub(super) fn check(para: &Para, s: &Sentence, rec: &mut Recorder) {
    let (a, b, sf) = (s.a, s.b, &s.figs[..]);
    let mut seg_start = 0;
    // The figures the rate before was read from: "完成年初预算的 a%，完成调整
    // 预算的 b%" reads both from the same budgets and spending.
    let mut prev_seg: Option<(usize, usize)> = None;
    for (i, r) in sf.iter().enumerate() {
        let Some(noun) = rate_of(para, r, i.checked_sub(1).map(|j| sf[j])) else {
            continue;
        };
        let mut range = (seg_start, i);
        if seg_start == i
            && !noun.is_empty()
            && let Some(p) = prev_seg
        {
            range = p;
        }
        prev_seg = Some(range);
        let seg = &sf[range.0..range.1];
        // "支付进度为 55.28%（全年预算 6,860.00 万元）": the base in a bracket
        // just after the rate.
        let after = bracket_after(para, sf, i);
        let aside = &sf[i + 1..after];
        seg_start = after;
        if seg.is_empty() && noun.is_empty() {
            if sf.len() == 1 {
                rate_alone(para, s, r, rec);
            } else {
                part_rate(para, s, i, rec);
            }
            continue;
        }
        // The spending at the rate's bracket depth: one in brackets after
        // it is a detail of it ("全年支出 1,140 万元（含上年结转资金支出 140
        // 万元），执行率 95%"); only with none outside is one inside read.
        let spending: Vec<&&Fig> = seg
            .iter()
            .filter(|f| {
                f.is_amount()
                    && money_kind(&f.label) == Money::Spent
                    && !["完成", "支出", "执行"]
                        .iter()
                        .any(|w| short_of(&f.label, w))
            })
            .collect();
        let starts: Vec<usize> = spending.iter().map(|f| f.start).chain([r.start]).collect();
        let depths = para.bracket_depths(a, &starts);
        let r_depth = depths[depths.len() - 1];
        let Some(spent) = spending
            .iter()
            .zip(&depths)
            .rev()
            .find(|(_, d)| **d == r_depth)
            .map(|(f, _)| **f)
            .or_else(|| spending.last().copied().copied())
        else {
            continue;
        };
        // "…，结余 30 万元，占年初预算的 6%": a share of the amount just
        // before it, which is no spending.
        if r.label.contains('占')
            && seg
                .iter()
                .rev()
                .find(|f| f.is_amount())
                .is_some_and(|f| f.start != spent.start)
        {
            continue;
        }
        let is_budget = |f: &Fig| {
            f.is_amount()
                && f.num_in(spent.unit()).is_some()
                && !f.label.contains('占')
                && money_kind(&f.label) == Money::Budget
                // (追加 / 调减 50 万元: a change of the budget, not one.)
                && !has_any(&f.label, &["追加", "调减", "调增", "调剂", "增加", "减少"])
                && (noun.is_empty() || names(noun, &f.label))
        };
        let mut budgets: Vec<&&Fig> = seg
            .iter()
            .chain(aside.iter().filter(|f| !has_any(&f.label, &PRIOR_YEAR)))
            .filter(|f| is_budget(f))
            .collect();
        // "项目预算 500 万元，其中：…。全年实际支出 486.75 万元，执行率
        // 97.35%": a bare 执行率 whose sentence names no base before its
        // spending reads the budget of the sentence before.
        let from_prev = noun.is_empty()
            && budgets.is_empty()
            && aside.is_empty()
            && !seg.iter().any(|f| f.is_amount() && f.start < spent.start);
        // (The sentence before with figures, when one or two sentences of
        // words stand between: "资金总额 862.40 万元。资金主要用于…。已支出
        // 826.18 万元，支出进度 95.80%".)
        let before: &[&Fig] = if s.prev.is_empty() {
            &s.stated
        } else {
            &s.prev
        };
        if from_prev {
            // (Not a part of a 其中 list there, nor money of a budget kind:
            // "总投资 1.8 亿元，其中中央预算内投资 6,000 万元…".)
            let list_from = list_start(para, before);
            budgets = before
                .iter()
                .filter(|f| {
                    is_budget(f)
                        && !has_any(&f.label, &PRIOR_YEAR)
                        && !has_any(&f.label, &["预算内", "预算外"])
                        && f.start < list_from
                })
                .collect();
        }
        let pool: &[&Fig] = if from_prev { before } else { seg };
        if budgets.is_empty() && noun.is_empty() {
            budgets = funds_of(para, pool, spent, !r.label.contains("预算"));
        }
        // Each budget counted in the spending's unit (亿元 against 万元).
        let rates: Vec<(Num, &&Fig, Num)> = budgets
            .iter()
            .filter_map(|bf| {
                let n = bf.num_in(spent.unit())?;
                spent.num.percent_of(n).map(|x| (x, *bf, n))
            })
            .collect();
        // Of 执行率 (no budget named), the base may be the funds available
        // (预算 + 结转 / 追加, or an amount so named: 可用资金, 到位资金, 合计)
        // — any other amount before the spending, or their sum.
        let other_base = || {
            // (调减 / 核减 / 减少 take away from the budget.)
            let others: Vec<Num> = pool
                .iter()
                .filter(|f| f.is_amount() && f.start < spent.start && !f.label.contains('占'))
                .filter_map(|f| {
                    let n = f.num_in(spent.unit())?;
                    Some(if has_any(&f.label, &["调减", "核减", "减少"]) {
                        n.neg()
                    } else {
                        n
                    })
                })
                .collect();
            noun.is_empty()
                && (others
                    .iter()
                    .copied()
                    .chain([num::sum(others.iter().copied())]))
                .filter_map(|n| spent.num.percent_of(n))
                .any(|x| x.consistent(r.num))
        };
        let check = "text.rate";
        let Some(&(first, budget, budget_n)) = rates.last() else {
            // "年初预算为 0 万元，全年预算为 321.02 万元，支出决算为 307.82 万元，
            // 完成年初预算的 95.89%": a rate of a zero budget does not exist.
            if let Some(zero) = budgets.last()
                && zero.num.value == 0.0
                && spent.num.value > 0.0
                && r.num.value != 0.0
            {
                // (A bare 执行率 over 年初预算 0 + 追加 58: of the funds.)
                if other_base() {
                    rec.pass(check);
                } else {
                    of_zero(para, seg, spent, zero, r, noun, rec);
                }
            }
            continue;
        };
        // "基本支出预算 300 万元，执行 300 万元；项目支出预算 200 万元，执行
        // 180 万元，整体执行率 96%": a rate of the whole over pairs of a
        // budget and its spending is their sums' rate.
        let overall = has_any(&r.label, &OVERALL) && budgets.len() >= 2 && spending.len() >= 2;
        let of_sums = || {
            let total = |fs: &[&&Fig]| -> Option<Num> {
                let ns: Option<Vec<Num>> = fs.iter().map(|f| f.num_in(spent.unit())).collect();
                Some(num::sum(ns?))
            };
            total(&spending)
                .zip(total(&budgets))
                .and_then(|(n, d)| n.percent_of(d))
                .is_some_and(|x| x.consistent(r.num))
        };
        if rates.iter().any(|(x, ..)| x.consistent(r.num)) || other_base() || of_sums() {
            rec.pass(check);
            continue;
        }
        let what = if noun.is_empty() {
            SPENDING_RATES
                .iter()
                .find(|w| r.label.contains(*w))
                .unwrap_or(&"执行率")
                .to_string()
        } else {
            format!("完成{noun}的")
        };
        let (severity, note) = if last_digit_slip(r.num, first) {
            (
                Severity::Warning,
                " (one unit in the last decimal: rounded differently)",
            )
        } else if from_prev && budgets.len() > 1 && !stages_of_one(&budgets) {
            (
                Severity::Warning,
                " (the sentence before names several budgets: none gives the rate)",
            )
        } else if from_prev && budgets.len() > 1 {
            (
                Severity::Error,
                " (nor does any other stage of the budget named before: it is wrong whichever it is of)",
            )
        } else if overall {
            (
                Severity::Warning,
                " (a rate of the whole over several budgets and spendings: which it sums is not certain)",
            )
        } else {
            (Severity::Error, "")
        };
        let c = num::round(first.value, 2);
        rec.fail(finding(
            check,
            severity,
            r.num,
            c,
            Some("%".into()),
            format!(
                "{what} {}% is not 「{}」 {} / 「{}」 {} = {:.2}%{note}: 「{}」",
                show(r.num),
                spent.label,
                show(spent.num),
                budget.label,
                show(budget_n),
                first.value,
                para.quote(
                    if from_prev {
                        budget.start
                    } else {
                        seg.first().map_or(a, |f| f.start)
                    },
                    r.end.min(b)
                )
            ),
            para.location(r.start),
            vec![para.operand(spent), para.operand(budget)],
        ));
    }
}

/// "全年预算 W 万元，其中基本支出 a 万元，项目支出 b 万元。全年实际支出 V
/// 万元，其中基本支出 c 万元，项目支出 d 万元；整体执行率 x%，其中基本支出
/// 执行率 y%，项目支出执行率 z%": a rate that names a part (项目支出) with
/// nothing between it and the rate before is the part's spending over its
/// budget — the amounts so named under a budget (an amount a 其中 breaks
/// down whose words name a budget) and under a spending, in this sentence
/// or the one before. Only when each is one amount.
fn part_rate(para: &Para, s: &Sentence, i: usize, rec: &mut Recorder) {
    let r = s.figs[i];
    let label = squeeze(&r.label);
    let label = label
        .trim_start_matches("其中")
        .trim_start_matches([':', '：']);
    let Some(part) = SPENDING_RATES
        .iter()
        .find_map(|w| label.strip_suffix(w))
        .map(|p| p.trim_end_matches("预算"))
    else {
        return;
    };
    if part.chars().count() < 2 || !part.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return;
    }
    let figs: Vec<&Fig> = s
        .prev
        .iter()
        .chain(s.figs[..i].iter())
        .copied()
        .filter(|f| f.is_amount())
        .collect();
    // The whole each amount is under: the last amount before it a 其中
    // follows.
    let mut whole: Option<Money> = None;
    let (mut budget, mut spent): (Vec<&Fig>, Vec<&Fig>) = (Vec::new(), Vec::new());
    for (k, f) in figs.iter().enumerate() {
        let l = squeeze(&f.label);
        let l = l.trim_start_matches("其中").trim_start_matches([':', '：']);
        if l == part {
            match whole {
                Some(Money::Budget) => budget.push(f),
                Some(Money::Spent) => spent.push(f),
                _ => {}
            }
        }
        let next = figs.get(k + 1).map_or(f.end, |g| g.start);
        if next > f.end && para.masked_text(f.end, next).contains("其中") {
            whole = Some(money_kind(&f.label)).filter(|_| !has_any(&f.label, &PRIOR_YEAR));
        }
    }
    let ([b], [sp]) = (&budget[..], &spent[..]) else {
        return;
    };
    let Some(bn) = b.num_in(sp.unit()) else {
        return;
    };
    let Some(x) = sp.num.percent_of(bn) else {
        return;
    };
    let check = "text.rate";
    if x.consistent(r.num) {
        rec.pass(check);
        return;
    }
    let (severity, note) = if last_digit_slip(r.num, x) {
        (
            Severity::Warning,
            " (one unit in the last decimal: rounded differently)",
        )
    } else {
        (Severity::Error, "")
    };
    rec.fail(finding(
        check,
        severity,
        r.num,
        num::round(x.value, 2),
        Some("%".into()),
        format!(
            "{part}执行率 {}% is not its spending 「{}」 {} / its budget 「{}」 {} = {:.2}%{note}: 「{}」",
            show(r.num),
            sp.label,
            show(sp.num),
            b.label,
            show(bn),
            x.value,
            para.quote(para.clause_start(sp.start).max(s.a), r.end.min(s.b))
        ),
        para.location(r.start),
        vec![para.operand(sp), para.operand(b)],
    ));
}

/// Words that name a stage of a year's budget: 年初预算, 年中追加后的全年
/// 预算, 调整预算.
const STAGES: [&str; 5] = ["年初", "全年", "调整", "年中", "追加后"];

/// Are the budgets stages of one budget ("项目年初预算 860 万元，…，全年
/// 预算数 1,000 万元"), each named by its stage? A spending rate of them
/// is of one of them, whichever the report meant; budgets of parts or of
/// other subjects ("基本支出预算 300 万元，项目支出预算 200 万元") are not.
fn stages_of_one(budgets: &[&&Fig]) -> bool {
    budgets.iter().all(|f| has_any(&f.label, &STAGES))
}

/// "全年预算安排资金 560 万元，用于…。截至 12 月 31 日，实际拨付资金 532
/// 万元，剩余资金…暂未拨付。经统计，资金执行率为 98%": a bare 执行率 alone
/// in its sentence is of the one spending of the sentence just before (its
/// only amount but budgets) over the one budget there, or else over the
/// only amount of the sentence before that, a budget. Anything else (two
/// spendings, a 其中, several budgets) is not read.
fn rate_alone(para: &Para, s: &Sentence, r: &Fig, rec: &mut Recorder) {
    let amounts = |fs: &[&Fig]| -> Option<Vec<(Money, usize)>> {
        fs.iter()
            .enumerate()
            .filter(|(_, f)| f.f.kind == FigureKind::Amount)
            .map(|(k, f)| {
                let budget_ok =
                    !has_any(&f.label, &["追加", "调减", "调增", "调剂", "增加", "减少"]);
                let kind = money_kind(&f.label);
                (f.is_amount()
                    && !has_any(&f.label, &PRIOR_YEAR)
                    && budget_ok
                    && kind != Money::Other)
                    .then_some((kind, k))
            })
            .collect()
    };
    let prev = &s.prev;
    let Some(kinds) = amounts(prev) else {
        return;
    };
    let spent: Vec<usize> = kinds
        .iter()
        .filter(|(m, _)| *m == Money::Spent)
        .map(|x| x.1)
        .collect();
    let budgets: Vec<&Fig> = kinds
        .iter()
        .filter(|(m, _)| *m == Money::Budget)
        .map(|x| prev[x.1])
        .collect();
    let [sp] = spent[..] else {
        return;
    };
    let spent = prev[sp];
    if short_of(&spent.label, "支出") || para.masked_text(prev[0].start, spent.end).contains("其中")
    {
        return;
    }
    let before: Vec<Fig> = if budgets.is_empty() {
        let prev_start = sentence_before(para, s.a);
        figs_between(para, sentence_before(para, prev_start), prev_start)
    } else {
        Vec::new()
    };
    let budget: &Fig = match (&budgets[..], &before[..]) {
        ([b], _) => b,
        ([], [b])
            if b.is_amount()
                && money_kind(&b.label) == Money::Budget
                && amounts(&[b]).is_some() =>
        {
            b
        }
        _ => return,
    };
    let Some(bn) = budget.num_in(spent.unit()) else {
        return;
    };
    let Some(x) = spent.num.percent_of(bn) else {
        return;
    };
    let check = "text.rate";
    if x.consistent(r.num) {
        rec.pass(check);
        return;
    }
    let severity = if last_digit_slip(r.num, x) {
        Severity::Warning
    } else {
        Severity::Error
    };
    rec.fail(finding(
        check,
        severity,
        r.num,
        num::round(x.value, 2),
        Some("%".into()),
        format!(
            "执行率 {}% is not 「{}」 {} / 「{}」 {} = {:.2}% (the spending and budget of the sentences before): 「{}」",
            show(r.num),
            spent.label,
            show(spent.num),
            budget.label,
            show(bn),
            x.value,
            para.quote(budget.start, r.end.min(s.b))
        ),
        para.location(r.start),
        vec![para.operand(spent), para.operand(budget)],
    ));
}

/// Words of a rate of the whole: of all the parts stated before it.
const OVERALL: [&str; 3] = ["总体", "整体", "综合"];

/// Words of an amount of the year before: no base of this year's rate.
const PRIOR_YEAR: [&str; 4] = ["上年", "去年", "上一年", "同期"];

/// The end (exclusive index into `sf`) of the figures in a bracket that
/// opens just after figure `i`: "节约率 7.27%（预算金额 1,376.40 万元，实际
/// 采购金额 1,290.10 万元）" names the rate's parts there. `i + 1` when
/// no bracket follows.
fn bracket_after(para: &Para, sf: &[&Fig], i: usize) -> usize {
    let Some(first) = sf.get(i + 1) else {
        return i + 1;
    };
    let lead = squeeze(&para.masked_text(sf[i].end, first.start));
    if !(lead.starts_with('（') || lead.starts_with('(')) || lead.contains(['）', ')']) {
        return i + 1;
    }
    let mut j = i + 2;
    while let Some(f) = sf.get(j) {
        if has_any(
            &para.masked_text(sf[j - 1].end, f.start),
            &["）", ")", "。"],
        ) {
            break;
        }
        j += 1;
    }
    // (A bracket that never closes is no aside.)
    let closes = sf.get(j).map_or_else(
        || para.masked_text(sf[j - 1].end, para.clause_end(sf[j - 1].end) + 1),
        |f| para.masked_text(sf[j - 1].end, f.start),
    );
    if has_any(&closes, &["）", ")"]) {
        j
    } else {
        i + 1
    }
}

/// A rate named by the two quantities it compares, each named in the words
/// before it: 到位率 (funds arrived of funds planned) and 完成率 (done of
/// planned, in any one unit: "计划建设 50 公里，实际完成 45 公里，完成率
/// 90%").
struct Ratio {
    /// Words of the rate's label.
    rate: &'static [&'static str],
    /// The numerator's label has one of these and none of `not_num`.
    num: &'static [&'static str],
    not_num: &'static [&'static str],
    /// The denominator's label has one of these and none of `not_den`.
    den: &'static [&'static str],
    not_den: &'static [&'static str],
    /// Only money: 到位率 is of funds.
    money: bool,
}

const RATIOS: [Ratio; 4] = [
    Ratio {
        rate: &["到位率"],
        num: &["到位"],
        not_num: &["应到位", "计划", "预算"],
        den: &["计划", "应到位", "预算", "安排", "下达", "批复"],
        not_den: &[],
        money: true,
    },
    Ratio {
        rate: &["完成率"],
        num: &["实际", "完成", "已"],
        // (超额完成 620: what was done beyond the plan, a difference.)
        not_num: &["计划", "目标", "预期", "任务", "预算", "超额", "超出"],
        den: &["计划", "目标", "预期", "任务"],
        not_den: &[],
        money: false,
    },
    // (节约率 of a procurement: what it saved of its budget.)
    Ratio {
        rate: &["节约率"],
        num: &["节约"],
        not_num: &["预算", "计划"],
        den: &["预算"],
        not_den: &[],
        money: true,
    },
    // (资产负债率: liabilities of total assets — not of 净资产 nor of a
    // kind of asset.)
    Ratio {
        rate: &["资产负债率"],
        num: &["负债"],
        not_num: &["资产", "上年"],
        den: &["资产"],
        not_den: &["负债", "净资产", "流动", "固定", "无形", "在建"],
        money: true,
    },
];

/// Rates by what they compare ([`RATIOS`]): r = numerator / denominator,
/// the two the last of their kind before the rate (after the rate before
/// it). A 完成率 of 100% when more than planned was done is the usual cap,
/// not a finding.
pub(super) fn ratios(para: &Para, s: &Sentence, rec: &mut Recorder) {
    let sf = &s.figs[..];
    let mut seg_start = 0;
    for (i, r) in sf.iter().enumerate() {
        if !r.is_percent() {
            continue;
        }
        // "完成年度目标的 114.2%" is a 完成率, also with the plan's amount
        // before its 的 ("完成年度目标 3,000 人的 114.2%").
        let words = match i.checked_sub(1).map(|j| sf[j]) {
            Some(b) if r.label.is_empty() && squeeze(&para.masked_text(b.end, r.start)) == "的" => {
                &b.label
            }
            _ => &r.label,
        };
        let Some(ratio) = RATIOS
            .iter()
            .find(|q| has_any(&r.label, q.rate))
            .or_else(|| {
                names_target(words)
                    .then(|| RATIOS.iter().find(|q| q.rate.contains(&"完成率")))
                    .flatten()
            })
        else {
            counted(para, s, i, rec);
            continue;
        };
        let seg = &sf[seg_start..i];
        // (Its parts may be in a bracket just after it.)
        let after = bracket_after(para, sf, i);
        let aside = &sf[i + 1..after];
        seg_start = after;
        // Quantities of one kind and unit: money (converted), or a count
        // in one measure word.
        let quantity = |f: &Fig| {
            f.f.comparator.is_none()
                && match f.f.kind {
                    FigureKind::Amount => true,
                    FigureKind::Count => !ratio.money,
                    _ => false,
                }
        };
        let nums: Vec<&&Fig> = seg
            .iter()
            .filter(|f| {
                quantity(f)
                    && has_any(&f.label, ratio.num)
                    && !has_any(&f.label, ratio.not_num)
                    // (部分完成 / 未到位 2 项: a grade short of the word.)
                    && !ratio.num.iter().any(|w| short_of(&f.label, w))
            })
            .collect();
        // "目标为培训 1,200 人次以上，实际培训 1,356 人次，完成率 113%": a
        // target met by exceeding it (以上, 不少于) is its floor, what a
        // 完成率 is of; a ceiling (以内, 不超过) is met by staying under it and
        // has no such rate.
        let floor = |f: &Fig| {
            ratio.rate.contains(&"完成率")
                && matches!(f.f.comparator, Some(Comparator::Ge | Comparator::Gt))
                && matches!(f.f.kind, FigureKind::Amount | FigureKind::Count)
        };
        let is_den = |f: &Fig| {
            (quantity(f) || floor(f))
                && has_any(&f.label, ratio.den)
                && !has_any(&f.label, ratio.not_den)
                && !f.label.contains('占')
                && !has_any(&f.label, &PRIOR_YEAR)
        };
        let mut dens: Vec<&&Fig> = seg.iter().chain(aside).filter(|f| is_den(f)).collect();
        // "项目总预算 750 万元，…。…，资金总体到位 720 万元，到位率 96%": with
        // no plan in its sentence, the plan of the sentence before.
        if dens.is_empty() && !nums.is_empty() {
            let list_from = list_start(para, &s.prev);
            dens = s
                .prev
                .iter()
                .filter(|f| {
                    is_den(f) && f.start < list_from && !has_any(&f.label, &["预算内", "预算外"])
                })
                .collect();
        }
        // "项目总投资 2,600 万元，其中中央资金 1,500 万元，到位 1,500 万元；
        // 省级资金 600 万元，到位 540 万元；…，资金总体到位率 92.43%": a rate
        // of the whole over sources each with its arrival, no plan so named,
        // is of the amount the 其中 list breaks down (so named or not:
        // 计划总投资).
        let mut whole_of_list = false;
        if has_any(&r.label, &OVERALL) && nums.len() >= 2 && dens.len() <= 1 {
            let from = list_start(para, seg);
            if let Some(w) = seg.iter().rev().find(|f| f.start < from)
                && quantity(w)
                && w.start < nums[0].start
                && !nums.iter().any(|n| n.start == w.start)
                && dens.iter().all(|d| d.start == w.start)
            {
                if dens.is_empty() {
                    dens.push(w);
                }
                whole_of_list = true;
            }
        }
        // Every pairing of a numerator with a denominator in its unit.
        let mut rates: Vec<(Num, &&Fig, &&Fig, Num)> = Vec::new();
        for &num in &nums {
            for &den in dens.iter().filter(|d| d.start != num.start) {
                let n = match (num.f.kind, den.f.kind) {
                    (FigureKind::Count, FigureKind::Count) if den.unit() == num.unit() => den.num,
                    (FigureKind::Amount, FigureKind::Amount) => match den.num_in(num.unit()) {
                        Some(n) => n,
                        None => continue,
                    },
                    _ => continue,
                };
                if let Some(x) = num.num.percent_of(n) {
                    rates.push((x, num, den, n));
                }
            }
        }
        // (The last numerator with the last denominator before it is shown.)
        let Some(&(first, num, den, den_n)) = rates.last() else {
            // "查出问题 20 个，已整改到位 16 个，整改完成率 80%": no plan,
            // but a rate of counts named by what it counts (整改).
            counted(para, s, i, rec);
            continue;
        };
        let check = "text.rate";
        let capped = |x: &Num| x.value >= 100.0 && r.num.value == 100.0;
        let total = |fs: &[&&Fig]| -> Option<Num> {
            let ns: Option<Vec<Num>> = fs.iter().map(|f| f.num_in(num.unit())).collect();
            Some(num::sum(ns?))
        };
        // Several sources each with its plan and its arrival (or the whole
        // they are listed under): the rate of them all.
        let overall = || {
            nums.len() >= 2
                && (dens.len() >= 2 || whole_of_list)
                && total(&nums)
                    .zip(total(&dens))
                    .and_then(|(n, d)| n.percent_of(d))
                    .is_some_and(|x| x.consistent(r.num))
        };
        if rates.iter().any(|(x, ..)| x.consistent(r.num) || capped(x)) || overall() {
            rec.pass(check);
            continue;
        }
        // The reading the words make certain, of several: the rate of them
        // all when it says so (总体到位率) of sources each with its plan and
        // its arrival; else the last numerator, named as a whole (资金总体
        // 到位) or alone in its '；' item with the rate, over the one
        // denominator in its unit.
        let whole_num = |f: &Fig| has_any(&f.label, &["总体", "合计", "共计", "全部", "总"]);
        let overall_of_all = has_any(&r.label, &OVERALL)
            && nums.len() >= 2
            && (nums.len() == dens.len() || whole_of_list)
            && !nums.iter().any(|f| whole_num(f));
        let certain: Option<(Num, &&Fig, &&Fig, Num)> = if overall_of_all {
            None
        } else {
            let last = nums.last().copied();
            last.and_then(|n| {
                let mine: Vec<&(Num, &&Fig, &&Fig, Num)> = rates
                    .iter()
                    .filter(|(_, x, ..)| x.start == n.start)
                    .collect();
                let item = para.masked_text(n.end, r.start);
                let alone = !has_any(&item, &["；", ";"]) && {
                    let piece = seg
                        .iter()
                        .filter(|f| {
                            f.start < n.start
                                && !has_any(&para.masked_text(f.end, n.start), &["；", ";"])
                        })
                        .filter(|f| nums.iter().any(|x| x.start == f.start))
                        .count();
                    piece == 0
                };
                (mine.len() == 1 && (whole_num(n) || alone)).then(|| *mine[0])
            })
        };
        if overall_of_all {
            // (The sums of the numerators and of the denominators.)
            if let Some((n, d)) = total(&nums).zip(total(&dens))
                && let Some(x) = n.percent_of(d)
            {
                let severity = if last_digit_slip(r.num, x) {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                let mut operands: Vec<_> = nums.iter().map(|f| para.operand(f)).collect();
                operands.extend(dens.iter().map(|f| para.operand(f)));
                rec.fail(finding(
                    check,
                    severity,
                    r.num,
                    num::round(x.value, 2),
                    Some("%".into()),
                    format!(
                        "{} {}% is not the rate of them all: ({}) {} / ({}) {} = {:.2}%: 「{}」",
                        ratio.rate[0],
                        show(r.num),
                        nums.iter()
                            .map(|f| show(f.num))
                            .collect::<Vec<_>>()
                            .join(" + "),
                        show(n),
                        dens.iter()
                            .map(|f| show(f.num))
                            .collect::<Vec<_>>()
                            .join(" + "),
                        show(d),
                        x.value,
                        para.quote(seg.first().map_or(s.a, |f| f.start), r.end.min(s.b))
                    ),
                    para.location(r.start),
                    operands,
                ));
                continue;
            }
        }
        let (first, num, den, den_n) = certain.unwrap_or((first, num, den, den_n));
        // "计划建设 10 个，实际开工 8 个，完工 6 个，完成年度计划的 60%": a
        // quantity of the numerator's unit after it, neither numerator nor
        // plan nor a change (超额完成 620), may be what the rate counts —
        // unless a 其中 makes it a part of the numerator.
        let crowded = |n: &Fig| {
            seg.iter().any(|f| {
                f.start > n.start
                    && quantity(f)
                    && f.num_in(n.unit()).is_some()
                    && !nums.iter().chain(&dens).any(|x| x.start == f.start)
                    && !has_any(&f.label, ratio.not_num)
                    && !is_change_label(&f.label)
                    && !para.masked_text(n.end, f.start).contains("其中")
            })
        };
        let (severity, note) = if last_digit_slip(r.num, first) {
            (
                Severity::Warning,
                " (one unit in the last decimal: rounded differently)",
            )
        } else if rates.len() > 1 && certain.is_none() {
            (
                Severity::Warning,
                " (several amounts could be compared: none gives the rate)",
            )
        } else if crowded(num) {
            (
                Severity::Warning,
                " (another amount of its unit stands between it and the rate: it may be what the rate counts)",
            )
        } else {
            (Severity::Error, "")
        };
        rec.fail(finding(
            check,
            severity,
            r.num,
            num::round(first.value, 2),
            Some("%".into()),
            format!(
                "{} {}% is not 「{}」 {} / 「{}」 {} = {:.2}%{note}: 「{}」",
                ratio.rate[0],
                show(r.num),
                num.label,
                show(num.num),
                den.label,
                show(den_n),
                first.value,
                para.quote(
                    seg.first().map_or(s.a, |f| f.start).min(den.start).max(s.a),
                    r.end.min(s.b)
                )
            ),
            para.location(r.start),
            vec![para.operand(num), para.operand(den)],
        ));
    }
}

/// Rates whose words name what they count, of counts in one measure word:
/// "受理 1,462 件，…；办结 1,446 件，办结率 98.91%", "监测 412 次，达标 398
/// 次，达标率 96.60%". The numerator is the count just before the rate,
/// named by the rate's word (办结 of 办结率); the denominator the count in
/// its measure word before it not so named (no aside in brackets, no
/// year before). One such count: the rate is of it. Several (受理 146 件，
/// 其中决定受理 128 件): the base is not certain, a finding only warns.
fn counted(para: &Para, s: &Sentence, i: usize, rec: &mut Recorder) {
    let sf = &s.figs[..];
    let r = sf[i];
    let Some(stem) = rate_word(&r.label) else {
        return;
    };
    let is_count = |f: &Fig| {
        f.f.kind == FigureKind::Count
            && f.f.comparator.is_none()
            && f.unit().is_some()
            && !is_change_label(&f.label)
            && !has_any(&f.label, &PRIOR_YEAR)
    };
    // The word that names the numerator: the rate's ("整改 16 个" of 整改
    // 完成率), or for a 完成率 what was done ("全年设置绩效指标 36 个，完成
    // 31 个，指标完成率 86.1%").
    // (Not 指标完成率: it may average each indicator's own completion.)
    let done = squeeze(&r.label).contains("完成率") && stem != "指标";
    // (A count named by the rate's word or by a word of the same meaning:
    // 检测合格 of a 达标率, 收回 of a 回收率.)
    let word_of = |n: &Fig| -> String {
        if done && !n.label.contains(stem.as_str()) {
            "完成".into()
        } else {
            same_word(&n.label, &stem).unwrap_or(&stem).to_string()
        }
    };
    let names_it = |n: &Fig| {
        let w = word_of(n);
        is_count(n)
            && n.label.contains(w.as_str())
            && !short_of(&n.label, &w)
            && !planned(&n.label, &w)
    };
    // The numerator: the count just before the rate, or the last one so
    // named before counts in its measure word that name the rest of it or
    // the pool ("已整改 19 项，其余 4 项正在推进，整改完成率", "优良天数 312
    // 天，有效监测天数 365 天，优良率") — not another count of what is done
    // ("成本指标 2 项完成 2 项，产出指标完成率").
    let mut found = None;
    for j in (0..i).rev() {
        let f = sf[j];
        if !is_count(f) || f.unit() != sf[i - 1].unit() {
            break;
        }
        if names_it(f) {
            found = Some(j);
            break;
        }
        if !has_any(&f.label, &REMAINDER) && !has_any(&f.label, &POOL_WORDS) {
            break;
        }
    }
    let Some(k) = found else {
        return;
    };
    let n = sf[k];
    let word = word_of(n);
    let word = word.as_str();
    let starts: Vec<usize> = sf.iter().map(|f| f.start).collect();
    let depth = para.bracket_depths(s.a, &starts);
    if depth[k] > 0 || depth[i] > 0 {
        return;
    }
    // The counts after it (its remainder, its base) and in a bracket right
    // after the rate ("优良率 85.48%（有效监测天数 365 天）").
    let after = bracket_after(para, sf, i);
    let later: Vec<&&Fig> = sf[k + 1..i]
        .iter()
        .chain(&sf[i + 1..after])
        .filter(|f| {
            is_count(f)
                && f.unit() == n.unit()
                && (!f.label.contains(word) || planned(&f.label, word))
        })
        .collect();
    // (A count under the numerator, "不予受理 18 件", is a part beside it,
    // not its base.)
    let dens: Vec<&&Fig> = sf[..k]
        .iter()
        .zip(&depth)
        .filter(|(f, d)| {
            **d == 0
                && is_count(f)
                && f.unit() == n.unit()
                && (!f.label.contains(word) || planned(&f.label, word))
        })
        .map(|(f, _)| f)
        .chain(later.iter().copied())
        .filter(|f| f.num.value >= n.num.value)
        .collect();
    if dens.is_empty() {
        return;
    }
    // "23 项问题，已整改 19 项，其余 4 项…": a base that is the numerator and
    // the rest of it is the whole the rate is of.
    let rest = |d: &Fig| {
        later
            .iter()
            .any(|m| has_any(&m.label, &REMAINDER) && n.num.add(m.num).consistent(d.num))
    };
    let check = "text.rate";
    let of = |d: Num| n.num.percent_of(d);
    let total = num::sum(dens.iter().map(|f| f.num));
    let fits = dens
        .iter()
        .map(|d| d.num)
        .chain([total])
        .filter_map(of)
        .any(|x| x.consistent(r.num) || (x.value >= 100.0 && r.num.value == 100.0));
    // Other counts before it that name the rate's word ("办结 140 件，其中按期
    // 办结 120 件，办结率"; "已参保 a 人，新增参保 b 人，参保率"): the nearest
    // may be a part of one of them, so any of them may be the numerator.
    let others: Vec<&&Fig> = sf[..k]
        .iter()
        .zip(&depth)
        .filter(|(f, d)| **d == 0 && names_it(f) && f.unit() == n.unit())
        .map(|(f, _)| f)
        .collect();
    let other_fits = others.iter().any(|o| {
        dens.iter()
            .filter_map(|d| o.num.percent_of(d.num))
            .any(|x| x.consistent(r.num))
    });
    if fits || other_fits {
        rec.pass(check);
        return;
    }
    let den = dens[dens.len() - 1];
    let Some(x) = of(den.num) else {
        return;
    };
    // "新建公厕 12 座，改造公厕 8 座，改造率 50%": a count beside the
    // numerator need not be its base; one that names the pool it is drawn
    // from (共有, 受理, 抽检, 查出 …) is. Several such counts ("受理 146 件，
    // 其中决定受理 128 件"), none giving the rate (nor their sum): it is
    // wrong whichever it is of.
    let pool =
        |d: &Fig| has_any(&para.text(para.clause_start(d.start), d.start), &POOL_WORDS) || rest(d);
    let note_several = if dens.len() > 1 {
        " (none of the counts that could be its base gives it)"
    } else {
        ""
    };
    let (severity, note) = if last_digit_slip(r.num, x) {
        (
            Severity::Warning,
            " (one unit in the last decimal: rounded differently)",
        )
    } else if !others.is_empty() {
        (
            Severity::Warning,
            " (several counts name what it counts: none gives the rate)",
        )
    } else if dens.len() > 1 && !dens.iter().all(|d| pool(d)) {
        (
            Severity::Warning,
            " (several counts could be its base: none gives the rate)",
        )
    } else if !pool(den) {
        (
            Severity::Warning,
            " (the count before it does not say it is the whole the rate is of)",
        )
    } else {
        (Severity::Error, note_several)
    };
    rec.fail(finding(
        check,
        severity,
        r.num,
        num::round(x.value, 2),
        Some("%".into()),
        format!(
            "{stem}{}率 {}% is not 「{}」 {} / 「{}」 {} = {:.2}%{note}: 「{}」",
            if word == "完成" { "完成" } else { "" },
            show(r.num),
            n.label,
            show(n.num),
            den.label,
            show(den.num),
            x.value,
            // (The base may stand after the rate, in a bracket.)
            para.quote(
                para.clause_start(den.start.min(n.start)).max(s.a),
                r.end.max(den.end).min(s.b)
            )
        ),
        para.location(r.start),
        vec![para.operand(n), para.operand(den)],
    ));
}

/// Words that count what a rate's word counts ([`rate_word`]): a 达标率 of
/// counts 检测合格, a 合格率 of counts 达标, a 回收率 of questionnaires 收回.
const SAME_COUNT: [(&str, &str); 3] = [("达标", "合格"), ("合格", "达标"), ("回收", "收回")];

/// The word of the same meaning as `stem` that `label` names what it counts
/// by, when it does not name `stem` itself: "其中检测合格" of 达标 → 合格.
fn same_word(label: &str, stem: &str) -> Option<&'static str> {
    if label.contains(stem) {
        return None;
    }
    SAME_COUNT
        .iter()
        .find(|(w, other)| *w == stem && label.contains(other))
        .map(|(_, other)| *other)
}

/// Does `label` name a grade short of `word`: "未办结 3 件", "部分完成 2
/// 项", "未支出 30 万元"? Not what a rate of `word` counts.
fn short_of(label: &str, word: &str) -> bool {
    ["不", "未", "非", "部分"]
        .iter()
        .any(|x| label.contains(&format!("{x}{word}")))
}

/// Does `label` name what should be `word` rather than what is: "应参保 18,640
/// 人" of a 参保率, "应发放 1,200 户" of a 发放率 — the rate's base, though it
/// names the rate's word.
fn planned(label: &str, word: &str) -> bool {
    ["应", "应当", "应该", "计划"]
        .iter()
        .any(|x| label.contains(&format!("{x}{word}")))
}

/// Words that name a count as the pool a rate of counts is drawn from: all
/// there is (共有, 总数, 全部), all received (受理, 收到, 登记), all examined
/// (抽检, 检测, 监测, 排查) or found by it (查出, 发现: what 整改 counts), or
/// all planned (计划, 应) or set (设置 / 设定 绩效指标), all handed out
/// (发放, 发出: what a 回收率 counts back).
const POOL_WORDS: [&str; 23] = [
    "共", "总", "全部", "现有", "辖区", "受理", "收到", "接收", "登记", "抽检", "抽查", "检测",
    "监测", "排查", "检查", "查出", "发现", "计划", "应", "设置", "设定", "发放", "发出",
];

/// Words of a count that is the rest of a numerator's pool ("其余 4 项").
const REMAINDER: [&str; 6] = ["其余", "剩余", "余下", "尚有", "还有", "其他"];

/// The word a rate names what it counts by: "办结" of "办结率为". None for
/// rates of another reading (growth, shares, the spending rates and those of
/// [`RATIOS`]) and for words of two characters or fewer.
fn rate_word(label: &str) -> Option<String> {
    let l = squeeze(label);
    let l = ["为", "达到", "达", "是"]
        .iter()
        .find_map(|w| l.strip_suffix(w))
        .unwrap_or(&l);
    let l = l.strip_suffix('率')?;
    // (整改完成率 counts what was 整改.)
    let l = l.strip_suffix("完成").unwrap_or(l);
    let chars: Vec<char> = l.chars().collect();
    if chars.len() < 2 {
        return None;
    }
    let stem: String = chars[chars.len() - 2..].iter().collect();
    let before = chars.len().checked_sub(3).map(|k| chars[k]);
    if !stem.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        || before.is_some_and(|c| "不未非超差失误".contains(c))
        || has_any(
            &stem,
            &[
                "增长", "下降", "执行", "到位", "完成", "节约", "支付", "拨付", "比率", "同比",
                "环比", "贡献", "税率", "利率", "费率", "汇率", "增速", "进度", "占比", "增幅",
                "降幅", "减少", "增加", "提高", "降低", "上升",
            ],
        )
    {
        return None;
    }
    Some(stem)
}

/// A completion rate stated of a budget of zero; the message names the
/// budget of the sentence the rate does fit, if one does.
fn of_zero(
    para: &Para,
    seg: &[&Fig],
    spent: &Fig,
    zero: &Fig,
    r: &Fig,
    noun: &str,
    rec: &mut Recorder,
) {
    let fits = seg.iter().find(|f| {
        f.is_amount()
            && money_kind(&f.label) == Money::Budget
            && f.num_in(spent.unit())
                .and_then(|n| spent.num.percent_of(n))
                .is_some_and(|x| x.consistent(r.num))
    });
    let mut note = fits
        .map(|f| format!(" (it is the rate of 「{}」 {})", f.label, show(f.num)))
        .unwrap_or_default();
    // Written "0 万元", the budget may be a rounded 0.4 万元: a rate that such
    // a budget allows is not certain.
    let zero_n = zero.num_in(spent.unit()).unwrap_or(zero.num);
    let severity = if spent.num.ratio_over_written_zero(zero_n, r.num) {
        note.push_str(" (written as 0, the budget may be a rounded amount under half its last digit, of which the rate is possible)");
        Severity::Warning
    } else {
        Severity::Error
    };
    rec.fail(finding(
        "text.rate",
        severity,
        r.num,
        0.0,
        Some("%".into()),
        format!(
            "完成{noun}的 {}% is stated, but 「{}」 is 0: no rate of it exists{note}: 「{}」",
            show(r.num),
            zero.label,
            para.quote(seg.first().map_or(r.start, |f| f.start), r.end)
        ),
        para.location(r.start),
        vec![para.operand(spent), para.operand(zero)],
    ));
}

/// The funds a bare spending rate is of when no budget is named: the amount
/// named as the spending's own subject ("总经费 120 万元，其中财政资助经费 80
/// 万元…。财政资助经费累计支出 76.44 万元，执行率 97.55%"), else the one
/// amount before it (outside a 其中 list) named as a whole of funds
/// ("补助资金总额 862.40 万元，其中：…。…已支出 826.18 万元，支出进度
/// 98.50%"), or — of a rate that names no budget (支付率, 拨付进度, not 预算
/// 执行率) — as the funds that arrived ("项目资金到位 480 万元，当年支付
/// 436.8 万元，资金支付率为 91.0%": what was paid is of what there was to
/// pay). Empty when neither is certain.
fn funds_of<'s, 'a>(
    para: &Para,
    pool: &'s [&'s Fig<'a>],
    spent: &Fig,
    arrived_ok: bool,
) -> Vec<&'s &'s Fig<'a>> {
    let before: Vec<&&Fig> = pool
        .iter()
        .filter(|f| {
            f.is_level()
                && f.start < spent.start
                && f.num_in(spent.unit()).is_some()
                && !f.label.contains('占')
                && !has_any(&f.label, &PRIOR_YEAR)
        })
        .collect();
    let label = clean_label(&spent.label);
    let subject = ["累计", "实际", "已", "支出", "执行", "使用", "拨付", "支付"]
        .iter()
        .filter_map(|w| label.find(w))
        .min()
        .map(|k| clean_label(&label[..k]))
        .unwrap_or_default();
    if cjk_count(&subject) >= 2 {
        let named: Vec<&&Fig> = before
            .iter()
            .copied()
            .filter(|f| clean_label(&f.label) == subject)
            .collect();
        if named.len() == 1 {
            return named;
        }
    }
    let list_from = list_start(para, pool);
    let wholes: Vec<&&Fig> = before.into_iter().filter(|f| f.start < list_from).collect();
    match wholes[..] {
        [w] if has_any(&w.label, &["资金", "经费"])
            && (has_any(&w.label, &["总额", "总计", "合计", "共计", "总经费"])
                || (arrived_ok
                    && w.label.contains("到位")
                    && !short_of(&w.label, "到位")
                    && !has_any(&w.label, &["应到位", "计划", "预计"]))) =>
        {
            vec![w]
        }
        _ => Vec::new(),
    }
}

/// Where a 其中 list starts among the figures of the sentence before (the
/// first figure after its 其中; `usize::MAX`: none): a part there is no
/// base of a rate stated after it.
fn list_start(para: &Para, prev: &[&Fig]) -> usize {
    let Some(first) = prev.first() else {
        return usize::MAX;
    };
    let from = para.clause_start(first.start);
    prev.iter()
        .find(|g| para.masked_text(from, g.start).contains("其中"))
        .map_or(usize::MAX, |g| g.start)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ran, run};
    #[test]
    fn a_bare_rate_over_a_zero_budget_and_its_addition() {
        // 57.42 / (0 + 58.00) = 99.00 %: of the funds, not the zero.
        let t = "项目年初预算为0万元，年中追加预算58.00万元，全年执行数57.42万元，执行率99.00%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.rate") == 1, "{f:?}");
        // Naming the zero budget: no such rate.
        let (f, _) = run(
            "年初预算为0万元，年中追加预算58.00万元，支出决算为57.42万元，完成年初预算的99.00%。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn rates_from_budget_and_spending() {
        let (f, _) = run(
            "项目年初预算数 555.20 万元，全年预算数 514.58 万元，实际支出 500.00 万元，预算执行率为 100.00%。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.rate");
        assert_eq!(f[0].computed, 97.17);
        // Rounding: 26 / 263 = 9.89% is consistent with a stated 10%.
        // The spending named before the budget: "决算数为年初预算数的".
        for t in [
            "年初预算为 1,806.40 万元，支出决算为 1,752.18 万元，决算数为年初预算数的 97.00%。",
            "年初预算为 1,806.40 万元，支出决算为 1,752.18 万元，支出决算相当于年初预算的 97.00%。",
        ] {
            let (f, s) = run(t);
            assert_eq!(s.by_check["text.rate"].run, 1, "{t}");
            assert!(f.is_empty(), "{t}: {f:?}");
            let (f, _) = run(&t.replace("97.00%", "79.00%"));
            assert_eq!(f.len(), 1, "{t}: {f:?}");
            assert_eq!(f[0].computed, 97.0);
        }
        let (f, _) = run("全年预算 263 万元，实际支出 26 万元，执行率 10%。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn spending_written_with_the_verb_execute() {
        use crate::model::Severity;
        // "执行 X 万元" is the spending of the budget before it.
        let (f, s) = run("全年预算460.00万元，执行452.60万元，执行率98.39%。");
        assert!(f.is_empty() && ran(&s, "text.rate") == 1, "{f:?}");
        let (f, _) = run("全年预算460.00万元，执行452.60万元，执行率96.39%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].severity, f[0].computed), (Severity::Error, 98.39));
        // 执行中追加 / 调减 are changes of the budget; 按标准执行 no amount.
        for t in [
            "年初预算500万元，执行中追加预算100万元，全年执行570万元，执行率95%。",
            "项目预算资金85万元，执行中调减预算5万元，实际执行76万元，预算执行率95%。",
            "本年度预算安排120万元，严格按照标准执行，截至年底共执行108万元，执行率为90%。",
        ] {
            let (f, _) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
        }
        // 整体执行率 over pairs of a budget and its spending: of their sums;
        // when neither reading gives it, which is meant is not certain.
        let t =
            "基本支出预算300万元，执行300万元；项目支出预算200万元，执行180万元，整体执行率96%。";
        let (f, _) = run(t);
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run(&t.replace("96%", "98%"));
        assert!(f.len() == 1 && f[0].severity == Severity::Warning, "{f:?}");
    }

    #[test]
    fn a_bare_rate_of_the_funds_its_words_name() {
        use crate::model::Severity;
        // The spending's own subject; else the one whole of funds.
        for (t, computed) in [
            (
                "项目总经费120万元，其中财政资助经费80万元、单位自筹40万元。截至结题，财政资助经费累计支出76.44万元，执行率97.55%。",
                95.55,
            ),
            (
                "补助资金总额862.40万元，其中省级412.40万元，县级450.00万元。资金主要用于设备购置。截至年底已支出826.18万元，支出进度98.50%。",
                95.8,
            ),
        ] {
            let (f, _) = run(t);
            assert_eq!(f.len(), 1, "{t}: {f:?}");
            assert_eq!((f[0].severity, f[0].computed), (Severity::Error, computed));
        }
        for t in [
            "项目总经费120万元，其中财政资助经费80万元、单位自筹40万元。截至结题，累计支出114.66万元，执行率95.55%。",
            "项目资金总额500万元，其中上年结转100万元。截至年底已支出570万元，执行率95%。",
            "上级下达资金总额300万元，县级配套资金总额100万元。截至年底已支出380万元，支出进度95%。",
            // (总投资 is no year's funds.)
            "项目总投资1,200万元，其中财政资金800万元。截至年底已支出700万元，执行率95%。",
        ] {
            let (f, _) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
        }
    }

    #[test]
    fn the_funds_a_spending_rate_may_be_of() {
        for t in [
            // The funds available: budget and carry-over, budget and addition.
            "上年结转资金50万元，本年预算200万元，实际支出237.5万元，执行率95%。",
            "年初预算100万元，年中追加50万元，实际支出135万元，执行率90%。",
            "年初预算50万元，年中调减预算10万元，实际支出40万元，执行率100%。",
            "年初预算安排200万元，上年结转30万元，可用资金230万元，实际支出207万元，执行率90%。",
            // Of the funds arrived.
            "项目资金预算300万元，实际到位270万元，到位率90%；实际支出243万元，执行率90%。",
            // A share of what was left, not a spending rate.
            "年初预算500万元，实际支出470万元，结余资金30万元，占年初预算的6%。",
        ] {
            let (f, _) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
        }
        // No amount gives the rate: still a finding.
        let (f, _) = run("年初预算100万元，年中追加50万元，实际支出135万元，执行率95%。");
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn counted_rates_with_counts_between_or_after() {
        for (t, computed) in [
            (
                "对审计指出的7个方面23项问题，已整改到位19项，其余4项正在按计划推进，整改完成率86.96%。",
                82.61,
            ),
            (
                "全年空气质量优良天数312天，优良率87.48%（有效监测天数365天）。",
                85.48,
            ),
            (
                "全年空气质量优良天数312天，有效监测天数365天，优良率87.48%。",
                85.48,
            ),
        ] {
            let (f, _) = run(t);
            assert_eq!(f.len(), 1, "{t}: {f:?}");
            assert_eq!(
                (f[0].computed, f[0].severity),
                (computed, crate::model::Severity::Error),
                "{t}"
            );
        }
        for t in [
            "对审计指出的7个方面23项问题，已整改到位19项，其余4项正在按计划推进，整改完成率82.61%。",
            "全年空气质量优良天数312天，优良率85.48%（有效监测天数365天）。",
            "全年空气质量优良天数312天，有效监测天数365天，优良率85.48%。",
            // A remainder that is no part of the base; a part of the
            // numerator in brackets after the rate.
            "受理投诉1,462件，办结1,446件，未办结16件，办结率98.91%。",
            "受理投诉1,462件，办结1,446件，办结率98.91%（其中按期办结1,400件）。",
            // Another count of what is done between: no numerator read.
            "产出数量指标8项全部完成，质量指标5项完成4项，成本指标2项完成2项，产出指标完成率97.4%。",
        ] {
            let (f, _) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
        }
    }

    #[test]
    fn rates_named_by_what_they_compare() {
        let cases = [
            // (text, stated, computed when wrong)
            (
                "项目预算资金200万元，实际到位资金180万元，资金到位率为85%。",
                90.0,
            ),
            (
                "计划建设农村公路50公里，实际完成45公里，完成率为95%。",
                90.0,
            ),
            (
                "计划培训农民1,000人次，实际培训1,200人次，完成率为110%。",
                120.0,
            ),
            ("全年预算200万元，已支付180万元，支付进度为95%。", 90.0),
            (
                "本年度共安排资金300万元，已拨付250万元，拨付率为80%。",
                83.33,
            ),
        ];
        for (t, computed) in cases {
            let (f, s) = run(t);
            assert_eq!(ran(&s, "text.rate"), 1, "{t}");
            assert_eq!(f.len(), 1, "{t}: {f:?}");
            assert_eq!(f[0].computed, computed, "{t}");
            assert_eq!(f[0].severity, crate::model::Severity::Error, "{t}");
        }
        for t in [
            "项目预算资金200万元，实际到位资金180万元，资金到位率为90%。",
            "计划建设农村公路50公里，实际完成45公里，完成率为90%。",
            // More done than planned, the rate capped at 100%.
            "计划培训农民1,000人次，实际培训1,200人次，完成率为100%。",
            // The rate of the whole, a part's arrival named after it.
            "项目总预算200万元，到位资金180万元，其中省级到位100万元，到位率90%。",
        ] {
            let (f, s) = run(t);
            assert_eq!((f.len(), ran(&s, "text.rate")), (0, 1), "{t}: {f:?}");
        }
        // A target met by exceeding it (以上, 不少于): its floor is the plan.
        for (t, computed) in [
            (
                "绩效目标为全年培训农村实用人才1,200人次以上，实际培训1,356人次，目标完成率118%。",
                113.0,
            ),
            (
                "计划新建村级服务站不少于40个，实际建成46个，完成率105%。",
                115.0,
            ),
        ] {
            let (f, _) = run(t);
            assert_eq!(f.len(), 1, "{t}: {f:?}");
            assert_eq!(f[0].computed, computed, "{t}");
        }
        for t in [
            "绩效目标为全年培训农村实用人才1,200人次以上，实际培训1,356人次，目标完成率113%。",
            "绩效目标为全年培训农村实用人才1,200人次以上，实际培训1,356人次，目标完成率100%。",
            // A ceiling is met by staying under it: no rate of it.
            "计划将投诉件数控制在50件以内，实际受理投诉42件，完成率100%。",
        ] {
            let (f, _) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
        }
        // Counts in different measure words, a time schedule, no plan named:
        // nothing read.
        for t in [
            "计划培训农民1,000人次，实际培训12期，完成率为110%。",
            "全年预算200万元，已支付180万元，序时支付进度为95%。",
            "共设置绩效指标20个，已完成18个，指标完成率95%。",
        ] {
            let (f, s) = run(t);
            assert_eq!((f.len(), ran(&s, "text.rate")), (0, 0), "{t}: {f:?}");
        }
        // Two sources, each arrived in part: the rate of both.
        let (f, _) = run(
            "中央资金预算100万元，到位100万元；省级资金预算50万元，到位40万元；资金到位率93.33%。",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn completion_of_the_budget_the_words_name() {
        let text = "一般公共预算财政拨款支出年初预算为 1,806.40 万元，全年预算为 1,790.00 万元，支出决算为 1,752.18 万元，完成年初预算的 97.00%。";
        let (f, s) = run(text);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.rate"), 1);
        // 1,752.18 / 1,806.40 = 97.00%; against 全年预算 it would be 97.89%.
        let (f, _) = run(&text.replace("97.00%", "97.89%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].check.as_str(), f[0].computed), ("text.rate", 97.0));
        assert_eq!(f[0].operands[1].value, 1806.4);
        // No budget amount in the clause: nothing to check.
        let (f, s) = run("因公出国（境）费决算为 0.00 万元，完成预算的 0%。");
        assert!(f.is_empty() && ran(&s, "text.rate") == 0, "{f:?}");
        // A rate of a budget of zero: no such rate; the one it fits is named.
        let (f, s) = run(
            "一般公共预算财政拨款支出年初预算为 0 万元，全年预算为321.02 万元，支出决算为 307.82 万元，完成年初预算的 95.89%。",
        );
        assert_eq!((f.len(), ran(&s, "text.rate")), (1, 1), "{f:?}");
        assert_eq!(f[0].severity, crate::model::Severity::Error);
        assert!(f[0].message.contains("全年预算"), "{}", f[0].message);
        // A budget written "0" beside 0.3 万元 is under 0.05 万元 (0.3 of it is
        // over 500 %); beside 1 万元 it may be 0.4 万元 (1 of it is 250 %).
        let (f, _) = run("年初预算为 0 万元，支出决算为 0.3 万元，完成年初预算的 75%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].severity,
            crate::model::Severity::Error,
            "0 beside 0.3 is under 0.05"
        );
        let (f, _) = run("年初预算为 0 万元，支出决算为 1 万元，完成年初预算的 250%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::model::Severity::Warning);
        // A budget in 亿元, the spending in 万元: 10,800 of 12,000 is 90 %.
        let (f, s) = run("全年预算数 1.2 亿元，实际支出 10,800 万元，预算执行率为 90%。");
        assert!(f.is_empty() && ran(&s, "text.rate") == 1, "{f:?}");
        let (f, _) = run("全年预算数 1.2 亿元，实际支出 10,800 万元，预算执行率为 95%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("12000"), "{}", f[0].message);
        // Nothing spent, or a rate of 0: nothing wrong.
        let (f, _) = run("年初预算为 0 万元，支出决算为 0 万元，完成年初预算的 0%。");
        assert!(f.is_empty(), "{f:?}");
        // Rounding: 0.33 / 0.95 = 34.7%, consistent with a stated 35%.
        let (f, _) = run("“三公”经费年初预算为 0.95 万元，支出决算为 0.33 万元，完成预算的 35%。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_budget_named_with_its_amount_before_the_rate() {
        // "完成年初预算 X 的 r%", "为调整预算 X 的 r%": r = spent / X.
        for (t, computed) in [
            (
                "卫生健康支出（类）决算数为2,846.30万元，完成年初预算2,920.00万元的95.48%。",
                97.48,
            ),
            (
                "截至10月底，全县一般公共预算支出完成26.48亿元，为调整预算32.60亿元的84.23%。",
                81.23,
            ),
        ] {
            let (f, _) = run(t);
            assert_eq!(f.len(), 1, "{t}: {f:?}");
            assert_eq!(
                (f[0].check.as_str(), f[0].computed),
                ("text.rate", computed)
            );
        }
        let (f, s) =
            run("卫生健康支出（类）决算数为2,846.30万元，完成年初预算2,920.00万元的97.48%。");
        assert!(f.is_empty() && ran(&s, "text.rate") == 1, "{f:?}");
        // Funds handed down (下达) are the base of a 支出进度.
        let (f, _) = run(
            "各级财政衔接推进乡村振兴补助资金共下达4,126.00万元，已支出3,968.30万元，支出进度98.18%。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 96.18);
    }

    #[test]
    fn a_completion_rate_over_the_plan_beside_the_excess() {
        // 超额完成 620 is the difference, not what was done: 5,620 / 5,000.
        let (f, _) = run(
            "全年完成固定资产投资5,620万元，较年初计划5,000万元超额完成620万元，完成率121.4%。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].severity, f[0].computed),
            (crate::model::Severity::Error, 112.4)
        );
    }

    #[test]
    fn rates_read_from_the_figures_around_them() {
        use crate::model::Severity;
        let errors = |t: &str| -> Vec<f64> {
            let (f, _) = run(t);
            f.iter()
                .filter(|f| f.check == "text.rate" && f.severity == Severity::Error)
                .map(|f| f.computed)
                .collect()
        };
        // A second rate of another named budget reads the same figures.
        let t = "年初预算 500 万元，调整预算 400 万元，支出决算 380 万元，完成年初预算的 76%，完成调整预算的 95%。";
        assert!(errors(t).is_empty(), "{:?}", run(t).0);
        assert_eq!(errors(&t.replace("95%", "93%")), vec![95.0]);
        // The budget in a bracket after the rate.
        let t = "上半年累计支付 210 万元，支付进度 42%（全年预算 500 万元）。";
        assert!(errors(t).is_empty());
        assert_eq!(errors(&t.replace("42%", "45%")), vec![42.0]);
        // The budget of the sentence before, when it names one.
        let t = "本项目预算 80 万元，用于设备购置。年末实际支出 72 万元，执行率 90%。";
        assert!(errors(t).is_empty());
        assert_eq!(errors(&t.replace("90%", "95%")), vec![90.0]);
        // Of two stages of one budget there, the rate fits neither: wrong
        // whichever it is of; of either, no finding.
        let t = "年初预算 80 万元，全年预算 100 万元。年末实际支出 72 万元，执行率 95%。";
        assert_eq!(errors(t), vec![72.0]);
        assert!(errors(&t.replace("95%", "90%")).is_empty());
        assert!(errors(&t.replace("95%", "72%")).is_empty());
        // Of two budgets of parts: not certain, no error.
        let t = "基本支出预算 80 万元，项目支出预算 100 万元。年末实际支出 72 万元，执行率 95%。";
        assert!(errors(t).is_empty());
        // A part's rate: its spending over its budget.
        let t = "全年预算 100 万元，其中人员支出 60 万元，公用支出 40 万元。全年支出 90 万元，其中人员支出 60 万元，公用支出 30 万元；执行率 90%，其中人员支出执行率 100%，公用支出执行率 75%。";
        assert!(errors(t).is_empty(), "{:?}", run(t).0);
        assert_eq!(errors(&t.replace("75%", "80%")), vec![75.0]);
    }

    #[test]
    fn ratio_rates_with_a_certain_reading() {
        use crate::model::Severity;
        let errors = |t: &str| -> Vec<f64> {
            let (f, _) = run(t);
            f.iter()
                .filter(|f| f.check == "text.rate" && f.severity == Severity::Error)
                .map(|f| f.computed)
                .collect()
        };
        // 总体到位率 of two sources: of both.
        let t = "市级资金计划 100 万元、到位 100 万元，区级资金计划 100 万元、到位 60 万元，资金总体到位率 80%。";
        assert!(errors(t).is_empty());
        assert_eq!(errors(&t.replace("80%", "85%")), vec![80.0]);
        // The numerator named as a whole, the plan in the sentence before.
        // A spending in brackets is a detail of the one before them.
        let (f, _) = run(
            "全年预算 1,200 万元，实际支出 1,140 万元（其中基本支出 840 万元、项目支出 300 万元），执行率 95%。",
        );
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run(
            "全年预算 1,200 万元，实际支出 1,140 万元（其中基本支出 840 万元、项目支出 300 万元），执行率 96%。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        // A part of the sentence before's 其中 list is no base.
        let (f, _) = run(
            "项目总投资 1.8 亿元，其中中央预算内投资 6,000 万元、县级配套 12,000 万元。2024年到位资金 1.5 亿元，到位率 83.3%。",
        );
        assert!(f.iter().all(|f| f.severity != Severity::Error), "{f:?}");
        let t = "项目总预算 200 万元。截至年底，区级资金到位 20 万元，资金总体到位 180 万元，到位率 90%。";
        assert!(errors(t).is_empty());
        assert_eq!(errors(&t.replace("90%", "95%")), vec![90.0]);
        // The pair alone in its '；' item.
        let t = "计划修建道路 10 公里，实际完成 10 公里；计划新建站点 5 个，实际建成 4 个，完成率 80%。";
        assert!(errors(t).is_empty());
        assert_eq!(errors(&t.replace("80%", "75%")), vec![80.0]);
        // 节约率 of the budget, its parts in a bracket.
        let t = "节约资金 15 万元，节约率 7.5%（采购预算 200 万元，成交金额 185 万元）。";
        assert!(errors(t).is_empty());
        assert_eq!(errors(&t.replace("7.5%", "8.1%")), vec![7.5]);
    }

    #[test]
    fn rates_of_counts_named_by_their_word() {
        use crate::model::Severity;
        let found = |t: &str| -> Vec<(Severity, f64)> {
            let (f, _) = run(t);
            f.iter()
                .filter(|f| f.check == "text.rate")
                .map(|f| (f.severity, f.computed))
                .collect()
        };
        let t = "全年抽检食品 250 批次，合格 245 批次，合格率 98%。";
        assert!(found(t).is_empty());
        assert_eq!(
            found(&t.replace("98%", "96%")),
            vec![(Severity::Error, 98.0)]
        );
        // A grade short of the rate's word is not what it counts.
        for t in [
            "设定指标27项，全部完成或超额完成的25项，部分完成2项，指标完成率92.6%。",
            "本年度整体绩效目标设定指标27项，全部完成或超额完成的25项，部分完成2项，指标完成率92.6%。",
        ] {
            assert!(found(t).is_empty(), "{t}");
        }
        // Two counts could be the base: a warning at most.
        let t = "收到投诉 80 件，其中有效投诉 64 件；处理 60 件，处理率 90%。";
        assert!(found(t).iter().all(|(s, _)| *s == Severity::Warning));
        // A count beside the numerator that names no pool: a warning.
        let (f, _) = run("全年新建公厕 12 座，改造公厕 8 座，改造率 50%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        let (f, _) = run("辖区共有老旧小区 40 个，本年改造 12 个，改造率 25%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        // Counts found by an inspection or audit (查出, 发现) are what 整改
        // is of; 整改完成率 counts 整改.
        for t in [
            "对审计查出的12个问题，截至6月底已完成整改10个，整改率88.3%。",
            "本次审计共查出问题20个，已整改到位16个，整改完成率84.2%。",
        ] {
            assert_eq!(found(t).len(), 1, "{t}");
            assert_eq!(found(t)[0].0, Severity::Error, "{t}");
        }
        for t in [
            "检查企业50家，发现问题企业12家，已整改10家，整改率83.3%。",
            "检查企业50家，发现问题企业12家，已整改10家，整改率20%。",
            "审计查出问题20个，其中已整改16个，整改完成率80%。",
            // (指标完成率 may weigh partly met indicators: not read.)
            "设置绩效指标36个，完成指标31个，指标完成率95%。",
        ] {
            assert!(found(t).is_empty(), "{t}");
        }
        // Several pools, none (nor their sum) giving the rate: wrong whichever.
        let t = "全年受理复议申请146件，其中决定受理128件；已审结122件，审结率93.51%。";
        assert_eq!(found(t), vec![(Severity::Error, 95.31)]);
        assert!(found(&t.replace("93.51%", "83.56%")).is_empty());
        // 不合格率 is no rate of 合格.
        let t = "抽检 250 批次，合格 245 批次，不合格率 2%。";
        assert!(found(t).is_empty());
    }

    fn rate_findings(t: &str) -> Vec<(crate::model::Severity, f64)> {
        let (f, _) = run(t);
        f.iter()
            .filter(|f| f.check == "text.rate")
            .map(|f| (f.severity, f.computed))
            .collect()
    }

    #[test]
    fn a_saving_of_the_budget() {
        use crate::model::Severity;
        // "节约 6.54 万元" is what was saved (its 约 is no "about").
        let t = "“三公”经费预算35.00万元，实际支出28.46万元，节约6.54万元，节约率16.89%。";
        assert_eq!(rate_findings(t), vec![(Severity::Error, 18.69)]);
        assert!(rate_findings(&t.replace("16.89%", "18.69%")).is_empty());
        assert!(rate_findings(&t.replace("16.89%", "19%")).is_empty());
    }

    #[test]
    fn done_of_a_target_named_after_its_verb() {
        use crate::model::Severity;
        let t = "计划新增城镇就业3,000人，实际新增3,426人，完成年度目标的112.4%。";
        assert_eq!(rate_findings(t), vec![(Severity::Error, 114.2)]);
        for ok in [
            "计划新增城镇就业3,000人，实际新增3,426人，完成年度目标的114.2%。",
            "计划新增城镇就业3,000人，实际新增3,426人，完成年度目标的114%。",
            // (The target's amount before its 的.)
            "实际新增城镇就业3,426人，完成年度目标3,000人的114.2%。",
            // (A target stated as ≥ is met by exceeding it: its floor is
            // what the rate is of; capped at 100% as usual.)
            "年度目标新增城镇就业≥3,000人，实际新增3,426人，完成年度目标的114.2%。",
            "年度目标新增城镇就业≥3,000人，实际新增3,426人，完成年度目标的100%。",
            // (超额完成 is what was done beyond it.)
            "计划新增城镇就业3,000人，实际新增3,426人，超额完成年度目标的14.2%。",
            // (A share of the plan is text.share's.)
            "计划投资5,000万元，实际完成投资4,800万元，占年度计划的96%。",
        ] {
            assert!(rate_findings(ok).is_empty(), "{ok}");
        }
        let t = "实际新增城镇就业3,426人，完成年度目标3,000人的112.4%。";
        assert_eq!(rate_findings(t), vec![(Severity::Error, 114.2)]);
        let t = "年度目标新增城镇就业≥3,000人，实际新增3,426人，完成年度目标的112.4%。";
        assert_eq!(rate_findings(t), vec![(Severity::Error, 114.2)]);
        // Another count of the unit after the numerator: it may be what is
        // counted.
        let t = "计划建设项目10个，实际开工8个，完工6个，完成年度计划的60%。";
        assert!(
            rate_findings(t)
                .iter()
                .all(|(s, _)| *s == Severity::Warning),
            "{t}"
        );
    }

    #[test]
    fn debt_of_assets() {
        use crate::model::Severity;
        let t = "医院资产总额8.62亿元，负债总额3.14亿元，资产负债率38.4%。";
        assert_eq!(rate_findings(t), vec![(Severity::Error, 36.43)]);
        assert!(rate_findings(&t.replace("38.4%", "36.4%")).is_empty());
        // (Not of 净资产.)
        let t = "医院资产总额8.62亿元，负债总额3.14亿元，净资产5.48亿元，资产负债率36.4%。";
        assert!(rate_findings(t).is_empty());
    }

    #[test]
    fn overall_arrival_of_the_whole_listed() {
        use crate::model::Severity;
        let t = "项目总投资2,600万元，其中中央资金1,500万元，到位1,500万元；省级资金600万元，到位540万元；县级配套500万元，到位410万元；资金总体到位率92.43%。";
        assert_eq!(rate_findings(t), vec![(Severity::Error, 94.23)]);
        assert!(rate_findings(&t.replace("92.43%", "94.23%")).is_empty());
        // The whole named as a plan.
        let t = "项目计划总投资1,200万元，其中中央资金800万元，已到位800万元；地方配套400万元，已到位320万元；资金总体到位率93.3%。";
        assert!(rate_findings(t).is_empty(), "{t}");
        assert_eq!(
            rate_findings(&t.replace("93.3%", "95.3%")),
            vec![(Severity::Error, 93.33)]
        );
        // A source's own rate: its plan is not named as one.
        let t = "项目总投资2,600万元，其中中央资金1,500万元，到位1,500万元；省级资金600万元，到位540万元，省级资金到位率90%。";
        assert!(rate_findings(t).is_empty());
    }

    #[test]
    fn stages_of_one_budget_before_a_bare_rate() {
        use crate::model::Severity;
        let t = "项目年初预算860.00万元，追加预算140.00万元，全年预算数1,000.00万元。截至12月31日，实际支出962.38万元，预算执行率98.24%。";
        assert_eq!(rate_findings(t), vec![(Severity::Error, 96.24)]);
        // Of either stage: no finding.
        assert!(rate_findings(&t.replace("98.24%", "96.24%")).is_empty());
        assert!(
            rate_findings(&t.replace("962.38", "850.00").replace("98.24%", "98.84%")).is_empty()
        );
        // Budgets of two parts: a warning.
        let t =
            "基本支出预算300.00万元，项目支出预算200.00万元。全年实际支出470.00万元，执行率92%。";
        assert!(
            rate_findings(t)
                .iter()
                .all(|(s, _)| *s == Severity::Warning),
            "{t}"
        );
    }

    #[test]
    fn a_rate_alone_after_its_spending_and_budget() {
        use crate::model::Severity;
        let t = "全年预算安排资金560万元，用于农村公路养护。截至12月31日，实际拨付资金532万元，剩余资金因部分路段施工延期暂未拨付。经统计，资金执行率为98%。";
        assert_eq!(rate_findings(t), vec![(Severity::Error, 95.0)]);
        assert!(rate_findings(&t.replace("98%", "95%")).is_empty());
        // Two spendings before it: not read.
        let t =
            "全年预算安排资金560万元。实际拨付资金532万元，其中已支付498万元。资金执行率为95%。";
        assert!(rate_findings(t).is_empty());
    }

    #[test]
    fn done_counts_of_a_set_pool() {
        use crate::model::Severity;
        let t = "全年安排重点任务50项，完成46项，任务完成率96%。";
        assert_eq!(rate_findings(t), vec![(Severity::Error, 92.0)]);
        assert!(rate_findings(&t.replace("96%", "92%")).is_empty());
        // (指标完成率 may average each indicator's completion: not read.)
        let t = "全年设置绩效指标36个，完成31个，指标完成率88.9%。";
        assert!(rate_findings(t).is_empty());
    }

    #[test]
    fn a_count_named_by_a_word_of_the_rates_meaning() {
        use crate::model::Severity;
        // 148 / 156 = 94.87 %: 检测合格 is what a 达标率 counts; 561 / 600 =
        // 93.50 %: 收回 is what a 回收率 counts, of the questionnaires 发放.
        for (t, c) in [
            (
                "全年抽检农村饮用水水样156份，其中检测合格148份，水质达标率为97.4%。",
                94.87,
            ),
            (
                "共发放满意度调查问卷600份，收回有效问卷561份，有效回收率为95.6%。",
                93.5,
            ),
            ("发放调查问卷600份，收回561份，回收率为95.6%。", 93.5),
        ] {
            assert_eq!(rate_findings(t), vec![(Severity::Error, c)], "{t}");
        }
        for t in [
            "全年抽检农村饮用水水样156份，其中检测合格148份，水质达标率为94.9%。",
            "共发放满意度调查问卷600份，收回有效问卷561份，有效回收率为93.5%。",
            // (不合格 is no count of what passed.)
            "抽检水样156份，检测不合格8份，水质达标率为94.9%。",
        ] {
            assert!(rate_findings(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn a_paying_rate_over_the_funds_that_arrived() {
        use crate::model::Severity;
        // 436.8 / 480 = 91.00 %.
        let t = "项目资金到位480万元，当年支付436.8万元，资金支付率为92.0%。";
        assert_eq!(rate_findings(t), vec![(Severity::Error, 91.0)]);
        let t = "项目资金到位480万元，当年支付436.8万元，资金支付率为91.0%。";
        assert!(rate_findings(t).is_empty());
        // A 预算执行率 is of a budget the text does not state: not read.
        let t = "项目资金到位480万元，当年支出436.8万元，预算执行率为87.4%。";
        assert!(rate_findings(t).is_empty());
        // Funds still to arrive are no base.
        let t = "项目资金应到位480万元，当年支付436.8万元，资金支付率为87.4%。";
        assert!(rate_findings(t).is_empty());
    }
}
