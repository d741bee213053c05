//! `text.direction`: comparison and direction words against the two amounts
//! they compare.
//! - "决算数大于 / 小于 / 等于 / 高于 / 低于 / 超过 预算数";
//! - "A 与 / 同 B 持平 / 相等", "与 B 相比，A 持平";
//! - "A 比 / 较 B 增加 / 减少 / 上升 / 下降 / 增长" with no amount after the
//!   word (a stated amount or rate is `text.change`'s).
//!
//! Each side is the amount its noun names (`names`: the kind 预算 / 决算 and
//! the qualifiers 年初 / 全年 / 上年 / a year), looked for in the sentence and
//! the one before it; a side with no noun ("X 万元，比上年持平") is the amount
//! just before the clause. The words hold when any pairing makes them true
//! (rounding-aware: 10.00 may be above 9.996). When they hold for none: an
//! `error` if each side named exactly one amount, else a `warning` saying how
//! many amounts each side could be. A hedged equality (基本持平, 大致相等)
//! allows 5% and is never more than a `warning`.

use super::Sentence;
use super::sentence::{Fig, Noun, Para, cjk_count, squeeze};
use crate::audit::num::Num;
use crate::audit::{Recorder, finding, show};
use crate::model::Severity;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Rel {
    More,
    Less,
    Equal,
}

/// The comparison words: (word, relation, whether it is a change word, which
/// needs 比 / 与 and no amount after it).
const WORDS: [([char; 2], Rel, bool); 18] = [
    (['大', '于'], Rel::More, false),
    (['高', '于'], Rel::More, false),
    (['多', '于'], Rel::More, false),
    (['超', '过'], Rel::More, false),
    (['超', '出'], Rel::More, false),
    (['小', '于'], Rel::Less, false),
    (['低', '于'], Rel::Less, false),
    (['少', '于'], Rel::Less, false),
    (['等', '于'], Rel::Equal, false),
    (['持', '平'], Rel::Equal, true),
    (['相', '等'], Rel::Equal, true),
    (['增', '加'], Rel::More, true),
    (['增', '长'], Rel::More, true),
    (['上', '升'], Rel::More, true),
    (['提', '高'], Rel::More, true),
    (['减', '少'], Rel::Less, true),
    (['下', '降'], Rel::Less, true),
    (['降', '低'], Rel::Less, true),
];

/// Does a label hold a comparison word ("本年数小于上年预算数": a difference)?
fn has_word(label: &str) -> bool {
    let c: Vec<char> = label.chars().collect();
    (0..c.len()).any(|i| word_at(&c, i).is_some())
}

fn word_at(text: &[char], i: usize) -> Option<&'static ([char; 2], Rel, bool)> {
    let (a, b) = (text[i], *text.get(i + 1)?);
    WORDS.iter().find(|(w, ..)| w[0] == a && w[1] == b)
}

const HEDGES: [&str; 4] = ["基本", "大致", "大体", "略"];

/// Words around the noun that are not part of it.
fn bare(noun: &str) -> String {
    let mut t: String = noun.chars().filter(|c| !c.is_whitespace()).collect();
    for w in [
        "相比较",
        "相比",
        "相较",
        "基本上",
        "基本",
        "大致",
        "大体",
        "总体",
        "保持",
        "有所",
        "略有",
        "略",
        "均",
        "其中",
        "的",
    ] {
        t = t.replace(w, "");
    }
    t.trim_matches(|c: char| !('\u{4e00}'..='\u{9fff}').contains(&c) && !c.is_ascii_digit())
        .to_string()
}

