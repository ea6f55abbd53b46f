# Bake Tracker: `make run` to use it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint typecheck unit bench system-deps clean demo

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -e '.[dev]'
	@if [ -f package.json ]; then npm ci --no-audit --no-fund --silent; fi
	touch $(STAMP)

# The system packages the tests need: PostgreSQL, Chromium, poppler-utils.
# Installed only when missing and only when running as root (CI, fresh machines).
system-deps:
	@bash scripts/system-deps.sh

# Until the web app lands, `make run` prepares the database and shows the commands.
run: setup
	$(BIN)/baketracker init
	$(BIN)/baketracker --help

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest tests/unit -q

test: setup system-deps lint
	$(BIN)/pytest -n 2 --cov --cov-report=term:skip-covered --cov-report=xml:.coverage.xml tests
	$(BIN)/python scripts/coverage_gate.py .coverage.xml

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .coverage*
