# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run test lint format migrate seed messages vendor clean ci

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

# What CI runs (needs root or sudo, PostgreSQL and Redis on 127.0.0.1; see .ci/run).
ci:
	CI=true bash .ci/run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy bht/access.py $(wildcard */services.py */selectors.py)

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
