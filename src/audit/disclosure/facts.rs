//! The amounts of a disclosure's standard tables as facts: each amount with
//! its 科目 (code and name, or the item a column names), what its column
//! means (合计 / 基本支出 / 项目支出 / 人员经费 / 公用经费 …) and the budget
//! stage (年初预算 / 预算 / 决算 …). The cross-table identities compare facts;
//! the output writes them (SQLite `facts`, the document JSON).
//!
//! Besides the model's `Fact`, the audit keeps for each amount the money flow
//! (收入 or 支出), the funds it covers (all funds, 财政拨款, 一般公共预算,
//! 政府性基金, 国有资本经营), which kind of total its row is, and whether its
//! column was named (a column without a title is read from position).

use std::borrow::Cow;

use crate::model::{Cell, Document, Fact, Section, Span, Stage, Table, TableKind};
use crate::structure::kind::{is_final_accounts, table_kind};

use super::super::grid::{halves, is_total_label, strip_marker};
use super::super::num::Num;

/// Income or expenditure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flow {
    Income,
    Expenditure,
}

/// The funds an amount covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every source of money (收支总表, 收入总表, 支出总表).
    All,
    /// 财政拨款 (general budget + government funds + state capital).
    Fiscal,
    /// 一般公共预算.
    General,
    /// 政府性基金预算.
    Fund,
    /// 国有资本经营预算.
    Capital,
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::All => "all funds",
            Scope::Fiscal => "财政拨款",
            Scope::General => "一般公共预算",
            Scope::Fund => "政府性基金预算",
            Scope::Capital => "国有资本经营预算",
        }
    }
}

/// Which total a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// This year's total (本年收入合计, 当年支出小计, a code table's 合计).
    Year,
    /// The grand total including carry-overs (收入总计, 支出合计 after 上年结转).
    Grand,
}

/// What the audit knows about a fact beyond the model.
#[derive(Debug, Clone)]
pub struct Meta {
    pub flow: Flow,
    pub scope: Scope,
    /// The row is a total (and which), or an item.
    pub total: Option<Total>,
    /// The column has a title that says what it holds, and the table's kind
    /// comes from its title: the amount's meaning is certain, not positional.
    pub explicit: bool,
    pub num: Num,
}

/// The facts of a document and, index for index, their audit meta.
#[derive(Debug, Default)]
pub struct Facts {
    pub facts: Vec<Fact>,
    pub meta: Vec<Meta>,
}

impl Facts {
    pub fn iter(&self) -> impl Iterator<Item = (&Fact, &Meta)> {
        self.facts.iter().zip(&self.meta)
    }
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Read every recognised standard table of the document.
pub fn read(doc: &Document) -> Facts {
    let mut out = Facts::default();
    let default_stage = match doc.kind {
        Some(k) if is_final_accounts(k) => Stage::Final,
        _ => Stage::Budget,
    };
    for t in &doc.tables {
        let Some(kind) = t.kind else { continue };
        let titled = table_titled(doc, t, kind);
        if kind == TableKind::ThreePublicExpenses || is_column_oriented(t) {
            read_columns(t, kind, titled, default_stage, doc.fiscal_year, &mut out);
        } else {
            for (side, part) in split_sides(Cow::Borrowed(t), 0).iter().enumerate() {
                let ctx = Ctx {
                    whole: t,
                    kind,
                    titled,
                    default_stage,
                    fiscal_year: doc.fiscal_year,
                    side,
                };
                read_rows(part, &ctx, &mut out);
            }
        }
    }
    let codes = name_codes(&out);
    // The 类 rows of the summary tables (收支总表's "一般公共服务支出")
    // carry the code the function tables give that name, when only one.
    for f in &mut out.facts {
        if f.code.is_none()
            && matches!(
                f.table_kind,
                TableKind::IncomeExpenditureSummary | TableKind::FiscalAppropriationSummary
            )
            && let Some(code) = codes.iter().find(|(n, _)| *n == f.name).map(|(_, c)| c)
        {
            f.code = Some(code.clone());
        }
    }
    out
}

/// Is the table's kind stated by its title (caption or the heading over it)?
fn table_titled(doc: &Document, t: &Table, kind: TableKind) -> bool {
    if t.caption.as_deref().and_then(table_kind) == Some(kind) {
        return true;
    }
    fn find<'a>(ss: &'a [Section], id: &str) -> Option<&'a Section> {
        for s in ss {
            if s.id == id {
                return Some(s);
            }
            if let Some(x) = find(&s.children, id) {
                return Some(x);
            }
        }
        None
    }
    t.section
        .as_deref()
        .and_then(|id| find(&doc.sections, id))
        .is_some_and(|s| table_kind(&s.title) == Some(kind))
}

