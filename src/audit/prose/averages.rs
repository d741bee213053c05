//! `text.rate` of an average: "全年人员经费支出 1,426.00 万元，年末在职职工 62
//! 人，人均 23.0 万元" — an amount per head (人均, 户均, 村均, 每村平均, 平均每户)
//! stated with the money it divides and the count it divides by is their
//! quotient.
//!
//! Read only when nothing else can be meant:
//! - the average names what the count counts (人均 of 人/名/位, 户均 of 户,
//!   每村平均 of "12 个行政村"; never of 人次, nor per month or year: 月均,
//!   每人每月 — a total then runs over time too);
//! - it is an average, not a standard or a bound (标准, 按, 最高, 不超过 …),
//!   and no statistic of a population (人均可支配收入, 人均生产总值: those
//!   divide by an average population the sentence does not state);
//! - the sentence holds exactly one money amount besides it — money paid or
//!   spent (经费, 资金, 补助, 支出, 发放 …), outside brackets, no change —
//!   and exactly one count the average can be of, not a change, and no 其中
//!   that would make either a part.
//!
//! Amounts written as about so much (约 1,280 万元, 4,300 余人) are held to
//! a tenth either way: only an average far off its quotient is a finding.

use super::Sentence;
use super::sentence::{Fig, Para, has_any, is_change_label, squeeze};
use super::sums::prices;
use crate::audit::num::{self, Num};
use crate::audit::{Recorder, finding, show};
use crate::model::{Comparator, FigureKind, Severity};

const CHECK: &str = "text.rate";

/// Words of an amount that is no average of the sentence's money: a rate
/// set in advance, a bound, or a statistic of a population.
const NOT_AN_AVERAGE: [&str; 16] = [
    "标准",
    "按",
    "最高",
    "最低",
    "不超过",
    "不低于",
    "以上",
    "以下",
    "以内",
    "收入",
    "可支配",
    "生产总值",
    "GDP",
    "增加值",
    "消费",
    "存款",
];

/// Words of money paid out or spent: what an average per head divides.
const PAID: [&str; 12] = [
    "支出", "经费", "资金", "补助", "补贴", "救助", "发放", "拨付", "慰问", "奖励", "投入", "费",
];

/// The hedge an amount written as about so much is held to: a tenth.
const ABOUT: f64 = 0.1;

/// The rounding interval of `n`, widened by a tenth either way when the
/// figure is written as about so much.
fn held(f: &Fig, n: Num) -> Num {
    if f.f.comparator == Some(Comparator::About) {
        Num {
            lo: n.lo.min(n.value * (1.0 - ABOUT)),
            hi: n.hi.max(n.value * (1.0 + ABOUT)),
            ..n
        }
    } else {
        n
    }
}

