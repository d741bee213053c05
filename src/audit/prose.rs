//! Statements in prose, checked against the numbers the same sentence names:
//! - `text.parts`: "总额为 X，其中 A 为 a，B 为 b" — the parts of a money whole
//!   add up to it (two or more parts and no hedge such as 主要/等); a part never
//!   exceeds its whole;
//! - `text.share`: "A a 万元，占 … X 万元的 y%" — y = a / X;
//! - `text.rate`: "预算数 B …，实际支出 S，预算执行率为 r%" — r = S / B;
//! - `text.change`: "… A …，B …，比 … 增长/减少 x%" — x recomputed from the two
//!   amounts; a growth rate over a zero base is itself a finding;
//! - `text.repeat`: the same label given two different amounts in one sentence
//!   (within one '；' item: a new item may have a new subject);
//! - `text.table`: a prose amount naming a table cell by its row label and
//!   column words ("基本支出年初预算数") agrees with that cell;
//! - `text.grand_total`: "收入支出总计 2,995.39 万元" agrees with the 总计 row of
//!   the summary table (…总表) the words name (收入支出决算总表), choosing the
//!   longest name that fits (财政拨款收入支出 before 收入支出).
//!
//! A sentence is checked only when its numbers can be read without guessing;
//! otherwise it is left alone (and not counted as a check).

use super::grid::{Grid, halves, is_total_label, strip_marker};
use super::num::{self, Num};
use super::{Recorder, finding, show};
use crate::model::{
    BodyItem, Document, Figure, FigureKind, Location, Operand, Paragraph, Section, Severity, Table,
};

pub fn check(doc: &Document, rec: &mut Recorder) {
    let tables = Tables {
        cells: table_cells(doc),
        totals: grand_totals(doc),
    };
    for p in &doc.preamble {
        paragraph(p, None, &tables, rec);
    }
    for s in &doc.sections {
        section(s, &tables, rec);
    }
}

/// What prose is checked against: named money cells and summary-table totals.
struct Tables {
    cells: Vec<TableCell>,
    totals: Vec<GrandTotal>,
}

fn section(s: &Section, tables: &Tables, rec: &mut Recorder) {
    for item in &s.body {
        if let BodyItem::Paragraph(p) = item {
            paragraph(p, Some(&s.id), tables, rec);
        }
    }
    for c in &s.children {
        section(c, tables, rec);
    }
}

