"""The embedded single-machine configuration used by `make demo`.

Runs as production would (DEBUG off, gunicorn) but generates a secret key on
first start and keeps it under var/, and does not insist on 2FA or HTTPS."""

import secrets

from prevent.settings.base import *  # noqa: F403
from prevent.settings.base import VAR_DIR
from prevent.settings.env import env_bool, env_str

VAR_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret_key() -> str:
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _local_audit_key_file() -> str:
    """The demo's checkpoint key, kept beside the database rather than in it (ADR 0017)."""
    key_file = VAR_DIR / "audit_checkpoint_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return str(key_file)


SECRET_KEY = env_str("SECRET_KEY") or _local_secret_key()
if not env_str("AUDIT_CHECKPOINT_KEY"):
    AUDIT_CHECKPOINT_KEY_FILE = env_str("AUDIT_CHECKPOINT_KEY_FILE") or _local_audit_key_file()
DEBUG = env_bool("DEBUG", False)
REQUIRE_2FA = env_bool("REQUIRE_2FA", False)
