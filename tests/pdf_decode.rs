//! PDF decoding (file → pages of glyphs and rulings), below layout: every
//! font kind met in Chinese PDFs, encryption with an empty user password,
//! damaged files, Form XObjects, rotation, and text fidelity against
//! `pdftotext` on the fixtures (and on ../shared/realworld when present).
//!
//! Small PDFs are written by hand here so each test hits exactly one case.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use jixiao::error::Error;
use jixiao::ingest::pdf::{Decoded, Page, decode, page_text};

// ---------------------------------------------------------------- builders

/// A PDF from object bodies (object i+1 = `objs[i]`), catalog = object 1,
/// with a correct xref table.
fn build(objs: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

fn s(x: &str) -> Vec<u8> {
    x.as_bytes().to_vec()
}

/// A one-page document: catalog 1, pages 2, page 3, content 4, then
/// `extra` objects from 5 on. `page_extra` goes into the page dictionary;
/// fonts are named in `resources`.
fn one_page(resources: &str, page_extra: &str, content: &[u8], extra: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objs = vec![
        s("<< /Type /Catalog /Pages 2 0 R >>"),
        s("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        s(&format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << {resources} >> /Contents 4 0 R {page_extra} >>"
        )),
        stream("", content),
    ];
    objs.extend(extra);
    build(&objs)
}

/// A ToUnicode CMap stream body with `bfchar` entries (code hex, Unicode hex).
fn to_unicode(codespace: &str, pairs: &[(&str, &str)], keyword: &str) -> Vec<u8> {
    let mut m = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CMapName /Test-UCS def /CMapType 2 def\n",
    );
    m.push_str(&format!(
        "1 begincodespacerange\n{codespace}\nendcodespacerange\n"
    ));
    m.push_str(&format!("{} beginbfchar\n", pairs.len()));
    for (c, u) in pairs {
        m.push_str(&format!("<{c}> <{u}>\n"));
    }
    m.push_str("endbfchar\nendcmap\nCMapName currentdict /CMap ");
    m.push_str(keyword);
    m.push_str(" pop end end\n");
    stream("", m.as_bytes())
}

fn text_of(d: &Decoded) -> String {
    d.pages.iter().map(page_text).collect::<String>()
}

fn squash(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

fn decode_ok(bytes: &[u8]) -> Decoded {
    match decode(bytes) {
        Ok(d) => d,
        Err(e) => panic!("decode failed: {e}"),
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

// ------------------------------------------------------------------ fonts

#[test]
fn simple_font_with_differences_and_glyph_names() {
    // Code 65 → uni4E2D (中), 66 → "B" by name, 67 left to WinAnsi (C).
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "",
        b"BT /F1 12 Tf 100 700 Td (ABC) Tj ET",
        vec![s(
            "<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+SimSun /FirstChar 65 /LastChar 67 \
             /Widths [1000 500 500] /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding \
             /Differences [65 /uni4E2D /B] >> >>",
        )],
    );
    let d = decode_ok(&pdf);
    assert_eq!(squash(&text_of(&d)), "中BC");
    let p = &d.pages[0];
    assert_eq!(p.fonts[0].name, "SimSun", "subset prefix removed");
    // Widths: 中 is 1000/1000 × 12 = 12 pt wide, B 6 pt.
    let g = &p.glyphs;
    assert!((g[0].x1 - g[0].x0 - 12.0).abs() < 0.01, "{:?}", g[0]);
    assert!((g[1].x0 - 112.0).abs() < 0.01, "{:?}", g[1]);
    // Upright page: y from the top.
    assert!((g[0].baseline - 100.0).abs() < 0.01, "{:?}", g[0]);
}

#[test]
fn simple_font_with_tounicode_including_the_wps_typo() {
    // WPS writes `difineresource`; the map must still be read.
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "",
        b"BT /F1 10 Tf 50 700 Td <0102> Tj ET",
        vec![
            s(
                "<< /Type /Font /Subtype /TrueType /BaseFont /SimSun /FirstChar 1 /LastChar 2 \
               /Widths [1000 1000] /ToUnicode 6 0 R >>",
            ),
            to_unicode(
                "<00> <FF>",
                &[("01", "8D22"), ("02", "653F")],
                "difineresource",
            ),
        ],
    );
    assert_eq!(squash(&text_of(&decode_ok(&pdf))), "财政");
}

/// A Type0 font dictionary (object 5) over a CIDFontType2 descendant (6).
fn type0(encoding: &str, tounicode: Option<&str>, w: &str) -> Vec<Vec<u8>> {
    let tu = tounicode
        .map(|r| format!("/ToUnicode {r}"))
        .unwrap_or_default();
    vec![
        s(&format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /{encoding} \
             /DescendantFonts [6 0 R] {tu} >>"
        )),
        s(&format!(
            "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> \
             /DW 1000 /W [{w}] >>"
        )),
    ]
}

