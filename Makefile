# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what they depend on.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test explore setup setup-test browser lint clean

run: setup
	$(BIN)/plenary db upgrade
	$(BIN)/plenary demo
	$(BIN)/plenary serve --host 127.0.0.1 --port 8000

test: setup-test browser lint
	$(BIN)/pytest

# The model of the procedure, for as long as asked (CI runs it bounded, in make test):
# make explore SECONDS=600 [EXPLORE_URL=postgresql+psycopg://…/scratch]
SECONDS ?= 120
explore: setup-test
	$(BIN)/python benchmarks/explore_procedure.py --seconds $(SECONDS) $(EXPLORE_URL)

lint: setup-test
	$(BIN)/ruff check .

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Plenary needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	touch $@

$(VENV)/.installed: $(VENV)/.created pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# The end-to-end tests drive Debian's Chromium (never a downloaded browser).
browser:
	@sh scripts/install-system-packages.sh

clean:
	rm -rf $(VENV) var .pytest_cache
