//! Is the disclosure complete? Each a `warning`:
//! - `disclosure.missing_table`: a standard table the 目录 (or any listing of
//!   the tables) names, or that the disclosure's kind requires, is not in the
//!   body — run only when the file holds standard tables at all (a 情况说明
//!   published apart from its tables is not missing them);
//! - `disclosure.blank_table`: a standard table left blank while the
//!   情况说明 section about it gives amounts;
//! - `disclosure.contents_page`: a 目录 entry whose page number points to
//!   another page than the one its heading or table is on (PDF only, where
//!   pages are known; the offset between printed and physical page numbers is
//!   the one most entries agree on).

use crate::audit::num::Num;
use crate::audit::{Recorder, finding};
use crate::model::{
    BodyItem, Document, DocumentKind, FigureKind, Location, Operand, Section, Severity, Span,
    TableKind,
};
use crate::structure::headings;
use crate::structure::kind::{is_final_accounts, table_kind};

pub fn check(doc: &Document, rec: &mut Recorder) {
    let present: Vec<TableKind> = doc.tables.iter().filter_map(|t| t.kind).collect();
    if present.iter().any(|k| CORE.contains(k)) {
        missing(doc, &present, rec);
    }
    blank(doc, rec);
    contents_pages(doc, rec);
}

/// The tables every 部门/单位 预算 or 决算 disclosure publishes.
const CORE: [TableKind; 8] = [
    TableKind::IncomeExpenditureSummary,
    TableKind::IncomeSummary,
    TableKind::ExpenditureSummary,
    TableKind::FiscalAppropriationSummary,
    TableKind::GeneralBudgetByFunction,
    TableKind::GeneralBudgetBasicByEconomic,
    TableKind::ThreePublicExpenses,
    TableKind::GovernmentFund,
];

/// Without spaces, and with full-width digits read as ASCII ("１．２０２５年…").
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(crate::figures::narrow)
        .collect()
}

/// The tables a listing names: "一、收支预算总表二、收入预算总表……12",
/// "1. 2025年部门财务收支预算总表2. 2025年部门收入预算总表", a 目录 entry.
pub fn listed_kinds(text: &str) -> Vec<TableKind> {
    let t = norm(text);
    let mut cuts = vec![0];
    for (i, _) in t.char_indices().skip(1) {
        let prev = t[..i].chars().next_back().unwrap_or(' ');
        if prev.is_ascii_digit() || "一二三四五六七八九十".contains(prev) {
            continue;
        }
        if marker_len(&t[i..]).is_some() {
            cuts.push(i);
        }
    }
    cuts.push(t.len());
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let seg = &t[w[0]..w[1]];
        let seg = seg.trim_end_matches(|c: char| {
            c.is_ascii_digit() || matches!(c, '.' | '…' | '·' | '-' | '—' | '⋯' | '_')
        });
        let seg = &seg[marker_len(seg).unwrap_or(0)..];
        let ends_table = seg.ends_with('表')
            || seg
                .strip_suffix(['）', ')'])
                .and_then(|b| b.rfind(['（', '(']).map(|i| b[..i].ends_with('表')))
                .unwrap_or(false);
        if !ends_table {
            continue;
        }
        if let Some(k) = table_kind(seg).filter(|k| *k != TableKind::Other)
            && !out.contains(&k)
        {
            out.push(k);
        }
    }
    out
}

/// The length in bytes of a list marker at the start of `s`: "一、", "十二、",
/// "1.", "2．", "3、", "（一）", "(4)".
fn marker_len(s: &str) -> Option<usize> {
    let cn = |c: char| "一二三四五六七八九十".contains(c);
    let mut it = s.char_indices();
    let (_, first) = it.next()?;
    if matches!(first, '（' | '(') {
        let close = s.find(['）', ')'])?;
        let inner = &s[first.len_utf8()..close];
        let ok = !inner.is_empty()
            && inner.chars().count() <= 3
            && inner.chars().all(|c| cn(c) || c.is_ascii_digit());
        return ok.then(|| close + s[close..].chars().next().map_or(0, char::len_utf8));
    }
    let digits = first.is_ascii_digit();
    if !digits && !cn(first) {
        return None;
    }
    let run: Vec<(usize, char)> = s
        .char_indices()
        .take_while(|&(_, c)| if digits { c.is_ascii_digit() } else { cn(c) })
        .collect();
    if run.len() > if digits { 2 } else { 3 } {
        return None;
    }
    let (last, lc) = *run.last()?;
    let sep_at = last + lc.len_utf8();
    let sep = s[sep_at..].chars().next()?;
    let ok = if digits {
        matches!(sep, '.' | '．' | '、')
    } else {
        sep == '、'
    };
    ok.then(|| sep_at + sep.len_utf8())
}

