# Sourced by scripts/loadtest.sh and scripts/api_fuzz.sh: a throwaway PostgreSQL
# database with the demo organisation, and gunicorn serving it on loopback in
# production mode (DEBUG=0, behind a pretend TLS proxy), stopped on exit.
#
# Needs ROOT (the project folder); PG_SERVER may point at another server,
# LIVE_TEMPLATE_DB names a seeded database to copy (see live_db), LIVE_STATIC_ROOT
# a folder for the collected static files to reuse (see live_server).

PG_SERVER=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
PY="$ROOT/.venv/bin/python"
GUNICORN_PID=""
STATIC_DIR=""

# live_db NAME: drops and creates database NAME, migrates it and runs seed_demo.
live_db() {
    local name=$1
    case "$name" in
        bht_*) ;;
        *) echo "refusing to recreate database '$name' (not bht_*)" >&2; return 1 ;;
    esac
    # LIVE_TEMPLATE_DB: copy a database that is already migrated and seeded (CI's
    # bht_ci) instead of seeding anew; nothing may be connected to it meanwhile.
    local template=${LIVE_TEMPLATE_DB:+TEMPLATE $LIVE_TEMPLATE_DB}
    psql "$PG_SERVER/postgres" -q -v ON_ERROR_STOP=1 \
        -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name $template"
    DATABASE_URL="$PG_SERVER/$name" "$PY" "$ROOT/manage.py" migrate --noinput --verbosity 0
    if [ -z "${LIVE_TEMPLATE_DB:-}" ]; then
        DATABASE_URL="$PG_SERVER/$name" "$PY" "$ROOT/manage.py" seed_demo --verbosity 0 >/dev/null
    fi
}

drop_db() {
    psql "$PG_SERVER/postgres" -q -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" || true
}

# live_server NAME PORT WORKERS LOG: gunicorn on 127.0.0.1:PORT against database NAME.
live_server() {
    local name=$1 port=$2 workers=$3 log=$4
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "port $port is in use" >&2
        return 1
    fi
    # Production settings, as in docker-compose.yml; WhiteNoise serves the
    # collected static files. Cookies without the Secure flag: the client talks
    # plain HTTP on loopback and sends X-Forwarded-Proto: https, as a TLS proxy would.
    # Its own STATIC_ROOT: the manifest storage of DEBUG=0 needs hashed names,
    # and the tests' live servers use the plain files in staticfiles/.
    # LIVE_STATIC_ROOT keeps one collected (and compressed) copy between runs.
    local secret="live-$RANDOM-$RANDOM-$RANDOM-$$" static
    if [ -n "${LIVE_STATIC_ROOT:-}" ]; then
        static=$LIVE_STATIC_ROOT
    else
        STATIC_DIR=$(mktemp -d -t bht-static.XXXXXX)
        static=$STATIC_DIR
    fi
    if [ ! -f "$static/staticfiles.json" ]; then
        DEBUG=0 SECRET_KEY="$secret" STATIC_ROOT="$static" \
            "$PY" "$ROOT/manage.py" collectstatic --noinput --verbosity 0
    fi
    DATABASE_URL="$PG_SERVER/$name" DEBUG=0 SECRET_KEY="$secret" STATIC_ROOT="$static" \
        ALLOWED_HOSTS=127.0.0.1,localhost BEHIND_TLS_PROXY=1 \
        SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 DB_CONN_MAX_AGE=60 \
        CELERY_BROKER_URL="" LOG_LEVEL=WARNING \
        setsid "$ROOT/.venv/bin/gunicorn" bht.wsgi --chdir "$ROOT" \
        --bind "127.0.0.1:$port" --workers "$workers" --timeout 60 \
        --error-logfile "$log" >>"$log" 2>&1 &
    GUNICORN_PID=$!
    for _ in $(seq 120); do
        if ! kill -0 "$GUNICORN_PID" 2>/dev/null; then
            echo "gunicorn exited during start-up; its log ($log):" >&2
            tail -n 40 "$log" >&2
            GUNICORN_PID=""
            return 1
        fi
        if curl -fs -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$port/logg-inn/"; then
            echo "gunicorn pid $GUNICORN_PID, $workers workers, http://127.0.0.1:$port/, database $name"
            return 0
        fi
        sleep 0.5
    done
    echo "gunicorn did not answer within 60 s; its log ($log):" >&2
    tail -n 40 "$log" >&2
    return 1
}

stop_server() {
    if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        # setsid made gunicorn a process-group leader: TERM reaches its workers too.
        kill -TERM -- "-$GUNICORN_PID" 2>/dev/null || kill -TERM "$GUNICORN_PID" 2>/dev/null || true
        for _ in $(seq 40); do
            kill -0 "$GUNICORN_PID" 2>/dev/null || break
            sleep 0.25
        done
        kill -KILL -- "-$GUNICORN_PID" 2>/dev/null || true
    fi
    GUNICORN_PID=""
    if [ -n "$STATIC_DIR" ]; then
        rm -rf "$STATIC_DIR"
        STATIC_DIR=""
    fi
}
