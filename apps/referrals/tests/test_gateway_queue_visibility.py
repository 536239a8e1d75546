"""Who sees what in the Gateway queue (docs/user/gateway.md, "Who sees the Gateway queue").

The queue is every open referral the user may view: their own team's unrestricted
referrals, if their role may view referrals at all; a restricted referral only if they
are on its access list; another team's referral never (break-glass apart).
"""

import pytest
from django.urls import reverse

from apps.referrals.selectors import gateway_queue
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = pytest.mark.django_db

# Roles whose queue lists their team's unrestricted referrals.
TEAM_QUEUE_ROLES = ["gateway_officer", "prevent_officer", "case_officer", "supervisor", "sio"]
# Roles without a queue: they may not view referrals, and the queue page refuses them.
NO_QUEUE_ROLES = ["analyst", "panel_member", "data_protection", "administrator"]
TEAMLESS_ROLES = {"panel_member", "data_protection", "administrator"}


@pytest.fixture
def referrals(team, other_team):
    return {
        "team": ReceivedReferralFactory(team=team),
        "restricted_elsewhere": ReceivedReferralFactory(team=team, is_restricted=True),
        "other_team": ReceivedReferralFactory(team=other_team),
    }


def make_role_user(make_user, role_code):
    extra = {"team": None} if role_code in TEAMLESS_ROLES else {}
    if role_code == "administrator":
        extra["is_staff"] = True
    return make_user(role_code, username=f"queue.{role_code}", **extra)


@pytest.mark.parametrize("role_code", TEAM_QUEUE_ROLES)
def test_the_queue_shows_the_team_s_unrestricted_referrals_and_never_another_team_s(
    client, make_user, referrals, role_code
):
    user = make_role_user(make_user, role_code)
    assert set(gateway_queue(user=user)) == {referrals["team"]}
    client.force_login(user)
    page = client.get(reverse("referrals:referral_list")).content.decode()
    assert referrals["team"].reference in page
    assert referrals["restricted_elsewhere"].reference not in page
    assert referrals["other_team"].reference not in page


@pytest.mark.parametrize("role_code", TEAM_QUEUE_ROLES)
def test_a_restricted_referral_is_in_the_queue_only_for_its_access_list(
    client, make_user, team, referrals, role_code
):
    user = make_role_user(make_user, role_code)
    on_list = ReceivedReferralFactory(team=team, is_restricted=True)
    on_list.access_list.add(user)
    assert set(gateway_queue(user=user)) == {referrals["team"], on_list}
    client.force_login(user)
    page = client.get(reverse("referrals:referral_list")).content.decode()
    assert on_list.reference in page
    assert referrals["restricted_elsewhere"].reference not in page


@pytest.mark.parametrize("role_code", NO_QUEUE_ROLES)
def test_roles_that_may_not_view_referrals_have_no_queue(
    client, make_user, team, referrals, role_code
):
    user = make_role_user(make_user, role_code)
    # Even a place on an access list does not give a role without the capability a queue.
    on_list = ReceivedReferralFactory(team=team, is_restricted=True)
    on_list.access_list.add(user)
    assert not gateway_queue(user=user).exists()
    client.force_login(user)
    response = client.get(reverse("referrals:referral_list"))
    assert response.status_code == 403
    page = response.content.decode()
    for referral in [*referrals.values(), on_list]:
        assert referral.reference not in page
