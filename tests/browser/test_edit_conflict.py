"""Edits never silently overwrite (ADR 0019), in a browser: a colleague's change to another
field is kept with mine; a change to the same field is refused with both values shown and
what I typed still in the form."""

import pytest
from playwright.sync_api import expect

from apps.people import services
from apps.people.tests.factories import PersonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_colleagues_save_in_between_is_merged_or_shown_never_overwritten(
    page, sign_in, visit, click_through, gateway_officer, colleague, team
):
    person = PersonFactory(team=team, given_name="Ada", family_name="Lark", nationality="")
    sign_in(page, gateway_officer.username)
    visit(page, f"/people/{person.pk}/edit/")

    # A colleague changes the given name while my form is open; I change the nationality.
    services.person_update(
        person=person, officer=colleague, expected_version=person.version, given_name="Ann"
    )
    page.get_by_label("Nationality", exact=True).fill("Irish")
    click_through(page, "Save changes")
    expect(page.get_by_role("main")).to_contain_text("Theirs are kept too: Given name")
    person.refresh_from_db()
    assert (person.given_name, person.nationality) == ("Ann", "Irish")

    # Now we both change the family name.
    visit(page, f"/people/{person.pk}/edit/")
    services.person_update(
        person=person, officer=colleague, expected_version=person.version, family_name="Finch"
    )
    page.get_by_label("Family name", exact=True).fill("Wren")
    click_through(page, "Save changes")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Family name was changed by someone else to “Finch”")
    expect(summary).to_contain_text("You entered “Wren”")
    expect(page.get_by_label("Family name", exact=True)).to_have_value("Wren")
    person.refresh_from_db()
    assert person.family_name == "Finch"

    # Having seen theirs, saving again keeps mine.
    click_through(page, "Save changes")
    person.refresh_from_db()
    assert person.family_name == "Wren"
