//! structure: knows Chinese documents, not formats. Builds the section tree
//! from the heading ladder, keeps the table of contents apart, finds the title,
//! joins paragraphs and tables broken by page breaks, and gives tables their
//! captions and units.

pub mod captions;
pub mod headings;
pub mod kind;
pub mod tables;

use crate::error::{Error, Result};
use crate::figures;
use crate::limits::{self, Counted};
use crate::model::{
    Block, BodyItem, CheckSummary, ContentsEntry, Document, Ingested, Paragraph, RawParagraph,
    RawTable, SCHEMA_VERSION, Section, Source, Span,
};
use tables::Builder;

/// Build the document from the block stream. Fails only on a limit: the
/// time budget (checked per block) or the size of the document
/// (`limits::count`: padded table cells, figures in the prose).
pub fn build(source: Source, ingested: Ingested) -> Result<Document> {
    // List entries are found twice: before joining (an entry cut by a page
    // break is not a bare heading, so its rest joins it) and after.
    let cut_entries = list_entries(&ingested.blocks);
    let blocks = join_broken_paragraphs(ingested.blocks, &cut_entries);
    let entries = list_entries(&blocks);
    let listed = unnumbered_contents(&blocks);
    let mut b = DocBuilder::default();
    for ((block, entry), listed) in blocks.into_iter().zip(entries).zip(listed) {
        limits::check()?;
        match (block, listed) {
            (Block::Paragraph(p), Listed::Entry) => b.contents.push(ContentsEntry {
                text: p.text.trim().to_string(),
                page: None,
                location: p.span,
            }),
            (Block::Paragraph(_), Listed::Head) => {}
            (Block::Paragraph(p), Listed::No) => b.paragraph(p, entry),
            (Block::Table(t), _) => b.table(t),
        }
        if let Some(e) = b.error.take() {
            return Err(e);
        }
    }
    b.flush_table();
    if let Some(e) = b.error.take() {
        return Err(e);
    }
    limits::check()?;
    // A document of parts (a workbook) has no preamble: its first table's
    // title names it.
    let title = choose_title(&b.preamble_raw).or_else(|| {
        b.opened_by_part
            .then(|| b.tables.first().and_then(|t| t.caption.clone()))
            .flatten()
    });
    let sections = b.assemble();
    let issuers = std::mem::take(&mut b.issuers);
    let mut doc = Document {
        schema_version: SCHEMA_VERSION,
        source,
        title,
        kind: None,
        fiscal_year: None,
        entity: None,
        sections,
        contents: b.contents,
        preamble: b.preamble,
        tables: b.tables,
        findings: vec![],
        checks: CheckSummary::default(),
        warnings: ingested.warnings,
        ocr: None,
        facts: vec![],
    };
    kind::recognise(&mut doc, &issuers);
    Ok(doc)
}

// ---------------------------------------------------------------------------
// Numbered list entries
// ---------------------------------------------------------------------------

/// Which paragraphs are entries of a numbered list rather than headings: a
/// run of two or more numbered items of one rank below the top (（一）, 1.,
/// （1）, ①) that follow each other directly (nothing of their own between
/// them, each one sentence with no run-in body), in which some item reads
/// as an entry of prose — it ends with a semicolon (a list of duties:
/// "（八）撤销…不适当的决议；"), or it is a sentence too long for a title that
/// ends like one. Then every item of the run is an entry: taken one by one,
/// a list of 主要职能 came out as short items made headings and long ones
/// left as paragraphs. (A table of contents run together on one line is
/// long too, but does not end a sentence.)
fn list_entries(blocks: &[Block]) -> Vec<bool> {
    // (rank, reads as an entry) of a numbered one-sentence paragraph.
    let item = |b: &Block| -> Option<(u8, bool)> {
        let Block::Paragraph(p) = b else { return None };
        if p.style.part || p.style.outline_level.is_some() {
            return None;
        }
        let text = p.text.trim();
        let m = headings::mark(text)?;
        let (title, body) = headings::split_title(&text[m.rest..]);
        if body.is_some() || m.level < 2 {
            return None;
        }
        let entry = text.ends_with(['；', ';'])
            || (title.chars().count() > MAX_TITLE_CHARS && text.ends_with(['。', '；', ';']));
        Some((m.level, entry))
    };
    let items: Vec<Option<(u8, bool)>> = blocks.iter().map(item).collect();
    let mut out = vec![false; blocks.len()];
    let mut i = 0;
    while i < items.len() {
        let Some((level, _)) = items[i] else {
            i += 1;
            continue;
        };
        let run = items[i..]
            .iter()
            .take_while(|it| it.is_some_and(|(l, _)| l == level))
            .count();
        if run >= 2 && items[i..i + run].iter().flatten().any(|&(_, entry)| entry) {
            out[i..i + run].fill(true);
        }
        i += run;
    }
    note_items(blocks, &mut out);
    out
}

/// The numbered items of a note under a table: "注：1.采购组织形式为：…" and
/// then "2. 采购品目名称根据…填写。" — the items after the first continue
/// the note, numbered on from it at its rank; they are not headings.
fn note_items(blocks: &[Block], out: &mut [bool]) {
    let numbered = |b: &Block| -> Option<(u8, usize)> {
        let Block::Paragraph(p) = b else { return None };
        let text = p.text.trim();
        let m = headings::mark(text)?;
        Some((m.level, headings::ordinal(&m.number)?))
    };
    let mut i = 0;
    while i < blocks.len() {
        let first = match &blocks[i] {
            Block::Paragraph(p) => ["注", "说明", "备注"].iter().find_map(|w| {
                let rest = p.text.trim().strip_prefix(w)?.trim_start();
                let rest = rest.strip_prefix(['：', ':'])?.trim_start();
                headings::mark(rest).filter(|m| headings::ordinal(&m.number) == Some(1))
            }),
            _ => None,
        };
        i += 1;
        let Some(first) = first else { continue };
        let mut next = 2;
        while let Some((level, n)) = blocks.get(i).and_then(numbered)
            && level == first.level
            && n == next
        {
            out[i] = true;
            next += 1;
            i += 1;
        }
    }
}

// ---------------------------------------------------------------------------
// A table of contents without page numbers
// ---------------------------------------------------------------------------

/// What a paragraph of a contents listing without page numbers is.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Listed {
    /// Not part of such a listing.
    No,
    /// An entry ("第一部分 部门概况", "一、收支预算总表").
    Entry,
    /// The listing's column heads ("序号 报表名称"): neither entry nor text.
    Head,
}

/// The entries of a contents listing that gives no page numbers (the Jiangsu
/// disclosures: "目 录", then "第一部分 部门概况", "一、主要职能", … one per
/// line), which would otherwise each open a section. A listing is a run of
/// numbered lines with nothing between them, either
/// - after a 目录 line (its column heads "序号 报表名称" allowed first), when
///   the body repeats the run's first line or the run holds three entries of
///   its top rank — real headings of one rank never follow each other with
///   nothing between; or
/// - at the first heading of the document, when the body repeats the run's
///   first line after three entries or more.
///
/// The run ends where its first line comes again: that is the body's first
/// heading.
fn unnumbered_contents(blocks: &[Block]) -> Vec<Listed> {
    let mut out = vec![Listed::No; blocks.len()];
    let text = |i: usize| match blocks.get(i) {
        Some(Block::Paragraph(p)) => Some(p.text.trim()),
        _ => None,
    };
    // (A line with its page number is the builder's: `contents_entry`.)
    let numbered = |t: &str| {
        headings::contents_entry(t).is_none()
            && headings::mark(t).is_some_and(|m| {
                let title = headings::split_title(&t[m.rest..]).0;
                (1..=MAX_TITLE_CHARS).contains(&title.chars().count()) && !ends_complete(&title)
            })
    };
    let key = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let Some(first) = (0..blocks.len())
        .find(|&i| text(i).is_some_and(|t| headings::is_contents_marker(t) || numbered(t)))
    else {
        return out;
    };
    let marked = text(first).is_some_and(headings::is_contents_marker);
    let mut start = if marked { first + 1 } else { first };
    let mut head = None;
    if marked
        && let Some(t) = text(start)
        && !numbered(t)
        && headings::contents_entry(t).is_none()
        && t.chars().count() <= 16
        && !t
            .chars()
            .any(|c| c.is_ascii_digit() || "。；，".contains(c))
    {
        head = Some(start);
        start += 1;
    }
    let mut end = start;
    while text(end).is_some_and(numbered) {
        end += 1;
    }
    if end == start {
        return out;
    }
    let first_key = key(text(start).unwrap_or_default());
    let repeat = (start + 1..end).find(|&i| key(text(i).unwrap_or_default()) == first_key);
    let entries = match repeat {
        Some(k) if k - start >= 3 || marked => start..k,
        Some(_) => return out,
        None if marked => {
            let ranks: Vec<u8> = (start..end)
                .filter_map(|i| headings::mark(text(i)?).map(|m| m.level))
                .collect();
            let top = ranks.iter().copied().min().unwrap_or(0);
            if ranks.iter().filter(|&&r| r == top).count() < 3 {
                return out;
            }
            start..end
        }
        None => return out,
    };
    for i in entries {
        out[i] = Listed::Entry;
    }
    if let Some(h) = head {
        out[h] = Listed::Head;
    }
    out
}

// ---------------------------------------------------------------------------
// Paragraphs broken by page breaks
// ---------------------------------------------------------------------------

/// Sentence-final and clause-final marks: a paragraph ending in one is complete.
fn ends_complete(t: &str) -> bool {
    t.trim_end().ends_with([
        '。', '！', '？', '；', '：', ':', ';', '!', '?', '…', '”', '"', '）', ')', '》', '」',
        '』', '】',
    ])
}

/// More brackets opened than closed: "…预算表（单位：" goes on at "元）" on the
/// next line, whatever it ends with.
fn leaves_bracket_open(t: &str) -> bool {
    let (mut open, mut close) = (0usize, 0usize);
    for c in t.chars() {
        match c {
            '（' | '(' => open += 1,
            '）' | ')' => close += 1,
            _ => {}
        }
    }
    open > close
}

