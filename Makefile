# guance.cloud: build and test. `make help` lists the targets; `make test` runs them all.
#
# The test matrix: MATRIX=2.19 (default) is ansible-core 2.19 on Python 3.11, MATRIX=2.21 is
# ansible-core 2.21 on Python 3.13. Each entry has its own tool venv and its own laid-out
# copy of the collection, so `make units MATRIX=2.21` works on its own.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
# CI logs are plain text.
ifdef CI
  export NO_COLOR := 1
endif

MATRIX ?= 2.19
ifeq ($(MATRIX),2.19)
  PY_VERSION := 3.11
  VENV := .venv
  VENV_REQUIREMENTS := tests/requirements.txt
  COLLECTIONS_ROOT := .build
else ifeq ($(MATRIX),2.21)
  PY_VERSION := 3.13
  VENV := .venv-2.21
  VENV_REQUIREMENTS := tests/requirements-2.21.txt
  COLLECTIONS_ROOT := .build/core-2.21
else
  $(error MATRIX must be 2.19 or 2.21)
endif
# LAYOUT=NAME gives a run a laid-out copy of its own (.build/NAME/...), so that several people
# sharing this work tree can run units or integration side by side instead of waiting on one lock.
ifdef LAYOUT
  COLLECTIONS_ROOT := $(COLLECTIONS_ROOT)/$(LAYOUT)
endif

# Links to the real interpreters (ansible-test drops PYENV_VERSION, so pyenv shims fail in it).
PYTHONS_DIR := $(CURDIR)/.build/bin
export PATH := $(PYTHONS_DIR):$(CURDIR)/$(VENV)/bin:$(PATH)

PYTHON := $(CURDIR)/$(VENV)/bin/python
ANSIBLE_TEST := $(CURDIR)/$(VENV)/bin/ansible-test
# ansible-test needs a real (not symlinked) ansible_collections/NAMESPACE/NAME folder.
# Other targets (docs, demo) can use it too: ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_ROOT).
COLLECTION_DIR := $(CURDIR)/$(COLLECTIONS_ROOT)/ansible_collections/guance/cloud
# Refresh that copy and run a command in it, holding its lock (the tree is shared).
IN_LAYOUT := tests/tools/layout.sh $(COLLECTION_DIR)
COLLECTION_VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)

# Everything `make test` runs; stages go on past a failure and are summed up at the end.
# The 2.21 entry runs as a second lane beside the first (see tests/tools/stages.sh).
# Stages of the docs, the demo and the benchmarks ride in EXTRA_TEST_STAGES (first lane).
TEST_STAGES := venv sanity units integration emulator-tests lint build
EXTRA_TEST_STAGES ?= docs-check demo-runner-test readme-test bench
TEST_STAGES_2.21 := "venv MATRIX=2.21" "units MATRIX=2.21" "integration MATRIX=2.21" "sanity MATRIX=2.21"

.PHONY: help test pythons venv run-venv get-pip layout sanity units integration emulator-tests lint build clean

# TARGETS="..." narrows what ansible-test runs: target names for `make integration`
# (TARGETS="guance_dashboard"), test files for `make units`, files for `make sanity`.
TARGETS ?=

