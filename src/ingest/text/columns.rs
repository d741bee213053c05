//! Prose set in two columns side by side in a plain-text file: the text of
//! a two-column PDF page exported with its layout kept (`pdftotext -layout`,
//! a copy from a PDF viewer), where each line holds a line of the left
//! column, a wide gap, and a line of the right column:
//!
//! ```text
//!  本年收入合计 3,204.20 万元，其中：      本年支出合计 2,904.20 万元，其中：
//!  财政拨款收入 2,846.32 万元，占          基本支出 1,862.30 万元，占 64.12%；
//!  88.83%；事业收入 312.60 万元，占        项目支出 1,041.90 万元，占 35.88%。
//! ```
//!
//! Read line by line, each sentence runs on into the other column's. Such a
//! run of lines is given back column by column — the left column's lines,
//! then the right column's — each piece keeping its line number, so a
//! figure still points at the line it is on.
//!
//! A run is two columns only when its lines say so together: one wide gap
//! per line with the right column starting at the same display column on
//! each, prose on both sides (CJK text with sentence punctuation), and the
//! left column's lines filling it to a common width, as set type does. A
//! table laid out with spaces has several gaps per row or numbers on one
//! side, and a list of labels and notes has left cells of every length: both
//! stay as they are.

use super::Line;

/// The narrowest gap between two columns, in spaces.
const MIN_GAP: usize = 3;

/// What one line holds, in display columns (a CJK character takes two).
#[derive(Clone, Copy, Debug)]
enum Shape<'a> {
    Blank,
    /// Text with no wide gap inside: where it starts and ends.
    Single {
        start: usize,
        end: usize,
        text: &'a str,
    },
    /// Text, one wide gap, text: where the left part ends and the right
    /// part starts.
    Split {
        left_end: usize,
        right_start: usize,
        left: &'a str,
        right: &'a str,
    },
    /// Tabs, or several wide gaps (a table laid out with spaces).
    Other,
}

fn width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

fn shape(text: &str) -> Shape<'_> {
    if text.trim().is_empty() {
        return Shape::Blank;
    }
    if text.contains('\t') {
        return Shape::Other;
    }
    // Walk the line once: runs of text and the gaps between them.
    let mut col = 0;
    let mut start = None; // display column where the text starts
    let mut end = 0; // display column after the last non-space seen
    let mut end_byte = 0;
    let mut gap: Option<(usize, usize, usize)> = None; // (left end col, left end byte, right start byte)
    let mut spaces = 0; // spaces in the current run of them
    let mut right_start = 0;
    let mut gaps = 0;
    for (i, c) in text.char_indices() {
        let w = width(c);
        if is_space(c) {
            spaces += if c == ' ' { 1 } else { 2 };
        } else {
            if start.is_none() {
                start = Some(col);
            } else if spaces >= MIN_GAP {
                gaps += 1;
                if gaps > 1 {
                    return Shape::Other;
                }
                gap = Some((end, end_byte, i));
                right_start = col;
            }
            spaces = 0;
            end = col + w;
            end_byte = i + c.len_utf8();
        }
        col += w;
    }
    let start = start.unwrap_or(0);
    match gap {
        None => Shape::Single {
            start,
            end,
            text: text[..end_byte].trim_start_matches(is_space),
        },
        Some((left_end, left_byte, right_byte)) => Shape::Split {
            left_end,
            right_start,
            left: text[..left_byte].trim_start_matches(is_space),
            right: &text[right_byte..end_byte],
        },
    }
}

