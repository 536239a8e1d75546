"""WSGI entry point for gunicorn.

Where the settings ask for it (`REFUSE_TO_SERVE_ON_DEPLOY_ERRORS`, on in production), the
service refuses to start while `check --deploy` finds an error among the security checks,
for example no audit checkpoint key (audit.E001): gunicorn itself runs no system checks,
so a deployment that skipped `check --deploy` would otherwise serve without one.

Once loaded, the objects of the loaded application are moved out of the garbage
collector's reach (`gc.freeze`): they live as long as the worker, and otherwise every
full collection walks all of them again in the middle of a request (ADR 0038).
"""

import gc
import os

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevent.settings.production")

application = get_wsgi_application()


def refuse_on_deploy_errors() -> None:
    """Raise ImproperlyConfigured listing every security error `check --deploy` reports."""
    messages = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    errors = [message for message in messages if message.is_serious()]
    if errors:
        raise ImproperlyConfigured(
            "Refusing to serve: `manage.py check --deploy` reports "
            + "; ".join(f"{error.id}: {error.msg}" for error in errors)
        )


if getattr(settings, "REFUSE_TO_SERVE_ON_DEPLOY_ERRORS", False):
    refuse_on_deploy_errors()

gc.freeze()
