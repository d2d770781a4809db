# Equal Voice: `make run` serves the demo; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export EQUALVOICE_DATA_DIR ?= $(CURDIR)/data

.PHONY: run test lint typecheck pytest assets install install-dev chromium clean lock bench-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements/lock.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements/lock.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/lock-dev.txt
	$(BIN)/pip install --quiet -r requirements/lock-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

equalvoice/static/build/equalvoice.css: node_modules/.installed scripts/build-assets.mjs $(wildcard frontend/scss/*.scss) equalvoice/speakeasy/data/pictures.tsv
	node scripts/build-assets.mjs

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
assets: equalvoice/static/build/equalvoice.css

# Browser tests drive Debian's Chromium; PDF tests render pages with poppler's pdftoppm;
# the translation tests find messages with GNU gettext. Install them from Debian when missing.
chromium:
	@missing=""; \
	command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages for the tests:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

run: install assets
	EQUALVOICE_DEBUG=1 $(BIN)/equalvoice migrate --noinput
	EQUALVOICE_DEBUG=1 $(BIN)/equalvoice demo
	EQUALVOICE_DEBUG=1 EQUALVOICE_REQUIRE_TWO_STEP=0 EQUALVOICE_WELSH=preview $(BIN)/equalvoice runserver 127.0.0.1:8000

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy equalvoice tests benchmarks

pytest: install-dev assets chromium
	$(BIN)/pytest -n 2 --dist worksteal $(PYTEST_ARGS)

test: lint typecheck pytest

# Re-make the lock files from pyproject.toml (run when you change a dependency).
lock:
	rm -rf /tmp/ev-lock && $(PYTHON) -m venv /tmp/ev-lock
	/tmp/ev-lock/bin/pip install --quiet --upgrade pip && /tmp/ev-lock/bin/pip install --quiet -e .
	/tmp/ev-lock/bin/pip freeze --exclude-editable > requirements/lock.txt
	/tmp/ev-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/ev-lock/bin/pip freeze --exclude-editable > requirements/lock-dev.txt

# Benchmarks that compare with other libraries (textstat, red-dwarf) run from their own
# venv, .venv-bench: the project (editable) with the `bench` extra, never in .venv.
bench-venv: $(VENV)/.installed
	[ -x .venv-bench/bin/python ] || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet -r requirements/lock.txt -e '.[bench]'

clean:
	rm -rf $(VENV) .venv-bench node_modules equalvoice/static/build staticfiles
