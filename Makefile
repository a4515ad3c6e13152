# Unsent: `make run` sets up and serves the app; `make test` runs every check.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run setup test screenshots bench bench-scale

$(VENV)/.installed: requirements.lock
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.lock
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity 0
	$(PY) manage.py compilejsi18n --verbosity 0
	$(PY) manage.py collectstatic --noinput --verbosity 0

# Plain HTTP on loopback for a newcomer; production sits behind HTTPS (see README). Each worker
# is replaced after about 1,000 requests, so memory a large request took goes back to the system.
run: setup
	UNSENT_HTTPS=false $(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:8000 --workers 3 --timeout 120 \
		--max-requests 1000 --max-requests-jitter 100

test: $(VENV)/.installed
	bin/test

# Pictures of the main pages, desktop and phone, light and dark, in docs/screenshots/.
screenshots: setup
	$(PY) bin/screenshots.py

# The benchmark (README, Performance): a throwaway database with 10,000 letters, gunicorn on loopback,
# locust headless; prints the table and writes bench-results/. About 5 minutes on 2 cores.
$(VENV)/.bench-installed: $(VENV)/.installed requirements-bench.lock
	$(VENV)/bin/pip install --quiet -r requirements-bench.lock
	touch $@

bench: $(VENV)/.bench-installed
	$(PY) bench/run.py

# The long rows of the benchmark: how many writers typing at once the server holds, and what grows
# with a writer's letters (search, export, import, deleting an account) or with a table of
# 500,000 letters (shredding), on SQLite and on PostgreSQL when it is installed. About 45
# minutes on 2 cores; BENCH_ROWS and BENCH_DATABASES pick rows and databases (bench/scale.py).
bench-scale: $(VENV)/.bench-installed
	$(PY) bench/scale.py
