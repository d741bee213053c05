use super::super::{FontInfo, Glyph, Page, Rule};
use super::*;
use crate::model::Block;

fn glyphs(s: &str, x0: f32, baseline: f32, size: f32, font: u16) -> Vec<Glyph> {
    let mut x = x0;
    s.chars()
        .map(|c| {
            let w = if c.is_ascii() { size * 0.5 } else { size };
            let g = Glyph {
                text: c.to_string(),
                x0: x,
                x1: x + w,
                top: baseline - 0.85 * size,
                bottom: baseline + 0.15 * size,
                baseline,
                size,
                font,
                upright: true,
            };
            x += w;
            g
        })
        .collect()
}

fn page(number: u32, glyphs: Vec<Glyph>, rules: Vec<Rule>) -> Page {
    Page {
        number,
        width: 595.0,
        height: 842.0,
        glyphs,
        rules,
        fonts: vec![
            FontInfo {
                name: "SimSun".into(),
                bold: false,
            },
            FontInfo {
                name: "SimHei".into(),
                bold: true,
            },
        ],
    }
}

fn texts(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => p.text.clone(),
            Block::Table(t) => format!(
                "TABLE {}",
                t.rows
                    .iter()
                    .map(|r| r
                        .cells
                        .iter()
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join("|"))
                    .collect::<Vec<_>>()
                    .join(" / ")
            ),
        })
        .collect()
}

/// A body of 26-char lines (72..384 pt at 12 pt) with first-line indents.
fn body_page(number: u32) -> Vec<Glyph> {
    let mut g = Vec::new();
    // The title only on the first page (repeated on every page it would be a
    // running header).
    if number == 1 {
        g.extend(glyphs(
            "南京市某局2024年度绩效自评报告",
            150.0,
            60.0,
            12.0,
            0,
        ));
    }
    g.extend(glyphs("一、单位概况", 72.0, 100.0, 16.0, 1));
    // Paragraph 1: indented first line, two full lines, short last line.
    g.extend(glyphs(
        "市执法局是南京市生态环境局所属全额拨款事业单",
        96.0,
        130.0,
        12.0,
        0,
    ));
    g.extend(glyphs(
        "位，根据有关批复组建，负责全市生态环境执法工作，",
        72.0,
        148.0,
        12.0,
        0,
    ));
    g.extend(glyphs("并承担其他任务。", 72.0, 166.0, 12.0, 0));
    // Paragraph 2.
    g.extend(glyphs(
        "根据要求，我单位现对2024年度部门预算绩效进行自评",
        96.0,
        184.0,
        12.0,
        0,
    ));
    g.extend(glyphs("价。", 72.0, 202.0, 12.0, 0));
    // Footer with the page number.
    g.extend(glyphs(&format!("- {number} -"), 290.0, 800.0, 10.5, 0));
    g
}

#[test]
fn paragraphs_headings_and_furniture() {
    let pages = vec![page(1, body_page(1), vec![]), page(2, body_page(2), vec![])];
    let b = blocks(&pages).expect("no limit");
    let t = texts(&b);
    assert_eq!(t.len(), 7, "{t:?}");
    assert_eq!(t[1], "一、单位概况");
    assert_eq!(
        t[2],
        "市执法局是南京市生态环境局所属全额拨款事业单位，根据有关批复组建，负责全市生态环境执法工作，并承担其他任务。"
    );
    assert_eq!(t[3], "根据要求，我单位现对2024年度部门预算绩效进行自评价。");
    assert!(
        t.iter().all(|s| !s.contains('-')),
        "page numbers removed: {t:?}"
    );
    let Block::Paragraph(h) = &b[1] else {
        panic!("heading is a paragraph")
    };
    assert!(h.style.bold);
    assert_eq!(h.style.font_size, Some(16.0));
    assert_eq!(h.span.page, Some(1));
    assert_eq!(b[4].span().page, Some(2));
}

#[test]
fn ruled_table_between_paragraphs() {
    let mut g = Vec::new();
    g.extend(glyphs("表1 资产情况", 200.0, 80.0, 12.0, 0));
    let mut rules = Vec::new();
    for y in [100.0, 120.0, 140.0] {
        rules.push(Rule {
            x0: 72.0,
            y0: y,
            x1: 372.0,
            y1: y,
        });
    }
    for x in [72.0, 222.0, 372.0] {
        rules.push(Rule {
            x0: x,
            y0: 100.0,
            x1: x,
            y1: 140.0,
        });
    }
    g.extend(glyphs("项目", 80.0, 115.0, 10.5, 0));
    g.extend(glyphs("金额", 230.0, 115.0, 10.5, 0));
    g.extend(glyphs("银行存款", 80.0, 135.0, 10.5, 0));
    g.extend(glyphs("89.73", 230.0, 135.0, 10.5, 0));
    g.extend(glyphs("注：数据来源于决算报表。", 96.0, 170.0, 12.0, 0));
    let b = blocks(&[page(1, g, rules)]).expect("no limit");
    assert_eq!(
        texts(&b),
        [
            "表1 资产情况",
            "TABLE 项目|金额 / 银行存款|89.73",
            "注：数据来源于决算报表。"
        ]
    );
}

