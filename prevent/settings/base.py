"""Settings shared by every environment. Environment variables are documented in
docs/configuration.md; each environment module overrides only what differs."""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from prevent.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
NODE_MODULES = BASE_DIR / "node_modules"

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "apps.core",
    "apps.accounts",
    "apps.audit",
    "apps.geography",
    "apps.reference",
    "apps.work",
    "apps.people",
    "apps.partners",
    "apps.matching",
    "apps.referrals",
    "apps.gateway",
    "apps.cases",
    "apps.documents",
    "apps.assessments",
    "apps.interventions",
    "apps.cyber_enquiries",
    "apps.cyber_impact",
    "apps.cyber_packages",
    # The top layer: synthetic data, seed_demo and generate_synthetic. No domain app imports it.
    "demo",
]

MIDDLEWARE = [
    # Outermost, so a "database is locked" anywhere in the request is retried (SQLite).
    "apps.core.db_retry.RetryLockedDatabaseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.RefuseNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "apps.core.middleware.FrontendAssetsMiddleware",
    "apps.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apps.core.middleware.RequestContextMiddleware",
    "apps.accounts.middleware.SessionTimeoutMiddleware",
    "apps.accounts.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "prevent.urls"
WSGI_APPLICATION = "prevent.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.service",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# SQLite under var/ is the embedded default (the demo, a single machine);
# production and the test suite use PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'prevent.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while the task worker writes;
        # IMMEDIATE takes the write lock at BEGIN so writers queue instead of failing.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# A page's read queries are compiled once per shape and, on PostgreSQL, prepared in the
# database session (core.prepared, ADR 0040). Turn off behind a connection pooler that
# does not keep sessions (PgBouncer in transaction mode).
PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# NCSC password guidance: length over complexity, block common passwords, no expiry.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
# GOV.UK and MoJ CSS ask for fonts and images under /assets/; served by
# apps.core.middleware.FrontendAssetsMiddleware from these folders.
FRONTEND_ASSET_DIRS = [
    NODE_MODULES / "govuk-frontend" / "dist" / "govuk" / "assets",
    NODE_MODULES / "@ministryofjustice" / "frontend" / "moj" / "assets",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "files"  # outside the web root; served only through access checks

# Sessions: an idle timeout and an absolute limit, both enforced by
# apps.accounts.middleware.SessionTimeoutMiddleware.
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT_SECONDS = env_int("SESSION_ABSOLUTE_TIMEOUT_SECONDS", 10 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): scripts only from this origin or carrying the
# request's nonce, never inline; no framing, no plugins, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REQUIRE_2FA = env_bool("REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Prevent Casework"
# Belt and braces: the device admins are replaced (apps/accounts/admin.py) so keys never show.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# django-axes: lock the account (not the address: officers share NAT) after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "apps.accounts.views.locked_out"
AXES_VERBOSE = False

PROTECTIVE_MARKING_BANNER = env_str("PROTECTIVE_MARKING_BANNER", "OFFICIAL-SENSITIVE")
SERVICE_NAME = "Prevent Casework"
BREAK_GLASS_MINUTES = env_int("BREAK_GLASS_MINUTES", 60)
SMALL_NUMBER_SUPPRESSION_THRESHOLD = env_int("SMALL_NUMBER_SUPPRESSION_THRESHOLD", 5)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["apps.core.api.IsVerifiedUser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "apps.core.api.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Prevent Casework API",
    "DESCRIPTION": "Case management for Prevent and Cyber Prevent teams. "
    "Every call is access-checked and audited. Lists are paged with `limit` (1 to 200) "
    "and `offset`. Errors are JSON: a 400 names each field or parameter with its problems; "
    'every other error is `{"detail": "..."}`. A record the caller may not see is a 404.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["apps.core.api.IsVerifiedUser"],
    # The documentation page (/api/v1/docs/) serves Swagger UI from this service's own
    # static files: no CDN, and no inline script under the Content-Security-Policy.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": True,
        "validatorUrl": None,
        # Over 200 operations: tags start folded, so the page draws at once; open one to read it.
        "docExpansion": "none",
        "defaultModelsExpandDepth": -1,
    },
    "ENUM_NAME_OVERRIDES": {
        "AwarenessEnum": "apps.referrals.choices.Awareness",
        "GenderEnum": "apps.people.choices.Gender",
        "NameKindEnum": "apps.people.choices.NameKind",
        "IdentifierKindEnum": "apps.people.choices.IdentifierKind",
        "ContactKindEnum": "apps.cases.choices.ContactKind",
        "ReviewKindEnum": "apps.cases.choices.ReviewKind",
        "AssessmentStatusEnum": "apps.assessments.choices.AssessmentStatus",
        "InterventionStatusEnum": "apps.interventions.choices.InterventionStatus",
        "ConsentStatusEnum": "apps.interventions.choices.ConsentStatus",
        "ConsentGivenByEnum": "apps.interventions.choices.ConsentGivenBy",
        "ConsentMethodEnum": "apps.interventions.choices.ConsentMethod",
        "GatewayOutcomeEnum": "apps.gateway.choices.Outcome",
        "DeliveryOutcomeEnum": "apps.cases.choices.DeliveryOutcome",
        "ReviewOutcomeEnum": "apps.cases.choices.ReviewOutcome",
        "CheckOutcomeEnum": "apps.partners.choices.CheckOutcome",
        "EnquiryStatusEnum": "apps.cyber_enquiries.choices.EnquiryStatus",
        "SuitabilityOutcomeEnum": "apps.cyber_enquiries.choices.SuitabilityOutcome",
        "CheckKindEnum": "apps.partners.choices.CheckKind",
        "ProviderStatusEnum": "apps.partners.choices.ProviderStatus",
        "BriefingStatusEnum": "apps.partners.choices.BriefingStatus",
        "NetworkKindEnum": "apps.partners.choices.NetworkKind",
        "EngagementKindEnum": "apps.partners.choices.EngagementKind",
        "VettingLevelEnum": "apps.partners.choices.VettingLevel",
        "SignpostingResponseEnum": "apps.interventions.choices.SignpostingResponse",
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "prevent-casework@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports each step of every PDF at INFO (apps/documents).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# axes.W006 asks for the IP address as a lockout key. Officers share force
# network addresses, so locking an address would lock out whole stations; we lock
# the account instead, which rotating user agents or cookies cannot evade.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
GATEWAY_SLA_WORKING_DAYS = env_int("GATEWAY_SLA_WORKING_DAYS", 5)
# Anonymous Cyber Prevent enquiries never converted to a referral are disposed of after
# this many days (apps.cyber_enquiries: manage.py dispose_cyber_enquiries), a tombstone kept.
CYBER_ENQUIRY_RETENTION_DAYS = env_int("CYBER_ENQUIRY_RETENTION_DAYS", 365)
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)
# How long a page's one-time form token stays usable and a used token or API
# Idempotency-Key is remembered (apps.core.idempotency).
SUBMISSION_KEY_HOURS = env_int("SUBMISSION_KEY_HOURS", 24)

# Every list draws its table with the GOV.UK template (apps/core/lists.py).
DJANGO_TABLES2_TEMPLATE = "core/tables/govuk_table.html"
# Rows checked and staged per committed chunk: small, so pages never wait long on SQLite.
IMPORT_CHUNK_ROWS = env_int("IMPORT_CHUNK_ROWS", 250)
# A running batch with no sign of life for this long is resumed (or failed after
# IMPORT_MAX_ATTEMPTS tries) by `manage.py recover_imports` and when its page is viewed.
IMPORT_STALE_AFTER_SECONDS = env_int("IMPORT_STALE_AFTER_SECONDS", 300)
IMPORT_MAX_ATTEMPTS = env_int("IMPORT_MAX_ATTEMPTS", 3)

# The audit trail (ADR 0017). Checkpoints are signed with a key held outside the
# database: AUDIT_CHECKPOINT_KEY, or a file named by AUDIT_CHECKPOINT_KEY_FILE.
AUDIT_CHECKPOINT_KEY = env_str("AUDIT_CHECKPOINT_KEY")
AUDIT_CHECKPOINT_KEY_FILE = env_str("AUDIT_CHECKPOINT_KEY_FILE")
# Key rotation (ADR 0026): keys that signed earlier checkpoints still verify them (comma-
# separated, or one a line in the file), and never sign; revoked key ids are not trusted.
AUDIT_CHECKPOINT_RETIRED_KEYS = env_list("AUDIT_CHECKPOINT_RETIRED_KEYS", [])
AUDIT_CHECKPOINT_RETIRED_KEYS_FILE = env_str("AUDIT_CHECKPOINT_RETIRED_KEYS_FILE")
AUDIT_CHECKPOINT_REVOKED_KEY_IDS = env_list("AUDIT_CHECKPOINT_REVOKED_KEY_IDS", [])
AUDIT_CHECKPOINT_EVERY = env_int("AUDIT_CHECKPOINT_EVERY", 60)  # seconds between checkpoints
AUDIT_MISUSE_EVERY = env_int("AUDIT_MISUSE_EVERY", 300)  # seconds between misuse-rule runs
# Each rule: `threshold` (0 turns it off) within `hours` (apps/audit/misuse.py).
AUDIT_MISUSE_RULES = {
    "records_outside_team": {"threshold": 20, "hours": 24},
    "repeated_break_glass": {"threshold": 3, "hours": 24 * 7},
    "colleague_name_search": {"threshold": 1, "hours": 24},
}
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 7 * 365 + 2)  # seven years
AUDIT_ARCHIVE_DIR = Path(env_str("AUDIT_ARCHIVE_DIR", str(VAR_DIR / "audit-archive")))
