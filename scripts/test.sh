#!/usr/bin/env bash
# Install what the tests need and run the whole suite, on SQLite and on PostgreSQL side by side.
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

# PgBouncer for the connection-pooling test (transaction mode): Debian's package; the test starts its own.
if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
  echo "installing Debian's pgbouncer for the connection-pooling test"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
fi
export GONGHUI_REQUIRE_PGBOUNCER=1  # installed above: the pooling test must run, not skip

bash scripts/services.sh

# Lint and import order (pyproject.toml [tool.ruff]): a finding fails the run before any test.
.venv/bin/python -m ruff check src tests conftest.py

export GONGHUI_DATA_DIR="${GONGHUI_DATA_DIR:-$(mktemp -d /tmp/gonghui-test.XXXXXX)}"
export GONGHUI_FAST_HASHER=1
export GONGHUI_CHROMIUM="${GONGHUI_CHROMIUM:-$(command -v chromium)}"
PG_URL="${GONGHUI_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/gonghui_test}"
DATABASES_TO_TEST="${GONGHUI_TEST_DATABASES:-sqlite postgres}"

# The suites run side by side (one per core), each with its own data directory; their output follows in turn.
# GONGHUI_TEST_SERIAL=1 runs them one after the other instead.
run_suite() {
  local db=$1
  mkdir -p "$GONGHUI_DATA_DIR/$db"
  if [ "$db" = "postgres" ]; then
    DATABASE_URL="$PG_URL" GONGHUI_DATA_DIR="$GONGHUI_DATA_DIR/$db" .venv/bin/python -m pytest -p no:cacheprovider -q --durations=15 "${@:2}"
  else
    env -u DATABASE_URL GONGHUI_DATA_DIR="$GONGHUI_DATA_DIR/$db" .venv/bin/python -m pytest -p no:cacheprovider -q --durations=15 "${@:2}"
  fi
}

LOGS=$(mktemp -d /tmp/gonghui-test-logs.XXXXXX)
for db in $DATABASES_TO_TEST; do
  if [ -n "${GONGHUI_TEST_SERIAL:-}" ]; then
    echo "=== test suite on ${db} ==="
    { if run_suite "$db" "$@"; then echo 0; else echo $?; fi > "$LOGS/$db.rc"; } 2>&1 | tee "$LOGS/$db.log"
  else
    echo "=== test suite on ${db}: started (output follows when it ends) ==="
    { if run_suite "$db" "$@" > "$LOGS/$db.log" 2>&1; then echo 0; else echo $?; fi > "$LOGS/$db.rc"; } &
  fi
done
wait

status=0
for db in $DATABASES_TO_TEST; do
  rc=$(cat "$LOGS/$db.rc" 2>/dev/null || echo 1)
  if [ -z "${GONGHUI_TEST_SERIAL:-}" ]; then
    echo "=== test suite on ${db} (exit ${rc}) ==="
    cat "$LOGS/$db.log"
  fi
  # pytest exits 5 when it collected nothing: that is a failure here too.
  if [ "$rc" != 0 ]; then
    echo "test suite on ${db} failed (exit ${rc})" >&2
    status=$rc
  fi
done
[ "$status" = 0 ] || exit "$status"
echo "all test suites passed: ${DATABASES_TO_TEST}"
