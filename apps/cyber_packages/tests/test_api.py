"""The package API: retry-safe creates, edits that never silently overwrite, refusals for
anyone outside Cyber Prevent, and recorded listings."""

import pytest

from apps.audit.models import AuditEvent
from apps.cyber_packages.api.views import OPERATION_EXAMPLE, PACKAGE_EXAMPLE
from apps.cyber_packages.models import IntelligencePackage, Operation
from apps.cyber_packages.tests.factories import (
    OperationFactory,
    PendingSubjectFactory,
    ReceivedPackageFactory,
)

pytestmark = pytest.mark.django_db

OPERATIONS = "/api/v1/cyber/operations/"
PACKAGES = "/api/v1/cyber/packages/"
SUBJECTS = "/api/v1/cyber/package-subjects/"


def test_an_operation_and_a_package_are_created_once_per_key(client, cyber_officer):
    client.force_login(cyber_officer)
    first = client.post(
        OPERATIONS, OPERATION_EXAMPLE, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    again = client.post(
        OPERATIONS, OPERATION_EXAMPLE, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert first.status_code == 201, first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Operation.objects.count() == 1
    reference = first.json()["reference"]
    package = client.post(
        PACKAGES,
        {**PACKAGE_EXAMPLE, "operation": reference},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k2",
    )
    assert package.status_code == 201, package.json()
    assert package.json()["subject_count"] == 0
    assert IntelligencePackage.objects.get().operation.reference == reference


def test_bad_input_names_the_field_and_stores_nothing(client, cyber_officer):
    client.force_login(cyber_officer)
    operation = OperationFactory(team=cyber_officer.team)
    response = client.post(
        PACKAGES,
        {**PACKAGE_EXAMPLE, "operation": operation.reference, "deadline": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "deadline" in response.json()
    assert not IntelligencePackage.objects.exists()


def test_a_package_edit_needs_if_match_and_refuses_a_stale_one(client, cyber_officer):
    package = ReceivedPackageFactory(operation__team=cyber_officer.team)
    client.force_login(cyber_officer)
    url = f"{PACKAGES}{package.pk}/"
    etag = client.get(url)["ETag"]
    body = {"description": "Second wave added."}
    assert client.patch(url, body, content_type="application/json").status_code == 428
    changed = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["description"] == "Second wave added."
    stale = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412


def test_the_subject_listing_is_recorded_with_references(client, cyber_officer):
    subject = PendingSubjectFactory(package__operation__team=cyber_officer.team, email="a@b.com")
    client.force_login(cyber_officer)
    response = client.get(SUBJECTS)
    assert response.json()["results"][0]["identifiers"][0]["supplied"] == "a@b.com"
    assert response.json()["results"][0]["progress"] == "not_started"
    event = AuditEvent.objects.get(action="search")
    assert event.detail["references"] == [subject.reference]


@pytest.mark.parametrize("role", ["supervisor", "gateway_officer"])
def test_roles_outside_cyber_prevent_are_refused(client, request, role):
    package = ReceivedPackageFactory()
    client.force_login(request.getfixturevalue(role))
    assert client.get(PACKAGES).status_code == 403
    assert client.get(f"{PACKAGES}{package.pk}/").status_code == 403
    assert client.get(SUBJECTS).status_code == 403
    assert (
        client.post(OPERATIONS, OPERATION_EXAMPLE, content_type="application/json").status_code
        == 403
    )
