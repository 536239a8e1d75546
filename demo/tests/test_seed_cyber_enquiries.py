import io

import pytest

from apps.cyber_enquiries.models import CampaignActivity, CyberEnquiry, DisposedEnquiry
from apps.people.models import Person
from apps.referrals.choices import ReferralStatus
from demo.cyber_enquiries import enquiries_by_status, seed_cyber_enquiries
from demo.routing import seed_routing_rules
from demo.users import seed_teams_and_users

pytestmark = pytest.mark.django_db


def test_a_year_of_enquiries_some_converted_some_disposed_of_and_campaigns(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    out = io.StringIO()
    seed_teams_and_users(out, people=0)
    seed_routing_rules(out, people=0)

    seed_cyber_enquiries(out, people=0)
    seed_cyber_enquiries(out, people=0)  # idempotent

    stages = enquiries_by_status()
    assert stages["converted"] >= 3
    assert stages["suitable"] + stages["not_suitable"] + stages["received"] >= 10
    assert DisposedEnquiry.objects.count() == 4
    converted = CyberEnquiry.objects.filter(referral__isnull=False)
    assert all(
        enquiry.referral.status == ReferralStatus.DECONFLICTION and enquiry.referral.is_cyber
        for enquiry in converted
    )
    assert not Person.objects.exists()  # the Gateway decides who they are
    assert CampaignActivity.objects.count() == 12
    assert "already present" in out.getvalue()