#[test]
fn type0_identity_h_with_tounicode_and_w_widths() {
    let mut extra = type0("Identity-H", Some("7 0 R"), "1 [500] 2 3 1000");
    extra.push(to_unicode(
        "<0000> <FFFF>",
        &[("0001", "0031"), ("0002", "9884"), ("0003", "7B97")],
        "defineresource",
    ));
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "",
        b"BT /F1 10 Tf 100 700 Td <000100020003> Tj ET",
        extra,
    );
    let d = decode_ok(&pdf);
    assert_eq!(squash(&text_of(&d)), "1预算");
    let g = &d.pages[0].glyphs;
    assert!((g[0].x1 - g[0].x0 - 5.0).abs() < 0.01, "CID 1 is 500 wide");
    assert!((g[1].x0 - 105.0).abs() < 0.01, "{:?}", g[1]);
    assert!((g[2].x0 - 115.0).abs() < 0.01, "{:?}", g[2]);
}

#[test]
fn predefined_cmap_unigb_ucs2_without_tounicode() {
    // The codes are UCS-2: 4E2D 6587 = 中文.
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "",
        b"BT /F1 10 Tf 100 700 Td <4E2D6587> Tj ET",
        type0("UniGB-UCS2-H", None, ""),
    );
    assert_eq!(squash(&text_of(&decode_ok(&pdf))), "中文");
}

#[test]
fn predefined_cmap_unigb_utf16_without_tounicode() {
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "",
        b"BT /F1 10 Tf 100 700 Td <7EE9654883B7> Tj ET",
        type0("UniGB-UTF16-H", None, ""),
    );
    assert_eq!(squash(&text_of(&decode_ok(&pdf))), "绩效获");
}

#[test]
fn predefined_cmap_gbk_euc_h_mixes_one_and_two_byte_codes() {
    // "2023年预算" in GBK: ASCII digits are one byte, Chinese two.
    let (gbk, _, _) = encoding_rs::GBK.encode("2023年预算");
    let mut content = b"BT /F1 10 Tf 100 700 Td <".to_vec();
    for b in gbk.iter() {
        content.extend_from_slice(format!("{b:02X}").as_bytes());
    }
    content.extend_from_slice(b"> Tj ET");
    for cmap in ["GBK-EUC-H", "GB-EUC-H"] {
        let pdf = one_page("/Font << /F1 5 0 R >>", "", &content, type0(cmap, None, ""));
        let d = decode_ok(&pdf);
        assert_eq!(squash(&text_of(&d)), "2023年预算", "{cmap}");
        assert!(d.warnings.is_empty(), "{cmap}: {:?}", d.warnings);
    }
}

