# Entry points: `make demo` (fresh machine → validated example filing), `make test`, and
# `make bench` (speed and memory at scale, against xbrl-forge; results in bench/out/results.md,
# and into docs/benchmarks.md only with BENCH_ARGS=--update-doc).
PYTHON ?= python3
VENV ?= .venv
TAXONOMY ?= $(abspath ../shared/taxonomies/IFRSAT-2022-03-24.zip)
EXAMPLE ?= examples/iij-2020-q1
OUT ?= out/$(notdir $(EXAMPLE))
BIN := $(VENV)/bin

.PHONY: demo test bench accuracy fuzz mutate mutate-sample venv clean

# setuptools prints an information notice on every editable install of this layout (templates/ and
# taxonomies/ are mapped into the package); that notice alone is silenced, every other warning shows.
PIP := PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python

# Editable, like `make test`'s install: either target after the other keeps the same checkout
# installed, and the demo runs the code as it is in the working tree.
demo: venv
	$(PIP) -e ".[viewer]"
	XBRL_GEN_TAXONOMY_PACKAGES=$(TAXONOMY) $(BIN)/xbrl-gen build $(EXAMPLE) -o $(OUT)

# Lint, format and type checks first (seconds), then the tests on both cores (pytest-xdist;
# PYTEST_ARGS="-n 0" runs them in one process).
test: venv
	$(PIP) -e ".[test,viewer]"
	sh scripts/install-chromium.sh || echo "chromium not installed: the browser test will be skipped"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	XBRL_GEN_TAXONOMY_PACKAGES=$(TAXONOMY) $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

bench: venv
	$(PIP) -e .
	XBRL_GEN_TAXONOMY_PACKAGES=$(TAXONOMY) $(BIN)/python bench/run.py $(BENCH_ARGS)

# Exact-concept accuracy of the mapper on real filers' statements (bench/devset/, sources named there).
accuracy: venv
	$(PIP) -e .
	XBRL_GEN_TAXONOMY_PACKAGES=$(TAXONOMY) $(BIN)/python bench/mapping_accuracy.py $(ACCURACY_ARGS)

# Long property-based run of the text-report parser, the statements loader and the XML guard
# (10,000 cases per test); the normal suite runs the same tests with the small "ci" profile.
fuzz: venv
	$(PIP) -e ".[test]"
	XBRL_GEN_HYPOTHESIS_PROFILE=fuzz nice $(BIN)/python -m pytest tests/test_properties.py -p no:cacheprovider --hypothesis-show-statistics

# Mutation testing (mutmut, settings in pyproject.toml [tool.mutmut]) of mapping/, facts.py and
# the period code against the tests that need no Arelle run; not part of `make test` (hours on
# two cores). Survivors: `$(BIN)/mutmut results`; the last run is summarised in docs/mutation.md.
# No taxonomy cache: mutmut's mutants share one source, so an entry one mutant indexed would be
# read by the next.
mutate: venv
	$(PIP) -e ".[test]" "mutmut>=3.3,<4"
	XBRL_GEN_CACHE_DIR=off XBRL_GEN_SHARED=$(abspath ../shared) XBRL_GEN_TAXONOMY_PACKAGES=$(TAXONOMY) nice $(BIN)/mutmut run $(MUTATE_ARGS); $(BIN)/mutmut results

# A fixed-seed sample of mutants (MUTATE_PER_MODULE of each module; MUTATE_MODULES empty: the nine
# modules of mapping/ in docs/mutation.md, run 4), each written into a scratch copy of the checkout
# and run against the module's fast tests by scripts/mutate_sample.py, which prints each module's
# score and the survivors; 126 mutants take about 20 minutes on one core. Another MUTATE_SEED draws
# an independent sample.
MUTATE_SEED ?= 22
MUTATE_PER_MODULE ?= 14
MUTATE_JOBS ?= 1
mutate-sample: venv
	$(PIP) -e ".[test]" "mutmut>=3.3,<4"
	XBRL_GEN_CACHE_DIR=off XBRL_GEN_SHARED=$(abspath ../shared) XBRL_GEN_TAXONOMY_PACKAGES=$(TAXONOMY) nice $(BIN)/python scripts/mutate_sample.py \
		--seed $(MUTATE_SEED) --per-module $(MUTATE_PER_MODULE) -j $(MUTATE_JOBS) $(MUTATE_MODULES)

clean:
	rm -rf out build *.egg-info mutants
