# The two Quick start commands (see README.md): `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-test demo demo-fixture test lint clean-demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel

# Installs Rathaus (editable) into .venv.
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

# Installs Rathaus with its test tools and the example third-party module,
# which reaches Rathaus only through its `rathaus.modules` entry point.
install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]" -e tests/example_module

# Installs everything, builds the demo on SQLite (migrations and demo data in
# one process) and serves it on :8000.
demo: install
	$(BIN)/python manage.py load_demo --migrate
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Builds the demo's content live on a throwaway SQLite database and stores it
# as the prepared demo (site/demo/prepared/) that `make demo` inserts. Run it
# after changing the demo, its data or a migration (a test says when).
demo-fixture: install
	rm -rf var/prepare-demo
	mkdir -p var/prepare-demo
	DATABASE_URL=sqlite:///$(CURDIR)/var/prepare-demo/db.sqlite3 \
	MEDIA_ROOT=$(CURDIR)/var/prepare-demo/media \
		$(BIN)/python manage.py prepare_demo --migrate
	rm -rf var/prepare-demo

# Installs everything and runs the whole test suite (SQLite by default; set
# DATABASE_URL and REDIS_URL to run it on PostgreSQL and Redis).
test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -W error::DeprecationWarning manage.py check
	$(BIN)/python manage.py check_contract

clean-demo:
	rm -f var/db.sqlite3 var/db.sqlite3-wal var/db.sqlite3-shm
