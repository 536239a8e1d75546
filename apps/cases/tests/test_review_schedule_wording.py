"""The review and exit pages, My work and the calendar feed say what the case type's review
schedule says ("6-month post-exit review" or "6-month re-offending check"), with the months the
schedule names: edit the schedule and the words follow."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from apps.cases import schedules, services
from apps.cases.choices import CaseType, ReviewKind, ScheduleKind
from apps.cases.models import ReviewSchedule
from apps.cases.tests.factories import ReviewStageCaseFactory, SupportCaseFactory
from apps.core.worklists import for_user as work_lists
from apps.work import services as work_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel_case(team, supervisor, colleague):
    case = SupportCaseFactory(team=team, case_type=CaseType.CHANNEL)
    work_services.allocation_allocate(record=case, officer=colleague, by=supervisor)
    return case


@pytest.fixture
def cyber_case(cyber_team, cyber_officer, cyber_supervisor):
    case = ReviewStageCaseFactory(
        team=cyber_team, case_type=CaseType.CYBER_PREVENT, gateway_decision__outcome="cyber"
    )
    work_services.allocation_allocate(record=case, officer=cyber_officer, by=cyber_supervisor)
    return case


def _exit(case, supervisor, *, extend=False):
    services.case_exit(
        case=case,
        officer=supervisor,
        reason="Much reduced",
        decided_by="panel",
        extend_to_24=extend,
    )


def test_each_case_type_s_schedule_is_put_in_words_from_its_rows():
    channel = schedules.for_case_type(CaseType.CHANNEL)
    assert channel.after_exit() == (
        "Post-exit reviews fall due 6 and 12 months after exit (extendable to 24 months)."
    )
    assert channel.extendable_at == 12
    cyber = schedules.for_case_type(CaseType.CYBER_PREVENT)
    assert cyber.after_exit() == (
        "This type of case has no post-exit reviews. Re-offending checks fall due when the "
        "intervention ends and 6, 12 and 24 months after it ends."
    )
    assert cyber.extendable_at is None


def test_an_edited_schedule_changes_the_words():
    ReviewSchedule.objects.filter(
        case_type=CaseType.POLICE_LED_PARTNERSHIP, offset_months=12
    ).update(is_active=False)
    ReviewSchedule.objects.filter(
        case_type=CaseType.POLICE_LED_PARTNERSHIP, offset_months=24
    ).update(on_extension=False)
    plp = schedules.for_case_type(CaseType.POLICE_LED_PARTNERSHIP)
    assert plp.after_exit() == "Post-exit reviews fall due 6 and 24 months after exit."
    assert plp.extendable_at is None


def test_labels_name_the_months_and_the_kind_of_step():
    assert schedules.review_label(ReviewKind.POST_EXIT_6) == "6-month post-exit review"
    assert schedules.review_label(ReviewKind.CASE_REVIEW) == "Case review"
    assert schedules.step_label(ScheduleKind.REOFFENDING_CHECK, 6) == "6-month re-offending check"
    assert (
        schedules.step_label(ScheduleKind.REOFFENDING_CHECK, 0, "intervention_end")
        == "Re-offending check at the end of the intervention"
    )


def test_the_reviews_page_says_the_channel_schedule(signed_in, colleague, supervisor, channel_case):
    _exit(channel_case, supervisor)
    page = signed_in(colleague).get(reverse("cases:review_list", args=[channel_case.pk]))
    text = page.content.decode()
    assert "Post-exit reviews fall due 6 and 12 months after exit (extendable to 24 months)" in text
    assert "6-month post-exit review" in text
    assert "12-month post-exit review" in text
    assert "After exit, the case is reviewed at" not in text


def test_the_reviews_page_of_a_cyber_case_speaks_of_re_offending_checks(
    signed_in, cyber_officer, cyber_case
):
    text = (
        signed_in(cyber_officer)
        .get(reverse("cases:review_list", args=[cyber_case.pk]))
        .content.decode()
    )
    assert "This type of case has no post-exit reviews" in text
    assert "Re-offending checks fall due when the intervention ends and 6, 12 and 24" in text
    assert "extendable" not in text


def test_the_exit_page_offers_the_extension_only_where_the_schedule_has_one(
    signed_in, supervisor, cyber_supervisor, channel_case, cyber_case
):
    channel = signed_in(supervisor).get(reverse("cases:case_exit", args=[channel_case.pk]))
    text = channel.content.decode()
    assert "Review at 24 months as well as at 6 and 12 months" in text
    assert "After exit (Channel): Post-exit reviews fall due 6 and 12 months" in text
    cyber = signed_in(cyber_supervisor).get(reverse("cases:case_exit", args=[cyber_case.pk]))
    text = cyber.content.decode()
    assert 'name="extend_to_24"' not in text
    assert "Re-offending checks fall due when the intervention ends" in text


def test_exiting_confirms_what_the_schedule_created(signed_in, supervisor, channel_case):
    client = signed_in(supervisor)
    response = client.post(
        reverse("cases:case_exit", args=[channel_case.pk]),
        {"decided_by": "panel", "reason": "Much reduced", "extend_to_24": "on"},
        follow=True,
    )
    assert "Post-exit reviews are scheduled at 6, 12 and 24 months." in response.content.decode()


def test_the_post_exit_review_page_is_worded_from_the_schedule(signed_in, supervisor, channel_case):
    _exit(channel_case, supervisor)
    client = signed_in(supervisor)
    twelve = channel_case.reviews.get(kind=ReviewKind.POST_EXIT_12)
    six = channel_case.reviews.get(kind=ReviewKind.POST_EXIT_6)
    text = client.get(
        reverse("cases:review_record", args=[channel_case.pk, twelve.pk])
    ).content.decode()
    assert f"12-month post-exit review due {twelve.due_on:%-d %B %Y}" in text
    assert "Extend post-exit reviews to 24 months" in text
    text = client.get(
        reverse("cases:review_record", args=[channel_case.pk, six.pk])
    ).content.decode()
    assert "6-month post-exit review due" in text
    assert 'name="extend_to_24"' not in text


def test_without_extension_steps_the_twelve_month_review_cannot_extend(
    signed_in, supervisor, channel_case
):
    ReviewSchedule.objects.filter(case_type=CaseType.CHANNEL, on_extension=True).update(
        is_active=False
    )
    _exit(channel_case, supervisor)
    twelve = channel_case.reviews.get(kind=ReviewKind.POST_EXIT_12)
    page = signed_in(supervisor).get(
        reverse("cases:review_record", args=[channel_case.pk, twelve.pk])
    )
    assert 'name="extend_to_24"' not in page.content.decode()
    with pytest.raises(ValidationError, match="cannot be extended"):
        services.review_complete(
            review=twelve, officer=supervisor, outcome="confirmed", notes="Fine", extend_to_24=True
        )


def test_only_the_last_regular_review_extends(supervisor, channel_case):
    _exit(channel_case, supervisor)
    six = channel_case.reviews.get(kind=ReviewKind.POST_EXIT_6)
    with pytest.raises(ValidationError, match="Only the 12-month review can extend"):
        services.review_complete(
            review=six, officer=supervisor, outcome="confirmed", notes="Fine", extend_to_24=True
        )


def test_my_work_and_the_feed_name_the_step(client, supervisor, colleague, channel_case):
    _exit(channel_case, supervisor)
    rows = {work.key: work for work in work_lists(supervisor)}["cases-reviews"].rows
    assert [row["cells"][1] for row in rows if row["cells"][0] == channel_case.reference] == [
        "6-month post-exit review",
        "12-month post-exit review",
    ]
    client.force_login(colleague)
    response = client.post(reverse("documents:calendar"))
    url = re.search(r'data-testid="feed-url"[^>]*value="([^"]+)"', response.content.decode())
    client.logout()
    calendar = Calendar.from_ical(client.get(url.group(1)).content)
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert f"6-month post-exit review due: case {channel_case.reference}" in summaries


def test_the_api_gives_each_review_its_label(client, colleague, supervisor, channel_case):
    _exit(channel_case, supervisor)
    client.force_login(colleague)
    rows = client.get(f"/api/v1/cases/{channel_case.pk}/reviews/").json()["results"]
    assert {row["label"] for row in rows if row["status"] == "due"} == {
        "6-month post-exit review",
        "12-month post-exit review",
    }
