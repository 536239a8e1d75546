"""Writes to cases. Cases are opened by a signed-off Gateway decision (gateway.registry)."""

from apps.accounts.models import User
from apps.audit.choices import AuditAction
from apps.cases.choices import CaseStatus, CaseType
from apps.cases.models import Case
from apps.core import audit
from apps.core.references import next_reference
from apps.core.restriction import restrict_record
from apps.gateway.choices import Outcome

CASE_TYPE_FOR_OUTCOME = {
    Outcome.CHANNEL: CaseType.CHANNEL,
    Outcome.POLICE_LED_PARTNERSHIP: CaseType.POLICE_LED_PARTNERSHIP,
    Outcome.CYBER_PREVENT: CaseType.CYBER_PREVENT,
}


def case_open_for_decision(*, decision, referral, supervisor: User) -> Case | None:
    """A decision was signed off: open a case if its outcome needs one, audited.

    Registered in gateway.registry by CasesConfig.ready(), so it runs in the sign-off's
    transaction. A decision on a restricted referral opens a restricted case, to the
    referral's access list, through `case_restrict`.
    """
    case_type = CASE_TYPE_FOR_OUTCOME.get(decision.outcome)
    if case_type is None:
        return None
    case = Case(
        reference=next_reference("CS"),
        case_type=case_type,
        person_id=referral.person_id,
        referral=referral,
        gateway_decision=decision,
        team=referral.team,
        protective_marking=referral.protective_marking,
        created_by=supervisor,
        updated_by=supervisor,
    )
    case.full_clean()
    case.save()
    audit.record(
        AuditAction.CREATE, user=supervisor, subject=case, detail={"referral": referral.reference}
    )
    if referral.is_restricted:
        case_restrict(
            case=case,
            officer=supervisor,
            readers=referral.access_list.all(),
            reason=f"Opened from restricted referral {referral.reference}",
        )
    return case


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