#[test]
fn an_undecodable_font_is_named_in_a_warning_and_gives_no_garbage() {
    // Identity-H, no ToUnicode, no known collection: no way to Unicode.
    let pdf = one_page(
        "/Font << /F1 5 0 R /F2 7 0 R >>",
        "",
        b"BT /F1 10 Tf 100 700 Td <00410042> Tj /F2 10 Tf 0 -50 Td (ok) Tj ET",
        vec![
            s(
                "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+MysteryFont /Encoding /Identity-H \
               /DescendantFonts [6 0 R] >>",
            ),
            s(
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+MysteryFont \
               /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
            ),
            s("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        ],
    );
    let d = decode_ok(&pdf);
    assert_eq!(squash(&text_of(&d)), "ok");
    let w: Vec<_> = d
        .warnings
        .iter()
        .filter(|w| w.kind == "font.undecodable")
        .collect();
    assert_eq!(w.len(), 1, "{:?}", d.warnings);
    assert!(w[0].message.contains("MysteryFont"), "{}", w[0].message);
}

// ------------------------------------------------------- text operators

#[test]
fn tj_kerning_char_spacing_and_scaling_move_glyphs() {
    // Helvetica without /Widths: the reader's fallback width is 0.5 em.
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "",
        b"BT /F1 10 Tf 100 700 Td [(A) -1000 (B)] TJ 0 -20 Td 2 Tc 50 Tz (CD) Tj ET",
        vec![s("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")],
    );
    let d = decode_ok(&pdf);
    let g = &d.pages[0].glyphs;
    assert_eq!(g.len(), 4);
    let a = g.iter().find(|g| g.text == "A").expect("A");
    let b = g.iter().find(|g| g.text == "B").expect("B");
    // A: 5 pt wide; -1000 in TJ moves 10 pt right.
    assert!((b.x0 - (a.x0 + 5.0 + 10.0)).abs() < 0.01, "{a:?} {b:?}");
    let c = g.iter().find(|g| g.text == "C").expect("C");
    let dd = g.iter().find(|g| g.text == "D").expect("D");
    // Tz 50: (5 + 2) × 0.5 = 3.5.
    assert!((dd.x0 - c.x0 - 3.5).abs() < 0.01, "{c:?} {dd:?}");
    assert!((c.baseline - a.baseline - 20.0).abs() < 0.01);
}

#[test]
fn quote_operators_move_to_the_next_line() {
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "",
        b"BT /F1 10 Tf 14 TL 100 700 Td (A) Tj (B) ' 1 0 (C) \" ET",
        vec![s("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")],
    );
    let d = decode_ok(&pdf);
    let base: HashMap<&str, f32> = d.pages[0]
        .glyphs
        .iter()
        .map(|g| (g.text.as_str(), g.baseline))
        .collect();
    assert!((base["B"] - base["A"] - 14.0).abs() < 0.01, "{base:?}");
    assert!((base["C"] - base["B"] - 14.0).abs() < 0.01, "{base:?}");
}

#[test]
fn bold_drawn_twice_is_one_glyph_and_offpage_glyphs_are_dropped() {
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "",
        b"BT /F1 10 Tf 100 700 Td (X) Tj ET BT /F1 10 Tf 100.2 700 Td (X) Tj ET \
          BT /F1 10 Tf 900 700 Td (Y) Tj ET BT /F1 10 Tf 100 -50 Td (Z) Tj ET",
        vec![s("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")],
    );
    let d = decode_ok(&pdf);
    assert_eq!(squash(&text_of(&d)), "X");
}

#[test]
fn q_q_and_cm_scale_and_restore() {
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "",
        b"q 2 0 0 2 0 0 cm BT /F1 10 Tf 50 300 Td (A) Tj ET Q BT /F1 10 Tf 100 100 Td (B) Tj ET",
        vec![s("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")],
    );
    let d = decode_ok(&pdf);
    let a = d.pages[0].glyphs.iter().find(|g| g.text == "A").expect("A");
    let b = d.pages[0].glyphs.iter().find(|g| g.text == "B").expect("B");
    assert!(
        (a.x0 - 100.0).abs() < 0.01 && (a.baseline - 200.0).abs() < 0.01,
        "{a:?}"
    );
    assert!((a.size - 20.0).abs() < 0.01, "{a:?}");
    assert!(
        (b.x0 - 100.0).abs() < 0.01 && (b.baseline - 700.0).abs() < 0.01,
        "{b:?}"
    );
    assert!((b.size - 10.0).abs() < 0.01, "{b:?}");
}

// ------------------------------------------------------------ XObjects

#[test]
fn form_xobject_text_is_placed_through_its_matrix() {
    let pdf = one_page(
        "/Font << /F1 5 0 R >> /XObject << /X1 6 0 R >>",
        "",
        b"q 1 0 0 1 100 0 cm /X1 Do Q",
        vec![
            s("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Matrix [1 0 0 1 0 50]",
                b"BT /F1 10 Tf 10 600 Td (In) Tj ET",
            ),
        ],
    );
    let d = decode_ok(&pdf);
    assert_eq!(squash(&text_of(&d)), "In");
    let g = &d.pages[0].glyphs[0];
    assert!((g.x0 - 110.0).abs() < 0.01, "{g:?}");
    assert!((g.baseline - (800.0 - 650.0)).abs() < 0.01, "{g:?}");
}

