# Family Advisory: one command to run the demo, one to run the tests.
#   make demo   create .venv, install, migrate, load demo data, serve http://127.0.0.1:8000
#   make test   create .venv, install (with test tools and Chromium), run the whole suite
#   make a11y   run only the accessibility gate (axe-core); prints where the report is
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: demo test install install-test browser axe fonts setup catalogues test-unit test-e2e a11y bench lint messages serve

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: $(PY)
	$(PIP) install --quiet -e .

install-test: $(PY)
	$(PIP) install --quiet -e ".[test]"

catalogues:
	$(PY) manage.py compile_catalogues

setup: catalogues fonts
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data

demo: install setup serve

serve:
	@echo "Serving on http://$(HOST):$(PORT)/ (demo logins printed above)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium for the browser tests (nothing downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium fonts-noto-core fonts-noto-cjk; }
	@$(MAKE) --no-print-directory axe

# axe-core for the accessibility gate: the version pinned in tests/e2e/package-lock.json,
# from the npm registry (Debian's npm when node is missing). Test-only; nothing is
# fetched while the tests run.
axe:
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q nodejs npm; }
	@test -f tests/e2e/node_modules/axe-core/axe.min.js && \
	  grep -q "\"version\": \"$$(sed -n 's/.*"axe-core": "\(.*\)".*/\1/p' tests/e2e/package.json)\"" \
	    tests/e2e/node_modules/axe-core/package.json || \
	  npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error

# Noto fonts for the PDFs (Arabic shaping, Chinese/Korean/Vietnamese glyphs), found by
# WeasyPrint through fontconfig; installed from Debian only when fc-list lacks them.
fonts:
	@if fc-list 2>/dev/null | grep -qiE "Noto (Naskh|Sans) Arabic" && \
	    fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then :; else \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q fontconfig fonts-noto-core fonts-noto-cjk; fi

test: install-test browser fonts catalogues test-unit test-e2e

test-unit:
	$(PY) -m pytest tests --ignore=tests/e2e --ignore=tests/bench -n $(PYTEST_WORKERS) -q

test-e2e:
	$(PY) -m pytest tests/e2e -q

# The accessibility gate alone (axe-core on every page, English and Arabic, 360 and
# 1280 px; keyboard, no-JavaScript and tap-target checks). Fails on serious or critical
# violations; the rest are listed in the report.
a11y: install-test browser catalogues
	$(PY) -m pytest tests/e2e/test_accessibility.py tests/e2e/test_keyboard.py tests/e2e/test_without_javascript.py -q
	@echo "Accessibility report: test-artifacts/a11y/report.md (and report.json); screenshots in test-artifacts/a11y/screenshots/"

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# After changing any user-facing string: refresh the catalogues, translate, compile.
messages:
	$(PY) manage.py makemessages --no-obsolete --ignore=".venv/*" --ignore="tests/*" \
	  --ignore="staticfiles/*" --ignore="media/*" --ignore="test-artifacts/*" \
	  -l en -l es -l ar -l zh_Hans -l vi -l ht -l so -l pt -l fr -l ko
	$(PY) manage.py compile_catalogues --check

# Benchmarks (PostgreSQL): DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench
bench:
	BENCH=1 $(PY) -m pytest tests/bench -s -q -p no:randomly
