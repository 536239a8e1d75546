"""Run a declared state-machine transition on behalf of a user, or explain why not."""

from django.core.exceptions import PermissionDenied, ValidationError


def transition_allowed(transition, *, user) -> bool:
    """True if the record is at a stage this step starts from and the user may take it."""
    meta = transition._django_fsm
    instance = transition.__self__
    state = meta.field.get_state(instance)
    return meta.has_transition(state) and meta.has_transition_perm(instance, state, user)


def run_transition(transition, *, user, not_ready: str = "") -> None:
    """Call a django-fsm transition after checking stage, permission and conditions in turn."""
    meta = transition._django_fsm
    instance = transition.__self__
    state = meta.field.get_state(instance)
    if not meta.has_transition(state):
        raise ValidationError(
            f"This step is not possible while the record is at the '{state}' stage.",
            code="invalid_stage",
        )
    if not meta.has_transition_perm(instance, state, user):
        raise PermissionDenied("Your role does not allow this step for this record.")
    if not meta.conditions_met(instance, state):
        raise ValidationError(
            not_ready or "Something this step needs is missing.", code="not_ready"
        )
    transition()