#[test]
fn a_form_xobject_that_draws_itself_does_not_overflow_the_stack() {
    let pdf = one_page(
        "/Font << /F1 5 0 R >> /XObject << /X1 6 0 R >>",
        "",
        b"/X1 Do",
        vec![
            s("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 600 800] \
                 /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>",
                b"BT /F1 10 Tf 10 600 Td (Loop) Tj ET /X1 Do",
            ),
        ],
    );
    let d = decode_ok(&pdf);
    assert_eq!(squash(&text_of(&d)), "Loop");
    assert!(
        d.warnings
            .iter()
            .any(|w| w.message.contains("draws itself")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn mutually_recursive_forms_and_deep_nesting_stop() {
    // X1 draws X2 draws X1 … and a chain deeper than the nesting cap.
    let pdf = one_page(
        "/XObject << /X1 5 0 R >>",
        "",
        b"/X1 Do",
        vec![
            stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X2 6 0 R >> >>",
                b"/X2 Do",
            ),
            stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X1 5 0 R >> >>",
                b"0 0 m 10 0 l S /X1 Do",
            ),
        ],
    );
    // No text at all: the reader says so instead of recursing forever.
    assert!(matches!(decode(&pdf), Err(Error::NoText(_))));
}

// -------------------------------------------------------------- rulings

#[test]
fn paths_become_rulings_clipped_to_the_page() {
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "",
        b"BT /F1 10 Tf 100 700 Td (T) Tj ET \
          0.5 w 100 500 m 300 500 l S \
          100 400 0.5 200 re f \
          50 100 200 100 re S \
          -100 50 m 1000 50 l S \
          1 1 1 rg 0 0 600 800 re f",
        vec![s("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")],
    );
    let d = decode_ok(&pdf);
    let r = &d.pages[0].rules;
    let has = |x0: f32, y0: f32, x1: f32, y1: f32| {
        r.iter().any(|q| {
            (q.x0 - x0).abs() < 0.6
                && (q.y0 - y0).abs() < 0.6
                && (q.x1 - x1).abs() < 0.6
                && (q.y1 - y1).abs() < 0.6
        })
    };
    assert!(has(100.0, 300.0, 300.0, 300.0), "stroked line: {r:?}");
    assert!(
        has(100.0, 200.0, 100.5, 400.0),
        "thin filled rectangle: {r:?}"
    );
    assert!(has(50.0, 600.0, 250.0, 600.0), "rectangle edge: {r:?}");
    assert!(
        has(50.0, 700.0, 50.0, 600.0) || has(50.0, 600.0, 50.0, 700.0),
        "{r:?}"
    );
    assert!(has(0.0, 750.0, 600.0, 750.0), "clipped to the page: {r:?}");
    // The white page-sized fill is a background, not a table frame.
    assert!(!has(0.0, 0.0, 600.0, 0.0), "{r:?}");
}

// ------------------------------------------------------------- rotation

#[test]
fn rotated_page_reads_upright() {
    // /Rotate 90 on a portrait page whose content is drawn turned by -90°
    // (as a landscape table is): the upright page is 800 wide, 600 high.
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "/Rotate 90",
        b"q 0 1 -1 0 600 0 cm BT /F1 10 Tf 100 500 Td (AB) Tj ET Q",
        vec![s("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")],
    );
    let d = decode_ok(&pdf);
    let p = &d.pages[0];
    assert_eq!((p.width, p.height), (800.0, 600.0));
    let a = p.glyphs.iter().find(|g| g.text == "A").expect("A");
    let b = p.glyphs.iter().find(|g| g.text == "B").expect("B");
    assert!(a.upright && b.upright, "{a:?}");
    assert!(b.x0 > a.x0, "left to right: {a:?} {b:?}");
    assert!((a.x0 - 100.0).abs() < 0.01, "{a:?}");
    assert!((a.baseline - 100.0).abs() < 0.01, "{a:?}");
    assert!(a.top < a.baseline && a.bottom > a.baseline - 0.01, "{a:?}");
}

