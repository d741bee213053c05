#!/usr/bin/env python3
"""Build the README's bad inputs in a temporary directory, run
`jixiao extract` on each, and print a markdown table of what the tool says
(exit status and its one line on stderr, or the warnings of the document).

    python3 scripts/bad-inputs.py [target/release/jixiao]

The same inputs are tests in tests/bad_inputs.rs; this script shows the
messages a user sees.
"""
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # for pdfbytes, when imported
from pdfbytes import pdf_from  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/jixiao")
CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')


def fixture(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def stream(d, data):
    return b"<< %s /Length %d >>\nstream\n" % (d, len(data)) + data + b"\nendstream"


def scanned():
    img = stream(b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                 b"/BitsPerComponent 8", bytes([0, 255, 255, 0]))
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject "
            b"<< /Im0 3 0 R >> >> /Contents 4 0 R >>")
    return pdf_from([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [5 0 R 6 0 R 7 0 R] /Count 3 >>",
                     img, stream(b"", b"q 500 0 0 700 50 50 cm /Im0 Do Q"), page, page, page])


def zip_of(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


def broken_xref(pdf):
    b = bytearray(pdf)
    i = b.rfind(b"startxref") + len(b"startxref\n")
    while chr(b[i]).isdigit():
        b[i] = ord("9")
        i += 1
    x = b.rfind(b"xref\n", 0, len(b) - 40)
    if x >= 0:
        b[x:x + 4] = b"XXXX"
    return bytes(b)


def patch_fib(doc, flags=0, n_fib=None):
    """The .doc with its File Information Block changed (the WordDocument
    stream starts a sector with the 0xA5EC signature)."""
    b = bytearray(doc)
    at = next(k for k in range(0, len(b), 512) if b[k:k + 2] == b"\xec\xa5")
    if n_fib is not None:
        b[at + 2:at + 4] = n_fib.to_bytes(2, "little")
    flag_word = int.from_bytes(b[at + 10:at + 12], "little") | flags
    b[at + 10:at + 12] = flag_word.to_bytes(2, "little")
    return bytes(b)


def cases():
    pdf = fixture("fixtures/corpus/nanjing-land-2022.pdf")
    rnd = random.Random(7)
    gbk = "一、项目概况\n本项目预算资金为100.00万元。\n".encode("gbk")
    bomb = b'<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>' + b"A" * (260 * 1024 * 1024)
    # Prose with a figure every ~200 bytes (a line of three figures per 40
    # bytes is over max-figures, by design: tests/bounded.rs).
    unit = "本项目年度预算资金为100.00万元，单位严格按照预算管理要求组织实施，认真落实各项工作任务，持续加强内部管理，不断提高资金使用效益和公共服务水平。".encode()
    yield "empty file", "empty.pdf", b""
    yield "random bytes", "random.pdf", bytes(rnd.getrandbits(8) for _ in range(65536))
    yield "truncated PDF (first half)", "truncated.pdf", pdf[: len(pdf) // 2]
    yield "PDF with broken xref", "broken-xref.pdf", broken_xref(pdf)
    yield "encrypted PDF, empty user password (AES-256)", "aes256.pdf", \
        fixture("fixtures/pdf/lishui-assessment-2022.stsong.aes256.pdf")
    yield "encrypted PDF with a user password", "password.pdf", fixture("fixtures/bad/password-aes256.pdf")
    yield "scanned PDF, no text layer", "scan.pdf", scanned()
    doc = fixture("fixtures/formats/nanjing-land-2022.doc")
    yield ".doc renamed .docx", "old.docx", doc
    yield "damaged OLE file (header only)", "broken.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088)
    yield "encrypted .doc", "secret.doc", patch_fib(doc, flags=0x0100)
    yield "Word 6.0/95 .doc", "old95.doc", patch_fib(doc, n_fib=0x0065)
    yield "WPS file in Kingsoft's own layout", "kso.wps", \
        doc.replace("WordDocument".encode("utf-16-le"), "KsoWpsStream".encode("utf-16-le"), 1)
    yield "docx missing document.xml", "hollow.docx", zip_of([("[Content_Types].xml", CT)])
    xlsx = fixture("fixtures/formats/budget-2023.xlsx")
    yield "truncated .xlsx (first half)", "cut.xlsx", xlsx[: len(xlsx) // 2]
    yield ".xlsx zip bomb (260 MB sheet)", "bomb.xlsx", zip_of([
        ("[Content_Types].xml", CT), ("xl/workbook.xml", b"<workbook/>"),
        ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + b" " * (260 * 1024 * 1024))])
    xls = bytearray(fixture("fixtures/formats/budget-2023.xls"))
    dims = xls.find(b"\x00\x02\x0e\x00")  # the first sheet's DIMENSIONS record (BIFF8)
    xls[dims + 8:dims + 12] = b"\xff\xff\xff\xff"  # its last row: 4 billion
    yield ".xls declaring a 17-billion-cell sheet", "huge.xls", bytes(xls)
    yield "web page named .xls", "table.xls", fixture("fixtures/formats/nanjing-land-2022.html")
    yield "web page declaring gb2312 but saved as UTF-8", "liar.html", \
        '<html><head><meta charset="gb2312"></head><body><p>一、项目概况</p><p>预算资金为100.00万元。</p></body></html>'.encode()
    yield "zip bomb (260 MB entry)", "bomb.docx", zip_of([("[Content_Types].xml", CT),
                                                          ("word/document.xml", bomb)])
    yield "50 MB single-line text", "long.txt", unit * (50 * 1024 * 1024 // len(unit) + 1)
    yield "NUL bytes in text", "nul.txt", "一、概况\n\0本单位\0主要职能\n".encode()
    yield "invalid UTF-8 declared as UTF-8 (BOM + GBK)", "liar.txt", b"\xef\xbb\xbf" + gbk
    yield "mixed encodings (UTF-8 and GBK lines)", "mixed.txt", \
        "一、项目概况\n预算资金为100.00万元。\n".encode() + "二、绩效目标\n完成率达到95%。\n".encode("gbk")


def main():
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for what, name, data in cases():
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(data)
            del data
            r = subprocess.run([BIN, "extract", path], capture_output=True)
            if r.returncode == 0:
                doc = json.loads(r.stdout)
                warns = "; ".join(w["message"] for w in doc.get("warnings", [])[:2]) or "—"
                said = f"{doc['source']['format']} document ({doc['source'].get('pages') or ''}{' pages, ' if doc['source'].get('pages') else ''}" \
                       f"{len(doc['tables'])} tables); warnings: {warns}"
            else:
                said = r.stderr.decode("utf-8", "replace").strip().replace(tmp + "/", "")
            rows.append((what, r.returncode, said))
    print("| input | exit | what jixiao says |")
    print("|---|---|---|")
    for what, code, said in rows:
        print(f"| {what} | {code} | {said.replace('|', '/')} |")


if __name__ == "__main__":
    main()
