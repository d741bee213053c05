#!/usr/bin/env python3
"""Layout fixtures for the audit (issue 11): each document of
scripts/layout_fixture_specs.py rendered four ways, with its ground truth.

  fixtures/layouts/<name>.txt         tab-separated rows (merged cells left empty)
  fixtures/layouts/<name>.tika.txt    Apache Tika's text of the DOCX: one cell per
                                      line starting with a tab, a blank line after
                                      each row, a gridSpan cell once, a vMerge
                                      continuation as an empty cell
  fixtures/layouts/<name>.docx        python-docx, real gridSpan / vMerge merges,
                                      w:tblHeader on header rows where the spec says
  fixtures/layouts/<name>.pdf         reportlab, STSong-Light, ruled tables; the
                                      page breaks of the spec inside tables, the
                                      group cell restated at the top of each part
  fixtures/layouts/<name>.lo.pdf      LibreOffice's PDF of the DOCX (a second
                                      producer; its page breaks fall where they
                                      fall, a cut merged cell is not restated)
  fixtures/layouts/<name>.expect.json the ground truth, written from the document
                                      (the relations declared in the spec), never
                                      from jixiao's output

The expectation names cells format-independently: a row by the text of one of
its cells (`row`, exact after removing whitespace, else the cell containing
it; `row_nth` when the label occurs more than once), a number by its text as
written (`text`) and its occurrence among the row's numbers (`nth`). The
script resolves every reference in every rendering and stops if one is
ambiguous or resolves to different cells, and it checks every relation with
rounding-aware interval arithmetic: a relation declared to hold must hold at
the decimals written, a planted defect must fail beyond rounding.

Mutations (tests/mutation.rs applies them): every number that takes part in a
relation that holds (and in no planted defect) is changed by one digit. The
digit is the lowest one whose change (+1, or -1 when it is 9) puts at least one
of the number's relations out by at least twice its rounding tolerance (the
stated value's half-interval plus the computed one's), so the change is
clearly beyond rounding yet as small as that allows: "568.45" becomes
"568.55" when the sum it closes has four two-decimal parts, a weight "10"
becomes "11" (whole points are exact), a rate "97.17%" becomes "97.27%".

Needs: pip install reportlab python-docx (the script installs them if missing),
LibreOffice and a CJK font (apt-get install libreoffice-writer fonts-wqy-microhei;
installed when missing).
Run from the repository root:  python3 scripts/make-layout-fixtures.py
"""
import importlib
import json
import os
import re
import subprocess
import sys
from decimal import Decimal

OUT = "fixtures/layouts"


def need(module, package):
    try:
        return importlib.import_module(module)
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", package])
        return importlib.import_module(module)


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import layout_fixture_specs as specs  # noqa: E402

# ---------------------------------------------------------------------------
# Parts: a table as a rendering shows it (the grid itself is specs.Grid)
# ---------------------------------------------------------------------------


class Part:
    """A run of rows of a table as one rendering shows it: `rows[i]` is the
    logical row index and a list of (col, text, rowspan, colspan, origin (r, c))
    for the cells that start in that row of the part (covered positions absent;
    a merged cell cut by a page break is restated at the top of the next part)."""

    def __init__(self, rows):
        self.rows = [cells for (_r, cells) in rows]
        self.logical = [r for (r, _cells) in rows]


def parts(table, split):
    """The table as parts: one part, or one per page-break segment when `split`
    (header rows repeated where the spec says, a merged cell cut by the break
    restated at the top of the next part with the spec's continuation text)."""
    g = table.grid
    n = len(g.rows)
    bounds = [0] + (sorted(table.breaks) if split else []) + [n]
    out = []
    for k in range(len(bounds) - 1):
        lo, hi = bounds[k], bounds[k + 1]
        rows = []
        if k > 0 and table.repeat_header:
            rows.extend(segment(g, 0, table.header, {}))
        rows.extend(segment(g, lo, hi, table.cont.get(lo, {}) if k > 0 else {}))
        out.append(Part(rows))
    return out


