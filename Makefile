# The two commands of the README, `make build` and `make test`, each set up
# what they need first: Debian packages when missing, and the virtual
# environment in .venv/ with briefing installed in it.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core, the accessibility engine the browser tests load into every page (npm).
AXE := tests/node_modules/axe-core/axe.min.js

.PHONY: build test preview messages bench system-build system-test clean

build: system-build $(STAMP)
	$(BIN)/briefing build

test: system-test $(STAMP) $(AXE)
	$(BIN)/ruff check briefing tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

system-build:
	@scripts/system-deps.sh build

system-test:
	@scripts/system-deps.sh test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench,dev]'
	@# An editable install is not compiled; compiled once here, every command starts faster.
	$(BIN)/python -m compileall -q briefing
	touch $(STAMP)

$(AXE): tests/package.json tests/package-lock.json
	npm ci --prefix tests --no-audit --no-fund --ignore-scripts
	touch $(AXE)

# Every page of every PDF in dist/ as PNG under preview/, for a person to look at.
preview: build
	@rm -rf preview && mkdir -p preview
	@for pdf in dist/*/briefing.pdf; do \
	  name=$$(basename $$(dirname $$pdf)); \
	  pdftoppm -r 80 -png $$pdf preview/$$name; \
	done
	@ls preview

# Extract the templates' strings and merge them into every locale's catalog.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --omit-header \
	  -o templates/messages.pot .
	@for po in content/*/messages.po examples/*/*/messages.po; do \
	  $(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i templates/messages.pot -o $$po \
	    -l $$(basename $$(dirname $$po)); \
	done

bench: system-test $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf dist preview $(VENV) tests/node_modules
