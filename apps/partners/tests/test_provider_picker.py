"""The support-plan picker offers only approved, in-date providers covering the area and needs."""

import datetime

import pytest

from apps.partners import registry
from apps.partners.choices import CheckKind, CheckOutcome, ProviderStatus
from apps.partners.selectors import provider_allocations, provider_picker
from apps.partners.tests.factories import (
    ProviderCheckFactory,
    ProviderFactory,
    approved_provider,
    authority,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def picked(user, **filters) -> set[str]:
    return set(provider_picker(user=user, **filters).values_list("name", flat=True))


def test_an_approved_in_date_provider_covering_area_and_need_is_offered(officer):
    approved_provider(name="Alpha", areas=["Reading"], specialisms=["mentoring"])

    assert picked(officer, area=authority("Reading"), needs=["mentoring"]) == {"Alpha"}


def test_a_provider_not_covering_the_area_is_not_offered(officer):
    approved_provider(name="Alpha", areas=["Slough"], specialisms=["mentoring"])

    assert picked(officer, area="E06000038", needs=["mentoring"]) == set()  # Reading


def test_a_provider_must_cover_every_need(officer):
    approved_provider(name="Both", areas=["Reading"], specialisms=["mentoring", "mental-health"])
    approved_provider(name="One", areas=["Reading"], specialisms=["mentoring"])

    assert picked(officer, area=authority("Reading"), needs=["mentoring", "mental-health"]) == {
        "Both"
    }
    assert picked(officer, area=authority("Reading"), needs=["mentoring"]) == {"Both", "One"}


def test_an_expired_approval_is_not_in_date(officer):
    provider = ProviderFactory(name="Lapsed", areas=["Reading"], specialisms=["mentoring"])
    ProviderCheckFactory(
        provider=provider,
        checked_on=TODAY - datetime.timedelta(days=400),
        expires_on=TODAY - datetime.timedelta(days=1),
    )

    assert picked(officer, area=authority("Reading")) == set()


def test_the_latest_check_decides_so_a_later_refusal_removes_the_provider(officer):
    provider = approved_provider(name="Refused", areas=["Reading"], specialisms=["mentoring"])
    ProviderCheckFactory(
        provider=provider,
        kind=CheckKind.DUE_DILIGENCE,
        checked_on=TODAY,
        outcome=CheckOutcome.REFUSED,
    )

    assert picked(officer) == set()


def test_a_local_due_diligence_check_counts_as_approval(officer):
    provider = ProviderFactory(name="Local", areas=["Reading"], specialisms=["education"])
    ProviderCheckFactory(provider=provider, kind=CheckKind.DUE_DILIGENCE)

    assert picked(officer, needs=["education"]) == {"Local"}


def test_a_provider_never_checked_is_not_offered(officer):
    ProviderFactory(name="Unchecked", areas=["Reading"], specialisms=["mentoring"])

    assert picked(officer) == set()


def test_suspended_and_withdrawn_providers_are_not_offered(officer):
    approved_provider(name="Suspended", status=ProviderStatus.SUSPENDED, areas=["Reading"])
    approved_provider(name="Withdrawn", status=ProviderStatus.WITHDRAWN, areas=["Reading"])
    approved_provider(name="Active", areas=["Reading"])

    assert picked(officer) == {"Active"}


def test_language_and_age_group_narrow_the_choice(officer):
    approved_provider(name="Urdu", areas=["Slough"], languages=["urdu"], age_groups=["12-15"])
    approved_provider(name="English", areas=["Slough"], languages=["english"])

    assert picked(officer, language="urdu") == {"Urdu"}
    assert picked(officer, age_group="12-15") == {"Urdu"}
    assert picked(officer, language="urdu", age_group="18-24") == set()


def test_an_approval_is_judged_on_the_day_asked(officer):
    approved_provider(name="Alpha", areas=["Reading"])

    assert picked(officer, on=TODAY + datetime.timedelta(days=400)) == set()


def test_a_role_without_the_capability_is_offered_nothing(officer, panel_member, sio):
    approved_provider(name="Alpha", areas=["Reading"])

    assert picked(panel_member) == set()
    assert picked(sio) == set()


def test_providers_of_every_team_are_offered(officer, other_team):
    approved_provider(name="Elsewhere", team=other_team, areas=["Reading"])

    assert picked(officer) == {"Elsewhere"}


def test_a_restricted_provider_exists_only_for_its_access_list(officer, supervisor):
    provider = approved_provider(name="Restricted", is_restricted=True, areas=["Reading"])
    provider.access_list.set([supervisor])

    assert picked(officer) == set()
    assert picked(supervisor) == {"Restricted"}


def test_current_allocations_come_from_the_registered_counters(officer):
    alpha = approved_provider(name="Alpha", areas=["Reading"])
    beta = approved_provider(name="Beta", areas=["Reading"])

    def plans(*, provider_ids):
        return {alpha.pk: 3}

    def reviews(*, provider_ids):
        return {alpha.pk: 1, beta.pk: 2, "not asked": 9}

    registry.register_allocation_counter(plans)
    registry.register_allocation_counter(reviews)
    try:
        counts = provider_allocations(provider_picker(user=officer))
    finally:
        registry.unregister_allocation_counter(plans)
        registry.unregister_allocation_counter(reviews)

    assert counts == {alpha.pk: 4, beta.pk: 2}


def test_with_no_counter_registered_every_provider_has_no_allocations(officer):
    alpha = approved_provider(name="Alpha", areas=["Reading"])

    assert provider_allocations([alpha]) == {alpha.pk: 0}
