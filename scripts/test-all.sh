#!/usr/bin/env bash
# The whole check `make test` runs: ruff, the suite on SQLite, then the same suite on
# PostgreSQL when one is reachable.  Every stage runs even when an earlier one failed,
# so one run shows everything; the exit status is non-zero when any stage failed.
#   scripts/test-all.sh [pytest arguments...]
# BIN (default .venv/bin) names the tools; SUCAI_TEST_PG_ADMIN points at PostgreSQL.
# Each pass runs in parallel test processes (pytest-xdist): SUCAI_TEST_WORKERS of them (default
# auto: one per core; 0 runs in this process).  Tests marked xdist_group share one process.
set -u
BIN=${BIN:-.venv/bin}
WORKERS=(-n "${SUCAI_TEST_WORKERS:-auto}" --dist loadgroup)
failed=()

stage() {  # stage NAME COMMAND...: run it, remember its name when it fails
  local name=$1
  shift
  echo "== $name =="
  "$@" || failed+=("$name")
}

stage "ruff" "$BIN/ruff" check sucai tests bench
stage "SQLite" "$BIN/python" -m pytest "${WORKERS[@]}" "$@"
if "$BIN/python" -c "import psycopg,os; psycopg.connect(os.environ.get('SUCAI_TEST_PG_ADMIN','postgresql://postgres@127.0.0.1:5432/postgres'), connect_timeout=3).close()" 2>/dev/null; then
  stage "PostgreSQL" env SUCAI_TEST_BACKEND=postgres "$BIN/python" -m pytest "${WORKERS[@]}" "$@"
else
  echo "PostgreSQL not reachable: skipped the PostgreSQL run of the suite"
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "== FAILED: ${failed[*]} =="
  exit 1
fi
echo "== all passed =="
