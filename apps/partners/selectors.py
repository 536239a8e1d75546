"""Every read of the partners directory: access-scoped through core.access, views recorded."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from apps.accounts.models import User
from apps.core import access, audit
from apps.geography.models import LocalAuthority
from apps.partners import registry
from apps.partners.choices import BriefingStatus, CheckOutcome, ProviderStatus
from apps.partners.models import (
    Briefing,
    Contact,
    Engagement,
    Network,
    Organisation,
    Provider,
    ProviderCheck,
    ProviderSpecialism,
)

VIEW_CONTACT = "partners.view_contact"
COVERAGE_DAYS = 365


def _get(queryset: QuerySet, *, user: User, pk) -> object:
    """One record through the access decision, its consultation recorded.

    A role without the capability at all is refused (403) before any lookup; a record out
    of reach is a 404, as everywhere.
    """
    access.require_capability(user, access.capability_for(queryset.model, access.VIEW))
    record = access.get_or_404(queryset, user=user, pk=pk)
    audit.record_view(user=user, subject=record)
    return record


def _latest_check(field: str) -> Subquery:
    latest = ProviderCheck.objects.filter(provider=OuterRef("pk")).order_by(
        "-checked_on", "-created_at"
    )
    return Subquery(latest.values(field)[:1])


def provider_list(*, user: User) -> QuerySet[Provider]:
    """Every provider the user may see, with its latest check's outcome and expiry."""
    return access.restrict(
        Provider.objects.annotate(
            check_outcome=_latest_check("outcome"),
            check_expires_on=_latest_check("expires_on"),
            check_kind=_latest_check("kind"),
        ).prefetch_related("specialisms", "areas"),
        user=user,
    )


def provider_get(*, user: User, provider_id: uuid.UUID | str) -> Provider:
    """One provider the user may see, recording the consultation; Http404 otherwise."""
    return _get(provider_list(user=user), user=user, pk=provider_id)


def _codes(values: Iterable) -> list[str]:
    return [value.code if hasattr(value, "code") else str(value) for value in values if value]


def provider_picker(
    *,
    user: User,
    area: LocalAuthority | str | None = None,
    needs: Iterable[ProviderSpecialism | str] = (),
    language: str | None = None,
    age_group: str | None = None,
    on: datetime.date | None = None,
) -> QuerySet[Provider]:
    """Active providers approved and in date on `on` (today) that cover `area` and every need.

    The support-plan picker calls this: a provider whose latest approval or due-diligence
    check was refused or has expired, or that is suspended or withdrawn, is not offered.
    `area` is a local authority (or its ONS code); `needs` are specialisms (or their codes);
    `language` and `age_group` are codes. Current allocations: `provider_allocations`.
    """
    on = on or timezone.localdate()
    providers = provider_list(user=user).filter(
        status=ProviderStatus.ACTIVE,
        check_outcome=CheckOutcome.APPROVED,
        check_expires_on__gte=on,
    )
    if area is not None:
        code = area.code if isinstance(area, LocalAuthority) else str(area)
        providers = providers.filter(areas__code=code)
    for code in _codes(needs):
        providers = providers.filter(specialisms__code=code)
    if language:
        providers = providers.filter(languages__code=language)
    if age_group:
        providers = providers.filter(age_groups__code=age_group)
    return providers.distinct().order_by("name")


def provider_allocations(providers: Iterable[Provider]) -> dict:
    """{provider id: current allocations}, from the counters the apps above register."""
    return registry.current_allocations(provider.pk for provider in providers)


# --- Contacts: personal data ----------------------------------------------------------------


def can_see_contacts(user: User) -> bool:
    """Whether the user's role may see contacts' names, phones and e-mails (never analysts)."""
    return access.has_capability(user, VIEW_CONTACT)


def contact_list(*, user: User) -> QuerySet[Contact]:
    return access.restrict(
        Contact.objects.select_related("organisation", "role", "organisation__local_authority"),
        user=user,
    )


def contact_get(*, user: User, contact_id: uuid.UUID | str) -> Contact:
    """One contact, recording the consultation of their details; Http404 otherwise."""
    return _get(contact_list(user=user), user=user, pk=contact_id)


