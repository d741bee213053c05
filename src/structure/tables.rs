//! Tables: header rows, column titles and roles, captions and units, rows
//! repaired when an exporter dropped a merged cell, parts split across pages
//! joined, and figures parsed in every cell.

use crate::figures;
use crate::model::{Cell, FigureKind, RawCell, RawRow, RawTable, Span, Table};

/// A total's label: 合计 / 总计 / 小计 / 共计 at its end ("本年支出合计",
/// "合 计"), or half of one split over two cells ("合" | "计"); short, and
/// not a 其中 part.
pub fn is_total_label(t: &str) -> bool {
    // Every label below holds 计, 合 or 总: most cells hold none (this runs
    // on every cell of every table; the squeezing allocates).
    if !t.contains(['计', '合', '总']) {
        return false;
    }
    let n: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let n = n.trim_start_matches(|c: char| {
        !c.is_alphanumeric() && !('\u{4e00}'..='\u{9fff}').contains(&c)
    });
    (n.ends_with("合计")
        || n.ends_with("总计")
        || n.ends_with("小计")
        || n.ends_with("共计")
        || n == "合"
        || n == "总"
        // a score sheet's: "总分", "总得分", "考核总得分"
        || n == "总分"
        || n.ends_with("总得分"))
        && n.chars().count() <= 12
        && !n.starts_with("其中")
}

/// Does the cell text read as a number?
fn reads_as_number(t: &str) -> bool {
    figures::parse_cell(t.trim(), None).is_some_and(|f| f.value.is_some())
}

/// What a column holds, read from its title. Decides which unit a bare number
/// in the column gets, and whether it is a figure at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    /// 行次, 栏次, 序号: row numbers, not figures.
    Index,
    /// 科目编码, 代码: budget codes, not figures.
    Code,
    /// 率, 比例, 占比: percentages.
    Percent,
    /// 权重, 分值, 得分, 扣分: points.
    Score,
    /// 数量, 人数: counts.
    Count,
    /// 时间, 日期, 年度: dates.
    Date,
    /// Anything else: money when the table's unit is money.
    Value,
}

pub fn column_role(title: &str) -> ColumnRole {
    let last = last_level(title);
    let last = last.as_str();
    let has = |ws: &[&str]| ws.iter().any(|w| last.contains(w));
    if has(&["行次", "栏次", "序号", "编号", "项次"]) {
        ColumnRole::Index
    } else if has(&["编码", "代码", "科目号"]) || matches!(last, "类" | "款" | "项") {
        // 科目编码 printed as three columns titled 类 / 款 / 项 alone
        ColumnRole::Code
    } else if has(&["时间", "日期"]) {
        ColumnRole::Date
    } else if has(&["率", "比例", "占比", "比重", "百分比", "%", "％"]) {
        ColumnRole::Percent
    } else if is_points_title(last) || is_score_title(last) || last.contains("扣分") {
        ColumnRole::Score
    } else if has(&[
        "数量",
        "人数",
        "个数",
        "台数",
        "户数",
        "次数",
        "件数",
        "（人）",
        "(人)",
        "（个）",
        "(个)",
    ]) {
        ColumnRole::Count
    } else {
        ColumnRole::Value
    }
}

/// The last level of a column title ("决算数/得分" → "得分"), without spaces.
fn last_level(title: &str) -> String {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    t.rsplit('/').next().unwrap_or(&t).to_string()
}

/// A score sheet's points column: what a row can score (分值, 权重, 标准分,
/// 满分, 分数, 指标分值), not what it scored (得分, 评分) or lost (扣分).
pub fn is_points_title(title: &str) -> bool {
    let t = last_level(title);
    ["分值", "权重", "标准分", "满分", "分数"]
        .iter()
        .any(|w| t.contains(w))
        && !is_score_title(&t)
        && !t.contains("扣分")
}

/// A score sheet's score column: what a row scored (得分, 自评得分, 评分,
/// 自评分, 评价得分, "得分（分）"), not a rate (得分率) or the rules (评分标准,
/// 评分办法).
pub fn is_score_title(title: &str) -> bool {
    let t = last_level(title);
    let t = t
        .trim_end_matches(['）', ')'])
        .trim_end_matches("（分")
        .trim_end_matches("(分");
    (t.contains("得分") && !t.contains("得分率") && !t.contains("扣分")) || t.ends_with("评分")
}

/// The header row of a self-evaluation's funds block: budget and execution
/// columns with their rate or score (cells without whitespace).
pub fn is_funds_header(cells: &[String]) -> bool {
    let has = |ws: &[&str]| cells.iter().any(|c| ws.iter().any(|w| c.contains(w)));
    has(&["预算数", "预算（", "预算("])
        && has(&["执行数", "执行（", "执行("])
        && has(&["执行率", "得分", "评分"])
}

/// The header row of a self-evaluation's indicators block.
pub fn is_indicator_header(cells: &[String]) -> bool {
    // The words first: this runs on every row of every table, and most rows
    // name no indicator level (the title tests allocate).
    let has = |w: &str| cells.iter().any(|c| c.contains(w));
    let points = || cells.iter().any(|c| is_points_title(c));
    let score = || cells.iter().any(|c| is_score_title(c));
    let third = has("三级指标");
    (has("一级指标") && (third || has("二级指标")) && points()) || (third && points() && score())
}

/// Does this row look like a header row (titles, not data)?
fn header_like(row: &RawRow) -> bool {
    let titles: Vec<String> = row.cells.iter().map(|c| tight(&c.text)).collect();
    let texts: Vec<&str> = titles.iter().map(String::as_str).collect();
    let nonempty: Vec<&str> = texts.iter().copied().filter(|t| !t.is_empty()).collect();
    if nonempty.is_empty() {
        return false;
    }
    if is_column_number_row(&texts) {
        return true;
    }
    let numbers = nonempty
        .iter()
        .filter(|t| figures::parse_cell(t, None).is_some_and(|f| f.value.is_some()))
        .count();
    // A dash stands where a number would ("公务接待费 | - | -"): data, not a title.
    let dashes = nonempty
        .iter()
        .filter(|t| matches!(**t, "-" | "—" | "－" | "–" | "--" | "——"))
        .count();
    // Titles are short and are not sentences.
    numbers == 0
        && dashes == 0
        && nonempty
            .iter()
            .all(|t| t.chars().count() <= 24 && !t.ends_with('。') && !t.contains(['，', '；']))
}

/// "栏次 | | 1 | 2 | 3 | 4": column numbers under the titles.
fn is_column_number_row(texts: &[&str]) -> bool {
    let first = texts
        .first()
        .map(|t| t.replace(' ', ""))
        .unwrap_or_default();
    if matches!(first.as_str(), "栏次" | "行次" | "列次") {
        return true;
    }
    counts_up(texts.iter().copied().filter(|t| !t.is_empty()))
}

/// Numbers counting up by one from 1 or 2, at least three ("1 | 2 | 3 | 4"
/// under the titles, a 序号 column): nothing but such numbers.
pub fn counts_up<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let nums: Vec<u32> = texts
        .into_iter()
        .map(|t| t.trim().parse::<u32>())
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    nums.len() >= 3 && nums.windows(2).all(|w| w[1] == w[0] + 1) && nums[0] <= 2
}

