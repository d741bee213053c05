//! A document's tables as a spreadsheet (rust_xlsxwriter): a `document`
//! sheet (what the document is, and its tables with links), one sheet per
//! table, and a `findings` sheet with a link to the cell each finding names.
//!
//! A table sheet is laid out as published: the caption on the first row, the
//! unit (单位：万元) on the second, then the header rows (bold) and the body.
//! Merged cells stay merged (the same layout as the HTML report). A cell
//! holding one number is written as a number, with a number format showing
//! the decimals (and thousands separators, %, or a unit such as 分) as the
//! document wrote them; anything else is text, never a formula.

use std::collections::HashSet;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Url, Workbook, Worksheet};

use crate::model::{Cell, Document, Finding, Location, Severity, Table};
use crate::output::layout::Layout;
use crate::output::report::place_parts;

/// Sheet rows above a table's header: the caption and the unit line.
pub const TABLE_TOP: u32 = 2;
/// The sheet names jixiao itself uses.
pub const DOCUMENT_SHEET: &str = "document";
pub const FINDINGS_SHEET: &str = "findings";

const MAX_ROWS: usize = 1_048_576;
const MAX_COLS: usize = 16_384;
const MAX_TEXT: usize = 32_767;
/// Excel keeps at most this many hyperlinks on a sheet.
const MAX_LINKS: usize = 65_530;

/// The workbook of one document, as the bytes of an .xlsx file.
pub fn workbook(doc: &Document) -> Result<Vec<u8>, String> {
    build(doc)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| format!("cannot write the spreadsheet: {e}"))
}

struct Formats {
    caption: Format,
    unit: Format,
    header: Format,
    text: Format,
    key: Format,
    link: Format,
    severity: [Format; 3],
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF))
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            caption: Format::new().set_bold().set_font_size(13),
            unit: Format::new().set_font_color(Color::RGB(0x595959)),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xEEF0F3)),
            text: cell.set_text_wrap(),
            key: Format::new().set_bold(),
            link: Format::new().set_hyperlink(),
            severity: [
                Format::new()
                    .set_bold()
                    .set_font_color(Color::RGB(0xC42B1C)),
                Format::new()
                    .set_bold()
                    .set_font_color(Color::RGB(0xA15C00)),
                Format::new().set_font_color(Color::RGB(0x245BDB)),
            ],
        }
    }
}

fn build(doc: &Document) -> Result<Workbook, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let fmt = Formats::new();
    let names = sheet_names(&doc.tables);
    let layouts: Vec<Layout> = doc.tables.iter().map(|t| Layout::new(&t.rows)).collect();
    let mut sheets = vec![document_sheet(doc, &names, &fmt)?];
    for (t, name) in doc.tables.iter().zip(&names) {
        sheets.push(table_sheet(t, name, &fmt)?);
    }
    sheets.push(findings_sheet(doc, &names, &layouts, &fmt)?);
    for s in sheets {
        wb.push_worksheet(s);
    }
    Ok(wb)
}

/// Sheet names for the tables: from the captions, without the characters
/// Excel forbids (`[]:*?/\`), at most 31 characters, unique (case-insensitive,
/// and distinct from `document` and `findings`).
pub fn sheet_names(tables: &[Table]) -> Vec<String> {
    let mut taken: HashSet<String> = [DOCUMENT_SHEET, FINDINGS_SHEET, "history"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    tables
        .iter()
        .map(|t| {
            let base = t
                .caption
                .as_deref()
                .map(clean_caption)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("表{}", t.id + 1));
            let mut name = fit(&base, 31);
            let mut n = 2;
            while taken.contains(&name.to_lowercase()) {
                let suffix = format!(" ({n})");
                name = format!("{}{suffix}", fit(&base, 31 - suffix.chars().count()));
                n += 1;
            }
            taken.insert(name.to_lowercase());
            name
        })
        .collect()
}

/// A caption as a sheet name: forbidden characters and the unit note
/// (（单位：万元）) removed, spaces collapsed, no apostrophe at either end.
fn clean_caption(c: &str) -> String {
    let mut s: String = c
        .chars()
        .map(|ch| match ch {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => ' ',
            ch if ch.is_control() => ' ',
            ch => ch,
        })
        .collect();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(a) = s.find(open)
            && s[a..].contains("单位")
            && let Some(b) = s[a..].find(close)
        {
            s.replace_range(a..a + b + close.len_utf8(), " ");
        }
    }
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_matches(|c: char| c == '\'' || c.is_whitespace())
        .to_string()
}

