# WikiLearn suite. The two commands a newcomer needs: `make run` and `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash

# Python 3.12: `python3.12` on PATH when it really runs, else any pyenv 3.12, else common paths.
# (A pyenv shim named python3.12 can exist and still fail, so each candidate is executed.)
PYTHON312 ?= $(shell for c in python3.12 $$(pyenv root 2>/dev/null)/versions/3.12*/bin/python3.12 \
	$$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do \
	"$$c" -c 'import sys; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1 && { echo "$$c"; break; }; done)
# Python 3.11 (Open edX Ulmo), found the same way.
PYTHON311 ?= $(shell for c in python3.11 $$(pyenv root 2>/dev/null)/versions/3.11*/bin/python3.11 \
	$$HOME/.pyenv/versions/3.11*/bin/python3.11 /usr/local/bin/python3.11 /usr/bin/python3.11; do \
	"$$c" -c 'import sys; assert sys.version_info[:2] == (3, 11)' >/dev/null 2>&1 && { echo "$$c"; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := DJANGO_SETTINGS_MODULE=sandbox.settings $(PY) -m django
HOST ?= 127.0.0.1
PORT ?= 8000
OAUTH_PORT ?= 8001
PYTEST_ARGS ?=

.PHONY: help run ports-free test quality test-sqlite test-mysql test-browser venv upgrade migrate demo-data \
	extract_translations compile_translations check_translations demo-recordings demo-course bench clean \
	test-ulmo test-verawood upgrade-ulmo upgrade-verawood

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -F':.*?## ' '{printf "  %-22s %s\n", $$1, $$2}' \
	  | sed -e 's|$$(DEMO_COURSE)|$(DEMO_COURSE)|g' -e 's|$$(HOST)|$(HOST)|g' -e 's|$$(PORT)|$(PORT)|g' \
	    -e 's|$$(OAUTH_PORT)|$(OAUTH_PORT)|g'
	@echo "Variables: PORT=$(PORT) (the sandbox), OAUTH_PORT=$(OAUTH_PORT) (its development Wikimedia login),"
	@echo "  HOST=$(HOST), DEMO_COURSE=$(DEMO_COURSE); e.g. make run PORT=8010 OAUTH_PORT=8011"

define new_venv_312
	@if [ -z "$(PYTHON312)" ]; then \
	  echo "Python 3.12 is required and was not found (tried python3.12 and pyenv)." >&2; \
	  echo "Install it, e.g. 'pyenv install 3.12' or 'apt-get install python3.12', then re-run." >&2; \
	  exit 1; fi
	@test -x $(PY) || $(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
endef

# The whole test set (MariaDB's driver, mysqlclient, included: building it needs pkg-config and the
# MariaDB headers, which .ci/run installs). `make test`, `make quality` and the test targets use it.
$(VENV)/.installed: requirements/test.txt setup.py
	$(new_venv_312)
	$(PY) -m pip install -q -r requirements/test.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	@touch $@

# What `make run` needs, and nothing that must be compiled: requirements/run.in (the suite, the
# sandbox, the local peers; no database driver, the sandbox runs on SQLite) at the versions
# requirements/test.txt pins, into the same .venv.
$(VENV)/.installed-run: requirements/run.in requirements/base.in requirements/test.txt setup.py
	$(new_venv_312)
	$(PY) -m pip install -q -c requirements/test.txt -r requirements/run.in
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	@touch $@

venv: $(VENV)/.installed ## create .venv with Python 3.12 and install the suite and its test set (editable, pinned)

# The sandbox's files (database, recordings, media): var/, or WIKILEARN_VAR_DIR (sandbox/settings.py).
VAR_DIR = $(or $(WIKILEARN_VAR_DIR),var)

migrate: $(VENV)/.installed-run ## apply migrations to the sandbox database under var/
	@mkdir -p $(VAR_DIR)
	$(MANAGE) migrate --noinput -v 0

demo-data: migrate ## load the demo course, staff_1 and learner_1..learner_8 (idempotent)
	$(MANAGE) load_demo_data

DEMO_COURSE ?= dist/partnership-building.tar.gz

demo-course: $(VENV)/.installed-run ## write the Partnership Building demo course (OLX .tar.gz for Studio > Tools > Import) to $(DEMO_COURSE)
	@mkdir -p $(dir $(DEMO_COURSE))
	$(PY) -m openedx_plugins.tutor.demo_course $(DEMO_COURSE)

demo-recordings: migrate ## demo course recordings: local BBB API server + sync (lighter versions with ffmpeg; idempotent)
	$(MANAGE) sandbox_recordings

# Both ports are checked before anything starts: a port in use is one clear line, not a traceback per server.
ports-free: $(VENV)/.installed-run
	@$(PY) -m sandbox.ports $(HOST) PORT=$(PORT) OAUTH_PORT=$(OAUTH_PORT)

run: ports-free demo-data demo-recordings ## serve the sandbox on http://$(HOST):$(PORT) (+ the dev Wikimedia OAuth provider on :$(OAUTH_PORT))
	@$(PY) -m tests.peers.mediawiki_oauth --host $(HOST) --port $(OAUTH_PORT) & provider=$$!; \
	trap 'kill $$provider 2>/dev/null' EXIT; \
	WIKILEARN_DEV_OAUTH_URL=http://$(HOST):$(OAUTH_PORT) $(MANAGE) runserver --noreload $(HOST):$(PORT)

quality: venv ## ruff (pycodestyle, pyflakes, isort, docstrings) and the translation catalogues
	$(PY) -m ruff check .
	$(PY) translations/catalogues.py check

test-sqlite: venv ## every test against SQLite (unit, integration, browser)
	WIKILEARN_DB=sqlite $(PY) -m pytest $(PYTEST_ARGS)

test-mysql: venv ## the database tests again against MariaDB (127.0.0.1:3306, root)
	WIKILEARN_DB=mysql $(PY) -m pytest -m "django_db and not browser" $(PYTEST_ARGS)

# The Open edX releases the suite supports (README "Install"): each has its Python, the pins taken
# from edx-platform (requirements/constraints-<release>.txt, compiled with the test set into a lock)
# and a venv of its own (.venv-<release>). The newest release's lock is requirements/test.txt, what
# .venv (make run, the sandbox and browser tests, make test-sqlite/test-mysql) installs.
RELEASES := ulmo verawood
PYTHON_VERSION_ulmo := 3.11
PYTHON_VERSION_verawood := 3.12
PYTHON_ulmo = $(PYTHON311)
PYTHON_verawood = $(PYTHON312)
LOCK_ulmo := requirements/test-ulmo.txt
LOCK_verawood := requirements/test.txt

.SECONDEXPANSION:
.venv-%/.installed: $$(LOCK_$$*) setup.py
	@if [ -z "$(PYTHON_$*)" ]; then \
	  echo "Open edX $* runs Python $(PYTHON_VERSION_$*), which was not found (tried python$(PYTHON_VERSION_$*) and pyenv)." >&2; \
	  echo "Install it, e.g. 'pyenv install $(PYTHON_VERSION_$*)', then re-run." >&2; exit 1; fi
	@test -x .venv-$*/bin/python || $(PYTHON_$*) -m venv .venv-$*
	.venv-$*/bin/python -m pip install -q --upgrade pip
	.venv-$*/bin/python -m pip install -q -r $(LOCK_$*)
	.venv-$*/bin/python -m pip install -q --no-deps --no-build-isolation -e .
	.venv-$*/bin/python -m pip check
	@touch $@

test-ulmo test-verawood: test-%: .venv-%/.installed ## unit + integration tests (SQLite) under that release's Python and pins
	WIKILEARN_DB=sqlite .venv-$*/bin/python -m pytest -m "not browser" tests/unit tests/integration $(PYTEST_ARGS)

upgrade-ulmo upgrade-verawood: upgrade-%: ## recompile that release's lock from requirements/<release>.in with its Python
	@test -n "$(PYTHON_$*)" || { echo "Python $(PYTHON_VERSION_$*) not found" >&2; exit 1; }
	$(PYTHON_$*) -m venv --clear .venv-$*-compile
	.venv-$*-compile/bin/python -m pip install -q pip-tools
	cd requirements && ../.venv-$*-compile/bin/python -m piptools compile -q --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o ../$(LOCK_$*) $*.in
	rm -rf .venv-$*-compile

# Every pass runs even when an earlier one fails (CI then reports all of them), and the exit
# status says whether any failed.
TEST_PASSES ?= quality test-sqlite test-mysql test-ulmo test-verawood

test: venv ## everything CI runs: quality, every test on SQLite, database tests on MariaDB, both releases
	@failed=""; for pass in $(TEST_PASSES); do \
	  echo "== make $$pass"; \
	  $(MAKE) --no-print-directory $$pass || failed="$$failed $$pass"; \
	done; \
	echo "== make test: $(words $(TEST_PASSES)) passes ($(TEST_PASSES))"; \
	if [ -n "$$failed" ]; then echo "== FAILED:$$failed" >&2; exit 1; fi; \
	echo "== all passed"

upgrade: venv ## recompile the pinned requirements: base.txt, each release's lock (test.txt is Verawood's), dev.txt
	$(PY) -m pip install -q pip-tools
	cd requirements && ../$(PY) -m piptools compile -q --strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links -o base.txt base.in
	$(MAKE) --no-print-directory $(RELEASES:%=upgrade-%)
	cd requirements && ../$(PY) -m piptools compile -q --strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links -o dev.txt dev.in

extract_translations: venv ## refresh translations/*/conf/locale from the code (English source) and merge languages
	$(PY) translations/catalogues.py extract

compile_translations: venv ## compile catalogues to where Open edX looks (text.mo beside blocks, JS catalogues)
	$(PY) translations/catalogues.py compile

check_translations: venv ## fail on strings missing from catalogues, untranslated entries, broken placeholders/plurals
	$(PY) translations/catalogues.py check

bench: venv ## run the benchmarks and rewrite bench/RESULTS.md
	@for b in bench/*.py; do [ "$$(basename $$b)" = "__init__.py" ] || [ "$$(basename $$b)" = "results.py" ] || $(PY) $$b || exit 1; done

clean: ## remove the venv, the sandbox database and caches
	rm -rf $(VENV) $(RELEASES:%=.venv-%) var build dist *.egg-info .pytest_cache