/// How many leading rows are headers.
fn header_count(rows: &[RawRow]) -> usize {
    let marked = rows.iter().take_while(|r| r.is_header).count();
    let filled = |r: &RawRow| r.cells.iter().filter(|c| !c.text.trim().is_empty()).count();
    let first_only =
        |r: &RawRow| filled(r) == 1 && r.cells.first().is_some_and(|c| !c.text.trim().is_empty());
    let mut n = 0;
    for (i, r) in rows.iter().take(4).enumerate() {
        // A row with only its first cell filled under a row that named every
        // column, or opening a block with a colon, is a label row of the body
        // ("流动资产：", "一、经营活动产生的现金流量："), not a title.
        let opens_block = r
            .cells
            .first()
            .is_some_and(|c| c.text.trim().ends_with(['：', ':']));
        let all_named = rows[..i]
            .iter()
            .any(|p| p.cells.len() >= 2 && filled(p) == p.cells.len());
        if !header_like(r) || (first_only(r) && i > 0 && (opens_block || all_named)) {
            break;
        }
        n += 1;
    }
    // An empty row inside the titles (a PDF row the ruling lines left
    // empty) does not end them when a row of several titles follows it
    // ("预算数 | 决算数 | 预算数 | …" under the item titles).
    if n > 0 && n < rows.len() {
        let mut i = n;
        while i < rows.len().min(6) && rows[i].cells.iter().all(|c| c.text.trim().is_empty()) {
            i += 1;
        }
        if i > n
            && rows.get(i).is_some_and(|r| {
                header_like(r) && r.cells.iter().filter(|c| !c.text.trim().is_empty()).count() >= 2
            })
            && i + 1 < rows.len()
        {
            n = i + 1;
        }
    }
    if marked > 0 && marked < rows.len() {
        // Authors often mark only the first title row as repeating; the
        // title rows under it (column names, 栏次) are header all the same.
        return marked.max(n.min(rows.len() - 1));
    }
    if n < rows.len() {
        return n;
    }
    // A table of text only: its first row is the header when its cells are short.
    usize::from(rows.len() > 1 && rows[0].cells.iter().all(|c| c.text.chars().count() <= 12))
}

/// Body rows that head the rows below them, as a table's header heads the
/// whole table: a form in several blocks starts each block with such a row
/// ("经费控制情况（万元） | 2023年决算数 | 2024年预算数" under a first block of
/// staff counts). Such a row holds no figure; the cells right of its first
/// are short titles, and the next row with content fills at least two of
/// their columns (one, for a single title) with numbers. `rows` are the body
/// rows as cell texts.
pub fn block_header_rows(rows: &[Vec<&str>]) -> Vec<usize> {
    let figure = |t: &str| figures::parse_cell(t, None);
    let numeric = |t: &str| figure(t).is_some_and(|f| f.value.is_some() && f.comparator.is_none());
    let title_like = |t: &str| {
        let t = t.trim();
        t.chars().count() <= 20
            && !t.contains(['。', '，', '；', ',', ';'])
            && !t.starts_with(['≥', '≤', '>', '<', '＞', '＜', '='])
            && figure(t).is_none()
    };
    let mut out = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let filled: Vec<usize> = (0..row.len())
            .filter(|&c| !row[c].trim().is_empty())
            .collect();
        if filled.len() < 2 || filled.iter().any(|&c| figure(row[c]).is_some()) {
            continue;
        }
        let titles = &filled[1..];
        if !titles.iter().all(|&c| title_like(row[c])) {
            continue;
        }
        let Some(next) = rows[r + 1..]
            .iter()
            .find(|x| x.iter().any(|t| !t.trim().is_empty()))
        else {
            continue;
        };
        let under = titles
            .iter()
            .filter(|&&c| next.get(c).is_some_and(|t| numeric(t)))
            .count();
        if under >= titles.len().min(2) {
            out.push(r);
        }
    }
    out
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn row_key(r: &RawRow) -> Vec<String> {
    let mut k: Vec<String> = r.cells.iter().map(|c| norm(&c.text)).collect();
    while k.last().is_some_and(|s| s.is_empty()) {
        k.pop();
    }
    k
}

/// A table being assembled from one or more parts.
#[derive(Debug, Clone)]
pub struct Builder {
    pub header: Vec<RawRow>,
    pub rows: Vec<RawRow>,
    pub span: Span,
    pub parts: u32,
    pub part_starts: Vec<usize>,
    pub caption: Option<String>,
    pub unit: Option<String>,
}

impl Builder {
    pub fn new(raw: RawTable) -> Self {
        let mut rows = raw.rows;
        let h = header_count(&rows);
        let mut body = rows.split_off(h);
        // Header rows printed again inside the grid (a page-break repeat that a
        // DOCX keeps as ordinary rows) are not data.
        let keys: Vec<Vec<String>> = rows.iter().map(row_key).filter(|k| k.len() >= 2).collect();
        if !keys.is_empty() {
            body.retain(|r| !keys.contains(&row_key(r)));
        }
        Builder {
            header: rows,
            rows: body,
            span: raw.span,
            parts: 1,
            part_starts: vec![],
            caption: None,
            unit: None,
        }
    }

    pub fn width(&self) -> usize {
        self.header
            .iter()
            .chain(&self.rows)
            .map(|r| r.cells.len())
            .max()
            .unwrap_or(0)
    }

    /// Does `next` continue this table (a split across pages)? Either it starts by
    /// repeating our header, or it has our width and starts with data, not titles.
    pub fn continued_by(&self, next: &RawTable, caption_between: bool) -> bool {
        if caption_between || next.rows.is_empty() {
            return false;
        }
        let repeats = !self.header.is_empty()
            && next.rows.first().map(row_key) == self.header.first().map(row_key);
        if repeats {
            return true;
        }
        let width = self.width();
        let next_width = next.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        if width >= 2 && next_width < width && self.total_rows_on_next_page(next) {
            return true;
        }
        if width < 2 || next_width != width {
            return false;
        }
        !header_like(&next.rows[0]) || self.next_page_rows_shaped_like_body(next)
    }

    /// A table's last rows alone at the top of the next page, narrower than
    /// the table because their label spans its label columns ("合计" over
    /// 类 | 款 | 项 | 科目名称, then the amounts). Each row is a total's label
    /// and numbers (or nothing), and its amounts land on columns where our
    /// body holds numbers when the rows are aligned on the right.
    fn total_rows_on_next_page(&self, next: &RawTable) -> bool {
        let (Some(last), Some(first)) = (self.span.page_end.or(self.span.page), next.span.page)
        else {
            return false;
        };
        if first <= last || next.rows.len() > 3 {
            return false;
        }
        let width = self.width();
        let value_col = self.value_columns();
        next.rows.iter().all(|row| {
            let n = row.cells.len();
            n >= 2
                && row.cells.first().is_some_and(|c| is_total_label(&c.text))
                && row.cells[1..].iter().enumerate().all(|(i, c)| {
                    c.text.trim().is_empty()
                        || (reads_as_number(&c.text) && value_col[width - n + 1 + i])
                })
                && row.cells[1..].iter().any(|c| reads_as_number(&c.text))
        })
    }

    /// A part at the top of the next page whose leading rows are text-only
    /// (labels whose values are empty: "二十、粮油物资储备支出 | | …") is still
    /// our body when its text stands only in our label columns: a new table's
    /// header names its value columns ("决算数", "金额"), ours are left empty or
    /// numeric. Every row up to the first one holding a number must have that
    /// shape. A part with no number at all (the funds a department does not
    /// have, listed to the end of the table) needs two such rows and a label
    /// our body has in the same column ("其他资金 | 小计" under
    /// "政府性基金 | 小计"): text alone anchors nothing.
    fn next_page_rows_shaped_like_body(&self, next: &RawTable) -> bool {
        let last_page = self.span.page_end.or(self.span.page);
        let (Some(last), Some(first)) = (last_page, next.span.page) else {
            return false;
        };
        if first <= last {
            return false;
        }
        let value_col = self.value_columns();
        if !value_col.iter().any(|&v| v) {
            return false;
        }
        let mut checked = 0;
        for row in &next.rows {
            let has_number = row.cells.iter().any(|c| reads_as_number(&c.text));
            if has_number {
                break;
            }
            let fits = row.cells.iter().enumerate().all(|(c, cell)| {
                let t = cell.text.trim();
                t.is_empty() || !value_col.get(c).copied().unwrap_or(false)
            });
            if !fits {
                return false;
            }
            checked += 1;
        }
        if checked == next.rows.len() {
            // Our last rows only: the labels nearby, and bounded work when
            // every page of a long table is such a part.
            let ours = |c: usize, t: &str| {
                self.rows
                    .iter()
                    .rev()
                    .take(200)
                    .any(|r| r.cells.get(c).is_some_and(|x| norm(&x.text) == t))
            };
            let shared_label = next.rows.iter().take(20).any(|r| {
                r.cells.iter().enumerate().any(|(c, cell)| {
                    let t = norm(&cell.text);
                    !t.is_empty() && ours(c, &t)
                })
            });
            return checked >= 2 && shared_label;
        }
        checked > 0
    }