pub(super) fn check(para: &Para, s: &Sentence, rec: &mut Recorder) {
    // Both sides are amounts of this sentence or the one before.
    if s.figs.is_empty() && s.prev.is_empty() {
        return;
    }
    let text: &[char] = &para.masked[s.a..s.b];
    let plain: &[char] = &para.chars[s.a..s.b];
    for i in 0..text.len() {
        // "低于2024年预算数 Y" is read as one figure "低于2024" (a bound):
        // the word before a year is a comparison all the same, and the year
        // is words of the noun (unmasked up to `unmask`).
        let (found, unmask) = match word_at(text, i) {
            Some(w) => (Some(w), s.a + i + 2),
            None if text[i] == '#' => match year_compared(para, s.a + i) {
                Some(fig_end) => (word_at(plain, i), fig_end),
                None => (None, 0),
            },
            None => (None, 0),
        };
        let Some(&(w, rel, change)) = found else {
            continue;
        };
        // A template offering both ("大于（小于）"): not a statement.
        let near = i.saturating_sub(6)..(i + 8).min(text.len());
        if near
            .clone()
            .any(|k| word_at(text, k).is_some_and(|(v, r, _)| *r != rel && *v != w))
        {
            continue;
        }
        let word: String = w.iter().collect();
        let at = (s.a + i, s.a + i + 2, unmask);
        one(para, s, at, &word, rel, change, rec);
    }
}

/// "X，低于 / 高于 / 超过 [noun] Y": the first figure after the word, when it
/// is a money level in its clause with only the noun (and 的) before it.
fn direct_other<'s, 'a>(
    para: &Para,
    s: &Sentence<'s, 'a>,
    end: usize,
    ce: usize,
) -> Option<&'s Fig<'a>> {
    let y = *s.figs.iter().find(|f| f.start >= end)?;
    if y.end > ce || !y.is_amount() || super::sentence::is_change_label(&y.label) {
        return None;
    }
    let between = para.masked_text(end, y.start);
    (!between.contains(['#', '，', ',', '；', ';', '（', '('])).then_some(y)
}

/// A figure "低于2024" at `at` (a comparison word, then a year: 2024年):
/// where it ends.
fn year_compared(para: &Para, at: usize) -> Option<usize> {
    if at > 0 && para.masked[at - 1] == '#' {
        return None;
    }
    let f = para.figures.iter().find(|f| f.offset == Some(at))?;
    let end = at + f.text.chars().count();
    let year = f
        .value
        .is_some_and(|v| v.fract() == 0.0 && (1990.0..=2100.0).contains(&v));
    (f.comparator.is_some() && year && para.chars.get(end) == Some(&'年')).then_some(end)
}

