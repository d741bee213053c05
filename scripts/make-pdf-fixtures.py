#!/usr/bin/env python3
"""Make PDF fixtures from the corpus texts with producers other than LibreOffice,
so the PDF reader is tested on the font kinds real Chinese PDFs use:

  fixtures/pdf/<doc>.stsong.pdf      reportlab, built-in STSong-Light CID font:
                                      Type0, predefined CMap UniGB-UCS2-H, no
                                      ToUnicode, no embedded font (iText-style)
  fixtures/pdf/<doc>.identity.pdf    fpdf2 with an embedded TrueType CJK font:
                                      Type0/CIDFontType2, Identity-H + ToUnicode
                                      (Word/Chromium-style)
  fixtures/pdf/<doc>.stsong.{rc4,aes128,aes256}.pdf
                                      the STSong file encrypted by qpdf with an
                                      empty user password (RC4-128, AES-128, AES-256 R6)
  fixtures/pdf/nanjing-land-2022.landscape.{rc40,aes256r5,userpw}.pdf
                                      RC4-40, AES-256 R5, and AES-256 with the
                                      user password "secret" (must not open)
  fixtures/pdf/<doc>.landscape.pdf   the document's first tables on portrait pages
                                      with /Rotate 90 whose content is drawn turned,
                                      so it reads upright on a landscape display

Paragraphs become wrapped text, headings bold-ish and larger, tab-separated
rows become ruled tables (so the layout stage sees real ruling lines).

Needs: pip install reportlab fpdf2; apt-get install qpdf fonts-droid-fallback fonts-dejavu-core.
Run from the repository root:  python3 scripts/make-pdf-fixtures.py
"""
import os
import re
import subprocess
import sys

CORPUS = "fixtures/corpus"
OUT = "fixtures/pdf"
CJK_TTF = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
# Droid Sans Fallback has no Latin letters or digits: DejaVu Sans draws those,
# fpdf2 falls back to the CJK font for the rest (two Type0 fonts, as Word does).
LATIN_TTF = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def parse(path):
    """Corpus text → list of ("h", level, text) | ("p", text) | ("t", rows)."""
    blocks = []
    rows = []
    for raw in open(path, encoding="utf-8").read().splitlines():
        line = raw.rstrip()
        if "\t" in line:
            rows.append([c.strip() for c in line.split("\t")])
            continue
        if rows:
            blocks.append(("t", rows))
            rows = []
        s = line.strip()
        if not s or s == "---":
            continue
        m = re.match(r"^(#+)\s*(.*)$", s)
        if m:
            text = m.group(2).replace("**", "").strip()
            blocks.append(("h", len(m.group(1)), text))
        else:
            blocks.append(("p", s.replace("**", "")))
    if rows:
        blocks.append(("t", rows))
    return blocks


def stsong(doc, blocks, out):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from reportlab.lib import colors
    from xml.sax.saxutils import escape

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=17,
                          firstLineIndent=22, wordWrap="CJK")
    heads = {
        1: ParagraphStyle("h1", fontName="STSong-Light", fontSize=16, leading=24,
                          alignment=1, spaceBefore=6, spaceAfter=6, wordWrap="CJK"),
        2: ParagraphStyle("h2", fontName="STSong-Light", fontSize=13, leading=20,
                          spaceBefore=4, wordWrap="CJK"),
    }
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10,
                          wordWrap="CJK")
    story = []
    for b in blocks:
        if b[0] == "h":
            story.append(Paragraph(escape(b[2]), heads.get(b[1], heads[2])))
        elif b[0] == "p":
            story.append(Paragraph(escape(b[1]), body))
        else:
            rows = b[1]
            width = max(len(r) for r in rows)
            data = [[Paragraph(escape(c), cell) for c in r] + [""] * (width - len(r)) for r in rows]
            t = Table(data, colWidths=[(A4[0] - 40 * mm) / width] * width, repeatRows=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
            story.append(Spacer(1, 4))
            story.append(t)
            story.append(Spacer(1, 4))

    def footer(canvas, d):
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, "- %d -" % d.page)

    SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                      topMargin=20 * mm, bottomMargin=20 * mm, title=doc,
                      producer="reportlab (jixiao fixture)").build(
        story, onFirstPage=footer, onLaterPages=footer)


