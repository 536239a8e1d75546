"""The de-confliction page a person can read (issue 9, item 2) and the searches it records.

Labels rather than field names, dates in words, an honest probability with its band,
never the person just created from the referral as a candidate, and one sequence of
steps with only the next step's form. One view records one search, which keeps the
referral's reference and the references returned, not the subject's details (item 8).
"""

import datetime
import json
import re

import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.matching import presentation
from apps.people.services import person_create
from apps.referrals.tests.factories import DeconflictionReferralFactory

pytestmark = pytest.mark.django_db

DATE_OF_BIRTH = datetime.date(2008, 3, 14)
ADDRESS = {"line_1": "14 Willow Close", "town": "Reading", "postcode": "RG1 1AA"}


@pytest.fixture
def referral(team):
    return DeconflictionReferralFactory(
        team=team,
        subject_given_name="David",
        subject_family_name="Fletcher",
        subject_date_of_birth=DATE_OF_BIRTH,
        subject_gender="male",
        subject_address_line_1="14 Willow Close",
        subject_town="Reading",
        subject_postcode="RG1 1AA",
    )


@pytest.fixture
def known(gateway_officer, team):
    return person_create(
        created_by=gateway_officer,
        team=team,
        given_name="David",
        family_name="Fletcher",
        date_of_birth=DATE_OF_BIRTH,
        gender="male",
        address=ADDRESS,
    )


def url_of(referral) -> str:
    return reverse("gateway:deconfliction", args=[referral.pk])


def open_page(client, user, referral) -> str:
    client.force_login(user)
    response = client.get(url_of(referral))
    assert response.status_code == 200
    return response.content.decode()


def step_state(page: str, number: int) -> str:
    match = re.search(
        rf'data-testid="step-{number}-state"><strong class="[^"]*">([^<]+)</strong>', page
    )
    assert match, f"no state for step {number}"
    return match.group(1)


def searches():
    return AuditEvent.objects.filter(action=AuditAction.SEARCH)


@pytest.mark.parametrize(
    ("probability", "shown"),
    [
        (1.0, "over 99.9%"),
        (0.99996, "over 99.9%"),
        (0.9994, "over 99.9%"),
        (0.999, "99.9%"),
        (0.973, "97.3%"),
        (0.5, "50%"),
        (0.0004, "under 0.1%"),
    ],
)
def test_a_probability_is_never_shown_as_certain(probability, shown):
    assert presentation.probability_text(probability) == shown


@pytest.mark.parametrize(
    ("probability", "band"),
    [(0.999, "very likely"), (0.9, "very likely"), (0.6, "possible"), (0.1, "unlikely")],
)
def test_each_probability_falls_in_one_band(probability, band):
    assert presentation.band_for(probability).name == band


def test_the_bands_are_explained_with_their_ranges():
    explained = presentation.bands_explained()
    assert [band["range_text"] for band in explained] == [
        "90% or more",
        "50% to under 90%",
        "5% to under 50%",
    ]
    assert all(band["meaning"] for band in explained)


def test_evidence_shows_labels_and_dates_in_words_and_an_honest_figure(
    client, gateway_officer, referral, known
):
    page = open_page(client, gateway_officer, referral)
    assert known.reference in page
    assert 'scope="row" class="govuk-table__header">Date of birth</th>' in page
    assert 'scope="row" class="govuk-table__header">Given name</th>' in page
    assert ">given_name<" not in page
    assert ">date_of_birth<" not in page
    assert "Born 14 March 2008" in page
    assert "2008-03-14" not in page
    assert "100%" not in page
    assert "Very likely</strong> over 99.9% likely to be the same person" in page
    # What each band means is on the page.
    for band in presentation.BANDS:
        assert band.meaning in page


def test_a_partly_agreeing_surname_is_less_than_certain(client, gateway_officer, team, referral):
    person_create(
        created_by=gateway_officer,
        team=team,
        given_name="Davi",
        family_name="Fletcher-Hayes",
        date_of_birth=DATE_OF_BIRTH,
        gender="male",
        address=ADDRESS,
    )
    page = open_page(client, gateway_officer, referral)
    figure = re.search(r"</strong> ([^<]+) likely to be the same person", page).group(1)
    assert figure != "100%"
    assert "Partly agrees" in page


def test_the_person_created_from_the_referral_is_never_its_own_candidate(
    client, gateway_officer, referral
):
    client.force_login(gateway_officer)
    client.post(url_of(referral), {"form": "match", "choice": "new", "reason": "No match found"})
    referral.refresh_from_db()
    page = open_page(client, gateway_officer, referral)
    assert 'data-testid="candidate"' not in page
    assert 'data-testid="no-candidates"' in page
    assert 'data-testid="linked-person"' in page
    assert referral.person.reference in page


