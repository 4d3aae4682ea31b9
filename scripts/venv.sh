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
# "compat" puts the checkout on sys.path with a plain .pth line. The default editable mode
# installs an import hook instead, which every start of every command imports: about 57 M
# instructions, 25-30 ms of a CLI command's 0.4 s budget (docs/performance.md). Setuptools
# calls the mode transitional, so if a future version drops it, the default is used.
if ! .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}" \
  --config-settings editable_mode=compat 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"
fi