/// The 总计 of a summary table (收入支出决算总表, 财政拨款收支预算总表 …),
/// with the name prose uses for it (收入支出, 财政拨款收支).
struct GrandTotal {
    key: String,
    num: Num,
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

fn grand_totals(doc: &Document) -> Vec<GrandTotal> {
    let mut out: Vec<GrandTotal> = Vec::new();
    for t in &doc.tables {
        if !t.unit.as_deref().is_some_and(|u| u.ends_with('元')) {
            continue;
        }
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
fn against_grand_total(para: &Para, f: &Fig, totals: &[GrandTotal], rec: &mut Recorder) {
    if !f.is_amount() || totals.is_empty() || f.unit() != Some("万元") && f.unit() != Some("元")
    {
        return;
    }
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
    let same: Vec<&GrandTotal> = totals.iter().filter(|g| g.key == best.key).collect();
    if !same.iter().all(|g| g.num.consistent(best.num)) {
        return;
    }
    let stated = if f.unit() == Some("元") {
        Num::written(f.num.value / 10_000.0, f.num.decimals.saturating_add(4))
    } else {
        f.num
    };
    let check = "text.grand_total";
    rec.compare(check, stated, best.num, |c| {
        finding(
            check,
            Severity::Error,
            stated,
            c,
            Some("万元".into()),
            format!(
                "「{}总计」 {} in the text, but 「{}」 gives 总计 {}",
                best.key,
                show(stated),
                best.caption,
                best.text
            ),
            para.location(),
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

/// Words that give a money column its meaning ("年初预算" → 年初 + 预算). A
/// prose figure names a column when, once its row label is taken out, its
/// words are exactly the column's.
const COLUMN_WORDS: [&str; 11] = [
    "年初", "全年", "调整", "预算", "支出", "决算", "执行", "实际", "结余", "收入", "结转",
];

fn column_words(s: &str) -> Vec<&'static str> {
    COLUMN_WORDS
        .iter()
        .copied()
        .filter(|w| s.contains(w))
        .collect()
}

/// A money cell of a table, with the row label and column meaning that name it.
struct TableCell {
    table: usize,
    row: usize,
    col: usize,
    row_label: String,
    words: Vec<&'static str>,
    num: Num,
    unit: String,
    text: String,
    caption: String,
}

fn table_cells(doc: &Document) -> Vec<TableCell> {
    let mut out = Vec::new();
    for t in &doc.tables {
        let Some(unit) = t.unit.as_deref().filter(|u| u.ends_with('元')) else {
            continue;
        };
        for half in halves(t) {
            half_cells(&half, unit, &mut out);
        }
    }
    out
}

/// The named money cells of one table (or one half of a side-by-side table).
fn half_cells(t: &Table, unit: &str, out: &mut Vec<TableCell>) {
    let g = Grid::new(t);
    for &col in &g.value_cols {
        // The column's meaning: its deepest title, where the words are.
        let words = column_words(&g.column_title(col));
        if words.is_empty() || words == ["支出"] || words == ["预算"] || words == ["收入"] {
            // One generic word names no single column (支出 alone is every spending).
            continue;
        }
        for r in 0..g.rows.len() {
            let label: String = strip_marker(g.label(r))
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let label = label
                .trim_start_matches("其中")
                .trim_start_matches(['：', ':'])
                .to_string();
            if cjk_count(&label) < 2 || is_total_label(&label) {
                continue;
            }
            let Some(num) = g.num(r, col) else { continue };
            let text = t
                .rows
                .get(r)
                .and_then(|row| row.get(col))
                .map(|c| c.text.clone())
                .unwrap_or_default();
            out.push(TableCell {
                table: t.id,
                row: r,
                col,
                row_label: label,
                words: words.clone(),
                num,
                unit: unit.to_string(),
                text,
                caption: t
                    .caption
                    .clone()
                    .unwrap_or_else(|| format!("table {}", t.id + 1)),
            });
        }
    }
}

/// A figure placed in its paragraph, with the words that name it.
#[derive(Debug, Clone)]
struct Fig<'a> {
    f: &'a Figure,
    start: usize,
    end: usize,
    num: Num,
    /// The words before the figure, back to the previous figure or clause mark.
    label: String,
}

impl Fig<'_> {
    fn is_amount(&self) -> bool {
        self.f.kind == FigureKind::Amount && self.f.comparator.is_none()
    }
    fn is_percent(&self) -> bool {
        self.f.kind == FigureKind::Percent && self.f.comparator.is_none()
    }
    fn unit(&self) -> Option<&str> {
        self.f.unit.as_deref()
    }
}

/// Context shared by the rules of one paragraph.
struct Para<'a> {
    chars: Vec<char>,
    /// `chars` with every figure's own characters replaced by '#', so that the
    /// comma in "4,438.80" is not read as a clause mark.
    masked: Vec<char>,
    section: Option<&'a str>,
    p: &'a Paragraph,
}

impl Para<'_> {
    /// Start of the clause holding `pos` (after the previous clause or sentence mark).
    fn clause_start(&self, pos: usize) -> usize {
        let mut i = pos.min(self.masked.len());
        while i > 0 {
            let c = self.masked[i - 1];
            if CLAUSE_MARK.contains(&c) || SENTENCE_END.contains(&c) {
                break;
            }
            i -= 1;
        }
        i
    }
    fn masked_text(&self, a: usize, b: usize) -> String {
        self.masked[a.min(self.masked.len())..b.min(self.masked.len())]
            .iter()
            .collect()
    }
    fn text(&self, a: usize, b: usize) -> String {
        self.chars[a.min(self.chars.len())..b.min(self.chars.len())]
            .iter()
            .collect()
    }
    fn location(&self) -> Location {
        Location {
            section: self.section.map(str::to_string),
            source: Some(self.p.location.clone()),
            ..Default::default()
        }
    }
    fn operand(&self, f: &Fig) -> Operand {
        Operand {
            label: f.label.clone(),
            value: f.num.value,
            text: f.f.text.clone(),
            location: self.location(),
        }
    }
    /// The sentence around a char range, for messages.
    fn quote(&self, a: usize, b: usize) -> String {
        let s: String = self.text(a, b);
        let s = s.trim();
        if s.chars().count() > 120 {
            let head: String = s.chars().take(117).collect();
            format!("{head}…")
        } else {
            s.to_string()
        }
    }
}

const SENTENCE_END: [char; 4] = ['。', '！', '？', '\n'];
const CLAUSE_MARK: [char; 9] = ['，', '；', '：', ',', ';', ':', '、', '（', '('];
const CHANGE_UP: [&str; 5] = ["增长", "增加", "上升", "提高", "增幅"];
const CHANGE_DOWN: [&str; 5] = ["减少", "下降", "降低", "减幅", "降幅"];

fn paragraph(p: &Paragraph, section: Option<&str>, tables: &Tables, rec: &mut Recorder) {
    if p.figures.is_empty() {
        return;
    }
    let chars: Vec<char> = p.text.chars().collect();
    let mut masked = chars.clone();
    for f in &p.figures {
        if let Some(o) = f.offset {
            let n = f.text.chars().count();
            for c in masked.iter_mut().skip(o).take(n) {
                *c = '#';
            }
        }
    }
    let para = Para {
        chars,
        masked,
        section,
        p,
    };
    let figs = place(&para);
    // Sentences: [start, end) char ranges.
    let mut sentences = Vec::new();
    let mut s0 = 0;
    for (i, c) in para.chars.iter().enumerate() {
        if SENTENCE_END.contains(c) {
            sentences.push((s0, i + 1));
            s0 = i + 1;
        }
    }
    if s0 < para.chars.len() {
        sentences.push((s0, para.chars.len()));
    }
    // `figs` is in text order: find a sentence's figures by binary search, so
    // a paragraph of many sentences (a 50 MB one-line file) stays linear.
    let in_range = |a: usize, b: usize| -> Vec<&Fig> {
        let from = figs.partition_point(|f| f.start < a);
        figs[from..]
            .iter()
            .take_while(|f| f.start < b)
            .filter(|f| f.end <= b)
            .collect()
    };
    for (k, &(a, b)) in sentences.iter().enumerate() {
        let sf = in_range(a, b);
        if sf.is_empty() {
            continue;
        }
        let prev = if k > 0 {
            let (pa, pb) = sentences[k - 1];
            in_range(pa, pb)
        } else {
            Vec::new()
        };
        parts(&para, a, b, &sf, &prev, rec);
        shares(&para, a, b, &sf, rec);
        rates(&para, a, b, &sf, rec);
        changes(&para, a, b, &sf, rec);
        repeats(&para, a, b, &sf, rec);
    }
    for f in &figs {
        against_table(&para, f, &tables.cells, rec);
        against_grand_total(&para, f, &tables.totals, rec);
    }
}

/// A prose amount naming a table cell — its label holds the row's label, and
/// what remains holds exactly the column's words ("基本支出年初预算数" → row
/// 基本支出, column 年初预算) — must agree with it. Checked only when every
/// cell so named holds the same number.
fn against_table(para: &Para, f: &Fig, cells: &[TableCell], rec: &mut Recorder) {
    if !f.is_amount() || f.label.is_empty() || is_change_label(&f.label) {
        return;
    }
    let Some(unit) = f.unit() else { return };
    // The row label standing last in the words (the head of the phrase).
    let mut best: Option<(usize, usize)> = None;
    for c in cells.iter().filter(|c| c.unit == unit) {
        if let Some(i) = f.label.rfind(&c.row_label) {
            let end = i + c.row_label.len();
            if best.is_none_or(|(e, n)| end > e || (end == e && c.row_label.len() > n)) {
                best = Some((end, c.row_label.len()));
            }
        }
    }
    let Some((end, n)) = best else { return };
    let row_label = &f.label[end - n..end];
    let rest = format!("{}{}", &f.label[..end - n], &f.label[end..]);
    let words = column_words(&rest);
    if words.is_empty() {
        return;
    }
    let named: Vec<&TableCell> = cells
        .iter()
        .filter(|c| c.unit == unit && c.row_label == row_label && c.words == words)
        .collect();
    let Some(first) = named.first() else { return };
    if !named.iter().all(|c| c.num.consistent(first.num)) {
        return;
    }
    let check = "text.table";
    rec.compare(check, f.num, first.num, |c| {
        finding(
            check,
            Severity::Error,
            f.num,
            c,
            f.f.unit.clone(),
            format!(
                "「{}」 {} in the text, but {} row 「{}」 column 「{}」 gives {}",
                f.label,
                show(f.num),
                first.caption,
                first.row_label,
                first.words.concat(),
                first.text.trim()
            ),
            para.location(),
            vec![
                para.operand(f),
                Operand {
                    label: format!("{} / {}", first.row_label, first.words.concat()),
                    value: first.num.value,
                    text: first.text.clone(),
                    location: Location {
                        table: Some(first.table),
                        row: Some(first.row),
                        column: Some(first.col),
                        ..Default::default()
                    },
                },
            ],
        )
    });
}

/// Figures with char offsets and labels; figures without a usable offset are dropped.
fn place<'a>(para: &Para<'a>) -> Vec<Fig<'a>> {
    let mut out: Vec<Fig<'a>> = Vec::new();
    let mut prev_end = 0usize;
    let mut figs: Vec<&Figure> = para.p.figures.iter().collect();
    figs.sort_by_key(|f| f.offset);
    for f in figs {
        let Some(start) = f.offset else { continue };
        let end = start + f.text.chars().count();
        if end > para.chars.len() || start < prev_end {
            continue;
        }
        let Some(num) = Num::from_figure(f) else {
            prev_end = end;
            continue;
        };
        let mut a = start;
        while a > prev_end && !CLAUSE_MARK.contains(&para.chars[a - 1]) {
            if SENTENCE_END.contains(&para.chars[a - 1]) {
                break;
            }
            a -= 1;
        }
        let label = clean_label(&para.text(a, start));
        out.push(Fig {
            f,
            start,
            end,
            num,
            label,
        });
        prev_end = end;
    }
    out
}

