"""An intelligence package in a browser: an operation, a package, a rejected file then a
good one, allocation by force area, and a subject checked against the person index; each
page checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from apps.cyber_packages.models import IntelligencePackage, Operation, PackageSubject
from apps.people.models import Person
from apps.work.models import Allocation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BAD = "source_reference,given_name,email\nQF-1,Tobias,\nQF-2,,not-an-email\n"
GOOD = (
    "source_reference,given_name,family_name,postcode,email,username\n"
    "QF-1,,,,booter.fan@example.com,\n"
    "QF-2,Tobias,Browserqwv,ME14 1AA,,stressme\n"
    "QF-3,,,,,lagswitch\n"
)


def _date(page, name: str, day: str, month: str, year: str) -> None:
    page.locator(f"input[name={name}_0]").fill(day)
    page.locator(f"input[name={name}_1]").fill(month)
    page.locator(f"input[name={name}_2]").fill(year)


def test_a_package_is_imported_allocated_and_its_subject_checked(
    page, tmp_path, sign_in, visit, click_through, cyber_supervisor, cyber_officer
):
    sign_in(page, cyber_supervisor.username)
    click_through(page, "Cyber operations")
    expect(page.locator("h1")).to_have_text("Cyber Prevent operations")
    click_through(page, "Record an operation")
    click_through(page, "Record operation")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the operation name")
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_label("Operation name").fill("Operation Quillfeather")
    page.get_by_label(re.compile("National Cyber Crime Unit")).check()
    _date(page, "starts_on", "1", "9", "2026")
    click_through(page, "Record operation")
    operation = Operation.objects.get()
    expect(page.locator("h1")).to_have_text("Operation Quillfeather")

    click_through(page, "Record a package")
    page.get_by_label(re.compile("National Cyber Crime Unit")).check()
    page.get_by_label("Their reference for the package").fill("NCCU-QF-001")
    _date(page, "received_on", "1", "10", "2026")
    _date(page, "deadline", "31", "12", "2026")
    click_through(page, "Record package")
    package = IntelligencePackage.objects.get(operation=operation)
    expect(page.locator("h1")).to_have_text("Import the package's subjects")

    bad = tmp_path / "bad.csv"
    bad.write_text(BAD)
    page.get_by_label("Upload a CSV or Excel file").set_input_files(str(bad))
    click_through(page, "Upload and import")
    problems = page.locator("[data-testid=import-problems]")
    expect(problems).to_contain_text("family_name")
    expect(problems).to_contain_text("not an e-mail address")
    assert not PackageSubject.objects.exists()

    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    page.get_by_label("Upload a CSV or Excel file").set_input_files(str(good))
    click_through(page, "Upload and import")
    expect(page.locator("h1")).to_contain_text(package.reference)
    expect(page.locator("[data-testid=progress-totals]")).to_contain_text("3 subjects")
    assert not Person.objects.exists()

    allocation = page.locator("[data-testid=allocate-force]")
    allocation.get_by_label("Kent Police").check()
    allocation.get_by_label("Officer").select_option(label=cyber_officer.display_name)
    click_through(page, "Allocate the subjects")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 Kent Police subjects")
    assert Allocation.objects.filter(officer=cyber_officer).count() == 1

    click_through(page, "List the subjects")
    subject = PackageSubject.objects.get(source_reference="QF-1")
    click_through(page, subject.reference)
    expect(page.locator("[data-testid=identifiers]")).to_contain_text("booter.fan@example.com")
    click_through(page, "Check who the subject is")
    expect(page.locator("[data-testid=no-identifier-holders]")).to_be_visible()
    page.get_by_label("Not established yet: keep the identifiers").check()
    page.get_by_label("Your reasons").fill("Only an e-mail address: subscriber details asked for.")
    click_through(page, "Record who the subject is")
    expect(page.locator("[data-testid=subject-identification]")).to_have_text(
        "No person yet (identifiers only)"
    )
    assert not Person.objects.exists()
