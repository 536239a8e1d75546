"""Transfer to another team: offered with a handover note, accepted or declined by that team's
supervisor; access moves with the case when accepted, and the case leaves the old team's lists."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from apps.accounts.models import Notification
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases import selectors, services
from apps.cases.choices import TransferStatus
from apps.cases.tests.factories import DueReviewFactory, SupportCaseFactory
from apps.core import access
from apps.core.worklists import for_user as work_lists
from apps.work import services as work_services
from apps.work.selectors import allocation_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiving_supervisor(make_user, other_team):
    return make_user("supervisor", username="receiving.supervisor", team=other_team)


@pytest.fixture
def receiving_officer(make_user, other_team):
    return make_user("prevent_officer", username="receiving.officer", team=other_team)


@pytest.fixture
def held_case(team, supervisor, colleague):
    case = SupportCaseFactory(team=team)
    work_services.allocation_allocate(record=case, officer=colleague, by=supervisor)
    DueReviewFactory(case=case)
    return case


def _offer(case, supervisor, other_team):
    return services.case_transfer(
        case=case,
        officer=supervisor,
        to_owner=None,
        to_team=other_team,
        to_region="North East",
        handover_note="The family moved to Sunderland (synthetic)",
    )


def test_an_offer_leaves_the_case_with_its_team_until_accepted(
    held_case,
    supervisor,
    colleague,
    other_team,
    receiving_supervisor,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        offer = _offer(held_case, supervisor, other_team)
    held_case.refresh_from_db()
    assert offer.status == TransferStatus.AWAITING
    assert held_case.team != other_team
    assert allocation_of(held_case).officer == colleague
    assert not access.can(receiving_supervisor, access.VIEW, held_case)
    notice = Notification.objects.get(recipient=receiving_supervisor)
    assert held_case.reference not in notice.body
    offered = {work.key: work for work in work_lists(receiving_supervisor)}["cases-transfers"]
    assert offered.rows[0]["cells"][0] == held_case.reference


def test_accepting_moves_the_case_its_access_and_its_lists(
    held_case, supervisor, colleague, other_team, receiving_supervisor, receiving_officer
):
    offer = _offer(held_case, supervisor, other_team)
    services.case_transfer_accept(
        transfer=offer, officer=receiving_supervisor, to_owner=receiving_officer
    )
    held_case.refresh_from_db()
    assert (held_case.team, held_case.region) == (other_team, "North East")
    assert allocation_of(held_case).officer == receiving_officer
    assert access.can(receiving_officer, access.CHANGE, held_case)
    assert not access.can(colleague, access.VIEW, held_case)
    assert held_case not in selectors.my_cases(user=colleague)
    assert not selectors.team_reviews_due(user=supervisor).filter(case=held_case).exists()
    assert selectors.team_reviews_due(user=receiving_supervisor).filter(case=held_case).exists()
    event = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(held_case.pk), detail__transfer_accepted=True
    ).get()
    assert event.changes["team"]["new"] == other_team.name
    offer.refresh_from_db()
    assert (offer.status, offer.decided_by) == (TransferStatus.ACCEPTED, receiving_supervisor)


def test_declining_needs_a_reason_and_keeps_the_case_where_it_is(
    held_case, supervisor, colleague, other_team, receiving_supervisor
):
    offer = _offer(held_case, supervisor, other_team)
    with pytest.raises(ValidationError):
        services.case_transfer_decline(transfer=offer, officer=receiving_supervisor, reason=" ")
    services.case_transfer_decline(
        transfer=offer, officer=receiving_supervisor, reason="Outside our area"
    )
    held_case.refresh_from_db()
    assert held_case.team_id == colleague.team_id
    assert allocation_of(held_case).officer == colleague
    assert held_case.events.filter(what__contains="declined by").exists()


def test_only_a_supervisor_of_the_receiving_team_decides(
    held_case, supervisor, other_team, receiving_officer
):
    offer = _offer(held_case, supervisor, other_team)
    for user in (receiving_officer, supervisor):
        with pytest.raises(PermissionDenied):
            services.case_transfer_accept(transfer=offer, officer=user)


def test_one_offer_at_a_time_and_decided_once(
    held_case, supervisor, other_team, receiving_supervisor
):
    offer = _offer(held_case, supervisor, other_team)
    with pytest.raises(ValidationError, match="already offered"):
        _offer(held_case, supervisor, other_team)
    services.case_transfer_accept(transfer=offer, officer=receiving_supervisor)
    with pytest.raises(ValidationError, match="already decided"):
        services.case_transfer_decline(transfer=offer, officer=receiving_supervisor, reason="x")


def test_the_offer_page_shows_the_handover_and_accepts(
    signed_in, held_case, supervisor, other_team, receiving_supervisor, receiving_officer
):
    offer = _offer(held_case, supervisor, other_team)
    client = signed_in(receiving_supervisor)
    url = reverse("cases:transfer_decide", args=[offer.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "The family moved to Sunderland" in page.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(held_case.pk), actor_username="receiving.supervisor"
    ).exists()
    refused = client.post(url, {"decision": "decline", "reason": ""})
    assert "Say why your team cannot take the case" in refused.content.decode()
    response = client.post(url, {"decision": "accept", "to_owner": str(receiving_officer.pk)})
    assert response.status_code == 302
    assert allocation_of(held_case).officer == receiving_officer


def test_the_offer_page_is_a_404_for_anyone_else(
    signed_in, held_case, supervisor, other_team, outsider, receiving_supervisor
):
    offer = _offer(held_case, supervisor, other_team)
    url = reverse("cases:transfer_decide", args=[offer.pk])
    assert signed_in(supervisor).get(url).status_code == 404
    assert signed_in(outsider).get(url).status_code == 403
    with pytest.raises(Http404):
        selectors.transfer_offered_get(user=supervisor, transfer_id=offer.pk)


def test_the_case_page_says_it_is_offered(signed_in, held_case, supervisor, other_team):
    _offer(held_case, supervisor, other_team)
    page = signed_in(supervisor).get(reverse("cases:case_detail", args=[held_case.pk]))
    assert f"Offered to {other_team.name}" in page.content.decode()


def test_the_api_offers_and_the_receiving_supervisor_accepts(
    client, held_case, supervisor, other_team, receiving_supervisor, receiving_officer
):
    client.force_login(supervisor)
    offered = client.post(
        f"/api/v1/cases/{held_case.pk}/transfer/",
        {"to_team": other_team.name, "handover_note": "Moved away (synthetic)"},
        content_type="application/json",
    )
    assert offered.status_code == 200
    client.force_login(receiving_supervisor)
    listed = client.get("/api/v1/case-transfers/").json()["results"]
    assert [row["case"] for row in listed] == [held_case.reference]
    missing_reason = client.post(
        f"/api/v1/case-transfers/{listed[0]['id']}/decision/",
        {"decision": "decline"},
        content_type="application/json",
    )
    assert missing_reason.status_code == 400
    accepted = client.post(
        f"/api/v1/case-transfers/{listed[0]['id']}/decision/",
        {"decision": "accept", "to_owner": receiving_officer.username},
        content_type="application/json",
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert allocation_of(held_case).officer == receiving_officer


def test_the_api_hides_offers_from_other_teams(client, held_case, supervisor, other_team):
    offer = _offer(held_case, supervisor, other_team)
    client.force_login(supervisor)
    assert client.get("/api/v1/case-transfers/").json()["results"] == []
    assert client.get(f"/api/v1/case-transfers/{offer.pk}/").status_code == 404
