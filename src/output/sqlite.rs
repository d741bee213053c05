//! SQLite output (`--db FILE.sqlite`): the schema in `schemas/sqlite.sql`.
//! A document's rows and its manifest row are always in the same
//! transaction, so an interrupted run never leaves half a document. Several
//! documents share a transaction ([`MAX_BATCH_DOCS`], [`MAX_BATCH_TIME`]),
//! and the search index is fed once per transaction: a commit per document
//! (and an FTS5 segment flush per document) cost more CPU than the rows.
//! [`Db::write`] says when it committed; the caller records documents as
//! done elsewhere (the manifest file) only then.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, params};

use crate::batch::{DoneSet, ManifestEntry, Status};
use crate::error::{Error, Result};
use crate::model::{BodyItem, Document, Section, Span};

/// The schema, applied on open (every statement is `IF NOT EXISTS`).
pub const SCHEMA: &str = include_str!("../../schemas/sqlite.sql");

fn db_err(e: rusqlite::Error) -> Error {
    Error::Io(std::io::Error::other(format!("database: {e}")))
}

/// Most documents in one transaction.
pub const MAX_BATCH_DOCS: usize = 256;
/// Longest a transaction stays open: a run killed midway loses at most
/// about this much written work (it is redone by `--resume`). The search
/// index of a transaction's paragraphs is built at its commit, so the last
/// commit is work nothing runs beside: at 1 s it was 70 ms at the end of a
/// two-worker batch, at 250 ms ≈ 20 ms; commits four times as often cost no
/// measurable CPU (the index is fed per transaction either way).
pub const MAX_BATCH_TIME: Duration = Duration::from_millis(250);

pub struct Db {
    conn: Connection,
    /// The open transaction: when it began and the documents in it.
    open: Option<(Instant, usize)>,
    /// The first paragraph row of the open transaction not yet in the
    /// search index.
    fts_from: Option<i64>,
}