/// The rest of an amount cut by a line break: digits (or a decimal point
/// and digits), or none, and then a money unit or '%' ("2万元，…", "38 万元",
/// ".5%", "万元，支出决算为…" after "年初预算为 42.73").
fn starts_with_amount_rest(t: &str) -> bool {
    let digits = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
    ["万元", "亿元", "元", "%", "％"]
        .iter()
        .any(|u| digits.trim_start().starts_with(u))
}

fn looks_like_date(t: &str) -> bool {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    t.ends_with('日') && t.contains('年') && t.contains('月') && t.chars().count() <= 14
}

/// Join a paragraph cut by a page break with its continuation: the first part
/// is a full-length line of prose that does not end a sentence, and the second
/// does not start a heading, caption, attachment or list item. `entries`
/// marks the blocks that are list entries ([`list_entries`]): a short
/// numbered entry cut by the page ("（七）监督…的工" / "作，联系…；") is not a
/// bare heading.
///
/// Blocks without pages (text, DOCX, HTML): where the text was hard-wrapped
/// ([`wrap_width`]), only a line that fills the wrap is joined to the next.
/// In text written one paragraph per line, a numbered heading of any length
/// ("九、一般公共预算“三公”经费、会议费、培训费支出预算情况说明", 31
/// characters) stays a heading, unless the next line opens on the rest of a
/// cut word.
fn join_broken_paragraphs(blocks: Vec<Block>, entries: &[bool]) -> Vec<Block> {
    let wrap = wrap_width(&blocks);
    let starts = wrap.and_then(|w| paragraph_starts(&blocks, w));
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    // Whether the last block of `out` began as a list entry.
    let mut last_entry = false;
    // The last line of the last block of `out` (a joined paragraph's is
    // that of its last part), with the white space it opened with.
    let mut tail = String::new();
    for (i, block) in blocks.into_iter().enumerate() {
        if let (Some(Block::Paragraph(prev)), Block::Paragraph(next)) = (out.last_mut(), &block) {
            let prev_text = prev.text.trim_end();
            let next_text = next.text.trim_start();
            // Without pages, in hard-wrapped text only a line as wide as the
            // wrap can be cut.
            let unpaged = prev.span.page.is_none() && next.span.page.is_none();
            let fills_line = !unpaged || wrap.is_none_or(|w| w.filled_by(&tail));
            // Hard-wrapped text that marks where its paragraphs start (a
            // blank line, an indent): a marked line starts one, and a line
            // that fills the wrap goes on at the unmarked line under it,
            // whatever it ends with (a wrap falls after a sentence's "。" as
            // often as anywhere).
            if let Some(starts) = starts.filter(|_| unpaged) {
                if starts.opens_paragraph(&prev.span, next) {
                    last_entry = entries.get(i).copied().unwrap_or(false);
                    set_tail(&mut tail, &block);
                    out.push(block);
                    continue;
                }
                if fills_line
                    && prev.style.outline_level == next.style.outline_level
                    && prev.style.bold == next.style.bold
                    && headings::mark(next_text).is_none()
                    && !headings::is_contents_marker(next_text)
                {
                    run_on(prev, next);
                    set_tail(&mut tail, &block);
                    continue;
                }
            }
            // A numbered line with no sentence after its title is a heading,
            // not the first part of a cut paragraph: in a PDF when it is
            // short; in hard-wrapped text when it ends before the wrap; in
            // text of one paragraph per line unless the next line opens on
            // the stub of a cut word ("…各项任" | "务，切实…").
            let prev_is_bare_heading = !last_entry
                && headings::mark(prev_text).is_some_and(|m| {
                    let (title, body) = headings::split_title(&prev_text[m.rest..]);
                    let short = match (unpaged, wrap) {
                        (false, _) => prev_text.chars().count() < 30,
                        (true, Some(_)) => !fills_line,
                        (true, None) => {
                            title.chars().count() <= MAX_TITLE_CHARS && !opens_on_stub(next_text)
                        }
                    };
                    body.is_none() && short
                });
            // "此外，…" after a line that stops on a word: a new sentence
            // whose writer left out the period, not the rest of a cut one.
            let next_opens_sentence = ["此外", "另外", "综上", "总之", "总体来看"]
                .iter()
                .any(|w| next_text.starts_with(w))
                && !prev_text.ends_with(['，', ',', '、']);
            // Hard-wrapped text cut this line in the middle of a sentence:
            // what opens the next may look like a caption ("…决算明" | "细
            // 表（单位：万元）") or a note, and is the rest of this one.
            let cut_by_wrap = unpaged && wrap.is_some() && fills_line && !ends_complete(prev_text);
            let next_starts_new = next_opens_sentence
                || headings::mark(next_text).is_some()
                || headings::attachment(next_text).is_some()
                || headings::is_contents_marker(next_text)
                || next_text.starts_with(['-', '•'])
                || is_unit_line(next_text)
                || (!cut_by_wrap
                    && (next_text.starts_with(['表', '注', '附'])
                        || looks_like_date(next_text)
                        || is_caption(next_text)));
            // The same size within a tenth: a PDF may set the same body text
            // at 15.5 pt on one page and 15.95 pt on the next.
            let same_size = match (prev.style.font_size, next.style.font_size) {
                (Some(a), Some(b)) => (a - b).abs() <= 0.1 * a.max(b),
                (a, b) => a == b,
            };
            let same_style = same_size && prev.style.bold == next.style.bold;
            // PDF layout already joined the lines of a page; only a page
            // break can still cut a paragraph there.
            let same_page = prev.span.page.is_some()
                && next.span.page.is_some()
                && prev.span.page_end.or(prev.span.page) == next.span.page;
            // A salutation ("各县（市、区）…：") opens the body: the title
            // above it does not run on into it.
            // (Never one that starts with a digit: "9312.9万元，其中：" is the
            // rest of a line cut before its amount.)
            let next_is_salutation = next_text.ends_with(['：', ':'])
                && next_text.chars().count() <= 60
                && !next_text.contains(['。', '；'])
                && !next_text.starts_with(|c: char| c.is_ascii_digit());
            // A line cut inside an amount ("…（项）支出2464.0" | "2万元，与上年…"),
            // heading or not: one paragraph. (Within a PDF page, layout has
            // joined such lines already.)
            let cut_number = prev_text.ends_with(|c: char| c.is_ascii_digit() || c == '.')
                && starts_with_amount_rest(next_text);
            // No paragraph opens on a comma or a closing mark: "，其中：" is
            // the rest of the line above, not a salutation.
            let opens_mid_sentence =
                next_text.starts_with(['，', '、', '；', '：', '。', '）', '”', '》', '」']);
            if (cut_number || opens_mid_sentence) && same_style && !same_page {
                run_on(prev, next);
                set_tail(&mut tail, &block);
                continue;
            }
            if (!ends_complete(prev_text) || leaves_bracket_open(prev_text))
                && !same_page
                && fills_line
                && !next_is_salutation
                && prev_text.chars().count() >= 15
                && !looks_like_date(prev_text)
                && !prev_is_bare_heading
                && !next_starts_new
                && same_style
                && prev.style.outline_level.is_none()
                && next.style.outline_level.is_none()
                && !prev.style.part
                && !next.style.part
            {
                run_on(prev, next);
                set_tail(&mut tail, &block);
                continue;
            }
        }
        last_entry = entries.get(i).copied().unwrap_or(false);
        set_tail(&mut tail, &block);
        out.push(block);
    }
    out
}

/// Where a text without pages was hard-wrapped: at a number of characters
/// (a text tool's wrap), or of display columns (a wrap by width, as a PDF's
/// lines are: a CJK or full-width character takes two). Either may be found.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Wrap {
    chars: Option<usize>,
    columns: Option<usize>,
}

impl Wrap {
    /// Does this line reach the wrap? By characters, within one (the next
    /// word may not have fitted); by columns, within four (a wide character
    /// does not fit the last column; a PDF's line is justified by eye).
    fn filled_by(self, line: &str) -> bool {
        self.chars.is_some_and(|w| line.chars().count() + 1 >= w)
            || self.columns.is_some_and(|w| columns(line) + 4 >= w)
    }
}

/// How a text without pages was hard-wrapped, if it was: many of its lines
/// end at one width, and almost none is longer. Text written one paragraph
/// per line (most text exports, DOCX, HTML) has lines of every length, most
/// of them longer than any common one, and no wrap.
fn wrap_width(blocks: &[Block]) -> Option<Wrap> {
    // Two passes over the blocks, the widths counted in a fixed histogram:
    // nothing is allocated for this, however many paragraphs there are.
    // (A line is measured with the white space it opened with.)
    let lines = || {
        blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) if p.span.page.is_none() => {
                Some((last_line_indent(p), last_line(&p.text)))
            }
            _ => None,
        })
    };
    let wrap = Wrap {
        chars: wrapped_at(
            lines().map(|(i, l)| i.chars().count() + l.chars().count()),
            10,
            20,
            1,
        ),
        columns: wrapped_at(lines().map(|(i, l)| columns(i) + columns(l)), 20, 40, 4),
    };
    (wrap != Wrap::default()).then_some(wrap)
}

/// How a hard-wrapped text marks the line a paragraph starts on, if it
/// does: by a blank line above it, or by indenting it ("　　").
#[derive(Clone, Copy, Debug, PartialEq)]
enum Starts {
    BlankLine,
    Indent,
}

impl Starts {
    fn opens_paragraph(self, prev: &Span, next: &RawParagraph) -> bool {
        match self {
            Starts::BlankLine => !adjacent_lines(prev, &next.span),
            Starts::Indent => !next.style.indent.is_empty(),
        }
    }
}

