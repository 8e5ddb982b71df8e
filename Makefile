# Two commands matter: `make run` and `make test`. Everything else is a step they use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Without AWARENESS_ENV the app runs as production and refuses to start without its keys
# (fail closed), so every development target says so. Without SECRET_KEY, development keeps a
# random key in instance/secret-key that the CLI, the web server and the worker share.
DEV := AWARENESS_ENV=development
FLASK := $(DEV) $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed

.PHONY: run test test-pg test-shifted setup install translations messages db content demo browser-deps print-deps pdf-test-deps lint bench clean

run: setup print-deps db content demo
	@echo "Serving on http://127.0.0.1:5000 (web + worker; Ctrl-C stops both)"
	$(DEV) DEV_MAIL_VIEW=1 $(BIN)/honcho start -f Procfile.dev

test: setup browser-deps print-deps pdf-test-deps
	$(BIN)/pytest -q

# The suite once more with the wall clock moved (tests/conftest.py, TEST_CLOCK) to a Sunday
# afternoon on the October daylight-saving change, in that timezone: a test that reads the
# real date or hour fails here. The browser tests are left out (their gunicorn and Chromium run
# in processes of their own, on the real clock).
SHIFTED_AT ?= 2026-10-25T15:30:00+01:00
test-shifted: setup print-deps pdf-test-deps
	TZ=Europe/Amsterdam TEST_CLOCK=$(SHIFTED_AT) $(BIN)/pytest -q -m "not browser"

# The suite again on PostgreSQL (the CI machine's server; see .ci/run).
test-pg: setup browser-deps print-deps pdf-test-deps
	DATABASE_URL=$${DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/awareness_test} $(BIN)/pytest -q

setup: $(STAMP) translations

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test,dev]"
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile -d awareness/translations -f >/dev/null

db: setup
	mkdir -p instance
	$(FLASK) db upgrade

content: setup
	$(FLASK) content sync

demo: setup
	$(FLASK) demo seed

# Browser tests drive Debian's Chromium; never a downloaded browser.
browser-deps:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

# Handouts and posters are PDFs made by WeasyPrint, which needs Debian's Pango, HarfBuzz's
# subsetter (for embedded fonts; without it WeasyPrint warns on import) and a font.
print-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset \
		&& test -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
		|| (apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
			libharfbuzz-subset0 fonts-dejavu-core)

# The PDF tests read PDFs back as a person would: poppler's pdftotext and zbar's zbarimg.
pdf-test-deps:
	@command -v pdftotext >/dev/null && command -v zbarimg >/dev/null \
		|| (apt-get update -qq && apt-get install -y -qq poppler-utils zbar-tools)

# bandit: the static security check; every exception is a line-level `# nosec BXXX  # reason`.
# mypy: strict types for awareness/ (configured in pyproject.toml); every `# type: ignore[code]`
# says why after it, and an ignore that is no longer needed is an error.
lint: setup
	$(BIN)/ruff check awareness tests bench
	$(BIN)/bandit -q -r awareness
	$(BIN)/mypy

# Benchmarks print figures against a baseline measured in the same run (see docs/benchmarks.md).
bench: setup
	$(BIN)/python bench/residents.py
	$(BIN)/python bench/fanout.py
	$(BIN)/python bench/answers.py
	$(BIN)/python bench/dashboard.py

clean:
	rm -rf $(VENV) instance build *.egg-info

# Refresh the translation catalogue after changing user-visible texts (msgids are Dutch).
messages: setup
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o awareness/translations/messages.pot .
	$(BIN)/pybabel update -i awareness/translations/messages.pot -d awareness/translations
