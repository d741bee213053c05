#!/usr/bin/env python3
"""Make the score-sheet fixtures' DOCX and PDF renditions (fixtures/scores/).

  <name>.txt    the master, written by hand: paragraphs, and tables as
                tab-separated rows (a merged cell's text once, empty cells
                where it spans)
  <name>.docx   python-docx: each table ruled, its merged cells real merges —
                a label cell spans down over the rows whose cells up to its
                column are empty (一级指标 over its indicators, a weight beside
                it, 绩效指标 over the block), a title in the leading header
                rows spans right over the empty cells after it
  <name>.pdf    reportlab (STSong-Light, no embedded font), the same merges as
                SPAN commands of a ruled table

Each planted master states its defects in the test that reads it
(tests/scores.rs). Needs python-docx and reportlab. Run from the repository
root: python3 scripts/make-score-fixtures.py
"""
import datetime
import glob
import io
import os
import re
import zipfile

DIR = "fixtures/scores"


def is_number(cell):
    return re.fullmatch(r"[-+]?[\d,]+(\.\d+)?%?", cell.strip() or "x") is not None


def blocks(text):
    """("p", text) and ("t", rows) in order."""
    out, rows = [], []
    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            out.append(("t", rows))
            rows = []
        if line.strip():
            out.append(("p", line.strip()))
    if rows:
        out.append(("t", rows))
    return out


def merges(rows):
    """Rectangles (r0, c0, r1, c1), inclusive, of the merged cells."""
    width = len(rows[0])
    empty = [[not c.strip() for c in r] for r in rows]
    header = 0
    while header < len(rows) and not any(is_number(c) for c in rows[header]):
        header += 1
    covered = set()
    out = []
    # Down: a label over the rows whose cells up to its column are empty and
    # that hold something further right.
    for c in range(width):
        for r in range(len(rows)):
            if empty[r][c] or (r, c) in covered:
                continue
            end = r
            while (
                end + 1 < len(rows)
                and all(empty[end + 1][k] for k in range(c + 1))
                and not all(empty[end + 1])
            ):
                end += 1
            if end > r:
                out.append((r, c, end, c))
                covered.update((k, c) for k in range(r, end + 1))
    # Right, in the leading header rows: a group title over the empty cells
    # after it, when the row below has titles there.
    for r in range(max(header - 1, 0)):
        c = 0
        while c < width:
            if empty[r][c] or (r, c) in covered:
                c += 1
                continue
            end = c
            while (
                end + 1 < width
                and empty[r][end + 1]
                and (r, end + 1) not in covered
                and not empty[r + 1][end + 1]
            ):
                end += 1
            if end > c:
                out.append((r, c, r, end))
                covered.update((r, k) for k in range(c, end + 1))
            c = end + 1
    return out


def render_docx(bs, path):
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    st = d.styles["Normal"]
    st.font.size = Pt(10.5)
    st.font.name = "Times New Roman"
    st.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for kind, b in bs:
        if kind == "p":
            d.add_paragraph(b)
            continue
        width = max(len(r) for r in b)
        rows = [r + [""] * (width - len(r)) for r in b]
        t = d.add_table(rows=len(rows), cols=width)
        t.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                t.cell(r, c).text = text.strip()
        for r0, c0, r1, c1 in merges(rows):
            text = rows[r0][c0].strip()
            cell = t.cell(r0, c0).merge(t.cell(r1, c1))
            cell.text = text
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(8)
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
    with open(path, "wb") as f:
        f.write(out.getvalue())


def render_pdf(bs, path):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    size = landscape(A4)
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16,
                          wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7.5, leading=10,
                          wordWrap="CJK")
    story = []
    usable = size[0] - 36 * mm
    for kind, b in bs:
        if kind == "p":
            story.append(Paragraph(escape(b), body))
            story.append(Spacer(1, 2 * mm))
            continue
        width = max(len(r) for r in b)
        rows = [r + [""] * (width - len(r)) for r in b]
        # Wider columns for the long texts.
        longest = [max(len(r[c].strip()) for r in rows) for c in range(width)]
        weights = [min(max(n, 3), 14) for n in longest]
        col_widths = [usable * w / sum(weights) for w in weights]
        data = [[Paragraph(escape(x.strip()), cell) for x in r] for r in rows]
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        for r0, c0, r1, c1 in merges(rows):
            style.append(("SPAN", (c0, r0), (c1, r1)))
        t = Table(data, colWidths=col_widths)
        t.setStyle(TableStyle(style))
        story.append(t)
        story.append(Spacer(1, 4 * mm))
    pdf = SimpleDocTemplate(path, pagesize=size, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm,
                            title=os.path.basename(path), author="jixiao fixtures", invariant=1)
    pdf.build(story)


def main():
    for txt in sorted(glob.glob(os.path.join(DIR, "*.txt"))):
        bs = blocks(open(txt, encoding="utf-8").read())
        stem = txt[:-4]
        render_docx(bs, stem + ".docx")
        render_pdf(bs, stem + ".pdf")
        print(stem)


if __name__ == "__main__":
    main()
