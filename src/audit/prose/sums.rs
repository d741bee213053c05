//! `text.sum`: "中央资金 100 万元、省级资金 200 万元，合计 300 万元" — amounts
//! followed by an explicit total (合计, 共计, 总计, 总共, 一共, 共; "两项合计"
//! with its count) add up to it.
//!
//! Which amounts the total covers is read, not guessed:
//! - the money amounts of the sentence before it, back to the sentence's start
//!   or the total before it — not those in brackets (an aside), percentages,
//!   counts, changes ("比上年增加 20 万元") or shares ("占 …");
//! - the parts a 其中 names after an amount ("A 100 万元，其中人员经费 50 万元；
//!   B …") are inside that amount, not beside it;
//! - the list may open later: after a 其中, 分别, 包括, a colon or a '；', or
//!   after a whole the sentence opens with ("总投资 800 万元，中央补助 500 万元，
//!   地方配套 300 万元，合计 800 万元" restates it);
//! - with "两项合计" the last two amounts are the list.
//!
//! The total holds when any of these readings adds up to it. When none does,
//! the finding shows the most natural one (the counted list; the list after a
//! restated or opening whole; else every amount). A list that says it is
//! partial (…等, 主要…) may fall short; a list with an approximate amount
//! (约, 余) or a rate (每人, 人均, 标准) is not summed at all.
//!
//! A total that only restates the whole before a 其中 ("总额 100 万元，其中 A
//! 60 万元，B 40 万元，合计 100 万元") is left to `text.parts`, which checks
//! the same parts against that whole.

use super::Sentence;
use super::parts::{hedged, names_a_part, names_listed};
use super::sentence::{
    CHANGE_DOWN, CHANGE_UP, Fig, PEOPLE, Para, at_most, cjk_count, has_any, is_change_label,
    per_unit, small_count, squeeze,
};
use crate::audit::num::{self, Num};
use crate::audit::{Recorder, finding, show};
use crate::model::{FigureKind, Severity};

const CHECK: &str = "text.sum";

/// The words a total stands after: a count of items, the total word, and
/// what may follow it before the amount. The count: a number word (两, 二,
/// 三 … 九) and the measure of the items it counts — "两项", "三者", "两批"
/// (of funds sent down), "两类", "三笔".
const COUNT_MEASURES: [&str; 5] = ["项", "者", "批", "类", "笔"];

/// "两批合计…" → (2, "合计…").
fn counted(w: &str) -> Option<(usize, &str)> {
    let mut chars = w.chars();
    let n = small_count(chars.next()?)?;
    let rest = chars.as_str();
    COUNT_MEASURES
        .iter()
        .find_map(|m| rest.strip_prefix(m))
        .map(|r| (n, r))
}
/// Words that close a list as its total (the sum words below as well).
const TOTAL_WORDS: [&str; 7] = ["合计", "共计", "总计", "总共", "一共", "小计", "共"];
/// Words that say, as 合计 does, that the amount adds what was listed: "三者
/// 相加为", "各项之和为", "合起来共", "汇总为".
const SUM_WORDS: [&str; 8] = [
    "相加",
    "之和",
    "总和",
    "加总",
    "汇总",
    "加起来",
    "合起来",
    "累加",
];
const AFTER_TOTAL: [&str; 9] = [
    "",
    "为",
    "是",
    "达",
    "金额",
    "资金",
    "人民币",
    "金额为",
    "等于",
];
/// Nouns that name the total of a quantity ("培训总量达", "以上费用总额为",
/// "资金总规模"). Unlike 合计 they do not say the amount adds what was just
/// listed — "预算总额", "投资总额" may be a whole of other items — so the
/// total is read only when its words tie it to the list: a scope (以上, 上述,
/// 各项) or a count ("三项"), or its noun ("培训", "费用") standing in the
/// list's own words ("累计培训 A a 人次、B b 人次，培训总量 X 人次").
const NOUN_TOTALS: [&str; 6] = ["总金额", "总额", "总量", "总数", "总规模", "总计"];

/// Words that say which quantity an amount is. A list whose items differ in
/// them ("中央资金 100 万元，已到位 80 万元，省级资金 200 万元，已到位 150 万元，
/// 合计 300 万元") interleaves two quantities, and the total may sum one of
/// them: a finding is then a `warning`.
const QUANTITY_WORDS: [&str; 16] = [
    "到位", "支出", "执行", "完成", "拨付", "下达", "预算", "结余", "结转", "收入", "使用", "支付",
    "兑现", "发放", "投入", "安排",
];

/// The four budgets of a government's accounts: kinds of money, not the
/// 预算 stage ("一般公共预算收入" is 收入 as "上级补助收入" is).
const FUND_BUDGETS: [&str; 4] = [
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "社会保险基金预算",
];

/// `label` without the name of a fund budget it holds nor the verb it
/// ends with ("政府性基金收入完成" is 收入).
fn without_funds(label: &str) -> String {
    FUND_BUDGETS
        .iter()
        .fold(without_verb(label).to_string(), |l, f| l.replace(f, ""))
}

/// "政府性基金收入完成 X": the verb an amount's words end with is no part
/// of its name.
fn without_verb(label: &str) -> &str {
    ["完成", "实现", "达到"]
        .iter()
        .find_map(|v| label.strip_suffix(v))
        .filter(|l| !l.is_empty())
        .unwrap_or(label)
}

/// Labels that name a whole the items after it may break down.
const WHOLE_WORDS: [&str; 5] = ["总", "全部", "合计", "共计", "全年"];

/// Where a list may open: before an item, after these words.
const LIST_OPENERS: [&str; 6] = ["其中", "分别", "包括", "：", ":", "由"];

/// Words a total may open with that say which items it covers: all those
/// before it.
const SCOPES: [&str; 6] = ["以上", "上述", "全年", "年度", "各项", "全部"];
/// Periods a count may name ("两年合计投入", "前三季度累计支出", "近三个月
/// 共计"): that many items, the last (the first after 前 / 一至).
const PERIODS_COUNTED: [&str; 5] = ["年度", "年", "季度", "个月", "月"];

/// "前三季度累计…" → (3, first, "累计…"): a count of periods, whether it
/// counts from the first (前, 一至), and the words after it.
fn period_count(w: &str) -> Option<(usize, bool, &str)> {
    let (first, w) = match ["前", "一至", "1至"].iter().find_map(|p| w.strip_prefix(p)) {
        Some(r) => (true, r),
        None => (
            false,
            ["近", "后"]
                .iter()
                .find_map(|p| w.strip_prefix(p))
                .unwrap_or(w),
        ),
    };
    let mut chars = w.chars();
    let n = small_count(chars.next()?)?;
    let rest = chars.as_str();
    let rest = rest
        .strip_prefix('个')
        .filter(|r| r.starts_with('季'))
        .unwrap_or(rest);
    PERIODS_COUNTED
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .map(|r| (n, first, r))
}
/// Verbs a total may name after its word ("合计支出", "共计投入"): the total
/// of those items only when every item names the same verb.
const TOTAL_VERBS: [&str; 16] = [
    "支出", "投入", "安排", "下达", "发放", "拨付", "使用", "补助", "支付", "兑付", "筹集", "争取",
    "落实", "减免", "培训", "采购",
];

/// How a total is worded: the count it gives (0 for none), its word (合计),
/// the noun before the word ("三项补贴合计", "公务接待费合计"; empty when none
/// or a scope such as 以上), and a verb after it ("合计支出").
#[derive(Debug, PartialEq)]
pub(super) struct Total {
    pub(super) count: usize,
    word: &'static str,
    pub(super) head: String,
    verb: Option<&'static str>,
    /// Opened with 以上 / 上述: of every item before it.
    pub(super) above: bool,
    /// The count is of the first items ("前两项合计"), not the last.
    first: bool,
    /// Its words name the listed items as a whole (以上, 上述, 各项, 全部, or
    /// a count): the noun before the total word is their kind, whatever
    /// each item is called ("以上费用总额" of 设备购置费, 培训费 …).
    listed: bool,
    /// A noun total (总额, 总量) not tied to the list by a scope or count:
    /// it is the list's total only when its noun stands in the list's words.
    pub(super) noun: bool,
}

