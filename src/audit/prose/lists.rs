//! `text.parts` for a 其中 list set out as numbered items on lines of their
//! own: "…“三公”经费预算数为 867.50 万元。其中：" and then "（一）因公出国（境）
//! 费 839 万元…", "（二）公务用车购置及运行费 0 万元…", "（三）公务接待费 28.50
//! 万元…". Written inline the same list is one sentence that `parts`
//! checks; set out this way the items are subsections (short items made
//! headings) or paragraphs of their own (entries ending in '。'), and
//! nothing compared them with the whole.
//!
//! Checked only when it reads without guessing: a paragraph ends with
//! "其中："; the first money amount of its last sentence is the whole (not a
//! change: 增加/减少 …); the items are, when that paragraph ends the
//! section's text, all the section's subsections, else the numbered
//! paragraphs right after it (up to the first that is not one; a list that
//! runs to the end of the text of a section with subsections may go on in
//! them and is left alone) — one rank, numbered 1, 2, 3 … in order, each
//! with an amount in the whole's unit (the first amount is the item's) and
//! no 总计/合计 (the two sides of a total are not its parts). The items are
//! then all of the list, as they would be inline; a hedge (主要, 等, 包括) in
//! the opening sentence leaves a shortfall alone, as `parts` does.

use super::parts::{hedged, partial_shortfall};
use super::sentence::{has_any, is_change_label, without_list_lead};
use super::sums::{Total, total_words_in};
use crate::audit::num::{self, Num};
use crate::audit::{Recorder, finding, show};
use crate::model::{
    BodyItem, Figure, FigureKind, Location, Operand, Paragraph, Section, Severity, Span,
};
use crate::structure::headings::Mark;

/// Check the preamble and every section whose text ends by opening a list
/// its subsections give, in document order (a preamble's subsections are
/// the document's top-level sections: a snippet that opens with the list's
/// sentence).
pub(super) fn check(preamble: &[Paragraph], sections: &[Section], rec: &mut Recorder) {
    let top = Scope {
        id: None,
        paragraphs: preamble.iter().enumerate().collect(),
        len: preamble.len(),
        children: sections,
    };
    check_scope(&top, rec);
    let mut stack: Vec<&Section> = sections.iter().rev().collect();
    while let Some(s) = stack.pop() {
        check_scope(&Scope::of(s), rec);
        stack.extend(s.children.iter().rev());
    }
}

/// A run of text and the subsections under it: a section's body, or the
/// preamble with the top-level sections.
struct Scope<'a> {
    /// The section's id (`None`: the preamble).
    id: Option<&'a str>,
    /// Its paragraphs with their index in the body (tables count).
    paragraphs: Vec<(usize, &'a Paragraph)>,
    /// Body items in all.
    len: usize,
    children: &'a [Section],
}

impl<'a> Scope<'a> {
    fn of(s: &'a Section) -> Self {
        Scope {
            id: Some(&s.id),
            paragraphs: s
                .body
                .iter()
                .enumerate()
                .filter_map(|(i, b)| match b {
                    BodyItem::Paragraph(p) => Some((i, p)),
                    BodyItem::Table { .. } => None,
                })
                .collect(),
            len: s.body.len(),
            children: &s.children,
        }
    }

    fn location(&self, source: &Span, offset: Option<usize>) -> Location {
        Location {
            section: self.id.map(str::to_string),
            source: Some(source.clone()),
            offset,
            ..Default::default()
        }
    }
}

fn is_money(f: &Figure) -> bool {
    f.kind == FigureKind::Amount && f.value.is_some() && f.value_yuan.is_some()
}

/// One item of a list: its number as written, its name, its amount.
struct Item {
    number: String,
    name: String,
    figure: Figure,
    num: Num,
    location: Location,
}

/// An item from a numbered text ("（一）因公出国（境）费 839 万元，…"): its
/// first money amount, in `unit`, and no 总计/合计 in it (the two sides of a
/// 收支总计 — "（一）收入预算总计 …（二）支出预算总计 …" — are not its parts).
fn item(
    number: &str,
    rest: &str,
    figures: &[Figure],
    unit: &Option<String>,
    location: Location,
) -> Option<Item> {
    let figure = figures.iter().find(|f| is_money(f))?.clone();
    // "约 100 万元": a rounded part makes no sum.
    if figure.comparator.is_some()
        || &figure.unit != unit
        || ["总计", "合计"].iter().any(|w| rest.contains(w))
    {
        return None;
    }
    let num = Num::from_figure(&figure)?;
    let name = {
        let t = rest.trim();
        let end = t.find(|ch: char| ch.is_ascii_digit()).unwrap_or(t.len());
        t[..end]
            .trim_end_matches(['为', '：', ':', ' '])
            .to_string()
    };
    Some(Item {
        number: number.to_string(),
        name,
        figure,
        num,
        location,
    })
}