/// Which mark a hard-wrapped text gives its paragraphs: three in four of
/// the lines after a paragraph's end (a line that ends a sentence before
/// the wrap; a heading under it has a mark of its own and is not counted)
/// carry it, and at most one in ten of the lines after a line that is
/// surely cut (it fills the wrap in the middle of a sentence). Then the
/// mark says where paragraphs start, and the wrap where they go on. (The
/// text of `pdftotext` has neither: it is read by the ends of its lines.)
fn paragraph_starts(blocks: &[Block], wrap: Wrap) -> Option<Starts> {
    // For each mark: (paragraph ends, followed by it), (cuts, followed by it).
    let mut blank = [(0usize, 0usize); 2];
    let mut indent = [(0usize, 0usize); 2];
    let mut last = String::new();
    for pair in blocks.windows(2) {
        let (Block::Paragraph(prev), Block::Paragraph(next)) = (&pair[0], &pair[1]) else {
            continue;
        };
        // (A heading may stand unmarked under a paragraph: it has its own.)
        if prev.span.page.is_some()
            || prev.span.line.is_none()
            || headings::mark(next.text.trim_start()).is_some()
        {
            continue;
        }
        last.clear();
        push_tail(&mut last, prev);
        let filled = wrap.filled_by(&last);
        let which = if last.ends_with(['。', '！', '？']) && !filled {
            0
        } else if filled && !ends_complete(&last) {
            1
        } else {
            continue;
        };
        blank[which].0 += 1;
        blank[which].1 += usize::from(Starts::BlankLine.opens_paragraph(&prev.span, next));
        indent[which].0 += 1;
        indent[which].1 += usize::from(Starts::Indent.opens_paragraph(&prev.span, next));
    }
    let marks = |[(ends, marked), (cuts, cut_marked)]: [(usize, usize); 2]| {
        ends >= 3 && marked * 4 >= ends * 3 && cuts >= 3 && cut_marked * 10 <= cuts
    };
    if marks(blank) {
        Some(Starts::BlankLine)
    } else if marks(indent) {
        Some(Starts::Indent)
    } else {
        None
    }
}

/// `next` starts on the line right under the end of `prev`.
fn adjacent_lines(prev: &Span, next: &Span) -> bool {
    match (prev.line_end.or(prev.line), next.line) {
        (Some(a), Some(b)) => b == a + 1,
        _ => true,
    }
}

/// Widths from here on are counted together: no wrap is this wide.
const WIDEST_WRAP: usize = 400;

/// The wrap width among line widths of at least `min`: the width `w` whose
/// window `w - slack ..= w` holds the most lines, when that is at least
/// `least`, holds 30 % of the lines and at most 10 % are longer. (Measured
/// on the real reports' texts: one paragraph per line, 7–15 % of lines share
/// a window and 60–90 % are longer; wrapped at 33 characters, 36–80 % end
/// there and 2–8 % are longer.)
fn wrapped_at(
    widths: impl Iterator<Item = usize>,
    min: usize,
    least: usize,
    slack: usize,
) -> Option<usize> {
    let mut count = [0usize; WIDEST_WRAP + 1];
    let mut lines = 0;
    for w in widths.filter(|&w| w >= min) {
        count[w.min(WIDEST_WRAP)] += 1;
        lines += 1;
    }
    if lines < 10 {
        return None;
    }
    let (mut best, mut held) = (0, 0);
    // Windows ending at a width some line has.
    for w in (min..WIDEST_WRAP).filter(|&w| count[w] > 0) {
        let n: usize = count[w.saturating_sub(slack)..=w].iter().sum();
        if n >= held {
            (best, held) = (w, n);
        }
    }
    let longer: usize = count[best + 1..].iter().sum();
    (best >= least && held * 10 >= lines * 3 && longer * 10 <= lines).then_some(best)
}

/// The line opens on one or two characters and a comma: the end of a word
/// cut at the line before ("务，切实维护…").
fn opens_on_stub(text: &str) -> bool {
    text.chars()
        .take(3)
        .position(|c| matches!(c, '，' | ',' | '、' | '；' | '。'))
        .is_some_and(|i| i >= 1)
}

/// `next` is the rest of `prev`: appended in place (a paragraph cut by many
/// page breaks is joined in linear time).
fn run_on(prev: &mut RawParagraph, next: &RawParagraph) {
    let keep = prev.text.trim_end().len();
    prev.text.truncate(keep);
    prev.text.push_str(next.text.trim_start());
    prev.span = prev.span.merge(&next.span);
}

fn set_tail(tail: &mut String, block: &Block) {
    tail.clear();
    if let Block::Paragraph(p) = block {
        push_tail(tail, p);
    }
}

/// The last line of a paragraph as the text has it: a paragraph of one
/// line with the white space it opened with.
fn push_tail(buf: &mut String, p: &RawParagraph) {
    buf.push_str(last_line_indent(p));
    buf.push_str(last_line(&p.text));
}

/// The white space the last line of a paragraph opened with: its indent
/// when it has one line (a paragraph of several lines joined by the reader
/// kept only the first one's).
fn last_line_indent(p: &RawParagraph) -> &str {
    if p.text.trim_end().contains('\n') {
        ""
    } else {
        &p.style.indent
    }
}

fn last_line(text: &str) -> &str {
    text.trim_end().rsplit('\n').next().unwrap_or("").trim()
}