/// The figure `t` is an explicit total: the words between the previous
/// figure (or clause mark) and it are a total word, perhaps with a scope or
/// count before it ("以上合计", "两项合计") and a copula or verb after it.
fn total_words(para: &Para, floor: usize, t: &Fig) -> Option<Total> {
    // (From the clause's start: a count "两项" is a figure of its own.)
    let clause = para.clause_start(t.start);
    if clause < floor {
        total_words_in(&para.text(clause, t.start))
            .or_else(|| total_words_in(&para.text(floor, t.start)))
    } else {
        total_words_in(&para.text(floor, t.start))
    }
}

pub(super) fn total_words_in(before: &str) -> Option<Total> {
    let clause = before
        .rsplit(['，', '；', ',', ';', '、', '。', '\n'])
        .next()
        .unwrap_or("");
    let w = squeeze(clause);
    let w = w.trim_end_matches([':', '：']);
    let above = w.starts_with("以上") || w.starts_with("上述");
    // (Scopes may stack: "以上各项", "全年全部".)
    let mut w = w;
    let mut scoped = false;
    while let Some(r) = SCOPES.iter().find_map(|p| w.strip_prefix(p)) {
        scoped |= !matches!(&w[..w.len() - r.len()], "全年" | "年度");
        w = r;
    }
    // "前两项合计" / "后两项合计": the first or the last so many items.
    let ordinal = |p: char| w.strip_prefix(p).filter(|r| counted(r).is_some());
    let period = period_count(w);
    let first = ordinal('前').is_some() || period.is_some_and(|p| p.1);
    let w = ordinal('前').or_else(|| ordinal('后')).unwrap_or(w);
    let (count, rest) = counted(w)
        .or_else(|| period.map(|(n, _, r)| (n, r)))
        .unwrap_or((0, w));
    // "三年累计投入", "前三季度累计支出": a count of periods and 累计 — that
    // many items.
    let years = period.is_some();
    let rest = match rest.strip_prefix("累计") {
        Some(r) if years => {
            let r = r.strip_suffix('为').unwrap_or(r);
            let verb = TOTAL_VERBS.iter().find(|v| **v == r).copied();
            if r.is_empty() || verb.is_some() {
                return Some(Total {
                    count,
                    word: "累计",
                    head: String::new(),
                    verb,
                    above,
                    first,
                    listed: true,
                    noun: false,
                });
            }
            rest
        }
        _ => rest,
    };
    let listed = scoped || count > 0;
    let after = |r: &str| -> Option<Option<&'static str>> {
        // "相加之和为", "加起来共": a second total word adds nothing.
        let r = ["之和", "共计", "一共", "总共", "合计", "总计", "共"]
            .iter()
            .find_map(|w| r.strip_prefix(w))
            .unwrap_or(r);
        if AFTER_TOTAL.contains(&r) {
            return Some(None);
        }
        let r = r.strip_suffix('为').unwrap_or(r);
        let r = r.strip_suffix("资金").unwrap_or(r);
        // "共支付工程款 X": the verb, and the noun of what it pays (a few
        // characters, no clause of its own).
        TOTAL_VERBS
            .iter()
            .find(|v| {
                r.strip_prefix(**v)
                    .is_some_and(|n| cjk_count(n) <= 4 && n.chars().count() == cjk_count(n))
            })
            .map(|v| Some(*v))
    };
    // The total read: its word, the words before it, its verb, and whether
    // it is a noun total that does not say it adds the list.
    let total_of = |word: &'static str, head: &str, verb: Option<&'static str>, noun: bool| Total {
        count,
        word,
        head: head.to_string(),
        verb,
        above,
        first,
        listed,
        noun,
    };
    if let Some((word, verb)) = TOTAL_WORDS
        .iter()
        .chain(&SUM_WORDS)
        .find_map(|&tw| Some((tw, after(rest.strip_prefix(tw)?)?)))
    {
        return Some(total_of(word, "", verb, false));
    }
    // A noun before the word: only the explicit total and sum words (共
    // alone is in 公共, 总共 and the like) — and 共 after a scope or a count
    // that says the words are a total ("上述三项资金共 X", "以上补助共 X"),
    // not after 公.
    let alone = (above || count > 0).then_some("共");
    // The words before a total word in `rest`, and what follows it.
    let at_word = |tw: &str| {
        let at = rest.find(tw)?;
        Some((&rest[..at], after(&rest[at + tw.len()..])?))
    };
    let total = ["合计", "共计", "总计"]
        .into_iter()
        .chain(SUM_WORDS)
        .chain(alone)
        .find_map(|tw| {
            let (head, verb) = at_word(tw)?;
            if tw == "共" && head.ends_with(['公', '总', '一']) {
                return None;
            }
            (1..=12)
                .contains(&head.chars().count())
                .then(|| total_of(tw, head, verb, false))
        });
    total.or_else(|| {
        // "以上费用总额为 X", "培训总量达 X": a noun total (its head may be
        // empty only under a scope or count).
        NOUN_TOTALS.iter().find_map(|&tw| {
            let (head, verb) = at_word(tw)?;
            let n = head.chars().count();
            (n <= 8 && (n > 0 || listed) && cjk_count(head) == n)
                .then(|| total_of(tw, head, verb, !listed))
        })
    })
}

