#!/usr/bin/env python3
"""How far `jixiao text` agrees with plain `pdftotext` on PDFs.

For each PDF: both texts with all whitespace removed, then the F1 score of
their character bigrams (multisets). Bigrams reward the same characters in
the same order locally without penalising a different order of whole
columns or blocks. Prints one line per file and the mean; exits 1 when the
mean is below --min (default 0.95) or a file fails to extract.

Usage:
  scripts/pdf-agreement.py [--bin target/release/jixiao] [--min 0.95] [PATH…]
PATHs are PDFs or directories (walked); default ../shared/realworld.
"""
import argparse
import collections
import os
import re
import subprocess
import sys


def squash(s):
    return re.sub(r"\s+", "", s)


def bigram_f1(a, b):
    A = collections.Counter(a[i:i + 2] for i in range(len(a) - 1))
    B = collections.Counter(b[i:i + 2] for i in range(len(b) - 1))
    if not A and not B:
        return 1.0
    common = sum((A & B).values())
    if common == 0:
        return 0.0
    p = common / sum(A.values())
    r = common / sum(B.values())
    return 2 * p * r / (p + r)


def pdfs(paths):
    for p in paths:
        if os.path.isdir(p):
            for d, _, names in sorted(os.walk(p)):
                for n in sorted(names):
                    if n.lower().endswith(".pdf"):
                        yield os.path.join(d, n)
        else:
            yield p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/jixiao")
    ap.add_argument("--min", type=float, default=0.95)
    ap.add_argument("paths", nargs="*", default=["../shared/realworld"])
    a = ap.parse_args()
    scores = []
    failed = []
    for f in pdfs(a.paths):
        ours = subprocess.run([a.bin, "text", f], capture_output=True)
        ref = subprocess.run(["pdftotext", f, "-"], capture_output=True)
        if ref.returncode != 0:
            print(f"skip  {f} (pdftotext failed)")
            continue
        if ours.returncode != 0:
            failed.append(f)
            err = ours.stderr.decode("utf-8", "replace").strip().splitlines()
            print(f"FAIL  {f}: {err[-1] if err else ours.returncode}")
            scores.append(0.0)
            continue
        s = bigram_f1(squash(ours.stdout.decode("utf-8", "replace")),
                      squash(ref.stdout.decode("utf-8", "replace")))
        scores.append(s)
        print(f"{s:.3f} {f}")
    if not scores:
        print("no PDFs found")
        return 0
    mean = sum(scores) / len(scores)
    print(f"mean bigram F1 {mean:.4f} over {len(scores)} files; {len(failed)} failed")
    return 0 if mean >= a.min and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
