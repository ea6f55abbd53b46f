# Bake Tracker: `make run` to use it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

VENDOR := src/baketracker/web/static/vendor
NPM_STAMP := node_modules/.package-lock.json

.PHONY: setup assets run test lint typecheck unit bench system-deps clean demo

setup: $(STAMP) assets

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Front-end packages come from the npm registry, pinned by package-lock.json (no install
# scripts run), and are copied next to the app's own static files: served locally, never
# from a CDN, never committed.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent --ignore-scripts
	touch $(NPM_STAMP)

assets: $(VENDOR)/.copied

$(VENDOR)/.copied: $(NPM_STAMP)
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/htmx $(VENDOR)/pico $(VENDOR)/chart.js $(VENDOR)/swagger-ui $(VENDOR)/barcode-detector $(VENDOR)/workbox
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/@picocss/pico/css/pico.min.css $(VENDOR)/pico/
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/chart.js/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
	   node_modules/swagger-ui-dist/favicon-32x32.png $(VENDOR)/swagger-ui/
	# The camera scan: the BarcodeDetector ponyfill (ZXing) and its reader, both served here.
	cp node_modules/barcode-detector/dist/iife/ponyfill.js node_modules/zxing-wasm/dist/reader/zxing_reader.wasm \
	   $(VENDOR)/barcode-detector/
	cp node_modules/workbox-sw/build/workbox-sw.js $(VENDOR)/workbox/
	for module in core routing strategies precaching expiration; do \
	  cp node_modules/workbox-$$module/build/workbox-$$module.prod.js $(VENDOR)/workbox/; done
	touch $(VENDOR)/.copied

# The system packages the tests need: PostgreSQL, Chromium, poppler-utils.
# Installed only when missing and only when running as root (CI, fresh machines).
system-deps:
	@bash scripts/system-deps.sh

# Set up, create or upgrade the embedded database, load the demo season into an empty
# one, and serve the app on 127.0.0.1:8000.
run: setup
	$(BIN)/baketracker init
	$(BIN)/baketracker demo --if-empty
	$(BIN)/baketracker serve

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
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache .mypy_cache .ruff_cache .coverage*
