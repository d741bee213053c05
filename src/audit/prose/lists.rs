//! `text.parts` for a 其中 list set out as numbered items on lines of their
//! own: "…“三公”经费预算数为 867.50 万元。其中：" closes a section's text, and
//! the section's subsections are the items — "（一）因公出国（境）费 839 万元",
//! "（二）公务用车购置及运行费 0 万元", "（三）公务接待费 28.50 万元". Written
//! inline the same list is one sentence that `parts` checks; set out this way
//! the items are headings, and nothing compared them with the whole.
//!
//! Checked only when it reads without guessing: the paragraph ends with
//! "其中：", it is the last text of its section before the subsections, the
//! first money amount of its last sentence is the whole (not a change:
//! 增加/减少 …), and every subsection is an item of one rank numbered in
//! sequence from the first, with an amount in the whole's unit in its title
//! (the first amount is the item's) and no 总计/合计 (the two sides of a
//! total are not its parts). The items are then all of the list, as they
//! would be inline; a hedge (主要, 等, 包括) in the opening sentence leaves a
//! shortfall alone, as `parts` does.

use crate::audit::num::{self, Num};
use crate::audit::{Recorder, finding, show};
use crate::model::{BodyItem, FigureKind, Location, Operand, Paragraph, Section, Severity};

/// Check every section whose text ends by opening a list its subsections
/// give, in document order.
pub(super) fn check(sections: &[Section], rec: &mut Recorder) {
    let mut stack: Vec<&Section> = sections.iter().rev().collect();
    while let Some(s) = stack.pop() {
        check_section(s, rec);
        stack.extend(s.children.iter().rev());
    }
}

fn is_money(f: &crate::model::Figure) -> bool {
    f.kind == FigureKind::Amount && f.value.is_some() && f.value_yuan.is_some()
}

fn check_section(s: &Section, rec: &mut Recorder) {
    let Some(BodyItem::Paragraph(opener)) = s.body.last() else {
        return;
    };
    let text = opener.text.trim_end();
    if !(text.ends_with("其中：") || text.ends_with("其中:")) || s.children.len() < 2 {
        return;
    }
    // The whole: the first money amount of the sentence that opens the list
    // (its subject: "…经费预算数为 47.91 万元，比上年增加 25 万元。其中："), not
    // an amount of a sentence before it.
    let sentence_start = text
        .trim_end_matches(['：', ':'])
        .trim_end_matches("其中")
        .trim_end_matches(['。', '；', '，', ','])
        .rfind(['。', '！', '？'])
        .map_or(0, |i| text[..i].chars().count() + 1);
    let Some(whole) = opener
        .figures
        .iter()
        .find(|f| is_money(f) && f.offset.is_some_and(|o| o >= sentence_start))
    else {
        return;
    };
    // A change is no whole ("比上年增加 25 万元，三公经费 47.91 万元。其中：").
    let before = words_before(opener, whole);
    if [
        "增加", "减少", "增长", "下降", "降低", "节约", "节省", "超支", "调增", "调减",
    ]
    .iter()
    .any(|w| before.contains(w))
    {
        return;
    }
    let Some(whole_num) = Num::from_figure(whole) else {
        return;
    };
    let opening: String = text.chars().skip(sentence_start).collect();
    let hedged = ["主要", "等", "包括", "部分"]
        .iter()
        .any(|w| opening.contains(w));

    // The items: every subsection, one rank, numbered 1, 2, 3 … in order.
    let rank = s.children[0].level;
    let mut parts: Vec<(&Section, crate::model::Figure, Num)> = Vec::new();
    for (i, c) in s.children.iter().enumerate() {
        let Some(number) = c.number.as_deref() else {
            return;
        };
        if c.level != rank || ordinal(number) != Some(i + 1) {
            return;
        }
        let Some(f) = crate::figures::scan_text(&c.title)
            .into_iter()
            .find(is_money)
        else {
            return;
        };
        // A total is no part: "（一）收入预算总计 … （二）支出预算总计 …" are the
        // two sides of the whole, not its parts.
        if f.unit != whole.unit || ["总计", "合计"].iter().any(|w| c.title.contains(w)) {
            return;
        }
        let Some(n) = Num::from_figure(&f) else {
            return;
        };
        parts.push((c, f, n));
    }

    let check = "text.parts";
    let total = num::sum(parts.iter().map(|p| p.2));
    let over = !super::sentence::at_most(total, whole_num);
    let under = !super::sentence::at_most(whole_num, total);
    // A shortfall holds under a hedge; an excess never does.
    let short = under && !hedged;
    if !over && !short {
        rec.pass(check);
        return;
    }
    let relation = if over { "more than" } else { "not" };
    let names: Vec<String> = parts
        .iter()
        .map(|(c, _, n)| {
            format!(
                "{}{} {}",
                c.number.as_deref().unwrap_or(""),
                label(c),
                show(*n)
            )
        })
        .collect();
    let mut operands = vec![operand(opener, whole, s, whole_num)];
    operands.extend(parts.iter().map(|(c, f, n)| Operand {
        label: label(c),
        value: n.value,
        text: f.text.clone(),
        location: Location {
            section: Some(c.id.clone()),
            source: Some(c.location.clone()),
            ..Default::default()
        },
    }));
    rec.fail(finding(
        check,
        Severity::Error,
        whole_num,
        num::round(total.value, total.decimals),
        whole.unit.clone(),
        format!(
            "「{}」 {} is {relation} the sum of its parts (其中, one item per subsection) {} = {}: 「{}」",
            before,
            show(whole_num),
            names.join(" + "),
            show(total),
            opening.trim()
        ),
        Location {
            section: Some(s.id.clone()),
            source: Some(opener.location.clone()),
            offset: whole.offset,
            ..Default::default()
        },
        operands,
    ));
}

