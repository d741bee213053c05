#!/usr/bin/env python3
"""Make scan-like PDFs (image-only pages, no text layer) from text PDFs.

Each page is rendered with pdftoppm, turned by a fraction of a degree, given
speckle noise and a faint grey cast like a flatbed scan, optionally stamped
with a red seal (an official 公章: a ring, a star and the unit's name on an
arc, printed over the text the way a stamp is), and written back as a PDF
whose pages hold one full-page image and nothing else:

  * grayscale JPEG (DCTDecode) for plain pages, colour JPEG where a seal is;
  * with --bilevel, 1-bit pixels (FlateDecode), as fax-like office scanners
    write them (a seal is then black, as on a photocopy).

usage:
  make-scan-fixtures.py IN.pdf OUT.pdf [--pages 3,8] [--dpi 200]
                        [--seal PAGE:FX:FY ...] [--bilevel] [--seed N]
  make-scan-fixtures.py --committed      # rebuild fixtures/scanned/ (the committed ones)
  make-scan-fixtures.py --bench DIR      # full scan-like renditions of the corpus PDFs into DIR

FX, FY: the seal's centre as fractions of the page width and height.
Needs pdftoppm (poppler-utils), Pillow and a CJK font (fonts-noto-cjk or
fonts-wqy-microhei) for the seal's lettering (without one the seal has no
lettering). Deterministic for a given seed.
"""
import argparse
import io
import math
import os
import random
import subprocess
import sys
import tempfile
import zlib

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEAL_RED = (214, 38, 45)
FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
]


def render(pdf, page, dpi, colour):
    with tempfile.TemporaryDirectory() as d:
        base = os.path.join(d, "p")
        mode = [] if colour else ["-gray"]
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), *mode, "-f", str(page), "-l", str(page), pdf, base],
            check=True,
        )
        (name,) = os.listdir(d)
        img = Image.open(os.path.join(d, name))
        img.load()
        return img.convert("RGB" if colour else "L")


def cjk_font(size):
    for f in FONTS:
        if os.path.exists(f):
            return ImageFont.truetype(f, size)
    return None