/// A side-by-side table read as its sides (收入 | 支出 …; a 支出 side of
/// 功能分类 | 支出用途 split again). A table of one side stays borrowed.
fn split_sides(t: Cow<'_, Table>, depth: usize) -> Vec<Cow<'_, Table>> {
    let parts: Vec<Table> = match halves(&t) {
        hs if hs.len() == 1 => Vec::new(),
        hs => hs.into_iter().map(Cow::into_owned).collect(),
    };
    if parts.is_empty() {
        return vec![t];
    }
    if depth >= 3 {
        return parts.into_iter().map(Cow::Owned).collect();
    }
    parts
        .into_iter()
        .flat_map(|p| split_sides(Cow::Owned(p), depth + 1))
        .collect()
}

/// Items in the column titles and one or two rows of amounts under them
/// (三公经费表, a 支出总表 of 合计 | 基本支出 | 项目支出).
fn is_column_oriented(t: &Table) -> bool {
    let data: Vec<&Vec<Cell>> = t
        .rows
        .iter()
        .filter(|r| r.iter().any(|c| c.value.is_some()))
        .collect();
    !data.is_empty()
        && data.len() <= 2
        && data.iter().all(|r| {
            r.iter()
                .all(|c| c.value.is_some() || c.text.trim().is_empty())
        })
}

/// A cell's number: its figure, or the text read as an amount when the
/// column was taken for codes by a title polluted by a merged header.
pub fn cell_num(c: &Cell, unit: Option<&str>) -> Option<Num> {
    if let Some(n) = Num::from_cell(c) {
        return Some(n);
    }
    let t = c.text.trim();
    // An amount has a decimal point, however it was typed ("2,106.66",
    // "２，１０６．６６"); a code has none.
    if t.is_empty() || !t.contains(['.', '．']) {
        return None;
    }
    crate::figures::parse_cell(t, unit)
        .filter(|f| f.comparator.is_none())
        .and_then(|f| Num::from_figure(&f))
}

/// What a column's title says its amounts are: (measure, explicit). The last
/// meaningful level decides; a 合计 under a fund's name is that fund's total.
pub fn measure_of(title: &str) -> (String, bool) {
    let segs: Vec<String> = title.split('/').map(norm).collect();
    let mut found: Option<&'static str> = None;
    for s in segs.iter().rev() {
        let Some(m) = segment_measure(s) else {
            continue;
        };
        match found {
            None => found = Some(m),
            Some("合计") if is_fund_measure(m) => return (m.to_string(), true),
            Some(_) => {}
        }
        if found != Some("合计") {
            break;
        }
    }
    match found {
        Some(m) => (m.to_string(), true),
        None => ("合计".to_string(), false),
    }
}

fn is_fund_measure(m: &str) -> bool {
    matches!(
        m,
        "一般公共预算" | "政府性基金预算" | "国有资本经营预算" | "财政拨款"
    )
}

fn segment_measure(s: &str) -> Option<&'static str> {
    let has = |w: &str| s.contains(w);
    Some(if has("人员经费") {
        "人员经费"
    } else if has("公用经费") {
        "公用经费"
    } else if has("基本支出") {
        "基本支出"
    } else if has("项目支出") {
        "项目支出"
    } else if has("上缴上级") {
        "上缴上级支出"
    } else if has("对附属单位补助") {
        "对附属单位补助支出"
    } else if has("经营支出") {
        "经营支出"
    } else if has("单位预留机动") {
        "单位预留机动经费"
    } else if has("结转下年") {
        "结转下年资金"
    } else if has("年初结转") || has("上年结转") {
        "年初结转和结余"
    } else if has("年末结转") {
        "年末结转和结余"
    } else if has("上级补助收入") {
        "上级补助收入"
    } else if has("附属单位上缴") {
        "附属单位上缴收入"
    } else if has("经营收入") {
        "经营收入"
    } else if has("事业收入") {
        "事业收入"
    } else if has("其他收入") {
        "其他收入"
    } else if has("一般公共预算") {
        "一般公共预算"
    } else if has("政府性基金") {
        "政府性基金预算"
    } else if has("国有资本经营") {
        "国有资本经营预算"
    } else if has("财政拨款") {
        "财政拨款"
    } else if has("机关运行经费") {
        "机关运行经费"
    } else if has("合计")
        || has("小计")
        || has("总计")
        || has("金额")
        || has("预算数")
        || has("决算数")
        || has("执行数")
        || has("数额")
        || s == "预算"
        || s == "决算"
    {
        "合计"
    } else if has("本年收入") {
        "本年收入"
    } else if has("本年支出") {
        "本年支出"
    } else {
        return None;
    })
}

