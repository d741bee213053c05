"""pandas DataFrames from document dicts (``jixiao.extract``, ``extract_many``,
or the command line's JSON loaded with ``json.load``). Long format, one row per
cell, finding or fact; the columns are those of the SQLite output's ``cells``,
``findings`` and ``facts`` tables (schemas/sqlite.sql), so a query written for
one reads the other. pandas is imported only when a frame is asked for."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Mapping, Union

from ._errors import ExtractError

Doc = Mapping[str, Any]
Docs = Union[Doc, Iterable[Doc]]

TABLE_COLUMNS = [
    "document", "table", "caption", "row", "column", "column_title", "label",
    "text", "value", "unit", "kind", "value_yuan", "merged", "page", "line",
]
FINDING_COLUMNS = [
    "document", "check", "severity", "stated", "computed", "difference", "unit",
    "message", "table", "row", "column", "section", "page", "line", "operands",
]
FIGURE_COLUMNS = [
    "document", "section", "paragraph", "kind", "value", "unit", "value_yuan",
    "decimals", "comparator", "text", "offset", "before", "page", "line",
]
FACT_COLUMNS = [
    "document", "document_kind", "fiscal_year", "entity", "table", "table_kind",
    "row", "column", "code", "name", "measure", "stage", "unit", "value",
    "decimals", "value_yuan", "page", "line",
]

# Money units and their size in 元 (as output::sqlite converts them).
_YUAN = {"元": 1.0, "千元": 1e3, "万元": 1e4, "百万元": 1e6, "亿元": 1e8}


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "jixiao's DataFrame helpers need pandas: pip install pandas "
            "(or pip install 'jixiao[pandas]')"
        ) from e
    return pandas


def _documents(docs: Docs) -> Iterator[Doc]:
    """One document or many; failures yielded by ``extract_many(...,
    errors="return")`` are left out (they have no rows)."""
    if isinstance(docs, Mapping):
        yield docs
        return
    for d in docs:
        if isinstance(d, ExtractError):
            continue
        if not isinstance(d, Mapping):
            raise TypeError(f"expected document dicts, got {type(d).__name__}")
        yield d


# Columns of whole numbers that may be missing: pandas' nullable Int64, so a
# missing page does not turn every page number into a float.
_INTEGER = {"table", "row", "column", "page", "line", "fiscal_year", "decimals",
            "paragraph", "offset"}


def _frame(rows: list, columns: list):
    pd = _pandas()
    frame = pd.DataFrame.from_records(rows, columns=columns)
    for c in columns:
        if c in _INTEGER:
            frame[c] = frame[c].astype("Int64")
    return frame


def row_label(row: list) -> str | None:
    """The item a body row is about: its first cell with text and no number."""
    for c in row:
        if c.get("value") is None and c.get("text", "").strip():
            return c["text"].strip()
    return None


def _in_yuan(cell: Mapping[str, Any]) -> float | None:
    fig = cell.get("figure") or {}
    if fig.get("value_yuan") is not None:
        return fig["value_yuan"]
    unit, value = (cell.get("unit") or "").strip(), cell.get("value")
    if value is None or unit not in _YUAN:
        return None
    return value * _YUAN[unit]


def tables_frame(docs: Docs):
    """Every body cell of every table, one row each: ``document`` (its
    ``source.path``), ``table`` (index in ``tables``), ``caption``, ``row`` and
    ``column`` (0-based), ``column_title`` (header levels joined with "/"),
    ``label`` (the row's item), ``text`` as written, ``value`` (a number, in
    ``unit``), ``kind`` (amount, percent, count …), ``value_yuan`` (money in 元),
    ``merged`` (repeats a merged cell: do not sum twice), ``page``, ``line``."""
    rows = []
    for doc in _documents(docs):
        path = doc["source"]["path"]
        for t in doc.get("tables", []):
            columns = t.get("columns", [])
            for r, row in enumerate(t.get("rows", [])):
                label = row_label(row)
                for c, cell in enumerate(row):
                    loc = cell.get("location") or {}
                    fig = cell.get("figure") or {}
                    rows.append((
                        path, t["id"], t.get("caption"), r, c,
                        columns[c] if c < len(columns) else None, label,
                        cell.get("text", ""), cell.get("value"), cell.get("unit"),
                        fig.get("kind"), _in_yuan(cell), bool(cell.get("merged", False)),
                        loc.get("page"), loc.get("line"),
                    ))
    return _frame(rows, TABLE_COLUMNS)


def findings_frame(docs: Docs):
    """Every finding of the audit, one row each: ``document``, ``check``
    (table.total, table.rate …), ``severity`` (error, warning, info),
    ``stated``, ``computed``, ``difference``, ``unit``, ``message``, where it
    is (``table``, ``row``, ``column``, ``section``, ``page``, ``line``) and
    its ``operands`` (a list of dicts)."""
    rows = []
    for doc in _documents(docs):
        path = doc["source"]["path"]
        for f in doc.get("findings", []):
            loc = f.get("location") or {}
            src = loc.get("source") or {}
            rows.append((
                path, f["check"], f["severity"], f["stated"], f["computed"],
                f["difference"], f.get("unit"), f["message"], loc.get("table"),
                loc.get("row"), loc.get("column"), loc.get("section"),
                src.get("page"), src.get("line"), f.get("operands", []),
            ))
    return _frame(rows, FINDING_COLUMNS)


def _paragraphs(doc: Doc) -> Iterator[tuple]:
    """(section id, paragraph) in reading order: the preamble, then the
    sections depth first (the order of the SQLite ``paragraphs.seq``)."""
    for p in doc.get("preamble", []):
        yield None, p
    stack = list(reversed(doc.get("sections", [])))
    while stack:
        s = stack.pop()
        for item in s.get("body", []):
            if item.get("type") == "paragraph":
                yield s["id"], item
        stack.extend(reversed(s.get("children", [])))


def figures_frame(docs: Docs, context: int = 20):
    """Every figure the prose states (amounts, percentages, counts, scores,
    targets), one row each: ``document``, ``section`` (dotted id, None in the
    preamble), ``paragraph`` (its position in reading order), ``kind``,
    ``value`` in ``unit``, ``value_yuan``, ``decimals`` as written,
    ``comparator`` (≥, ≤ … for targets), ``text`` as written, ``offset`` (in
    characters within the paragraph), ``before`` (the ``context`` characters
    before it: what the number is, e.g. "预算执行率为"), ``page``, ``line``."""
    rows = []
    for doc in _documents(docs):
        path = doc["source"]["path"]
        for seq, (section, p) in enumerate(_paragraphs(doc)):
            loc = p.get("location") or {}
            text = p.get("text", "")
            for f in p.get("figures", []):
                off = f.get("offset")
                before = text[max(0, off - context):off] if off is not None else None
                rows.append((
                    path, section, seq, f.get("kind"), f.get("value"), f.get("unit"),
                    f.get("value_yuan"), f.get("decimals"), f.get("comparator"),
                    f.get("text"), off, before, loc.get("page"), loc.get("line"),
                ))
    return _frame(rows, FIGURE_COLUMNS)


def facts_frame(docs: Docs):
    """Every fact of a budget or final-accounts disclosure (one amount of a
    recognised standard table with what its row and column mean), one row
    each, with the document's ``document_kind``, ``fiscal_year`` and
    ``entity``. Documents without facts (reports, or a build without the
    disclosure audit) give no rows; the columns are there all the same."""
    rows = []
    for doc in _documents(docs):
        path = doc["source"]["path"]
        head = (path, doc.get("kind"), doc.get("fiscal_year"), doc.get("entity"))
        for f in doc.get("facts", []):
            loc = f.get("location") or {}
            rows.append(head + (
                f.get("table"), f.get("table_kind"), f.get("row"), f.get("column"),
                f.get("code"), f.get("name"), f.get("measure"), f.get("stage"),
                f.get("unit"), f.get("value"), f.get("decimals"), f.get("value_yuan"),
                loc.get("page"), loc.get("line"),
            ))
    return _frame(rows, FACT_COLUMNS)