/// Display columns: two for CJK and full-width characters.
fn columns(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

// ---------------------------------------------------------------------------
// The walk over blocks
// ---------------------------------------------------------------------------

/// The longest numbered heading title, in characters: a longer first
/// sentence is an item of prose.
const MAX_TITLE_CHARS: usize = 60;

/// Paragraphs before the first heading kept as title candidates: the title
/// is near the top, and a document without headings should not be held twice.
const MAX_TITLE_CANDIDATES: usize = 1000;

struct Node {
    section: Section,
    parent: Option<usize>,
    /// Rank used for nesting: attachments are parts above the ladder (0).
    rank: u8,
}

#[derive(Default)]
struct DocBuilder {
    nodes: Vec<Node>,
    stack: Vec<usize>,
    preamble: Vec<Paragraph>,
    preamble_raw: Vec<RawParagraph>,
    contents: Vec<ContentsEntry>,
    in_contents: bool,
    tables: Vec<crate::model::Table>,
    /// The table being assembled, and paragraphs seen after it that may be a
    /// running title repeated between its parts.
    open: Option<Builder>,
    held: Vec<(RawParagraph, bool)>,
    seen_heading: bool,
    /// The first section opened was a part the format delimits (a sheet).
    opened_by_part: bool,
    /// Issuers named on the lines above tables (编制部门：某局).
    issuers: Vec<String>,
    /// A limit passed while building (the walk stops at the next block).
    error: Option<Error>,
}

impl DocBuilder {
    fn current_section_id(&self) -> Option<String> {
        self.stack.last().map(|&i| self.nodes[i].section.id.clone())
    }

    fn push_body(&mut self, item: BodyItem) {
        match self.stack.last() {
            Some(&i) => self.nodes[i].section.body.push(item),
            None => {
                if let BodyItem::Paragraph(p) = item {
                    self.preamble.push(p);
                }
            }
        }
    }

    fn body_paragraph(&mut self, p: RawParagraph) {
        if self.stack.is_empty() && self.preamble_raw.len() < MAX_TITLE_CANDIDATES {
            // A title is short: a long paragraph is kept only by its start.
            let text = match p.text.char_indices().nth(400) {
                Some((cut, _)) => p.text[..cut].to_string(),
                None => p.text.clone(),
            };
            self.preamble_raw.push(RawParagraph {
                text,
                style: p.style.clone(),
                span: p.span.clone(),
            });
        }
        let figures = figures::scan_text_at_most(&p.text, limits::room(Counted::Figures));
        if let Err(e) = limits::count(Counted::Figures, figures.len()) {
            self.error.get_or_insert(e);
        }
        self.push_body(BodyItem::Paragraph(Paragraph {
            text: p.text,
            location: p.span,
            figures,
            ocr: None,
        }));
    }

    /// A paragraph of the stream; `entry`: a numbered list entry, never a
    /// heading ([`list_entries`]).
    fn paragraph(&mut self, p: RawParagraph, entry: bool) {
        if self.open.is_some() {
            if self.may_be_running_title(&p) {
                self.held.push((p, entry));
                return;
            }
            self.flush_table();
        }
        let text = p.text.trim();
        if headings::is_contents_marker(text) {
            self.in_contents = true;
            return;
        }
        if self.in_contents {
            if let Some((entry, page)) = headings::contents_entry(text) {
                self.contents.push(ContentsEntry {
                    text: entry,
                    page: Some(page),
                    location: p.span,
                });
                return;
            }
            self.in_contents = false;
        }
        // A part the format delimits (a spreadsheet's sheet), above the ladder.
        if p.style.part {
            self.opened_by_part |= !self.seen_heading;
            self.open_section(String::new(), 1, 0, text.to_string(), false, p.span.clone());
            return;
        }
        if let Some(number) = headings::attachment(text) {
            self.open_section(number, 1, 0, text.to_string(), true, p.span.clone());
            return;
        }
        if let Some(m) = headings::mark(text) {
            let (title, body) = headings::split_title(&text[m.rest..]);
            let n = title.chars().count();
            if n > 0 && n <= MAX_TITLE_CHARS && !entry {
                // 第一部分 / 第一章 / 第一编 are parts above the ladder, as
                // attachments are: the 一、 after 第一部分 is within it. (Its
                // level stays 1: the ladder's first rank.)
                let rank = if m.level == 1 && m.number.starts_with('第') {
                    0
                } else {
                    m.level
                };
                self.open_section(m.number, m.level, rank, title, false, p.span.clone());
                if let Some(body) = body {
                    self.body_paragraph(RawParagraph { text: body, ..p });
                }
                return;
            }
            // A numbered item too long for a title ("4.组织指导…工作，…。"),
            // or an entry of a list, is a paragraph, but it still ends the
            // sections of its level
            // and below: it belongs to the section above its siblings, not
            // to the short sibling before it that became a heading. Only
            // below the top level, and never the last open section (a list
            // of 一、… items inside a part stays in that part).
            while m.level >= 2
                && self.stack.len() > 1
                && let Some(&top) = self.stack.last()
                && self.nodes[top].rank >= m.level
                && !self.nodes[top].section.attachment
            {
                self.stack.pop();
            }
        }
        // An unnumbered paragraph with a heading style, once numbered headings began.
        if let Some(level) = p.style.outline_level.filter(|_| self.seen_heading) {
            let n = text.chars().count();
            if n <= 40 && !ends_complete(text.trim_end_matches(['：', ':'])) && !is_caption(text) {
                let level = level.clamp(1, 5);
                self.open_section(
                    String::new(),
                    level,
                    level,
                    text.trim_end_matches(['：', ':']).to_string(),
                    false,
                    p.span.clone(),
                );
                return;
            }
        }
        self.body_paragraph(p);
    }

    fn open_section(
        &mut self,
        number: String,
        level: u8,
        rank: u8,
        title: String,
        attachment: bool,
        span: crate::model::Span,
    ) {
        self.seen_heading = true;
        self.in_contents = false;
        while let Some(&top) = self.stack.last() {
            if self.nodes[top].rank >= rank {
                self.stack.pop();
            } else {
                break;
            }
        }
        let parent = self.stack.last().copied();
        let section = Section {
            id: String::new(),
            number: (!number.is_empty()).then_some(number),
            level,
            title,
            attachment,
            location: span,
            body: vec![],
            children: vec![],
        };
        self.nodes.push(Node {
            section,
            parent,
            rank,
        });
        self.stack.push(self.nodes.len() - 1);
    }

    /// A paragraph between two parts of a table that is page furniture (a
    /// folio: "- 3 -", "第3页 共8页"), restates its caption — marked 续 or
    /// not, or the heading that named it printed again
    /// ([`captions::restates_caption`]) —, is a 续 mark naming no other
    /// table ("（续）", "续表3" under a caption without a number), repeats
    /// its unit line, or repeats the issuer line printed above it
    /// ("单位名称：某中心" on every page of a form). Such lines are held:
    /// the next table joins the open one only if its shape says so
    /// ([`Builder::continued_by`]), else they are read as they stand.
    fn may_be_running_title(&self, p: &RawParagraph) -> bool {
        let Some(open) = &self.open else { return false };
        let t = norm(&p.text);
        if crate::ingest::is_page_number(&t) {
            return true;
        }
        let (rest, marked) = captions::strip_continued(&t);
        match open.caption.as_deref() {
            Some(c) if captions::restates_caption(c, &t) => return true,
            // A mark with no title, or only a number beside a caption that
            // prints none.
            Some(c)
                if marked
                    && (rest.is_empty()
                        || captions::is_table_number(&rest) && !captions::has_number(c)) =>
            {
                return true;
            }
            None if marked && t.chars().count() < 40 => return true,
            _ => {}
        }
        if captions::issuer(&p.text).is_some_and(|name| self.issuers.contains(&name)) {
            return true;
        }
        is_unit_line(&p.text) && figures::unit_in(&p.text) == open.unit
    }

    fn table(&mut self, mut raw: RawTable) {
        let row_unit = strip_unit_row(&mut raw);
        if raw.rows.is_empty() {
            return;
        }
        if self.contents_table(&raw) {
            return;
        }
        if let Some(open) = &mut self.open
            && open.continued_by(&raw, false)
        {
            open.push_part(raw);
            self.held.clear();
            return;
        }
        self.flush_table();
        let mut builder = Builder::new(raw);
        // Caption and unit from the paragraphs just above.
        let (caption, unit) = self.take_caption();
        builder.caption = caption;
        builder.unit = unit.or(row_unit);
        self.open = Some(builder);
    }

    /// Table-of-contents rows exported as a table: "一、单位概况 | 1".
    fn contents_table(&mut self, raw: &RawTable) -> bool {
        let entries: Vec<Option<(String, u32)>> = raw
            .rows
            .iter()
            .map(|r| {
                let cells: Vec<&str> = r
                    .cells
                    .iter()
                    .map(|c| c.text.trim())
                    .filter(|t| !t.is_empty())
                    .collect();
                match cells.as_slice() {
                    [text, page] => {
                        let page = headings::page_number(page, 3)?;
                        (headings::mark(text).is_some() || self.in_contents)
                            .then(|| (text.to_string(), page))
                    }
                    _ => None,
                }
            })
            .collect();
        let all = entries.iter().all(Option::is_some);
        if !all || (!self.in_contents && entries.len() < 3) {
            return false;
        }
        for (entry, row) in entries.into_iter().zip(&raw.rows) {
            let (text, page) = entry.expect("checked above");
            self.contents.push(ContentsEntry {
                text,
                page: Some(page),
                location: row.span.clone(),
            });
        }
        self.in_contents = true;
        true
    }

    /// Pop the lines above a table from the end of the current body (or the
    /// preamble): the unit line and the issuer ("编制部门：某局 单位：元"), the
    /// table's number on a line of its own ("公开表一") and its title, in
    /// either order. The caption is the title followed by the number line
    /// ("收支预算总表 公开表一"); the issuer is kept for the document's entity.
    fn take_caption(&mut self) -> (Option<String>, Option<String>) {
        let trailing: Vec<String> = match self.stack.last() {
            Some(&i) => self.nodes[i]
                .section
                .body
                .iter()
                .rev()
                .map_while(|b| match b {
                    BodyItem::Paragraph(p) => Some(p.text.clone()),
                    BodyItem::Table { .. } => None,
                })
                .take(4)
                .collect(),
            None => self
                .preamble
                .iter()
                .rev()
                .take(4)
                .map(|p| p.text.clone())
                .collect(),
        };
        let mut unit = None;
        let mut taken = 0;
        // Unit and issuer lines, nearest the table.
        while taken < trailing.len().min(2) {
            let t = &trailing[taken];
            let issuer = captions::issuer(t);
            let inside = captions::issuer_inside(t);
            if !is_unit_line(t) && issuer.is_none() && inside.is_none() {
                break;
            }
            if unit.is_none() {
                unit = match &inside {
                    Some((_, rest)) => figures::unit_in(rest),
                    None => figures::unit_in(t),
                };
            }
            self.issuers.extend(inside.map(|(name, _)| name));
            self.issuers.extend(issuer);
            taken += 1;
        }
        // The number line and the title, in either order.
        let (mut number, mut title) = (None, None);
        while taken < trailing.len() {
            let t = &trailing[taken];
            if number.is_none() && captions::is_table_number(t) {
                number = Some(t.trim().to_string());
            } else if title.is_none() && is_caption(t) {
                title = Some(t.trim().to_string());
            } else {
                break;
            }
            taken += 1;
            if number.is_some() && title.is_some() {
                break;
            }
        }
        // The title first, then its number line: "收支预算总表 公开表一".
        let mut caption = match (number, title) {
            (Some(n), Some(t)) => Some(format!("{t} {n}")),
            (n, t) => t.or(n),
        };
        // A table that opens a section named like a table ("一、收支预算总表",
        // nothing above it but its unit line) has that name for its caption.
        // (The open section is the last node made when it has no
        // subsections.)
        if caption.is_none()
            && let Some(&i) = self.stack.last()
            && i + 1 == self.nodes.len()
            && let s = &self.nodes[i].section
            && s.body.len() == taken
            && is_caption(&s.title)
        {
            caption = Some(s.title.clone());
        }
        if unit.is_none() {
            unit = caption.as_deref().and_then(figures::unit_in);
        }
        for _ in 0..taken {
            match self.stack.last() {
                Some(&i) => {
                    self.nodes[i].section.body.pop();
                }
                None => {
                    self.preamble.pop();
                    self.preamble_raw.pop();
                }
            }
        }
        (caption, unit)
    }

    fn flush_table(&mut self) {
        if let Some(builder) = self.open.take() {
            // Rows shorter than the table are padded: those cells count too.
            if let Err(e) = limits::count(Counted::Cells, builder.padding()) {
                self.error.get_or_insert(e);
                return;
            }
            let id = self.tables.len();
            let table = builder.finish(id, self.current_section_id());
            self.tables.push(table);
            self.push_body(BodyItem::Table { table: id });
        }
        for (p, entry) in std::mem::take(&mut self.held) {
            self.paragraph(p, entry);
        }
    }

    /// Turn the arena into the tree, giving each section its dotted id, and set
    /// each table's section id to match.
    fn assemble(&mut self) -> Vec<Section> {
        let n = self.nodes.len();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, node) in self.nodes.iter().enumerate() {
            match node.parent {
                Some(p) => children[p].push(i),
                None => roots.push(i),
            }
        }
        let mut ids = vec![String::new(); n];
        fn number(ids: &mut [String], children: &[Vec<usize>], list: &[usize], prefix: &str) {
            for (k, &i) in list.iter().enumerate() {
                ids[i] = if prefix.is_empty() {
                    format!("{}", k + 1)
                } else {
                    format!("{prefix}.{}", k + 1)
                };
                let id = ids[i].clone();
                number(ids, children, &children[i], &id);
            }
        }
        number(&mut ids, &children, &roots, "");
        for (i, node) in self.nodes.iter_mut().enumerate() {
            node.section.id = ids[i].clone();
            for item in &node.section.body {
                if let BodyItem::Table { table } = item
                    && let Some(t) = self.tables.get_mut(*table)
                {
                    t.section = Some(ids[i].clone());
                }
            }
        }
        let mut sections: Vec<Option<Section>> =
            self.nodes.iter().map(|n| Some(n.section.clone())).collect();
        fn build(i: usize, sections: &mut [Option<Section>], children: &[Vec<usize>]) -> Section {
            let mut s = sections[i].take().expect("each node is built once");
            s.children = children[i]
                .iter()
                .map(|&c| build(c, sections, children))
                .collect();
            s
        }
        roots
            .iter()
            .map(|&r| build(r, &mut sections, &children))
            .collect()
    }
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A table whose first row only states the unit, in one of its cells
/// ("| | | 单位：万元", as a spreadsheet or a Word table prints it in its
/// top right cell) or with the issuer ("编制单位：某某局 | | 单位：元"): the
/// row is taken out and its unit returned. Left in, it was a header row:
/// the last column's title read "单位：万元/净值" and the table's next part,
/// whose header has no such row, was not joined to it.
fn strip_unit_row(raw: &mut RawTable) -> Option<String> {
    if raw.rows.len() < 2 {
        return None;
    }
    let texts: Vec<&str> = raw.rows[0]
        .cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let joined = texts.join(" ");
    if texts.is_empty() || !is_unit_line(&joined) {
        return None;
    }
    let n = norm(&joined);
    let unit = figures::unit_in(&n[n.rfind("单位")?..])?;
    raw.rows.remove(0);
    Some(unit)
}

/// "单位：万元", "（单位：万元）", "金额单位：元".
fn is_unit_line(t: &str) -> bool {
    let n = norm(t);
    // "收支预算总表（单位：万元）": a title carrying its unit is the caption.
    let before = n.find("单位").map_or("", |i| &n[..i]);
    if is_caption_title(before.trim_end_matches(['（', '(', '，', ',', '；', ';'])) {
        return false;
    }
    if n.chars().count() <= 16 && n.contains("单位") && figures::unit_in(&n).is_some() {
        return true;
    }
    // "编制单位：某某局 单位：元" — the issuer and the unit under a budget
    // table's title: not a caption itself.
    let Some(at) = n.rfind("单位") else {
        return false;
    };
    let (issuer, unit) = n.split_at(at);
    unit.chars().count() <= 10
        && figures::unit_in(unit).is_some()
        && n.chars().count() <= 60
        && captions::starts_with_issuer(issuer)
}

/// "表 2-1 …", "附表1 …", or a short title naming a table.
fn is_caption(t: &str) -> bool {
    let n = norm(t);
    let count = n.chars().count();
    if count == 0 || count > 80 {
        return false;
    }
    let numbered = ["表", "附表", "续表"].iter().any(|p| {
        n.strip_prefix(p).is_some_and(|rest| {
            rest.starts_with(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
        })
    });
    numbered || is_caption_title(&n) || captions::title_beside_number(&n, is_caption_title)
}

/// A short title naming a table (`n` without whitespace).
fn is_caption_title(n: &str) -> bool {
    let ends_sentence = n.ends_with(['。', '：', ':', '；', '，']);
    !ends_sentence
        && headings::mark(n).is_none()
        && (n.ends_with('表')
            || ends_with_qualified_table(n)
            || n.ends_with("情况")
            || n.ends_with("明细")
            || n.ends_with("清单")
            || n.contains("单位：")
            || n.contains("单位:"))
}

/// "财政拨款支出预算表（功能科目）": a table title with a qualifier after it.
fn ends_with_qualified_table(n: &str) -> bool {
    let Some(body) = n.strip_suffix(['）', ')']) else {
        return false;
    };
    body.rfind(['（', '('])
        .is_some_and(|i| body[..i].ends_with('表') && body[i..].chars().count() <= 8)
}

// ---------------------------------------------------------------------------
// Title
// ---------------------------------------------------------------------------

/// The document's own title among the paragraphs before the first heading: for
/// a notice the notice's title (关于印发《…》的通知), not the agency banner
/// (某某局文件), the document number or the date.
fn choose_title(preamble: &[RawParagraph]) -> Option<String> {
    let mut best: Option<(i32, String)> = None;
    let mut sizes: Vec<f32> = preamble.iter().filter_map(|p| p.style.font_size).collect();
    sizes.sort_by(f32::total_cmp);
    // How many paragraphs are set at least this large.
    let at_least = |a: f32| sizes.len() - sizes.partition_point(|&s| s < a);
    let mut i = 0;
    while i < preamble.len() {
        let p = &preamble[i];
        let mut text = p.text.replace('\n', "");
        // A title set in large type over two lines.
        if let (Some(a), Some(next)) = (p.style.font_size, preamble.get(i + 1))
            && next.style.font_size == Some(a)
            && at_least(a) <= 3
            && !title_stop(&next.text)
        {
            text.push_str(&next.text.replace('\n', ""));
        }
        let score = title_score(&text, p);
        if score > 0 && best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, text.trim().to_string()));
        }
        i += 1;
    }
    best.map(|(_, t)| t)
}