fn check_scope(s: &Scope, rec: &mut Recorder) {
    let paragraphs = &s.paragraphs;
    for (k, &(i, opener)) in paragraphs.iter().enumerate() {
        // "其中：" (or "其中，", or a bare "其中" cut by the line break), or
        // "包括：" / "主要包括：" (a list that may leave items out).
        if list_word(opener.text.trim_end()).is_none() {
            continue;
        }
        // A "其中：" set as a paragraph of its own (a wrap after the
        // sentence's "。", or a publisher's layout) opens the list of the
        // paragraph right above it.
        let holder = match k.checked_sub(1).map(|j| paragraphs[j]) {
            Some((j, above)) if j + 1 == i && without_colon(opener.text.trim()) == "其中" => {
                above
            }
            _ => opener,
        };
        let Some(whole) = whole_of(holder) else {
            continue;
        };
        // When the paragraph ends the section's text, the items are its
        // subsections; else the paragraphs after it.
        let items = if i + 1 == s.len {
            subsection_items(s, &whole.figure.unit)
        } else {
            entry_items(s, &whole, &paragraphs[k + 1..], i)
        };
        if let Some(items) = items {
            judge(s, holder, &whole, &items, rec);
        }
    }
    closing_totals(s, rec);
}

/// A paragraph that opens with a total of the list above it: "以上合计 8.60
/// 万元。", "合计 2,029.40 万元。", "以上整改涉及金额共计 871.30 万元。" — its
/// first money amount, when every word before it is a total (`sums`' words:
/// a scope 以上/上述, a count, a noun, the total word) and nothing rounds it.
fn closing_total(p: &Paragraph) -> Option<(&Figure, Total)> {
    let f = p.figures.iter().find(|f| is_money(f))?;
    let before: String = p.text.chars().take(f.offset?).collect();
    if f.comparator.is_some() || before.contains(['，', '；', '、', '。', ',', ';']) {
        return None;
    }
    let total = total_words_in(before.trim())?;
    (total.above || total.head.is_empty()).then_some((f, total))
}

/// Numbered items (one rank, 1, 2, 3 … in order) followed by a paragraph
/// that totals them: the items are the entry paragraphs right before the
/// total, back to the one numbered 1, or — when the total is the only
/// paragraph of the last subsection, whose title is an item — the
/// subsections (short items made headings). Each item's first money amount
/// is its part; an item with another amount that is not a change (预算 a，
/// 决算 b) is read with a guess, and the list is left alone.
fn closing_totals(s: &Scope, rec: &mut Recorder) {
    let ps = &s.paragraphs;
    for (k, &(i, p)) in ps.iter().enumerate() {
        let Some((figure, total)) = closing_total(p) else {
            continue;
        };
        let mut entries: Vec<(Mark, &Paragraph)> = Vec::new();
        let mut next = i;
        for &(j, q) in ps[..k].iter().rev() {
            let Some(m) = crate::structure::headings::mark(q.text.trim()) else {
                break;
            };
            if j + 1 != next {
                break;
            }
            next = j;
            entries.push((m, q));
        }
        entries.reverse();
        let items: Option<Vec<Item>> = entries
            .iter()
            .enumerate()
            .map(|(n, (m, q))| {
                if m.level != entries[0].0.level
                    || crate::structure::headings::ordinal(&m.number) != Some(n + 1)
                    || !single_amount(&q.figures, &q.text)
                {
                    return None;
                }
                let location = s.location(&q.location, None);
                item(
                    &m.number,
                    &q.text.trim()[m.rest..],
                    &q.figures,
                    &figure.unit,
                    location,
                )
            })
            .collect();
        if let Some(items) = items.filter(|it| it.len() >= 2) {
            judge_total(s, p, figure, &total, &items, rec);
        }
    }
    // The total as the last subsection's only paragraph.
    let Some(last) = s.children.last() else {
        return;
    };
    let [BodyItem::Paragraph(p)] = &last.body[..] else {
        return;
    };
    let Some((figure, total)) = closing_total(p).filter(|_| last.children.is_empty()) else {
        return;
    };
    let single = s.children.iter().all(|c| {
        let figures = crate::figures::scan_text(&c.title);
        single_amount(&figures, &c.title)
    });
    if let Some(items) = subsection_items(s, &figure.unit).filter(|_| single) {
        let scope = Scope::of(last);
        judge_total(&scope, p, figure, &total, &items, rec);
    }
}

