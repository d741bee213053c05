"""DataFrames: shapes and values against the JSON, and the same rows as the
SQLite output's cells / findings tables."""

import math
import sqlite3
import sys

import pytest

import jixiao
from conftest import ROOT

pd = pytest.importorskip("pandas")
CORPUS = sorted((ROOT / "fixtures/corpus").iterdir())


@pytest.fixture(scope="module")
def docs():
    return list(jixiao.extract_many(CORPUS, jobs=2))


@pytest.fixture(scope="module")
def db(cli, tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "corpus.sqlite"
    cli.run("extract", "--db", path, *CORPUS, check=True)
    con = sqlite3.connect(path)
    yield con
    con.close()


def missing(x):
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def same(a, b):
    if missing(a) or missing(b):
        return missing(a) and missing(b)
    if isinstance(a, float) or isinstance(b, float):
        return b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


def test_tables_frame_has_one_row_per_body_cell(docs):
    frame = jixiao.tables_frame(docs)
    assert list(frame.columns)[:7] == ["document", "table", "caption", "row", "column",
                                       "column_title", "label"]
    assert len(frame) == sum(len(r) for d in docs for t in d["tables"] for r in t["rows"])
    for d in docs:
        one = jixiao.tables_frame(d)
        assert len(one) == sum(len(r) for t in d["tables"] for r in t["rows"])
        for rec in one.sample(min(len(one), 40), random_state=1).itertuples():
            cell = d["tables"][rec.table]["rows"][rec.row][rec.column]
            assert rec.text == cell["text"]
            assert same(rec.value, cell.get("value"))
            assert same(rec.unit, cell.get("unit"))


def test_tables_frame_equals_the_sqlite_cells(docs, db):
    rows = db.execute(
        "SELECT d.path, c.table_index, c.row, c.\"column\", c.text, c.value, c.unit, c.kind,"
        " c.value_yuan, c.column_title, c.row_label, c.merged"
        " FROM cells c JOIN documents d ON d.id = c.document_id WHERE c.header = 0"
        " ORDER BY d.path, c.table_index, c.row, c.\"column\"").fetchall()
    frame = jixiao.tables_frame(docs).sort_values(["document", "table", "row", "column"])
    cols = ["document", "table", "row", "column", "text", "value", "unit", "kind",
            "value_yuan", "column_title", "label", "merged"]
    ours = list(frame[cols].itertuples(index=False, name=None))
    assert len(ours) == len(rows)
    for a, b in zip(ours, rows):
        b = b[:-1] + (bool(b[-1]),)
        assert all(same(x, y) for x, y in zip(a, b)), (a, b)


def test_findings_frame_equals_the_json_and_the_sqlite_findings(docs, db):
    frame = jixiao.findings_frame(docs)
    assert len(frame) == sum(len(d["findings"]) for d in docs)
    errors = frame[frame.severity == "error"]
    assert errors.groupby("document").size().to_dict() == {
        d["source"]["path"]: sum(f["severity"] == "error" for f in d["findings"])
        for d in docs if any(f["severity"] == "error" for f in d["findings"])}
    rows = db.execute(
        "SELECT d.path, f.check_name, f.severity, f.stated, f.computed, f.message,"
        " f.table_index, f.row, f.\"column\""
        " FROM findings f JOIN documents d ON d.id = f.document_id").fetchall()
    ours = frame[["document", "check", "severity", "stated", "computed", "message", "table",
                  "row", "column"]]
    key = lambda r: tuple(None if missing(x) else x for x in r)
    assert sorted(map(key, ours.itertuples(index=False, name=None)), key=repr) == sorted(
        map(key, rows), key=repr)


def test_figures_frame_equals_the_sqlite_figures(docs, db):
    frame = jixiao.figures_frame(docs)
    assert len(frame) == db.execute("SELECT count(*) FROM figures").fetchone()[0] > 100
    rows = db.execute(
        "SELECT d.path, p.section_id, p.seq, f.kind, f.value, f.unit, f.decimals, f.text, f.\"offset\""
        " FROM figures f JOIN paragraphs p ON p.id = f.paragraph_id"
        " JOIN documents d ON d.id = f.document_id ORDER BY d.path, p.seq, f.id").fetchall()
    ours = frame.sort_values(["document", "paragraph"], kind="stable")[
        ["document", "section", "paragraph", "kind", "value", "unit", "decimals", "text", "offset"]]
    for a, b in zip(ours.itertuples(index=False, name=None), rows):
        assert all(same(x, y) for x, y in zip(a, b)), (a, b)
    rate = frame[frame.before.str.contains("执行率", na=False) & (frame.kind == "percent")]
    assert len(rate) > 0 and (rate.value <= 100).all()


def test_facts_frame_has_its_columns_with_or_without_facts(docs):
    empty = jixiao.facts_frame(docs)
    n = sum(len(d.get("facts", [])) for d in docs)
    assert len(empty) == n and "measure" in empty.columns
    doc = {"source": {"path": "budget.pdf"}, "kind": "department_budget", "fiscal_year": 2024,
           "entity": "某某局", "facts": [
               {"table": 0, "table_kind": "expenditure_total", "row": 3, "column": 2,
                "code": "2010601", "name": "行政运行", "measure": "基本支出", "stage": "budget",
                "unit": "万元", "value": 120.5, "decimals": 2, "value_yuan": 1205000.0,
                "location": {"page": 4, "line": 12}}]}
    f = jixiao.facts_frame(doc)
    assert f.shape == (1, len(jixiao.frames.FACT_COLUMNS))
    assert f.iloc[0][["document", "fiscal_year", "code", "value", "page"]].tolist() == [
        "budget.pdf", 2024, "2010601", 120.5, 4]


def test_frames_take_many_documents_and_leave_failures_out(docs):
    items = list(jixiao.extract_many(CORPUS[:2] + [ROOT / "gone.txt"], errors="return"))
    assert isinstance(items[-1], jixiao.ExtractError)
    assert len(jixiao.tables_frame(items)) == len(jixiao.tables_frame(items[:2]))
    with pytest.raises(TypeError):
        jixiao.tables_frame([1])


def test_without_pandas_the_error_says_how_to_install_it(monkeypatch, docs):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        jixiao.findings_frame(docs[0])
