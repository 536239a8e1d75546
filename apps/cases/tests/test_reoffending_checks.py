"""Monitoring after a case: the review schedule per case type is data; Cyber Prevent cases get
re-offending checks (when the intervention ends, then 6, 12 and 24 months after), each done by
a person and never completed by the service."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases import selectors, services
from apps.cases.choices import CaseType, CheckStatus, ReviewKind, ScheduleAnchor
from apps.cases.models import CheckSystem, ReoffendingCheck, ReviewSchedule
from apps.cases.reminders import case_reminders
from apps.cases.tests.factories import DueCheckFactory, SupportCaseFactory
from apps.core.worklists import for_user as work_lists
from apps.interventions import services as intervention_services
from apps.interventions.tests.factories import PlannedInterventionFactory
from apps.work import services as work_services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def cyber_case(cyber_team, cyber_officer, cyber_supervisor):
    case = SupportCaseFactory(
        team=cyber_team, case_type=CaseType.CYBER_PREVENT, gateway_decision__outcome="cyber"
    )
    work_services.allocation_allocate(record=case, officer=cyber_officer, by=cyber_supervisor)
    return case


def _systems(*codes):
    return list(CheckSystem.objects.filter(code__in=codes))


def _due_dates(case) -> list[tuple[int, datetime.date]]:
    return list(
        case.reoffending_checks.filter(status=CheckStatus.DUE)
        .order_by("offset_months")
        .values_list("offset_months", "due_on")
    )


def test_the_schedules_are_seeded_as_data():
    def months(case_type, *, extended):
        return list(
            ReviewSchedule.objects.filter(case_type=case_type, on_extension=extended)
            .order_by("offset_months")
            .values_list("kind", "anchor", "offset_months")
        )

    assert months("channel", extended=False) == [
        ("post_exit_review", "exit", 6),
        ("post_exit_review", "exit", 12),
    ]
    assert months("channel", extended=True) == [("post_exit_review", "exit", 24)]
    assert months("plp", extended=False) == months("channel", extended=False)
    assert months("cyber", extended=False) == [
        ("reoffending_check", "intervention_end", 0),
        ("reoffending_check", "intervention_end", 6),
        ("reoffending_check", "intervention_end", 12),
        ("reoffending_check", "intervention_end", 24),
    ]
    assert set(CheckSystem.objects.values_list("code", flat=True)) >= {
        "pnc",
        "niche",
        "action_fraud",
        "nccu_intelligence",
    }


def test_a_post_exit_review_at_18_months_is_refused_by_the_schedule():
    step = ReviewSchedule(case_type="channel", kind="post_exit_review", anchor="exit")
    step.offset_months = 18
    with pytest.raises(ValidationError, match="6, 12 or 24"):
        step.full_clean()


def test_post_exit_reviews_follow_the_schedule_data(supervisor, team):
    ReviewSchedule.objects.filter(case_type="channel", offset_months=12).update(is_active=False)
    case = SupportCaseFactory(team=team)
    services.case_exit(case=case, officer=supervisor, reason="Done", decided_by="supervisor")
    assert list(
        case.reviews.exclude(kind=ReviewKind.CASE_REVIEW).values_list("kind", "due_on")
    ) == [(ReviewKind.POST_EXIT_6, TODAY + relativedelta(months=6))]
    assert not case.reoffending_checks.exists()


def test_checks_are_created_when_the_last_intervention_ends_on_the_right_dates(
    cyber_case, cyber_officer
):
    first = PlannedInterventionFactory(case=cyber_case, created_by=cyber_officer)
    second = PlannedInterventionFactory(case=cyber_case, created_by=cyber_officer)
    intervention_services.intervention_transition(
        intervention=first, officer=cyber_officer, step="stop", outcome="Disengaged"
    )
    assert not cyber_case.reoffending_checks.exists()  # support goes on: the second is planned
    intervention_services.intervention_transition(
        intervention=second, officer=cyber_officer, step="stop", outcome="Ended early"
    )
    assert _due_dates(cyber_case) == [
        (0, TODAY),
        (6, TODAY + relativedelta(months=6)),
        (12, TODAY + relativedelta(months=12)),
        (24, TODAY + relativedelta(months=24)),
    ]
    assert cyber_case.events.filter(kind="check", what__startswith="Re-offending checks").exists()


def test_a_cyber_case_exits_without_post_exit_reviews_and_keeps_its_checks(
    cyber_case, cyber_officer, cyber_supervisor
):
    services.case_support_ended(
        case=cyber_case, officer=cyber_officer, ended_on=datetime.date(2026, 3, 31)
    )
    services.case_exit(
        case=cyber_case, officer=cyber_supervisor, reason="Diverted", decided_by="supervisor"
    )
    assert not cyber_case.reviews.exclude(kind=ReviewKind.CASE_REVIEW).exists()
    assert _due_dates(cyber_case) == [
        (0, datetime.date(2026, 3, 31)),
        (6, datetime.date(2026, 9, 30)),
        (12, datetime.date(2027, 3, 31)),
        (24, datetime.date(2028, 3, 31)),
    ]


def test_a_cyber_case_exiting_with_no_intervention_end_counts_from_the_exit(
    cyber_case, cyber_supervisor
):
    services.case_exit(
        case=cyber_case, officer=cyber_supervisor, reason="Diverted", decided_by="supervisor"
    )
    assert [due for _, due in _due_dates(cyber_case)] == [
        TODAY + relativedelta(months=months) for months in (0, 6, 12, 24)
    ]
    assert set(cyber_case.reoffending_checks.values_list("anchor", flat=True)) == {
        ScheduleAnchor.INTERVENTION_END
    }


def test_a_later_end_of_support_replaces_the_checks_still_due_and_keeps_those_done(
    cyber_case, cyber_officer
):
    services.case_support_ended(
        case=cyber_case, officer=cyber_officer, ended_on=datetime.date(2026, 1, 10)
    )
    at_end = cyber_case.reoffending_checks.get(offset_months=0)
    services.reoffending_check_record(
        check=at_end,
        officer=cyber_officer,
        checked_on=datetime.date(2026, 1, 12),
        systems=_systems("pnc"),
        result="no_trace",
        notes="",
    )
    services.case_support_ended(
        case=cyber_case, officer=cyber_officer, ended_on=datetime.date(2026, 6, 1)
    )
    assert cyber_case.reoffending_checks.filter(status=CheckStatus.DONE).count() == 1
    assert cyber_case.reoffending_checks.filter(status=CheckStatus.CANCELLED).count() == 3
    assert _due_dates(cyber_case)[1] == (6, datetime.date(2026, 12, 1))


def test_checks_are_never_completed_by_the_service(cyber_case, cyber_officer):
    services.case_support_ended(
        case=cyber_case, officer=cyber_officer, ended_on=TODAY - relativedelta(months=30)
    )
    # Every check is long overdue; the scheduled reminders run, the work lists are read.
    reminders = case_reminders(today=TODAY)
    work_services.reminders_send(today=TODAY)
    work_lists(cyber_officer)
    assert len([r for r in reminders if r.key.startswith("case-check-overdue")]) == 4
    assert set(cyber_case.reoffending_checks.values_list("status", flat=True)) == {CheckStatus.DUE}
    assert not cyber_case.reoffending_checks.filter(checked_by__isnull=False).exists()


def test_an_officer_records_the_check_they_made_audited(cyber_case, cyber_officer):
    check = DueCheckFactory(case=cyber_case)
    done = services.reoffending_check_record(
        check=check,
        officer=cyber_officer,
        checked_on=datetime.date(2025, 7, 2),
        systems=_systems("pnc", "action_fraud"),
        result="re_referral",
        notes="A new referral from the college (synthetic)",
    )
    assert (done.status, done.checked_by, done.result) == (
        CheckStatus.DONE,
        cyber_officer,
        "re_referral",
    )
    assert sorted(done.systems.values_list("code", flat=True)) == ["action_fraud", "pnc"]
    event = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(cyber_case.pk)
    ).latest("sequence")
    assert event.changes["reoffending_check_result"]["new"] == "re_referral"
    assert cyber_case.status == "support"  # a finding does not reopen the case by itself


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"checked_on": TODAY + datetime.timedelta(days=1)}, "checked_on"),
        ({"checked_on": datetime.date(2024, 12, 31)}, "checked_on"),
        ({"systems": []}, "systems"),
        ({"result": "arrest", "notes": ""}, "notes"),
        ({"result": "unknown"}, "result"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(cyber_case, cyber_officer, values, field):
    check = DueCheckFactory(case=cyber_case)
    arguments = {
        "checked_on": datetime.date(2025, 7, 2),
        "systems": _systems("pnc"),
        "result": "no_trace",
        "notes": "",
        **values,
    }
    with pytest.raises(ValidationError) as refused:
        services.reoffending_check_record(check=check, officer=cyber_officer, **arguments)
    assert field in refused.value.message_dict
    check.refresh_from_db()
    assert check.status == CheckStatus.DUE


def test_a_check_is_recorded_once(cyber_case, cyber_officer):
    check = DueCheckFactory(case=cyber_case)
    arguments = {
        "checked_on": datetime.date(2025, 7, 2),
        "systems": _systems("pnc"),
        "result": "no_trace",
        "notes": "",
    }
    services.reoffending_check_record(check=check, officer=cyber_officer, **arguments)
    with pytest.raises(ValidationError, match="already recorded"):
        services.reoffending_check_record(check=check, officer=cyber_officer, **arguments)


def test_reopening_the_case_cancels_the_checks_still_due(cyber_case, cyber_supervisor):
    services.case_exit(
        case=cyber_case, officer=cyber_supervisor, reason="Diverted", decided_by="supervisor"
    )
    services.case_reopen(case=cyber_case, officer=cyber_supervisor, reason="Re-referred")
    assert not cyber_case.reoffending_checks.filter(status=CheckStatus.DUE).exists()


# --- Pages, My work, the feed, the API ---------------------------------------------------------


def test_the_checks_page_is_a_tab_on_cyber_cases_only(signed_in, cyber_case, cyber_officer, team):
    DueCheckFactory(case=cyber_case)
    page = signed_in(cyber_officer).get(reverse("cases:check_list", args=[cyber_case.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Re-offending check 6 months after the intervention ended" in body
    assert "Overdue" in body
    channel = SupportCaseFactory(team=cyber_case.team)
    other = signed_in(cyber_officer).get(reverse("cases:case_detail", args=[channel.pk]))
    assert reverse("cases:check_list", args=[channel.pk]) not in other.content.decode()


def test_the_record_page_records_the_check(signed_in, cyber_case, cyber_officer):
    check = DueCheckFactory(case=cyber_case)
    pnc = CheckSystem.objects.get(code="pnc")
    response = signed_in(cyber_officer).post(
        reverse("cases:check_record", args=[cyber_case.pk, check.pk]),
        {
            "checked_on_0": "2",
            "checked_on_1": "7",
            "checked_on_2": "2025",
            "systems": [str(pnc.pk)],
            "result": "no_trace",
            "notes": "",
        },
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.status, check.checked_on) == (CheckStatus.DONE, datetime.date(2025, 7, 2))


def test_the_record_page_shows_errors_in_the_summary(signed_in, cyber_case, cyber_officer):
    check = DueCheckFactory(case=cyber_case)
    response = signed_in(cyber_officer).post(
        reverse("cases:check_record", args=[cyber_case.pk, check.pk]), {"result": "arrest"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Select the systems you checked" in body
    assert ReoffendingCheck.objects.get(pk=check.pk).status == CheckStatus.DUE


def test_a_ct_officer_cannot_reach_a_cyber_check(signed_in, cyber_case, colleague):
    check = DueCheckFactory(case=cyber_case)
    client = signed_in(colleague)
    assert client.get(reverse("cases:check_list", args=[cyber_case.pk])).status_code == 404
    url = reverse("cases:check_record", args=[cyber_case.pk, check.pk])
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/reoffending-checks/{check.pk}/").status_code == 404


def test_an_analyst_may_not_record_a_check(signed_in, team, analyst):
    check = DueCheckFactory(case__team=team)
    response = signed_in(analyst).get(reverse("cases:check_record", args=[check.case.pk, check.pk]))
    assert response.status_code == 404


def test_overdue_checks_are_on_the_officers_my_work(signed_in, cyber_case, cyber_officer):
    DueCheckFactory(case=cyber_case)
    lists = {work.key: work for work in work_lists(cyber_officer)}
    checks = lists["cases-checks"]
    assert (checks.count, checks.overdue) == (1, 1)
    assert checks.rows[0]["cells"][0] == cyber_case.reference
    page = signed_in(cyber_officer).get(reverse("core:home")).content.decode()
    assert "Re-offending checks due" in page


def test_the_feed_carries_the_checks_due_by_reference(client, cyber_case, cyber_officer):
    DueCheckFactory(case=cyber_case)
    client.force_login(cyber_officer)
    response = client.post(reverse("documents:calendar"))
    url = re.search(r'data-testid="feed-url"[^>]*value="([^"]+)"', response.content.decode())
    client.logout()
    calendar = Calendar.from_ical(client.get(url.group(1)).content)
    assert f"6-month re-offending check due: case {cyber_case.reference}" in [
        str(event["summary"]) for event in calendar.walk("VEVENT")
    ]


def test_the_api_lists_and_records_a_check(client, cyber_case, cyber_officer):
    check = DueCheckFactory(case=cyber_case)
    client.force_login(cyber_officer)
    listed = client.get("/api/v1/reoffending-checks/").json()
    assert [row["id"] for row in listed["results"]] == [str(check.pk)]
    bad = client.post(
        f"/api/v1/reoffending-checks/{check.pk}/record/",
        {"checked_on": "2025-07-02", "systems": ["nowhere"], "result": "no_trace"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "systems" in bad.json()
    done = client.post(
        f"/api/v1/reoffending-checks/{check.pk}/record/",
        {"checked_on": "2025-07-02", "systems": ["pnc", "niche"], "result": "no_trace"},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    assert sorted(done.json()["systems"]) == ["niche", "pnc"]
    assert selectors.check_list(user=cyber_officer).get().checked_by == cyber_officer


def test_the_api_filters_checks_as_the_list_page_does(client, cyber_case, cyber_officer):
    overdue = DueCheckFactory(
        case=cyber_case, offset_months=6, due_on=TODAY - datetime.timedelta(days=3)
    )
    later = DueCheckFactory(
        case=cyber_case, offset_months=12, due_on=TODAY + datetime.timedelta(days=30)
    )
    client.force_login(cyber_officer)

    def listed(query: str) -> set[str]:
        response = client.get(f"/api/v1/reoffending-checks/?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert listed("overdue=yes") == {str(overdue.pk)}
    assert listed("status=due") == {str(overdue.pk), str(later.pk)}
    assert listed("status=done") == set()
    assert listed(f"q={cyber_case.reference}") == {str(overdue.pk), str(later.pk)}
    refused = client.get("/api/v1/reoffending-checks/?result=found-it")
    assert refused.status_code == 400
    assert "result" in refused.json()
