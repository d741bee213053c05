//! The Chinese heading ladder: 一、 / （一） / 1、 / （1） / ①, plus 第一章,
//! 附件, and the table of contents (目录) whose entries must not become sections.

use crate::figures::is_digit;

/// A heading number found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The number as written, without the separator: "一", "（二）", "3", "(1)", "①", "第一章".
    pub number: String,
    /// Rank in the ladder: 1 = 一、/第一章, 2 = （一）/第一节, 3 = 1、, 4 = （1）, 5 = ①.
    pub level: u8,
    /// Byte offset where the heading text starts (after number and separator).
    pub rest: usize,
}

const CN_DIGITS: &str = "一二三四五六七八九十百零〇两";

fn is_cn_digit(c: char) -> bool {
    CN_DIGITS.contains(c)
}

/// Recognise a heading number at the start of `text`.
pub fn mark(text: &str) -> Option<Mark> {
    let t = text;
    let chars: Vec<(usize, char)> = t.char_indices().take(16).collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let off = |i: usize| chars.get(i).map(|&(o, _)| o).unwrap_or(t.len());
    let sep =
        |c: Option<char>| matches!(c, Some('、' | '.' | '．' | '，' | ',' | ' ' | '\u{3000}'));
    let first = at(0)?;

    // 第一章 / 第一部分 / 第一节
    if first == '第' {
        let n = (1..chars.len())
            .take_while(|&i| at(i).is_some_and(is_cn_digit))
            .count();
        if n > 0 {
            let unit_at = 1 + n;
            let level = match at(unit_at) {
                Some('章' | '编') => 1,
                Some('部') if at(unit_at + 1) == Some('分') => 1,
                Some('节') => 2,
                _ => return None,
            };
            let end = if at(unit_at) == Some('部') {
                unit_at + 2
            } else {
                unit_at + 1
            };
            return Some(Mark {
                number: t[..off(end)].to_string(),
                level,
                rest: skip_sep(t, off(end)),
            });
        }
        return None;
    }
    // 一、
    if is_cn_digit(first) {
        let n = (0..chars.len())
            .take_while(|&i| at(i).is_some_and(is_cn_digit))
            .count();
        if matches!(at(n), Some('、' | '.' | '．' | '，')) && n <= 3 {
            return Some(Mark {
                number: t[..off(n)].to_string(),
                level: 1,
                rest: skip_sep(t, off(n + 1)),
            });
        }
        // "一）" / "一)": （一） with its opening bracket left out, as some
        // publishers number the second rung.
        if matches!(at(n), Some('）' | ')')) && n <= 3 {
            return Some(Mark {
                number: t[..off(n + 1)].to_string(),
                level: 2,
                rest: skip_sep(t, off(n + 1)),
            });
        }
        return None;
    }
    // （一） / （1） / (1)
    if matches!(first, '（' | '(') {
        let n = (1..chars.len())
            .take_while(|&i| at(i).is_some_and(|c| is_cn_digit(c) || is_digit(c)))
            .count();
        if n == 0 || n > 3 || !matches!(at(1 + n), Some('）' | ')')) {
            return None;
        }
        let inner: String = chars[1..1 + n].iter().map(|&(_, c)| c).collect();
        let level = if inner.chars().all(is_cn_digit) {
            2
        } else if inner.chars().all(is_digit) {
            4
        } else {
            return None;
        };
        let end = off(2 + n);
        return Some(Mark {
            number: t[..end].to_string(),
            level,
            rest: skip_sep(t, end),
        });
    }
    // 1、 / 1. (not 1.5)
    if is_digit(first) {
        let n = (0..chars.len())
            .take_while(|&i| at(i).is_some_and(is_digit))
            .count();
        if n > 2 {
            return None;
        }
        let s = at(n);
        // "1）" / "1)": （1） with its opening bracket left out.
        if matches!(s, Some('）' | ')')) {
            return Some(Mark {
                number: t[..off(n + 1)].to_string(),
                level: 4,
                rest: skip_sep(t, off(n + 1)),
            });
        }
        if !matches!(s, Some('、' | '.' | '．')) {
            return None;
        }
        // "1.5 万元" is a number; "1.1 标题" is a decimal-outline heading we do not rank.
        if s != Some('、') && at(n + 1).is_some_and(is_digit) {
            return None;
        }
        return Some(Mark {
            number: t[..off(n)].to_string(),
            level: 3,
            rest: skip_sep(t, off(n + 1)),
        });
    }
    // ① … ⑳
    if ('①'..='⑳').contains(&first) {
        return Some(Mark {
            number: first.to_string(),
            level: 5,
            rest: skip_sep(t, off(1)),
        });
    }
    let _ = sep;
    None
}