def seal(diameter, name="某市综合行政执法局"):
    """A red official seal on a transparent background (RGBA)."""
    s = diameter
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    w = max(3, s // 28)
    d.ellipse([w, w, s - w, s - w], outline=SEAL_RED + (235,), width=w)
    # Five-pointed star in the middle.
    cx = cy = s / 2
    r_out, r_in = s * 0.17, s * 0.068
    pts = []
    for k in range(10):
        r = r_out if k % 2 == 0 else r_in
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    d.polygon(pts, fill=SEAL_RED + (235,))
    font = cjk_font(int(s * 0.13))
    if font is not None:
        # The unit's name along the upper arc, each character turned to face out.
        n = len(name)
        span = math.radians(250)
        for i, ch in enumerate(name):
            a = -math.pi / 2 - span / 2 + span * (i + 0.5) / n
            r = s * 0.36
            glyph = Image.new("RGBA", (int(s * 0.16), int(s * 0.16)), (0, 0, 0, 0))
            ImageDraw.Draw(glyph).text((0, 0), ch, font=font, fill=SEAL_RED + (235,))
            glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC, expand=True)
            x = int(cx + r * math.cos(a) - glyph.width / 2)
            y = int(cy + r * math.sin(a) - glyph.height / 2)
            img.alpha_composite(glyph, (max(0, x), max(0, y)))
        label = cjk_font(int(s * 0.09))
        d.text((cx, s * 0.76), "2023年3月", font=label, fill=SEAL_RED + (235,), anchor="mm")
    # Ink is uneven: thin the seal at random.
    rnd = random.Random(diameter)
    alpha = img.getchannel("A")
    px = alpha.load()
    for _ in range(s * s // 40):
        x, y = rnd.randrange(s), rnd.randrange(s)
        px[x, y] = px[x, y] // 3
    img.putalpha(alpha.filter(ImageFilter.GaussianBlur(0.6)))
    return img


def stamp(page, fx, fy, dpi):
    """Print a seal over the page the way ink does: multiply, not cover."""
    diameter = int(dpi * 1.65)  # a 42 mm seal
    sl = seal(diameter).rotate(-12, resample=Image.BICUBIC)
    x = int(page.width * fx - diameter / 2)
    y = int(page.height * fy - diameter / 2)
    ink = Image.new("RGB", page.size, (255, 255, 255))
    ink.paste(sl.convert("RGB"), (x, y), sl)
    return ImageChops.multiply(page, ink)


def scan_look(img, rnd, dpi):
    """A fraction of a degree of skew, a grey cast, speckles, a slight blur."""
    angle = rnd.choice([-1, 1]) * rnd.uniform(0.25, 0.7)
    fill = (255, 255, 255) if img.mode == "RGB" else 255
    img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=fill)
    img = img.filter(ImageFilter.GaussianBlur(0.5 * dpi / 200))
    noise = Image.effect_noise(img.size, 22).point(lambda v: 255 - max(0, 128 - v) // 3)
    if img.mode == "RGB":
        noise = noise.convert("RGB")
    img = ImageChops.multiply(img, noise)
    px = img.load()
    dark = (60, 60, 60) if img.mode == "RGB" else 60
    for _ in range(img.width * img.height // 6000):
        px[rnd.randrange(img.width), rnd.randrange(img.height)] = dark
    return img


def bilevel(img):
    g = img.convert("L")
    return g.point(lambda v: 255 if v > 150 else 0).convert("1")


def encode(img, quality):
    """(filter, colour space, bits, data) for one page image."""
    if img.mode == "1":
        # PDF 1-bit DeviceGray: 1 = white, rows padded to bytes (PIL's own
        # layout for mode "1").
        return "/FlateDecode", "/DeviceGray", 1, zlib.compress(img.tobytes(), 9)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True, subsampling=2)
    cs = "/DeviceRGB" if img.mode == "RGB" else "/DeviceGray"
    return "/DCTDecode", cs, 8, buf.getvalue()


def write_pdf(path, pages):
    """pages: [(width_pt, height_pt, img_w, img_h, filter, cs, bits, data)]."""
    objs = []

    def add(body):
        objs.append(body)
        return len(objs)

    catalog = add(None)
    pages_id = add(None)
    kids = []
    for (wpt, hpt, iw, ih, filt, cs, bits, data) in pages:
        im = add([
            (f"<< /Type /XObject /Subtype /Image /Width {iw} /Height {ih} /ColorSpace {cs} "
             f"/BitsPerComponent {bits} /Filter {filt} /Length {len(data)} >>").encode(),
            data,
        ])
        content = f"q {wpt:.2f} 0 0 {hpt:.2f} 0 0 cm /Im0 Do Q".encode()
        cid = add([f"<< /Length {len(content)} >>".encode(), content])
        pid = add(
            (f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {wpt:.2f} {hpt:.2f}] "
             f"/Resources << /XObject << /Im0 {im} 0 R >> >> /Contents {cid} 0 R >>").encode()
        )
        kids.append(pid)
    objs[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    objs[pages_id - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    ).encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode())
        if isinstance(body, list):
            out.write(body[0] + b"\nstream\n" + body[1] + b"\nendstream")
        else:
            out.write(body)
        out.write(b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for o in offsets:
        out.write(f"{o:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objs) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    with open(path, "wb") as f:
        f.write(out.getvalue())


def page_count(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    for line in info.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise SystemExit(f"{pdf}: no page count")


def page_size(pdf, page):
    info = subprocess.run(
        ["pdfinfo", "-f", str(page), "-l", str(page), pdf], capture_output=True, text=True, check=True
    ).stdout
    for line in info.splitlines():
        if line.startswith(f"Page {page:>4} size:") or (line.startswith("Page") and "size:" in line):
            parts = line.split("size:")[1].split()
            return float(parts[0]), float(parts[2])
    return 595.28, 841.89


def make(src, dst, pages=None, dpi=200, seals=(), bilevel_pages=False, seed=1, quality=55):
    pages = pages or list(range(1, page_count(src) + 1))
    out = []
    for n in pages:
        rnd = random.Random(seed * 1000 + n)
        mine = [(fx, fy) for (p, fx, fy) in seals if p == n]
        colour = bool(mine) and not bilevel_pages
        img = render(src, n, dpi, colour)
        if mine and not colour:
            img = img.convert("RGB")
        for fx, fy in mine:
            img = stamp(img, fx, fy, dpi)
        img = scan_look(img, rnd, dpi)
        if bilevel_pages:
            img = bilevel(img)
        wpt, hpt = page_size(src, n)
        out.append((wpt, hpt, img.width, img.height, *encode(img, quality)))
    write_pdf(dst, out)
    print(f"{dst}: {len(pages)} page(s), {os.path.getsize(dst) // 1024} KiB")


def parse_seal(s):
    p, fx, fy = s.split(":")
    return int(p), float(fx), float(fy)


# The committed fixtures: small, a page or two each.
def committed():
    corpus = os.path.join(ROOT, "fixtures", "corpus")
    out = os.path.join(ROOT, "fixtures", "scanned")
    os.makedirs(out, exist_ok=True)
    # Tables 2-1 and 2-2 and the prose between them; one seal over table
    # 2-1, one over the paragraph under it.
    make(os.path.join(corpus, "nanjing-eco-2024.pdf"), os.path.join(out, "nanjing-eco-2024.p8.scan.pdf"),
         pages=[8], seals=[(8, 0.62, 0.27), (8, 0.45, 0.55)], seed=8)
    # A score sheet page as a 1-bit fax-like scan (FlateDecode).
    make(os.path.join(corpus, "lishui-assessment-2022.pdf"),
         os.path.join(out, "lishui-assessment-2022.p3.bilevel.scan.pdf"),
         pages=[3], bilevel_pages=True, seed=3)


# Full renditions for scripts/bench-ocr.sh: every page, a seal over a
# paragraph and one over a table (where the document has tables).
BENCH = {
    "nanjing-eco-2024": [(8, 0.62, 0.27), (8, 0.45, 0.55), (27, 0.6, 0.5)],
    "nanjing-land-2022": [(4, 0.6, 0.4), (15, 0.6, 0.5)],
    "lishui-assessment-2022": [(1, 0.65, 0.25), (3, 0.6, 0.5)],
}


def bench(dir_):
    os.makedirs(dir_, exist_ok=True)
    for name, seals in BENCH.items():
        src = os.path.join(ROOT, "fixtures", "corpus", f"{name}.pdf")
        make(src, os.path.join(dir_, f"{name}.scan.pdf"), seals=seals, seed=7)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", nargs="?")
    ap.add_argument("output", nargs="?")
    ap.add_argument("--pages")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--seal", action="append", default=[], type=parse_seal)
    ap.add_argument("--bilevel", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--committed", action="store_true")
    ap.add_argument("--bench", metavar="DIR")
    a = ap.parse_args()
    if a.committed:
        committed()
    elif a.bench:
        bench(a.bench)
    elif a.input and a.output:
        pages = [int(p) for p in a.pages.split(",")] if a.pages else None
        make(a.input, a.output, pages, a.dpi, a.seal, a.bilevel, a.seed)
    else:
        ap.print_usage(sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
