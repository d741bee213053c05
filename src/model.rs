//! The one data model every stage passes along.
//!
//! `ingest` turns bytes into [`Block`]s; `structure` turns blocks into a
//! [`Document`] (sections, tables); `figures` fills cell and paragraph
//! [`Figure`]s; `audit` fills [`Finding`]s and the [`CheckSummary`]; `output`
//! serialises. The JSON Schema in `schemas/document.schema.json` is generated
//! from these types.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------
// Where things came from
// ---------------------------------------------------------------------------

/// A place in the source file: enough for an auditor to find it in the original.
/// Text and HTML files give lines, PDFs pages, DOCX and .doc block indices
/// (paragraph/table order in the body), spreadsheets the sheet and cell
/// reference. All numbers are 1-based.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    /// First and last source line (text inputs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_end: Option<u32>,
    /// First and last page (PDF inputs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_end: Option<u32>,
    /// Index of the block in the body (DOCX: paragraph/table order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<u32>,
    /// Sheet name (spreadsheets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Cell reference in A1 style ("B7"), or the range a row or table covers
    /// ("A3:F20") (spreadsheets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

impl Span {
    pub fn lines(first: u32, last: u32) -> Self {
        Span {
            line: Some(first),
            line_end: (last != first).then_some(last),
            ..Default::default()
        }
    }
    pub fn page(page: u32) -> Self {
        Span {
            page: Some(page),
            ..Default::default()
        }
    }
    /// The smallest span covering both.
    pub fn merge(&self, other: &Span) -> Span {
        fn lo(a: Option<u32>, b: Option<u32>) -> Option<u32> {
            match (a, b) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            }
        }
        fn hi(a: Option<u32>, b: Option<u32>) -> Option<u32> {
            match (a, b) {
                (Some(x), Some(y)) => Some(x.max(y)),
                (x, y) => x.or(y),
            }
        }
        let line = lo(self.line, other.line);
        let line_end = hi(self.line_end.or(self.line), other.line_end.or(other.line))
            .filter(|e| Some(*e) != line);
        let page = lo(self.page, other.page);
        let page_end = hi(self.page_end.or(self.page), other.page_end.or(other.page))
            .filter(|e| Some(*e) != page);
        let cell = match (&self.cell, &other.cell) {
            (Some(a), Some(b)) if self.sheet == other.sheet => Some(a1_cover(a, b)),
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        Span {
            line,
            line_end,
            page,
            page_end,
            block: lo(self.block, other.block),
            sheet: self.sheet.clone().or_else(|| other.sheet.clone()),
            cell,
        }
    }
    /// A cell or range of a sheet.
    pub fn cell(sheet: &str, reference: String) -> Self {
        Span {
            sheet: Some(sheet.to_string()),
            cell: Some(reference),
            ..Default::default()
        }
    }
    /// "line 12", "lines 12–20", "page 3", "pages 3–4", "block 7",
    /// "sheet 表1 B7".
    pub fn describe(&self) -> String {
        if let Some(s) = &self.sheet {
            return match &self.cell {
                Some(c) => format!("sheet {s} {c}"),
                None => format!("sheet {s}"),
            };
        }
        if let Some(p) = self.page {
            return match self.page_end {
                Some(e) if e != p => format!("pages {p}–{e}"),
                _ => format!("page {p}"),
            };
        }
        if let Some(l) = self.line {
            return match self.line_end {
                Some(e) if e != l => format!("lines {l}–{e}"),
                _ => format!("line {l}"),
            };
        }
        match self.block {
            Some(b) => format!("block {b}"),
            None => "unknown place".into(),
        }
    }
}

/// Column letters of a 0-based column index: 0 → "A", 27 → "AB".
pub fn a1_column(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The A1 reference of a 0-based (row, column): (6, 1) → "B7".
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", a1_column(col), row as u64 + 1)
}

