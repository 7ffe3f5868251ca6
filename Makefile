# The two entry points: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR ?= leadsift-demo
DEMO_SIZE ?= medium

.PHONY: demo test lint typecheck unit venv clean

$(BIN)/python:
	sh scripts/make-venv.sh "$(PYTHON)" "$(VENV)"

venv: $(BIN)/python

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	rm -rf "$(DEMO_DIR)"
	$(BIN)/leadsift demo "$(DEMO_DIR)" --size $(DEMO_SIZE)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

unit: $(VENV)/.installed-test
	LEADSIFT_TEST_PG_URL="$$(sh scripts/ensure-postgres.sh)" LEADSIFT_TEST_CHROMIUM="$$(sh scripts/ensure-chromium.sh)" LEADSIFT_TEST_IMAP="$$(sh scripts/ensure-dovecot.sh)" $(BIN)/python -m pytest -n 2 -q

test: lint typecheck unit

clean:
	rm -rf $(VENV) "$(DEMO_DIR)" .mypy_cache .pytest_cache .ruff_cache
