#!/usr/bin/env bash
# Installs the Debian packages Resettle needs, when they are missing (needs root or sudo).
# Usage: scripts/system-deps.sh run|test
set -euo pipefail

mode="${1:-test}"
packages=(libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
          libxcb-shape0 libxcb-xinerama0 libfontconfig1 libdbus-1-3 libglib2.0-0
          fonts-dejavu-core)
if [ "$mode" = "test" ]; then
  # chromium: the accessibility check of the person's copy as HTML (tests/accessibility);
  # npm installs axe-core for it (scripts/venv.sh test) when Node's npm is not already there.
  packages+=(poppler-utils postgresql xvfb xauth chromium)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  packages+=(python3-venv)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Missing Debian packages (${missing[*]}) and no root or sudo to install them." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
