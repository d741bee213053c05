//! The published JSON Schema (schemas/document.schema.json) is the one the
//! model types generate, and every fixture's document JSON validates against it.

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

#[test]
fn every_fixture_validates_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&jixiao::output::schema()).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut checked = 0;
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(root().join("fixtures/corpus")).expect("fixtures/corpus") {
        let path = entry.expect("dir entry").path();
        let doc = match jixiao::extract_path(&path) {
            Ok(d) => d,
            // Formats whose reader has not landed are covered by their own tests.
            Err(jixiao::Error::Unsupported(_)) => continue,
            Err(e) => panic!("{}: {e}", path.display()),
        };
        let value = serde_json::to_value(&doc).expect("document serialises");
        for err in validator.iter_errors(&value) {
            problems.push(format!(
                "{}: {} at {}",
                path.display(),
                err,
                err.instance_path()
            ));
        }
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} fixtures extracted");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
