//! `text.share`: shares of a whole.
//! - Named: "A a 万元，占 … X 万元的 y%" — y = a / X.
//! - Listed, the whole not named in the sentence ("一般公共服务支出 a 万元，占
//!   x%；社会保障和就业支出 b 万元，占 y%；…"): the whole is the amount that
//!   introduces the list (…X 万元，其中： / 主要用于： / 包括 …), or the sum of
//!   the listed items when the listed shares add up to about 100%, or —
//!   whatever they add up to — when the items are the 三公经费's three
//!   (因公出国（境）费, 公务用车购置及运行费, 公务接待费). Shares may name
//!   their whole without its amount ("占“三公”经费的 y%"), all the same one.
//!   A share that names its whole without its amount and has no whole
//!   nearer ("…，占本年支出合计的 99.94%") is of the amount the document's
//!   prose states for that whole, when every statement of it agrees.
//!   A share that fits none is an `error`. Failing those, the first amount the
//!   section states is taken for the whole, and a share that does not fit it
//!   is a `warning` (the whole was not named).

use super::Sentence;
use super::sentence::{
    Fig, LIST_LEADS, Para, clean_label, compare_percent, has_any, label_start, last_digit_slip,
    quantity, squeeze, without_joiner,
};
use crate::audit::num::{self, Num};
use crate::audit::{Recorder, finding, show};
use crate::model::{Operand, Severity};

/// An amount a list of shares may be of, kept beyond its sentence.
#[derive(Clone)]
pub(super) struct Lead {
    operand: Operand,
    num: Num,
    unit: Option<String>,
}

impl Lead {
    /// The amount counted in `unit` (see `Fig::num_in`).
    fn num_in(&self, unit: Option<&str>) -> Option<Num> {
        super::sentence::in_unit(self.num, self.unit.as_deref(), unit)
    }

    fn of(para: &Para, f: &Fig) -> Lead {
        Lead {
            operand: para.operand(f),
            num: f.num,
            unit: f.f.unit.clone(),
        }
    }
}

/// What the shares of a section body may be of, carried from sentence to
/// sentence.
#[derive(Default)]
pub(super) struct Wholes {
    /// The first money amount the body states: the whole when nothing
    /// nearer introduces a list.
    first: Option<Lead>,
    /// The amount that introduced the last list ("合计 X 万元，其中：A a 万元，
    /// 占 y%。"), while each sentence after it is items of that list and
    /// nothing else ("B b 万元，占 z%。", one per paragraph).
    open: Option<Lead>,
}

/// One body's prose: its section and its paragraphs (`None` where a table
/// stands).
pub(super) type Body<'d> = (Option<&'d str>, Vec<Option<&'d crate::model::Paragraph>>);

/// Every money level the document's prose states, with its words: the
/// whole a share names without its amount ("…，占本年支出合计的 99.94%") is
/// looked up here when its own sentence and section do not state it.
/// Built on the first lookup (most documents never make one), and found by
/// the last characters of its words, so a lookup reads a handful of
/// statements, not all of them (a document of a million amounts stays
/// linear).
pub(super) struct Levels<'d> {
    bodies: &'d [Body<'d>],
    index: std::cell::OnceCell<Index>,
}

#[derive(Default)]
struct Index {
    levels: Vec<(String, Lead)>,
    /// Index in `levels` by the last 2, 3 and 4 characters of the words.
    by_end: std::collections::HashMap<String, Vec<usize>>,
}

/// The longest word end indexed.
const END_CHARS: usize = 4;
/// A quantity stated more often than this has no one amount to look up.
const MAX_STATEMENTS: usize = 64;
/// A document whose prose states more money amounts than this (a report
/// states a few thousand) gets no lookups: the index would hold hundreds of
/// megabytes at `limits::MAX_FIGURES`.
const MAX_LEVELS: usize = 20_000;

fn last_chars(s: &str, n: usize) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    (chars.len() >= n).then(|| chars[chars.len() - n..].iter().collect())
}

impl<'d> Levels<'d> {
    pub(super) fn new(bodies: &'d [Body<'d>]) -> Levels<'d> {
        Levels {
            bodies,
            index: std::cell::OnceCell::new(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut out = Index::default();
            for (section, items) in self.bodies {
                for passage in super::sentence::passages(items.iter().copied()) {
                    let para = Para::new(&passage, *section);
                    for f in super::sentence::place(&para)
                        .iter()
                        .filter(|f| f.is_level())
                    {
                        let words = quantity(&f.label);
                        for n in 2..=END_CHARS {
                            if let Some(end) = last_chars(&words, n) {
                                out.by_end.entry(end).or_default().push(out.levels.len());
                            }
                        }
                        out.levels.push((words, Lead::of(&para, f)));
                        if out.levels.len() > MAX_LEVELS {
                            return Index::default();
                        }
                    }
                }
            }
            out
        })
    }

    /// The amount the document states for the quantity `noun` names, when
    /// every statement of it agrees (at two decimals) and in `unit`.
    fn of(&self, noun: &str, unit: Option<&str>) -> Option<&Lead> {
        let noun = quantity(noun);
        let n = noun.chars().count().min(END_CHARS);
        let index = self.index();
        let candidates = index.by_end.get(&last_chars(&noun, n.max(2))?)?;
        if candidates.len() > MAX_STATEMENTS {
            return None;
        }
        let mut found = candidates
            .iter()
            .map(|&k| &index.levels[k])
            .filter(|(words, l)| l.unit.as_deref() == unit && words.ends_with(noun.as_str()))
            .map(|(_, l)| l);
        let first = found.next()?;
        let same = |l: &&Lead| (l.num.value - first.num.value).abs() < 0.005;
        found.all(|l| same(&l)).then_some(first)
    }
}

pub(super) fn check(
    para: &Para,
    s: &Sentence,
    wholes: &mut Wholes,
    levels: &Levels<'_>,
    rec: &mut Recorder,
) {
    named(para, s, rec);
    wholes.open = listed(para, s, wholes, levels, rec);
    if wholes.first.is_none()
        && let Some(f) = s.figs.iter().find(|f| f.is_level())
    {
        wholes.first = Some(Lead::of(para, f));
    }
}

