# The project's interface: `make serve`, `make test`, `make site`. Each sets up .venv/ first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test site check drift clean

# The drift group (pyproject.toml) holds the providers' SDKs; only their data files are read, so no dependencies.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --group drift
	touch $(STAMP)

## Check the data, build the pages, serve the site on http://127.0.0.1:8000/cloud-region-atlas/ and rebuild on every change.
serve: $(STAMP)
	$(BIN)/python -m generator serve

## Check the data and run the tests on a real build of the real data.
test: $(STAMP)
	$(BIN)/python -m generator check
	$(BIN)/python -m pytest

## Write the static site to site/: check, generate and build with MkDocs in strict mode; build/docs and site/
## are replaced only when every stage succeeded.
site: $(STAMP)
	$(BIN)/python -m generator site

check: $(STAMP)
	$(BIN)/python -m generator check

## Compare the regions with the lists in the providers' own SDKs (pinned in pyproject.toml).
drift: $(STAMP)
	$(BIN)/python -m generator drift

clean:
	rm -rf build site
