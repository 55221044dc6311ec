#!/usr/bin/env bash
# Bounded load test on loopback (README.md, "Operations"): a fresh PostgreSQL database
# with the demo organisation, gunicorn in production mode, USERS virtual users for
# DURATION seconds (loadtest/run.py), then the writes counted in the database
# (loadtest/fixtures.py verify). Exits non-zero on any error or lost write.
#
#   scripts/loadtest.sh                       # 50 users, 60 s
#   DURATION=15 USERS=50 scripts/loadtest.sh  # CI
#
# LOAD_DB (bht_load), LOAD_PORT (8200), WORKERS (3), KEEP_DB=1 keeps the database.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-60}
USERS=${USERS:-50}
WORKERS=${WORKERS:-3}
LOAD_DB=${LOAD_DB:-bht_load}
LOAD_PORT=${LOAD_PORT:-8200}
OUT="$ROOT/test-results"
mkdir -p "$OUT"
LOG="$OUT/loadtest-gunicorn.log"
: >"$LOG"
# shellcheck source=scripts/lib/liveserver.sh
source "$ROOT/scripts/lib/liveserver.sh"

cleanup() {
    stop_server
    [ "${KEEP_DB:-0}" = "1" ] || drop_db "$LOAD_DB"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$SECONDS
echo "== database $LOAD_DB: $([ -n "${LIVE_TEMPLATE_DB:-}" ] && echo "copy of $LIVE_TEMPLATE_DB, migrate" || echo "migrate, seed_demo")"
live_db "$LOAD_DB"
export DATABASE_URL="$PG_SERVER/$LOAD_DB"
"$PY" "$ROOT/loadtest/fixtures.py" prepare --advisors $((USERS * 2 / 5)) --out "$OUT/loadtest-fixtures.json"

echo "== gunicorn ($((SECONDS - started)) s)"
live_server "$LOAD_DB" "$LOAD_PORT" "$WORKERS" "$LOG"

echo "== load: $USERS users for $DURATION s ($((SECONDS - started)) s)"
rc=0
"$PY" "$ROOT/loadtest/run.py" --base-url "http://127.0.0.1:$LOAD_PORT" \
    --fixtures "$OUT/loadtest-fixtures.json" --out "$OUT/loadtest-result.json" \
    --users "$USERS" --duration "$DURATION" || rc=$?
stop_server
if grep -q "Traceback" "$LOG"; then
    echo "the server logged an exception ($LOG):" >&2
    grep -A 30 -m 1 "Traceback" "$LOG" >&2
    rc=1
fi

echo "== writes in the database"
"$PY" "$ROOT/loadtest/fixtures.py" verify --result "$OUT/loadtest-result.json" || rc=1

echo "== load test $([ "$rc" -eq 0 ] && echo PASSED || echo FAILED) in $((SECONDS - started)) s"
exit "$rc"