/// "其中部门预算为 " → "部门预算": drop spaces, connectors and copulas.
fn clean_label(s: &str) -> String {
    let mut t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    for p in ["其中", "以及", "和", "及", "与", "并"] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.to_string();
        }
    }
    loop {
        let before = t.len();
        for suf in [
            "为", "是", "达到", "达", "约", "共计", "合计", "计", "共", "的", "了",
        ] {
            if let Some(r) = t.strip_suffix(suf) {
                t = r.to_string();
            }
        }
        if t.len() == before {
            break;
        }
    }
    t
}

fn cjk_count(s: &str) -> usize {
    s.chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count()
}

fn has_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

fn is_change_label(s: &str) -> bool {
    has_any(s, &CHANGE_UP) || has_any(s, &CHANGE_DOWN) || has_any(s, &["结余", "节约", "差额"])
}

/// Rounding-aware "a is at most b".
fn at_most(a: Num, b: Num) -> bool {
    a.lo <= b.hi + 1e-9 * (1.0 + b.value.abs())
}

/// whole vs parts: "总额为 X，其中 A 为 a，B 为 b".
fn parts(para: &Para, a: usize, b: usize, sf: &[&Fig], prev: &[&Fig], rec: &mut Recorder) {
    let text = para.text(a, b);
    let Some(q_rel) = text.find("其中") else {
        return;
    };
    let q = a + text[..q_rel].chars().count();
    // The whole: the last money figure before 其中 in this sentence, or — when
    // 其中 opens the sentence — the last one of the sentence before.
    let before: Vec<&&Fig> = sf.iter().filter(|f| f.end <= q).collect();
    let whole = if before.is_empty() {
        let lead = para.text(a, q);
        if lead
            .chars()
            .any(|c| !c.is_whitespace() && !CLAUSE_MARK.contains(&c))
        {
            return;
        }
        prev.iter().rev().find(|f| f.is_amount()).copied()
    } else {
        before.last().copied().copied().filter(|f| f.is_amount())
    };
    let Some(whole) = whole.filter(|w| !is_change_label(&w.label)) else {
        return;
    };
    // The parts: the first money figure of each clause after 其中, until a second 其中.
    let mut items: Vec<&Fig> = Vec::new();
    let mut last_clause = usize::MAX;
    for f in sf.iter().filter(|f| f.start >= q) {
        let lead = para.masked_text(q + 2, f.start);
        if lead.contains("其中") {
            break;
        }
        let clause = lead.chars().filter(|c| CLAUSE_MARK.contains(c)).count();
        if clause == last_clause {
            continue;
        }
        last_clause = clause;
        if !f.is_amount() || f.unit() != whole.unit() || f.label.is_empty() {
            continue;
        }
        if is_change_label(&f.label) || f.label.contains('占') {
            continue;
        }
        items.push(f);
    }
    if items.is_empty() {
        return;
    }
    let total = num::sum(items.iter().map(|f| f.num));
    let names: Vec<String> = items
        .iter()
        .map(|f| format!("{} {}", f.label, show(f.num)))
        .collect();
    let end = items.last().map_or(b, |f| f.end);
    let tail = para.text(items[0].start, b);
    let hedged = has_any(&tail, &["主要", "等", "包括", "部分"])
        || has_any(&items[0].label, &["主要", "包括"]);
    let over = !at_most(total, whole.num);
    let under = !at_most(whole.num, total);
    let check = "text.parts";
    if !over && (!under || items.len() < 2 || hedged) {
        rec.pass(check);
        return;
    }
    let start = whole.start.min(q);
    let mut operands = vec![para.operand(whole)];
    operands.extend(items.iter().map(|f| para.operand(f)));
    let computed = num::round(total.value, total.decimals);
    let relation = if over { "more than" } else { "not" };
    rec.fail(finding(
        check,
        Severity::Error,
        whole.num,
        computed,
        whole.f.unit.clone(),
        format!(
            "「{}」 {} is {relation} the sum of its parts (其中) {} = {}: 「{}」",
            whole.label,
            show(whole.num),
            names.join(" + "),
            show(total),
            para.quote(start.min(a.max(start)), end)
        ),
        para.location(),
        operands,
    ));
}

