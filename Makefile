# The two commands a new developer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Re-install when a requirements file changes.
STAMP := $(VENV)/.installed

.PHONY: run test lint format worker beat bench vendor clean setup migrate prod-smoke scale-smoke

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	mkdir -p var
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py migrate --noinput

## Serve the portal with the LCR+ dataset on 127.0.0.1:8000 (SQLite, eager tasks, email to var/mail/).
run: migrate
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py seed_lcr --demo
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py runserver 127.0.0.1:8000

## Lint, Django checks, migrations check and the whole test suite.
test: setup lint
	DJANGO_SETTINGS_MODULE=portal.settings_test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings_test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

## Production smoke stage: the Procfile's processes with production settings, driven in
## Chromium (.ci/smoke/run.py). Uses a fresh database named after DATABASE_URL's plus
## "_prod", empties the Redis database in REDIS_URL, serves on PORT (8000), SMTP on
## SMTP_PORT (8025).
prod-smoke: setup
	$(BIN)/python .ci/smoke/run.py

## Scale-out stage: two web nodes behind a round-robin proxy, two worker nodes, one beat,
## uploads in an S3-compatible server (moto), all on loopback (.ci/smoke/scale.py). Uses a
## fresh database named after DATABASE_URL's plus "_scale", empties the Redis database in
## REDIS_URL, ports SCALE_PORT_BASE (8300) to +5.
scale-smoke: setup
	$(BIN)/python .ci/smoke/scale.py

## Style, then the layers (import-linter: [tool.importlinter] in pyproject.toml).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## A Celery worker and the (single) beat scheduler; need REDIS_URL.
worker: setup
	$(BIN)/celery -A portal worker --loglevel=INFO

beat: setup
	$(BIN)/celery -A portal beat --loglevel=INFO

## Benchmarks (not tests); figures go to docs/performance.md.
bench: setup
	$(BIN)/python -m bench

## Copy front-end libraries from npm into static/vendor (committed; no CDN at run time).
## Source maps are not shipped, so the comments naming them go too: the manifest static
## storage would stop collectstatic on the missing map (MissingFileError).
vendor:
	npm install --no-audit --no-fund
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	mkdir -p static/vendor/leaflet/images
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE static/vendor/leaflet/
	cp node_modules/leaflet/dist/images/*.png static/vendor/leaflet/images/
	cp node_modules/axe-core/axe.min.js portal/tests/vendor/axe.min.js
	find static/vendor -name '*.js' -o -name '*.css' | xargs sed -i -E '/^\/[*\/]# sourceMappingURL=/d'

clean:
	rm -rf $(VENV) var/static var/test-static var/test-mail var/test-media var/prod-smoke var/scale-smoke
