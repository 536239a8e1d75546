"""Cyber Prevent cases: Cyber Prevent officers and their supervisors see them; CT Prevent
officers see only that one exists for a person they can see, never its contents."""

import pytest
from django.http import Http404
from django.urls import reverse

from apps.accounts.services import break_glass_grant
from apps.cases import selectors, services
from apps.cases.choices import CaseType
from apps.cases.models import Case, Review
from apps.cases.tests.factories import (
    DueReviewFactory,
    OutstandingDirectionFactory,
    SignedOffDecisionFactory,
    SupportCaseFactory,
)
from apps.core import access
from apps.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CASE_PAGES = [
    "cases:case_detail",
    "cases:case_timeline",
    "cases:direction_list",
    "cases:contact_list",
    "cases:review_list",
    "cases:case_edit",
    "cases:case_transfer",
]


@pytest.fixture
def cyber_case(cyber_team, team):
    person = PersonFactory(team=team, given_name="Quorra", family_name="Bytewright")
    case = SupportCaseFactory(
        team=cyber_team,
        person=person,
        case_type=CaseType.CYBER_PREVENT,
        gateway_decision__outcome="cyber",
    )
    DueReviewFactory(case=case)
    return case


def test_cyber_prevent_officers_and_their_supervisor_see_the_case(
    cyber_case, cyber_officer, cyber_supervisor
):
    for user in (cyber_officer, cyber_supervisor):
        assert selectors.case_get(user=user, case_id=cyber_case.pk) == cyber_case
        assert access.can(user, access.CHANGE, cyber_case)


@pytest.mark.parametrize("page", CASE_PAGES)
def test_every_page_of_a_cyber_case_is_a_404_for_a_ct_prevent_officer(
    signed_in, cyber_case, cyber_officer, colleague, page
):
    response = signed_in(colleague).get(reverse(page, args=[cyber_case.pk]))
    assert response.status_code == 404


def test_break_glass_does_not_open_a_cyber_case_to_a_ct_prevent_officer(
    cyber_case, colleague, supervisor
):
    colleague.line_manager = supervisor
    colleague.save()
    assert (
        access.break_glass_candidate(
            colleague, type_label="cases.case", reference=cyber_case.reference
        )
        is None
    )
    break_glass_grant(
        user=colleague, record=cyber_case, purpose="Urgent safeguarding enquiry from A&E tonight"
    )
    with pytest.raises(Http404):
        selectors.case_get(user=colleague, case_id=cyber_case.pk)


def test_a_cyber_case_and_its_parts_are_absent_from_ct_lists_and_exports(
    signed_in, cyber_case, cyber_officer, colleague
):
    OutstandingDirectionFactory(case=cyber_case, tasked_officer=cyber_officer)
    assert cyber_case not in selectors.case_list(user=colleague)
    assert not selectors.direction_list(user=colleague).filter(case=cyber_case).exists()
    assert not selectors.review_list(user=colleague).filter(case=cyber_case).exists()
    client = signed_in(colleague)
    assert cyber_case.reference not in client.get(reverse("cases:case_list")).content.decode()
    export = client.get(reverse("cases:case_list") + "?export=csv").content.decode()
    assert cyber_case.reference not in export


def test_the_sio_on_the_access_list_sees_inside_a_restricted_cyber_case(
    cyber_case, cyber_supervisor, sio
):
    services.case_restrict(
        case=cyber_case, officer=cyber_supervisor, readers=[sio], reason="Live investigation"
    )
    assert selectors.case_get(user=sio, case_id=cyber_case.pk) == cyber_case


def test_a_ct_officer_sees_only_that_a_cyber_case_exists_on_the_person_page(
    signed_in, cyber_case, colleague
):
    page = signed_in(colleague).get(reverse("people:person_referrals", args=[cyber_case.person.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert f"A Cyber Prevent case about this person is held by {cyber_case.team.name}" in body
    assert cyber_case.reference not in body
    assert "No cases." in body


def test_a_cyber_officer_sees_the_case_itself_not_the_notice(cyber_case, cyber_officer):
    assert selectors.cyber_case_notices(user=cyber_officer, person=cyber_case.person) == []


def test_a_restricted_cyber_case_is_not_disclosed_even_as_a_notice(
    cyber_case, cyber_supervisor, colleague, sio
):
    services.case_restrict(
        case=cyber_case, officer=cyber_supervisor, readers=[sio], reason="Live investigation"
    )
    assert selectors.cyber_case_notices(user=colleague, person=cyber_case.person) == []


def test_a_ct_case_is_not_visible_to_a_cyber_officer(team, cyber_officer):
    case = SupportCaseFactory(team=team)
    with pytest.raises(Http404):
        selectors.case_get(user=cyber_officer, case_id=case.pk)


def test_a_cyber_decision_on_a_ct_referral_opens_the_case_with_the_cyber_team(
    team, cyber_team, supervisor
):
    decision = SignedOffDecisionFactory(
        outcome="cyber", referral__team=team, referral__person=PersonFactory(team=team)
    )
    case = services.case_open_for_decision(
        decision=decision, referral=decision.referral, supervisor=supervisor
    )
    assert case.team == cyber_team


def test_a_cyber_case_goes_only_to_a_cyber_team_and_other_cases_never_do(
    cyber_case, cyber_supervisor, supervisor, team, cyber_team
):
    with pytest.raises(Exception, match="Cyber Prevent team") as refused:
        services.case_transfer(
            case=cyber_case,
            officer=cyber_supervisor,
            to_owner=None,
            to_team=team,
            to_region="",
            handover_note="Moving",
        )
    assert "to_team" in refused.value.message_dict
    channel = SupportCaseFactory(team=team)
    with pytest.raises(Exception, match="Only Cyber Prevent cases"):
        services.case_transfer(
            case=channel,
            officer=supervisor,
            to_owner=None,
            to_team=cyber_team,
            to_region="",
            handover_note="Moving",
        )


def test_the_access_decision_through_a_relation_matches_the_decision_on_the_records(
    cyber_case, team, other_team, supervisor, colleague, sio, cyber_officer
):
    """`access.restrict_through` (the decision read on the joined case) lets through exactly
    the rows whose case `access.restrict` lets through: own team, restricted, another team's,
    Cyber Prevent, access list and break-glass alike."""
    own = DueReviewFactory(case=SupportCaseFactory(team=team)).case
    restricted = DueReviewFactory(case=SupportCaseFactory(team=team)).case
    services.case_restrict(case=restricted, officer=sio, readers=[sio], reason="Live operation")
    elsewhere = DueReviewFactory(case=SupportCaseFactory(team=other_team)).case
    break_glass_grant(
        user=colleague, record=elsewhere, purpose="Urgent safeguarding enquiry about a child"
    )
    for user in (supervisor, colleague, sio, cyber_officer):
        through = access.restrict_through(Review.objects.all(), "case", user=user)
        direct = Review.objects.filter(
            case__in=access.restrict(Case.objects.all(), user=user).values("pk")
        )
        assert sorted(review.pk for review in through) == sorted(review.pk for review in direct)
    seen = {
        review.case_id
        for review in access.restrict_through(Review.objects.all(), "case", user=colleague)
    }
    assert seen == {own.pk, elsewhere.pk}
    with pytest.raises(TypeError):
        access.restrict_through(Case.objects.all(), "reviews", user=colleague)