/// The lines with every two-column run read column by column, or `None`
/// when the text has none (the usual case, which costs one pass).
pub(super) fn unfold<'a>(lines: &[Line<'a>]) -> Option<Vec<Line<'a>>> {
    if !lines.iter().any(|l| l.text.trim().contains("   ")) {
        return None;
    }
    let shapes: Vec<Shape> = lines.iter().map(|l| shape(l.text)).collect();
    let mut out: Option<Vec<Line<'a>>> = None;
    let mut copied = 0; // lines before this are in `out`
    let mut i = 0;
    while i < lines.len() {
        let Shape::Split { right_start, .. } = shapes[i] else {
            i += 1;
            continue;
        };
        let end = run_end(&shapes, i, right_start);
        if two_columns(&shapes[i..end]) {
            let out = out.get_or_insert_with(|| Vec::with_capacity(lines.len() + 1));
            out.extend(lines[copied..i].iter().map(|l| Line {
                no: l.no,
                text: l.text,
            }));
            read_columns(&lines[i..end], &shapes[i..end], out);
            copied = end;
        }
        // (A run that is not two columns is not tried again from inside:
        // its lines share the gutter, so any part of it fails the same way.)
        i = end.max(i + 1);
    }
    let mut out = out?;
    out.extend(lines[copied..].iter().map(|l| Line {
        no: l.no,
        text: l.text,
    }));
    Some(out)
}

/// Where a run of lines sharing the gutter at display column `gutter`
/// (where the right column starts) ends: lines split there, lines of the
/// right column alone (starting there) or of the left alone (ending before
/// it), and blank lines between them. After the last split line only the
/// lines right below it belong to the run (a column's last lines); past a
/// blank line, text is the page's again.
fn run_end(shapes: &[Shape], from: usize, gutter: usize) -> usize {
    let near = |c: usize| c + 1 >= gutter && c <= gutter + 1;
    let mut end = from;
    let mut tail = true; // no blank line since the last split one
    for (j, s) in shapes.iter().enumerate().skip(from) {
        match *s {
            Shape::Blank => tail = false,
            Shape::Split {
                right_start,
                left_end,
                ..
            } if near(right_start) && left_end + MIN_GAP <= right_start => {
                end = j + 1;
                tail = true;
            }
            // A left column's last line may be as wide as the column.
            Shape::Single { start, end: e, .. } if near(start) || e < gutter => {
                if tail {
                    end = j + 1;
                }
            }
            _ => break,
        }
    }
    end
}

/// Whether a run of lines is prose in two columns (module docs).
fn two_columns(run: &[Shape]) -> bool {
    let mut split = 0;
    let (mut left, mut right) = (Side::default(), Side::default());
    let mut widest = 0;
    for s in run {
        match *s {
            Shape::Split {
                left_end,
                left: l,
                right: r,
                ..
            } => {
                split += 1;
                widest = widest.max(left_end);
                left.add(l);
                right.add(r);
            }
            Shape::Single { .. } | Shape::Blank | Shape::Other => {}
        }
    }
    // The left column is set to a width: most split lines' left parts end
    // near the widest one (a line ending a paragraph or a heading may not).
    let filled = run
        .iter()
        .filter(|s| matches!(s, Shape::Split { left_end, .. } if left_end + 6 >= widest))
        .count();
    split >= 3 && filled * 2 > split && left.prose(split) && right.prose(split)
}

/// What the pieces of one column hold.
#[derive(Default)]
struct Side {
    cjk: usize,
    punctuated: usize,
}

impl Side {
    fn add(&mut self, piece: &str) {
        let cjk = piece
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count();
        if cjk >= 2 {
            self.cjk += 1;
        }
        if piece.contains(['，', '。', '；', '：', '、']) {
            self.punctuated += 1;
        }
    }

    /// Prose: CJK text in at least two pieces of three, and sentence
    /// punctuation in at least a third.
    fn prose(&self, pieces: usize) -> bool {
        self.cjk * 3 >= pieces * 2 && self.punctuated * 3 >= pieces
    }
}

