//! Traces of a copied template, each a `warning`:
//! - `hygiene.placeholder` (every document): a placeholder left in — XX局,
//!   ××, ○○, 某某, an empty 【】;
//! - `hygiene.year` (disclosures with a known fiscal year): a heading or
//!   table title that names the disclosure for another year ("2023年度部门决算
//!   情况说明" in a 2024 决算), and an "as of" date that contradicts it
//!   ("截至2023年12月31日" in a 2024 决算; a budget's "截至" date lies in the
//!   year before its fiscal year). Budgets legitimately name last year's
//!   执行数, 上年 columns and comparisons: those are not flagged.

use crate::audit::num::Num;
use crate::audit::{Recorder, finding};
use crate::model::{BodyItem, Document, Location, Operand, Section, Severity, Span, Table};
use crate::structure::kind::{is_final_accounts, years_in};

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The first placeholder in `text`: its char offset and the text around it.
pub fn placeholder(text: &str) -> Option<(usize, String)> {
    // Nearly every text has none of the marks: no copy of its characters.
    if !text.contains(['X', 'x', 'Ｘ', 'ｘ', '×', '○', '◯', '某', '【']) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let around = |i: usize, k: usize| -> String {
        chars[i.saturating_sub(6)..(i + k + 6).min(n)]
            .iter()
            .collect::<String>()
            .trim()
            .to_string()
    };
    let prev_solid = |i: usize| {
        chars[..i]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .copied()
    };
    let next_solid = |i: usize| chars[i..].iter().find(|c| !c.is_whitespace()).copied();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let run = |pred: &dyn Fn(char) -> bool| chars[i..].iter().take_while(|&&x| pred(x)).count();
        if matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ') {
            let k = run(&|x| matches!(x, 'X' | 'x' | 'Ｘ' | 'ｘ'));
            let before = if i == 0 { None } else { Some(chars[i - 1]) };
            let after = chars.get(i + k).copied();
            let latin = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphanumeric());
            // "20XX年" is a year left blank; "AX12" a model number.
            let before_ok = !before.is_some_and(|b| b.is_ascii_alphabetic())
                && (!latin(before) || after == Some('年'));
            let cjk_near =
                prev_solid(i).is_some_and(is_cjk) || next_solid(i + k).is_some_and(is_cjk);
            if k >= 2 && before_ok && !latin(after) && cjk_near {
                return Some((i, around(i, k)));
            }
            i += k;
            continue;
        }
        if matches!(c, '×' | '○' | '◯') {
            let k = run(&|x| x == c);
            if k >= 2 {
                return Some((i, around(i, k)));
            }
            i += k;
            continue;
        }
        if c == '某' && chars.get(i + 1) == Some(&'某') {
            return Some((i, around(i, 2)));
        }
        if c == '【' {
            let k = chars[i + 1..]
                .iter()
                .take_while(|x| x.is_whitespace())
                .count();
            if chars.get(i + 1 + k) == Some(&'】') {
                return Some((i, around(i, k + 2)));
            }
        }
        i += 1;
    }
    None
}

/// Where a text block of the document stands; made into a [`Location`] only
/// for the few blocks flagged (a document of 200,000 paragraphs made as many
/// copies of every text and location, a fifth of the audit's peak memory).
enum Origin<'a> {
    Title,
    Prose(Option<&'a str>, &'a Span),
    Caption(&'a Table),
    Cell(&'a Table, usize, usize),
}

impl Origin<'_> {
    fn location(&self) -> Location {
        match *self {
            Origin::Title => Location::default(),
            Origin::Prose(section, span) => Location {
                section: section.map(str::to_string),
                source: Some(span.clone()),
                ..Default::default()
            },
            Origin::Caption(t) => Location {
                table: Some(t.id),
                section: t.section.clone(),
                source: Some(t.location.clone()),
                ..Default::default()
            },
            Origin::Cell(t, r, c) => Location {
                table: Some(t.id),
                row: Some(r),
                column: Some(c),
                section: t.section.clone(),
                source: t.rows[r][c].location.clone(),
                offset: None,
            },
        }
    }
}

