//! figures: typed numbers from cell and sentence text — a pure function of a
//! string. Owns what a written number means: amounts with their unit (元 / 万元
//! / 亿元) and their value in 元, percentages, targets with a comparator
//! (≥150万元), counts with a measure word (25个, 3 宗), points (93 分), bare
//! numbers, Chinese numerals (三千二百万元, 百分之八十) and placeholders (`-`, `—`,
//! `/`: no value, not zero). The precision as written (number of decimals) is
//! kept: the audit's rounding interval depends on it.
//!
//! What is *not* a figure in a sentence: years and dates (2024 年, 2022年11月30日,
//! 2024-05-01), document numbers (〔2019〕124号), codes and labels (A11,
//! C22021), table and page references (表 1-2, 第3页), list markers (1、, （1）,
//! 1.), phone numbers, section and version numbers (1.2.3).
mod chinese;
pub(crate) mod units;

use crate::model::{Comparator, Figure, FigureKind};
pub use chinese::chinese_number;
pub(crate) use chinese::digit as chinese_digit;
use units::{UnitInfo, table_unit_info, unit_at};

/// A table cell that holds one figure (or a placeholder). `table_unit` is the
/// unit declared for the table or column ("万元", "%", "分"); a unit written in
/// the cell wins over it. None when the cell is text or more than one figure.
pub fn parse_cell(text: &str, table_unit: Option<&str>) -> Option<Figure> {
    let t = text.trim_matches(is_space);
    if is_placeholder(t) {
        return Some(Figure {
            kind: FigureKind::Placeholder,
            value: None,
            unit: None,
            value_yuan: None,
            decimals: 0,
            comparator: None,
            text: t.into(),
            offset: None,
            ocr: None,
        });
    }
    // A negative amount as accounts print it: "(1,234.56)", "（126.45）",
    // "△126.45". Brackets count only around money as printed (two decimals
    // or thousands groups, or in a table of 元 three digits or more that are
    // not a year: "(55154)"), so that "(3)", a number of an item, or
    // "(12.5)", points, is not one.
    let whole_yuan = |inner: &str| {
        table_unit.is_some_and(|u| units::yuan_exp(u) == Some(0))
            && inner.len() >= 3
            && inner.bytes().all(|b| b.is_ascii_digit())
            && !(inner.len() == 4 && (inner.starts_with("19") || inner.starts_with("20")))
    };
    if let Some((inner, bracketed)) = accounting_negative(t)
        && let Some(mut f) = parse_cell(inner, table_unit)
        && (!bracketed || f.decimals == 2 || inner.contains(',') || whole_yuan(inner))
    {
        f.value = f.value.map(|v| -v);
        f.value_yuan = f.value_yuan.map(|v| -v);
        f.text = t.into();
        return Some(f);
    }
    let chars: Vec<char> = t.chars().collect();
    // A cell is short; a long one is prose, not a figure.
    if chars.len() > 64 {
        return None;
    }
    let tok = read(&chars, 0, true)?;
    if tok.end != chars.len() {
        return None;
    }
    if tok.unit.is_none() && tok.comparator.is_none() {
        // Labels and codes: 一 (an index), 025 / 01 (codes), 11+ digit runs.
        if tok.chinese || looks_like_code(&tok) {
            return None;
        }
    }
    let mut tok = tok;
    if tok.unit.is_none()
        && let Some(u) = table_unit.map(str::trim).filter(|u| !u.is_empty())
    {
        tok.unit = Some((u.to_string(), table_unit_info(u)));
    }
    Some(tok.into_figure(t.to_string(), None))
}

/// Every figure in a sentence, in order, each with its char offset and its
/// text as written (comparator and unit included).
pub fn scan_text(text: &str) -> Vec<Figure> {
    scan_text_at_most(text, usize::MAX)
}

/// [`scan_text`], stopping after `max + 1` figures: a caller bounding the
/// figures of a document (`limits::MAX_FIGURES`) learns it is over without
/// holding millions of them.
pub fn scan_text_at_most(text: &str, max: usize) -> Vec<Figure> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < chars.len() && toks.len() <= max {
        if !could_start(&chars, i) {
            i += 1;
            continue;
        }
        let Some(mut tok) = read(&chars, i, false) else {
            i = numeral_run_end(&chars, i).max(i + 1);
            continue;
        };
        if !keep_in_text(&chars, &tok) {
            i = skip_chain(&chars, tok.end).max(i + 1);
            continue;
        }
        // A range: "10-20万元" shares the unit, "1-6月" shares the exclusion.
        if tok.unit.is_none()
            && let Some(b) = range_partner(&chars, tok.end)
        {
            if !keep_in_text(&chars, &b) {
                i = skip_chain(&chars, b.end).max(i + 1);
                continue;
            }
            if b.unit.is_some() && b.chinese == tok.chinese {
                tok.unit = b.unit.clone();
            }
        }
        i = tok.end.max(i + 1);
        toks.push(tok);
    }
    bare_wan_as_money(&chars, &mut toks);
    toks.into_iter()
        .map(|tok| {
            let written: String = chars[tok.start..tok.end].iter().collect();
            let start = tok.start;
            tok.into_figure(written, Some(start))
        })
        .collect()
}

