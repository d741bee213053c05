//! The lines above a budget table besides its title: the table's number on a
//! line of its own ("公开表一", "公开 01 表", "附表3", "表 2") and the issuer
//! ("编制部门：某某局 单位：元", "部门名称：某某厅"). Disclosures print them
//! in either order around the title; the caption is number and title
//! together, and the issuer names the document's entity. Over the next part
//! of a table split across pages, the caption printed again (with 续, a page
//! mark or its heading number) is told from another table's.

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

const CN_NUMERALS: &str = "一二三四五六七八九十百零〇两";

fn is_numeral(c: char) -> bool {
    crate::figures::is_digit(c) || CN_NUMERALS.contains(c)
}

/// A line that is only a table's number: "表1", "表 2-1", "表一", "附表3",
/// "公开表一", "公开 01 表", "公开01表：", "第二部分" is not one.
pub fn is_table_number(t: &str) -> bool {
    let n = norm(t);
    let n = n.trim_end_matches(['：', ':', '、', '.', '．']);
    if n.is_empty() || n.chars().count() > 12 {
        return false;
    }
    let rest = n.strip_prefix("公开").unwrap_or(n);
    // 表N / 附表N / 续表N
    for prefix in ["附表", "续表", "表"] {
        if let Some(num) = rest.strip_prefix(prefix) {
            return !num.is_empty()
                && num
                    .chars()
                    .all(|c| is_numeral(c) || matches!(c, '-' | '—' | '－' | '.' | '．'))
                && num.chars().next().is_some_and(is_numeral);
        }
    }
    // N表 (公开 01 表)
    if n.starts_with("公开")
        && let Some(num) = rest.strip_suffix('表')
    {
        return !num.is_empty() && num.chars().all(is_numeral);
    }
    false
}

/// A table's title and its number on one line, the number after the title
/// ("收支预算总表 公开表一", "收支预算总表（公开表一）") or before it
/// ("公开表一：收支预算总表"), as text exports and `jixiao text` write the
/// two lines a disclosure prints: is some split's title a caption by
/// `title`? The number alone is [`is_table_number`].
pub fn title_beside_number(t: &str, title: impl Fn(&str) -> bool) -> bool {
    let n = norm(t);
    let starts = |s: &str| {
        ["公开", "附表", "续表", "表"]
            .iter()
            .any(|p| s.starts_with(p))
    };
    // The number last, perhaps in brackets.
    let (body, bracketed) = match n.strip_suffix(['）', ')']) {
        Some(b) => (b, true),
        None => (n.as_str(), false),
    };
    let after = body.char_indices().skip(2).any(|(i, _)| {
        let (head, num) = body.split_at(i);
        let head = if bracketed {
            match head.strip_suffix(['（', '(']) {
                Some(h) => h,
                None => return false,
            }
        } else {
            head
        };
        starts(num) && is_table_number(num) && title(head)
    });
    // The number first ("表1" and "附表1" open a caption already).
    after
        || n.char_indices().skip(2).take(12).any(|(i, _)| {
            let (num, rest) = n.split_at(i);
            num.starts_with("公开") && is_table_number(num) && title(rest)
        })
}

/// Words that introduce the issuer of a table or of the whole disclosure.
const ISSUER_LABELS: [&str; 11] = [
    "预算主管部门",
    "主管部门",
    "编制单位",
    "编制部门",
    "填报单位",
    "编报单位",
    "预算单位",
    "单位名称",
    "部门名称",
    "决算单位",
    "部门",
];

/// The issuer named by a line such as "编制部门：上海市普陀区司法局 单位：元"
/// or "部门： 江苏省人大常委会办公厅 单位：万元" (without the unit part).
pub fn issuer(t: &str) -> Option<String> {
    let n = norm(t);
    let label = ISSUER_LABELS.iter().find(|l| {
        n.strip_prefix(**l)
            .is_some_and(|r| r.starts_with(['：', ':']))
    })?;
    let rest = n[label.len()..].trim_start_matches(['：', ':']);
    // Up to the unit part ("单位：元", "金额单位：万元") or a seal note.
    let mut end = rest.len();
    for stop in ["金额单位", "单位：", "单位:", "（盖章）", "(盖章)"] {
        if let Some(i) = rest.find(stop) {
            end = end.min(i);
        }
    }
    let name = rest[..end].trim_matches(['，', ',', '；', ';', ' ']);
    (name.chars().count() >= 2 && name.chars().count() <= 40).then(|| name.to_string())
}

