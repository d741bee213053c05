//! The README's table of bad inputs (issue 7): each row is a test here. Every
//! input either gives a document (with a warning where something was wrong) or
//! one clear error of the right kind — never a panic, a hang or garbage.
//!
//! Inputs are built in memory from the fixtures where possible; the two
//! password-protected PDFs are in `fixtures/bad/` (made with qpdf from a
//! fixture: `qpdf --encrypt secret owner 256 -- in.pdf out.pdf`).

use std::io::Write;
use std::path::PathBuf;

use jixiao::Error;
use jixiao::model::Document;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn extract(bytes: &[u8], name: &str) -> jixiao::Result<Document> {
    jixiao::extract_bytes(bytes, name)
}

/// All text of a document with whitespace removed.
fn text_of(doc: &Document) -> String {
    jixiao::output::render_text(doc)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn warned(doc: &Document, needle: &str) -> bool {
    doc.warnings
        .iter()
        .any(|w| w.kind.contains(needle) || w.message.contains(needle))
}

/// A PDF from object bodies (object i+1 is `objects[i]`; object 1 is the
/// catalog), with a correct xref table.
fn pdf_from(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", i + 1).unwrap();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for o in offsets {
        writeln!(out, "{o:010} 00000 n ").unwrap();
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// A zip package with the given entries (stored or deflated).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
    }
    buf.into_inner()
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

// --- empty and random -------------------------------------------------------

#[test]
fn empty_file_is_a_clear_error_for_every_extension() {
    for name in ["empty.txt", "empty.pdf", "empty.docx", "empty"] {
        match extract(b"", name) {
            Err(Error::NoText(msg)) => assert!(msg.contains("empty"), "{name}: {msg}"),
            Err(other) => assert!(
                other.to_string().contains("empty"),
                "{name}: error does not say the file is empty: {other}"
            ),
            Ok(doc) => panic!("{name}: an empty file gave a document: {:?}", doc.title),
        }
    }
}

#[test]
fn whitespace_only_text_is_no_text() {
    let err = extract(b" \n\r\n\t \n", "blank.txt").unwrap_err();
    assert!(matches!(err, Error::NoText(_)), "{err}");
}

#[test]
fn random_bytes_named_pdf_are_not_a_pdf() {
    // Deterministic pseudo-random bytes (xorshift), no %PDF- header.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let err = extract(&bytes, "random.pdf").unwrap_err();
    assert!(
        matches!(err, Error::NotFormat { format: "pdf", .. }),
        "{err}"
    );
    // Named .docx it is not a docx; with no extension it is not silently text.
    let err = extract(&bytes, "random.docx").unwrap_err();
    assert!(
        matches!(err, Error::NotFormat { format: "docx", .. }),
        "{err}"
    );
    match extract(&bytes, "random.bin") {
        Err(e) => assert!(matches!(e, Error::NotFormat { .. }), "{e}"),
        Ok(doc) => panic!("random bytes became a document titled {:?}", doc.title),
    }
}

// --- PDF --------------------------------------------------------------------

#[test]
fn truncated_pdf_recovers_the_pages_it_has_or_says_it_is_damaged() {
    let full = fixture("fixtures/corpus/nanjing-land-2022.pdf");
    let whole = extract(&full, "whole.pdf").expect("the fixture itself opens");
    let whole_text = text_of(&whole);
    for fraction in [2, 4] {
        let cut = &full[..full.len() * (fraction - 1) / fraction];
        match extract(cut, "truncated.pdf") {
            Ok(doc) => {
                assert!(
                    !doc.warnings.is_empty(),
                    "a truncated PDF opened without any warning"
                );
                let text = text_of(&doc);
                assert!(!text.is_empty(), "recovered nothing yet reported no error");
                // What is recovered is the real text, not garbage.
                let probe: String = text.chars().take(40).collect();
                assert!(
                    whole_text.contains(&probe),
                    "recovered text is not the document's: {probe}"
                );
            }
            Err(e) => assert!(
                matches!(e, Error::Damaged { format: "pdf", .. } | Error::NoText(_)),
                "{e}"
            ),
        }
    }
    // Cut inside the header: clearly damaged, not a panic.
    let err = extract(&full[..20], "stub.pdf").unwrap_err();
    assert!(
        matches!(err, Error::Damaged { .. } | Error::NotFormat { .. }),
        "{err}"
    );
}

#[test]
fn pdf_with_broken_xref_is_rebuilt_and_reads_fully() {
    let full = fixture("fixtures/corpus/nanjing-land-2022.pdf");
    let whole = text_of(&extract(&full, "whole.pdf").expect("fixture opens"));
    // Point startxref at garbage and scribble over the xref keyword.
    let mut broken = full.clone();
    let tail = String::from_utf8_lossy(&full[full.len() - 64..]).into_owned();
    let pos = tail
        .rfind("startxref")
        .expect("startxref in the last 64 bytes");
    let at = full.len() - 64 + pos + "startxref\n".len();
    for b in broken[at..].iter_mut().take_while(|b| b.is_ascii_digit()) {
        *b = b'9';
    }
    if let Some(x) = broken.windows(5).rposition(|w| w == b"xref\n") {
        broken[x..x + 4].copy_from_slice(b"XXXX");
    }
    let doc = extract(&broken, "broken-xref.pdf").expect("a broken xref is rebuilt");
    assert_eq!(text_of(&doc), whole, "text differs after xref rebuild");
    assert!(warned(&doc, "xref"), "no warning says the xref was rebuilt");
}

#[test]
fn encrypted_pdf_with_empty_user_password_opens() {
    let plain = text_of(
        &extract(
            &fixture("fixtures/pdf/lishui-assessment-2022.stsong.pdf"),
            "plain.pdf",
        )
        .expect("plain fixture opens"),
    );
    for rev in ["rc4", "aes128", "aes256"] {
        let path = format!("fixtures/pdf/lishui-assessment-2022.stsong.{rev}.pdf");
        let doc = extract(&fixture(&path), &path).unwrap_or_else(|e| panic!("{rev}: {e}"));
        assert_eq!(
            text_of(&doc),
            plain,
            "{rev}: text differs from the unencrypted file"
        );
    }
}

#[test]
fn encrypted_pdf_with_a_user_password_is_a_clear_error() {
    for rel in [
        "fixtures/bad/password-aes256.pdf",
        "fixtures/bad/password-rc4.pdf",
    ] {
        let err = extract(&fixture(rel), rel).unwrap_err();
        assert!(matches!(err, Error::Encrypted(_)), "{rel}: {err}");
        assert!(err.to_string().contains("password"), "{rel}: {err}");
    }
}

#[test]
fn scanned_pdf_without_text_names_the_pages() {
    // Three pages, each only an image.
    let img = stream(
        "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
        &[0, 255, 255, 0],
    );
    let draw = stream("", b"q 500 0 0 700 50 50 cm /Im0 Do Q");
    let page = |_: usize| {
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 3 0 R >> >> /Contents 4 0 R >>".to_vec()
    };
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [5 0 R 6 0 R 7 0 R] /Count 3 >>".to_vec(),
        img,
        draw,
        page(1),
        page(2),
        page(3),
    ];
    let err = extract(&pdf_from(&objects), "scan.pdf").unwrap_err();
    assert!(matches!(err, Error::NoText(_)), "{err}");
    let msg = err.to_string();
    assert!(msg.contains("no text layer"), "{msg}");
    assert!(
        msg.contains('1') && msg.contains('3'),
        "pages not named: {msg}"
    );
}