/// shares: "A a 万元，占总预算 X 万元的 y%".
fn named(para: &Para, s: &Sentence, rec: &mut Recorder) {
    let (a, b, sf) = (s.a, s.b, &s.figs[..]);
    for (i, pct) in sf.iter().enumerate() {
        if !pct.is_percent() || i < 2 {
            continue;
        }
        let whole = sf[i - 1];
        if !whole.is_amount() {
            continue;
        }
        let Some(part) = part_before(para, sf, i - 2) else {
            continue;
        };
        // "占全年“三公”经费（8.50 万元）的 y%": the whole's amount in brackets
        // after its words, which stand before the bracket.
        let bracket = whole.start.checked_sub(1).filter(|&o| {
            whole.label.is_empty() && o >= part.end && matches!(para.chars[o], '（' | '(')
        });
        let words = match bracket {
            Some(o) => clean_label(&para.text(label_start(&para.chars, part.end, o), o)),
            None => whole.label.clone(),
        };
        let between = squeeze(&para.text(whole.end, pct.start));
        let between = match between.strip_prefix(['）', ')']) {
            Some(rest) if bracket.is_some() => rest.to_string(),
            _ => between,
        };
        if !ratio_words(&between).is_empty() {
            continue;
        }
        // "占" opens the words before the whole, within a short clause.
        let Some(k) = words.rfind('占') else {
            continue;
        };
        if words[k..].chars().count() > 16 {
            continue;
        }
        // "a 和 b，分别占 W X 的 y% 和 z%": the amounts before are paired
        // with the shares in order (`respectively`), not the nearest one.
        if words[..k].ends_with("分别") {
            continue;
        }
        if !part.is_amount() || part.unit() != whole.unit() {
            continue;
        }
        // The part is the nearest figure before 占, in the same sentence.
        let Some(share) = part.num.percent_of(whole.num) else {
            continue;
        };
        let share = Num {
            decimals: 2,
            ..share
        };
        let check = "text.share";
        let quote = para.quote(part.start.max(a), pct.end.min(b));
        compare_percent(
            rec,
            check,
            pct.num,
            share,
            Severity::Error,
            |c, sev, note| {
                finding(
                    check,
                    sev,
                    pct.num,
                    c,
                    Some("%".into()),
                    format!(
                        "share {}% is not {} / {} = {:.2}%{note}: 「{}」",
                        show(pct.num),
                        show(part.num),
                        show(whole.num),
                        share.value,
                        quote
                    ),
                    para.location(pct.start),
                    vec![para.operand(part), para.operand(whole)],
                )
            },
        );
    }
}

/// The part of a named share whose whole stands at `k + 1`: the figure at
/// `k`, or — when that is the share before it in a chain of shares of one
/// part ("项目支出 a 万元，占总支出 X 万元的 x%，占财政拨款支出 Y 万元的 y%")
/// — that share's part. A chain link is a share (占…的 x%, its whole named
/// with or without its amount) that follows its part, or the share before
/// it, after a comma alone. Reports chain two or three shares; a walk back
/// over more than eight links is given up, so that a paragraph made of one
/// long chain costs linear time, not the square of its shares.
fn part_before<'s, 'a>(para: &Para, sf: &[&'s Fig<'a>], mut k: usize) -> Option<&'s Fig<'a>> {
    for _ in 0..=8 {
        let f = sf[k];
        if !f.is_percent() {
            return Some(f);
        }
        // A share of the chain: "占 [whole words] 的 x%" or "占 X 万元的 x%".
        let (whole_words, open) = if named_whole(&f.label).is_some() {
            (String::new(), f.start)
        } else {
            let w = sf.get(k.checked_sub(1)?)?;
            if !w.is_amount() || !ratio_words(&squeeze(&para.text(w.end, f.start))).is_empty() {
                return None;
            }
            (w.label.clone(), w.start)
        };
        if !whole_words.is_empty()
            && whole_words
                .rfind('占')
                .is_none_or(|at| whole_words[at..].chars().count() > 16)
        {
            return None;
        }
        let j = if whole_words.is_empty() { k } else { k - 1 };
        let before = sf.get(j.checked_sub(1)?)?;
        // Only a comma between the link and what it follows.
        let words = squeeze(&para.masked_text(before.end, open));
        let lead = words.split('占').next().unwrap_or("");
        if !matches!(lead, "，" | ",") {
            return None;
        }
        k = j - 1;
    }
    None
}

/// "…，占 y%" with no amount for its whole: 占, 占比, 所占比重, or the
/// whole named without its amount ("占“三公”经费的 y%": a list's items then
/// all name the same whole, see `judge`).
fn unnamed_share(f: &Fig) -> bool {
    f.is_percent()
        && (matches!(
            f.label.as_str(),
            "占" | "占比" | "占比重" | "所占比重" | "所占比例" | "占比例"
        ) || named_whole(&f.label).is_some()
            || short_ratio(&f.label))
}

/// "药占比 y%", "其占比 y%": a word or two naming the item, then 占比 — the
/// item's share of the whole the list is of. (A longer subject, "人员经费
/// 占比", may name a whole of its own: not read.)
fn short_ratio(label: &str) -> bool {
    label
        .strip_suffix("占比")
        .is_some_and(|w| (1..=2).contains(&w.chars().count()) && !w.contains(['，', ',', '；']))
}

/// "A a 万元和 B b 万元，分别占 W 的 x% 和 y%" at the start of `figs`: the
/// number of amounts (two or more), followed by as many shares, the first
/// saying 分别占, the others joined by 和/、/与 alone, all in one clause run
/// (no '；' or '。' between).
/// The whole may stand in the 分别占 clause with its amount ("分别占本年支出
/// 2,647.20 万元的 x% 和 y%"): returned too, the shares then follow it.
fn respectively<'f, 'a>(para: &Para, figs: &[&'f Fig<'a>]) -> Option<(usize, Option<&'f Fig<'a>>)> {
    let mut n = figs.iter().take_while(|f| f.is_level()).count();
    let mut whole = None;
    if n >= 3 && figs[n - 1].label.starts_with("分别占") {
        n -= 1;
        whole = Some(figs[n]);
    }
    let at = n + usize::from(whole.is_some());
    let first = figs.get(at)?;
    let says = whole.is_some() || first.label.starts_with("分别占");
    if n < 2 || figs.len() < at + n || !first.is_percent() || !says {
        return None;
    }
    let between = |a: &Fig, b: &Fig| squeeze(&para.masked_text(a.end, b.start));
    let joined = |a: &Fig, b: &Fig| !between(a, b).contains(['；', ';', '。']);
    let shares = &figs[at..at + n];
    let only_joined = shares.windows(2).all(|w| {
        let words = between(w[0], w[1]);
        w[1].is_percent() && (without_joiner(&words).is_empty() || matches!(&*words, "，" | ","))
    });
    (only_joined && figs[..=at].windows(2).all(|w| joined(w[0], w[1]))).then_some((n, whole))
}

/// Nouns that name a share itself ("占…的比重为 y%").
const RATIO_NOUNS: [&str; 3] = ["比重", "比例", "份额"];

/// The words between a share's whole and its percent, less what only says
/// "the share is": "的", "的比重为", "的比例是", "的份额达" → "". What is left
/// names something else.
fn ratio_words(s: &str) -> &str {
    let s = s.strip_prefix('的').unwrap_or(s);
    let s = RATIO_NOUNS
        .iter()
        .find_map(|w| s.strip_prefix(w))
        .unwrap_or(s);
    ["为", "是", "达到", "达"]
        .iter()
        .find_map(|w| s.strip_prefix(w))
        .unwrap_or(s)
}

/// The whole a share names without its amount: "占“三公”经费的" → "“三公”经费",
/// also "占“三公”经费的比重为". Not a budget ("占全年预算的 95%" is a spending
/// rate, `text.rate`'s).
fn named_whole(label: &str) -> Option<String> {
    let label = label.strip_prefix("分别").unwrap_or(label);
    let noun = label.strip_prefix('占')?;
    // Read as a level's words are ("本年支出合计的比重" → "本年支出").
    let noun = RATIO_NOUNS
        .iter()
        .find_map(|w| noun.strip_suffix(w)?.strip_suffix('的'))
        .map_or_else(|| noun.to_string(), super::sentence::clean_label);
    let n = noun.chars().count();
    (!super::rates::names_budget(&noun)
        && (2..=14).contains(&n)
        && !noun
            .chars()
            .any(|c| c.is_ascii_digit() || "，,；;。".contains(c)))
    .then_some(noun)
}