/// The items a total names by a noun ("公务接待费合计") are those it heads:
/// each item's words end with the same two characters or more.
pub(super) fn heads_every(head: &str, labels: &[&str]) -> bool {
    let h: Vec<char> = head.chars().collect();
    // "本年收入 a，年初结转和结余 b，收入总计 c": the funds carried over are
    // a part of 收入总计 (and of 支出总计) as the 收支总表 adds them.
    labels.iter().filter(|l| !carried(head, l)).count() >= 1
        && labels.iter().filter(|l| !carried(head, l)).all(|l| {
            // "政府性基金收入完成 X": the verb of the amount is no part of
            // its name.
            let l: Vec<char> = without_verb(l).chars().collect();
            let common = h
                .iter()
                .rev()
                .zip(l.iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            common >= 2
        })
}

/// "三部分构成" / "两个部分组成" in `words`: the count of parts it gives, and
/// those words.
fn parts_count(words: &str) -> Option<(usize, String)> {
    let w = squeeze(words);
    ["个部分构成", "个部分组成", "部分构成", "部分组成"]
        .iter()
        .find_map(|end| {
            let at = w.find(end)?;
            let c = w[..at].chars().next_back()?;
            let n = small_count(c)?;
            let phrase = format!("{c}{end}");
            // (Only when the words hold it unspaced, as it is taken out.)
            words.contains(&phrase).then_some((n, phrase))
        })
}

/// Funds carried over ("年初结转和结余", "年末结转和结余") as an item of a
/// total headed 收入 (from the year before) or 支出 (to the year after).
fn carried(head: &str, label: &str) -> bool {
    has_any(label, &["结转", "结余"])
        && ((head.ends_with("收入") && has_any(label, &["年初", "上年"]))
            || (head.ends_with("支出") && label.contains("年末")))
}

/// Digits followed by a money unit left in the masked text: an amount the
/// figure reader did not take, which the list may hold.
fn unread_amount(masked: &str) -> bool {
    let chars: Vec<char> = masked.chars().collect();
    chars.windows(2).any(|w| {
        (w[0].is_ascii_digit() || ('０'..='９').contains(&w[0]))
            && matches!(w[1], '元' | '万' | '亿' | '千')
    })
}

/// An item of a total's kind: money beside money, a count beside counts in
/// the same measure word.
fn same_measure(f: &Fig, total: &Fig) -> bool {
    f.is_measure() && f.f.kind == total.f.kind && (f.is_amount() || f.unit() == total.unit())
}

/// One amount of the list, with where a list may open before it.
struct Item<'f, 'a> {
    fig: &'f Fig<'a>,
    num: Num,
    /// A list may open just before this item (a 其中, 分别, colon or '；'
    /// between it and the item before, or a whole as the item before).
    opens: bool,
    /// A part a 其中 named inside the item before it (up to the next '；').
    inner: bool,
}

/// Whole vs parts when the whole comes last: "A a、B b，合计 X".
pub(super) fn check(para: &Para, s: &Sentence, rec: &mut Recorder) {
    let figs = &s.figs;
    // Bracket depth at each figure: what is inside （…） is an aside.
    let starts: Vec<usize> = figs.iter().map(|f| f.start).collect();
    let depth = para.bracket_depths(s.a, &starts);
    // The list of a total runs back to the sentence's start or the total
    // before it.
    let mut from = 0;
    for (k, t) in figs.iter().enumerate() {
        if depth[k] > 0 || !t.is_measure() {
            continue;
        }
        let floor = if k == 0 {
            s.a
        } else {
            figs[k - 1].end.max(s.a)
        };
        let Some(total) = total_words(para, floor, t) else {
            if let Some(&next) = figs.get(k + 1)
                && depth[k + 1] == 0
            {
                stage_pair(para, s, (&figs[from..k], &depth[from..k]), (t, next), rec);
            }
            if let Some(up) =
                net_change_words(&para.text(para.clause_start(t.start).max(floor), t.start))
            {
                net_change(para, s, (&figs[from..k], &depth[from..k]), (t, up), rec);
            }
            continue;
        };
        if total.count == 0 && product(para, s, &figs[from..k], t, rec) {
            from = k + 1;
            continue;
        }
        // (The count "三项" may be a figure of its own.)
        let opens = k == 0 || (k == 1 && !figs[0].is_amount() && !figs[0].is_percent());
        if opens && total.count >= 2 && counted_before(para, s, t, total.count, rec) {
            from = k + 1;
            continue;
        }
        let a = if from == 0 { s.a } else { figs[from - 1].end };
        let run = from..k;
        from = k + 1;
        let list = List {
            a,
            figs: &figs[run.clone()],
            depth: &depth[run],
        };
        judge(para, s, &list, (t, &total), rec);
    }
}

/// Measure words of goods a 单价 / 价格 prices.
const GOODS: [&str; 14] = [
    "台", "套", "辆", "件", "架", "部", "个", "块", "把", "张", "只", "本", "册", "组",
];
/// Words that make a price no single one: a bound or an estimate.
const NOT_ONE_PRICE: [&str; 10] = [
    "最高",
    "最低",
    "不超过",
    "不高于",
    "以内",
    "以下",
    "以上",
    "约",
    "左右",
    "分别",
];

/// What a price per period is priced by (每月, 年均, 每次 …).
const PERIODS: &str = "月年天日季周次期时";

/// Does a price's words name the thing a count counts in `unit`, followed
/// by the words `noun`? "单价" / "价格" any goods; "每台", "单车", "人均",
/// "每村" the measure word or a character of the noun after the count
/// ("12 个行政村" … "每村").
pub(super) fn prices(label: &str, unit: &str, noun: &str) -> bool {
    let chars: Vec<char> = label.chars().collect();
    // The thing priced: the character after 每 / 单, or before 均.
    let mut things: Vec<char> = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        match c {
            '每' | '单' => things.extend(chars.get(i + 1)),
            '均' if i > 0 => things.push(chars[i - 1]),
            _ => {}
        }
    }
    // "每人每月 100 元", "月均": a price per period too, the total a
    // product with the time it runs.
    if things.iter().any(|c| PERIODS.contains(*c)) {
        return false;
    }
    let of = |x: char| {
        unit.starts_with(x)
            || (x == '人' && PEOPLE.contains(&unit))
            || (x == '车' && unit == "辆")
            || noun.contains(x)
    };
    ((label.contains("单价") || label.contains("价格") || label.contains("均价"))
        && GOODS.contains(&unit))
        || things.into_iter().any(of)
}

/// "采购执法记录仪 12 台，单价 0.85 万元，合计 10.20 万元": a total after a
/// count and the price of one, in the same '；' item and nothing else, is
/// their product. Only when the price names what is counted (its measure
/// word or noun: 单价 of goods, 每村 of 村, 人均 of 人), is one price (no
/// bound or estimate: 最高, 不超过, 约 …) and the count exact. Returns
/// whether it was read.
fn product(para: &Para, s: &Sentence, figs: &[&Fig], t: &Fig, rec: &mut Recorder) -> bool {
    if !t.is_amount() {
        return false;
    }
    let item = para.item_start(s.a, t.start);
    let mine: Vec<&Fig> = figs.iter().copied().filter(|f| f.start >= item).collect();
    let [a, b] = mine.as_slice() else {
        return false;
    };
    let (count, price) = match (a.f.kind, b.f.kind) {
        (FigureKind::Count, FigureKind::Amount) => (*a, *b),
        (FigureKind::Amount, FigureKind::Count) => (*b, *a),
        _ => return false,
    };
    let words = para.text(item, t.start);
    if count.f.comparator.is_some()
        || !price.is_amount()
        || count.num.lo != count.num.hi
        || has_any(&words, &NOT_ONE_PRICE)
        || words.contains(['（', '(', '）', ')'])
        || is_change_label(&price.label)
    {
        return false;
    }
    // (The words after the count up to its clause's end or the price, and
    // before any 每 / 单 of the price's own.)
    let noun = para.text(
        count.end,
        para.clause_end(count.end).min(price.start.max(count.end)),
    );
    let noun = noun.split(['每', '单']).next().unwrap_or("");
    let Some(unit) = count.unit() else {
        return false;
    };
    if !prices(&squeeze(&price.label), unit, noun.trim()) {
        return false;
    }
    let Some(p) = price.num_in(t.unit()) else {
        return false;
    };
    let n = count.num.value;
    let product = Num {
        value: p.value * n,
        lo: p.lo * n,
        hi: p.hi * n,
        decimals: p.decimals,
    };
    if product.consistent(t.num) {
        rec.pass(CHECK);
        return true;
    }
    let message = format!(
        "the total {} is not the count times the price of one: {} {} × {} {} = {}: 「{}」",
        show(t.num),
        show(count.num),
        unit,
        price.label,
        show(p),
        show(product),
        para.quote(item, t.end)
    );
    total_fail(
        para,
        (t, &[count, price]),
        product,
        (Severity::Error, message),
        rec,
    );
    true
}

/// A sentence that opens with a counted total ("三项合计 X 万元") after a
/// sentence stating exactly that many amounts and nothing else ("一是人员经费
/// a 万元；二是公用经费 b 万元；三是项目支出 c 万元。"): the count says those
/// are its items. Returns whether it was read (the counts agree, every
/// figure before is a money level outside brackets, in the total's unit).
fn counted_before(para: &Para, s: &Sentence, t: &Fig, count: usize, rec: &mut Recorder) -> bool {
    let items = &s.prev;
    if items.len() != count || !t.is_level() {
        return false;
    }
    let (first, last) = (items[0], items[count - 1]);
    if para
        .masked_text(first.start, last.end)
        .contains(['（', '(', '）', ')'])
        || items.iter().any(|f| !f.is_level() || per_unit(&f.label))
    {
        return false;
    }
    let Some(ns) = items
        .iter()
        .map(|f| f.num_in(t.unit()))
        .collect::<Option<Vec<Num>>>()
    else {
        return false;
    };
    let sum = num::sum(ns.iter().copied());
    if sum.consistent(t.num) {
        rec.pass(CHECK);
        return true;
    }
    let names: Vec<String> = items
        .iter()
        .zip(&ns)
        .map(|(f, n)| format!("{} {}", f.label, show(*n)))
        .collect();
    let message = format!(
        "the total {} of {count} items is not the sum of the {count} amounts the sentence before states: {} = {}: 「{}」",
        show(t.num),
        names.join(" + "),
        show(sum),
        para.quote(first.start, t.end)
    );
    total_fail(para, (t, items), sum, (Severity::Error, message), rec);
    true
}

/// A total `t` that is not `sum`, the sum of `items`: its finding, the
/// operands the total and the items.
fn total_fail(
    para: &Para,
    (t, items): (&Fig, &[&Fig]),
    sum: Num,
    (severity, message): (Severity, String),
    rec: &mut Recorder,
) {
    let mut operands = vec![para.operand(t)];
    operands.extend(items.iter().map(|f| para.operand(f)));
    rec.fail(finding(
        CHECK,
        severity,
        t.num,
        num::round(sum.value, sum.decimals),
        t.f.unit.clone(),
        message,
        para.location(t.start),
        operands,
    ));
}

/// The stage words an amount of a 预算/决算 pair ends with.
const STAGES: [&str; 4] = ["预算", "决算", "预算数", "决算数"];

