# Two entry points (see README): `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-deps lint bench bench-ocr clean

$(BIN)/sucai: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(BIN)/sucai

setup: $(BIN)/sucai

# The main job: a library with the sample documents, served on localhost.
run: setup system-deps
	$(BIN)/sucai demo
	$(BIN)/sucai serve --host $(HOST) --port $(PORT)

# Debian packages sucai and the tests use (LibreOffice, poppler, chromium, fonts, tesseract OCR);
# installed only as root.
system-deps:
	@bash scripts/system-deps.sh

# The whole suite runs twice: on SQLite (the default) and on PostgreSQL when one is reachable
# at 127.0.0.1:5432 (CI starts it; set SUCAI_TEST_PG_ADMIN to point elsewhere).  Every stage
# runs even after a failure (scripts/test-all.sh), and the target fails at the end.
test: setup system-deps
	@BIN=$(BIN) bash scripts/test-all.sh $(PYTEST_ARGS)

bench: setup
	$(BIN)/python bench/ingest.py

# OCR engines side by side (tesseract, RapidOCR from its wheel) on rendered scans
bench-ocr: setup system-deps
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/ocr.py

clean:
	rm -rf $(VENV) sucai-data .pytest_cache
