//! The DOCX reader (issue 4).
//!
//! 1. Every `fixtures/corpus/*.docx` against the same report's `.txt`: the
//!    section tree (numbers, levels, titles), every table (caption, unit, each
//!    cell's text and value) and every finding (`twins.rs`: differences not
//!    in [`ALLOWED`] fail, and so do allow-list entries that match nothing).
//! 2. Edge cases on small packages built here with the `zip` writer (no binary
//!    fixtures to keep in sync): merges, repeating header rows, automatic
//!    numbering, fields, text boxes, footnotes, headers/footers, images, and
//!    the per-file errors for files that are not DOCX.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

mod twins;

use jixiao::Error;
use jixiao::model::{Block, Format, Ingested, RawTable};
use twins::{Allowed, Scope};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus")
}

// ---------------------------------------------------------------------------
// 1. DOCX versus text
// ---------------------------------------------------------------------------

/// Known, explained differences (see `twins::Allowed`).
const ALLOWED: &[Allowed] = &[
    (
        "lishui-assessment-2022",
        "",
        "section 附件 title",
        "the .txt has the attachment title on two consecutive lines (one paragraph \
         with a line break); the .docx has two separate paragraphs, so only the \
         first line is the title",
    ),
    (
        "nanjing-land-2022",
        "",
        "表 1-2 2022 年南京市国土资源执法监察支队支出预决算情况表（单位：万元）: rows row count",
        "the .docx keeps a label-less row of placeholders (\"-\" in every value \
         column) standing for the elided lines 16–66; the text reader drops that \
         tab-led line. It carries no value, so no check sees it",
    ),
    (
        "nanjing-land-2022",
        "",
        "表 1-2 2022 年南京市国土资源执法监察支队支出预决算情况表（单位：万元）: rows row 14",
        "same placeholder row as above; the rows below it are shifted by one",
    ),
    (
        "nanjing-eco-2024",
        "",
        "title: ",
        "the .docx title is the better one: the date line under the title is set \
         in another font size, so the title assembly (structure) does not join \
         it; the .txt has no sizes and joins 2025 年 06 月 onto the title",
    ),
];

#[test]
fn docx_fixtures_match_their_text_versions() {
    let mut docs: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("fixtures/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
        .collect();
    docs.sort();
    assert!(!docs.is_empty(), "no .docx fixtures");
    let txts: Vec<PathBuf> = docs.iter().map(|d| d.with_extension("txt")).collect();
    for docx in &docs {
        assert_eq!(twins::extract(docx)["source"]["format"], "docx");
    }
    let pairs: Vec<(&Path, &Path, Scope)> = txts
        .iter()
        .zip(&docs)
        .map(|(t, d)| (t.as_path(), d.as_path(), Scope::Document))
        .collect();
    twins::assert_twins(&pairs, ALLOWED);
}

// ---------------------------------------------------------------------------
// 2. Edge cases on packages built here
// ---------------------------------------------------------------------------

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A .docx package: `body` is the inside of `w:body`; `parts` are extra
/// `word/` parts (name, xml) linked from the document by their kind.
fn package(body: &str, parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: &str, text: &str| {
        zip.start_file(name, opts).expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    };
    add(
        "[Content_Types].xml",
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#,
    );
    add(
        "_rels/.rels",
        &format!(
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>"#
        ),
    );
    let mut rels = String::new();
    for (i, (name, _)) in parts.iter().enumerate() {
        let kind = name
            .trim_end_matches(".xml")
            .trim_end_matches(char::is_numeric);
        rels.push_str(&format!(
            r#"<Relationship Id="rId{}" Type="{REL}/{kind}" Target="{name}"/>"#,
            i + 10
        ));
    }
    add(
        "word/_rels/document.xml.rels",
        &format!(
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        ),
    );
    add(
        "word/document.xml",
        &format!(r#"<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>"#),
    );
    for (name, xml) in parts {
        add(&format!("word/{name}"), xml);
    }
    zip.finish().expect("zip finish").into_inner()
}

fn read(bytes: &[u8]) -> Ingested {
    jixiao::ingest::read(bytes, Format::Docx).expect("reads")
}

fn paragraphs(ing: &Ingested) -> Vec<&str> {
    ing.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            Block::Table(_) => None,
        })
        .collect()
}

