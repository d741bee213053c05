//! The published JSON Schema (schemas/document.schema.json) is the one the
//! model types generate. That every fixture's document validates against it
//! is checked by the Python tests (python/tests/test_schema.py, run by
//! `scripts/python-test.sh` and CI), with Python's `jsonschema`: the Rust
//! validator crate took two minutes of CPU in every CI build.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn checked_in_schema_is_the_generated_one() {
    let file = std::fs::read_to_string(root().join("schemas/document.schema.json"))
        .expect("schemas/document.schema.json");
    assert!(
        file == jixiao::output::schema(),
        "schemas/document.schema.json is stale: regenerate it with `cargo run -- schema > schemas/document.schema.json`"
    );
}