/// Where a listing of the tables stands, and what it names.
struct Listing {
    kinds: Vec<TableKind>,
    location: Location,
    text: String,
}

fn listings(doc: &Document) -> Vec<Listing> {
    let mut out = Vec::new();
    let mut add = |text: &str, location: Location| {
        let n = norm(text);
        // Lists and headings, not sentences.
        if n.chars().count() > 400 || n.contains('。') || n.contains('，') {
            return;
        }
        let kinds = listed_kinds(&n);
        if !kinds.is_empty() {
            out.push(Listing {
                kinds,
                location,
                text: n,
            });
        }
    };
    for e in &doc.contents {
        add(&e.text, at(None, &e.location));
    }
    for p in &doc.preamble {
        add(&p.text, at(None, &p.location));
    }
    fn walk(ss: &[Section], add: &mut dyn FnMut(&str, Location)) {
        for s in ss {
            add(&s.title, at(Some(&s.id), &s.location));
            for b in &s.body {
                if let BodyItem::Paragraph(p) = b {
                    add(&p.text, at(Some(&s.id), &p.location));
                }
            }
            walk(&s.children, add);
        }
    }
    walk(&doc.sections, &mut add);
    out
}

fn at(section: Option<&str>, span: &Span) -> Location {
    Location {
        section: section.map(str::to_string),
        source: Some(span.clone()),
        ..Default::default()
    }
}

fn kind_name(k: TableKind) -> &'static str {
    use TableKind::*;
    match k {
        IncomeExpenditureSummary => "收支总表",
        IncomeSummary => "收入总表",
        ExpenditureSummary => "支出总表",
        FiscalAppropriationSummary => "财政拨款收支总表",
        GeneralBudgetByFunction => "一般公共预算支出表",
        GeneralBudgetBasicByEconomic => "一般公共预算基本支出表",
        FiscalAppropriationByFunction => "财政拨款支出表",
        FiscalAppropriationBasicByEconomic => "财政拨款基本支出表",
        GovernmentFund => "政府性基金预算支出表",
        StateCapitalOperation => "国有资本经营预算支出表",
        ThreePublicExpenses => "“三公”经费支出表",
        OperatingExpenses => "机关运行经费表",
        ProjectExpenditure => "项目支出表",
        GovernmentProcurement => "政府采购表",
        Other => "standard table",
    }
}

fn missing(doc: &Document, present: &[TableKind], rec: &mut Recorder) {
    let lists = listings(doc);
    let mut expected: Vec<(TableKind, Option<&Listing>)> = Vec::new();
    for l in &lists {
        for &k in &l.kinds {
            if !expected.iter().any(|(x, _)| *x == k) {
                expected.push((k, Some(l)));
            }
        }
    }
    let required = match doc.kind {
        Some(
            DocumentKind::DepartmentBudget
            | DocumentKind::UnitBudget
            | DocumentKind::DepartmentFinalAccounts
            | DocumentKind::UnitFinalAccounts,
        ) => &CORE[..],
        _ => &[],
    };
    for &k in required {
        if !expected.iter().any(|(x, _)| *x == k) {
            expected.push((k, None));
        }
    }
    let prose = prose_amounts(doc);
    for (k, listing) in expected {
        if present.contains(&k) {
            rec.pass("disclosure.missing_table");
            continue;
        }
        let why = match listing {
            Some(l) => format!(
                "the listing of the tables names it (「{}」)",
                short(&l.text)
            ),
            None => format!(
                "a {} publishes it",
                match doc.kind {
                    Some(x) if is_final_accounts(x) => "部门/单位决算",
                    _ => "部门/单位预算",
                }
            ),
        };
        let amounts: Vec<&Operand> = prose
            .iter()
            .filter(|(pk, _)| *pk == k)
            .map(|(_, o)| o)
            .take(3)
            .collect();
        let mut message = format!("the {} is not in the document, though {why}", kind_name(k));
        if let Some(o) = amounts.first() {
            message.push_str(&format!("; the prose gives amounts for it ({})", o.label));
        }
        let location = listing.map(|l| l.location.clone()).unwrap_or_default();
        rec.fail(finding(
            "disclosure.missing_table",
            Severity::Warning,
            Num::exact(0.0),
            amounts.first().map_or(0.0, |o| o.value),
            None,
            message,
            location,
            amounts.into_iter().cloned().collect(),
        ));
    }
}

fn short(s: &str) -> String {
    let n: Vec<char> = s.chars().collect();
    if n.len() <= 40 {
        s.to_string()
    } else {
        format!("{}…", n[..40].iter().collect::<String>())
    }
}

