#!/usr/bin/env bash
# Serve the demo as production would (gunicorn, DEBUG off) with one task worker and the
# audit sealer beside it (seals audit events every 2 seconds, signs checkpoints, runs the
# misuse rules; docs/decisions/0017); Ctrl-C stops all three.
set -euo pipefail
UV=${UV:-python3 -m uv}
PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=prevent.settings.local

# No worker is running yet: resume (or fail) imports a stopped worker left unfinished.
$UV run --locked python manage.py recover_imports --stale-after 0
$UV run --locked python manage.py db_worker --queue-name "*" --no-reload &
WORKER=$!
$UV run --locked python manage.py seal_audit --every 2 &
SEALER=$!
$UV run --locked gunicorn prevent.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --access-logfile - --env DJANGO_SETTINGS_MODULE=prevent.settings.local &
WEB=$!

stop() {
  kill "$WEB" "$WORKER" "$SEALER" 2>/dev/null || true
  wait "$WEB" "$WORKER" "$SEALER" 2>/dev/null || true
}
trap stop EXIT INT TERM

echo
echo "Prevent Casework is running at http://127.0.0.1:$PORT (Ctrl-C to stop)."
echo "Demo logins are listed above."
wait -n "$WEB" "$WORKER" "$SEALER"
