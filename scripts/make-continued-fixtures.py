#!/usr/bin/env python3
"""Make the split-table fixtures (fixtures/continued/): tables cut by a page
break whose second part restates what the page printed above it.

  <name>.txt            the master, written by hand: tab-separated rows, a form
                        feed between pages (as pdftotext writes them), the
                        folio lines where the page prints them
  <name>-planted.txt    the master with the defect PLANTED gives it
  <name>[-planted]-plain.txt  (the masters in PLAIN) the page breaks as line
                        breaks, as text copied from a PDF viewer: the folio
                        lines stay in the text, between the parts
  <name>[-planted].docx python-docx: a page break between pages, ruled tables
                        (the folios are page furniture: not in the body)
  <name>[-planted].pdf  reportlab (STSong-Light), one PDF page per master page,
                        ruled tables, the folio lines drawn at the head and
                        foot of their page

The masters:
  marker     表3 … restated as "表3 …（续）" with the unit line and the header
             row; 表4 restated as "续表4 …" with the header row
  folio      the folio "- 3 -" at the foot of the page, "第 4 页 共 6 页" at
             the head of the next, then "表3 …(续表)" and the header; 表4's
             second part after a bare "6" with only the header row
  heading    a table that opens its section ("二、一般公共预算支出预算表"),
             the heading printed again at the top of the next page with the
             unit line and the header row
  carryover  a 收入决算表 whose 合计 column includes 上年结转 beside a
             收入支出决算总表 whose 本年收入合计 does not
  adjacent   two different tables with the same header on consecutive pages
             (政府性基金 / 国有资本经营): must stay two tables

Needs: pip install python-docx reportlab. Run from the repository root:
    python3 scripts/make-continued-fixtures.py
"""
import re
import subprocess

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

DIR = "fixtures/continued"
MASTERS = ["marker", "folio", "heading", "carryover", "adjacent"]
PLAIN = ["folio"]

# The planted defect of a master: (old line, new line), with why.
PLANTED = {
    # table.total / table.derived: the 合计 row at the end of 表3's second
    # part no longer equals the 类 rows of both parts (1,412.97), nor its
    # 基本支出 + 项目支出.
    "marker": [("合计\t\t1,412.97\t886.40\t526.57", "合计\t\t1,421.97\t886.40\t526.57")],
    # table.total: 表4's 合计, after its second part (opened by a bare "6"
    # and the header row), no longer equals the 类 rows of both parts
    # (886.40).
    "folio": [("合计\t\t886.40", "合计\t\t868.40")],
    # table.hierarchy: 住房改革支出 on the table's second page no longer
    # equals its 项 住房公积金 (nor makes its 类 住房保障支出).
    "heading": [
        ("22102\t住房改革支出\t73.75\t73.75\t", "22102\t住房改革支出\t37.75\t37.75\t"),
    ],
    # disclosure.summary_totals: the 收入决算表's 合计 (with 上年结转) is
    # 54 more than the 收支总表's 本年收入合计 plus 年初结转和结余.
    "carryover": [
        ("\t合计\t1,428.57\t12.40\t1,412.97\t3.20", "\t合计\t1,482.57\t12.40\t1,412.97\t3.20"),
    ],
}

HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
FOLIO = re.compile(r"^(-\s*\d+\s*-|第\s*\d+\s*页(\s*共\s*\d+\s*页)?|\d+)$")
NUMBER = re.compile(r"-?[\d,]+(\.\d+)?")


def planted(name, text):
    for old, new in PLANTED[name]:
        lines = text.split("\n")
        hits = [i for i, l in enumerate(lines) if l.lstrip("\f") == old]
        if len(hits) != 1:
            raise SystemExit(f"{name}: {old!r} found {len(hits)} times")
        i = hits[0]
        lead = lines[i][: len(lines[i]) - len(lines[i].lstrip("\f"))]
        lines[i] = lead + new
        text = "\n".join(lines)
    return text


