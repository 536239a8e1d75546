#!/usr/bin/env bash
# The whole suite, as CI runs it. Every step must pass.
set -euo pipefail
UV=${UV:-python3 -m uv}
# The environment is synced once by `make install`; do not recompile on every run.
RUN="env -u UV_COMPILE_BYTECODE $UV run --locked"

step() { echo; echo "==> $*"; }

# pytest exits 5 when it collected no tests: that is a failure here, not a pass.
pytest_must_run() {
  set +e
  "$@"
  local status=$?
  set -e
  if [ $status -eq 5 ]; then echo "pytest collected no tests" >&2; return 1; fi
  return $status
}

step "Lint and format"
$RUN ruff check .
$RUN ruff format --check .
$RUN lint-imports

step "Migrations match the models"
DJANGO_SETTINGS_MODULE=prevent.settings.test $RUN python manage.py makemigrations --check --dry-run

step "Deployment checks with production settings"
# Keys made for this run only: production refuses to deploy without them (audit.E001).
DJANGO_SETTINGS_MODULE=prevent.settings.production \
  SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')" \
  AUDIT_CHECKPOINT_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')" \
  ALLOWED_HOSTS=prevent.example.invalid \
  $RUN python manage.py check --deploy --fail-level WARNING

step "Unit and integration tests on PostgreSQL"
pytest_must_run bash scripts/with-postgres.sh $RUN pytest -m "not browser" -n 2 -q

step "Browser tests (Chromium, axe-core) on PostgreSQL"
pytest_must_run bash scripts/with-postgres.sh $RUN pytest -m browser -q

step "Smoke tests on SQLite"
pytest_must_run env DATABASE_URL="sqlite:///$(mktemp -d)/smoke.sqlite3" $RUN pytest -m smoke -q -p no:xdist
