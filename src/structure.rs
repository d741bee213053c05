//! structure: knows Chinese documents, not formats. Placeholder.
use crate::model::{CheckSummary, Document, Ingested, SCHEMA_VERSION, Source};

pub fn build(source: Source, ingested: Ingested) -> Document {
    Document {
        schema_version: SCHEMA_VERSION,
        source,
        title: None,
        sections: vec![],
        contents: vec![],
        preamble: vec![],
        tables: vec![],
        findings: vec![],
        checks: CheckSummary::default(),
        warnings: ingested.warnings,
    }
}
