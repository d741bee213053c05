#!/usr/bin/env bash
# OCR accuracy and speed (issue 16), measured here and not in timed tests.
#
# For each scan-like PDF (the committed fixtures/scanned/*.pdf by default;
# with --full, whole scan-like renditions of the corpus PDFs made by
# scripts/make-scan-fixtures.py --bench) it compares `jixiao extract --ocr
# auto` with the original PDF's text layer, page by page:
#   - bigram F1 of the page text (paragraphs and cells, spaces dropped);
#   - headings found (of the original's headings on those pages);
#   - tables found, and numeric cells read right (multiset of cell texts);
#   - `error` findings the original does not have (must be 0);
# and the speed: OCR'd pages per second on one thread (--jobs 1), beside
# `tesseract` alone on the same page images (chi_sim+eng, TSV, one thread).
#
# usage: scripts/bench-ocr.sh [--full] [--keep DIR]
# Installs what it needs with apt-get (tesseract-ocr, tesseract-ocr-chi-sim,
# poppler-utils, python3-pil, fonts-noto-cjk) when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
full=0
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --full) full=1 ;;
    --keep) work="$2"; shift ;;
    *) echo "usage: $0 [--full] [--keep DIR]" >&2; exit 2 ;;
  esac
  shift
done
need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || need+=(tesseract-ocr-chi-sim)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
python3 -c 'import PIL' 2>/dev/null || need+=(python3-pil)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "bench-ocr: missing ${need[*]}; install them (apt-get)" >&2
    exit 2
  fi
fi
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet
bin=target/release/jixiao
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

