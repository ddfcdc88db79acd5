# Two entry points: `make demo` (fresh machine → validated example filing) and `make test`.
PYTHON ?= python3
VENV ?= .venv
TAXONOMY ?= $(abspath ../shared/taxonomies/IFRSAT-2022-03-24.zip)
EXAMPLE ?= examples/iij-2020-q1
OUT ?= out/$(notdir $(EXAMPLE))
BIN := $(VENV)/bin

.PHONY: demo test venv clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python

demo: venv
	$(BIN)/python -m pip install --quiet .
	XBRL_GEN_TAXONOMY_PACKAGES=$(TAXONOMY) $(BIN)/xbrl-gen build $(EXAMPLE) -o $(OUT)

test: venv
	$(BIN)/python -m pip install --quiet -e ".[test,viewer]"
	sh scripts/install-chromium.sh || echo "chromium not installed: the browser test will be skipped"
	XBRL_GEN_TAXONOMY_PACKAGES=$(TAXONOMY) $(BIN)/python -m pytest

clean:
	rm -rf out build *.egg-info
