#!/usr/bin/env python3
"""Probe the audit for false alarms: rewrite texts without changing what they
say, and fail when a rewrite makes `jixiao check` report an error the
original does not have.

    scripts/probe.py BIN FILE.txt...      (UTF-8 texts; others are skipped)

The rewrites keep every line where it is and change only prose lines (a line
with a tab is a table row, left alone):
  yi       an amount in 万元 written in 亿元 at the same precision
           (1,234.56 万元 -> 0.123456 亿元)
  fw       digits, '.' and '%' typed full-width (２０２３年, ３．５％)
  ascii    full-width punctuation typed half-width (，；：（） -> , ; : ( ))
  nospace  no space between a number and its unit (12.5 万元 -> 12.5万元)
  semi     list items joined by '，' instead of '；'
  bizhong  a share written "占…的比重为 y%" instead of "占…的 y%"
  qizhong  a list opened by "其中，" instead of "其中："
  baokuo   a list opened by "主要包括：" instead of "其中："
  bi       "与上年相比，" / "与2023年度相比，" written "比上年" / "比2023年度"
  tongbi   the same written "同比"
  rate     "完成年初预算的 r%" written "决算数为年初预算数的 r%"
  tfw      table cells typed with full-width digits (科目编码 ２０７, １，２３４．５６, ６０％)
  wrap     prose lines hard-wrapped at 33 characters, as pdftotext and
           hard-wrapped text files give them (numbers cut across lines);
           lines move, so its errors are compared per check, not per line
  indent   the same wrap with each paragraph opening on "　　" and no blank
           lines, as Word's "save as text, insert line breaks" writes it
and table cells and captions, as other publishers print the same tables:
  dash     a zero cell printed "-" (a source the department does not have)
  zengfu   a change "增长 12.5%" / "下降 3%" written "增幅为12.5%" / "降幅为3%"
  cnyear   years in prose written in Chinese numerals (二〇二三年)
  wan      万元 in prose written 万 ("预算300万", "其中A 100万")
  nosep    no thousands separators (1,234.56 -> 1234.56), prose and cells
  sep      thousands separators on amounts in cells (1234.56 -> 1,234.56)
  capunit  the unit line put in the caption's brackets
           ("收支预算总表（单位：万元）"; lines move)
  split    each long table split in the middle as a page break splits it,
           its caption, unit line and header rows printed again (lines move)
  spaced   "合 计", "小 计", "总 计" in cells
  titles   column titles letter-spaced ("期 末 余 额"), as justified PDF
           header cells print them
  pad      table cells padded with spaces
  neg      a negative amount in a cell printed in brackets, "(126.45)"
  klx      科目编码 printed as three columns 类 | 款 | 项, each row's whole
           code ("201" | "01" | "01")
  klxpart  the same, each row only its own part ("" | "" | "01")
  totlast  the 合计 row printed last rather than first, at the end of the
           table's last part (lines move)
  totcol   the 合计 column printed after the columns it adds up
  nocode   the code column left out, items indented "　" per level (their
           nesting left to the amounts; checks that need codes are lost)
  unitrow  the unit line printed as the table's first row, in its last cell
  filldown a merged label cell printed again in every row it spans (the
           first two columns; not in a total's row)
  index    a 序号 column before each list table: 1, 2, 3 … down its body
           rows, not its totals, going on across a split table's parts
and score sheets, as other templates title and write them:
  stitles  the columns 分值 and 得分 titled 标准分 and 评分
  wspaced  a group's weight written "产出指标 50分" for "产出指标（50分）"
  wnamed   the same written "产出指标（权重50分）"
  zongfen  a score table's total row named 总分 for 合计, and 合计 for 总分
  spacer   an empty column after each table's first (a PDF's spacer, a Word
           table's gutter)
  qzrow    "其中：" on a row of its own above the first part
and financial statements:
  nocolon  a block's opener printed without its colon ("流动资产：" -> "流动资产")
  sides    资产总计 and 负债和…总计 named 合计
PROBE_ONLY=name,name runs only those rewrites.
A rewrite may lose a check (a rule that does not read the new form): that is
reported ("lost"), not failed. Errors are compared per check and line.
tests/invariance.rs asserts the table rewrites on the fixtures and the real
budget files, warnings and checks run included.
"""
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