def segment(g, lo, hi, cont):
    """Rows lo..hi of grid g as part rows; a cell whose origin lies above lo is
    restated in row lo (text from `cont` by column, else the origin's text)."""
    rows = []
    for r in range(lo, hi):
        cells = []
        for c in range(g.width):
            o = g.origin[r][c]
            r0, c0 = o
            rs, cs = g.span[o]
            if c != c0:
                continue
            if r == r0 or (r == lo and r0 < lo):
                start = max(r0, lo)
                span_rows = min(r0 + rs, hi) - start
                text = g.text(r0, c0)
                if r0 < lo:
                    text = cont.get(c0, text)
                cells.append((c0, text, span_rows, cs, o))
        rows.append((r, cells))
    return rows


# ---------------------------------------------------------------------------
# Renderings
# ---------------------------------------------------------------------------


def table_parts(doc, table, fmt):
    split = bool(table.breaks) and (fmt == "pdf" or table.split_all)
    return parts(table, split)


def render_txt(doc):
    lines = []
    for b in doc.blocks:
        if isinstance(b, specs.P):
            lines.append(b.text)
            continue
        for k, part in enumerate(table_parts(doc, b, "txt")):
            if k > 0:
                lines.append(b.cont_line)
            for cells in part.rows:
                row = [""] * b.grid.width
                for (c, text, _rs, _cs, _o) in cells:
                    row[c] = text.replace("\n", " ")
                lines.append("\t".join(row))
    return "\n".join(lines) + "\n"


def render_tika(doc):
    """What `tika --text` gives for the DOCX: XHTMLContentHandler writes a tab
    before each <td>, a newline after each <p>, <tr> and <table>."""
    out = []
    for b in doc.blocks:
        if isinstance(b, specs.P):
            out.append(b.text + "\n")
            continue
        for k, part in enumerate(table_parts(doc, b, "docx")):
            if k > 0:
                out.append(b.cont_line + "\n")
            for idx, cells in enumerate(part.rows):
                # Every w:tc is a <td>: a vMerge continuation is an empty cell,
                # a gridSpan cell appears once.
                for c in range(b.grid.width):
                    hit = [x for x in cells if x[0] == c]
                    if hit:
                        out.append("\t" + hit[0][1] + "\n")
                    elif vertical_continuation(part, idx, cells, c):
                        out.append("\t\n")
                out.append("\n")
            out.append("\n")
    return "".join(out)


def vertical_continuation(part, idx, cells, c):
    """Is column c of part row idx the first grid column of a cell merged from
    a row above (a w:tc with vMerge), rather than covered by a gridSpan?"""
    for (c0, _t, _rs, cs, _o) in cells:
        if c0 < c < c0 + cs:
            return False
    for i in range(idx - 1, -1, -1):
        for (c0, _t, rs, cs, _o) in part.rows[i]:
            if c0 <= c < c0 + cs and i + rs > idx:
                return c0 == c
    return False


DOCX_TABLE_PT = 9


