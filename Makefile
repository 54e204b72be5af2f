# The two set-up commands: `make audit` and `make test`. Both create the virtual
# environment when it is missing and reinstall only when pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SEED   := seeds/turkiye-libya-defence-pact.txt
REPORT := reports/turkiye-libya-defence-pact

.PHONY: audit test bench lint clean

audit: $(VENV)/.installed
	$(BIN)/framing audit $(SEED) --html $(REPORT).html --json $(REPORT).json

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest tests $(wildcard notebooks/*.ipynb) $(if $(wildcard notebooks/*.ipynb),--nbmake)

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_analysis.py ../shared/data/bbc-news
	$(BIN)/python benchmarks/bench_hostile.py
	$(BIN)/python benchmarks/bench_batch.py ../shared/data/bbc-news

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check framing tests benchmarks eval

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev,notebooks,dask]"
	@touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build dist .pytest_cache