/// (row, column), 0-based, of an A1 reference ("B7" → (6, 1)).
fn a1_parse(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_uppercase).count();
    if letters == 0 || letters > 4 {
        return None;
    }
    let col = r
        .bytes()
        .take(letters)
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = r[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

/// The range covering two references or ranges ("A3" + "F9" → "A3:F9").
fn a1_cover(a: &str, b: &str) -> String {
    let corners = |r: &str| -> Option<((u32, u32), (u32, u32))> {
        let (x, y) = r.split_once(':').unwrap_or((r, r));
        Some((a1_parse(x)?, a1_parse(y)?))
    };
    match (corners(a), corners(b)) {
        (Some((a0, a1_)), Some((b0, b1))) => {
            let top = (a0.0.min(b0.0), a0.1.min(b0.1));
            let bottom = (a1_.0.max(b1.0), a1_.1.max(b1.1));
            if top == bottom {
                a1(top.0, top.1)
            } else {
                format!("{}:{}", a1(top.0, top.1), a1(bottom.0, bottom.1))
            }
        }
        _ => a.to_string(),
    }
}

// ---------------------------------------------------------------------------
// Ingest output: the flat block stream
// ---------------------------------------------------------------------------

/// Format-neutral hints a reader could see about a paragraph's styling.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StyleHints {
    /// Outline level from a heading style or `w:outlineLvl` (1 = top), or a
    /// markdown `#` heading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outline_level: Option<u8>,
    /// The whole paragraph is bold.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub bold: bool,
    /// The paragraph is centred.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub centered: bool,
    /// Font size in points, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font_size: Option<f32>,
    /// The paragraph names a part of the document that the format itself
    /// delimits (a spreadsheet's sheet): it opens a top-level section.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub part: bool,
    /// The white space a text line opened with ("　　" before a paragraph),
    /// which the reader takes off the text: hard-wrapped text is measured
    /// with it, and may mark where its paragraphs start with it.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub indent: String,
}

/// A paragraph as read from the source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawParagraph {
    pub text: String,
    pub style: StyleHints,
    pub span: Span,
}

/// One cell of a raw table, before structure gives it meaning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawCell {
    /// Cell text; paragraphs inside the cell joined with '\n'.
    pub text: String,
    /// Columns this cell covers (gridSpan); 1 for an ordinary cell.
    pub col_span: u32,
    /// Rows this cell covers (vMerge restart); 1 for an ordinary cell.
    pub row_span: u32,
    /// This grid position is covered by a merged cell above or to the left,
    /// at (row, column) of the owner. A covered position carries no text of
    /// its own — the value belongs to every row the owner spans through this
    /// pointer, never by a copy, so sums cannot count it twice.
    pub merged_from: Option<(u32, u32)>,
    /// The cell's own place when the format gives one (a spreadsheet's A1
    /// reference); otherwise the row's span stands for it.
    pub span: Option<Span>,
    /// The formula that computed the cell (spreadsheets; its cached result
    /// is the text), without the leading '='.
    pub formula: Option<String>,
    /// The number the file stores when the cell shows it rounded (96.4862
    /// shown as "96.49" by a 0.00 format).
    pub stored: Option<f64>,
}

impl RawCell {
    pub fn new(text: impl Into<String>) -> Self {
        RawCell {
            text: text.into(),
            col_span: 1,
            row_span: 1,
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawRow {
    pub cells: Vec<RawCell>,
    /// Marked as a (repeating) header row by the source (w:tblHeader, `<th>`).
    pub is_header: bool,
    pub span: Span,
}

/// A table as read from the source: a grid of cell texts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawTable {
    pub rows: Vec<RawRow>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(RawParagraph),
    Table(RawTable),
}

impl Block {
    pub fn span(&self) -> &Span {
        match self {
            Block::Paragraph(p) => &p.span,
            Block::Table(t) => &t.span,
        }
    }
}

/// What a reader returns: the block stream and what it learnt about the file.
#[derive(Debug, Clone, Default)]
pub struct Ingested {
    pub blocks: Vec<Block>,
    /// Character encoding detected for text inputs ("UTF-8", "GB18030", "UTF-16LE" …).
    pub encoding: Option<String>,
    /// Page count (PDF).
    pub pages: Option<u32>,
    /// Problems that did not stop reading (undecodable font, skipped image …).
    pub warnings: Vec<Warning>,
    /// Pages read by OCR and the words recognised (scanned PDFs).
    pub ocr: Option<OcrPass>,
}

/// What OCR read in one document: the record kept in the document, and the
/// words with their confidences, from which `ingest::ocr::trust` marks the
/// paragraphs, cells and figures that came from OCR.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OcrPass {
    pub info: OcrInfo,
    /// (page, word, confidence 0–1), in the engine's reading order per page.
    pub words: Vec<(u32, String, f32)>,
}

// ---------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Docx,
    Pdf,
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// Excel 97-2003 binary workbook (.xls, BIFF8 in an OLE container).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// A web page (.html, .htm).
    Html,
    /// Word 97-2003 binary document (.doc).
    Doc,
    /// A WPS Office document (.wps) in the Word binary layout.
    Wps,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Html => "html",
            Format::Doc => "doc",
            Format::Wps => "wps",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    pub path: String,
    pub format: Format,
    /// Detected character encoding (text inputs).
    pub encoding: Option<String>,
    pub sha256: String,
    pub bytes: u64,
    /// Number of pages (PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
}