#[test]
fn unruled_columns_make_a_table() {
    let mut g = Vec::new();
    let rows = [
        ("科目", "预算数", "决算数"),
        ("一般公共预算", "1,200.00", "1,180.50"),
        ("政府性基金", "300.00", "299.00"),
        ("合计", "1,500.00", "1,479.50"),
    ];
    for (i, (a, b, c)) in rows.iter().enumerate() {
        let y = 100.0 + 18.0 * i as f32;
        g.extend(glyphs(a, 72.0, y, 10.5, 0));
        g.extend(glyphs(b, 250.0, y, 10.5, 0));
        g.extend(glyphs(c, 400.0, y, 10.5, 0));
    }
    let b = blocks(&[page(1, g, vec![])]).expect("no limit");
    let t = texts(&b);
    assert_eq!(t.len(), 1, "{t:?}");
    assert!(
        t[0].starts_with("TABLE 科目|预算数|决算数 / 一般公共预算|1,200.00|1,180.50"),
        "{t:?}"
    );
}

/// A Chinese Word line grid moves a line with Latin digits down a notch: the
/// wider gap does not end a paragraph whose line ran to the right margin
/// mid-clause and whose next line starts at the margin; a full stop, an
/// indent or a list marker after such a gap still do.
#[test]
fn a_wider_gap_inside_a_sentence_does_not_break_the_paragraph() {
    let body = |tail: &str, next: &str| {
        let mut g = Vec::new();
        g.extend(glyphs(
            "市执法局是南京市生态环境局所属的全额拨款事业单位",
            96.0,
            100.0,
            12.0,
            0,
        ));
        g.extend(glyphs(
            &format!("根据有关批复组建，负责全市生态环境执法监督工作，{tail}"),
            72.0,
            118.0,
            12.0,
            0,
        ));
        // 13 pt between the lines instead of 6: more than an em.
        g.extend(glyphs(next, 72.0, 143.0, 12.0, 0));
        g.extend(glyphs(
            "根据要求，我单位现对2024年度部门预算绩效进行自评",
            96.0,
            161.0,
            12.0,
            0,
        ));
        g.extend(glyphs(
            "价，形成自评报告如下，各项指标均按规定的口径和方法逐项计算",
            72.0,
            179.0,
            12.0,
            0,
        ));
        g.extend(glyphs("完毕。", 72.0, 197.0, 12.0, 0));
        texts(&blocks(&[page(1, g, vec![])]).expect("no limit"))
    };
    assert_eq!(
        body("同比增", "长12.5%，并承担其他任务。"),
        [
            "市执法局是南京市生态环境局所属的全额拨款事业单位根据有关批复组建，负责全市生态环境执法监督工作，同比增长12.5%，并承担其他任务。",
            "根据要求，我单位现对2024年度部门预算绩效进行自评价，形成自评报告如下，各项指标均按规定的口径和方法逐项计算完毕。"
        ]
    );
    // A sentence that ended, or a list item after the gap: a new paragraph.
    assert_eq!(body("已完。", "并承担其他任务。").len(), 3);
    assert_eq!(body("同比增", "（二）并承担其他任务。").len(), 3);
}

/// A paragraph's first line, indented two characters and stopping a little
/// short of the right margin (the next word did not fit), is about as far
/// from both margins, but it is no centred title: the next line back at the
/// left margin continues it.
#[test]
fn an_indented_first_line_stopping_short_is_not_a_centred_title() {
    let mut g = Vec::new();
    // 72..384 body; the first line 96.4..372.4 (one character short; the
    // indent a hair over two characters, as measured in real files).
    g.extend(glyphs(
        "因公出国（境）费预算支出一百一十万元，与上年预",
        96.4,
        100.0,
        12.0,
        0,
    ));
    g.extend(glyphs("算数相等。", 72.0, 118.0, 12.0, 0));
    for (i, y) in [136.0, 154.0, 172.0, 190.0].into_iter().enumerate() {
        let x = if i == 0 { 96.0 } else { 72.0 };
        let text = if i == 0 {
            "公务用车购置及运行费预算支出三百一十七万元，其中"
        } else {
            "公务用车运行维护费预算支出二百六十七万元，与上年持平"
        };
        g.extend(glyphs(text, x, y, 12.0, 0));
    }
    let t = texts(&blocks(&[page(1, g, vec![])]).expect("no limit"));
    assert_eq!(
        t[0], "因公出国（境）费预算支出一百一十万元，与上年预算数相等。",
        "{t:?}"
    );
}