/// The stage a column's title names; `None` when it names none.
pub fn stage_of(title: &str, fiscal_year: Option<u16>) -> Option<Stage> {
    // The funds' names say 预算 without naming a stage.
    let mut t = norm(title);
    for fund in [
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
        "预算单位",
        "部门预算",
    ] {
        t = t.replace(fund, "");
    }
    // 上年结转 / 上年结余 is money carried into this year (年初结转和结余):
    // this year's funds, not a figure of last year's.
    for carried in ["结转", "结余"] {
        for year in ["上年度", "上一年度", "上一年", "上年"] {
            t = t.replace(&format!("{year}{carried}"), carried);
        }
    }
    let has = |w: &str| t.contains(w);
    if has("上年") {
        return Some(if has("决算") || has("执行") {
            Stage::PreviousFinal
        } else {
            Stage::PreviousBudget
        });
    }
    // "2023年决算数" in a 2024 table is last year's.
    if let (Some(y), Some(fy)) = (crate::structure::kind::first_year(&t), fiscal_year)
        && y < fy
    {
        return Some(if has("预算") && !has("执行") && !has("决算") {
            Stage::PreviousBudget
        } else {
            Stage::PreviousFinal
        });
    }
    if has("年初预算") {
        Some(Stage::InitialBudget)
    } else if has("调整预算") || has("全年预算") || has("调整后预算") {
        Some(Stage::AdjustedBudget)
    } else if has("决算") || has("执行数") || has("实际") {
        Some(Stage::Final)
    } else if has("预算") {
        Some(Stage::Budget)
    } else {
        None
    }
}

/// The flow of a column: from its title (收入 … / 支出 …), else the table's
/// (the first side of a 收支总表 is its 收入).
fn flow_of(title: &str, kind: TableKind, side: usize) -> Flow {
    let t = norm(title);
    let first = t.split('/').next().unwrap_or("");
    if first.contains("收入") && !first.contains("支出") {
        return Flow::Income;
    }
    if first.contains("支出") {
        return Flow::Expenditure;
    }
    let two_sided = matches!(
        kind,
        TableKind::IncomeExpenditureSummary | TableKind::FiscalAppropriationSummary
    );
    if kind == TableKind::IncomeSummary || two_sided && side == 0 {
        Flow::Income
    } else {
        Flow::Expenditure
    }
}

/// The funds a table's amounts cover, before the column says otherwise.
fn table_scope(kind: TableKind) -> Scope {
    use TableKind::*;
    match kind {
        FiscalAppropriationSummary
        | FiscalAppropriationByFunction
        | FiscalAppropriationBasicByEconomic
        | ThreePublicExpenses => Scope::Fiscal,
        GeneralBudgetByFunction | GeneralBudgetBasicByEconomic | OperatingExpenses => {
            Scope::General
        }
        GovernmentFund => Scope::Fund,
        StateCapitalOperation => Scope::Capital,
        _ => Scope::All,
    }
}

/// A fund measure (一般公共预算 column …) is that fund's total.
fn scope_and_measure(kind: TableKind, measure: String) -> (Scope, String) {
    match measure.as_str() {
        "一般公共预算" => (Scope::General, "合计".into()),
        "政府性基金预算" => (Scope::Fund, "合计".into()),
        "国有资本经营预算" => (Scope::Capital, "合计".into()),
        "财政拨款" if kind != TableKind::IncomeSummary => (Scope::Fiscal, "合计".into()),
        _ => (table_scope(kind), measure),
    }
}

/// A 科目 name as facts keep it: no ladder marker, spaces, （类）/（款）/（项）.
pub fn normalise_name(label: &str) -> String {
    let s = strip_marker(label);
    let mut n = norm(&s);
    for tag in ["（类）", "（款）", "（项）", "(类)", "(款)", "(项)"] {
        n = n.replace(tag, "");
    }
    n.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '．' | '、'))
        .replace(['(', ')'], "")
        .replace(['（', '）'], "")
}