/// A unit line with an issuer printed into it ("单位：万部门名称：某院 元",
/// two text runs interleaved by the PDF): the issuer and the line without
/// it ("单位：万元").
pub fn issuer_inside(t: &str) -> Option<(String, String)> {
    let n = norm(t);
    if n.chars().count() > 60 || !n.contains("单位") {
        return None;
    }
    for label in ["部门名称", "单位名称", "编制部门", "编制单位", "填报单位"] {
        for sep in ['：', ':'] {
            let key = format!("{label}{sep}");
            let Some(i) = n.find(&key) else { continue };
            // The unit's words stand before the label ("单位：万" | "部门名称：…"):
            // a title before an issuer line run on into it is not a unit.
            if i == 0 || !n[..i].contains("单位") {
                continue;
            }
            let after = &n[i + key.len()..];
            // The name runs to the next CJK-free break: up to a unit word.
            let end = ["元", "单位"]
                .iter()
                .filter_map(|w| after.find(w))
                .min()
                .unwrap_or(after.len());
            let name = &after[..end];
            if name.chars().count() < 2 {
                continue;
            }
            let rest = format!("{}{}", &n[..i], &after[end..]);
            return Some((name.to_string(), rest));
        }
    }
    None
}

/// Does the text before a unit ("编制部门：某局 " in "编制部门：某局 单位：元")
/// name an issuer?
pub fn starts_with_issuer(before_unit: &str) -> bool {
    let n = norm(before_unit);
    ISSUER_LABELS.iter().any(|l| {
        n.strip_prefix(*l)
            .is_some_and(|r| r.starts_with(['：', ':']))
    }) || [
        "编制单位",
        "填报单位",
        "编报单位",
        "预算单位",
        "单位名称",
        "部门名称",
    ]
    .iter()
    .any(|l| n.starts_with(l))
}

/// The marks a page prints on the continued part of a table: "（续）",
/// "(续表)", "【续】" anywhere, "续表3 …" (the number stays: "表3 …"),
/// "… 续表", "续：". The line without them (no whitespace, ASCII brackets
/// and colons as full-width ones) and whether it had one; "续表" alone
/// leaves "".
pub fn strip_continued(t: &str) -> (String, bool) {
    let mut n: String = t.trim().chars().map(fold_char).collect();
    let mut marked = false;
    for m in ["（续表）", "（续）", "【续表】", "【续】", "〔续〕", "[续]"] {
        if n.contains(m) {
            n = n.replace(m, "");
            marked = true;
        }
    }
    let s = n.trim();
    if let Some(rest) = s.strip_prefix("续表") {
        let rest = rest.trim_start_matches([' ', '\u{3000}', '：']);
        // "续表3 …", "续表一 …": a number follows; "续表一般公共预算…",
        // "续表三公经费…": a title whose first word starts with a numeral.
        n = if number_len(rest).is_some() {
            format!("表{rest}")
        } else {
            rest.to_string()
        };
        marked = true;
    } else if let Some(rest) = s.strip_prefix("续：") {
        n = rest.to_string();
        marked = true;
    }
    let mut n = norm(&n);
    if let Some(rest) = n.strip_suffix("续表") {
        n = rest.to_string();
        marked = true;
    }
    (n, marked)
}

/// The length (bytes) of the table number opening `rest`, the text after
/// 表 / 续表: a run of digits ("3", "１２"), or of numerals standing apart
/// from the title ("一 收支总表", "一：…"). A Chinese numeral run into the
/// title ("一收支总表") is the number when the words after it are a table's
/// title on their own and the numeral opens no word of it: the title read
/// with and without it names the same kind of table (收支总表 either way),
/// or names none either way and ends in 表. "一般公共预算支出表" (一般) and
/// "三公经费支出表" (三公) are titles; in "三一般公共预算…" the number is 三.
/// A numeral before a measure word (一级, 二〇二四年, 三类) is no number.
fn number_len(rest: &str) -> Option<usize> {
    use crate::structure::kind::table_kind;
    let run = rest
        .char_indices()
        .find(|&(_, c)| !is_numeral(c))
        .map_or(rest.len(), |(i, _)| i);
    if run == 0 {
        return None;
    }
    let next = rest[run..].chars().next();
    let apart = next.is_none_or(|c| c.is_whitespace() || "：、.．-—－".contains(c));
    if apart || rest[..run].chars().all(crate::figures::is_digit) {
        return Some(run);
    }
    if next.is_some_and(|c| "级年月日号个次类".contains(c)) {
        return None;
    }
    let ends: Vec<usize> = rest[..run]
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take(3)
        .collect();
    ends.into_iter().rev().find(|&k| {
        let (numeral, title) = rest.split_at(k);
        let opens_word = title.chars().next().is_some_and(|c| "般公体把".contains(c));
        let alone = table_kind(title);
        !opens_word
            && alone == table_kind(&format!("{numeral}{title}"))
            && (alone.is_some() || title.trim_end_matches(['）', ')']).ends_with('表'))
    })
}

