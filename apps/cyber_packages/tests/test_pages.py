"""The package pages: the path from operation to return, bad input, who may use them, and
the audit of every view, change, search and export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.tests.factories import TeamFactory
from apps.audit.models import AuditEvent
from apps.core.idempotency import TOKEN_FIELD
from apps.core.tests.forms import form_token, post_with_token
from apps.cyber_packages.models import (
    Force,
    IntelligencePackage,
    LeadAgency,
    Operation,
    PackageSubject,
)
from apps.cyber_packages.tests.factories import (
    NamedSubjectFactory,
    PendingSubjectFactory,
    ReceivedPackageFactory,
)
from apps.people.models import Person, PersonIdentifier
from apps.people.tests.factories import PersonFactory
from apps.work.models import Allocation

pytestmark = pytest.mark.django_db

CSV = (
    "source_reference,given_name,family_name,date_of_birth,postcode,email,username\n"
    "QF-1,,,,,booter.fan@example.com,\n"
    "QF-2,Tobias,Quenby,2008-04-12,ME14 1XX,,stressme\n"
)


def _upload(content: str, name="subjects.csv"):
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


def test_an_officer_records_an_operation_a_package_and_imports_its_subjects(
    signed_in, cyber_officer
):
    client = signed_in(cyber_officer)
    response = post_with_token(
        client,
        reverse("cyber_packages:operation_create"),
        {
            "name": "Operation Quillfeather",
            "lead_agency": LeadAgency.objects.get(code="nccu").pk,
            "starts_on_0": "1",
            "starts_on_1": "9",
            "starts_on_2": "2026",
            "spoc": cyber_officer.pk,
        },
    )
    operation = Operation.objects.get()
    assert response["Location"] == operation.get_absolute_url()
    create = reverse("cyber_packages:package_create", args=[operation.pk])
    response = post_with_token(
        client,
        create,
        {
            "source_agency": LeadAgency.objects.get(code="nccu").pk,
            "source_reference": "NCCU-QF-001",
            "received_on_0": "1",
            "received_on_1": "10",
            "received_on_2": "2026",
            "deadline_0": "31",
            "deadline_1": "12",
            "deadline_2": "2026",
            "protective_marking": "OFFICIAL-SENSITIVE",
        },
    )
    package = IntelligencePackage.objects.get()
    url = reverse("cyber_packages:package_import", args=[package.pk])
    assert response["Location"] == url
    token = form_token(client.get(url))
    response = client.post(url, {"file": _upload(CSV), TOKEN_FIELD: token})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert package.subjects.count() == 2
    assert not Person.objects.exists()

    page = client.get(package.get_absolute_url()).content.decode()
    assert "31 December 2026" in page
    assert "Kent Police" in page
    assert "Quenby" not in page  # the package page counts; it names no one


def test_a_bad_file_lists_each_row_and_column_and_imports_nothing(signed_in, cyber_officer):
    package = ReceivedPackageFactory(operation__team=cyber_officer.team)
    client = signed_in(cyber_officer)
    url = reverse("cyber_packages:package_import", args=[package.pk])
    token = form_token(client.get(url))
    bad = "source_reference,given_name,email\nQF-1,Tobias,\nQF-2,,not-an-email\n"
    response = client.post(url, {"file": _upload(bad), TOKEN_FIELD: token})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "import-problems" in body
    assert "<code>family_name</code>" in body
    assert "<code>email</code>" in body
    assert not PackageSubject.objects.exists()


def test_the_subject_page_shows_identifiers_as_supplied_and_records_the_view(
    signed_in, cyber_officer
):
    subject = PendingSubjectFactory(
        package__operation__team=cyber_officer.team, email="Booter.Fan@Example.com"
    )
    subject.identifiers.update(supplied="Booter.Fan@Example.com")
    page = signed_in(cyber_officer).get(subject.get_absolute_url()).content.decode()
    assert "Booter.Fan@Example.com" in page
    assert "Not established" in page
    assert AuditEvent.objects.filter(action="view", object_id=str(subject.pk)).count() == 1


def test_the_identify_page_shows_the_person_holding_the_same_identifier(signed_in, cyber_officer):
    holder = PersonFactory(team=cyber_officer.team)
    PersonIdentifier.objects.create(person=holder, kind="email", value="booter.fan@example.com")
    subject = PendingSubjectFactory(
        package__operation__team=cyber_officer.team, email="booter.fan@example.com"
    )
    client = signed_in(cyber_officer)
    url = reverse("cyber_packages:subject_identify", args=[subject.pk])
    page = client.get(url).content.decode()
    assert holder.reference in page
    assert "add a new person" not in page  # no name: no new person on offer
    response = client.post(
        url, {"outcome": f"person:{holder.pk}", "reason": "The same e-mail address."}
    )
    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.person == holder


def test_a_supervisor_allocates_a_force_area_from_the_package_page(
    signed_in, cyber_supervisor, cyber_officer
):
    package = ReceivedPackageFactory(operation__team=cyber_officer.team)
    kent = Force.objects.get(code="kent")
    PendingSubjectFactory.create_batch(2, package=package, force=kent)
    client = signed_in(cyber_supervisor)
    assert "allocate-force" in client.get(package.get_absolute_url()).content.decode()
    response = client.post(
        reverse("cyber_packages:package_allocate", args=[package.pk]),
        {"force": kent.pk, "officer": cyber_officer.pk},
    )
    assert response.status_code == 302
    assert Allocation.objects.filter(officer=cyber_officer).count() == 2


def test_the_return_downloads_as_xlsx_and_is_an_audited_export(signed_in, cyber_officer):
    subject = NamedSubjectFactory(package__operation__team=cyber_officer.team)
    response = signed_in(cyber_officer).get(
        reverse("cyber_packages:package_return", args=[subject.package.pk])
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[3][1] == subject.reference
    assert AuditEvent.objects.filter(action="export").count() == 1


def test_the_subject_list_is_a_recorded_search_and_exports_once(signed_in, cyber_officer):
    subject = PendingSubjectFactory(package__operation__team=cyber_officer.team)
    client = signed_in(cyber_officer)
    page = client.get(reverse("cyber_packages:subject_list"), {"force": "kent"})
    assert subject.reference in page.content.decode()
    search = AuditEvent.objects.get(action="search")
    assert search.detail["references"] == [subject.reference]
    export = client.get(reverse("cyber_packages:subject_list"), {"export": "csv"})
    assert subject.reference in export.content.decode()
    assert AuditEvent.objects.filter(action="export").count() == 1


def test_an_invalid_filter_shows_the_error_summary(signed_in, cyber_officer):
    page = signed_in(cyber_officer).get(
        reverse("cyber_packages:subject_list"), {"progress": "finished"}
    )
    assert "govuk-error-summary" in page.content.decode()


@pytest.mark.parametrize("role", ["prevent_officer", "gateway_officer", "supervisor"])
def test_ct_prevent_roles_are_refused(signed_in, make_user, role):
    subject = PendingSubjectFactory(package__operation__team=TeamFactory(kind="cyber"))
    client = signed_in(make_user(role, username=f"ct.{role}"))
    for url in (
        reverse("cyber_packages:package_list"),
        reverse("cyber_packages:subject_list"),
        reverse("cyber_packages:operation_list"),
        reverse("cyber_packages:package_detail", args=[subject.package.pk]),
        reverse("cyber_packages:subject_detail", args=[subject.pk]),
        reverse("cyber_packages:package_return", args=[subject.package.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url
    assert client.get(reverse("cyber_packages:package_list")).status_code == 403
    assert not AuditEvent.objects.filter(action__in=["view", "export"]).exists()


def test_another_cyber_teams_package_is_a_404_and_absent_from_the_list(signed_in, cyber_officer):
    elsewhere = ReceivedPackageFactory(operation__team=TeamFactory(kind="cyber"))
    client = signed_in(cyber_officer)
    assert client.get(elsewhere.get_absolute_url()).status_code == 404
    assert (
        elsewhere.reference
        not in client.get(reverse("cyber_packages:package_list")).content.decode()
    )


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(reverse("cyber_packages:package_list"))
    assert response.status_code == 302
    assert "login" in response["Location"] or "sign-in" in response["Location"]
