# The two commands of the README's quick start. Each installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: sample test

$(BIN)/docgen: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Check every sample source: exits 1 on any error, shows warnings.
sample: $(BIN)/docgen
	$(BIN)/docgen validate sample_data

# Linters, type checks and the whole test suite.
test: $(BIN)/docgen
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest
