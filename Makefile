# The two commands of the README's quick start. Each installs what it needs first: the Debian
# packages rendering needs (fonts, Pango, HarfBuzz subsetting, poppler for the read-back tests)
# and docgen itself in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= out
SYSTEM_PACKAGES := fontconfig fonts-noto-cjk fonts-noto-color-emoji libpango-1.0-0 \
	libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

AXE := tests/axe/node_modules/axe-core/axe.min.js

.PHONY: sample test mutation system

# Debian packages, installed only when one is missing.
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(BIN)/docgen: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Check every sample source and build it to HTML, PDF and DOCX in $(OUT)/, a unit's standard
# tables also to XLSX, with an index.
sample: system $(BIN)/docgen
	$(BIN)/docgen build-all sample_data -o $(OUT)

# axe-core for the accessibility test (tests/test_axe.py), from npm at the version the lock file
# names; without npm the test says it is skipped.
$(AXE): tests/axe/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: tests/test_axe.py will be skipped"; fi

# Linters, type checks and the whole test suite: on every core (pytest-xdist, one test file per
# worker so a file's shared fixtures are built once), then the tests that send signals to worker
# pools or time them, alone. A failure in either part fails the target.
test: system $(BIN)/docgen $(AXE)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -n auto --dist loadfile -m "not serial"
	$(BIN)/pytest -m serial

# Mutation testing of the modules where a wrong figure is born or judged, one module at a time,
# then each module's score. Slow and heavy: run by hand, never in CI; `make mutation
# MUTATE=docgen/write.py` for one module, JOBS=1 on a shared machine. See tests/README.md.
MUTATE ?= docgen/compute.py docgen/rules/checks.py docgen/rules/indicators.py \
	docgen/rules/county.py docgen/history/diff.py docgen/document/numbers.py docgen/write.py
JOBS ?= 2

mutation: system $(BIN)/docgen
	$(BIN)/python -m pip install --quiet -e '.[test,mutation]'
	for module in $(MUTATE); do \
		name=$$(echo "$${module%.py}" | tr / .); \
		PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/mutmut run --max-children $(JOBS) "$$name.*" || exit 1; \
	done
	$(BIN)/python tools/mutation_score.py $(MUTATE)
