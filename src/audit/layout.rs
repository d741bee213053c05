//! Which layout a table is in, read from its own structure — its title, the
//! rows that head its blocks, the labels of its total rows — never from one
//! document's wording or numbers; and the blocks a form is made of. The
//! layout decides which relations `audit::run` checks:
//!
//! - `mof_project_self_evaluation` / `mof_department_self_evaluation`: the
//!   Ministry of Finance 自评表 (a funds block with 全年预算数 / 全年执行数 /
//!   执行率 / 得分, an indicators block with 一级指标 … 分值 / 得分, a 总分 row);
//! - `financial_statement`: 资产负债表, 收入费用表, 利润表, 现金流量表 (labelled
//!   blocks "流动资产：" … "流动资产合计" and totals of totals);
//! - `score_rules`: 考核办法 / 评审细则 / 评分表 (group labels declaring weights);
//! - `form_blocks`: a form whose body holds further header rows, each heading
//!   the rows below it with its own column titles and unit;
//! - `budget_standard`: a standard table of a budget disclosure (its kind set);
//! - `generic`: anything else.

use crate::model::{Table, TableLayout};
use crate::structure::tables::{block_header_rows, is_points_title, is_score_title};
pub use crate::structure::tables::{is_funds_header, is_indicator_header};

use super::grid::Grid;

fn norm(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every row of the table, header rows first, as normalised cell texts.
fn all_rows(t: &Table) -> Vec<Vec<String>> {
    t.header
        .iter()
        .chain(&t.rows)
        .map(|r| r.iter().map(|c| norm(&c.text)).collect())
        .collect()
}

/// Titles of the standard financial statements.
const STATEMENT_TITLES: &[&str] = &[
    "资产负债表",
    "收入费用表",
    "利润表",
    "损益表",
    "现金流量表",
    "净资产变动表",
    "所有者权益变动表",
];

/// Total rows only a financial statement has.
const STATEMENT_TOTALS: &[&str] = &[
    "流动资产合计",
    "非流动资产合计",
    "资产总计",
    "流动负债合计",
    "非流动负债合计",
    "负债合计",
    "净资产合计",
    "所有者权益合计",
    "负债和净资产总计",
    "负债和所有者权益总计",
    "负债及所有者权益总计",
    "本期盈余",
    "本期收入",
    "本期费用",
    "本年预算收入",
    "本年预算支出",
    "本年预算收支差额",
    "营业利润",
    "利润总额",
    "净利润",
];

/// Endings of row labels only a financial statement has.
const STATEMENT_SUFFIXES: &[&str] = &[
    "现金流入小计",
    "现金流出小计",
    "现金流量净额",
    "现金及现金等价物净增加额",
];

/// A caption naming a financial statement: the title is its last words, up
/// to what a statement's title line carries after it — a bracket
/// ("（续）"), the unit, the issuer or the form number ("会企02表"). A caption
/// that goes on with words of its own ("利润表项目变动的情况及原因") names
/// something about the statement, not the statement.
fn is_statement_caption(caption: &str) -> bool {
    STATEMENT_TITLES.iter().any(|w| {
        caption.match_indices(w).any(|(at, _)| {
            let rest = &caption[at + w.len()..];
            rest.is_empty()
                || rest.starts_with(['（', '(', '[', '【'])
                || rest.starts_with(|c: char| c.is_ascii_alphanumeric())
                || ["单位", "编制", "会企", "会政", "公开", "续"]
                    .iter()
                    .any(|p| rest.starts_with(p))
        })
    })
}

pub fn recognise(t: &Table) -> TableLayout {
    let rows = all_rows(t);
    let caption = norm(t.caption.as_deref().unwrap_or(""));
    let any_cell = |ws: &[&str]| {
        rows.iter()
            .any(|r| r.iter().any(|c| ws.iter().any(|w| c.contains(w))))
    };

    // Ministry of Finance self-evaluation sheets.
    let funds = rows.iter().any(|r| is_funds_header(r));
    let indicators = rows.iter().any(|r| is_indicator_header(r));
    let self_eval_title = caption.contains("自评表") || caption.contains("自评情况表");
    if (funds && indicators) || (self_eval_title && (funds || indicators)) {
        let department = ["部门整体", "整体支出", "单位整体"]
            .iter()
            .any(|w| caption.contains(w));
        let project = caption.contains("项目支出") || caption.contains("项目绩效");
        let department = department
            || (!project
                && !any_cell(&["项目名称"])
                && any_cell(&[
                    "部门（单位）名称",
                    "部门(单位)名称",
                    "预算部门",
                    "单位名称",
                    "部门名称",
                    "年度主要任务",
                    "按收入性质分",
                    "按支出性质分",
                ]));
        return if department {
            TableLayout::MofDepartmentSelfEvaluation
        } else {
            TableLayout::MofProjectSelfEvaluation
        };
    }

    // Financial statements: by title, or by two of their own total rows.
    let statement_rows = rows
        .iter()
        .filter(|r| {
            r.iter().any(|c| {
                let l = super::statements::strip_parens(&super::grid::strip_marker(c));
                let l = l.trim_start_matches(['减', '加', '：', ':']);
                STATEMENT_TOTALS.contains(&l) || STATEMENT_SUFFIXES.iter().any(|w| l.ends_with(w))
            })
        })
        .count();
    if is_statement_caption(&caption) || statement_rows >= 2 {
        return TableLayout::FinancialStatement;
    }

    // Scoring rules: group labels declaring weights over a weight column.
    let grid = Grid::new(t);
    if super::scores::is_score_sheet(&grid) {
        return TableLayout::ScoreRules;
    }
    let scoring_title = ["评分", "考核", "评审", "细则", "指标体系", "评价指标"]
        .iter()
        .any(|w| caption.contains(w));
    let weight_column = t.columns.iter().any(|c| is_points_title(c));
    if scoring_title && weight_column {
        return TableLayout::ScoreRules;
    }
    // An indicators header (一级指标 … 分值) with no funds block, or a header
    // with both a points column and a 得分 column: a score sheet.
    let header_rows: Vec<Vec<String>> = t
        .header
        .iter()
        .map(|r| r.iter().map(|c| norm(&c.text)).collect())
        .chain(std::iter::once(t.columns.iter().map(|c| norm(c)).collect()))
        .collect();
    let points_and_score = weight_column && t.columns.iter().any(|c| is_score_title(c));
    if header_rows.iter().any(|r| is_indicator_header(r)) || points_and_score {
        return TableLayout::ScoreRules;
    }

    if !body_block_headers(t).is_empty() {
        return TableLayout::FormBlocks;
    }
    if t.kind.is_some_and(|k| k != crate::model::TableKind::Other) {
        return TableLayout::BudgetStandard;
    }
    TableLayout::Generic
}

/// Body rows heading a block of the form below them.
pub fn body_block_headers(t: &Table) -> Vec<usize> {
    let texts: Vec<Vec<&str>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.as_str()).collect())
        .collect();
    block_header_rows(&texts)
}