def render_docx(doc, path):
    docx = need("docx", "python-docx")
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = docx.Document()
    st = d.styles["Normal"]
    st.font.size = Pt(10.5)
    for sec in d.sections:
        sec.left_margin = sec.right_margin = Mm(18)
    st.font.name = "Times New Roman"
    st.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    if doc.landscape:
        sec = d.sections[0]
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    for b in doc.blocks:
        if isinstance(b, specs.P):
            if b.style == "title":
                p = d.add_paragraph()
                run = p.add_run(b.text)
                run.bold = True
                run.font.size = Pt(16)
                p.alignment = 1
            elif b.style == "heading":
                d.add_heading(b.text, level=1)
            else:
                d.add_paragraph(b.text)
            continue
        for k, part in enumerate(table_parts(doc, b, "docx")):
            if k > 0:
                p = d.add_paragraph()
                p.add_run().add_break(WD_BREAK.PAGE)
                p.add_run(b.cont_line)
            t = d.add_table(rows=len(part.rows), cols=b.grid.width)
            t.style = "Table Grid"
            t.autofit = False
            tblPr = t._tbl.tblPr
            mar = OxmlElement("w:tblCellMar")
            for side in ("left", "right"):
                m = OxmlElement(f"w:{side}")
                m.set(qn("w:w"), "57")
                m.set(qn("w:type"), "dxa")
                mar.append(m)
            tblPr.append(mar)
            sec = d.sections[-1]
            usable = sec.page_width - sec.left_margin - sec.right_margin
            weights = b.widths or [1] * b.grid.width
            for c, w in enumerate(weights):
                width = int(usable * w / sum(weights))
                t.columns[c].width = width
                for cell in t.columns[c].cells:
                    cell.width = width
            for i, cells in enumerate(part.rows):
                for (c, text, rs, cs, _o) in cells:
                    cell = t.cell(i, c)
                    if rs > 1 or cs > 1:
                        cell = cell.merge(t.cell(i + rs - 1, c + cs - 1))
                    cell.text = text
                    for para in cell.paragraphs:
                        for run in para.runs:
                            run.font.size = Pt(DOCX_TABLE_PT)
            # A table the spec breaks by page: rows of at least 1 cm that do not
            # split, as forms are often laid out, so LibreOffice's own page flow
            # cuts it (where it falls, without restating merged cells).
            if b.breaks and not b.split_all:
                for row in t.rows:
                    trPr = row._tr.get_or_add_trPr()
                    h = OxmlElement("w:trHeight")
                    h.set(qn("w:val"), "567")
                    h.set(qn("w:hRule"), "atLeast")
                    trPr.append(h)
                    trPr.append(OxmlElement("w:cantSplit"))
            if b.header_repeat_mark:
                for i in range(b.header):
                    trPr = t.rows[i]._tr.get_or_add_trPr()
                    h = OxmlElement("w:tblHeader")
                    trPr.append(h)
    import datetime
    import io
    import zipfile
    cp = d.core_properties
    cp.author = cp.last_modified_by = "jixiao fixtures"
    cp.created = cp.modified = datetime.datetime(2025, 3, 12, 9, 0, 0)
    cp.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    # Reproducible bytes: the same entries with a fixed time stamp.
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 3, 12, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(fixed, zin.read(info.filename))
    data = out.getvalue()
    old = open(path, "rb").read() if os.path.exists(path) else None
    if old != data:
        with open(path, "wb") as f:
            f.write(data)
    return old != data


def render_pdf(doc, path):
    need("reportlab", "reportlab")
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import (PageBreak, Paragraph, SimpleDocTemplate, Spacer,
                                    Table, TableStyle)
    from xml.sax.saxutils import escape

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    size = landscape(A4) if doc.landscape else A4
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16,
                          wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=15, leading=22, alignment=1)
    head = ParagraphStyle("head", parent=body, fontSize=12, leading=18)
    story = []
    for b in doc.blocks:
        if isinstance(b, specs.P):
            st = {"title": title, "heading": head}.get(b.style, body)
            story.append(Paragraph(escape(b.text), st))
            story.append(Spacer(1, 2 * mm))
            continue
        fs = b.font_size
        cell_style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=fs,
                                    leading=fs + 3, wordWrap="CJK")
        usable = size[0] - 36 * mm
        for k, part in enumerate(table_parts(doc, b, "pdf")):
            if k > 0:
                story.append(PageBreak())
                if b.cont_line_pdf:
                    story.append(Paragraph(escape(b.cont_line), body))
            if b.pdf_side_by_side:
                story.append(side_by_side(b, part, usable, cell_style, Table, TableStyle,
                                          Paragraph, escape, colors, mm))
            else:
                story.append(pdf_table(b, part, 0, b.grid.width, usable, cell_style, Table,
                                       TableStyle, Paragraph, escape, colors))
            story.append(Spacer(1, 4 * mm))
    pdf = SimpleDocTemplate(path, pagesize=size, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm, title=doc.name,
                            author="jixiao fixtures", invariant=1)
    pdf.build(story)