/// A problem met while reading that did not stop the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    /// Short machine-readable kind: "font.undecodable", "image.skipped", "page.no_text" …
    pub kind: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    /// Version of the document JSON shape.
    pub schema_version: u32,
    pub source: Source,
    /// The document's own title.
    pub title: Option<String>,
    /// What kind of document this is (部门预算, 部门决算, 绩效自评报告 …), from
    /// the title, headings and table titles; null when nothing says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DocumentKind>,
    /// The fiscal year the document reports on (2024 for a 2024年度 决算).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year: Option<u16>,
    /// The department or unit the document is about (上海市普陀区司法局).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// The section tree. Attachments (附件) are top-level parts.
    pub sections: Vec<Section>,
    /// Entries of the table of contents (目录), kept apart from the sections.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<ContentsEntry>,
    /// Paragraphs before the first heading (banner, title, preamble).
    #[serde(default)]
    pub preamble: Vec<Paragraph>,
    /// Every table, in reading order; `Table::id` is its index here.
    pub tables: Vec<Table>,
    /// Arithmetic inconsistencies, most severe first.
    pub findings: Vec<Finding>,
    /// How many checks ran, passed and failed.
    pub checks: CheckSummary,
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// One row per amount in a recognised standard table of a budget or
    /// final-accounts disclosure, with what its row and column mean.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Fact>,
    /// Set when pages were read by OCR (scanned PDFs): which, and by what.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrInfo>,
}

/// The OCR of a document's scanned pages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OcrInfo {
    /// The engine ("tesseract").
    pub engine: String,
    /// Its version ("5.3.0").
    pub version: String,
    /// Recognition languages ("chi_sim+eng").
    pub languages: String,
    /// The pages read by OCR (1-based): the document's ocr_pages.
    pub pages: Vec<u32>,
    /// Pages on which red seal (stamp) ink was removed by colour before OCR.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seal_removed: Vec<u32>,
    /// Mean word confidence over the OCR'd pages (0–1).
    pub confidence: f32,
}

/// Text that came from OCR: `"ocr": true` and the engine's confidence (0–1)
/// in the least certain word of it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OcrMark {
    /// Always true: read by OCR from a page image.
    pub ocr: bool,
    pub confidence: f32,
}

impl OcrMark {
    pub fn new(confidence: f32) -> OcrMark {
        OcrMark {
            ocr: true,
            confidence: (confidence * 1000.0).round() / 1000.0,
        }
    }
}

pub const SCHEMA_VERSION: u32 = 1;

