# Casusoverleg Lelystad. `make run` starts the demo, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Tests run against the real services (PostgreSQL and Redis on this machine).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/casusoverleg
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
PYTEST_ARGS ?=
HYPOTHESIS_PROFILE ?= ci

.PHONY: run test install lint format messages vendor check-deploy clean fuzz soak bandit audit

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DEBUG=true $(BIN)/python manage.py migrate --no-input
	DEBUG=true $(BIN)/python manage.py seed_demo
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	SECRET_KEY=test-only-secret-key-not-for-production-use-0123456789 \
	HYPOTHESIS_PROFILE=$(HYPOTHESIS_PROFILE) \
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# Long runs of the proof suite (docs/security.md); CI runs shorter versions in `make test`.
fuzz: $(STAMP)
	$(MAKE) test HYPOTHESIS_PROFILE=fuzz \
	  PYTEST_ARGS="tests/security/test_forms_fuzz.py tests/signals/test_intake_fuzz.py tests/cases/test_forms_fuzz.py $(PYTEST_ARGS)"

soak: $(STAMP)
	SOAK_CLIENTS=50 SOAK_SIGNALS=1000 $(MAKE) test PYTEST_ARGS="-n 0 -s tests/reliability/test_soak.py $(PYTEST_ARGS)"

# Static security analysis: fails on any finding of medium or high severity.
bandit: $(STAMP)
	$(BIN)/bandit -q -r accounts cases network signals meetings privacy reports dashboards notifications api demo lelystad_radicalisering -x '*/migrations/*' -ll

# Known vulnerabilities in the installed dependencies. Needs the PyPI JSON API or
# OSV on the internet; where neither is reachable it fails (see docs/security.md).
audit: $(STAMP)
	$(BIN)/pip-audit --strict --local --progress-spinner off

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	DEBUG=true $(BIN)/python manage.py makemessages -l nl --ignore=.venv --ignore=staticfiles --ignore=node_modules --no-obsolete
	DEBUG=true $(BIN)/python manage.py compilemessages -l nl --ignore=.venv --ignore=node_modules

vendor:
	bash scripts/vendor_static.sh

clean:
	rm -rf $(VENV) demo.sqlite3 staticfiles