/// At most `max` UTF-16 units: a numbered caption keeps its number ("表 1-2")
/// and the end of its title, where Chinese table titles name the table.
fn fit(s: &str, max: usize) -> String {
    let len = |x: &str| x.encode_utf16().count();
    if len(s) <= max {
        return s.to_string();
    }
    let label_end = table_label_end(s);
    let label = s[..label_end].trim_end();
    let rest = s[label_end..].trim_start();
    let room = max.saturating_sub(len(label) + if label.is_empty() { 1 } else { 2 });
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in rest.chars().rev() {
        if used + c.len_utf16() > room {
            break;
        }
        used += c.len_utf16();
        tail.push(c);
    }
    tail.reverse();
    // Start the tail at a natural break (after a space, 年, 度, a closing
    // bracket …) near its start rather than inside a word or a year.
    let is_break = |c: char| c.is_whitespace() || "年度）)、：:—-_".contains(c);
    if let Some(cut) = (1..=tail.len().min(8))
        .rev()
        .find(|&i| is_break(tail[i - 1]))
    {
        tail.drain(..cut);
    }
    let tail: String = tail.into_iter().collect();
    let out = if label.is_empty() {
        format!("…{tail}")
    } else {
        format!("{label} …{tail}")
    };
    out.trim_matches('\'').to_string()
}

/// The end of a leading table number ("表 1-2", "表三", "附表1"), in bytes; 0 if none.
fn table_label_end(s: &str) -> usize {
    let mut it = s.char_indices().peekable();
    let mut end = 0;
    if s.starts_with("附表") {
        it.next();
        it.next();
    } else if s.starts_with('表') {
        it.next();
    } else {
        return 0;
    }
    let mut digits = false;
    while let Some(&(i, c)) = it.peek() {
        let numeral = c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
        if numeral || (digits && "-－—–.．".contains(c)) || (!digits && c == ' ') {
            digits |= numeral;
            end = i + c.len_utf8();
            it.next();
        } else {
            break;
        }
    }
    if digits { end } else { 0 }
}

/// A cell as a number: the value as written (percentages as fractions) and
/// a number format showing it as written. `None` for text, targets (≥95%),
/// placeholders and anything that is more than one number.
pub fn cell_number(cell: &Cell) -> Option<(f64, String)> {
    let fig = cell.figure.as_ref()?;
    fig.value?;
    if fig.comparator.is_some() {
        return None;
    }
    let text = cell.text.trim();
    let (sign, rest) = match text.strip_prefix(['-', '−']) {
        Some(r) => (-1.0, r),
        None => (1.0, text.strip_prefix('+').unwrap_or(text)),
    };
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(end);
    let suffix = suffix.trim();
    if !number.starts_with(|c: char| c.is_ascii_digit()) || number.ends_with([',', '.']) {
        return None;
    }
    let plain: String = number.chars().filter(|c| *c != ',').collect();
    let value: f64 = plain.parse().ok()?;
    let decimals = plain.split_once('.').map(|(_, d)| d.len()).unwrap_or(0);
    let mut format = if number.contains(',') {
        "#,##0".to_string()
    } else {
        "0".to_string()
    };
    if decimals > 0 {
        format.push('.');
        format.push_str(&"0".repeat(decimals.min(15)));
    }
    match suffix {
        "" => Some((sign * value, format)),
        "%" | "％" => Some((sign * value / 100.0, format + "%")),
        // A short unit after the number (分, 万元, 个): kept in the format.
        u if u.chars().count() <= 4
            && u.chars().all(|c| c.is_alphabetic() && !c.is_ascii_digit())
            && !u.contains('"') =>
        {
            Some((sign * value, format!("{format}\"{u}\"")))
        }
        _ => None,
    }
}

