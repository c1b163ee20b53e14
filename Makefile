# The two commands in the README: `make serve` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve test install test-setup screenshots benchmark rules-doc quality-doc dist clean

$(STAMP): pyproject.toml server/klarsvar/__init__.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## install: the virtualenv, the package and the system packages the server uses (none today)
install: $(STAMP)
	bash scripts/setup-system.sh runtime

## serve: install and start the server on 127.0.0.1:8765
serve: install
	$(BIN)/klarsvar serve

## test-setup: everything the test suite needs beyond the server (browser, npm packages)
test-setup: install
	bash scripts/setup-system.sh test
	bash scripts/setup-test.sh

## test: install and run every test (unit, API, rules, end-to-end in Chromium and Firefox ESR)
# With the system's Hunspell folders hidden: the suite runs on the dictionaries the package ships, as on an
# agent's laptop without apt (tests/server/test_dictionaries.py covers the system-first lookup itself).
test: test-setup
	KLARSVAR_SYSTEM_DICTIONARIES=off $(BIN)/python -m pytest

## screenshots: regenerate docs/screenshots/ from the e2e tests (card, panel, rewrite, popup; da/en, light/dark)
screenshots: test-setup
	KLARSVAR_UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/e2e/test_screenshots.py

## benchmark: full benchmark run; writes docs/performance.md
benchmark: install
	$(BIN)/python -m benchmarks

## rules-doc: regenerate docs/rules.md from the rule data
rules-doc: install
	$(BIN)/klarsvar rules --markdown > docs/rules.md

## quality-doc: assemble docs/quality.md from docs/quality/*.md
quality-doc: install
	$(BIN)/python scripts/build_quality_doc.py

## dist: the wheel, the sdist and the extension zips for Chromium and Firefox, in dist/
# The version comes from klarsvar.__version__ alone; a manifest that says otherwise stops the build.
VERSION  = $(shell $(BIN)/python -c 'import klarsvar; print(klarsvar.__version__)')
WEB_EXT := extension/node_modules/.bin/web-ext
# web-ext already leaves out node_modules and dot-files; the npm files are dev tools only.
EXT_SKIP := package.json package-lock.json
dist: install
	bash scripts/setup-test.sh
	test "$$($(BIN)/python -c 'import json; print(json.load(open("extension/manifest.json"))["version"])')" = "$(VERSION)" \
	  || { echo "extension/manifest.json's version differs from klarsvar.__version__ ($(VERSION))" >&2; exit 1; }
	rm -rf dist
	$(BIN)/python -m build --sdist --wheel --outdir dist .
	$(WEB_EXT) build --source-dir extension --artifacts-dir dist --filename "klarsvar-firefox-$(VERSION).zip" \
	  --overwrite-dest --ignore-files $(EXT_SKIP)
	# Chromium reads only background.service_worker and warns about Firefox's own manifest keys.
	mkdir -p dist/chromium-src
	tar -C extension --exclude=node_modules -cf - . | tar -C dist/chromium-src -xf -
	$(BIN)/python -c 'import json, sys; p = sys.argv[1]; m = json.load(open(p)); m.pop("browser_specific_settings"); \
	  m["background"].pop("scripts"); open(p, "w").write(json.dumps(m, indent=2, ensure_ascii=False) + "\n")' \
	  dist/chromium-src/manifest.json
	$(WEB_EXT) build --source-dir dist/chromium-src --artifacts-dir dist --filename "klarsvar-chromium-$(VERSION).zip" \
	  --overwrite-dest --ignore-files $(EXT_SKIP)
	rm -rf dist/chromium-src
	ls -l dist

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis dist build
