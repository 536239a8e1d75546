"""Every read of the partners directory: access-scoped through core.access, views recorded."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from apps.accounts.models import User
from apps.core import access, audit
from apps.geography.models import LocalAuthority
from apps.partners import registry
from apps.partners.choices import CheckOutcome, ProviderStatus
from apps.partners.models import Provider, ProviderCheck, ProviderSpecialism


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
    provider = access.get_or_404(provider_list(user=user), user=user, pk=provider_id)
    audit.record_view(user=user, subject=provider)
    return provider


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
