#!/usr/bin/env bash
# One entry point for a fresh machine (see README):
#   ./setup.sh serve   install everything, lint the example catalog, serve the wiki on 127.0.0.1:8000
#   ./setup.sh test    install everything and run the whole test suite
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
export NO_MKDOCS_2_WARNING=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

install_python() {
  "$PYTHON" -m pip install --quiet --root-user-action=ignore -e '.[wiki,test]'
}

case "${1:-}" in
  serve)
    install_python
    leadarch lint
    exec "$PYTHON" -m mkdocs serve --dev-addr 127.0.0.1:8000
    ;;
  test)
    install_python
    "$PYTHON" -m ruff check plugins tests
    exec "$PYTHON" -m pytest -q
    ;;
  *)
    echo "usage: $0 serve|test" >&2
    exit 2
    ;;
esac
