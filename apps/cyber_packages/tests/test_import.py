"""Importing a package's subjects: every row or none, with each problem's row, field and
reason; identifiers kept as supplied and normalised; forces from the column or postcode."""

import pytest
from openpyxl import Workbook

from apps.audit.models import AuditEvent
from apps.cyber_packages.models import PackageSubject, SubjectIdentifier
from apps.cyber_packages.services import PackageImportRejected, package_import
from apps.cyber_packages.tests.factories import ReceivedPackageFactory
from apps.people.models import Person

pytestmark = pytest.mark.django_db

HEADER = (
    "source_reference,given_name,family_name,date_of_birth,postcode,force,email,username,"
    "ip_address,payment_reference,phone\n"
)


def _csv(tmp_path, body: str, name="subjects.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.fixture
def package(cyber_officer):
    return ReceivedPackageFactory(operation__team=cyber_officer.team)


def test_good_rows_become_subjects_with_their_identifiers_and_no_person(
    tmp_path, package, cyber_officer
):
    path = _csv(
        tmp_path,
        "QF-1,,,,,,Booter.Fan@Example.COM; second@example.com,xXstresserXx,,,\n"
        "QF-2,Tobias,Quenby,2008-04-12,me14 1xx,,,,2001:DB8:0:0::1,PAY-7781,\n"
        "QF-3,,,,RG1 1AA,,,,,,07700 900123\n",
    )
    assert package_import(package=package, officer=cyber_officer, path=path) == 3
    subjects = {subject.source_reference: subject for subject in package.subjects.all()}
    assert subjects["QF-2"].force.code == "kent"  # from the postcode area
    assert subjects["QF-3"].force.code == "thames-valley"
    assert subjects["QF-1"].force is None
    assert subjects["QF-2"].postcode == "ME14 1XX"
    email = SubjectIdentifier.objects.get(subject=subjects["QF-1"], supplied__startswith="Booter")
    assert (email.kind, email.supplied, email.value) == (
        "email",
        "Booter.Fan@Example.COM",
        "booter.fan@example.com",
    )
    ip = SubjectIdentifier.objects.get(subject=subjects["QF-2"], kind="ip_address")
    assert ip.value == "2001:db8::1"
    assert SubjectIdentifier.objects.get(subject=subjects["QF-3"]).value == "07700900123"
    assert not Person.objects.exists()
    created = AuditEvent.objects.filter(action="create", object_reference__startswith="SJ-")
    assert created.count() == 3


def test_bad_rows_are_reported_by_row_field_and_reason_and_nothing_is_stored(
    tmp_path, package, cyber_officer
):
    path = _csv(
        tmp_path,
        "QF-1,,,,,,booter@example.com,,,,\n"
        "QF-2,Tobias,,,,,,,,,\n"
        "QF-3,,,,,,,,300.1.2.3,,\n"
        "QF-1,,,,,,,someone,,,\n"
        "QF-5,,,2030-01-01,,Atlantis,not-an-email,,,,\n"
        "QF-6,,,,,,,,,,\n",
    )
    with pytest.raises(PackageImportRejected) as rejected:
        package_import(package=package, officer=cyber_officer, path=path)
    problems = {(error["row"], error["field"]) for error in rejected.value.errors}
    assert problems == {
        (3, "family_name"),
        (4, "ip_address"),
        (5, "source_reference"),
        (6, "date_of_birth"),
        (6, "force"),
        (6, "email"),
        (7, "identifiers"),
    }
    reasons = {(error["row"], error["field"]): error["message"] for error in rejected.value.errors}
    assert "row 2" in reasons[(5, "source_reference")]
    assert "not an IP address" in reasons[(4, "ip_address")]
    assert "Thames Valley Police" in reasons[(6, "force")]
    assert not PackageSubject.objects.exists()
    assert not SubjectIdentifier.objects.exists()


def test_an_xlsx_file_is_read_like_a_csv(tmp_path, package, cyber_officer):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Source reference", "Username", "Force"])
    sheet.append(["QF-10", "stressme", "Surrey Police"])
    sheet.append(["QF-11", "ddos_kid", "sussex"])
    path = tmp_path / "subjects.xlsx"
    workbook.save(path)
    assert package_import(package=package, officer=cyber_officer, path=path) == 2
    assert set(package.subjects.values_list("force__code", flat=True)) == {"surrey", "sussex"}


def test_a_subject_already_in_the_package_rejects_the_file(tmp_path, package, cyber_officer):
    package_import(
        package=package, officer=cyber_officer, path=_csv(tmp_path, "QF-1,,,,,,a@example.com,,,,\n")
    )
    with pytest.raises(PackageImportRejected) as rejected:
        package_import(
            package=package,
            officer=cyber_officer,
            path=_csv(tmp_path, "QF-2,,,,,,b@example.com,,,,\nQF-1,,,,,,,x,,,\n", "again.csv"),
        )
    assert rejected.value.errors == [
        {"row": 3, "field": "source_reference", "message": "This subject is already in the package"}
    ]
    assert package.subjects.count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path, package, cyber_officer):
    path = tmp_path / "subjects.txt"
    path.write_text("hello")
    with pytest.raises(PackageImportRejected) as rejected:
        package_import(package=package, officer=cyber_officer, path=path)
    assert rejected.value.errors[0]["field"] == "file"
