# Apertus: `make run` serves the platform with demo data; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.8
PORT   ?= 8000

.PHONY: run test test-fast install lint lock bench bench-search messages clean sdg-model sdg-eval sdg-bench

$(VENV)/.installed: requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"
	@$(BIN)/uv pip sync -q --python $(BIN)/python requirements.lock
	@touch $@

install: $(VENV)/.installed

run: install
	@APERTUS_ENV=development $(BIN)/python manage.py check_port --port $(PORT)
	@APERTUS_ENV=development $(BIN)/python manage.py migrate --noinput -v0
	@APERTUS_ENV=development $(BIN)/python manage.py load_reference
	@APERTUS_ENV=development $(BIN)/python manage.py load_demo
	@APERTUS_ENV=development $(BIN)/python manage.py serve --port $(PORT)

# Both print the 15 slowest steps (set-up, call, tear-down) and the elapsed time (pytest's summary line,
# then the whole command's, start-up and collection included), so CI shows where it goes.
# Compiled modules, and the test modules pytest rewrites, are kept in __pycache__ (git-ignored) even where
# the environment says PYTHONDONTWRITEBYTECODE: otherwise each worker compiles them all again on every
# run (about half of collecting the tests) and so does each `manage.py` a test starts.
KEEP_BYTECODE := PYTHONDONTWRITEBYTECODE=
test: install
	@start=$$(date +%s); $(KEEP_BYTECODE) APERTUS_ENV=test $(BIN)/python -m pytest -n 2 --dist loadfile --durations=15; \
		status=$$?; echo "make test: $$(($$(date +%s) - start)) s in all"; exit $$status

test-fast: install
	@start=$$(date +%s); $(KEEP_BYTECODE) APERTUS_ENV=test $(BIN)/python -m pytest -n 2 -m "not browser" --durations=15; \
		status=$$?; echo "make test-fast: $$(($$(date +%s) - start)) s in all"; exit $$status

lint: install
	$(BIN)/ruff check apertus tests
	$(BIN)/ruff format --check apertus tests scripts conftest.py manage.py

bench: install
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
		|| (echo "wrk is needed: apt-get install wrk" && exit 1)
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/sdg_bench.py
	@$(MAKE) --no-print-directory bench-search

# Search only: precision at 5 and uncached p50/p95 over the relevance set, on the database in
# DATABASE_URL, else on the SQLite database `make bench` fills (docs/bench/search.md).
BENCH_DATABASE_URL = $(if $(DATABASE_URL),$(DATABASE_URL),sqlite:///$(CURDIR)/var/bench/apertus.sqlite3)
bench-search: install
	@test -n "$(DATABASE_URL)" || test -f var/bench/apertus.sqlite3 || (echo "No database to search: run make bench first, or set DATABASE_URL" && exit 1)
	DATABASE_URL="$(BENCH_DATABASE_URL)" APERTUS_ENV=development $(BIN)/python manage.py search_relevance

# The SDG classifier: rebuild its model from data/, measure it on data/sdg_eval/, time it.
sdg-model: install
	APERTUS_ENV=development $(BIN)/python manage.py build_sdg_model

sdg-eval: install
	APERTUS_ENV=development $(BIN)/python manage.py sdg_eval

sdg-bench: install
	$(BIN)/python scripts/sdg_bench.py

messages: install
	cd apertus && APERTUS_ENV=development ../$(BIN)/python ../manage.py makemessages -l en --no-obsolete --no-location
	APERTUS_ENV=development $(BIN)/python manage.py compile_translations

lock: install
	$(BIN)/uv pip compile -q --python $(BIN)/python requirements.in -o requirements.lock

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache

# Load and fault test: its own PostgreSQL (55432) and Redis (56379), gunicorn, N people for 60 s.
.PHONY: loadtest
loadtest: install
	$(BIN)/python scripts/loadtest.py $(LOADTEST_ARGS)