def test_a_person_linked_to_the_referral_is_still_shown_as_the_candidate_chosen(
    client, gateway_officer, referral, known
):
    client.force_login(gateway_officer)
    client.post(
        url_of(referral), {"form": "match", "choice": str(known.pk), "reason": "Same person"}
    )
    page = open_page(client, gateway_officer, referral)
    assert page.count('data-testid="candidate"') == 1


def test_the_steps_are_taken_in_order_with_only_the_next_form_shown(
    client, gateway_officer, referral
):
    page = open_page(client, gateway_officer, referral)
    assert [step_state(page, n) for n in (1, 2, 3)] == [
        "Not yet started",
        "Cannot start yet",
        "Cannot start yet",
    ]
    assert 'name="reason"' in page
    assert "Result of the check against live" not in page
    assert '<button class="govuk-button" data-module="govuk-button">Complete' not in page

    client.post(url_of(referral), {"form": "match", "choice": "new", "reason": "No match found"})
    page = open_page(client, gateway_officer, referral)
    assert [step_state(page, n) for n in (1, 2, 3)] == [
        "Completed",
        "Not yet started",
        "Cannot start yet",
    ]
    assert 'name="reason"' not in page
    assert "Result of the check against live" in page

    client.post(url_of(referral), {"form": "check", "result": "no_trace"})
    page = open_page(client, gateway_officer, referral)
    assert [step_state(page, n) for n in (1, 2, 3)] == ["Completed", "Completed", "Not yet started"]
    assert "Result of the check against live" not in page
    assert 'value="complete"' in page

    response = client.post(url_of(referral), {"form": "complete"})
    assert response.url == referral.get_absolute_url()
    page = open_page(client, gateway_officer, referral)
    assert [step_state(page, n) for n in (1, 2, 3)] == ["Completed"] * 3
    assert "<form" not in page.split('id="step-1"')[1]


def test_a_check_sent_before_the_match_decision_is_refused(client, gateway_officer, referral):
    client.force_login(gateway_officer)
    response = client.post(url_of(referral), {"form": "check", "result": "no_trace"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.live_investigation_check == "not_done"
    page = client.get(url_of(referral)).content.decode()
    assert "Decide who this referral is about (step 1) before" in page


def test_a_bad_reason_keeps_step_one_open_with_the_error(client, gateway_officer, referral):
    client.force_login(gateway_officer)
    response = client.post(url_of(referral), {"form": "match", "choice": "new", "reason": ""})
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Give the reason for your decision" in page
    assert step_state(page, 1) == "Not yet started"


def test_one_view_records_one_search_of_references_not_personal_details(
    client, gateway_officer, referral, known
):
    open_page(client, gateway_officer, referral)
    search = searches().get()
    assert search.detail["scope"] == "de-confliction"
    assert search.detail["terms"] == {"referral": referral.reference}
    assert search.detail["references"] == [known.reference]
    stored = json.dumps(search.detail) + search.justification
    for detail in ("David", "Fletcher", "2008-03-14", "RG1 1AA", "Willow"):
        assert detail not in stored


def test_a_check_that_succeeds_records_no_search(client, gateway_officer, referral):
    client.force_login(gateway_officer)
    client.post(url_of(referral), {"form": "match", "choice": "new", "reason": "No match found"})
    before = searches().count()
    client.post(url_of(referral), {"form": "check", "result": "no_trace"})
    assert searches().count() == before


def test_the_match_api_records_which_details_were_given_not_their_values(
    client, gateway_officer, known
):
    client.force_login(gateway_officer)
    client.post(
        "/api/v1/people/match",
        {"given_name": "David", "surname": "Fletcher", "date_of_birth": "2008-03-14"},
        content_type="application/json",
    )
    search = searches().get()
    assert search.detail["terms"] == {"details given": ["date_of_birth", "given_name", "surname"]}
    assert search.detail["references"] == [known.reference]
    assert "Fletcher" not in json.dumps(search.detail)


def test_a_user_without_the_referral_gets_404_and_no_search_is_recorded(client, outsider, referral):
    client.force_login(outsider)
    assert client.get(url_of(referral)).status_code == 404
    assert not searches().exists()


def test_possible_duplicates_on_the_person_page_use_the_same_bands_and_labels(
    client, gateway_officer, team, known
):
    twin_record = person_create(
        created_by=gateway_officer,
        team=team,
        given_name="David",
        family_name="Fletcher",
        date_of_birth=DATE_OF_BIRTH,
        gender="male",
        address=ADDRESS,
    )
    client.force_login(gateway_officer)
    page = client.get(reverse("people:person_duplicates", args=[known.pk])).content.decode()
    assert twin_record.reference in page
    assert "(very likely: over 99.9%)" in page
    assert "Date of birth: <strong>Agrees</strong>" in page
    assert "100%" not in page
    assert "date_of_birth:" not in page
