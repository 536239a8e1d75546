"""Every read of cases: access-scoped, with consultations and searches recorded."""

import uuid

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.cases.models import Case
from apps.core import access, audit


def case_list(*, user: User, action: str = access.VIEW) -> QuerySet[Case]:
    """The cases the user may see (or `action`): restricted ones only for their access list."""
    return access.restrict(Case.objects.select_related("person", "team"), user=user, action=action)


def case_get(*, user: User, case_id: uuid.UUID | str, action: str = access.VIEW) -> Case:
    """One case through the access decision (404, audited, when out of reach), consultation kept."""
    case = access.get_or_404(
        Case.objects.select_related("person", "team"), user=user, action=action, pk=case_id
    )
    audit.record_view(user=user, subject=case)
    return case