/// Which total a row label names: this year's (合计, 本年收入合计, 当年支出小计)
/// or the grand total (收入总计, 支出合计); a subtotal of one item
/// (人员经费合计, 小计) is neither.
fn total_of(label: &str) -> Option<Total> {
    let n = norm(label);
    if !is_total_label(&n) {
        return None;
    }
    let prefix = ["合计", "总计", "小计", "共计"]
        .iter()
        .find_map(|s| n.strip_suffix(s))
        .unwrap_or(&n);
    if prefix.contains("本年") || prefix.contains("当年") {
        return Some(Total::Year);
    }
    if n.ends_with("小计") {
        return None;
    }
    match prefix {
        "" => Some(Total::Year),
        "收入" | "支出" | "收支" | "收入支出" => Some(Total::Grand),
        _ => None,
    }
}

/// [`total_of`] in a table of `kind`: in a 收支总表 (收入支出决算总表,
/// 收支预算总表, 财政拨款收支总表) a row labelled plain 总计 is the side's
/// grand total, carry-overs included — the template's 总计 under 本年收入合计
/// and 年初结转和结余 — not this year's. (A side that carries nothing over
/// takes its grand total for this year's: `identities::side_total`.)
fn total_in(label: &str, kind: TableKind) -> Option<Total> {
    let summary = matches!(
        kind,
        TableKind::IncomeExpenditureSummary | TableKind::FiscalAppropriationSummary
    );
    if summary && norm(label) == "总计" {
        return Some(Total::Grand);
    }
    total_of(label)
}

fn is_code_text(t: &str) -> bool {
    let t = norm(t);
    !t.is_empty() && t.len() <= 9 && t.chars().all(|c| c.is_ascii_digit())
}

fn is_code_title(title: &str) -> bool {
    let t = norm(title);
    let last = t.rsplit('/').next().unwrap_or(&t);
    t.contains("编码") || t.contains("代码") || matches!(last, "类" | "款" | "项")
}

/// What reading one side of a table needs to know.
struct Ctx<'a> {
    whole: &'a Table,
    kind: TableKind,
    titled: bool,
    default_stage: Stage,
    fiscal_year: Option<u16>,
    /// Which side of a side-by-side table (0 = the first, 收入).
    side: usize,
}