/// A caption key (no whitespace, no 续 mark) as its table number and its
/// title: "表一收支总表" → ("表一", "收支总表"), "表3-1…" → ("表3-1", …),
/// "收支总表" → (None, …).
fn number_and_title(key: &str) -> (Option<&str>, &str) {
    let Some(open) = ["公开表", "附表", "表"]
        .iter()
        .find(|p| key.starts_with(**p))
    else {
        return (None, key);
    };
    let rest = &key[open.len()..];
    let Some(mut end) = number_len(rest) else {
        return (None, key);
    };
    // A sub-number: "3-1", "2.1".
    if let Some(sub) = rest[end..]
        .strip_prefix(['-', '—', '－', '.', '．'])
        .map(|s| s.chars().take_while(|&c| crate::figures::is_digit(c)))
        .map(|ds| ds.map(char::len_utf8).sum::<usize>())
        .filter(|&n| n > 0)
    {
        end += rest[end..].chars().next().map_or(0, char::len_utf8) + sub;
    }
    let title = rest[end..].trim_start_matches(['：', '、', '.', '．']);
    (Some(&key[..open.len() + end]), title)
}

fn fold_char(c: char) -> char {
    match c {
        '(' => '（',
        ')' => '）',
        ':' => '：',
        c => c,
    }
}

/// Whitespace out, ASCII brackets and colons as their full-width forms.
fn fold(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_char)
        .collect()
}

/// A page mark printed after a title ("… 第3页", "… 第 3 页 共 8 页",
/// "… -3-") taken off; the text otherwise unchanged.
fn strip_page_mark(n: &str) -> &str {
    const DASHES: [char; 3] = ['-', '—', '－'];
    // A dash opens a page mark only when one closes it: "表2-1" keeps its
    // number.
    let opens = |i: usize, c: char| c == '第' || DASHES.contains(&c) && n[i..].ends_with(DASHES);
    n.char_indices()
        .skip(1)
        .filter(|&(i, c)| opens(i, c))
        .map(|(i, _)| i)
        .find(|&i| crate::ingest::is_page_number(&n[i..]))
        .map_or(n, |i| &n[..i])
}

/// A caption line as compared with another: no whitespace, no continuation
/// or page mark, no heading number ("二、"). (`strip_continued`'s flag is
/// the caller's to read.)
fn caption_key(t: &str) -> String {
    let (n, _) = strip_continued(t);
    let n = strip_page_mark(&n);
    let n = match crate::structure::headings::mark(n) {
        Some(m) if m.rest < n.len() => &n[m.rest..],
        _ => n,
    };
    n.trim_end_matches(['：', '。']).to_string()
}

/// Does `line`, printed above the next part of a table, restate the table's
/// caption `caption`? The same text once 续/page marks and a heading number
/// are taken off (the caption printed again at the top of the page, the
/// heading that named the table repeated), the title without its number
/// (six characters at least: "一般公共预算支出表", not "支出表"), the
/// number alone ("表3" for "表3 一般公共预算支出表"), or the caption with
/// a number beside it that the first part's caption did not print. A
/// different number or title is a different table.
pub fn restates_caption(caption: &str, line: &str) -> bool {
    let (a, b) = (caption_key(caption), caption_key(line));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b || b.chars().count() >= 6 && a.contains(&b) {
        return true;
    }
    // The number alone: the caption's own ("表3" is not "表31").
    if is_table_number(&b) && leading_number(caption).is_some_and(|n| n == b) {
        return true;
    }
    // A line marked 续 with the caption's title, its number the caption's
    // or one of the two printing none ("续表一收支总表" over "收支总表",
    // "收支总表（续）" over "表1 收支总表").
    if strip_continued(line).1 {
        let ((na, ta), (nb, tb)) = (number_and_title(&a), number_and_title(&b));
        if !tb.is_empty() && ta == tb && (na.is_none() || nb.is_none() || na == nb) {
            return true;
        }
    }
    // The line adds a number to a caption printed without one.
    a.chars().count() >= 6
        && !starts_with_number(&a)
        && [b.strip_prefix(&a), b.strip_suffix(&a)]
            .into_iter()
            .flatten()
            .any(|r| is_table_number(r.trim_matches(['（', '）', '：'])))
}

