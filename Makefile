# Prevent Casework. `make demo` and `make test` are the two commands in the README.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
PYTHON ?= python3
UV := $(PYTHON) -m uv
RUN := $(UV) run --locked
export UV_LINK_MODE ?= copy
# Precompile site-packages: this environment sets PYTHONDONTWRITEBYTECODE, so
# without it every process would recompile Django and pandas (about 2 s each).
export UV_COMPILE_BYTECODE ?= 1

.PHONY: help install python-deps node-deps system-test-deps demo serve test test-unit test-browser \
        test-smoke lint checks bench clean

help:
	@echo "make demo   install, migrate the embedded database, seed demo data, serve on :$(PORT)"
	@echo "make test   install test needs, run the whole suite on PostgreSQL and the checks"

install: python-deps node-deps

python-deps:
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --locked

node-deps:
	@if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		npm ci --no-audit --no-fund; \
	fi

# Debian packages the tests need: Chromium for browser tests, PostgreSQL server,
# and the Pango libraries WeasyPrint uses. Installed only when missing.
system-test-deps:
	@bash scripts/install-system-deps.sh

demo: install
	DJANGO_SETTINGS_MODULE=prevent.settings.local $(RUN) python manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=prevent.settings.local $(RUN) python manage.py collectstatic --no-input --verbosity 0
	DJANGO_SETTINGS_MODULE=prevent.settings.local $(RUN) python manage.py seed_demo
	DJANGO_SETTINGS_MODULE=prevent.settings.local $(RUN) python manage.py send_reminders
	@PORT=$(PORT) UV="$(UV)" bash scripts/serve-demo.sh

test: install system-test-deps
	@UV="$(UV)" bash scripts/run-tests.sh

# The quick loop while working: unit tests on a throwaway PostgreSQL, no browser.
test-unit: install
	@bash scripts/with-postgres.sh $(RUN) pytest -m "not browser" -n 2 $(ARGS)

lint:
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) lint-imports

# Benchmarks print ratios to a baseline measured in the same run. BENCH_ARGS=--quick for a short run.
bench: install system-test-deps
	@bash scripts/with-postgres.sh $(RUN) python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf var/static var/test-files .pytest_cache