WAN = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(\s*)万元")


def to_yi(m):
    t = m.group(1).replace(",", "")
    d = len(t.split(".")[1]) if "." in t else 0
    return "%.*f%s亿元" % (d + 4, float(t) / 10000, m.group(2))


CN_DIGITS = "〇一二三四五六七八九"


def cn_year(m):
    return "".join(CN_DIGITS[int(c)] for c in m.group(1)) + "年"


def prose(f):
    return lambda t: "\n".join(l if "\t" in l else f(l) for l in t.split("\n"))


def cells(f):
    """Rewrite every cell of every tab-separated line."""
    return lambda t: "\n".join("\t".join(f(c) for c in l.split("\t")) if "\t" in l else l
                                for l in t.split("\n"))


def qizhong_own_row(line):
    """A table row "其中：X | n" printed as "其中： | " then "X | n"."""
    if "\t" not in line:
        return line
    cells = line.split("\t")
    m = re.match(r"^(\s*)其中：(\S.*)$", cells[0])
    if not m:
        return line
    return "\t".join([m.group(1) + "其中："] + [""] * (len(cells) - 1)) + "\n" + \
        "\t".join([m.group(1) + m.group(2)] + cells[1:])


def cells_rows(f):
    """Rewrite every tab-separated line as a list of cells."""
    return lambda t: "\n".join("\t".join(f(l.split("\t"))) if "\t" in l else l
                                for l in t.split("\n"))


DECIMAL = re.compile(r"^(\s*-?)(\d{4,})(\.\d+\s*)$")
# A unit line: group 1 the line ("金额单位：万元"), group 2 the unit.
UNIT_LINE = re.compile(r"^\s*((?:金额)?单位[：:]\s*(万元|元|亿元|千元))\s*$")


def unit_in_caption(text):
    out = []
    for line in text.split("\n"):
        m = UNIT_LINE.match(line)
        if m:
            j = len(out) - 1
            while j >= 0 and not out[j].strip():
                j -= 1
            if j >= 0 and "\t" not in out[j] and out[j].strip().endswith("表"):
                out[j] = out[j].rstrip() + "（单位：" + m.group(2) + "）"
                continue
        out.append(line)
    return "\n".join(out)


