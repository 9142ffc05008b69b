# Two commands on a fresh machine:
#   make serve   install and serve the bundled corpus on http://127.0.0.1:5000
#   make test    install everything the tests need and run them all
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: serve test install install-test translations browser index bench clean

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
	$(BIN)/pybabel compile --use-fuzzy -q -d webapp/translations

# Debian's Chromium for the Playwright tests (Playwright's own browser download
# is not used). Needs root or sudo; a machine that has it already skips this.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-core fonts-noto-cjk >/dev/null; }

serve: install
	$(BIN)/archive serve --host $(HOST) --port $(PORT)

test: install-test browser
	$(BIN)/python -m pytest -q

index: install
	$(BIN)/archive index

bench: install-test
	$(BIN)/archive bench

clean:
	rm -rf instance .pytest_cache
