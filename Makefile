# The two set-up commands: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
VENV := .venv
# The interpreter the virtual environment is made from: Debian's python3.11 where the machine has it with
# its venv module, else the first python3 on PATH. Debian builds it with profile-guided and link-time
# optimisation; extraction runs about 1.2x faster on it than on a default source build such as pyenv's.
BASE_PYTHON ?= $(shell /usr/bin/python3.11 -c "import ensurepip, venv" >/dev/null 2>&1 && echo /usr/bin/python3.11 || echo python3)
PYTHON := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8501
GEOBENCH ?= ../shared/geobench/gwn-dev.jsonl
# The CASE 2021 event-typing set, re-created outside the repository (../shared/eventbench/README.md)
EVENTBENCH ?= $(DATELINES_EVENTBENCH)

.PHONY: run test test-fresh-clone lint eval bench bench-scale gazetteer vendor clean venv-runtime venv-dev browser native

$(VENV)/.runtime: requirements.txt
	test -x $(PYTHON) || $(BASE_PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements-ingest.txt requirements.txt $(VENV)/.runtime
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv-runtime: $(VENV)/.runtime
venv-dev: $(VENV)/.dev

## make native: compile the extraction modules with mypyc (2 to 3x faster; plain Python runs if it fails).
## Built on demand (make native, make test, make bench, CI), never by make run: a newcomer need not wait for it.
build/native/manifest.json: $(wildcard datelines/*.py datelines/*/*.py datelines/*/*/*.py) requirements-native.txt scripts/build_native.py datelines/_native.py | $(VENV)/.runtime
	-$(PIP) install --quiet --disable-pip-version-check -r requirements-native.txt
	-$(PYTHON) scripts/build_native.py

native: build/native/manifest.json

## make run: install the runtime set and start the dashboard on the seed articles (no network needed).
## It uses the compiled modules when `make native` has built them from these sources, else plain Python.
run: $(VENV)/.runtime
	$(PYTHON) -m datelines warm
	$(VENV)/bin/streamlit run dashboard.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

## Debian's chromium for the browser tests (Playwright cannot download browsers here)
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## make test: install everything, lint, then run the whole suite
test: $(VENV)/.dev browser lint native
	$(PYTHON) -m datelines warm
	$(PYTHON) -m pytest -q

## make test-fresh-clone: the suite as a newcomer meets it: a clone of the committed HEAD with nothing beside it
## (no ../shared), reusing this checkout's virtual environment. CI runs it after `make test`.
FRESH_CLONE ?= /tmp/datelines-fresh-clone/datelines
test-fresh-clone: $(VENV)/.dev
	rm -rf $(dir $(FRESH_CLONE)) && mkdir -p $(dir $(FRESH_CLONE))
	git clone --quiet . $(FRESH_CLONE)
	ln -s $(abspath $(VENV)) $(FRESH_CLONE)/$(VENV)
	test ! -e $(FRESH_CLONE)/../shared
	$(MAKE) -C $(FRESH_CLONE) test

eval: $(VENV)/.runtime
	$(PYTHON) -m datelines eval --geobench $(GEOBENCH) $(if $(EVENTBENCH),--eventbench $(EVENTBENCH))

## make bench-scale: the event store against the DataFrame at 1M events, and ingest speed (bench/scale-results.json)
bench-scale: $(VENV)/.dev
	$(PYTHON) -m datelines warm
	$(PYTHON) -m datelines bench-scale

## make bench: extraction speed, then the dashboard at 1k/10k/100k events against a naive page (writes bench/results.json)
bench: $(VENV)/.dev browser native
	$(PYTHON) -m datelines warm
	$(PYTHON) -m datelines bench
	$(PYTHON) bench/dashboard_bench.py

## rebuild data/gazetteer.tsv.gz from GeoNames (build-only dependencies)
gazetteer: $(VENV)/.runtime
	$(PIP) install --quiet --disable-pip-version-check -r requirements-build.txt
	$(PYTHON) -m datelines build-gazetteer

clean:
	rm -rf .cache .pytest_cache .ruff_cache tests/screenshots build

## re-vendor the map's JavaScript/CSS from the npm registry (build-time only; output is committed)
vendor:
	python3 scripts/vendor_assets.py
	python3 scripts/build_city_labels.py
