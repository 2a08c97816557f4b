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

.PHONY: sample test system

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

# Check every sample source and build it to HTML, PDF and DOCX in $(OUT)/, with an index.
sample: system $(BIN)/docgen
	$(BIN)/docgen build-all sample_data -o $(OUT)

# Linters, type checks and the whole test suite: on every core (pytest-xdist, one test file per
# worker so a file's shared fixtures are built once), then the tests that send signals to worker
# pools or time them, alone. A failure in either part fails the target.
test: system $(BIN)/docgen
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -n auto --dist loadfile -m "not serial"
	$(BIN)/pytest -m serial
