"""Consent: its lifecycle, and the rule that support needing it cannot start without it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.tests.factories import OpenCaseFactory
from apps.core.tests.forms import post_with_token
from apps.interventions import services
from apps.interventions.choices import ConsentStatus, InterventionStatus
from apps.interventions.models import ConsentRecord
from apps.interventions.tests.factories import (
    GivenConsentFactory,
    PlannedInterventionFactory,
    intervention_type,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def case(team):
    return OpenCaseFactory(team=team)


def _consent(case, officer, status, **extra):
    fields = {"given_by": "person", "how_sought": "face_to_face", **extra}
    if status == ConsentStatus.NOT_SOUGHT:
        fields = {}
    return services.consent_record(
        case=case, officer=officer, status=status, recorded_on=TODAY, **fields
    )


def test_support_that_needs_consent_cannot_start_without_it(colleague, case):
    intervention = PlannedInterventionFactory(case=case)
    with pytest.raises(ValidationError, match="needs consent"):
        services.intervention_transition(intervention=intervention, officer=colleague, step="start")
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.PLANNED


def test_declined_consent_does_not_let_support_start(colleague, case):
    _consent(case, colleague, ConsentStatus.DECLINED)
    intervention = PlannedInterventionFactory(case=case)
    with pytest.raises(ValidationError, match="current consent is declined"):
        services.intervention_transition(intervention=intervention, officer=colleague, step="start")


def test_support_starts_once_consent_is_given(colleague, case):
    intervention = PlannedInterventionFactory(case=case)
    _consent(case, colleague, ConsentStatus.GIVEN)
    started = services.intervention_transition(
        intervention=intervention, officer=colleague, step="start"
    )
    assert started.status == InterventionStatus.ACTIVE
    assert AuditEvent.objects.filter(
        action=AuditAction.TRANSITION, object_id=str(intervention.pk)
    ).exists()


def test_support_that_needs_no_consent_starts_without_it(colleague, case):
    visit = PlannedInterventionFactory(
        case=case, intervention_type=intervention_type("engagement-visit")
    )
    started = services.intervention_transition(intervention=visit, officer=colleague, step="start")
    assert started.status == InterventionStatus.ACTIVE


def test_withdrawing_consent_stops_the_support_that_needed_it(colleague, case):
    mentoring = PlannedInterventionFactory(case=case)
    visit = PlannedInterventionFactory(
        case=case, intervention_type=intervention_type("engagement-visit")
    )
    _consent(case, colleague, ConsentStatus.GIVEN)
    services.intervention_transition(intervention=mentoring, officer=colleague, step="start")
    _consent(case, colleague, ConsentStatus.WITHDRAWN)
    mentoring.refresh_from_db()
    visit.refresh_from_db()
    assert mentoring.status == InterventionStatus.STOPPED
    assert mentoring.outcome.startswith("Stopped: consent withdrawn")
    assert visit.status == InterventionStatus.PLANNED
    stop = AuditEvent.objects.get(action=AuditAction.TRANSITION, detail__step="stop")
    assert stop.detail["by_consent_rule"] is True


def test_consent_can_be_withdrawn_only_after_it_was_given(colleague, case):
    with pytest.raises(ValidationError) as error:
        _consent(case, colleague, ConsentStatus.WITHDRAWN)
    assert "status" in error.value.message_dict


def test_a_parent_or_guardian_is_named(colleague, case):
    with pytest.raises(ValidationError) as error:
        _consent(case, colleague, ConsentStatus.GIVEN, given_by="parent_guardian")
    assert "guardian_name" in error.value.message_dict
    record = _consent(
        case, colleague, ConsentStatus.GIVEN, given_by="parent_guardian", guardian_name="A Parent"
    )
    assert record.guardian_name == "A Parent"


def test_consent_needs_who_and_how_unless_not_yet_sought(colleague, case):
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            case=case, officer=colleague, status=ConsentStatus.GIVEN, recorded_on=TODAY
        )
    assert set(error.value.message_dict) == {"given_by", "how_sought"}
    assert _consent(case, colleague, ConsentStatus.NOT_SOUGHT).given_by == ""


def test_a_future_date_is_refused(colleague, case):
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            case=case,
            officer=colleague,
            status=ConsentStatus.GIVEN,
            recorded_on=TODAY + datetime.timedelta(days=2),
            given_by="person",
            how_sought="phone",
        )
    assert "recorded_on" in error.value.message_dict


def test_consent_is_recorded_from_the_page_once(signed_in, colleague, case):
    client = signed_in(colleague)
    url = reverse("interventions:consent_create", args=[case.pk])
    data = {
        "status": "given",
        "given_by": "person",
        "recorded_on_0": TODAY.day,
        "recorded_on_1": TODAY.month,
        "recorded_on_2": TODAY.year,
        "how_sought": "face_to_face",
    }
    response = post_with_token(client, url, data)
    assert response.status_code == 302
    record = ConsentRecord.objects.get(case=case)
    assert record.sought_by == colleague
    page = client.get(reverse("interventions:case_support", args=[case.pk])).content.decode()
    assert "Current consent" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(case.pk), detail__consent="given"
    ).exists()


def test_a_bad_consent_form_names_the_field(signed_in, colleague, case):
    url = reverse("interventions:consent_create", args=[case.pk])
    response = post_with_token(signed_in(colleague), url, {"status": "given"})
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Enter date" in body or "Date" in body
    assert not ConsentRecord.objects.exists()


def test_the_intervention_page_warns_when_consent_is_missing(signed_in, colleague, case):
    intervention = PlannedInterventionFactory(case=case)
    body = signed_in(colleague).get(intervention.get_absolute_url()).content.decode()
    assert "This support needs consent before it starts" in body
    GivenConsentFactory(case=case)
    body = signed_in(colleague).get(intervention.get_absolute_url()).content.decode()
    assert "Start the support" in body