def pages(text):
    """Each page: (head folio, blocks, foot folio); a block is ("title" | "h"
    | "p", text) or ("t", rows)."""
    out = []
    for k, page in enumerate(text.split("\f")):
        lines = [l for l in page.split("\n")]
        texts = [i for i, l in enumerate(lines) if l.strip()]
        head = foot = None
        if texts and FOLIO.match(lines[texts[0]].strip()):
            head = lines[texts[0]].strip()
            lines[texts[0]] = ""
        if len(texts) > 1 and FOLIO.match(lines[texts[-1]].strip()):
            foot = lines[texts[-1]].strip()
            lines[texts[-1]] = ""
        blocks, rows = [], []
        for l in lines:
            if "\t" in l:
                rows.append(l.split("\t"))
                continue
            if rows:
                blocks.append(("t", rows))
                rows = []
            s = l.strip()
            if not s:
                continue
            if k == 0 and not blocks:
                blocks.append(("title", s))
            elif HEADING.match(s):
                blocks.append(("h", s))
            else:
                blocks.append(("p", s))
        if rows:
            blocks.append(("t", rows))
        out.append((head, blocks, foot))
    return out


def is_number(cell):
    return NUMBER.fullmatch(cell.strip() or "x") is not None


def to_docx(text, path):
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    for k, (_head, blocks, _foot) in enumerate(pages(text)):
        if k > 0:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for kind, body in blocks:
            if kind == "t":
                width = max(len(r) for r in body)
                t = doc.add_table(rows=len(body), cols=width)
                t.style = "Table Grid"
                for ri, r in enumerate(body):
                    for ci, c in enumerate(r):
                        p = t.cell(ri, ci).paragraphs[0]
                        p.add_run(c.strip()).font.size = Pt(8)
                        if is_number(c):
                            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                continue
            p = doc.add_paragraph()
            run = p.add_run(body)
            if kind == "title":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run.bold = True
                run.font.size = Pt(16)
            elif kind == "h":
                run.bold = True
                run.font.size = Pt(12)
    doc.core_properties.author = "jixiao fixtures"
    doc.save(path)


def to_pdf(text, path):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table
    from reportlab.platypus import TableStyle
    from xml.sax.saxutils import escape

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    styles = {
        "p": body,
        "title": ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1),
        "h": ParagraphStyle("h", parent=body, fontSize=12, leading=18),
    }
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
    ps = pages(text)
    story = []
    for k, (_head, blocks, _foot) in enumerate(ps):
        if k > 0:
            story.append(PageBreak())
        for kind, b in blocks:
            if kind != "t":
                story.append(Paragraph(escape(b), styles[kind]))
                story.append(Spacer(1, 2 * mm))
                continue
            width = max(len(r) for r in b)
            weights = [1.0] * width
            # The 科目名称 column is the widest.
            if width > 2:
                weights[1] = 2.6
            usable = A4[0] - 36 * mm
            widths = [usable * w / sum(weights) for w in weights]
            data = [[Paragraph(escape(c.strip()), cell) for c in r] + [""] * (width - len(r))
                    for r in b]
            t = Table(data, colWidths=widths)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
            story.append(t)
            story.append(Spacer(1, 4 * mm))

    def furniture(canvas, d):
        head, _, foot = ps[d.page - 1]
        canvas.setFont(font, 9)
        if head:
            canvas.drawCentredString(A4[0] / 2, A4[1] - 10 * mm, head)
        if foot:
            canvas.drawCentredString(A4[0] / 2, 10 * mm, foot)

    SimpleDocTemplate(path, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                      topMargin=18 * mm, bottomMargin=18 * mm, title="jixiao fixture",
                      author="jixiao fixtures", invariant=1).build(
        story, onFirstPage=furniture, onLaterPages=furniture)
    # One PDF page per master page: a page that overflowed would move the
    # break the fixture is about.
    got = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True,
                         text=True, check=True).stdout.count("\f")
    if got != len(ps):
        raise SystemExit(f"{path}: {got} pages, the master has {len(ps)}")


def main():
    for name in MASTERS:
        master = open(f"{DIR}/{name}.txt", encoding="utf-8").read()
        variants = [(name, master)]
        if name in PLANTED:
            text = planted(name, master)
            with open(f"{DIR}/{name}-planted.txt", "w", encoding="utf-8") as f:
                f.write(text)
            variants.append((f"{name}-planted", text))
        for out, text in variants if name in PLAIN else []:
            with open(f"{DIR}/{out}-plain.txt", "w", encoding="utf-8") as f:
                f.write(text.replace("\f", "\n"))
        for out, text in variants:
            to_docx(text, f"{DIR}/{out}.docx")
            to_pdf(text, f"{DIR}/{out}.pdf")
            print(f"{DIR}/{out}: txt, docx, pdf")


if __name__ == "__main__":
    main()