fn title_stop(t: &str) -> bool {
    let n = norm(t);
    looks_like_date(&n) || n.contains('〔') || n.ends_with("文件") || n.chars().count() > 60
}

fn title_score(text: &str, p: &RawParagraph) -> i32 {
    let n = norm(text);
    let len = n.chars().count();
    if !(4..=90).contains(&len) || title_stop(&n) && !n.contains("关于") {
        return 0;
    }
    if n.ends_with("文件")
        || looks_like_date(&n)
        || n.starts_with('（') && n.ends_with('）')
        || n.starts_with("注：")
        || n.starts_with("注:")
    {
        return 0;
    }
    let mut score = 1;
    if n.contains("关于") && (n.ends_with("通知") || n.ends_with("通知》") || n.contains("的通知"))
    {
        score += 6;
    }
    const KINDS: [&str; 14] = [
        "报告",
        "办法",
        "细则",
        "方案",
        "评价表",
        "自评表",
        "说明",
        "通知",
        "决算",
        "预算",
        "公开",
        "意见",
        "规定",
        "情况表",
    ];
    if KINDS.iter().any(|k| n.ends_with(k)) {
        score += 3;
    }
    if p.style.outline_level.is_some() || p.style.bold || p.style.centered {
        score += 1;
    }
    if n.ends_with(['。', '：', ':']) {
        score -= 3;
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Ingested, Span};

    fn doc(text: &str) -> Document {
        let ingested = crate::ingest::text::read(text.as_bytes()).unwrap();
        let source = Source {
            path: "t.txt".into(),
            format: Format::Text,
            encoding: None,
            sha256: String::new(),
            bytes: 0,
            pages: None,
        };
        build(source, ingested).expect("no limit")
    }

    #[test]
    fn a_unit_in_the_table_s_first_row_is_the_unit_not_a_header() {
        // Split across pages: the unit row stands over the first part only.
        let text = "表 1-4 车辆情况\n\n\t\t\t单位：万元\n类别\t资产名称\t数量\t原值\n轿车\t商务轿车\t1.00\t23.28\n越野车\t越野车\t1.00\t20.88\n\n类别\t资产名称\t数量\t原值\n轿车\t轿车\t1.00\t17.98\n合计\t\t3.00\t62.14\n";
        let d = doc(text);
        assert_eq!(
            d.tables.len(),
            1,
            "{:?}",
            d.tables.iter().map(|t| &t.columns).collect::<Vec<_>>()
        );
        let t = &d.tables[0];
        assert_eq!(t.unit.as_deref(), Some("万元"));
        assert_eq!(t.columns, ["类别", "资产名称", "数量", "原值"]);
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.caption.as_deref(), Some("表 1-4 车辆情况"));
    }

    #[test]
    fn a_title_does_not_run_on_into_the_salutation() {
        let text = "关于印发《2022年度综合行政执法考核办法》的通知\n各县（市、区）综合行政执法局，市局各处室：\n现将考核办法印发给你们，请遵照执行。\n一、考核对象\n各县（市、区）。\n";
        let doc = crate::extract_bytes(text.as_bytes(), "x.txt").expect("extract");
        assert_eq!(
            doc.title.as_deref(),
            Some("关于印发《2022年度综合行政执法考核办法》的通知")
        );
    }

    #[test]
    fn issuer_and_unit_lines_are_not_captions() {
        assert!(is_unit_line("单位：万元"));
        assert!(is_unit_line("编制单位：上海市普陀区司法局 单位：元"));
        assert!(is_unit_line("填报单位：某某局（盖章）　　　金额单位：万元"));
        assert!(!is_unit_line("编制单位：上海市普陀区司法局"));
        assert!(!is_unit_line("2026年预算单位财务收支预算总表"));
        let text = "一、收支情况\n2026年预算单位财务收支预算总表\n编制单位：某某局 单位：元\n项目\t预算数\n合计\t1.00\n";
        let doc = crate::extract_bytes(text.as_bytes(), "x.txt").expect("extract");
        assert_eq!(
            doc.tables[0].caption.as_deref(),
            Some("2026年预算单位财务收支预算总表")
        );
        assert_eq!(doc.tables[0].unit.as_deref(), Some("元"));
        // Half-width colons, blank lines between: the title is not run on
        // into the issuer line and lost with it.
        let text = "一、收支情况\n\n2025年部门财务收支预算总表\n\n编制部门:临江市青禾区水务局　　　　单位:万元\n\n项目\t金额\n合计\t10.00\n";
        let doc = crate::extract_bytes(text.as_bytes(), "x.txt").expect("extract");
        assert_eq!(
            doc.tables[0].caption.as_deref(),
            Some("2025年部门财务收支预算总表")
        );
        assert_eq!(doc.tables[0].unit.as_deref(), Some("万元"));
    }

    #[test]
    fn a_title_carrying_its_unit_is_the_caption() {
        assert!(!is_unit_line("收支预算总表（单位：万元）"));
        assert!(!is_unit_line("支出预算总表(单位:元)"));
        assert!(is_unit_line("（单位：万元）"));
        assert!(is_unit_line("金额单位：万元"));
        let text = "第二部分 部门预算表\n\n收支预算总表（单位：万元）\n\n项目\t金额\n合计\t1.00\n";
        let doc = crate::extract_bytes(text.as_bytes(), "x.txt").expect("extract");
        assert_eq!(
            doc.tables[0].caption.as_deref(),
            Some("收支预算总表（单位：万元）")
        );
        assert_eq!(doc.tables[0].unit.as_deref(), Some("万元"));
    }

    #[test]
    fn a_line_cut_inside_brackets_goes_on() {
        assert!(leaves_bracket_open(
            "一般公共预算支出功能分类预算表（单位："
        ));
        assert!(!leaves_bracket_open("（一）收入预算情况："));
        // Hard-wrapped text: the caption's unit went to the next line after
        // a colon, which would otherwise end the line.
        let text = "表3 江南市青溪区司法局2026年一般公共预算支出功能分类预算表（单位：\n元）\n\n科目编码\t科目名称\t2026年预算数\n204\t公共安全支出\t100.00\n";
        let doc = crate::extract_bytes(text.as_bytes(), "x.txt").expect("extract");
        assert_eq!(
            doc.tables[0].caption.as_deref(),
            Some("表3 江南市青溪区司法局2026年一般公共预算支出功能分类预算表（单位：元）")
        );
        assert_eq!(doc.tables[0].unit.as_deref(), Some("元"));
    }

    #[test]
    fn a_forms_issuer_line_repeated_with_its_caption_joins_the_parts() {
        let head = "2024年度单位基本情况表\n单位名称：某市疾病预防控制中心\n经费支出（元）\t预算数\t决算数\n";
        let text = format!(
            "{head}工资福利支出\t100\t90\n商品和服务支出\t50\t40\n\n{head}资本性支出\t10\t10\n经费支出合计\t160\t140\n"
        );
        let doc = crate::extract_bytes(text.as_bytes(), "x.txt").expect("extract");
        assert_eq!(doc.tables.len(), 1, "{:?}", doc.tables);
        assert_eq!(doc.tables[0].rows.len(), 4);
        assert_eq!(doc.tables[0].parts, 2);
        assert!(doc.findings.is_empty(), "{:?}", doc.findings);
    }

    /// Two parts of one table, each opened by the header row.
    const PART1: &str =
        "科目编码\t科目名称\t合计\n201\t一般公共服务支出\t60.00\n20101\t人大事务\t60.00\n";
    const PART2: &str = "科目编码\t科目名称\t合计\n205\t教育支出\t40.00\n20501\t教育管理事务\t40.00\n合计\t\t100.00\n";

    fn captions_and_rows(d: &Document) -> Vec<(Option<&str>, usize)> {
        d.tables
            .iter()
            .map(|t| (t.caption.as_deref(), t.rows.len()))
            .collect()
    }

    #[test]
    fn a_caption_restated_with_a_continuation_mark_joins_the_parts() {
        let cap = "表3 一般公共预算支出表";
        for again in [
            "表3 一般公共预算支出表（续）",
            "表3 一般公共预算支出表(续表)",
            "续表3 一般公共预算支出表",
            "续表3",
            "表3（续）",
            "（续）",
            "续表",
            "一般公共预算支出表（续）",
        ] {
            let text =
                format!("{cap}\n\n单位：万元\n\n{PART1}\n\u{c}{again}\n\n单位：万元\n\n{PART2}");
            let d = doc(&text);
            assert_eq!(captions_and_rows(&d), [(Some(cap), 5)], "{again}");
            let t = &d.tables[0];
            assert_eq!(
                (t.parts, t.part_starts.as_slice()),
                (2, &[2][..]),
                "{again}"
            );
            // The second part's rows keep their own lines.
            let line = |r: usize| t.rows[r][0].location.as_ref().and_then(|s| s.line);
            assert_eq!((line(1), line(2)), (Some(7), Some(14)), "{again}");
        }
    }

    #[test]
    fn folio_lines_between_the_parts_are_page_furniture() {
        // Text copied page by page without form feeds: the folio stays a
        // paragraph between the parts.
        let cap = "表3 一般公共预算支出表";
        for folio in ["- 3 -", "第 3 页", "3", "第3页 共8页", "－３－"] {
            for again in ["", "表3 一般公共预算支出表（续）\n\n"] {
                let text = format!("{cap}\n\n{PART1}\n{folio}\n\n{again}{PART2}");
                let d = doc(&text);
                assert_eq!(captions_and_rows(&d), [(Some(cap), 5)], "{folio} {again}");
                assert!(d.preamble.iter().all(|p| !p.text.contains(folio)));
            }
        }
    }

    #[test]
    fn a_heading_that_names_the_table_printed_again_joins_the_parts() {
        let text = format!(
            "一、部门概况\n\n本部门预算包括局机关本级。\n\n二、一般公共预算支出预算表\n\n单位：万元\n\n{PART1}\n\u{c}二、一般公共预算支出预算表\n\n单位：万元\n\n{PART2}\n三、其他说明\n\n无。\n"
        );
        let d = doc(&text);
        assert_eq!(captions_and_rows(&d), [(Some("一般公共预算支出预算表"), 5)]);
        let titles: Vec<&str> = d.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["部门概况", "一般公共预算支出预算表", "其他说明"]);
    }

    #[test]
    fn different_tables_one_after_the_other_stay_apart() {
        let two = |text: &str| {
            let d = doc(text);
            assert_eq!(d.tables.len(), 2, "{text}\n{:?}", captions_and_rows(&d));
            d
        };
        // Another caption over the same header (政府性基金 / 国有资本经营).
        let d = two(&format!(
            "表8 政府性基金预算支出表\n\n{PART1}\n\u{c}表9 国有资本经营预算支出表\n\n{PART2}"
        ));
        assert_eq!(
            d.tables[1].caption.as_deref(),
            Some("表9 国有资本经营预算支出表")
        );
        // A continuation mark on another table's caption.
        let d = two(&format!(
            "表3 一般公共预算支出表\n\n{PART1}\n\u{c}表4 一般公共预算基本支出表（续）\n\n{PART2}"
        ));
        assert_eq!(
            d.tables[1].caption.as_deref(),
            Some("表4 一般公共预算基本支出表（续）")
        );
        // Our caption restated, but another header and width: the lines are
        // the next table's again.
        let d = two(&format!(
            "表3 一般公共预算支出表\n\n{PART1}\n\u{c}表3 一般公共预算支出表（续）\n\n项目\t预算数\t决算数\t执行率\n会议费\t5.00\t4.00\t80%\n"
        ));
        assert_eq!(
            d.tables[1].caption.as_deref(),
            Some("表3 一般公共预算支出表（续）")
        );
        // The heading printed again over another header: a section of its own.
        let d = two(&format!(
            "二、一般公共预算支出预算表\n\n{PART1}\n\u{c}二、一般公共预算支出预算表\n\n项目\t预算数\t决算数\t执行率\n会议费\t5.00\t4.00\t80%\n"
        ));
        assert_eq!(d.sections.len(), 2, "{:?}", d.sections);
        // A folio between two tables of different headers.
        two(&format!(
            "表3 一般公共预算支出表\n\n{PART1}\n- 3 -\n\n项目\t预算数\t决算数\t执行率\n会议费\t5.00\t4.00\t80%\n"
        ));
    }

    #[test]
    fn the_numbered_items_of_a_note_are_not_headings() {
        let d = doc(
            "一、政府采购预算表\n\n项目\t金额\n会议费\t50.00\n\n注：1.采购组织形式为：集中采购和分散采购。\n\n2. 采购品目名称根据《政府采购品目分类目录》规定品目名称填写。\n\n二、名词解释\n\n（一）财政拨款收入\n",
        );
        let titles: Vec<&str> = d.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["政府采购预算表", "名词解释"], "{:?}", d.sections);
        assert!(d.sections[0].children.is_empty());
        assert_eq!(d.sections[1].children.len(), 1);
        // Numbered on from the note's first item only: a "3." after it (not
        // "2.") is not the note's.
        let d = doc("一、说明\n\n注：1.单位为万元。\n\n3. 其他情况\n\n正文。\n");
        assert_eq!(d.sections[0].children.len(), 1, "{:?}", d.sections);
    }

    #[test]
    fn a_contents_listing_without_page_numbers_stays_apart() {
        // After 目录, ended by the body's repeat of its first line.
        let d = doc(
            "某部门2019年度部门预算公开\n\n目 录\n\n第一部分 部门概况\n\n一、主要职能\n\n二、机构设置\n\n第二部分 部门预算表\n\n一、收支预算总表\n\n第一部分 部门概况\n\n一、主要职能\n\n负责本部门工作。\n\n二、机构设置\n\n设办公室。\n",
        );
        assert_eq!(d.contents.len(), 5, "{:?}", d.contents);
        assert!(d.contents.iter().all(|c| c.page.is_none()));
        assert_eq!(d.contents[3].text, "第二部分 部门预算表");
        assert_eq!(d.sections.len(), 1);
        let titles: Vec<&str> = d.sections[0]
            .children
            .iter()
            .map(|s| s.title.as_str())
            .collect();
        assert_eq!(titles, ["主要职能", "机构设置"]);
        // No 目录 line: the repeat of the first line alone says so.
        let d = doc(
            "某部门报告\n\n一、概况\n\n二、收入\n\n三、支出\n\n一、概况\n\n正文。\n\n二、收入\n\n收入。\n\n三、支出\n\n支出。\n",
        );
        assert_eq!((d.contents.len(), d.sections.len()), (3, 3));
        // A listing of tables after 目录 and its column heads, with no repeat:
        // three entries of one rank with nothing between them.
        let d = doc(
            "某部门预算公开报表\n\n目 录\n\n序号 报表名称\n\n一、收支预算总表\n\n二、收入预算总表\n\n三、支出预算总表\n\n收支预算总表\n\n项目\t金额\n合计\t10.00\n",
        );
        assert_eq!(d.contents.len(), 3, "{:?}", d.contents);
        assert!(d.sections.is_empty(), "{:?}", d.sections);
        // Headings that open sections with text between them are headings,
        // after a 目录 line too.
        let d = doc("报告\n\n目录\n\n一、概况\n\n（一）基本情况\n\n正文。\n\n二、结论\n\n结论。\n");
        assert!(d.contents.is_empty());
        assert_eq!(d.sections.len(), 2);
    }

    #[test]
    fn parts_hold_the_ladder_under_them() {
        let d = doc(
            "报告\n\n第一部分 部门概况\n\n一、主要职能\n\n负责工作。\n\n二、机构设置\n\n设办公室。\n\n第二部分 预算情况说明\n\n一、收支预算总表情况说明\n\n收支平衡。\n",
        );
        let parts: Vec<(&str, usize)> = d
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.children.len()))
            .collect();
        assert_eq!(parts, [("部门概况", 2), ("预算情况说明", 1)]);
        // The ladder's level is kept: 第一部分 and 一、 are both of rank 1.
        assert_eq!(
            (d.sections[0].level, d.sections[0].children[0].level),
            (1, 1)
        );
        assert_eq!(d.sections[1].children[0].id, "2.1");
    }

    #[test]
    fn sections_nest_by_the_ladder_and_contents_stay_apart() {
        let d = doc(
            "某某报告\n\n目 录\n\n一、概况\t1\n（一）基本情况\t1\n二、结论\t3\n\n一、概况\n\n（一）基本情况\n\n正文。\n\n1、机构情况\n\n二、结论\n",
        );
        assert_eq!(d.title.as_deref(), Some("某某报告"));
        assert_eq!(d.contents.len(), 3);
        assert_eq!(d.sections.len(), 2);
        let s = &d.sections[0];
        assert_eq!(
            (s.number.as_deref(), s.level, s.title.as_str()),
            (Some("一"), 1, "概况")
        );
        assert_eq!(s.children[0].title, "基本情况");
        assert_eq!(s.children[0].children[0].title, "机构情况");
        assert_eq!(s.children[0].children[0].id, "1.1.1");
    }

    #[test]
    fn a_numbered_item_too_long_for_a_title_belongs_beside_its_siblings() {
        let long = "组织指导城市更新有关规划和土地管理工作，按职责推进集中城市化地区的住宅、商业、商办、市政基础设施和公共服务设施等城市更新相关工作。";
        let d = doc(&format!(
            "一、主要职能\n\n1.参与编制中长期规划和年度计划。\n\n按年度编制。\n\n2.{long}\n\n按职责推进。\n\n3.负责历史文化风貌区的规划管理。\n\n按片区管理。\n"
        ));
        let top = &d.sections[0];
        let titles: Vec<&str> = top.children.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "参与编制中长期规划和年度计划",
                "负责历史文化风貌区的规划管理"
            ]
        );
        // Item 2 is a paragraph of 主要职能, not of item 1.
        assert!(
            matches!(&top.children[0].body[..], [BodyItem::Paragraph(p)] if p.text == "按年度编制。"),
            "{:?}",
            top.children[0].body
        );
        assert!(
            matches!(&top.body[..], [BodyItem::Paragraph(p), BodyItem::Paragraph(q)]
                if p.text.starts_with("2.组织指导") && q.text == "按职责推进。"),
            "{:?}",
            top.body
        );
    }

    #[test]
    fn a_list_of_entries_is_paragraphs_whatever_each_entry_s_length() {
        let texts = |body: &[BodyItem]| -> Vec<String> {
            body.iter()
                .filter_map(|b| match b {
                    BodyItem::Paragraph(p) => Some(p.text.clone()),
                    _ => None,
                })
                .collect()
        };
        // Duties, one after another, ending with semicolons: all entries of
        // 主要职能, short or long.
        let d = doc(
            "一、主要职能\n\n省人大常委会的主要职责是：\n\n（一）召集本级人民代表大会会议；\n\n\
             （二）根据本省行政区域的具体情况和实际需要，在不同宪法、法律、行政法规相抵触的前提下，制定和颁布地方性法规；\n\n\
             （三）决定授予地方的荣誉称号。\n\n二、机构设置\n\n下设办公厅。\n",
        );
        assert!(
            d.sections[0].children.is_empty(),
            "{:?}",
            d.sections[0].children
        );
        let body = texts(&d.sections[0].body);
        assert_eq!(body.len(), 4);
        assert!(body[1].starts_with("（一）召集") && body[3].starts_with("（三）决定"));
        assert_eq!(d.sections[1].title, "机构设置");
        // Conditions of a rule, the first a long sentence: both entries.
        let long = "年度内有局班子成员受到党纪政纪处分的；超过 3% 的正式在编人员受到违纪处分的；超过 1% 的正式在编人员因违法犯罪行为被处理的。";
        let d = doc(&format!(
            "三、否决事项\n\n1. {long}\n\n2. 因未妥善处置，发生群体性事件造成严重社会影响的。\n"
        ));
        assert!(d.sections[0].children.is_empty());
        assert_eq!(texts(&d.sections[0].body).len(), 2);
        // Headings with bodies of their own stay headings, and so do short
        // items one after another with nothing that reads as an entry.
        let d = doc(
            "一、成效\n\n（一）立法工作\n\n制定法规 5 件；\n\n（二）监督工作\n\n开展执法检查。\n\n\
             二、计划\n\n（一）收入预算\n\n（二）支出预算\n\n预算如下。\n",
        );
        let titles: Vec<&str> = d
            .sections
            .iter()
            .flat_map(|s| s.children.iter().map(|c| c.title.as_str()))
            .collect();
        assert_eq!(titles, ["立法工作", "监督工作", "收入预算", "支出预算"]);
        // A contents listing run together on one line is long, but ends no
        // sentence: the items beside it stay headings.
        let d = doc(
            "一、概况\n\n（一）收入预算总表（二）支出预算总表（三）财政拨款收支预算总表（四）一般公共预算支出功能分类预算表（五）政府性基金预算支出表（六）国有资本经营预算支出表\n\n\
             （七）部门职责\n\n（八）机构设置\n\n内容。\n",
        );
        let titles: Vec<&str> = d.sections[0]
            .children
            .iter()
            .map(|c| c.title.as_str())
            .collect();
        assert_eq!(titles, ["部门职责", "机构设置"]);
    }

    #[test]
    fn run_in_heading_title_is_first_sentence() {
        let d = doc("一、成效\n\n（一）聚力遏制新增，违法管控取得新成效。以遏制新增问题为目标。\n");
        let s = &d.sections[0].children[0];
        assert_eq!(s.title, "聚力遏制新增，违法管控取得新成效");
        assert!(matches!(&s.body[0], BodyItem::Paragraph(p) if p.text == "以遏制新增问题为目标。"));
    }

    #[test]
    fn caption_unit_and_split_table() {
        let d = doc(
            "一、资产\n\n表 1-4 车辆情况\n\n单位：万元\n\n类别\t数量\t原值\n轿车\t1.00\t23.28\n\n类别\t数量\t原值\n合计\t1.00\t23.28\n\n注：说明。\n",
        );
        assert_eq!(d.tables.len(), 1);
        let t = &d.tables[0];
        assert_eq!(t.caption.as_deref(), Some("表 1-4 车辆情况"));
        assert_eq!(t.unit.as_deref(), Some("万元"));
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.section.as_deref(), Some("1"));
        assert_eq!(t.location, Span::lines(7, 11));
    }

    #[test]
    fn a_caption_with_its_table_number_on_the_same_line() {
        // As text exports (and `jixiao text`) write a disclosure's title line
        // and its number line: one line, the number after or before.
        let d = doc(
            "收支预算总表 公开表一\n\n单位：万元\n\n项目\t金额\n合计\t1.00\n\n\
             公开表二：收入预算总表\n\n项目\t金额\n合计\t1.00\n\n\
             支出预算总表（公开表三）\n项目\t金额\n合计\t1.00\n\n\
             详见表4\n\n项目\t金额\n合计\t1.00\n",
        );
        let captions: Vec<Option<&str>> = d.tables.iter().map(|t| t.caption.as_deref()).collect();
        assert_eq!(
            captions,
            [
                Some("收支预算总表 公开表一"),
                Some("公开表二：收入预算总表"),
                Some("支出预算总表（公开表三）"),
                None
            ]
        );
        assert_eq!(d.tables[0].unit.as_deref(), Some("万元"));
        assert!(d.preamble.iter().all(|p| !p.text.contains("预算总表")));
    }

    #[test]
    fn a_table_opening_a_section_named_like_a_table_takes_its_name() {
        let d = doc(
            "一、收支预算总表\n\n部门：某局 单位：万元\n\n项目\t金额\n合计\t1.00\n\n类别\t数量\t原值\t净值\n轿车\t1.00\t23.28\t20.00\n\n\
             二、支出预算情况说明\n\n项目\t金额\n合计\t1.00\n\n三、三公经费表\n\n说明如下。\n\n项目\t金额\n合计\t2.00\n",
        );
        let captions: Vec<Option<&str>> = d.tables.iter().map(|t| t.caption.as_deref()).collect();
        // Only the first table, right under the heading; not under a heading
        // that names no table; not after a paragraph of the section.
        assert_eq!(captions, [Some("收支预算总表"), None, None, None]);
        assert_eq!(d.tables[0].unit.as_deref(), Some("万元"));
    }

    #[test]
    fn notice_title_beats_banner() {
        let d = doc(
            "# 某市某局文件\n\n某发〔2022〕37号\n\n## 某市某局 关于印发《某某考核办法》的通知\n\n各单位：\n\n一、对象\n",
        );
        assert_eq!(
            d.title.as_deref(),
            Some("某市某局 关于印发《某某考核办法》的通知")
        );
    }

    fn titles(d: &Document) -> Vec<String> {
        fn walk(s: &[Section], out: &mut Vec<String>) {
            for s in s {
                out.push(format!("{}{}", s.number.as_deref().unwrap_or(""), s.title));
                walk(&s.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&d.sections, &mut out);
        out
    }

    #[test]
    fn a_long_heading_in_text_of_one_paragraph_per_line_stays_a_heading() {
        // Jiangsu's template heading is 31 characters and not a sentence;
        // the paragraph after it opens a new one.
        let d = doc(
            "八、一般公共预算基本支出预算情况说明\n\n基本支出预算9312.9万元。\n\n\
             九、一般公共预算“三公”经费、会议费、培训费支出预算情况说明\n\n\
             江苏省人大常委会办公厅2019年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出199.25万元。\n",
        );
        assert_eq!(
            titles(&d),
            [
                "八一般公共预算基本支出预算情况说明",
                "九一般公共预算“三公”经费、会议费、培训费支出预算情况说明"
            ]
        );
        // The same line cut inside a word is joined to its rest.
        let d = doc("一、主要任务\n\n（一）依法履职\n\n正文。\n\n\
             （二）积极完成全国人大常委会委托或交办的立法调研、执法检查等各项任\n\n\
             务，切实维护人民群众的根本权益\n");
        assert!(
            titles(&d)
                .iter()
                .any(|t| t.contains("各项任务，切实维护人民群众的根本权益")),
            "{:?}",
            titles(&d)
        );
    }

    #[test]
    fn hard_wrapped_text_joins_only_lines_that_fill_the_wrap() {
        // Prose cut at 20 characters; a heading shorter than that is a
        // heading, and the paragraph cut three times is one again.
        let prose = "本部门年度收入预算总计一万二千三百四十五万元，与上年相比增加三百万元，主要原因是人员经费增加以及项目支出调整。";
        let chars: Vec<char> = prose.chars().collect();
        let cut: Vec<String> = chars.chunks(20).map(|c| c.iter().collect()).collect();
        let cut = cut.join("\n");
        let text = format!(
            "一、收入预算情况\n{cut}\n{cut}\n二、支出预算情况说明\n{cut}\n（一）基本支出\n{cut}\n\
             （二）医疗支出\n主要用于：行政单位医疗保险支出。年初预算为 42.73\n万元，支出决算为 40.35 万元。\n"
        );
        let d = doc(&text);
        assert_eq!(
            titles(&d),
            [
                "一收入预算情况",
                "二支出预算情况说明",
                "（一）基本支出",
                "（二）医疗支出"
            ],
            "{text}"
        );
        // A short line is not cut by the wrap, but an amount cut before its
        // unit is.
        assert!(
            matches!(&d.sections[1].children[1].body[..], [BodyItem::Paragraph(p)]
                if p.text == "主要用于：行政单位医疗保险支出。年初预算为 42.73万元，支出决算为 40.35 万元。"),
            "{:?}",
            d.sections[1].children[1].body
        );
        let bodies: Vec<&str> = d.sections[0]
            .body
            .iter()
            .chain(&d.sections[1].body)
            .chain(&d.sections[1].children[0].body)
            .filter_map(|b| match b {
                BodyItem::Paragraph(p) => Some(p.text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(bodies, [prose; 4]);
        assert_eq!(
            wrap_width(&crate::ingest::text::read(text.as_bytes()).unwrap().blocks),
            Some(Wrap {
                chars: Some(20),
                columns: Some(40)
            })
        );
        // One paragraph per line: no wrap.
        let text = "一、概况\n本部门主要职责是负责本区的财政管理工作。\n本年度收入预算总计一万二千三百四十五万元，与上年相比增加三百万元。\n主要原因是人员经费增加。\n二、支出\n本年度支出预算总计一万二千三百四十五万元，其中基本支出八千万元，项目支出四千三百四十五万元。\n支出均按规定执行。\n";
        assert_eq!(
            wrap_width(&crate::ingest::text::read(text.as_bytes()).unwrap().blocks),
            None
        );
    }

    /// The paragraphs of a document, in order.
    fn paragraphs(d: &Document) -> Vec<String> {
        fn walk(s: &[Section], out: &mut Vec<String>) {
            for s in s {
                for b in &s.body {
                    if let BodyItem::Paragraph(p) = b {
                        out.push(p.text.clone());
                    }
                }
                walk(&s.children, out);
            }
        }
        let mut out: Vec<String> = d.preamble.iter().map(|p| p.text.clone()).collect();
        walk(&d.sections, &mut out);
        out
    }

    #[test]
    fn hard_wrapped_text_marks_where_its_paragraphs_start() {
        // Sentences whose "。" falls at the wrap, and a list whose lines end
        // before it: the marks (a blank line, an indent) say which lines go
        // on, not the ends of the lines.
        let paras = [
            "本部门二〇二五年度收入预算总计一千二百三十四万元，与上年相比持平。其中：",
            "一般公共预算拨款收入一千万元，与上年相比增加五十万元，增长百分之五，主要用于保障机构正常运转和完成年度重点工作任务。",
            "主要原因是人员经费政策性调整以及项目支出的安排有所增加，同时新增了信息化建设运行维护等项目经费。",
            "其他收入二百三十四万元，与上年相比减少五十万元，主要是上年一次性收入本年不再安排，相应减少了收入预算。",
            "本部门二〇二五年支出预算总计一千二百三十四万元，与上年相比持平，其中基本支出八百万元，项目支出四百三十四万元。",
            "决算数等于预算数的主要原因是严格按照预算执行，各项支出均按照规定的标准和程序办理，没有超出预算。",
            "各项支出均按照规定的标准和程序办理，没有超出预算。",
        ];
        let wrap = |p: &str, indent: &str| -> String {
            let chars: Vec<char> = format!("{indent}{p}").chars().collect();
            let lines: Vec<String> = chars.chunks(33).map(|c| c.iter().collect()).collect();
            lines.join("\n")
        };
        let blank: Vec<String> = paras.iter().map(|p| wrap(p, "")).collect();
        let indented: Vec<String> = paras.iter().map(|p| wrap(p, "\u{3000}\u{3000}")).collect();
        for text in [
            format!("一、收入预算\n\n{}\n", blank.join("\n\n")),
            format!("一、收入预算\n{}\n", indented.join("\n")),
        ] {
            let d = doc(&text);
            assert_eq!(titles(&d), ["一收入预算"], "{text}");
            assert_eq!(paragraphs(&d), paras, "{text}");
        }
        // The first line of the first paragraph ends with its sentence at
        // the wrap: it goes on.
        assert!(paras[0].chars().nth(32) == Some('。'));
        // Neither mark: a line that fills the wrap with a whole sentence
        // ends its paragraph, as `pdftotext` lines are read.
        let plain: Vec<String> = paras.iter().map(|p| wrap(p, "")).collect();
        let d = doc(&format!("一、收入预算\n{}\n", plain.join("\n")));
        assert_eq!(
            paragraphs(&d)[0],
            "本部门二〇二五年度收入预算总计一千二百三十四万元，与上年相比持平。"
        );
    }

    #[test]
    fn a_line_opening_on_a_cut_word() {
        assert!(opens_on_stub("务，切实维护人民群众的根本权益"));
        assert!(opens_on_stub("作，联系本级人民代表大会代表；"));
        assert!(!opens_on_stub("江苏省人大常委会办公厅2019年度"));
        assert!(!opens_on_stub("，开头就是标点"));
        assert!(!opens_on_stub("体推进“三不腐”建设；"));
    }

    #[test]
    fn page_broken_paragraphs_join() {
        let d = doc(
            "一、成效\n\n1、完善廉政制度。严格落实“党政同责、一岗双责”，一\n\n体推进“三不腐”建设。\n",
        );
        let s = &d.sections[0].children[0];
        assert!(
            matches!(&s.body[0], BodyItem::Paragraph(p) if p.text == "严格落实“党政同责、一岗双责”，一体推进“三不腐”建设。")
        );
        let _ = Ingested::default();
        // A list entry cut after its first line is not a bare heading: its
        // rest joins it (a heading line alone would keep its paragraph).
        let d = doc(
            "一、主要职能\n\n（六）制定地方性法规；\n\n（七）监督本级人民政府、人民法院和人民检察院的工\n\n\
             作，联系本级人民代表大会代表；\n\n（八）撤销本级人民政府的不适当的决定和命令；\n",
        );
        let s = &d.sections[0];
        assert!(s.children.is_empty());
        assert!(
            matches!(&s.body[1], BodyItem::Paragraph(p)
                if p.text == "（七）监督本级人民政府、人民法院和人民检察院的工作，联系本级人民代表大会代表；"),
            "{:?}",
            s.body
        );
        // A line opening on a comma is the rest of the one above, not a
        // salutation ("，其中：").
        let d = doc(
            "一、财政拨款基本支出预算情况说明\n江苏省某厅2018年度财政拨款基本支出预算10403.11万元\n，其中：\n（一）人员经费8308.53万元\n",
        );
        assert!(
            matches!(&d.sections[0].body[0], BodyItem::Paragraph(p)
                if p.text == "江苏省某厅2018年度财政拨款基本支出预算10403.11万元，其中："),
            "{:?}",
            d.sections[0].body
        );
        // The rest of an amount: digits and a unit, or the unit alone.
        assert!(starts_with_amount_rest("2万元，与上年相比"));
        assert!(starts_with_amount_rest(".5%"));
        assert!(starts_with_amount_rest("万元，支出决算为 40.35 万元"));
        assert!(!starts_with_amount_rest("2024年预算"));
        assert!(!starts_with_amount_rest("支出决算为"));
        // A heading cut inside its amount: one line again.
        let d = doc(
            "一、支出\n\n2、人大事务（款）一般行政管理事务（项）支出2464.0\n2万元，与上年相比增加123.67万元，增长5.28%\n",
        );
        assert_eq!(
            d.sections[0].children[0].title,
            "人大事务（款）一般行政管理事务（项）支出2464.02万元，与上年相比增加123.67万元，增长5.28%",
            "{:?}",
            d.sections
        );
        // Not a year after an attachment's number.
        let d = doc("附件2\n2024年度部门整体支出绩效自评表\n");
        assert!(!d.sections[0].title.contains("22024"), "{:?}", d.sections);
        // A line that stops on a word, then "此外，…": two paragraphs.
        let d = doc(
            "一、支出预算\n\n4、结转下年资金预算数为0 万元，主要原因是本部门无此项资金\n\n此外，基本支出预算数为9312.9万元。与上年相比增加1435.14万元。\n",
        );
        let s = &d.sections[0];
        assert!(
            s.body
                .iter()
                .chain(s.children.iter().flat_map(|c| &c.body))
                .any(|b| matches!(b, BodyItem::Paragraph(p) if p.text.starts_with("此外"))),
            "{:?}",
            d.sections
        );
        let d =
            doc("一、成效\n\n（一）立法工作取得新的进展和成效\n\n制定法规五件，批准法规十二件\n");
        assert_eq!(
            d.sections[0].children[0].title,
            "立法工作取得新的进展和成效"
        );
    }
}
