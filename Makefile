# Quickstart: `make build` then `make test`. Both install from requirements.lock into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test test-fast lint eval lock clean

# Reinstall only when the lock or the project metadata change.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("error: Python >= 3.11 is needed (found %s); set PYTHON=python3.11" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing locked dependencies into $(VENV) (log: $(VENV)/install.log)"
	@$(BIN)/python -m pip install --require-hashes --no-deps -r requirements.lock > $(VENV)/install.log 2>&1 \
		|| { tail -n 20 $(VENV)/install.log; echo "error: dependency install failed; see $(VENV)/install.log"; exit 1; }
	@$(BIN)/python -m pip install --no-deps -e . >> $(VENV)/install.log 2>&1 \
		|| { tail -n 20 $(VENV)/install.log; echo "error: installing trilat failed; see $(VENV)/install.log"; exit 1; }
	@touch $(STAMP)

# After changing the extractors, run `make eval` first: a release's card quotes
# bench/devset-scores.json as it is when the release is built.
build: $(STAMP)
	$(BIN)/trilat build
	$(BIN)/trilat citation

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Scores against tests/gold, then against the development set (../shared/devset), whose
# figures bench/devset-scores.json keeps for the dataset card: commit it.
eval: $(STAMP)
	$(BIN)/trilat eval --devset ../shared/devset --write bench/devset-scores.json

# Regenerate the lock after changing dependencies in pyproject.toml.
lock:
	$(PYTHON) -m pip install -q uv
	$(PYTHON) -m uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes --quiet -o requirements.lock

clean:
	rm -rf $(VENV) .prefect .pytest_cache .ruff_cache
