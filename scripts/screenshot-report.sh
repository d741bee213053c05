#!/usr/bin/env bash
# Screenshots of the audit report for docs/ (and for looking at a real
# document): runs scripts/report-browser.sh on a text, a DOCX and a PDF
# fixture and copies the views worth showing into docs/:
#
#   docs/report-text.png   a text report's page: what it is, findings first
#   docs/report-docx.png   a DOCX report's table after clicking a finding
#   docs/report-pdf.png    a PDF score sheet after clicking a finding: the
#                          declared weight outlined red, the weights under it blue
#   docs/report-index.png  the index of the fixtures' batch
#
#   bash scripts/screenshot-report.sh            # the fixtures, into docs/
#   bash scripts/screenshot-report.sh FILE …     # any documents, shots left in target/report-shots
#
# Documents from ../shared/realworld may be looked at this way, but their
# screenshots stay out of the repository (their licences are unclear).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
  bash scripts/report-browser.sh target/report-shots "$@"
  echo "screenshots in target/report-shots/shots" >&2
  exit 0
fi
bash scripts/report-browser.sh target/report-shots
shots=target/report-shots/shots
cp "$shots/nanjing-land-2022.txt.png" docs/report-text.png
cp "$shots"/nanjing-land-2022.docx.f[0-9]*.png docs/report-docx.png
cp "$shots"/nanjing-eco-2024.pdf.f[0-9]*.png docs/report-pdf.png
cp "$shots/index.png" docs/report-index.png
ls -la docs/report-*.png
