#!/usr/bin/env bash
# Tools the tests compare against (not crates): poppler-utils gives pdftotext,
# the oracle for PDF text fidelity; qpdf makes encrypted test PDFs.
# Installed with apt-get when missing; tests that need them skip with a
# message when they are absent.
set -euo pipefail
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils poppler-data)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
if ! tesseract --list-langs 2>/dev/null | grep -qx chi_sim; then
  need+=(tesseract-ocr-chi-sim)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "install-test-deps: missing ${need[*]} (not root or no apt-get); the tests that need them will skip" >&2
  fi
fi
