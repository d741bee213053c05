//! `text.change_table`: "社会保障和就业支出 326.72 万元，比上年增长 5.20%" where the
//! previous year's amount is not in the sentence but in a table column
//! (上年数 / 上年决算数 / 2023年决算数 beside 2024年决算数). The table row is
//! the one whose 科目名称 (or 科目编码) the sentence names — the last name in
//! the words (the head of the phrase), its parents (类 / 款) used to tell
//! rows of the same name apart. The change is recomputed from the two cells.
//!
//! Severity: `error` when the sentence states the current amount and the row
//! holds it (the pairing is confirmed); `warning` when the sentence gives only
//! the rate, so the row was found by its name alone.

use super::Sentence;
use super::sentence::{Fig, Para, cjk_count, compare_percent, in_unit};
use crate::audit::grid::{Grid, halves, strip_marker};
use crate::audit::num::Num;
use crate::audit::{Recorder, finding, show};
use crate::model::{Document, Location, Operand, Severity};

/// A table cell: its number, text and place.
#[derive(Debug, Clone)]
struct CellRef {
    num: Num,
    text: String,
    title: String,
    location: Location,
}

/// A table row with a previous-year and a current-year amount.
pub(super) struct PriorRow {
    caption: String,
    label: String,
    /// Labels of the rows above it in the hierarchy (类 / 款 of a 项).
    ancestors: Vec<String>,
    /// 科目编码 (类款项 joined), when the table has code columns.
    code: Option<String>,
    prev: CellRef,
    cur: CellRef,
    prev_year: Option<u16>,
    /// The table's money unit (元, 万元, …).
    unit: String,
}

/// A column title split into its period and the rest: "2023年决算数" →
/// (决算数, year 2023); "上年决算数" → (决算数, previous); "本年数" → (数, current).
#[derive(Debug, PartialEq)]
pub(super) struct Period {
    pub(super) rest: String,
    pub(super) year: Option<u16>,
    pub(super) previous: Option<bool>,
}

pub(super) fn period(title: &str) -> Period {
    let mut t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let mut previous = None;
    for (w, p) in [
        ("上一年度", true),
        ("上年度", true),
        ("上一年", true),
        ("上年", true),
        ("去年", true),
        ("本年度", false),
        ("本年", false),
        ("当年", false),
    ] {
        if t.contains(w) {
            t = t.replacen(w, "", 1);
            previous = Some(p);
            break;
        }
    }
    let mut year = None;
    if let Some(&(i, y)) = crate::structure::kind::years_in(&t).first() {
        // The year and its 年 (or 年度) taken out: "2023年预算数" → "预算数".
        let chars: Vec<char> = t.chars().collect();
        let nian = (i + 4..chars.len())
            .find(|&k| chars[k] == '年')
            .unwrap_or(i + 4);
        let end = if chars.get(nian + 1) == Some(&'度') {
            nian + 2
        } else {
            nian + 1
        };
        year = Some(y);
        t = chars[..i]
            .iter()
            .chain(chars[end.min(chars.len())..].iter())
            .collect();
    }
    Period {
        rest: t,
        year,
        previous,
    }
}

/// The (previous, current) column pairs of a table: same words, one year apart
/// or 上年 beside 本年 (or beside the same words with no period).
fn column_pairs(g: &Grid) -> Vec<(usize, usize, Option<u16>)> {
    let ps: Vec<(usize, Period)> = g
        .value_cols
        .iter()
        .map(|&c| (c, period(&g.column_title(c))))
        .collect();
    let mut out = Vec::new();
    for (c1, p1) in &ps {
        for (c2, p2) in &ps {
            if c1 == c2 || p1.rest != p2.rest {
                continue;
            }
            let by_year = matches!((p1.year, p2.year), (Some(a), Some(b)) if a + 1 == b)
                && p1.previous.is_none()
                && p2.previous.is_none();
            let by_word = p1.previous == Some(true)
                && p1.year.is_none()
                && (p2.previous == Some(false) || p2.previous.is_none() && p2.year.is_none());
            if by_year || by_word {
                out.push((*c1, *c2, p1.year));
            }
        }
    }
    out
}