/// The stage word `label` ends with (the longest).
fn stage_of(label: &str) -> Option<&'static str> {
    let l = squeeze(label);
    STAGES
        .iter()
        .filter(|w| l.ends_with(*w))
        .max_by_key(|w| w.len())
        .copied()
}

/// "A 预算 a1 万元，决算 b1 万元；B 预算 a2 万元，决算 b2 万元；合计预算 X
/// 万元，决算 Y 万元": each stage's total of the items of that stage. Only
/// when every money item before is of one of the two stages, each stage has
/// as many items (two or more), and the second total follows the first in
/// its clause after a '，'.
fn stage_pair(
    para: &Para,
    s: &Sentence,
    (figs, depth): (&[&Fig], &[usize]),
    (t1, t2): (&Fig, &Fig),
    rec: &mut Recorder,
) {
    let w1 = squeeze(&para.text(para.clause_start(t1.start).max(s.a), t1.start));
    let Some(s1) = ["合计", "共计", "总计"]
        .iter()
        .find_map(|tw| w1.strip_prefix(tw))
        .and_then(|r| STAGES.iter().find(|w| **w == r.trim_end_matches('为')))
    else {
        return;
    };
    let w2 = squeeze(&para.masked_text(t1.end, t2.start));
    let Some(s2) = w2
        .strip_prefix(['，', ','])
        .and_then(|r| STAGES.iter().find(|w| **w == r.trim_end_matches('为')))
    else {
        return;
    };
    let base = |w: &str| w.trim_end_matches('数').to_string();
    if base(s1) == base(s2) || !t1.is_amount() || !t2.is_amount() {
        return;
    }
    let (mut one, mut two): (Vec<&Fig>, Vec<&Fig>) = (Vec::new(), Vec::new());
    for (f, &d) in figs.iter().zip(depth) {
        if d > 0 || !f.is_measure() {
            continue;
        }
        if !f.is_amount() || f.f.comparator.is_some() || f.label.contains('占') {
            return;
        }
        match stage_of(&f.label).map(base) {
            Some(x) if x == base(s1) => one.push(f),
            Some(x) if x == base(s2) => two.push(f),
            _ => return,
        }
    }
    if one.len() < 2 || one.len() != two.len() {
        return;
    }
    for (list, t) in [(&one, t1), (&two, t2)] {
        let ns: Option<Vec<Num>> = list.iter().map(|f| f.num_in(t.unit())).collect();
        let Some(ns) = ns else {
            return;
        };
        let sum = num::sum(ns.iter().copied());
        if sum.consistent(t.num) {
            rec.pass(CHECK);
            continue;
        }
        let message = format!(
            "the total {} is not the sum of the amounts of its stage: {} = {}: 「{}」",
            show(t.num),
            ns.iter().map(|n| show(*n)).collect::<Vec<_>>().join(" + "),
            show(sum),
            para.quote(para.clause_start(list[0].start).max(s.a), t2.end)
        );
        total_fail(para, (t, list), sum, (Severity::Error, message), rec);
    }
}

/// "合计增加" / "共计减少" (with 为 at most): a total of changes, and its
/// direction (true: up).
fn net_change_words(words: &str) -> Option<bool> {
    let w = squeeze(words);
    let w = w.strip_suffix('为').unwrap_or(&w);
    let rest = ["合计", "共计", "总计"]
        .iter()
        .find_map(|tw| w.strip_prefix(tw))?;
    match rest {
        "增加" | "增长" => Some(true),
        "减少" | "下降" => Some(false),
        _ => None,
    }
}

/// "其中 A 增加 a 万元，B 减少 b 万元，合计增加 X 万元": the changes before a
/// total of changes add up to it, each with its sign. Only when every item
/// is a change in the total's measure, said up or down in its own words, at
/// one level (no 其中 / 主要 / 包括 between them: parts of an item are no
/// item beside it), none in brackets.
fn net_change(
    para: &Para,
    s: &Sentence,
    (figs, depth): (&[&Fig], &[usize]),
    (total, up): (&Fig, bool),
    rec: &mut Recorder,
) {
    let mut items: Vec<(&Fig, Num)> = Vec::new();
    for (f, &d) in figs.iter().zip(depth) {
        if d > 0 || !f.is_measure() || f.f.kind != total.f.kind {
            continue;
        }
        if f.f.comparator.is_some() || f.label.contains('占') || per_unit(&f.label) {
            return;
        }
        let Some(n) = f.num_in(total.unit()) else {
            return;
        };
        let plus = has_any(&f.label, &CHANGE_UP);
        let minus = has_any(&f.label, &CHANGE_DOWN);
        if plus == minus || (!f.is_amount() && f.unit() != total.unit()) {
            return;
        }
        items.push((f, if plus { n } else { n.neg() }));
    }
    if items.len() < 2 {
        return;
    }
    let between = para.masked_text(items[0].0.end, total.start);
    if has_any(&between, &["其中", "主要", "包括", "分别", "等"]) {
        return;
    }
    let sum = num::sum(items.iter().map(|(_, n)| *n));
    let stated = if up { total.num } else { total.num.neg() };
    if sum.consistent(stated) {
        rec.pass(CHECK);
        return;
    }
    let names: Vec<String> = items
        .iter()
        .map(|(f, n)| format!("{} {}", f.label, show(*n)))
        .collect();
    let computed = if up { sum } else { sum.neg() };
    let message = format!(
        "the net change {} is not the sum of the changes before it: {} = {}: 「{}」",
        show(total.num),
        names.join(" + "),
        show(sum),
        para.quote(para.clause_start(items[0].0.start).max(s.a), total.end)
    );
    let figs: Vec<&Fig> = items.iter().map(|(f, _)| *f).collect();
    total_fail(
        para,
        (total, &figs),
        computed,
        (Severity::Error, message),
        rec,
    );
}

/// The figures before a total, back to where its list may start at the
/// earliest (char `a`), with their bracket depths.
struct List<'l, 'f, 'a> {
    a: usize,
    figs: &'l [&'f Fig<'a>],
    depth: &'l [usize],
}