/// The kinds of document jixiao recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 部门预算 (a department's budget disclosure).
    DepartmentBudget,
    /// 单位预算.
    UnitBudget,
    /// 部门决算 (final accounts).
    DepartmentFinalAccounts,
    /// 单位决算.
    UnitFinalAccounts,
    /// 绩效自评报告 / 自评表.
    SelfEvaluationReport,
    /// 绩效评价报告 (an evaluation by a third party or the finance bureau).
    EvaluationReport,
    /// 考核办法 / 评审细则 / 评分表.
    ScoringRules,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ContentsEntry {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    pub location: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    /// Dotted path in the tree ("2", "2.3", "2.3.1"), stable within one document.
    pub id: String,
    /// The number as written: "一", "（二）", "3", "(1)", "①", "附件1"; null for an unnumbered heading.
    pub number: Option<String>,
    /// Rank in the Chinese heading ladder: 1 = 一、/第一章/附件, 2 = （一）, 3 = 1、, 4 = （1）, 5 = ①.
    pub level: u8,
    /// Heading text without its number (for a run-in heading, its first sentence).
    pub title: String,
    /// Is this an attachment part (附件)?
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub attachment: bool,
    pub location: Span,
    /// Body in reading order: paragraphs and references to tables.
    pub body: Vec<BodyItem>,
    pub children: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum BodyItem {
    Paragraph(Paragraph),
    /// A table, by its index in `Document::tables`.
    Table {
        table: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Paragraph {
    pub text: String,
    pub location: Span,
    /// Figures found in the text, with character offsets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    /// Read by OCR (`"ocr": true, "confidence": …`).
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrMark>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    /// Index in `Document::tables`.
    pub id: usize,
    /// "表 2-1 …" from the line above, or null.
    pub caption: Option<String>,
    /// Unit of the table's amounts ("万元"), from the caption, a "单位：" line or the header.
    pub unit: Option<String>,
    /// Header rows (column titles), possibly several levels.
    pub header: Vec<Vec<Cell>>,
    /// Body rows.
    pub rows: Vec<Vec<Cell>>,
    /// One title per column, the header levels joined with "/" (e.g. "支出/决算数").
    pub columns: Vec<String>,
    /// Id of the section the table sits in.
    pub section: Option<String>,
    /// Where the table came from (all its parts).
    pub location: Span,
    /// Number of parts joined into this table (a table split across pages).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub parts: u32,
    /// Body-row index where each continuation part begins (a page break in the table).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub part_starts: Vec<usize>,
    /// The standard table this is in a budget or final-accounts disclosure
    /// (收支总表, 三公经费 …), whatever its numbering; null when not one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TableKind>,
    /// The layout the audit recognised, which decides the relations it checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<TableLayout>,
}

impl Default for Table {
    fn default() -> Self {
        Table {
            id: 0,
            caption: None,
            unit: None,
            header: Vec::new(),
            rows: Vec::new(),
            columns: Vec::new(),
            section: None,
            location: Span::default(),
            parts: 1,
            part_starts: Vec::new(),
            kind: None,
            layout: None,
        }
    }
}

/// The standard tables of a budget / final-accounts disclosure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// 收支总表 (收入支出预算总表 / 收入支出决算总表).
    IncomeExpenditureSummary,
    /// 收入总表 (收入预算总表 / 收入决算表).
    IncomeSummary,
    /// 支出总表 (支出预算总表 / 支出决算表).
    ExpenditureSummary,
    /// 财政拨款收支总表.
    FiscalAppropriationSummary,
    /// 一般公共预算支出功能分类表 (一般公共预算财政拨款支出表).
    GeneralBudgetByFunction,
    /// 一般公共预算基本支出经济分类表.
    GeneralBudgetBasicByEconomic,
    /// 政府性基金预算支出表.
    GovernmentFund,
    /// 国有资本经营预算支出表.
    StateCapitalOperation,
    /// 财政拨款支出表 by function (财政拨款支出预算表（功能科目）).
    FiscalAppropriationByFunction,
    /// 财政拨款基本支出表 by economic class.
    FiscalAppropriationBasicByEconomic,
    /// "三公"经费支出表.
    ThreePublicExpenses,
    /// 机关运行经费支出表.
    OperatingExpenses,
    /// 项目支出表.
    ProjectExpenditure,
    /// 政府采购表.
    GovernmentProcurement,
    Other,
}

/// What an amount of a standard table is: its 科目 (code and name, or the item
/// a column names), the column's meaning and the budget stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Fact {
    /// Index in `Document::tables`.
    pub table: usize,
    pub table_kind: TableKind,
    /// Body row and column of the amount (0-based).
    pub row: usize,
    pub column: usize,
    /// 科目编码, digits only ("2010601"), when the row has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 科目名称 or item, normalised: numbering, spaces and （类）/（款）/（项）
    /// dropped, 合计/总计 rows as written ("本年支出合计").
    pub name: String,
    /// What the column breaks the amount down by: "合计", "基本支出", "项目支出",
    /// "人员经费", "公用经费", "财政拨款收入", "一般公共预算" … (the column's
    /// own title when none of these).
    pub measure: String,
    /// Budget stage of the column (年初预算, 决算 …); from the document's kind
    /// when the column does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// The unit as written (元, 万元).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub value: f64,
    /// Decimals as written.
    pub decimals: u8,
    /// The amount in 元, when the unit is money.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_yuan: Option<f64>,
    /// Where the amount stands in the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Span>,
}

/// The budget stage an amount belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 年初预算.
    InitialBudget,
    /// 调整预算 / 全年预算.
    AdjustedBudget,
    /// 预算 (a budget document's amounts, or a 预算数 column).
    Budget,
    /// 决算 (actual).
    Final,
    /// 上年决算 / 上年执行数.
    PreviousFinal,
    /// 上年预算.
    PreviousBudget,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::InitialBudget => "initial_budget",
            Stage::AdjustedBudget => "adjusted_budget",
            Stage::Budget => "budget",
            Stage::Final => "final",
            Stage::PreviousFinal => "previous_final",
            Stage::PreviousBudget => "previous_budget",
        }
    }
}

/// The layout of a table as the audit recognised it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TableLayout {
    /// 项目支出绩效自评表 (Ministry of Finance template and its variants).
    MofProjectSelfEvaluation,
    /// 部门整体支出绩效自评表.
    MofDepartmentSelfEvaluation,
    /// Scoring rules or a score table (考核办法, 评审细则, 评分表).
    ScoreRules,
    /// A form with several header blocks, each heading the rows below it.
    FormBlocks,
    /// 资产负债表, 收入费用表, 现金流量表.
    FinancialStatement,
    /// A standard table of a budget / final-accounts disclosure.
    BudgetStandard,
    /// None of the above: generic totals and hierarchies.
    Generic,
}

