# One entry point for everything. Needs Python 3.11+; creates .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PREVIEW_PORT ?= 8001
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build preview publish offline check schema report test system-deps pdf bench clean screenshots checked checked-all xliff-export xliff-import changes feed

$(VENV)/.site-deps: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-deps: $(VENV)/.site-deps requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

## serve: build and serve at http://127.0.0.1:8000; pages reload as you edit (only changed pages are rebuilt)
serve: $(VENV)/.site-deps
	$(BIN)/python -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload --dirty

## build: static site into site/ (left untouched if the build fails)
build: $(VENV)/.site-deps
	$(BIN)/python tools/build.py site

## preview: serve the built site/ (run `make build` first) on http://127.0.0.1:8001, gzipped as a static host would
preview: $(VENV)/.site-deps
	$(BIN)/python tools/staticserver.py site $(PREVIEW_PORT)

## publish: what a host serves, in site/: the site with its PDFs inside it (needs Debian's chromium; what a deployment runs)
publish: $(VENV)/.test-deps
	$(BIN)/python tools/build.py site --pdfs

## offline: a copy of the site that works opened from a folder (site-offline/) or a zip (site-offline.zip)
offline: $(VENV)/.site-deps
	GUIDE_DIRECTORY_URLS=false $(BIN)/python tools/build.py site-offline
	$(BIN)/python -c "import shutil; shutil.make_archive('site-offline', 'zip', 'site-offline')"
	@echo "Open site-offline/index.html, or unzip site-offline.zip anywhere and open its index.html"

## pdf: the printed guide and the handouts as PDFs, printed into site/ with the pages that link them (as publish)
pdf: publish

## bench: synthetic data at 1x, 10x and 100x; writes bench/results.md and bench/results.json
bench: $(VENV)/.test-deps
	cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python tools/bench.py --scales 1,10,100 --reference 1,10

## screenshots: the built site in Chromium, phone (390x844) and desktop (1366x900), both languages, into screenshots/
screenshots: $(VENV)/.test-deps
	@test -f site/index.html || $(MAKE) build
	$(BIN)/python tools/screenshots.py site screenshots

## check: validate data/ only, one line per problem
check: $(VENV)/.site-deps
	cd hooks && ../$(BIN)/python -m guide check ../data

# The translation commands run from the project root, so FILE= paths are as you type them.
GUIDE := PYTHONPATH=hooks $(BIN)/python -m guide
TO ?= ru
SITE_LANG ?= en

## checked: after reviewing a translation, mark it checked: make checked FILE=data/services/x.yml [FIELD=summary] [RECORD=id]
checked: $(VENV)/.site-deps
	@test -n "$(FILE)" || { echo "usage: make checked FILE=data/services/<section>/<id>.yml [FIELD=summary] [RECORD=id]"; exit 1; }
	$(GUIDE) checked $(FILE) $(if $(FIELD),--field '$(FIELD)') $(if $(RECORD),--record '$(RECORD)')

## checked-all: mark every translation checked (once, after a full review of every text)
checked-all: $(VENV)/.site-deps
	$(GUIDE) checked --all

## xliff-export: translations into TO (ru or en) that need work, as XLIFF 1.2: make xliff-export TO=ru [ALL=1] [OUT=x.xlf]
xliff-export: $(VENV)/.site-deps
	$(GUIDE) xliff-export --lang $(TO) $(if $(ALL),--all) $(or $(OUT),translate-$(TO).xlf)

## xliff-import: put an edited XLIFF file back: make xliff-import IN=translate-ru.xlf
xliff-import: $(VENV)/.site-deps
	@test -n "$(IN)" || { echo "usage: make xliff-import IN=translate-ru.xlf"; exit 1; }
	$(GUIDE) xliff-import $(IN)

## changes: the change notes across the site, newest first, in SITE_LANG (en or ru)
changes: $(VENV)/.site-deps
	$(GUIDE) changes --lang $(SITE_LANG)

## feed: the Atom feed of changes in SITE_LANG, to standard output (GUIDE_SITE_URL for absolute links)
feed: $(VENV)/.site-deps
	$(GUIDE) feed --lang $(SITE_LANG)

## schema: re-export the JSON Schema of the data files to data/schema/
schema: $(VENV)/.site-deps
	cd hooks && ../$(BIN)/python -m guide schema ../data

## report: records not reviewed for 12 months
report: $(VENV)/.site-deps
	cd hooks && ../$(BIN)/python -m guide report ../data

## test: check for Debian's chromium and Java (installs them as root), install test tools, run the whole suite
test: system-deps $(VENV)/.test-deps
	$(BIN)/python -m pytest

# Debian's chromium, Java and pdftoppm for the tests: quick when present, installed as root, else one command to run
system-deps:
	@bash tools/system-deps.sh chromium java pdftoppm

clean:
	rm -rf site site-offline site-offline.zip .site-new-* .site-old-* .pytest_cache