#[test]
fn landscape_fixture_reads_upright() {
    let d = decode_ok(&fixture("fixtures/pdf/nanjing-land-2022.landscape.pdf"));
    let p = &d.pages[0];
    assert!(p.width > p.height, "{} × {}", p.width, p.height);
    let upright = p.glyphs.iter().filter(|g| g.upright).count();
    assert_eq!(upright, p.glyphs.len());
    assert!(p.rules.len() > 10);
}

// ----------------------------------------------------- damaged and odd

#[test]
fn a_broken_xref_table_is_rebuilt() {
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "",
        b"BT /F1 10 Tf 100 700 Td (Rebuilt) Tj ET",
        vec![s("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")],
    );
    // Shift every object: all xref offsets now point at the wrong bytes,
    // and startxref is garbage.
    let mut bad = b"%PDF-1.7\n% padding padding padding padding\n".to_vec();
    bad.extend_from_slice(&pdf[9..]);
    let text = String::from_utf8_lossy(&bad).into_owned();
    let at = text.rfind("startxref").expect("startxref");
    let mut bad = bad[..at].to_vec();
    bad.extend_from_slice(b"startxref\n999999\n%%EOF\n");
    let d = decode_ok(&bad);
    assert_eq!(squash(&text_of(&d)), "Rebuilt");
}

#[test]
fn a_truncated_file_gives_what_can_be_read() {
    let full = fixture("fixtures/corpus/lishui-assessment-2022.pdf");
    let whole = decode_ok(&full);
    // Cut off the last third (xref, trailer and the last objects go).
    let cut = &full[..full.len() * 2 / 3];
    match decode(cut) {
        Ok(d) => {
            assert!(!d.pages.is_empty());
            let got = squash(&text_of(&d));
            assert!(!got.is_empty());
            assert!(got.len() <= squash(&text_of(&whole)).len() + 16);
        }
        Err(e) => assert!(
            matches!(e, Error::Damaged { .. }),
            "a truncated file fails only as damaged: {e}"
        ),
    }
    // Cut anywhere: never a panic.
    for k in 1..20 {
        let _ = decode(&full[..full.len() * k / 20]);
    }
}

#[test]
fn garbage_content_streams_do_not_panic() {
    let junk: &[&[u8]] = &[
        b"BT /F1 Tf ) ( <zz> [ [ [ ] TJ Tj ' \" ET",
        b"q q q Q Q Q Q Q cm 1 2 cm re m l h S f",
        b"BT /F1 1e309 Tf 1e38 1e38 Td (X) Tj ET",
        b"<< /A [1 2 (x) >> >> ] BI /W 1 /H 1 ID \x00\x01 EI Do",
        b"(unterminated",
        b"<4E2",
    ];
    for j in junk {
        let pdf = one_page(
            "/Font << /F1 5 0 R >>",
            "",
            j,
            vec![s("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")],
        );
        let _ = decode(&pdf);
    }
}

#[test]
fn a_scanned_document_is_reported_as_having_no_text_layer() {
    let mut objs = vec![
        s("<< /Type /Catalog /Pages 2 0 R >>"),
        s("<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"),
    ];
    for _ in 0..2 {
        objs.push(s("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] \
             /Resources << /XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>"));
    }
    objs.push(stream("", b"q 600 0 0 800 0 0 cm /Im1 Do Q"));
    objs.push(stream(
        "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
        b"\x80",
    ));
    match decode(&build(&objs)) {
        // Without tesseract the line goes on to say how to install it.
        Err(Error::NoText(m)) => assert!(m.starts_with("no text layer on pages 1–2"), "{m}"),
        other => panic!("expected NoText, got {:?}", other.map(|d| d.pages.len())),
    }
}

// ----------------------------------------------------------- encryption

#[test]
fn encrypted_with_empty_user_password_rc4_aes128_aes256() {
    let plain = squash(&text_of(&decode_ok(&fixture(
        "fixtures/pdf/lishui-assessment-2022.stsong.pdf",
    ))));
    assert!(plain.contains("考核办法"), "{plain}");
    for v in ["rc4", "aes128", "aes256"] {
        let bytes = fixture(&format!(
            "fixtures/pdf/lishui-assessment-2022.stsong.{v}.pdf"
        ));
        assert!(
            String::from_utf8_lossy(&bytes).contains("/Encrypt"),
            "{v} fixture is encrypted"
        );
        let got = squash(&text_of(&decode_ok(&bytes)));
        assert_eq!(got, plain, "{v}");
    }
}

