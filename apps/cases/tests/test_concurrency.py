"""Edits never silently overwrite (ADR 0019) on the case and direction pages."""

import re

import pytest
from django.urls import reverse

from apps.cases import services
from apps.cases.tests.factories import OutstandingDirectionFactory, SupportCaseFactory

pytestmark = pytest.mark.django_db


def _hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def _case_form(client, case) -> dict:
    page = client.get(reverse("cases:case_edit", args=[case.pk])).content.decode()
    return {
        "sio_id": "",
        "niche_reference": case.niche_reference,
        "channel_reference": case.channel_reference,
        "review_interval_months": str(case.review_interval_months),
        "protective_marking": case.protective_marking,
        "version": _hidden(page, "version"),
        "snapshot": _hidden(page, "snapshot"),
    }


def test_changes_to_different_fields_are_both_kept(signed_in, colleague, supervisor, team):
    case = SupportCaseFactory(team=team)
    client = signed_in(colleague)
    form = _case_form(client, case)
    services.case_update(case=case, officer=supervisor, expected_version=1, niche_reference="NC-1")
    response = client.post(
        reverse("cases:case_edit", args=[case.pk]), {**form, "channel_reference": "CH-9"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.niche_reference, case.channel_reference) == ("NC-1", "CH-9")


def test_a_change_to_the_same_field_is_refused_with_both_values_shown(
    signed_in, colleague, supervisor, team
):
    case = SupportCaseFactory(team=team)
    client = signed_in(colleague)
    form = _case_form(client, case)
    services.case_update(case=case, officer=supervisor, expected_version=1, niche_reference="NC-1")
    response = client.post(
        reverse("cases:case_edit", args=[case.pk]), {**form, "niche_reference": "NC-2"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "NC-1" in body
    assert "NC-2" in body
    assert "changed by someone else" in body
    case.refresh_from_db()
    assert case.niche_reference == "NC-1"


def test_the_edit_page_is_403_for_a_gateway_officer_and_404_for_another_team(
    signed_in, gateway_officer, outside_officer, team
):
    case = SupportCaseFactory(team=team)
    url = reverse("cases:case_edit", args=[case.pk])
    assert signed_in(gateway_officer).get(url).status_code == 403
    assert signed_in(outside_officer).get(url).status_code == 404


def test_a_bad_review_interval_is_named(signed_in, colleague, team):
    case = SupportCaseFactory(team=team)
    client = signed_in(colleague)
    form = _case_form(client, case)
    response = client.post(
        reverse("cases:case_edit", args=[case.pk]), {**form, "review_interval_months": "40"}
    )
    assert "Months between case reviews must be 12 or fewer" in response.content.decode()


def test_the_sio_changes_a_direction_and_a_clash_with_a_colleague_is_refused(
    signed_in, sio, colleague, team
):
    case = SupportCaseFactory(team=team)
    direction = OutstandingDirectionFactory(case=case, tasked_officer=colleague)
    client = signed_in(sio)
    url = reverse("cases:direction_edit", args=[case.pk, direction.pk])
    page = client.get(url).content.decode()
    form = {
        "tactic": direction.tactic,
        "rationale": direction.rationale,
        "due_on_0": direction.due_on.day,
        "due_on_1": direction.due_on.month,
        "due_on_2": direction.due_on.year,
        "priority": direction.priority,
        "tasked_officer_id": str(colleague.pk),
        "version": _hidden(page, "version"),
        "snapshot": _hidden(page, "snapshot"),
    }
    services.direction_update(
        direction=direction, officer=sio, expected_version=1, tactic="Home visit"
    )
    refused = client.post(url, {**form, "tactic": "School visit"})
    assert "changed by someone else" in refused.content.decode()
    kept = client.post(url, {**form, "priority": "low"})
    assert kept.status_code == 302
    direction.refresh_from_db()
    assert (direction.tactic, direction.priority) == ("Home visit", "low")


def test_an_officer_may_not_change_a_direction(signed_in, colleague, team):
    case = SupportCaseFactory(team=team)
    direction = OutstandingDirectionFactory(case=case, tasked_officer=colleague)
    url = reverse("cases:direction_edit", args=[case.pk, direction.pk])
    assert signed_in(colleague).get(url).status_code == 403
