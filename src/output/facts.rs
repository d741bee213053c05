//! The `facts` table of the SQLite output: one row per amount of a recognised
//! standard table of a budget or final-accounts disclosure (`Document::facts`),
//! with the document's entity, fiscal year and kind on every row so that
//! queries across departments and years need no join. Self-contained: the
//! SQLite writer calls `insert` once per document, inside its transaction.

use rusqlite::{Transaction, params};

use crate::model::Document;

/// The serde name of a unit-like enum ("department_budget").
fn name<T: serde::Serialize>(v: &T) -> Option<String> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// Write the document's facts under `document_id`.
pub fn insert(tx: &Transaction<'_>, document_id: i64, doc: &Document) -> rusqlite::Result<()> {
    if doc.facts.is_empty() {
        return Ok(());
    }
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO facts (document_id, path, entity, fiscal_year, document_kind, table_index, table_kind, row, \"column\", code, name, measure, stage, unit, value, value_yuan, page, line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    let kind = doc.kind.as_ref().and_then(name);
    for f in &doc.facts {
        let (page, line) = f
            .location
            .as_ref()
            .map(|s| (s.page, s.line))
            .unwrap_or((None, None));
        stmt.execute(params![
            document_id,
            doc.source.path,
            doc.entity,
            doc.fiscal_year,
            kind,
            f.table as i64,
            name(&f.table_kind),
            f.row as i64,
            f.column as i64,
            f.code,
            f.name,
            f.measure,
            f.stage.map(|s| s.as_str()),
            f.unit,
            f.value,
            f.value_yuan,
            page,
            line,
        ])?;
    }
    Ok(())
}
