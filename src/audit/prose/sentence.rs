//! The machinery every prose rule shares:
//! - `Passage`: paragraphs read as one text when a paragraph stops mid-sentence
//!   (a PDF with one paragraph per printed line, a hard-wrapped text file);
//! - `Para`: a passage's characters, with every figure masked so that the
//!   comma in "4,438.80" is not read as a clause mark, and the way back from a
//!   character position to its paragraph (provenance: section, source span,
//!   char offset in that paragraph);
//! - `Fig`: a figure placed in the passage, with the words that name it;
//! - sentences, clauses, the word lists (change, comparison, budget/spent) and
//!   the rounding-aware comparisons the rules use.

use std::borrow::Cow;

use crate::audit::Recorder;
use crate::audit::num::Num;
use crate::model::{
    BodyItem, Figure, FigureKind, Finding, Location, Operand, Paragraph, Severity, Span,
};

/// A figure placed in its passage, with the words that name it.
#[derive(Debug, Clone)]
pub(super) struct Fig<'a> {
    pub(super) f: &'a Figure,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) num: Num,
    /// The words before the figure, back to the previous figure or clause mark
    /// (a bracketed aside such as （类） or （境） is part of the words).
    pub(super) label: String,
}

impl Fig<'_> {
    pub(super) fn is_amount(&self) -> bool {
        self.f.kind == FigureKind::Amount && self.f.comparator.is_none()
    }
    pub(super) fn is_percent(&self) -> bool {
        self.f.kind == FigureKind::Percent && self.f.comparator.is_none()
    }
    pub(super) fn unit(&self) -> Option<&str> {
        self.f.unit.as_deref()
    }
    /// The amount counted in `unit`: itself in its own unit, a money amount
    /// converted between money units (122.43 万元 in 元, with its rounding
    /// interval scaled), None when the two units do not convert.
    pub(super) fn num_in(&self, unit: Option<&str>) -> Option<Num> {
        in_unit(self.num, self.unit(), unit)
    }
    /// A money level (not an increase, decrease, balance or difference).
    pub(super) fn is_level(&self) -> bool {
        self.is_amount() && !is_change_label(&self.label)
    }
    /// Money, or a count with its measure word (128 件, 1,862 万立方米, 36.8
    /// 天): what a change may be stated of. Two measures compare when
    /// `num_in` converts one into the other's unit.
    pub(super) fn is_measure(&self) -> bool {
        self.is_amount()
            || (self.f.kind == FigureKind::Count
                && self.f.comparator.is_none()
                && self.unit().is_some())
    }
    /// A measure's level (`is_level` for money and counts alike).
    pub(super) fn is_measured_level(&self) -> bool {
        self.is_measure() && !is_change_label(&self.label)
    }
}

/// An amount written in unit `from`, counted in `to`: itself when the units
/// are the same, converted between money units (its rounding interval
/// scaled with it), None when they do not convert.
pub(super) fn in_unit(n: Num, from: Option<&str>, to: Option<&str>) -> Option<Num> {
    if from == to {
        return Some(n);
    }
    let from = crate::figures::units::yuan_exp(from?)?;
    let to = crate::figures::units::yuan_exp(to?)?;
    Some(n.scaled(from - to))
}

/// For a message: how a table's amount reads in the prose's unit — empty
/// when the units are the same, else " 万元 (= 0.055520 亿元)".
pub(super) fn in_prose_unit(table_unit: &str, n: Num, prose_unit: Option<&str>) -> String {
    if prose_unit == Some(table_unit) {
        String::new()
    } else {
        format!(
            " {table_unit} (= {} {})",
            crate::audit::show(n),
            prose_unit.unwrap_or("")
        )
    }
}

/// Paragraphs read as one text. A paragraph whose text stops without a
/// sentence mark (。！？) runs on into the next paragraph of the same body
/// (unless that one opens with a heading or list number): the sentence was
/// cut by a line break, not ended. A list introduced by "其中：" or
/// "主要用于：" and items ending in '；' run on too: they are one sentence.
pub(super) struct Passage<'a> {
    pub(super) text: Cow<'a, str>,
    pub(super) figures: Cow<'a, [Figure]>,
    /// Each paragraph with the char position where its text starts in `text`.
    pub(super) pieces: Vec<(usize, &'a Paragraph)>,
}