#[test]
fn rc4_40_and_aes256_r5_open_and_a_real_user_password_is_reported() {
    let plain = squash(&text_of(&decode_ok(&fixture(
        "fixtures/pdf/nanjing-land-2022.landscape.pdf",
    ))));
    for v in ["rc40", "aes256r5"] {
        let got = squash(&text_of(&decode_ok(&fixture(&format!(
            "fixtures/pdf/nanjing-land-2022.landscape.{v}.pdf"
        )))));
        assert_eq!(got, plain, "{v}");
    }
    match decode(&fixture(
        "fixtures/pdf/nanjing-land-2022.landscape.userpw.pdf",
    )) {
        Err(Error::Encrypted(m)) => assert!(m.contains("password"), "{m}"),
        other => panic!("expected Encrypted, got {:?}", other.map(|d| d.pages.len())),
    }
}

// ------------------------------------------------------ other producers

#[test]
fn reportlab_stsong_fixture_uses_a_predefined_cmap_and_decodes() {
    let bytes = fixture("fixtures/pdf/nanjing-land-2022.stsong.pdf");
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("UniGB-UCS2-H") && !raw.contains("ToUnicode"));
    let d = decode_ok(&bytes);
    // Every code decodes, including U+00B7, which has no CID in UniGB-UCS2-H.
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let t = squash(&text_of(&d));
    assert!(t.contains("6·25"), "middle dot kept, codes stay aligned");
    let src = squash(
        &std::fs::read_to_string(root().join("fixtures/corpus/nanjing-land-2022.txt"))
            .expect("corpus text"),
    );
    // Every heading-ish line of the source appears.
    assert!(t.contains("南京") || src.chars().take(4).all(|c| t.contains(c)));
    assert!(agreement(&t, &src.replace(['#', '*', '|', '-'], "")) > 0.95);
}

#[test]
fn identity_h_fixture_decodes() {
    let bytes = fixture("fixtures/pdf/nanjing-land-2022.identity.pdf");
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("Identity-H"));
    let d = decode_ok(&bytes);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert!(squash(&text_of(&d)).contains("土地"));
}

// ------------------------------------------------------------- fidelity

