#!/usr/bin/env python3
"""Recall of the audit on real layouts: plant one defect at a time in a
document's tables and see whether `jixiao check` reports it.

    scripts/plant.py BIN FILE...        (PDF, DOCX, text: anything jixiao reads)
    scripts/plant.py --list BIN FILE... (also every planted defect not found as an error)

Each input is turned into text with `BIN text` (tables as tab-separated rows,
which jixiao reads back as the same tables: tests/disclosure.rs checks that
for the disclosures). Then, for every amount in a table (a number written with
decimals or thousands separators, not 0: codes and counts are left alone),
one copy of the text has that amount raised by 10 in its own unit, and is
checked. The planted defect is
  found    when the copy has an `error` the original has not,
  warned   when it only has a new `warning`,
  missed   when nothing changes.
An amount that takes part in no relation (a table of one number, a column
nothing adds up) is rightly missed, so recall below 100 % is expected; what
the list is for is the misses and warnings in tables whose numbers do relate.

This is the real-file counterpart of tests/mutation.rs (which plants one digit
in the model of each layout fixture, with the relations written down). It
runs `check` once per amount: about a minute per 500 amounts per core.
"""
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$")


def findings(binary, text):
    """(severity, check) -> count for a text, or None when the check failed."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(text)
        path = f.name
    try:
        r = subprocess.run([binary, "check", "--json", "--all", path], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            return None
        out = collections.Counter()
        for line in r.stdout.splitlines():
            f = json.loads(line)["finding"]
            out[(f["severity"], f["check"])] += 1
        return out
    finally:
        os.unlink(path)


def sites(lines):
    """(line, cell) of every amount in a table row."""
    for i, line in enumerate(lines):
        if "\t" not in line:
            continue
        for j, cell in enumerate(line.split("\t")):
            s = cell.strip()
            if AMOUNT.match(s) and float(s.replace(",", "")) != 0:
                yield i, j


def planted(lines, i, j):
    cells = lines[i].split("\t")
    s = cells[j].strip()
    decimals = len(s.split(".")[1]) if "." in s else 0
    v = float(s.replace(",", "")) + 10
    new = f"{v:,.{decimals}f}" if "," in s else f"{v:.{decimals}f}"
    cells[j] = cells[j].replace(s, new)
    copy = list(lines)
    copy[i] = "\t".join(cells)
    return "\n".join(copy)


def main():
    args = sys.argv[1:]
    show = "--list" in args
    args = [a for a in args if a != "--list"]
    if len(args) < 2:
        sys.exit(__doc__)
    binary, inputs = args[0], args[1:]
    jobs = os.cpu_count() or 1
    total = collections.Counter()
    for path in inputs:
        r = subprocess.run([binary, "text", path], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"{path}: cannot read: {r.stderr.strip()}")
            continue
        lines = r.stdout.split("\n")
        base = findings(binary, r.stdout)
        if base is None:
            print(f"{path}: check failed on its own text")
            continue
        todo = list(sites(lines))

        def one(site):
            got = findings(binary, planted(lines, *site))
            if got is None:
                return site, "failed", []
            new = got - base
            errors = [k for k in new if k[0] == "error"]
            if errors:
                return site, "found", errors
            return site, ("warned" if new else "missed"), list(new)

        with ThreadPoolExecutor(jobs) as pool:
            results = list(pool.map(one, todo))
        count = collections.Counter(kind for _, kind, _ in results)
        total.update(count)
        n = len(results)
        rate = 100 * count["found"] / n if n else 100.0
        print(f"{os.path.basename(path)}: {n} amounts, found {count['found']} ({rate:.1f} %), "
              f"warned {count['warned']}, missed {count['missed']}, failed {count['failed']}")
        if show:
            for (i, j), kind, checks in results:
                if kind != "found":
                    cells = "|".join(c.strip() for c in lines[i].split("\t"))
                    print(f"  {kind:7} line {i + 1} cell {j + 1}: {cells[:100]}  {checks}")
    n = sum(total.values())
    if n:
        print(f"all: {n} amounts, found {total['found']} ({100 * total['found'] / n:.1f} %), "
              f"warned {total['warned']}, missed {total['missed']}, failed {total['failed']}")
    sys.exit(1 if total["failed"] else 0)


if __name__ == "__main__":
    main()
