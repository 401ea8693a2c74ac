# The README's commands: `make run` (set up + chat UI), `make test` (set up + all checks) and
# `make unit` (set up + lint, types and the fast unit tests: no embedding model, no servers).
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
PORT    ?= 8501
# The chat listens on this machine only unless told otherwise (ADDRESS=0.0.0.0 serves others).
ADDRESS ?= 127.0.0.1

.PHONY: setup run test unit lint typecheck pytest bench browser services index mcp clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# torch is pinned: 2.13.0 is the CPU build on local disk (see DEVELOPERS.md)
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

index: setup
	$(BIN)/advisor ingest --prune --wait

run: setup index
	@case "$(ADDRESS)" in 127.0.0.1|localhost|::1) ;; *) \
		echo "WARNING: serving the chat on $(ADDRESS): other machines can reach it;" \
		     "set ADVISOR_UI_PASSWORD (see docs/deploy.md)." >&2 ;; esac
	$(BIN)/streamlit run ui/app.py --server.port $(PORT) --server.address $(ADDRESS) \
		--server.headless true --browser.gatherUsageStats false

lint: setup
	$(BIN)/ruff check advisor ui tests benchmarks

typecheck: setup
	$(BIN)/mypy advisor

# Debian's chromium for the browser test (never `playwright install`).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's PostgreSQL for the team-server tests (they start it themselves on a free port).
services:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql >/dev/null; }

pytest: setup browser services
	$(BIN)/pytest

test: lint typecheck pytest

# The quick loop: tests/unit without the tests marked slow (embedding model, servers) or e2e.
unit: lint typecheck
	$(BIN)/pytest tests/unit -m "not slow and not e2e and not live" -q

bench: setup
	$(BIN)/python benchmarks/run_all.py

mcp: setup
	$(BIN)/advisor mcp --http

clean:
	rm -rf $(VENV) .advisor .mypy_cache .pytest_cache .ruff_cache
