//! Panics jixiao contains by design must not count as crashes.
//!
//! calamine slices .xls records without checking their lengths in places; a
//! damaged workbook makes it panic, and `ingest::sheet::read` catches that
//! panic and reports the file as damaged (an error value, as for any other
//! bad file). libFuzzer's panic hook aborts on every panic, caught or not, so
//! without this the fuzzer stops at calamine's bug instead of looking for
//! jixiao's. Only panics raised inside the crates listed here are let through
//! to the `catch_unwind`; a panic anywhere else (jixiao's own code included)
//! still aborts, and if a contained panic ever escaped the guard the
//! unwinding would reach libFuzzer and still be reported.

use std::sync::Once;

/// Source paths (as in a panic's location) of crates whose panics
/// `ingest::sheet::read` contains.
const CONTAINED: &[&str] = &["/calamine-"];

pub fn let_contained_panics_unwind() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let contained = info
                .location()
                .is_some_and(|at| CONTAINED.iter().any(|c| at.file().contains(c)));
            if !contained {
                fuzzer_hook(info);
            }
        }));
    });
}
