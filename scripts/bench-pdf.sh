#!/usr/bin/env bash
# Pages per second of the full `jixiao extract` (open, decode, layout,
# structure, figures, audit, JSON) on the PDF fixtures, side by side with
# `pdftotext -layout` on the same files in the same run, and the ratio
# (target: ≥ 1, i.e. full extraction at least as fast as pdftotext).
#
# Usage: [JIXIAO=BIN] scripts/bench-pdf.sh [ROUNDS] [PDF…]
#   ROUNDS  times each file is processed by each tool (default 5)
#   PDF…    files to time (default fixtures/corpus/*.pdf fixtures/pdf/*.pdf but
#           the one that needs a password)
# Builds the release binary if needed. Each file is one process start per
# round for both tools, as a user would run them. Single-threaded (--jobs 1).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
shift || true
if [ $# -gt 0 ]; then
  files=("$@")
else
  files=()
  for f in fixtures/corpus/*.pdf fixtures/pdf/*.pdf; do
    case "$f" in *.userpw.pdf) ;; *) files+=("$f") ;; esac  # needs a password
  done
fi
command -v pdftotext >/dev/null || { echo "bench-pdf: pdftotext missing (scripts/install-test-deps.sh)" >&2; exit 2; }
command -v pdfinfo >/dev/null || { echo "bench-pdf: pdfinfo missing (poppler-utils)" >&2; exit 2; }
# JIXIAO=path/to/binary times that binary as is; otherwise the release build
# (under $CARGO_TARGET_DIR or target/), rebuilt when the sources are newer.
if [ -n "${JIXIAO:-}" ]; then
  bin=$JIXIAO
else
  bin=${CARGO_TARGET_DIR:-target}/release/jixiao
  [ -x "$bin" ] && [ -z "$(find src Cargo.toml -newer "$bin" -print -quit)" ] || cargo build --release -q
fi

now() { date +%s.%N; }
pages_total=0
t_ours=0
t_poppler=0
printf '%-52s %5s %12s %12s %7s\n' file pages "jixiao p/s" "pdftotext p/s" ratio
for f in "${files[@]}"; do
  pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  [ -n "$pages" ] || { echo "skip $f (pdfinfo failed)"; continue; }
  # Warm the page cache once for both.
  "$bin" extract "$f" --jobs 1 >/dev/null 2>&1 || true
  pdftotext -layout "$f" - >/dev/null 2>&1 || true
  a=$(now)
  for _ in $(seq "$rounds"); do "$bin" extract "$f" --jobs 1 >/dev/null 2>&1 || true; done
  b=$(now)
  for _ in $(seq "$rounds"); do pdftotext -layout "$f" - >/dev/null 2>&1 || true; done
  c=$(now)
  ours=$(echo "$b - $a" | bc -l)
  poppler=$(echo "$c - $b" | bc -l)
  n=$((pages * rounds))
  printf '%-52s %5d %12.1f %12.1f %7.2f\n' "$(basename "$f")" "$pages" \
    "$(echo "$n / $ours" | bc -l)" "$(echo "$n / $poppler" | bc -l)" "$(echo "$poppler / $ours" | bc -l)"
  pages_total=$((pages_total + n))
  t_ours=$(echo "$t_ours + $ours" | bc -l)
  t_poppler=$(echo "$t_poppler + $poppler" | bc -l)
done
printf '%-52s %5d %12.1f %12.1f %7.2f\n' TOTAL "$((pages_total / rounds))" \
  "$(echo "$pages_total / $t_ours" | bc -l)" "$(echo "$pages_total / $t_poppler" | bc -l)" \
  "$(echo "$t_poppler / $t_ours" | bc -l)"
echo "ratio = pdftotext time / jixiao time (≥ 1: jixiao's full extraction is at least as fast)"