/// A bare 万 ("预算300万") is 万元 where the text says it is money: a money
/// word stands right before it, or it is a part or the sum of a sentence
/// that has an amount in 万元 ("总预算1410.00万，其中A 340.00万，…
/// B 80.00万元，合计1410.00万"). Elsewhere it stays a multiplier
/// ("受益群众5万").
fn bare_wan_as_money(chars: &[char], toks: &mut [Token]) {
    let bare = |t: &Token| t.unit.as_ref().is_some_and(|(u, _)| u == "万");
    if !toks.iter().any(bare) {
        return;
    }
    let wan_yuan = || {
        Some((
            "万元".to_string(),
            UnitInfo {
                kind: FigureKind::Amount,
                yuan_exp: Some(4),
            },
        ))
    };
    for t in toks.iter_mut() {
        if bare(t) && wan_lead(chars, t.start) == WanLead::Money {
            t.unit = wan_yuan();
        }
    }
    // A change of the amount before it: "预算总计1685.72万。与上年相比增加1557.29万".
    for k in 1..toks.len() {
        let before_is_money = toks[k - 1]
            .unit
            .as_ref()
            .is_some_and(|(_, u)| u.yuan_exp.is_some());
        if bare(&toks[k]) && before_is_money && wan_lead(chars, toks[k].start) == WanLead::Change {
            toks[k].unit = wan_yuan();
        }
    }
    let ends_sentence = |c: char| matches!(c, '。' | '；' | ';' | '！' | '？' | '\n');
    let sentence_start = |at: usize| {
        chars[..at]
            .iter()
            .rposition(|&c| ends_sentence(c))
            .map_or(0, |k| k + 1)
    };
    let sentence_end = |at: usize| {
        chars[at..]
            .iter()
            .position(|&c| ends_sentence(c))
            .map_or(chars.len(), |k| at + k)
    };
    let is_money = |t: &Token| t.unit.as_ref().is_some_and(|(u, _)| u == "万元");
    let money: Vec<usize> = toks
        .iter()
        .filter(|t| is_money(t))
        .map(|t| t.start)
        .collect();
    for t in toks.iter_mut().filter(|t| bare(t)) {
        let (from, to) = (sentence_start(t.start), sentence_end(t.start));
        let lead: String = chars[from..t.start].iter().collect();
        // The parts or the sum of a whole in 万元: after 其中/包括/合计 in a
        // sentence holding an amount in 万元.
        let lead_end = lead.trim_end();
        let in_list = ["其中", "包括"].iter().any(|w| lead.contains(w))
            || ["合计", "总计", "共计"]
                .iter()
                .any(|w| lead_end.ends_with(w));
        if in_list && money.iter().any(|&m| (from..to).contains(&m)) {
            t.unit = wan_yuan();
        }
    }
}

/// Words naming money, which make a bare 万 after them 万元: "预算300万",
/// "实际支出共计280万", "人员经费100万", "公务接待费156.55万". Not
/// "受益群众5万" (a count).
const MONEY_WORDS: &[&str] = &[
    "预算",
    "决算",
    "支出",
    "收入",
    "投入",
    "结余",
    "结转",
    "补助",
    "补贴",
    "奖补",
    "成本",
    "造价",
    "投资",
    "到位",
    "费",
    "金",
    "款",
    "额",
    "税",
    "预算数",
    "决算数",
    "执行数",
    "调整数",
    "批复数",
    "年初数",
    "安排",
    "拨付",
    "下达",
    "支付",
    "列支",
];

/// Joining words between a money word and its amount ("支出共计", "资金为").
const MONEY_JOINS: &[&str] = &[
    "共计", "合计", "总计", "累计", "达到", "共", "计", "为", "是", "达", "约", "了", "各", "：",
    ":",
];

/// What the words right before a bare 万 say of it.
#[derive(PartialEq)]
enum WanLead {
    /// A money word: "预算300万".
    Money,
    /// A change against an earlier year with no subject of its own: "与上年
    /// 相比增加1557.29万" — money when the amount before it is.
    Change,
    Other,
}

