//! The same report in another encoding (GB18030, UTF-16 with or without BOM,
//! UTF-8 with BOM) gives the same document apart from `source`, and the
//! detected encoding is recorded.

use std::path::Path;

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/corpus")
            .join(name),
    )
    .expect("fixture")
}

/// The document JSON without `source` (path, encoding, hash and size differ by design).
fn body(bytes: &[u8], name: &str) -> (serde_json::Value, Option<String>) {
    let doc = jixiao::extract_bytes(bytes, name).expect("extracts");
    let encoding = doc.source.encoding.clone();
    let mut v = serde_json::to_value(&doc).expect("serialises");
    v.as_object_mut().expect("object").remove("source");
    (v, encoding)
}

fn assert_same(original: &str, variant_bytes: &[u8], variant: &str, want_encoding: &str) {
    let (a, enc_a) = body(&corpus(original), original);
    let (b, enc_b) = body(variant_bytes, variant);
    assert_eq!(enc_a.as_deref(), Some("UTF-8"), "{original}");
    assert_eq!(enc_b.as_deref(), Some(want_encoding), "{variant}");
    assert!(a == b, "{variant} differs from {original} beyond `source`");
}

#[test]
fn gb18030_copy_is_the_same_document() {
    assert_same(
        "nanjing-land-2022.txt",
        &corpus("nanjing-land-2022.gb18030.txt"),
        "nanjing-land-2022.gb18030.txt",
        "GB18030",
    );
}

#[test]
fn utf16_copy_is_the_same_document() {
    let bytes = corpus("lishui-assessment-2022.utf16.txt");
    let (_, enc) = body(&bytes, "x.txt");
    let enc = enc.expect("encoding recorded");
    assert!(enc.starts_with("UTF-16"), "{enc}");
    assert_same(
        "lishui-assessment-2022.txt",
        &bytes,
        "lishui-assessment-2022.utf16.txt",
        &enc,
    );
}

#[test]
fn utf16_without_bom_and_utf8_with_bom_are_detected() {
    let text = String::from_utf8(corpus("nanjing-eco-2024.txt")).expect("UTF-8 fixture");
    let mut le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_same("nanjing-eco-2024.txt", &le, "le.txt", "UTF-16LE");
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    assert_same("nanjing-eco-2024.txt", &be, "be.txt", "UTF-16BE");
    le.clear();
    le.extend_from_slice(b"\xEF\xBB\xBF");
    le.extend_from_slice(text.as_bytes());
    let (_, enc) = body(&le, "bom.txt");
    assert_eq!(enc.as_deref(), Some("UTF-8"));
}

#[test]
fn gbk_bytes_are_detected_without_being_told() {
    let text = String::from_utf8(corpus("nanjing-eco-2024.txt")).expect("UTF-8 fixture");
    // Characters outside GBK become numeric references; compare with the same
    // text as UTF-8 so only the encoding differs.
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let (same_text, _) = encoding_rs::GB18030.decode_without_bom_handling(&gbk);
    let (a, enc_a) = body(same_text.as_bytes(), "utf8.txt");
    let (b, enc_b) = body(&gbk, "gbk.txt");
    assert_eq!(enc_a.as_deref(), Some("UTF-8"));
    assert_eq!(enc_b.as_deref(), Some("GB18030"));
    assert!(
        a == b,
        "GBK bytes give another document than the same text in UTF-8"
    );
}
