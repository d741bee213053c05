#!/usr/bin/env python3
"""Make the budget / final-accounts disclosure fixtures (fixtures/disclosure/):

  <name>.txt           the master, written by hand (tables as tab-separated rows)
  <name>-planted.txt   the master with the defects listed in PLANTED below
  <name>[-planted].docx  python-docx: headings, a page per table, ruled tables
                         whose group titles span their columns (gridSpan)
  <name>[-planted].pdf   LibreOffice headless from the .docx (embedded CJK
                         subset fonts, ruling lines from the table borders)

The 目录 of a master gives page numbers; the script checks them against the
PDF (pdftotext, page by page) and stops if the clean PDF disagrees, so the
only wrong page number is the one PLANTED puts in.

Needs: pip install python-docx; apt-get install libreoffice-writer
fonts-noto-cjk poppler-utils. Run from the repository root:
    python3 scripts/make-disclosure-fixtures.py
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt

DIR = "fixtures/disclosure"
FONT = "Noto Serif CJK SC"

# The planted defects of each master, with why. (old, new) replaces the line
# that is `old`; (old, new, True) replaces `old` inside the one line holding
# it; (old, None) drops the line (and, for a table title, its table).
PLANTED = {
    "qinghe-culture-2024-final-accounts": [
        # disclosure.summary_totals: the 收入决算表 total no longer equals the
        # 收支总表's 本年收入合计 (1,416.16).
        ("\t合计\t1,416.16\t1,412.96\t\t\t3.20", "\t合计\t1,461.16\t1,412.96\t\t\t3.20"),
        # disclosure.code_amounts: 卫生健康支出 in the 支出决算表 against the
        # 收支总表 (52.66).
        ("210\t卫生健康支出\t52.66\t52.66\t\t", "210\t卫生健康支出\t56.26\t56.26\t\t"),
        # disclosure.general_budget_total: the 一般公共预算支出表's 合计
        # against the 财政拨款收支总表's 一般公共预算 column (1,412.96).
        ("合计\t\t1,412.96\t886.39\t526.57", "合计\t\t1,412.69\t886.39\t526.57"),
        # disclosure.basic_split (a warning: the 人员经费合计 / 公用经费合计
        # amounts are read from their position beside the labels).
        ("\t人员经费合计\t801.26\t\t公用经费合计\t85.13", "\t人员经费合计\t801.26\t\t公用经费合计\t88.13"),
        # disclosure.sangong: 三公 决算 合计 6.40 against 0.00 + 1.48 + 4.92;
        # and the car line's 决算 4.92 against 购置 0.00 + 运行 4.29.
        (
            "9.80\t6.40\t0.00\t0.00\t2.60\t1.48\t7.20\t4.92\t0.00\t0.00\t7.20\t4.92",
            "9.80\t6.04\t0.00\t0.00\t2.60\t1.48\t7.20\t4.92\t0.00\t0.00\t7.20\t4.29",
        ),
        # disclosure.missing_table: the 国有资本经营 table the 目录 lists is gone
        # (its title, issuer line, table and note).
        ("国有资本经营预算财政拨款收入支出决算表", None),
        ("注：本单位2024年度无国有资本经营预算财政拨款收入和支出，故本表无数据。", None),
        # disclosure.blank_table: the 政府性基金 table stays blank while the
        # prose now gives its amounts.
        (
            "本单位2024年度无政府性基金预算财政拨款收入和支出。",
            "2024年度政府性基金预算财政拨款支出35.00万元，用于区博物馆文物修缮。",
        ),
        # disclosure.contents_page (PDF only: text and DOCX have no pages):
        # the 目录 sends the 收入决算表 to page 7 (it is on page 4). (第四部分
        # moves up a page too, with the dropped table above.)
        ("二、收入决算表\t4", "二、收入决算表\t7"),
        # hygiene.year: a heading naming the previous year, and an as-of date
        # at the end of the previous year.
        (
            "第三部分 临江市青禾区文化和旅游局2024年度部门决算情况说明",
            "第三部分 临江市青禾区文化和旅游局2023年度部门决算情况说明",
        ),
        ("截至2024年12月31日，本单位共有车辆2辆", "截至2023年12月31日，本单位共有车辆2辆", True),
        # hygiene.placeholder: the template's XX局 left in a heading.
        ("二、部门决算单位构成", "二、XX局部门决算单位构成"),
    ],
    "qinghe-water-2025-budget": [
        # disclosure.basic_split: 人员经费 total 572.46 + 公用经费 66.26 against
        # 基本支出 593.72.
        ("合计\t\t593.72\t527.46\t66.26", "合计\t\t593.72\t572.46\t66.26"),
        # disclosure.fund_split: 水土保持 in the 财政拨款支出表 against the
        # 一般公共预算 table (96.80) and the fund table (nothing).
        ("2130310\t水土保持\t96.80", "2130310\t水土保持\t69.80"),
        # hygiene.year: a budget for 2025 whose as-of date is in 2022.
        ("截至2024年8月31日，本单位共有车辆3辆", "截至2022年8月31日，本单位共有车辆3辆", True),
    ],
}


def planted(name, text):
    lines = text.split("\n")
    for edit in PLANTED[name]:
        old, new = edit[0], edit[1]
        inside = len(edit) == 3 and edit[2] is True
        if inside:
            idx = [i for i, l in enumerate(lines) if old in l]
            assert len(idx) == 1, (name, old, idx)
            lines[idx[0]] = lines[idx[0]].replace(old, new)
            continue
        if new is None:
            # Drop a block: the line and, for a table title, its issuer line,
            # table rows and the blank lines between them.
            idx = [i for i, l in enumerate(lines) if l.strip() == old]
            assert len(idx) >= 1, (name, old)
            i = idx[-1]
            j = i + 1
            if old.endswith("表"):
                while j < len(lines) and (lines[j].strip() == "" or lines[j].startswith("编制单位") or "\t" in lines[j]):
                    j += 1
            del lines[i:j]
            continue
        idx = [i for i, l in enumerate(lines) if l == old or l.strip() == old]
        assert len(idx) == 1, (name, old, idx)
        lines[idx[0]] = new
    return "\n".join(lines)


def blocks(text):
    """Master text → ("title"|"contents"|"h"|"p", text) and ("t", rows)."""
    out, rows, in_contents = [], [], False
    for i, raw in enumerate(text.split("\n")):
        line = raw.rstrip(" \r")
        if in_contents and "\t" in line:
            entry, _, page = line.rpartition("\t")
            out.append(("contents", entry, page))
            continue
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            out.append(("t", rows))
            rows = []
        s = line.strip()
        if not s:
            continue
        if not out:
            out.append(("title", s))
        elif s == "目录":
            in_contents = True
            out.append(("h", s))
        else:
            in_contents = False
            if re.match(r"^第[一二三四五六七八九十]+部分", s):
                out.append(("part", s))
            elif re.match(r"^[一二三四五六七八九十]+、", s) and len(s) <= 40:
                out.append(("h", s))
            else:
                out.append(("p", s))
    if rows:
        out.append(("t", rows))
    return out


def font(run, size=None, bold=False):
    run.font.name = FONT
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def is_number(cell):
    return re.fullmatch(r"-?[\d,]+(\.\d+)?", cell.strip() or "x") is not None


def header_rows(rows):
    n = 0
    for r in rows:
        if any(is_number(c) for c in r):
            break
        n += 1
    return min(n, len(rows) - 1) if n == len(rows) else n


def add_table(doc, rows):
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    t = doc.add_table(rows=len(rows), cols=width)
    t.style = "Table Grid"
    h = header_rows(rows)
    for ri, r in enumerate(rows):
        for ci, c in enumerate(r):
            p = t.cell(ri, ci).paragraphs[0]
            font(p.add_run(c.strip()), 8)
            if is_number(c):
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # Group titles span the empty cells after them (header rows above the last).
    for ri in range(max(h - 1, 0)):
        r = rows[ri]
        ci = 0
        while ci < width:
            if r[ci].strip():
                end = ci + 1
                while end < width and not r[end].strip():
                    end += 1
                if end - ci > 1:
                    a = t.cell(ri, ci)
                    text = r[ci].strip()
                    merged = a.merge(t.cell(ri, end - 1))
                    for p in merged.paragraphs:
                        p.clear() if hasattr(p, "clear") else None
                    merged.paragraphs[0].text = ""
                    for extra in merged.paragraphs[1:]:
                        extra._element.getparent().remove(extra._element)
                    font(merged.paragraphs[0].add_run(text), 8)
                    merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                ci = end
            else:
                ci += 1
    # Header rows repeat on every page, as Word marks them.
    for ri in range(h):
        trPr = t.rows[ri]._tr.get_or_add_trPr()
        el = trPr.makeelement(qn("w:tblHeader"), {})
        trPr.append(el)


def page_break(doc):
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def to_docx(text, path):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.font.size = Pt(10.5)
    bs = blocks(text)
    first_part = True
    for k, b in enumerate(bs):
        kind = b[0]
        if kind == "title":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            font(p.add_run(b[1]), 18, True)
        elif kind == "contents":
            p = doc.add_paragraph()
            font(p.add_run(f"{b[1]}……{b[2]}"))
        elif kind == "part":
            page_break(doc)
            first_part = False
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            font(p.add_run(b[1]), 14, True)
        elif kind == "h":
            p = doc.add_paragraph()
            if b[1] == "目录":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            font(p.add_run(b[1]), 12, True)
        elif kind == "p":
            # A table's title starts a new page unless its part heading just did.
            nxt = bs[k + 1] if k + 1 < len(bs) else None
            nxt2 = bs[k + 2] if k + 2 < len(bs) else None
            is_caption = b[1].endswith("表") and (
                (nxt and nxt[0] == "t") or (nxt2 and nxt2[0] == "t" and nxt[1].startswith("编制单位"))
            )
            if is_caption and bs[k - 1][0] != "part":
                page_break(doc)
            p = doc.add_paragraph()
            if is_caption:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                font(p.add_run(b[1]), 12, True)
            else:
                font(p.add_run(b[1]))
        elif kind == "t":
            add_table(doc, b[1])
    _ = first_part
    doc.save(path)


def to_pdf(docx_path, pdf_path):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, docx_path],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        out = os.path.join(tmp, os.path.basename(docx_path)[:-5] + ".pdf")
        shutil.move(out, pdf_path)


def pdf_pages(pdf_path):
    text = subprocess.run(["pdftotext", "-layout", pdf_path, "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def check_contents(text, pdf_path):
    """The 目录's page numbers against the pages the entries stand on."""
    pages = pdf_pages(pdf_path)
    bad = []
    for b in blocks(text):
        if b[0] != "contents":
            continue
        entry, page = b[1], int(b[2])
        # The heading or table title as the body writes it (without 一、).
        key = re.sub(r"^[一二三四五六七八九十]+、", "", re.sub(r"\s", "", entry))
        found = [
            i + 1
            for i, p in enumerate(pages)
            if any(re.sub(r"\s", "", l) == key or re.sub(r"\s", "", l).endswith("、" + key) for l in p.split("\n"))
        ]
        # The last page naming it is the body's (the 目录 is page 1).
        actual = max(found) if found else None
        if actual != page:
            bad.append((entry, page, actual))
    return bad


def main():
    if not shutil.which("soffice"):
        sys.exit("needs LibreOffice (soffice)")
    for name in PLANTED:
        master = open(os.path.join(DIR, name + ".txt"), encoding="utf-8").read()
        variants = [(name, master), (name + "-planted", planted(name, master))]
        for out, text in variants:
            if out.endswith("-planted"):
                with open(os.path.join(DIR, out + ".txt"), "w", encoding="utf-8") as f:
                    f.write(text)
            docx_path = os.path.join(DIR, out + ".docx")
            pdf_path = os.path.join(DIR, out + ".pdf")
            to_docx(text, docx_path)
            to_pdf(docx_path, pdf_path)
            bad = check_contents(text, pdf_path)
            print(out, "目录 mismatches:", bad or "none")
            if bad and not out.endswith("-planted"):
                sys.exit(f"{out}: the master's 目录 disagrees with the PDF: {bad}")


if __name__ == "__main__":
    main()
