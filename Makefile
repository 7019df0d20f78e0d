# Samhandlingsportalen. `make run` serves the portal with demo data; `make test` runs the suite.
PYTHON ?= python3.12
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export XDG_RUNTIME_DIR := $(CURDIR)/.data/run

.PHONY: run dev test bench setup stop-db clean

# Installs only when requirements.txt or package-lock.json changed, so a second run is fast.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

.data/run:
	mkdir -p -m 700 .data/run

setup: $(VENV)/.installed node_modules/.installed .data/run
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py createcachetable
	@# The nynorsk catalogue: compiled here, not committed, so the .mo always matches the .po.
	$(PY) manage.py compilemessages -l nn --ignore=.venv --ignore=node_modules --ignore=.data -v 0

# collectstatic writes a Brotli copy of every file at its best quality (half a minute on two
# cores): only when a static source, a package or the settings changed.
STATIC_MANIFEST := .data/staticfiles/staticfiles.json
$(STATIC_MANIFEST): $(shell find static -type f 2>/dev/null) requirements.txt package-lock.json samhandling/settings.py | $(VENV)/.installed node_modules/.installed
	$(PY) manage.py collectstatic --no-input -v 0
	touch $@

run: setup $(STATIC_MANIFEST)
	$(PY) manage.py load_demo
	@echo ""
	@echo "  Samhandlingsportalen: http://127.0.0.1:$(PORT)/"
	@echo "  Demo accounts (password: $${DEMO_PASSWORD:-demo}): admin, redaktor, koordinator, kvalitet, sthf, skien, porsgrunn"
	@echo "  E-mail is printed here by the task worker (console backend unless EMAIL_HOST is set)."
	@echo "  Ctrl-C stops the server; the database keeps running for next time (make stop-db stops it)."
	@echo ""
	@# The task worker sends queued e-mail; it stops with the server. The access log goes through
	@# samhandling/gunicorn.conf.py's logger, which redacts the receipt links' secret token.
	HTTPS=0 $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	HTTPS=0 $(VENV)/bin/gunicorn samhandling.wsgi --config samhandling/gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers 2 --graceful-timeout 5

dev: setup
	$(PY) manage.py load_demo
	DEBUG=1 HTTPS=0 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The direction between the apps (.importlinter) and the types (mypy.ini) first: both fail fast.
test: setup
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The national dataset (1,617 organisations, 20,000 people, a million deviations) in a separate
# database (samhandling_bench), served with gunicorn and every page measured: see README,
# Performance. The portal's own database is not touched; BENCH_ARGS=--regenerate builds it again.
bench: setup
	@command -v wrk >/dev/null || { echo "make bench needs wrk (apt-get install -y wrk)"; exit 1; }
	$(PY) manage.py bench $(BENCH_ARGS)

# Stops the embedded PostgreSQL (and a PostgreSQL 16 left running on .data/postgres/).
stop-db:
	$(PY) -m samhandling.pg stop

clean: stop-db
	rm -rf $(VENV) node_modules .data
