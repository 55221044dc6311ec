#!/usr/bin/env bash
# API robustness (README.md, "Operations"): schemathesis generates requests from the
# OpenAPI schema (/api/schema/) and sends them, authenticated by a token, to
# gunicorn on a throwaway PostgreSQL database with the demo organisation. Fails on
# any 500, any response that breaks its own schema or any undocumented status code.
#
#   scripts/api_fuzz.sh                      # as the BHT manager, 10 examples per operation
#   FUZZ_USER=avdelingsleder MAX_EXAMPLES=30 scripts/api_fuzz.sh
#
# FUZZ_DB (bht_schema), FUZZ_PORT (8250), WORKERS (2), KEEP_DB=1 keeps the database.
# FUZZ_PATHS (a regex, e.g. 'webhooks|/me/') fuzzes only the matching paths.
# The writes it makes (orders, hours, locks...) stay in that database.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ_USER=${FUZZ_USER:-bhtleder}
MAX_EXAMPLES=${MAX_EXAMPLES:-10}
WORKERS=${WORKERS:-2}
FUZZ_DB=${FUZZ_DB:-bht_schema}
FUZZ_PORT=${FUZZ_PORT:-8250}
SEED=${SEED:-1}
OUT="$ROOT/test-results"
mkdir -p "$OUT"
LOG="$OUT/api-fuzz-gunicorn.log"
: >"$LOG"
# shellcheck source=scripts/lib/liveserver.sh
source "$ROOT/scripts/lib/liveserver.sh"

cleanup() {
    stop_server
    [ "${KEEP_DB:-0}" = "1" ] || drop_db "$FUZZ_DB"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$SECONDS
echo "== database $FUZZ_DB: $([ -n "${LIVE_TEMPLATE_DB:-}" ] && echo "copy of $LIVE_TEMPLATE_DB, migrate" || echo "migrate, seed_demo")"
live_db "$FUZZ_DB"
echo "== gunicorn ($((SECONDS - started)) s)"
live_server "$FUZZ_DB" "$FUZZ_PORT" "$WORKERS" "$LOG"
BASE="http://127.0.0.1:$FUZZ_PORT"

# A token for the user, made in the database (no password, no login throttling).
TOKEN=$(DATABASE_URL="$PG_SERVER/$FUZZ_DB" "$PY" "$ROOT/manage.py" shell -c "
from rest_framework.authtoken.models import Token
from core.models import User
print(Token.objects.get_or_create(user=User.objects.get(username='$FUZZ_USER'))[0].key)
" | tail -n 1)

echo "== schemathesis as $FUZZ_USER, $MAX_EXAMPLES examples per operation ($((SECONDS - started)) s)"
rc=0
# From test-results/: schemathesis keeps its replay data in .schemathesis/ of the
# current folder.
cd "$OUT"
"$ROOT/.venv/bin/schemathesis" run "$BASE/api/schema/" \
    --header "Authorization: Token $TOKEN" --header "X-Forwarded-Proto: https" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance \
    --phases coverage,fuzzing \
    --max-examples "$MAX_EXAMPLES" --seed "$SEED" --workers 1 --request-timeout 60 \
    --exclude-path /api/v1/auth/token/ \
    ${FUZZ_PATHS:+--include-path-regex "$FUZZ_PATHS"} \
    --report junit --report-junit-path "$OUT/api-fuzz-junit.xml" || rc=$?
stop_server
if grep -q "Traceback" "$LOG"; then
    echo "the server logged an exception ($LOG):" >&2
    grep -A 30 -m 1 "Traceback" "$LOG" >&2
    rc=1
fi
echo "== API fuzzing $([ "$rc" -eq 0 ] && echo PASSED || echo FAILED) in $((SECONDS - started)) s"
exit "$rc"
