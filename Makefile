# SoNeStra — `make run` serves the demo, `make test` runs every test. Both install what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
STAMPS := .stamps
HOST   ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.PHONY: help install run test lint format messages chromium clean bench loadtest wrk

help:
	@echo "make run      serve SoNeStra with the demo on http://$(HOST) (SQLite, no configuration)"
	@echo "make test     run the whole test suite (set DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make install  the step both call: .venv, Python and npm packages"
	@echo "make lint     ruff check + ruff format --check"
	@echo "make bench    every page at 1,000 Netwerken on PostgreSQL (database sonestra_bench) -> docs/benchmarks.md"
	@echo "make loadtest two app servers + 55 users for 60 s on PostgreSQL (database sonestra_last)"

install: $(STAMPS)/python $(STAMPS)/npm

# pyenv reads .python-version; without pyenv, any python3 >= 3.12 on PATH will do.
$(STAMPS)/python: requirements.lock requirements-dev.lock .python-version
	@python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "SoNeStra needs Python 3.12 or newer (Django 6.1); 'python3' here is $$(python3 --version 2>&1)."; \
	  echo "Install Python 3.12+ (pyenv: 'pyenv install 3.13', picked up by .python-version) and try again."; \
	  exit 1; }
	@test -x $(PY) || python3 -m venv $(VENV) || { echo "Could not make $(VENV): install the venv module (Debian: apt-get install python3-venv)."; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/npm: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js and npm (Debian: apt-get install nodejs npm)."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMPS) && touch $@

run: install
	$(PY) manage.py migrate --noinput
	SITE_URL=http://$(HOST) $(PY) manage.py demo
	$(PY) manage.py runserver $(HOST)

# Browser tests drive Debian's chromium; as root we install it, otherwise we say what to install.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Debian's chromium at /usr/bin/chromium."; \
	    echo "Install it with: sudo apt-get install chromium   (then run 'make test' again)"; \
	    exit 1; \
	  fi; \
	fi

test: install chromium
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The benchmark (manage.py bench): its own PostgreSQL database, made when missing; the
# production settings with DEBUG off; wrk for the throughput. Writes docs/benchmarks.md.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/sonestra_bench
BENCH_ARGS ?=
BENCH_MEDIA ?= $(CURDIR)/.bench-media
bench: install wrk
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=0 SECURE_SSL_REDIRECT=0 STATIC_MANIFEST=0 \
	  SECRET_KEY=bench-only-$$(hostname)-not-for-production-0123456789abcdef \
	  MEDIA_ROOT=$(BENCH_MEDIA) $(PY) manage.py bench $(BENCH_ARGS)

# The load test: two gunicorn processes and 55 locust users for 60 s against PostgreSQL on
# 127.0.0.1:5432 (its own database sonestra_last); writes docs/benchmarks.md and fails on
# an error or a lost update.
LOADTEST_ARGS ?=
loadtest: install
	$(PY) -m bench.last $(LOADTEST_ARGS)

wrk:
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "The benchmark needs wrk: sudo apt-get install wrk"; exit 1; \
	  fi; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Update the translation catalogues after changing texts (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l en -e html,txt,py,css,svg --ignore '.venv/*' --ignore 'node_modules/*' \
	    --ignore 'tests/*' --ignore 'test-artifacts/*' --ignore 'bench/*'
	$(PY) manage.py compilemessages -l en --ignore '.venv/*' --ignore 'node_modules/*'

clean:
	rm -rf $(VENV) $(STAMPS) node_modules staticfiles test-artifacts