/// One block of a form: body rows `start..end`, headed by body row `header`
/// (None for the first block, headed by the table's own header).
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub header: Option<usize>,
    pub start: usize,
    pub end: usize,
    /// Column titles for this block.
    pub columns: Vec<String>,
    pub unit: Option<String>,
}

/// The blocks of a table: the rows under the table's header, then the rows
/// under each block header row in the body.
pub fn blocks(t: &Table) -> Vec<Block> {
    let heads = body_block_headers(t);
    let mut out = Vec::new();
    let first_end = heads.first().copied().unwrap_or(t.rows.len());
    if first_end > 0 {
        out.push(Block {
            header: None,
            start: 0,
            end: first_end,
            columns: t.columns.clone(),
            unit: t.unit.clone(),
        });
    }
    for (i, &h) in heads.iter().enumerate() {
        let end = heads.get(i + 1).copied().unwrap_or(t.rows.len());
        let titles: Vec<String> = (0..t.columns.len())
            .map(|c| {
                t.rows[h]
                    .get(c)
                    .map(|x| x.text.trim().to_string())
                    .unwrap_or_default()
            })
            .collect();
        // A title cell left empty under a merged one continues the title on its left.
        let mut columns = Vec::with_capacity(titles.len());
        for (c, title) in titles.iter().enumerate() {
            let merged = t.rows[h].get(c).is_some_and(|x| x.merged);
            // A 序号 or code column keeps its title under an empty cell:
            // a block head retitles the columns it has words for.
            let kept = t.columns.get(c).filter(|x| {
                matches!(
                    crate::structure::tables::column_role(x),
                    crate::structure::tables::ColumnRole::Index
                        | crate::structure::tables::ColumnRole::Code
                )
            });
            columns.push(if let Some(kept) = kept.filter(|_| title.is_empty()) {
                kept.clone()
            } else if title.is_empty() && merged && c > 0 {
                titles[..c]
                    .iter()
                    .rev()
                    .find(|x| !x.is_empty())
                    .cloned()
                    .unwrap_or_default()
            } else {
                title.clone()
            });
        }
        // The table's declared unit holds unless the block names its own; a
        // unit read from the first block's column titles is that block's.
        let unit = titles
            .iter()
            .find_map(|x| crate::figures::unit_in(x))
            .or_else(|| {
                let from_caption = t.caption.as_deref().and_then(crate::figures::unit_in);
                t.unit.clone().filter(|u| {
                    from_caption.as_ref() == Some(u)
                        || !t
                            .columns
                            .iter()
                            .any(|c| crate::figures::unit_in(c).as_ref() == Some(u))
                })
            });
        out.push(Block {
            header: Some(h),
            start: h + 1,
            end,
            columns,
            unit,
        });
    }
    out
}

