# Two commands on a fresh machine: `make run` and `make test`. Everything else builds on them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint screenshots bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/coach

# On every core (pytest-xdist); the tmux and browser tests are one group, run one at a time.
test: lint
	$(BIN)/pytest -q -n auto --dist loadgroup

# The rules a reviewer would otherwise check by eye: lint, formatting, the import layers, types.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check coach tests bench screenshots harness
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy

screenshots: $(STAMP)
	$(BIN)/python screenshots/make.py screenshots
	$(BIN)/python -m screenshots.phone screenshots/phone-player.png

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache .import_linter_cache .grimp_cache .mypy_cache
