#!/usr/bin/env python3
"""Bounded on every input (issue 13): build the shapes that once made jixiao
slow or hungry, at full size, run each through the binary as a user would,
and print how long it took and how much memory it used.

    python3 scripts/bounded.py [--bin target/release/jixiao] [--mb 10] [--memory-mb 15,20,30,50]
                               [--budget 10] [--only NAME] [--commands extract,check,text]

Each shape is built at about --mb megabytes (the "≤ 10 MB finishes within 10 s
or fails cleanly on the time budget" goal) and again at each --memory-mb size (the
"< 300 MB peak for any input ≤ 50 MB" goal; for DOCX the size is that of the
XML part, which compresses to a small file). Every run has
--timeout-per-doc --budget (default 10 s). A run passes when it ends within the
budget plus a second (with a document, or with one line naming a limit) and
its peak memory is under 300 MB. Exit 1 if any run fails.

Small versions of the same shapes are in tests/regressions/ (the regression
test replays them under a small time budget); this script is the measurement.
"""
import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # for pdfbytes, when imported
from pdfbytes import pdf_from  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MB = 1024 * 1024


def repeat_to(unit, size):
    """`unit` (bytes) repeated to about `size` bytes."""
    return unit * max(1, size // len(unit))


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------

def long_row_text(size):
    # The file: one line, the cells 合计 / 1,234.56 / 万元, tab-separated.
    return repeat_to("合计\t1,234.56\t万元\t".encode(), size)


def many_rows_text(size):
    head = "表1 项目支出情况表（单位：万元）\n项目\t预算数\t支出数\t执行率\n".encode()
    rows = []
    n = 0
    total = len(head)
    while total < size:
        n += 1
        r = f"{n}、项目{n}\t{100 + n % 97}.50\t{90 + n % 89}.25\t{80 + n % 19}.5%\n".encode()
        rows.append(r)
        total += len(r)
    return head + b"".join(rows) + "合计\t1.00\t2.00\t3.0%\n".encode()


def many_sections_text(size):
    out = []
    total = 0
    n = 0
    while total < size:
        n += 1
        s = f"{n}、第{n}项工作\n本项工作预算{n % 500}.5万元，实际支出{n % 400}.25万元，执行率{n % 100}.5%。\n".encode()
        out.append(s)
        total += len(s)
    return "一、工作情况\n".encode() + b"".join(out)


def figure_paragraph_text(size):
    # One huge paragraph, every few characters a figure.
    return repeat_to("支出1,234.56万元，增长12.5%，完成3个，得分95分；".encode(), size)


def prose_text(size):
    # Paragraphs without headings or numbers: all preamble.
    return repeat_to("本单位认真落实各项工作要求，持续加强内部管理，不断提高资金使用效益。\n".encode(), size)


def short_lines_text(size):
    # A paragraph per line, two characters each; and blank lines between.
    return repeat_to("好\n\n".encode(), size)


def markup_text(size):
    # Angle brackets and ampersands that close nothing (HTML fragments gone wrong).
    return repeat_to("<p收入<b1,234.56 &amp 万元 & 支出 &#x4e".encode(), size)


def tika_text(size):
    # Groups of tab-led lines (Apache Tika's cell-per-line layout) whose widths
    # never agree: every line starts a table attempt that is then rejected.
    out = []
    total = 0
    n = 0
    while total < size:
        n += 1
        g = "".join(f"\t项{n}-{k}\n" for k in range(1 + n % 3)) + "\n"
        g = g.encode()
        out.append(g)
        total += len(g)
    return b"".join(out)


# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
      'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def docx(body_parts):
    xml = b"".join([f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'.encode(),
                    *body_parts, b"</w:body></w:document>"])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def cell(text):
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>".encode()


def long_row_docx(size):
    # One table row of very many cells. The XML compresses ~100×, so `size`
    # bounds the decompressed part (what the reader parses), not the file.
    unit = cell("合计") + cell("1,234.56") + cell("万元")
    return docx([b"<w:tbl><w:tr>", repeat_to(unit, size), b"</w:tr></w:tbl>"])


def long_text_docx(size):
    # One paragraph of plain text as large as the part may be.
    run = b"<w:p><w:r><w:t>" + repeat_to("本单位认真落实各项工作要求。".encode(), size) + b"</w:t></w:r></w:p>"
    return docx([run])


def many_elements_docx(size):
    # Runs of one character each, with run properties: millions of elements.
    unit = b'<w:r><w:rPr><w:b/><w:sz w:val="24"/></w:rPr><w:t>\xe5\x90\x88</w:t></w:r>'
    return docx([b"<w:p>", repeat_to(unit, size), b"</w:p>"])


def many_rows_docx(size):
    rows = []
    total = 0
    n = 0
    while total < size:
        n += 1
        r = b"<w:tr>" + cell(f"项目{n}") + cell(f"{n % 500}.50") + cell(f"{n % 400}.25") + b"</w:tr>"
        rows.append(r)
        total += len(r)
    return docx([b"<w:tbl>", b"<w:tr>" + cell("项目") + cell("预算数") + cell("支出数") + b"</w:tr>",
                 *rows, b"<w:tr>" + cell("合计") + cell("1.00") + cell("2.00") + b"</w:tr></w:tbl>"])


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------

def cjk_pdf(content, width=595, height=842):
    """One page with `content` drawn in STSong-Light (UniGB-UCS2-H: two-byte
    UCS-2 codes in hex strings, no embedded font, no ToUnicode)."""
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
            b"/DescendantFonts [5 0 R] >>")
    cid = (b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
           b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>")
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 6 0 R >>" % (width, height))
    stream = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    return pdf_from([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, font, cid, stream])


def ucs2(s):
    return b"<" + s.encode("utf-16-be").hex().encode() + b">"


def long_row_pdf(size):
    # Tens of thousands of glyphs on one baseline: each cell its own Tj, placed
    # left to right at a small size across the page.
    cells = ["合计", "1,234.56", "万元"]
    parts = [b"BT /F1 0.5 Tf"]
    total = 0
    i = 0
    x = 10.0
    while total < size:
        s = b" 1 0 0 1 %.2f 400 Tm %s Tj" % (x, ucs2(cells[i % 3]))
        parts.append(s)
        total += len(s)
        x += 0.5 * len(cells[i % 3]) + 0.6
        i += 1
    parts.append(b" ET")
    return cjk_pdf(b"".join(parts), width=int(x) + 20)


def long_line_pdf(size):
    # One TJ array with all the glyphs of a line: the same baseline, no gaps.
    unit = ucs2("合计 1,234.56 万元 ")
    body = repeat_to(unit + b" -50 ", size)
    return cjk_pdf(b"BT /F1 1 Tf 1 0 0 1 10 400 Tm [" + body + b"] TJ ET")


def many_lines_pdf(size):
    # A page holding tens of thousands of rows (glyphs stacked at tiny size).
    parts = [b"BT /F1 0.02 Tf"]
    total = 0
    n = 0
    while total < size:
        n += 1
        y = 800 - (n % 40000) * 0.02
        s = b" 1 0 0 1 10 %.3f Tm %s Tj 1 0 0 1 200 %.3f Tm %s Tj" % (
            y, ucs2(f"项目{n}"), y, ucs2(f"{n % 500}.50"))
        parts.append(s)
        total += len(s)
    parts.append(b" ET")
    return cjk_pdf(b"".join(parts))


SHAPES = [
    ("long-row.txt", long_row_text),
    ("many-rows.txt", many_rows_text),
    ("many-sections.txt", many_sections_text),
    ("figure-paragraph.txt", figure_paragraph_text),
    ("prose.txt", prose_text),
    ("tika.txt", tika_text),
    ("markup.txt", markup_text),
    ("short-lines.txt", short_lines_text),
    ("long-row.docx", long_row_docx),
    ("many-rows.docx", many_rows_docx),
    ("long-text.docx", long_text_docx),
    ("many-elements.docx", many_elements_docx),
    ("long-row.pdf", long_row_pdf),
    ("long-line.pdf", long_line_pdf),
    ("many-lines.pdf", many_lines_pdf),
]


def cap_memory():
    # A run that goes wrong must not take the machine down with it: 4 GB of
    # address space (far above the 300 MB goal) makes it fail instead.
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run(bin_, command, path, budget):
    """(wall seconds, CPU seconds, peak MB, exit status, last stderr line)."""
    args = [bin_, command]
    if command != "text":
        args += ["--timeout-per-doc", str(budget)]
    args.append(path)
    t0 = time.monotonic()
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, preexec_fn=cap_memory)
        _, status, usage = os.wait4(p.pid, 0)
        secs = time.monotonic() - t0
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return secs, cpu, usage.ru_maxrss / 1024, code, (lines[-1] if lines else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/jixiao"))
    ap.add_argument("--mb", type=float, default=10)
    # Several sizes: a shape's worst memory sits just under the size where a
    # count limit (max-figures, max-paragraphs, …) cuts in, and at 50 MB
    # alone a 14-16 MB text that peaked at 400 MB went unseen.
    ap.add_argument("--memory-mb", default="15,20,30,50",
                    help="sizes in MB for the memory goal, comma-separated (0: none)")
    ap.add_argument("--budget", type=float, default=10)
    ap.add_argument("--only", default="")
    ap.add_argument("--commands", default="extract")
    ap.add_argument("--keep", help="write the shapes to this directory and keep them")
    a = ap.parse_args()
    size = int(a.mb * MB) - 64 * 1024
    cases = [(n, f, size) for n, f in SHAPES if a.only in n]
    for mb in (float(x) for x in a.memory_mb.split(",") if float(x) > 0):
        # The same shapes at the memory goal's sizes (DOCX: the XML part).
        big = int(mb * MB) - 64 * 1024
        cases += [(n.replace(".", f"-{mb:g}mb."), f, big) for n, f in SHAPES if a.only in n]
    load = open("/proc/loadavg").read().split()[:3]
    print(f"jixiao {a.bin}; budget {a.budget:g} s; {os.cpu_count()} cores, load {' '.join(load)}")
    print()
    print("| input | bytes | command | wall s | CPU s | peak MB | exit | result |")
    print("|---|---|---|---|---|---|---|---|")
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        where = a.keep or tmp
        os.makedirs(where, exist_ok=True)
        for name, make, sz in cases:
            data = make(sz)
            path = os.path.join(where, name)
            with open(path, "wb") as f:
                f.write(data)
            n = len(data)
            del data
            for command in a.commands.split(","):
                secs, cpu, peak, code, line = run(a.bin, command, path, a.budget)
                timed_out = "timeout-per-doc" in line
                # On a machine shared with other work the wall clock says
                # little: the goal is judged on CPU time (one thread), and the
                # budget (wall clock, inside jixiao) still bounds the run.
                ok = min(secs, cpu) <= a.budget + 1 and peak < 300 and code in (0, 1, 2) and (
                    code != 2 or "limit `" in line)
                if code == 0 or (command == "check" and code == 1):
                    result = "document"
                else:
                    result = line.replace(path, name).replace("|", "/")
                if not ok:
                    bad += 1
                    result = "**FAIL** " + result
                elif timed_out:
                    result = "time budget: " + result
                print(f"| {name} | {n:,} | {command} | {secs:.2f} | {cpu:.2f} | {peak:.0f} | {code} | {result} |",
                      flush=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