fn runs_on(prev: &Paragraph, next: &Paragraph) -> bool {
    let t = prev
        .text
        .trim_end()
        .trim_end_matches(['”', '’', '"', '\'', '）', ')']);
    let Some(last) = t.chars().last() else {
        return false;
    };
    if matches!(last, '。' | '！' | '？' | '.' | '!' | '?' | '…') {
        return false;
    }
    let next = next.text.trim_start();
    !next.is_empty() && crate::structure::headings::mark(next).is_none()
}

/// The passages of a body: its paragraphs (`Some`) in order, with `None`
/// where something else stands (a table), which ends a passage.
pub(super) fn passages<'a>(
    items: impl IntoIterator<Item = Option<&'a Paragraph>>,
) -> Vec<Passage<'a>> {
    let mut runs: Vec<Vec<&'a Paragraph>> = Vec::new();
    let mut open = false;
    for item in items {
        match item {
            Some(p) => {
                match runs.last_mut() {
                    Some(run) if open && run.last().is_some_and(|q| runs_on(q, p)) => run.push(p),
                    _ => runs.push(vec![p]),
                }
                open = true;
            }
            None => open = false,
        }
    }
    runs.into_iter().map(passage).collect()
}

/// A section body as `passages` reads it.
pub(super) fn body_paragraphs(items: &[BodyItem]) -> impl Iterator<Item = Option<&Paragraph>> {
    items.iter().map(|i| match i {
        BodyItem::Paragraph(p) => Some(p),
        _ => None,
    })
}

fn passage(run: Vec<&Paragraph>) -> Passage<'_> {
    if let [p] = run[..] {
        return Passage {
            text: Cow::Borrowed(&p.text),
            figures: Cow::Borrowed(&p.figures),
            pieces: vec![(0, p)],
        };
    }
    let mut text = String::new();
    let mut pieces = Vec::with_capacity(run.len());
    let mut at = 0;
    for p in run {
        pieces.push((at, p));
        text.push_str(&p.text);
        at += p.text.chars().count();
    }
    // A figure may be cut by the line break ("3832.36" | "万元"): read the
    // joined text again.
    let figures = crate::figures::scan_text(&text);
    Passage {
        text: Cow::Owned(text),
        figures: Cow::Owned(figures),
        pieces,
    }
}

/// Context shared by the rules of one passage.
pub(super) struct Para<'a> {
    pub(super) chars: Vec<char>,
    /// `chars` with every figure's own characters replaced by '#', so that the
    /// comma in "4,438.80" is not read as a clause mark.
    pub(super) masked: Vec<char>,
    pub(super) section: Option<&'a str>,
    pub(super) figures: &'a [Figure],
    pieces: Vec<(usize, &'a Span)>,
}

