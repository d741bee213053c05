#!/usr/bin/env python3
"""Make the prose-audit fixtures (tests/prose.rs) from hand-written texts: a
final-accounts disclosure (部门决算) and a budget disclosure (部门预算).

  fixtures/prose/<doc>.txt            a clean disclosure (written by hand; every
                                      prose statement in it is right)
  fixtures/prose/<doc>.planted.txt    the same with one defect planted per prose
                                      rule (DOCS below)
  fixtures/prose/<doc>.planted.json   what the audit must find in the planted file
  fixtures/prose/<doc>[.planted].docx python-docx: headings, paragraphs, tables
  fixtures/prose/<doc>[.planted].pdf  reportlab, STSong-Light (Type0, UniGB-UCS2-H,
                                      no embedded font), ruled tables

Text format: a line with tabs is a table row; a line starting with a heading
number (第X部分, 一、, （一）) is a heading; other lines are paragraphs.

Needs: pip install reportlab python-docx.
Run from the repository root:  python3 scripts/make-prose-fixtures.py
"""
import datetime
import json
import re
import sys
import zipfile

DIR = "fixtures/prose"
# doc → (plants, findings both the clean and the planted file give).
# A plant is (text in the clean file, planted text, check, severity, stated value).
DOCS = {
    "qingxi-water-2024-final-accounts": ([
        # direction words against the two amounts they compare
        ("决算数小于预算数的主要原因：河道清淤", "决算数大于预算数的主要原因：河道清淤",
         "text.direction", "error", 1598.42),
        ("决算数大于预算数的主要原因：年中人员调入", "决算数小于预算数的主要原因：年中人员调入",
         "text.direction", "error", 326.15),
        ("决算数与预算数基本持平。", "决算数等于预算数。", "text.direction", "error", 95.87),
        # a share whose whole is the amount introducing the list
        ("占16.29%", "占17.29%", "text.share", "error", 17.29),
        # a share whose whole is the 其中's whole
        ("占74.04%", "占75.04%", "text.share", "error", 75.04),
        # 完成年初预算的 x%
        ("完成年初预算的95.62%", "完成年初预算的96.52%", "text.rate", "error", 96.52),
        # new amount, increase and rate: r = D / (X − D)
        ("增长4.04%", "增长4.40%", "text.change", "error", 4.4),
        # new amount, decrease and rate: r = D / (X + D)
        ("下降3.62%", "下降3.26%", "text.change", "error", -3.26),
        # the previous year's amount in the table's 上年决算数 column
        ("比上年增长4.12%", "比上年增长4.21%", "text.change_table", "error", 4.21),
        # 其中 parts beyond the whole
        ("政府采购服务支出87.45万元", "政府采购服务支出97.45万元", "text.parts", "error", 286.4),
    ], [
        # The 免罚 clause after '；' starts a new subject, so the parts exceed
        # the whole only because of it: a warning, not an error.
        ("text.parts", "warning", 58.6),
    ]),
    "qingxi-justice-2026-dept-budget": ([
        # new amount, increase and rate (与上年相比增加 D，增长 r%)
        ("增长6.93%", "增长6.39%", "text.change", "error", 6.39),
        # listed shares with no whole: the whole is the items' sum (shares ≈ 100%)
        ("占8.77%", "占9.77%", "text.share", "error", 9.77),
        # two levels, the base named by the words after 比
        ("比2025年预算执行数增加4.49%", "比2025年预算执行数增加4.94%", "text.change", "error", 4.94),
        # 持平 between two different amounts
        ("2026年预算安排60.00万元", "2026年预算安排65.00万元", "text.direction", "error", 65.0),
        # 减少 where the amount grew
        ("比2025年预算执行数增加，", "比2025年预算执行数减少，", "text.direction", "error", 236.5),
        # the previous year from a table in 元 (2025年预算数 beside 2026年预算数)
        ("比上年增长3.74%", "比上年增长4.37%", "text.change_table", "error", 4.37),
        # the row named by its 科目编码 and the sentence gives no amount: a warning
        ("比上年增长4.63%", "比上年增长6.43%", "text.change_table", "warning", 6.43),
        # 其中 parts beyond the whole
        ("基本支出3,215.30万元", "基本支出3,315.30万元", "text.parts", "error", 4826.5),
    ], []),
}

HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def parse(path):
    """→ list of ("h", level, text) | ("p", text) | ("t", rows)."""
    blocks, rows = [], []
    for raw in open(path, encoding="utf-8").read().splitlines():
        line = raw.rstrip()
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            blocks.append(("t", rows))
            rows = []
        s = line.strip()
        if not s:
            continue
        m = HEADING.match(s)
        if not blocks:
            blocks.append(("h", 0, s))
        elif m:
            level = 1 if m.group(1).startswith("第") else 2 if m.group(1).endswith("、") else 3
            blocks.append(("h", level, s))
        else:
            blocks.append(("p", s))
    if rows:
        blocks.append(("t", rows))
    return blocks


def docx_file(blocks, out):
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = Document()
    style = d.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
    style.font.size = Pt(11)
    for b in blocks:
        if b[0] == "h":
            d.add_heading(b[2], level=max(b[1], 0))
        elif b[0] == "p":
            d.add_paragraph(b[1])
        else:
            rows = b[1]
            width = max(len(r) for r in rows)
            t = d.add_table(rows=len(rows), cols=width)
            t.style = "Table Grid"
            for i, r in enumerate(rows):
                for j, c in enumerate(r):
                    t.cell(i, j).text = c
    d.core_properties.title = blocks[0][2]
    stamp = datetime.datetime(2025, 1, 1)
    d.core_properties.created = stamp
    d.core_properties.modified = stamp
    d.core_properties.last_modified_by = "jixiao fixture"
    d.save(out)
    # The same bytes on every run: the zip entries carry a fixed time too.
    with zipfile.ZipFile(out) as z:
        parts = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)


def pdf_file(blocks, out):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=18,
                          firstLineIndent=22, wordWrap="CJK", spaceAfter=4)
    heads = {
        0: ParagraphStyle("t", fontName="STSong-Light", fontSize=18, leading=28,
                          alignment=1, spaceAfter=10, wordWrap="CJK"),
        1: ParagraphStyle("h1", fontName="STSong-Light", fontSize=15, leading=24,
                          alignment=1, spaceBefore=8, spaceAfter=6, wordWrap="CJK"),
        2: ParagraphStyle("h2", fontName="STSong-Light", fontSize=13, leading=20,
                          spaceBefore=6, wordWrap="CJK"),
        3: ParagraphStyle("h3", fontName="STSong-Light", fontSize=12, leading=19,
                          spaceBefore=4, firstLineIndent=22, wordWrap="CJK"),
    }
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=9, leading=12,
                          wordWrap="CJK")
    story = []
    for b in blocks:
        if b[0] == "h":
            story.append(Paragraph(escape(b[2]), heads[b[1]]))
        elif b[0] == "p":
            story.append(Paragraph(escape(b[1]), body))
        else:
            rows = b[1]
            width = max(len(r) for r in rows)
            data = [[Paragraph(escape(c), cell) for c in r] + [""] * (width - len(r))
                    for r in rows]
            t = Table(data, colWidths=[(A4[0] - 40 * mm) / width] * width, repeatRows=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
            story += [Spacer(1, 4), t, Spacer(1, 6)]

    def footer(canvas, d):
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, "- %d -" % d.page)

    SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                      topMargin=20 * mm, bottomMargin=20 * mm, title=blocks[0][2],
                      producer="reportlab (jixiao fixture)", invariant=1).build(
        story, onFirstPage=footer, onLaterPages=footer)


def main():
    for doc, (plants, both) in DOCS.items():
        clean_path = f"{DIR}/{doc}.txt"
        clean = open(clean_path, encoding="utf-8").read()
        planted = clean
        for old, new, *_ in plants:
            if planted.count(old) != 1:
                sys.exit(f"plant {old!r} must occur once in {clean_path}")
            planted = planted.replace(old, new)
        open(f"{DIR}/{doc}.planted.txt", "w", encoding="utf-8").write(planted)
        expected = {
            "planted": [{"check": c, "severity": s, "stated": v, "text": new}
                        for _, new, c, s, v in plants],
            "both": [{"check": c, "severity": s, "stated": v} for c, s, v in both],
        }
        with open(f"{DIR}/{doc}.planted.json", "w", encoding="utf-8") as f:
            json.dump(expected, f, ensure_ascii=False, indent=1)
            f.write("\n")
        for stem in (doc, f"{doc}.planted"):
            blocks = parse(f"{DIR}/{stem}.txt")
            docx_file(blocks, f"{DIR}/{stem}.docx")
            pdf_file(blocks, f"{DIR}/{stem}.pdf")


if __name__ == "__main__":
    main()