    /// Our value columns: most filled body cells hold numbers.
    fn value_columns(&self) -> Vec<bool> {
        (0..self.width())
            .map(|c| {
                let (mut nums, mut texts) = (0, 0);
                for r in &self.rows {
                    let t = r.cells.get(c).map_or("", |x| x.text.trim());
                    if t.is_empty() {
                        continue;
                    }
                    if reads_as_number(t) {
                        nums += 1;
                    } else {
                        texts += 1;
                    }
                }
                nums > 0 && nums >= texts
            })
            .collect()
    }

    /// Append a continuation part, dropping its repeated header rows.
    pub fn push_part(&mut self, next: RawTable) {
        let width = self.width();
        let narrow = next.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0) < width
            && self.total_rows_on_next_page(&next);
        let mut rows = next.rows;
        let mut skip = 0;
        while skip < self.header.len()
            && skip < rows.len()
            && row_key(&rows[skip]) == row_key(&self.header[skip])
        {
            skip += 1;
        }
        rows.drain(..skip);
        // Empty rows at the top of the next page's part are page furniture
        // (a ruled band with no text), not a separator in the table.
        let empty = rows
            .iter()
            .take_while(|r| r.cells.iter().all(|c| c.text.trim().is_empty()))
            .count();
        if empty < rows.len() {
            rows.drain(..empty);
        }
        // Total rows narrower than the table (the label spans the label
        // columns) are aligned on the right: the label spans the rest.
        for (ri, row) in rows.iter_mut().enumerate().filter(|_| narrow) {
            let pad = width.saturating_sub(row.cells.len());
            if pad > 0 && !row.cells.is_empty() {
                row.cells[0].col_span += pad as u32;
                let filler = RawCell {
                    merged_from: Some((ri as u32, 0)),
                    ..Default::default()
                };
                row.cells.splice(1..1, std::iter::repeat_n(filler, pad));
            }
        }
        self.part_starts.push(self.rows.len());
        self.rows.extend(rows);
        self.span = self.span.merge(&next.span);
        self.parts += 1;
    }

    /// Cells `finish` adds to pad short rows to the table's width.
    pub fn padding(&self) -> usize {
        let width = self.width();
        self.header
            .iter()
            .chain(&self.rows)
            .map(|r| width.saturating_sub(r.cells.len()))
            .sum()
    }

    pub fn finish(self, id: usize, section: Option<String>) -> Table {
        let width = self.width();
        let mut header = self.header;
        let mut rows = self.rows;
        for r in header.iter_mut().chain(rows.iter_mut()) {
            while r.cells.len() < width {
                r.cells.push(crate::model::RawCell::new(""));
            }
        }
        let width = drop_empty_columns(&mut header, &mut rows, width);
        let columns = column_titles(&header, width);
        let declared_unit = self
            .unit
            .or_else(|| self.caption.as_deref().and_then(figures::unit_in));
        let unit = declared_unit
            .clone()
            .or_else(|| columns.iter().find_map(|c| figures::unit_in(c)));
        realign_shifted_rows(&mut rows, width);
        // A column of units ("项目 | 单位 | 2023年 | 2024年", each row in its
        // own: 人, 万元, %): a row's numbers are in its unit.
        let row_units: Vec<Option<String>> = row_units(
            &columns,
            |r, c| {
                rows.get(r)
                    .and_then(|row| row.cells.get(c))
                    .map(|x| x.text.as_str())
            },
            rows.len(),
        )
        .map(|us| us.into_iter().map(|u| u.map(str::to_string)).collect())
        .unwrap_or_else(|| vec![None; rows.len()]);
        let roles: Vec<ColumnRole> = columns
            .iter()
            .enumerate()
            .map(|(c, t)| match column_role(t) {
                // A merged header ("科目编码" over the whole row of titles)
                // names codes over columns of amounts: codes have no
                // decimal point.
                ColumnRole::Code
                    if holds_amounts(
                        rows.iter()
                            .filter_map(|r| r.cells.get(c))
                            .map(|x| x.text.as_str()),
                    ) =>
                {
                    role_of_amounts(t)
                }
                r => r,
            })
            .collect();
        // A block header inside the body gives the rows under it their own
        // column titles and unit (people above, 万元 below).
        let texts: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect();
        let mut block_of_row: Vec<Option<usize>> = vec![None; rows.len()];
        let mut blocks: Vec<(Vec<String>, Vec<ColumnRole>, Option<String>)> = Vec::new();
        for h in block_header_rows(&texts) {
            let titles: Vec<String> = (0..width)
                .map(|c| texts[h].get(c).map_or("", |t| t.trim()).to_string())
                .collect();
            let block_roles = titles
                .iter()
                .zip(&roles)
                .map(|(t, &r)| if t.is_empty() { r } else { column_role(t) })
                .collect();
            let block_unit = titles
                .iter()
                .find_map(|t| figures::unit_in(t))
                .or_else(|| declared_unit.clone());
            blocks.push((titles, block_roles, block_unit));
            for b in block_of_row.iter_mut().skip(h + 1) {
                *b = Some(blocks.len() - 1);
            }
        }
        let header_cells = header
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| plain_cell(&c.text, c, &r.span))
                    .collect()
            })
            .collect();
        let body = rows
            .iter()
            .zip(&block_of_row)
            .zip(&row_units)
            .map(|((r, block), row_unit)| {
                let (titles, roles, unit) = match block {
                    Some(b) => (&blocks[*b].0, &blocks[*b].1, &blocks[*b].2),
                    None => (&columns, &roles, &unit),
                };
                r.cells
                    .iter()
                    .enumerate()
                    .map(|(ci, c)| {
                        let col_unit = figures::unit_in(&titles[ci])
                            .or_else(|| row_unit.clone())
                            .or_else(|| unit.clone());
                        figure_cell(c, &r.span, roles[ci], col_unit.as_deref())
                    })
                    .collect()
            })
            .collect();
        Table {
            id,
            caption: self.caption,
            unit,
            header: header_cells,
            rows: body,
            columns,
            section,
            location: self.span,
            parts: self.parts,
            kind: None,
            layout: None,
            part_starts: self.part_starts,
        }
    }
}

/// A unit of measure written alone in a cell: 人, 万元, %, 平方米, 辆.
pub fn is_unit(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && (matches!(t, "%" | "％")
            || figures::units::table_unit_info(t).kind != FigureKind::Number)
}

/// A column title naming units: 单位, 计量单位 … (not 单位名称).
fn is_unit_title(title: &str) -> bool {
    matches!(
        last_level(title).as_str(),
        "单位" | "计量单位" | "计算单位" | "度量单位"
    )
}

