"""The web form with check-your-answers, and the shared validation."""

import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core.tests.forms import form_token
from apps.referrals.models import Referral
from apps.referrals.tests.factories import page_data, referral_row
from apps.referrals.validation import PAGES, validate

pytestmark = pytest.mark.django_db


def fill_pages(client, row):
    client.get(reverse("referrals:referral_start"))
    for page in PAGES:
        data = page_data(page, row)
        response = client.post(reverse("referrals:referral_page", args=[page]), data)
        assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.smoke
def test_officer_records_a_referral_through_the_pages(client, gateway_officer):
    client.force_login(gateway_officer)
    fill_pages(client, referral_row())
    check = client.get(reverse("referrals:referral_check"))
    assert "Check your answers" in check.content.decode()
    assert "Jordan" in check.content.decode()
    response = client.post(
        reverse("referrals:referral_check"), {"submission_token": form_token(check)}
    )
    referral = Referral.objects.get()
    assert response.url == referral.get_absolute_url()
    assert referral.reference.startswith("PR-")
    assert referral.subject_postcode == "RG1 1AA"
    assert referral.status == "received"
    assert referral.team == gateway_officer.team
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(referral.pk)).exists()


def test_a_page_with_errors_shows_the_summary_and_stores_nothing(client, gateway_officer):
    client.force_login(gateway_officer)
    client.get(reverse("referrals:referral_start"))
    response = client.post(
        reverse("referrals:referral_page", args=["person"]),
        {"given_name": "", "family_name": "Testperson", "postcode": "NOT A POSTCODE"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a real UK postcode" in page
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_received", "2999-01-01", "today or in the past"),
        ("date_received", "31/02/2026", "Enter a valid date"),
        ("sector", "Astrology", "Referral sector must be one of"),
        ("concern_type", "Unknown", "Type of concern must be one of"),
        ("postcode", "XYZ", "Enter a real UK postcode"),
        ("protective_marking", "SECRET", "must not be recorded in this system"),
        ("referrer_email", "not-an-email", "Enter a valid email address"),
        ("interpreter_needed", "perhaps", "must be yes or no"),
    ],
)
def test_validation_names_the_field_and_the_reason(field, value, message):
    cleaned, errors = validate(referral_row(**{field: value}))
    assert cleaned is None
    assert any(message in text for text in errors[field]), errors


def test_estimated_age_and_date_of_birth_are_not_both_given():
    _, errors = validate(referral_row(estimated_age="15"))
    assert "not both" in errors["estimated_age"][0]


def test_computer_misuse_sections_make_it_a_cyber_referral():
    cleaned, errors = validate(referral_row(computer_misuse_sections="s1; s3A"))
    assert not errors
    assert cleaned["is_cyber"] is True
    assert cleaned["computer_misuse_sections"] == ["s1", "s3A"]


def test_roles_that_cannot_add_referrals_are_refused(client, colleague, analyst):
    for user in (colleague, analyst):
        client.force_login(user)
        assert client.get(reverse("referrals:referral_start")).status_code == 403


def test_the_check_page_sends_errors_back_to_their_page(client, gateway_officer):
    client.force_login(gateway_officer)
    fill_pages(client, referral_row())
    session = client.session
    session["referral_draft"]["sector"] = "Astrology"
    session.save()
    token = form_token(client.get(reverse("referrals:referral_check")))
    response = client.post(reverse("referrals:referral_check"), {"submission_token": token})
    assert response.status_code == 200
    assert "Referral sector must be one of" in response.content.decode()
    assert not Referral.objects.exists()


def test_pnc_id_is_checked_and_normalised():
    cleaned, errors = validate(referral_row(pnc_id="09/ 123456a"))
    assert not errors
    assert cleaned["pnc_id"] == "09/123456A"
    _, errors = validate(referral_row(pnc_id="not a pnc"))
    assert "Enter a PNC ID like 09/123456A" in errors["pnc_id"]