fn text_of(cell: &Cell) -> String {
    let t = cell.text.trim();
    if t.encode_utf16().count() <= MAX_TEXT {
        return t.to_string();
    }
    let mut out = String::new();
    let mut n = 0;
    for c in t.chars() {
        n += c.len_utf16();
        if n > MAX_TEXT - 1 {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Display width of a text in Excel's character units (CJK counts double).
fn width(s: &str) -> f64 {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if (c as u32) < 0x1100 { 1.1 } else { 2.1 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

fn table_sheet(
    t: &Table,
    name: &str,
    fmt: &Formats,
) -> Result<Worksheet, rust_xlsxwriter::XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let caption = t
        .caption
        .clone()
        .unwrap_or_else(|| format!("表{}", t.id + 1));
    ws.write_string_with_format(0, 0, &caption, &fmt.caption)?;
    if let Some(u) = &t.unit {
        ws.write_string_with_format(1, 0, format!("单位：{u}"), &fmt.unit)?;
    }
    let mut widths: Vec<f64> = Vec::new();
    let top = TABLE_TOP as usize;
    write_block(&mut ws, &t.header, top, &fmt.header, true, &mut widths)?;
    let body_top = top + t.header.len();
    write_block(&mut ws, &t.rows, body_top, &fmt.text, false, &mut widths)?;
    for (c, w) in widths.iter().enumerate().take(MAX_COLS) {
        ws.set_column_width(c as u16, w.clamp(6.0, 42.0))?;
    }
    if !t.header.is_empty() && body_top < MAX_ROWS {
        ws.set_freeze_panes(body_top as u32, 0)?;
    }
    Ok(ws)
}

/// Write a block of rows (header or body) from sheet row `top`, with merges.
fn write_block(
    ws: &mut Worksheet,
    rows: &[Vec<Cell>],
    top: usize,
    base: &Format,
    header: bool,
    widths: &mut Vec<f64>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let layout = Layout::new(rows);
    for (r, c, d) in layout.cells() {
        let (row, col) = (top + r, c);
        if row >= MAX_ROWS || col >= MAX_COLS {
            continue;
        }
        let cell = &rows[r][c];
        let text = text_of(cell);
        let number = if header { None } else { cell_number(cell) };
        let format = match &number {
            Some((_, nf)) => base
                .clone()
                .set_num_format(nf)
                .set_align(FormatAlign::Right),
            None => base.clone(),
        };
        let (last_row, last_col) = (
            (row + d.row_span - 1).min(MAX_ROWS - 1),
            (col + d.col_span - 1).min(MAX_COLS - 1),
        );
        let (row, col) = (row as u32, col as u16);
        if (last_row as u32, last_col as u16) != (row, col) {
            ws.merge_range(row, col, last_row as u32, last_col as u16, &text, &format)?;
        }
        match number {
            Some((v, _)) => ws.write_number_with_format(row, col, v, &format)?,
            None => ws.write_string_with_format(row, col, &text, &format)?,
        };
        if d.col_span == 1 {
            if widths.len() <= c {
                widths.resize(c + 1, 0.0);
            }
            let w = width(&text).min(if header { 24.0 } else { 42.0 });
            widths[c] = widths[c].max(w + 1.0);
        }
    }
    Ok(())
}

/// An Excel reference to a sheet cell: `'name'!C5`.
fn cell_ref(sheet: &str, row: u32, col: u16) -> String {
    format!(
        "'{}'!{}{}",
        sheet.replace('\'', "''"),
        col_name(col),
        row + 1
    )
}

/// Column letters: 0 → A, 25 → Z, 26 → AA.
pub fn col_name(mut col: u16) -> String {
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

/// The sheet cell a finding or operand location names (its drawn owner
/// when the position is covered by a merge; the row's first cell when only
/// a row is named; A1 when only the table).
fn location_cell(
    loc: &Location,
    tables: &[Table],
    names: &[String],
    layouts: &[Layout],
) -> Option<(String, u32, u16)> {
    let t = loc.table?;
    let table = tables.get(t)?;
    let name = names.get(t)?.clone();
    let top = TABLE_TOP + table.header.len() as u32;
    let (r, c) = match (loc.row, loc.column) {
        (Some(r), Some(c)) => layouts.get(t)?.owner(r, c).unwrap_or((r, 0)),
        (Some(r), None) => (r, 0),
        _ => return Some((name, 0, 0)),
    };
    if r >= table.rows.len() || top as usize + r >= MAX_ROWS || c >= MAX_COLS {
        return Some((name, 0, 0));
    }
    Some((name, top + r as u32, c as u16))
}

fn document_sheet(
    doc: &Document,
    names: &[String],
    fmt: &Formats,
) -> Result<Worksheet, rust_xlsxwriter::XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(DOCUMENT_SHEET)?;
    let n = |s| doc.findings.iter().filter(|f| f.severity == s).count();
    let mut facts: Vec<(&str, String)> = vec![
        ("title", doc.title.clone().unwrap_or_default()),
        ("file", doc.source.path.clone()),
        ("format", doc.source.format.as_str().to_string()),
    ];
    if let Some(e) = &doc.source.encoding {
        facts.push(("encoding", e.clone()));
    }
    if let Some(p) = doc.source.pages {
        facts.push(("pages", p.to_string()));
    }
    facts.push(("sha256", doc.source.sha256.clone()));
    if let Some(k) = doc.kind {
        facts.push(("kind", crate::output::html::kind_label(k)));
    }
    if let Some(y) = doc.fiscal_year {
        facts.push(("fiscal year", y.to_string()));
    }
    if let Some(e) = &doc.entity {
        facts.push(("entity", e.clone()));
    }
    facts.push((
        "checks",
        format!(
            "{} run, {} passed, {} failed",
            doc.checks.run, doc.checks.passed, doc.checks.failed
        ),
    ));
    facts.push((
        "findings",
        format!(
            "{} error, {} warning, {} info",
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Info)
        ),
    ));
    let mut row = 0u32;
    for (k, v) in &facts {
        ws.write_string_with_format(row, 0, *k, &fmt.key)?;
        ws.write_string(row, 1, v)?;
        row += 1;
    }
    row += 1;
    for (c, h) in [
        "table", "sheet", "caption", "unit", "rows", "where", "section",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(row, c as u16, *h, &fmt.header)?;
    }
    for (t, name) in doc.tables.iter().zip(names) {
        row += 1;
        ws.write_number(row, 0, (t.id + 1) as f64)?;
        ws.write_url_with_format(
            row,
            1,
            Url::new(format!("internal:{}", cell_ref(name, 0, 0))).set_text(name),
            &fmt.link,
        )?;
        ws.write_string(row, 2, t.caption.as_deref().unwrap_or(""))?;
        ws.write_string(row, 3, t.unit.as_deref().unwrap_or(""))?;
        ws.write_number(row, 4, t.rows.len() as f64)?;
        ws.write_string(row, 5, t.location.describe())?;
        ws.write_string(row, 6, t.section.as_deref().unwrap_or(""))?;
    }
    for (c, w) in [12.0, 28.0, 60.0, 8.0, 6.0, 14.0, 10.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    Ok(ws)
}

/// Columns of the findings sheet.
pub const FINDINGS_COLUMNS: [&str; 15] = [
    "#",
    "severity",
    "check",
    "message",
    "stated",
    "computed",
    "difference",
    "unit",
    "cell",
    "table",
    "row",
    "column",
    "section",
    "where",
    "operands",
];

fn findings_sheet(
    doc: &Document,
    names: &[String],
    layouts: &[Layout],
    fmt: &Formats,
) -> Result<Worksheet, rust_xlsxwriter::XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(FINDINGS_SHEET)?;
    for (c, h) in FINDINGS_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &fmt.header)?;
    }
    for (i, f) in doc.findings.iter().enumerate() {
        finding_row(&mut ws, doc, names, layouts, fmt, i, f)?;
    }
    for (c, w) in [
        5.0, 9.0, 16.0, 70.0, 11.0, 11.0, 11.0, 6.0, 26.0, 30.0, 18.0, 22.0, 10.0, 12.0, 60.0,
    ]
    .iter()
    .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(ws)
}

fn finding_row(
    ws: &mut Worksheet,
    doc: &Document,
    names: &[String],
    layouts: &[Layout],
    fmt: &Formats,
    i: usize,
    f: &Finding,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let row = i as u32 + 1;
    if row as usize >= MAX_ROWS {
        return Ok(());
    }
    let sev = match f.severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    };
    ws.write_number(row, 0, (i + 1) as f64)?;
    ws.write_string_with_format(row, 1, f.severity.as_str(), &fmt.severity[sev])?;
    ws.write_string(row, 2, &f.check)?;
    ws.write_string(row, 3, &f.message)?;
    for (c, v) in [(4, f.stated), (5, f.computed), (6, f.difference)] {
        if v.is_finite() {
            ws.write_number(row, c, v)?;
        }
    }
    ws.write_string(row, 7, f.unit.as_deref().unwrap_or(""))?;
    if let Some((sheet, r, c)) = location_cell(&f.location, &doc.tables, names, layouts) {
        let target = cell_ref(&sheet, r, c);
        let shown = format!("{sheet}!{}{}", col_name(c), r + 1);
        if i < MAX_LINKS {
            ws.write_url_with_format(
                row,
                8,
                Url::new(format!("internal:{target}")).set_text(&shown),
                &fmt.link,
            )?;
        } else {
            ws.write_string(row, 8, &shown)?;
        }
    }
    let p = place_parts(doc, f);
    if let Some((t, caption)) = &p.table {
        let label = match caption {
            Some(c) => format!("{} {c}", t + 1),
            None => (t + 1).to_string(),
        };
        ws.write_string(row, 9, &label)?;
    }
    if let Some((r, label)) = &p.row {
        ws.write_string(row, 10, format!("{} {label}", r + 1).trim_end())?;
    }
    if let Some((c, title)) = &p.column {
        ws.write_string(row, 11, format!("{} {title}", c + 1).trim_end())?;
    }
    ws.write_string(row, 12, p.section.as_deref().unwrap_or(""))?;
    ws.write_string(row, 13, p.source.as_deref().unwrap_or(""))?;
    let ops: Vec<String> = f
        .operands
        .iter()
        .map(|o| format!("{} = {}", o.label, o.text))
        .collect();
    let ops = ops.join("; ");
    let ops: String = ops.chars().take(MAX_TEXT / 2).collect();
    ws.write_string(row, 14, &ops)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Figure, FigureKind};

    fn num_cell(text: &str) -> Cell {
        Cell {
            text: text.into(),
            value: Some(1.0),
            figure: Some(Figure {
                kind: FigureKind::Amount,
                value: Some(1.0),
                unit: None,
                value_yuan: None,
                decimals: 0,
                comparator: None,
                text: text.into(),
                offset: None,
                ocr: None,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn numbers_keep_their_decimals_separators_and_units_in_the_format() {
        assert_eq!(
            cell_number(&num_cell("1668.64")),
            Some((1668.64, "0.00".into()))
        );
        assert_eq!(
            cell_number(&num_cell("2,961.68")),
            Some((2961.68, "#,##0.00".into()))
        );
        assert_eq!(
            cell_number(&num_cell("96.50%")),
            Some((0.965, "0.00%".into()))
        );
        assert_eq!(cell_number(&num_cell("-3")), Some((-3.0, "0".into())));
        assert_eq!(
            cell_number(&num_cell("2.00分")),
            Some((2.0, "0.00\"分\"".into()))
        );
        assert_eq!(cell_number(&num_cell("≥95%")), None);
        assert_eq!(cell_number(&num_cell("1、2")), None);
        assert_eq!(cell_number(&num_cell("12.")), None);
        assert_eq!(cell_number(&Cell::default()), None);
    }

    #[test]
    fn sheet_names_are_legal_unique_and_keep_the_table_number() {
        let t = |id, c: &str| Table {
            id,
            caption: Some(c.into()),
            ..Default::default()
        };
        let tables = vec![
            t(
                0,
                "表 1-2 2022 年南京市国土资源执法监察支队支出预决算情况表（单位：万元）",
            ),
            t(1, "收入/支出: [总表]*?"),
            t(2, "收入 支出 总表"),
            t(3, "findings"),
            t(4, "'引号'"),
            t(5, ""),
        ];
        let names = sheet_names(&tables);
        assert_eq!(
            names[0],
            "表 1-2 …南京市国土资源执法监察支队支出预决算情况表"
        );
        assert_eq!(names[1], "收入 支出 总表");
        assert_eq!(names[2], "收入 支出 总表 (2)");
        assert_eq!(names[3], "findings (2)");
        assert_eq!(names[4], "引号");
        assert_eq!(names[5], "表6");
        for n in &names {
            assert!(rust_xlsxwriter::utility::check_sheet_name(n).is_ok(), "{n}");
            assert!(n.encode_utf16().count() <= 31);
        }
    }

    #[test]
    fn column_names() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(701), "ZZ");
        assert_eq!(col_name(702), "AAA");
    }
}
