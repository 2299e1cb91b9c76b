#!/usr/bin/env bash
# One entry point for a fresh machine (see README):
#   ./setup.sh serve   install everything, lint the example catalog, serve the wiki on http://127.0.0.1:8000
#   ./setup.sh test    install everything (Python deps, npm assets, Debian chromium, strace and postgresql), check
#                      style and types, run the fast lane under the oldest Python we support, every
#                      test, then the quick benchmark against its targets
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
export NO_MKDOCS_2_WARNING=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

install_python() {
  "$PYTHON" -m pip install --quiet --root-user-action=ignore -e ".[$1]"
}

# Mermaid is served by the wiki itself (never a CDN): pinned in package.json and
# package-lock.json, installed with npm and copied into the package, where the plugin
# serves it from (git-ignored; a wheel gets it from hatch_build.py).
install_assets() {
  if [ ! -f node_modules/mermaid/dist/mermaid.min.js ]; then
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  fi
  cp node_modules/mermaid/dist/mermaid.min.js plugins/leadarch/wiki/assets/mermaid.min.js
}

# Browser tests drive Debian's chromium (never a downloaded browser); the crash tests stop
# writing commands at every commit point with strace; the warehouse test runs the emitted
# SQL on Debian's PostgreSQL (a private server the test starts on a Unix socket).
install_system() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
    || ! command -v strace >/dev/null || ! [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      chromium chromium-driver fonts-noto-cjk fonts-noto-color-emoji strace postgresql >/dev/null
  fi
}

# requires-python's lower bound: its fast lane runs there too, so the claim stays true.
OLDEST_PYTHON=3.10

oldest_python() {
  local found
  for found in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$OLDEST_PYTHON".*/bin/python \
    "$(command -v "python$OLDEST_PYTHON" || true)"; do
    if [ -x "$found" ] && "$found" -c "import sys; sys.exit('%d.%d' % sys.version_info[:2] != '$OLDEST_PYTHON')" \
      2>/dev/null; then
      echo "$found"
      return
    fi
  done
  echo "Python $OLDEST_PYTHON is needed for the fast lane (pyenv install $OLDEST_PYTHON)" >&2
  return 1
}

fast_lane_on_oldest_python() {
  local venv=.venv-oldest python
  python=$(oldest_python)
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --root-user-action=ignore -e ".[test]"
  "$venv/bin/python" -m pytest -q -m "not slow" -p no:cacheprovider
}

case "${1:-}" in
  serve)
    install_assets
    install_python wiki,measure  # the example wiki measures its CRM history (exports/)
    leadarch lint
    exec "$PYTHON" -m mkdocs serve --dev-addr 127.0.0.1:8000
    ;;
  test)
    install_assets
    install_python wiki,test,bench
    install_system
    "$PYTHON" -m ruff check plugins tests bench
    "$PYTHON" -m ruff format --check plugins tests bench
    "$PYTHON" -m mypy  # [tool.mypy] in pyproject.toml: the package, checked as Python 3.10
    fast_lane_on_oldest_python
    "$PYTHON" -m pytest -q
    # Performance targets as ratios against baselines of the same run (docs/performance.md)
    exec "$PYTHON" bench/run.py --quick --check
    ;;
  *)
    echo "usage: $0 serve|test" >&2
    exit 2
    ;;
esac