/// Every text block of the document with where it is.
fn blocks(doc: &Document) -> Vec<(&str, Origin<'_>)> {
    let mut out = Vec::new();
    if let Some(t) = &doc.title {
        out.push((t.as_str(), Origin::Title));
    }
    for p in &doc.preamble {
        out.push((p.text.as_str(), Origin::Prose(None, &p.location)));
    }
    fn walk<'a>(ss: &'a [Section], out: &mut Vec<(&'a str, Origin<'a>)>) {
        for s in ss {
            out.push((s.title.as_str(), Origin::Prose(Some(&s.id), &s.location)));
            for b in &s.body {
                if let BodyItem::Paragraph(p) = b {
                    out.push((p.text.as_str(), Origin::Prose(Some(&s.id), &p.location)));
                }
            }
            walk(&s.children, out);
        }
    }
    walk(&doc.sections, &mut out);
    for t in &doc.tables {
        if let Some(c) = &t.caption {
            out.push((c.as_str(), Origin::Caption(t)));
        }
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.value.is_none() && !cell.text.trim().is_empty() {
                    out.push((cell.text.as_str(), Origin::Cell(t, r, c)));
                }
            }
        }
    }
    out
}

pub fn placeholders(doc: &Document, rec: &mut Recorder) {
    let mut flagged = 0;
    for (text, origin) in blocks(doc) {
        let Some((_, context)) = placeholder(text) else {
            continue;
        };
        let location = origin.location();
        // The title repeats in a heading: one finding per distinct text.
        flagged += 1;
        if flagged > 50 {
            break;
        }
        rec.fail(finding(
            "hygiene.placeholder",
            Severity::Warning,
            Num::exact(0.0),
            0.0,
            None,
            format!(
                "a placeholder left in: 「{context}」 ({})",
                location
                    .source
                    .as_ref()
                    .map(Span::describe)
                    .unwrap_or_else(|| "title".into())
            ),
            location.clone(),
            vec![Operand {
                label: format!("「{context}」"),
                value: 0.0,
                text: context,
                location,
            }],
        ));
    }
    if flagged == 0 {
        rec.pass("hygiene.placeholder");
    }
}

/// Words after a year that make a heading name the disclosure itself or one
/// of its tables.
const OWN_KIND: [&str; 12] = [
    "部门决算",
    "单位决算",
    "部门预算",
    "单位预算",
    "决算表",
    "预算表",
    "决算总表",
    "预算总表",
    "决算情况说明",
    "预算情况说明",
    "决算公开",
    "预算公开",
];

/// Words that make another year legitimate (上年 comparisons, 执行数).
const OTHER_YEAR_OK: [&str; 9] = [
    "执行", "上年", "比较", "对比", "变动", "以来", "至", "—", "-",
];

/// Without spaces, full-width digits read as ASCII ("截至２０２３年").
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(crate::figures::narrow)
        .collect()
}

pub fn years(doc: &Document, rec: &mut Recorder) {
    let Some(fy) = doc.fiscal_year else { return };
    let Some(kind) = doc.kind else { return };
    let final_accounts = is_final_accounts(kind);
    // Headings and table titles.
    let mut headings: Vec<(&str, Origin)> = Vec::new();
    fn walk<'a>(ss: &'a [Section], out: &mut Vec<(&'a str, Origin<'a>)>) {
        for s in ss {
            out.push((s.title.as_str(), Origin::Prose(Some(&s.id), &s.location)));
            walk(&s.children, out);
        }
    }
    walk(&doc.sections, &mut headings);
    // The contents listing names the same parts and tables.
    for c in &doc.contents {
        headings.push((c.text.as_str(), Origin::Prose(None, &c.location)));
    }
    for t in &doc.tables {
        if let Some(c) = &t.caption {
            headings.push((c.as_str(), Origin::Caption(t)));
        }
    }
    for (text, origin) in headings {
        let n = norm(text);
        if OTHER_YEAR_OK.iter().any(|w| n.contains(w)) {
            continue;
        }
        let ys = years_in(&n);
        let names_own = |from: usize| {
            let tail: String = n.chars().skip(from).take(40).collect();
            OWN_KIND.iter().any(|w| tail.contains(w))
        };
        let mut run = false;
        for (pos, y) in ys {
            if !names_own(pos) {
                continue;
            }
            run = true;
            if y == fy {
                continue;
            }
            report_year(rec, text, y, fy, "a heading names", origin.location());
        }
        if run {
            rec.pass("hygiene.year");
        }
    }
    // "截至2023年12月31日" in the prose.
    let mut paragraphs: Vec<(&str, Origin)> = Vec::new();
    fn paras<'a>(ss: &'a [Section], out: &mut Vec<(&'a str, Origin<'a>)>) {
        for s in ss {
            for b in &s.body {
                if let BodyItem::Paragraph(p) = b {
                    out.push((p.text.as_str(), Origin::Prose(Some(&s.id), &p.location)));
                }
            }
            paras(&s.children, out);
        }
    }
    paras(&doc.sections, &mut paragraphs);
    for (text, origin) in paragraphs {
        for (y, m, d) in as_of_dates(text) {
            let contradicts = if final_accounts {
                y < fy || (y != fy && m == 12 && d == 31)
            } else {
                y + 1 < fy || y > fy
            };
            if contradicts {
                report_year(
                    rec,
                    &format!("截至{y}年{m}月{d}日"),
                    y,
                    fy,
                    if final_accounts {
                        "an as-of date (截至) of final accounts names"
                    } else {
                        "an as-of date (截至) of a budget names"
                    },
                    origin.location(),
                );
            } else {
                rec.pass("hygiene.year");
            }
        }
    }
}