/// Read one side of a table row by row.
fn read_rows(side: &Table, ctx: &Ctx, out: &mut Facts) {
    let Ctx {
        whole,
        kind,
        titled,
        default_stage,
        fiscal_year,
        side: side_index,
    } = *ctx;
    let width = side.columns.len();
    let filled = |c: usize| {
        side.rows
            .iter()
            .filter(|r| r.get(c).is_some_and(|x| !x.text.trim().is_empty()))
            .count()
    };
    let active: Vec<usize> = (0..width).filter(|&c| filled(c) > 0).collect();
    // Code columns: leading columns of codes (类 | 款 | 项, or one column);
    // then the labels (科目名称).
    let mut code_cols = Vec::new();
    let mut label_col = None;
    for &c in &active {
        let cells: Vec<&str> = side
            .rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(|x| x.text.trim())
            .filter(|t| !t.is_empty())
            .collect();
        let codes = cells.iter().filter(|t| is_code_text(t)).count();
        let words = cells.iter().filter(|t| cell_looks_textual(t)).count();
        // A 序号 column (titled so, or counting 1, 2, 3 …) is no part of a code.
        let index = crate::structure::tables::column_role(&side.columns[c])
            == crate::structure::tables::ColumnRole::Index
            || crate::structure::tables::counts_up(cells.iter().copied());
        if index {
            continue;
        }
        if codes > 0 && (codes >= words * 2 || is_code_title(&side.columns[c])) {
            code_cols.push(c);
        } else if words > 0 {
            label_col = Some(c);
            break;
        }
    }
    let Some(label_col) = label_col else { return };
    // Amount columns: after the labels, titled or holding amounts.
    let unit = whole.unit.as_deref();
    let value_cols: Vec<usize> = (label_col + 1..width)
        .filter(|&c| !is_code_title(&side.columns[c]) || measure_of(&side.columns[c]).1)
        .filter(|&c| {
            side.rows
                .iter()
                .any(|r| r.get(c).and_then(|x| cell_num(x, unit)).is_some())
        })
        .filter(|&c| {
            // Not a second label column (a half's own item names).
            side.rows
                .iter()
                .filter_map(|r| r.get(c))
                .filter(|x| cell_looks_textual(&x.text) && !is_total_label(&x.text))
                .count()
                == 0
        })
        .collect();
    // Label columns: the first, and any later column of words (a 支出用途
    // side beside the 功能分类 side: 功能科目名称 | 金额 | 项目名称 | 金额).
    let label_cols: Vec<usize> = std::iter::once(label_col)
        .chain((label_col + 1..width).filter(|&c| {
            !value_cols.contains(&c)
                && side
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .any(|x| cell_looks_textual(&x.text) && !is_total_label(&x.text))
        }))
        .collect();
    let codes = crate::structure::tables::row_codes(&side.rows, &code_cols);
    // A 收支总表 printed stacked, its 支出 rows under the 收入 rows: a row
    // that says only "支出" (or "收入") gives the rows below it their flow,
    // whatever the columns' titles say.
    let mut stacked_flow: Option<Flow> = None;
    for (r, row) in side.rows.iter().enumerate() {
        let code = codes[r].as_ref().map(|(code, _)| code.clone());
        let words: Vec<String> = row
            .iter()
            .map(|x| norm(&x.text))
            .filter(|t| !t.is_empty())
            .collect();
        match words.as_slice() {
            [w] if w == "支出" || w == "支出项目" => stacked_flow = Some(Flow::Expenditure),
            [w] if w == "收入" || w == "收入项目" => stacked_flow = Some(Flow::Income),
            _ => {}
        }
        for &c in &value_cols {
            let Some(cell) = row.get(c) else { continue };
            let Some(n) = cell_num(cell, unit) else {
                continue;
            };
            // The item of this amount: its own label column's text (the
            // nearest to its left), else a total's label further left
            // ("当年支出小计 | | | 18,330.37").
            // The run of label columns right before this amount's group of
            // amounts ("一般公共预算资金 | 小计" is one label).
            let prev_value = value_cols.iter().rev().find(|&&v| v < c).copied();
            let lc = label_cols
                .iter()
                .copied()
                .filter(|&l| l < c && prev_value.is_none_or(|v| l > v))
                .min()
                .unwrap_or(label_col);
            let group_end = value_cols
                .iter()
                .find(|&&v| v > lc)
                .copied()
                .unwrap_or(width);
            let codes_here: &[usize] = if lc == label_col { &code_cols } else { &[] };
            let mut label = row_label(row, codes_here, lc, group_end);
            if label.is_empty() {
                let whole_row = &whole.rows[r];
                label = whole_row[..lc.min(whole_row.len())]
                    .iter()
                    .rev()
                    .map(|x| x.text.trim())
                    .find(|t| !t.is_empty() && cell_looks_textual(t))
                    .filter(|t| total_of(t).is_some())
                    .unwrap_or_default()
                    .to_string();
            }
            let code = if lc == label_col { code.clone() } else { None };
            let name = normalise_name(&label);
            if name.is_empty() && code.is_none() {
                continue;
            }
            let total = total_in(&label, kind);
            let title = &side.columns[c];
            let (measure, named) = measure_of(title);
            let (scope, measure) = scope_and_measure(kind, measure);
            push(
                out,
                whole,
                kind,
                r,
                c,
                cell,
                code,
                name,
                measure,
                stage_of(title, fiscal_year).or(Some(default_stage)),
                n,
                unit,
                Meta {
                    flow: stacked_flow.unwrap_or_else(|| flow_of(title, kind, side_index)),
                    scope,
                    total,
                    explicit: titled && named,
                    num: n,
                },
            );
        }
    }
}

/// A row's item: the last label among its label columns (a group's 小计
/// names the group: "一般公共预算资金 | 小计"), or a total's label standing
/// in the code column ("合计").
fn row_label(row: &[Cell], code_cols: &[usize], label_col: usize, label_end: usize) -> String {
    let texts: Vec<&str> = (label_col..label_end.max(label_col + 1))
        .filter_map(|c| row.get(c))
        .map(|x| x.text.trim())
        .filter(|t| !t.is_empty() && cell_looks_textual(t))
        .collect();
    let meaningful: Vec<&str> = texts
        .iter()
        .copied()
        .filter(|t| !matches!(norm(t).as_str(), "小计" | "合计"))
        .collect();
    if let Some(t) = meaningful.last().or(texts.last()) {
        return t.to_string();
    }
    code_cols
        .iter()
        .filter_map(|&c| row.get(c))
        .map(|x| x.text.trim())
        .find(|t| is_total_label(t))
        .unwrap_or_default()
        .to_string()
}

