"""Writes to cases. Cases are opened by a signed-off Gateway decision (gateway.services)."""

from apps.accounts.models import User
from apps.cases.choices import CaseStatus
from apps.cases.models import Case
from apps.core.restriction import restrict_record


def case_restrict(*, case: Case, officer: User, readers, reason: str) -> Case:
    """Restrict the case to `readers` (added to its access list), audited on the case.

    Not refused for want of access: the caller decided the restriction on the record the
    officer acts on (see people.services.person_restrict).
    """
    restrict_record(record=case, officer=officer, readers=readers, reason=reason)
    return case


def case_restrict_for_person(*, person, officer: User, readers, reason: str) -> None:
    """A person was restricted: so are their open cases (registered in people.registry)."""
    for case in Case.objects.filter(person=person, status=CaseStatus.OPEN):
        case_restrict(case=case, officer=officer, readers=readers, reason=reason)