def contacts_shown(*, user: User, contacts: QuerySet[Contact], scope: str, about) -> list[Contact]:
    """Contacts a page lists beside another record: none for a role that may not see
    contacts, and the listing recorded with each contact's reference when there are some."""
    if not can_see_contacts(user):
        return []
    shown = list(access.restrict(contacts, user=user).select_related("organisation", "role"))
    if shown:
        audit.record_search(
            user=user,
            scope=scope,
            terms={"record": audit.reference_of(about)},
            result_count=len(shown),
            detail={"references": [contact.reference for contact in shown]},
        )
    return shown


def contacts_offered(*, user: User, contacts: QuerySet[Contact], scope: str) -> None:
    """Record the contacts a form offers as choices (their names are on the page)."""
    references = list(contacts.values_list("reference", flat=True))
    if references:
        audit.record_search(
            user=user,
            scope=scope,
            terms={},
            result_count=len(references),
            detail={"references": references},
        )


def contact_briefings(*, user: User, contact: Contact) -> QuerySet[Briefing]:
    """The sessions a contact attended: "has this person been trained, and when"."""
    return briefing_list(user=user).filter(attendees=contact).order_by("-held_on")


# --- Organisations --------------------------------------------------------------------------


def organisation_list(*, user: User) -> QuerySet[Organisation]:
    return access.restrict(
        Organisation.objects.select_related("sector", "local_authority", "lsoa"), user=user
    )


def organisation_get(*, user: User, organisation_id: uuid.UUID | str) -> Organisation:
    return _get(organisation_list(user=user), user=user, pk=organisation_id)


# --- Engagement, networks, briefings --------------------------------------------------------


def engagement_list(*, user: User) -> QuerySet[Engagement]:
    return access.restrict(Engagement.objects.prefetch_related("organisations"), user=user)


def engagement_get(*, user: User, engagement_id: uuid.UUID | str) -> Engagement:
    return _get(engagement_list(user=user), user=user, pk=engagement_id)


def network_list(*, user: User) -> QuerySet[Network]:
    return access.restrict(
        Network.objects.select_related("local_authority").annotate(
            member_count=Count("members", distinct=True),
            meeting_count=Count("meetings", distinct=True),
        ),
        user=user,
    )


def network_get(*, user: User, network_id: uuid.UUID | str) -> Network:
    return _get(network_list(user=user), user=user, pk=network_id)


def briefing_list(*, user: User) -> QuerySet[Briefing]:
    return access.restrict(
        Briefing.objects.select_related("session_type", "local_authority", "audience_sector"),
        user=user,
    )


def briefing_get(*, user: User, briefing_id: uuid.UUID | str) -> Briefing:
    return _get(briefing_list(user=user), user=user, pk=briefing_id)


# --- Coverage -------------------------------------------------------------------------------


def coverage_period(as_at: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The 12 months that end on `as_at` (today): first and last day, both included."""
    end = as_at or timezone.localdate()
    return end - datetime.timedelta(days=COVERAGE_DAYS - 1), end


def coverage_list(*, user: User, as_at: datetime.date | None = None) -> QuerySet[Organisation]:
    """Open organisations with the date of their last delivered session in the 12 months to
    `as_at` (`last_session`, None when there was none) and how many sessions (`sessions`).

    Needs the briefing capability too: coverage is about sessions.
    """
    if not access.has_capability(user, access.capability_for(Briefing, access.VIEW)):
        return Organisation.objects.none()
    start, end = coverage_period(as_at)
    visible = briefing_list(user=user).filter(
        status=BriefingStatus.DELIVERED, held_on__gte=start, held_on__lte=end
    )
    in_period = Q(briefings__in=visible.values("pk"))
    return (
        organisation_list(user=user)
        .filter(is_closed=False)
        .annotate(
            last_session=Max("briefings__held_on", filter=in_period),
            sessions=Count("briefings", filter=in_period, distinct=True),
        )
    )


def coverage_by_authority(organisations: QuerySet[Organisation]) -> list[dict]:
    """Per local authority: organisations, how many had a session, how many had none.

    Counted in Python from one query: the rows are already aggregates (`last_session`).
    """
    counts: dict[str, dict] = {}
    for name, last_session in organisations.order_by().values_list(
        "local_authority__name", "last_session"
    ):
        row = counts.setdefault(
            name or "Not known", {"local_authority": name or "Not known", "total": 0, "covered": 0}
        )
        row["total"] += 1
        row["covered"] += last_session is not None
    rows = []
    for name in sorted(counts):
        row = counts[name]
        row["not_covered"] = row["total"] - row["covered"]
        row["percent"] = round(100 * row["covered"] / row["total"])
        rows.append(row)
    return rows
