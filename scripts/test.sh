#!/usr/bin/env bash
# `make test`: lint and the whole suite on PostgreSQL and Redis (started if down), with browser tests in
# Debian's Chromium (installed if missing). .ci/run calls this script.
set -euo pipefail
cd "$(dirname "$0")/.."

ensure_services() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "==> starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "==> starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in $(seq 30); do redis-cli ping >/dev/null 2>&1 && break; sleep 1; done
  fi
}

ensure_system_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v msgfmt >/dev/null || missing+=(gettext)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_services
ensure_system_packages
scripts/bootstrap.sh

export LMS_TESTING=1
export DATABASE_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lms}
export REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/0}
export CHROMIUM_PATH=/usr/bin/chromium

# The test databases (test_lms_gw*) are created by pytest-django; the base one serves the checks below.
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='lms'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres lms

echo "==> lint (ruff)"
.venv/bin/ruff check .
echo "==> architecture contracts (import-linter, pyproject.toml)"
.venv/bin/lint-imports --no-cache
echo "==> translations compile"
for po in locale/*/LC_MESSAGES/django.po; do msgfmt --check-format -o /dev/null "$po"; done
echo "==> migrations are complete"
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null
echo "==> production settings: check --deploy"
DJANGO_SETTINGS_MODULE=lms.settings.production SECRET_KEY="ci-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-long-enough-key" \
  ALLOWED_HOSTS=lms.example.kz .venv/bin/python manage.py check --deploy --fail-level WARNING
echo "==> pytest"
# Two test processes on two cores (measured: three were slower, 21 min against 19.6, and the browser and fault
# tests' timing suffered).
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" --dist loadgroup "$@"
