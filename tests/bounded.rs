//! Issue 13: the shapes that once hung or exhausted memory — one very long
//! table row as text (tab-separated), as DOCX (one `w:tr` of many cells) and
//! as PDF (tens of thousands of glyphs on one baseline), plus one paragraph
//! dense with figures, prose of many shares of one named whole and one
//! sentence of tens of thousands of figures — finish
//! with a document or fail with a named limit.
//! Each runs under a small time budget, so a regression shows as a
//! `timeout-per-doc` failure here instead of a hung test. (Timing itself is
//! measured by `scripts/bounded.py`, not asserted.)

use std::io::Write;
use std::time::Duration;

use jixiao::Error;
use jixiao::model::Document;

/// Extract under a 5 s budget: a document, or a limit other than the budget.
fn bounded(bytes: &[u8], name: &str) -> Result<Document, (&'static str, String)> {
    let r = jixiao::limits::with_deadline(Some(Duration::from_secs(5)), || {
        jixiao::extract_bytes(bytes, name)
    });
    match r {
        Ok(doc) => Ok(doc),
        Err(Error::Limit { limit, detail }) => {
            assert_ne!(
                limit, "timeout-per-doc",
                "{name}: the time budget ran out ({detail}): a super-linear path is back"
            );
            Err((limit, detail))
        }
        Err(e) => panic!("{name}: expected a document or a limit, got {e}"),
    }
}

fn repeat_to(unit: &[u8], size: usize) -> Vec<u8> {
    unit.repeat((size / unit.len()).max(1))
}

fn cells_in_widest_row(doc: &Document) -> usize {
    doc.tables
        .iter()
        .flat_map(|t| t.header.iter().chain(&t.rows))
        .map(Vec::len)
        .max()
        .unwrap_or(0)
}

#[test]
fn one_long_tab_separated_row_is_a_table_or_a_cell_limit() {
    // 100,000 cells: under max-cells, so the whole row must come through.
    let text = "合计\t1,234.56\t万元\t".repeat(34_000).into_bytes();
    let doc = bounded(&text, "long-row.txt").expect("a row of 100,000 cells is read");
    assert!(cells_in_widest_row(&doc) >= 99_000, "cells were lost");
    // The issue's file (1.2 million cells) fails by name, without holding them.
    let text = repeat_to("合计\t1,234.56\t万元\t".as_bytes(), 9_200_000);
    let (limit, detail) = bounded(&text, "issue.txt").expect_err("over max-cells");
    assert_eq!(limit, "max-cells", "{detail}");
}

fn docx(body: &[u8]) -> Vec<u8> {
    let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let mut xml =
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body>"#).into_bytes();
    xml.extend_from_slice(body);
    xml.extend_from_slice(b"</w:body></w:document>");
    let ct = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in [
            ("[Content_Types].xml", ct.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("word/document.xml", &xml),
        ] {
            z.start_file(name, opts).expect("zip entry");
            z.write_all(data).expect("zip write");
        }
        z.finish().expect("zip");
    }
    buf.into_inner()
}

