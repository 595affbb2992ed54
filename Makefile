# The two commands of README.md: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := FLASK_APP=wsgi $(BIN)/flask
TRANSLATIONS := legalaid/translations
BABEL_KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2

.PHONY: run test install install-test translations i18n-extract lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
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

test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	env -u TEST_DATABASE_URL $(BIN)/pytest
	@if [ -n "$${TEST_DATABASE_URL:-}" ]; then \
		echo "== the same suite on $${TEST_DATABASE_URL%%@*}@…"; \
		$(BIN)/pytest; \
	fi

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
	rm -rf $(VENV) .pytest_cache .ruff_cache
