"""Coverage: which open organisations had a delivered session in the 12 months, by authority.

The figures are worked out by hand from the records each test makes.
"""

import datetime

import pytest

from apps.partners.choices import BriefingStatus
from apps.partners.models import PartnerSector
from apps.partners.selectors import coverage_by_authority, coverage_list, coverage_period
from apps.partners.tests.factories import BriefingFactory, OrganisationFactory, authority

pytestmark = pytest.mark.django_db

AS_AT = datetime.date(2026, 11, 30)


def ago(days: int) -> datetime.date:
    return AS_AT - datetime.timedelta(days=days)


@pytest.fixture
def area(team):
    """Reading: 3 schools, 2 covered; Slough: 2 schools and a college, 1 covered; 1 closed."""
    reading = [OrganisationFactory(team=team, name=f"Reading school {n}") for n in (1, 2, 3)]
    slough = [
        OrganisationFactory(
            team=team, name=f"Slough school {n}", local_authority=authority("Slough")
        )
        for n in (1, 2)
    ]
    college = OrganisationFactory(
        team=team,
        name="Slough college",
        local_authority=authority("Slough"),
        sector=PartnerSector.objects.get(code="further-education"),
    )
    closed = OrganisationFactory(team=team, name="Closed school", is_closed=True)
    # Reading 1: two sessions in the period; Reading 2: one on the first day of the period.
    BriefingFactory(team=team, held_on=ago(10), organisations=[reading[0]])
    BriefingFactory(team=team, held_on=ago(200), organisations=[reading[0]])
    BriefingFactory(team=team, held_on=ago(364), organisations=[reading[1]])
    # Reading 3: only a session a day too old, and a planned one: not covered.
    BriefingFactory(team=team, held_on=ago(365), organisations=[reading[2]])
    BriefingFactory(
        team=team, held_on=ago(5), status=BriefingStatus.PLANNED, organisations=[reading[2]]
    )
    # Slough: the college had a session; a cancelled one for a school does not count.
    BriefingFactory(team=team, held_on=ago(50), organisations=[college])
    BriefingFactory(
        team=team, held_on=ago(50), status=BriefingStatus.CANCELLED, organisations=[slough[0]]
    )
    # The closed school had a session, but is not counted at all.
    BriefingFactory(team=team, held_on=ago(20), organisations=[closed])
    return {"reading": reading, "slough": slough, "college": college}


def test_the_period_is_the_365_days_ending_on_the_day_chosen():
    assert coverage_period(AS_AT) == (datetime.date(2025, 12, 1), AS_AT)


def test_counts_per_local_authority_match_the_hand_computed_figures(officer, area):
    rows = coverage_by_authority(coverage_list(user=officer, as_at=AS_AT))

    assert rows == [
        {"local_authority": "Reading", "total": 3, "covered": 2, "not_covered": 1, "percent": 67},
        {"local_authority": "Slough", "total": 3, "covered": 1, "not_covered": 2, "percent": 33},
    ]


def test_each_organisation_shows_its_last_session_and_how_many(officer, area):
    rows = {
        organisation.name: (organisation.last_session, organisation.sessions)
        for organisation in coverage_list(user=officer, as_at=AS_AT)
    }

    assert rows["Reading school 1"] == (ago(10), 2)
    assert rows["Reading school 2"] == (ago(364), 1)
    assert rows["Reading school 3"] == (None, 0)
    assert rows["Slough school 1"] == (None, 0)
    assert rows["Slough college"] == (ago(50), 1)
    assert "Closed school" not in rows


def test_an_earlier_period_counts_the_sessions_in_it(officer, area):
    rows = coverage_by_authority(coverage_list(user=officer, as_at=ago(300)))

    # The 12 months to 4 February 2026: Reading 2's session (364 days before AS_AT) and
    # Reading 3's (365) are in; Reading 1's (10 and 200 days) and the college's (50) come later.
    assert rows[0] == {
        "local_authority": "Reading",
        "total": 3,
        "covered": 2,
        "not_covered": 1,
        "percent": 67,
    }
    assert rows[1]["covered"] == 0
    covered = coverage_list(user=officer, as_at=ago(300)).filter(last_session__isnull=False)
    assert set(covered.values_list("name", flat=True)) == {"Reading school 2", "Reading school 3"}


def test_a_sector_filter_narrows_the_counts(officer, area):
    schools = coverage_list(user=officer, as_at=AS_AT).filter(sector__code="school")

    assert coverage_by_authority(schools)[1] == {
        "local_authority": "Slough",
        "total": 2,
        "covered": 0,
        "not_covered": 2,
        "percent": 0,
    }


def test_the_coverage_page_shows_the_table_and_counts(signed_in, officer, area):
    response = signed_in(officer).get(
        "/partners/coverage/", {"period": AS_AT.isoformat(), "local_authority": ""}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="coverage-by-authority"' in page
    assert "1 December 2025" in page
    assert "Reading school 3" in page


def test_coverage_is_counted_for_analysts_but_not_for_panel_members(analyst, panel_member, area):
    assert coverage_list(user=analyst, as_at=AS_AT).count() == 6
    assert coverage_list(user=panel_member, as_at=AS_AT).count() == 0
