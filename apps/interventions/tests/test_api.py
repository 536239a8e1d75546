"""The support and assessment API: the same access and audit as the pages."""

import pytest

from apps.assessments.tests.factories import DraftAssessmentFactory
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.services import case_restrict
from apps.cases.tests.factories import OpenCaseFactory
from apps.interventions.api.serializers import ConsentRecordSerializer
from apps.interventions.tests.factories import GivenConsentFactory, PlannedInterventionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(team):
    return OpenCaseFactory(team=team)


def test_lists_and_records_are_read_with_their_audit(signed_in, colleague, case):
    intervention = PlannedInterventionFactory(case=case)
    assessment = DraftAssessmentFactory(case=case)
    GivenConsentFactory(case=case)
    client = signed_in(colleague)
    listing = client.get("/api/v1/interventions/").json()
    assert [row["reference"] for row in listing["results"]] == [intervention.reference]
    search = AuditEvent.objects.filter(action=AuditAction.SEARCH).latest("sequence")
    assert search.detail["references"] == [intervention.reference]
    detail = client.get(f"/api/v1/assessments/{assessment.pk}/")
    assert detail.status_code == 200
    assert detail["ETag"] == f'"{assessment.version}"'
    assert len(detail.json()["judgements"]) == 22
    assert "score" not in detail.json()
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(assessment.pk)).exists()
    consents = client.get("/api/v1/consents/").json()["results"]
    assert [row["status"] for row in consents] == ["given"]


def test_a_restricted_case_is_absent_from_the_api(signed_in, colleague, sio, supervisor, case):
    intervention = PlannedInterventionFactory(case=case)
    assessment = DraftAssessmentFactory(case=case)
    case_restrict(case=case, officer=supervisor, readers=[sio], reason="Synthetic trace")
    client = signed_in(colleague)
    assert client.get("/api/v1/interventions/").json()["results"] == []
    assert client.get("/api/v1/assessments/").json()["results"] == []
    assert client.get(f"/api/v1/interventions/{intervention.pk}/").status_code == 404
    assert client.get(f"/api/v1/assessments/{assessment.pk}/").status_code == 404
    assert signed_in(sio).get(f"/api/v1/interventions/{intervention.pk}/").status_code == 200


def test_roles_without_the_capability_see_nothing(signed_in, analyst, case):
    intervention = PlannedInterventionFactory(case=case)
    client = signed_in(analyst)
    assert client.get("/api/v1/interventions/").json()["results"] == []
    assert client.get(f"/api/v1/interventions/{intervention.pk}/").status_code == 403


def test_a_consent_not_yet_sought_is_described_by_the_schema_with_its_blank_choices():
    # Nobody has given or sought it yet: the record holds "" for both, which the schema allows.
    fields = ConsentRecordSerializer().fields
    assert fields["given_by"].read_only
    assert fields["given_by"].allow_blank
    assert fields["how_sought"].read_only
    assert fields["how_sought"].allow_blank
