# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run test test-calendar lint format migrate seed messages vendor clean ci bench bench-small

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	@echo "BHT-CRM on http://$(HOST):$(PORT)/ (log in as bhtleder / demo; see README.md)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# collectstatic: WhiteNoise serves STATIC_ROOT, also to the live-server browser tests.
test: install
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/pytest $(PYTEST_ARGS)

# The suite with the whole process clock moved to hard days (faketime; see
# scripts/test_calendar.sh). CALENDAR_DATES="2027-03-01 2027-01-01" picks some.
CALENDAR_DATES ?=
test-calendar: install
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	CALENDAR_DATES="$(CALENDAR_DATES)" bash scripts/test_calendar.sh $(PYTEST_ARGS)

# Benchmarks at national scale on PostgreSQL (benchmarks/run.py; writes benchmarks/RESULTS.md).
# BENCH_ARGS, e.g. "--organisations 100 --reuse". bench-small is the few-minute CI size.
BENCH_ARGS ?=
bench: install
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

bench-small: install
	$(BIN)/python -m benchmarks.run --small $(BENCH_ARGS)

# What CI runs (needs root or sudo, PostgreSQL and Redis on 127.0.0.1; see .ci/run).
ci:
	CI=true bash .ci/run

# ruff includes the complexity limits; the layers are checked by lint-imports and
# check_layers.py (imports, then upward references by name), the module and function
# sizes by check_sizes.py (docs/architecture.md).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy core/access.py $(wildcard */services.py */selectors.py */services/*.py */selectors/*.py)
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/check_layers.py
	$(BIN)/python scripts/check_sizes.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Norwegian is the source language; the English catalogue is compiled and committed.
# Collected from the project root so that templates/ (the base layout) is included.
messages: install
	$(BIN)/python manage.py makemessages -l en --no-location \
		-i '.venv/*' -i 'staticfiles/*' -i '*/tests/*' -i 'tests/*' -i 'docs/*' -i 'scripts/*'
	cd bht && ../$(BIN)/python ../manage.py compilemessages -l en

# Re-vendors Designsystemet CSS and htmx from the npm registry (needs node/npm).
vendor:
	bash scripts/vendor_static.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media test-results

# PostgreSQL backup and restore of DATABASE_URL (and MEDIA_ROOT); see README.md, "Operations".
# make backup [BACKUP_FILE=path]; make restore BACKUP_FILE=path [FORCE=1]
.PHONY: backup restore
backup:
	bash scripts/backup.sh backup

restore:
	bash scripts/backup.sh restore

# Bounded load test and API fuzzing against gunicorn on PostgreSQL (README.md, "Operations").
DURATION ?= 60
USERS ?= 50
.PHONY: loadtest apifuzz
loadtest: install
	DURATION=$(DURATION) USERS=$(USERS) bash scripts/loadtest.sh

apifuzz: install
	bash scripts/api_fuzz.sh
