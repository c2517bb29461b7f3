#!/usr/bin/env bash
# Installs what Armature needs on a fresh Debian machine: ODE and libpng from Debian, and the
# Python peers that tests use as judges into .venv. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in libode-dev libpng-dev libopenblas-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update
  $sudo apt-get install -y "${need[@]}"
fi

if [ -f Tests/peers-requirements.txt ]; then
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  if ! cmp -s Tests/peers-requirements.txt .venv/.installed-requirements; then
    .venv/bin/pip install --quiet --disable-pip-version-check -r Tests/peers-requirements.txt
    cp Tests/peers-requirements.txt .venv/.installed-requirements
  fi
fi