/// The table a 情况说明 section speaks of: "七、财政拨款“三公”经费支出决算情况说明"
/// → 三公经费表, "一、收入支出决算总体情况说明" → 收支总表.
pub fn prose_kind(title: &str) -> Option<TableKind> {
    let n = norm(title);
    if !(n.contains("说明") || n.contains("情况")) || n.ends_with('表') {
        return None;
    }
    let core = n
        .replace("情况说明", "")
        .replace("情况", "")
        .replace("说明", "")
        .replace("总体", "总");
    table_kind(&format!("{core}表")).filter(|k| *k != TableKind::Other)
}

/// Non-zero money amounts in the prose of each section about a table kind.
fn prose_amounts(doc: &Document) -> Vec<(TableKind, Operand)> {
    let mut out = Vec::new();
    fn walk(ss: &[Section], inherited: Option<TableKind>, out: &mut Vec<(TableKind, Operand)>) {
        for s in ss {
            let kind = prose_kind(&s.title).or(inherited);
            if let Some(k) = kind {
                for b in &s.body {
                    let BodyItem::Paragraph(p) = b else { continue };
                    for f in &p.figures {
                        let money = f.kind == FigureKind::Amount
                            && f.unit.as_deref().is_some_and(|u| u.ends_with('元'));
                        let Some(v) = f.value.filter(|v| *v > 0.0 && money) else {
                            continue;
                        };
                        let start = f.offset.unwrap_or(0);
                        let context: String = p
                            .text
                            .chars()
                            .skip(start.saturating_sub(16))
                            .take(16 + f.text.chars().count())
                            .collect();
                        out.push((
                            k,
                            Operand {
                                label: format!("「{context}」"),
                                value: v,
                                text: f.text.clone(),
                                location: at(Some(&s.id), &p.location),
                            },
                        ));
                    }
                }
            }
            walk(&s.children, kind, out);
        }
    }
    walk(&doc.sections, None, &mut out);
    out
}

