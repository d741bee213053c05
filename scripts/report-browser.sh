#!/usr/bin/env bash
# The audit report in a real browser (issue 15): installs Chromium (and CJK
# fonts) with apt-get and playwright-core with npm when missing, writes the
# report of a text, a DOCX and a PDF fixture, and has headless Chromium load
# each page (scripts/report-browser.mjs): a screenshot that is not blank, the
# DOM after clicking a finding with exactly its cells outlined, no script
# error, no network request, the index sorting.
#
#   bash scripts/report-browser.sh [OUT_DIR] [INPUT …]
#   bash scripts/report-browser.sh --install    (Chromium, fonts, playwright-core only)
#
# JIXIAO_BIN: the binary to run (default: target/release/jixiao, built here).
# CI passes the one `cargo test --release` built: `cargo build --release`
# alone resolves other features of shared crates than the tests do (their
# dev-dependencies turn some on) and would compile the library once more.
#
# OUT_DIR (default target/report-browser) gets report/ (the pages and
# workbooks) and shots/ (<page>.png, <page>.full.png, <page>.f<N>.png after
# the click, <page>.dom.html, index.png). Exit 0 when every check passed, 1
# when one failed, 3 when Chromium or playwright-core cannot be installed here
# (said on stderr; CI reports the check as skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
install_only=0
if [ "${1:-}" = "--install" ]; then
  install_only=1
  shift
fi
out=${1:-target/report-browser}
shift || true
inputs=("$@")
if [ ${#inputs[@]} -eq 0 ]; then
  inputs=(fixtures/corpus/nanjing-land-2022.txt fixtures/corpus/nanjing-land-2022.docx
    fixtures/corpus/nanjing-eco-2024.pdf)
fi

skip() {
  echo "report-browser: $* — the browser check is skipped" >&2
  exit 3
}

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Without CJK fonts the screenshots show boxes (the page names a font stack
# and uses what the system has).
fc-list 2>/dev/null | grep -qi "CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"; } \
      >/dev/null 2>&1 || skip "apt-get could not install ${need[*]}"
  else
    skip "missing ${need[*]} (not root or no apt-get)"
  fi
fi
command -v chromium >/dev/null 2>&1 || skip "no chromium after installing it"
command -v npm >/dev/null 2>&1 || skip "no npm to install playwright-core"

# playwright-core (the driver only: it uses the system's Chromium, it
# downloads no browser) in a cache outside the repository.
node_dir=${JIXIAO_BROWSER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/jixiao-report-browser}
mkdir -p "$node_dir"
if [ ! -d "$node_dir/node_modules/playwright-core" ]; then
  (cd "$node_dir" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --no-audit --no-fund --silent playwright-core@1 >/dev/null 2>&1) ||
    skip "npm could not install playwright-core"
fi
cp scripts/report-browser.mjs "$node_dir/"
[ "$install_only" = 0 ] || exit 0

bin=${JIXIAO_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin=target/release/jixiao
fi
rm -rf "$out/report" "$out/shots"
mkdir -p "$out"
"$bin" report "${inputs[@]}" --out "$out/report" --xlsx "$out/report"
CHROMIUM=$(command -v chromium) node "$node_dir/report-browser.mjs" "$out/report" "$out/shots"