OVERFLOWS = []


def pdf_table(b, part, c_lo, c_hi, usable, cell_style, Table, TableStyle, Paragraph, escape,
              colors):
    ncol = c_hi - c_lo
    weights = b.widths[c_lo:c_hi] if b.widths else [1] * ncol
    total = float(sum(weights))
    widths = [usable * w / total for w in weights]
    data = [["" for _ in range(ncol)] for _ in part.rows]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (-1, -1), "STSong-Light", cell_style.fontSize),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for i, cells in enumerate(part.rows):
        for (c, text, rs, cs, _o) in cells:
            if not (c_lo <= c < c_hi):
                continue
            para = Paragraph(escape(text).replace("\n", "<br/>"), cell_style)
            data[i][c - c_lo] = para
            # A line wider than its cell would draw glyphs across the ruling
            # into the next column (reportlab keeps a closing bracket on its
            # line): make the column wider instead.
            span_w = sum(widths[c - c_lo:c - c_lo + cs]) - 4
            para.wrap(span_w, 10000)
            bl = para.blPara
            spare = [ln[0] if isinstance(ln, tuple) else ln.extraSpace for ln in bl.lines]
            if spare and min(spare) < -0.5:
                OVERFLOWS.append(text)
            if rs > 1 or cs > 1:
                style.append(("SPAN", (c - c_lo, i), (c - c_lo + cs - 1, i + rs - 1)))
    t = Table(data, colWidths=widths, repeatRows=0)
    t.setStyle(TableStyle(style))
    return t


def side_by_side(b, part, usable, cell_style, Table, TableStyle, Paragraph, escape, colors,
                 mm):
    k = b.pdf_side_by_side
    gap = 6 * mm
    weights = b.widths or [1] * b.grid.width
    left_w = sum(weights[:k])
    right_w = sum(weights[k:])
    lw = (usable - gap) * left_w / (left_w + right_w)
    rw = (usable - gap) - lw
    left = pdf_table(b, part, 0, k, lw, cell_style, Table, TableStyle, Paragraph, escape,
                     colors)
    right = pdf_table(b, part, k, b.grid.width, rw, cell_style, Table, TableStyle, Paragraph,
                      escape, colors)
    outer = Table([[left, "", right]], colWidths=[lw, gap, rw])
    outer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return outer


# ---------------------------------------------------------------------------
# References: a row by a label, a number by its text and occurrence
# ---------------------------------------------------------------------------

NUM = re.compile(r"(?:(?<![0-9.,])-)?(?<![0-9.,])[0-9][0-9,]*(?:\.[0-9]+)?(?![0-9])")


def squash(s):
    return "".join(s.split())


def tokens(text):
    """Numbers in a cell as written: maximal runs of digits, commas and one point,
    with a minus sign that does not follow a number (10-20 is a range)."""
    return [m.group(0).rstrip(",") for m in NUM.finditer(text)]


def rendered_rows(doc, fmt):
    """Every rendered row in document order: (block index, logical row, cells as
    [(origin (r, c), text)]). Side-by-side PDF tables read as the left table,
    then the right."""
    out = []
    for ti, b in enumerate(doc.blocks):
        if isinstance(b, specs.P):
            continue
        for part in table_parts(doc, b, fmt):
            sides = [lambda c: True]
            if fmt == "pdf" and b.pdf_side_by_side:
                k = b.pdf_side_by_side
                sides = [lambda c: c < k, lambda c: c >= k]
            for side in sides:
                for r, cells in zip(part.logical, part.rows):
                    out.append((ti, r, [(o, t) for (c, t, _rs, _cs, o) in cells if side(c)]))
    return out