fn norm_label(s: &str) -> String {
    let t: String = strip_marker(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    t.trim_start_matches("其中")
        .trim_start_matches(['：', ':'])
        .to_string()
}

/// The rows of a document's tables with a previous-year column, with their
/// distinct labels and codes: a sentence is matched against each label once.
pub(super) struct Prior {
    rows: Vec<PriorRow>,
    labels: Vec<(String, Vec<usize>)>,
    codes: Vec<(String, Vec<usize>)>,
}

impl Prior {
    pub(super) fn new(rows: Vec<PriorRow>) -> Prior {
        use std::collections::BTreeMap;
        let mut labels: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut codes: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, r) in rows.iter().enumerate() {
            labels.entry(r.label.clone()).or_default().push(i);
            if let Some(c) = &r.code {
                codes.entry(c.clone()).or_default().push(i);
            }
        }
        Prior {
            rows,
            labels: labels.into_iter().collect(),
            codes: codes.into_iter().collect(),
        }
    }
}

pub(super) fn prior_rows(doc: &Document) -> Prior {
    Prior::new(all_rows(doc))
}

fn all_rows(doc: &Document) -> Vec<PriorRow> {
    let mut out = Vec::new();
    for t in &doc.tables {
        let Some(unit) = t
            .unit
            .as_deref()
            .filter(|u| crate::figures::units::yuan_exp(u).is_some())
        else {
            continue;
        };
        for half in halves(t) {
            let g = Grid::new(&half);
            let pairs = column_pairs(&g);
            if pairs.is_empty() {
                continue;
            }
            let code_cols: Vec<usize> = (0..g.roles.len())
                .filter(|&c| g.roles[c] == crate::structure::tables::ColumnRole::Code)
                .collect();
            let codes = crate::structure::tables::row_codes(&half.rows, &code_cols);
            for (r, code) in codes.iter().enumerate().take(g.rows.len()) {
                let label = norm_label(g.label(r));
                if cjk_count(&label) < 2 {
                    continue;
                }
                let mut ancestors = Vec::new();
                let mut p = g.rows[r].parent;
                while let Some(k) = p {
                    ancestors.push(norm_label(g.label(k)));
                    p = g.rows[k].parent;
                }
                let code: String = code
                    .as_ref()
                    .map(|(code, _)| code.clone())
                    .unwrap_or_default();
                let cell = |c: usize| -> Option<CellRef> {
                    Some(CellRef {
                        num: g.num(r, c)?,
                        text: half.rows[r].get(c)?.text.trim().to_string(),
                        title: g.column_title(c),
                        location: g.location(r, c),
                    })
                };
                for &(pc, cc, prev_year) in &pairs {
                    let (Some(prev), Some(cur)) = (cell(pc), cell(cc)) else {
                        continue;
                    };
                    out.push(PriorRow {
                        caption: g.table_name(),
                        label: label.clone(),
                        ancestors: ancestors.clone(),
                        code: (code.len() >= 3).then(|| code.clone()),
                        prev,
                        cur,
                        prev_year,
                        unit: unit.to_string(),
                    });
                }
            }
        }
    }
    out
}

/// A number for messages, at most `decimals` decimals (a 元 cell read in 万元
/// has six; prose in 亿元 is written with as many).
fn short(n: Num, decimals: u8) -> String {
    show(Num {
        decimals: n.decimals.min(decimals),
        ..n
    })
}

