# Two commands set everything up on a fresh machine (Debian/Ubuntu, Python 3.11 with venv):
#   make run    install, migrate, load the demo content, serve on http://127.0.0.1:$(PORT)/
#   make test   install the test tools and run the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run test lint format check clean bench renders backup restore loadtest messages

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { echo "Cần Python 3.11 có venv (Debian/Ubuntu: sudo apt install python3-venv)."; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

# A secret key made once for this checkout (production sets DJANGO_SECRET_KEY itself).
var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: $(VENV)/.runtime var/secret_key
	export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" && \
	export DJANGO_SITE_URL="$${DJANGO_SITE_URL:-http://127.0.0.1:$(PORT)}" && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py seed_demo && \
	$(PY) manage.py ensure_superuser && \
	$(PY) manage.py collectstatic --noinput --verbosity 0 && \
	echo "Phục vụ tại http://127.0.0.1:$(PORT)/ (quản trị: /admin/)" && \
	exec $(VENV)/bin/gunicorn --config gunicorn.conf.py

test: $(VENV)/.dev
	@test -x /usr/bin/chromium || echo "*** /usr/bin/chromium not found: the browser tests (tests/browser) will be SKIPPED. Install it with: sudo apt-get install chromium"
	@command -v nginx >/dev/null || echo "*** nginx not found: tests/test_nginx.py (docs/deploy/nginx.conf, run for real) will be SKIPPED. Install it with: sudo apt-get install nginx"
	$(VENV)/bin/pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# $(call create_pg_database,URL): creates URL's PostgreSQL database unless it exists.
create_pg_database = psql "$(dir $(1))postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$(notdir $(1))'" | grep -q 1 || \
	psql "$(dir $(1))postgres" -qc 'CREATE DATABASE "$(notdir $(1))"'

# A benchmark, not a test: pages served as in production at 100,000 articles, measured with wrk,
# on SQLite and (when it answers on 127.0.0.1:5432) on PostgreSQL: hot URLs, then real traffic
# (random articles, section pages at every depth, distinct searches, the mix, the mix under saves),
# then uncached renders and the admin in process. The dataset is built once and reused (its
# fingerprint is kept in the database). About 10 min a database. See docs/PERFORMANCE.md.
BENCH_ARGS ?= --articles 100000
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/longkhanh_bench
bench: $(VENV)/.dev var/secret_key
	@command -v wrk >/dev/null || { echo "wrk is needed: sudo apt-get install wrk"; exit 1; }
	mkdir -p var/bench
	export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" && \
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench/bench.sqlite3 DJANGO_MEDIA_ROOT=$(CURDIR)/var/bench/media \
	DJANGO_VISITS_DIR=$(CURDIR)/var/bench/online $(PY) -m tools.bench $(BENCH_ARGS)
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  $(call create_pg_database,$(BENCH_PG)); \
	  export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" && \
	  DATABASE_URL=$(BENCH_PG) DJANGO_MEDIA_ROOT=$(CURDIR)/var/bench/media \
	  DJANGO_VISITS_DIR=$(CURDIR)/var/bench/online $(PY) -m tools.bench $(BENCH_ARGS); \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL part skipped"; fi

# Uncached renders and the admin's pages alone, in process, at another size (its own database,
# built once, rebuilt when --articles changes):
#   make renders RENDERS_ARGS="--articles 1000000 --database postgres://postgres@127.0.0.1:5432/longkhanh_bench_1m"
RENDERS_ARGS ?= --articles 10000
renders: $(VENV)/.dev var/secret_key
	mkdir -p var/bench
	export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" && \
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench/renders.sqlite3 DJANGO_MEDIA_ROOT=$(CURDIR)/var/bench/media \
	DJANGO_VISITS_DIR=$(CURDIR)/var/bench/online $(PY) -m tools.renders $(RENDERS_ARGS)

# Load and faults: 64 connections for 60 s with a worker killed and (PostgreSQL) the database cut
# off for 5 s, on SQLite and on PostgreSQL; counts checked exactly afterwards.
LOADTEST_ARGS ?= --duration 60 --connections 64
LOADTEST_PG ?= postgres://postgres@127.0.0.1:5432/longkhanh_loadtest
loadtest: $(VENV)/.dev var/secret_key
	mkdir -p var/loadtest
	export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" && \
	DATABASE_URL=sqlite:///$(CURDIR)/var/loadtest/db.sqlite3 DJANGO_MEDIA_ROOT=$(CURDIR)/var/loadtest/media \
	DJANGO_VISITS_DIR=$(CURDIR)/var/loadtest/online $(PY) -m tools.loadtest $(LOADTEST_ARGS)
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  $(call create_pg_database,$(LOADTEST_PG)); \
	  export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" && \
	  DATABASE_URL=$(LOADTEST_PG) DJANGO_MEDIA_ROOT=$(CURDIR)/var/loadtest/media \
	  DJANGO_VISITS_DIR=$(CURDIR)/var/loadtest/online $(PY) -m tools.loadtest $(LOADTEST_ARGS); \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL part skipped"; fi

# Backups of the database and the media (see docs/OPERATIONS.md). Uses the same environment as
# the site: run with /etc/longkhanh.env loaded in production.
backup: $(VENV)/.runtime var/secret_key
	export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" && \
	$(PY) manage.py backup $(if $(BACKUP),--output $(BACKUP))

restore: $(VENV)/.runtime var/secret_key
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=var/backups/<folder>"; exit 1; }
	export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" && \
	$(PY) manage.py restore "$(BACKUP)"

# The project's own translations (locale/README.md): compiles each .po to the .mo committed beside it.
messages:
	@command -v msgfmt >/dev/null || { echo "msgfmt is needed: sudo apt-get install gettext"; exit 1; }
	for po in locale/*/LC_MESSAGES/*.po; do msgfmt --check --output-file="$${po%.po}.mo" "$$po" || exit 1; done

# What CI checks besides the tests.
check: lint
	DJANGO_DEBUG=1 $(PY) manage.py check
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
