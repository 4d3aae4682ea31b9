#!/usr/bin/env bash
# Installs everything and runs the whole test suite, on SQLite and on a throwaway PostgreSQL.
#   bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

step() { echo "== $1 (at ${SECONDS}s)"; }
step "Debian packages"
bash scripts/system-deps.sh test
step "virtual environment"
bash scripts/venv.sh test
export PATH="$PWD/.venv/bin:$PATH"

step "ruff"
ruff check resettle tests benchmarks scripts
step "import-linter"
lint-imports --no-cache
step "mypy (resettle/domain, resettle/evidence, resettle/services)"
mypy

# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
start_test_postgres
trap stop_test_postgres EXIT
# Two worker processes (pytest-xdist), one per core of the machine the suite is sized for;
# each has its own template databases, temporary folder and Qt application (tests/conftest.py).
# RESETTLE_TEST_WORKERS=0 runs everything in this process.
workers="${RESETTLE_TEST_WORKERS:-2}"
step "pytest, SQLite and PostgreSQL (port ${PG_PORT}, ${workers} workers)"

export QT_QPA_PLATFORM=offscreen
set +e
# The slowest tests are listed at the end (issue 9: no single test should take over 10 s).
python -m pytest -p no:cacheprovider -n "$workers" --dist worksteal --durations=15 --durations-min=3 "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose." >&2
  exit 1
fi
step "done"
exit "$status"