/// A level's words state the whole a share names: "“三公”经费支出" states
/// "“三公”经费" (quotes and stage words aside).
fn states(label: &str, noun: &str) -> bool {
    let plain = |t: &str| -> String {
        quantity(t)
            .chars()
            .filter(|c| !"“”\"‘’'《》".contains(*c))
            .collect()
    };
    let noun = plain(noun);
    noun.chars().count() >= 2 && plain(label).contains(noun.as_str())
}

/// The items are the three parts of the 三公经费 — 因公出国（境）费,
/// 公务用车购置及运行费, 公务接待费 — each once: their sum is the 三公经费 by
/// definition, whether or not the text states it.
fn sangong_parts(items: &[(&Fig, &Fig)]) -> bool {
    let mut parts: Vec<Option<&str>> = items
        .iter()
        .map(|(f, _)| crate::audit::disclosure::facts::sangong_item(&f.label))
        .collect();
    parts.sort();
    parts
        == [
            Some("公务接待费"),
            Some("公务用车购置及运行费"),
            Some("因公出国（境）费"),
        ]
}

/// The whole the template defines as the sum of the items: the 三公经费 (its
/// three items), when the shares name it or no whole at all; 基本支出
/// (人员经费 and 公用经费), when they name it. Shares of another named whole
/// ("占总支出的") are not of it.
fn template_whole(items: &[(&Fig, &Fig)], named: Option<&str>) -> Option<&'static str> {
    let of = |whole: &str| named.is_none_or(|n| n.contains(whole));
    if sangong_parts(items) && of("三公") {
        return Some("the 三公经费, the sum of its three items");
    }
    // (Shares of 人员经费 and 公用经费 naming no whole may be of all spending.)
    let has = |word: &str| items.iter().filter(|(f, _)| f.label.contains(word)).count() == 1;
    let named_basic = named.is_some_and(|n| n.contains("基本支出"));
    (items.len() == 2 && has("人员经费") && has("公用经费") && named_basic)
        .then_some("基本支出, the sum of 人员经费 and 公用经费")
}

/// Words between a whole and its list that say the list breaks it down.
const INTRODUCERS: [&str; 8] = [
    "其中",
    "主要用于",
    "用于",
    "包括",
    "分别",
    "具体",
    "构成",
    "：",
];

/// One list of shares: items (amount, share) and what introduced them.
struct List<'s, 'a> {
    lead: Option<&'s Fig<'a>>,
    /// Other amounts the list may break down, nearest first (a sentence
    /// opening with 其中 after a sentence of several levels): one is taken
    /// only when `lead` cannot be the whole and a share fits it.
    alts: Vec<&'s Fig<'a>>,
    items: Vec<(&'s Fig<'a>, &'s Fig<'a>)>,
}

/// A sentence's figures by bracket depth: a bracket holds details of the
/// amount before it ("事业收入 a 万元（其中教育事业收入 b 万元、…），占 y%":
/// the share is of a, not of b; "比上年增加 d 万元（上年 c 万元），其中 A …":
/// c introduces nothing). Returns the figures outside any bracket — with a
/// bracket that holds one share alone ("A a 万元（占 y%）"), which is the
/// share of the amount before it — and each other bracket's run of figures
/// with the outside figure before it.
type Layer<'s, 'a> = (Option<&'s Fig<'a>>, Vec<&'s Fig<'a>>);

fn layers<'s, 'a>(para: &Para, from: usize, figs: &[&'s Fig<'a>]) -> Vec<Layer<'s, 'a>> {
    let starts: Vec<usize> = figs.iter().map(|f| f.start).collect();
    let depths = para.bracket_depths(from, &starts);
    let base = depths.iter().copied().min().unwrap_or(0);
    let mut outer: Vec<&Fig> = Vec::new();
    let mut inner: Vec<Layer> = Vec::new();
    let mut i = 0;
    while i < figs.len() {
        if depths[i] == base {
            outer.push(figs[i]);
            i += 1;
            continue;
        }
        let run_end = (i..figs.len())
            .find(|&k| depths[k] == base)
            .unwrap_or(figs.len());
        let run = &figs[i..run_end];
        if let [one] = run
            && unnamed_share(one)
        {
            outer.push(one);
        } else {
            inner.push((outer.last().copied(), run.to_vec()));
        }
        i = run_end;
    }
    let mut out = vec![(None, outer)];
    out.extend(inner);
    out
}

/// Shares listed without their whole.
/// Returns the list whole still open after this sentence.
fn listed(
    para: &Para,
    s: &Sentence,
    wholes: &Wholes,
    levels: &Levels<'_>,
    rec: &mut Recorder,
) -> Option<Lead> {
    let sf = &s.figs[..];
    let layers = layers(para, s.a, sf);
    let outer_len = layers[0].1.len();
    let mut lists: Vec<List> = Vec::new();
    for (before, seq) in &layers {
        scan(para, s, *before, seq, &mut lists);
    }
    // A sentence of items alone goes on with the list a sentence before
    // introduced.
    let only_items = matches!(&lists[..], [l] if l.lead.is_none() && 2 * l.items.len() == outer_len && layers.len() == 1);
    // (Not a share that names its whole: it says which it is of.)
    let carried = wholes.open.as_ref().filter(|_| {
        only_items
            && lists[0]
                .items
                .iter()
                .all(|(_, g)| named_whole(&g.label).is_none())
    });
    for l in &lists {
        judge(para, s, l, wholes.first.as_ref(), carried, levels, rec);
    }
    match lists.iter().rev().find_map(|l| l.lead) {
        Some(w) => Some(Lead::of(para, w)),
        None => carried.cloned(),
    }
}

