#!/usr/bin/env bash
# DOCX throughput: `jixiao extract` on fixtures/corpus/*.docx side by side with
# `pandoc -t plain` on the same files, in the same run. Installs pandoc from
# Debian's packages when missing. Usage: scripts/bench-docx.sh [ROUNDS]
# (JIXIAO_BIN=path/to/jixiao to time another build; default: a fresh release build).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
if ! command -v pandoc >/dev/null; then
  echo "pandoc missing: installing it (apt-get install -y pandoc)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y pandoc >/dev/null; else sudo apt-get install -y pandoc >/dev/null; fi
fi
bin="${JIXIAO_BIN:-target/release/jixiao}"
if [ -z "${JIXIAO_BIN:-}" ]; then cargo build --release --quiet; fi
shopt -s nullglob
docs=(fixtures/corpus/*.docx)
[ ${#docs[@]} -gt 0 ] || { echo "no .docx in fixtures/corpus" >&2; exit 1; }
n=$(( ${#docs[@]} * rounds ))

run() { # label, command prefix...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  for _ in $(seq "$rounds"); do
    for d in "${docs[@]}"; do "$@" "$d" >/dev/null; done
  done
  end=$(date +%s.%N)
  awk -v l="$label" -v n="$n" -v s="$start" -v e="$end" \
    'BEGIN { t = e - s; printf "%-22s %4d docs  %7.3f s  %8.1f docs/s\n", l, n, t, n / t }'
}

echo "${#docs[@]} DOCX fixtures x $rounds rounds, one process per document"
run "jixiao extract" "$bin" extract
run "pandoc -t plain" pandoc -t plain