/// Each row's own unit in a table whose rows name it in a column of units
/// (titled 单位, 计量单位 …, holding a unit in most of its filled cells):
/// None when the table has no such column. `cell(row, column)` reads a body
/// cell's text; the titles are looked at before any row.
pub fn row_units<'a>(
    columns: &[String],
    cell: impl Fn(usize, usize) -> Option<&'a str>,
    rows: usize,
) -> Option<Vec<Option<&'a str>>> {
    let u = (0..columns.len()).find(|&c| {
        if !is_unit_title(&columns[c]) {
            return false;
        }
        let filled: Vec<&str> = (0..rows)
            .filter_map(|r| cell(r, c).map(str::trim))
            .filter(|t| !t.is_empty())
            .collect();
        let units = filled.iter().filter(|t| is_unit(t)).count();
        units > 0 && units * 2 >= filled.len()
    })?;
    Some(
        (0..rows)
            .map(|r| cell(r, u).map(str::trim).filter(|t| is_unit(t)))
            .collect(),
    )
}

/// Drop the columns that hold nothing, title included: a PDF's spacer
/// between ruled columns, a Word table's narrow gutter. An empty column
/// between a score sheet's labels and its points hid the sheet. Spans across
/// a dropped column shrink and merge pointers right of it move left. Returns
/// the new width.
fn drop_empty_columns(header: &mut [RawRow], rows: &mut [RawRow], width: usize) -> usize {
    let all = || header.iter().chain(rows.iter());
    let empty: Vec<bool> = (0..width)
        .map(|c| all().all(|r| r.cells.get(c).is_none_or(|x| x.text.trim().is_empty())))
        .collect();
    let dropped = empty.iter().filter(|&&e| e).count();
    if dropped == 0 || dropped == width {
        return width;
    }
    // Dropped columns before each column.
    let before: Vec<u32> = empty
        .iter()
        .scan(0u32, |n, &e| {
            let here = *n;
            *n += u32::from(e);
            Some(here)
        })
        .collect();
    for r in header.iter_mut().chain(rows.iter_mut()) {
        for (c, cell) in r.cells.iter_mut().enumerate() {
            if cell.col_span > 1 {
                let end = (c + cell.col_span as usize).min(width);
                let inside = empty[c + 1..end].iter().filter(|&&e| e).count() as u32;
                cell.col_span -= inside;
            }
            if let Some((_, col)) = &mut cell.merged_from
                && let Some(&b) = before.get(*col as usize)
            {
                *col -= b;
            }
        }
        let mut c = 0;
        r.cells.retain(|_| {
            let keep = !empty.get(c).copied().unwrap_or(false);
            c += 1;
            keep
        });
    }
    width - dropped
}

/// The role of a column of amounts whose title also names codes (a merged
/// header's words): what its other levels say (执行率 → Percent), else a
/// value.
pub fn role_of_amounts(title: &str) -> ColumnRole {
    title
        .rsplit('/')
        .map(column_role)
        .find(|r| {
            !matches!(
                r,
                ColumnRole::Code | ColumnRole::Index | ColumnRole::Date | ColumnRole::Value
            )
        })
        .unwrap_or(ColumnRole::Value)
}

/// The 科目编码 each row spells in its code columns, and the column of its
/// own (last) part: one column holding the whole code ("2010601"), or
/// 类 | 款 | 项 in columns of their own, printed whole on every row
/// ("201" | "06" | "01") or each row only its own part ("" | "" | "01",
/// the 类 and 款 being those of the rows above it). A row whose code cells
/// hold anything but digits, or none, has no code.
pub fn row_codes(rows: &[Vec<Cell>], code_cols: &[usize]) -> Vec<Option<(String, usize)>> {
    // The part last printed in each code column, while no column left of
    // it has changed since.
    let mut carry: Vec<Option<String>> = vec![None; code_cols.len()];
    rows.iter()
        .map(|row| {
            let parts: Vec<String> = code_cols
                .iter()
                .map(|&c| {
                    row.get(c)
                        .map(|x| x.text.chars().filter(|ch| !ch.is_whitespace()).collect())
                        .unwrap_or_default()
                })
                .collect();
            let own = parts.iter().rposition(|t| !t.is_empty())?;
            if parts
                .iter()
                .any(|t| t.len() > 9 || !t.chars().all(|ch| ch.is_ascii_digit()))
            {
                return None;
            }
            let mut code = String::new();
            for (j, part) in parts.iter().enumerate().take(own + 1) {
                if part.is_empty() {
                    if let Some(above) = &carry[j] {
                        code.push_str(above);
                    }
                } else {
                    code.push_str(part);
                    carry[j] = Some(part.clone());
                    carry[j + 1..].iter_mut().for_each(|x| *x = None);
                }
            }
            Some((code, own))
        })
        .collect()
}

/// Do most of a column's filled cells hold amounts written as money is
/// ("2,106.66", "１２．５０", "1,200": two decimals or thousands
/// separators)? Codes never do ("1.1" may be an indicator's number).
pub fn holds_amounts<'a>(texts: impl Iterator<Item = &'a str>) -> bool {
    let (mut filled, mut amounts) = (0usize, 0usize);
    for t in texts {
        let t = t.trim();
        if t.is_empty() || figures::is_dash(t) {
            continue;
        }
        filled += 1;
        let money = figures::parse_cell(t, None).is_some_and(|f| {
            f.value.is_some() && (f.decimals >= 2 || f.text.contains([',', '，']))
        });
        if money {
            amounts += 1;
        }
    }
    amounts > 0 && amounts * 2 > filled
}

/// Do most of a column's filled cells hold item names (一般公共服务支出)?
/// Codes are digits; "2010101 行政运行" is a code with its name.
pub fn holds_names<'a>(texts: impl Iterator<Item = &'a str>) -> bool {
    let (mut filled, mut names) = (0usize, 0usize);
    for t in texts.map(str::trim).filter(|t| !t.is_empty()) {
        filled += 1;
        if !t.starts_with(figures::is_digit) && t.chars().any(figures::is_cjk) {
            names += 1;
        }
    }
    names > 0 && names * 2 > filled
}

fn plain_cell(text: &str, raw: &crate::model::RawCell, span: &Span) -> Cell {
    Cell {
        text: text.to_string(),
        col_span: raw.col_span.max(1),
        row_span: raw.row_span.max(1),
        merged: raw.merged_from.is_some(),
        location: Some(raw.span.as_ref().unwrap_or(span).clone()),
        formula: raw.formula.clone(),
        stored: raw.stored,
        ..Default::default()
    }
}

fn figure_cell(
    raw: &crate::model::RawCell,
    span: &Span,
    role: ColumnRole,
    unit: Option<&str>,
) -> Cell {
    let mut cell = plain_cell(&raw.text, raw, span);
    let unit = match role {
        ColumnRole::Index | ColumnRole::Code | ColumnRole::Date => return cell,
        ColumnRole::Score => Some("分"),
        ColumnRole::Count | ColumnRole::Percent => None,
        ColumnRole::Value => unit.filter(|u| u.ends_with('元')).or(unit),
    };
    if let Some(f) = figures::parse_cell(&raw.text, unit) {
        if role == ColumnRole::Percent && f.kind == FigureKind::Number {
            // A bare number in a rate column is a percentage written without '%'.
            cell.value = f.value;
            cell.unit = Some("%".into());
        } else {
            cell.value = f.value;
            cell.unit = f.unit.clone();
        }
        cell.figure = Some(f);
    }
    cell
}

/// An amount written inside a label cell after a colon: "其中：基本支出：568.45",
/// "一般公共预算：1,200.00万元" (the label's amount, not the cell's figure: the
/// cell stays a label). The figure's `offset` says where it stands.
pub fn embedded_amount(text: &str, unit: Option<&str>) -> Option<crate::model::Figure> {
    let t = text.trim();
    let (i, sep) = t.char_indices().rfind(|&(_, c)| c == '：' || c == ':')?;
    let head = &t[..i];
    let tail = &t[i + sep.len_utf8()..];
    let lead = tail.len() - tail.trim_start().len();
    let tail = tail.trim();
    if tail.is_empty() || !head.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return None;
    }
    let mut f = figures::parse_cell(tail, unit)?;
    if f.value.is_none() || f.comparator.is_some() {
        return None;
    }
    f.offset = Some(t[..i + sep.len_utf8() + lead].chars().count());
    Some(f)
}