/// The lists of shares in one run of figures at one bracket depth; `before`
/// is the amount a bracketed run details.
fn scan<'s, 'a>(
    para: &Para,
    s: &Sentence<'s, 'a>,
    before: Option<&'s Fig<'a>>,
    sf: &[&'s Fig<'a>],
    lists: &mut Vec<List<'s, 'a>>,
) {
    let first_list = lists.len();
    // The levels since the last list, last first: a list is introduced by
    // the last one in its items' measure ("资金 a 万元；其中，重点项目 5 个，
    // 涉及资金 b 万元，占 y%": a, not 5 个).
    let mut pending: Vec<&Fig> = before
        .filter(|f| f.is_measured_level())
        .into_iter()
        .collect();
    let mut i = 0;
    // The amount before `f`, in this sentence or the one before, whose words
    // state the whole a share names ("占“三公”经费的").
    let stating = |noun: String, f: &Fig| {
        s.figs
            .iter()
            .filter(|x| x.end <= f.start)
            .rev()
            .chain(s.prev.iter().rev())
            .find(|x| x.is_measured_level() && states(&x.label, &noun))
            .copied()
    };
    while i < sf.len() {
        let f = sf[i];
        // "A a 万元和 B b 万元，分别占 W 的 x% 和 y%": the n amounts with the
        // n shares, in order.
        if let Some((n, whole)) = respectively(para, &sf[i..]) {
            let at = i + n + usize::from(whole.is_some());
            let lead =
                whole.or_else(|| named_whole(&sf[at].label).and_then(|noun| stating(noun, f)));
            lists.push(List {
                lead,
                alts: Vec::new(),
                items: (0..n).map(|k| (sf[i + k], sf[at + k])).collect(),
            });
            pending.clear();
            i = at + n;
            continue;
        }
        let share = sf.get(i + 1).filter(|g| {
            unnamed_share(g) && !para.masked_text(f.end, g.start).contains(['；', ';', '。'])
        });
        match share {
            Some(g) if f.is_measure() => {
                // A share that names its whole, when a share before it
                // names another or none ("…，占政府采购支出总额的 x%，其中
                // B b 万元，占授予中小企业合同金额的 y%"; "其中 A a 万元，占
                // x%；B b 万元，占 A 的 y%"), opens a list of its own.
                let same_whole = |l: &List| {
                    let mine = named_whole(&g.label);
                    mine.is_none() || l.items.iter().all(|(_, h)| named_whole(&h.label) == mine)
                };
                let ours = lists.len() > first_list;
                match lists.last_mut() {
                    Some(l) if pending.is_empty() && ours && same_whole(l) => l.items.push((f, g)),
                    _ => {
                        // A new list: introduced by the pending level when
                        // the words between say so; or, when the sentence
                        // opens with 其中 or (主要)包括, by the last amount
                        // before it.
                        // A share that names its whole ("占“三公”经费的 y%")
                        // is of the amount with those words, when the
                        // sentence states one before the list; else of the
                        // amount that introduces it.
                        let named = named_whole(&g.label).and_then(|noun| stating(noun, f));
                        let mut alts = Vec::new();
                        let unit = f.unit();
                        let pending_lead = pending
                            .iter()
                            .rev()
                            .find(|p| p.num_in(unit).is_some())
                            .copied();
                        let lead = match pending_lead {
                            _ if named.is_some() => named,
                            Some(p) => {
                                // (…or "基本支出 X 万元中，A a 万元，占 y%".)
                                let words = para.text(p.end, f.start);
                                // A share that names a whole the amount's
                                // words do not state is of another
                                // ("占全市教育支出的 y%").
                                ((has_any(&words, &INTRODUCERS)
                                    || words.trim_start().starts_with('中'))
                                    && named_whole(&g.label).is_none_or(|n| states(&p.label, &n)))
                                .then_some(p)
                            }
                            None if before.is_none() => {
                                let words = para.text(s.a, f.start);
                                let w = words.trim_start();
                                let w = LIST_LEADS
                                    .iter()
                                    .find_map(|l| w.strip_prefix(l))
                                    .unwrap_or(w);
                                let opens = w.starts_with("其中") || w.starts_with("包括");
                                if opens && named_whole(&g.label).is_none() {
                                    let mut prev =
                                        s.prev.iter().rev().filter(|x| x.is_measured_level());
                                    let lead = prev.next().copied();
                                    alts = prev.copied().collect();
                                    lead
                                } else {
                                    None
                                }
                            }
                            None => None,
                        };
                        lists.push(List {
                            lead,
                            alts,
                            items: vec![(f, g)],
                        });
                        pending.clear();
                    }
                }
                i += 2;
            }
            _ => {
                if f.is_measured_level() {
                    pending.push(f);
                }
                i += 1;
            }
        }
    }
}