fn tc(text: &str) -> String {
    format!("<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
}

#[test]
fn one_docx_row_of_very_many_cells_is_bounded() {
    let unit = format!("{}{}{}", tc("合计"), tc("1,234.56"), tc("万元"));
    let mut body = b"<w:tbl><w:tr>".to_vec();
    body.extend(unit.repeat(34_000).into_bytes());
    body.extend_from_slice(b"</w:tr></w:tbl>");
    match bounded(&docx(&body), "long-row.docx") {
        // A Word table has at most 1,000 grid columns here (a hostile
        // gridSpan is clamped too): the rest of the row is reported.
        Ok(doc) => {
            assert_eq!(cells_in_widest_row(&doc), 1000);
            assert!(
                doc.warnings
                    .iter()
                    .any(|w| w.kind == "limit.columns" && w.message.contains("101000 cell(s)")),
                "{:?}",
                doc.warnings
            );
        }
        Err((limit, detail)) => assert!(
            ["max-cells", "max-xml-elements"].contains(&limit),
            "{limit}: {detail}"
        ),
    }
}

/// One page in STSong-Light (UCS-2 codes, no embedded font) drawing `content`.
fn cjk_pdf(content: &[u8], width: u32) -> Vec<u8> {
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>"
    );
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(content);
    stream.extend_from_slice(b"\nendstream");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page.into_bytes(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>".to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>".to_vec(),
        stream,
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    out
}

fn ucs2(s: &str) -> String {
    let hex: String = s.encode_utf16().map(|u| format!("{u:04X}")).collect();
    format!("<{hex}>")
}

#[test]
fn a_pdf_line_of_tens_of_thousands_of_glyphs_is_bounded() {
    // Each cell its own Tj, left to right on one baseline at a small size.
    let cells = ["合计", "1,234.56", "万元"];
    let mut content = String::from("BT /F1 0.5 Tf");
    let mut x = 10.0f64;
    let mut glyphs = 0;
    for i in 0..30_000 {
        let c = cells[i % 3];
        content.push_str(&format!(" 1 0 0 1 {x:.2} 400 Tm {} Tj", ucs2(c)));
        x += 0.5 * c.chars().count() as f64 + 0.6;
        glyphs += c.chars().count();
    }
    content.push_str(" ET");
    assert!(glyphs > 50_000);
    let pdf = cjk_pdf(content.as_bytes(), x as u32 + 20);
    match bounded(&pdf, "long-row.pdf") {
        Ok(doc) => {
            let text = jixiao::output::render_text(&doc);
            assert!(
                text.matches("1,234.56").count() >= 9_000,
                "glyphs were lost"
            );
        }
        Err((limit, detail)) => assert_eq!(limit, "max-glyphs", "{detail}"),
    }
    // The same glyphs in one TJ array (one string per cell, no positioning).
    let unit = format!("{} -50 ", ucs2("合计 1,234.56 万元 "));
    let body = unit.repeat(20_000);
    let pdf = cjk_pdf(
        format!("BT /F1 1 Tf 1 0 0 1 10 400 Tm [{body}] TJ ET").as_bytes(),
        595,
    );
    if let Err((limit, detail)) = bounded(&pdf, "long-line.pdf") {
        assert_eq!(limit, "max-glyphs", "{detail}");
    }
}

#[test]
fn a_paragraph_dense_with_figures_is_read_or_hits_max_figures() {
    let unit = "支出1,234.56万元，增长12.5%，完成3个，得分95分；".as_bytes();
    let doc = bounded(&repeat_to(unit, 2_000_000), "figures.txt").expect("under max-figures");
    let figures: usize = doc
        .preamble
        .iter()
        .chain(doc.sections.iter().flat_map(|s| {
            s.body.iter().filter_map(|b| match b {
                jixiao::model::BodyItem::Paragraph(p) => Some(p),
                _ => None,
            })
        }))
        .map(|p| p.figures.len())
        .sum();
    assert!(figures > 100_000, "figures were lost: {figures}");
    let (limit, _) =
        bounded(&repeat_to(unit, 12_000_000), "figures-big.txt").expect_err("over max-figures");
    assert_eq!(limit, "max-figures");
}

#[test]
fn many_shares_of_a_whole_named_without_its_amount_are_bounded() {
    // Each share's whole is looked up among the amounts the prose states:
    // 20,000 statements of it and 20,000 shares once took minutes.
    let mut text = String::from("某厅2019年度部门预算\n\n一、情况说明\n\n");
    for _ in 0..20_000 {
        text.push_str("本年支出合计100万元。甲项50万元，占本年支出合计的50%。\n\n");
    }
    bounded(text.as_bytes(), "shares.txt").expect("a document");
}

#[test]
fn one_sentence_of_tens_of_thousands_of_figures_is_bounded() {
    // One sentence: a 其中 list, one label over and over, increases with no
    // level — each once took a minute (a scan from the sentence's start for
    // every figure, a pass over every pair).
    for (unit, name) in [
        ("甲1 万元，", "qizhong.txt"),
        ("住房公积金 1 万元，", "repeats.txt"),
        ("与上年相比增加 1 万元，", "increases.txt"),
    ] {
        let mut text = format!(
            "某厅2019年度部门预算\n\n一、情况说明\n\n总额 1 万元，其中{}",
            unit
        );
        text.push_str(&unit.repeat(50_000));
        text.push_str("。\n");
        bounded(text.as_bytes(), name).expect("a document");
    }
}
