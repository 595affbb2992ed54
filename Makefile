# The two commands of README.md: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := FLASK_APP=wsgi $(BIN)/flask
TRANSLATIONS := legalaid/translations
BABEL_KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2

# pytest-xdist workers for the suite (the browser journeys run apart, in one process).
JOBS ?= 2

.PHONY: run test suite test-fast typecheck audit lock upgrade image install install-test translations \
	i18n-extract format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The locked sets (requirements/*.txt, with hashes; `make lock`), then the project itself.
$(VENV)/.installed: $(BIN)/python requirements/base.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements/test.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	touch $@

install: $(VENV)/.installed translations

install-test: $(VENV)/.installed-test translations

translations:
	$(BIN)/pybabel compile --statistics -f -d $(TRANSLATIONS) 2>&1 | grep -v '^compiling' || true
	@test -f $(TRANSLATIONS)/fr/LC_MESSAGES/messages.mo

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-reference
	$(FLASK) create-first-admin
	@# The job runner (imports, daily reminders) beside the web server; both stop together.
	$(FLASK) jobs-worker & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
		$(FLASK) run --host 127.0.0.1 --port 5000

# The full gate: lint, types, the suite on SQLite then on TEST_DATABASE_URL when set (xdist
# workers, each on its own database; the browser journeys after, in one process).
test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	env -u TEST_DATABASE_URL $(MAKE) --no-print-directory suite
	@if [ -n "$${TEST_DATABASE_URL:-}" ]; then \
		echo "== the same suite on $${TEST_DATABASE_URL%%@*}@…"; \
		$(MAKE) --no-print-directory suite; \
	fi

suite:
	$(BIN)/pytest -n $(JOBS) --ignore=tests/browser
	$(BIN)/pytest -p no:xdist tests/browser

# While working: unit and service tests on SQLite; no browser, no real-commit tests (threads,
# backups, migrations) and no whole-app sweeps (see tests/conftest.py). Under two minutes.
test-fast: install-test
	env -u TEST_DATABASE_URL $(BIN)/pytest -n $(JOBS) --ignore=tests/browser \
		-m "not real_commits and not sweep"

typecheck: install-test
	$(BIN)/mypy

# Known vulnerabilities in the locked set (.ci/run runs it too; see the script for the policy).
audit: install-test
	.ci/audit

# Re-lock after editing pyproject.toml (keeps the other pins); `make upgrade` takes the newest
# versions pyproject.toml allows. Both need uv (installed into the venv).
LOCK := $(BIN)/uv pip compile pyproject.toml --quiet --generate-hashes --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28
lock: $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(LOCK) $(UPGRADE) --extra test -o requirements/test.txt
	$(LOCK) $(UPGRADE) -c requirements/test.txt -o requirements/base.txt

upgrade:
	$(MAKE) lock UPGRADE=--upgrade

# The production image (Dockerfile), tagged legalaid:latest.
image:
	docker build -t legalaid:latest .

# Developers: refresh the French catalogue after adding strings, then translate the new entries.
i18n-extract: install
	$(BIN)/pybabel extract --no-location -F $(TRANSLATIONS)/babel.cfg $(BABEL_KEYWORDS) \
		-o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)
	rm $(TRANSLATIONS)/messages.pot

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
