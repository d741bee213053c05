#!/usr/bin/env python3
"""Compare `jixiao text` with plain `pdftotext` on real PDFs.

usage: compare-pdftotext.py [BIN] [DIR ...]
BIN defaults to target/release/jixiao, DIR to ../shared/realworld.
For every PDF under the directories: character-bigram F1 of the two texts with
all whitespace removed (multiset of bigrams). Prints one line per file and the
mean; a file jixiao fails on counts as F1 0 and is listed as a failure.
Exit status 1 when the mean is below 0.95 or any file failed.
"""
import collections
import os
import subprocess
import sys


def squeeze(s):
    return "".join(s.split())


def bigrams(s):
    return collections.Counter(s[i:i + 2] for i in range(len(s) - 1))


def f1(a, b):
    if not a and not b:
        return 1.0
    ga, gb = bigrams(a), bigrams(b)
    common = sum((ga & gb).values())
    if common == 0:
        return 0.0
    p = common / max(1, sum(ga.values()))
    r = common / max(1, sum(gb.values()))
    return 2 * p * r / (p + r)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def main():
    args = sys.argv[1:]
    binary = "target/release/jixiao"
    if args and not os.path.isdir(args[0]):
        binary = args.pop(0)
    dirs = args or ["../shared/realworld"]
    files = []
    for d in dirs:
        for root, _, names in os.walk(d):
            files += [os.path.join(root, n) for n in names if n.lower().endswith(".pdf")]
    files.sort()
    if not files:
        print("no PDFs found under", " ".join(dirs))
        return 0
    scores, failures = [], []
    for f in files:
        rc, ref, _ = run(["pdftotext", "-enc", "UTF-8", f, "-"])
        ref = squeeze(ref) if rc == 0 else ""
        rc, out, err = run([binary, "text", f])
        if rc != 0:
            no_text = not ref
            if no_text:
                # Nothing to compare: pdftotext finds no text either.
                print(f"  n/a   {f}  (no text layer; jixiao: {err.strip()[:80]})")
                continue
            failures.append(f)
            scores.append(0.0)
            print(f"FAIL 0.000 {f}  ({err.strip()[:120]})")
            continue
        s = f1(squeeze(out), ref)
        scores.append(s)
        print(f"{'ok  ' if s >= 0.95 else 'LOW '} {s:.3f} {f}  ({len(squeeze(out))} vs {len(ref)} chars)")
    mean = sum(scores) / len(scores) if scores else 1.0
    print(f"mean F1 {mean:.4f} over {len(scores)} files; failures: {len(failures)}")
    return 0 if mean >= 0.95 and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
