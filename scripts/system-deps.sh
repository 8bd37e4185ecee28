#!/usr/bin/env bash
# Install the Debian packages sucai and its test suite drive (never downloaded browsers):
# LibreOffice, poppler, chromium, Noto CJK fonts, and tesseract for OCR of scans.
# As a non-root user this only reports what is missing; the tests that need a
# missing tool skip with a message naming it.
set -u
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "noto.*cjk" || need+=(fonts-noto-cjk)
# OCR of scanned PDFs and page images (sucai/ingest/ocr.py): tesseract with its Simplified Chinese model
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
[ -e /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] \
  || ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata >/dev/null 2>&1 || need+=(tesseract-ocr-chi-sim)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "missing Debian packages (tests that need them will skip): ${need[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || echo "could not install: ${need[*]} (tests that need them will skip)" >&2
exit 0
