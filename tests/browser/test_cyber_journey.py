"""The Cyber Prevent journey in a browser, axe on every page: an anonymous enquiry decided
suitable and converted into a named referral (pages); the Gateway decision and the Cyber
Prevent intervention through their services (their pages have their own browser tests:
test_referral_to_decision, test_deconfliction, test_cyber_interventions); the case exited by
the Cyber Prevent supervisor (page); the 6-month re-offending check recorded by the officer
from My work (pages), and the 6-month outcome measure taking its result from that check."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from apps.cases import services as case_services
from apps.cases.choices import CaseStatus, CheckStatus, ScheduleAnchor
from apps.cases.models import Case, ReoffendingCheck
from apps.cases.tests.factories import DueCheckFactory
from apps.cyber_enquiries.models import CyberEnquiry
from apps.cyber_impact.models import OutcomeMeasure
from apps.cyber_impact.tests.factories import (
    CompletedCyberInterventionFactory,
    ConsentedInterviewFactory,
)
from apps.gateway import services as gateway_services
from apps.gateway.choices import Outcome
from apps.interventions import services as support
from apps.interventions.choices import ConsentStatus
from apps.interventions.models import InterventionType
from apps.matching import deconfliction
from apps.people.models import Person
from apps.referrals.choices import ReferralStatus
from apps.work import services as work_services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fill_date(page, name: str, day: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def _gateway_decision_opens_the_case(referral, *, officer, supervisor) -> Case:
    """De-confliction (a new person) and the Gateway's Cyber Prevent decision, signed off."""
    deconfliction.match_decision_record(
        referral=referral,
        officer=officer,
        person=None,
        reason="No likely match in the person index.",
        candidates_shown=[],
    )
    referral.refresh_from_db()
    deconfliction.live_investigation_check_record(
        referral=referral, officer=officer, result="no_trace"
    )
    deconfliction.deconfliction_complete(referral=referral, officer=officer)
    referral.refresh_from_db()
    decision = gateway_services.gateway_decision_propose(
        referral=referral,
        officer=officer,
        outcome=Outcome.CYBER_PREVENT,
        rationale="Booter use against a game server: Cyber Choices (synthetic).",
        threshold_met=True,
        history_considered=True,
    )
    gateway_services.gateway_decision_sign_off(
        decision=decision, supervisor=supervisor, approve=True, comment="Agreed."
    )
    return Case.objects.get(referral=referral)


def _a_cyber_intervention_that_ended(case, *, officer, ended_on: datetime.date):
    support.consent_record(
        case=case,
        officer=officer,
        status=ConsentStatus.GIVEN,
        recorded_on=ended_on - datetime.timedelta(days=60),
        given_by="person",
        how_sought="face_to_face",
    )
    intervention = support.intervention_create(
        case=case,
        officer=officer,
        intervention_type=InterventionType.objects.get(code="cyber-workshop"),
        provider=None,
        objective="Explain the Computer Misuse Act and divert skills (synthetic).",
        start_date=ended_on - datetime.timedelta(days=30),
        end_date=ended_on,
    )
    support.intervention_transition(intervention=intervention, officer=officer, step="start")
    support.intervention_transition(
        intervention=intervention, officer=officer, step="complete", outcome="Attended (synthetic)."
    )
    # The checks count from the day the intervention ended (seven months ago).
    case_services.review_schedule_start(
        case=case, anchor=ScheduleAnchor.INTERVENTION_END, anchored_on=ended_on, officer=officer
    )
    return intervention


