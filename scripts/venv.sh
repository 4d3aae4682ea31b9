#!/usr/bin/env bash
# Creates .venv (once) and installs Resettle into it, with the test extra when asked.
# Usage: scripts/venv.sh [test]
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
extra=""
[ "${1:-}" = "test" ] && extra="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"

if [ "${1:-}" = "test" ]; then
  # axe-core for the accessibility check (tests/accessibility), the version pinned in its
  # package-lock.json; installed again only when the lock file changes.
  axe=tests/accessibility
  if [ ! -f "$axe/node_modules/axe-core/axe.min.js" ] \
      || [ "$axe/package-lock.json" -nt "$axe/node_modules/.package-lock.json" ]; then
    (cd "$axe" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
  fi
fi