/// One title per column: the header rows' texts joined with "/". A header row
/// with a single title (a group title spanning the table) prefixes every column;
/// an empty cell under a group title inherits the group from its left.
fn column_titles(header: &[RawRow], width: usize) -> Vec<String> {
    let mut cols = vec![Vec::<String>::new(); width];
    for (ri, row) in header.iter().enumerate() {
        // When the reader knows a row's merges (DOCX gridSpan, PDF rulings),
        // a title covers exactly the columns it spans, and an empty cell
        // under a vertical merge adds nothing. Otherwise titles are carried
        // right.
        let spans_known = row
            .cells
            .iter()
            .any(|c| c.col_span > 1 || c.merged_from.is_some_and(|(orow, _)| orow as usize == ri));
        let titles: Vec<String> = row.cells.iter().map(|c| tight(&c.text)).collect();
        let texts: Vec<&str> = titles.iter().map(String::as_str).collect();
        if is_column_number_row(&texts) {
            continue;
        }
        let last = ri + 1 == header.len();
        let filled = texts.iter().filter(|t| !t.is_empty()).count();
        // A title is carried right only under the same titles above: it
        // stops where the group it belongs to ends ("公务用车运行维护费"
        // under 公务用车购置及运行维护费 does not reach the columns under
        // 公务接待费 beside it).
        let above = cols.clone();
        let mut carry = String::new();
        let mut carry_from = 0;
        for (ci, col) in cols.iter_mut().enumerate() {
            let t = texts.get(ci).copied().unwrap_or("");
            let t = if !t.is_empty() {
                carry = t.to_string();
                carry_from = ci;
                t.to_string()
            } else if spans_known {
                match row.cells.get(ci).and_then(|c| c.merged_from) {
                    Some((orow, ocol)) if orow as usize == ri && (ocol as usize) < ci => row
                        .cells
                        .get(ocol as usize)
                        .map(|c| tight(&c.text))
                        .unwrap_or_default(),
                    _ => String::new(),
                }
            } else if row.cells.get(ci).is_some_and(|c| c.merged_from.is_some()) {
                String::new()
            } else if (!last && (filled == 1 || ci > 0) || last && is_code_title(&carry))
                && above[ci] == above[carry_from]
            {
                // (On the last header row only a code title is carried: the
                // merged 科目编码 over the 类 | 款 | 项 columns of a budget
                // table; other empty cells there are untitled columns.)
                carry.clone()
            } else {
                String::new()
            };
            if !t.is_empty() && col.last() != Some(&t) {
                col.push(t);
            }
        }
    }
    cols.into_iter().map(|c| c.join("/")).collect()
}

