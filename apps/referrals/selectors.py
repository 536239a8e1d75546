"""Every read of referrals: access-scoped, with consultations and searches recorded."""

import datetime
import uuid
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.choices import AuditAction
from apps.core import access, audit
from apps.core.working_days import working_days_between
from apps.people.models import Person
from apps.referrals.choices import OPEN_STATUSES
from apps.referrals.models import Referral, ReferralAttachment, ReferralImport


def referral_list(*, user: User) -> QuerySet[Referral]:
    return access.restrict(
        Referral.objects.select_related("sector", "concern_type", "person"), user=user
    )


def gateway_queue(*, user: User) -> QuerySet[Referral]:
    """Open referrals: urgent first, then overdue and due first."""
    return (
        referral_list(user=user)
        .filter(status__in=OPEN_STATUSES)
        .order_by("-is_urgent", "due_date", "reference")
    )


def referral_list_consult(*, user: User, referrals: list[Referral], terms: dict) -> list[Referral]:
    """Referrals listed in full through the API: the listing, and each record shown, is recorded.

    The listing is a search, as on the Gateway queue page; each referral returned carries
    as much as its detail page, so each is a consultation too, and appears in its history.
    """
    audit.record_search(
        user=user,
        scope="api referrals",
        terms=terms,
        result_count=len(referrals),
        detail={"references": [referral.reference for referral in referrals]},
    )
    for referral in referrals:
        audit.record_view(user=user, subject=referral)
    return referrals


def referral_get(
    *, user: User, referral_id: uuid.UUID | str, action: str = access.VIEW
) -> Referral:
    referral = access.get_or_404(
        Referral.objects.select_related(
            "sector", "concern_type", "person", "team", "urgent_marked_by"
        ),
        user=user,
        action=action,
        pk=referral_id,
    )
    # Every page that fetches a referral shows it, so every fetch is a consultation.
    audit.record_view(user=user, subject=referral)
    return referral


def referral_people_shown(*, user: User, referrals: Iterable[Referral]) -> list[Referral]:
    """Say, on each referral, whether the reader may know the person it is linked to.

    A decided referral stays open to its team when its person is restricted later (only
    open referrals follow the person), so it must then say nothing of that person to a
    reader not on the person's access list. Sets `person_hidden` and
    `shown_person_reference` (None when hidden or not yet linked), one query for all.
    """
    referrals = list(referrals)
    restricted = {
        referral.person_id
        for referral in referrals
        if referral.person_id is not None and referral.person.is_restricted
    }
    visible = (
        set(
            access.restrict(Person.objects.filter(pk__in=restricted), user=user).values_list(
                "pk", flat=True
            )
        )
        if restricted
        else set()
    )
    for referral in referrals:
        referral.person_hidden = referral.person_id in restricted - visible
        referral.shown_person_reference = (
            None
            if referral.person_id is None or referral.person_hidden
            else referral.person.reference
        )
    return referrals


def referral_history_for_person(*, user: User, referral: Referral) -> list[Referral]:
    """Earlier referrals about the same person with their decisions, as far as the user may see."""
    if referral.person_id is None:
        return []
    return list(
        referral_list(user=user)
        .filter(person_id=referral.person_id)
        .exclude(pk=referral.pk)
        .prefetch_related("decisions")
        .order_by("-date_received")
    )


def referral_hidden_history_count(*, referral: Referral, user: User) -> int:
    """Earlier referrals the user cannot see but that are not restricted (other teams).

    Restricted referrals are never counted: for this user they do not exist.
    """
    if referral.person_id is None:
        return 0
    visible = referral_list(user=user).filter(person_id=referral.person_id).values("pk")
    return (
        Referral.objects.filter(person_id=referral.person_id, is_restricted=False)
        .exclude(pk=referral.pk)
        .exclude(pk__in=visible)
        .count()
    )


def sla_clock(referral: Referral, *, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    remaining = working_days_between(today, referral.due_date)
    if remaining < 0:
        label, colour = (
            f"Overdue by {-remaining} working day{'s' if remaining != -1 else ''}",
            "red",
        )
    elif remaining == 0:
        label, colour = "Due today", "orange"
    else:
        label, colour = f"Due in {remaining} working day{'s' if remaining != 1 else ''}", "blue"
    return {"remaining": remaining, "label": label, "colour": colour}


def attachment_get(*, user: User, attachment_id) -> ReferralAttachment:
    attachment = (
        ReferralAttachment.objects.select_related("referral").filter(pk=attachment_id).first()
    )
    if attachment is None:
        raise Http404
    access.require(user, access.VIEW, attachment.referral)
    audit.record(
        AuditAction.EXPORT,
        user=user,
        subject=attachment.referral,
        detail={"attachment": str(attachment.pk), "what": "attachment downloaded"},
    )
    return attachment


def referral_import_get(*, user: User, import_id) -> ReferralImport:
    batch = ReferralImport.objects.filter(pk=import_id, created_by=user).first()
    if batch is None:
        raise Http404
    return batch


def referral_import_created(*, user: User, batch: ReferralImport) -> QuerySet[Referral]:
    """The referrals a batch created that the user may see, by reference."""
    return referral_list(user=user).filter(pk__in=batch.created_referral_ids).order_by("reference")


def referral_import_list(*, user: User) -> QuerySet[ReferralImport]:
    """The user's own uploads: an import belongs to whoever started it."""
    return ReferralImport.objects.filter(created_by=user)
