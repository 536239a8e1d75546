"""The support page, interventions with providers from the directory, signposting, the plan."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.services import case_restrict
from apps.cases.tests.factories import OpenCaseFactory
from apps.core.tests.forms import post_with_token
from apps.interventions import services
from apps.interventions.models import Intervention, Signposting, SupportPlan
from apps.interventions.selectors import allocation_counter
from apps.interventions.tests.factories import (
    GivenConsentFactory,
    PlannedInterventionFactory,
    intervention_type,
)
from apps.partners.selectors import provider_allocations
from apps.partners.tests.factories import ProviderFactory, approved_provider
from apps.reference.models import SupportService

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def case(team):
    return OpenCaseFactory(team=team)


def _date(prefix, value) -> dict:
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


def test_an_intervention_is_added_with_an_approved_provider(signed_in, colleague, case):
    provider = approved_provider(specialisms=["mentoring"])
    client = signed_in(colleague)
    url = reverse("interventions:intervention_create", args=[case.pk])
    assert provider.name in client.get(url).content.decode()
    data = {
        "intervention_type": intervention_type("mentoring").pk,
        "provider": str(provider.pk),
        "objective": "Synthetic objective.",
        **_date("start_date", TODAY),
    }
    response = post_with_token(client, url, data)
    intervention = Intervention.objects.get(case=case)
    assert response.status_code == 302
    assert intervention.provider == provider
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(intervention.pk)
    ).exists()


def test_a_provider_without_an_in_date_approval_is_not_offered_nor_accepted(colleague, case):
    unapproved = ProviderFactory(specialisms=["mentoring"])
    with pytest.raises(Exception, match="not approved and in date"):
        services.intervention_create(
            case=case,
            officer=colleague,
            intervention_type=intervention_type("mentoring"),
            provider=unapproved,
            objective="Synthetic.",
            start_date=TODAY,
        )


def test_a_provider_without_the_types_specialism_is_refused(colleague, case):
    provider = approved_provider(specialisms=["education"])
    with pytest.raises(Exception, match="this kind of support"):
        services.intervention_create(
            case=case,
            officer=colleague,
            intervention_type=intervention_type("mentoring"),
            provider=provider,
            objective="Synthetic.",
            start_date=TODAY,
        )


def test_current_allocations_count_people_in_planned_or_current_support(colleague, team):
    provider = approved_provider(specialisms=["mentoring"])
    first, second = OpenCaseFactory(team=team), OpenCaseFactory(team=team)
    PlannedInterventionFactory(case=first, provider=provider)
    PlannedInterventionFactory(case=first, provider=provider)
    done = PlannedInterventionFactory(case=second, provider=provider)
    assert allocation_counter(provider_ids=[provider.pk]) == {provider.pk: 2}
    GivenConsentFactory(case=second)
    services.intervention_transition(intervention=done, officer=colleague, step="start")
    services.intervention_transition(
        intervention=done, officer=colleague, step="complete", outcome="Synthetic outcome."
    )
    assert provider_allocations([provider]) == {provider.pk: 1}


def test_completing_needs_an_outcome(signed_in, colleague, case):
    intervention = PlannedInterventionFactory(
        case=case, intervention_type=intervention_type("engagement-visit")
    )
    services.intervention_transition(intervention=intervention, officer=colleague, step="start")
    url = reverse("interventions:intervention_end", args=[intervention.pk, "complete"])
    client = signed_in(colleague)
    response = client.post(url, {"outcome": ""})
    assert "Enter the outcome" in response.content.decode()
    client.post(url, {"outcome": "Synthetic: engaged well."})
    intervention.refresh_from_db()
    assert intervention.status == "completed"


def _opened(client, url) -> dict:
    """The hidden version and snapshot of an edit page, as a browser would send them back."""
    body = client.get(url).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', body).group(1)
        for name in ("version", "snapshot")
    }


def test_a_colleagues_save_of_another_field_is_kept_and_the_same_field_is_refused(
    signed_in, colleague, supervisor, case
):
    intervention = PlannedInterventionFactory(case=case)
    url = reverse("interventions:intervention_edit", args=[intervention.pk])
    base = {"objective": intervention.objective, "sessions_held": 0, "outcome": ""}
    mine_opened = _opened(signed_in(colleague), url)
    theirs_opened = _opened(signed_in(supervisor), url)
    response = signed_in(supervisor).post(url, {**base, **theirs_opened, "sessions_held": 3})
    assert response.status_code == 302
    response = signed_in(colleague).post(
        url, {**base, **mine_opened, "outcome": "Synthetic: engaging."}
    )
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert intervention.sessions_held == 3
    assert intervention.outcome == "Synthetic: engaging."
    response = signed_in(colleague).post(url, {**base, **mine_opened, "sessions_held": 4})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sessions held was changed by someone else to “3”" in body
    assert "You entered “4”" in body
    intervention.refresh_from_db()
    assert intervention.sessions_held == 3
    event = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(intervention.pk)
    ).earliest("sequence")
    assert event.changes["sessions_held"] == {"old": 0, "new": 3}


def test_signposting_and_its_response(signed_in, colleague, case):
    service = SupportService.objects.first()
    client = signed_in(colleague)
    url = reverse("interventions:signposting_create", args=[case.pk])
    data = {"service": service.pk, "reason": "Synthetic reason.", **_date("signposted_on", TODAY)}
    assert post_with_token(client, url, data).status_code == 302
    signposting = Signposting.objects.get(case=case)
    respond = reverse("interventions:signposting_response", args=[signposting.pk])
    opened = _opened(client, respond)
    response = client.post(respond, {**opened, "response": "accepted"})
    assert "Enter the date of the response" in response.content.decode()
    client.post(
        respond,
        {
            **opened,
            "response": "accepted",
            "response_note": "Synthetic: allocated a worker.",
            **_date("response_on", TODAY),
        },
    )
    signposting.refresh_from_db()
    assert signposting.response == "accepted"
    page = client.get(reverse("interventions:case_support", args=[case.pk])).content.decode()
    assert escape(service.name) in page
    assert "Synthetic: allocated a worker." in page


def test_the_plan_is_written_then_changed_with_both_versions_audited(signed_in, colleague, case):
    url = reverse("interventions:support_plan_edit", args=[case.pk])
    client = signed_in(colleague)
    client.post(url, {"objectives": "First objectives."})
    plan = SupportPlan.objects.get(case=case)
    opened = _opened(client, url)
    client.post(url, {**opened, "objectives": "Second objectives."})
    plan.refresh_from_db()
    assert plan.objectives == "Second objectives."
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(case.pk))
    assert event.changes["objectives"] == {"old": "First objectives.", "new": "Second objectives."}
    stale = client.post(url, {**opened, "objectives": "Third."})
    assert "was changed by someone else" in stale.content.decode()


def test_another_team_gets_404_and_a_restricted_case_vanishes(
    signed_in, make_user, other_team, colleague, sio, supervisor, case
):
    intervention = PlannedInterventionFactory(case=case)
    stranger = make_user("case_officer", username="stranger", team=other_team)
    client = signed_in(stranger)
    assert client.get(reverse("interventions:case_support", args=[case.pk])).status_code == 404
    assert client.get(intervention.get_absolute_url()).status_code == 404
    case_restrict(case=case, officer=supervisor, readers=[sio], reason="Synthetic trace")
    client = signed_in(colleague)
    assert client.get(intervention.get_absolute_url()).status_code == 404
    listing = client.get(reverse("interventions:intervention_list")).content.decode()
    assert intervention.reference not in listing
    assert signed_in(sio).get(intervention.get_absolute_url()).status_code == 200


def test_roles_without_the_capability_get_403(signed_in, analyst, sio, case):
    assert (
        signed_in(analyst).get(reverse("interventions:case_support", args=[case.pk])).status_code
        == 403
    )
    url = reverse("interventions:intervention_create", args=[case.pk])
    assert signed_in(sio).get(url).status_code == 403


def test_viewing_support_records_the_consultation(signed_in, colleague, case):
    response = signed_in(colleague).get(reverse("interventions:case_support", args=[case.pk]))
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(case.pk))
    assert event.request_id == response["X-Request-ID"]
