"""Every read of operations, packages and subjects: access decision first, then audit.

Only Cyber Prevent teams use these records: a role holding the capability in another kind
of team (a CT Prevent supervisor) is refused (403, audited), as is a role without it.
A subject's progress is read from the case opened for it and its interventions
(`with_progress`), never typed twice.
"""

from __future__ import annotations

import uuid
from collections import Counter

from django.db.models import Case as Choose
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value, When

from apps.accounts.models import User
from apps.accounts.selectors import is_cyber_user, require_cyber_user
from apps.cases.choices import ENDED_STATUSES
from apps.cases.models import Case
from apps.core import access, audit
from apps.cyber_packages.choices import Progress
from apps.cyber_packages.models import (
    Force,
    IntelligencePackage,
    Operation,
    PackageSubject,
    SubjectIdentifier,
)
from apps.interventions.choices import InterventionStatus
from apps.interventions.models import Intervention
from apps.matching.deconfliction import match_candidates_for_record
from apps.people.match_records import match_record
from apps.people.models import Person, PersonIdentifier
from apps.work.selectors import with_allocation


def _get(queryset: QuerySet, *, user: User, pk, action: str = access.VIEW):
    require_cyber_user(user, queryset.model)
    record = access.get_or_404(queryset, user=user, pk=pk, action=action)
    audit.record_view(user=user, subject=record)
    return record


# --- Operations -----------------------------------------------------------------------------


def operation_list(*, user: User) -> QuerySet[Operation]:
    if not is_cyber_user(user):
        return Operation.objects.none()
    return access.restrict(
        Operation.objects.select_related("lead_agency", "spoc").annotate(
            package_count=Count("packages", distinct=True)
        ),
        user=user,
    )


def operation_list_page(*, user: User) -> QuerySet[Operation]:
    require_cyber_user(user, Operation)
    return operation_list(user=user)


def operation_get(*, user: User, operation_id, action: str = access.VIEW) -> Operation:
    return _get(operation_list(user=user), user=user, pk=operation_id, action=action)


def operation_packages(*, user: User, operation: Operation) -> QuerySet[IntelligencePackage]:
    """The operation's packages the user may see (references and dates, no names)."""
    return package_list(user=user).filter(operation=operation)


# --- Packages -------------------------------------------------------------------------------


def package_list(*, user: User) -> QuerySet[IntelligencePackage]:
    if not is_cyber_user(user):
        return IntelligencePackage.objects.none()
    return access.restrict(
        IntelligencePackage.objects.select_related("operation", "source_agency").annotate(
            subject_count=Count("subjects", distinct=True)
        ),
        user=user,
    )


def package_list_page(*, user: User) -> QuerySet[IntelligencePackage]:
    require_cyber_user(user, IntelligencePackage)
    return package_list(user=user)


def package_get(*, user: User, package_id, action: str = access.VIEW) -> IntelligencePackage:
    return _get(package_list(user=user), user=user, pk=package_id, action=action)


# --- Subjects -------------------------------------------------------------------------------


def with_progress(subjects: QuerySet[PackageSubject]) -> QuerySet[PackageSubject]:
    """Each subject with its case (opened from the referral it became, or one that referral
    was attached to), the last intervention delivered, and its progress."""
    cases = Case.objects.filter(case_referrals__referral_id=OuterRef("referral_id")).order_by(
        "-opened_at"
    )
    delivered = Intervention.objects.filter(
        case_id=OuterRef("case_pk"), status=InterventionStatus.COMPLETED
    ).order_by("-start_date", "-created_at")
    return (
        subjects.annotate(
            case_pk=Subquery(cases.values("pk")[:1]),
            case_reference=Subquery(cases.values("reference")[:1]),
            case_status=Subquery(cases.values("status")[:1]),
            case_opened_at=Subquery(cases.values("opened_at")[:1]),
            case_ended_at=Subquery(cases.values("ended_at")[:1]),
        )
        .annotate(
            intervention_type=Subquery(delivered.values("intervention_type__name")[:1]),
            intervention_on=Subquery(delivered.values("start_date")[:1]),
        )
        .annotate(
            progress=Choose(
                When(closed_on__isnull=False, then=Value(Progress.CLOSED)),
                When(case_status__in=ENDED_STATUSES, then=Value(Progress.CLOSED)),
                When(intervention_on__isnull=False, then=Value(Progress.INTERVENTION_DELIVERED)),
                When(case_pk__isnull=False, then=Value(Progress.CONTACTED)),
                default=Value(Progress.NOT_STARTED),
            )
        )
    )


def subject_list(*, user: User) -> QuerySet[PackageSubject]:
    if not is_cyber_user(user):
        return PackageSubject.objects.none()
    subjects = PackageSubject.objects.select_related("package", "force", "person", "referral")
    return with_progress(with_allocation(access.restrict(subjects, user=user)))


def subject_list_page(*, user: User) -> QuerySet[PackageSubject]:
    require_cyber_user(user, PackageSubject)
    return subject_list(user=user)


def subject_get(*, user: User, subject_id, action: str = access.VIEW) -> PackageSubject:
    return _get(subject_list(user=user), user=user, pk=subject_id, action=action)