/// A header cell's text without the spaces a letter-spaced or wrapped
/// title leaves between Chinese characters ("项　　目", "金 额",
/// "国有资本 经营预算"); spaces between Latin words and numbers stay.
pub fn tight(text: &str) -> String {
    let t = text.trim();
    let cjk =
        |c: char| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c);
    let chars: Vec<char> = t.chars().collect();
    let mut out = String::with_capacity(t.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = chars[..i].iter().rev().find(|x| !x.is_whitespace());
            let next = chars[i + 1..].iter().find(|x| !x.is_whitespace());
            if prev.is_some_and(|&p| cjk(p)) || next.is_some_and(|&n| cjk(n)) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// "科目编码", "功能分类科目编码", "项目代码": the title of code columns.
fn is_code_title(t: &str) -> bool {
    t.chars().count() <= 12 && (t.ends_with("编码") || t.ends_with("代码"))
}

/// Some exporters drop a merged (empty) leading cell from a row and pad at the
/// end instead, shifting the row's cells one or two columns left. Detect such
/// rows by the kinds of their cells against the table's column profile and
/// shift them back. Numbers are told apart by how they are written as well
/// (whole, or with decimals): a score sheet printing 完成百分比 as "98.27"
/// without "%" beside a 权重分 of "2" is aligned by that alone.
///
/// A table of several blocks, each under its own header row (a
/// self-evaluation sheet's funds block — 年初预算数 | 全年预算数 | 全年执行数 |
/// 分值 | 执行率 | 得分 — above its indicators block, often one grid column
/// apart), is profiled block by block: a block's rows are aligned by their
/// own header, never by the columns of another block. A total row whose
/// label stands in the first cell, or after its 序号 (总分 | … | 100 | 96.4 |
/// ""), lost no leading cell and is left as it is.
fn realign_shifted_rows(rows: &mut [RawRow], width: usize) {
    let heads = |r: &RawRow| {
        let texts: Vec<String> = r
            .cells
            .iter()
            .map(|c| c.text.chars().filter(|x| !x.is_whitespace()).collect())
            .collect();
        is_funds_header(&texts) || is_indicator_header(&texts)
    };
    let mut starts: Vec<usize> = (1..rows.len()).filter(|&i| heads(&rows[i])).collect();
    starts.insert(0, 0);
    starts.push(rows.len());
    for w in starts.windows(2) {
        realign_block(&mut rows[w[0]..w[1]], width);
    }
}

fn realign_block(rows: &mut [RawRow], width: usize) {
    #[derive(Clone, Copy, PartialEq)]
    enum K {
        Empty,
        Num,
        Pct,
        Text,
    }
    /// How a number is written: whole ("2"), with decimals ("98.27"), or
    /// neither said (a placeholder "-").
    #[derive(Clone, Copy, PartialEq)]
    enum Written {
        Whole,
        Decimals,
        Unsaid,
    }
    fn kind(t: &str) -> (K, Written) {
        let t = t.trim();
        match figures::parse_cell(t, None) {
            _ if t.is_empty() => (K::Empty, Written::Unsaid),
            // A placeholder ("-") stands where a number would: it counts as one.
            Some(f) if f.kind == FigureKind::Placeholder => (K::Num, Written::Unsaid),
            Some(f) if f.kind == FigureKind::Percent => (K::Pct, Written::Unsaid),
            Some(f) if f.value.is_some() => (
                K::Num,
                if f.decimals > 0 {
                    Written::Decimals
                } else {
                    Written::Whole
                },
            ),
            _ => (K::Text, Written::Unsaid),
        }
    }
    if rows.len() < 4 || width < 4 {
        return;
    }
    // Majority kind per column among non-empty cells, and for a column of
    // numbers how two in three of them are written.
    let mut profile = vec![(K::Empty, Written::Unsaid); width];
    for (ci, slot) in profile.iter_mut().enumerate() {
        let mut counts = [0usize; 4];
        let mut written = [0usize; 2];
        for r in rows.iter() {
            let (k, w) = kind(r.cells.get(ci).map(|c| c.text.as_str()).unwrap_or(""));
            counts[k as usize] += 1;
            match w {
                Written::Whole => written[0] += 1,
                Written::Decimals => written[1] += 1,
                Written::Unsaid => {}
            }
        }
        let nonempty = counts[1] + counts[2] + counts[3];
        if nonempty * 2 >= rows.len() {
            let best = (1..4).max_by_key(|&i| counts[i]).unwrap_or(3);
            if counts[best] * 3 >= nonempty * 2 {
                slot.0 = [K::Empty, K::Num, K::Pct, K::Text][best];
            }
        }
        let numbers = written[0] + written[1];
        if slot.0 == K::Num && numbers > 0 {
            if written[0] * 3 >= numbers * 2 {
                slot.1 = Written::Whole;
            } else if written[1] * 3 >= numbers * 2 {
                slot.1 = Written::Decimals;
            }
        }
    }
    let score = |cells: &[(K, Written)]| -> i32 {
        cells
            .iter()
            .zip(&profile)
            .map(|(&(k, w), &(p, pw))| match (k, p) {
                (K::Empty, _) | (_, K::Empty) => 0,
                // A number written otherwise than its column's ("98.27"
                // under whole points): as far off as a percent there.
                (K::Num, K::Num) if w != Written::Unsaid && pw != Written::Unsaid && w != pw => -2,
                (a, b) if a == b => 1,
                (K::Text, _) | (_, K::Text) => -1,
                _ => -2,
            })
            .sum()
    };
    for r in rows.iter_mut() {
        // A total row with no blank cell before its label (总分 first, or
        // after its 序号) lost no leading cell.
        let label = r
            .cells
            .iter()
            .position(|c| !c.text.trim().is_empty() && !reads_as_number(&c.text));
        if label.is_some_and(|p| {
            is_total_label(&r.cells[p].text)
                && r.cells[..p].iter().all(|c| !c.text.trim().is_empty())
        }) {
            continue;
        }
        let kinds: Vec<(K, Written)> = r.cells.iter().map(|c| kind(&c.text)).collect();
        let base = score(&kinds);
        let mut best: Option<(usize, i32, Vec<crate::model::RawCell>)> = None;
        // The dropped cells stand first, or after a 序号 column's number
        // ("7 | 预算执行10 | 预算调整率 …" under 序号 | 一级指标 | 二级指标).
        let after_index = profile[0].0 == K::Num && kinds.first().is_some_and(|k| k.0 == K::Num);
        let at_most = if after_index { 1 } else { 0 };
        for at in 0..=at_most {
            for shift in 1..=2usize {
                // Shift right by `shift` from `at`, removing `shift` empty
                // cells from the right.
                let mut cells = r.cells.clone();
                let mut removed = 0;
                let mut i = cells.len();
                while removed < shift && i > at {
                    i -= 1;
                    if cells[i].text.trim().is_empty() {
                        cells.remove(i);
                        removed += 1;
                    }
                }
                if removed < shift {
                    break;
                }
                for _ in 0..shift {
                    cells.insert(at, crate::model::RawCell::new(""));
                }
                let ks: Vec<(K, Written)> = cells.iter().map(|c| kind(&c.text)).collect();
                let s = score(&ks);
                if s >= base + 3 && best.as_ref().is_none_or(|b| s > b.1) {
                    best = Some((shift, s, cells));
                }
            }
        }
        if let Some((_, _, cells)) = best {
            r.cells = cells;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RawCell;

    #[test]
    fn empty_columns_are_dropped_and_spans_shrink() {
        let cell = |t: &str| RawCell::new(t);
        let mut wide = cell("金额");
        wide.col_span = 3;
        let mut covered = cell("");
        covered.merged_from = Some((0, 1));
        let row = |cells: Vec<RawCell>| RawRow {
            cells,
            is_header: false,
            span: Span::default(),
        };
        let mut header = vec![row(vec![
            cell("项目"),
            wide,
            covered.clone(),
            covered,
            cell(""),
        ])];
        let mut ovr = cell("");
        ovr.merged_from = Some((1, 3));
        let mut rows = vec![
            row(vec![
                cell("合计"),
                cell("10"),
                cell(""),
                cell("10"),
                cell(""),
            ]),
            row(vec![
                cell("办公费"),
                cell("4"),
                cell(""),
                cell("4"),
                cell(""),
            ]),
            row(vec![cell("印刷费"), cell("6"), cell(""), ovr, cell("")]),
        ];
        assert_eq!(drop_empty_columns(&mut header, &mut rows, 5), 3);
        assert_eq!(header[0].cells.len(), 3);
        assert_eq!(header[0].cells[1].col_span, 2);
        assert_eq!(rows[2].cells[2].merged_from, Some((1, 2)));
        assert_eq!(
            rows[0]
                .cells
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>(),
            ["合计", "10", "10"]
        );
    }

    #[test]
    fn a_column_of_units() {
        let cols = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let units = |columns: &[&str], rows: &[&[&'static str]]| {
            row_units(&cols(columns), |r, c| rows[r].get(c).copied(), rows.len())
        };
        let rows: &[&[&str]] = &[
            &["在职人数", "人", "81"],
            &["三公经费", "万元", "31.47"],
            &["控制率", "%", "94.19"],
            &["合计", "", "1,544.11"],
        ];
        let want = Some(vec![Some("人"), Some("万元"), Some("%"), None]);
        assert_eq!(units(&["项目", "单位", "2024年"], rows), want);
        assert_eq!(units(&["项目", "计量 单位", "2024年"], rows), want);
        assert_eq!(units(&["项目", "金额", "2024年"], rows), None);
        let names: &[&[&str]] = &[&["某市水利局", "1.00"], &["某区分局", "2.00"]];
        assert_eq!(units(&["单位", "金额"], names), None);
        assert!(is_unit("辆") && is_unit("万元") && is_unit("％") && !is_unit("某局"));
    }

    #[test]
    fn points_and_score_titles() {
        for t in [
            "分值",
            "权重",
            "标准分",
            "满分",
            "分数",
            "指标分值",
            "分 值",
            "2024年/权重（%）",
        ] {
            assert!(is_points_title(t), "{t}");
            assert!(!is_score_title(t), "{t}");
        }
        for t in [
            "得分",
            "自评得分",
            "评分",
            "自评分",
            "评价得分",
            "得分（分）",
            "实际得分",
            "考核评分",
        ] {
            assert!(is_score_title(t), "{t}");
            assert!(!is_points_title(t), "{t}");
        }
        for t in [
            "得分率",
            "评分标准",
            "评分办法",
            "评分细则",
            "扣分",
            "扣分值",
            "预算数",
            "指标值",
        ] {
            assert!(!is_score_title(t) && !is_points_title(t), "{t}");
        }
    }

    #[test]
    fn row_codes_read_whole_split_and_carried_codes() {
        let rows = |rs: &[&[&str]]| -> Vec<Vec<Cell>> {
            rs.iter()
                .map(|r| {
                    r.iter()
                        .map(|t| Cell {
                            text: t.to_string(),
                            ..Cell::default()
                        })
                        .collect()
                })
                .collect()
        };
        let code = |c: &Option<(String, usize)>| c.as_ref().map(|(s, own)| (s.clone(), *own));
        // One column: the code as printed.
        let one = rows(&[&["2010601", "行政运行"], &["合计", ""], &["", "小计"]]);
        let got: Vec<_> = row_codes(&one, &[0]).iter().map(code).collect();
        assert_eq!(got, [Some(("2010601".into(), 0)), None, None]);
        // 类 | 款 | 项, whole on each row, or each row only its own part.
        let whole = rows(&[
            &["204", "", "", "公共安全支出"],
            &["204", "06", "", "司法"],
            &["204", "06", "01", "行政运行"],
        ]);
        let parts = rows(&[
            &["204", "", "", "公共安全支出"],
            &["", "06", "", "司法"],
            &["", "", "01", "行政运行"],
            &["", "", "04", "基层司法业务"],
            &["", "07", "", "监狱"],
            &["", "", "01", "行政运行"],
            &["208", "", "", "社会保障和就业支出"],
        ]);
        let want = [
            Some(("204".into(), 0)),
            Some(("20406".into(), 1)),
            Some(("2040601".into(), 2)),
        ];
        let got: Vec<_> = row_codes(&whole, &[0, 1, 2]).iter().map(code).collect();
        assert_eq!(got, want);
        let got: Vec<_> = row_codes(&parts, &[0, 1, 2]).iter().map(code).collect();
        assert_eq!(got[..3], want);
        assert_eq!(got[3], Some(("2040604".into(), 2)));
        // A new 款 drops the 项 of the one before; a new 类 its 款.
        assert_eq!(got[4], Some(("20407".into(), 1)));
        assert_eq!(got[5], Some(("2040701".into(), 2)));
        assert_eq!(got[6], Some(("208".into(), 0)));
    }

    #[test]
    fn letter_spaced_titles_read_as_written_tight() {
        assert_eq!(tight("项　　目"), "项目");
        assert_eq!(tight(" 期 末 余 额 "), "期末余额");
        assert_eq!(tight("国有资本 经营预算"), "国有资本经营预算");
        assert_eq!(tight("2018 年 1-3 月"), "2018年1-3月");
        assert_eq!(tight("PM2.5 monitor"), "PM2.5 monitor");
        // A statement's header, letter-spaced: still the header.
        let t = raw(&[
            "资 产\t行 次\t期 末 余 额\t负 债 和 所 有 者 权 益 （ 或 股 东 权 益 ）\t期 末 余 额",
            "货币资金\t1\t38,652,417.36\t短期借款\t15,000,000.00",
        ]);
        let b = Builder::new(t);
        assert_eq!(b.header.len(), 1);
        let table = b.finish(0, None);
        assert_eq!(table.columns[0], "资产");
        assert_eq!(table.columns[3], "负债和所有者权益（或股东权益）");
    }

    #[test]
    fn columns_titled_lei_kuan_xiang_alone_are_codes() {
        for t in ["类", "款", "项", "功能分类科目/类", "科目编码/项"] {
            assert_eq!(column_role(t), ColumnRole::Code, "{t}");
        }
        assert_ne!(column_role("项目"), ColumnRole::Code);
        assert_ne!(column_role("类别"), ColumnRole::Code);
    }

    fn raw(rows: &[&str]) -> RawTable {
        RawTable {
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| RawRow {
                    cells: r.split('\t').map(RawCell::new).collect(),
                    is_header: false,
                    span: Span::lines(i as u32 + 1, i as u32 + 1),
                })
                .collect(),
            span: Span::lines(1, rows.len() as u32),
        }
    }

    #[test]
    fn headers_titles_and_roles() {
        let b = Builder::new(raw(&[
            "收入\t\t\t\t\t",
            "项目\t行次\t年初预算数\t追加预算数\t预算调整数\t决算数",
            "栏次\t\t1\t2\t3\t4",
            "一、财政拨款收入\t1\t1668.64\t303.83\t1972.47\t1972.47",
            "总计\t17\t1668.64\t315.84\t1984.48\t1984.48",
        ]));
        assert_eq!(b.header.len(), 3);
        let mut b = b;
        b.unit = Some("万元".into());
        let t = b.finish(0, None);
        assert_eq!(t.columns[1], "收入/行次");
        assert_eq!(t.columns[5], "收入/决算数");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0][1].value, None, "行次 is not a figure");
        assert_eq!(t.rows[0][2].value, Some(1668.64));
        assert_eq!(t.rows[0][2].unit.as_deref(), Some("万元"));
        assert_eq!(column_role("得分率"), ColumnRole::Percent);
        assert_eq!(column_role("权重分"), ColumnRole::Score);
        assert_eq!(column_role("入账时间"), ColumnRole::Date);
    }

    #[test]
    fn a_title_carried_right_stops_where_its_group_ends() {
        // A 三公 table in text: "公务用车运行维护费" (under 公务用车购置及运行
        // 维护费) does not carry into the columns of 公务接待费 beside it.
        let header = |rows: &[&str]| -> Vec<RawRow> { raw(rows).rows };
        let titles = column_titles(
            &header(&[
                "三公经费\t\t\t\t\t\t\t\t\t",
                "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t\t\t公务接待费\t\t",
                "\t\t小计\t\t购置费\t\t运行维护费\t\t\t",
                "决算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数",
            ]),
            10,
        );
        assert_eq!(titles[5], "三公经费/公务用车购置及运行维护费/购置费/决算数");
        assert_eq!(
            titles[6],
            "三公经费/公务用车购置及运行维护费/运行维护费/预算数"
        );
        assert_eq!(titles[7], "三公经费/公务接待费/决算数");
        assert_eq!(titles[9], "三公经费/公务接待费/决算数");
        assert_eq!(titles[1], "三公经费/因公出国（境）费/决算数");
        // The merged 科目编码 over 类 | 款 | 项 on the last header row covers
        // its three columns, and stops at 科目名称's.
        let titles = column_titles(
            &header(&[
                "项目\t\t\t\t本年收入合计\t财政拨款收入",
                "支出功能分类\t\t\t科目名称\t\t",
                "科目编码\t\t\t\t\t",
            ]),
            6,
        );
        assert_eq!(titles[2], "项目/支出功能分类/科目编码");
        assert_eq!(titles[3], "项目/科目名称");
        assert_eq!(titles[4], "本年收入合计");
        assert_eq!(titles[5], "财政拨款收入");
    }

    #[test]
    fn amounts_under_a_merged_code_header_are_values() {
        // 一般公共预算财政拨款支出决算表: "科目编码" merged over every title.
        let amounts = ["2,106.66", "1,503.52", "-", "603.14", ""];
        assert!(holds_amounts(amounts.iter().copied()));
        assert!(holds_amounts(
            ["２，１０６．６６", "１２．５０"].iter().copied()
        ));
        assert_eq!(role_of_amounts("合计/科目名称/科目编码"), ColumnRole::Value);
        assert_eq!(
            role_of_amounts("执行率/科目名称/科目编码"),
            ColumnRole::Percent
        );
        // Codes, and indicator numbers, are not amounts.
        assert!(!holds_amounts(["201", "20106", "2010601"].iter().copied()));
        assert!(!holds_amounts(["1.1", "1.2", "2.1"].iter().copied()));
        assert!(!holds_amounts(["-", ""].iter().copied()));
        assert!(holds_names(
            ["一般公共服务支出", "财政事务", "合计"].iter().copied()
        ));
        assert!(!holds_names(
            ["2010101 行政运行", "2010102 一般行政管理事务"]
                .iter()
                .copied()
        ));
        assert!(!holds_names(["201", "20106", "合计"].iter().copied()));
    }

    #[test]
    fn split_parts_join_on_repeated_header() {
        let mut b = Builder::new(raw(&[
            "类别\t数量\t原值",
            "设备\t1.00\t2.00",
            "家具\t1.00\t3.00",
        ]));
        let next = raw(&["类别\t数量\t原值", "合计\t2.00\t5.00"]);
        assert!(b.continued_by(&next, false));
        b.push_part(next);
        let t = b.finish(0, None);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.parts, 2);
        // A different table with its own caption is not a continuation.
        let b = Builder::new(raw(&["类别\t数量\t原值", "设备\t1.00\t2.00"]));
        assert!(!b.continued_by(&raw(&["类别\t数量\t原值"]), true));
    }

    #[test]
    fn a_total_row_alone_on_the_next_page_joins_aligned_on_the_right() {
        let on_page = |rows: &[&str], page| {
            let mut t = raw(rows);
            t.span = Span {
                page: Some(page),
                ..Default::default()
            };
            t
        };
        let mut b = Builder::new(on_page(
            &[
                "类\t款\t项\t科目名称\t合计\t基本支出",
                "201\t\t\t一般公共服务支出\t30.00\t10.00",
                "201\t03\t01\t行政运行\t30.00\t10.00",
            ],
            14,
        ));
        // "合计" spans 类 | 款 | 项 | 科目名称 on page 15: two cells narrower.
        let total = on_page(&["合计\t30.00\t10.00"], 15);
        assert!(b.continued_by(&total, false));
        b.push_part(total);
        let last = b.rows.last().expect("the total row");
        let texts: Vec<&str> = last.cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["合计", "", "", "", "30.00", "10.00"]);
        assert_eq!(last.cells[0].col_span, 4);
        assert!(last.cells[1..4].iter().all(|c| c.merged_from.is_some()));
        // Not on the same page, not an item row, not text where we hold numbers.
        assert!(!b.continued_by(&on_page(&["合计\t30.00\t10.00"], 14), false));
        assert!(!b.continued_by(&on_page(&["行政运行\t30.00\t10.00"], 16), false));
        assert!(!b.continued_by(&on_page(&["合计\t说明\t10.00"], 16), false));
    }

    #[test]
    fn a_next_page_part_starting_with_empty_value_rows_is_joined() {
        let mut first = raw(&[
            "收入\t\t支出\t",
            "项目\t决算数\t项目\t决算数",
            "一、财政拨款收入\t2,940.05\t一、一般公共服务支出\t2,112.86",
            "本年收入合计\t2,946.25\t本年支出合计\t2,940.05",
        ]);
        first.span = Span {
            page: Some(6),
            ..Default::default()
        };
        let b = Builder::new(first);
        let on_page = |rows: &[&str], page| {
            let mut t = raw(rows);
            t.span = Span {
                page: Some(page),
                ..Default::default()
            };
            t
        };
        let cont = on_page(
            &[
                "使用非财政拨款结余\t\t结余分配\t",
                "年初结转和结余\t49.14\t年末结转和结余\t55.34",
                "总计\t2,995.39\t总计\t2,995.39",
            ],
            7,
        );
        assert!(b.continued_by(&cont, false));
        // The same rows on the same page are a new table, not a continuation.
        assert!(!b.continued_by(
            &on_page(
                &[
                    "使用非财政拨款结余\t\t结余分配\t",
                    "年初结转和结余\t49.14\t年末结转和结余\t55.34"
                ],
                6
            ),
            false
        ));
        // A new table whose header names its value columns is not ours.
        let new_table = on_page(
            &[
                "项目\t金额\t项目\t金额",
                "工资福利支出\t1.00\t商品和服务支出\t2.00",
            ],
            7,
        );
        assert!(!b.continued_by(&new_table, false));
        // Nor one whose header rows are all text (nothing to anchor the shape).
        assert!(!b.continued_by(&on_page(&["甲类\t\t乙类\t", "说明\t\t备注\t"], 7), false));
        // Text-only rows that share a label with our body in its column are
        // the rest of our list (funds the department does not have).
        let b = Builder::new(on_page(
            &[
                "项目名称\t\t金额",
                "财政拨款\t小计\t1,000.00",
                "政府性基金\t小计\t",
            ],
            9,
        ));
        let rest = on_page(&["其他资金\t小计\t", "\t事业收入\t", "\t经营收入\t"], 10);
        assert!(b.continued_by(&rest, false));
        assert!(!b.continued_by(&on_page(&["其他资金\t小计\t"], 10), false));
        assert!(!b.continued_by(&on_page(&["甲\t乙\t", "丙\t丁\t"], 10), false));
    }

    #[test]
    fn shifted_rows_are_realigned() {
        let mut rows = raw(&[
            "决策(12)\t计划4\t中长期规划\t考察\t健全\t2\t100.00%\t2.00\t-\t",
            "\t\t工作计划\t考察\t健全\t2\t100.00%\t2.00\t-\t",
            "\t目标4\t绩效目标\t考察\t合理\t2\t100.00%\t2.00\t-\t",
            "预算执行10\t调整率\t说明\t=0%\t1\t94.31%\t0.72\t0.28\t\t根据比例扣分",
            "\t\t预算编制\t考察\t规范\t2\t94.31%\t1.43\t0.57\t根据比例",
        ])
        .rows;
        realign_shifted_rows(&mut rows, 10);
        assert_eq!(rows[3].cells[0].text, "");
        assert_eq!(rows[3].cells[1].text, "预算执行10");
        assert_eq!(rows[3].cells[5].text, "1");
        assert_eq!(rows[3].cells[9].text, "根据比例扣分");
        assert_eq!(rows[1].cells[2].text, "工作计划", "aligned rows untouched");
        // The same sheet with 完成百分比 printed without "%": the numbers'
        // decimals tell 权重分 ("1") from 完成百分比 ("94.31").
        let mut rows = raw(&[
            "决策(12)\t计划4\t中长期规划\t考察\t健全\t2\t100.00\t2.00\t-\t",
            "\t\t工作计划\t考察\t健全\t2\t100.00\t2.00\t-\t",
            "\t目标4\t绩效目标\t考察\t合理\t2\t100.00\t2.00\t-\t",
            "\t\t预算编制\t考察\t规范\t2\t94.31\t1.43\t0.57\t根据比例",
            "\t支付进度符合率\t说明\t每减少1%扣5%\t2\t98.27\t1.83\t0.17\t\t根据比率",
        ])
        .rows;
        realign_shifted_rows(&mut rows, 10);
        assert_eq!(rows[4].cells[2].text, "支付进度符合率");
        assert_eq!(rows[4].cells[5].text, "2");
        assert_eq!(rows[4].cells[6].text, "98.27");
        assert_eq!(rows[3].cells[2].text, "预算编制", "aligned rows untouched");
        // With a 序号 column the dropped cell stands after the row's number.
        let mut rows = raw(&[
            "1	决策(12)	计划4	中长期规划	考察	健全	2	100.00%	2.00	-	",
            "2			工作计划	考察	健全	2	100.00%	2.00	-	",
            "3		目标4	绩效目标	考察	合理	2	100.00%	2.00	-	",
            "4	预算执行10	调整率	说明	=0%	1	94.31%	0.72	0.28		根据比例扣分",
            "5			预算编制	考察	规范	2	94.31%	1.43	0.57	根据比例",
        ])
        .rows;
        realign_shifted_rows(&mut rows, 11);
        let texts: Vec<&str> = rows[3].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts[..3], ["4", "", "预算执行10"]);
        assert_eq!(texts[6], "1");
        assert_eq!(texts[10], "根据比例扣分");
    }

    #[test]
    fn a_block_is_aligned_by_its_own_header_and_a_total_row_stays() {
        // A self-evaluation sheet whose funds block stands one column left of
        // its indicators block, the 分值 written whole ("10"): the 年度资金总额
        // row is aligned under its own header, not the indicators' columns.
        let mut rows = raw(&[
            "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\t",
            "\t年度资金总额\t12,000\t11,486\t10,232\t10\t89.1%\t8.9\t",
            "\t其中：当年财政拨款\t12,000\t10,000\t8,746\t—\t87%\t—\t",
            "\t上年结转资金\t\t1,486\t1,486\t—\t100%\t—\t",
            "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因",
            "\t产出指标（50分）\t数量指标\t改造小区数量\t42个\t42个\t20\t20\t",
            "\t\t质量指标\t竣工验收合格率\t100%\t100%\t10\t10\t",
            "\t\t时效指标\t年度完工率\t≥90%\t85.7%\t10\t9.5\t协调时间较长",
            "\t效益指标（30分）\t社会效益指标\t改善居住环境\t明显改善\t明显改善\t20\t20\t",
            "总分\t\t\t\t\t\t100\t96.4\t",
        ])
        .rows;
        realign_shifted_rows(&mut rows, 9);
        let texts =
            |r: usize| -> Vec<&str> { rows[r].cells.iter().map(|c| c.text.as_str()).collect() };
        assert_eq!(
            texts(1)[1..8],
            [
                "年度资金总额",
                "12,000",
                "11,486",
                "10,232",
                "10",
                "89.1%",
                "8.9"
            ]
        );
        assert_eq!(texts(9)[0], "总分");
        assert_eq!(texts(9)[6..8], ["100", "96.4"]);
    }
}