help:
	@echo "make test            every stage below, both matrix entries; non-zero on any failure"
	@echo "make venv            $(VENV): the tool chain of $(VENV_REQUIREMENTS)"
	@echo "make layout          copy the work tree to $(COLLECTIONS_ROOT)/ansible_collections/guance/cloud"
	@echo "make sanity          ansible-test sanity --venv --python $(PY_VERSION), then compile+import on every Python"
	@echo "make units           ansible-test units --venv --python $(PY_VERSION) (tests/unit/)"
	@echo "make integration     ansible-test integration against a fresh emulator (TARGETS=\"guance_dashboard ...\" for some)"
	@echo "make emulator-tests  pytest tests/emulator/tests"
	@echo "make lint            ansible-lint (production profile, offline), antsibull-changelog lint, and function"
	@echo "                     size and complexity in plugins/ (ruff C901 per ruff.toml, tests/tools/function_size.py)"
	@echo "make build           ansible-galaxy collection build into .build/, then galaxy-importer on it"
	@echo "make clean           remove .build/ and the venvs"
	@echo "make demo            the main job: docs/demo/site.yml twice, against the emulator or GUANCE_API_KEY's workspace"
	@echo "                     (in $(RUN_VENV): ansible-core and requests only, from $(RUN_REQUIREMENTS))"
	@echo "make live-test       tests/live/ against a real workspace (GUANCE_API_KEY, GUANCE_SITE or GUANCE_ENDPOINT);"
	@echo "                     skips without them; not part of make test (docs/developing.md)"
	@echo "make demo-runner-test the demo playbook through ansible-runner, as an AWX job runs it"
	@echo "make readme-test     the README's first screen as written: make demo's summary, the install, the first playbook"
	@echo "make docs            regenerate docs/reference from the plugins' documentation"
	@echo "make docs-check      fail when docs/reference is stale or the docs do not lint"
	@echo "make bench           request counts (fail over budget), then time, memory and pacing against hand-written baselines"
	@echo "make bench FULL=1    the same at the sizes of issue 12 and the real one-minute window; writes docs/performance.md"
	@echo "MATRIX=2.21 (ansible-core 2.21, Python 3.13) applies to venv, layout, sanity, units, integration"

test:
	@tests/tools/stages.sh $(TEST_STAGES) $(EXTRA_TEST_STAGES) -- $(TEST_STAGES_2.21)

pythons:
	@tests/tools/pythons.sh $(PYTHONS_DIR) $(PY_VERSION)

venv: $(VENV)/.installed

# A changed requirements file is installed over the existing venv, not into a new one: the work
# tree may be shared, and removing a venv would pull it from under a run beside this one.
$(VENV)/.installed: $(VENV_REQUIREMENTS) | pythons
	[ -x $(PYTHON) ] || $(PYTHONS_DIR)/python$(PY_VERSION) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r $(VENV_REQUIREMENTS)
	@touch $@

# The run environment of the main job (make demo, make live-test): ansible-core and requests only,
# on the default entry's Python whatever MATRIX says.
RUN_VENV := .venv-run
RUN_REQUIREMENTS := tests/requirements-run.txt
RUN_PY_VERSION := 3.11
run-venv: $(RUN_VENV)/.installed

$(RUN_VENV)/.installed: $(RUN_REQUIREMENTS)
	@tests/tools/pythons.sh $(PYTHONS_DIR) $(RUN_PY_VERSION)
	tests/tools/run_venv.sh $(PYTHONS_DIR)/python$(RUN_PY_VERSION) $(RUN_VENV) $(RUN_REQUIREMENTS)
	@touch $@

# Every Python this ansible-core supports that this machine has (ansible-test's --python choices),
# for sanity's compile and import tests. ansible-test --venv downloads its pip bootstrap script
# from a host outside PyPI: where that host is not reachable, give it a stand-in (docs/developing.md).
get-pip: venv
	@tests/tools/pythons.sh --optional $(PYTHONS_DIR) $$($(PYTHON) tests/tools/offline_get_pip.py --list-pythons)
	@$(PYTHON) tests/tools/offline_get_pip.py

layout:
	@$(IN_LAYOUT)

# ansible-test keeps sanity venvs in ~/.ansible/test/venv, shared by both ansible-core versions
# (same requirements, same path): one sanity run at a time creates them.
SANITY_LOCK := flock $(HOME)/.ansible/test/.guance-cloud-sanity.lock

# Every sanity test on $(PY_VERSION), then compile and import of the code that runs on managed
# nodes on each Python this ansible-core supports there and this machine has (see docs/developing.md).
sanity: get-pip
	$(SANITY_LOCK) $(IN_LAYOUT) $(ANSIBLE_TEST) sanity --venv --python $(PY_VERSION) $(TARGETS)
	$(SANITY_LOCK) $(IN_LAYOUT) $(ANSIBLE_TEST) sanity --venv --test compile --test import $(TARGETS)

units: get-pip
	$(IN_LAYOUT) $(ANSIBLE_TEST) units --venv --python $(PY_VERSION) $(TARGETS)

integration: get-pip
	$(IN_LAYOUT) $(CURDIR)/tests/tools/integration.sh $(PYTHON) $(ANSIBLE_TEST) --venv --python $(PY_VERSION) $(TARGETS)

