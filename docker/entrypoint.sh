#!/bin/sh
# Rathaus container entrypoint. The first argument chooses the role:
#
#   web             wait for the database, optionally migrate
#                   (RATHAUS_MIGRATE_ON_START=1), then run gunicorn
#   worker [args]   wait for the database, then run the django-tasks worker
#                   for TASK_BACKEND (rq: django-rq's rqworker with the
#                   django-tasks-rq job class; database: db_worker)
#   scheduler       the modules' periodic maintenance (manage.py run_scheduler)
#   migrate [args]  wait for the database, then apply migrations
#   manage <args>   any Django management command (python -m django <args>)
#   anything else   run as given (e.g. "sh", "python")
#
# RATHAUS_ENTRYPOINT_DRY_RUN=1 prints the commands instead of running them
# (the database wait still runs unless RATHAUS_WAIT_FOR_DB=0).
#
# Web requests' SQL statements are cancelled after DATABASE_STATEMENT_TIMEOUT_MS
# (the settings' default: 30 s). Everything else here (migrations, task
# workers, the scheduler, management commands) runs with
# DATABASE_WORKER_STATEMENT_TIMEOUT_MS instead: 0 (no limit) unless set.
set -eu

PYTHON="${RATHAUS_PYTHON:-python}"
: "${DJANGO_SETTINGS_MODULE:=rathaus.site.settings.production}"
export DJANGO_SETTINGS_MODULE

log() {
    printf 'rathaus-entrypoint: %s\n' "$*" >&2
}

die() {
    log "$*"
    exit 1
}

# Prints its arguments as one shell-quoted line.
quote_command() {
    line=""
    for arg in "$@"; do
        case "$arg" in
            "" | *[!A-Za-z0-9_./:=,@%+-]*)
                arg="'$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")'"
                ;;
        esac
        line="${line:+$line }$arg"
    done
    printf '%s\n' "$line"
}

dry_run() {
    [ "${RATHAUS_ENTRYPOINT_DRY_RUN:-0}" = "1" ]
}

# Replaces this shell with the command (or prints it in a dry run).
run_exec() {
    if dry_run; then
        printf 'exec: '
        quote_command "$@"
        exit 0
    fi
    exec "$@"
}

# Runs the command and comes back (or prints it in a dry run).
run() {
    if dry_run; then
        printf 'run: '
        quote_command "$@"
        return 0
    fi
    "$@"
}

# Fails unless the variable holds a positive whole number.
require_positive_int() {
    name="$1"
    value="$2"
    case "$value" in
        "" | *[!0-9]* | 0) die "$name=$value is not a positive whole number." ;;
    esac
}

WAIT_FOR_DB_PY='
import os
import sys
import time

import django
from django.core.exceptions import ImproperlyConfigured

try:
    django.setup()
except ImproperlyConfigured as exc:
    sys.exit(f"rathaus-entrypoint: the settings are not usable:\n{exc}")

from django.db import connections
from django.db.utils import OperationalError

retries = int(os.environ["RATHAUS_DB_WAIT_RETRIES"])
delay = float(os.environ["RATHAUS_DB_WAIT_DELAY"])
connection = connections["default"]
for attempt in range(1, retries + 1):
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        reason = (str(exc).strip().splitlines() or ["no reason given"])[-1]
        print(
            f"rathaus-entrypoint: database not ready (attempt {attempt}/{retries}):"
            f" {reason}",
            file=sys.stderr,
        )
        connection.close()
        if attempt < retries:
            time.sleep(delay)
    else:
        connection.close()
        sys.exit(0)
sys.exit(
    f"rathaus-entrypoint: gave up waiting for the database after {retries} "
    "attempts. Check DATABASE_URL and that the database server is running "
    "and reachable from this container."
)
'

