# palimpsest — `make run` archives the demo site and serves it; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus/extraction

.PHONY: run test lint bench-extract bench-churn bench-edits bench-layouts bench-crawl bench-search bench-charset screenshots system-deps clean

$(BIN)/palimpsest: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

venv: $(BIN)/palimpsest

run: $(BIN)/palimpsest
	$(BIN)/palimpsest demo

test: $(BIN)/palimpsest system-deps
	$(BIN)/ruff check .
	$(BIN)/pytest -q -p no:cacheprovider

# Chromium and a CJK font for the browser tests, from Debian's packages.
system-deps:
	@command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi -e wqy -e "noto sans cjk" || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; }

lint: $(BIN)/palimpsest
	$(BIN)/ruff check .

bench-extract: $(BIN)/palimpsest
	$(BIN)/python -m bench.extraction.run --corpus $(CORPUS) --split all --repeat 3

bench-churn: $(BIN)/palimpsest
	$(BIN)/python -m bench.extraction.churn --corpus $(CORPUS) --split all

bench-edits: $(BIN)/palimpsest
	$(BIN)/python -m bench.extraction.edits --corpus $(CORPUS) --split all

bench-layouts: $(BIN)/palimpsest
	$(BIN)/python -m bench.extraction.layouts --corpus $(CORPUS)

# Scrapy, the crawl benchmark's peer, and what it needs: only installed for this benchmark.
$(VENV)/.bench-deps: requirements-bench.lock $(BIN)/palimpsest
	$(BIN)/pip install --quiet -r requirements-bench.lock
	touch $@

bench-crawl: $(VENV)/.bench-deps
	$(BIN)/python -m bench.crawl.run

clean:
	rm -rf $(VENV) data

bench-search: $(BIN)/palimpsest
	$(BIN)/python -m bench.search.run

bench-charset: $(BIN)/palimpsest
	$(BIN)/python -m bench.charset.run --corpus $(CORPUS)

screenshots: $(BIN)/palimpsest system-deps
	$(BIN)/python scripts/screenshots.py
