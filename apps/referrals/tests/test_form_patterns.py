"""GOV.UK form patterns on the new-referral pages: date inputs, checkboxes, choices,
novalidate, messages that name their field, and check-your-answers in words."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from apps.core.tests.forms import form_token
from apps.referrals.forms import referral_page_form
from apps.referrals.models import Referral
from apps.referrals.tests.factories import (
    ReceivedReferralFactory,
    date_boxes,
    page_data,
    referral_row,
)
from apps.referrals.validation import validate

pytestmark = pytest.mark.django_db

FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)


def page_url(page: str) -> str:
    return reverse("referrals:referral_page", args=[page])


def post_person(client, **dates) -> str:
    client.get(reverse("referrals:referral_start"))
    data = page_data("person", referral_row()) | dates
    return client.post(page_url("person"), data).content.decode()


def summary_links(page: str) -> list[tuple[str, str]]:
    summary = page.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return [
        (target, html.unescape(text))
        for target, text in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    ]


def test_the_three_boxes_compose_one_date():
    form = referral_page_form("person", data=page_data("person", referral_row()))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(2009, 4, 12)


def test_dates_are_entered_in_the_govuk_date_input(client, gateway_officer):
    client.force_login(gateway_officer)
    client.get(reverse("referrals:referral_start"))
    person = client.get(page_url("person")).content.decode()
    referrer = client.get(page_url("referrer")).content.decode()
    for page, name in ((person, "date_of_birth"), (referrer, "date_received")):
        assert 'class="govuk-date-input"' in page
        for box, label in (("0", "Day"), ("1", "Month"), ("2", "Year")):
            assert f'name="{name}_{box}"' in page
            assert f'for="id_{name}_{box}">{label}</label>' in page
        assert "dateinput" not in page


@pytest.mark.parametrize(
    ("boxes", "message", "linked_box"),
    [
        (("14", "", "2009"), "Date of birth must include a month", "1"),
        (("", "", "2009"), "Date of birth must include a day and month", "0"),
        (("31", "2", "2009"), "Date of birth must be a real date", "0"),
        (("14", "3", "09"), "Year must include 4 numbers", "2"),
        (("x", "3", "2009"), "Date of birth must be a real date", "0"),
        (("14", "3", "2999"), "Date of birth must be in the past", "0"),
    ],
)
def test_a_wrong_date_gets_the_govuk_message_linked_to_its_box(
    client, gateway_officer, boxes, message, linked_box
):
    client.force_login(gateway_officer)
    day, month, year = boxes
    page = post_person(client, date_of_birth_0=day, date_of_birth_1=month, date_of_birth_2=year)
    assert (f"id_date_of_birth_{linked_box}", message) in summary_links(page)
    assert not Referral.objects.exists()


def test_a_missing_date_received_names_the_field(client, gateway_officer):
    client.force_login(gateway_officer)
    client.get(reverse("referrals:referral_start"))
    data = page_data("referrer", referral_row()) | date_boxes("date_received", "")
    page = client.post(page_url("referrer"), data).content.decode()
    assert ("id_date_received_0", "Enter the date the referral was received") in summary_links(page)


def test_imports_and_the_api_still_take_iso_dates():
    cleaned, errors = validate(referral_row(date_of_birth="2009-03-14"))
    assert not errors
    assert cleaned["date_of_birth"] == datetime.date(2009, 3, 14)


def test_needs_and_computer_misuse_sections_render_their_boxes(client, gateway_officer):
    client.force_login(gateway_officer)
    client.get(reverse("referrals:referral_start"))
    person = client.get(page_url("person")).content.decode()
    assert person.count('name="needs"') >= 3
    assert "Autism" in person
    concern = client.get(page_url("concern")).content.decode()
    assert concern.count('name="computer_misuse_sections"') >= 3


def test_ticked_boxes_are_kept(client, gateway_officer):
    client.force_login(gateway_officer)
    client.get(reverse("referrals:referral_start"))
    data = page_data("person", referral_row()) | {"needs": ["autism"]}
    assert client.post(page_url("person"), data).status_code == 302
    assert client.session["referral_draft"]["needs"] == ["autism"]


def test_protective_marking_is_a_choice_of_the_allowed_markings(client, gateway_officer):
    client.force_login(gateway_officer)
    client.get(reverse("referrals:referral_start"))
    page = client.get(page_url("concern")).content.decode()
    radios = re.findall(r'<input[^>]*name="protective_marking"[^>]*>', page, re.DOTALL)
    assert sorted(re.search(r'value="([^"]+)"', tag)[1] for tag in radios) == [
        "OFFICIAL",
        "OFFICIAL-SENSITIVE",
    ]
    assert all('type="radio"' in tag for tag in radios)
    assert 'value="SECRET"' not in page


def test_an_empty_person_page_names_each_field_once(client, gateway_officer):
    client.force_login(gateway_officer)
    client.get(reverse("referrals:referral_start"))
    page = client.post(page_url("person"), {}).content.decode()
    messages = [text for _, text in summary_links(page)]
    assert "Enter the person's given name" in messages
    assert "Enter the person's family name" in messages
    assert len(messages) == len(set(messages))
    assert "This field is required" not in page


@pytest.mark.parametrize("page", ["referrer", "concern"])
def test_every_required_message_names_its_field(client, gateway_officer, page):
    client.force_login(gateway_officer)
    client.get(reverse("referrals:referral_start"))
    content = client.post(page_url(page), {}).content.decode()
    messages = [text for _, text in summary_links(content)]
    assert messages
    assert len(messages) == len(set(messages))
    assert "This field is required" not in content


def test_check_your_answers_shows_dates_and_choices_in_words(client, gateway_officer):
    client.force_login(gateway_officer)
    client.get(reverse("referrals:referral_start"))
    row = referral_row(date_of_birth="2009-03-14", is_cyber="no")
    for page in ("person", "referrer", "concern"):
        data = page_data(page, row)
        if page == "person":
            data["needs"] = ["autism"]
        assert client.post(page_url(page), data).status_code == 302
    check = client.get(reverse("referrals:referral_check"))
    page = html.unescape(check.content.decode())
    answers = {
        key.strip(): value.strip()
        for key, value in re.findall(
            r'summary-list__key">([^<]+)</dt>\s*<dd class="govuk-summary-list__value">([^<]*)<',
            page,
        )
    }
    assert answers["Date of birth"] == "14 March 2009"
    assert answers["Date received"] == "16 November 2026"
    assert answers["Cyber Prevent referral"] == "No"
    assert answers["Does the person know about this referral?"] == "No"
    assert "2009-03-14" not in page
    # and it still records
    client.post(reverse("referrals:referral_check"), {"submission_token": form_token(check)})
    assert Referral.objects.get().subject_date_of_birth == datetime.date(2009, 3, 14)


def test_every_form_page_leaves_checking_to_the_error_summary(client, gateway_officer, person):
    referral = ReceivedReferralFactory(team=gateway_officer.team)
    client.force_login(gateway_officer)
    client.get(reverse("referrals:referral_start"))
    urls = [page_url(page) for page in ("person", "referrer", "concern")]
    urls += [
        reverse("referrals:import_create"),
        reverse("referrals:attachment_create", args=[referral.pk]),
        reverse("referrals:referral_detail", args=[referral.pk]),
        reverse("people:person_edit", args=[person.pk]),
        reverse("people:person_name_add", args=[person.pk]),
        reverse("people:person_address_add", args=[person.pk]),
        reverse("accounts:password_change"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        tags = FORM_TAG.findall(response.content.decode())
        assert tags, url
        for tag in tags:
            assert "novalidate" in tag, (url, tag)