impl<'a> Para<'a> {
    pub(super) fn new(p: &'a Passage<'a>, section: Option<&'a str>) -> Para<'a> {
        let chars: Vec<char> = p.text.chars().collect();
        // (Words are read with ASCII digits: "比２０２３年" is "比2023年".)
        let mut masked: Vec<char> = chars.iter().map(|&c| crate::figures::narrow(c)).collect();
        for f in p.figures.iter() {
            if let Some(o) = f.offset {
                let n = f.text.chars().count();
                for c in masked.iter_mut().skip(o).take(n) {
                    *c = '#';
                }
            }
        }
        Para {
            chars,
            masked,
            section,
            figures: &p.figures,
            pieces: p.pieces.iter().map(|&(at, q)| (at, &q.location)).collect(),
        }
    }

    /// The sentences: [start, end) char ranges, each ending after its mark.
    pub(super) fn sentences(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut s0 = 0;
        for (i, c) in self.chars.iter().enumerate() {
            if SENTENCE_END.contains(c) {
                out.push((s0, i + 1));
                s0 = i + 1;
            }
        }
        if s0 < self.chars.len() {
            out.push((s0, self.chars.len()));
        }
        out
    }

    /// Start of the clause holding `pos` (after the previous clause or sentence mark).
    /// Where the '；' item holding char `at` starts (`a`, the sentence's
    /// start, when no '；' stands between).
    pub(super) fn item_start(&self, a: usize, at: usize) -> usize {
        (a..at.min(self.masked.len()))
            .rev()
            .find(|&p| matches!(self.masked[p], '；' | ';'))
            .map_or(a, |p| p + 1)
    }

    pub(super) fn clause_start(&self, pos: usize) -> usize {
        let mut i = pos.min(self.masked.len());
        while i > 0 {
            let c = self.masked[i - 1];
            if CLAUSE_MARK.contains(&c) || SENTENCE_END.contains(&c) {
                break;
            }
            i -= 1;
        }
        i
    }
    /// End of the clause holding `pos` (at the next clause or sentence mark).
    pub(super) fn clause_end(&self, pos: usize) -> usize {
        let mut i = pos.min(self.masked.len());
        while i < self.masked.len() {
            let c = self.masked[i];
            if CLAUSE_MARK.contains(&c) || SENTENCE_END.contains(&c) {
                break;
            }
            i += 1;
        }
        i
    }
    /// The bracket depth （…） at each of `positions` (ascending), counted
    /// from char `from`: what is inside brackets is an aside.
    pub(super) fn bracket_depths(&self, from: usize, positions: &[usize]) -> Vec<usize> {
        let (mut d, mut at) = (0usize, from);
        positions
            .iter()
            .map(|&p| {
                for &c in self.masked.get(at..p).unwrap_or_default() {
                    match c {
                        '（' | '(' => d += 1,
                        '）' | ')' => d = d.saturating_sub(1),
                        _ => {}
                    }
                }
                at = at.max(p);
                d
            })
            .collect()
    }
    /// The masked chars in [a, b) (empty when b ≤ a).
    pub(super) fn masked_text(&self, a: usize, b: usize) -> String {
        let b = b.min(self.masked.len());
        self.masked[a.min(b)..b].iter().collect()
    }
    /// The chars in [a, b) (empty when b ≤ a).
    pub(super) fn text(&self, a: usize, b: usize) -> String {
        let b = b.min(self.chars.len());
        self.chars[a.min(b)..b].iter().collect()
    }
    /// Where char `pos` of the passage is: its section, its paragraph's span
    /// and its char offset in that paragraph.
    pub(super) fn location(&self, pos: usize) -> Location {
        let k = self.pieces.partition_point(|&(at, _)| at <= pos).max(1) - 1;
        let (at, span) = self.pieces[k];
        Location {
            section: self.section.map(str::to_string),
            source: Some(span.clone()),
            offset: Some(pos - at),
            ..Default::default()
        }
    }
    pub(super) fn operand(&self, f: &Fig) -> Operand {
        Operand {
            label: f.label.clone(),
            value: f.num.value,
            text: f.f.text.clone(),
            location: self.location(f.start),
        }
    }
    /// The sentence around a char range, for messages.
    pub(super) fn quote(&self, a: usize, b: usize) -> String {
        // (A heading's title ends with a line break: one line in a message.)
        let s: String = self.text(a, b).replace('\n', " ");
        let s = s.trim();
        if s.chars().count() > 120 {
            let head: String = s.chars().take(117).collect();
            format!("{head}…")
        } else {
            s.to_string()
        }
    }
}

/// Measure words of people: a count in 人, 名 or 位 counts the same.
pub(super) const PEOPLE: [&str; 3] = ["人", "名", "位"];
pub(super) const SENTENCE_END: [char; 4] = ['。', '！', '？', '\n'];
pub(super) const CLAUSE_MARK: [char; 9] = ['，', '；', '：', ',', ';', ':', '、', '（', '('];
/// Words of a rate or unit amount ("每人 5,000 元", "单车价格 13.40 万元").
const PER_UNIT: [&str; 10] = [
    "每", "人均", "户均", "亩均", "平均", "单价", "均价", "单车", "单台", "单套",
];

/// A label of a rate or unit amount: no part of a sum — a total of such
/// amounts is a product. (标准 only at the end: "补助标准" is a rate,
/// "高标准农田建设" is not.)
pub(super) fn per_unit(label: &str) -> bool {
    has_any(label, &PER_UNIT) || label.ends_with("标准")
}
/// A count of parts written as one Chinese digit of two or more ("两部分",
/// "三项"; 一部分 is "a portion", no count).
pub(super) fn small_count(c: char) -> Option<usize> {
    crate::figures::chinese_digit(c)
        .filter(|&d| d >= 2)
        .map(usize::from)
}

/// `w` without the 和 / 、 / 与 / 及 that joins it to what stands before.
pub(super) fn without_joiner(w: &str) -> &str {
    ["和", "、", "与", "以及", "及"]
        .iter()
        .find_map(|j| w.strip_prefix(j))
        .unwrap_or(w)
}

/// Words before a 包括 that opens a list ("主要包括：", "具体包括：").
pub(super) const LIST_LEADS: [&str; 2] = ["主要", "具体"];
/// `s` without a 主要 / 具体 at its end (the words before its 包括).
pub(super) fn without_list_lead(s: &str) -> &str {
    LIST_LEADS
        .iter()
        .find_map(|w| s.strip_suffix(w))
        .unwrap_or(s)
}
/// Words saying a change and its direction. 上涨 (prices, fees), 净增 (a
/// net increase: "比上年末的 46,150 人净增 6,530 人"), 下滑 and 回落 are
/// as plain as 增长 and 下降 (held-out p953, p958 went unread without them).
pub(super) const CHANGE_UP: [&str; 7] = ["增长", "增加", "上升", "提高", "增幅", "上涨", "净增"];
pub(super) const CHANGE_DOWN: [&str; 7] = ["减少", "下降", "降低", "减幅", "降幅", "下滑", "回落"];

/// Figures with char offsets and labels; figures without a usable offset are dropped.
pub(super) fn place<'a>(para: &Para<'a>) -> Vec<Fig<'a>> {
    figs_between(para, 0, usize::MAX)
}

