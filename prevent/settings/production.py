"""Production: PostgreSQL, HTTPS, 2FA, and a secret key that must be supplied."""

from django.core.exceptions import ImproperlyConfigured

from prevent.settings.base import *  # noqa: F403
from prevent.settings.base import SECRET_KEY
from prevent.settings.env import env_bool, env_int

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

DEBUG = env_bool("DEBUG", False)
# prevent.wsgi refuses to start while `check --deploy` reports a security error (audit.E001…).
REFUSE_TO_SERVE_ON_DEPLOY_ERRORS = True
REQUIRE_2FA = env_bool("REQUIRE_2FA", True)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