fn judge(
    para: &Para,
    s: &Sentence,
    l: &List,
    section_lead: Option<&Lead>,
    carried: Option<&Lead>,
    levels: &Levels<'_>,
    rec: &mut Recorder,
) {
    // Every item in the first one's unit (a list may mix 万元 and 亿元).
    let unit = l.items[0].0.unit();
    let Some(amounts) = l
        .items
        .iter()
        .map(|(f, _)| f.num_in(unit))
        .collect::<Option<Vec<Num>>>()
    else {
        return;
    };
    // Shares that name their whole must all name the same one; a share
    // that names none ("…，占 16.19%") is of the whole the list names.
    let named: Vec<String> = l
        .items
        .iter()
        .filter_map(|(_, g)| named_whole(&g.label))
        .collect();
    if named.iter().any(|n| *n != named[0]) {
        return;
    }
    let first = named.first().cloned();
    let parts = num::sum(amounts.iter().copied());
    let shares = num::sum(l.items.iter().map(|(_, g)| g.num));
    // "About 100%": within one point, so one wrong share still counts.
    let about_100 = l.items.len() >= 2 && shares.lo - 1.0 <= 100.0 && 100.0 <= shares.hi + 1.0;
    // The wholes the shares may be of, each with how it was found.
    let mut wholes: Vec<(Num, Vec<Operand>, &str, Severity)> = Vec::new();
    // A share fits `w` exactly (its amount not zero: 0 is 0% of anything),
    // and at most one does not.
    let corroborated = |w: Num| {
        let fit = |a: &Num, g: &Fig| {
            a.percent_of(w)
                .is_some_and(|x| Num { decimals: 2, ..x }.consistent(g.num))
        };
        let pairs = || l.items.iter().zip(&amounts);
        pairs().any(|((_, g), a)| !a.is_zero() && fit(a, g))
            && pairs().filter(|((_, g), a)| !fit(a, g)).count() <= 1
    };
    // The amount that introduces the list is at least the sum of its items;
    // or, when the items may overlap ("民生支出 a，占 x%；“三保”支出 b，占
    // y%"), at least each of them, with shares that fit it to say so (all
    // but one). One of the other amounts the list may break down only with
    // such shares.
    let whole_of = |n: Num| {
        at_least(n, parts)
            || (l.items.len() >= 2 && amounts.iter().all(|&a| at_least(n, a)) && corroborated(n))
    };
    let lead = l.lead.and_then(|w| Some((w, w.num_in(unit)?)));
    let lead = lead.filter(|&(_, n)| whole_of(n)).or_else(|| {
        l.alts
            .iter()
            .filter_map(|w| Some((*w, w.num_in(unit)?)))
            .find(|&(_, n)| whole_of(n) && corroborated(n))
    });
    if let Some((w, n)) = lead {
        wholes.push((
            n,
            vec![para.operand(w)],
            "the amount that introduces the list",
            Severity::Error,
        ));
    }
    if let Some((w, n)) = carried
        .and_then(|w| Some((w, w.num_in(unit)?)))
        .filter(|&(_, n)| at_least(n, parts))
    {
        wholes.push((
            n,
            vec![w.operand.clone()],
            "the amount that introduces the list (in a sentence before)",
            Severity::Error,
        ));
    }
    if let Some(how) = template_whole(&l.items, first.as_deref()) {
        let ops = l.items.iter().map(|(f, _)| para.operand(f)).collect();
        wholes.push((parts, ops, how, Severity::Error));
    } else if about_100 {
        let ops = l.items.iter().map(|(f, _)| para.operand(f)).collect();
        wholes.push((parts, ops, "the sum of the listed items", Severity::Error));
    } else if l.items.len() >= 3 && all_but_one_fit(&l.items, &amounts, parts) {
        // One share off by more than a point: every other share is exactly
        // its amount over the items' sum, which no other whole could give.
        let ops = l.items.iter().map(|(f, _)| para.operand(f)).collect();
        wholes.push((
            parts,
            ops,
            "the sum of the listed items (every other share fits it)",
            Severity::Error,
        ));
    }
    // "A a，占 x%；B b，占 y%。收入预算合计 W。": a total stated right after
    // the list (after its last item, or in the next sentence) that the
    // items add up to, and that the shares fit but one.
    if wholes.is_empty()
        && l.items.len() >= 2
        && first.is_none()
        && let Some((w, n)) = total_after(para, s, l, unit)
            .filter(|&(_, n)| at_least(n, parts) && at_least(parts, n) && corroborated(n))
    {
        wholes.push((
            n,
            vec![para.operand(&w)],
            "the total stated after the list, which its items add up to",
            Severity::Error,
        ));
    }
    // A whole named without its amount ("占本年支出合计的 y%"): the amount
    // the document states for it elsewhere.
    if wholes.is_empty()
        && let Some(noun) = first
        && let Some(w) = levels.of(&noun, unit).filter(|w| at_least(w.num, parts))
    {
        wholes.push((
            w.num,
            vec![w.operand.clone()],
            "the amount the document states for it",
            Severity::Error,
        ));
    }
    if wholes.is_empty()
        && l.items.len() >= 2
        && let Some((w, n)) = section_lead
            .and_then(|w| Some((w, w.num_in(unit)?)))
            .filter(|&(_, n)| at_least(n, parts))
    {
        wholes.push((
            n,
            vec![w.operand.clone()],
            "the first amount of the section (the list names no whole)",
            Severity::Warning,
        ));
    }
    if wholes.is_empty() {
        return;
    }
    // A whole taken from afar must fit at least one of the shares.
    let fits = |a: Num, g: &Fig, w: &Num| {
        a.percent_of(*w)
            .map(|x| Num { decimals: 2, ..x }.consistent(g.num))
    };
    if wholes[0].3 == Severity::Warning
        && !l
            .items
            .iter()
            .zip(&amounts)
            .any(|((_, g), &a)| fits(a, g, &wholes[0].0) == Some(true))
    {
        return;
    }
    let check = "text.share";
    // Shares that all fit one whole far from this one (more than 1 % off)
    // were taken of another amount: say which.
    let elsewhere = one_other_whole(&l.items, &amounts)
        .filter(|w| (w - wholes[0].0.value).abs() > 0.01 * wholes[0].0.value.abs())
        .map(|w| {
            format!(" (every share fits one whole of ≈ {w:.2}: they are shares of another amount)")
        })
        .unwrap_or_default();
    for (&(f, g), &a) in l.items.iter().zip(&amounts) {
        let results: Vec<Option<bool>> = wholes.iter().map(|(w, ..)| fits(a, g, w)).collect();
        if results.iter().all(Option::is_none) {
            continue;
        }
        if results.contains(&Some(true)) {
            rec.pass(check);
            continue;
        }
        let (w, w_ops, how, severity) = &wholes[0];
        let Some(computed) = a.percent_of(*w) else {
            continue;
        };
        let (severity, note) = if last_digit_slip(
            g.num,
            Num {
                decimals: 2,
                ..computed
            },
        ) {
            (
                Severity::Warning,
                " (one unit in the last decimal: rounded differently, or adjusted to add up)",
            )
        } else {
            (*severity, "")
        };
        let computed = computed.value;
        let mut operands = vec![para.operand(f)];
        operands.extend(w_ops.iter().cloned());
        let also = if wholes.len() > 1 {
            format!(
                " (nor of {}, {})",
                wholes[1].2,
                show(Num {
                    decimals: wholes[1].0.decimals,
                    ..wholes[1].0
                })
            )
        } else {
            String::new()
        };
        rec.fail(finding(
            check,
            severity,
            g.num,
            num::round(computed, 2),
            Some("%".into()),
            format!(
                "share {}% of 「{}」 {} is not its share of {} {} = {:.2}%{also}{note}{elsewhere}: 「{}」",
                show(g.num),
                f.label,
                show(a),
                how,
                show(Num {
                    decimals: w.decimals.min(2),
                    ..*w
                }),
                computed,
                para.quote(f.start.max(s.a), g.end.min(s.b))
            ),
            para.location(g.start),
            operands,
        ));
    }
}

/// The one total (合计 / 总计 / 共计 / 总额) stated after the list's last
/// item, in its sentence or the next, in the items' unit.
fn total_after<'a>(
    para: &Para<'a>,
    s: &Sentence,
    l: &List,
    unit: Option<&str>,
) -> Option<(Fig<'a>, Num)> {
    let last = l.items.last()?.1;
    let end = super::sentence::next_sentence(para, s.b).map_or(s.b, |(_, b)| b);
    let totals: Vec<(Fig, Num)> = super::sentence::figs_between(para, last.end, end)
        .into_iter()
        .filter(|f| {
            // (The words as written: a level's label drops 合计.)
            let words = para.text(para.clause_start(f.start), f.start);
            f.is_level() && has_any(&words, &["合计", "总计", "共计", "总额"])
        })
        .filter_map(|f| {
            let n = f.num_in(unit)?;
            Some((f, n))
        })
        .collect();
    match <[_; 1]>::try_from(totals) {
        Ok([t]) => Some(t),
        Err(_) => None,
    }
}

/// Does every share but one fit its amount over `whole`, two of them at
/// least with an amount that is not zero (0 is 0% of any whole: no evidence)?
fn all_but_one_fit(items: &[(&Fig, &Fig)], amounts: &[Num], whole: Num) -> bool {
    let (mut misfits, mut evidence) = (0, 0);
    for ((_, g), a) in items.iter().zip(amounts) {
        let fits = a
            .percent_of(whole)
            .is_some_and(|x| Num { decimals: 2, ..x }.consistent(g.num));
        if !fits {
            misfits += 1;
        } else if !a.is_zero() {
            evidence += 1;
        }
    }
    misfits == 1 && evidence >= 2
}

/// The one whole every item's share fits (each amount over its share, at
/// the decimals written, must allow it), when there are two items or more.
fn one_other_whole(items: &[(&Fig, &Fig)], amounts: &[Num]) -> Option<f64> {
    let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
    for ((_, g), a) in items.iter().zip(amounts) {
        // a / (y / 100), which is what percent_of computes: a / y × 100.
        let whole = a.percent_of(g.num)?;
        lo = lo.max(whole.lo);
        hi = hi.min(whole.hi);
    }
    (items.len() >= 2 && lo <= hi).then_some((lo + hi) / 2.0)
}

