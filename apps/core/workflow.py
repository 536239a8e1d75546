"""The state machines' answers for pages and the API, and running a transition for a user.

Which buttons a page shows, and which steps the API offers, come from here: a template
asks `"sign_off" in transitions.allowed`, never what the status string is, so the
rules stay in the model's declared transitions (django-fsm) and nowhere else.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError


@dataclass(frozen=True)
class Transitions:
    """The transitions of one record for one user, by name.

    possible: declared from the record's current stage, whoever takes them;
    allowed: possible, and the user's role and need to know permit them (a button that
        opens the page where the work is done, such as de-confliction, needs only this);
    ready: allowed, and every condition is met: the user can run them now.
    """

    possible: frozenset[str]
    allowed: frozenset[str]
    ready: frozenset[str]

    def refused(self, name: str) -> bool:
        """The record is at a stage this step starts from, but this user may not take it."""
        return name in self.possible and name not in self.allowed


def available_transitions(instance, *, user, field: str = "status") -> Transitions:
    """Which of the record's declared transitions this user may run, and which are ready."""
    fsm_field = instance._meta.get_field(field)
    state = fsm_field.get_state(instance)
    possible, allowed = set(), set()
    for name, method in fsm_field.transitions[type(instance)].items():
        meta = method._django_fsm
        if meta.has_transition(state):
            possible.add(name)
            if meta.has_transition_perm(instance, state, user):
                allowed.add(name)
    # django-fsm's own answer for "conditions met", without asking the permissions again.
    available = getattr(instance, f"get_available_{field}_transitions")()
    ready = {transition.name for transition in available if transition.name in allowed}
    return Transitions(frozenset(possible), frozenset(allowed), frozenset(ready))


def stage_label(field, state) -> str:
    """The stage as people read it ("De-confliction"), never its stored code."""
    return str(dict(field.flatchoices).get(state, state))


def run_transition(
    transition, *, user, wrong_stage: str = "", not_ready: str | dict[str, str] = ""
) -> None:
    """Call a django-fsm transition after checking stage, permission and conditions in turn.

    `wrong_stage` and `not_ready` replace the general messages; `not_ready` may name the
    form field the missing thing belongs to ({"comment": "Say what more is needed"}).
    """
    meta = transition._django_fsm
    instance = transition.__self__
    state = meta.field.get_state(instance)
    if not meta.has_transition(state):
        raise ValidationError(
            wrong_stage
            or f"This step is not possible while the record is at the "
            f"{stage_label(meta.field, state)} stage.",
            code="invalid_stage",
        )
    if not meta.has_transition_perm(instance, state, user):
        raise PermissionDenied("Your role does not allow this step for this record.")
    if not meta.conditions_met(instance, state):
        raise ValidationError(
            not_ready or "Something this step needs is missing.", code="not_ready"
        )
    transition()