/// The amounts a noun names among the sentence's and the previous sentence's
/// levels (not the differences: "小于上年预算数 220 万元").
fn named<'s, 'a>(s: &Sentence<'s, 'a>, noun: &Noun) -> Vec<&'s Fig<'a>> {
    s.prev
        .iter()
        .chain(s.figs.iter())
        .copied()
        .filter(|f| f.is_level() && noun.names(&f.label) && !has_word(&f.label))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn one(
    para: &Para,
    s: &Sentence,
    (p, end, unmask): (usize, usize, usize),
    word: &str,
    rel: Rel,
    change: bool,
    rec: &mut Recorder,
) {
    let cs = para.clause_start(p).max(s.a);
    let ce = para.clause_end(end).min(s.b);
    // A change word with an amount or rate after it is text.change's.
    if change && para.masked_text(unmask.max(end), ce).contains('#') {
        return;
    }
    let before = para.masked_text(cs, p);
    let hedged = rel == Rel::Equal
        && HEDGES
            .iter()
            .any(|h| before.ends_with(h) || before.contains(h));
    // The two nouns.
    let (a_text, b_text) = if change {
        // "A 与 / 同 / 比 / 较 B 持平": the last connector splits them.
        let conn = before
            .char_indices()
            .filter(|(_, c)| matches!(c, '与' | '同' | '比' | '较' | '跟'))
            .map(|(i, _)| i)
            .next_back();
        match conn {
            Some(k) => {
                let cut = k + before[k..].chars().next().map_or(0, char::len_utf8);
                (before[..k].to_string(), before[cut..].to_string())
            }
            None => {
                // "与 B 相比，A 持平": the comparison is the clause before.
                if cs <= s.a {
                    return;
                }
                let pc = para.clause_start(cs - 1).max(s.a);
                let prev = para.masked_text(pc, cs - 1);
                let Some(b) = prev.strip_suffix("相比") else {
                    return;
                };
                let b = b.trim_start_matches(['与', '同', '跟']);
                (before.clone(), b.to_string())
            }
        }
    } else {
        // "A 大于 B[的…]".
        let after =
            squeeze(&para.text(end, unmask.min(ce))) + &para.masked_text(unmask.max(end), ce);
        let stop = after
            .find(['的', '#'])
            .or_else(|| after.find("主要"))
            .or_else(|| after.find("原因"))
            .unwrap_or(after.len());
        (before.clone(), after[..stop].to_string())
    };
    let (a_noun, b_noun) = (bare(&a_text), bare(&b_text));
    if b_noun.is_empty() {
        return;
    }
    let Some(b) = Noun::new(&b_noun) else {
        return;
    };
    let mut ys = named(s, &b);
    // "A a，与上年持平": a bare period names A's own amount that year — one
    // whose words name A too, or one between A's amount and the word in A's
    // '；' item ("A a，上年 a0，与上年持平"); not another item's 上年 level
    // ("B b，比上年 b0 增加…；A a，与上年持平").
    if change && period_only(&b_noun) {
        let item_start = para.item_start(s.a, p);
        // A's amount: the last one its noun names in the item, or with no
        // noun the level just before the clause.
        let a_fig = s.figs.iter().rev().find(|f| {
            f.start >= item_start
                && if a_noun.is_empty() {
                    f.end <= cs && f.is_level() && !period_label(&f.label)
                } else {
                    f.end <= p && f.label.contains(a_noun.as_str())
                }
        });
        let a_name = if a_noun.is_empty() {
            a_fig.map(|f| bare(&f.label)).unwrap_or_default()
        } else {
            a_noun.clone()
        };
        // (After the word, only in A's '；' item: "A a，与上年持平；B b，比上年
        // b0 减少…" — b0 is B's.)
        let item_end = (end..s.b)
            .find(|&q| matches!(para.masked.get(q), Some('；' | ';')))
            .unwrap_or(s.b);
        ys.retain(|y| {
            (cjk_count(&a_name) >= 2 && y.label.contains(a_name.as_str()))
                || a_fig.is_some_and(|a| y.start >= a.end && y.end <= p)
                || (y.start >= end && y.end <= item_end)
        });
    }
    // "与上年持平（上年 Y）": the amount in brackets right after the word is
    // the one meant.
    if let Some(y) = s.figs.iter().find(|f| f.start >= end) {
        let between: String = para
            .masked_text(end, y.start)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if between.starts_with(['（', '(']) && ys.iter().any(|f| f.start == y.start) {
            ys = vec![*y];
        }
    }
    // "X 万元，低于 / 超过 [上年的 / 2024年预算数] Y 万元": the amount right
    // after the word and its noun is the other side (its words hold the
    // comparison word, so `named` passes it by).
    let mut direct = None;
    if ys.is_empty() && !change {
        let Some(y) = direct_other(para, s, unmask.max(end), ce) else {
            return;
        };
        direct = Some(para.masked_text(end, y.start).contains('的'));
        ys = vec![y];
    }
    if ys.is_empty() {
        return;
    }
    // The first side: the amounts its noun names, or — no noun — the amount
    // just before the clause, in this sentence.
    let (xs, implicit) = match Noun::new(&a_noun) {
        Some(a) => (named(s, &a), false),
        // (Not one named by a period alone: "A a，上年为 a0，与上年持平" —
        // a0 is the other side, A's amount the subject.)
        None => match s
            .figs
            .iter()
            .rev()
            .find(|f| f.end <= cs && f.is_level() && !period_label(&f.label))
        {
            Some(f) => (vec![*f], true),
            None => return,
        },
    };
    if xs.is_empty() {
        return;
    }
    // Each pairing with the second amount counted in the first one's unit
    // ("年初预算为 0.02 亿元，支出决算为 225.12 万元" compares in 亿元).
    let pairs: Vec<(&Fig, &Fig, Num)> = xs
        .iter()
        .flat_map(|x| ys.iter().map(move |y| (*x, *y)))
        .filter(|(x, y)| x.start != y.start)
        .filter_map(|(x, y)| Some((x, y, y.num_in(x.unit())?)))
        .collect();
    if pairs.is_empty() {
        return;
    }
    let holds = |x: Num, y: Num| match rel {
        Rel::More => x.hi > y.lo,
        Rel::Less => x.lo < y.hi,
        Rel::Equal if hedged => {
            x.consistent(y) || (x.value - y.value).abs() <= 0.05 * x.value.abs().max(y.value.abs())
        }
        Rel::Equal => x.consistent(y),
    };
    let check = "text.direction";
    if pairs.iter().any(|(x, _, y)| holds(x.num, *y)) {
        rec.pass(check);
        return;
    }
    let (x, y, y_num) = pairs[0];
    // With the amount right after the word, "超过预算 20 万元" may say by
    // how much: a total is never more than what it exceeds by, so a More
    // word is refuted either way; a Less word only when 的 or a noun of an
    // amount (…数) makes Y the other side ("低于上年的 Y", "低于预算数 Y").
    let by_how_much = match direct {
        Some(de) => rel == Rel::Less && !de && !b_noun.ends_with('数'),
        None => false,
    };
    let certain = xs.len() == 1 && ys.len() == 1 && !hedged && !by_how_much;
    let severity = if certain {
        Severity::Error
    } else {
        Severity::Warning
    };
    let doubt = if hedged {
        format!(" (a hedged {word}: more than 5% apart)")
    } else if certain {
        String::new()
    } else {
        format!(
            " (uncertain pairing: {} amounts could be 「{}」, {} could be 「{}」)",
            xs.len(),
            if a_noun.is_empty() {
                "the subject"
            } else {
                &a_noun
            },
            ys.len(),
            b_noun
        )
    };
    let actual = if x.num.consistent(y_num) {
        "equal to"
    } else if x.num.value > y_num.value {
        "more than"
    } else {
        "less than"
    };
    let a_name = if implicit || a_noun.is_empty() {
        x.label.clone()
    } else {
        a_noun.clone()
    };
    // "225.12 万元 (= 0.022512 亿元)" when the units differ.
    let y_shown = format!(
        "{}{}",
        show(y.num),
        super::sentence::in_prose_unit(y.unit().unwrap_or(""), y_num, x.unit())
    );
    rec.fail(finding(
        check,
        severity,
        x.num,
        y_num.value,
        x.f.unit.clone(),
        format!(
            "the text says 「{a_name}」 {word} 「{b_noun}」, but 「{}」 {} is {actual} 「{}」 {}{doubt}: 「{}」",
            x.label,
            show(x.num),
            y.label,
            y_shown,
            para.quote(x.start.min(y.start), ce.max(x.end).max(y.end))
        ),
        para.location(p),
        vec![para.operand(x), para.operand(y)],
    ));
}

/// A level's words that name only a period ("上年为", "2023年是", "去年同期"):
/// the level of that period of the amount before it.
fn period_label(label: &str) -> bool {
    let b = bare(label);
    let b = b.trim_end_matches(['为', '是', '：', ':']);
    !b.is_empty() && period_only(b)
}

/// Words that name only a period: 上年, 去年, 同期, 上年度, 2023年(度).
fn period_only(noun: &str) -> bool {
    let mut rest = noun.to_string();
    for w in ["上年度", "上一年度", "上年", "去年", "同期", "上期", "年度"] {
        rest = rest.replace(w, "");
    }
    let rest: String = rest
        .chars()
        .filter(|c| !c.is_ascii_digit() && *c != '年' && !c.is_whitespace())
        .collect();
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ran, run};
    use crate::model::Severity;

    #[test]
    fn final_said_to_exceed_a_larger_budget() {
        let ok = "年初预算为 742.30 万元，支出决算为 718.06 万元。决算数小于预算数的主要原因：年中人员调出。";
        let (f, s) = run(ok);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.direction"), 1);
        let (f, _) = run(&ok.replace("小于", "大于"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.direction");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!((f[0].stated, f[0].computed), (718.06, 742.3));
        assert_eq!(f[0].operands.len(), 2);
        let (f, _) = run(&ok.replace("小于", "等于"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        // A hedged equality allows a small difference; a big one is a warning.
        let (f, _) = run(&ok
            .replace("小于", "与")
            .replace("的主要原因：年中人员调出", "基本持平"));
        assert!(f.is_empty(), "{f:?}");
        let (f, _) =
            run("年初预算为 742.30 万元，支出决算为 518.06 万元。决算数与预算数基本持平。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn the_two_sides_in_different_money_units() {
        // 0.074230 亿元 is 742.30 万元: the final is less.
        let ok = "年初预算为 0.074230 亿元，支出决算为 718.06 万元。决算数小于预算数。";
        let (f, s) = run(ok);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.direction"), 1);
        let (f, _) = run(&ok.replace("小于", "大于"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].message.contains("(= "), "{}", f[0].message);
        // A count and an amount do not compare.
        let (_, s) = run("年初计划 12 人，支出决算为 718.06 万元。决算数小于预算数。");
        assert_eq!(ran(&s, "text.direction"), 0);
    }

    #[test]
    fn equal_amounts_and_templates_are_not_flagged() {
        let (f, s) = run("年初预算为 10.00 万元，支出决算为 10.00 万元。决算数同预算数持平。");
        assert!(f.is_empty() && ran(&s, "text.direction") == 1, "{f:?}");
        // Rounding: 10.00 may be just above 9.996, so "大于" is not refuted.
        let (f, _) = run("年初预算为 10.00 万元，支出决算为 10.00 万元。决算数大于预算数。");
        assert!(f.is_empty(), "{f:?}");
        let (f, s) = run(
            "年初预算为 10.00 万元，支出决算为 9.00 万元。决算数大于（小于）预算数的主要原因：XXXX。",
        );
        assert!(f.is_empty() && ran(&s, "text.direction") == 0, "{f:?}");
        // Words that name no amount of the sentence are left alone.
        let (f, s) = run("支出决算为 9.00 万元，低于全国平均水平。");
        assert!(f.is_empty() && ran(&s, "text.direction") == 0, "{f:?}");
    }

    #[test]
    fn change_words_between_two_named_amounts() {
        let ok = "2024年当年预算执行数为 36.00 万元，2025年预算安排 36.00 万元，比2024年预算执行数持平。";
        let (f, s) = run(ok);
        assert!(f.is_empty() && ran(&s, "text.direction") == 1, "{f:?}");
        let (f, _) = run(&ok.replace("安排 36.00", "安排 30.00"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].stated, f[0].computed), (30.0, 36.0));
        let (f, _) = run(&ok
            .replace("安排 36.00", "安排 30.00")
            .replace("持平", "增加"));
        assert_eq!(f.len(), 1, "{f:?}");
        let (f, _) = run(&ok
            .replace("安排 36.00", "安排 30.00")
            .replace("持平", "减少"));
        assert!(f.is_empty(), "{f:?}");
        // "与 B 相比，A 持平" with B named in the sentence before.
        let (f, _) =
            run("上年决算 120.00 万元，本年决算 135.40 万元。与上年决算相比，本年决算持平。");
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn ambiguous_sides_give_a_warning() {
        // 预算数 could be 年初预算 or 全年预算: false for both is still false,
        // but the pairing is uncertain.
        let (f, _) = run(
            "年初预算为 500.00 万元，全年预算为 480.00 万元，支出决算为 470.00 万元。决算数大于预算数。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].message.contains("2 could be"), "{}", f[0].message);
        // True for one of them: no finding.
        let (f, _) = run(
            "年初预算为 500.00 万元，全年预算为 460.00 万元，支出决算为 470.00 万元。决算数大于预算数。",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn the_other_side_right_after_the_word() {
        for ok in [
            "本年度印刷费决算5.20万元，高于上年的4.80万元，主要是印刷量增加。",
            "2025年培训费预算3.50万元，低于2024年预算数4.00万元。",
            "本年度支出决算为130.00万元，超过年初预算120.00万元，主要是追加经费。",
        ] {
            let (f, s) = run(ok);
            assert!(
                f.is_empty() && ran(&s, "text.direction") == 1,
                "{ok}: {f:?} {s:?}"
            );
        }
        for bad in [
            "本年度印刷费决算4.20万元，高于上年的4.80万元，主要是印刷量增加。",
            "本年度印刷费决算5.20万元，低于上年的4.80万元。",
            "2025年培训费预算4.50万元，低于2024年预算数4.00万元。",
            "本年度支出决算为110.00万元，超过年初预算120.00万元，主要是追加经费。",
        ] {
            let (f, _) = run(bad);
            assert_eq!(f.len(), 1, "{bad}: {f:?}");
            assert_eq!(f[0].check, "text.direction");
            assert_eq!(f[0].severity, Severity::Error, "{bad}");
        }
        // "低于预算 20 万元" may say by how much: not certain.
        let (f, _) = run("本年度支出决算为80.00万元，低于年初预算20.00万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn the_amount_in_brackets_after_the_word() {
        let (f, _) = run("公务接待费支出3.00万元，与上年持平（上年3.40万元）。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        let (f, s) = run("公务接待费支出3.40万元，与上年持平（上年3.40万元）。");
        assert!(f.is_empty() && ran(&s, "text.direction") == 1, "{f:?}");
    }

    #[test]
    fn a_bare_period_names_its_own_items_amount() {
        // Another item's 上年 level is no base of this item's 持平.
        for t in [
            "会议费 18.60 万元，比上年 16.40 万元增加 2.20 万元；培训费 12.30 万元，与上年持平。",
            "运行维护费 24.36 万元，比上年 22.15 万元增加 2.21 万元；购置费 0 万元，与上年持平。",
        ] {
            let (f, _) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
        }
        // Its own, in brackets right after the word, still counts.
        let (f, _) = run(
            "会议费 18.60 万元，比上年 16.40 万元增加 2.20 万元；培训费 12.30 万元，与上年持平（上年 12.80 万元）。",
        );
        assert!(f.iter().any(|f| f.check == "text.direction"), "{f:?}");
        // Nor the next item's, after the word.
        let t = "会议费预算支出 1305.25 万元，与上年度持平；培训费预算支出 403.75 万元，比上年度 425.00 万元减少 21.25 万元；差旅费预算支出 286.40 万元，与上年度持平。";
        let (f, _) = run(t);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_level_named_by_a_period_is_the_other_side() {
        // "A a，上年为 a0，与上年持平": a0 is last year's, a this year's.
        let t = "公务接待费6.90万元，比上年7.20万元减少0.30万元；因公出国（境）费0万元，上年为1.20万元，与上年持平。";
        let (f, _) = run(t);
        let d: Vec<_> = f.iter().filter(|f| f.check == "text.direction").collect();
        assert_eq!(d.len(), 1, "{f:?}");
        assert_eq!(d[0].severity, Severity::Error);
        let (f, s) = run(&t.replace("上年为1.20", "上年为0"));
        assert!(f.is_empty(), "{f:?}");
        assert!(ran(&s, "text.direction") >= 1);
        // Without the item before, the same.
        let (f, _) = run("因公出国（境）费 1.20 万元，2023年为 1.20 万元，与上年持平。");
        assert!(f.is_empty(), "{f:?}");
    }
}