/// Words an aside in brackets opens with: what an amount includes or leaves
/// out ("（含…）", "（不含…）").
const ASIDES: [&str; 4] = ["含", "不含", "包括", "包含"];

/// Back from `start` to the previous clause mark (not before `floor`); a
/// closed bracket (（类）, （境）) is stepped over whole.
pub(super) fn label_start(chars: &[char], floor: usize, start: usize) -> usize {
    let mut a = start;
    while a > floor {
        let c = chars[a - 1];
        if c == '）' || c == ')' {
            let open = if c == '）' { '（' } else { '(' };
            match chars[floor..a - 1].iter().rposition(|&x| x == open) {
                // (An aside "（含人口抽样调查和经济普查）" may be longer.)
                Some(k)
                    if {
                        let inner = &chars[floor + k + 1..a - 1];
                        let opens = |w: &str| w.chars().zip(inner).all(|(x, &y)| x == y);
                        inner.len() <= 12 || (inner.len() <= 40 && ASIDES.iter().any(|w| opens(w)))
                    } =>
                {
                    a = floor + k;
                    continue;
                }
                _ => break,
            }
        }
        if CLAUSE_MARK.contains(&c) || SENTENCE_END.contains(&c) {
            break;
        }
        a -= 1;
    }
    a
}

/// Words as the rules compare them: no spaces, full-width forms narrowed.
pub(super) fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(crate::figures::narrow)
        .collect()
}

/// "其中部门预算为 " → "部门预算": drop spaces, connectors and copulas.
pub(super) fn clean_label(s: &str) -> String {
    let mut t = squeeze(s);
    for p in ["其中", "以及", "和", "及", "与", "并"] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.to_string();
        }
    }
    loop {
        let before = t.len();
        for suf in [
            "为", "是", "达到", "达", "约", "共计", "合计", "计", "共", "的", "了",
        ] {
            if let Some(r) = t.strip_suffix(suf) {
                // (达 of a verb is no copula: 下达, 到达, 送达 …)
                if suf == "达" && r.ends_with(['下', '到', '送', '传', '转', '抵', '表']) {
                    continue;
                }
                // (nor 约 of a word: 节约, 签约, 履约 … — "节约 6.54 万元" is
                // what was saved, not "about 6.54".)
                if suf == "约"
                    && r.ends_with(['节', '签', '履', '违', '合', '制', '缔', '预', '集'])
                {
                    continue;
                }
                t = r.to_string();
            }
        }
        if t.len() == before {
            break;
        }
    }
    t
}

