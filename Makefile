# Two commands set everything up on a fresh machine (Debian/Ubuntu, Python 3.11 with venv):
#   make run    install, migrate, load the demo content, serve on http://127.0.0.1:$(PORT)/
#   make test   install the test tools and run the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run test lint format check clean

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
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py seed_demo && \
	$(PY) manage.py ensure_superuser && \
	$(PY) manage.py collectstatic --noinput --verbosity 0 && \
	echo "Phục vụ tại http://127.0.0.1:$(PORT)/ (quản trị: /admin/)" && \
	exec $(VENV)/bin/gunicorn --config gunicorn.conf.py

test: $(VENV)/.dev
	@test -x /usr/bin/chromium || echo "*** /usr/bin/chromium not found: the browser tests (tests/browser) will be SKIPPED. Install it with: sudo apt-get install chromium"
	$(VENV)/bin/pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# What CI checks besides the tests.
check: lint
	DJANGO_DEBUG=1 $(PY) manage.py check
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