def label_pool(rows, label):
    label = squash(label)
    exact = [x for x in rows if any(squash(t) == label for (_o, t) in x[2])]
    return exact or [x for x in rows if any(label in squash(t) for (_o, t) in x[2])]


def resolve(doc, fmt, ref):
    """The cell (block, origin r, origin c) and token index a reference names in
    this rendering; stops when it names nothing."""
    pool = label_pool(rendered_rows(doc, fmt), ref["row"])
    nth_row = ref.get("row_nth", 0)
    if nth_row >= len(pool):
        raise SystemExit(f"{doc.name} [{fmt}]: no row {nth_row} labelled {ref['row']!r}")
    ti, _r, cells = pool[nth_row]
    hits = []
    for (o, t) in cells:
        for i, tok in enumerate(tokens(t)):
            if tok == ref["text"]:
                hits.append((o, i))
    nth = ref.get("nth", 0)
    if nth >= len(hits):
        raise SystemExit(f"{doc.name} [{fmt}]: row {ref['row']!r} has no number "
                         f"{ref['text']!r} #{nth} (cells {[t for _o, t in cells]})")
    o, i = hits[nth]
    return (ti, o[0], o[1], i)


def concrete(doc, lazy):
    """A spec's cell (table, row label, column) as a format-independent reference,
    computed on the text rendering."""
    t = lazy.table
    ti = doc.blocks.index(t)
    rows = rendered_rows(doc, "txt")
    mine = [x for x in rows if x[0] == ti]
    if lazy.cont is not None:
        # The restated cell at the top of the part starting at row `cont`.
        target = [x for x in mine if x[1] == lazy.cont][-1]
        want = t.grid.origin[lazy.cont][lazy.col]
        text = next(txt for (o, txt) in target[2] if o == want)
        label = lazy.label or text
    else:
        label = lazy.label
        pool = label_pool(mine, label)
        assert len(pool) > lazy.label_nth, f"{doc.name}: no row labelled {label!r}"
        target = pool[lazy.label_nth]
        want = t.grid.origin[target[1]][lazy.col]
        text = t.grid.text(*want)
    toks = tokens(text)
    assert len(toks) > lazy.tok, f"{doc.name}: no number in {text!r} (row {label!r})"
    tok = toks[lazy.tok]
    # Occurrence of this token text in the rendered row, left to right.
    nth = 0
    for (o, txt) in target[2]:
        ts = tokens(txt)
        if o == want:
            nth += sum(1 for x in ts[:lazy.tok] if x == tok)
            break
        nth += sum(1 for x in ts if x == tok)
    pool = label_pool(rows, label)
    row_nth = next(k for k, x in enumerate(pool) if x is target or (x[0], x[1], x[2]) == target)
    return {"row": label, "text": tok, "nth": nth, "row_nth": row_nth,
            "column": column_title(t, target[1], want[1])}


def column_title(t, r, c):
    """The title of column c for row r, for people reading the expectation: the
    nearest cell above in that column holding words and no number (the block's
    own header row in a form with several blocks)."""
    g = t.grid
    for k in range(r - 1, -1, -1):
        o = g.origin[k][c]
        text = g.text(*o)
        if o[0] == k and text.strip() and not tokens(text) and text not in ("—", "-"):
            return "".join(text.split())
    return None


# ---------------------------------------------------------------------------
# Arithmetic: written numbers as intervals
# ---------------------------------------------------------------------------


def number(text):
    t = text.replace(",", "")
    d = Decimal(t)
    decimals = max(0, -d.as_tuple().exponent)
    return float(d), decimals


def interval(text, exact_whole):
    v, d = number(text)
    if exact_whole and d == 0:
        return (v, v)
    h = 0.5 * 10 ** (-d)
    return (v - h, v + h)