/// The table number a caption opens with ("表3" of "表3 一般公共预算支出表"
/// or "表3一般公共预算支出表", "表一" of "表一 收支总表"): the first word
/// when it is a number, else the longest run of digits after 表 (a Chinese
/// numeral run into the title is not told from the title: "表一般…").
fn leading_number(caption: &str) -> Option<String> {
    let t = caption.trim();
    let first = t
        .split(|c: char| c.is_whitespace() || c == '：' || c == ':')
        .next()?;
    if is_table_number(first) {
        return Some(fold(first));
    }
    let n = fold(t);
    let open = ["公开表", "附表", "表"]
        .iter()
        .find(|p| n.starts_with(**p))?;
    let digits = n[open.len()..]
        .chars()
        .take_while(|&c| crate::figures::is_digit(c) || matches!(c, '-' | '－' | '.' | '．'))
        .map(char::len_utf8)
        .sum::<usize>();
    let number = n[..open.len() + digits].trim_end_matches(['-', '－', '.', '．']);
    is_table_number(number).then(|| number.to_string())
}

/// Does a caption print its table's number, before or after its title
/// ("表3 …", "公开表一：…", "收支预算总表（公开表一）")?
pub fn has_number(caption: &str) -> bool {
    let n = fold(caption);
    is_table_number(&n) || starts_with_number(&n) || title_beside_number(&n, |_| true)
}

