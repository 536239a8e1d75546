"""The package API: retry-safe creates, edits that never silently overwrite, refusals for
anyone outside Cyber Prevent, and recorded listings."""

import base64

import pytest

from apps.audit.models import AuditEvent
from apps.cyber_packages.api.views import OPERATION_EXAMPLE, PACKAGE_EXAMPLE, SUBJECTS_EXAMPLE
from apps.cyber_packages.models import IntelligencePackage, Operation, PackageSubject
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


def _import(client, package, body):
    return client.post(
        f"{PACKAGES}{package.pk}/subjects/import/", body, content_type="application/json"
    )


def test_a_packages_subjects_are_imported_from_a_csv_file(client, cyber_officer):
    package = ReceivedPackageFactory(operation__team=cyber_officer.team)
    client.force_login(cyber_officer)
    response = _import(client, package, {"file_name": "subjects.csv", "content": SUBJECTS_EXAMPLE})
    assert response.status_code == 201, response.json()
    assert response.json()["imported"] == 2
    assert response.json()["package"]["subject_count"] == 2
    assert sorted(package.subjects.values_list("source_reference", flat=True)) == [
        "QF-API-0001",
        "QF-API-0002",
    ]
    assert AuditEvent.objects.filter(object_id=str(package.pk), action="update").exists()
    # The same file again: every row is already in the package, so nothing more is stored.
    again = _import(client, package, {"file_name": "subjects.csv", "content": SUBJECTS_EXAMPLE})
    assert again.status_code == 400
    assert package.subjects.count() == 2


def test_a_file_with_a_bad_row_stores_nothing_and_names_the_row_and_column(client, cyber_officer):
    package = ReceivedPackageFactory(operation__team=cyber_officer.team)
    client.force_login(cyber_officer)
    bad = SUBJECTS_EXAMPLE.replace("2008-05-17", "2008-02-30")
    response = _import(
        client,
        package,
        {"file_name": "subjects.csv", "content_base64": base64.b64encode(bad.encode()).decode()},
    )
    assert response.status_code == 400
    problems = response.json()["file"]
    assert problems[0] == "1 problem: nothing was imported."
    assert problems[1].startswith("Row 2, date_of_birth:")
    assert not PackageSubject.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"file_name": "subjects.pdf", "content": "x"}, "file_name"),
        ({"file_name": "subjects.csv"}, "content"),
        ({"file_name": "subjects.csv", "content_base64": "not base64!"}, "content_base64"),
        ({"file_name": "subjects.csv", "content": "\ud800"}, "content"),
    ],
)
def test_an_upload_that_is_not_a_file_to_import_is_refused(client, cyber_officer, body, field):
    package = ReceivedPackageFactory(operation__team=cyber_officer.team)
    client.force_login(cyber_officer)
    response = _import(client, package, body)
    assert response.status_code == 400
    assert field in response.json()
    assert not PackageSubject.objects.exists()


@pytest.mark.parametrize("role", ["supervisor", "gateway_officer"])
def test_only_cyber_prevent_teams_import_subjects(client, request, role):
    package = ReceivedPackageFactory()
    client.force_login(request.getfixturevalue(role))
    response = _import(client, package, {"file_name": "subjects.csv", "content": SUBJECTS_EXAMPLE})
    assert response.status_code == 403
    assert not PackageSubject.objects.exists()