fn report_year(rec: &mut Recorder, text: &str, y: u16, fy: u16, what: &str, location: Location) {
    let mut found = finding(
        "hygiene.year",
        Severity::Warning,
        Num::exact(y as f64),
        fy as f64,
        None,
        format!(
            "{what} {y}, not the fiscal year {fy}{}: 「{}」 ({})",
            if what.contains("budget") {
                format!(" or the year before ({})", fy - 1)
            } else {
                String::new()
            },
            text.trim(),
            location
                .source
                .as_ref()
                .map(Span::describe)
                .unwrap_or_default()
        ),
        location.clone(),
        vec![Operand {
            label: format!("「{}」", text.trim()),
            value: y as f64,
            text: y.to_string(),
            location,
        }],
    );
    found.difference = y as f64 - fy as f64;
    rec.fail(found);
}

/// "截至 2023 年 12 月 31 日", "截止2024年8月31日" → (year, month, day).
pub fn as_of_dates(text: &str) -> Vec<(u16, u32, u32)> {
    let n = norm(text);
    let mut out = Vec::new();
    for marker in ["截至", "截止到", "截止"] {
        let mut from = 0;
        while let Some(i) = n[from..].find(marker) {
            let start = from + i + marker.len();
            from = start;
            let rest = &n[start..];
            if marker == "截止" && rest.starts_with('到') {
                continue;
            }
            // The year as years_in reads it ("2023年", "二〇二三年"), then the
            // month and day in digits or Chinese numerals ("十二月三十一日").
            let mut nums = Vec::new();
            if let Some(&(0, y)) = crate::structure::kind::years_in(rest).first() {
                nums.push(u32::from(y));
                let mut left = rest.split_once('年').map_or("", |(_, r)| r);
                for unit in ['月', '日'] {
                    let Some((n, r)) = left.split_once(unit) else {
                        break;
                    };
                    let v = if n.chars().all(|c| c.is_ascii_digit()) {
                        n.parse::<u32>().ok()
                    } else if n.chars().count() <= 3 {
                        crate::figures::chinese_number(n).map(|v| v as u32)
                    } else {
                        None
                    };
                    let Some(v) = v else { break };
                    nums.push(v);
                    left = r;
                }
            }
            if let [y, m, d] = nums[..]
                && (1990..2100).contains(&y)
                && (1..=12).contains(&m)
                && (1..=31).contains(&d)
                && !out.contains(&(y as u16, m, d))
            {
                out.push((y as u16, m, d));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_found() {
        for t in [
            "第二部分上海市普陀区XX局 2024 年度部门决算表",
            "上海市 XX 局",
            "编制单位：××区财政局",
            "某某项目",
            "截至【 】年",
            "20XX年度",
            "○○街道",
        ] {
            assert!(placeholder(t).is_some(), "{t}");
        }
        for t in [
            "XXL 号服装",
            "型号 AX-XX12",
            "2×3 米",
            "某项目",
            "二〇〇九年",
            "【附件】",
            "Windows XP",
        ] {
            assert_eq!(placeholder(t), None, "{t}");
        }
    }

    #[test]
    fn as_of_dates_read() {
        assert_eq!(
            as_of_dates("截至 2023年 12 月 31 日，共有车辆"),
            vec![(2023, 12, 31)]
        );
        assert_eq!(as_of_dates("截止2024年8月31日"), vec![(2024, 8, 31)]);
        assert_eq!(as_of_dates("截至目前"), vec![]);
        assert_eq!(as_of_dates("截至２０２３年８月３１日"), vec![(2023, 8, 31)]);
        assert_eq!(
            as_of_dates("截至二〇二三年十二月三十一日"),
            vec![(2023, 12, 31)]
        );
        assert_eq!(as_of_dates("截至2023年底"), vec![]);
        assert_eq!(as_of_dates("截至2023年12月份，共有"), vec![]);
    }
}