/// Does the text open with a table number ("表3…", "附表1…", "公开表一…")?
fn starts_with_number(n: &str) -> bool {
    n.char_indices()
        .skip(1)
        .take(12)
        .any(|(i, _)| is_table_number(&n[..i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_marks() {
        for (line, rest) in [
            (
                "表3 一般公共预算财政拨款支出决算表（续）",
                "表3一般公共预算财政拨款支出决算表",
            ),
            (
                "表3 一般公共预算财政拨款支出决算表(续表)",
                "表3一般公共预算财政拨款支出决算表",
            ),
            ("续表3 一般公共预算支出表", "表3一般公共预算支出表"),
            ("续表3", "表3"),
            ("续表一 收支预算总表", "表一收支预算总表"),
            ("续表 一般公共预算支出表", "一般公共预算支出表"),
            ("续表三公经费支出表", "三公经费支出表"),
            // The number run into the title: taken off all the same.
            ("续表一收支总表", "表一收支总表"),
            ("续表1收支总表", "表1收支总表"),
            ("续表十二项目支出绩效目标表", "表十二项目支出绩效目标表"),
            ("续表二单位基本情况表", "表二单位基本情况表"),
            ("续表一般公共预算支出表", "一般公共预算支出表"),
            ("续表一级指标评分表", "一级指标评分表"),
            ("续表二〇二四年收支总表", "二〇二四年收支总表"),
            (
                "续表三一般公共预算财政拨款支出决算表",
                "表三一般公共预算财政拨款支出决算表",
            ),
            ("续表", ""),
            ("（续）", ""),
            ("续：收支预算总表", "收支预算总表"),
            ("一般公共预算支出表 续表", "一般公共预算支出表"),
        ] {
            assert_eq!(strip_continued(line), (rest.to_string(), true), "{line}");
        }
        for line in ["表3 一般公共预算支出表", "继续教育支出", "连续三年"] {
            assert!(!strip_continued(line).1, "{line}");
        }
    }

    #[test]
    fn captions_restated_over_a_continued_part() {
        let cap = "表3 一般公共预算财政拨款支出决算表";
        for line in [
            "表3 一般公共预算财政拨款支出决算表（续）",
            "表3 一般公共预算财政拨款支出决算表(续表)",
            "续表3 一般公共预算财政拨款支出决算表",
            "续表3",
            "表3（续）",
            "一般公共预算财政拨款支出决算表（续）",
            "表3 一般公共预算财政拨款支出决算表 第 4 页 共 6 页",
            "表3 一般公共预算财政拨款支出决算表 -4-",
        ] {
            assert!(restates_caption(cap, line), "{line}");
        }
        // The heading that named the table, printed again.
        assert!(restates_caption(
            "一般公共预算支出预算表",
            "二、一般公共预算支出预算表"
        ));
        // A number the first part's caption did not print.
        assert!(restates_caption(
            "一般公共预算财政拨款支出决算表",
            "表3 一般公共预算财政拨款支出决算表（续）"
        ));
        // Another table: another number or title.
        for line in [
            "表4 一般公共预算财政拨款基本支出决算表",
            "表4 一般公共预算财政拨款支出决算表（续）",
            "续表4",
            "表31",
            "表3-1",
            "政府性基金预算财政拨款收入支出决算表",
            "支出决算表",
            "（续）",
        ] {
            assert!(!restates_caption(cap, line), "{line}");
        }
        assert!(!restates_caption(
            "一般公共预算财政拨款支出决算表",
            "表3 一般公共预算财政拨款基本支出决算表"
        ));
        // 续表 with the number run into the title, under a caption with the
        // same number or none; the title restated with a 续 mark under a
        // caption with a number.
        for (cap, line) in [
            ("表一 收支总表", "续表一收支总表"),
            ("表一 收支总表", "续表一 收支总表"),
            ("收支总表", "续表一收支总表"),
            ("收支总表", "续表1收支总表"),
            ("收入支出决算总表", "续表一收入支出决算总表"),
            ("表1 收支总表", "收支总表（续）"),
            ("表1 收支总表", "续表1收支总表"),
            (
                "表三 一般公共预算财政拨款支出决算表",
                "续表三一般公共预算财政拨款支出决算表",
            ),
            ("表3-1 收支总表", "收支总表（续）"),
        ] {
            assert!(restates_caption(cap, line), "{cap} | {line}");
            // With the page's text as it reaches the caption reader.
            assert!(restates_caption(cap, &norm(line)), "{cap} | {line}");
        }
        for (cap, line) in [
            ("表一 收支总表", "续表二收支总表"),
            ("表1 收支总表", "续表2收支总表"),
            ("表一 收支总表", "续表一般公共预算支出表"),
            ("收支总表", "续表一财政拨款收支总表"),
            ("收支总表", "收入总表（续）"),
            ("表3-1 收支总表", "续表3-2收支总表"),
        ] {
            assert!(!restates_caption(cap, line), "{cap} | {line}");
        }
        assert!(has_number("表3 一般公共预算支出表"));
        assert!(has_number("收支预算总表（公开表一）"));
        assert!(!has_number("一般公共预算支出表"));
        // A number with a dash is no page mark.
        assert!(!restates_caption(
            "收支预算总表 表2-1",
            "收支预算总表 表2-2"
        ));
    }

    #[test]
    fn table_numbers() {
        for t in [
            "公开表一",
            "公开 01 表",
            "公开01表：",
            "表1",
            "表 2-1",
            "表一",
            "附表3",
            "表十二",
        ] {
            assert!(is_table_number(t), "{t}");
        }
        for t in [
            "收支预算总表",
            "表1 收支预算总表",
            "第二部分",
            "表",
            "公开",
            "表格",
            "附表说明",
        ] {
            assert!(!is_table_number(t), "{t}");
        }
    }

    #[test]
    fn title_and_number_on_one_line() {
        let title = |t: &str| t.ends_with('表');
        for t in [
            "收支预算总表 公开表一",
            "收支预算总表公开表一",
            "收支预算总表（公开表一）",
            "收支预算总表(表1)",
            "公开表一：收支预算总表",
            "公开01表 收支预算总表",
            "部门收支总表 附表2",
        ] {
            assert!(title_beside_number(t, title), "{t}");
        }
        for t in [
            "收支预算总表",
            "公开表一",
            "表1",
            "详见表1",
            "一般公共预算支出表2",
            "收支预算总表（说明）",
            "收支预算总表 公开表一 说明",
        ] {
            assert!(!title_beside_number(t, title), "{t}");
        }
    }

    #[test]
    fn issuers() {
        assert_eq!(
            issuer("编制部门：上海市普陀区司法局 单位：元").as_deref(),
            Some("上海市普陀区司法局")
        );
        assert_eq!(
            issuer("部门： 江苏省人大常委会办公厅 单位：万元").as_deref(),
            Some("江苏省人大常委会办公厅")
        );
        assert_eq!(
            issuer("预算主管部门：上海市普陀区商务委员会").as_deref(),
            Some("上海市普陀区商务委员会")
        );
        assert_eq!(
            issuer("填报单位：某某局（盖章）　金额单位：万元").as_deref(),
            Some("某某局")
        );
        assert_eq!(issuer("部门预算编制说明"), None);
        assert_eq!(issuer("单位：万元"), None);
        assert!(starts_with_issuer("部门： 江苏省人大常委会办公厅 "));
        assert!(starts_with_issuer("编制部门：上海市普陀区司法局"));
        assert!(!starts_with_issuer("2026年预算"));
        assert_eq!(
            issuer_inside("单位：万部门名称：江苏省高级人民法院 元"),
            Some(("江苏省高级人民法院".into(), "单位：万元".into()))
        );
        assert_eq!(issuer_inside("单位：万元"), None);
    }
}