fn one() -> u32 {
    1
}
fn is_one(n: &u32) -> bool {
    *n == 1
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cell {
    /// Clean cell text (HTML removed, line breaks kept).
    pub text: String,
    /// The cell's figure value, in the unit given by `unit` (null for placeholders and text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The parsed figure, when the cell holds one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figure: Option<Figure>,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub col_span: u32,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub row_span: u32,
    /// This position repeats a merged cell (row, column of the owner in the same table part).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub merged: bool,
    /// Source location: the cell's own (a spreadsheet's sheet and A1
    /// reference), else its row's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Span>,
    /// Read by OCR (`"ocr": true, "confidence": …`).
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrMark>,
    /// The spreadsheet formula that computed the cell (without '='); `text`
    /// is its cached result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formula: Option<String>,
    /// The number the file stores when the cell shows it rounded (a 0.00
    /// format shows 96.4862 as "96.49": `text` and `value` are what is
    /// shown, this is what is stored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored: Option<f64>,
}

// ---------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// Money: 元 / 万元 / 亿元 (or a bare number in a table whose unit is money).
    Amount,
    /// 87.35%, 百分之八十.
    Percent,
    /// A count with a measure word: 25个, 3 宗.
    Count,
    /// Points: 93 分.
    Score,
    /// A bare number without unit.
    Number,
    /// "-", "—", "/", empty: explicitly no value (null, not zero).
    Placeholder,
}

impl FigureKind {
    /// The JSON name ("amount", "percent", …), without a serialiser.
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Amount => "amount",
            FigureKind::Percent => "percent",
            FigureKind::Count => "count",
            FigureKind::Score => "score",
            FigureKind::Number => "number",
            FigureKind::Placeholder => "placeholder",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Comparator {
    #[serde(rename = "≥")]
    Ge,
    #[serde(rename = "≤")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "=")]
    Eq,
    // About: "约 300 万元", "近 500 万元", "300 余万元", "300 万元左右" — a
    // rounded amount, which no check can hold to a sum or a rate. (A plain
    // comment: a doc comment on one variant splits the schema's enum.)
    #[serde(rename = "≈")]
    About,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Figure {
    pub kind: FigureKind,
    /// The number as a value in `unit` (null for placeholders).
    pub value: Option<f64>,
    /// The unit as written: "万元", "%", "个", "分" …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// For money: the value in 元.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_yuan: Option<f64>,
    /// Decimals as written ("96.52" → 2); the audit's rounding interval.
    pub decimals: u8,
    /// A target's comparison (≥150万元), or "≈" for an amount or rate written
    /// as about so much (约 300 万元, 300 余万元, 近 95%).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparator: Option<Comparator>,
    /// The figure as written in the source.
    pub text: String,
    /// Character offset of `text` in its paragraph or cell (in chars).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
    /// Read by OCR (`"ocr": true, "confidence": …`): the confidence of the
    /// words its digits were read from.
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrMark>,
}

// ---------------------------------------------------------------------------
// Audit results
// ---------------------------------------------------------------------------

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document contradicts itself beyond rounding.
    Error,
    /// Likely, but the structure read is uncertain.
    Warning,
    Info,
}

impl Severity {
    /// The JSON name ("error", "warning", "info"), without a serialiser.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Where a finding or operand is: a table cell, or a place in the prose.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<usize>,
    /// Body row index in the table (0-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Column index (0-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// Section id for prose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Place in the source file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Span>,
    /// For prose: the character offset of the figure in its paragraph's text
    /// (the paragraph `source` points at), as `Figure.offset` gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
}

/// One number the check used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Operand {
    /// Row or item label ("人员经费"), or the words around a prose figure.
    pub label: String,
    pub value: f64,
    /// The figure as written.
    pub text: String,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// Family and rule: "table.total", "table.rate", "score.weights", "text.parts" …
    pub check: String,
    pub severity: Severity,
    /// The number as the document states it.
    pub stated: f64,
    /// What the document's own other numbers give.
    pub computed: f64,
    /// stated − computed.
    pub difference: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub message: String,
    pub location: Location,
    pub operands: Vec<Operand>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FamilyCount {
    pub run: u32,
    pub passed: u32,
    pub failed: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CheckSummary {
    pub run: u32,
    pub passed: u32,
    pub failed: u32,
    /// Per check family ("table.total" …).
    pub by_check: std::collections::BTreeMap<String, FamilyCount>,
}
