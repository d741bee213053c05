#!/usr/bin/env bash
# Run jixiao under Apache Spark (local mode), two ways:
#
#   scripts/spark.sh [PATH...]                 RDD.pipe: each partition's input
#       paths go to `jixiao extract --jsonl --stdin-paths` on stdin, one JSON
#       line per input comes back. The same command works as a Hadoop
#       Streaming mapper. Every worker must see the same filesystem.
#
#   scripts/spark.sh --binary-files [--out DIR] [--parquet DIR] [PATH...]
#       the cluster way: sc.binaryFiles ships the bytes, mapPartitions calls
#       jixiao.extract(bytes, name=path) in each worker's Python (the package
#       of python/), so the job never needs a shared filesystem (HDFS, S3 …
#       paths work as they are). --out writes the JSON lines (saveAsTextFile;
#       DIR must not exist yet),
#       --parquet every table cell in long format (jixiao.tables_frame) as a
#       Spark DataFrame. The same inputs are then run through the pipe variant
#       and the documents compared: the script fails unless they are equal.
#
# Default PATHs: every file in fixtures/corpus. Installs PySpark (and, for
# --binary-files, the jixiao package built from python/) into a virtualenv
# (SPARK_VENV, default ~/.cache/jixiao-spark-venv) the first time; needs
# Java 17+ on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=pipe OUT="" PARQUET=""
while [ $# -gt 0 ]; do
    case "$1" in
        --binary-files) MODE=binary; shift ;;
        --out) OUT=$(realpath -m "$2"); shift 2 ;;
        --parquet) PARQUET=$(realpath -m "$2"); shift 2 ;;
        --) shift; break ;;
        -*) echo "spark.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
if [ "$MODE" = pipe ] && { [ -n "$OUT" ] || [ -n "$PARQUET" ]; }; then
    echo "spark.sh: --out and --parquet go with --binary-files" >&2
    exit 2
fi

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
if [ "$MODE" = binary ]; then
    # The package from this checkout (an incremental build when nothing changed).
    echo "== installing the jixiao Python package from python/ into $VENV" >&2
    "$VENV/bin/pip" install --quiet ./python
    if [ -n "$PARQUET" ]; then
        "$VENV/bin/python" -c 'import pandas, pyarrow' 2>/dev/null ||
            "$VENV/bin/pip" install --quiet 'pandas<3' pyarrow   # PySpark 4.0 wants pandas 2
    fi
fi