/// At most one money amount that is not a change ("比上年减少 1.20 万元")
/// in an item's text.
fn single_amount(figures: &[Figure], text: &str) -> bool {
    figures
        .iter()
        .filter(|f| is_money(f) && !is_change_label(&words_at(text, f)))
        .count()
        <= 1
}

/// The items against the total after them: a `text.sum` error either way
/// (以上合计 names every item above it; a count, "以上三项合计", must be
/// theirs; a noun, "以上整改涉及金额共计", is the total's subject).
fn judge_total(
    s: &Scope,
    p: &Paragraph,
    figure: &Figure,
    how: &Total,
    items: &[Item],
    rec: &mut Recorder,
) {
    let check = "text.sum";
    let Some(stated) = Num::from_figure(figure) else {
        return;
    };
    if how.count != 0 && how.count != items.len() {
        return;
    }
    let total = num::sum(items.iter().map(|it| it.num));
    if total.consistent(stated) {
        rec.pass(check);
        return;
    }
    let (names, operands) = listed(operand(p, figure, s, stated), items);
    rec.fail(finding(
        check,
        Severity::Error,
        stated,
        num::round(total.value, total.decimals),
        figure.unit.clone(),
        format!(
            "「{}」 {} is not the sum of the items above it (one item per line) {} = {}: 「{}」",
            words_before(p, figure),
            show(stated),
            names.join(" + "),
            show(total),
            p.text.trim()
        ),
        s.location(&p.location, figure.offset),
        operands,
    ));
}

/// The whole of a list: its amount, the sentence that opens the list (for
/// the message) and whether that sentence hedges.
struct Whole<'a> {
    figure: &'a Figure,
    num: Num,
    opening: String,
    hedged: bool,
}

/// A list opener's text without the mark after its 其中 ("其中：", "其中，").
fn without_colon(text: &str) -> &str {
    text.trim_end_matches(['：', ':', '，', ','])
}

/// The words that open a list at the end of a paragraph: "其中", or "包括"
/// opening its clause ("…万元，包括：", "主要包括：", "具体包括："; not
/// "不包括").
fn list_word(text: &str) -> Option<&'static str> {
    let t = without_colon(text);
    if t.ends_with("其中") {
        return Some("其中");
    }
    let lead = without_list_lead(t.strip_suffix("包括")?);
    (lead.is_empty() || lead.ends_with(['，', ',', '。', '；', '：'])).then_some("包括")
}

/// The whole a list opener gives: the first money amount of the sentence
/// that opens the list (its subject: "…经费预算数为 47.91 万元，比上年增加
/// 25 万元。其中："), not an amount of a sentence before it, and not a change
/// ("比上年增加 25 万元，…").
fn whole_of(opener: &Paragraph) -> Option<Whole<'_>> {
    let text = opener.text.trim_end();
    let word = list_word(text).unwrap_or("其中");
    let sentence_start = without_list_lead(without_colon(text).trim_end_matches(word))
        .trim_end_matches(['。', '；', '，', ','])
        .rfind(['。', '！', '？'])
        .map_or(0, |i| text[..i].chars().count() + 1);
    let whole = opener
        .figures
        .iter()
        .find(|f| is_money(f) && f.offset.is_some_and(|o| o >= sentence_start))
        .filter(|f| f.comparator.is_none())?;
    let before = words_before(opener, whole);
    // No words before it: no subject — or an amount cut by a line break
    // ("…基本支出预算 996" | "4.07 万元，其中："), whose first digits are in the
    // line before.
    if before.is_empty()
        || is_change_label(&before)
        || has_any(&before, &["节省", "超支", "调增", "调减"])
    {
        return None;
    }
    let opening: String = text.chars().skip(sentence_start).collect();
    Some(Whole {
        figure: whole,
        num: Num::from_figure(whole)?,
        hedged: hedged(&opening),
        opening,
    })
}