fn skip_sep(t: &str, mut i: usize) -> usize {
    while let Some(c) = t[i..].chars().next() {
        if matches!(c, '、' | '.' | '．' | ' ' | '\u{3000}' | '\t' | '，') {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// An attachment marker: "附件", "附件1", "附件 2：标题", "附表1". Returns the
/// number as written ("附件1").
pub fn attachment(text: &str) -> Option<String> {
    let t = text.trim();
    let rest = t.strip_prefix("附件").or_else(|| t.strip_prefix("附表"))?;
    let rest_trim = rest.trim_start();
    let digits: String = rest_trim
        .chars()
        .take_while(|c| c.is_ascii_digit() || is_cn_digit(*c))
        .collect();
    let after = rest_trim[digits.len()..].trim_start();
    let ok = after.is_empty()
        || after.starts_with(['：', ':', '、', '.', '．', ' ', '\n'])
        || (!digits.is_empty() && after.chars().count() <= 60);
    if !ok || t.chars().count() > 80 {
        return None;
    }
    Some(format!("{}{}", &t[..6], digits))
}

/// Split a heading's text into title and run-in body: the title is the first
/// sentence ("（一）聚力遏制新增，违法管控取得新成效。以遏制……" → title
/// "聚力遏制新增，违法管控取得新成效"). Trailing 。 and ： are dropped from the title.
pub fn split_title(rest: &str) -> (String, Option<String>) {
    let rest = rest.trim();
    if let Some(i) = rest.find(['。', '！', '？']) {
        let end = i + '。'.len_utf8();
        let title = rest[..i].trim().to_string();
        let body = rest[end..].trim();
        return (title, (!body.is_empty()).then(|| body.to_string()));
    }
    (rest.trim_end_matches(['：', ':']).trim().to_string(), None)
}

/// Is this paragraph the table-of-contents marker?
pub fn is_contents_marker(text: &str) -> bool {
    // Compared without collecting: this runs on every paragraph.
    let squeezed = || text.chars().filter(|c| !c.is_whitespace());
    ["目录", "目次", "CONTENTS", "Contents"]
        .iter()
        .any(|w| squeezed().eq(w.chars()))
}

/// A contents entry: text followed by leaders or spaces and a page number
/// ("一、单位概况……1", "（一）单位基本情况 1"). Returns (text, page).
pub fn contents_entry(text: &str) -> Option<(String, u32)> {
    let t = text.trim_end();
    let digits_start = t
        .trim_end_matches(|c: char| crate::figures::narrow(c).is_ascii_digit())
        .len();
    let page = page_number(&t[digits_start..], 4)?;
    let head = &t[..digits_start];
    let stripped = head.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '．' | '…' | '·' | '_' | '-' | '—' | '⋯')
    });
    if stripped.len() == head.len() || stripped.is_empty() {
        return None;
    }
    Some((stripped.trim().to_string(), page))
}

/// A page number of at most `max_digits` digits, typed in ASCII or
/// full-width ("１２"); None for anything else.
pub fn page_number(s: &str, max_digits: usize) -> Option<u32> {
    let digits: String = s.chars().map(crate::figures::narrow).collect();
    if digits.is_empty() || digits.len() > max_digits || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    digits.parse().ok()
}

