#!/usr/bin/env bash
# Install what the tests need and run the whole suite, on SQLite and then on PostgreSQL.
#   ./scripts/test.sh                 # everything
#   ./scripts/test.sh -k members      # extra arguments go to pytest (both databases)
#   GONGHUI_TEST_DATABASES=sqlite ./scripts/test.sh   # one database only
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e '.[test]'

# A real browser for the end-to-end tests: Debian's chromium (never a downloaded one).
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

bash scripts/services.sh

# Lint and import order (pyproject.toml [tool.ruff]): a finding fails the run before any test.
.venv/bin/python -m ruff check src tests conftest.py

export GONGHUI_DATA_DIR="${GONGHUI_DATA_DIR:-$(mktemp -d /tmp/gonghui-test.XXXXXX)}"
export GONGHUI_FAST_HASHER=1
export GONGHUI_CHROMIUM="${GONGHUI_CHROMIUM:-$(command -v chromium)}"
PG_URL="${GONGHUI_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/gonghui_test}"
DATABASES_TO_TEST="${GONGHUI_TEST_DATABASES:-sqlite postgres}"

status=0
for db in $DATABASES_TO_TEST; do
  echo "=== test suite on ${db} ==="
  if [ "$db" = "postgres" ]; then
    export DATABASE_URL="$PG_URL"
  else
    unset DATABASE_URL
  fi
  # pytest exits 5 when it collected nothing: that is a failure here too.
  .venv/bin/python -m pytest -p no:cacheprovider -q "$@" || status=$?
  if [ "$status" != 0 ]; then
    echo "test suite on ${db} failed (exit ${status})" >&2
    exit "$status"
  fi
done
echo "all test suites passed: ${DATABASES_TO_TEST}"
