# kitlib: two commands do all set-up.  `make lab` to learn, `make test` to check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_LAB  := $(VENV)/.installed-lab
STAMP_DEV  := $(VENV)/.installed-dev
STAMP_WORKSHOP := $(VENV)/.installed-workshop
# JupyterHub's proxy, from npm, kept inside .venv (git-ignored, removed by clean)
CHP_VERSION := 5.3.0
STAMP_CHP  := $(VENV)/node/.installed-chp-$(CHP_VERSION)
PORT   ?= 8888

export MPLBACKEND := Agg
export PYTHONHASHSEED := 0

.PHONY: lab test lint unit notebooks warmup clean format strip exercises test-exercises test-workshop bench-workshop \
	test-browser test-browser-if-chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_LAB): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	$(BIN)/python -m kitlib.warmup
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab,dev,grading,browser,tensorboard]"
	$(BIN)/python -m kitlib.warmup
	touch $@

## lab: install (once) and open JupyterLab on notebooks/ (prints the URL; headless-friendly)
lab: $(STAMP_LAB)
	MPLBACKEND= $(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks --no-browser --ip=127.0.0.1 --port=$(PORT) $(if $(filter 0,$(shell id -u)),--allow-root,)

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
	$(BIN)/python -m pytest -q -n 2 -m "not browser and not workshop" tests \
		--ignore=tests/exercises --ignore=tests/grading
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

$(STAMP_WORKSHOP): pyproject.toml $(STAMP_DEV)
	$(BIN)/python -m pip install --quiet -e ".[lab,dev,grading,workshop]"
	touch $@

# NOTE: npm warns that commander 15 wants Node >= 22.12; the proxy runs on the
# Node 20 here (the hub test proves it), so only errors are shown.
$(STAMP_CHP): | $(BIN)/python
	npm install --no-save --no-audit --no-fund --loglevel=error --prefix $(VENV)/node \
		configurable-http-proxy@$(CHP_VERSION)
	touch $@

## test-workshop: a real JupyterHub on 127.0.0.1: 3 learners run a notebook, nbgrader grades an exercise
test-workshop: $(STAMP_WORKSHOP) $(STAMP_CHP)
	$(BIN)/python -m pytest -q -m "workshop and not slow" tests/workshop

## bench-workshop: test-workshop plus ten learners at once; writes build/workshop/measurements.json
bench-workshop: $(STAMP_WORKSHOP) $(STAMP_CHP)
	$(BIN)/python -m pytest -q -m workshop tests/workshop

## test-browser: every notebook and widget in a real JupyterLab, in headless Chromium (~4 min)
test-browser: $(STAMP_DEV)
	$(BIN)/python -m pytest -q -rs -m browser tests/browser

# `make test` runs the browser suite wherever Debian's Chromium is installed (.ci/run installs it).
test-browser-if-chromium:
	@if [ -x /usr/bin/chromium ]; then $(MAKE) --no-print-directory test-browser; \
	else echo "SKIPPED browser suite (make test-browser): /usr/bin/chromium not found;" \
		"install it with: apt-get install -y chromium"; fi

## test: everything CI runs
test: lint unit notebooks test-exercises test-browser-if-chromium

## bench: kitlib vs PyTorch, Keras 3 (JAX/torch backends) and hand NumPy, side by side
## (installs the bench extra; the OpenBLAS variables some machines set would slow
## NumPy's BLAS, so this one command runs every framework without them)
STAMP_BENCH := $(VENV)/.installed-bench
$(STAMP_BENCH): pyproject.toml $(STAMP_DEV)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $@

.PHONY: bench bench-profile
bench: $(STAMP_BENCH)
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python -m benchmarks $(BENCH_ARGS)

## bench-profile: where a kitlib step spends its time, per phase and per op
## (WORKLOADS="w2" for one workload; needs only kitlib)
bench-profile: $(STAMP_DEV)
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 \
		$(BIN)/python -m benchmarks.profile $(WORKLOADS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
