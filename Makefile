# The project's interface: `make serve`, `make test`, `make site`. Each sets up .venv/ first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test site check clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

## Check the data, build the pages, serve the site on http://127.0.0.1:8000/cloud-region-atlas/ and rebuild on every change.
serve: $(STAMP)
	$(BIN)/python -m generator serve

## Check the data and run the tests on a real build of the real data.
test: $(STAMP)
	$(BIN)/python -m generator check
	$(BIN)/python -m pytest

## Write the static site to site/.
site: $(STAMP)
	$(BIN)/python -m generator build
	$(BIN)/mkdocs build --strict --quiet

check: $(STAMP)
	$(BIN)/python -m generator check

clean:
	rm -rf build site
