//! `text.grand_total`: "收入支出总计 2,995.39 万元" agrees with the 总计 row of
//! the summary table (…总表) the words name (收入支出决算总表), choosing the
//! longest name that fits (财政拨款收入支出 before 收入支出).

use super::sentence::{Fig, Para, cjk_count, in_prose_unit, in_unit};
use crate::audit::num::Num;
use crate::audit::{Recorder, finding, show};
use crate::model::{Document, Location, Operand, Severity};

/// The 总计 of a summary table (收入支出决算总表, 财政拨款收支预算总表 …),
/// with the name prose uses for it (收入支出, 财政拨款收支).
pub(super) struct GrandTotal {
    key: String,
    num: Num,
    /// The table's money unit.
    unit: String,
    text: String,
    table: usize,
    row: usize,
    col: usize,
    caption: String,
}

/// "表 1 上海市某局2024年度收入支出决算总表" → "收入支出".
fn summary_key(caption: &str) -> Option<String> {
    let c: String = caption.chars().filter(|c| !c.is_whitespace()).collect();
    let head = &c[..c.find("总表")?];
    let head = head
        .strip_suffix("决算")
        .or_else(|| head.strip_suffix("预算"))
        .unwrap_or(head);
    // The name starts after the agency and year: after the last 年度/年.
    let name = match head.rfind("年度") {
        Some(i) => &head[i + "年度".len()..],
        None => match head.rfind('年') {
            Some(i) => &head[i + '年'.len_utf8()..],
            None => head,
        },
    };
    let name = name.trim_start_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '表' | '-' | '.' | '．' | '、' | '：' | ':')
    });
    (cjk_count(name) >= 2).then(|| name.to_string())
}

pub(super) fn grand_totals(doc: &Document) -> Vec<GrandTotal> {
    let mut out: Vec<GrandTotal> = Vec::new();
    for t in &doc.tables {
        let Some(unit) = t
            .unit
            .as_deref()
            .filter(|u| crate::figures::units::yuan_exp(u).is_some())
        else {
            continue;
        };
        let Some(key) = t.caption.as_deref().and_then(summary_key) else {
            continue;
        };
        let mut found: Vec<GrandTotal> = Vec::new();
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let label: String = cell.text.chars().filter(|c| !c.is_whitespace()).collect();
                if label != "总计" {
                    continue;
                }
                // The first number to its right is the total of this half.
                if let Some((vc, n)) = row
                    .iter()
                    .enumerate()
                    .skip(c + 1)
                    .find_map(|(vc, x)| Num::from_cell(x).map(|n| (vc, n)))
                {
                    found.push(GrandTotal {
                        key: key.clone(),
                        num: n,
                        unit: unit.to_string(),
                        text: row[vc].text.trim().to_string(),
                        table: t.id,
                        row: r,
                        col: vc,
                        caption: t.caption.clone().unwrap_or_default(),
                    });
                }
            }
        }
        // Both halves of a 收支总表 state the same 总计; a table whose 总计
        // cells disagree is left to the table checks.
        if found
            .first()
            .is_some_and(|f| found.iter().all(|g| g.num.consistent(f.num)))
        {
            out.push(found.swap_remove(0));
        }
    }
    out
}

/// "上海市某局2024年度财政拨款收入支出总计0.3万元" against the 总计 of the
/// summary table it names. The name must end right before 总计 and be the
/// longest summary-table name that does (财政拨款收入支出, not 收入支出); a
/// longer name that no table has ("政府性基金预算财政拨款收入支出") is not taken
/// for a shorter one.
pub(super) fn check(para: &Para, f: &Fig, totals: &[GrandTotal], rec: &mut Recorder) {
    if !f.is_amount() || totals.is_empty() {
        return;
    }
    // The table's total counted in the prose's unit (a table in 元 against
    // prose in 万元 or 亿元); not money: nothing to compare.
    let in_prose = |g: &GrandTotal| in_unit(g.num, Some(&g.unit), f.unit());
    let words: String = para
        .text(para.clause_start(f.start), f.start)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let Some(head) = words
        .strip_suffix("总计为")
        .or_else(|| words.strip_suffix("总计"))
        .or_else(|| words.strip_suffix("总计是"))
    else {
        return;
    };
    let head = head
        .strip_suffix("决算")
        .or_else(|| head.strip_suffix("预算"))
        .unwrap_or(head);
    let Some(best) = totals
        .iter()
        .filter(|g| head.ends_with(&g.key))
        .max_by_key(|g| g.key.len())
    else {
        return;
    };
    // The words before the name must not qualify it further into a table we
    // do not have ("一般公共预算" + "财政拨款收入支出").
    let before = &head[..head.len() - best.key.len()];
    if ["拨款", "预算", "基金", "资本", "经营", "专户"]
        .iter()
        .any(|w| before.ends_with(w))
    {
        return;
    }
    let Some(total) = in_prose(best) else { return };
    if !totals
        .iter()
        .filter(|g| g.key == best.key)
        .all(|g| in_prose(g).is_some_and(|n| n.consistent(total)))
    {
        return;
    }
    let check = "text.grand_total";
    rec.compare(check, f.num, total, |c| {
        finding(
            check,
            Severity::Error,
            f.num,
            c,
            f.f.unit.clone(),
            format!(
                "「{}总计」 {} in the text, but 「{}」 gives 总计 {}{}",
                best.key,
                show(f.num),
                best.caption,
                best.text,
                in_prose_unit(&best.unit, total, f.unit())
            ),
            para.location(f.start),
            vec![
                para.operand(f),
                Operand {
                    label: format!("{} / 总计", best.caption),
                    value: best.num.value,
                    text: best.text.clone(),
                    location: Location {
                        table: Some(best.table),
                        row: Some(best.row),
                        column: Some(best.col),
                        ..Default::default()
                    },
                },
            ],
        )
    });
}

