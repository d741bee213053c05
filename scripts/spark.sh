#!/usr/bin/env bash
# Run jixiao as a mapper under Apache Spark (local mode) with RDD.pipe:
# each partition's input paths go to `jixiao extract --jsonl --stdin-paths`
# on stdin, and one JSON line per input comes back. The same command works
# as a Hadoop Streaming mapper.
#
#   scripts/spark.sh [PATH...]      (default: every file in fixtures/corpus)
#
# Installs PySpark from PyPI into a virtualenv (SPARK_VENV, default
# ~/.cache/jixiao-spark-venv) the first time; needs Java 17+ on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${SPARK_VENV:-$HOME/.cache/jixiao-spark-venv}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import pyspark' 2>/dev/null; then
    echo "== installing pyspark into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet pyspark
fi
command -v java >/dev/null || { echo "spark.sh: java not found (Spark needs Java 17+)" >&2; exit 2; }

BIN=${JIXIAO_BIN:-target/release/jixiao}
if [ ! -x "$BIN" ]; then
    cargo build --release --quiet
fi
BIN=$(realpath "$BIN")

if [ $# -gt 0 ]; then
    PATHS=("$@")
else
    PATHS=(fixtures/corpus/*)
fi
LIST=$(mktemp)
trap 'rm -f "$LIST"' EXIT
for p in "${PATHS[@]}"; do realpath "$p"; done >"$LIST"

echo "== $("$VENV/bin/python" -c 'import pyspark; print("pyspark", pyspark.__version__)'), $(java -version 2>&1 | head -1)" >&2
PYSPARK_PYTHON="$VENV/bin/python" "$VENV/bin/python" - "$BIN" "$LIST" <<'PY'
import json, shlex, sys, time
from pyspark import SparkConf, SparkContext

binary, listing = sys.argv[1], sys.argv[2]
paths = [l.strip() for l in open(listing, encoding="utf-8") if l.strip()]
conf = SparkConf().setMaster("local[2]").setAppName("jixiao-pipe").set("spark.ui.enabled", "false")
sc = SparkContext(conf=conf)
sc.setLogLevel("ERROR")
t0 = time.time()
# Two partitions: two jixiao processes, each reading its paths on stdin.
# Failed inputs give a JSON line too, so the exit status (1) is not an error here.
cmd = shlex.join([binary, "extract", "--jsonl", "--stdin-paths", "--jobs", "1"])
lines = sc.parallelize(paths, 2).pipe(cmd, checkCode=False).collect()
elapsed = time.time() - t0
sc.stop()

print(f"{len(paths)} input paths -> {len(lines)} JSON lines in {elapsed:.1f} s (Spark local[2], RDD.pipe)")
by_path = {}
for line in lines:
    doc = json.loads(line)
    src = doc.get("source", {})
    by_path[src.get("path")] = doc
    name = src.get("path", "?").rsplit("/", 1)[-1]
    if "error" in doc:
        print(f"  {name:40} {doc.get('status')}: {doc['error']}")
    else:
        errors = sum(1 for f in doc.get("findings", []) if f.get("severity") == "error")
        print(f"  {name:40} ok: {src.get('format')}, {len(doc.get('tables', []))} tables, "
              f"{errors} arithmetic errors, title {doc.get('title')!r}")
missing = [p for p in paths if p not in by_path]
print("every input has its line" if not missing and len(lines) == len(paths) else f"MISSING: {missing}")
sys.exit(0 if not missing and len(lines) == len(paths) else 1)
PY