/// The items as subsections: every one of them, one rank, numbered 1, 2, 3 …
fn subsection_items(s: &Scope, unit: &Option<String>) -> Option<Vec<Item>> {
    let rank = s.children.first()?.level;
    let mut items = Vec::new();
    for (i, c) in s.children.iter().enumerate() {
        let number = c.number.as_deref()?;
        if c.level != rank || crate::structure::headings::ordinal(number) != Some(i + 1) {
            return None;
        }
        let location = Location {
            section: Some(c.id.clone()),
            source: Some(c.location.clone()),
            ..Default::default()
        };
        let figures = crate::figures::scan_text(&c.title);
        items.push(item(number, &c.title, &figures, unit, location)?);
    }
    (items.len() >= 2).then_some(items)
}

/// The items as entry paragraphs right after the opener: numbered 1, 2, 3 …
/// of one rank, up to the first paragraph that is not one — a list that
/// runs to the end of the section's text while the section has
/// subsections may go on in them, and is left alone.
fn entry_items(
    s: &Scope,
    whole: &Whole,
    after: &[(usize, &Paragraph)],
    at: usize,
) -> Option<Vec<Item>> {
    let mut items = Vec::new();
    let mut rank = None;
    let mut next = at + 1;
    for &(i, p) in after {
        // Only paragraphs right after each other (no table between).
        if i != next {
            break;
        }
        let text = p.text.trim();
        let Some(m) = crate::structure::headings::mark(text) else {
            break;
        };
        next += 1;
        if *rank.get_or_insert(m.level) != m.level
            || crate::structure::headings::ordinal(&m.number) != Some(items.len() + 1)
        {
            return None;
        }
        let location = s.location(&p.location, None);
        items.push(item(
            &m.number,
            &text[m.rest..],
            &p.figures,
            &whole.figure.unit,
            location,
        )?);
    }
    let ran_to_end = next == s.len;
    if items.len() < 2 || (ran_to_end && !s.children.is_empty()) {
        return None;
    }
    Some(items)
}

fn judge(s: &Scope, opener: &Paragraph, whole: &Whole, items: &[Item], rec: &mut Recorder) {
    let whole_num = whole.num;
    let check = "text.parts";
    let total = num::sum(items.iter().map(|p| p.num));
    let over = !super::sentence::at_most(total, whole_num);
    let under = !super::sentence::at_most(whole_num, total);
    // A shortfall holds under a hedge; an excess never does. A shortfall
    // larger than a slip, in a list the words do not close, may be a list
    // of some items only (as in `parts`): a warning.
    let short = under && !whole.hedged;
    if !over && !short {
        rec.pass(check);
        return;
    }
    let partial = if over {
        None
    } else {
        partial_shortfall(whole_num, total, items.iter().map(|it| it.name.as_str()))
    };
    let relation = if over { "less than" } else { "not" };
    let (names, operands) = listed(operand(opener, whole.figure, s, whole_num), items);
    rec.fail(finding(
        check,
        if partial.is_some() {
            Severity::Warning
        } else {
            Severity::Error
        },
        whole_num,
        num::round(total.value, total.decimals),
        whole.figure.unit.clone(),
        format!(
            "「{}」 {} is {relation} the sum of its parts (其中, one item per line) {} = {}{}: 「{}」",
            words_before(opener, whole.figure),
            show(whole_num),
            names.join(" + "),
            show(total),
            partial.as_deref().unwrap_or(""),
            whole.opening.trim()
        ),
        s.location(&opener.location, whole.figure.offset),
        operands,
    ));
}

/// The words just before a figure in its paragraph, for the message.
fn words_before(p: &Paragraph, f: &Figure) -> String {
    words_at(&p.text, f)
}

/// The words just before a figure in a text.
fn words_at(text: &str, f: &Figure) -> String {
    let at = f.offset.unwrap_or(0);
    let chars: Vec<char> = text.chars().take(at).collect();
    let from = chars
        .iter()
        .rposition(|c| matches!(c, '，' | '。' | '；' | '：'))
        .map_or(0, |i| i + 1);
    chars[from..].iter().collect::<String>().trim().to_string()
}

/// The items as the message names them ("1、道路养护 842.60") and the
/// finding's operands: the whole or total first, then each item.
fn listed(head: Operand, items: &[Item]) -> (Vec<String>, Vec<Operand>) {
    let names = items
        .iter()
        .map(|it| format!("{}{} {}", it.number, it.name, show(it.num)))
        .collect();
    let mut operands = vec![head];
    operands.extend(items.iter().map(|it| Operand {
        label: it.name.clone(),
        value: it.num.value,
        text: it.figure.text.clone(),
        location: it.location.clone(),
    }));
    (names, operands)
}