#[test]
fn self_drawing_form_xobject_does_not_overflow_the_stack() {
    // A Form XObject that draws itself (pdf-extract aborts on this).
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /Fm0 3 0 R >> /Font << /F1 5 0 R >> >>",
        b"BT /F1 12 Tf 10 10 Td (Loop) Tj ET /Fm0 Do",
    );
    let content = stream("", b"/Fm0 Do");
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>".to_vec(),
        form,
        content,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Fm0 3 0 R >> >> /Contents 4 0 R >>".to_vec(),
    ];
    match extract(&pdf_from(&objects), "recursive.pdf") {
        Ok(doc) => assert!(text_of(&doc).contains("Loop")),
        Err(e) => assert!(matches!(e, Error::Limit { .. } | Error::NoText(_)), "{e}"),
    }
}

// --- DOCX -------------------------------------------------------------------

#[test]
fn legacy_doc_renamed_docx_says_what_it_is() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(4096, 0);
    let err = extract(&bytes, "report.docx").unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains(".doc") || msg.contains("OLE"), "{msg}");
}

#[test]
fn docx_that_is_not_a_zip_is_not_a_docx() {
    let err = extract("这不是压缩包".as_bytes(), "report.docx").unwrap_err();
    assert!(
        matches!(err, Error::NotFormat { format: "docx", .. }),
        "{err}"
    );
}

#[test]
fn docx_missing_document_xml_is_a_clear_error() {
    let bytes = zip_of(&[("[Content_Types].xml", CONTENT_TYPES)]);
    let err = extract(&bytes, "hollow.docx").unwrap_err();
    assert!(err.to_string().contains("document.xml"), "{err}");
}

