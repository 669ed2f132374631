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

# Python 3.12 (Community Cloud's default) as well: requirements install and the AppTest suite pass there too.
# pyenv has it on this machine kind; set SKIP_PY312=1 to skip on a machine without it.
if [ -z "${SKIP_PY312:-}" ] && [ $# -eq 0 ]; then
  # The first interpreter that really is 3.12: a pyenv shim named python3.12 can exist and still fail to run
  # ("command not found" when 3.12 is installed but not selected), so each candidate is tried, not just found.
  py312=""
  for candidate in "$(command -v python3.12 || true)" $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python 2>/dev/null); do
    if [ -n "$candidate" ] && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
      py312=$candidate
      break
    fi
  done
  if [ -z "$py312" ]; then
    echo "Python 3.12 not found: install it (pyenv install 3.12) or set SKIP_PY312=1" >&2
    exit 1
  fi
  venv="${TMPDIR:-/tmp}/shanghai-pathways-py312"
  [ -x "$venv/bin/python" ] || "$py312" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r requirements-dev.txt
  echo "== Python $("$venv/bin/python" -c 'import platform; print(platform.python_version())'): AppTest suite"
  "$venv/bin/python" -m pytest -q -p no:cacheprovider -m "not browser"
fi
