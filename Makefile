# Balise: `make run` starts the app, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.app-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: help run test lint bench demo

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(APP_STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11+ is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

$(DEV_STAMP): $(APP_STAMP) requirements-dev.txt
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $@

run: $(APP_STAMP)  ## set up, build the demo workspace on first start, open the app
	$(BIN)/python -m lib demo --if-missing
	$(BIN)/streamlit run app.py

test: $(DEV_STAMP)  ## set up with the dev tools and run every test (unit, AppTest, browser)
	$(BIN)/python -m pytest -q -n auto --dist load --durations=15

lint: $(DEV_STAMP)  ## ruff, and the layer rules (import-linter contracts in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: $(DEV_STAMP)  ## page times and load speed on the demo and on 1M-row workspaces
	$(BIN)/python -m bench
