# kitlib: two commands do all set-up.  `make lab` to learn, `make test` to check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_LAB  := $(VENV)/.installed-lab
STAMP_DEV  := $(VENV)/.installed-dev
PORT   ?= 8888

export MPLBACKEND := Agg
export PYTHONHASHSEED := 0

.PHONY: lab test lint unit notebooks warmup clean format strip exercises test-exercises

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_LAB): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	$(BIN)/python -m kitlib.warmup
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab,dev,grading]"
	$(BIN)/python -m kitlib.warmup
	touch $@

## lab: install (once) and open JupyterLab on notebooks/ (prints the URL; headless-friendly)
lab: $(STAMP_LAB)
	MPLBACKEND= $(BIN)/jupyter lab --notebook-dir=notebooks --no-browser --ip=127.0.0.1 --port=$(PORT) $(if $(filter 0,$(shell id -u)),--allow-root,)

## warmup: compile and cache every Numba kernel so the first notebook does not stall
warmup: $(STAMP_DEV)
	$(BIN)/python -m kitlib.warmup

## lint: ruff check and format check
lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## format: apply ruff's formatter and autofixes
format: $(STAMP_DEV)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## unit: the unit tests, the docstring examples, and the kernel subset without JIT
unit: $(STAMP_DEV)
	$(BIN)/python -m pytest -q -n 2 tests --ignore=tests/exercises --ignore=tests/grading
	$(BIN)/python -m pytest -q --doctest-modules kitlib
	NUMBA_DISABLE_JIT=1 $(BIN)/python -m pytest -q -m nojit tests/kernels

## notebooks: every teaching notebook runs top to bottom under nbval
notebooks: $(STAMP_DEV)
	$(BIN)/python -m pytest -q -n 2 --dist loadscope --nbval-lax --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg notebooks

## strip: remove outputs from every notebook (they are stored clean)
strip: $(STAMP_DEV)
	$(BIN)/python tools/strip_notebooks.py

## exercises: regenerate the student notebooks exercises/<id>/<id>.ipynb with nbgrader
exercises: $(STAMP_DEV)
	$(BIN)/python -m kitlib.grading release exercises

## test-exercises: grade every exercise (solutions, starters, mistakes, broken code, nbgrader)
test-exercises: $(STAMP_DEV)
	$(BIN)/python -m pytest -q -n 2 tests/exercises tests/grading

## test: everything CI runs
test: lint unit notebooks test-exercises

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
