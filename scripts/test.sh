#!/usr/bin/env bash
# `make test`: ruff, then the whole suite on SQLite, then again on PostgreSQL when one
# answers at ATIS_TEST_DATABASE_URL. Writes the backends that ran to var/test-backends.
# The tests run on ATIS_TEST_WORKERS processes (pytest-xdist; default 2, the machine's cores).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
WORKERS=(-n "${ATIS_TEST_WORKERS:-2}")
PG_URL=${ATIS_TEST_DATABASE_URL_PG:-${ATIS_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}}
mkdir -p var
: > var/test-backends

bash scripts/ensure_system_packages.sh

echo "== ruff"
$BIN/ruff check .

echo "== tests on SQLite"
ATIS_TEST_DATABASE_URL= $BIN/pytest "${WORKERS[@]}" "$@"
echo sqlite >> var/test-backends

if $BIN/python scripts/postgres_answers.py "$PG_URL"; then
  echo "== tests on PostgreSQL ($($BIN/python scripts/postgres_answers.py --describe "$PG_URL"))"
  ATIS_TEST_DATABASE_URL="$PG_URL" $BIN/pytest "${WORKERS[@]}" "$@"
  echo postgresql >> var/test-backends
else
  echo "== PostgreSQL does not answer at the test URL: skipped that run"
fi
echo "== backends that ran: $(paste -sd, var/test-backends)"