fn operand(p: &Paragraph, f: &Figure, s: &Scope, n: Num) -> Operand {
    Operand {
        label: words_before(p, f),
        value: n.value,
        text: f.text.clone(),
        location: s.location(&p.location, f.offset),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_openers() {
        assert_eq!(list_word("支出预算 867.50 万元。其中："), Some("其中"));
        assert_eq!(list_word("支出预算 867.50 万元，主要包括："), Some("包括"));
        assert_eq!(list_word("支出预算 867.50 万元。具体包括"), Some("包括"));
        assert_eq!(list_word("包括："), Some("包括"));
        assert_eq!(list_word("支出预算 867.50 万元，不包括"), None);
        assert_eq!(list_word("支出预算 867.50 万元。"), None);
    }

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
        // The list, and the 其中 under （二）: 购置及运行费 0 = 0 + 0 (its
        // heading is the sentence before the body's "其中：…").
        assert_eq!(passed, 2);
        // "其中，" opens the list as well.
        let (found, passed) = run(&LIST.replacen("其中：", "其中，", 1));
        assert!(found.is_empty() && passed == 2, "{found:?}");
        // An amount cut by a line break: not a whole (its first digits are
        // in the line before).
        let (found, _) = run(&LIST.replacen("预算数为867.50万元", "预算数为86\n7.50万元", 1));
        assert!(found.is_empty(), "{found:?}");
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
    fn a_list_of_entry_paragraphs_adds_up_to_the_whole_it_opens() {
        let long = "一、三公经费预算情况说明\n\n2025年“三公”经费预算数为867.50万元，与2024年预算持平。其中：\n\n\
            （一）因公出国（境）费839万元，与2024年预算持平，主要用于落实对外交流合作项目、执行年度出访计划以及相关的国际会议和考察任务等。\n\n\
            （二）公务用车购置及运行费0万元，与2024年预算持平，主要原因是本单位无公务用车购置计划，车辆运行维护费用由机关事务管理部门统一保障。\n\n\
            （三）公务接待费28.50万元，与2024年预算持平，主要用于接待上级部门及外省市单位来区调研学习考察交流等公务活动的相关开支。\n\n\
            以上经费均按规定使用。\n";
        let (found, passed) = run(long);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(passed, 1);
        let (found, _) = run(&long.replace("839万元", "800万元"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].stated, found[0].computed), (867.5, 828.5));
        // A paragraph after the entries closes the list, even when the
        // section has subsections after it.
        let closed = long.replace(
            "以上经费均按规定使用。\n",
            "以上经费均按规定使用。\n\n（一）备注\n\n说明。\n",
        );
        let (found, _) = run(&closed.replace("839万元", "800万元"));
        assert_eq!(found.len(), 1, "{found:?}");
        // "其中：" as a paragraph of its own opens the list of the one above.
        let apart = long.replace("持平。其中：", "持平。\n其中：");
        let (found, passed) = run(&apart);
        assert!(found.is_empty() && passed == 1, "{found:?}");
        let (found, _) = run(&apart.replace("839万元", "800万元"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].stated, found[0].computed), (867.5, 828.5));
    }

    /// A snippet that opens with the list's sentence: the opener is the
    /// preamble, its items the document's top-level sections.
    #[test]
    fn a_list_opened_in_the_preamble_is_read_from_the_top_level_sections() {
        let text = "2024年度“三公”经费支出决算为23.67万元。其中：\n\
            1.因公出国（境）费0.00万元。\n2.公务用车购置及运行维护费19.35万元。\n3.公务接待费4.32万元。\n";
        let (found, passed) = run(text);
        assert!(found.is_empty() && passed == 1, "{found:?}");
        let (found, _) = run(&text.replace("19.35", "19.53"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].stated, found[0].computed), (23.67, 23.85));
        assert_eq!(found[0].location.section, None);
        // Top-level sections that are not all items of the list: left alone.
        let (found, passed) = run(&format!(
            "{}4.其他说明\n本部门无其他事项。\n",
            text.replace("19.35", "19.53")
        ));
        assert!(found.is_empty() && passed == 0, "{found:?}");
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
        assert!(found.is_empty() && passed == 2, "{found:?}");
        // Entries out of sequence: not this shape.
        let (found, _) = run("一、说明\n\n三公经费预算数为100.00万元。其中：\n\n\
             （一）因公出国（境）费60.00万元，与上年持平，主要用于落实对外交流合作项目、执行年度出访计划以及相关会议等。\n\n\
             （三）公务接待费10.00万元，与上年持平，主要用于接待上级部门及外省市单位来区调研学习考察交流等活动开支。\n");
        assert!(found.is_empty(), "{found:?}");
        // A sentence that opens with a change has no whole to check.
        let (found, passed) = run(&LIST.replace(
            "2025年“三公”经费预算数为867.50万元，与2024年预算持平。其中：",
            "本年比上年增加25万元，“三公”经费预算数为867.50万元。其中：",
        ));
        // (The one check left is the 其中 under （二）.)
        assert!(found.is_empty() && passed == 1, "{found:?}");
        // Two sides of a total are not its parts.
        let sides = "一、收支预算总体情况\n\n本年收入、支出预算总计18330.37万元，与上年相比各增加2432.93万元。其中：\n\n\
            （一）收入预算总计18330.37万元\n\n包括财政拨款。\n\n（二）支出预算总计18330.37万元\n\n包括基本支出。\n";
        let (found, passed) = run(sides);
        assert!(found.is_empty() && passed == 0, "{found:?}");
        assert_eq!(crate::structure::headings::ordinal("（一）"), Some(1));
        assert_eq!(crate::structure::headings::ordinal("3"), Some(3));
        assert_eq!(crate::structure::headings::ordinal("②"), Some(2));
        assert_eq!(crate::structure::headings::ordinal("（十二）"), Some(12));
    }

    fn sums(text: &str) -> Vec<crate::model::Finding> {
        let doc = crate::extract_bytes(text.as_bytes(), "t.txt").expect("extract");
        doc.findings
            .into_iter()
            .filter(|f| f.check == "text.sum")
            .collect()
    }

    #[test]
    fn numbered_items_add_up_to_the_total_after_them() {
        // Items as short headings (the total is the last one's body), and as
        // entry paragraphs; with 以上, bare, or with a noun.
        let heads = "2024年“三公”经费财政拨款支出：\n（一）因公出国（境）费0.00万元。\n\
            （二）公务用车购置及运行维护费6.80万元。\n（三）公务接待费1.70万元。\n以上合计8.50万元。\n";
        let entries = "整改情况如下。\n（一）规范往来款项管理，清理收回暂付款286.40万元；\n\
            （二）盘活存量资金，收回结转结余资金512.60万元；\n（三）补缴税款及滞纳金18.30万元。\n\
            以上整改涉及金额共计817.30万元。\n";
        for t in [
            heads.to_string(),
            heads.replace("以上合计", "合计"),
            heads.replace("以上合计", "以上三项合计"),
            entries.to_string(),
            entries.replace("以上整改涉及金额共计", "合计"),
        ] {
            assert!(sums(&t).is_empty(), "{t}");
            let bad = t
                .replace("8.50万元。", "8.60万元。")
                .replace("817.30", "871.30");
            let f = sums(&bad);
            assert_eq!(f.len(), 1, "{bad}: {f:?}");
            assert_eq!(f[0].severity, Severity::Error);
            assert_eq!(f[0].operands.len(), 4);
        }
        // A change after an item's amount is no second amount.
        let changed = heads.replace("6.80万元。", "6.80万元，比上年减少1.20万元。");
        assert_eq!(sums(&changed.replace("8.50万元。", "8.60万元。")).len(), 1);
        // Look-alikes left alone: items with two amounts of different
        // stages, a count that is not the items', numbers out of sequence, a
        // total of another quantity, a rounded total, a total with words
        // before it that are no total.
        for t in [
            heads.replace("6.80万元。", "预算10.00万元，决算6.80万元。"),
            heads.replace("以上合计", "以上两项合计"),
            heads.replace("（三）", "（四）"),
            heads.replace("以上合计8.50", "以上合计节约资金1.00"),
            heads.replace("以上合计8.50", "以上合计约9"),
            entries.replace("以上整改涉及金额共计", "另有其他资金，共计"),
            entries.replace("以上整改涉及金额共计", "本年收回资金合计"),
        ] {
            let bad = t
                .replace("8.50万元。", "8.60万元。")
                .replace("817.30", "871.30");
            assert!(sums(&bad).is_empty(), "{bad}: {:?}", sums(&bad));
        }
    }
}