#[test]
fn docx_zip_bomb_hits_the_size_limit() {
    // One entry that inflates past the limit (a few hundred KB compressed).
    let size = jixiao::limits::MAX_XML_PART_BYTES as usize + 1024 * 1024;
    let mut body = Vec::with_capacity(size);
    body.extend_from_slice(br#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>"#);
    body.resize(size, b'A');
    let bytes = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("word/document.xml", &body),
    ]);
    drop(body);
    assert!(bytes.len() < size / 100, "the bomb should compress well");
    let err = extract(&bytes, "bomb.docx").unwrap_err();
    assert!(
        matches!(err, Error::Limit { limit, .. } if limit == "max-xml-part"),
        "{err}"
    );
}

#[test]
fn xls_declaring_a_huge_sheet_hits_the_cell_limit() {
    // calamine reserves room for the declared used range before reading the
    // sheet: 4 billion rows used to abort the process on the allocation.
    let mut xls = fixture("fixtures/formats/budget-2023.xls");
    let dims = xls
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0e, 0x00])
        .expect("a BIFF8 DIMENSIONS record");
    xls[dims + 8..dims + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = extract(&xls, "huge.xls").unwrap_err();
    assert!(
        matches!(&err, Error::Limit { limit, detail } if *limit == "max-cells" && detail.contains("收支总表")),
        "{err}"
    );
}

// --- text -------------------------------------------------------------------

#[test]
fn fifty_megabyte_single_line_text_is_read() {
    // One figure in about 200 bytes: a long line of prose, not a table.
    let unit = "本项目年度预算资金为100.00万元，单位严格按照预算管理要求组织实施，认真落实各项工作任务，持续加强内部管理，不断提高资金使用效益和公共服务水平。";
    let mut text = String::with_capacity(50 * 1024 * 1024 + unit.len());
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(unit);
    }
    let doc = extract(text.as_bytes(), "long.txt").expect("a long line is still text");
    assert_eq!(doc.source.bytes as usize, text.len());
    let out = jixiao::output::render_text(&doc);
    assert!(
        out.len() >= text.len() - 16,
        "text was lost: {} of {}",
        out.len(),
        text.len()
    );
}

#[test]
fn nul_bytes_in_text_are_dropped_not_fatal() {
    let text = "一、单位概况\n\0本单位\0主要职能是……\n二、绩效目标\n目标\0完成。\n";
    let doc = extract(text.as_bytes(), "nul.txt").expect("NULs do not stop the read");
    let out = jixiao::output::render_text(&doc);
    assert!(!out.contains('\0'));
    assert!(out.contains("本单位主要职能是"), "{out}");
    assert_eq!(doc.sections.len(), 2);
}

#[test]
fn invalid_utf8_declared_as_utf8_is_decoded_and_reported() {
    // A UTF-8 BOM followed by GBK bytes: the BOM lies.
    let (gbk, _, _) = encoding_rs::GBK.encode("一、项目概况\n本项目预算资金为100.00万元。\n");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(&gbk);
    let doc = extract(&bytes, "liar.txt").expect("decodes");
    let out = jixiao::output::render_text(&doc);
    assert!(out.contains("本项目预算资金为100.00万元"), "{out}");
    assert!(
        !doc.warnings.is_empty(),
        "the wrong declaration is not reported"
    );
}

#[test]
fn invalid_utf8_without_a_better_guess_is_replaced_and_counted() {
    let mut bytes = "一、项目概况\n本项目预算资金为100.00万元。\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(&[0xFF, 0xFE, 0xFF, b'\n']);
    let doc = extract(&bytes, "bad.txt").expect("decodes");
    let out = jixiao::output::render_text(&doc);
    assert!(out.contains("本项目预算资金为100.00万元"), "{out}");
    assert!(!doc.warnings.is_empty(), "invalid bytes are not reported");
}

#[test]
fn mixed_encodings_decode_line_by_line() {
    let utf8 = "一、项目概况\n本项目预算资金为100.00万元。\n";
    let (gbk, _, _) = encoding_rs::GBK.encode("二、绩效目标\n全年完成率达到95.00%。\n");
    let mut bytes = utf8.as_bytes().to_vec();
    bytes.extend_from_slice(&gbk);
    let doc = extract(&bytes, "mixed.txt").expect("decodes");
    let out = jixiao::output::render_text(&doc);
    assert!(
        out.contains("本项目预算资金为100.00万元"),
        "UTF-8 part lost: {out}"
    );
    assert!(out.contains("全年完成率达到95.00%"), "GBK part lost: {out}");
    assert!(warned(&doc, "mixed"), "mixed encodings not reported");
    assert_eq!(doc.sections.len(), 2);
}