def split_tables(text):
    """Split each long table (six rows or more, one line each, with a
    caption) in the middle: a blank line, the caption, unit and header lines
    again, then the rest of its rows."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(text)
        path = f.name
    try:
        r = subprocess.run([BINARY, "extract", path], capture_output=True, text=True)
    finally:
        os.unlink(path)
    if r.returncode != 0:
        return text
    lines = text.split("\n")
    inserts = {}
    for t in json.loads(r.stdout)["tables"]:
        rows, start = t["rows"], t["location"].get("line")
        if len(rows) < 6 or t.get("parts") or not t.get("caption") or start is None:
            continue
        at = [(row[0].get("location") or {}).get("line") for row in rows]
        if None in at or at != list(range(at[0], at[0] + len(at))):
            continue
        if not all("\t" in h for h in lines[start - 1:at[0] - 1]) or at[0] <= start:
            continue
        cap = next((i for i in range(start - 2, max(start - 8, -1), -1)
                    if lines[i].strip() == t["caption"].strip()), None)
        if cap is not None:
            inserts[at[len(rows) // 2] - 1] = [""] + lines[cap:at[0] - 1]
    out = []
    for i, line in enumerate(lines):
        out.extend(inserts.get(i, []))
        out.append(line)
    return "\n".join(out)


def blocks(lines):
    """The runs of tab-separated lines: (start, end)."""
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            j = i
            while j < len(lines) and "\t" in lines[j]:
                j += 1
            yield i, j
            i = j
        else:
            i += 1


CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


def code_column(rows):
    """(header row, column) of a code column titled "…编码" holding 款 or
    项 codes, in a table that does not print 类 | 款 | 项 already."""
    for k, r in enumerate(rows[:4]):
        for c, cell in enumerate(r):
            if "编码" in cell and len(cell.strip()) <= 10:
                if any(x.strip() == "类" for rr in rows[:4] for x in rr):
                    return None
                if any(len(rr) > c and CODE.match(rr[c].strip()) and len(rr[c].strip()) > 3
                       for rr in rows[k + 1:]):
                    return k, c
                return None
    return None


def with_code_tables(text, rewrite):
    """Rewrite the rows of each table that has a code column: rewrite(rows,
    header row, column)."""
    lines = text.split("\n")
    for a, b in list(blocks(lines)):
        rows = [l.split("\t") for l in lines[a:b]]
        found = code_column(rows)
        if found:
            rewrite(rows, *found)
            lines[a:b] = ["\t".join(r) for r in rows]
    return "\n".join(lines)


def codes_in_three_columns(text, whole):
    def rewrite(rows, hdr, col):
        for k, r in enumerate(rows):
            if len(r) <= col:
                continue
            v = r[col].strip()
            if k == hdr:
                new = ["类", "款", "项"]
            elif k > hdr and CODE.match(v):
                parts = [v[:3], v[3:5], v[5:7]]
                own = (len(v) - 3) // 2
                new = [p if whole or j == own else "" for j, p in enumerate(parts)]
            else:
                new = [r[col], "", ""]
            r[col:col + 1] = new
    return with_code_tables(text, rewrite)


def names_without_codes(text):
    def rewrite(rows, hdr, col):
        for k, r in enumerate(rows):
            if len(r) <= col + 1:
                continue
            v = r[col].strip()
            if k > hdr and CODE.match(v):
                r[col + 1] = "\u3000" * ((len(v) - 3) // 2) + r[col + 1].strip()
            elif k > hdr and v and not r[col + 1].strip():
                r[col + 1] = r[col]
            del r[col]
    return with_code_tables(text, rewrite)


def total_row_last(text):
    lines = text.split("\n")
    done = 0
    while True:
        bl = list(blocks(lines))
        for n in range(done, len(bl)):
            a, b = bl[n]
            done = n + 1
            k = next((k for k in range(1, min(b - a, 5))
                      if [c for c in lines[a + k].split("\t") if c.strip()][:1] in (["合计"], ["总计"])), None)
            if k is None or a + k + 1 >= b or not any(CODE.match(c.strip()) for c in lines[a + k + 1].split("\t")):
                continue
            last = b
            for na, nb in bl[n + 1:]:
                between = [l for l in lines[last:na] if l.strip()]
                if lines[na] != lines[a] or len(between) > 3 or any(len(l) >= 40 for l in between):
                    break
                last = nb
            lines.insert(last - 1, lines.pop(a + k))
            break
        else:
            return "\n".join(lines)


AMOUNT = re.compile(r"^\s*(-?[\d,]+\.\d{2})?\s*$")


def total_column_last(text):
    lines = text.split("\n")
    for a, b in list(blocks(lines)):
        rows = [l.split("\t") for l in lines[a:b]]
        for k, r in enumerate(rows[:4]):
            cs = [c for c, x in enumerate(r) if x.strip().endswith("合计") and len(x.strip()) <= 8]
            if not cs:
                continue
            c, width, body = cs[0], len(r), rows[k + 1:]
            if (sum(1 for x in r[c + 1:] if x.strip()) >= 2 and body
                    and all(len(x) == width and AMOUNT.match(x[c]) for x in body)
                    and any(x[c].strip() for x in body)
                    and all(len(x) != width for x in rows[:k])):
                for x in rows[k:]:
                    x.append(x.pop(c))
                lines[a:b] = ["\t".join(x) for x in rows]
            break
    return "\n".join(lines)


NUMBER = re.compile(r"^\s*(?:[-—]?[\d,]+(?:\.\d+)?%?|[-—/])\s*$")
TOTAL = re.compile(r"合\s*计|总\s*计|小\s*计")


def index_column(text):
    lines = text.split("\n")
    n, prev = 0, None
    for a, b in list(blocks(lines)):
        rows = [l.split("\t") for l in lines[a:b]]
        if any(w in c for r in rows[:3] for c in r for w in ("序号", "行次", "栏次", "编号")):
            continue
        body = next((k for k, r in enumerate(rows) if any(c.strip() and NUMBER.match(c) for c in r)), None)
        if not body or len(rows[0]) < 2 or not rows[0][0].strip() or not rows[0][1].strip():
            continue
        continued = rows[0] == prev
        if not continued:
            n = 0
        prev, first = list(rows[0]), n
        for k, r in enumerate(rows):
            numbered = (k >= body and not any(TOTAL.search(c) for c in r)
                        and any(c.strip() and NUMBER.match(c) for c in r[1:]))
            if k == 0:
                r.insert(0, "序号")
            elif numbered:
                n += 1
                r.insert(0, str(n))
            else:
                r.insert(0, "")
        if not continued and n - first < 2:
            n, prev = first, None
            continue
        lines[a:b] = ["\t".join(r) for r in rows]
    return "\n".join(lines)


def unit_in_first_row(text):
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        m = UNIT_LINE.match(lines[i])
        if m:
            j = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
            if j is not None and "\t" in lines[j]:
                out.extend(lines[i + 1:j])
                out.append("\t" * (len(lines[j].split("\t")) - 1) + m.group(1))
                i = j
                continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def labels_filled_down(text):
    lines = text.split("\n")
    for a, b in list(blocks(lines)):
        rows = [l.split("\t") for l in lines[a:b]]
        width = max(len(r) for r in rows)
        body = next((k for k, r in enumerate(rows) if any(re.fullmatch(r"\s*-?[\d,]+(\.\d+)?%?\s*", c) for c in r)), None)
        if body is None or len(rows) < 4:
            continue
        for c in range(min(2, width - 1)):
            cells = [r[c] if len(r) > c else "" for r in rows[body:]]
            filled = [x for x in cells if x.strip()]
            if not filled or len(filled) == len(cells) or any(
                    re.fullmatch(r"\s*[-\d,.%]+\s*", x) or TOTAL.search(x) for x in filled):
                continue
            above = None
            for r in rows[body:]:
                if len(r) <= c:
                    continue
                if r[c].strip():
                    above = r[c]
                elif above is not None and any(x.strip() for x in r[c + 1:]) and not any(TOTAL.search(x) for x in r):
                    r[c] = above
        lines[a:b] = ["\t".join(r) for r in rows]
    return "\n".join(lines)


def letter_spaced_titles(text):
    lines = text.split("\n")
    for a, b in list(blocks(lines)):
        rows = [l.split("\t") for l in lines[a:b]]
        body = next((k for k, r in enumerate(rows) if any(re.fullmatch(r"\s*-?[\d,]+(\.\d+)?%?\s*", c) for c in r)), None)
        if body is None:
            continue
        for r in rows[:min(body, 3)]:
            for i, c in enumerate(r):
                t = "".join(c.split())
                if 2 <= len(t) <= 16 and all("\u4e00" <= ch <= "\u9fff" or ch in "（）()、/：:“”" for ch in t):
                    r[i] = " ".join(t)
        lines[a:b] = ["\t".join(r) for r in rows]
    return "\n".join(lines)


def score_total_renamed(text):
    lines = text.split("\n")
    for a, b in list(blocks(lines)):
        if not any(c.strip() in ("分值", "权重", "得分") for l in lines[a:min(b, a + 3)] for c in l.split("\t")):
            continue
        for k in range(a, b):
            first, _, rest = lines[k].partition("\t")
            swap = {"合计": "总分", "总分": "合计"}.get(first.strip())
            if swap:
                lines[k] = swap + "\t" + rest
    return "\n".join(lines)


def tika(text):
    """The Tika layout (one cell per line, each row's cells opening on a
    tab): its tables are not tab-separated rows."""
    return any(l.startswith("\t") for l in text.split("\n"))


def table_layout(rewrite):
    """A rewrite of tab-separated tables, left out on the Tika layout."""
    return lambda text: text if tika(text) else rewrite(text)


REWRITES = {
    "yi": prose(lambda l: WAN.sub(to_yi, l)),
    "zengfu": prose(lambda l: re.sub(r"(?:增长|增加|上升)(?:了)?\s*(\d[\d.]*\s*[%％])", r"增幅为\1",
                                     re.sub(r"(?:下降|减少|降低)(?:了)?\s*(\d[\d.]*\s*[%％])", r"降幅为\1", l))),
    "cnyear": prose(lambda l: re.sub(r"(?<!\d)((?:19|20)\d\d)年", cn_year, l)),
    "wan": prose(lambda l: WAN.sub(lambda m: m.group(1) + m.group(2) + "万", l)),
    "fw": prose(lambda l: l.translate(str.maketrans("0123456789.%", "０１２３４５６７８９．％"))),
    "ascii": prose(lambda l: l.translate(str.maketrans("，；：（）", ",;:()"))),
    "nospace": prose(lambda l: re.sub(r"(\d)\s+(万元|亿元|元|%)", r"\1\2", l)),
    "semi": prose(lambda l: l.replace("；", "，")),
    "bizhong": prose(lambda l: re.sub(r"(占[^，；。]{2,20}?)的(\s*\d[\d.]*\s*%)", r"\1的比重为\2", l)),
    "qizhong": prose(lambda l: l.replace("其中：", "其中，")),
    "baokuo": prose(lambda l: l.replace("其中：", "主要包括：")),
    "bi": prose(lambda l: re.sub(r"与(上年|\d{4}年度?)相比，?", r"比\1", l)),
    "rate": prose(lambda l: re.sub(r"完成(年初|全年)?预算的\s*(\d)", r"决算数为\1预算数的\2", l)),
    "tongbi": prose(lambda l: re.sub(r"与(上年|\d{4}年度?)相比，?", "同比", l)),
    "tfw": lambda t: "\n".join(
        l.translate(str.maketrans("0123456789.%", "０１２３４５６７８９．％")) if "\t" in l else l
        for l in t.split("\n")),
    "wrap": lambda t: "\n".join(wrapped(l, 33) for l in t.split("\n")),
    "indent": lambda t: indented(t, 33),
    "dash": cells(lambda c: "-" if re.fullmatch(r"\s*0(\.0+)?\s*", c) else c),
    "nosep": lambda t: re.sub(r"(?<=\d),(?=\d{3})", "", t),
    "sep": cells(lambda c: DECIMAL.sub(lambda m: f"{m.group(1)}{int(m.group(2)):,}{m.group(3)}", c)),
    "capunit": lambda t: unit_in_caption(t),
    "split": lambda t: split_tables(t),
    "spaced": cells(lambda c: c.strip()[0] + " " + c.strip()[1]
                    if c.strip() in ("合计", "小计", "总计") else c),
    "pad": cells(lambda c: " %s " % c if c.strip() else c),
    "neg": cells(lambda c: re.sub(r"^(\s*)-(\d[\d,]*(?:\.\d+)?)(\s*)$", r"\1(\2)\3", c)),
    "klx": table_layout(lambda t: codes_in_three_columns(t, True)),
    "klxpart": table_layout(lambda t: codes_in_three_columns(t, False)),
    "totlast": table_layout(total_row_last),
    "totcol": table_layout(total_column_last),
    "nocode": table_layout(names_without_codes),
    "index": table_layout(index_column),
    "unitrow": table_layout(unit_in_first_row),
    "filldown": table_layout(labels_filled_down),
    "titles": table_layout(letter_spaced_titles),
    "stitles": cells(lambda c: {"分值": "标准分", "得分": "评分"}.get(c.strip(), c)),
    "wspaced": lambda t: re.sub(r"（(\d+(?:\.\d+)?)分）", r" \1分", t),
    "wnamed": lambda t: re.sub(r"（(\d+(?:\.\d+)?)分）", r"（权重\1分）", t),
    "zongfen": table_layout(score_total_renamed),
    "nocolon": cells_rows(lambda r: [r[0].rstrip().rstrip("：:")] + r[1:]
                          if r[0].rstrip().endswith(("：", ":")) and not "".join(r[1:]).strip() else r),
    "qzrow": lambda t: "\n".join(qizhong_own_row(l) for l in t.split("\n")),
    "sides": lambda t: t.replace("资产总计", "资产合计"),
    "spacer": table_layout(lambda t: "\n".join(l.replace("\t", "\t\t", 1) for l in t.split("\n"))),
}
# Rewrites that move lines: compared per check.
MOVES_LINES = {"wrap", "indent", "capunit", "split", "totlast", "qzrow"}
# The binary, for the rewrites that need the table layout.
BINARY = None
# PROBE_ONLY=wan,yi runs only those rewrites.
ONLY = set(filter(None, os.environ.get("PROBE_ONLY", "").split(",")))


def per_check(found):
    out = collections.Counter()
    for (check, _), n in found.items():
        out[(check, None)] += n
    return out


def indented(text, width):
    if tika(text):
        return text  # the Tika layout: its blank lines end table rows
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            out.append(line)
        elif line.strip():
            body = "\u3000\u3000" + line.strip()
            out.extend(body[i:i + width] for i in range(0, len(body), width))
    return "\n".join(out)


def wrapped(line, width):
    if "\t" in line or len(line) < width + 10:
        return line
    return "\n".join(line[i:i + width] for i in range(0, len(line), width))


def errors(binary, path):
    r = subprocess.run([binary, "check", "--json", "--all", path], capture_output=True, text=True)
    found, checks = collections.Counter(), 0
    if r.returncode not in (0, 1):
        # The document failed (a crash is caught and reported as a failure):
        # counted as an error of its own, so that a rewrite that crashes fails.
        found[("document failed: " + r.stderr.strip().splitlines()[-1][:200], None)] += 1
    for line in r.stdout.splitlines():
        try:
            f = json.loads(line)["finding"]
        except (ValueError, KeyError):
            continue
        if f.get("severity") == "error":
            loc = f.get("location", {})
            found[(f["check"], loc.get("source", {}).get("line"))] += 1
    m = re.search(r"(\d+) checks", subprocess.run(
        [binary, "check", path], capture_output=True, text=True).stdout)
    if m:
        checks = int(m.group(1))
    return found, checks


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    global BINARY
    binary, files = sys.argv[1], sys.argv[2:]
    BINARY = binary
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            try:
                text = open(path, encoding="utf-8").read()
            except UnicodeDecodeError:
                continue
            base, base_checks = errors(binary, path)
            for name, rewrite in REWRITES.items():
                if ONLY and name not in ONLY:
                    continue
                out = os.path.join(tmp, "%s.%s.txt" % (os.path.basename(path), name))
                with open(out, "w", encoding="utf-8") as fh:
                    fh.write(rewrite(text))
                got, checks = errors(binary, out)
                if name in MOVES_LINES:
                    new = per_check(got) - per_check(base)
                else:
                    new = got - base
                status = "NEW ERROR" if new else "ok"
                print("%-55s %-8s errors %d -> %d, checks %d -> %d  %s" % (
                    os.path.basename(path), name, sum(base.values()), sum(got.values()),
                    base_checks, checks, status))
                for (check, line), n in sorted(new.items(), key=str):
                    print("    new: %s at line %s (x%d)" % (check, line, n))
                lost = per_check(base) - per_check(got)
                for (check, _), n in sorted(lost.items(), key=str):
                    print("    lost: %s (x%d)" % (check, n))
                failed += bool(new)
    print("%d rewrite(s) made a new error" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
