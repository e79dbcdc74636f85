#!/usr/bin/env bash
# The whole production stack on this machine, on PostgreSQL and Redis (`make prod`):
# migrations, translations, collectstatic, then gunicorn with uvicorn workers, the
# django-tasks worker and the scheduler, until Ctrl-C (which stops all three).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
VENV_BIN=$(dirname "$PY")

export DJANGO_SETTINGS_MODULE=cms.settings.production
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/advisory}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export PORT=${PORT:-8000}
export HOST=${HOST:-127.0.0.1}
export BIND=${BIND:-$HOST:$PORT}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export SITE_URL=${SITE_URL:-http://$HOST:$PORT}
# Plain HTTP on this machine: no HTTPS redirect, cookies without the Secure flag.
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false}
export SECURE_COOKIES=${SECURE_COOKIES:-false}
export SECURE_HSTS_SECONDS=${SECURE_HSTS_SECONDS:-0}
# A secret kept between runs (sessions survive a restart), made once, never committed.
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s .prod-secret-key ] || "$PY" -c "import secrets; print(secrets.token_urlsafe(60))" > .prod-secret-key
  SECRET_KEY=$(cat .prod-secret-key)
  export SECRET_KEY
fi
# Seconds between scheduler runs (send_reminders); purge_public_comments runs once a day.
SCHEDULER_INTERVAL=${SCHEDULER_INTERVAL:-300}

"$PY" manage.py compile_catalogues
"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput -v 0

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap stop INT TERM EXIT

"$PY" manage.py db_worker &
pids+=($!)

scheduler() {
  local last_purge=0
  while true; do
    "$PY" manage.py send_reminders || echo "scheduler: send_reminders failed" >&2
    if [ $(( $(date +%s) - last_purge )) -ge 86400 ]; then
      "$PY" manage.py purge_public_comments || echo "scheduler: purge failed" >&2
      last_purge=$(date +%s)
    fi
    sleep "$SCHEDULER_INTERVAL" & wait $!
  done
}
scheduler &
pids+=($!)

echo "Serving the production stack on http://$BIND/ ($WEB_CONCURRENCY workers; Ctrl-C stops)"
"$VENV_BIN/gunicorn" cms.asgi:application -c gunicorn.conf.py &
pids+=($!)
wait -n "${pids[@]}"
