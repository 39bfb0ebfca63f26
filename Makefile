# Civic Adopt: `make run` serves the product with the demo municipality; `make test` runs every check.
# Both set up everything they need on a fresh machine (Python venv, npm assets, Debian's Chromium for tests).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
USWDS := node_modules/@uswds/uswds/dist
VENDOR := src/civicadopt/static/vendor/uswds

.DEFAULT_GOAL := help
.PHONY: help run test lint test-core test-app test-postgres install assets browser clean

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

browser: ## Install Debian's Chromium for the browser tests (when missing)
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

run: install assets ## Serve Civic Adopt on http://127.0.0.1:8000 with the demo municipality (SQLite under var/)
	$(BIN)/civicadopt serve --host $(HOST) --port $(PORT)

lint: install ## ruff, mypy (strict on the core), import-linter, and migrations up to date
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

test-core: install ## The pure core's tests, without Django
	$(BIN)/pytest tests/core -p no:django -q -W ignore::pytest.PytestConfigWarning

test-app: install assets browser ## The Django apps' tests, browser and accessibility tests included
	$(BIN)/pytest src -q -n 2

test: lint test-core test-app ## Everything: lint, core tests, app and browser tests (SQLite)

test-postgres: install assets browser ## The app tests on a throwaway PostgreSQL 15 cluster on 127.0.0.1
	bash scripts/with-postgres.sh $(BIN)/pytest src -q -n 2

clean: ## Remove the venv, npm packages and copied assets (keeps var/, your data)
	rm -rf $(VENV) node_modules $(VENDOR)