fn blank(doc: &Document, rec: &mut Recorder) {
    let prose = prose_amounts(doc);
    let spoken: Vec<TableKind> = {
        let mut v = Vec::new();
        fn walk(ss: &[Section], v: &mut Vec<TableKind>) {
            for s in ss {
                if let Some(k) = prose_kind(&s.title) {
                    v.push(k);
                }
                walk(&s.children, v);
            }
        }
        walk(&doc.sections, &mut v);
        v
    };
    for t in &doc.tables {
        let Some(k) = t.kind.filter(|k| *k != TableKind::Other) else {
            continue;
        };
        // The 情况说明 about it is in another file: nothing to compare.
        if !spoken.contains(&k) {
            continue;
        }
        let has_amount = t
            .rows
            .iter()
            .flatten()
            .any(|c| c.value.is_some_and(|v| v != 0.0));
        let amounts: Vec<&Operand> = prose
            .iter()
            .filter(|(pk, _)| *pk == k)
            .map(|(_, o)| o)
            .take(3)
            .collect();
        if has_amount || amounts.is_empty() {
            rec.pass("disclosure.blank_table");
            continue;
        }
        let name = t
            .caption
            .clone()
            .unwrap_or_else(|| kind_name(k).to_string());
        rec.fail(finding(
            "disclosure.blank_table",
            Severity::Warning,
            Num::exact(0.0),
            amounts[0].value,
            crate::figures::unit_in(&amounts[0].text),
            format!(
                "{name} is blank, but the prose about it gives amounts: {}",
                amounts
                    .iter()
                    .map(|o| o.label.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Location {
                table: Some(t.id),
                section: t.section.clone(),
                source: Some(t.location.clone()),
                ..Default::default()
            },
            amounts.into_iter().cloned().collect(),
        ));
    }
}

/// 目录 page numbers against the pages the entries' headings stand on.
fn contents_pages(doc: &Document, rec: &mut Recorder) {
    if doc.contents.iter().all(|e| e.page.is_none()) {
        return;
    }
    let mut headings_at: Vec<(String, u32, Location)> = Vec::new();
    fn walk(ss: &[Section], out: &mut Vec<(String, u32, Location)>) {
        for s in ss {
            if let Some(p) = s.location.page {
                out.push((norm(&s.title), p, at(Some(&s.id), &s.location)));
            }
            walk(&s.children, out);
        }
    }
    walk(&doc.sections, &mut headings_at);
    for t in &doc.tables {
        if let (Some(c), Some(p)) = (&t.caption, t.location.page) {
            headings_at.push((
                norm(c),
                p,
                Location {
                    table: Some(t.id),
                    section: t.section.clone(),
                    source: Some(t.location.clone()),
                    ..Default::default()
                },
            ));
        }
    }
    // (entry, printed page, physical page, where).
    let mut matched: Vec<(&crate::model::ContentsEntry, u32, u32, Location)> = Vec::new();
    for e in &doc.contents {
        let Some(printed) = e.page else { continue };
        let text = norm(&e.text);
        let text = match headings::mark(&text) {
            Some(m) => text[m.rest..].to_string(),
            None => text,
        };
        if text.chars().count() < 2 {
            continue;
        }
        // The last heading with this title (the body's, not a listing's);
        // a title that only ends with it ("财政拨款收入支出决算总表" for
        // "收入支出决算总表") when no heading is exactly it.
        let exact = headings_at.iter().rev().find(|(h, _, _)| *h == text);
        let found = exact.or_else(|| {
            headings_at
                .iter()
                .rev()
                .find(|(h, _, _)| h.ends_with(&text) && text.chars().count() >= 4)
        });
        if let Some((_, page, loc)) = found {
            matched.push((e, printed, *page, loc.clone()));
        }
    }
    if matched.len() < 3 {
        return;
    }
    let mut offsets: Vec<(i64, usize)> = Vec::new();
    for (_, printed, physical, _) in &matched {
        let o = *physical as i64 - *printed as i64;
        match offsets.iter_mut().find(|(x, _)| *x == o) {
            Some((_, c)) => *c += 1,
            None => offsets.push((o, 1)),
        }
    }
    let Some(&(offset, votes)) = offsets.iter().max_by_key(|(_, c)| *c) else {
        return;
    };
    if votes * 2 <= matched.len() {
        return;
    }
    for (e, printed, physical, loc) in matched {
        let actual = physical as i64 - offset;
        if actual == printed as i64 {
            rec.pass("disclosure.contents_page");
            continue;
        }
        rec.fail(finding(
            "disclosure.contents_page",
            Severity::Warning,
            Num::exact(printed as f64),
            actual as f64,
            None,
            format!(
                "目录 gives page {printed} for 「{}」, but it is on page {actual}{}",
                e.text,
                if offset == 0 {
                    String::new()
                } else {
                    format!(
                        " (file {}; the printed page numbers run {offset} behind the file's, as most entries show)",
                        loc.source.as_ref().map(Span::describe).unwrap_or_default()
                    )
                }
            ),
            at(None, &e.location),
            vec![Operand {
                label: format!("目录: {}", e.text),
                value: printed as f64,
                text: printed.to_string(),
                location: at(None, &e.location),
            }],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_name_tables_whatever_the_numbering() {
        use TableKind::*;
        assert_eq!(
            listed_kinds(
                "一、收支预算总表二、收入预算总表三、支出预算总表四、财政拨款收支预算总表"
            ),
            vec![
                IncomeExpenditureSummary,
                IncomeSummary,
                ExpenditureSummary,
                FiscalAppropriationSummary
            ]
        );
        assert_eq!(
            listed_kinds(
                "1. 2025年部门财务收支预算总表2. 2025年部门收入预算总表9．2025年部门“三公”经费和机关运行经费预算表六、其他相关情况说明"
            ),
            vec![IncomeExpenditureSummary, IncomeSummary, ThreePublicExpenses]
        );
        assert_eq!(
            listed_kinds("三、支出决算表……………12"),
            vec![ExpenditureSummary]
        );
        // Typed with full-width digits.
        assert_eq!(
            listed_kinds("１．２０２５年部门财务收支预算总表２．２０２５年部门收入预算总表"),
            vec![IncomeExpenditureSummary, IncomeSummary]
        );
        assert_eq!(listed_kinds("三、支出决算情况说明"), vec![]);
        assert_eq!(
            listed_kinds("第二部分 上海市某局2024年度部门决算表"),
            vec![]
        );
    }

    #[test]
    fn prose_sections_name_their_tables() {
        use TableKind::*;
        assert_eq!(
            prose_kind("财政拨款“三公”经费支出决算情况说明"),
            Some(ThreePublicExpenses)
        );
        assert_eq!(
            prose_kind("收入支出决算总体情况说明"),
            Some(IncomeExpenditureSummary)
        );
        assert_eq!(prose_kind("收入决算情况说明"), Some(IncomeSummary));
        assert_eq!(
            prose_kind("一般公共预算财政拨款支出决算情况说明"),
            Some(GeneralBudgetByFunction)
        );
        assert_eq!(prose_kind("主要职能"), None);
        assert_eq!(prose_kind("收入决算表"), None);
    }
}