/// shares: "A a 万元，占总预算 X 万元的 y%".
fn shares(para: &Para, a: usize, b: usize, sf: &[&Fig], rec: &mut Recorder) {
    for (i, pct) in sf.iter().enumerate() {
        if !pct.is_percent() || i < 2 {
            continue;
        }
        let whole = sf[i - 1];
        if !whole.is_amount() {
            continue;
        }
        let between = para.text(whole.end, pct.start);
        if !between.trim().chars().all(|c| c == '的') {
            continue;
        }
        // "占" opens the words before the whole, within a short clause.
        let Some(k) = whole.label.rfind('占') else {
            continue;
        };
        let after_zhan = &whole.label[k..];
        if after_zhan.chars().count() > 16 {
            continue;
        }
        let part = sf[i - 2];
        if !part.is_amount() || part.unit() != whole.unit() {
            continue;
        }
        // The part is the nearest figure before 占, in the same sentence.
        let Some(share) = part.num.percent_of(whole.num) else {
            continue;
        };
        let share = Num {
            decimals: 2,
            ..share
        };
        let check = "text.share";
        let quote = para.quote(part.start.max(a), pct.end.min(b));
        rec.compare(check, pct.num, share, |c| {
            finding(
                check,
                Severity::Error,
                pct.num,
                c,
                Some("%".into()),
                format!(
                    "share {}% is not {} / {} = {:.2}%: 「{}」",
                    show(pct.num),
                    show(part.num),
                    show(whole.num),
                    share.value,
                    quote
                ),
                para.location(),
                vec![para.operand(part), para.operand(whole)],
            )
        });
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Money {
    Budget,
    Spent,
    Other,
}

/// What a money figure names, from the last keyword of its label (the head
/// of a Chinese noun phrase is at its end): "基本支出年初预算数" is a budget,
/// "部门预算支出" and "预算执行数" are spending.
fn money_kind(label: &str) -> Money {
    let last = |words: &[&str]| words.iter().filter_map(|w| label.rfind(w)).max();
    if has_any(label, &["结余", "节约", "差额", "增加", "减少", "收入"]) {
        return Money::Other;
    }
    let budget = last(&["预算", "安排", "调整", "下达", "批复"]);
    let spent = last(&["支出", "执行数", "决算", "实际", "使用", "支付", "拨付"]);
    match (budget, spent) {
        (Some(x), Some(y)) if x > y => Money::Budget,
        (Some(_), Some(_)) => Money::Spent,
        (Some(_), None) => Money::Budget,
        (None, Some(_)) => Money::Spent,
        (None, None) => Money::Other,
    }
}

/// rates: "全年预算数 B 万元 … 实际支出 S 万元 …，预算执行率为 r%".
fn rates(para: &Para, a: usize, b: usize, sf: &[&Fig], rec: &mut Recorder) {
    let mut seg_start = 0;
    for (i, r) in sf.iter().enumerate() {
        if !(r.is_percent() && r.label.contains("执行率")) {
            continue;
        }
        let seg = &sf[seg_start..i];
        seg_start = i + 1;
        let Some(spent) = seg
            .iter()
            .rev()
            .find(|f| f.is_amount() && money_kind(&f.label) == Money::Spent)
        else {
            continue;
        };
        let budgets: Vec<&&Fig> = seg
            .iter()
            .filter(|f| {
                f.is_amount()
                    && f.unit() == spent.unit()
                    && !f.label.contains('占')
                    && money_kind(&f.label) == Money::Budget
            })
            .collect();
        let rates: Vec<(Num, &&Fig)> = budgets
            .iter()
            .filter_map(|bf| spent.num.percent_of(bf.num).map(|x| (x, *bf)))
            .collect();
        let Some(&(first, budget)) = rates.last() else {
            continue;
        };
        let check = "text.rate";
        if rates.iter().any(|(x, _)| x.consistent(r.num)) {
            rec.pass(check);
            continue;
        }
        let c = num::round(first.value, 2);
        rec.fail(finding(
            check,
            Severity::Error,
            r.num,
            c,
            Some("%".into()),
            format!(
                "执行率 {}% is not 「{}」 {} / 「{}」 {} = {:.2}%: 「{}」",
                show(r.num),
                spent.label,
                show(spent.num),
                budget.label,
                show(budget.num),
                first.value,
                para.quote(seg.first().map_or(a, |f| f.start), r.end.min(b))
            ),
            para.location(),
            vec![para.operand(spent), para.operand(budget)],
        ));
    }
}

/// changes: "A 万元 …，B 万元，比 … 增长/减少 x%".
fn changes(para: &Para, a: usize, _b: usize, sf: &[&Fig], rec: &mut Recorder) {
    let mut seg_start = 0;
    for (i, pf) in sf.iter().enumerate() {
        if !pf.is_percent() {
            continue;
        }
        let up = CHANGE_UP.iter().any(|w| pf.label.ends_with(w));
        let down = CHANGE_DOWN.iter().any(|w| pf.label.ends_with(w));
        if !(up || down) {
            continue;
        }
        let seg: Vec<&&Fig> = sf[seg_start..i].iter().collect();
        seg_start = i + 1;
        // Where 比/较 stands: in the clause naming the change.
        let from = para.clause_start(pf.start).max(a);
        let words = para.masked_text(from, pf.start);
        let Some(cmp_rel) = words.find('比').or_else(|| words.find('较')) else {
            // "增加 0.5 万元，增长 100%": the comparison may be in the clause before.
            growth_from_zero(para, &seg, pf, up, rec);
            continue;
        };
        let cmp = from + words[..cmp_rel].chars().count();
        let levels: Vec<&&Fig> = seg
            .iter()
            .copied()
            .filter(|f| f.is_amount() && !is_change_label(&f.label))
            .collect();
        // An amount between 比 and the change word is the base ("比上年的 A 增长").
        let (base, cur) = match levels.iter().position(|f| f.start > cmp) {
            Some(k) if k >= 1 => (levels[k], levels[k - 1]),
            Some(_) => continue,
            None => {
                if levels.len() != 2 {
                    continue;
                }
                (levels[0], levels[1])
            }
        };
        if base.unit() != cur.unit() {
            continue;
        }
        let check = "text.change";
        let stated = if down { pf.num.neg() } else { pf.num };
        if base.num.value == 0.0 {
            zero_base(para, base, pf, rec);
            continue;
        }
        let Some(ratio) = cur.num.percent_of(base.num) else {
            continue;
        };
        let change = Num {
            decimals: 2,
            ..ratio.sub(Num::exact(100.0))
        };
        let quote = para.quote(base.start.min(cur.start), pf.end);
        rec.compare(check, stated, change, |c| {
            finding(
                check,
                Severity::Error,
                stated,
                c,
                Some("%".into()),
                format!(
                    "change {}{}% is not ({} − {}) / {} = {:+.2}%: 「{}」",
                    if down { "−" } else { "+" },
                    show(pf.num),
                    show(cur.num),
                    show(base.num),
                    show(base.num),
                    change.value,
                    quote
                ),
                para.location(),
                vec![para.operand(base), para.operand(cur)],
            )
        });
    }
}

/// "增加 0.5 万元，增长 100%" over a base of 0: the clause before names the
/// increase and a zero level.
fn growth_from_zero(para: &Para, seg: &[&&Fig], pf: &Fig, up: bool, rec: &mut Recorder) {
    if !up {
        return;
    }
    let zero = seg
        .iter()
        .find(|f| f.is_amount() && f.num.value == 0.0 && !is_change_label(&f.label));
    let inc = seg
        .iter()
        .rev()
        .find(|f| f.is_amount() && has_any(&f.label, &CHANGE_UP));
    if let (Some(z), Some(_)) = (zero, inc) {
        zero_base(para, z, pf, rec);
    }
}

fn zero_base(para: &Para, base: &Fig, pf: &Fig, rec: &mut Recorder) {
    rec.fail(finding(
        "text.change",
        Severity::Error,
        pf.num,
        0.0,
        Some("%".into()),
        format!(
            "a change of {}% is stated over a base of zero (「{}」 {}), where no rate exists: 「{}」",
            show(pf.num),
            base.label,
            show(base.num),
            para.quote(base.start, pf.end)
        ),
        para.location(),
        vec![para.operand(base)],
    ));
}

/// The same label given two different amounts in one sentence.
fn repeats(para: &Para, _a: usize, _b: usize, sf: &[&Fig], rec: &mut Recorder) {
    for (i, x) in sf.iter().enumerate() {
        if !x.is_amount() || cjk_count(&x.label) < 2 || is_change_label(&x.label) {
            continue;
        }
        for y in &sf[i + 1..] {
            // A '；' opens a new list item whose subject may differ (收入… ；支出…).
            if para.masked_text(x.end, y.start).contains(['；', ';']) {
                break;
            }
            if !y.is_amount() || y.label != x.label || y.unit() != x.unit() {
                continue;
            }
            let check = "text.repeat";
            rec.compare(check, y.num, x.num, |c| {
                finding(
                    check,
                    Severity::Error,
                    y.num,
                    c,
                    y.f.unit.clone(),
                    format!(
                        "「{}」 is given as {} and as {} in the same sentence: 「{}」",
                        x.label,
                        show(x.num),
                        show(y.num),
                        para.quote(x.start, y.end)
                    ),
                    para.location(),
                    vec![para.operand(x), para.operand(y)],
                )
            });
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CheckSummary, Span};

    fn para(text: &str) -> Paragraph {
        Paragraph {
            text: text.into(),
            location: Span::lines(1, 1),
            figures: crate::figures::scan_text(text),
        }
    }

    fn run(text: &str) -> (Vec<crate::model::Finding>, CheckSummary) {
        let mut rec = Recorder::default();
        let none = Tables {
            cells: vec![],
            totals: vec![],
        };
        paragraph(&para(text), Some("1"), &none, &mut rec);
        (rec.findings, rec.summary)
    }

    fn ran(s: &CheckSummary, check: &str) -> u32 {
        s.by_check.get(check).map_or(0, |f| f.run)
    }

    #[test]
    fn parts_that_miss_their_whole() {
        let (f, s) = run(
            "2024 年财政年初预算总额为 5,024.67 万元，其中部门预算为 4,438.80 万元，专项资金预算为 555.20 万元。全年预算总额为 4,645.07 万元，其中部门预算为 4,310.68 万元，专项资金预算为 334.39 万元。",
        );
        assert_eq!(ran(&s, "text.parts"), 2);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.parts");
        assert_eq!(f[0].stated, 5024.67);
        assert_eq!(f[0].computed, 4994.0);
        assert_eq!(f[0].operands.len(), 3);
    }

    #[test]
    fn parts_after_a_sentence_opening_with_qizhong() {
        let (f, s) = run(
            "实际支出总额为 4,645.07 万元，预算执行率为 100.00%。其中，部门预算支出为 4,310.68 万元，预算执行率为 100.00%；专项资金支出为 334.39 万元，预算执行率为 100.00%。",
        );
        assert_eq!(ran(&s, "text.parts"), 1);
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run(
            "实际支出总额为 4,645.07 万元。其中，部门预算支出为 4,310.68 万元；专项资金支出为 300.39 万元。",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].computed, 4611.07);
    }

    #[test]
    fn hedged_or_single_parts_only_bound_the_whole() {
        let (f, _) = run("支出 100 万元，其中主要用于人员经费 60 万元、办公费 20 万元等。");
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("支出 100 万元，其中人员经费 60 万元。");
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("支出 100 万元，其中人员经费 160 万元。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].computed, 160.0);
        // Counts with other measure words are not money parts.
        let (f, _) = run("推送问题线索 203 条，其中立案处罚 53 件，责令整改 91 件。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn shares_of_a_named_whole() {
        let (f, s) = run(
            "基本支出年初预算数 3,883.60 万元，全年预算数 3,796.10 万元，占总预算 4,645.07 万元的 81.72%，实际支出 3,796.10 万元，结余 0 万元，预算执行率为 100.00%。",
        );
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 1);
        assert_eq!(ran(&s, "text.rate"), 1);
        let (f, _) = run("项目支出全年预算数 514.58 万元，占总预算 4,645.07 万元的 12.08%。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].check, "text.share");
        assert_eq!(f[0].stated, 12.08);
        assert_eq!(f[0].computed, 11.08);
    }

    #[test]
    fn rates_from_budget_and_spending() {
        let (f, _) = run(
            "项目年初预算数 555.20 万元，全年预算数 514.58 万元，实际支出 500.00 万元，预算执行率为 100.00%。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.rate");
        assert_eq!(f[0].computed, 97.17);
        // Rounding: 26 / 263 = 9.89% is consistent with a stated 10%.
        let (f, _) = run("全年预算 263 万元，实际支出 26 万元，执行率 10%。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn changes_recomputed_from_the_two_amounts() {
        let (f, s) = run(
            "2023年当年预算执行数为820.00万元，2024年预算安排700.00万元，比2023年预算执行数减少1.50%。",
        );
        assert_eq!(ran(&s, "text.change"), 1);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.change");
        assert_eq!(f[0].stated, -1.5);
        assert_eq!(f[0].computed, -14.63);
        let (f, _) = run(
            "2023年当年预算执行数为820.00万元，2024年预算安排700.00万元，比2023年预算执行数减少14.63%。",
        );
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("2024年支出 120.00 万元，比上年的 100.00 万元增长 20.00%。");
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("2024年支出 120.00 万元，比上年的 100.00 万元增长 2.00%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 20.0);
    }

    #[test]
    fn growth_over_zero_is_a_finding() {
        let (f, _) = run("上年支出 0 万元，本年支出 0.5 万元，增加 0.5 万元，增长 100%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.change");
        assert_eq!(f[0].stated, 100.0);
    }

    #[test]
    fn same_label_two_amounts() {
        let (f, _) = run("住房公积金 120.00 万元，主要用于缴存，住房公积金 112.50 万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.repeat");
        let (f, _) = run("2023年支出 100 万元，2024年支出 120 万元。");
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run(
            "收入调整数 1972.47 万元，决算数 1972.47 万元；支出调整数 1971.60 万元，决算数 1971.60 万元。",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    fn cell(row_label: &str, col: &str, v: f64) -> TableCell {
        TableCell {
            table: 0,
            row: 0,
            col: 1,
            row_label: row_label.into(),
            words: column_words(col),
            num: Num::written(v, 2),
            unit: "万元".into(),
            text: format!("{v:.2}"),
            caption: "表 1".into(),
        }
    }

    #[test]
    fn prose_against_the_cell_it_names() {
        let tables = Tables {
            cells: vec![
                cell("部门预算", "年初预算", 4438.80),
                cell("项目支出", "年初预算", 555.20),
                cell("项目支出", "全年预算", 514.58),
                cell("项目支出", "本年支出", 514.58),
            ],
            totals: vec![],
        };
        let run = |text: &str| {
            let mut rec = Recorder::default();
            paragraph(&para(text), Some("1"), &tables, &mut rec);
            (
                rec.findings,
                rec.summary.by_check.get("text.table").map_or(0, |f| f.run),
            )
        };
        // The head row label (项目支出, not 部门预算) and the column 年初预算.
        let (f, n) = run("部门预算中项目支出年初预算数 555.20 万元，全年预算数 514.58 万元。");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(n, 1);
        let (f, _) = run("部门预算中项目支出年初预算数 565.20 万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.table");
        assert_eq!(f[0].computed, 555.2);
        // "预算" alone names no single column: not checked.
        let (f, n) = run("项目支出预算为 600.00 万元。");
        assert!(f.is_empty() && n == 0, "{f:?}");
    }

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
            text: format!("{v:.2}"),
            table: 0,
            row: 30,
            col: 1,
            caption: format!("{key}决算总表"),
        };
        let tables = Tables {
            cells: vec![],
            totals: vec![
                total("收入支出", 2995.39),
                total("财政拨款收入支出", 2961.68),
            ],
        };
        let run = |text: &str| {
            let mut rec = Recorder::default();
            paragraph(&para(text), Some("1"), &tables, &mut rec);
            let n = rec
                .summary
                .by_check
                .get("text.grand_total")
                .map_or(0, |f| f.run);
            (rec.findings, n)
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
    }

    #[test]
    fn money_kinds_follow_the_head_word() {
        assert_eq!(money_kind("基本支出年初预算数"), Money::Budget);
        assert_eq!(money_kind("部门预算支出"), Money::Spent);
        assert_eq!(money_kind("预算执行数"), Money::Spent);
        assert_eq!(money_kind("结余"), Money::Other);
    }
}