fn tables(ing: &Ingested) -> Vec<&RawTable> {
    ing.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .collect()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn tc(props: &str, text: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
}

#[test]
fn merges_are_resolved_on_the_grid() {
    let grid = "<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>";
    let body = format!(
        "<w:tbl>{grid}\
         <w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}</w:tr>\
         <w:tr>{}{}{}</w:tr>\
         <w:tr>{}{}{}</w:tr>\
         <w:tr>{}</w:tr>\
         </w:tbl>",
        // Header: a two-column title (gridSpan), then one.
        tc(r#"<w:gridSpan w:val="2"/>"#, "项目"),
        tc("", "金额"),
        // A label merged down two rows (vMerge restart / continue).
        tc(r#"<w:vMerge w:val="restart"/>"#, "基本支出"),
        tc("", "人员经费"),
        tc("", "10.5"),
        tc("<w:vMerge/>", ""),
        tc("", "公用经费"),
        tc("", "2"),
        // A short row: one cell in a three-column grid; an odd width value
        // in its properties must not lose the span.
        tc(r#"<w:tcW w:w="11.4cm"/><w:gridSpan w:val="2"/>"#, "合计"),
    );
    let ing = read(&package(&body, &[]));
    let t = tables(&ing);
    assert_eq!(t.len(), 1);
    let rows = &t[0].rows;
    assert_eq!(rows.len(), 4);
    assert!(
        rows.iter().all(|r| r.cells.len() == 3),
        "every row has the grid's width"
    );
    assert!(
        rows[0].is_header && !rows[1].is_header,
        "w:tblHeader marks the header row"
    );
    // gridSpan: the owner records the span, the covered position points to it.
    assert_eq!(
        (rows[0].cells[0].text.as_str(), rows[0].cells[0].col_span),
        ("项目", 2)
    );
    assert_eq!(rows[0].cells[1].merged_from, Some((0, 0)));
    assert_eq!(rows[0].cells[1].text, "");
    assert_eq!(rows[0].cells[2].text, "金额");
    // vMerge: the owner spans two rows, the continuation points to it.
    assert_eq!(rows[1].cells[0].row_span, 2);
    assert_eq!(rows[2].cells[0].merged_from, Some((1, 0)));
    assert_eq!(
        rows[2].cells[0].text, "",
        "a merged value is not counted twice"
    );
    assert_eq!(rows[2].cells[1].text, "公用经费");
    // The short row: its span survives the odd tcW, the rest is padded.
    assert_eq!(rows[3].cells[0].col_span, 2);
    assert_eq!(rows[3].cells[1].merged_from, Some((3, 0)));
    assert_eq!(rows[3].cells[2].text, "");
}

#[test]
fn cell_paragraphs_join_with_line_breaks_and_nested_tables_join_their_cell() {
    let inner = format!(
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        tc("", "甲"),
        tc("", "1"),
        tc("", "乙"),
        tc("", "2")
    );
    let body = format!(
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>\
         <w:tr><w:tc>{}{}</w:tc><w:tc>{inner}</w:tc></w:tr>\
         <w:tr>{}{}</w:tr></w:tbl>",
        p("第一行"),
        p("第二行"),
        tc("", "a"),
        tc("", "b")
    );
    let ing = read(&package(&body, &[]));
    let t = tables(&ing);
    assert_eq!(t.len(), 1, "the nested table is not a block of its own");
    assert_eq!(t[0].rows[0].cells[0].text, "第一行\n第二行");
    assert_eq!(t[0].rows[0].cells[1].text, "甲 1\n乙 2");
}

const NUMBERING: &str = r#"<?xml version="1.0"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="（%2）"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="ideographTraditional"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#;

const STYLES: &str = r#"<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:rPr><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Sub"><w:name w:val="我的二级"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="1"/><w:numPr><w:numId w:val="1"/><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"#;

fn numbered(num: u32, ilvl: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

#[test]
fn automatic_numbering_becomes_visible_text() {
    let body = [
        numbered(1, 0, "部门概况"),
        numbered(1, 1, "单位职能"),
        // The list level comes from the paragraph style.
        r#"<w:p><w:pPr><w:pStyle w:val="Sub"/></w:pPr><w:r><w:t>人员情况</w:t></w:r></w:p>"#.into(),
        numbered(1, 2, "在编人员"),
        numbered(1, 0, "绩效目标"),
        numbered(1, 1, "总体目标"),
        numbered(2, 0, "甲项"),
        numbered(2, 0, "乙项"),
    ]
    .concat();
    let ing = read(&package(
        &body,
        &[("styles.xml", STYLES), ("numbering.xml", NUMBERING)],
    ));
    assert_eq!(
        paragraphs(&ing),
        [
            "一、部门概况",
            "（一）单位职能",
            "（二）人员情况",
            "1.在编人员",
            "二、绩效目标",
            "（一）总体目标",
            "甲. 甲项",
            "乙. 乙项",
        ]
    );
    let Block::Paragraph(sub) = &ing.blocks[2] else {
        panic!("paragraph expected")
    };
    assert_eq!(
        sub.style.outline_level,
        Some(2),
        "outlineLvl inherited from the style"
    );
}

#[test]
fn heading_styles_give_outline_level_bold_and_size() {
    let body = r#"<w:p><w:pPr><w:pStyle w:val="1"/><w:jc w:val="center"/></w:pPr><w:r><w:t>总体情况</w:t></w:r></w:p>
        <w:p><w:r><w:t>正文。</w:t></w:r></w:p>"#;
    let ing = read(&package(body, &[("styles.xml", STYLES)]));
    let Block::Paragraph(h) = &ing.blocks[0] else {
        panic!("paragraph expected")
    };
    assert_eq!(h.style.outline_level, Some(1));
    assert!(h.style.bold && h.style.centered);
    assert_eq!(h.style.font_size, Some(16.0));
    let Block::Paragraph(body) = &ing.blocks[1] else {
        panic!("paragraph expected")
    };
    assert_eq!(body.style.outline_level, None);
    assert!(!body.style.bold);
    assert_eq!(body.style.font_size, Some(14.0));
    assert_eq!(body.span.block, Some(2), "locations are body block indices");
}

#[test]
fn fields_keep_their_result_and_page_numbers_vanish() {
    let body = r#"<w:p>
        <w:r><w:t xml:space="preserve">合计 </w:t></w:r>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r>
        <w:r><w:instrText xml:space="preserve"> =SUM(ABOVE) \# "0.00" </w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r>
        <w:r><w:t>123.45</w:t></w:r>
        <w:r><w:fldChar w:fldCharType="end"/></w:r>
        <w:r><w:t xml:space="preserve"> 万元</w:t></w:r></w:p>
      <w:p><w:r><w:t xml:space="preserve">第 </w:t></w:r>
        <w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>NUMPAGES</w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>9</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
        <w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p>
      <w:p><w:hyperlink r:id="x"><w:r><w:t>链接文字</w:t></w:r></w:hyperlink>
        <w:fldSimple w:instr=" DATE "><w:r><w:t>2024年1月</w:t></w:r></w:fldSimple></w:p>"#;
    let ing = read(&package(body, &[]));
    assert_eq!(
        paragraphs(&ing),
        ["合计 123.45 万元", "第  页", "链接文字2024年1月"]
    );
}

#[test]
fn text_boxes_follow_their_paragraph_and_images_are_noted() {
    let body = r#"<w:p><w:r><w:t>正文前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">
        <w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>
          <w:p><w:r><w:t>文本框里的话</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>
        </mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框里的话</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
      <w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData><a:blip r:embed="rId9"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r><w:t>图后</w:t></w:r></w:p>"#;
    let ing = read(&package(body, &[]));
    assert_eq!(
        paragraphs(&ing),
        ["正文前", "文本框里的话", "图后"],
        "text box read once (Choice, not Fallback too), after its anchor"
    );
    assert_eq!(ing.warnings.len(), 1);
    assert_eq!(ing.warnings[0].kind, "image.skipped");
    assert_eq!(
        ing.warnings[0].location.as_ref().and_then(|s| s.block),
        Some(2)
    );
}

#[test]
fn footnotes_come_at_the_end_headers_and_footers_never() {
    let footnotes = r#"<?xml version="1.0"?><w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
        <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 数据来源：财务决算。</w:t></w:r></w:p></w:footnote>
        </w:footnotes>"#;
    let header = r#"<?xml version="1.0"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>页眉文字</w:t></w:r></w:p></w:hdr>"#;
    let footer = r#"<?xml version="1.0"?><w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>页脚文字</w:t></w:r></w:p></w:ftr>"#;
    let body = r#"<w:p><w:r><w:t>支出 100 万元</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t>。</w:t></w:r></w:p>
        <w:p><w:r><w:t>结束。</w:t></w:r></w:p>
        <w:sectPr><w:headerReference r:id="rId12"/></w:sectPr>"#;
    let ing = read(&package(
        body,
        &[
            ("footnotes.xml", footnotes),
            ("header1.xml", header),
            ("footer1.xml", footer),
        ],
    ));
    assert_eq!(
        paragraphs(&ing),
        ["支出 100 万元。", "结束。", "[1] 数据来源：财务决算。"]
    );
}

#[test]
fn deleted_and_hidden_text_is_not_content() {
    let body = r#"<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>
        <w:ins><w:r><w:t>插入</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r></w:p>"#;
    let ing = read(&package(body, &[]));
    assert_eq!(paragraphs(&ing), ["保留插入"]);
}

#[test]
fn files_that_are_not_docx_get_a_clear_error() {
    // A zip without word/document.xml.
    let zip_with = |name: &str| {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(b"<x/>").expect("write");
        zip.finish().expect("finish").into_inner()
    };
    match jixiao::extract_bytes(&zip_with("ppt/presentation.xml"), "a.docx") {
        Err(Error::NotFormat { reason, .. }) => assert!(reason.contains("word/document.xml")),
        other => panic!("expected NotFormat, got {:?}", other.map(|d| d.source)),
    }
    // A workbook named .docx is read as the workbook it is (here a hollow one).
    assert!(matches!(
        jixiao::extract_bytes(&zip_with("xl/workbook.xml"), "a.docx"),
        Err(Error::Damaged { format: "xlsx", .. })
    ));
    // A truncated package.
    let good = package(&p("正文"), &[]);
    let cut = &good[..good.len() / 2];
    assert!(matches!(
        jixiao::extract_bytes(cut, "cut.docx"),
        Err(Error::Damaged { .. } | Error::NotFormat { .. })
    ));
    // A damaged OLE container: a legacy .doc renamed, a password-protected .docx.
    let ole = |stream: &str| {
        let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        b.resize(512, 0);
        b.extend(stream.encode_utf16().flat_map(|u| u.to_le_bytes()));
        b
    };
    assert!(matches!(
        jixiao::extract_bytes(&ole("WordDocument"), "old.docx"),
        Err(Error::Damaged { format: "doc", .. })
    ));
    assert!(matches!(
        jixiao::extract_bytes(&ole("EncryptedPackage"), "secret.docx"),
        Err(Error::Encrypted(_))
    ));
    // A document.xml that is not XML at all.
    let broken = package("<w:p><w:r><w:t>未闭合", &[]);
    let result = jixiao::ingest::read(&broken, Format::Docx);
    assert!(
        result.is_ok() || matches!(result, Err(Error::Damaged { .. })),
        "damaged XML is read as far as it goes or reported, never a panic"
    );
}

#[test]
fn the_whole_pipeline_reads_a_built_report() {
    let body = [
        r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val="44"/></w:rPr><w:t>2024年度部门整体支出绩效自评报告</w:t></w:r></w:p>"#.to_string(),
        numbered(1, 0, "部门概况"),
        p("本部门年度预算 100.00 万元。"),
        numbered(1, 0, "绩效目标完成情况"),
        p("表 1 支出情况表（单位：万元）"),
        format!(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}</w:tr><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            tc("", "项目"), tc("", "金额"),
            tc("", "基本支出"), tc("", "60.00"),
            tc("", "项目支出"), tc("", "40.00"),
            tc("", "合计"), tc("", "100.00"),
        ),
    ]
    .concat();
    let bytes = package(&body, &[("numbering.xml", NUMBERING)]);
    let doc = jixiao::extract_bytes(&bytes, "report.docx").expect("extracts");
    assert_eq!(doc.source.format, Format::Docx);
    let titles: Vec<(Option<&str>, &str)> = doc
        .sections
        .iter()
        .map(|s| (s.number.as_deref(), s.title.as_str()))
        .collect();
    assert_eq!(
        titles,
        [(Some("一"), "部门概况"), (Some("二"), "绩效目标完成情况")]
    );
    assert_eq!(doc.tables.len(), 1);
    assert_eq!(doc.tables[0].unit.as_deref(), Some("万元"));
    assert_eq!(doc.tables[0].rows.len(), 3);
}

#[test]
fn hostile_nesting_is_a_limit_error_not_a_crash() {
    let depth = jixiao::limits::MAX_NESTING + 2;
    let mut body = p("最里面");
    for _ in 0..depth {
        body = format!(
            "<w:tbl><w:tr><w:tc>{body}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            p("x")
        );
    }
    match jixiao::ingest::read(&package(&body, &[]), Format::Docx) {
        Err(Error::Limit { limit, .. }) => assert_eq!(limit, "max-nesting"),
        other => panic!(
            "expected the nesting limit, got {:?}",
            other.map(|i| i.blocks.len())
        ),
    }
    // Deep XML that is not tables stops at the XML depth limit.
    let mut deep = String::new();
    for _ in 0..1000 {
        deep.push_str("<w:sdt><w:sdtContent>");
    }
    assert!(matches!(
        jixiao::ingest::read(&package(&deep, &[]), Format::Docx),
        Err(Error::Limit { .. })
    ));
}

/// A score sheet whose first-level label cell is merged over exactly its own
/// rows: a label-less row after the merge ends is not under that label, and
/// goes where the declared points add up (the audit's part-start rule, driven
/// by the merge). With the merge continued over the row, it is the label's.
fn score_sheet(continue_merge: bool) -> Vec<u8> {
    let grid =
        "<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>";
    let head = ["一级指标", "二级指标", "三级指标", "分值", "得分"]
        .map(|t| tc("", t))
        .concat();
    let row = |first: String, second: &str, third: &str, points: &str, score: &str| {
        format!(
            "<w:tr>{first}{}{}{}{}</w:tr>",
            tc("", second),
            tc("", third),
            tc("", points),
            tc("", score)
        )
    };
    let restart = |t: &str| tc(r#"<w:vMerge w:val="restart"/>"#, t);
    let cont = || tc("<w:vMerge/>", "");
    let loose = if continue_merge { cont() } else { tc("", "") };
    let body = format!(
        "{}<w:tbl>{grid}<w:tr><w:trPr><w:tblHeader/></w:trPr>{head}</w:tr>{}{}{}{}{}</w:tbl>",
        p("表 1 绩效评价指标体系得分表"),
        row(restart("决策(4)"), "目标(2)", "目标明确性", "2", "2"),
        row(cont(), "编制(2)", "预算编制", "2", "1"),
        row(loose, "执行(2)", "预算执行率", "2", "2"),
        row(restart("过程(6)"), "管理(4)", "制度健全性", "4", "4"),
        row(tc("", "合计"), "", "", "10", "9"),
    );
    package(&body, &[])
}

fn weight_findings(bytes: &[u8]) -> Vec<String> {
    let doc = jixiao::extract_bytes(bytes, "scores.docx").expect("extracts");
    let v = serde_json::to_value(&doc).expect("serialises");
    twins::findings(&v, false)
        .into_iter()
        .filter(|f| f.contains("score.weights"))
        .collect()
}

#[test]
fn a_merged_label_owns_exactly_the_rows_it_spans() {
    assert_eq!(
        weight_findings(&score_sheet(false)),
        Vec::<String>::new(),
        "执行(2) is outside 决策's merged cell: it belongs to 过程 and both sums hold"
    );
    let merged = weight_findings(&score_sheet(true));
    assert!(
        merged
            .iter()
            .any(|f| f.starts_with("error") && f.contains("决策(4)")),
        "with the merge continued, 决策 holds 6 points: {merged:?}"
    );
}