# pytest exits 5 when it collects no test: that is a failure here too, said out loud.
emulator-tests: venv
	$(PYTHON) -m pytest -p no:cacheprovider tests/emulator/tests || { \
	  rc=$$?; [ $$rc -ne 5 ] || echo "emulator-tests: pytest collected no test" >&2; exit $$rc; }

# Offline, ansible-lint does not install the collection it lints: the layout's root serves it.
# Every check runs, so that one pass shows every problem; the stage fails if any of them did.
lint: venv
	@rc=0; \
	$(IN_LAYOUT) env ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS_ROOT) ansible-lint || rc=1; \
	$(IN_LAYOUT) antsibull-changelog lint || rc=1; \
	echo "lint: ruff check (complexity, ruff.toml)"; ruff check plugins/ || rc=1; \
	$(PYTHON) tests/tools/function_size.py plugins/ || rc=1; \
	exit $$rc

build: venv
	ansible-galaxy collection build --force --output-path .build .
	tests/tools/check_build.sh .build/guance-cloud-$(COLLECTION_VERSION).tar.gz

clean:
	rm -rf .build .venv .venv-*

# The demo, the AWX engine test and the generated reference (tests/tools/demo*, tests/tools/docs*).
.PHONY: demo demo-runner-test readme-test docs docs-check

# It measures itself from the moment make starts, run environment included (a figure, not a test).
ifneq ($(filter demo,$(MAKECMDGOALS)),)
  DEMO_START := $(shell date +%s%N)
endif

# The emulator's state between demos (DEMO_STATE=FILE for another, as readme-test does).
DEMO_STATE ?= $(CURDIR)/.build/demo-state.json

demo: run-venv
	@start=$(or $(DEMO_START),$$(date +%s%N)); \
	PATH=$(CURDIR)/$(RUN_VENV)/bin:$$PATH $(IN_LAYOUT) $(CURDIR)/tests/tools/demo.sh $(DEMO_STATE); \
	load="load average $$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?') on $$(nproc 2>/dev/null || echo '?') cores"; \
	awk -v ns=$$(( $$(date +%s%N) - start )) -v load="$$load" \
	  'BEGIN { printf "make demo: %.1f s in all, run environment included (%s)\n", ns / 1e9, load }'

demo-runner-test: venv
	$(IN_LAYOUT) $(PYTHON) $(CURDIR)/tests/tools/demo_runner_test.py

# The README's first screen, followed as written on this clone (make demo, the install commands, the first playbook).
readme-test: venv
	$(PYTHON) tests/tools/readme_test.py

docs: venv
	$(IN_LAYOUT) $(PYTHON) $(CURDIR)/tests/tools/docs.py generate $(CURDIR)/docs/reference

docs-check: venv
	$(IN_LAYOUT) $(PYTHON) $(CURDIR)/tests/tools/docs.py check

# Request counts against the emulator, printed with their budgets (tests/benchmarks/request_counts.py), then
# paired timings against what users write by hand (tests/benchmarks/performance.py). FULL=1 takes about
# half an hour (the real rate-limit minute) and writes docs/performance.md.
.PHONY: bench

bench: venv
	$(IN_LAYOUT) $(PYTHON) $(CURDIR)/tests/benchmarks/request_counts.py
	$(IN_LAYOUT) $(PYTHON) $(CURDIR)/tests/benchmarks/performance.py $(if $(FULL),--full --write $(CURDIR)/docs/performance.md)

# The live check against a real workspace (tests/live/, docs/developing.md): never part of `make test`,
# which has no credentials. Without them it says so in one line and succeeds.
.PHONY: live-test

ifeq ($(and $(GUANCE_API_KEY),$(or $(GUANCE_SITE),$(GUANCE_ENDPOINT))),)
live-test:
	@echo "live-test: skipped: set GUANCE_API_KEY and GUANCE_SITE or GUANCE_ENDPOINT to run it against a workspace"
else
live-test: run-venv
	PATH=$(CURDIR)/$(RUN_VENV)/bin:$$PATH $(IN_LAYOUT) $(CURDIR)/tests/tools/live.sh
endif