/// Words, not an amount: a cell with Chinese characters that does not read
/// as a number ("13,649.07万元" is an amount with its unit).
fn cell_looks_textual(t: &str) -> bool {
    t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && crate::figures::parse_cell(t, None).is_none_or(|f| f.value.is_none())
}

/// Read a table whose items are its column titles.
fn read_columns(
    t: &Table,
    kind: TableKind,
    titled: bool,
    default_stage: Stage,
    fiscal_year: Option<u16>,
    out: &mut Facts,
) {
    let unit = t.unit.as_deref();
    // A 三公 table of the three items alone (no 三公 group over them, no
    // 会议费 or 培训费 beside them): its 合计 is the 三公经费.
    let alone = kind == TableKind::ThreePublicExpenses
        && !t
            .columns
            .iter()
            .any(|c| matches!(sangong_item(c), Some("三公经费" | "会议费" | "培训费")));
    for (r, row) in t.rows.iter().enumerate() {
        // A row comparing years (增减额, 增减率) states no amount of a stage;
        // a row naming its period ("2023年决算数") gives the stage its
        // columns do not.
        let label = norm(
            row.iter()
                .map(|c| c.text.trim())
                .find(|t| cell_looks_textual(t))
                .unwrap_or(""),
        );
        if ["增减", "增长", "变动", "变化", "差额", "率", "%", "％"]
            .iter()
            .any(|w| label.contains(w))
        {
            continue;
        }
        let row_stage = stage_of(&label, fiscal_year);
        for (c, cell) in row.iter().enumerate() {
            let Some(n) = cell_num(cell, unit) else {
                continue;
            };
            if cell.unit.as_deref() == Some("%") {
                continue;
            }
            let title = t.columns.get(c).map(String::as_str).unwrap_or("");
            let (name, measure, named) = if kind == TableKind::ThreePublicExpenses {
                match sangong_item(title) {
                    Some("合计") if alone => ("三公经费".to_string(), "合计".to_string(), true),
                    Some(item) => (item.to_string(), "合计".to_string(), true),
                    None => (normalise_name(title), "合计".to_string(), false),
                }
            } else {
                let (m, named) = measure_of(title);
                ("合计".to_string(), m, named)
            };
            let (scope, measure) = scope_and_measure(kind, measure);
            push(
                out,
                t,
                kind,
                r,
                c,
                cell,
                None,
                name,
                measure,
                stage_of(title, fiscal_year)
                    .or(row_stage)
                    .or(Some(default_stage)),
                n,
                unit,
                Meta {
                    flow: Flow::Expenditure,
                    scope,
                    total: (kind != TableKind::ThreePublicExpenses).then_some(Total::Year),
                    explicit: titled && named,
                    num: n,
                },
            );
        }
    }
}

/// The 三公经费 item a column title names, whatever the wording:
/// "财政拨款“三公”经费/合计/预算数" → 三公经费, "…/公务用车购置及运行维护费/小计"
/// → 公务用车购置及运行费, "…/购置费" → 公务用车购置费.
pub fn sangong_item(title: &str) -> Option<&'static str> {
    let segs: Vec<String> = title.split('/').map(norm).collect();
    let first = segs.first()?;
    // Columns beside the 三公 group: 机关运行经费, 会议费, 培训费, the table's 合计.
    if first.contains("机关运行经费") {
        return Some("机关运行经费");
    }
    if first.contains("会议费") {
        return Some("会议费");
    }
    if first.contains("培训费") {
        return Some("培训费");
    }
    let in_group = first.contains("三公");
    let rest: &[String] = if in_group { &segs[1..] } else { &segs[..] };
    let mut item: Option<&'static str> = None;
    for s in rest {
        let found = if s.contains("因公出国") {
            Some("因公出国（境）费")
        } else if s.contains("公务接待") {
            Some("公务接待费")
        } else if s.contains("购置及运行") {
            Some("公务用车购置及运行费")
        } else if s.contains("购置") {
            Some("公务用车购置费")
        } else if s.contains("运行") {
            Some("公务用车运行费")
        } else if s.contains("合计") || s.contains("小计") {
            match item {
                Some(i) => Some(i),
                None if in_group => Some("三公经费"),
                None => Some("合计"),
            }
        } else {
            None
        };
        if found.is_some() {
            item = found;
        }
    }
    match item {
        Some(i) => Some(i),
        None if in_group && rest.iter().all(|s| segment_measure(s).is_some()) => Some("三公经费"),
        None => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Facts,
    t: &Table,
    kind: TableKind,
    row: usize,
    column: usize,
    cell: &Cell,
    code: Option<String>,
    name: String,
    measure: String,
    stage: Option<Stage>,
    n: Num,
    unit: Option<&str>,
    meta: Meta,
) {
    let unit = cell.unit.clone().or_else(|| unit.map(str::to_string));
    let value_yuan = cell
        .figure
        .as_ref()
        .and_then(|f| f.value_yuan)
        .or_else(|| yuan(n.value, unit.as_deref()));
    out.facts.push(Fact {
        table: t.id,
        table_kind: kind,
        row,
        column,
        code,
        name,
        measure,
        stage,
        unit,
        value: n.value,
        decimals: n.decimals,
        value_yuan,
        location: cell.location.clone().or_else(|| Some(t.location.clone())),
    });
    out.meta.push(meta);
}