/// "… [cur 万元]，比上年增长 r%" with no base amount in the sentence.
pub(super) fn check(
    para: &Para,
    s: &Sentence,
    cur: Option<&Fig>,
    (cmp, pf): (usize, &Fig),
    up: bool,
    prior: &Prior,
    rec: &mut Recorder,
) {
    if prior.rows.is_empty() {
        return;
    }
    // The words of the comparison must name the previous year.
    let from = para.clause_start(cmp).max(s.a);
    let words = para.masked_text(from.saturating_sub(8).max(s.a), pf.start);
    let named_year = crate::structure::kind::first_year(&para.text(from, pf.start));
    let prev_year = ["上年", "去年", "同期", "同比"]
        .iter()
        .any(|w| words.contains(w));
    if !prev_year && named_year.is_none() {
        return;
    }
    // The phrase naming the row: from the start of this item ('；' or the
    // sentence start) to the change.
    let mut a = pf.start;
    while a > s.a && !matches!(para.masked[a - 1], '；' | ';') {
        a -= 1;
    }
    let phrase: String = para
        .text(a, pf.start)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // "比上年决算数增长": the column must be a 决算 column.
    let compared = para.text(cmp, pf.start);
    let kinds: Vec<&str> = ["预算", "决算", "执行"]
        .into_iter()
        .filter(|w| compared.contains(w))
        .collect();
    let unit = cur.and_then(|c| c.unit()).unwrap_or("万元");
    // A table amount counted in the prose's unit.
    let to_prose = |n: Num, from: &str| in_unit(n, Some(from), Some(unit));
    let fits = |r: &PriorRow| {
        to_prose(r.cur.num, &r.unit).is_some()
            && named_year.is_none_or(|y| r.prev_year.is_none_or(|py| py == y))
            && kinds.iter().all(|w| r.prev.title.contains(w))
    };
    let pick = |at: &[usize]| -> Vec<&PriorRow> {
        at.iter()
            .map(|&i| &prior.rows[i])
            .filter(|r| fits(r))
            .collect()
    };
    // By code first ("2080505"), else by the last name in the phrase.
    let digits: Vec<&str> = phrase
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| d.len() >= 3)
        .collect();
    let mut cands: Vec<&PriorRow> = prior
        .codes
        .iter()
        .filter(|(c, _)| digits.contains(&c.as_str()))
        .flat_map(|(_, at)| pick(at))
        .collect();
    if cands.is_empty() {
        let mut best: Option<((usize, usize), &[usize])> = None;
        for (label, at) in &prior.labels {
            if let Some(i) = phrase.rfind(label.as_str()) {
                let key = (i + label.len(), label.len());
                if best.is_none_or(|(k, _)| key > k) && !pick(at).is_empty() {
                    best = Some((key, at));
                }
            }
        }
        cands = best.map_or_else(Vec::new, |(_, at)| pick(at));
        // Rows of one name told apart by the parents the phrase names.
        let score = |r: &PriorRow| {
            r.ancestors
                .iter()
                .filter(|x| cjk_count(x) >= 2 && phrase.contains(x.as_str()))
                .count()
        };
        let top = cands.iter().map(|r| score(r)).max().unwrap_or(0);
        cands.retain(|r| score(r) == top);
    }
    // The sentence's own amount confirms the row.
    if let Some(c) = cur {
        cands.retain(|r| to_prose(r.cur.num, &r.unit).is_some_and(|n| n.consistent(c.num)));
    }
    let Some(row) = cands.first() else {
        return;
    };
    let conv = |n: Num, r: &PriorRow| to_prose(n, &r.unit).unwrap_or(n);
    if !cands
        .iter()
        .all(|r| conv(r.prev.num, r).consistent(conv(row.prev.num, row)))
    {
        return;
    }
    let prev = conv(row.prev.num, row);
    let now = cur.map_or(conv(row.cur.num, row), |c| c.num);
    let check = "text.change_table";
    let Some(ratio) = now.percent_of(prev) else {
        return;
    };
    let change = Num {
        decimals: 2,
        ..ratio.sub(Num::exact(100.0))
    };
    let stated = if up { pf.num } else { pf.num.neg() };
    let severity = if cur.is_some() {
        Severity::Error
    } else {
        Severity::Warning
    };
    let table_op = |c: &CellRef| Operand {
        label: format!("{} / {} / {}", row.caption, row.label, c.title),
        value: c.num.value,
        text: c.text.clone(),
        location: c.location.clone(),
    };
    let mut operands = vec![table_op(&row.prev)];
    match cur {
        Some(c) => operands.push(para.operand(c)),
        None => operands.push(table_op(&row.cur)),
    }
    let shown = cur.map_or(2, |c| c.num.decimals.max(2));
    let how = if cur.is_some() {
        String::new()
    } else {
        format!(
            " (the sentence gives no amount to confirm the row 「{}」)",
            row.label
        )
    };
    compare_percent(rec, check, stated, change, severity, |c, sev, note| {
        finding(
            check,
            sev,
            stated,
            c,
            Some("%".into()),
            format!(
                "change {}{}% is not ({} − {}) / {} = {:+.2}%, the previous year from {} row 「{}」 column 「{}」 ({} {}){how}{note}: 「{}」",
                if up { "+" } else { "−" },
                show(pf.num),
                short(now, shown),
                short(prev, shown),
                short(prev, shown),
                change.value,
                row.caption,
                row.label,
                row.prev.title,
                row.prev.text,
                row.unit,
                para.quote(a, pf.end)
            ),
            para.location(pf.start),
            operands,
        )
    });
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{no_tables, run_with};
    use super::*;
    use crate::audit::test_table;
    use crate::model::{Document, Severity};

    #[test]
    fn periods_of_column_titles() {
        let p = period("2023年决算数");
        assert_eq!(
            (p.rest.as_str(), p.year, p.previous),
            ("决算数", Some(2023), None)
        );
        let p = period("上年决算数");
        assert_eq!((p.rest.as_str(), p.previous), ("决算数", Some(true)));
        let p = period("支出/2024年度预算数");
        assert_eq!((p.rest.as_str(), p.year), ("支出/预算数", Some(2024)));
        let p = period("上一年度决算数");
        assert_eq!((p.rest.as_str(), p.previous), ("决算数", Some(true)));
    }

    fn doc_with(columns: &[&str], rows: &[&[&str]]) -> Document {
        let mut doc: Document = serde_json::from_str(
            r#"{"schema_version":1,"source":{"path":"x","format":"text","bytes":0,"sha256":""},"title":null,"sections":[],"tables":[],"findings":[],"checks":{"run":0,"passed":0,"failed":0,"by_check":{}}}"#,
        )
        .unwrap();
        let mut t = test_table("万元", columns, rows);
        t.caption = Some("表5 一般公共预算支出表".into());
        doc.tables.push(t);
        doc
    }

    #[test]
    fn change_against_the_previous_year_column() {
        let doc = doc_with(
            &[
                "科目编码",
                "科目名称",
                "2023年决算数",
                "2024年决算数",
                "增减额",
            ],
            &[
                &["201", "一般公共服务支出", "1,920.44", "2,008.61", "88.17"],
                &["20106", "财政事务", "1,920.44", "2,008.61", "88.17"],
                &["208", "社会保障和就业支出", "310.50", "326.72", "16.22"],
                &[
                    "2080505",
                    "机关事业单位基本养老保险缴费支出",
                    "150.20",
                    "160.75",
                    "10.55",
                ],
            ],
        );
        let mut tables = no_tables();
        tables.prior = prior_rows(&doc);
        assert!(!tables.prior.rows.is_empty());
        let ok = "社会保障和就业支出 326.72 万元，比上年增长 5.22%。";
        let (f, s) = run_with(ok, &tables);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(s.by_check.get("text.change_table").map_or(0, |x| x.run), 1);
        // 326.72 / 310.50 − 1 = 5.22%, not 6.22%.
        let (f, _) = run_with(&ok.replace("5.22%", "6.22%"), &tables);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.change_table");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].computed, 5.22);
        assert_eq!(f[0].operands[0].location.table, Some(0));
        assert_eq!(f[0].operands[0].location.row, Some(2));
        // By 科目编码, and by a rate alone (a warning: the row found by name).
        let (f, _) = run_with("2080505 科目比上年增长 9.00%。", &tables);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].computed, 7.02);
        // The sentence's amount is not the row's: not paired.
        let (f, s) = run_with(
            "社会保障和就业支出 330.00 万元，比上年增长 6.22%。",
            &tables,
        );
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(s.by_check.get("text.change_table").map_or(0, |x| x.run), 0);
        // A decrease stated over the same pair.
        let (f, _) = run_with("财政事务 2,008.61 万元，较上年下降 4.59%。", &tables);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 4.59);
        // The same amounts written in 亿元 or 元 are read against the 万元
        // table at their own precision.
        let yi = "社会保障和就业支出 0.032672 亿元，比上年增长 5.22%。";
        let (f, s) = run_with(yi, &tables);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(s.by_check.get("text.change_table").map_or(0, |x| x.run), 1);
        let (f, _) = run_with(&yi.replace("5.22%", "6.22%"), &tables);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert!(
            f[0].message.contains("0.032672 − 0.031050"),
            "{}",
            f[0].message
        );
        let yuan = "社会保障和就业支出 3,267,200 元，比上年增长 6.22%。";
        let (f, _) = run_with(yuan, &tables);
        assert_eq!(f.len(), 1, "{f:?}");
        // 0.03 亿元 fits the row, but stands for 250 to 350 万元: 6.22% is
        // possible, so nothing is flagged.
        let (f, s) = run_with("社会保障和就业支出 0.03 亿元，比上年增长 6.22%。", &tables);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(s.by_check.get("text.change_table").map_or(0, |x| x.run), 1);
    }
}
