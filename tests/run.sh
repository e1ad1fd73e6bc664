#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine with Python 3.11, then runs them all.
#   bash tests/run.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: Chromium for the browser tests (Playwright cannot download its own browser
# here), Node.js/npm for axe-core, Lighthouse and the Nu checker's jar, Java to run that jar.
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# nginx, to serve a built site with deploy/nginx.conf (tests/test_deploy.py starts its own on 127.0.0.1)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
# Chinese fonts, so that pages are laid out in the browser tests as citizens see them
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== installing accessibility tools (axe-core, vnu-jar) from npm"
npm ci --prefix accessibility --no-audit --no-fund --loglevel=error

# A virtual environment of the project's own (works beside a system Python that refuses pip).
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  if ! "$PY" -m venv .venv 2>/dev/null; then
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-venv >/dev/null
    rm -rf .venv
    "$PY" -m venv .venv
  fi
fi
echo "== installing Python packages"
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

echo "== running tests"
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
