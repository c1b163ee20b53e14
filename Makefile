# The two commands in the README: `make serve` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve test install test-setup benchmark rules-doc quality-doc clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## install: the virtualenv, the package and the system packages the server uses (dictionaries)
install: $(STAMP)
	bash scripts/setup-system.sh runtime

## serve: install and start the server on 127.0.0.1:8765
serve: install
	$(BIN)/klarsvar serve

## test-setup: everything the test suite needs beyond the server (browser, npm packages)
test-setup: install
	bash scripts/setup-system.sh test
	bash scripts/setup-test.sh

## test: install and run every test (unit, API, rules, end-to-end in Chromium)
test: test-setup
	$(BIN)/python -m pytest

## benchmark: full benchmark run; writes docs/performance.md
benchmark: install
	$(BIN)/python -m benchmarks

## rules-doc: regenerate docs/rules.md from the rule data
rules-doc: install
	$(BIN)/klarsvar rules --markdown > docs/rules.md

## quality-doc: assemble docs/quality.md from docs/quality/*.md
quality-doc: install
	$(BIN)/python scripts/build_quality_doc.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