/// A subject (an increase's, a share's whole) names a level's quantity: the
/// label ends with it, read without the stage words a sentence may drop or add
/// ("收入预算总计" and "收入总计", "财政拨款预算支出" and "财政拨款支出",
/// "财政拨款收、支总预算" and "财政拨款收、支总计").
pub(super) fn same_quantity(label: &str, subject: &str) -> bool {
    let subject = quantity(subject);
    subject.chars().count() >= 2 && quantity(label).ends_with(subject.as_str())
}

/// Words without the stage words, as `same_quantity` compares them.
pub(super) fn quantity(words: &str) -> String {
    words.replace("预算", "").replace("决算", "")
}

pub(super) fn cjk_count(s: &str) -> usize {
    s.chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count()
}

pub(super) fn has_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// Words that are a change word alone ("下降", "增长了", "降幅为"): its
/// direction (true: up).
pub(super) fn change_alone(words: &str) -> Option<bool> {
    let t = words.trim_end_matches(['了', '为']);
    if CHANGE_UP.contains(&t) {
        Some(true)
    } else if CHANGE_DOWN.contains(&t) {
        Some(false)
    } else {
        None
    }
}

/// "比上年多争取 D", "较预算少支出 D", "比上年同期多 D": 多 / 少 right after
/// a comparison's base, then at most a short verb, make the amount an
/// increase or a decrease — not the base (a level would follow the base
/// with no 多 / 少: "比上年的 X0 增加 D").
pub(super) fn more_or_less(label: &str) -> Option<bool> {
    let at = label.rfind(['比', '较'])?;
    let rest = &label[at + '比'.len_utf8()..];
    let (i, c) = rest.char_indices().find(|&(_, c)| c == '多' || c == '少')?;
    let verb = &rest[i + c.len_utf8()..];
    // (多个 / 多项 / 多家 …: "several", not "more".)
    let short_verb = verb.chars().count() <= 3
        && verb.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !verb.starts_with(['个', '项', '家', '名', '种', '次', '批', '类', '方']);
    let base = &rest[..i];
    (short_verb
        && !base.is_empty()
        && base.chars().count() <= 12
        && !base.contains(['#', '，', '。', '；', ',']))
    .then_some(c == '多')
}

/// (年初/年末结转和结余 is a level of the 收支 template, not a difference;
/// 增加值 — value added, "第二产业增加值 118.2 亿元" — a level too.)
pub(super) fn is_change_label(s: &str) -> bool {
    let value_added = s.replace("增加值", "");
    let s = value_added.as_str();
    has_any(s, &CHANGE_UP)
        || has_any(s, &CHANGE_DOWN)
        || more_or_less(s).is_some()
        || has_any(
            &s.replace("结转和结余", ""),
            &["结余", "节约", "差额", "调减", "调增", "压减", "核减"],
        )
}

/// Rounding-aware "a is at most b".
pub(super) fn at_most(a: Num, b: Num) -> bool {
    a.lo <= b.hi + 1e-9 * (1.0 + b.value.abs())
}

/// Compare a stated percentage with the one computed from its operands and
/// record a pass or a finding. A stated value one unit of its last written
/// decimal away (10.15% for 10.158%: truncated, or adjusted so that a list
/// adds up to 100%) is a `warning`, whatever `severity` the relation has;
/// `make` gets the computed value (rounded), the severity and a note for
/// the message.
pub(super) fn compare_percent(
    rec: &mut Recorder,
    check: &str,
    stated: Num,
    computed: Num,
    severity: Severity,
    make: impl FnOnce(f64, Severity, &str) -> Finding,
) {
    if stated.consistent(computed) {
        rec.pass(check);
        return;
    }
    let c = crate::audit::num::round(computed.value, 2);
    if last_digit_slip(stated, computed) {
        rec.fail(make(
            c,
            Severity::Warning,
            " (one unit in the last decimal: rounded differently, or adjusted to add up)",
        ));
    } else {
        rec.fail(make(c, severity, ""));
    }
}

/// Is `stated` at most one unit of its last written decimal from `computed`?
pub(super) fn last_digit_slip(stated: Num, computed: Num) -> bool {
    if stated.decimals == 0 {
        return false;
    }
    let unit = 10f64.powi(-(stated.decimals.min(8) as i32));
    let gap = (stated.lo - computed.hi).max(computed.lo - stated.hi);
    gap <= unit * (1.0 + 1e-6)
}