def evaluate(rel, texts):
    """(stated interval, computed interval) of a relation given the cell texts
    (result first, then operands)."""
    ex = rel.get("exact_whole", False)
    iv = [interval(t, ex) for t in texts]
    stated, ops = iv[0], iv[1:]
    kind = rel["kind"]
    if kind == "sum":
        signs = rel.get("signs") or [1] * len(ops)
        lo = sum(s * (a if s > 0 else b) for s, (a, b) in zip(signs, ops))
        hi = sum(s * (b if s > 0 else a) for s, (a, b) in zip(signs, ops))
        return stated, (lo, hi)
    if kind == "ratio":  # result % = a / b × 100
        (a0, a1), (b0, b1) = ops
        return stated, (a0 / b1 * 100, a1 / b0 * 100)
    if kind == "score_rate":  # result = min(weight, weight × rate%)
        (w0, w1), (r0, r1) = ops
        return stated, (min(w0, w0 * r0 / 100), min(w1, w1 * r1 / 100))
    if kind == "equal":
        return stated, ops[0]
    if kind == "le":  # result ≤ operand
        return stated, ops[0]
    if kind == "parts_le":  # Σ operands ≤ result (an explicit 其中)
        return stated, (sum(a for a, _ in ops), sum(b for _, b in ops))
    raise ValueError(kind)


def holds(rel, texts):
    (s0, s1), (c0, c1) = evaluate(rel, texts)
    eps = 1e-9
    if rel["kind"] == "le":
        return s0 <= c1 + eps
    if rel["kind"] == "parts_le":
        return c0 <= s1 + eps
    return s0 <= c1 + eps and c0 <= s1 + eps


def clearly_broken(rel, texts):
    (s0, s1), (c0, c1) = evaluate(rel, texts)
    if rel["kind"] == "le":
        return s0 > c1 + 1e-9
    if rel["kind"] == "parts_le":
        return c0 > s1 + 1e-9
    gap = abs((s0 + s1) / 2 - (c0 + c1) / 2)
    tol = (s1 - s0) / 2 + (c1 - c0) / 2
    return gap >= 2 * tol - 1e-9 and gap > 1e-9


def flip(text, pos):
    """Change the digit `pos` places left of the units digit (negative: right of
    the point) by +1, or -1 when it is 9; a position above the leading digit
    prepends a 1."""
    if text.startswith("-"):
        new = flip(text[1:], pos)
        return None if new is None else "-" + new
    intpart, _, frac = text.partition(".")
    digits = [ch for ch in intpart if ch.isdigit()]
    if pos < 0:
        k = -pos - 1
        if k >= len(frac):
            return None
        d = int(frac[k])
        nd = d + 1 if d < 9 else d - 1
        return intpart + "." + frac[:k] + str(nd) + frac[k + 1:]
    if pos >= len(digits):
        if pos > len(digits):
            return None
        new_int = "1" + intpart
        if "," in intpart and len(digits) % 3 == 0:
            new_int = "1," + intpart
        return new_int + ("." + frac if frac else "")
    # Walk the integer part from the right, skipping separators.
    chars = list(intpart)
    seen = -1
    for i in range(len(chars) - 1, -1, -1):
        if chars[i].isdigit():
            seen += 1
            if seen == pos:
                d = int(chars[i])
                nd = d + 1 if d < 9 else d - 1
                chars[i] = str(nd)
                break
    return "".join(chars) + ("." + frac if frac else "")


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

FORMATS = ("txt", "tika", "docx", "pdf")
FILE = {"txt": "{}.txt", "tika": "{}.tika.txt", "docx": "{}.docx", "pdf": "{}.pdf",
        "lopdf": "{}.lo.pdf"}


def ref_json(ref):
    out = {"row": ref["row"], "text": ref["text"]}
    if ref.get("column"):
        out["column"] = ref["column"]
    if ref.get("row_nth", 0):
        out["row_nth"] = ref["row_nth"]
    if ref.get("nth", 0):
        out["nth"] = ref["nth"]
    return out


def key(ref):
    return (ref["row"], ref.get("row_nth", 0), ref["text"], ref.get("nth", 0))


