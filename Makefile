.PHONY: run test bench lint messages

run:   ## the platform with demo data (SQLite unless DATABASE_URL is set)
	scripts/run.sh

test:  ## lint + the whole suite on PostgreSQL, Redis, Celery and Chromium
	scripts/test.sh

bench: ## benchmarks, each printing its figure as a ratio against its bound (wrk drives the HTTP heartbeat load)
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) || true
	scripts/bootstrap.sh && .venv/bin/python -m bench

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

messages: ## re-extract and compile translations
	.venv/bin/python manage.py makemessages -l kk -l ru -l en --ignore=.venv --ignore=var
	.venv/bin/python manage.py compilemessages --ignore=.venv
