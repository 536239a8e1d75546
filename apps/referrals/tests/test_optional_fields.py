"""Optional means optional: a blank gender is recorded as "not recorded" on every way in."""

import pytest
from django.urls import reverse

from apps.core.tests.forms import form_token
from apps.referrals.models import Referral
from apps.referrals.tests.factories import referral_row
from apps.referrals.tests.test_submit import fill_pages

pytestmark = pytest.mark.django_db


def test_the_web_form_records_a_blank_gender_as_not_recorded(client, gateway_officer):
    client.force_login(gateway_officer)
    fill_pages(client, referral_row(gender=""))
    check = client.get(reverse("referrals:referral_check"))
    assert "Not recorded" in check.content.decode()
    response = client.post(
        reverse("referrals:referral_check"), {"submission_token": form_token(check)}
    )
    referral = Referral.objects.get()
    assert response.url == referral.get_absolute_url()
    assert referral.subject_gender == "not_recorded"
