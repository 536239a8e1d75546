"""Re-offending checks recorded by an officer, what a CT Prevent officer sees of a Cyber Prevent
case, and a case offered to another team and accepted there, with axe on every page visited."""

import datetime

import pytest
from playwright.sync_api import expect

from apps.cases import services
from apps.cases.choices import CaseType
from apps.cases.tests.factories import DueCheckFactory, SupportCaseFactory
from apps.people.tests.factories import PersonFactory
from apps.work import services as work_services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    for label, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        group.get_by_label(label, exact=True).fill(str(value))


def test_a_cyber_officer_records_an_overdue_check_and_a_ct_officer_sees_only_the_notice(
    page, sign_in, sign_out, visit, click_through, cyber_officer, cyber_team, colleague, team
):
    person = PersonFactory(team=team, given_name="Quorra", family_name="Bytewright")
    case = SupportCaseFactory(
        team=cyber_team,
        person=person,
        case_type=CaseType.CYBER_PREVENT,
        gateway_decision__outcome="cyber",
    )
    DueCheckFactory(case=case)

    sign_in(page, cyber_officer.username)
    visit(page, case.get_absolute_url())
    click_through(page, "Re-offending checks")
    expect(page.get_by_test_id("check-table")).to_contain_text("Overdue")
    click_through(page, "Re-offending check 6 months after the intervention ended")
    click_through(page, "Record check")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the systems you checked")
    fill_date(page, "Date you checked", datetime.date(2025, 7, 3))
    page.get_by_label("Police National Computer (PNC)").check()
    page.get_by_label("Action Fraud").check()
    page.get_by_label("No trace").check()
    click_through(page, "Record check")
    expect(page.get_by_test_id("check-table")).to_contain_text("No trace")
    expect(page.get_by_test_id("check-table")).to_contain_text("Action Fraud")
    sign_out(page)

    sign_in(page, colleague.username)
    visit(page, f"/people/{person.pk}/referrals/")
    expect(page.get_by_test_id("case-notice")).to_contain_text(
        f"A Cyber Prevent case about this person is held by {cyber_team.name}"
    )
    response = visit(page, case.get_absolute_url())
    assert response.status == 404


def test_a_case_offered_to_another_team_is_accepted_by_its_supervisor(
    page, sign_in, visit, click_through, make_user, supervisor, colleague, team, other_team
):
    receiving = make_user("supervisor", username="receiving.supervisor", team=other_team)
    officer = make_user("prevent_officer", username="receiving.officer", team=other_team)
    case = SupportCaseFactory(team=team)
    work_services.allocation_allocate(record=case, officer=colleague, by=supervisor)
    services.case_transfer(
        case=case,
        officer=supervisor,
        to_owner=None,
        to_team=other_team,
        to_region="North East",
        handover_note="The family moved to Sunderland (synthetic).",
    )

    sign_in(page, receiving.username)
    expect(page.get_by_role("main")).to_contain_text("Cases offered to your team")
    page.get_by_role("link", name=case.reference).first.click()
    page.wait_for_load_state("load")
    expect(page.get_by_test_id("transfer-offer")).to_contain_text("The family moved to Sunderland")
    page.get_by_label("Yes, accept the case").check()
    page.get_by_label("Officer to allocate it to").select_option(str(officer.pk))
    click_through(page, "Save decision")
    expect(page.get_by_test_id("case-identity-bar")).to_contain_text(case.reference)