/// An item's name: its title up to the amount ("因公出国（境）费").
fn label(c: &Section) -> String {
    let t = c.title.trim();
    let end = t.find(|ch: char| ch.is_ascii_digit()).unwrap_or(t.len());
    t[..end]
        .trim_end_matches(['为', '：', ':', ' '])
        .to_string()
}

/// The words just before a figure in its paragraph, for the message.
fn words_before(p: &Paragraph, f: &crate::model::Figure) -> String {
    let at = f.offset.unwrap_or(0);
    let chars: Vec<char> = p.text.chars().take(at).collect();
    let from = chars
        .iter()
        .rposition(|c| matches!(c, '，' | '。' | '；' | '：'))
        .map_or(0, |i| i + 1);
    chars[from..].iter().collect::<String>().trim().to_string()
}

fn operand(p: &Paragraph, f: &crate::model::Figure, s: &Section, n: Num) -> Operand {
    Operand {
        label: words_before(p, f),
        value: n.value,
        text: f.text.clone(),
        location: Location {
            section: Some(s.id.clone()),
            source: Some(p.location.clone()),
            offset: f.offset,
            ..Default::default()
        },
    }
}

/// The ordinal a list number gives: "（一）" 1, "3" 3, "（12）" 12, "②" 2.
fn ordinal(number: &str) -> Option<usize> {
    let core: String = number
        .chars()
        .filter(|c| !matches!(c, '（' | '）' | '(' | ')' | '、' | '.' | '．' | ' '))
        .collect();
    if let Ok(n) = core.parse::<usize>() {
        return Some(n);
    }
    if let Some(c) = core.chars().next()
        && ('①'..='⑳').contains(&c)
        && core.chars().count() == 1
    {
        return Some(c as usize - '①' as usize + 1);
    }
    crate::figures::chinese_number(&core).map(|v| v as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Vec<crate::model::Finding>, u32) {
        let doc = crate::extract_bytes(text.as_bytes(), "t.txt").expect("extract");
        let passed = doc
            .checks
            .by_check
            .get("text.parts")
            .map_or(0, |c| c.passed);
        let found = doc
            .findings
            .into_iter()
            .filter(|f| f.check == "text.parts")
            .collect();
        (found, passed)
    }

    const LIST: &str = "一、三公经费预算情况说明\n\n2025年“三公”经费预算数为867.50万元，与2024年预算持平。其中：\n\n\
        （一）因公出国（境）费839万元，与2024年预算持平。\n\n\
        （二）公务用车购置及运行费0万元，与2024年预算持平。\n\n\
        其中：公务用车购置费0万元；公务用车运行费0万元。\n\n\
        （三）公务接待费28.50万元，与2024年预算持平。\n\n二、机关运行经费预算\n\n运行经费213.28万元。\n";

    #[test]
    fn a_list_of_subsections_adds_up_to_the_whole_it_opens() {
        let (found, passed) = run(LIST);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(passed, 1);
        // 830 + 0 + 28.50 = 858.50 (amounts in whole 万元 are read as
        // rounded: 838 would be within rounding of 867.50).
        let (found, _) = run(&LIST.replace("839万元", "830万元"));
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert_eq!(f.severity, Severity::Error);
        assert_eq!((f.stated, f.computed), (867.5, 858.5));
        assert!(
            f.message.contains("（一）因公出国（境）费 830"),
            "{}",
            f.message
        );
        assert_eq!(f.operands.len(), 4);
    }

    #[test]
    fn lists_read_with_a_guess_are_left_alone() {
        // A hedge: the items need not be all of it (a shortfall holds, as in
        // `parts`; more than the whole would still not).
        let hedged = LIST.replace("与2024年预算持平。其中：", "主要用于以下几项。其中：");
        let (found, _) = run(&hedged.replace("839万元", "800万元"));
        assert!(found.is_empty(), "{found:?}");
        let (found, _) = run(&hedged.replace("839万元", "900万元"));
        assert_eq!(found.len(), 1, "{found:?}");
        // An item without an amount, numbers out of sequence, or a paragraph
        // after the 其中： — not this shape.
        for text in [
            LIST.replace("公务接待费28.50万元", "公务接待费"),
            LIST.replace("（三）公务接待费", "（四）公务接待费"),
            LIST.replace("其中：\n\n（一）", "其中：\n\n说明如下。\n\n（一）"),
        ] {
            let (found, _) = run(&text.replace("839万元", "800万元"));
            assert!(found.is_empty(), "{found:?}");
        }
        // The whole is the sentence's subject, not the change after it.
        let (found, passed) =
            run(&LIST.replace("与2024年预算持平。其中：", "比2024年预算增加25万元。其中："));
        assert!(found.is_empty() && passed == 1, "{found:?}");
        // A sentence that opens with a change has no whole to check.
        let (found, passed) = run(&LIST.replace(
            "2025年“三公”经费预算数为867.50万元，与2024年预算持平。其中：",
            "本年比上年增加25万元，“三公”经费预算数为867.50万元。其中：",
        ));
        assert!(found.is_empty() && passed == 0, "{found:?}");
        // Two sides of a total are not its parts.
        let sides = "一、收支预算总体情况\n\n本年收入、支出预算总计18330.37万元，与上年相比各增加2432.93万元。其中：\n\n\
            （一）收入预算总计18330.37万元\n\n包括财政拨款。\n\n（二）支出预算总计18330.37万元\n\n包括基本支出。\n";
        let (found, passed) = run(sides);
        assert!(found.is_empty() && passed == 0, "{found:?}");
        assert_eq!(ordinal("（一）"), Some(1));
        assert_eq!(ordinal("3"), Some(3));
        assert_eq!(ordinal("②"), Some(2));
        assert_eq!(ordinal("（十二）"), Some(12));
    }
}
