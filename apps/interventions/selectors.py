"""Reads for a case's support. Access follows the case: cases.selectors decides it."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from apps.accounts.models import User
from apps.cases.models import Case
from apps.cases.selectors import case_get, case_list
from apps.core import access, audit
from apps.interventions.choices import InterventionStatus
from apps.interventions.models import (
    CMASection,
    ConsentRecord,
    Intervention,
    InterventionType,
    Signposting,
    SupportPlan,
)
from apps.partners.models import Organisation, Provider
from apps.partners.selectors import organisation_list, provider_allocations, provider_picker
from apps.work.selectors import allocatable_officers

CURRENT = [InterventionStatus.PLANNED, InterventionStatus.ACTIVE]


def case_for_support(*, user: User, case_id) -> Case:
    """The case, if the user may see its support (403 without the capability, else 404)."""
    access.require_capability(user, "interventions.view_intervention")
    return case_get(user=user, case_id=case_id)


def current_consent(*, case: Case) -> ConsentRecord | None:
    """The newest step of the case's consent lifecycle (None: not yet sought)."""
    return case.consents.order_by("-recorded_on", "-created_at").first()


def support_overview(*, case: Case) -> dict:
    """Everything on the case's support page; `case` came from case_for_support (recorded)."""
    consents = list(case.consents.select_related("sought_by"))
    return {
        "plan": SupportPlan.objects.filter(case=case).first(),
        "consent": consents[0] if consents else None,
        "consents": consents,
        "interventions": list(
            case.interventions.select_related("intervention_type", "provider").order_by(
                "-start_date"
            )
        ),
        "signpostings": list(case.signpostings.select_related("service")),
    }


def _get(model, *, user: User, pk, capability: str):
    access.require_capability(user, capability)
    record = model.objects.select_related("case").filter(pk=pk).first()
    if record is None:
        audit.record_access_denied(
            user=user,
            model=model,
            object_id=str(pk),
            action=access.VIEW,
            status=404,
            reason=access.REFUSED_MISSING,
        )
        raise Http404("No such record.")
    access.require(user, access.VIEW, record.case)
    audit.record_view(user=user, subject=record)
    return record


def intervention_get(*, user: User, intervention_id) -> Intervention:
    return _get(
        Intervention, user=user, pk=intervention_id, capability="interventions.view_intervention"
    )


def signposting_get(*, user: User, signposting_id) -> Signposting:
    return _get(
        Signposting, user=user, pk=signposting_id, capability="interventions.view_signposting"
    )


def cease_and_desist_get(*, user: User, intervention_id) -> Intervention:
    """A cease-and-desist intervention, for its letter (any other intervention: 404)."""
    intervention = intervention_get(user=user, intervention_id=intervention_id)
    if not intervention.intervention_type.is_cease_and_desist:
        raise Http404("No cease-and-desist letter for this intervention.")
    return intervention


def cyber_detail(*, intervention: Intervention) -> dict:
    """The Cyber Prevent parts of an intervention read through intervention_get (recorded)."""
    return {
        "cma_sections": list(intervention.cma_sections.all()),
        "partners": list(intervention.partners.select_related("sector")),
        "investigation_checks": list(
            intervention.investigation_checks.select_related("created_by")
        ),
        "letter_deliveries": list(intervention.letter_deliveries.select_related("delivered_by")),
    }


def start_refusals(
    intervention: Intervention, *, consent: ConsentRecord | None, consent_message: str
) -> list[str]:
    """Why the intervention cannot start yet, in the order the officer would put it right."""
    reasons = []
    if not intervention._has_consent_if_needed():
        status = consent.get_status_display().lower() if consent else "not yet sought"
        reasons.append(consent_message.format(status=status) + ".")
    if not intervention._investigation_check_allows():
        latest = intervention.latest_investigation_check()
        reasons.append(
            "A live-investigation check with Pursue and the NCCU must allow this before it "
            "starts: "
            + (
                f"the latest answer is \u201c{latest.get_answer_display()}\u201d."
                if latest
                else "record the check first."
            )
        )
    if not intervention._appropriate_adult_if_child():
        age = intervention.person_age
        reasons.append(
            "Record the parent or appropriate adult present (name and relationship): "
            + (
                f"the person is {age} on the day of the visit."
                if age is not None
                else "the person's date of birth is not recorded."
            )
        )
    return reasons