def pretty(v, indent=0):
    """JSON with one line for every object or list of scalars that fits."""
    flat = json.dumps(v, ensure_ascii=False)
    scalar = lambda x: not isinstance(x, (dict, list))  # noqa: E731
    items = v.values() if isinstance(v, dict) else v if isinstance(v, list) else None
    if items is None or (all(scalar(x) for x in items) and len(flat) + indent < 110) \
            or len(flat) + indent < 90:
        return flat
    pad = " " * (indent + 1)
    if isinstance(v, dict):
        inner = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {pretty(x, indent + 1)}"
                 for k, x in v.items()]
        return "{\n" + ",\n".join(inner) + "\n" + " " * indent + "}"
    inner = [pad + pretty(x, indent + 1) for x in v]
    return "[\n" + ",\n".join(inner) + "\n" + " " * indent + "]"


def build(doc):
    # Spec cells (table, label, column) become format-independent references.
    for rel in doc.relations:
        rel["result"] = concrete(doc, rel["result"])
        rel["operands"] = [concrete(doc, r) for r in rel["operands"]]
    for m in doc.must_not_flag:
        m["cells"] = [concrete(doc, r) for r in m.get("cells", [])]
    # Every reference resolves, and to the same logical cell in every format
    # (the formats a relation applies to).
    rels = doc.relations
    for rel in rels:
        fmts = rel.get("formats", FORMATS)
        cells = [rel["result"]] + rel["operands"]
        for ref in cells:
            seen = {resolve(doc, f, ref)[:3] for f in fmts}
            assert len(seen) == 1, f"{doc.name}: {ref} resolves differently: {seen}"
        texts = [r["text"] for r in cells]
        ok = holds(rel, texts)
        if rel.get("holds", True):
            assert ok, f"{doc.name}: relation {rel['id']} does not hold: {texts}"
        else:
            assert clearly_broken(rel, texts), (
                f"{doc.name}: planted defect {rel['id']} is within rounding: {texts}")
    for m in doc.must_not_flag:
        for ref in m.get("cells", []):
            for f in FORMATS:
                resolve(doc, f, ref)

    # Mutations: cells of holding equality relations, outside every defect.
    defect_cells = {key(r) for rel in rels if not rel.get("holds", True)
                    for r in [rel["result"]] + rel["operands"]}
    by_cell = {}
    for rel in rels:
        if not rel.get("holds", True) or rel["kind"] in ("le", "parts_le"):
            continue
        for i, ref in enumerate([rel["result"]] + rel["operands"]):
            if key(ref) in defect_cells:
                continue
            by_cell.setdefault(key(ref), (ref, []))[1].append((rel, i))
    mutations = []
    for k, (ref, uses) in by_cell.items():
        text = ref["text"]
        _v, dec = number(text)
        chosen = None
        for pos in range(-dec, 12):
            new = flip(text, pos)
            if new is None:
                continue
            broken = []
            for rel, i in uses:
                texts = [r["text"] for r in [rel["result"]] + rel["operands"]]
                texts[i] = new
                if clearly_broken(rel, texts):
                    broken.append(rel["id"])
            if broken:
                chosen = (new, broken)
                break
        assert chosen, f"{doc.name}: no digit of {text} breaks a relation"
        fmts = set(FORMATS)
        for rel, _i in uses:
            fmts &= set(rel.get("formats", FORMATS))
        m = {"cell": ref_json(ref), "to": chosen[0], "breaks": chosen[1],
             "relations": sorted({rel["id"] for rel, _ in uses})}
        if fmts != set(FORMATS):
            m["formats"] = sorted(fmts)
        mutations.append(m)

    expect = {
        "name": doc.name,
        "layout": doc.layout,
        "layout_name": specs.LAYOUTS[doc.layout],
        "description": doc.description,
        "files": {f: FILE[f].format(doc.name) for f in FILE},
        "tables": doc.tables,
        "relations": [
            {k: v for k, v in {
                "id": rel["id"],
                "family": rel["family"],
                "kind": rel["kind"],
                "holds": rel.get("holds", True),
                "certain": rel.get("certain", True),
                "result": ref_json(rel["result"]),
                "operands": [ref_json(r) for r in rel["operands"]],
                "signs": rel.get("signs"),
                "formats": rel.get("formats"),
                "note": rel.get("note"),
            }.items() if v is not None}
            for rel in rels
        ],
        "defects": [rel["id"] for rel in rels if not rel.get("holds", True)],
        "must_not_flag": [
            {"what": m["what"], "cells": [ref_json(r) for r in m.get("cells", [])]}
            for m in doc.must_not_flag
        ],
        "mutations": mutations,
    }
    base = os.path.join(OUT, doc.name)
    with open(base + ".txt", "w", encoding="utf-8") as f:
        f.write(render_txt(doc))
    with open(base + ".tika.txt", "w", encoding="utf-8") as f:
        f.write(render_tika(doc))
    docx_changed = render_docx(doc, base + ".docx")
    render_pdf(doc, base + ".pdf")
    with open(base + ".expect.json", "w", encoding="utf-8") as f:
        f.write(pretty(expect) + "\n")
    stale = docx_changed or not os.path.exists(base + ".lo.pdf")
    return len(mutations), len(expect["defects"]), stale