fn yuan(v: f64, unit: Option<&str>) -> Option<f64> {
    let f = crate::figures::units::yuan_factor(unit?)?;
    Some((v * f * 100.0).round() / 100.0)
}

/// Names with exactly one code among the function tables' rows (类 names of
/// the function classification: 一般公共服务支出 → 201).
fn name_codes(f: &Facts) -> Vec<(String, String)> {
    use TableKind::*;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for fact in &f.facts {
        let function = matches!(
            fact.table_kind,
            IncomeSummary
                | ExpenditureSummary
                | GeneralBudgetByFunction
                | FiscalAppropriationByFunction
                | GovernmentFund
                | StateCapitalOperation
        );
        if function
            && let Some(code) = &fact.code
            && !fact.name.is_empty()
            && !pairs.iter().any(|(n, c)| n == &fact.name && c == code)
        {
            pairs.push((fact.name.clone(), code.clone()));
        }
    }
    let unique: Vec<(String, String)> = pairs
        .iter()
        .filter(|(n, _)| pairs.iter().filter(|(m, _)| m == n).count() == 1)
        .cloned()
        .collect();
    unique
}

/// Where a fact stands, for messages: "收入决算表 row 3, column 「决算数」, page 8".
pub fn describe(doc: &Document, f: &Fact) -> String {
    let t = &doc.tables[f.table];
    let name = t
        .caption
        .clone()
        .unwrap_or_else(|| format!("table {}", f.table + 1));
    let col = t.columns.get(f.column).cloned().unwrap_or_default();
    let place = f.location.as_ref().map(Span::describe).unwrap_or_default();
    format!(
        "{name} 「{}」/「{}」 ({place})",
        f.name,
        col.replace('\n', "")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_count_is_no_code() {
        let counts = |c: &[&str]| crate::structure::tables::counts_up(c.iter().copied());
        assert!(counts(&["1", "2", "3", "4"]));
        assert!(!counts(&["1", "2"]), "too short to tell");
        assert!(!counts(&["201", "20101", "2010101"]));
        assert!(!counts(&["1", "2", "4"]));
    }

    #[test]
    fn an_amount_in_a_column_taken_for_codes_however_its_point_is_typed() {
        let cell = |t: &str| Cell {
            text: t.into(),
            ..Cell::default()
        };
        for t in ["2,106.66", "2,106．66", "２，１０６．６６"] {
            let n = cell_num(&cell(t), Some("万元")).map(|n| n.value);
            assert_eq!(n, Some(2106.66), "{t}");
        }
        // A code has no decimal point.
        assert_eq!(cell_num(&cell("20106"), Some("万元")), None);
    }

    #[test]
    fn measures_from_column_titles() {
        assert_eq!(measure_of("支出预算/基本支出"), ("基本支出".into(), true));
        assert_eq!(
            measure_of("一般公共预算基本支出/人员经费"),
            ("人员经费".into(), true)
        );
        assert_eq!(measure_of("本年支出合计/科目名称"), ("合计".into(), true));
        assert_eq!(measure_of("收入/决算数"), ("合计".into(), true));
        assert_eq!(
            measure_of("财政拨款支出/一般公共预算"),
            ("一般公共预算".into(), true)
        );
        assert_eq!(
            measure_of("支出/一般公共预算财\n政拨款"),
            ("一般公共预算".into(), true)
        );
        assert_eq!(
            measure_of("一般公共预算支出/合计"),
            ("一般公共预算".into(), true)
        );
        assert_eq!(measure_of("收入预算/合计"), ("合计".into(), true));
        assert_eq!(
            measure_of("收入预算/财政拨款收入"),
            ("财政拨款".into(), true)
        );
        assert_eq!(measure_of(""), ("合计".into(), false));
    }

    #[test]
    fn stages_from_column_titles() {
        assert_eq!(stage_of("年初预算数", None), Some(Stage::InitialBudget));
        assert_eq!(stage_of("支出/决算数", None), Some(Stage::Final));
        assert_eq!(stage_of("上年决算数", None), Some(Stage::PreviousFinal));
        // Carried into this year: no stage of last year's.
        for t in ["上年结转", "上年结余", "上年结转和结余", "上年度结转资金"]
        {
            assert_eq!(stage_of(t, Some(2024)), None, "{t}");
        }
        assert_eq!(stage_of("上年结转/决算数", None), Some(Stage::Final));
        assert_eq!(stage_of("上年预算数", None), Some(Stage::PreviousBudget));
        assert_eq!(
            stage_of("2023年决算数", Some(2024)),
            Some(Stage::PreviousFinal)
        );
        assert_eq!(stage_of("2024年决算数", Some(2024)), Some(Stage::Final));
        assert_eq!(stage_of("合计", None), None);
        assert_eq!(stage_of("支出/一般公共预算财政拨款", None), None);
        assert_eq!(stage_of("一般公共预算支出/合计", None), None);
    }

    #[test]
    fn sangong_items() {
        for (t, i) in [
            ("财政拨款“三公”经费/合计/预算数", "三公经费"),
            ("“三公”经费预算数/合计", "三公经费"),
            ("“三公”经费/小计", "三公经费"),
            ("“三公”经费预算数/因公出国(境)费", "因公出国（境）费"),
            (
                "财政拨款“三公”经费/公务用车购置及运行费/小计/决算数",
                "公务用车购置及运行费",
            ),
            (
                "“三公”经费/公务用车购置及运行维护费/公务用车购置费",
                "公务用车购置费",
            ),
            (
                "“三公”经费预算数/公务用车购置及运行费/运行费",
                "公务用车运行费",
            ),
            (
                "“三公”经费/公务用车购置及运行维护费/公务用车运行维护费",
                "公务用车运行费",
            ),
            ("“三公”经费预算数/公务接待费", "公务接待费"),
            ("机关运行经费预算数/公务用车购置及运行费", "机关运行经费"),
            ("会议费/公务接待费", "会议费"),
            ("合计", "合计"),
        ] {
            assert_eq!(sangong_item(t), Some(i), "{t}");
        }
    }

    #[test]
    fn names_and_totals() {
        assert_eq!(normalise_name("一、一般公共服务支出"), "一般公共服务支出");
        assert_eq!(normalise_name("1. 一般公共预算"), "一般公共预算");
        assert_eq!(
            normalise_name("社会保障和就业支出（类）"),
            "社会保障和就业支出"
        );
        assert_eq!(total_of("本年收入合计"), Some(Total::Year));
        assert_eq!(total_of("合计"), Some(Total::Year));
        assert_eq!(total_of("收入总计"), Some(Total::Grand));
        assert_eq!(total_of("当年支出小计"), Some(Total::Year));
        assert_eq!(total_of("小计"), None);
        assert_eq!(total_of("人员经费合计"), None);
        assert_eq!(total_of("支出合计"), Some(Total::Grand));
        assert_eq!(total_of("基本工资"), None);
        // A plain 总计 is the grand total of a 收支总表, this year's elsewhere.
        use TableKind::*;
        assert_eq!(
            total_in("总 计", IncomeExpenditureSummary),
            Some(Total::Grand)
        );
        assert_eq!(
            total_in("总计", FiscalAppropriationSummary),
            Some(Total::Grand)
        );
        assert_eq!(total_in("总计", IncomeSummary), Some(Total::Year));
        assert_eq!(
            total_in("合计", IncomeExpenditureSummary),
            Some(Total::Year)
        );
    }
}