/// The words right before `start`, give or take a joining word.
fn wan_lead(text: &[char], start: usize) -> WanLead {
    // The words before it with spaces taken out ("预 算 总 计 24,169.74 万",
    // as justified lines come out of a PDF); far enough back for a clause.
    let mut chars: Vec<char> = text[..start]
        .iter()
        .rev()
        .filter(|&&c| !is_space(c))
        .take(40)
        .copied()
        .collect();
    chars.reverse();
    let chars = &chars[..];
    let mut end = chars.len();
    // An aside in brackets between the words and the amount: "其他司法支出
    // （99项）3845.49万".
    if end > 0 && matches!(chars[end - 1], '）' | ')') {
        let from = end.saturating_sub(16);
        if let Some(k) = chars[from..end - 1]
            .iter()
            .rposition(|&c| matches!(c, '（' | '('))
        {
            end = from + k;
        }
    }
    let ends_with = |end: usize, w: &str| {
        let n = w.chars().count();
        end >= n && chars[end - n..end].iter().copied().eq(w.chars())
    };
    // A change word on the way: "与上年相比增加 D 万" is a change of the
    // amount before it, "支出总计增加 D 万" one of money.
    let mut compared = false;
    for _ in 0..4 {
        if MONEY_WORDS.iter().any(|w| ends_with(end, w)) {
            return WanLead::Money;
        }
        if let Some(w) = ["增加", "减少", "增长", "下降", "节约"]
            .iter()
            .find(|w| ends_with(end, w))
        {
            // The clause before the change word: a comparison ("比 2016 年",
            // "与上年相比", "同比") or nothing.
            let at = end - w.chars().count();
            let from = chars[..at]
                .iter()
                .rposition(|&c| matches!(c, '，' | ',' | '。' | '；' | ';' | '\n'))
                .map_or(0, |k| k + 1);
            let clause: String = chars[from..at].iter().collect();
            let clause = clause.trim();
            // Or a comparison that is a clause of its own before it: "与上年
            // 相比，财政拨款收、支总计各增加 D 万".
            let before: String = chars[..from.saturating_sub(1)].iter().collect();
            compared = clause.is_empty()
                || ["相比", "同比"].iter().any(|c| clause.contains(c))
                || clause.starts_with(['比', '较', '与'])
                || ["相比", "同比"].iter().any(|c| before.ends_with(c));
            end = at;
            continue;
        }
        match MONEY_JOINS.iter().find(|w| ends_with(end, w)) {
            Some(w) => end -= w.chars().count(),
            None => break,
        }
    }
    if compared {
        return WanLead::Change;
    }
    WanLead::Other
}

/// The unit a caption, unit line or column title declares: "单位：万元",
/// "（单位：万元）", "金额单位：元", "支出情况（万元）". Only money units count in
/// a bare parenthesis; "单位：" may also name %, a measure word or 分.
pub fn unit_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut best: Option<(usize, String)> = None;
    for i in 0..chars.len() {
        let c = chars[i];
        let found = if c == '单' && chars.get(i + 1) == Some(&'位') {
            let mut k = i + 2;
            if matches!(chars.get(k), Some(':' | '：')) {
                k += 1;
            } else {
                continue;
            }
            // 单位：人民币万元
            if chars.get(k..k + 3) == Some(&['人', '民', '币']) {
                k += 3;
            }
            declared_unit(&chars, k, true).map(|(u, _)| u)
        } else if c == '（' || c == '(' {
            declared_unit(&chars, i + 1, false)
                .filter(|&(_, n)| {
                    matches!(
                        chars.get(i + 1 + n),
                        Some(')' | '）' | '/' | '、' | ',' | '，')
                    )
                })
                .map(|(u, _)| u)
        } else {
            None
        };
        if let Some(u) = found {
            best = Some((i, u));
            break;
        }
    }
    best.map(|(_, u)| u)
}

