"""Production settings refuse to start unsafely."""

import os
import subprocess
import sys

import pytest


def _import_settings(module: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import {module}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.smoke
def test_production_refuses_to_start_without_a_secret_key():
    result = _import_settings("prevent.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_secret_key_and_debug_off():
    result = _import_settings(
        "prevent.settings.production", SECRET_KEY="x" * 60, DJANGO_SETTINGS_MODULE="x"
    )
    assert result.returncode == 0, result.stderr


def test_malformed_boolean_is_refused():
    result = _import_settings("prevent.settings.production", SECRET_KEY="x" * 60, DEBUG="maybe")
    assert "DEBUG must be true or false" in result.stderr
