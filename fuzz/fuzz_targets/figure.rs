//! Fuzz target: the figure parser on arbitrary strings. Besides not panicking,
//! checks the invariants callers rely on: offsets and texts point into the
//! input, values are finite, placeholders have no value.
#![no_main]

use jixiao::figures::{chinese_number, parse_cell, scan_text, unit_in};
use jixiao::model::FigureKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    for unit in [None, Some("万元"), Some("%"), Some("个")] {
        if let Some(f) = parse_cell(s, unit) {
            match f.kind {
                FigureKind::Placeholder => assert!(f.value.is_none()),
                _ => assert!(f.value.is_some_and(f64::is_finite)),
            }
            assert!(f.value_yuan.is_none_or(f64::is_finite));
        }
    }
    let chars: Vec<char> = s.chars().collect();
    for f in scan_text(s) {
        let off = f.offset.expect("scan_text gives offsets");
        let n = f.text.chars().count();
        assert!(off + n <= chars.len(), "figure past the end");
        let at: String = chars[off..off + n].iter().collect();
        assert_eq!(at, f.text, "text is not the input at offset");
        assert!(f.value.is_some_and(f64::is_finite));
    }
    let _ = unit_in(s);
    if let Some(v) = chinese_number(s) {
        assert!(v.is_finite());
    }
});