/// Share of characters the two texts have in common (multiset overlap over
/// the longer text): order-free, so it measures decoding, not layout.
fn agreement(a: &str, b: &str) -> f64 {
    let mut ca: HashMap<char, i64> = HashMap::new();
    for c in a.chars() {
        *ca.entry(c).or_default() += 1;
    }
    let mut common = 0i64;
    for c in b.chars() {
        if let Some(n) = ca.get_mut(&c)
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    let longer = a.chars().count().max(b.chars().count()).max(1);
    common as f64 / longer as f64
}

fn pdftotext(path: &Path) -> Option<String> {
    let out = Command::new("pdftotext").arg(path).arg("-").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn fidelity(paths: &[PathBuf], min_each: f64) -> Option<Vec<(PathBuf, f64)>> {
    Command::new("pdftotext").arg("-v").output().ok()?;
    let mut res = Vec::new();
    for p in paths {
        let Some(reference) = pdftotext(p) else {
            eprintln!("{}: pdftotext failed; skipped", p.display());
            continue;
        };
        let bytes = std::fs::read(p).expect("readable");
        let ours = match decode(&bytes) {
            Ok(d) => squash(&text_of(&d)),
            Err(e) => panic!("{}: {e}", p.display()),
        };
        let a = agreement(&ours, &squash(&reference));
        assert!(a >= min_each, "{}: {a:.4}", p.display());
        res.push((p.clone(), a));
    }
    Some(res)
}

fn pdfs_under(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
        .collect();
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn fixtures_agree_with_pdftotext_on_99_percent_of_characters() {
    let mut paths = pdfs_under(&root().join("fixtures/corpus"));
    paths.extend(pdfs_under(&root().join("fixtures/pdf")));
    // The one that needs a real password is tested on its own.
    paths.retain(|p| !p.to_string_lossy().contains(".userpw."));
    assert!(paths.len() >= 10);
    match fidelity(&paths, 0.99) {
        Some(r) => assert_eq!(r.len(), paths.len(), "pdftotext reads every fixture"),
        None => eprintln!("pdftotext not installed; skipped (scripts/install-test-deps.sh)"),
    }
}

#[test]
fn real_world_pdfs_decode_and_agree_with_pdftotext() {
    let dir = root().join("../shared/realworld");
    let paths = pdfs_under(&dir);
    if paths.is_empty() {
        eprintln!("{} absent; skipped", dir.display());
        return;
    }
    // Each file decodes; character agreement per file ≥ 0.85 (a few pdf.js
    // test files have fonts whose "right" text is disputed), mean ≥ 0.99.
    let Some(r) = fidelity(&paths, 0.85) else {
        eprintln!("pdftotext not installed; skipped");
        return;
    };
    let mean = r.iter().map(|x| x.1).sum::<f64>() / r.len() as f64;
    assert!(mean >= 0.99, "mean agreement {mean:.4}");
}

#[test]
fn pages_carry_numbers_and_sizes() {
    let d = decode_ok(&fixture("fixtures/corpus/nanjing-land-2022.pdf"));
    assert_eq!(d.page_count as usize, d.pages.len());
    for (i, p) in d.pages.iter().enumerate() {
        let p: &Page = p;
        assert_eq!(p.number as usize, i + 1);
        let (short, long) = (p.width.min(p.height), p.width.max(p.height));
        assert!(
            short > 590.0 && long > 840.0,
            "A4: {} × {}",
            p.width,
            p.height
        );
        for g in &p.glyphs {
            assert!(g.x0 >= -1.0 && g.x1 <= p.width + 1.0, "{g:?}");
            assert!(usize::from(g.font) < p.fonts.len());
        }
    }
}

#[test]
fn mutated_files_never_panic() {
    // Deterministic byte flips, deletions and duplications over a real
    // fixture and a hand-made file: every outcome is Ok or a typed error.
    let seeds = [
        fixture("fixtures/pdf/nanjing-land-2022.landscape.pdf"),
        one_page(
            "/Font << /F1 5 0 R >> /XObject << /X1 6 0 R >>",
            "",
            b"BT /F1 10 Tf 100 700 Td [(AB) -200 (C)] TJ ET /X1 Do 0 0 m 10 10 l S",
            {
                let mut v = type0("GBK-EUC-H", None, "1 [500] 2 3 1000");
                v.push(stream(
                    "/Type /XObject /Subtype /Form /BBox [0 0 600 800]",
                    b"BT /F1 10 Tf 10 600 Td <D6D0CEC4> Tj ET",
                ));
                v
            },
        ),
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for seed in &seeds {
        for _ in 0..400 {
            let mut b = seed.clone();
            for _ in 0..(1 + next() % 8) {
                let at = (next() as usize) % b.len().max(1);
                match next() % 3 {
                    0 => b[at] = next() as u8,
                    1 => {
                        let end = (at + (next() % 64) as usize).min(b.len());
                        b.drain(at..end);
                    }
                    _ => {
                        let end = (at + (next() % 64) as usize).min(b.len());
                        let chunk = b[at..end].to_vec();
                        b.splice(at..at, chunk);
                    }
                }
                if b.is_empty() {
                    break;
                }
            }
            let _ = decode(&b);
        }
    }
}

#[test]
fn the_document_time_budget_stops_decoding() {
    let bytes = fixture("fixtures/corpus/nanjing-eco-2024.pdf");
    let r = jixiao::limits::with_deadline(Some(std::time::Duration::ZERO), || decode(&bytes));
    match r {
        Err(Error::Limit { limit, .. }) => assert_eq!(limit, "timeout-per-doc"),
        other => panic!(
            "expected the time limit, got {:?}",
            other.map(|d| d.pages.len())
        ),
    }
}

#[test]
fn type3_font_text_comes_from_its_glyph_names() {
    // Glyph space 1/100 em: widths are in that space, FontMatrix scales them.
    let pdf = one_page(
        "/Font << /T3 5 0 R >>",
        "",
        b"BT /T3 10 Tf 100 700 Td (ab) Tj ET",
        vec![s("<< /Type /Font /Subtype /Type3 /FontBBox [0 0 100 100] \
             /FontMatrix [0.01 0 0 0.01 0 0] /FirstChar 97 /LastChar 98 /Widths [50 100] \
             /Encoding << /Type /Encoding /Differences [97 /uni8D22 /uni653F] >> \
             /CharProcs << >> /Resources << >> >>")],
    );
    let d = decode_ok(&pdf);
    assert_eq!(squash(&text_of(&d)), "财政");
    let g = &d.pages[0].glyphs;
    // 50 glyph units × 0.01 × 10 pt = 5 pt.
    assert!((g[1].x0 - g[0].x0 - 5.0).abs() < 0.01, "{g:?}");
}

#[test]
fn crop_box_offset_and_rotations_180_270_keep_reading_order() {
    let font = || vec![s("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")];
    // Crop box starting at (50, 100): coordinates are relative to it.
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "/CropBox [50 100 550 700]",
        b"BT /F1 10 Tf 100 600 Td (A) Tj ET",
        font(),
    );
    let d = decode_ok(&pdf);
    let p = &d.pages[0];
    assert_eq!((p.width, p.height), (500.0, 600.0));
    let a = &p.glyphs[0];
    assert!(
        (a.x0 - 50.0).abs() < 0.01 && (a.baseline - 100.0).abs() < 0.01,
        "{a:?}"
    );

    // /Rotate 180 with content drawn upside down reads upright.
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "/Rotate 180",
        b"q -1 0 0 -1 600 800 cm BT /F1 10 Tf 100 700 Td (AB) Tj ET Q",
        font(),
    );
    let d = decode_ok(&pdf);
    let g = &d.pages[0].glyphs;
    assert!(g.iter().all(|g| g.upright), "{g:?}");
    assert!(
        (g[0].x0 - 100.0).abs() < 0.01 && (g[0].baseline - 100.0).abs() < 0.01,
        "{g:?}"
    );
    assert!(g[1].x0 > g[0].x0);

    // /Rotate 270 with content turned the other way.
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "/Rotate 270",
        b"q 0 -1 1 0 0 800 cm BT /F1 10 Tf 100 500 Td (AB) Tj ET Q",
        font(),
    );
    let d = decode_ok(&pdf);
    let p = &d.pages[0];
    assert_eq!((p.width, p.height), (800.0, 600.0));
    let g = &p.glyphs;
    assert!(g.iter().all(|g| g.upright), "{g:?}");
    assert!(
        (g[0].x0 - 100.0).abs() < 0.01 && (g[0].baseline - 100.0).abs() < 0.01,
        "{g:?}"
    );
    assert!(g[1].x0 > g[0].x0);
}

#[test]
fn a_page_whose_content_is_missing_is_reported_and_the_rest_read() {
    let objs = vec![
        s("<< /Type /Catalog /Pages 2 0 R >>"),
        s("<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"),
        s("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] \
           /Resources << /Font << /F1 6 0 R >> >> /Contents 5 0 R >>"),
        s("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] \
           /Resources << /Font << /F1 6 0 R >> >> /Contents 99 0 R >>"),
        stream("", b"BT /F1 10 Tf 100 700 Td (Kept) Tj ET"),
        s("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    ];
    let d = decode_ok(&build(&objs));
    assert_eq!(d.pages.len(), 2);
    assert_eq!(squash(&page_text(&d.pages[0])), "Kept");
    let w: Vec<_> = d
        .warnings
        .iter()
        .filter(|w| w.location.as_ref().and_then(|l| l.page) == Some(2))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", d.warnings);
    assert!(w[0].message.starts_with("page 2:"), "{}", w[0].message);
}

#[test]
fn vertical_writing_stacks_glyphs_downwards() {
    let pdf = one_page(
        "/Font << /F1 5 0 R >>",
        "",
        b"BT /F1 10 Tf 300 700 Td <4E2D6587> Tj ET",
        type0("UniGB-UCS2-V", None, ""),
    );
    let d = decode_ok(&pdf);
    let g = &d.pages[0].glyphs;
    assert_eq!(g.len(), 2, "{g:?}");
    assert_eq!((g[0].text.as_str(), g[1].text.as_str()), ("中", "文"));
    assert!((g[0].x0 - g[1].x0).abs() < 0.01, "same column: {g:?}");
    assert!(
        g[1].top >= g[0].bottom - 0.01,
        "second below the first: {g:?}"
    );
}
