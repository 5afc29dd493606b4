# One entry point: every target sets up what it needs on a fresh machine by itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INTEROP := .venv-interop
STAMP := $(VENV)/.installed
INTEROP_STAMP := $(INTEROP)/.installed

.PHONY: run test lint unit bench demo clean

run: $(STAMP)
	$(BIN)/obambu run

test: lint unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: $(STAMP) $(INTEROP_STAMP)
	QT_QPA_PLATFORM=offscreen OBAMBU_KDF=interactive $(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench.apply_rate
	$(BIN)/python -m bench.attestation_lookup
	$(BIN)/python -m bench.open_profile

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# pycose is the independent COSE verifier of the interop test. It needs cbor2 < 6, which
# the application cannot share, so it lives in a venv of its own.
$(INTEROP_STAMP): tests/interop/requirements.txt
	$(PYTHON) -m venv $(INTEROP)
	$(INTEROP)/bin/pip install --quiet -r tests/interop/requirements.txt
	touch $@

clean:
	rm -rf $(VENV) $(INTEROP) .mypy_cache .ruff_cache .pytest_cache
