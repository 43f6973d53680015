# The project's interface: `make serve`, `make test`, `make site`. Each sets up .venv/ first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Zensical and ProperDocs, each in its own environment (see below); set here because rules read it when parsed.
ALTERNATIVES := .venv-zensical/.installed .venv-properdocs/.installed

.PHONY: serve test site check drift lock clean

# Every package, pip included, is installed from the locks with its hash checked: a file on the index that
# changed since it was locked is refused. The drift lock holds the providers' SDKs (pyproject.toml's drift
# group); only their data files are read, so they come without dependencies, and only as wheels.
$(STAMP): requirements.txt requirements-drift.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --only-binary :all: -r requirements.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps --only-binary :all: -r requirements-drift.txt
	touch $(STAMP)

## Check the data, build the pages, serve the site on http://127.0.0.1:8000/cloud-region-atlas/ and rebuild on every change.
serve: $(STAMP)
	$(BIN)/python -m generator serve

## Check the data and run the tests on a real build of the real data.
test: $(STAMP) $(ALTERNATIVES)
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

## Lock the dependencies again, with hashes: requirements.in -> requirements.txt, the drift group -> requirements-drift.txt.
## Run it after changing a pin; the resolver (uv, hash-checked from requirements-uv.txt) lives in a throwaway
## virtual environment under build/.
LOCK := build/lock-venv/bin/uv pip compile --quiet --generate-hashes --python-version 3.11.7 --custom-compile-command "make lock"
lock:
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet --require-hashes --only-binary :all: -r requirements-uv.txt
	$(LOCK) requirements.in -o requirements.txt
	$(LOCK) --group pyproject.toml:drift --no-deps -o requirements-drift.txt
	$(LOCK) alternatives/zensical.in -o alternatives/zensical.txt
	$(LOCK) alternatives/properdocs.in -o alternatives/properdocs.txt
	$(LOCK) alternatives/material.in --no-deps -o alternatives/material.txt

# The same site built by Zensical and by ProperDocs, each in its own environment, so that the atlas is not
# stranded if Material for MkDocs or MkDocs 1.x stop being kept (tests/test_alternatives.py).
.venv-zensical/.installed: alternatives/zensical.txt
	$(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/python -m pip install --quiet --require-hashes --only-binary :all: -r alternatives/zensical.txt
	touch $@
.venv-properdocs/.installed: alternatives/properdocs.txt alternatives/material.txt
	$(PYTHON) -m venv .venv-properdocs
	.venv-properdocs/bin/python -m pip install --quiet --require-hashes --only-binary :all: -r alternatives/properdocs.txt
	.venv-properdocs/bin/python -m pip install --quiet --require-hashes --no-deps --only-binary :all: -r alternatives/material.txt
	touch $@

clean:
	rm -rf build site .venv-zensical .venv-properdocs
