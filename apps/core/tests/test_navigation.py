import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Later apps add their sections (cases, work, partners, casesupport).
EXPECTED = {
    "gateway_officer": {
        "Home",
        "Referrals",
        "People",
        "Enquiries",
        "Cases",
        "Tasks",
        "Break-glass access",
        "Partners",
    },
    "prevent_officer": {
        "Home",
        "Referrals",
        "People",
        "Cases",
        "Tasks",
        "Assessments",
        "Interventions",
        "Break-glass access",
        "Partners",
        "Calendar feed",
    },
    "case_officer": {
        "Home",
        "Referrals",
        "People",
        "Cases",
        "Tasks",
        "Assessments",
        "Interventions",
        "Break-glass access",
        "Partners",
        "Calendar feed",
    },
    "cyber_officer": {
        "Home",
        "Referrals",
        "People",
        "Cases",
        "Interviews",
        "Cyber impact",
        "Tasks",
        "Assessments",
        "Interventions",
        "Break-glass access",
        "Partners",
        "Calendar feed",
    },
    "supervisor": {
        "Home",
        "Referrals",
        "People",
        "Enquiries",
        "Cases",
        "Interviews",
        "Cyber impact",
        "Audit",
        "Tasks",
        "My team",
        "Assessments",
        "Interventions",
        "Break-glass access",
        "Partners",
        "Calendar feed",
    },
    "sio": {
        "Home",
        "Referrals",
        "People",
        "Cases",
        "Tasks",
        "Assessments",
        "Interventions",
        "Break-glass access",
        "Calendar feed",
    },
    "analyst": {"Home", "Partners", "Cyber impact"},
    "panel_member": {"Home"},
    "administrator": {"Home", "Administration", "Assessment frameworks", "Document templates"},
    "data_protection": {"Home", "Audit", "Misuse alerts"},
}


@pytest.mark.smoke
@pytest.mark.parametrize(("role_code", "expected"), EXPECTED.items())
def test_navigation_shows_only_what_the_role_may_use(client, make_user, role_code, expected):
    user = make_user(role_code, username=f"nav.{role_code}")
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert {item["text"] for item in response.context["primary_navigation"]} == expected
    for item in response.context["primary_navigation"]:
        assert client.get(item["href"]).status_code == 200, item


def test_home_shows_team_role_in_the_header_and_empty_work_lists(client, gateway_officer, analyst):
    client.force_login(gateway_officer)
    page = client.get(reverse("core:home")).content.decode()
    assert "CTP SE Prevent – Thames Valley" in page
    assert "Gateway officer" in page
    assert "No referrals are allocated to you." in page
    client.force_login(analyst)
    assert "Nothing is waiting for you" in client.get(reverse("core:home")).content.decode()


def test_every_page_carries_the_protective_marking(client, settings, gateway_officer):
    settings.PROTECTIVE_MARKING_BANNER = "OFFICIAL"
    client.force_login(gateway_officer)
    assert "<strong>OFFICIAL</strong>" in client.get(reverse("core:home")).content.decode()
    assert "<strong>OFFICIAL</strong>" in client.get(reverse("core:privacy")).content.decode()


def test_responses_carry_a_request_id(client, gateway_officer):
    client.force_login(gateway_officer)
    assert len(client.get(reverse("core:home"))["X-Request-ID"]) >= 8


def test_admin_is_for_administrators_only(client, gateway_officer, administrator):
    client.force_login(gateway_officer)
    assert client.get("/admin/", follow=True).request["PATH_INFO"] != "/admin/"
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200
