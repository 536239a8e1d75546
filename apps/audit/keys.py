"""The keys that sign and verify audit checkpoints (ADR 0017, rotation in ADR 0026).

Every key is named by its id, a fingerprint of the key (`hashing.key_id`) that reveals
nothing of it; each checkpoint records the id of the key that signed it.

- The **signing key** (AUDIT_CHECKPOINT_KEY, or the file AUDIT_CHECKPOINT_KEY_FILE names)
  signs new checkpoints and verifies the ones it signed.
- **Retired keys** (AUDIT_CHECKPOINT_RETIRED_KEYS, or one a line in the file
  AUDIT_CHECKPOINT_RETIRED_KEYS_FILE) signed earlier checkpoints: they still verify them,
  and never sign.
- **Revoked key ids** (AUDIT_CHECKPOINT_REVOKED_KEY_IDS) name keys no longer trusted (lost
  or disclosed): what they signed is not counted as evidence, and they never sign.

A checkpoint whose key id is none of these is reported as signed by an unknown key.
All are held outside the database, so whoever controls the database cannot sign.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from apps.audit.hashing import checkpoint_message, key_id, sign

# HMAC-SHA256 keys shorter than this are refused for production (`manage.py check --deploy`).
MIN_KEY_LENGTH = 32

ROTATION_HELP = "docs/user/audit.md, 'Rotating the checkpoint key'"


@dataclass(frozen=True)
class KeyRing:
    """The configured keys, read from settings (and the files they name) once."""

    signing: bytes | None
    signing_problem: str = ""
    retired: dict[str, bytes] = field(default_factory=dict)
    revoked: frozenset[str] = frozenset()
    problems: tuple[str, ...] = ()

    @property
    def signing_id(self) -> str | None:
        return key_id(self.signing) if self.signing else None

    def signing_key(self) -> bytes:
        """The key new checkpoints are signed with; refuses if there is none to use."""
        if self.signing_problem:
            raise ImproperlyConfigured(self.signing_problem)
        return self.signing

    def verifying_key(self, checkpoint_key_id: str) -> bytes | None:
        """The key that verifies what `checkpoint_key_id` signed, if it is trusted."""
        if checkpoint_key_id in self.revoked:
            return None
        if self.signing and checkpoint_key_id == self.signing_id:
            return self.signing
        return self.retired.get(checkpoint_key_id)

    def signed_by_revoked_key(self, checkpoint: dict) -> bool:
        return str(checkpoint.get("key_id", "")) in self.revoked

    def problem_with(self, checkpoint: dict) -> str:
        """Why `checkpoint`'s signature cannot be trusted ("is signed with revoked key …",
        "is signed with an unknown key …", "has a bad signature"), or "" if it can."""
        name = str(checkpoint.get("key_id", ""))
        if name in self.revoked:
            return f"is signed with revoked key {name}"
        key = self.verifying_key(name)
        if key is None:
            return f"is signed with an unknown key {name or '(none)'}"
        message = checkpoint_message(
            size=int(checkpoint["size"]),
            chain_hash=checkpoint["chain_hash"],
            created_at=checkpoint["created_at"],
        )
        if not hmac.compare_digest(sign(key, message), str(checkpoint.get("signature", ""))):
            return "has a bad signature"
        return ""

    @property
    def has_verifying_keys(self) -> bool:
        return bool(self.signing or self.retired)


def _setting(name: str, default):
    return getattr(settings, name, default)


def _lines(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def key_ring() -> KeyRing:
    """The keys as configured now (settings are read each time: tests change them)."""
    problems = []
    key = _setting("AUDIT_CHECKPOINT_KEY", "")
    key_file = _setting("AUDIT_CHECKPOINT_KEY_FILE", "")
    signing_problem = ""
    if not key and key_file:
        path = Path(key_file)
        if path.exists():
            key = path.read_text().strip()
        else:
            signing_problem = f"AUDIT_CHECKPOINT_KEY_FILE {key_file} does not exist."
    if not key and not signing_problem:
        signing_problem = (
            "Audit checkpoints need a signing key: set AUDIT_CHECKPOINT_KEY or "
            "AUDIT_CHECKPOINT_KEY_FILE."
        )
    signing = key.encode("utf-8") if key else None
    revoked = frozenset(
        str(name).strip() for name in _setting("AUDIT_CHECKPOINT_REVOKED_KEY_IDS", [])
    )
    if signing and key_id(signing) in revoked:
        signing_problem = (
            f"The audit checkpoint key {key_id(signing)} is revoked: configure a new signing "
            f"key ({ROTATION_HELP})."
        )
    retired_texts = list(_setting("AUDIT_CHECKPOINT_RETIRED_KEYS", []))
    retired_file = _setting("AUDIT_CHECKPOINT_RETIRED_KEYS_FILE", "")
    if retired_file:
        path = Path(retired_file)
        if path.exists():
            retired_texts += _lines(path)
        else:
            problems.append(f"AUDIT_CHECKPOINT_RETIRED_KEYS_FILE {retired_file} does not exist.")
    retired = {}
    for text in retired_texts:
        retired_key = text.strip().encode("utf-8")
        if retired_key and retired_key != signing:
            retired[key_id(retired_key)] = retired_key
    return KeyRing(
        signing=signing,
        signing_problem=signing_problem,
        retired=retired,
        revoked=revoked,
        problems=tuple(problems),
    )


def new_key() -> tuple[str, str]:
    """A new random signing key and its id, for the rotation procedure."""
    key = secrets.token_urlsafe(48)
    return key, key_id(key.encode("utf-8"))