/// Is `label` the words of an average per head ("人均", "户均救助",
/// "每村平均", "平均每户")? The words besides it are returned, without
/// copulas and the verbs of paying any such money (人均救助, 平均每人资助):
/// "公用经费" of "人均公用经费".
fn average_words(label: &str) -> Option<String> {
    let l = squeeze(label);
    if !l.contains('均') || has_any(&l, &NOT_AN_AVERAGE) {
        return None;
    }
    let mut rest = l.clone();
    for w in ["平均", "均"] {
        if let Some(k) = rest.find(w) {
            // The thing averaged over: the char before 均 or after 每.
            let before = rest[..k].chars().last();
            let mut cut = k..k + w.len();
            if w == "均" && before.is_some() {
                cut.start -= before.map_or(0, char::len_utf8);
            }
            rest.replace_range(cut, "");
            break;
        }
    }
    if let Some(k) = rest.find('每') {
        let next = rest[k + '每'.len_utf8()..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        rest.replace_range(k..k + '每'.len_utf8() + next, "");
    }
    for w in [
        "约为", "为", "达到", "达", "约", "的", "是", "实际", "资助", "救助", "补助", "补贴",
        "奖补", "发放", "领取", "享受", "获得", "金额", "资金",
    ] {
        rest = rest.replace(w, "");
    }
    Some(rest)
}

pub(super) fn check(para: &Para, s: &Sentence, rec: &mut Recorder) {
    for (i, avg) in s.figs.iter().enumerate() {
        if avg.f.kind != FigureKind::Amount
            || avg.f.comparator.is_some_and(|c| c != Comparator::About)
        {
            continue;
        }
        let Some(extra) = average_words(&avg.label) else {
            continue;
        };
        average(para, s, i, &extra, rec);
    }
}

/// The average `s.figs[i]`, whose label says `extra` besides its 均-words.
fn average(para: &Para, s: &Sentence, i: usize, extra: &str, rec: &mut Recorder) {
    let avg = s.figs[i];
    let others = || s.figs.iter().enumerate().filter(move |&(k, _)| k != i);
    // Exactly one amount of money besides the average.
    let money: Vec<&Fig> = others()
        .filter(|(_, f)| f.f.kind == FigureKind::Amount)
        .map(|(_, f)| *f)
        .collect();
    let [total] = money.as_slice() else {
        return;
    };
    let total_words = squeeze(&total.label);
    if total.f.comparator.is_some_and(|c| c != Comparator::About)
        || is_change_label(&total.label)
        || !has_any(&total_words, &PAID)
        || total_words.contains('均')
        || has_any(&total_words, &NOT_AN_AVERAGE)
        // (Words of the average's own — 人均救助 — are named by the total.)
        || !extra.chars().all(|c| total_words.contains(c))
    {
        return;
    }
    // Exactly one count the average is of.
    let counts: Vec<&Fig> = others()
        .filter(|(_, f)| f.f.kind == FigureKind::Count)
        .map(|(_, f)| *f)
        .filter(|f| {
            let unit = f.unit().unwrap_or("");
            let noun = para.text(f.end, para.clause_end(f.end));
            !unit.ends_with('次') && prices(&squeeze(&avg.label), unit, noun.trim())
        })
        .collect();
    let [count] = counts.as_slice() else {
        return;
    };
    if count.f.comparator.is_some_and(|c| c != Comparator::About)
        || is_change_label(&count.label)
        || count.num.value <= 0.0
    {
        return;
    }
    let first = total.start.min(count.start).min(avg.start);
    let last = total.end.max(count.end).max(avg.end);
    let between = para.masked_text(first, last);
    if between.contains("其中") || in_brackets(para, s, &[total.start, count.start, avg.start]) {
        return;
    }
    let Some(t) = total.num_in(avg.unit()) else {
        return;
    };
    let Some(q) = held(total, t).percent_of(held(count, count.num)) else {
        return;
    };
    let quotient = q.scaled(-2);
    let stated = held(avg, avg.num);
    if stated.consistent(quotient) {
        rec.pass(CHECK);
        return;
    }
    let message = format!(
        "the average {} {} is not the amount over the count: {} {} / {} {} = {}: 「{}」",
        avg.label.trim(),
        show(avg.num),
        show(t),
        avg.unit().unwrap_or(""),
        show(count.num),
        count.unit().unwrap_or(""),
        show(Num {
            decimals: avg.num.decimals.max(2),
            ..quotient
        }),
        para.quote(first, last)
    );
    rec.fail(finding(
        CHECK,
        Severity::Error,
        avg.num,
        num::round(quotient.value, avg.num.decimals.max(2)),
        avg.f.unit.clone(),
        message,
        para.location(avg.start),
        vec![para.operand(avg), para.operand(total), para.operand(count)],
    ));
}

/// Is any of `positions` inside brackets of the sentence?
fn in_brackets(para: &Para, s: &Sentence, positions: &[usize]) -> bool {
    para.bracket_depths(s.a, positions).iter().any(|&d| d > 0)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::run;
    use crate::model::Severity;

    fn averages(text: &str) -> Vec<crate::model::Finding> {
        let (f, _) = run(text);
        f.into_iter()
            .filter(|f| f.check == "text.rate" && f.message.contains("average"))
            .collect()
    }

    fn checked(text: &str) -> u32 {
        let (_, s) = run(text);
        super::super::test_util::ran(&s, "text.rate")
    }

    #[test]
    fn an_average_per_head_is_the_amount_over_the_count() {
        let f = averages("年末在职职工62人，全年人员经费支出1,426.00万元，人均25.0万元。");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].stated, 25.0);
        assert!((f[0].computed - 23.0).abs() < 0.01, "{f:#?}");
        assert_eq!(f[0].operands.len(), 3);
        // Other orders, units and heads.
        for bad in [
            "全年发放补贴360万元，惠及1,200户，户均3,500元。",
            "为12个行政村安排运转经费252万元，每村平均23万元。",
            "共拨付救助资金1,280万元，救助困难群众4,300人，人均救助0.50万元。",
            "共拨付临时救助资金约1,280万元，惠及困难群众4,300余人，人均约0.5万元。",
            "资助家庭经济困难学生860名，发放资助资金215万元，平均每人资助3,000元。",
        ] {
            assert_eq!(averages(bad).len(), 1, "{bad}");
        }
    }

    #[test]
    fn averages_that_hold_or_cannot_be_read() {
        for ok in [
            // Consistent, in other units and with hedges.
            "年末在职职工62人，全年人员经费支出1,426.00万元，人均23.0万元。",
            "全年发放补贴360万元，惠及1,200户，户均3,000元。",
            "共拨付临时救助资金约1,280万元，惠及困难群众4,300余人，人均约0.3万元。",
            "为12个行政村安排运转经费252万元，每村平均21万元。",
        ] {
            assert!(averages(ok).is_empty(), "{ok}");
            assert!(checked(ok) >= 1, "{ok}");
        }
        for unread in [
            // A standard per month, not an average of this money.
            "为1,200名老人发放高龄补贴360万元，按人均每月200元标准发放。",
            // A statistic of a population.
            "全县常住人口52万人，人均可支配收入3.2万元，民生支出42亿元。",
            // Person-times, not persons.
            "开展培训3,000人次，支出培训费60万元，人均250元。",
            // Two counts of people: which one the average is of is a guess.
            "在职职工62人，离退休人员20人，人员经费支出1,426.00万元，人均25.0万元。",
            // Two amounts of money.
            "人员经费1,426.00万元，公用经费200万元，在职职工62人，人均25.0万元。",
            // A part named by 其中.
            "发放救助资金1,280万元，惠及4,300人，其中低保对象1,200人，人均0.5万元。",
            // A change in the count.
            "救助资金1,280万元，救助人数比上年增加400人，人均0.5万元。",
        ] {
            assert!(averages(unread).is_empty(), "{unread}");
        }
    }
}