def identity(doc, blocks, out):
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, 20)
    pdf.add_font("cjk", "", CJK_TTF)
    pdf.add_font("latin", "", LATIN_TTF)
    pdf.set_fallback_fonts(["cjk"])
    pdf.set_title(doc)
    pdf.set_producer("fpdf2 (jixiao fixture)")

    def footer():
        pdf.set_y(-15)
        pdf.set_font("latin", size=9)
        pdf.cell(0, 10, "第 %d 页" % pdf.page_no(), align="C")

    pdf.footer = footer
    pdf.add_page()
    for b in blocks:
        if b[0] == "h":
            pdf.set_font("latin", size=16 if b[1] == 1 else 13)
            pdf.multi_cell(0, 9, b[2], align="C" if b[1] == 1 else "L",
                           new_x="LMARGIN", new_y="NEXT")
        elif b[0] == "p":
            pdf.set_font("latin", size=11)
            pdf.multi_cell(0, 7, "\u3000\u3000" + b[1], new_x="LMARGIN", new_y="NEXT")
        else:
            rows = b[1]
            width = max(len(r) for r in rows)
            pdf.set_font("latin", size=8)
            with pdf.table(first_row_as_headings=False, line_height=5,
                           text_align="CENTER") as t:
                for r in rows:
                    row = t.row()
                    for c in r + [""] * (width - len(r)):
                        row.cell(c)
            pdf.ln(2)
    pdf.output(out)


def landscape(doc, blocks, out):
    """Tables drawn on /Rotate 90 pages, content turned to read upright."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    w, h = A4  # portrait media box; the display is h wide, w high
    # reportlab swaps the media box of a page with /Rotate 90, so ask for
    # the landscape size to get a portrait media box.
    c = Canvas(out, pagesize=(h, w))
    tables = [b[1] for b in blocks if b[0] == "t"][:2]
    captions = [b[1] for b in blocks if b[0] == "p" and b[1].startswith("表")][:2]
    for n, rows in enumerate(tables):
        c.setPageRotation(90)
        c.saveState()
        c.translate(w, 0)
        c.rotate(90)  # now (u, v): u across the landscape display, v up from its bottom
        c.setFont("STSong-Light", 12)
        if n < len(captions):
            c.drawString(40, w - 40, captions[n])
        c.setFont("STSong-Light", 9)
        ncol = max(len(r) for r in rows)
        colw = (h - 80) / ncol
        rowh = 18
        top = w - 60
        for i, r in enumerate(rows):
            y = top - (i + 1) * rowh
            for j, cell in enumerate(r):
                c.drawString(40 + j * colw + 3, y + 5, cell)
        c.setLineWidth(0.5)
        for i in range(len(rows) + 1):
            c.line(40, top - i * rowh, 40 + ncol * colw, top - i * rowh)
        for j in range(ncol + 1):
            c.line(40 + j * colw, top, 40 + j * colw, top - len(rows) * rowh)
        c.restoreState()
        c.showPage()
    c.save()


def main():
    os.makedirs(OUT, exist_ok=True)
    docs = {
        "lishui-assessment-2022": ["stsong"],
        "nanjing-land-2022": ["stsong", "identity", "landscape"],
    }
    for doc, kinds in docs.items():
        blocks = parse(os.path.join(CORPUS, doc + ".txt"))
        for kind in kinds:
            out = os.path.join(OUT, f"{doc}.{kind}.pdf")
            {"stsong": stsong, "identity": identity, "landscape": landscape}[kind](doc, blocks, out)
            print("wrote", out)
    # Encrypted and rotated variants of the smallest file.
    src = os.path.join(OUT, "lishui-assessment-2022.stsong.pdf")
    base = src[:-4]
    variants = {
        "rc4": ["--allow-weak-crypto", "--encrypt", "", "owner", "128", "--use-aes=n", "--"],
        "aes128": ["--allow-weak-crypto", "--encrypt", "", "owner", "128", "--use-aes=y", "--"],
        "aes256": ["--encrypt", "", "owner", "256", "--"],
    }
    for name, args in variants.items():
        out = f"{base}.{name}.pdf"
        subprocess.run(["qpdf", *args, src, out], check=True)
        print("wrote", out)
    # Rarer revisions and a real user password, on the smallest file:
    # RC4-40 (R2), AES-256 R5 (Acrobat 9's interim form), AES-256 with a
    # user password (must fail as encrypted, not as damaged).
    small = os.path.join(OUT, "nanjing-land-2022.landscape.pdf")
    base = small[:-4]
    more = {
        "rc40": ["--allow-weak-crypto", "--encrypt", "", "owner", "40", "--"],
        "aes256r5": ["--encrypt", "", "owner", "256", "--force-R5", "--"],
        "userpw": ["--encrypt", "secret", "owner", "256", "--"],
    }
    for name, args in more.items():
        out = f"{base}.{name}.pdf"
        subprocess.run(["qpdf", *args, small, out], check=True)
        print("wrote", out)


if __name__ == "__main__":
    sys.exit(main())
