# 阳光政务公开平台 — developer commands. Needs only Python 3.11+ and make.
#   make run    set everything up and serve the portal at http://127.0.0.1:8000 (PORT overrides)
#   make test   set everything up and run the whole test suite
#   make bench  time the annual report's figures on 100,000 cases (docs/benchmark.md)
PYTHON ?= python3
# Two workers: the suite is database-bound and these machines have two cores.
PYTEST_ARGS ?= -n 2
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench install browser lint format clean db-start db-stop help

help:
	@echo "make run | make test | make bench | make lint | make format | make clean"

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

test: install browser
	$(PY) scripts/dev.py test -- $(PYTEST_ARGS)

# Same database rules as run/test, in a separate database sunshine_bench; ARGS=--rebuild
# rebuilds the bench data (see bench/run.py --help).
bench: install
	$(PY) bench/run.py $(ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

db-start: install
	@$(PY) scripts/dev.py db-start

db-stop: install
	@$(PY) scripts/dev.py db-stop

clean:
	-$(PY) scripts/dev.py db-stop
	rm -rf var staticfiles .pytest_cache .ruff_cache
