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
  tfw      table cells typed with full-width digits (科目编码 ２０７, １，２３４．５６, ６０％)
  wrap     prose lines hard-wrapped at 33 characters, as pdftotext and
           hard-wrapped text files give them (numbers cut across lines);
           lines move, so its errors are compared per check, not per line
A rewrite may lose a check (a rule that does not read the new form): that is
reported, not failed. Errors are compared per check and line.
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


def prose(f):
    return lambda t: "\n".join(l if "\t" in l else f(l) for l in t.split("\n"))


REWRITES = {
    "yi": prose(lambda l: WAN.sub(to_yi, l)),
    "fw": prose(lambda l: l.translate(str.maketrans("0123456789.%", "０１２３４５６７８９．％"))),
    "ascii": prose(lambda l: l.translate(str.maketrans("，；：（）", ",;:()"))),
    "nospace": prose(lambda l: re.sub(r"(\d)\s+(万元|亿元|元|%)", r"\1\2", l)),
    "semi": prose(lambda l: l.replace("；", "，")),
    "bizhong": prose(lambda l: re.sub(r"(占[^，；。]{2,20}?)的(\s*\d[\d.]*\s*%)", r"\1的比重为\2", l)),
    "qizhong": prose(lambda l: l.replace("其中：", "其中，")),
    "tfw": lambda t: "\n".join(
        l.translate(str.maketrans("0123456789.%", "０１２３４５６７８９．％")) if "\t" in l else l
        for l in t.split("\n")),
    "wrap": lambda t: "\n".join(wrapped(l, 33) for l in t.split("\n")),
}
# Rewrites that move lines: compared per check.
MOVES_LINES = {"wrap"}


def per_check(found):
    out = collections.Counter()
    for (check, _), n in found.items():
        out[(check, None)] += n
    return out


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
    binary, files = sys.argv[1], sys.argv[2:]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            try:
                text = open(path, encoding="utf-8").read()
            except UnicodeDecodeError:
                continue
            base, base_checks = errors(binary, path)
            for name, rewrite in REWRITES.items():
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
                failed += bool(new)
    print("%d rewrite(s) made a new error" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
