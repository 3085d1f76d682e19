# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Links, QR codes, PDFs and emails point at the address `make run` serves (an explicit SITE_URL wins).
SITE_URL ?= http://$(HOST):$(PORT)
# The suite runs on every core (pytest-xdist): one test database per worker, copied from the one the
# first worker migrates (tests/database_template.py). --dist loadgroup keeps the tests of an
# `xdist_group` on one worker, so that their module-scoped set-up runs once.
TEST_WORKERS ?= auto
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test venv deps dev-deps migrate demo chromium vc-verifier lint check messages serve clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall only when a requirements file changes.
$(VENV)/.deps: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.deps $@

deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

migrate: deps
	$(PY) manage.py migrate --noinput

demo: migrate
	SITE_URL=$(SITE_URL) $(PY) manage.py load_demo

# Message catalogues (.mo) are committed, so `make run` needs no gettext; `make messages` refreshes them.
messages: dev-deps
	$(PY) manage.py makemessages -l ru -l en -i ".venv/*" -i "var/*" -i "tests/*" --no-location --no-obsolete
	$(PY) manage.py compilemessages -i .venv

# The web server, the task worker and the scheduler together (Procfile, through honcho): logs interleaved
# with a prefix, one Ctrl-C stops all three. `make serve` is the web server alone (tasks then wait in the
# database until a worker runs: `$(PY) manage.py db_worker`).
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (demo accounts: see README.md)"
	@echo "Two-factor code for the editor, reviewer, HR and admin demo accounts: $(PY) manage.py demo_code"
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" SITE_URL=$(SITE_URL) RUN_ADDR=$(HOST):$(PORT) $(VENV)/bin/honcho start

serve: demo
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's Chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "The browser tests need Debian's Chromium at /usr/bin/chromium: run 'sudo apt-get install chromium'."; \
			exit 1; \
		fi; \
	fi
	@if ! command -v msgfmt >/dev/null || ! command -v pdftoppm >/dev/null; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext poppler-utils >/dev/null; \
		else \
			echo "The tests need gettext and poppler-utils: run 'sudo apt-get install gettext poppler-utils'."; exit 1; \
		fi; \
	fi
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
		else \
			echo "The credential tests need Node.js and npm: run 'sudo apt-get install nodejs npm'."; exit 1; \
		fi; \
	fi
	@if [ ! -x /usr/bin/redis-server ] && ! command -v redis-server >/dev/null; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
		else \
			echo "The scale-out tests start a throwaway Redis: run 'sudo apt-get install redis-server'."; exit 1; \
		fi; \
	fi

# The independent Open Badges verifier the credential tests run (Node.js; ADR 0021): installed from its lock file.
VC_VERIFIER := tests/vc_verifier
$(VC_VERIFIER)/node_modules/.package-lock.json: $(VC_VERIFIER)/package-lock.json | chromium
	npm ci --prefix $(VC_VERIFIER) --no-audit --no-fund --loglevel=error
vc-verifier: $(VC_VERIFIER)/node_modules/.package-lock.json

lint: dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# makemigrations runs every system check first (what `manage.py check` does) and fails on an error: one
# Django start-up instead of two.
check: dev-deps
	$(PY) manage.py makemigrations --check --dry-run

test: dev-deps chromium vc-verifier lint check
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup

clean:
	rm -rf var .pytest_cache .ruff_cache