/// The unit declared at `k`, and how many characters it is written in.
fn declared_unit(chars: &[char], k: usize, after_label: bool) -> Option<(String, usize)> {
    for u in units::DECLARED {
        let n = u.chars().count();
        if chars
            .get(k..k + n)
            .is_some_and(|s| s.iter().copied().eq(u.chars()))
        {
            if !after_label && (*u == "%" || *u == "％") {
                return None;
            }
            return Some(((*u).to_string(), n));
        }
    }
    // "单位：万", "金额（万）": 万元 with its 元 left out, as some publishers
    // print a money table's unit. Not "单位：万人" (the word goes on).
    if chars.get(k) == Some(&'万') {
        let next = chars.get(k + 1).copied();
        let ends = if after_label {
            next.is_none_or(|c| !is_cjk(c))
        } else {
            matches!(next, Some(')' | '）'))
        };
        if ends {
            return Some(("万元".to_string(), 1));
        }
    }
    if after_label {
        let (u, n, info) = unit_at(chars, k, false)?;
        // The unit must end the declaration: 单位：个 / 单位：分 but not 单位：个人.
        let next = chars.get(k + n).copied();
        if matches!(info.kind, FigureKind::Count | FigureKind::Score)
            && next.is_none_or(|c| !is_cjk(c))
        {
            return Some((u, n));
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Token {
    /// Start of the figure as written (comparator included).
    start: usize,
    /// Start of the number itself (sign included).
    num_start: usize,
    /// End of the number (before spaces and unit).
    num_end: usize,
    /// End of the figure (unit and suffix comparator included).
    end: usize,
    value: f64,
    decimals: u8,
    /// The number as plain ASCII ("-1848.26") for an exact 元 conversion.
    ascii: Option<String>,
    chinese: bool,
    grouped: bool,
    int_digits: usize,
    leading_zero: bool,
    unit: Option<(String, UnitInfo)>,
    comparator: Option<Comparator>,
    percent_words: bool,
}

impl Token {
    fn into_figure(self, text: String, offset: Option<usize>) -> Figure {
        let (kind, unit, yuan_exp) = match (&self.unit, self.percent_words) {
            (_, true) => (FigureKind::Percent, Some("%".to_string()), None),
            (Some((u, info)), _) => (info.kind, Some(u.clone()), info.yuan_exp),
            (None, _) => (FigureKind::Number, None, None),
        };
        let value_yuan = yuan_exp.and_then(|exp| match &self.ascii {
            Some(a) => scaled(a, exp),
            None => Some(self.value * 10f64.powi(exp)).filter(|v| v.is_finite()),
        });
        Figure {
            kind,
            value: Some(self.value),
            unit,
            value_yuan,
            decimals: self.decimals,
            comparator: self.comparator,
            text,
            offset,
            ocr: None,
        }
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The amount inside an accounts-style negative, "(1,234.56)", "（126.45）"
/// or "△126.45": the plain number after "△" or in the brackets, and
/// whether it was in brackets.
fn accounting_negative(t: &str) -> Option<(&str, bool)> {
    let (inner, bracketed) = match t.strip_prefix('△') {
        Some(rest) => (rest, false),
        None => (
            t.strip_prefix(['(', '（'])?.strip_suffix([')', '）'])?,
            true,
        ),
    };
    let inner = inner.trim_matches(is_space);
    let plain = inner.starts_with(|c: char| c.is_ascii_digit())
        && inner.ends_with(|c: char| c.is_ascii_digit());
    plain.then_some((inner, bracketed))
}

fn is_placeholder(t: &str) -> bool {
    t.is_empty() || is_dash(t) || matches!(t, "/" | "／" | "\\" | "—/—" | "-/-")
}

/// A cell of dashes only ("-", "—", "——"), how tables write zero or nothing.
pub fn is_dash(t: &str) -> bool {
    !t.is_empty()
        && t.chars().count() <= 6
        && t.chars()
            .all(|c| matches!(c, '-' | '－' | '—' | '–' | '−' | '―' | '─'))
}

/// A full-width digit or Latin letter as its ASCII form ("２０２３" →
/// "2023"); every other character, full-width punctuation included, as it
/// is. For reading words and years however their digits were typed.
pub fn narrow(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

fn ascii_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// An Arabic digit, ASCII or full-width.
pub(crate) fn is_digit(c: char) -> bool {
    ascii_digit(c).is_some()
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

fn is_sign(c: char) -> bool {
    matches!(c, '-' | '－' | '−' | '﹣' | '+' | '＋')
}

const COMPARATORS: &[(&str, Comparator)] = &[
    ("大于或等于", Comparator::Ge),
    ("小于或等于", Comparator::Le),
    ("大于等于", Comparator::Ge),
    ("小于等于", Comparator::Le),
    ("不得低于", Comparator::Ge),
    ("不得少于", Comparator::Ge),
    ("不得超过", Comparator::Le),
    ("不得高于", Comparator::Le),
    ("不低于", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("不小于", Comparator::Ge),
    ("不高于", Comparator::Le),
    ("不超过", Comparator::Le),
    ("不大于", Comparator::Le),
    ("不多于", Comparator::Le),
    (">=", Comparator::Ge),
    ("＞=", Comparator::Ge),
    (">＝", Comparator::Ge),
    ("＞＝", Comparator::Ge),
    ("<=", Comparator::Le),
    ("＜=", Comparator::Le),
    ("<＝", Comparator::Le),
    ("＜＝", Comparator::Le),
    ("大于", Comparator::Gt),
    ("高于", Comparator::Gt),
    ("超过", Comparator::Gt),
    ("多于", Comparator::Gt),
    ("小于", Comparator::Lt),
    ("低于", Comparator::Lt),
    ("少于", Comparator::Lt),
    ("等于", Comparator::Eq),
    ("≥", Comparator::Ge),
    ("≧", Comparator::Ge),
    ("⩾", Comparator::Ge),
    ("≤", Comparator::Le),
    ("≦", Comparator::Le),
    ("⩽", Comparator::Le),
    (">", Comparator::Gt),
    ("＞", Comparator::Gt),
    ("<", Comparator::Lt),
    ("＜", Comparator::Lt),
    ("=", Comparator::Eq),
    ("＝", Comparator::Eq),
    ("≈", Comparator::About),
    ("大约", Comparator::About),
    ("约", Comparator::About),
    ("将近", Comparator::About),
    ("接近", Comparator::About),
    ("近", Comparator::About),
    ("逾", Comparator::About),
];

const SUFFIX_COMPARATORS: &[(&str, Comparator)] = &[
    ("及以上", Comparator::Ge),
    ("及以下", Comparator::Le),
    ("以上", Comparator::Ge),
    ("以下", Comparator::Le),
    ("以内", Comparator::Le),
    ("左右", Comparator::About),
];

/// A unit an "about" is kept for: money and percentages.
fn is_money_or_percent(unit: &str) -> bool {
    units::yuan_factor(unit).is_some() || matches!(unit, "%" | "％")
}

/// Is the 约 / 近 / 逾 at `i` a word of its own ("约 300 万元"), not the end
/// of another (节约, 制约, 合约, 签约, 预约; 最近, 附近, 接近 and 将近 are
/// read whole)?
fn about_stands_alone(chars: &[char], i: usize) -> bool {
    let Some(&prev) = i.checked_sub(1).and_then(|p| chars.get(p)) else {
        return true;
    };
    let bound: &[char] = match chars[i] {
        '约' => &[
            '节', '制', '合', '签', '履', '违', '预', '契', '公', '条', '集', '相', '特', '邀',
            '践', '守', '租', '毁', '立', '解', '婚', '缩', '俭', '大',
        ],
        '近' => &[
            '最', '附', '接', '将', '亲', '邻', '靠', '贴', '逼', '就', '临', '相',
        ],
        _ => &[],
    };
    !bound.contains(&prev)
}

fn starts_with(chars: &[char], i: usize, s: &str) -> Option<usize> {
    let mut n = 0;
    for (k, c) in s.chars().enumerate() {
        if chars.get(i + k) != Some(&c) {
            return None;
        }
        n += 1;
    }
    Some(n)
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|&c| is_space(c)) {
        i += 1;
    }
    i
}

/// Can a figure start at `i`? (Cheap pre-check for the scanner.)
fn could_start(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let prev = i.checked_sub(1).map(|p| chars[p]);
    if is_digit(c) {
        return prev.is_none_or(|p| !is_digit(p));
    }
    if chinese::is_numeral_char(c) && c != '点' {
        return prev.is_none_or(|p| !chinese::is_numeral_char(p));
    }
    is_sign(c)
        || matches!(
            c,
            '≥' | '≧' | '⩾' | '≤' | '≦' | '⩽' | '>' | '＞' | '<' | '＜' | '=' | '＝' | '≈'
        )
        || matches!(
            c,
            '不' | '大'
                | '小'
                | '高'
                | '低'
                | '超'
                | '多'
                | '少'
                | '等'
                | '约'
                | '将'
                | '接'
                | '近'
                | '逾'
        )
}

/// Read a figure starting at `i`. `cell` relaxes what may precede a sign.
fn read(chars: &[char], i: usize, cell: bool) -> Option<Token> {
    let start = i;
    let mut j = i;
    let mut comparator = None;
    for (p, cmp) in COMPARATORS {
        if let Some(n) = starts_with(chars, j, p) {
            // "节约 300 万元" saved, "最近 3 年": the 约 / 近 of another word.
            if n == 1 && *cmp == Comparator::About && !about_stands_alone(chars, j) {
                return None;
            }
            comparator = Some(*cmp);
            j = skip_spaces(chars, j + n);
            break;
        }
    }
    let mut percent_words = false;
    if let Some(n) = starts_with(chars, j, "百分之") {
        percent_words = true;
        j += n;
    }
    let num_start = j;
    let mut tok = if chars.get(j).is_some_and(|&c| is_digit(c) || is_sign(c)) {
        read_arabic(chars, j, cell || comparator.is_some() || percent_words)?
    } else {
        read_chinese(chars, j)?
    };
    tok.start = start;
    tok.num_start = num_start;
    tok.comparator = comparator;
    tok.percent_words = percent_words;
    // Unit: after optional spaces, optionally after 余/多 (3000余万元).
    let mut k = skip_spaces(chars, tok.num_end);
    if !percent_words {
        let approx = matches!(chars.get(k), Some('余' | '多'))
            && unit_at(chars, k + 1, tok.chinese).is_some();
        if approx {
            k += 1;
            tok.comparator.get_or_insert(Comparator::About);
        }
        if let Some((u, n, info)) = unit_at(chars, k, tok.chinese) {
            tok.unit = Some((u, info));
            tok.end = k + n;
        }
    }
    // "近 3 年", "约 3 次": an "about" only of money and rates (a count
    // words it so in a way no check reads; "近三年" is "the last three years").
    if tok.comparator == Some(Comparator::About)
        && tok.start < tok.num_start
        && !tok
            .unit
            .as_ref()
            .is_some_and(|(u, _)| is_money_or_percent(u))
    {
        tok.comparator = None;
        tok.start = tok.num_start;
    }
    if tok.comparator.is_none() {
        for (p, cmp) in SUFFIX_COMPARATORS {
            if let Some(n) = starts_with(chars, tok.end, p) {
                tok.comparator = Some(*cmp);
                tok.end += n;
                break;
            }
        }
    }
    Some(tok)
}

fn read_arabic(chars: &[char], i: usize, sign_ok: bool) -> Option<Token> {
    let mut j = i;
    let mut ascii = String::new();
    if chars.get(j).is_some_and(|&c| is_sign(c)) {
        if !(sign_ok || sign_may_follow(chars, j)) {
            return None;
        }
        if matches!(chars[j], '-' | '－' | '−' | '﹣') {
            ascii.push('-');
        }
        j += 1;
    }
    let int_start = j;
    let mut grouped = false;
    while let Some(d) = chars.get(j).and_then(|&c| ascii_digit(c)) {
        ascii.push(char::from(b'0' + d));
        j += 1;
        // Thousands separators: ",ddd" not followed by a fourth digit; in a
        // number typed in full-width digits, "，ddd" too (１，２３４).
        let fw = |c: char| ('０'..='９').contains(&c);
        let sep_ok = match chars.get(j) {
            Some(',') => (1..=3).all(|k| chars.get(j + k).is_some_and(|&c| is_digit(c))),
            Some('，') => {
                fw(chars[j - 1]) && (1..=3).all(|k| chars.get(j + k).is_some_and(|&c| fw(c)))
            }
            _ => false,
        };
        if sep_ok && !chars.get(j + 4).is_some_and(|&c| is_digit(c)) {
            grouped = true;
            j += 1;
        }
    }
    let int_digits = ascii.trim_start_matches('-').len();
    if int_digits == 0 {
        return None;
    }
    let leading_zero = int_digits > 1 && ascii.trim_start_matches('-').starts_with('0');
    let mut decimals = 0usize;
    if matches!(chars.get(j), Some('.' | '．')) && chars.get(j + 1).is_some_and(|&c| is_digit(c)) {
        ascii.push('.');
        j += 1;
        while let Some(d) = chars.get(j).and_then(|&c| ascii_digit(c)) {
            ascii.push(char::from(b'0' + d));
            decimals += 1;
            j += 1;
        }
    }
    if j == int_start || int_digits > 30 || decimals > 30 {
        return None;
    }
    let value: f64 = ascii.parse().ok().filter(|v: &f64| v.is_finite())?;
    Some(Token {
        start: i,
        num_start: i,
        num_end: j,
        end: j,
        value,
        decimals: decimals as u8,
        ascii: Some(ascii),
        chinese: false,
        grouped,
        int_digits,
        leading_zero,
        unit: None,
        comparator: None,
        percent_words: false,
    })
}

fn read_chinese(chars: &[char], i: usize) -> Option<Token> {
    let first = *chars.get(i)?;
    // A numeral starts with a digit or 十 (千人, 百万 are words, not numbers).
    if chinese::digit(first).is_none() && !matches!(first, '十' | '拾') {
        return None;
    }
    let mut end = i;
    while chars.get(end).is_some_and(|&c| chinese::is_numeral_char(c)) && end - i < 40 {
        end += 1;
    }
    // 三点 (three o'clock): a trailing 点 is not a decimal point.
    while end > i && chars[end - 1] == '点' {
        end -= 1;
    }
    // 三千二百万元: the trailing 万 belongs to the unit when a unit follows.
    if end - i > 1
        && matches!(chars[end - 1], '万' | '亿')
        && unit_at(chars, end - 1, true).is_some_and(|(_, n, _)| n > 1)
    {
        end -= 1;
    }
    let s: String = chars[i..end].iter().collect();
    let (value, decimals) = chinese::chinese_number_with_decimals(&s)?;
    Some(Token {
        start: i,
        num_start: i,
        num_end: end,
        end,
        value,
        decimals,
        ascii: None,
        chinese: true,
        grouped: false,
        int_digits: 0,
        leading_zero: false,
        unit: None,
        comparator: None,
        percent_words: false,
    })
}

/// May a sign at `j` start a number? Not after a digit or a unit
/// ("90%-100%", "1-2", "10万元-20万元": there the dash is a range), but after
/// other words ("同比增长-15.24%").
fn sign_may_follow(chars: &[char], j: usize) -> bool {
    let prev = j.checked_sub(1).map(|p| chars[p]);
    match prev {
        None => true,
        Some(p) if is_space(p) => true,
        Some(p) if is_cjk(p) => !unit_ends_at(chars, j),
        Some(p) => {
            matches!(
                p,
                '（' | '('
                    | '：'
                    | ':'
                    | '，'
                    | ','
                    | '；'
                    | ';'
                    | '='
                    | '＝'
                    | '、'
                    | '《'
                    | '“'
                    | '"'
                    | '【'
                    | '['
                    | '为'
                    | '是'
                    | '约'
                    | '达'
                    | '至'
                    | '到'
                    | '了'
            )
        }
    }
}

/// Does a unit (元, 万元, 个, 人次 …) end just before `j`?
fn unit_ends_at(chars: &[char], j: usize) -> bool {
    (1..=5).any(|n| {
        j.checked_sub(n)
            .and_then(|s| unit_at(chars, s, false))
            .is_some_and(|(_, len, _)| len == n)
    })
}

/// The end of a run of digits / numeral characters starting at `i`, so the
/// scanner never restarts inside one.
fn numeral_run_end(chars: &[char], i: usize) -> usize {
    let mut j = i;
    while chars.get(j).is_some_and(|&c| {
        is_digit(c) || matches!(c, ',' | '.' | '．') || chinese::is_numeral_char(c)
    }) {
        j += 1;
    }
    j
}

/// After a skipped token, also skip what continues it: "表 1-2", "1.2.3",
/// "2024-05-01", "025-83612345", "10:30", "6·25", and an enumeration of
/// compound references ("表 1-1、1-2、1-3").
fn skip_chain(chars: &[char], mut j: usize) -> usize {
    let mut compound = false;
    loop {
        let sep = chars.get(j).copied();
        let next_digit = chars.get(j + 1).is_some_and(|&c| is_digit(c));
        if compound
            && matches!(sep, Some('、' | '，' | ',' | '和' | '及'))
            && compound_ref_at(chars, j + 1)
        {
            j += 1;
        } else if next_digit
            && matches!(
                sep,
                Some(
                    '-' | '－'
                        | '—'
                        | '–'
                        | '.'
                        | '．'
                        | '/'
                        | '／'
                        | ':'
                        | '：'
                        | '~'
                        | '～'
                        | '·'
                        | '•'
                )
            )
        {
            compound = true;
            j += 1;
            while chars.get(j).is_some_and(|&c| {
                is_digit(c) || (c == '.' && chars.get(j + 1).is_some_and(|&d| is_digit(d)))
            }) {
                j += 1;
            }
        } else if sep.is_some_and(is_digit) {
            j += 1;
        } else {
            return j;
        }
    }
}

/// Does a compound reference ("1-2", "3.1") start at `k`, with no unit after it?
fn compound_ref_at(chars: &[char], k: usize) -> bool {
    let mut j = k;
    while chars.get(j).is_some_and(|&c| is_digit(c)) {
        j += 1;
    }
    if j == k || !matches!(chars.get(j), Some('-' | '－' | '.' | '．')) {
        return false;
    }
    let mut e = j + 1;
    while chars.get(e).is_some_and(|&c| is_digit(c)) {
        e += 1;
    }
    e > j + 1 && unit_at(chars, e, false).is_none()
}

/// A second number after a range separator: "10-20万元", "1至6月".
fn range_partner(chars: &[char], end: usize) -> Option<Token> {
    let k = skip_spaces(chars, end);
    let sep = *chars.get(k)?;
    if !matches!(sep, '-' | '－' | '—' | '–' | '~' | '～' | '至' | '到') {
        return None;
    }
    let k = skip_spaces(chars, k + 1);
    if !chars
        .get(k)
        .is_some_and(|&c| is_digit(c) || chinese::is_numeral_char(c))
    {
        return None;
    }
    read(chars, k, true)
}

fn looks_like_code(t: &Token) -> bool {
    t.decimals == 0 && !t.grouped && (t.leading_zero || t.int_digits >= 11)
}

/// Words before a number that make it a label: 第3, 表 1-2, 附件2.
const LABEL_BEFORE: &[&str] = &[
    "第", "表", "图", "附件", "附表", "附图", "附录", "编号", "序号", "代码", "章", "节", "款",
    "卷", "No", "NO", "no",
];

/// Characters after a bare number that make it a date, a document number, a
/// level or a list marker rather than a figure.
const NOT_AFTER: &[char] = &[
    '年', '月', '日', '号', '时', '点', '级', '版', '届', '楼', '层', '岁', '、', '）', ')', '〕',
    '】', ']', '］', '秒', '期', '号',
];

/// Context words that mark a phone number or postcode.
const PHONE_WORDS: &[&str] = &[
    "电话",
    "传真",
    "热线",
    "手机",
    "邮编",
    "邮政编码",
    "QQ",
    "Tel",
    "TEL",
];

/// Is this token a figure in running text, given what surrounds it?
fn keep_in_text(chars: &[char], t: &Token) -> bool {
    if t.comparator.is_some() || t.percent_words {
        return true;
    }
    let prev = t.num_start.checked_sub(1).map(|p| chars[p]);
    // Glued to a code or a reference: A11, C22021, v1.2, 〔2019〕, No.3.
    if prev.is_some_and(|p| {
        p.is_ascii_alphanumeric()
            || matches!(
                p,
                '_' | '.' | '·' | '〔' | '[' | '【' | '［' | '#' | '＃' | '/' | '\\'
            )
    }) {
        return false;
    }
    // A label word before it (spaces allowed): 表 1-2, 第3页.
    let mut b = t.num_start;
    while b > 0 && is_space(chars[b - 1]) {
        b -= 1;
    }
    let before: String = chars[b.saturating_sub(4)..b].iter().collect();
    // 罚款 / 拨款 / 贷款 80.00 万元 is money: a 款 that labels a number
    // (条款 3) never carries a money unit, nor a bare 万 ("欠款2,853万", which
    // the money word makes 万元 below).
    let money = t
        .unit
        .as_ref()
        .is_some_and(|(w, u)| u.yuan_exp.is_some() || w == "万");
    // And 表 / 卷 / 图 end nouns (调查表, 问卷, 图纸 …): a number after one
    // with a measure word is a count of it ("发放问卷 500 份"), where 表 1-2
    // has none.
    if LABEL_BEFORE.iter().any(|w| {
        before.ends_with(w)
            && !(*w == "款" && money)
            && !(matches!(*w, "表" | "卷" | "图") && t.unit.is_some())
    }) {
        return false;
    }
    let context: String = chars[t.num_start.saturating_sub(10)..t.num_start]
        .iter()
        .collect();
    if PHONE_WORDS.iter().any(|w| context.contains(w)) && t.unit.is_none() {
        return false;
    }
    if t.chinese {
        // Chinese numerals count only with a unit; a lone 一 before a measure
        // word is an article (一个重要 …), not a count.
        let lone_one = t.num_end - t.num_start == 1 && chars[t.num_start] == '一';
        return t.unit.is_some() && !lone_one;
    }
    let next = chars.get(t.num_end).copied();
    // Glued to letters: 5G, 3D.
    if t.unit.is_none() && next.is_some_and(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    if t.unit.is_some() {
        return true;
    }
    let k = skip_spaces(chars, t.num_end);
    let after = chars.get(k).copied();
    if after.is_some_and(|c| NOT_AFTER.contains(&c)) {
        return false;
    }
    // Continued by a separator and digits: 1.2.3, 2024-05-01, 10:30, 1/2.
    if matches!(next, Some('.' | '．' | ':' | '：' | '/' | '／' | '·' | '•'))
        && chars.get(t.num_end + 1).is_some_and(|&c| is_digit(c))
    {
        return false;
    }
    // Dates and year ranges: 2024-05-01, 2021-2025.
    if t.int_digits == 4
        && t.decimals == 0
        && (1900.0..=2100.0).contains(&t.value)
        && matches!(next, Some('-' | '－' | '—' | '–' | '~'))
    {
        return false;
    }
    // A list marker at the start: "1. ", "2．".
    let only_space_before = chars[..t.num_start].iter().all(|&c| is_space(c));
    if only_space_before && matches!(after, Some('.' | '．')) {
        return false;
    }
    // Long bare digit runs (7+ digits, no separators, no decimals) are
    // identifiers: account numbers, codes, phone numbers without context.
    let long_bare = t.int_digits >= 7 && !t.grouped && t.decimals == 0;
    !(looks_like_code(t) || long_bare)
}

/// `ascii` ("356.218") times 10^exp, computed on the digits so 356.218 万元 is
/// exactly 3562180 元.
fn scaled(ascii: &str, exp: i32) -> Option<f64> {
    let (neg, body) = match ascii.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, ascii),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let exp = usize::try_from(exp).ok()?;
    let mut digits = String::with_capacity(int.len() + frac.len() + exp + 2);
    if neg {
        digits.push('-');
    }
    digits.push_str(int);
    if frac.len() <= exp {
        digits.push_str(frac);
        digits.extend(std::iter::repeat_n('0', exp - frac.len()));
    } else {
        digits.push_str(&frac[..exp]);
        digits.push('.');
        digits.push_str(&frac[exp..]);
    }
    digits.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests;