/// A line that stops short because the number starting the next one did not
/// fit ("…拟购买服务" / "2555.8 万元。") goes on in the next line; a line
/// stopping as short with room for what follows ends its paragraph.
#[test]
fn a_line_short_by_a_number_that_did_not_fit_goes_on() {
    let body = |next: &str| {
        let mut g = Vec::new();
        // The body runs 72..384 (26 characters of 12 pt).
        g.extend(glyphs(
            "本部门政府采购预算总金额为二千八百八十九点八万元，其",
            72.0,
            100.0,
            12.0,
            0,
        ));
        // 23 characters: 3 em short of the margin.
        g.extend(glyphs(
            "中拟购货物三百万元；拟购工程零元；拟购买的服务",
            72.0,
            118.0,
            12.0,
            0,
        ));
        g.extend(glyphs(next, 72.0, 136.0, 12.0, 0));
        g.extend(glyphs(
            "第二段从这里开始，说明其他情况，直到这一行写满为",
            96.0,
            154.0,
            12.0,
            0,
        ));
        g.extend(glyphs(
            "止，再写一行到右边的页边距为止，这样就够了的吧。",
            72.0,
            172.0,
            12.0,
            0,
        ));
        texts(&blocks(&[page(1, g, vec![])]).expect("no limit"))
    };
    // "2555.8" is six half-width glyphs, 3 em: it could not follow "服务".
    let t = body("2555.8万元。");
    assert_eq!(t.len(), 2, "{t:?}");
    assert!(t[0].ends_with("拟购买的服务2555.8万元。"), "{t:?}");
    // An ideograph would have fitted: the short line ended its paragraph.
    let t = body("另有说明。");
    assert_eq!(t.len(), 3, "{t:?}");
}

/// The page's body margin is where most of its text is: eight short list
/// items indented at 110 pt do not move it off the paragraph's edge at 72.
#[test]
fn short_indented_items_do_not_make_the_body_margin() {
    let mut g = Vec::new();
    for i in 0..8 {
        g.extend(glyphs(
            &format!("{}.清风苑杂志社", i + 1),
            110.0,
            100.0 + 18.0 * i as f32,
            12.0,
            0,
        ));
    }
    // A paragraph whose third line starts a little left of the others and
    // follows a wider gap (25 pt instead of 18 between the baselines: a line
    // with digits pushed down a notch), which only a line running to the
    // body's right margin may bridge.
    g.extend(glyphs(
        "省检察院部门预算包括省检察院机关本级预算和下辖两",
        96.0,
        260.0,
        12.0,
        0,
    ));
    g.extend(glyphs(
        "个铁路运输检察院总预算。预算测算、编制的依据主要包括",
        72.0,
        278.0,
        12.0,
        0,
    ));
    g.extend(glyphs(
        "省检察院机关及两个铁路检察院工作职能、2017年度工作任",
        70.0,
        303.0,
        12.0,
        0,
    ));
    g.extend(glyphs(
        "务和事业发展规划，以及苏省财政厅关于省级单位公用支出",
        72.0,
        321.0,
        12.0,
        0,
    ));
    g.extend(glyphs(
        "的综合定额标准、省级行政单位人员支出标准及人员的编制",
        72.0,
        339.0,
        12.0,
        0,
    ));
    g.extend(glyphs("和实有数等。", 72.0, 357.0, 12.0, 0));
    let t = texts(&blocks(&[page(1, g, vec![])]).expect("no limit"));
    assert!(
        t.iter().any(|p| p.contains("依据主要包括省检察院机关")),
        "{t:?}"
    );
}

/// A contents page of numbered entries, one per line: an entry that runs to
/// the right margin does not swallow the next one ("十一、…支出预算表" then
/// "十二、政府采购支出预算表"), while a line cut inside a number ("如下表 1-" |
/// "1、1-2") or on a clause mark goes on.
#[test]
fn a_numbered_line_after_a_full_one_starts_a_new_entry() {
    let run = |first: &str, second: &str| {
        let mut g = Vec::new();
        g.extend(glyphs("一、收支预算总表", 72.0, 100.0, 12.0, 0));
        // 26 characters of 12 pt: the line fills the body to its margin.
        g.extend(glyphs(first, 72.0, 118.0, 12.0, 0));
        g.extend(glyphs(second, 72.0, 136.0, 12.0, 0));
        texts(&blocks(&[page(1, g, vec![])]).expect("no limit"))
    };
    let t = run(
        "十一、一般公共预算三公经费会议费培训费支出预算表",
        "十二、政府采购支出预算表",
    );
    assert_eq!(t.len(), 3, "{t:?}");
    assert_eq!(t[2], "十二、政府采购支出预算表");
    let t = run(
        "南京市执法监察支队的收入预算数具体情况如下表1-",
        "1、1-2、1-3：",
    );
    assert!(
        t.last()
            .is_some_and(|l| l.ends_with("如下表1-1、1-2、1-3：")),
        "{t:?}"
    );
}
