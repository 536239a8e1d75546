"""Deployment checks for the audit trail (`manage.py check --deploy`).

Production must sign checkpoints: without a key the trail is still sealed, but nothing
outside the database vouches for it, and a rewritten history goes unseen (ADR 0017).
The deployment's `check --deploy` refuses such a configuration.
"""

from django.core import checks

from apps.audit.keys import MIN_KEY_LENGTH, ROTATION_HELP, key_ring


@checks.register(checks.Tags.security, deploy=True)
def checkpoint_key_configured(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    ring = key_ring()
    errors = []
    if ring.signing_problem:
        errors.append(
            checks.Error(
                ring.signing_problem,
                hint=(
                    "Generate one with `manage.py audit_keys --generate` and supply it through "
                    f"the environment or a file outside the database ({ROTATION_HELP})."
                ),
                id="audit.E001",
            )
        )
    elif len(ring.signing) < MIN_KEY_LENGTH:
        errors.append(
            checks.Error(
                f"The audit checkpoint key is shorter than {MIN_KEY_LENGTH} characters.",
                hint="Generate one with `manage.py audit_keys --generate`.",
                id="audit.E002",
            )
        )
    errors.extend(
        checks.Error(problem, hint=ROTATION_HELP, id="audit.E003") for problem in ring.problems
    )
    return errors
