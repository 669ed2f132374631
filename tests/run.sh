#!/usr/bin/env bash
# The one test command (README): installs what the tests need, then runs them.
# Debian packages: chromium (the real-browser tests), nginx (the two-replica test behind a proxy) and fonts-noto-cjk
# (Chinese in the PDF briefing and its chart images). Leaflet is committed under static/ (no package, no CDN).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -r requirements-dev.txt
python3 -m ruff check .
python3 -m pytest -q -p no:cacheprovider "$@"
