#!/usr/bin/env bash
# The suite at hard dates (issue 13, DESIGN.md §8 `make test-calendar`): the whole
# process clock is moved with Debian's faketime (libfaketime, LD_PRELOAD), so the
# seeded demo, Django's timezone.now()/localdate() and the database's sessions all
# see that day; the clock then runs on from 08:30 local server time.
#
#   CALENDAR_DATES="2027-03-01 2027-01-01" bash scripts/test_calendar.sh [pytest args]
#
# Browser tests are left out unless CALENDAR_BROWSER=1 (they need Chromium, whose
# own clock faketime would also move).
set -euo pipefail
cd "$(dirname "$0")/.."

# 2027-03-01: first working day of a month whose previous month is locked
# 2027-01-01: New Year's Day, a Friday, in ISO week 53 of 2026 (a week across two years)
# 2028-02-29: leap day
# 2027-03-25: Maundy Thursday (Easter holidays)
# 2027-01-31: a month ending on a Sunday
DATES=${CALENDAR_DATES:-"2027-03-01 2027-01-01 2028-02-29 2027-03-25 2027-01-31"}
TIME=${CALENDAR_TIME:-08:30:00}

if ! command -v faketime >/dev/null 2>&1; then
    echo "make test-calendar needs Debian's faketime: apt-get install faketime" >&2
    exit 2
fi

marker=(-m "not browser")
if [ "${CALENDAR_BROWSER:-0}" = "1" ]; then
    marker=()
fi
# Two workers on two cores; each has its own test database.
workers=()
if .venv/bin/python -c "import xdist" 2>/dev/null; then
    workers=(-n "${CALENDAR_WORKERS:-2}")
fi

failed=()
for day in $DATES; do
    printf '\n==== the suite on %s %s (faketime) ====\n' "$day" "$TIME"
    if ! faketime "$day $TIME" .venv/bin/python -c "import datetime, sys; \
sys.exit(0 if str(datetime.date.today()) == '$day' else 1)"; then
        echo "faketime did not move the clock to $day" >&2
        exit 2
    fi
    report=()
    if [ -n "${CALENDAR_JUNIT_DIR:-}" ]; then
        report=(--junitxml="$CALENDAR_JUNIT_DIR/junit-calendar-$day.xml")
    fi
    if ! faketime "$day $TIME" .venv/bin/pytest -p no:cacheprovider "${marker[@]}" \
        "${workers[@]}" "${report[@]}" "$@"; then
        failed+=("$day")
    fi
done
if [ "${#failed[@]}" -gt 0 ]; then
    echo "the suite failed on: ${failed[*]}" >&2
    exit 1
fi
echo "the suite passed on: $DATES"
