# The everyday commands; run them inside the project's virtual environment (see CONTRIBUTING.md).
# `make` alone lists them.

PYTHON ?= python
SOURCES = wizard tests benchmarks
SNAPSHOTS = tests/tui/test_snapshots.py tests/tui/test_kiosk_snapshots.py
ARGS ?=

.PHONY: help setup test snapshot-update lint format bench bench-full dev console ci

help:  ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 18

setup:  ## install the wizard with the dev tools, editable, and the pre-commit hooks
	$(PYTHON) -m pip install -e '.[dev]'
	pre-commit install

test:  ## the whole suite, as CI runs it
	$(PYTHON) -m pytest

snapshot-update:  ## rewrite the screen snapshots (one worker); look at every SVG that changes
	$(PYTHON) -m pytest -n 0 $(SNAPSHOTS) --snapshot-update

lint:  ## ruff, the format check, mypy (strict, code and tests) and the layering contracts
	ruff check $(SOURCES)
	ruff format --check $(SOURCES)
	mypy
	lint-imports

format:  ## apply ruff's fixes and format
	ruff check --fix $(SOURCES)
	ruff format $(SOURCES)

bench:  ## every benchmark with few repetitions (a few minutes; figures not quotable, nothing written)
	$(PYTHON) -m benchmarks --quick --no-write

bench-full:  ## every benchmark in full (about an hour); writes docs/benchmarks.md
	$(PYTHON) -m benchmarks

dev:  ## the app with Textual's devtools (logs to `make console`, CSS reloads on save); ARGS='--lang es'
	textual run --dev -c wizard $(ARGS)

console:  ## Textual's devtools console: start it first, in another terminal, then `make dev`
	textual console

ci:  ## the CI script, from a fresh virtual environment (.ci-venv)
	bash .ci/run