def officer_choices(*, case: Case) -> list[User]:
    """Officers of the case's team who may deliver its support."""
    return allocatable_officers(record=case)


def partner_choices(*, user: User, case: Case) -> QuerySet[Organisation]:
    """Partner organisations from the directory: open ones in the person's area, or with no
    area recorded (a national or force-wide body such as the CPS)."""
    organisations = organisation_list(user=user).filter(is_closed=False)
    area = person_area(case)
    if area is not None:
        organisations = organisations.filter(Q(local_authority=area) | Q(local_authority=None))
    return organisations.order_by("name")


def cma_sections() -> QuerySet[CMASection]:
    return CMASection.objects.filter(is_active=True)


def intervention_list(*, user: User) -> QuerySet[Intervention]:
    """Interventions on the cases the user may see (restricted cases' vanish with them)."""
    if not access.has_capability(user, "interventions.view_intervention"):
        return Intervention.objects.none()
    return Intervention.objects.filter(case__in=case_list(user=user)).select_related(
        "case", "intervention_type", "provider"
    )


def intervention_types(*, scheme: str | None = None) -> QuerySet[InterventionType]:
    types = InterventionType.objects.filter(is_active=True)
    return types.filter(scheme=scheme) if scheme else types


def person_area(case: Case):
    """The local authority of the person's current address, if known."""
    address = case.person.addresses.filter(is_current=True).select_related("local_authority")
    first = address.first()
    return first.local_authority if first else None


def provider_choices(
    *, user: User, case: Case, intervention_type: InterventionType | None = None
) -> QuerySet[Provider]:
    """Providers the directory offers for this person: approved, in date, covering the
    person's area (where known) and the type's specialism."""
    needs = (
        [intervention_type.specialism] if intervention_type and intervention_type.specialism else []
    )
    return provider_picker(user=user, area=person_area(case), needs=needs)


def provider_labels(providers) -> list[tuple]:
    """(provider, label with current allocations against capacity) for the picker."""
    providers = list(providers)
    counts = provider_allocations(providers)
    return [
        (
            provider,
            f"{provider.name} ({counts.get(provider.pk, 0)} of {provider.capacity} places in use)",
        )
        for provider in providers
    ]


def allocation_counter(*, provider_ids) -> dict:
    """Registered with partners: people each provider currently supports (planned or under way)."""
    rows = (
        Intervention.objects.filter(provider_id__in=list(provider_ids), status__in=CURRENT)
        .values("provider_id")
        .annotate(people=Count("case__person", distinct=True))
    )
    return {row["provider_id"]: row["people"] for row in rows}


def interventions_for_calendar(*, user: User) -> QuerySet[Intervention]:
    """Planned and current support the user recorded, on cases they may still see."""
    return intervention_list(user=user).filter(
        Q(created_by=user) | Q(updated_by=user), status__in=CURRENT
    )


def consent_list(*, user: User) -> QuerySet[ConsentRecord]:
    if not access.has_capability(user, "interventions.view_consentrecord"):
        return ConsentRecord.objects.none()
    return (
        ConsentRecord.objects.filter(case__in=case_list(user=user))
        .select_related("case", "sought_by")
        .order_by("-recorded_on", "-created_at", "pk")
    )


def consent_get(*, user: User, consent_id) -> ConsentRecord:
    return _get(
        ConsentRecord, user=user, pk=consent_id, capability="interventions.view_consentrecord"
    )


def list_consult(*, user: User, records, terms: dict, scope: str) -> list:
    """Records listed through the API: the listing is recorded with what identifies them
    (a reference, or the case's reference for consent records, which have none)."""
    records = list(records)
    audit.record_search(
        user=user,
        scope=scope,
        terms=terms,
        result_count=len(records),
        detail={
            "references": sorted(
                {getattr(record, "reference", None) or record.case.reference for record in records}
            )
        },
    )
    return records


def signposting_list(*, user: User) -> QuerySet[Signposting]:
    """Signposting on the cases the user may see (restricted cases' vanish with them)."""
    if not access.has_capability(user, "interventions.view_signposting"):
        return Signposting.objects.none()
    return (
        Signposting.objects.filter(case__in=case_list(user=user))
        .select_related("case", "service")
        .order_by("-signposted_on", "-created_at", "pk")
    )
