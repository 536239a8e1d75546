"""The partners API: the same selectors as the pages, listings and views recorded."""

import datetime

import pytest

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.partners import registry
from apps.partners.tests.conftest import CONTACT_EMAIL
from apps.partners.tests.factories import approved_provider

pytestmark = pytest.mark.django_db


def test_a_contact_read_through_the_api_lists_their_sessions_and_is_recorded(
    signed_in, officer, directory
):
    contact = directory["contact"]

    response = signed_in(officer).get(f"/api/v1/partners/contacts/{contact.pk}/")

    body = response.json()
    assert body["email"] == CONTACT_EMAIL
    assert [item["reference"] for item in body["briefings"]] == [directory["briefing"].reference]
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(contact.pk)).exists()


def test_a_listing_is_recorded_with_its_references(signed_in, officer, directory):
    signed_in(officer).get("/api/v1/partners/contacts/")

    event = AuditEvent.objects.filter(action=AuditAction.SEARCH, actor=officer).latest("sequence")
    assert event.detail["scope"] == "partner contacts"
    assert event.detail["references"] == [directory["contact"].reference]


def test_an_invalid_filter_is_a_400(signed_in, officer):
    response = signed_in(officer).get("/api/v1/partners/briefings/", {"status": "imaginary"})

    assert response.status_code == 400
    assert "status" in response.json()


def test_providers_carry_their_current_allocations(signed_in, officer):
    provider = approved_provider(areas=["Reading"], capacity=6)

    def counter(*, provider_ids):
        return {provider.pk: 2}

    registry.register_allocation_counter(counter)
    try:
        response = signed_in(officer).get(f"/api/v1/partners/providers/{provider.pk}/")
    finally:
        registry.unregister_allocation_counter(counter)

    assert response.json()["current_allocations"] == 2
    assert response.json()["capacity"] == 6


def test_coverage_by_local_authority(signed_in, analyst, directory):
    response = signed_in(analyst).get("/api/v1/partners/coverage/")

    body = response.json()
    assert body["period_end"] == datetime.date.today().isoformat()
    assert body["by_local_authority"] == [
        {"local_authority": "Reading", "total": 1, "covered": 1, "not_covered": 0, "percent": 100}
    ]


def test_coverage_refuses_a_bad_date(signed_in, analyst):
    response = signed_in(analyst).get("/api/v1/partners/coverage/", {"as_at": "soon"})

    assert response.status_code == 400