impl Db {
    /// Open (or create) the database and apply the schema.
    pub fn open(path: &Path) -> Result<Db> {
        let conn = Connection::open(path).map_err(db_err)?;
        conn.execute_batch(
            // WAL with NORMAL sync: a commit is durable against a crash of
            // the process (what `--resume` relies on) without an fsync per
            // document. 16 KiB pages (a new database only; an existing one
            // keeps its own): a document's JSON is ~50 KB, and with 4 KiB
            // pages the WAL and its checkpoints took 49k pwrite calls for
            // 420 documents, 13k with 16 KiB. An 8 MB page cache: rows are
            // appended, so what is read again is the B-trees' right edges
            // and the path and hash indexes; a 64 MB cache grew with the
            // database and its first touch of each page cost 16,000 page
            // faults per 420 documents (≈ 2 % of the batch's CPU). Checkpoints
            // every 32 MB of WAL rather than 4 MB (a quarter less wall time
            // in bulk runs).
            "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -8192; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 2048;",
        )
        .map_err(db_err)?;
        conn.execute_batch(SCHEMA).map_err(db_err)?;
        // The rows a run inserts are consistent by construction, and checking
        // each one's parent cost a third of the database's CPU: enforcement
        // is off while inserting. A document being replaced is deleted with
        // it on (see `write`), so ON DELETE CASCADE still removes its rows.
        conn.execute_batch("PRAGMA foreign_keys = OFF;")
            .map_err(db_err)?;
        Ok(Db {
            conn,
            open: None,
            fts_from: None,
        })
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Every input in the manifest table, for `--resume`.
    pub fn manifest(&self) -> Result<DoneSet> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT path, sha256, format, status, reason, tool_version, bytes, read_ms, extract_ms, output FROM manifest",
            )
            .map_err(db_err)?;
        let rows = stmt
            .query_map([], |r| {
                let status: String = r.get(3)?;
                Ok(ManifestEntry {
                    path: r.get(0)?,
                    sha256: r.get(1)?,
                    format: r.get(2)?,
                    status: match status.as_str() {
                        "ok" => Status::Ok,
                        "skipped" => Status::Skipped,
                        _ => Status::Failed,
                    },
                    reason: r.get(4)?,
                    tool_version: r.get(5)?,
                    bytes: r.get::<_, i64>(6)?.max(0) as u64,
                    read_ms: r.get(7)?,
                    extract_ms: r.get(8)?,
                    output: r.get(9)?,
                })
            })
            .map_err(db_err)?;
        let mut done = DoneSet::new();
        for row in rows {
            let e = row.map_err(db_err)?;
            done.insert(e.path.clone(), e);
        }
        Ok(done)
    }

    /// Record one input: its document rows (replacing any earlier ones for the
    /// same path) and its manifest row, in the open transaction (one is begun
    /// if none is). `json` is the document as one JSON line (kept whole in
    /// `documents.json`). Returns true when this write committed the
    /// transaction: every document written so far is then durable.
    pub fn write(
        &mut self,
        entry: &ManifestEntry,
        doc: Option<&Document>,
        json: Option<&[u8]>,
    ) -> Result<bool> {
        // A document already in the database (`--resume` after its bytes
        // changed, or a run over the same inputs) is replaced in a
        // transaction of its own, with foreign keys enforced so that
        // deleting it cascades to its rows (the search index included,
        // which is why what is pending there is committed first).
        let replaces = self.document_id(&entry.path)?.is_some();
        if replaces {
            self.commit()?;
            self.conn
                .execute_batch("PRAGMA foreign_keys = ON;")
                .map_err(db_err)?;
        }
        if self.open.is_none() {
            self.conn.execute_batch("BEGIN").map_err(db_err)?;
            self.open = Some((Instant::now(), 0));
        }
        self.write_rows(entry, doc, json, replaces)
            .map_err(db_err)?;
        let (began, docs) = self.open.get_or_insert((Instant::now(), 0));
        *docs += 1;
        if replaces || *docs >= MAX_BATCH_DOCS || began.elapsed() >= MAX_BATCH_TIME {
            self.commit()?;
            if replaces {
                self.conn
                    .execute_batch("PRAGMA foreign_keys = OFF;")
                    .map_err(db_err)?;
            }
            return Ok(true);
        }
        Ok(false)
    }

    fn write_rows(
        &mut self,
        entry: &ManifestEntry,
        doc: Option<&Document>,
        json: Option<&[u8]>,
        replaces: bool,
    ) -> rusqlite::Result<()> {
        if replaces {
            self.conn
                .prepare_cached("DELETE FROM documents WHERE path = ?1")?
                .execute([&entry.path])?;
        }
        if let Some(doc) = doc {
            let first = insert_document(&self.conn, &entry.path, doc, json.unwrap_or(b"{}"))?;
            if self.fts_from.is_none() {
                self.fts_from = first;
            }
        }
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO manifest (path, sha256, format, status, reason, tool_version, bytes, read_ms, extract_ms, output)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                entry.path,
                entry.sha256,
                entry.format,
                entry.status.as_str(),
                entry.reason,
                entry.tool_version,
                entry.bytes as i64,
                entry.read_ms,
                entry.extract_ms,
                entry.output,
            ])?;
        Ok(())
    }

    /// Add the paragraphs written in the open transaction to the search
    /// index, in one statement (one FTS5 segment).
    fn index_pending(&mut self) -> rusqlite::Result<()> {
        if let Some(from) = self.fts_from.take() {
            self.conn
                .prepare_cached(
                    "INSERT INTO paragraphs_fts(rowid, text) SELECT id, text FROM paragraphs WHERE id >= ?1",
                )?
                .execute([from])?;
        }
        Ok(())
    }

    /// Commit the open transaction, if any (the search index first).
    pub fn commit(&mut self) -> Result<()> {
        if self.open.take().is_some() {
            let done = self
                .index_pending()
                .and_then(|()| self.conn.execute_batch("COMMIT"));
            if let Err(e) = done {
                self.fts_from = None;
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(db_err(e));
            }
        }
        Ok(())
    }

    /// The document id for a path, if it was extracted.
    pub fn document_id(&self, path: &str) -> Result<Option<i64>> {
        self.conn
            .prepare_cached("SELECT id FROM documents WHERE path = ?1")
            .and_then(|mut s| s.query_row([path], |r| r.get(0)).optional())
            .map_err(db_err)
    }
}

