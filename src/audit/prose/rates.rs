//! `text.rate`: a spending rate against the budget it names.
//! - "预算数 B …，实际支出 S，预算执行率为 r%" — r = S / B;
//! - "年初预算为 B 万元，支出决算为 S 万元，完成年初预算的 r%" — r = S / B,
//!   the budget chosen by the words (年初 / 全年 / 调整), also when the
//!   sentence names neither 执行率 nor any other rate word; a rate of a
//!   budget of zero is itself a finding (no such rate exists).

use super::Sentence;
use super::sentence::{Fig, Money, Para, has_any, last_digit_slip, money_kind, names, squeeze};
use crate::audit::num::{self, Num};
use crate::audit::{Recorder, finding, show};
use crate::model::{FigureKind, Severity};

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
    // "完成年初预算的 98.20%" (the label has lost its 的), or with the
    // spending named first: "决算数为年初预算数的 98.20%", "支出决算相当于
    // 预算的 97%". The words after the last verb name the budget.
    let rest = ["完成", "达到", "占", "为", "相当于", "是"]
        .iter()
        .filter_map(|v| l.rfind(v).map(|i| &l[i + v.len()..]))
        .min_by_key(|rest| rest.len())?;
    (names_budget(rest) && rest.trim_end_matches('数').chars().count() <= 8).then_some(rest)
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
    for (i, r) in sf.iter().enumerate() {
        let Some(noun) = rate_of(para, r, i.checked_sub(1).map(|j| sf[j])) else {
            continue;
        };
        let seg = &sf[seg_start..i];
        seg_start = i + 1;
        let Some(spent) = seg
            .iter()
            .rev()
            .find(|f| f.is_amount() && money_kind(&f.label) == Money::Spent)
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
        let budgets: Vec<&&Fig> = seg
            .iter()
            .filter(|f| {
                f.is_amount()
                    && f.num_in(spent.unit()).is_some()
                    && !f.label.contains('占')
                    && money_kind(&f.label) == Money::Budget
                    // (追加 / 调减 50 万元: a change of the budget, not one.)
                    && !has_any(&f.label, &["追加", "调减", "调增", "调剂", "增加", "减少"])
                    && (noun.is_empty() || names(noun, &f.label))
            })
            .collect();
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
            let others: Vec<Num> = seg
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
        if rates.iter().any(|(x, ..)| x.consistent(r.num)) || other_base() {
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
                para.quote(seg.first().map_or(a, |f| f.start), r.end.min(b))
            ),
            para.location(r.start),
            vec![para.operand(spent), para.operand(budget)],
        ));
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
    /// The denominator's label has one of these (a budget, for money, also
    /// counts).
    den: &'static [&'static str],
    /// Only money: 到位率 is of funds.
    money: bool,
}

const RATIOS: [Ratio; 2] = [
    Ratio {
        rate: &["到位率"],
        num: &["到位"],
        not_num: &["应到位", "计划", "预算"],
        den: &["计划", "应到位", "预算", "安排", "下达", "批复"],
        money: true,
    },
    Ratio {
        rate: &["完成率"],
        num: &["实际", "完成", "已"],
        // (超额完成 620: what was done beyond the plan, a difference.)
        not_num: &["计划", "目标", "预期", "任务", "预算", "超额", "超出"],
        den: &["计划", "目标", "预期", "任务"],
        money: false,
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
        let Some(ratio) = RATIOS.iter().find(|q| has_any(&r.label, q.rate)) else {
            continue;
        };
        let seg = &sf[seg_start..i];
        seg_start = i + 1;
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
                quantity(f) && has_any(&f.label, ratio.num) && !has_any(&f.label, ratio.not_num)
            })
            .collect();
        let dens: Vec<&&Fig> = seg
            .iter()
            .filter(|f| quantity(f) && has_any(&f.label, ratio.den) && !f.label.contains('占'))
            .collect();
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
            continue;
        };
        let check = "text.rate";
        let capped = |x: &Num| x.value >= 100.0 && r.num.value == 100.0;
        // Several sources each with its plan and its arrival: the rate of
        // them all.
        let overall = || {
            let total = |fs: &[&&Fig]| -> Option<Num> {
                let ns: Option<Vec<Num>> = fs.iter().map(|f| f.num_in(num.unit())).collect();
                Some(num::sum(ns?))
            };
            nums.len() >= 2
                && dens.len() >= 2
                && total(&nums)
                    .zip(total(&dens))
                    .and_then(|(n, d)| n.percent_of(d))
                    .is_some_and(|x| x.consistent(r.num))
        };
        if rates.iter().any(|(x, ..)| x.consistent(r.num) || capped(x)) || overall() {
            rec.pass(check);
            continue;
        }
        let (severity, note) = if last_digit_slip(r.num, first) {
            (
                Severity::Warning,
                " (one unit in the last decimal: rounded differently)",
            )
        } else if rates.len() > 1 {
            (
                Severity::Warning,
                " (several amounts could be compared: none gives the rate)",
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
                para.quote(seg.first().map_or(s.a, |f| f.start), r.end.min(s.b))
            ),
            para.location(r.start),
            vec![para.operand(num), para.operand(den)],
        ));
    }
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
}