def subject_identifiers(subject: PackageSubject) -> list[SubjectIdentifier]:
    return list(subject.identifiers.all())


def progress_label(value: str) -> str:
    return Progress(value).label if value in Progress.values else value


def package_progress(*, user: User, package: IntelligencePackage) -> dict:
    """The package on one page: subjects by progress, and by force and officer.

    The counts are of the team's own work (no one is named), read in one query.
    """
    subjects = subject_list(user=user).filter(package=package)
    rows = list(subjects.values("progress", "force__name", "allocated_officer_id"))
    officers = {
        officer.pk: officer.display_name
        for officer in User.objects.filter(
            pk__in={row["allocated_officer_id"] for row in rows if row["allocated_officer_id"]}
        )
    }
    totals = Counter(row["progress"] for row in rows)

    def table(key) -> list[dict]:
        grouped: dict[str, Counter] = {}
        for row in rows:
            grouped.setdefault(key(row), Counter())[row["progress"]] += 1
        return [
            {
                "name": name,
                "counts": [counts[value] for value in Progress.values],
                "total": sum(counts.values()),
            }
            for name, counts in sorted(grouped.items())
        ]

    return {
        "headings": list(Progress.labels),
        "totals": [totals[value] for value in Progress.values],
        "total": len(rows),
        "by_status": [
            {"value": value, "label": label, "count": totals[value]}
            for value, label in Progress.choices
        ],
        "by_force": table(lambda row: row["force__name"] or "Force not known"),
        "by_officer": table(lambda row: officers.get(row["allocated_officer_id"], "Not allocated")),
    }


def package_forces(*, user: User, package: IntelligencePackage) -> list[dict]:
    """Each force with its unallocated subjects in the package (for allocation by force)."""
    subjects = subject_list(user=user).filter(package=package)
    counts = Counter(subjects.values_list("force_id", "allocated_officer_id"))
    result = []
    for force in Force.objects.filter(is_active=True):
        total = sum(n for (force_id, _), n in counts.items() if force_id == force.pk)
        unallocated = counts.get((force.pk, None), 0)
        result.append({"force": force, "total": total, "unallocated": unallocated})
    return result


def package_return_rows(*, user: User, package: IntelligencePackage) -> list[PackageSubject]:
    """Every subject of the package for the return to the sender (with progress)."""
    return list(
        subject_list(user=user)
        .filter(package=package)
        .prefetch_related("identifiers")
        .order_by("row_number")
    )


# --- De-confliction -------------------------------------------------------------------------


def subject_match_record(subject: PackageSubject) -> dict:
    return match_record(
        record_id=f"package-subject:{subject.pk}",
        given_name=subject.given_name,
        surname=subject.family_name,
        date_of_birth=subject.date_of_birth,
        postcode=subject.postcode,
    )


def identifier_holders(*, user: User, subject: PackageSubject) -> list[dict]:
    """People whose recorded identifiers equal the subject's exactly (normalised values).

    Restricted people the user is not listed on are never shown; people of other teams by
    reference and team only.
    """
    wanted = Q()
    identifiers = subject_identifiers(subject)
    for identifier in identifiers:
        wanted |= Q(kind=identifier.kind, value=identifier.value)
    if not identifiers:
        return []
    held = PersonIdentifier.objects.filter(wanted).select_related("person", "person__team")
    visible = {
        pk
        for pk in access.restrict(
            Person.objects.filter(pk__in=[row.person_id for row in held]), user=user
        ).values_list("pk", flat=True)
    }
    found: dict = {}
    for row in held:
        person = row.person
        if person.is_restricted and person.pk not in visible:
            continue
        entry = found.setdefault(
            person.pk,
            {
                "id": str(person.pk),
                "reference": person.reference,
                "visible": person.pk in visible,
                "team": person.team.name,
                "name": person.full_name if person.pk in visible else "",
                "identifiers": [],
            },
        )
        entry["identifiers"].append(f"{row.get_kind_display()}: {row.value}")
    return list(found.values())


def subject_candidates(*, user: User, subject: PackageSubject) -> dict:
    """Who the subject may be: people holding the same identifiers (exact), and, when the
    subject has a name, the real-time match's candidates with their evidence. Recorded as
    one search naming the subject's reference and the references returned."""
    holders = identifier_holders(user=user, subject=subject)
    people = []
    if subject.has_name:
        found = match_candidates_for_record(
            user=user,
            record=subject_match_record(subject),
            scope=f"de-confliction of package subject {subject.reference}",
            terms={"subject": subject.reference},
        )
        people = found["people"]
    if holders:
        audit.record_search(
            user=user,
            scope=f"identifiers of package subject {subject.reference}",
            terms={"subject": subject.reference},
            result_count=len(holders),
            detail={"references": [holder["reference"] for holder in holders]},
        )
    return {"identifier_holders": holders, "people": people}


def person_for_subject(*, user: User, person_id) -> Person:
    """A person the officer chose as the subject: visible to them, or a 404."""
    return access.get_or_404(Person.objects.all(), user=user, pk=person_id)


def is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