/// Append a two-column run read column by column: the left column's pieces,
/// then a blank line, then the right column's. A line with nothing on one
/// side leaves a blank line in that column (where a paragraph ends).
fn read_columns<'a>(run: &[Line<'a>], shapes: &[Shape<'a>], out: &mut Vec<Line<'a>>) {
    let gutter = shapes
        .iter()
        .find_map(|s| match s {
            Shape::Split { right_start, .. } => Some(*right_start),
            _ => None,
        })
        .unwrap_or(0);
    let column = |left_side: bool, out: &mut Vec<Line<'a>>| {
        for (line, s) in run.iter().zip(shapes) {
            let text = match *s {
                Shape::Split { left, right, .. } => {
                    if left_side {
                        left
                    } else {
                        right
                    }
                }
                Shape::Single { start, text, .. } if (start + 1 >= gutter) != left_side => text,
                _ => "",
            };
            out.push(Line { no: line.no, text });
        }
    };
    column(true, out);
    out.push(Line {
        no: run[run.len() - 1].no,
        text: "",
    });
    column(false, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Line {
                no: i as u32 + 1,
                text: t,
            })
            .collect()
    }

    fn read(text: &str) -> Option<Vec<(u32, String)>> {
        unfold(&lines(text)).map(|v| {
            v.into_iter()
                .filter(|l| !l.text.is_empty())
                .map(|l| (l.no, l.text.to_string()))
                .collect()
        })
    }

    const TWO: &str = " （一）收入情况                          （二）支出情况
 本年收入合计 3,204.20 万元，其中：      本年支出合计 2,904.20 万元，其中：
 财政拨款收入 2,846.32 万元，占          基本支出 1,862.30 万元，占 64.12%；
 88.83%；事业收入 312.60 万元，占        项目支出 1,041.90 万元，占 35.88%。
 9.76%；其他收入 45.28 万元，占 1.41%。";

    #[test]
    fn two_columns_of_prose_are_read_left_then_right_with_their_lines() {
        let got = read(TWO).expect("two columns");
        let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "（一）收入情况",
                "本年收入合计 3,204.20 万元，其中：",
                "财政拨款收入 2,846.32 万元，占",
                "88.83%；事业收入 312.60 万元，占",
                "9.76%；其他收入 45.28 万元，占 1.41%。",
                "（二）支出情况",
                "本年支出合计 2,904.20 万元，其中：",
                "基本支出 1,862.30 万元，占 64.12%；",
                "项目支出 1,041.90 万元，占 35.88%。",
            ]
        );
        let nos: Vec<u32> = got.iter().map(|(n, _)| *n).collect();
        assert_eq!(nos, [1, 2, 3, 4, 5, 1, 2, 3, 4]);
    }

    #[test]
    fn text_around_the_run_keeps_its_place() {
        let text = format!("一、收支情况\n{TWO}\n\n二、绩效目标完成情况");
        let got = read(&text).expect("two columns");
        assert_eq!(got.first().unwrap().1, "一、收支情况");
        assert_eq!(
            got.last().unwrap(),
            &(8, "二、绩效目标完成情况".to_string())
        );
    }

    #[test]
    fn a_table_laid_out_with_spaces_is_not_two_columns() {
        // Several gaps per row.
        let table = "项目            预算数        决算数      执行率
基本支出        1,862.30      1,850.10    99.34%
项目支出        1,041.90      1,002.50    96.22%
合计            2,904.20      2,852.60    98.22%";
        assert!(read(table).is_none());
        // Labels and amounts: one gap, but no prose on the right.
        let amounts = "财政拨款收入，本级安排      2,846.32 万元
事业收入，含往年结转        312.60 万元
其他收入，含利息收入        45.28 万元";
        assert!(read(amounts).is_none());
    }

    #[test]
    fn labels_of_every_length_beside_notes_are_not_two_columns() {
        let list = "一级指标      指标说明：反映项目决策是否科学，程序是否规范。
产出指标      指标说明：反映项目产出数量、质量、时效情况。
效益指标及满意度指标      指标说明：反映群众满意程度，以问卷为准。
成本      指标说明：反映项目成本控制情况，单位为万元。";
        assert!(read(list).is_none());
    }

    #[test]
    fn text_without_wide_gaps_costs_one_pass_and_is_kept() {
        assert!(read("一、基本情况\n本年收入合计3,204.20万元。").is_none());
    }
}
