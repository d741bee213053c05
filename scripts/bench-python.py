#!/usr/bin/env python3
"""Speed of the Python package on many documents: one at a time, through
extract_many (the crate's parallel batch) and through a thread pool calling
extract (which scales only because the GIL is released), against one
`jixiao extract` process per file.

    python scripts/bench-python.py [--repeat N] [--jobs N] [PATH...]

Default inputs: every file of fixtures/corpus, repeated (--repeat, default 6).
Needs the package installed (pip install ./python). A benchmark, not a test:
run it on an otherwise idle machine for numbers worth comparing.
"""
import argparse
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import jixiao

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu():
    """CPU seconds of this process and its children (threads included)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(label, fn, n, base=None):
    c0, t0 = cpu(), time.perf_counter()
    count = fn()
    dt, dc = time.perf_counter() - t0, cpu() - c0
    assert count == n, f"{label}: {count} results for {n} inputs"
    speed = f"{base / dt:5.2f}×" if base else "  1.00×"
    # CPU / wall above 1 means threads ran at once (the GIL was released),
    # whatever else the machine was doing.
    print(f"| {label:42} | {dt:7.2f} s | {dc:6.2f} s | {dc / dt:4.2f} | {n / dt:7.1f} | {speed} |",
          flush=True)
    return dt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=6)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--cli", default=os.path.join(ROOT, "target/release/jixiao"))
    ap.add_argument("paths", nargs="*")
    a = ap.parse_args()
    base = a.paths or sorted(os.path.join(ROOT, "fixtures/corpus", f)
                             for f in os.listdir(os.path.join(ROOT, "fixtures/corpus")))
    paths = base * a.repeat
    n = len(paths)
    mb = sum(os.path.getsize(p) for p in paths) / 1e6
    print(f"jixiao {jixiao.__version__}: {n} inputs ({mb:.1f} MB), {a.jobs} jobs, "
          f"{os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print(f"load average before: {os.getloadavg()[0]:.1f}\n")
    print("| how | wall | CPU | CPU/wall | docs/s | speed-up |")
    print("|---|---|---|---|---|---|")
    one = timed("extract, one after another", lambda: sum(1 for p in paths if jixiao.extract(p)), n)
    timed("extract_many(jobs=1)", lambda: sum(1 for _ in jixiao.extract_many(paths, jobs=1)), n, one)
    timed(f"extract_many(jobs={a.jobs})",
          lambda: sum(1 for _ in jixiao.extract_many(paths, jobs=a.jobs)), n, one)
    with ThreadPoolExecutor(a.jobs) as pool:
        timed(f"ThreadPoolExecutor({a.jobs}).map(extract)",
              lambda: sum(1 for _ in pool.map(jixiao.extract, paths)), n, one)
    if os.path.exists(a.cli):
        timed("one `jixiao extract` process per file",
              lambda: sum(1 for p in paths
                          if subprocess.run([a.cli, "extract", p], capture_output=True).stdout),
              n, one)


if __name__ == "__main__":
    main()
