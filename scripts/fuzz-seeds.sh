#!/usr/bin/env bash
# Seed the fuzz corpora (fuzz/corpus/<target>/, git-ignored) from fixtures/
# and from the regression inputs, so the fuzzer starts from real reports.
set -euo pipefail
cd "$(dirname "$0")/.."
for t in text docx pdf figure sheet html ole; do mkdir -p "fuzz/corpus/$t"; done
shopt -s nullglob
for f in fixtures/corpus/*.txt tests/regressions/*.txt; do
  cp -f "$f" "fuzz/corpus/text/$(basename "$f")"
done
for f in fixtures/corpus/*.docx tests/regressions/*.docx; do
  cp -f "$f" "fuzz/corpus/docx/$(basename "$f")"
done
for f in fixtures/corpus/*.pdf tests/regressions/*.pdf; do
  cp -f "$f" "fuzz/corpus/pdf/$(basename "$f")"
done
for f in fixtures/formats/*.xlsx fixtures/formats/*.xls fixtures/formats/*.ods \
  tests/regressions/*.xlsx tests/regressions/*.xls tests/regressions/*.ods; do
  cp -f "$f" "fuzz/corpus/sheet/$(basename "$f")"
done
for f in fixtures/formats/*.html tests/regressions/*.html; do
  cp -f "$f" "fuzz/corpus/html/$(basename "$f")"
done
for f in fixtures/formats/*.doc fixtures/formats/*.wps fixtures/formats/*.xls tests/regressions/*.doc; do
  cp -f "$f" "fuzz/corpus/ole/$(basename "$f")"
done
# The figure target gets single lines: every line of the UTF-8 reports that
# holds a digit, split into files of modest size (libFuzzer prefers small
# inputs), plus the figure forms the parser documents.
tmp=$(mktemp)
utf8=()
for f in fixtures/corpus/*.txt; do
  case "$f" in *.utf16.txt | *.gb18030.txt) ;; *) utf8+=("$f") ;; esac
done
grep -h -e '[0-9]' -e '[０１２３４５６７８９]' "${utf8[@]}" >"$tmp" || true
split -l 20 -d -a 4 "$tmp" fuzz/corpus/figure/lines-
rm -f "$tmp"
i=0
for s in '1,848.26' '356.218万元' '5,024.67 万元' '1.25亿元' '87.35%' '95％' '-15.24%' \
  '≥150万元' '≤100%' '=0%' '≥25个' '93 分' '１２３．４５' '三千二百万元' '百分之八十' \
  '一百零五' '——' '/' '2022年11月30日' '苏编办复〔2019〕124号' '表 1-2' '（1）' '10-20万元'; do
  printf '%s' "$s" >"fuzz/corpus/figure/form-$i"
  i=$((i + 1))
done
echo "seeded: $(for t in text docx pdf figure sheet html ole; do printf '%s=%s ' "$t" "$(ls "fuzz/corpus/$t" | wc -l)"; done)"
