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
step "pytest, SQLite and PostgreSQL (port ${PG_PORT})"

export QT_QPA_PLATFORM=offscreen
set +e
python -m pytest -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose." >&2
  exit 1
fi
step "done"
exit "$status"
