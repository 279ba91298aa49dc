# ZI Tracker: `make run` installs and starts the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo runs with DEBUG on; production settings come from .env (see README).
DEMO := DEBUG=1

.PHONY: run test install install-dev messages lint

run: install
	$(DEMO) $(BIN)/python manage.py migrate --no-input
	$(DEMO) $(BIN)/python manage.py seed_demo
	$(DEMO) $(BIN)/python manage.py load_lke_framework --builtin
	@echo "ZI Tracker runs at http://127.0.0.1:8000 with its task worker (Ctrl+C stops both)"
	$(DEMO) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-dev
	$(BIN)/python -m pytest

install: $(VENV)/.installed messages
install-dev: $(VENV)/.installed-dev messages

$(BIN)/python:
	scripts/system-packages run
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	scripts/system-packages run
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	scripts/system-packages test
	$(BIN)/pip install -q -e ".[dev]"
	touch $(VENV)/.installed $@

messages:
	$(DEMO) $(BIN)/python manage.py compilemessages --ignore=$(VENV) -v0

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo
