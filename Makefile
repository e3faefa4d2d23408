# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what they depend on.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test explore setup setup-test browser axe lint clean

run: setup
	$(BIN)/plenary db upgrade
	$(BIN)/plenary demo
	$(BIN)/plenary serve --host 127.0.0.1 --port 8000

test: setup-test browser axe lint
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

# axe-core (from npm, pinned by tests/a11y/package-lock.json), which the accessibility
# test injects into the pages: installed again only when the lock changes.
A11Y := tests/a11y
axe: $(A11Y)/node_modules/.installed
$(A11Y)/node_modules/.installed: $(A11Y)/package.json $(A11Y)/package-lock.json
	npm ci --prefix $(A11Y) --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) var .pytest_cache