/// Rounding-aware "a is at least b".
fn at_least(a: Num, b: Num) -> bool {
    super::sentence::at_most(b, a)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ran, run};
    use crate::model::Severity;
    #[test]
    fn a_total_stated_after_the_list_is_its_whole() {
        // 1,542.36 + 57.64 = 1,600.00; 96.40 % and 3.60 %.
        let t = "当年收入预算中，财政拨款1,542.36万元，占96.40%；事业收入57.64万元，占3.60%。收入预算合计1,600.00万元。";
        let (f, s) = run(t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 2);
        let (f, _) = run(&t.replace("96.40%", "94.60%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 96.4);
        // A total the items do not add up to, or two totals: not the whole.
        for t in [
            "当年收入预算中，财政拨款1,542.36万元，占91.60%；事业收入57.64万元，占3.60%。收入预算合计1,700.00万元。",
            "当年收入预算中，财政拨款1,542.36万元，占90.60%；事业收入57.64万元，占3.40%。收入预算合计1,600.00万元，上年收入预算合计1,702.20万元。",
        ] {
            let (f, _) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
        }
    }

    #[test]
    fn a_chain_of_shares_is_of_one_part() {
        // 1,286.40 / 3,761.40 = 34.20 %, / 3,332.60 = 38.60 %.
        let t = "项目支出1,286.40万元，占总支出3,761.40万元的34.2%，占财政拨款支出3,332.60万元的38.6%。";
        let (f, s) = run(t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 2);
        let (f, _) = run(&t.replace("38.6%", "36.8%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 38.6);
        // A share named without its amount links the chain too.
        let (f, _) =
            run("项目支出1,286.40万元，占总支出的34.2%，占财政拨款支出3,332.60万元的36.8%。");
        assert_eq!(f.len(), 1, "{f:?}");
        // Another amount between: its own share, not the chain's.
        let (f, s) = run(
            "项目支出1,286.40万元，占总支出3,761.40万元的34.2%，比上年增长6.5%，其中财政拨款1,150.00万元，占财政拨款支出3,332.60万元的34.5%。",
        );
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 2);
    }

    #[test]
    fn a_share_naming_its_whole_is_of_the_amount_with_those_words() {
        // 3.4 / 12.86 = 26.44 %; 15 is the budget it is compared with.
        let t = "“三公”经费支出12.86万元，比预算15万元减少2.14万元，其中公务接待费3.4万元，占“三公”经费的26.44%。";
        let (f, s) = run(t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 1);
        let (f, _) = run(&t.replace("26.44%", "22.67%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 26.44);
    }

    #[test]
    fn shares_of_the_sangong_are_shares_of_its_three_items() {
        // 199.25 + 183.6 + 384.75 = 767.6.
        let good = "“三公”经费预算支出中，因公出国（境）费支出199.25万元，占“三公”经费的25.96%；公务用车购置及运行费支出183.6万元，占“三公”经费的23.92%；公务接待费支出384.75万元，占“三公”经费的50.12%。";
        let (f, s) = run(good);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 3);
        // One share wrong by far more than a point: the shares no longer add
        // up to 100%, but the 三公经费 is still the sum of its items.
        let (f, _) = run(&good.replace("50.12%", "53.29%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].severity, f[0].stated, f[0].computed),
            (Severity::Error, 53.29, 50.12)
        );
        // Unnamed shares after the whole's name.
        let (f, _) = run(
            "“三公”经费财政拨款支出决算中，因公出国（境）费支出决算 0.00 万元，占 0.00%；公务用车购置及运行维护费支出决算 0.00 万元，占 0.00%；公务接待费支出决算 0.39 万元，占 120.00%。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 100.0);
        // Shares of a larger amount (三公 + 会议费 + 培训费 = 2,542.60) said to
        // be of the 三公经费: each is wrong, and the message says what they fit.
        let (f, _) = run(
            "“三公”经费预算支出中，因公出国（境）费支出 222.5万元，占“三公”经费的 8.75%；公务用车购置及运行费支出 183.6 万元，占“三公”经费的 7.22%；公务接待费支出427.5 万元，占“三公”经费的 16.81%。",
        );
        assert_eq!(f.len(), 3, "{f:?}");
        assert!(f.iter().all(|f| f.severity == Severity::Error));
        assert!(
            f[0].message.contains("one whole of ≈ 25"),
            "{}",
            f[0].message
        );
        // "的比重为" says the same as "的".
        let (f, _) = run(
            "“三公”经费预算支出中，因公出国（境）费支出 222.5万元，占“三公”经费的比重为 8.75%；公务用车购置及运行费支出 183.6 万元，占“三公”经费的比重为 7.22%；公务接待费支出427.5 万元，占“三公”经费的比重为 16.81%。",
        );
        assert_eq!(f.len(), 3, "{f:?}");
        let (f, s) = run("项目支出全年预算数 514.58 万元，占总预算 4,645.07 万元的比重为 12.08%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(s.by_check["text.share"].run, 1);
        // Other words between the whole and the percent: not its share.
        let (f, s) = run("项目支出 514.58 万元，占总预算 4,645.07 万元的增幅为 12.08%。");
        assert!(f.is_empty(), "{f:?}");
        assert!(!s.by_check.contains_key("text.share"));
    }

    #[test]
    fn shares_naming_different_wholes_are_not_one_list() {
        let (f, s) =
            run("基本支出 60 万元，占本年支出的 60%；项目支出 40 万元，占财政拨款的 50%。");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 0);
    }

    #[test]
    fn shares_of_a_named_whole() {
        let (f, s) = run(
            "基本支出年初预算数 3,883.60 万元，全年预算数 3,796.10 万元，占总预算 4,645.07 万元的 81.72%，实际支出 3,796.10 万元，结余 0 万元，预算执行率为 100.00%。",
        );
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 1);
        assert_eq!(ran(&s, "text.rate"), 1);
        let (f, _) = run("项目支出全年预算数 514.58 万元，占总预算 4,645.07 万元的 12.08%。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].check, "text.share");
        assert_eq!(f[0].stated, 12.08);
        assert_eq!(f[0].computed, 11.08);
    }

    #[test]
    fn listed_shares_of_the_amount_that_introduces_them() {
        let text = "一般公共预算财政拨款支出 1,652.30 万元，主要用于以下方面：一般公共服务支出（类）1,204.85 万元，占 72.92%；社会保障和就业支出（类）198.60 万元，占 12.02%；卫生健康支出（类）71.45 万元，占 4.32%；住房保障支出（类）177.40 万元，占 10.74%。";
        let (f, s) = run(text);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 4);
        // One share wrong: 1,204.85 / 1,652.30 = 72.92%, not 73.12%.
        let (f, _) = run(&text.replace("占 72.92%", "占 73.12%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.share");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!((f[0].stated, f[0].computed), (73.12, 72.92));
        assert_eq!(f[0].operands.len(), 2);
        assert_eq!(f[0].operands[0].label, "一般公共服务支出（类）");
    }

    #[test]
    fn one_share_off_a_list_whose_other_shares_fit_its_sum() {
        // 160 + 266.8 + 86.95 = 513.75: 31.14% and 16.93% fit it, so the
        // middle share is 51.93%, not 55.10% (the shares then add up to 103.17%).
        let text = "“三公”经费预算支出中，因公出国（境）费支出 160 万元，占“三公”经费的 31.14%；公务用车运行维护费支出 266.8 万元，占“三公”经费的 55.10%；公务接待费支出 86.95 万元，占“三公”经费的16.93%。";
        let (f, _) = run(text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!((f[0].stated, f[0].computed), (55.1, 51.93));
        // Two shares off: no whole is certain, nothing is said.
        let (f, _) = run(&text.replace("31.14%", "33.14%"));
        assert!(f.is_empty(), "{f:?}");
        // Items of 0 fit any whole: they are no evidence for the sum.
        let zeros = "因公出国（境）费支出 0 万元，占 0%；公务用车运行维护费支出 0 万元，占 0%；公务接待费支出 0.39 万元，占 80%。";
        let (f, _) = run(zeros);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn listed_shares_in_mixed_money_units() {
        // The whole in 亿元, the items in 亿元 and 万元.
        let text = "一般公共预算财政拨款支出 0.165230 亿元，主要用于以下方面：一般公共服务支出（类）0.120485 亿元，占 72.92%；社会保障和就业支出（类）198.60 万元，占 12.02%；卫生健康支出（类）71.45 万元，占 4.32%；住房保障支出（类）177.40 万元，占 10.74%。";
        let (f, s) = run(text);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 4);
        let (f, _) = run(&text.replace("占 12.02%", "占 12.20%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!((f[0].stated, f[0].computed), (12.2, 12.02));
    }

    #[test]
    fn listed_shares_of_their_own_sum() {
        // No whole stated: the shares add up to 100%, so the whole is the sum.
        let text = "人员经费 412.60 万元，占 61.06%；公用经费 263.10 万元，占 38.94%。";
        let (f, s) = run(text);
        assert!(f.is_empty() && ran(&s, "text.share") == 2, "{f:?}");
        let (f, _) = run(&text.replace("61.06%", "60.06%").replace("38.94%", "39.94%"));
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|x| x.severity == Severity::Error));
        // Shares of something else that do not add up to 100%: not judged.
        let (f, s) = run("人员经费 412.60 万元，占 21.06%；公用经费 263.10 万元，占 13.43%。");
        assert!(f.is_empty() && ran(&s, "text.share") == 0, "{f:?}");
    }

    #[test]
    fn listed_shares_after_a_sentence_opening_with_qizhong() {
        let (f, _) = run(
            "本年收入合计 3,120.48 万元。其中：财政拨款收入 3,101.28 万元，占 99.38%；其他收入 19.20 万元，占 0.62%。",
        );
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run(
            "本年收入合计 3,120.48 万元。其中：财政拨款收入 3,101.28 万元，占 99.38%；其他收入 19.20 万元，占 6.20%。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 0.62);
    }

    #[test]
    fn list_items_in_sentences_of_their_own_keep_the_whole_that_introduced_them() {
        use super::super::test_util::{no_tables, run_with};
        // One item per paragraph, each ending with '。'.
        let text = "本年支出预算合计 20849.45 万元，其中：基本支出 9964.07 万元，占 47.79%。\n\n项目支出 10688.66 万元，占 51.27%。\n\n单位预留机动经费 196.72 万元，占 0.94%。";
        let (f, s) = run_with(text, &no_tables());
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 3);
        let (f, _) = run_with(&text.replace("0.94%", "9.40%"), &no_tables());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].severity, f[0].computed), (Severity::Error, 0.94));
        // A sentence with other figures ends the list.
        let text = "本年支出预算合计 20849.45 万元，其中：基本支出 9964.07 万元，占 47.79%。\n\n与上年相比增加 100 万元。\n\n项目支出 10688.66 万元，占 61.27%。";
        let (f, s) = run_with(text, &no_tables());
        assert!(f.iter().all(|f| f.severity != Severity::Error), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 1);
    }

    #[test]
    fn a_share_of_a_whole_named_without_its_amount_is_of_the_amount_stated_for_it() {
        use super::super::test_util::{no_tables, run_with};
        let text = "某厅本年支出预算合计18330.37万元，其中：基本支出9312.9万元，占50.81%；项目支出9017.47万元，占49.19%。\n\n某厅2019年财政拨款预算支出18330.37万元，占本年支出合计的100%。";
        let (f, s) = run_with(text, &no_tables());
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 3);
        let (f, _) = run_with(&text.replace("的100%", "的99.4%"), &no_tables());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].severity, f[0].computed), (Severity::Error, 100.0));
        // Two different amounts for it: no whole.
        let (f, s) = run_with(
            &format!("{text}\n\n上年本年支出合计 15000 万元。").replace("的100%", "的99.4%"),
            &no_tables(),
        );
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 2);
    }

    #[test]
    fn a_document_of_very_many_amounts_gets_no_lookups() {
        use super::super::test_util::{no_tables, run_with};
        let text = "本年支出合计100万元。\n\n甲项50万元，占本年支出合计的50%。";
        let (_, s) = run_with(text, &no_tables());
        assert_eq!(ran(&s, "text.share"), 1);
        let (f, s) = run_with(&text.replace("的50%", "的比重为60%"), &no_tables());
        assert_eq!(ran(&s, "text.share"), 1);
        assert_eq!(f.len(), 1, "{f:?}");
        let many = "乙项1万元。".repeat(super::MAX_LEVELS);
        let (_, s) = run_with(&format!("{many}\n\n{text}"), &no_tables());
        assert_eq!(ran(&s, "text.share"), 0);
    }

    #[test]
    fn a_spending_rate_is_not_a_share() {
        let (f, s) = run("全年预算为 500 万元，实际支出 450 万元，占全年预算的 91%。");
        assert_eq!(ran(&s, "text.share"), 0, "{f:?}");
        assert_eq!(ran(&s, "text.rate"), 1, "{f:?}");
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn listed_shares_of_the_section_total_are_a_warning() {
        use super::super::test_util::no_tables;
        use super::super::test_util::run_with;
        // The whole stands in an earlier paragraph of the section.
        let text = "本部门一般公共预算财政拨款支出 500.00 万元。\n\n按功能分类，教育支出 300.00 万元，占 60.00%；科学技术支出 150.00 万元，占 35.00%。";
        let (f, _) = run_with(text, &no_tables());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].computed, 30.0);
        assert_eq!(f[0].location.source.as_ref().and_then(|s| s.line), Some(2));
    }

    #[test]
    fn a_list_whose_first_share_names_the_whole_of_the_sentence_before() {
        // 12.22 / 14.58 = 83.81 %; the second share names no whole: the same.
        let t = "“三公”经费支出14.58万元。公务用车运行维护费12.22万元，占“三公”经费的83.81%；公务接待费2.36万元，占16.19%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 2, "{f:?}");
        let (f, _) = run(&t.replace("83.81%", "81.83%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].severity, f[0].computed), (Severity::Error, 83.81));
    }

    #[test]
    fn shares_of_the_whole_a_list_opens_with_zhong() {
        let t = "基本支出2,134.52万元中，人员经费1,906.18万元，占89.30%，公用经费228.34万元，占10.70%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 2, "{f:?}");
        let (f, _) = run(&t.replace("10.70%", "12.70%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 10.7);
    }

    #[test]
    fn amounts_and_shares_given_respectively() {
        // 人员经费 + 公用经费 is 基本支出 by the template: 1,320.40 / 1,506.60.
        // The whole with its amount inside the 分别占 clause.
        let t = "基本支出和项目支出分别为1,826.34万元和642.18万元，分别占本年财政拨款支出2,647.20万元的68.99%和24.26%。";
        let (f, s) = run(t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 2);
        let (f, _) = run(&t.replace("24.26%", "42.26%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 24.26);
        let t = "人员经费1,320.40万元和公用经费186.20万元，分别占基本支出的87.64%和12.36%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 2, "{f:?}");
        let (f, _) = run(&t.replace("87.64%", "85.64%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].stated, f[0].computed), (85.64, 87.64));
        // Of another whole the sentence does not state: not judged.
        let (f, s) = run("人员经费1,320.40万元和公用经费186.20万元，分别占总支出的65.64%和9.26%。");
        assert!(f.is_empty() && ran(&s, "text.share") == 0, "{f:?}");
        // Of a whole stated before: its amount.
        let t = "本年支出2,011.50万元，基本支出1,506.60万元和项目支出504.90万元，分别占本年支出的74.90%和25.10%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 2, "{f:?}");
        let (f, _) = run(&t.replace("25.10%", "27.10%"));
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn a_named_whole_with_its_amount_in_brackets() {
        let t = "公务用车运行维护费6.80万元，占全年“三公”经费（8.50万元）的80.00%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 1, "{f:?}");
        let (f, _) = run(&t.replace("80.00%", "85.00%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 80.0);
    }

    #[test]
    fn a_figure_in_brackets_details_the_amount_before_the_bracket() {
        // The prior-year amount in brackets introduces nothing: 2,846.32 /
        // 3,204.20 = 88.83 %.
        let t = "本年收入3,204.20万元，比上年增加186.40万元（上年3,017.80万元），其中财政拨款收入2,846.32万元，占88.83%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 1, "{f:?}");
        let (f, _) = run(&t.replace("88.83%", "84.83%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 88.83);
        // A share after a bracketed 其中 is of the amount before the bracket.
        let t = "政府采购合同金额1,200万元，其中授予中小企业合同金额1,020万元（其中小微企业612万元），占85.0%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 1, "{f:?}");
        let t = "收入总计1,000.00万元，其中：财政拨款收入600.00万元，占60.00%；事业收入300.00万元（其中教育事业收入200.00万元、科研事业收入100.00万元），占30.00%；其他收入100.00万元，占10.00%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 3, "{f:?}");
        let (f, _) = run(&t.replace("占30.00%", "占33.00%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 30.0);
        // A bracket holding the share alone is the share of the amount
        // before it.
        let t = "收入合计500.00万元，其中财政拨款收入400.00万元（占80.00%），其他收入100.00万元（占20.00%）。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 2, "{f:?}");
        let (f, _) = run(&t.replace("占80.00%", "占85.00%"));
        assert_eq!(f.len(), 1, "{f:?}");
        // A bracketed list with shares of its own is of the amount before it.
        let t = "支出合计800.00万元，其中项目支出500.00万元（其中设备购置200.00万元，占40.00%；维修300.00万元，占60.00%）。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 2, "{f:?}");
    }

    #[test]
    fn shares_of_counts_in_the_same_measure() {
        let t = "本单位年末在职人员86人，其中女性39人，占45.35%；35岁以下22人，占25.58%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 2, "{f:?}");
        let (f, _) = run(&t.replace("45.35%", "54.35%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 45.35);
        let t = "全镇耕地面积58,420亩，其中高标准农田面积36,200亩，占耕地面积的61.97%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 1, "{f:?}");
        // Another measure is not the whole: 人次 are not 人.
        let (f, s) = run("服务群众1,200人次，其中老年人300人，占30.00%。");
        assert!(f.is_empty() && ran(&s, "text.share") == 0, "{f:?}");
    }

    #[test]
    fn a_share_naming_another_whole_opens_a_list_of_its_own() {
        let t = "政府采购支出总额860.40万元，其中：授予中小企业合同金额712.30万元，占政府采购支出总额的82.79%，其中授予小微企业合同金额498.60万元，占授予中小企业合同金额的70.00%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 2, "{f:?}");
        let (f, _) = run(&t.replace("70.00%", "75.00%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 70.0);
    }

    #[test]
    fn overlapping_items_of_a_whole_a_share_confirms() {
        // 民生支出 and “三保”支出 overlap: their sum is more than the whole.
        let t = "一般公共预算支出18.62亿元，其中民生支出15.26亿元，占81.95%，比上年提高1.3个百分点；“三保”支出9.86亿元，占52.95%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 2, "{f:?}");
        let (f, _) = run(&t.replace("81.95%", "83.95%"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 81.95);
        // No share fits the amount before: it is not their whole.
        let (f, _) = run(
            "一般公共预算支出18.62亿元，其中民生支出15.26亿元，占71.95%；“三保”支出9.86亿元，占42.95%。",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_sentence_opening_with_qizhong_breaks_down_the_amount_its_items_fit() {
        // 1,236 件 (办结) cannot hold 836 + 424; 1,260 can, and 424 / 1,260 =
        // 33.65 % says it is the whole.
        let t = "全年共处理信访件1,260件，办结1,236件，办结率98.1%。其中12345热线转办836件，占66.3%；来信来访424件，占33.7%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 2, "{f:?}");
        let (f, _) = run(&t.replace("66.3%", "63.6%"));
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn a_short_word_before_zhanbi_is_the_items_share() {
        let t = "全年医疗收入41,862.40万元，其中药品收入11,386.56万元，药占比27.20%，较上年下降0.30个百分点（上年27.50%）；耗材收入6,279.36万元，耗占比15.00%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 2, "{f:?}");
        let (f, _) = run(&t.replace("27.20%", "28.20%").replace("27.50%", "28.50%"));
        assert_eq!(f.len(), 1, "{f:?}");
        // A longer subject may name a whole of its own: not read.
        let (f, s) = run("支出合计500万元，其中人员经费300万元，人员经费占比40%。");
        assert!(f.is_empty() && ran(&s, "text.share") == 0, "{f:?}");
    }
    #[test]
    fn what_a_share_names_or_measures_picks_its_whole() {
        // A named whole the amount before does not state is another one.
        let (f, s) = run(
            "本年支出合计4,000.00万元，其中教育支出1,000.00万元，占全市教育支出的2.1%；卫生健康支出600.00万元，占本年支出合计的15.00%。",
        );
        assert!(f.is_empty() && ran(&s, "text.share") == 1, "{f:?}");
        // Two lists in one sentence, the second of an item of the first:
        // the first amount is no whole of all three.
        let (f, _) = run(
            "本年收入3,204.20万元，其中财政拨款收入2,846.32万元，占88.83%；财政拨款收入中，一般公共预算拨款2,600.00万元，占91.35%，政府性基金预算拨款246.32万元，占8.65%。",
        );
        assert!(f.is_empty(), "{f:?}");
        // A count between the whole and its item is not the whole.
        let t = "本街道共23个项目实施绩效目标管理，涉及财政拨款资金6,286.40万元；其中，重点项目5个，涉及资金3,142.80万元，占49.99%。";
        let (f, s) = run(t);
        assert!(f.is_empty() && ran(&s, "text.share") == 1, "{f:?}");
        let (f, _) = run(&t.replace("49.99%", "59.99%"));
        assert_eq!(f.len(), 1, "{f:?}");
    }
}
