"""The partners pages in a browser, each checked with axe: lists, records, forms, coverage."""

import re

import pytest
from playwright.sync_api import expect

from apps.partners.models import Organisation
from apps.partners.tests.factories import (
    AgreementFactory,
    BriefingFactory,
    ContactFactory,
    EngagementFactory,
    NetworkFactory,
    OrganisationFactory,
    approved_provider,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def officer(make_user):
    return make_user("prevent_officer", username="partners.officer")


@pytest.fixture
def directory(team, officer):
    school = OrganisationFactory(team=team, name="Kestrel Lane Primary School")
    contact = ContactFactory(
        team=team, organisation=school, given_name="Zelda", family_name="Browserton"
    )
    AgreementFactory(organisation=school, owner=officer)
    return {
        "school": school,
        "contact": contact,
        "provider": approved_provider(
            team=team, name="Invented Pathways", areas=["Reading"], specialisms=["mentoring"]
        ),
        "briefing": BriefingFactory(team=team, organisations=[school], attendees=[contact]),
        "engagement": EngagementFactory(team=team, organisations=[school], contacts=[contact]),
        "network": NetworkFactory(team=team, members=[contact]),
    }


def test_an_officer_walks_every_partners_page(
    page, sign_in, visit, click_through, officer, directory
):
    sign_in(page, officer.username)
    click_through(page, "Partners")
    expect(page.locator("h1")).to_have_text("Partner organisations")
    for section in (
        "Contacts",
        "Providers",
        "Networks and groups",
        "Briefings and training",
        "Engagement log",
        "Coverage",
        "Organisations",
    ):
        click_through(page, section)
    for record in ("school", "contact", "provider", "briefing", "engagement", "network"):
        visit(page, directory[record].get_absolute_url())
    expect(page.locator("h1")).to_contain_text(directory["network"].name)

    for url in (
        "/partners/contacts/new/",
        "/partners/providers/new/",
        "/partners/networks/new/",
        "/partners/briefings/new/",
        "/partners/engagements/new/",
        f"/partners/organisations/{directory['school'].pk}/edit/",
        f"/partners/organisations/{directory['school'].pk}/agreements/new/",
        f"/partners/contacts/{directory['contact'].pk}/edit/",
        f"/partners/providers/{directory['provider'].pk}/edit/",
        f"/partners/providers/{directory['provider'].pk}/checks/new/",
        f"/partners/networks/{directory['network'].pk}/edit/",
        f"/partners/networks/{directory['network'].pk}/meetings/new/",
        f"/partners/briefings/{directory['briefing'].pk}/edit/",
        f"/partners/engagements/{directory['engagement'].pk}/edit/",
    ):
        visit(page, url)
        expect(page.locator("main form[novalidate]")).to_have_count(1)


def test_adding_an_organisation_explains_mistakes_then_saves(
    page, sign_in, visit, click_through, officer
):
    sign_in(page, officer.username)
    visit(page, "/partners/organisations/new/")
    page.get_by_label("Postcode").fill("not a postcode")
    click_through(page, "Add organisation")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter name")
    expect(summary).to_contain_text("Enter a real UK postcode")
    expect(page).to_have_title(re.compile(r"^Error: "))

    page.get_by_label("Name", exact=True).fill("Larkspur Rise Community Group")
    page.get_by_label("Sector").select_option(label="Community group")
    page.get_by_label("Postcode").fill("RG1 1AF")
    page.get_by_label("LSOA code").fill("E01016353")
    click_through(page, "Add organisation")
    expect(page.locator("h1")).to_have_text("Larkspur Rise Community Group")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Reading")
    assert Organisation.objects.filter(name="Larkspur Rise Community Group").exists()


def test_the_picker_and_coverage_answer_their_questions(
    page, sign_in, visit, click_through, officer, directory
):
    sign_in(page, officer.username)
    visit(page, "/partners/providers/find/")
    page.get_by_label("Local authority").select_option(label="Reading")
    page.get_by_label("Mentoring").check()
    click_through(page, "Find providers")
    expect(page.locator("[data-testid=picker-results]")).to_contain_text("Invented Pathways")

    visit(page, "/partners/coverage/")
    table = page.locator("[data-testid=coverage-by-authority]")
    expect(table).to_contain_text("Reading")
    page.get_by_label("Had a session in the period").select_option(label="Yes")
    click_through(page, "Apply filters")
    expect(page.locator("main")).to_contain_text("Kestrel Lane Primary School")


def test_an_analyst_sees_coverage_but_no_contacts(
    page, sign_in, visit, click_through, analyst, directory
):
    sign_in(page, analyst.username)
    click_through(page, "Partners")
    expect(page.locator('nav[aria-label="Partners sections"]')).not_to_contain_text("Contacts")
    visit(page, directory["briefing"].get_absolute_url())
    expect(page.locator("main")).not_to_contain_text("Browserton")
    click_through(page, "Coverage")
    expect(page.locator("[data-testid=coverage-by-authority]")).to_contain_text("Reading")
