#!/usr/bin/env bash
# Installs the Debian packages briefing needs, only those that are missing.
# Usage: scripts/system-deps.sh [build|test]
#   build: Pango and HarfBuzz (for WeasyPrint), fontconfig, the Noto fonts (every script of
#          Noto core: Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari...; CJK with the
#          SC, TC, HK, JP and KR faces), python3-venv
#   test:  the above plus poppler-utils (pdftotext, pdftoppm), chromium, and npm (for
#          axe-core, which the browser tests run in every page) unless npm is there
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1 fontconfig
          fonts-noto-core fonts-noto-cjk python3-venv)
if [ "${1:-build}" = test ]; then
  packages+=(poppler-utils chromium)
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$pkg")
done
# npm may come with another Node.js package than Debian's: only its command matters.
if [ "${1:-build}" = test ] && ! command -v npm >/dev/null; then
  missing+=(npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