# (scan, original, first original page)
pairs=()
if [ "$full" = 1 ]; then
  python3 scripts/make-scan-fixtures.py --bench "$work/scans" >&2
  for s in "$work"/scans/*.scan.pdf; do
    name=$(basename "$s" .scan.pdf)
    pairs+=("$s fixtures/corpus/$name.pdf 1")
  done
else
  pairs+=("fixtures/scanned/nanjing-eco-2024.p8.scan.pdf fixtures/corpus/nanjing-eco-2024.pdf 8")
  pairs+=("fixtures/scanned/lishui-assessment-2022.p3.bilevel.scan.pdf fixtures/corpus/lishui-assessment-2022.pdf 3")
fi

for p in "${pairs[@]}"; do
  set -- $p
  scan=$1 orig=$2 first=$3
  base=$(basename "$scan" .pdf)
  t0=$(date +%s.%N)
  "$bin" extract --ocr auto --jobs 1 --timeout-per-doc 0 "$scan" >"$work/$base.json" \
    || echo "bench-ocr: $scan failed" >&2
  t1=$(date +%s.%N)
  "$bin" extract "$orig" >"$work/$base.orig.json"
  # tesseract alone on the same pages (rendered at 200 dpi, grey), one thread.
  pdftoppm -r 200 -gray "$scan" "$work/$base.page" 2>/dev/null
  t2=$(date +%s.%N)
  for img in "$work/$base".page*.pgm; do
    OMP_THREAD_LIMIT=1 tesseract "$img" - -l chi_sim+eng --psm 3 tsv >/dev/null 2>&1
  done
  t3=$(date +%s.%N)
  python3 - "$work/$base.json" "$work/$base.orig.json" "$first" "$t0" "$t1" "$t2" "$t3" "$scan" <<'EOF'
import json, sys
from collections import Counter
got_path, orig_path, first, t0, t1, t2, t3, scan = sys.argv[1:]
first = int(first)
try:
    got = json.load(open(got_path))
except Exception:
    print(f"{scan}: no output"); sys.exit(0)
orig = json.load(open(orig_path))
pages = (got.get("ocr") or {}).get("pages", [])

def on(span, page):
    p = (span or {}).get("page")
    return p is not None and p <= page <= (span.get("page_end") or p)

def paragraphs(doc):
    out = list(doc.get("preamble", []))
    def walk(s):
        for item in s.get("body", []):
            if "text" in item and "figures" in item or item.get("type") == "paragraph":
                out.append(item)
            elif isinstance(item, dict) and "Paragraph" in item:
                out.append(item["Paragraph"])
        for c in s.get("children", []):
            walk(c)
    for s in doc.get("sections", []):
        walk(s)
    return out

def headings(doc, page):
    out = []
    def walk(s):
        if on(s.get("location"), page):
            out.append("".join(s.get("title", "").split()))
        for c in s.get("children", []):
            walk(c)
    for s in doc.get("sections", []):
        walk(s)
    return out

def page_text(doc, page):
    s = "".join(p.get("text", "") for p in paragraphs(doc) if on(p.get("location"), page))
    for t in doc.get("tables", []):
        if not on(t.get("location"), page):
            continue
        for row in t.get("header", []) + t.get("rows", []):
            for c in row:
                if c.get("location") is None or on(c.get("location"), page):
                    s += c.get("text", "")
    return "".join(s.split())

def tables(doc, page):
    return [t for t in doc.get("tables", []) if on(t.get("location"), page)]

def numbers(ts, page):
    m = Counter()
    for t in ts:
        for row in t.get("rows", []):
            for c in row:
                if c.get("value") is not None and (c.get("location") is None or on(c.get("location"), page)):
                    m[c["text"].strip()] += 1
    return m

def f1(a, b):
    ga = Counter(zip(a, a[1:])); gb = Counter(zip(b, b[1:]))
    common = sum((ga & gb).values())
    if not common: return 0.0
    p, r = common / sum(ga.values()), common / sum(gb.values())
    return 2 * p * r / (p + r)

tot = Counter()
for p in pages:
    o = first + p - 1
    a, b = page_text(got, p), page_text(orig, o)
    tot["gram_common"] += sum((Counter(zip(a, a[1:])) & Counter(zip(b, b[1:]))).values())
    tot["gram_got"] += max(len(a) - 1, 0); tot["gram_want"] += max(len(b) - 1, 0)
    hw, hg = headings(orig, o), set(headings(got, p))
    tot["head_want"] += len(hw); tot["head_found"] += sum(1 for h in hw if h in hg)
    tw, tg = tables(orig, o), tables(got, p)
    tot["tab_want"] += len(tw); tot["tab_got"] += min(len(tg), len(tw))
    nw, ng = numbers(tw, o), numbers(tg, p)
    tot["num_want"] += sum(nw.values()); tot["num_right"] += sum((nw & ng).values())
orig_errors = {(f["check"], round(f["stated"], 2)) for f in orig.get("findings", []) if f["severity"] == "error"}
new_errors = [f for f in got.get("findings", []) if f["severity"] == "error"
              and (f["check"], round(f["stated"], 2)) not in orig_errors]
lowered = sum(1 for f in got.get("findings", []) if "read by OCR" in f.get("message", ""))
P = tot["gram_common"] / max(tot["gram_got"], 1); R = tot["gram_common"] / max(tot["gram_want"], 1)
F = 2 * P * R / (P + R) if P + R else 0.0
n = max(len(pages), 1)
ours = float(t1) - float(t0); alone = float(t3) - float(t2)
print(f"{scan}: {len(pages)} page(s) OCR'd, confidence {(got.get('ocr') or {}).get('confidence', 0):.2f}, "
      f"seal removed on {(got.get('ocr') or {}).get('seal_removed', [])}")
print(f"  bigram F1 {F:.3f}; headings {tot['head_found']}/{tot['head_want']}; tables {tot['tab_got']}/{tot['tab_want']}; "
      f"numeric cells right {tot['num_right']}/{tot['num_want']} ({100 * tot['num_right'] / max(tot['num_want'], 1):.0f}%)")
print(f"  errors the original does not have: {len(new_errors)}; findings lowered to warning (OCR): {lowered}")
for f in new_errors:
    print("    !", f["message"][:160])
print(f"  speed: jixiao {n / ours:.2f} pages/s ({ours:.1f} s), tesseract alone {n / alone:.2f} pages/s ({alone:.1f} s)")
EOF
done
