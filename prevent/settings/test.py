"""The test suite: PostgreSQL from `make test` (DATABASE_URL), or SQLite for the smoke run."""

from prevent.settings.base import *  # noqa: F403
from prevent.settings.base import BASE_DIR, STATIC_ROOT

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing

SECRET_KEY = "test-only-not-secret"  # noqa: S105
AUDIT_CHECKPOINT_KEY = "test-only-audit-checkpoint-key"  # noqa: S105
DEBUG = False
REQUIRE_2FA = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # live_server serves static files through the finders, not a manifest.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-files"
AXES_ENABLED = True

# Every reuse of a compiled query shape is checked against the querysets built afresh
# (core.prepared, ADR 0039): a key that misses something fails the test that shows it.
PREPARED_QUERIES_VERIFY = True
