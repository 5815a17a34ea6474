# 阳光政务公开平台 — developer commands. Needs only Python 3.11+ and make.
#   make run    set everything up and serve the portal at http://127.0.0.1:8000 (PORT overrides)
#   make test   set everything up and run the whole test suite
#   make cluster  the production profile on 127.0.0.1: Varnish on :8080 in front of 2 gunicorn
#               instances, Redis, one PostgreSQL (docs/cluster.md)
#   make bench  the portal under load with wrk at 10,000 and 1,000,000 items (bench-web,
#               docs/benchmarks.md), then the annual report's figures (bench-report,
#               docs/benchmark.md); ARGS=... goes to both, WEB_ARGS / REPORT_ARGS to one
PYTHON ?= python3
# Two workers: the suite is database-bound and these machines have two cores. The 15 slowest
# tests are listed after every run, so a test that grows slow is seen.
PYTEST_ARGS ?= -n 2 --durations=15
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test proxy cluster bench bench-web bench-report bench-import install browser wrk lint format clean db-start \
	db-stop help backup restore

help:
	@echo "make run | make test | make cluster | make bench (bench-web, bench-report) | make lint | make format | make clean"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the lock files change; the locks pin every package exactly.
$(STAMP): $(PY) requirements.lock requirements-dev.lock pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $(STAMP)

install: $(STAMP)

# Browser journeys drive Debian's chromium through Playwright (no browser download).
browser:
	@$(PY) scripts/browser.py ensure

run: install
	$(PY) scripts/dev.py run

# Varnish (Debian's package, installed when missing: root or password-less sudo) in front of
# CLUSTER_INSTANCES gunicorn instances (default 2) on ports CLUSTER_BACKEND_PORT… (8101…), with
# Redis (REDIS_URL, default redis://127.0.0.1:6379/0) and the database of `make run`.
# CLUSTER_PORT (default 8080) is Varnish's. Ctrl-C stops everything it started.
cluster: install
	$(PY) scripts/cluster.py

test: install browser proxy
	$(PY) scripts/dev.py test -- $(PYTEST_ARGS)

# The tests through the real HTTP cache need Debian's varnish; installed when missing (root or
# password-less sudo), else those tests are skipped with a message and the rest run.
proxy:
	-@$(PY) scripts/varnish.py ensure

# The web benchmark's load generator and static server: Debian's wrk and nginx-light (apt-get as root or with password-less sudo).
wrk: install
	@$(PY) scripts/tools.py ensure-wrk
	@$(PY) scripts/tools.py ensure-nginx

# Same database rules as run/test, in separate databases (sunshine_web_10k, sunshine_web_1m,
# sunshine_bench), built once and reused; ARGS=--rebuild rebuilds them. Options:
# bench/web.py --help and bench/run.py --help.
ARGS ?=
WEB_ARGS ?= $(ARGS)
REPORT_ARGS ?= $(ARGS)

bench: install wrk
	$(PY) bench/web.py $(WEB_ARGS)
	$(PY) bench/run.py $(REPORT_ARGS)

bench-web: install wrk
	$(PY) bench/web.py $(WEB_ARGS)

bench-report: install
	$(PY) bench/run.py $(REPORT_ARGS)

# The catalogue import (#19): N items with one PDF each into sunshine_bench_import, timed
# (docs/import-catalogue.md); IMPORT_ARGS=--items 50000 for the full size.
bench-import: install
	$(PY) bench/import_catalogue.py $(IMPORT_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Database (one snapshot) and uploaded files with SHA-256 checksums, under var/backups/
# (docs/backup.md). make restore BACKUP=var/backups/sunshine-backup-... into an empty database.
backup: install
	$(PY) scripts/dev.py backup

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/sunshine-backup-YYYYmmdd-HHMMSS"; exit 2; }
	$(PY) scripts/dev.py restore "$(BACKUP)"

db-start: install
	@$(PY) scripts/dev.py db-start

db-stop: install
	@$(PY) scripts/dev.py db-stop

clean:
	-$(PY) scripts/dev.py db-stop
	rm -rf var staticfiles .pytest_cache .ruff_cache .mypy_cache