if [ $# -gt 0 ]; then
    PATHS=("$@")
else
    PATHS=(fixtures/corpus/*)
fi
LIST=$(mktemp)
trap 'rm -f "$LIST"' EXIT
for p in "${PATHS[@]}"; do
    case "$p" in
        *://*) echo "$p" ;;            # hdfs://, s3a:// … (binary-files only)
        *) realpath "$p" ;;
    esac
done >"$LIST"

echo "== $("$VENV/bin/python" -c 'import pyspark; print("pyspark", pyspark.__version__)'), $(java -version 2>&1 | head -1)" >&2
PYSPARK_PYTHON="$VENV/bin/python" "$VENV/bin/python" - "$MODE" "$BIN" "$LIST" "$OUT" "$PARQUET" <<'PY'
import json, shlex, sys, time
from pyspark import SparkConf, SparkContext

mode, binary, listing, out, parquet = sys.argv[1:6]
paths = [l.strip() for l in open(listing, encoding="utf-8") if l.strip()]
conf = (SparkConf().setMaster("local[2]").setAppName(f"jixiao-{mode}")
        .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false"))
sc = SparkContext(conf=conf)
sc.setLogLevel("ERROR")


def pipe_lines():
    # Two partitions: two jixiao processes, each reading its paths on stdin.
    # Failed inputs give a JSON line too, so the exit status (1) is not an error here.
    cmd = shlex.join([binary, "extract", "--jsonl", "--stdin-paths", "--jobs", "1"])
    return sc.parallelize(paths, 2).pipe(cmd, checkCode=False)


def local_name(uri):
    """binaryFiles names local files file:/abs/path; the pipe variant (and
    the CLI) call them /abs/path. Other schemes keep their URI."""
    return uri[len("file:"):] if uri.startswith("file:/") else uri


def extract_partition(records):
    # Runs in the worker's Python: the native extension, no subprocess, no
    # shared filesystem — the bytes came with the record.
    import jixiao
    for uri, data in records:
        name = local_name(uri)
        try:
            doc = jixiao.extract(data, name=name)
        except jixiao.ExtractError as e:
            # The CLI's --jsonl line for an input that gave no document.
            doc = {"source": {"path": e.path}, "status": "failed", "error": e.reason}
        yield json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def cell_rows(lines):
    """Every table cell of a partition's documents (jixiao.tables_frame) as
    plain Python tuples in CELL_SCHEMA's order."""
    import jixiao
    docs = [json.loads(l) for l in lines]
    frame = jixiao.tables_frame([d for d in docs if "error" not in d])
    frame = frame.astype(object).where(frame.notna(), None)
    casts = [CAST[t] for _, t in CELL_TYPES]
    for rec in frame.itertuples(index=False, name=None):
        yield tuple(None if v is None else cast(v) for v, cast in zip(rec, casts))


# tables_frame's columns and their Spark types (an explicit schema: a column
# that is empty in every row, like page for text files, cannot be inferred).
CELL_TYPES = [("document", "string"), ("table", "long"), ("caption", "string"),
              ("row", "long"), ("column", "long"), ("column_title", "string"),
              ("label", "string"), ("text", "string"), ("value", "double"),
              ("unit", "string"), ("kind", "string"), ("value_yuan", "double"),
              ("merged", "boolean"), ("page", "long"), ("line", "long")]
CAST = {"string": str, "long": int, "double": float, "boolean": bool}


def binary_lines():
    # One RDD record per file: (URI, bytes). Spark reads each file where the
    # task runs, from any filesystem it knows.
    rdd = sc.binaryFiles(",".join(paths), minPartitions=2).mapPartitions(extract_partition)
    return rdd


def summarise(lines, how, elapsed):
    print(f"{len(paths)} input paths -> {len(lines)} JSON lines in {elapsed:.1f} s (Spark local[2], {how})")
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
    return by_path


status = 0
if mode == "pipe":
    t0 = time.time()
    lines = pipe_lines().collect()
    by_path = summarise(lines, "RDD.pipe", time.time() - t0)
else:
    t0 = time.time()
    rdd = binary_lines().cache()
    lines = rdd.collect()
    by_path = summarise(lines, "binaryFiles + mapPartitions(jixiao.extract)", time.time() - t0)
    if out:
        rdd.saveAsTextFile(out)
        print(f"JSON lines written to {out}/part-*")
    if parquet:
        from pyspark.sql import SparkSession
        spark = SparkSession(sc)
        schema = ", ".join(f"`{c}` {t}" for c, t in CELL_TYPES)
        df = spark.createDataFrame(rdd.mapPartitions(cell_rows), schema=schema)
        df.write.mode("overwrite").parquet(parquet)
        back = spark.read.parquet(parquet)
        print(f"{back.count()} table cells written to {parquet} (Parquet), "
              f"{back.filter(back.value.isNotNull()).count()} with a number")
    # The same inputs through the pipe variant: the documents must be equal.
    t0 = time.time()
    piped = {json.loads(l)["source"]["path"]: json.loads(l) for l in pipe_lines().collect()}
    same = sum(1 for p, d in by_path.items() if piped.get(p) == d)
    print(f"RDD.pipe on the same inputs ({time.time() - t0:.1f} s): "
          f"{same}/{len(paths)} documents identical to binaryFiles'")
    if same != len(paths) or len(piped) != len(paths):
        diff = sorted(set(piped) ^ set(by_path)) or [p for p in by_path if piped.get(p) != by_path[p]]
        print(f"DIFFERENT: {diff[:5]}")
        status = 1
sc.stop()

missing = [p for p in paths if p not in by_path]
ok = not missing and len(lines) == len(paths)
print("every input has its line" if ok else f"MISSING: {missing}")
sys.exit(0 if ok and status == 0 else 1)
PY