# Waits until the database accepts connections, with bounded retries.
wait_for_db() {
    if [ "${RATHAUS_WAIT_FOR_DB:-1}" = "0" ]; then
        return 0
    fi
    retries="${RATHAUS_DB_WAIT_RETRIES:-30}"
    delay="${RATHAUS_DB_WAIT_DELAY:-2}"
    require_positive_int RATHAUS_DB_WAIT_RETRIES "$retries"
    case "$delay" in
        "" | *[!0-9.]* | *.*.*) die "RATHAUS_DB_WAIT_DELAY=$delay is not a number of seconds." ;;
    esac
    log "waiting for the database (up to $retries attempts, ${delay}s apart)"
    RATHAUS_DB_WAIT_RETRIES="$retries" RATHAUS_DB_WAIT_DELAY="$delay" \
        PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}" \
        "$PYTHON" -c "$WAIT_FOR_DB_PY" || exit 1
}

# The statement timeout of processes that are not web requests.
without_web_timeout() {
    DATABASE_STATEMENT_TIMEOUT_MS="${DATABASE_WORKER_STATEMENT_TIMEOUT_MS:-0}"
    export DATABASE_STATEMENT_TIMEOUT_MS
}

web() {
    workers="${GUNICORN_WORKERS:-3}"
    threads="${GUNICORN_THREADS:-4}"
    timeout="${GUNICORN_TIMEOUT:-60}"
    require_positive_int GUNICORN_WORKERS "$workers"
    require_positive_int GUNICORN_THREADS "$threads"
    require_positive_int GUNICORN_TIMEOUT "$timeout"
    wait_for_db
    case "${RATHAUS_MIGRATE_ON_START:-0}" in
        1) (without_web_timeout && run "$PYTHON" -m django migrate --noinput) ;;
        0) ;;
        *) die "RATHAUS_MIGRATE_ON_START=${RATHAUS_MIGRATE_ON_START} must be 0 or 1." ;;
    esac
    # gunicorn also reads GUNICORN_CMD_ARGS and FORWARDED_ALLOW_IPS itself.
    run_exec gunicorn rathaus.site.wsgi:application \
        --bind "${GUNICORN_BIND:-0.0.0.0:${PORT:-8000}}" \
        --workers "$workers" \
        --threads "$threads" \
        --timeout "$timeout" \
        --worker-tmp-dir /dev/shm \
        --access-logfile - \
        --error-logfile - \
        "$@"
}

worker() {
    # The same default as the production settings.
    if [ -n "${REDIS_URL:-}" ]; then
        backend="${TASK_BACKEND:-rq}"
    else
        backend="${TASK_BACKEND:-database}"
    fi
    queues="${RATHAUS_WORKER_QUEUES:-default}"
    case "$backend" in
        rq)
            [ -n "${REDIS_URL:-}" ] || die "TASK_BACKEND=rq needs REDIS_URL."
            wait_for_db
            # django-tasks-rq needs its Job class; --with-scheduler runs tasks
            # enqueued with run_after. Queues are separated by spaces.
            set -f # split the queue list on spaces, but never glob it
            # shellcheck disable=SC2086
            run_exec "$PYTHON" -m django rqworker \
                --job-class django_tasks_rq.Job --with-scheduler "$@" $queues
            ;;
        database)
            wait_for_db
            # db_worker takes a comma-separated list of queues.
            run_exec "$PYTHON" -m django db_worker \
                --queue-name "$(printf '%s' "$queues" | tr ' ' ',')" "$@"
            ;;
        immediate)
            die "TASK_BACKEND=immediate runs tasks inside the web process; there" \
                "is nothing for a worker to do. Use TASK_BACKEND=rq or database."
            ;;
        *)
            die "TASK_BACKEND=$backend is unknown: use rq or database."
            ;;
    esac
}

role="${1:-web}"
if [ "$#" -gt 0 ]; then
    shift
fi

case "$role" in
    web)
        web "$@"
        ;;
    worker)
        without_web_timeout
        worker "$@"
        ;;
    scheduler)
        without_web_timeout
        wait_for_db
        run_exec "$PYTHON" -m django run_scheduler "$@"
        ;;
    migrate)
        without_web_timeout
        wait_for_db
        run_exec "$PYTHON" -m django migrate --noinput "$@"
        ;;
    manage)
        [ "$#" -gt 0 ] || die "usage: manage <command> [arguments]"
        without_web_timeout
        run_exec "$PYTHON" -m django "$@"
        ;;
    *)
        run_exec "$role" "$@"
        ;;
esac
