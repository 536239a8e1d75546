"""Every case transition with the right and the wrong role, team and stage; exit and reopen."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases import services
from apps.cases.choices import CaseStatus, ReviewKind, ReviewStatus
from apps.cases.models import CaseEvent, Review
from apps.cases.tests.factories import (
    AssessmentCaseFactory,
    ClosedCaseFactory,
    DueReviewFactory,
    ExitedCaseFactory,
    OpenCaseFactory,
    ReviewStageCaseFactory,
    SupportCaseFactory,
)

pytestmark = pytest.mark.django_db

OFFICER_STEPS = [
    ("start_assessment", OpenCaseFactory, CaseStatus.ASSESSMENT),
    ("start_support", AssessmentCaseFactory, CaseStatus.SUPPORT),
    ("start_review", SupportCaseFactory, CaseStatus.REVIEW),
    ("start_support", ReviewStageCaseFactory, CaseStatus.SUPPORT),
]


@pytest.mark.parametrize(("step", "factory", "target"), OFFICER_STEPS)
def test_an_officer_of_the_team_moves_the_case_on_with_a_reason_audited_and_on_the_timeline(
    colleague, team, step, factory, target
):
    case = factory(team=team)
    services.case_transition(case=case, officer=colleague, name=step, reason="Synthetic reason")
    case.refresh_from_db()
    assert case.status == target
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(case.pk))
    assert event.justification == "Synthetic reason"
    assert event.changes["status"]["new"] == target
    assert CaseEvent.objects.filter(case=case, kind="status").exists()


@pytest.mark.parametrize(("step", "factory", "target"), OFFICER_STEPS)
def test_an_officer_of_another_team_cannot_move_the_case(
    outside_officer, team, step, factory, target
):
    case = factory(team=team)
    with pytest.raises(Http404):
        services.case_transition(case=case, officer=outside_officer, name=step, reason="x")


@pytest.mark.parametrize(("step", "factory", "target"), OFFICER_STEPS)
def test_a_gateway_officer_who_may_only_see_cases_cannot_move_them(
    gateway_officer, team, step, factory, target
):
    case = factory(team=team)
    with pytest.raises(PermissionDenied):
        services.case_transition(case=case, officer=gateway_officer, name=step, reason="x")


def test_a_step_from_the_wrong_stage_is_refused_with_the_stage_named(colleague, team):
    case = ClosedCaseFactory(team=team)
    with pytest.raises(ValidationError, match="Closed stage"):
        services.case_transition(case=case, officer=colleague, name="start_review", reason="x")


def test_a_step_without_a_reason_is_refused(colleague, team):
    case = OpenCaseFactory(team=team)
    with pytest.raises(ValidationError) as error:
        services.case_transition(case=case, officer=colleague, name="start_assessment", reason=" ")
    assert "reason" in error.value.message_dict


def test_an_officer_cannot_exit_close_or_reopen(colleague, team):
    with pytest.raises(PermissionDenied):
        services.case_exit(
            case=SupportCaseFactory(team=team), officer=colleague, reason="x", decided_by="panel"
        )
    with pytest.raises(PermissionDenied):
        services.case_close(case=OpenCaseFactory(team=team), officer=colleague, reason="x")
    with pytest.raises(PermissionDenied):
        services.case_reopen(case=ExitedCaseFactory(team=team), officer=colleague, reason="x")


def test_a_supervisor_of_another_team_cannot_exit(make_user, other_team, team):
    stranger = make_user("supervisor", username="other.supervisor", team=other_team)
    with pytest.raises(Http404):
        services.case_exit(
            case=SupportCaseFactory(team=team), officer=stranger, reason="x", decided_by="panel"
        )


def test_exit_cancels_due_case_reviews_and_creates_post_exit_reviews_at_6_and_12_months(
    supervisor, team
):
    case = SupportCaseFactory(team=team)
    due = DueReviewFactory(case=case)
    services.case_exit(
        case=case, officer=supervisor, reason="Vulnerability much reduced", decided_by="panel"
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.EXITED
    assert case.exit_decided_by == "panel"
    assert case.end_reason == "Vulnerability much reduced"
    due.refresh_from_db()
    assert due.status == ReviewStatus.CANCELLED
    today = timezone.localdate()
    post_exit = dict(
        Review.objects.filter(case=case, status=ReviewStatus.DUE).values_list("kind", "due_on")
    )
    assert post_exit == {
        ReviewKind.POST_EXIT_6: today + relativedelta(months=6),
        ReviewKind.POST_EXIT_12: today + relativedelta(months=12),
    }


def test_exit_extended_to_24_months_creates_the_third_review(supervisor, team):
    case = ReviewStageCaseFactory(team=team)
    services.case_exit(
        case=case, officer=supervisor, reason="Exit", decided_by="supervisor", extend_to_24=True
    )
    assert case.reviews.filter(kind=ReviewKind.POST_EXIT_24).exists()


def test_exit_is_refused_before_support(supervisor, team):
    with pytest.raises(ValidationError):
        services.case_exit(
            case=OpenCaseFactory(team=team), officer=supervisor, reason="x", decided_by="panel"
        )


def test_a_post_exit_review_that_finds_concerns_reopens_the_case(supervisor, team):
    case = SupportCaseFactory(team=team)
    services.case_exit(case=case, officer=supervisor, reason="Exit", decided_by="panel")
    six = case.reviews.get(kind=ReviewKind.POST_EXIT_6)
    services.review_complete(
        review=six, officer=supervisor, outcome="reopen", notes="New concerns reported"
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert case.times_reopened == 1
    assert case.ended_at is None
    assert case.reviews.get(kind=ReviewKind.POST_EXIT_12).status == ReviewStatus.CANCELLED
    assert case.reviews.filter(kind=ReviewKind.CASE_REVIEW, status=ReviewStatus.DUE).exists()


def test_the_12_month_review_may_extend_post_exit_reviews_to_24_months(supervisor, team):
    case = SupportCaseFactory(team=team)
    services.case_exit(case=case, officer=supervisor, reason="Exit", decided_by="panel")
    twelve = case.reviews.get(kind=ReviewKind.POST_EXIT_12)
    services.review_complete(
        review=twelve, officer=supervisor, outcome="confirmed", notes="Fine", extend_to_24=True
    )
    assert case.reviews.filter(kind=ReviewKind.POST_EXIT_24, status=ReviewStatus.DUE).exists()


def test_an_officer_records_a_case_review_and_the_next_is_scheduled(colleague, team):
    case = SupportCaseFactory(team=team)
    review = DueReviewFactory(case=case)
    services.review_complete(
        review=review, officer=colleague, outcome="continue", notes="Going well"
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.COMPLETED
    next_due = case.reviews.filter(status=ReviewStatus.DUE).get()
    assert next_due.due_on == timezone.localdate() + relativedelta(months=3)


def test_an_officer_may_not_record_a_post_exit_review(colleague, team):
    case = ExitedCaseFactory(team=team)
    review = DueReviewFactory(case=case, kind=ReviewKind.POST_EXIT_6)
    with pytest.raises(PermissionDenied):
        services.review_complete(review=review, officer=colleague, outcome="confirmed", notes="x")


def test_a_review_outcome_must_fit_the_kind_of_review(colleague, team):
    review = DueReviewFactory(case=SupportCaseFactory(team=team))
    with pytest.raises(ValidationError):
        services.review_complete(review=review, officer=colleague, outcome="reopen", notes="x")


def test_a_closed_case_reopened_by_a_supervisor_is_open_again(supervisor, team):
    case = ClosedCaseFactory(team=team)
    services.case_reopen(case=case, officer=supervisor, reason="A new referral arrived")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_the_case_page_offers_only_the_steps_the_user_may_take(
    signed_in, colleague, supervisor, team
):
    case = SupportCaseFactory(team=team)
    page = signed_in(colleague).get(case.get_absolute_url()).content.decode()
    assert reverse("cases:case_step", args=[case.pk, "start_review"]) in page
    assert reverse("cases:case_exit", args=[case.pk]) not in page
    page = signed_in(supervisor).get(case.get_absolute_url()).content.decode()
    assert reverse("cases:case_exit", args=[case.pk]) in page


def test_the_step_page_moves_the_case_and_refuses_a_missing_reason(signed_in, colleague, team):
    case = OpenCaseFactory(team=team)
    client = signed_in(colleague)
    url = reverse("cases:case_step", args=[case.pk, "start_assessment"])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Give the reason for this step" in response.content.decode()
    response = client.post(url, {"reason": "Ready to assess"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT


def test_the_exit_page_is_403_for_an_officer_and_404_for_another_team(
    signed_in, colleague, outside_officer, team
):
    case = SupportCaseFactory(team=team)
    url = reverse("cases:case_exit", args=[case.pk])
    assert signed_in(colleague).get(url).status_code == 403
    assert signed_in(outside_officer).get(url).status_code == 404


def test_the_exit_page_exits_the_case(signed_in, supervisor, team):
    case = SupportCaseFactory(team=team)
    response = signed_in(supervisor).post(
        reverse("cases:case_exit", args=[case.pk]),
        {"decided_by": "supervisor", "reason": "Support complete"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.EXITED
    assert case.reviews.filter(kind__in=["post_exit_6", "post_exit_12"]).count() == 2


def test_a_review_that_is_due_is_listed_with_its_date_in_words(signed_in, colleague, team):
    case = SupportCaseFactory(team=team)
    DueReviewFactory(case=case, due_on=datetime.date(2030, 3, 14))
    page = signed_in(colleague).get(reverse("cases:review_list", args=[case.pk]))
    assert "14 March 2030" in page.content.decode()
