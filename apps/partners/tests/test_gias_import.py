"""Schools from the GIAS extract: the region's only, by URN, all or nothing, idempotent."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.audit.models import AuditEvent
from apps.partners.choices import OrganisationSource
from apps.partners.gias import ImportRejected, import_schools
from apps.partners.models import Organisation

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE = FIXTURES / "gias_thames_valley_sample.csv"
MALFORMED = FIXTURES / "gias_malformed.csv"


def test_the_sample_loads_the_regions_schools_and_skips_other_regions(team):
    result = import_schools(SAMPLE.read_bytes(), team=team)

    assert (result.created, result.updated, result.unchanged) == (12, 0, 0)
    assert result.skipped_other_regions == 1  # Hampshire
    assert result.closed == 1
    assert not Organisation.objects.filter(urn=990601).exists()
    assert Organisation.objects.filter(source=OrganisationSource.GIAS).count() == 12


def test_schools_are_placed_in_their_district_through_the_lsoa(team):
    import_schools(SAMPLE.read_bytes(), team=team)

    banbury = Organisation.objects.get(urn=990303)  # GIAS says Oxfordshire: the LSOA says Cherwell
    assert banbury.local_authority.name == "Cherwell"
    assert banbury.lsoa.code == "E01028422"
    assert banbury.is_closed is True
    assert Organisation.objects.get(urn=990101).local_authority.name == "Reading"


def test_colleges_are_further_education_and_schools_are_schools(team):
    import_schools(SAMPLE.read_bytes(), team=team)

    assert Organisation.objects.get(urn=990302).sector.code == "further-education"
    assert Organisation.objects.get(urn=990302).ukprn == "10099004"
    assert Organisation.objects.get(urn=990201).sector.code == "school"


def test_a_second_run_changes_nothing(team):
    import_schools(SAMPLE.read_bytes(), team=team)
    references = dict(Organisation.objects.values_list("urn", "reference"))

    again = import_schools(SAMPLE.read_bytes(), team=team)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 12)
    assert dict(Organisation.objects.values_list("urn", "reference")) == references


def test_a_changed_row_updates_the_school_and_a_closure_marks_it_closed(team):
    import_schools(SAMPLE.read_bytes(), team=team)
    changed = (
        SAMPLE.read_text()
        .replace(
            "Kestrel Lane Primary School,Community school,Open",
            "Kestrel Lane Primary School,Community school,Closed",
        )
        .replace("Wrenfield Academy", "Wrenfield Park Academy")
    )

    result = import_schools(changed.encode(), team=team)

    assert (result.created, result.updated, result.unchanged) == (0, 2, 10)
    assert Organisation.objects.get(urn=990101).is_closed is True
    assert Organisation.objects.get(urn=990102).name == "Wrenfield Park Academy"
    assert Organisation.objects.filter(urn__isnull=False).count() == 12  # nothing deleted


def test_a_school_missing_from_a_later_file_is_kept(team):
    import_schools(SAMPLE.read_bytes(), team=team)
    shorter = "\n".join(line for line in SAMPLE.read_text().splitlines() if "990101" not in line)

    import_schools(shorter.encode(), team=team)

    assert Organisation.objects.filter(urn=990101).exists()


def test_a_malformed_file_is_refused_row_by_row_with_nothing_loaded(team):
    with pytest.raises(ImportRejected) as refused:
        import_schools(MALFORMED.read_bytes(), team=team)

    assert refused.value.errors == [
        "Row 3, column URN: not-a-number is not a URN (digits only)",
        "Row 4, column EstablishmentName: the name is blank",
        "Row 5, column Postcode: NOT A POSTCODE is not a UK postcode",
        "Row 6, column URN: 990701 is repeated (first on row 2)",
        "Row 7, column EstablishmentStatus (name): Mothballed is not known",
    ]
    assert not Organisation.objects.exists()  # not even the good row 2


def test_a_file_without_the_gias_columns_is_refused(team):
    with pytest.raises(ImportRejected) as refused:
        import_schools(b"Name,Town\nSomewhere School,Reading\n", team=team)

    assert "The file has no column URN" in refused.value.errors


def test_a_windows_1252_file_as_gias_publishes_it_is_read(team):
    text = SAMPLE.read_text().replace("Kestrel Lane Primary School", "St Brigid’s Primary School")

    import_schools(text.encode("cp1252"), team=team)

    assert Organisation.objects.get(urn=990101).name == "St Brigid’s Primary School"


def test_the_import_is_audited_with_its_counts(team):
    import_schools(SAMPLE.read_bytes(), team=team)

    event = AuditEvent.objects.filter(actor_username="import_schools").latest("sequence")
    assert event.detail["created"] == 12
    assert event.detail["skipped_other_regions"] == 1


def test_the_command_reports_what_it_did(team):
    out = StringIO()

    call_command("import_schools", str(SAMPLE), team=team.name, stdout=out)

    assert "12 created, 0 updated, 0 unchanged (1 closed)" in out.getvalue()
    assert "1 rows from other regions skipped" in out.getvalue()


def test_the_command_lists_every_problem_and_fails(team):
    err = StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: 5 problems"):
        call_command("import_schools", str(MALFORMED), team=team.name, stderr=err)

    assert "Row 3, column URN" in err.getvalue()


def test_the_command_needs_a_known_team(team):
    with pytest.raises(CommandError, match="No team is called"):
        call_command("import_schools", str(SAMPLE), team="No Such Team")
