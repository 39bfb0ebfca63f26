# Civic Adopt: `make run` serves the product with the demo municipality; `make test` runs every check.
# Both set up everything they need on a fresh machine (Python venv, npm assets, and the Debian packages that
# PDF reports and the browser tests need).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
USWDS := node_modules/@uswds/uswds/dist
VENDOR := src/civicadopt/static/vendor/uswds
# Debian packages: Chromium for the browser tests; Pango, HarfBuzz's subsetter and Cairo for WeasyPrint and
# CairoSVG (PDF and Word reports); DejaVu so that PDFs have glyphs on a machine without other fonts;
# GNU gettext for `make messages` (Django's makemessages runs xgettext; the compiled catalogue is committed);
# Liberation Sans, the report font whose widths reports/layout.py assumes; poppler-utils (pdftotext -bbox)
# for the test that every word of a council report lies inside the printable area.
SYSTEM_PACKAGES := chromium libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 libcairo2 fonts-dejavu-core gettext fonts-liberation poppler-utils

.DEFAULT_GOAL := help
.PHONY: help run test lint messages test-core test-app test-postgres install assets system-deps browser bench clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/civicadopt: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/civicadopt ## Create .venv and install the package with its test tools

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/.copied: node_modules/.package-lock.json
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)
	cp -r $(USWDS)/css $(USWDS)/fonts $(USWDS)/img $(USWDS)/js $(VENDOR)/
	touch $@

assets: $(VENDOR)/.copied ## Install front-end assets from npm and copy them into static files

# Installs what is missing with apt-get (through sudo when not root). Without root or sudo it only says
# what to install, so that `make run` still serves everything but PDF and Word downloads.
system-deps: ## Install the Debian packages for PDF reports and browser tests, when missing
	@missing=""; for pkg in $(SYSTEM_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null; then sudo="sudo"; \
	else sudo="none"; fi; \
	if [ "$$sudo" != none ] && $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing; then exit 0; fi; \
	echo "*** Missing Debian packages:$$missing"; \
	echo "*** PDF and Word reports (and the browser tests) need them. As root, run:"; \
	echo "***   apt-get update && apt-get install -y$$missing"

browser: system-deps ## Same as system-deps (kept for old habits and scripts)

run: install assets system-deps ## Serve Civic Adopt on http://127.0.0.1:8000 with the demo municipality (SQLite under var/)
	$(BIN)/civicadopt serve --host $(HOST) --port $(PORT)

lint: install ## ruff, mypy (strict on the core), import-linter, and migrations up to date
	$(BIN)/ruff check src tests conftest.py $(wildcard bench)
	$(BIN)/ruff format --check src tests conftest.py $(wildcard bench)
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

test-core: install ## The pure core's tests, without Django
	$(BIN)/pytest tests/core -p no:django -q -W ignore::pytest.PytestConfigWarning

test-app: install assets system-deps ## The Django apps' tests, browser and accessibility tests included
	$(BIN)/pytest src -q -n 2

test: lint test-core test-app ## Everything: lint, core tests, app and browser tests (SQLite)

test-postgres: install assets system-deps ## The app tests on a throwaway PostgreSQL 15 cluster on 127.0.0.1
	bash scripts/with-postgres.sh $(BIN)/pytest src -q -n 2

# Timings print as ratios measured in the same run; missed targets are reported (FAIL), never asserted.
bench: install ## Install the benchmark-only peers (.[bench]) and run every script in bench/
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Idempotent and quick (about 2 s): run it after adding or changing user-facing strings, then commit the
# .po and .mo files under src/civicadopt/locale.
messages: install system-deps ## Regenerate the American English catalogue from the (British-spelled) source strings
	$(BIN)/python scripts/make_messages.py

clean: ## Remove the venv, npm packages and copied assets (keeps var/, your data)
	rm -rf $(VENV) node_modules $(VENDOR)