/// The ordinal a list number gives: "（一）" 1, "3" 3, "（12）" 12, "②" 2.
pub fn ordinal(number: &str) -> Option<usize> {
    let core: String = number
        .chars()
        .filter(|c| !matches!(c, '（' | '）' | '(' | ')' | '、' | '.' | '．' | ' '))
        .map(crate::figures::narrow)
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

    fn m(t: &str) -> Option<(String, u8, String)> {
        mark(t).map(|k| (k.number.clone(), k.level, t[k.rest..].to_string()))
    }

    #[test]
    fn the_ladder() {
        assert_eq!(
            m("一、部门（单位）概况"),
            Some(("一".into(), 1, "部门（单位）概况".into()))
        );
        assert_eq!(m("十二、其他"), Some(("十二".into(), 1, "其他".into())));
        assert_eq!(
            m("（二）单位资金情况"),
            Some(("（二）".into(), 2, "单位资金情况".into()))
        );
        assert_eq!(
            m("(一) 评价依据"),
            Some(("(一)".into(), 2, "评价依据".into()))
        );
        assert_eq!(
            m("1、单位机构情况"),
            Some(("1".into(), 3, "单位机构情况".into()))
        );
        assert_eq!(
            m("1. 财政部绩效管理相关政策文件"),
            Some(("1".into(), 3, "财政部绩效管理相关政策文件".into()))
        );
        assert_eq!(
            m("3、2024年度目标"),
            Some(("3".into(), 3, "2024年度目标".into()))
        );
        assert_eq!(
            m("（1）加强源头防控"),
            Some(("（1）".into(), 4, "加强源头防控".into()))
        );
        assert_eq!(
            m("(4) 创新执法机制"),
            Some(("(4)".into(), 4, "创新执法机制".into()))
        );
        // Full-width digits number headings as ASCII ones do.
        assert_eq!(
            m("１、住房保障支出"),
            Some(("１".into(), 3, "住房保障支出".into()))
        );
        assert_eq!(
            m("（１２）其他支出"),
            Some(("（１２）".into(), 4, "其他支出".into()))
        );
        assert_eq!(m("①当年制定"), Some(("①".into(), 5, "当年制定".into())));
        // The second and fourth rungs with their opening bracket left out.
        assert_eq!(
            m("二）绩效目标"),
            Some(("二）".into(), 2, "绩效目标".into()))
        );
        assert_eq!(
            m("三) 评价结论"),
            Some(("三)".into(), 2, "评价结论".into()))
        );
        assert_eq!(m("2）项目支出"), Some(("2）".into(), 4, "项目支出".into())));
        assert_eq!(m("12) 其他"), Some(("12)".into(), 4, "其他".into())));
        assert_eq!(ordinal("二）"), Some(2));
        assert_eq!(ordinal("12)"), Some(12));
        assert_eq!(m("第一章 总则"), Some(("第一章".into(), 1, "总则".into())));
        assert_eq!(
            m("第二部分 评价"),
            Some(("第二部分".into(), 1, "评价".into()))
        );
    }

    #[test]
    fn not_headings() {
        for t in [
            "一是强化预警走访",
            "2022 年度南京市",
            "1.5 万元",
            "１．５万元",
            "2024年",
            "十三五规划",
            "第3条",
            "（单位：万元）",
            "(a) x",
            "123、",
            "第一条 为了",
            "123)",
            "一二三四)",
        ] {
            assert_eq!(mark(t), None, "{t}");
        }
    }

    #[test]
    fn titles_are_first_sentences() {
        assert_eq!(
            split_title("聚力遏制新增，违法管控取得新成效。以遏制新增问题为目标"),
            (
                "聚力遏制新增，违法管控取得新成效".into(),
                Some("以遏制新增问题为目标".into())
            )
        );
        assert_eq!(split_title("考核等次。"), ("考核等次".into(), None));
        assert_eq!(split_title("中长期规划："), ("中长期规划".into(), None));
    }

    #[test]
    fn attachments_and_contents() {
        assert_eq!(attachment("附件 1"), Some("附件1".into()));
        assert_eq!(attachment("附件"), Some("附件".into()));
        assert_eq!(
            attachment("附件 1：2024 年部门整体支出指标体系得分情况表"),
            Some("附件1".into())
        );
        assert_eq!(
            attachment(
                "附件材料已报送财政局并经审核通过后在网站上公开发布供社会各界查阅和监督使用"
            ),
            None
        );
        assert!(is_contents_marker("目 录"));
        assert_eq!(
            contents_entry("一、单位概况……………1"),
            Some(("一、单位概况".into(), 1))
        );
        assert_eq!(
            contents_entry("(一) 单位基本情况 9"),
            Some(("(一) 单位基本情况".into(), 9))
        );
        assert_eq!(contents_entry("2024"), None);
        assert_eq!(contents_entry("支出合计1971"), None);
        assert_eq!(
            contents_entry("(三) 单位绩效目标\t１２"),
            Some(("(三) 单位绩效目标".into(), 12))
        );
        assert_eq!(ordinal("（１２）"), Some(12));
    }
}
