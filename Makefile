# Quick start:  make        (set up everything, build the outputs for every article in seeds/)
#               make test   (run the test suite; .ci/run calls exactly this)
SHELL := /bin/bash
.DEFAULT_GOAL := all
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PIPELINE := $(PY) -m pipeline
# One target per output, a row of pipeline/outputs.py (`pipeline outputs` lists them): make audio, make epub...
OUTPUTS := report audio epub summary
# command (or file):Debian package. Run-time tools first, then what the tests need (EPUBCheck's Java, Chromium for axe).
RUN_DEPS := espeak-ng:espeak-ng ffmpeg:ffmpeg ffprobe:ffmpeg /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf:fonts-dejavu-core
TEST_DEPS := java:default-jre-headless chromium:chromium fc-list:fonts-liberation

.PHONY: all $(OUTPUTS) batch doctor suggest review setup system-deps test-deps test golden bench eval clean-output help

all: setup batch ## set everything up and build every output for every article in seeds/ (incremental)

help: ## list the targets
	@grep -E '^[a-z%-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

setup: system-deps $(STAMP) ## venv + Python packages + Debian packages (espeak-ng, ffmpeg) when missing

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

define ensure_debs
	@missing=""; for pair in $(1); do cmd=$${pair%%:*}; pkg=$${pair#*:}; \
	  command -v $$cmd >/dev/null 2>&1 || test -e $$cmd || missing="$$missing $$pkg"; done; \
	missing=$$(echo $$missing | tr ' ' '\n' | sort -u | tr '\n' ' '); \
	if [ -n "$${missing// }" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else echo "missing Debian packages:$$missing"; echo "run: sudo apt-get install -y $$missing"; exit 1; fi; \
	fi
endef

system-deps:
	$(call ensure_debs,$(RUN_DEPS))

# The independent validators in ../shared/checks (readability, EPUBCheck, Ace, axe, ACX audio) have
# their own environment; the suite uses them, so a clean machine installs them once (about a minute).
CHECKS := ../shared/checks
CHECKS_HOME ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/pipeline-checks

test-deps: setup
	$(call ensure_debs,$(TEST_DEPS))
	@if [ -f $(CHECKS)/install.sh ] && [ ! -x $(CHECKS_HOME)/venv/bin/python ]; then \
	  echo "installing the validators in $(CHECKS) into $(CHECKS_HOME)"; CHECKS_HOME=$(CHECKS_HOME) bash $(CHECKS)/install.sh; fi

test: test-deps ## run the test suite (real espeak-ng, ffmpeg, EPUBCheck and Chromium)
	$(PY) -m pytest -q

batch: setup ## every output for every article in seeds/ (only what changed, all cores); catalogue + feed
	$(PIPELINE) batch

doctor: setup ## check the system (espeak-ng, voices, ffmpeg, Java, Chromium) and say what is missing
	$(PIPELINE) doctor

suggest: setup ## look for scrape artefacts and add them to seeds/corrections.toml as proposals (ARGS=--dry-run)
	$(PIPELINE) suggest $(ARGS)

review: setup ## review proposed corrections in the terminal (ARGS="--list" or "--approve ID --reviewer NAME")
	$(PIPELINE) review $(ARGS)

$(OUTPUTS): %: output-%
output-%: setup ## build one output for every article in seeds/: make output-audio (or just: make audio)
	$(PIPELINE) $*

bench: setup ## benchmarks: speed as ratios to a baseline measured in the same run
	$(PY) -m tests.bench bench

eval: setup ## evaluations on ../shared/corpus when present (extraction F1, suggestion recall/precision)
	$(PY) -m tests.bench eval

golden: setup ## regenerate the golden files in tests/golden/ (review them with git diff)
	$(PY) -m tests.golden

clean-output: ## remove everything under output/
	rm -rf output/*

.PHONY: serve watch
serve: setup ## serve output/ at http://127.0.0.1:8000/ (catalogue, players, feed, review in the browser); new articles processed as they arrive (ARGS="--port 8080")
	$(PIPELINE) serve --watch $(ARGS)

watch: setup ## process articles as they are dropped into seeds/ (and after edited corrections or glossary), without serving
	$(PIPELINE) watch $(ARGS)

.PHONY: mutate
mutate: setup ## mutation score of the core modules, minutes, not part of `make test` (ARGS="pipeline/segment.py --again")
	$(PY) -m tests.mutation $(ARGS)
