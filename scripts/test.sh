#!/usr/bin/env bash
# Installs everything and runs the whole test suite, on SQLite and on a throwaway PostgreSQL.
#   bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh test
bash scripts/venv.sh test
export PATH="$PWD/.venv/bin:$PATH"

echo "== ruff"
ruff check resettle tests benchmarks scripts
echo "== import-linter"
lint-imports --no-cache

# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
start_test_postgres
trap stop_test_postgres EXIT
echo "== pytest (SQLite and PostgreSQL at ${RESETTLE_TEST_DATABASE_URL%%@*}@127.0.0.1)"

export QT_QPA_PLATFORM=offscreen
set +e
python -m pytest -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose." >&2
  exit 1
fi
exit "$status"