def libreoffice_pdfs(names):
    """<name>.lo.pdf: LibreOffice's PDF of the DOCX, a second producer (embedded
    TrueType subsets with ToUnicode, Word-like layout: a merged cell cut by a
    page break is not restated, header rows marked w:tblHeader are repeated)."""
    import shutil
    import tempfile
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        subprocess.check_call(["apt-get", "install", "-y", "libreoffice-writer"])
        soffice = shutil.which("soffice")
    if not any("WenQuanYi" in line or "Noto Sans CJK" in line
               for line in subprocess.run(["fc-list"], capture_output=True, text=True).stdout.splitlines()):
        subprocess.check_call(["apt-get", "install", "-y", "fonts-wqy-microhei"])
    with tempfile.TemporaryDirectory() as tmp:
        docs = [os.path.join(OUT, n + ".docx") for n in names]
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, *docs],
                       check=True, capture_output=True, timeout=600)
        for n in names:
            shutil.move(os.path.join(tmp, n + ".pdf"), os.path.join(OUT, n + ".lo.pdf"))


def check_pdf_numbers(name, expect):
    """Every number the expectation names must appear unbroken in each PDF's
    text (a number wrapped inside its cell would test the layout, not the
    audit)."""
    import shutil
    if not shutil.which("pdftotext"):
        subprocess.check_call(["apt-get", "install", "-y", "poppler-utils"])
    refs = {r["text"] for rel in expect["relations"] for r in [rel["result"]] + rel["operands"]}
    for f in ("pdf", "lopdf"):
        path = os.path.join(OUT, expect["files"][f])
        text = subprocess.run(["pdftotext", "-raw", path, "-"], capture_output=True,
                              text=True).stdout
        have = set(tokens(text))
        missing = sorted(refs - have)
        if missing:
            print(f"  warning: {expect['files'][f]}: numbers broken or missing: {missing}")


def main():
    os.makedirs(OUT, exist_ok=True)
    only = set(sys.argv[1:])
    built, convert = [], []
    for doc in specs.DOCUMENTS:
        if only and doc.name not in only:
            continue
        n, d, stale = build(doc)
        if OVERFLOWS:
            print(f"  warning: {doc.name}.pdf: text wider than its cell: {OVERFLOWS}")
            OVERFLOWS.clear()
        built.append(doc.name)
        if stale:
            convert.append(doc.name)
        print(f"{doc.name}: {n} mutations, {d} planted defects")
    if convert:
        libreoffice_pdfs(convert)
    for n in built:
        with open(os.path.join(OUT, n + ".expect.json"), encoding="utf-8") as f:
            check_pdf_numbers(n, json.load(f))


if __name__ == "__main__":
    main()
