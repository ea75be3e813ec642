#!/usr/bin/env bash
# Creates .venv/ at the repository root and installs the pinned dependency tree. Idempotent and quick
# when nothing changed (a stamp of requirements.lock is kept in .venv/).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.lock | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> installing pinned dependencies (requirements.lock)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock 2>&1 \
    | grep -v "neither a file nor a directory" || true
  .venv/bin/python -c "import django, rest_framework, celery, h5py, moviepy" # fail loudly if the install broke
  echo "$want" > "$stamp"
fi
