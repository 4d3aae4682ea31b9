#!/usr/bin/env bash
# Installs everything and starts Resettle on an embedded SQLite database with demo data.
#   bash scripts/run.sh            (data kept in ./.demo-data)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh run
bash scripts/venv.sh
data_dir="${RESETTLE_DEMO_DIR:-.demo-data}"
.venv/bin/resettle --data-dir "$data_dir" demo --size "${RESETTLE_DEMO_SIZE:-2000}" --if-empty
exec .venv/bin/resettle --data-dir "$data_dir" "$@"