def test_from_an_anonymous_enquiry_to_an_exited_case_with_its_six_month_check(
    page, sign_in, sign_out, visit, click_through, cyber_officer, cyber_supervisor
):
    today = timezone.localdate()

    # 1. The anonymous enquiry, decided suitable, converted into a named referral (pages).
    sign_in(page, cyber_officer.username)
    click_through(page, "Cyber enquiries")
    click_through(page, "Record an enquiry")
    page.get_by_label("Parent or carer").check()
    page.locator("input[name=contact_method][value=email]").check()
    page.get_by_label("14 to 15").check()
    page.get_by_label("The concern, in the enquirer's words").fill(
        "A pupil says he took the school's game server offline with a paid booter."
    )
    page.get_by_label("Gaming", exact=True).check()
    click_through(page, "Record enquiry")
    enquiry = CyberEnquiry.objects.get()
    expect(page.locator("h1")).to_have_text(enquiry.reference)
    assert not Person.objects.exists()
    click_through(page, "Record suitability decision")
    page.get_by_label("Suitable for Cyber Choices").check()
    page.get_by_label("Reasons for the decision").fill("Booter use: a Cyber Choices case.")
    click_through(page, "Record decision")
    expect(page.locator("[data-testid=enquiry-status]")).to_have_text("Suitable for Cyber Choices")
    click_through(page, "Record the full referral")
    fill_date(page, "date_received", today)
    page.get_by_label("E-mail", exact=True).check()
    page.get_by_label("Given name").fill("Kestrel")
    page.get_by_label("Family name").fill("Journeyqwv")
    page.get_by_label("Referrer's name").fill("Sam Teacher")
    page.locator("input[name=sector][value=education]").check()
    page.get_by_label("No ideology identified", exact=True).check()
    page.locator("input[name=person_aware][value=yes]").check()
    page.locator("input[name=parents_aware][value=yes]").check()
    click_through(page, "Create the referral and start de-confliction")
    enquiry.refresh_from_db()
    referral = enquiry.referral
    assert referral.status == ReferralStatus.DECONFLICTION
    sign_out(page)

    # 2. The Gateway decision and a Cyber Prevent intervention (services; their own browser
    # tests cover those pages), the case held by the officer.
    case = _gateway_decision_opens_the_case(
        referral, officer=cyber_officer, supervisor=cyber_supervisor
    )
    work_services.allocation_allocate(record=case, officer=cyber_officer, by=cyber_supervisor)
    case_services.case_transition(
        case=case, officer=cyber_officer, name="start_support", reason="Workshop agreed."
    )
    ended_on = today - relativedelta(months=7)
    _a_cyber_intervention_that_ended(case, officer=cyber_officer, ended_on=ended_on)

    # 3. The supervisor exits the case (page).
    sign_in(page, cyber_supervisor.username)
    visit(page, case.get_absolute_url())
    click_through(page, "Exit the case")
    click_through(page, "Exit the case")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select who decided the exit")
    page.get_by_label("Supervisor", exact=True).check()
    page.get_by_label("Reason for exit").fill("Workshop done; now at a coding club (synthetic).")
    click_through(page, "Exit the case")
    expect(page.get_by_test_id("case-status")).to_have_text("Exited")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.EXITED
    sign_out(page)

    # 4. The officer sees the overdue 6-month check on My work and records it (pages).
    sign_in(page, cyber_officer.username)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Re-offending checks due")
    expect(main).to_contain_text("Re-offending check 6 months after the intervention ended")
    expect(main).to_contain_text("Outcome measures due")
    visit(page, case.get_absolute_url())
    click_through(page, "Re-offending checks")
    click_through(page, "Re-offending check 6 months after the intervention ended")
    click_through(page, "Record check")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the systems you checked")
    fill_date(page, "checked_on", today)
    page.get_by_label("Police National Computer (PNC)").check()
    page.get_by_label("No trace").check()
    click_through(page, "Record check")
    expect(page.get_by_test_id("check-table")).to_contain_text("No trace")
    six_months = ReoffendingCheck.objects.get(case=case, offset_months=6, status=CheckStatus.DONE)
    assert six_months.checked_by == cyber_officer

    # 5. The 6-month outcome measure takes its re-offending part from that check (pages).
    visit(page, f"/cyber/impact/cases/{case.pk}/")
    click_through(page, "Record an outcome measure")
    page.get_by_label("Intervention", exact=True).select_option(index=1)
    page.locator("input[name=point][value='6m']").check()
    fill_date(page, "measured_on", today)
    page.locator("input[name=engagement][value=full]").check()
    page.locator("input[name=completion][value=completed]").check()
    page.locator("input[name=education_employment][value=education]").check()
    page.locator("input[name=legal_use][value=offered]").check()
    click_through(page, "Record the measure")
    measure = OutcomeMeasure.objects.get()
    assert measure.reoffending_check == six_months
    visit(page, measure.get_absolute_url())
    expect(page.get_by_test_id("measure-reoffending")).to_contain_text(
        f"No trace: Re-offending check 6 months after the intervention ended, done by "
        f"{cyber_officer.display_name}"
    )


def test_an_interview_is_amended_and_the_teams_checks_are_listed(
    page, sign_in, sign_out, visit, click_through, cyber_team, cyber_officer, cyber_supervisor
):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    case = intervention.case
    interview = ConsentedInterviewFactory(
        case=case,
        contact__case=case,
        created_by=cyber_officer,
        summary="Talked about booter services (synthetic).",
    )
    DueCheckFactory(case=case, due_on=timezone.localdate() - datetime.timedelta(days=5))

    # The officer corrects the interview: a reason is required; the earlier text is kept.
    sign_in(page, cyber_officer.username)
    visit(page, interview.get_absolute_url())
    click_through(page, "Amend the interview")
    page.get_by_label("Summary of the interview").fill(
        "Talked about a DDoS-for-hire site and game servers (synthetic)."
    )
    click_through(page, "Save the amendment")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Give the reason for the amendment"
    )
    page.get_by_label("Reason for the amendment").fill("The site was named wrongly.")
    click_through(page, "Save the amendment")
    expect(page.get_by_test_id("interview-version")).to_contain_text("Version 2, amended")
    expect(page.get_by_test_id("interview-earlier")).to_have_count(0)

    # The team's re-offending checks as a list, filtered to the overdue ones.
    visit(page, "/cyber/impact/measures/")
    click_through(page, "Re-offending checks")
    expect(page.locator("h1")).to_have_text("Re-offending checks")
    expect(page.get_by_role("main")).to_contain_text(case.reference)
    page.get_by_label("Overdue", exact=True).select_option("yes")
    click_through(page, "Apply filters")
    expect(page.get_by_role("main")).to_contain_text("Overdue")
    sign_out(page)

    # The supervisor reads the earlier version.
    sign_in(page, cyber_supervisor.username)
    visit(page, interview.get_absolute_url())
    expect(page.get_by_test_id("interview-earlier")).to_contain_text(
        "Talked about booter services (synthetic)."
    )
