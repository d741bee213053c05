-- jixiao SQLite schema (`jixiao extract … --db FILE.sqlite`).
--
-- Indexes serve joins (every foreign key is the leading column of a key or
-- an index) and exact filters (severity, year, sha256, status). Labels and
-- column titles are matched with LIKE '%…%', which no B-tree index serves, so
-- they have none: an index on them would only slow every insert down.
--
-- One row in `documents` per extracted input; everything else hangs off it
-- with ON DELETE CASCADE, so re-extracting a path replaces its rows in one
-- transaction. `manifest` has one row per input of any run, good or bad.
-- Amounts: `value` is in the unit written in the source (`unit`, often 万元);
-- `value_yuan` is the same amount in 元 when the unit is money (元/千元/万元/亿元).
--
-- Example queries (with their results on the fixtures: docs/queries.md):
--
-- 1. Every 项目支出 line whose 执行率 is below 90%:
--    SELECT d.path, d.year, t.caption, c.row_label AS project, c.value AS rate_percent
--    FROM cells c
--    JOIN tables t ON t.document_id = c.document_id AND t.table_index = c.table_index
--    JOIN documents d ON d.id = c.document_id
--    WHERE c.header = 0 AND c.column_title LIKE '%执行率%' AND c.unit = '%' AND c.value < 90
--      AND t.caption LIKE '%项目%'
--      AND c.row_label NOT LIKE '%合计%' AND c.row_label NOT LIKE '%总计%'
--    ORDER BY c.value;
--
-- 2. Every document with an arithmetic error:
--    SELECT d.path, d.title, count(*) AS errors, group_concat(DISTINCT f.check_name) AS checks
--    FROM findings f JOIN documents d ON d.id = f.document_id
--    WHERE f.severity = 'error'
--    GROUP BY d.id ORDER BY errors DESC;
--
-- 3. Total 三公经费 per year (the 合计 row of each 三公经费 table, 决算 column):
--    SELECT d.year, round(sum(c.value_yuan) / 10000, 2) AS sangong_wan_yuan, count(DISTINCT d.id) AS documents
--    FROM cells c
--    JOIN tables t ON t.document_id = c.document_id AND t.table_index = c.table_index
--    JOIN documents d ON d.id = c.document_id
--    WHERE t.caption LIKE '%三公%' AND c.header = 0
--      AND (c.row_label LIKE '%合计%' OR c.row_label LIKE '%总计%')
--      AND c.column_title LIKE '%决算%' AND c.value_yuan IS NOT NULL
--    GROUP BY d.year ORDER BY d.year;

CREATE TABLE IF NOT EXISTS documents (
    id              INTEGER PRIMARY KEY,
    path            TEXT NOT NULL UNIQUE,      -- as given; zip entries as archive.zip!/entry
    sha256          TEXT NOT NULL,
    format          TEXT NOT NULL,             -- text | docx | pdf
    encoding        TEXT,
    bytes           INTEGER NOT NULL,
    pages           INTEGER,
    title           TEXT,
    year            INTEGER,                   -- first year (19xx/20xx) in the title, else in the file name
    schema_version  INTEGER NOT NULL,
    tool_version    TEXT NOT NULL,
    checks_run      INTEGER NOT NULL,
    checks_passed   INTEGER NOT NULL,
    checks_failed   INTEGER NOT NULL,
    json            TEXT NOT NULL              -- the whole document JSON, for anything not broken out below
);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(sha256);
CREATE INDEX IF NOT EXISTS documents_year ON documents(year);