/// What a money figure names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Money {
    Budget,
    Spent,
    Other,
}

/// What a money figure names, from the last keyword of its label (the head
/// of a Chinese noun phrase is at its end): "基本支出年初预算数" is a budget,
/// "部门预算支出" and "预算执行数" are spending.
pub(super) fn money_kind(label: &str) -> Money {
    let last = |words: &[&str]| words.iter().filter_map(|w| label.rfind(w)).max();
    if has_any(label, &["结余", "节约", "差额", "增加", "减少", "收入"]) {
        return Money::Other;
    }
    let budget = last(&["预算", "安排", "调整", "下达", "批复"]);
    // (执行 as the verb of spending: "全年预算 460 万元，执行 452.60 万元".)
    let spent = last(&["支出", "执行", "决算", "实际", "使用", "支付", "拨付"]);
    match (budget, spent) {
        (Some(x), Some(y)) if x > y => Money::Budget,
        (Some(_), Some(_)) => Money::Spent,
        (Some(_), None) => Money::Budget,
        (None, Some(_)) => Money::Spent,
        (None, None) => Money::Other,
    }
}

/// The words that tell two amounts of one kind apart: years (2024年),
/// 上年 / 本年 / 年初 / 全年 / 调整.
pub(super) fn qualifiers(s: &str) -> Vec<String> {
    let mut out: Vec<String> = crate::structure::kind::years_in(s)
        .into_iter()
        .map(|(_, y)| y.to_string())
        .collect();
    for w in ["上年", "本年", "年初", "全年", "调整"] {
        if s.contains(w) {
            out.push(w.to_string());
        }
    }
    out
}

/// A noun phrase that names an amount: its kind (budget / spent) and its
/// qualifiers. None when it names neither ("全国平均水平").
pub(super) struct Noun {
    kind: Money,
    quals: Vec<String>,
}

impl Noun {
    pub(super) fn new(noun: &str) -> Option<Noun> {
        let kind = money_kind(noun);
        let quals = qualifiers(noun);
        (kind != Money::Other || !quals.is_empty()).then_some(Noun { kind, quals })
    }

    /// Does an amount's label fit the noun? The kind must agree and every
    /// qualifier of the noun must be in the label.
    pub(super) fn names(&self, label: &str) -> bool {
        if self.kind != Money::Other && money_kind(label) != self.kind {
            return false;
        }
        let lq = qualifiers(label);
        self.quals.iter().all(|q| lq.contains(q))
    }
}

/// Does an amount's label fit the noun phrase that names it? "决算数" names
/// "支出决算", "2025年预算执行数" names "2025年当年预算执行数", "年初预算"
/// does not name "全年预算".
pub(super) fn names(noun: &str, label: &str) -> bool {
    Noun::new(noun).is_some_and(|n| n.names(label))
}

/// The figures placed in chars [a, b) of the passage, with their words, as
/// `place` places them (for a rule that reads a sentence other than the one
/// it checks: the next one, or one further back).
pub(super) fn figs_between<'a>(para: &Para<'a>, a: usize, b: usize) -> Vec<Fig<'a>> {
    let mut figs: Vec<&'a Figure> = para
        .figures
        .iter()
        .filter(|f| f.offset.is_some_and(|o| o >= a && o < b))
        .collect();
    figs.sort_by_key(|f| f.offset);
    let mut out: Vec<Fig<'a>> = Vec::new();
    let mut prev_end = a;
    for f in figs {
        let Some(start) = f.offset else { continue };
        let end = start + f.text.chars().count();
        if end > b.min(para.chars.len()) || start < prev_end {
            continue;
        }
        let Some(num) = Num::from_figure(f) else {
            prev_end = end;
            continue;
        };
        let from = label_start(&para.chars, prev_end, start);
        let label = clean_label(&para.text(from, start));
        out.push(Fig {
            f,
            start,
            end,
            num,
            label,
        });
        prev_end = end;
    }
    out
}

/// The sentence after the one ending at `b` (its [start, end) chars), if the
/// passage goes on.
pub(super) fn next_sentence(para: &Para, b: usize) -> Option<(usize, usize)> {
    if b >= para.chars.len() {
        return None;
    }
    let end = (b..para.chars.len())
        .find(|&i| SENTENCE_END.contains(&para.chars[i]))
        .map_or(para.chars.len(), |i| i + 1);
    Some((b, end))
}

