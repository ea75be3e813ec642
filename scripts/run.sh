#!/usr/bin/env bash
# `make run`: the platform with demo data on SQLite (or $DATABASE_URL). With Redis answering at
# $REDIS_URL (default redis://127.0.0.1:6379/0) a Celery worker and beat start too; otherwise tasks
# run eagerly inside the web process and this script says so.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export DEBUG=${DEBUG:-1}
PORT=${PORT:-8000}
PY=.venv/bin/python

redis_url=${REDIS_URL:-redis://127.0.0.1:6379/0}
if $PY -c "import redis,sys; redis.Redis.from_url('$redis_url', socket_connect_timeout=1).ping()" 2>/dev/null; then
  export REDIS_URL=$redis_url
  echo "==> Redis answers at $REDIS_URL: Celery worker and beat will run"
else
  unset REDIS_URL
  echo "==> Redis not reachable: background tasks run EAGERLY in the web process (CELERY_TASK_ALWAYS_EAGER)"
fi

$PY manage.py migrate --noinput
$PY manage.py seed_demo --if-empty

pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
if [ -n "${REDIS_URL:-}" ]; then
  mkdir -p var/log
  .venv/bin/celery -A lms worker --loglevel=INFO --concurrency=2 >var/log/celery-worker.log 2>&1 & pids+=($!)
  .venv/bin/celery -A lms beat --loglevel=INFO >var/log/celery-beat.log 2>&1 & pids+=($!)
  echo "==> Celery worker and beat started (logs in var/log/)"
fi

echo
echo "    Open http://127.0.0.1:$PORT/"
$PY manage.py demo_logins
echo
$PY manage.py runserver "127.0.0.1:$PORT"
