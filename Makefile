# Samverkan: `make run` starts the portal with demo data, `make test` runs the whole suite.
# Both need only Python 3.11 and make; everything else is installed into .venv.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DEMO_ORGANISATION ?= osthammar
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: run test lint fmt messages check-deploy clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Samverkan needs Python 3.11")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e ".[test]"
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(MANAGE) migrate --noinput
	$(MANAGE) load_organisation --all
	$(MANAGE) create_demo_data $(DEMO_ORGANISATION)
	$(MANAGE) runportal

# One pytest-xdist worker per core, each with its own test database; PYTEST_WORKERS=0 runs
# the suite in one process. Tests marked xdist_group(...) share a worker (docs/development.md).
PYTEST_WORKERS ?= auto
test: $(VENV)/.installed-test
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(MANAGE) makemigrations --check --dry-run

fmt: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (xgettext, msgfmt). The compiled .mo files are committed so that
# `make run` works without gettext; tests check they match the .po files.
messages: $(VENV)/.installed-test
	$(MANAGE) makemessages --locale sv --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'benchmarks/*' --no-obsolete
	$(BIN)/python scripts/translate.py scripts/translations/*.py

# Production mode must pass Django's deployment checklist without a single warning.
check-deploy: $(VENV)/.installed-run
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	ALLOWED_HOSTS=samverkan.example.se DEBUG=false \
	$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var