/// Where the sentence before the one starting at `a` starts (`a` itself at
/// the passage's start).
pub(super) fn sentence_before(para: &Para, a: usize) -> usize {
    if a == 0 {
        return 0;
    }
    (0..a - 1)
        .rev()
        .find(|&i| SENTENCE_END.contains(&para.chars[i]))
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_keeps_the_yue_of_a_word() {
        assert_eq!(clean_label("节约"), "节约");
        assert_eq!(clean_label("累计签约"), "累计签约");
        // (约 as "about" goes: "支出约 1,280 万元".)
        assert_eq!(clean_label("支出约"), "支出");
        assert_eq!(clean_label("共节约资金约"), "共节约资金");
    }

    fn p(text: &str, line: u32) -> BodyItem {
        BodyItem::Paragraph(Paragraph {
            text: text.into(),
            location: Span::lines(line, line),
            figures: crate::figures::scan_text(text),
            ocr: None,
        })
    }

    #[test]
    fn a_sentence_cut_by_a_line_break_runs_on() {
        let body = vec![
            p("一般公共预算财政拨款支出 9746.50 万元，主要用于以下方", 1),
            p("面：城乡社区支出（类）3832.36", 2),
            p("万元，占 39.32%。", 3),
            p("（三）一般公共预算财政拨款支出决算具体情况", 4),
            p("完整的一句话。", 5),
            p("另一句话 12.00 万元。", 6),
        ];
        let ps = passages(body_paragraphs(&body));
        assert_eq!(ps.len(), 3);
        assert!(
            ps[0]
                .text
                .contains("以下方面：城乡社区支出（类）3832.36万元")
        );
        // The amount cut by the break is one figure again.
        let f = ps[0].figures.iter().find(|f| f.text.starts_with("3832.36"));
        assert_eq!(f.and_then(|f| f.unit.as_deref()), Some("万元"));
        // Provenance leads back to the paragraph and the offset in it.
        let para = Para::new(&ps[0], Some("1"));
        let figs = place(&para);
        let g = figs.iter().find(|g| g.num.value == 3832.36).unwrap();
        let loc = para.location(g.start);
        assert_eq!(loc.source, Some(Span::lines(2, 2)));
        assert_eq!(loc.offset, Some("面：城乡社区支出（类）".chars().count()));
        assert_eq!(g.label, "城乡社区支出（类）");
        // A heading number starts a new passage; a closed sentence ends one.
        assert_eq!(ps[1].pieces.len(), 2);
        assert_eq!(ps[2].pieces.len(), 1);
    }

    #[test]
    fn a_slip_in_the_last_decimal() {
        let c = Num::exact(10.158);
        assert!(last_digit_slip(Num::written(10.15, 2), c));
        assert!(!last_digit_slip(Num::written(10.13, 2), c));
        assert!(!last_digit_slip(Num::written(10.0, 0), Num::exact(10.6)));
    }

    #[test]
    fn nouns_name_the_amounts_they_fit() {
        assert!(names("决算数", "支出决算"));
        assert!(names("预算数", "一般公共预算财政拨款支出年初预算"));
        assert!(!names("预算数", "一般公共预算财政拨款支出决算"));
        assert!(names("2025年预算执行数", "2025年当年预算执行数"));
        assert!(!names("2025年预算执行数", "2026年预算安排"));
        assert!(!names("年初预算", "全年预算"));
        assert!(names("上年数", "上年决算"));
        assert!(!names("全国平均水平", "支出决算"));
    }

    #[test]
    fn money_kinds_follow_the_head_word() {
        assert_eq!(money_kind("基本支出年初预算数"), Money::Budget);
        assert_eq!(money_kind("部门预算支出"), Money::Spent);
        assert_eq!(money_kind("预算执行数"), Money::Spent);
        assert_eq!(money_kind("执行"), Money::Spent);
        assert_eq!(money_kind("基本支出执行"), Money::Spent);
        assert_eq!(money_kind("执行预算"), Money::Budget);
        assert_eq!(money_kind("结余"), Money::Other);
    }
}
