# Two commands on a fresh machine:
#   make serve   install and serve the bundled corpus on http://127.0.0.1:5000
#   make test    install everything the tests need and run them all
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: serve test install install-test translations messages browser axe index bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[serve]"
	$(MAKE) --no-print-directory translations

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[serve,test,bench]"
	$(MAKE) --no-print-directory translations

translations:
	$(BIN)/pybabel -q compile --use-fuzzy -d webapp/translations

# After changing a message in the code or a template: extract them all (N_ marks
# the query layer's messages), then merge into every catalogue and translate
# the new entries in webapp/translations/*/LC_MESSAGES/messages.po.
messages:
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k lazy_gettext \
	  --project "Testimony archive" --version 0.1.0 --copyright-holder "Testimony archive" \
	  -o webapp/translations/messages.pot .
	$(BIN)/pybabel update -N --no-wrap -i webapp/translations/messages.pot -d webapp/translations

# Debian's Chromium for the Playwright tests (Playwright's own browser download
# is not used). Needs root or sudo; a machine that has it already skips this.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-core fonts-noto-cjk >/dev/null; }

# axe-core, the accessibility engine the browser tests run in every page, from
# the npm registry into node_modules/ (not committed).
AXE_VERSION ?= 4.10.3
axe: node_modules/axe-core/axe.min.js

node_modules/axe-core/axe.min.js:
	npm install --no-save --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION)

serve: install
	$(BIN)/archive serve --host $(HOST) --port $(PORT)

test: install-test browser axe
	$(BIN)/python -m pytest -q

index: install
	$(BIN)/archive index

bench: install-test
	$(BIN)/archive bench

clean:
	rm -rf instance .pytest_cache