CREATE TABLE IF NOT EXISTS sections (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    section_id  TEXT NOT NULL,                 -- dotted path "2.3.1"
    parent_id   TEXT,
    number      TEXT,                          -- as written: 一, （二）, 3
    level       INTEGER NOT NULL,
    title       TEXT NOT NULL,
    attachment  INTEGER NOT NULL DEFAULT 0,
    page        INTEGER,
    line        INTEGER,
    PRIMARY KEY (document_id, section_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS paragraphs (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    section_id  TEXT,                          -- null for the preamble
    seq         INTEGER NOT NULL,              -- reading order in the document
    text        TEXT NOT NULL,
    page        INTEGER,
    line        INTEGER
);
CREATE INDEX IF NOT EXISTS paragraphs_document ON paragraphs(document_id, seq);

-- Full-text search over paragraphs; trigram, because the default tokenizer
-- finds nothing in Chinese:  SELECT … FROM paragraphs_fts WHERE text MATCH '三公经费'
-- An external-content index: jixiao fills it with one statement per commit
--   INSERT INTO paragraphs_fts(rowid, text) SELECT id, text FROM paragraphs WHERE id >= ?
-- (? = the commit's first paragraph; not with a row trigger: FTS5 flushes its
-- pending terms at every statement savepoint, so a per-row trigger costs a
-- segment, and later merges, per paragraph). Deleted paragraphs leave it
-- through the trigger below.
CREATE VIRTUAL TABLE IF NOT EXISTS paragraphs_fts USING fts5(
    text, content = 'paragraphs', content_rowid = 'id', tokenize = 'trigram'
);
-- Each commit of a batch adds one index segment; FTS5 merges the segments of
-- a level once 16 are there (its default is 4), so every indexed byte is
-- rewritten half as often: a batch of 3,360 documents into one database used
-- 4 % less CPU in all (a fifth of what the database cost it), and a search
-- looks in up to 15 segments per level (≈ 0.2 ms instead of 0.1 ms per MATCH
-- on those 3,360 documents). After a bulk load, one merge makes searches as
-- fast as they can be:  INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('optimize');
INSERT INTO paragraphs_fts(paragraphs_fts, rank) VALUES ('automerge', 16);
DROP TRIGGER IF EXISTS paragraphs_fts_insert;
CREATE TRIGGER IF NOT EXISTS paragraphs_fts_delete AFTER DELETE ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TABLE IF NOT EXISTS tables (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    table_index INTEGER NOT NULL,              -- Document.tables index
    caption     TEXT,
    unit        TEXT,
    section_id  TEXT,
    columns     TEXT NOT NULL,                 -- JSON array of column titles
    header_rows INTEGER NOT NULL,
    body_rows   INTEGER NOT NULL,
    parts       INTEGER NOT NULL,
    page        INTEGER,
    page_end    INTEGER,
    line        INTEGER,
    PRIMARY KEY (document_id, table_index)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS cells (
    document_id  INTEGER NOT NULL,
    table_index  INTEGER NOT NULL,
    header       INTEGER NOT NULL,             -- 1 in header rows
    row          INTEGER NOT NULL,             -- 0-based within header or body
    "column"     INTEGER NOT NULL,             -- 0-based
    text         TEXT NOT NULL,
    value        REAL,                         -- in `unit`
    unit         TEXT,
    kind         TEXT,                         -- amount | percent | count | score | number | placeholder
    value_yuan   REAL,                         -- money in 元
    column_title TEXT,                         -- Table.columns[column], header levels joined with "/"
    row_label    TEXT,                         -- first text cell of the row (the item)
    merged       INTEGER NOT NULL DEFAULT 0,   -- repeats a merged cell: do not sum twice
    PRIMARY KEY (document_id, table_index, header, row, "column"),
    FOREIGN KEY (document_id, table_index) REFERENCES tables(document_id, table_index) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS figures (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    value        REAL,
    unit         TEXT,
    value_yuan   REAL,
    decimals     INTEGER NOT NULL,
    comparator   TEXT,
    text         TEXT NOT NULL,
    "offset"     INTEGER                       -- in characters, within the paragraph
);
CREATE INDEX IF NOT EXISTS figures_document ON figures(document_id, kind);
CREATE INDEX IF NOT EXISTS figures_paragraph ON figures(paragraph_id);

CREATE TABLE IF NOT EXISTS findings (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    check_name  TEXT NOT NULL,                 -- table.total, table.rate, score.weights …
    severity    TEXT NOT NULL,                 -- error | warning | info
    stated      REAL NOT NULL,
    computed    REAL NOT NULL,
    difference  REAL NOT NULL,
    unit        TEXT,
    message     TEXT NOT NULL,
    table_index INTEGER,
    row         INTEGER,
    "column"    INTEGER,
    section_id  TEXT,
    page        INTEGER,
    line        INTEGER,
    operands    TEXT NOT NULL                  -- JSON array of operands
);
CREATE INDEX IF NOT EXISTS findings_document ON findings(document_id);
CREATE INDEX IF NOT EXISTS findings_severity ON findings(severity, check_name);

CREATE TABLE IF NOT EXISTS checks (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    check_name  TEXT NOT NULL,
    run         INTEGER NOT NULL,
    passed      INTEGER NOT NULL,
    failed      INTEGER NOT NULL,
    PRIMARY KEY (document_id, check_name)
) WITHOUT ROWID;

-- One row per input ever given, the latest outcome; joined to documents on path.
CREATE TABLE IF NOT EXISTS manifest (
    path         TEXT PRIMARY KEY,
    sha256       TEXT,
    format       TEXT,
    status       TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'skipped')),
    reason       TEXT,
    tool_version TEXT NOT NULL,
    bytes        INTEGER NOT NULL,
    read_ms      REAL NOT NULL,
    extract_ms   REAL NOT NULL,
    output       TEXT,
    finished_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX IF NOT EXISTS manifest_status ON manifest(status);

-- One row per amount in a recognised standard table of a budget or
-- final-accounts disclosure (the document JSON's `facts`), with the
-- document's entity, fiscal year and kind on every row: a query across
-- departments and years needs no join. Examples: docs/queries.md (4, 5).
CREATE TABLE IF NOT EXISTS facts (
    document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    path          TEXT NOT NULL,
    entity        TEXT,                      -- 部门/单位 (上海市普陀区司法局)
    fiscal_year   INTEGER,                   -- the year the document reports on
    document_kind TEXT,                      -- department_budget | unit_budget | department_final_accounts | unit_final_accounts
    table_index   INTEGER NOT NULL,          -- Document.tables index
    table_kind    TEXT NOT NULL,             -- income_expenditure_summary | income_summary | expenditure_summary | fiscal_appropriation_summary | general_budget_by_function | general_budget_basic_by_economic | fiscal_appropriation_by_function | fiscal_appropriation_basic_by_economic | government_fund | state_capital_operation | three_public_expenses | operating_expenses | project_expenditure | government_procurement | other
    row           INTEGER NOT NULL,          -- body row of the amount
    "column"      INTEGER NOT NULL,
    code          TEXT,                      -- 科目编码, digits only (2070101); a 类 named in a summary table gets its code
    name          TEXT NOT NULL,             -- 科目名称 or item, normalised (行政运行, 合计, 本年支出合计, 三公经费, 公务接待费)
    measure       TEXT NOT NULL,             -- the column's meaning: 合计 | 基本支出 | 项目支出 | 人员经费 | 公用经费 | 财政拨款 | 事业收入 | … (合计 for a fund's column: the fund is in table_kind)
    stage         TEXT,                      -- initial_budget (年初预算) | adjusted_budget (调整预算) | budget (预算) | final (决算) | previous_final (上年决算) | previous_budget (上年预算)
    unit          TEXT,                      -- as written (元, 万元)
    value         REAL NOT NULL,             -- in `unit`
    value_yuan    REAL,                      -- in 元
    page          INTEGER,
    line          INTEGER,
    PRIMARY KEY (document_id, table_index, row, "column")
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS facts_entity ON facts(entity, fiscal_year);
CREATE INDEX IF NOT EXISTS facts_year ON facts(fiscal_year, table_kind);
