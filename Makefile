# Family Advisory: one command to run the demo, one to run the tests.
#   make demo   create .venv, install, migrate, load demo data, serve http://127.0.0.1:8000
#   make test   create .venv, install (with test tools and Chromium), run the whole suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: demo test install install-test browser fonts setup catalogues test-unit test-e2e bench lint messages serve

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