/// The table as one block sees it: the same shape (so row and column indices
/// stay true for findings), rows outside the block emptied, the block's own
/// column titles and unit.
pub fn block_table(t: &Table, b: &Block) -> Table {
    let mut out = super::grid::emptied(t, |r, _| r < b.start || r >= b.end);
    out.columns = b.columns.clone();
    out.unit = b.unit.clone();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_table;

    #[test]
    fn a_statement_caption_ends_with_the_statement_s_title() {
        for c in [
            "资产负债表",
            "合并利润表",
            "母公司现金流量表",
            "收入费用表（续）",
            "资产负债表单位：人民币元",
            "利润表会企02表",
            "2024年度现金流量表",
        ] {
            assert!(is_statement_caption(c), "{c}");
        }
        for c in [
            "利润表项目变动的情况及原因单位：人民币元",
            "资产负债表项目变动的情况及原因",
            "财政拨款收支预算总表",
        ] {
            assert!(!is_statement_caption(c), "{c}");
        }
    }

    #[test]
    fn a_form_with_a_second_header_block_is_form_blocks() {
        let t = test_table(
            "",
            &["项目", "编制人数", "实有人数"],
            &[
                &["行政编制", "20", "18"],
                &["事业编制", "10", "9"],
                &["合计", "30", "27"],
                &["经费控制情况（万元）", "2023年决算数", "2024年预算数"],
                &["三公经费", "12.50", "11.00"],
                &["会议费", "3.00", "2.00"],
            ],
        );
        assert_eq!(recognise(&t), TableLayout::FormBlocks);
        let bs = blocks(&t);
        assert_eq!(bs.len(), 2);
        assert_eq!((bs[0].start, bs[0].end), (0, 3));
        assert_eq!((bs[1].start, bs[1].end), (4, 6));
        assert_eq!(bs[1].columns[1], "2023年决算数");
        assert_eq!(bs[1].unit.as_deref(), Some("万元"));
        let bt = block_table(&t, &bs[1]);
        assert!(bt.rows[0][1].text.is_empty());
        assert_eq!(bt.rows[4][1].text, "12.50");
    }

    #[test]
    fn a_block_head_keeps_the_index_column_s_title() {
        // The block head "经费支出（元）| 2024年预算数 | …" leaves the 序号
        // column's cell empty: the column is still 序号, not a column of
        // numbers to add up (nor the rows' labels).
        let t = test_table(
            "",
            &["序号", "人员情况", "编制数（人）", "实有人数（人）"],
            &[
                &["1", "行政编制", "20", "18"],
                &["2", "事业编制", "10", "9"],
                &["", "合计", "30", "27"],
                &["", "经费支出（元）", "2024年预算数", "2024年决算数"],
                &["3", "工资福利支出", "1000", "990"],
                &["4", "商品和服务支出", "500", "480"],
                &["", "经费支出合计", "1500", "1470"],
            ],
        );
        let bs = blocks(&t);
        assert_eq!(bs.len(), 2);
        assert_eq!(bs[1].columns[0], "序号");
        assert_eq!(bs[1].columns[2], "2024年预算数");
        let mut rec = crate::audit::Recorder::default();
        crate::audit::check_table(&t, &mut rec);
        assert!(rec.findings.is_empty(), "{:?}", rec.findings);
        assert!(rec.summary.by_check["table.total"].passed >= 3);
    }

    #[test]
    fn statements_by_title_or_by_their_totals() {
        let t = test_table(
            "元",
            &["项目", "期末余额", "期初余额"],
            &[
                &["流动资产：", "", ""],
                &["货币资金", "10.00", "9.00"],
                &["流动资产合计", "10.00", "9.00"],
                &["非流动资产：", "", ""],
                &["固定资产", "5.00", "5.00"],
                &["非流动资产合计", "5.00", "5.00"],
                &["资产总计", "15.00", "14.00"],
            ],
        );
        assert_eq!(recognise(&t), TableLayout::FinancialStatement);
        let mut t = test_table(
            "元",
            &["项目", "本年数"],
            &[&["甲", "1.00"], &["乙", "2.00"]],
        );
        assert_eq!(recognise(&t), TableLayout::Generic);
        t.caption = Some("收入费用表".into());
        assert_eq!(recognise(&t), TableLayout::FinancialStatement);
    }
}
