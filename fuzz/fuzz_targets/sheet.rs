//! Fuzz target: arbitrary bytes read as a spreadsheet (.xlsx, .xls or .ods,
//! whichever the bytes are; seeds of all three) must give a document or an
//! error value — never a panic, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "contained.rs"]
mod contained;

fuzz_target!(|data: &[u8]| {
    contained::let_contained_panics_unwind();
    let _ = jixiao::extract_bytes(data, "x.xlsx");
});