/// `total`: the total's figure, its word (合计) and the count it gives (0
/// for none).
fn judge(para: &Para, s: &Sentence, list: &List, (total, how): (&Fig, &Total), rec: &mut Recorder) {
    let (word, count) = (how.word, how.count);
    let unit = total.unit();
    let mut items: Vec<Item> = Vec::new();
    let mut unknown = false;
    // The end of the previous figure read, and whether a 其中 after an item
    // is still open (its parts run to the next '；').
    let mut prev_end = list.a;
    let mut in_qizhong = false;
    for (f, &d) in list.figs.iter().zip(list.depth) {
        let f = *f;
        let between = para.masked_text(prev_end, f.start);
        prev_end = f.end;
        if d > 0 {
            continue;
        }
        if has_any(&between, &["；", ";"]) {
            in_qizhong = false;
        }
        let qizhong = between.contains("其中");
        if f.f.kind == total.f.kind && f.f.comparator.is_some() {
            // "基本支出 100 余万元": the list adds up to nothing exact.
            return;
        }
        // Money with money; a count with counts of its measure word ("7 辆、
        // 3 辆、2 辆，共计 13 辆"), not of another (3 个单位 beside 42 人).
        if !same_measure(f, total) || f.label.contains('占') {
            continue;
        }
        // (… "12 个村各 20 万元": each, a rate too.)
        if per_unit(&f.label) || f.label.ends_with('各') {
            return;
        }
        if has_any(&f.label, &CHANGE_UP) || has_any(&f.label, &CHANGE_DOWN) {
            // A change, not a level — unless its name only holds a change
            // word ("支持商销稳增长"), which the words cannot settle.
            unknown |= names_a_part(&f.label);
            continue;
        }
        let Some(n) = f.num_in(unit) else {
            unknown = true;
            continue;
        };
        if qizhong && !items.is_empty() {
            in_qizhong = true;
        }
        let opens = items.is_empty()
            || has_any(&between, &LIST_OPENERS)
            || has_any(&between, &["；", ";"])
            || items
                .last()
                .is_some_and(|i| has_any(&i.fig.label, &WHOLE_WORDS));
        items.push(Item {
            fig: f,
            num: n,
            opens,
            inner: in_qizhong,
        });
    }
    // "一是 A a；二是 B b。以上共计 X": a total of its own sentence opened
    // with 以上 / 上述 sums the amounts of the sentence before.
    if items.is_empty() && how.above && !unknown {
        let starts: Vec<usize> = s.prev.iter().map(|f| f.start).collect();
        let depth = para.bracket_depths(0, &starts);
        for (f, d) in s.prev.iter().zip(depth) {
            if d > 0 || !same_measure(f, total) || f.label.contains('占') {
                continue;
            }
            if per_unit(&f.label) || f.label.ends_with('各') || f.f.comparator.is_some() {
                return;
            }
            if has_any(&f.label, &CHANGE_UP) || has_any(&f.label, &CHANGE_DOWN) {
                return;
            }
            let Some(n) = f.num_in(unit) else {
                return;
            };
            items.push(Item {
                fig: f,
                num: n,
                opens: false,
                inner: false,
            });
        }
    }
    let top: Vec<usize> = (0..items.len()).filter(|&i| !items[i].inner).collect();
    if items.len() < 2 {
        return;
    }
    // A total that names a noun or a verb covers the items that do: every
    // one of the counted items (or of the list when no count is given).
    let counted_items = |n: usize| {
        if how.first {
            top[..n].to_vec()
        } else {
            top[top.len() - n..].to_vec()
        }
    };
    let covered = &if count > 0 && top.len() >= count {
        counted_items(count)
    } else {
        top.clone()
    };
    let labels: Vec<&str> = covered
        .iter()
        .map(|&i| items[i].fig.label.as_str())
        .collect();
    // (An item with no words of its own, "A 投入 100 万元、200 万元", goes on
    // with the words of the one before.)
    if let Some(v) = how.verb
        && !labels.iter().all(|l| l.is_empty() || l.contains(v))
    {
        return;
    }
    // "因公出国（境）费、公务用车购置及运行维护费、公务接待费分别为 a、b 和
    // c，“三公”经费合计 X": the “三公” total covers its three items, named
    // before a 分别 rather than each before its amount.
    let sangong = || {
        let words = para.text(s.a, total.start);
        how.head.contains("三公")
            && ["因公出国", "公务用车", "公务接待"]
                .iter()
                .all(|w| words.contains(w))
    };
    // "…，与市县资金相加为 X": a total whose words join something to the
    // list adds an item not listed.
    if ["与", "和", "及", "同", "连同", "加上"]
        .iter()
        .any(|j| how.head.starts_with(j))
    {
        return;
    }
    // A noun total's noun stands in the list's words ("累计培训 A a 人次、B b
    // 人次，培训总量 X"): else it may total another quantity ("项目预算总额").
    let noun_in_list = || {
        let last = covered.last().map_or(total.start, |&i| items[i].fig.start);
        para.text(list.a, last).contains(how.head.as_str())
    };
    // (Ending like the items is not enough: "全年计划投资总额" after 完成投资.)
    if how.noun && !noun_in_list() {
        return;
    }
    if !how.head.is_empty()
        && count == 0
        && !how.listed
        && !how.noun
        && !heads_every(&how.head, &labels)
        && !sangong()
    {
        return;
    }
    // "前三季度累计 X": 累计 of a count of periods sums a list of those
    // periods ("一至三季度分别支出 a、b 和 c"); beside amounts named by no
    // period it is a cumulative figure of its own ("A 项目 a、B 项目 b，近两年
    // 累计投入 X").
    if word == "累计"
        && let Some(&i) = covered.first()
        && !para
            .text(s.a, items[i].fig.end)
            .contains(['年', '季', '月'])
    {
        return;
    }
    // "其中省级资金和市级资金合计 X": a total of some items it names (joined
    // by 和 / 、 / 及 / 与) is `text.parts`'s named subset, not of every item.
    if how.head.contains(['和', '、', '及', '与'])
        && names_listed(&how.head, labels.iter().copied()) >= 2
    {
        return;
    }
    // "由 A a、B b、C c 三部分构成，合计 X": the count of parts is no hedge
    // (部分), and the list is the last so many items.
    let stated_parts = {
        let a = items.first().map_or(total.start, |i| i.fig.start);
        parts_count(&para.text(a, total.start))
    };
    let count = match stated_parts {
        Some((n, _)) if count == 0 => n,
        _ => count,
    };
    let hedged = {
        let a = items.first().map_or(total.start, |i| i.fig.start);
        let words = para.text(a, total.start);
        let words = match stated_parts {
            Some((_, w)) => words.replacen(w.as_str(), "", 1),
            None => words,
        };
        hedged(&words) || unknown || unread_amount(&para.masked_text(list.a, total.start))
    };
    let sum = |r: &[usize]| num::sum(r.iter().map(|&i| items[i].num));
    let holds = |r: &[usize]| {
        let t = sum(r);
        t.consistent(total.num) || (hedged && t.value < total.num.value)
    };
    // The readings the total may have: with a count, the last items; else
    // every top-level item, those after the first (a whole the list opens
    // with), and the runs after a list opener (a '；' that ended another
    // subject, 其中, 分别, a colon, a whole named 总…), inner parts and all.
    // Not any run: among many like amounts some run adds up by chance.
    let mut readings: Vec<Vec<usize>> = Vec::new();
    // (More amounts than the count under 以上/上述 leave open which of them
    // it counts.)
    let open_count = how.above && count > 0 && top.len() > count;
    // The first amount may be a whole the list breaks down: restated by the
    // total, named as a whole (总…), or at least as large as the rest.
    let opening_whole = top.len() >= 3 && {
        let first = &items[top[0]];
        first.num.consistent(total.num)
            || has_any(&first.fig.label, &WHOLE_WORDS)
            || at_most(sum(&top[1..]), first.num)
    };
    if count > 0 {
        if top.len() < count {
            return;
        }
        readings.push(counted_items(count));
        // ("…，另有社会捐赠 d，上述三项财政资金共 X": under 以上/上述 the
        // counted items may be the first ones.)
        if open_count {
            readings.push(top[..count].to_vec());
        }
    } else {
        readings.push(top.clone());
        if opening_whole {
            readings.push(top[1..].to_vec());
        }
        readings.extend(
            (1..top.len().saturating_sub(1))
                .filter(|&i| items[top[i]].opens)
                .map(|i| top[i..].to_vec()),
        );
        readings.extend(
            (1..items.len().saturating_sub(1))
                .filter(|&i| items[i].opens)
                .map(|i| (i..items.len()).collect()),
        );
    }
    readings.retain(|r| r.len() >= 2);
    if readings.is_empty() {
        return;
    }
    if readings.iter().any(|r| holds(r)) {
        rec.pass(CHECK);
        return;
    }
    // The sentence may go on from the one before: "2022 年投入 60 万元。2023
    // 年投入 40 万元，2024 年投入 20 万元，合计 120 万元".
    let prev: Vec<Num> = s
        .prev
        .iter()
        .filter(|f| same_measure(f, total) && !f.label.contains('占'))
        .filter_map(|f| f.num_in(unit))
        .collect();
    let listed = sum(&top);
    if listed.value < total.num.value
        && (1..=prev.len()).any(|p| {
            num::sum(prev[prev.len() - p..].iter().copied().chain([listed])).consistent(total.num)
        })
    {
        rec.pass(CHECK);
        return;
    }
    // No reading adds up: the total is wrong whichever list it sums. The
    // finding shows the most natural one: the counted items; the items after
    // a whole the list opens with (restated by the total or named as a
    // whole); else every top-level item, or those after the first when they
    // come nearer the total (the first was a whole: "安排资金 300 万元，用于
    // A 200 万元、B 80 万元，合计 290 万元"); with fewer than two top-level
    // items, the list after an opener.
    let gap = |r: &[usize]| (sum(r).value - total.num.value).abs();
    let shown: Vec<usize> = if count > 0 || top.len() < 2 {
        readings[0].clone()
    } else if opening_whole
        && (items[top[0]].num.consistent(total.num)
            || has_any(&items[top[0]].fig.label, &WHOLE_WORDS)
            || gap(&top[1..]) < gap(&top))
    {
        top[1..].to_vec()
    } else {
        top.clone()
    };
    // A total that restates the whole before a 其中 is `text.parts`'s.
    if let Some(&first) = shown.first() {
        let q = para.masked_text(s.a, items[first].fig.start);
        if q.contains("其中") && items[..first].iter().any(|i| i.num.consistent(total.num)) {
            return;
        }
    }
    let computed = sum(&shown);
    let names: Vec<String> = shown
        .iter()
        .map(|&i| {
            let f = items[i].fig;
            let label = if f.label.is_empty() { "…" } else { &f.label };
            match f.unit() {
                u if u == unit => format!("{label} {}", show(items[i].num)),
                u => format!(
                    "{label} {}{} = {}",
                    show(f.num),
                    u.unwrap_or(""),
                    show(items[i].num)
                ),
            }
        })
        .collect();
    let first = items[shown[0]].fig;
    let quantity = |i: usize| -> Vec<bool> {
        let label = without_funds(&items[i].fig.label);
        QUANTITY_WORDS.iter().map(|w| label.contains(w)).collect()
    };
    // The first item's words may carry the list's verb ("下达 A a 万元、B b
    // 万元"): the quantities differ only when two items name different ones.
    let rest = &shown[1..];
    let alike = rest.iter().all(|&i| quantity(i) == quantity(rest[0]))
        && (quantity(shown[0]) == quantity(rest[0]) || !quantity(rest[0]).contains(&true));
    // "工资福利支出 a，商品和服务支出 b，对个人和家庭的补助 c，资本性支出 d":
    // one item of three or more without any such word, among items that all
    // name the same one, names no other quantity (two quantities
    // interleaved would leave two items or more without it).
    let bare: Vec<usize> = shown
        .iter()
        .copied()
        .filter(|&i| !quantity(i).contains(&true))
        .collect();
    // "本年收入 a，年初结转和结余 b，收入总计 c": the funds carried over are
    // of the total's quantity.
    let own: Vec<usize> = shown
        .iter()
        .copied()
        .filter(|&i| !carried(&how.head, &items[i].fig.label))
        .collect();
    let alike = alike
        || (!how.head.is_empty()
            && own.len() < shown.len()
            && own.iter().all(|&i| quantity(i) == quantity(own[0])));
    let alike = alike
        || (shown.len() >= 3 && bare.len() == 1 && {
            let named: Vec<usize> = shown
                .iter()
                .copied()
                .filter(|i| !bare.contains(i))
                .collect();
            named.iter().all(|&i| quantity(i) == quantity(named[0]))
        });
    // "上述三项资金共 X" after exactly three amounts: the words name every
    // item as the total's, whatever each is called.
    let counted_all = count > 0 && top.len() == count;
    // A noun total ("资金总规模 X") the list falls short of may hold items
    // not listed; above the list's sum it is wrong whatever else it holds.
    // So may one whose bracket right after it says what else it holds
    // ("以上合计 60.0 万元（含预备费）").
    let after = para.text(total.end, s.b);
    let holds_more = ["（含", "(含", "（包括", "(包括", "（包含", "(包含"]
        .iter()
        .any(|w| after.trim_start().starts_with(w));
    let unlisted = (how.noun || holds_more) && computed.value < total.num.value;
    let severity = if (alike || counted_all) && !open_count && !unlisted {
        Severity::Error
    } else {
        Severity::Warning
    };
    let message = format!(
        "「{word}」 {} is not the sum of the amounts before it: {} = {}: 「{}」",
        show(total.num),
        names.join(" + "),
        show(computed),
        para.quote(para.clause_start(first.start).max(s.a), total.end)
    );
    let figs: Vec<&Fig> = shown.iter().map(|&i| items[i].fig).collect();
    total_fail(para, (total, &figs), computed, (severity, message), rec);
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ran, run};
    use super::{CHECK, counted};
    use crate::model::Severity;

    fn sums(text: &str) -> (Vec<(f64, f64)>, u32) {
        let (f, s) = run(text);
        let f: Vec<(f64, f64)> = f
            .iter()
            .filter(|f| f.check == super::CHECK)
            .map(|f| (f.stated, f.computed))
            .collect();
        (f, ran(&s, super::CHECK))
    }

    #[test]
    fn a_total_after_its_items() {
        let (f, n) = sums("本年度项目资金分别为中央资金100万元和省级资金200万元，合计350万元。");
        assert_eq!((f, n), (vec![(350.0, 300.0)], 1));
        let (f, n) =
            sums("资金来源为：省级补助60万元，市级配套30万元，县级配套20万元，共计110万元。");
        assert_eq!((f, n), (vec![], 1));
        let (f, _) =
            sums("资金来源为：省级补助60万元，市级配套30万元，县级配套20万元，共计100万元。");
        assert_eq!(f, vec![(100.0, 110.0)]);
        // Units converted; '、' and 以及 join the items.
        let (f, n) = sums(
            "请求判令被告偿付欠款2,853万元、利息7,788,690元以及违约金1,426,500元，合计37,745,190元。",
        );
        assert_eq!((f, n), (vec![], 1));
    }

    #[test]
    fn a_whole_the_sentence_opens_with() {
        // Restated by the total: the list is what follows it.
        let text = "项目总投资800万元，中央补助500万元，地方配套300万元，合计800万元。";
        assert_eq!(sums(text), (vec![], 1));
        let (f, _) = sums(&text.replace("配套300", "配套200"));
        assert_eq!(f, vec![(800.0, 700.0)]);
        // Named as a whole, not restated: still the list after it.
        let (f, _) = sums("项目总投资800万元，中央补助500万元，地方配套200万元，合计750万元。");
        assert_eq!(f, vec![(750.0, 700.0)]);
    }

    #[test]
    fn what_a_total_does_not_cover() {
        // Parts a 其中 names inside an item.
        let text = "基本支出100万元，其中人员经费50万元；项目支出200万元，合计300万元。";
        assert_eq!(sums(text), (vec![], 1));
        // Asides, changes and shares.
        let text = "人员经费100万元（占40%），比上年增加20万元；公用经费150万元（其中办公费30万元），合计250万元。";
        assert_eq!(sums(text), (vec![], 1));
        // Like amounts: no run adds up by chance.
        let text = "甲10万元，乙10万元，丙10万元，合计20万元。";
        assert_eq!(sums(text).0, vec![(20.0, 30.0)]);
        // A list after a '；' with its own total; a second total.
        let text = "A项目60万元，B项目40万元；C项目30万元，D项目20万元，合计50万元。";
        assert_eq!(sums(text).0, vec![]);
        let text = "甲60万元、乙40万元，合计100万元；丙30万元、丁20万元，合计50万元。";
        assert_eq!(sums(text), (vec![], 2));
        // A counted total takes the last items.
        let text = "年初预算100万元，追加预算20万元，调整预算30万元，两项合计60万元。";
        assert_eq!(sums(text).0, vec![(60.0, 50.0)]);
    }

    #[test]
    fn two_quantities_interleaved_give_a_warning() {
        let text = "中央资金100万元，已到位80万元，省级资金200万元，已到位150万元，合计300万元。";
        let (f, _) = run(text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::model::Severity::Warning);
    }

    #[test]
    fn lists_that_are_not_summed() {
        // Rates: the total is a product.
        let text = "一等奖每人5000元，二等奖每人3000元，合计11万元。";
        assert_eq!(sums(text), (vec![], 0));
        // Approximate items.
        let text = "中央资金约100万元，省级资金200万元，合计350万元。";
        assert_eq!(sums(text), (vec![], 0));
        // A partial list may fall short, never exceed.
        let text = "用于设备购置120万元、人员培训80万元等，合计300万元。";
        assert_eq!(sums(text), (vec![], 1));
        let text = "用于设备购置220万元、人员培训180万元等，合计300万元。";
        assert_eq!(sums(text).0, vec![(300.0, 400.0)]);
        // A total with more words is a different quantity ("共计支出").
        let text = "年初预算100万元，调整预算120万元，共计支出115万元。";
        assert_eq!(sums(text), (vec![], 0));
        // 累计 runs over years before the sentence's.
        let text = "2022年投入200万元，2023年投入100万元，累计投入500万元。";
        assert_eq!(sums(text), (vec![], 0));
        // "各": each of a count, a rate.
        let text = "其中：补助12个村各20万元，共240万元；补助7个社区各20万元，共140万元。";
        assert_eq!(sums(text), (vec![], 0));
        // One amount is no list.
        let text = "安排资金100万元，合计100万元。";
        assert_eq!(sums(text), (vec![], 0));
    }

    #[test]
    fn a_total_that_restates_a_qizhong_whole_is_left_to_text_parts() {
        let (f, _) = run("下达资金100万元，其中A项目60万元，B项目30万元，合计100万元。");
        let checks: Vec<&str> = f.iter().map(|f| f.check.as_str()).collect();
        assert_eq!(checks, vec!["text.parts"], "{f:?}");
    }

    #[test]
    fn a_total_naming_its_items() {
        for (t, computed) in [
            (
                "发放高龄津贴186.40万元、困难残疾人生活补贴214.80万元、重度残疾人护理补贴267.36万元，三项补贴合计668.56万元。",
                668.56,
            ),
            (
                "国内公务接待费2.46万元，外事接待费0.38万元，公务接待费合计2.84万元。",
                2.84,
            ),
            (
                "一季度支出86.20万元，二季度支出124.50万元，三季度支出108.30万元，四季度支出162.40万元，全年合计支出481.40万元。",
                481.4,
            ),
            (
                "2023年投入资金426.00万元，2024年投入资金512.40万元，两年合计投入938.40万元。",
                938.4,
            ),
            (
                "购置办公设备42.30万元、专用设备186.50万元、信息网络及软件购置更新38.20万元，以上合计267.00万元。",
                267.0,
            ),
        ] {
            assert_eq!(sums(t), (vec![], 1), "{t}");
            let wrong = format!("{:.2}", computed + 10.0);
            let at = t.rfind(&format!("{computed:.2}")).unwrap();
            let w = format!("{}{wrong}万元。", &t[..at]);
            let (f, s) = run(&w);
            assert_eq!(ran(&s, super::CHECK), 1, "{w}");
            assert_eq!(f.len(), 1, "{w}: {f:?}");
            assert_eq!(f[0].computed, computed, "{w}");
            assert_eq!(f[0].severity, crate::model::Severity::Error, "{w}");
        }
        // A noun the items do not end with, or a verb they do not name: a
        // total of something else.
        for other in [
            "培训费10万元，会议费5万元，差旅费合计3万元。",
            "年初预算100万元，调整预算120万元，共计支出115万元。",
        ] {
            assert_eq!(sums(other), (vec![], 0), "{other}");
        }
    }

    #[test]
    fn the_first_item_may_carry_the_lists_verb() {
        let (f, _) = run(
            "年度内下达耕地地力保护补贴2,186.40万元、农机购置补贴524.60万元，共计2,701.00万元。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::model::Severity::Error);
        // Two quantities interleaved: a warning.
        let (f, _) = run("中央资金100万元，已到位80万元，合计200万元。");
        assert!(
            f.iter()
                .all(|f| f.severity != crate::model::Severity::Error),
            "{f:?}"
        );
    }

    #[test]
    fn the_list_may_open_in_the_sentence_before() {
        let text = "2022年投入60万元。2023年投入40万元，2024年投入20万元，合计120万元。";
        assert_eq!(sums(text).0, vec![]);
    }

    #[test]
    fn counts_with_an_explicit_total() {
        let (f, s) =
            sums("全局共有执法执勤用车7辆、一般公务用车3辆、特种专业技术用车2辆，共计12辆。");
        assert!(f.is_empty() && s == 1, "{f:?}");
        assert_eq!(
            sums("全局共有执法执勤用车7辆、一般公务用车3辆、特种专业技术用车2辆，共计13辆。").0,
            vec![(13.0, 12.0)]
        );
        // Counts of another measure word are no items: 3 个 beside 人.
        let t = "下属单位3个，年末实有人员分别为42人、18人和16人，共76人。";
        assert_eq!(sums(t), (vec![], 1));
        // Money is not summed into a count, nor a count into money.
        let t = "培训3期，投入资金12万元、8万元，合计20万元，共培训120人。";
        assert_eq!(sums(t), (vec![], 1));
    }

    #[test]
    fn totals_read_with_their_scope() {
        // 以上共计 in a sentence of its own: of the items before.
        let t =
            "今年安排资金如下：一是道路修缮 120 万元；二是绿化提升 80 万元。以上共计 200 万元。";
        assert_eq!(sums(t), (vec![], 1));
        assert_eq!(
            sums(&t.replace("共计 200", "共计 210")).0,
            vec![(210.0, 200.0)]
        );
        // 小计, and 累计 after a count of years.
        let t = "差旅费 3.20 万元、会议费 2.10 万元，小计 5.30 万元。";
        assert_eq!(sums(t), (vec![], 1));
        assert_eq!(
            sums(&t.replace("小计 5.30", "小计 6.30")).0,
            vec![(6.3, 5.3)]
        );
        let t = "三年分别投入 10 万元、20 万元和 30 万元，三年累计投入 60 万元。";
        assert_eq!(sums(t), (vec![], 1));
        assert_eq!(
            sums(&t.replace("累计投入 60", "累计投入 70")).0,
            vec![(70.0, 60.0)]
        );
        // The count of parts 由…三部分构成 gives is no hedge.
        let t = "收入由拨款 50 万元、事业收入 30 万元、其他收入 20 万元三部分构成，合计 100 万元。";
        assert_eq!(sums(t), (vec![], 1));
        assert_eq!(
            sums(&t.replace("合计 100", "合计 90")).0,
            vec![(90.0, 100.0)]
        );
        // Funds carried over add to 收入总计.
        let t = "本年收入 90 万元，年初结转和结余 10 万元，收入总计 100 万元。";
        assert_eq!(sums(t), (vec![], 1));
        let (f, _) = run(&t.replace("总计 100", "总计 110"));
        assert_eq!(f[0].severity, crate::model::Severity::Error);
    }

    #[test]
    fn one_item_named_otherwise_among_like_items() {
        let t =
            "人员支出 50 万元，公用支出 30 万元，补助 10 万元，设备支出 10 万元，共计 110 万元。";
        let (f, _) = run(t);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, crate::model::Severity::Error);
        // Two quantities interleaved: a warning.
        let t =
            "市级资金 50 万元，已到位 40 万元，区级资金 30 万元，已到位 20 万元，合计 100 万元。";
        let (f, _) = run(t);
        assert!(
            f.iter()
                .all(|f| f.severity == crate::model::Severity::Warning)
        );
    }

    #[test]
    fn a_net_change_of_changes_up_and_down() {
        let t = "其中甲收入增加 50.50 万元，乙收入减少 10.20 万元，合计增加 40.30 万元。";
        assert_eq!(sums(t), (vec![], 1));
        assert_eq!(
            sums(&t.replace("合计增加 40.30", "合计增加 60.70")).0,
            vec![(60.7, 40.3)]
        );
        // Parts of one change are no items beside it.
        let t = "甲收入增加 50.50 万元，主要是 A 增加 30.00 万元，乙收入减少 10.20 万元，合计增加 40.30 万元。";
        assert_eq!(sums(t).0, vec![]);
    }

    #[test]
    fn totals_of_a_budget_and_its_outturn() {
        let t = "差旅费预算 3.00 万元，决算 2.40 万元；会议费预算 1.00 万元，决算 0.80 万元；合计预算 4.00 万元，决算 3.20 万元。";
        assert_eq!(sums(t), (vec![], 2));
        assert_eq!(
            sums(&t.replace("决算 3.20", "决算 3.60")).0,
            vec![(3.6, 3.2)]
        );
    }
    #[test]
    fn a_counted_total_of_the_amounts_of_the_sentence_before() {
        let t = "一是人员经费1,624.10万元；二是公用经费238.20万元；三是项目支出1,041.90万元。三项合计2,904.20万元。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.sum") >= 1, "{f:?}");
        let (f, _) = run(&t.replace("合计2,904.20", "合计2,094.20"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 2904.2);
        // The count does not match what the sentence before states: not read.
        let (f, _) =
            run("一是人员经费1,624.10万元；二是公用经费238.20万元。三项合计2,094.20万元。");
        assert!(f.is_empty(), "{f:?}");
        // An amount in brackets or a change before: not read.
        let (f, _) = run(
            "一是人员经费1,624.10万元（上年1,500.00万元）；二是公用经费238.20万元。两项合计2,000.00万元。",
        );
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("人员经费1,624.10万元，比上年增加238.20万元。两项合计2,000.00万元。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_count_before_a_total_of_the_first_items() {
        let t = "工程款1,200.00万元、监理费36.00万元、设计费48.50万元，前两项合计1,263.00万元。";
        assert_eq!(sums(t).0, vec![(1263.0, 1236.0)]);
        assert_eq!(
            sums(&t.replace("前两项合计1,263.00", "后两项合计84.50")),
            (vec![], 1)
        );
    }

    #[test]
    fn a_total_of_a_count_times_its_price() {
        for t in [
            "采购执法记录仪12台，单价0.85万元，合计12.00万元。",
            "购置车辆3辆，单车价格18.60万元，共计58.50万元。",
            "对12个行政村每村补助20万元，合计250万元。",
            "为120名职工发放慰问金，人均0.05万元，合计7.20万元。",
        ] {
            let (f, s) = sums(t);
            assert_eq!((f.len(), s), (1, 1), "{t}");
        }
        // A bound, a price of other things, a price per period: not read.
        for t in [
            "购置车辆3辆，单车价格不超过18.60万元，共计50.00万元。",
            "项目覆盖5个乡镇，对困难群众每人补助500元，合计发放60万元。",
            "为1,260名残疾人发放补贴，每人每月100元，全年共计151.20万元。",
        ] {
            assert!(sums(t).0.is_empty(), "{t}");
        }
    }

    #[test]
    fn totals_named_by_their_template() {
        // The “三公” total of items named before a 分别.
        let t = "因公出国（境）费、公务用车购置及运行维护费、公务接待费分别为0.00万元、5.86万元和1.14万元，“三公”经费合计7.50万元。";
        assert_eq!(sums(t).0, vec![(7.5, 7.0)]);
        // A fund budget's name and a verb are no other quantity.
        let t = "一般公共预算收入12,600万元，上级补助收入8,460万元，上年结转1,240万元，收入总计22,800万元。";
        let (f, _) = run(t);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::model::Severity::Error);
        let t = "基金收入完成218,650万元，上级补助收入12,360万元，收入总计232,010万元。";
        assert_eq!(sums(t), (vec![(232010.0, 231010.0)], 1));
    }

    #[test]
    fn a_count_of_batches_or_kinds_takes_that_many_items() {
        let t =
            "第一批下达1,200万元，第二批下达1,500万元，两批合计2,700万元，剩余资金待验收后拨付。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, CHECK) >= 1, "{f:?}");
        let (f, _) = run(&t.replace("2,700", "2,900"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 2700.0);
        // The last two of three; "三笔" of three.
        let t = "年初预算300万元，第一批追加1,200万元，第二批追加1,500万元，两批合计2,700万元。";
        assert!(run(t).0.is_empty());
        let t = "收回资金三笔：甲100万元、乙200万元、丙50万元，三笔合计350万元。";
        assert!(run(t).0.is_empty());
        assert_eq!(run(&t.replace("合计350", "合计380")).0.len(), 1);
        // A count that is no measure of items: not a count.
        assert_eq!(counted("两批合计"), Some((2, "合计")));
        assert_eq!(counted("两年合计"), None);
        assert_eq!(counted("一项合计"), None);
    }

    #[test]
    fn counted_totals_in_other_words() {
        // 共 after a scope and a count, the noun between ("上述三项资金共"):
        // exactly the three amounts, however each is named (下达, 安排, 统筹).
        let t = "中央财政下达衔接资金1,380万元，省级安排520万元，县级统筹386万元，上述三项资金共2,286万元。";
        assert_eq!(sums(t), (vec![], 1));
        let (f, _) = run(&t.replace("共2,286", "共2,296"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].severity, f[0].computed), (Severity::Error, 2286.0));
        // (A fourth amount: the three may be the first ones.)
        let t = "中央资金1,380万元，省级资金520万元，县级资金386万元，另有社会捐赠50万元，上述三项财政资金共2,286万元。";
        assert_eq!(sums(t), (vec![], 1));
        // 共 in 公共 is no total.
        let t = "中央资金100万元、省级资金50万元，上述两项公共预算支出150万元。";
        assert_eq!(sums(t).1, 0);
        // 累计 after a count of periods (前三季度, 近三年, 前两个季度).
        let t =
            "一至三季度分别支出186.20万元、242.60万元和310.40万元，前三季度累计支出739.20万元。";
        assert_eq!(sums(t), (vec![], 1));
        assert_eq!(
            sums(&t.replace("累计支出739.20", "累计支出793.20")).0,
            vec![(793.2, 739.2)]
        );
        let t = "一季度拨付资金120.00万元，二季度拨付资金180.00万元，前两个季度合计拨付资金330.00万元。";
        assert_eq!(sums(t).0, vec![(330.0, 300.0)]);
        // A cumulative figure of its own: amounts named by no period, fewer
        // periods listed than counted, a count the words do not give.
        for t in [
            "安排A项目100万元、B项目200万元，近两年累计投入350万元。",
            "2023年投入200万元，2024年投入300万元，三年累计投入800万元。",
            "2023年投入200万元，2024年投入300万元，项目实施三年来累计投入850万元。",
        ] {
            assert!(sums(t).0.is_empty(), "{t}");
        }
    }

    #[test]
    fn period_counts() {
        use super::period_count;
        assert_eq!(period_count("前三季度累计"), Some((3, true, "累计")));
        assert_eq!(period_count("近三年累计"), Some((3, false, "累计")));
        assert_eq!(period_count("前两个季度合计"), Some((2, true, "合计")));
        assert_eq!(period_count("近三个月共计"), Some((3, false, "共计")));
        assert_eq!(period_count("三项合计"), None);
        assert_eq!(period_count("三年来累计"), Some((3, false, "来累计")));
    }

    #[test]
    fn totals_in_words_other_than_heji() {
        use crate::model::Severity;
        let severities = |t: &str| -> Vec<Severity> {
            run(t)
                .0
                .iter()
                .filter(|f| f.check == CHECK)
                .map(|f| f.severity)
                .collect()
        };
        // Sum words and scoped noun totals say the amount adds the list.
        for t in [
            "中央资金 2,160 万元、省级资金 840 万元、县级资金 600 万元，三者相加为 3,600 万元。",
            "办公费 12.5 万元、印刷费 3.2 万元、邮电费 1.8 万元，三项费用合起来是 17.5 万元。",
            "甲镇 32 万元、乙镇 45 万元、丙镇 23 万元，汇总为 100 万元。",
            "设备购置费 186,400 元，安装调试费 23,600 元，以上费用总额为 210,000 元。",
            "一至四季度分别支付工程款 312 万元、408 万元、526 万元和 254 万元，全年共支付 1,500 万元。",
        ] {
            assert_eq!(sums(t), (vec![], 1), "{t}");
            let bad = t
                .replacen("为 3,600", "为 3,700", 1)
                .replacen("是 17.5", "是 18.5", 1)
                .replacen("为 100", "为 110", 1)
                .replacen("为 210,000", "为 220,000", 1)
                .replacen("支付 1,500", "支付 1,600", 1);
            assert_eq!(severities(&bad), vec![Severity::Error], "{bad}");
        }
        // A noun total with its noun in the list's words: above the sum an
        // error, below it a warning (it may hold items not listed).
        let t = "累计培训干部 1,260 人次、农民 2,480 人次、人才 910 人次，培训总量达 4,650 人次。";
        assert_eq!(sums(t), (vec![], 1));
        assert_eq!(
            severities(&t.replace("4,650", "4,750")),
            vec![Severity::Warning]
        );
        assert_eq!(
            severities(&t.replace("4,650", "4,550")),
            vec![Severity::Error]
        );
        // Not a total of the list: another quantity (总投资, 预算总额), a
        // count in another measure (人 beside 人次), 共有 of something else.
        for t in [
            "中央补助资金 500 万元、省级配套资金 300 万元，项目总投资 1,000 万元。",
            "已拨付中央资金 120 万元、省级资金 80 万元，项目预算总额 260 万元。",
            "培训干部 1,260 人次、农民 2,480 人次，培训总人数达 3,100 人。",
            "建成站点 12 个、服务中心 3 个，共有工作人员 45 人。",
            "A、B 两个项目投资总额分别为 300 万元和 500 万元。",
            "中央资金 500 万元、省级资金 300 万元，与市县资金相加为 1,000 万元。",
        ] {
            assert!(severities(t).is_empty(), "{t}");
        }
    }
}