#[cfg(test)]
mod tests {
    use super::super::Tables;
    use super::super::test_util::run_with;
    use super::*;
    #[test]
    fn summary_table_names_from_captions() {
        assert_eq!(summary_key("收入支出决算总表").as_deref(), Some("收入支出"));
        assert_eq!(
            summary_key("表2 上海市普陀区财政局2024年度财政拨款收入支出决算总表").as_deref(),
            Some("财政拨款收入支出")
        );
        assert_eq!(
            summary_key("2025年财政拨款收支预算总表").as_deref(),
            Some("财政拨款收支")
        );
        assert_eq!(summary_key("一般公共预算支出功能分类预算表"), None);
    }

    #[test]
    fn grand_totals_in_prose_against_the_summary_tables() {
        let total = |key: &str, v: f64| GrandTotal {
            key: key.into(),
            num: Num::written(v, 2),
            unit: "万元".into(),
            text: format!("{v:.2}"),
            table: 0,
            row: 30,
            col: 1,
            caption: format!("{key}决算总表"),
        };
        let tables = Tables {
            cells: super::super::tables::Cells::new(vec![]),
            totals: vec![
                total("收入支出", 2995.39),
                total("财政拨款收入支出", 2961.68),
            ],
            prior: super::super::prior::Prior::new(vec![]),
        };
        let run = |text: &str| {
            let (f, s) = run_with(text, &tables);
            (f, s.by_check.get("text.grand_total").map_or(0, |f| f.run))
        };
        let (f, n) = run("某局2024年度收入支出总计2,995.39万元。");
        assert!(f.is_empty() && n == 1, "{f:?}");
        // The longer name is the other table.
        let (f, n) = run("某局2024年度财政拨款收入支出总计2961.68万元。与2023年度相比持平。");
        assert!(f.is_empty() && n == 1, "{f:?}");
        let (f, _) = run("某局2024年度财政拨款收入支出总计0.3万元。与2023年度相比持平。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].check.as_str(), f[0].stated, f[0].computed),
            ("text.grand_total", 0.3, 2961.68)
        );
        let (f, _) = run("某局2024年度收入支出总计0万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        // A name qualified into a table we do not have is not checked.
        let (f, n) = run("政府性基金预算财政拨款收入支出总计0万元。");
        assert!(f.is_empty() && n == 0, "{f:?}");
        // Not a 总计 statement.
        let (f, n) = run("本年收入支出合计100.00万元。");
        assert!(f.is_empty() && n == 0, "{f:?}");
        // The total in 元 or 亿元 is converted at the prose's precision.
        let (f, n) = run("某局2024年度收入支出总计29,953,900.00元。");
        assert!(f.is_empty() && n == 1, "{f:?}");
        let (f, n) = run("某局2024年度收入支出总计0.30亿元。");
        assert!(f.is_empty() && n == 1, "{f:?}");
        let (f, _) = run("某局2024年度收入支出总计0.31亿元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("(= 0.2995"), "{}", f[0].message);
        // A table in 元 against prose in 万元.
        let mut yuan = total("收入支出", 29_953_900.0);
        yuan.unit = "元".into();
        let tables = Tables {
            totals: vec![yuan],
            ..tables
        };
        let (f, n) = run_with("某局2024年度收入支出总计2,995.39万元。", &tables);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(n.by_check.get("text.grand_total").map_or(0, |f| f.run), 1);
        let (f, _) = run_with("某局2024年度收入支出总计2,959.39万元。", &tables);
        assert_eq!(f.len(), 1, "{f:?}");
    }
}
