//! Fuzz target: arbitrary bytes read as a web page must give a document or an
//! error value — never a panic, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = jixiao::extract_bytes(data, "x.html");
    // The reader itself, also for bytes that do not start like a page.
    let _ = jixiao::ingest::read(data, jixiao::model::Format::Html);
});