/// The report's year: the first 19xx/20xx in the title, else in the file name.
pub fn document_year(doc: &Document) -> Option<i64> {
    let file = doc
        .source
        .path
        .rsplit(['/', '\\', '!'])
        .next()
        .unwrap_or("");
    doc.title
        .as_deref()
        .and_then(first_year)
        .or_else(|| first_year(file))
}

fn first_year(s: &str) -> Option<i64> {
    let digits: Vec<char> = s.chars().collect();
    for w in 0..digits.len().saturating_sub(3) {
        let win = &digits[w..w + 4];
        let before_ok = w == 0 || !digits[w - 1].is_ascii_digit();
        let after_ok = digits.get(w + 4).is_none_or(|c| !c.is_ascii_digit());
        if before_ok
            && after_ok
            && win.iter().all(|c| c.is_ascii_digit())
            && (win[0..2] == ['1', '9'] || win[0..2] == ['2', '0'])
        {
            return win.iter().collect::<String>().parse().ok();
        }
    }
    None
}

fn span_page_line(s: &Span) -> (Option<u32>, Option<u32>) {
    (s.page, s.line)
}

/// Insert one document's rows; returns its first paragraph's row id (the
/// search index is fed by the caller).
fn insert_document(
    tx: &Connection,
    path: &str,
    doc: &Document,
    json: &[u8],
) -> rusqlite::Result<Option<i64>> {
    // The JSON is UTF-8 as serde_json wrote it: bound as text without a
    // second check.
    let json = ToSqlOutput::Borrowed(ValueRef::Text(json));
    tx.prepare_cached(
        "INSERT INTO documents (path, sha256, format, encoding, bytes, pages, title, year, schema_version, tool_version, checks_run, checks_passed, checks_failed, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
            path,
            doc.source.sha256,
            doc.source.format.as_str(),
            doc.source.encoding,
            doc.source.bytes as i64,
            doc.source.pages,
            doc.title,
            document_year(doc),
            doc.schema_version,
            crate::batch::TOOL_VERSION,
            doc.checks.run,
            doc.checks.passed,
            doc.checks.failed,
            json,
        ],
    )?;
    let id = tx.last_insert_rowid();

    let mut para = tx.prepare_cached(
        "INSERT INTO paragraphs (document_id, section_id, seq, text, page, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut fig = tx.prepare_cached(
        "INSERT INTO figures (document_id, paragraph_id, kind, value, unit, value_yuan, decimals, comparator, text, \"offset\")
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut seq = 0i64;
    let mut first_paragraph = None;
    let mut add_paragraph =
        |section: Option<&str>, p: &crate::model::Paragraph| -> rusqlite::Result<()> {
            let (page, line) = span_page_line(&p.location);
            para.execute(params![id, section, seq, p.text, page, line])?;
            seq += 1;
            let pid = tx.last_insert_rowid();
            first_paragraph.get_or_insert(pid);
            for f in &p.figures {
                fig.execute(params![
                    id,
                    pid,
                    f.kind.as_str(),
                    f.value,
                    f.unit,
                    f.value_yuan,
                    f.decimals,
                    f.comparator.as_ref().map(enum_str),
                    f.text,
                    f.offset.map(|o| o as i64),
                ])?;
            }
            Ok(())
        };
    for p in &doc.preamble {
        add_paragraph(None, p)?;
    }
    let mut sec = tx.prepare_cached(
        "INSERT OR IGNORE INTO sections (document_id, section_id, parent_id, number, level, title, attachment, page, line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut stack: Vec<(&Section, Option<&str>)> =
        doc.sections.iter().rev().map(|s| (s, None)).collect();
    while let Some((s, parent)) = stack.pop() {
        let (page, line) = span_page_line(&s.location);
        sec.execute(params![
            id,
            s.id,
            parent,
            s.number,
            s.level,
            s.title,
            s.attachment,
            page,
            line
        ])?;
        for item in &s.body {
            if let BodyItem::Paragraph(p) = item {
                add_paragraph(Some(&s.id), p)?;
            }
        }
        for c in s.children.iter().rev() {
            stack.push((c, Some(&s.id)));
        }
    }

    insert_tables(tx, id, doc)?;

    let mut find = tx.prepare_cached(
        "INSERT INTO findings (document_id, check_name, severity, stated, computed, difference, unit, message, table_index, row, \"column\", section_id, page, line, operands)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for f in &doc.findings {
        let (page, line) = f
            .location
            .source
            .as_ref()
            .map(span_page_line)
            .unwrap_or((None, None));
        let operands = serde_json::to_string(&f.operands).unwrap_or_else(|_| "[]".into());
        find.execute(params![
            id,
            f.check,
            f.severity.as_str(),
            f.stated,
            f.computed,
            f.difference,
            f.unit,
            f.message,
            f.location.table.map(|v| v as i64),
            f.location.row.map(|v| v as i64),
            f.location.column.map(|v| v as i64),
            f.location.section,
            page,
            line,
            operands,
        ])?;
    }

    let mut chk = tx.prepare_cached(
        "INSERT OR REPLACE INTO checks (document_id, check_name, run, passed, failed) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (name, c) in &doc.checks.by_check {
        chk.execute(params![id, name, c.run, c.passed, c.failed])?;
    }
    super::facts::insert(tx, id, doc)?;
    Ok(first_paragraph)
}

/// One row per table and one per cell.
fn insert_tables(tx: &Connection, id: i64, doc: &Document) -> rusqlite::Result<()> {
    let mut tab = tx.prepare_cached(
        "INSERT OR IGNORE INTO tables (document_id, table_index, caption, unit, section_id, columns, header_rows, body_rows, parts, page, page_end, line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    let mut cell = tx.prepare_cached(
        "INSERT OR IGNORE INTO cells (document_id, table_index, header, row, \"column\", text, value, unit, kind, value_yuan, column_title, row_label, merged)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for t in &doc.tables {
        let columns = serde_json::to_string(&t.columns).unwrap_or_else(|_| "[]".into());
        tab.execute(params![
            id,
            t.id as i64,
            t.caption,
            t.unit,
            t.section,
            columns,
            t.header.len() as i64,
            t.rows.len() as i64,
            t.parts,
            t.location.page,
            t.location.page_end,
            t.location.line,
        ])?;
        // Parameters are bound once per table, part and row, not per cell
        // (the statement keeps its bindings between executions): at
        // ≈ 190,000 cells in a 420-document batch, rebinding all thirteen
        // for every cell cost 15 % more instructions.
        cell.raw_bind_parameter(1, id)?;
        cell.raw_bind_parameter(2, t.id as i64)?;
        for (header, rows) in [(true, &t.header), (false, &t.rows)] {
            cell.raw_bind_parameter(3, header)?;
            for (r, row) in rows.iter().enumerate() {
                // The row's item: its first cell with text and no number.
                let label = (!header)
                    .then(|| {
                        row.iter()
                            .find(|c| c.value.is_none() && !c.text.trim().is_empty())
                            .map(|c| c.text.trim())
                    })
                    .flatten();
                cell.raw_bind_parameter(4, r as i64)?;
                cell.raw_bind_parameter(12, label)?;
                for (col, c) in row.iter().enumerate() {
                    let yuan = c
                        .figure
                        .as_ref()
                        .and_then(|f| f.value_yuan)
                        .or_else(|| in_yuan(c.value, c.unit.as_deref()));
                    let title = (!header).then(|| t.columns.get(col)).flatten();
                    cell.raw_bind_parameter(5, col as i64)?;
                    cell.raw_bind_parameter(6, &c.text)?;
                    cell.raw_bind_parameter(7, c.value)?;
                    cell.raw_bind_parameter(8, &c.unit)?;
                    cell.raw_bind_parameter(9, c.figure.as_ref().map(|f| f.kind.as_str()))?;
                    cell.raw_bind_parameter(10, yuan)?;
                    cell.raw_bind_parameter(11, title)?;
                    cell.raw_bind_parameter(13, c.merged)?;
                    cell.raw_execute()?;
                }
            }
        }
    }

    Ok(())
}

/// A money amount in 元, from a value and its written unit, for cells whose
/// figure does not carry `value_yuan` itself.
fn in_yuan(value: Option<f64>, unit: Option<&str>) -> Option<f64> {
    let factor = crate::figures::units::yuan_factor(unit?)?;
    value.map(|v| v * factor)
}

/// The serde name of a unit-like enum variant ("amount", "error", "≥").
fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_units_convert_to_yuan_and_others_do_not() {
        assert_eq!(in_yuan(Some(57.89), Some("万元")), Some(578_900.0));
        assert_eq!(in_yuan(Some(1.5), Some("亿元")), Some(150_000_000.0));
        assert_eq!(in_yuan(Some(12.0), Some("元")), Some(12.0));
        assert_eq!(in_yuan(Some(15.24), Some("%")), None);
        assert_eq!(in_yuan(None, Some("万元")), None);
        assert_eq!(in_yuan(Some(3.0), None), None);
    }

    #[test]
    fn kind_and_severity_names_are_the_json_names() {
        use crate::model::FigureKind::*;
        for k in [Amount, Percent, Count, Score, Number, Placeholder] {
            assert_eq!(k.as_str(), enum_str(&k));
        }
        use crate::model::Severity;
        for s in [Severity::Error, Severity::Warning, Severity::Info] {
            assert_eq!(s.as_str(), enum_str(&s));
        }
    }

    #[test]
    fn years_are_whole_numbers_in_range() {
        assert_eq!(first_year("南京市2024年度绩效自评报告"), Some(2024));
        assert_eq!(first_year("编号120245"), None);
        assert_eq!(first_year("1999年"), Some(1999));
        assert_eq!(first_year("3050年"), None);
        assert_eq!(first_year("年"), None);
    }

    #[test]
    fn schema_applies_twice_and_has_trigram_search() {
        let conn = Connection::open_in_memory().expect("memory db");
        conn.execute_batch(SCHEMA).expect("schema");
        conn.execute_batch(SCHEMA).expect("schema again");
        conn.execute(
            "INSERT INTO documents (id, path, sha256, format, bytes, schema_version, tool_version, checks_run, checks_passed, checks_failed, json)
             VALUES (1, 'a.txt', 'x', 'text', 1, 1, 'v', 0, 0, 0, '{}')",
            [],
        )
        .expect("document");
        conn.execute(
            "INSERT INTO paragraphs (document_id, seq, text) VALUES (1, 0, '本年度三公经费支出12.5万元')",
            [],
        )
        .expect("paragraph");
        conn.execute(
            "INSERT INTO paragraphs_fts(rowid, text) SELECT id, text FROM paragraphs WHERE document_id = 1",
            [],
        )
        .expect("index");
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM paragraphs_fts WHERE text MATCH '三公经费'",
                [],
                |r| r.get(0),
            )
            .expect("fts");
        assert_eq!(n, 1);
        conn.execute_batch("PRAGMA foreign_keys = ON; DELETE FROM documents;")
            .expect("delete");
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM paragraphs_fts WHERE text MATCH '三公经费'",
                [],
                |r| r.get(0),
            )
            .expect("fts");
        assert_eq!(n, 0, "cascade delete must reach the search index");
    }
}
