# Two commands on a fresh machine: `make run` serves the default estate, `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=

.PHONY: run test bench mutate lint clean

# setuptools announces every editable install that maps a folder (fixtures/ -> harness.fixtures) with an
# information-only block; the packages themselves are declared (pyproject.toml) so that nothing else warns.
$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -q --upgrade pip
	@PYTHONWARNINGS="ignore:Editable installation" $(BIN)/pip install -q -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/fakehmc up $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# mutation testing of harness/world, harness/hmc, harness/shell (not part of `make test`; the whole run
# takes hours): make mutate MUTATE_ARGS="--sample 40 --seed 1"
mutate: $(STAMP)
	$(BIN)/python tools/mutate.py $(MUTATE_ARGS)

clean:
	rm -rf $(VENV) .fakehmc build *.egg-info
