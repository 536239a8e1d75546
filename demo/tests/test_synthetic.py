"""The synthetic generator: seeded, calibrated to Home Office shares, with known truth.

Plain pytest, no database: benchmarks and matching tests rely on these properties.
"""

import collections
import csv
import datetime
import json
import time
from pathlib import Path

import pytest

from demo import synthetic
from demo.synthetic import (
    PEOPLE_CSV_COLUMNS,
    generate_people,
    generate_referrals,
    write_people_csv,
)

GEO_DIR = Path(__file__).resolve().parents[2] / "apps" / "geography" / "data"
YEAR_START = datetime.date(2025, 4, 1)
MID_YEAR = datetime.date(2025, 10, 1)
PERSON_KEYS = {
    "record_id",
    "cluster_id",
    "given_name",
    "middle_names",
    "surname",
    "date_of_birth",
    "estimated_age",
    "gender",
    "postcode",
    "address_line_1",
    "town",
    "lsoa_code",
    "local_authority_code",
    "first_language",
    "interpreter_needed",
    "needs",
}


@pytest.fixture(scope="module")
def people():
    return list(generate_people(6000, seed=7))


@pytest.fixture(scope="module")
def identities(people):
    """The first record of each cluster: one per real (synthetic) person."""
    first = {}
    for person in people:
        first.setdefault(person["cluster_id"], person)
    return list(first.values())


@pytest.fixture(scope="module")
def referrals(people):
    return list(generate_referrals(people, year_start=YEAR_START, seed=7))


@pytest.fixture(scope="module")
def authorities():
    return json.loads((GEO_DIR / "local_authorities.json").read_text(encoding="utf-8"))


def share(items, predicate) -> float:
    items = list(items)
    return sum(1 for item in items if predicate(item)) / len(items)


def age_mid_year(person) -> int:
    if person["date_of_birth"] is None:
        return person["estimated_age"]
    born = datetime.date.fromisoformat(person["date_of_birth"])
    return MID_YEAR.year - born.year - ((MID_YEAR.month, MID_YEAR.day) < (born.month, born.day))


def test_same_seed_gives_same_people_and_referrals():
    first = list(generate_people(300, seed=11))
    assert first == list(generate_people(300, seed=11))
    assert first != list(generate_people(300, seed=12))
    assert list(generate_referrals(first, year_start=YEAR_START, seed=3)) == list(
        generate_referrals(first, year_start=YEAR_START, seed=3)
    )


def test_people_have_the_documented_keys(people):
    assert all(set(person) == PERSON_KEYS for person in people)
    assert len({person["record_id"] for person in people}) == len(people)


def test_gender_and_age_follow_home_office_shares(identities):
    assert share(identities, lambda p: p["gender"] == "Male") == pytest.approx(0.89, abs=0.025)
    ages = [age_mid_year(p) for p in identities]
    assert share(ages, lambda a: a < 18) == pytest.approx(0.54, abs=0.035)
    assert share(ages, lambda a: 11 <= a <= 15) == pytest.approx(0.36, abs=0.03)
    assert share(ages, lambda a: 16 <= a <= 17) == pytest.approx(0.13, abs=0.025)
    assert share(ages, lambda a: a <= 10) == pytest.approx(0.04, abs=0.015)


def test_needs_follow_home_office_shares(identities):
    conditions = {"autism", "neurodivergence", "mental_health"}
    assert share(identities, lambda p: conditions & set(p["needs"])) == pytest.approx(
        0.34, abs=0.03
    )
    assert share(identities, lambda p: "autism" in p["needs"]) == pytest.approx(0.14, abs=0.02)
    allowed = {"sen", "autism", "neurodivergence", "mental_health", "care_experienced"}
    assert all(set(p["needs"]) <= allowed for p in identities)


def test_about_three_percent_have_no_date_of_birth(people):
    missing = [p for p in people if p["date_of_birth"] is None]
    assert len(missing) / len(people) == pytest.approx(0.03, abs=0.012)
    assert all(p["estimated_age"] for p in missing)
    assert all(p["estimated_age"] is None for p in people if p["date_of_birth"])


def test_duplicate_share_matches_the_rate(people):
    clusters = {p["cluster_id"] for p in people}
    assert 1 - len(clusters) / len(people) == pytest.approx(0.2, abs=0.02)
    unique = list(generate_people(1000, seed=7, duplicate_rate=0))
    assert len({p["cluster_id"] for p in unique}) == len(unique)


def test_duplicates_vary_the_way_real_records_do(people):
    by_cluster = collections.defaultdict(list)
    for person in people:
        by_cluster[person["cluster_id"]].append(person)
    seen = collections.Counter()
    for first, *others in (group for group in by_cluster.values() if len(group) > 1):
        for other in others:
            if other["given_name"] == first["surname"] and other["surname"] == first["given_name"]:
                seen["swapped names"] += 1
            if other["postcode"] != first["postcode"]:
                seen["moved house"] += 1
            if first["middle_names"] and not other["middle_names"]:
                seen["lost middle names"] += 1
            if first["date_of_birth"] and other["date_of_birth"] is None:
                seen["lost DOB"] += 1
            dob, other_dob = first["date_of_birth"], other["date_of_birth"]
            if dob and other_dob and dob != other_dob:
                if (
                    dob[:4] == other_dob[:4]
                    and dob[5:7] == other_dob[8:]
                    and dob[8:] == other_dob[5:7]
                ):
                    seen["day and month swapped"] += 1
                elif dob[:4] != other_dob[:4]:
                    seen["year typo"] += 1
            if other["given_name"] in synthetic._tables().nicknames.get(first["given_name"], []):
                seen["nickname"] += 1
            if other["given_name"] in synthetic._tables().spellings.get(first["given_name"], []):
                seen["transliteration"] += 1
    expected = {
        "swapped names",
        "moved house",
        "lost middle names",
        "lost DOB",
        "day and month swapped",
        "year typo",
        "nickname",
        "transliteration",
    }
    assert expected <= set(seen), seen


def test_typo_changes_one_keystroke():
    rng = synthetic._rng(1, "test")
    for _ in range(200):
        typo = synthetic._typo(rng, "Katherine")
        assert typo != "Katherine"
        assert typo[0] == "K"
        assert abs(len(typo) - len("Katherine")) <= 1


def test_twins_share_surname_dob_and_address_but_not_identity(identities):
    households = collections.defaultdict(list)
    for person in identities:
        if person["date_of_birth"]:
            key = (person["surname"], person["date_of_birth"], person["address_line_1"])
            households[key + (person["postcode"],)].append(person)
    twins = [group for group in households.values() if len(group) > 1]
    assert twins
    for group in twins:
        assert len({p["cluster_id"] for p in group}) == len(group)
        assert len({p["given_name"] for p in group}) == len(group)


def test_parent_and_child_with_the_same_name_are_different_identities(identities):
    households = collections.defaultdict(list)
    for person in identities:
        key = (person["given_name"], person["surname"], person["address_line_1"])
        households[key + (person["postcode"],)].append(person)
    pairs = [
        group
        for group in households.values()
        if len(group) > 1 and max(map(age_mid_year, group)) - min(map(age_mid_year, group)) >= 18
    ]
    assert pairs
    assert all(len({p["cluster_id"] for p in group}) == len(group) for group in pairs)


def test_local_authorities_match_the_boundary_file(authorities):
    boundaries = json.loads((GEO_DIR / "thames_valley_lsoa_2011.geojson").read_text())
    lad_names = {f["properties"]["lad_name"] for f in boundaries["features"]}
    listed = authorities["local_authorities"]
    assert len(listed) == 16
    assert {la["name"] for la in listed} == lad_names
    assert {la["code"] for la in listed} >= {"E06000038", "E06000039", "E07000178"}
    districts = {line.split()[0] for line in (GEO_DIR / "thames_valley_postcodes.txt").open()}
    assert all(set(la["postcode_districts"]) <= districts for la in listed)


def test_addresses_use_real_postcodes_and_lsoas_of_the_right_authority(people, authorities):
    postcodes = set((GEO_DIR / "thames_valley_postcodes.txt").read_text().split("\n"))
    boundaries = json.loads((GEO_DIR / "thames_valley_lsoa_2011.geojson").read_text())
    code_by_name = {la["name"]: la["code"] for la in authorities["local_authorities"]}
    lsoa_authority = {
        f["properties"]["lsoa11cd"]: code_by_name[f["properties"]["lad_name"]]
        for f in boundaries["features"]
    }
    districts = {
        la["code"]: set(la["postcode_districts"]) for la in authorities["local_authorities"]
    }
    for person in people:
        assert person["postcode"] in postcodes
        assert lsoa_authority[person["lsoa_code"]] == person["local_authority_code"]
        assert person["postcode"].split()[0] in districts[person["local_authority_code"]]
        assert person["town"] == authorities["post_towns"][person["postcode"].split()[0]]


def test_no_record_takes_an_excluded_well_known_name(people):
    excluded = synthetic._tables().excluded
    assert not any(f"{p['given_name']} {p['surname']}".casefold() in excluded for p in people)


def test_referral_sectors_and_types_follow_home_office_shares(referrals):
    assert all(r["sector"] in synthetic.REFERRAL_SECTORS for r in referrals)
    assert share(referrals, lambda r: r["sector"] == "Education") == pytest.approx(0.37, abs=0.03)
    assert share(referrals, lambda r: r["sector"] == "Police") == pytest.approx(0.29, abs=0.03)
    assert share(referrals, lambda r: r["sector"] == "Local Authority") == pytest.approx(
        0.10, abs=0.02
    )
    assert {r["type_of_concern"] for r in referrals} == set(synthetic.TYPE_OF_CONCERN_SHARES)
    no_ideology = {
        "No ideology identified",
        "No ideology – other susceptibility to radicalisation identified",
    }
    assert share(referrals, lambda r: r["type_of_concern"] in no_ideology) == pytest.approx(
        0.56, abs=0.03
    )
    assert share(referrals, lambda r: r["type_of_concern"] == "Extreme right-wing") == (
        pytest.approx(0.21, abs=0.025)
    )
    assert share(referrals, lambda r: r["type_of_concern"] == "Islamist") == pytest.approx(
        0.10, abs=0.02
    )
    assert share(referrals, lambda r: r["type_of_concern"] == "Left-wing") < 0.015


def test_january_to_march_is_the_busiest_quarter(referrals):
    quarters = collections.Counter(
        (datetime.date.fromisoformat(r["date_received"]).month - 1) // 3 for r in referrals
    )
    assert quarters.most_common(1)[0][0] == 0
    days = {datetime.date.fromisoformat(r["date_received"]) for r in referrals}
    assert min(days) >= YEAR_START
    assert max(days) < YEAR_START + datetime.timedelta(days=365)


def test_every_person_record_is_referred_and_some_more_than_once(people, referrals):
    counts = collections.Counter(r["record_id"] for r in referrals)
    assert set(counts) == {p["record_id"] for p in people}
    assert 0.04 < share(counts.values(), lambda c: c > 1) < 0.12
    references = [r["source_reference"] for r in referrals]
    assert len(set(references)) == len(references)
    assert references[0] == "SYN-2025-000001"


def test_parents_know_is_asked_only_for_under_18s(people, referrals):
    people_by_id = {p["record_id"]: p for p in people}
    for referral in referrals:
        person = people_by_id[referral["record_id"]]
        if age_mid_year(person) >= 20:
            assert referral["parents_know"] is None


def test_cyber_referrals_are_a_small_share_with_computer_misuse_act_sections(referrals):
    cyber = [r for r in referrals if r["is_cyber"]]
    assert 0.01 < len(cyber) / len(referrals) < 0.04
    assert all(r["cma_sections"] for r in cyber)
    assert {s for r in cyber for s in r["cma_sections"]} <= {"s1", "s2", "s3", "s3ZA", "s3A"}
    assert all(r["cyber_source"] in synthetic.CYBER_SOURCES for r in cyber)
    assert all(
        not r["cma_sections"] and r["cyber_source"] is None for r in referrals if not r["is_cyber"]
    )


def test_referrals_carry_referrer_and_plain_concern_text(referrals):
    for referral in referrals[:500]:
        referrer = referral["referrer"]
        assert set(referrer) == {"name", "organisation", "role", "sector", "may_be_given_feedback"}
        assert referrer["sector"] == referral["sector"]
        assert referral["channel"] in {"Online portal", "E-mail", "Phone", "Internal police"}
        assert "{" not in referral["concern"]
        assert len(referral["concern"]) > 40
        assert "{" not in referral["action_taken"]


def test_write_people_csv_has_the_benchmark_columns(tmp_path):
    path = tmp_path / "people.csv"
    assert write_people_csv(path, 200, seed=5) == 200
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == PEOPLE_CSV_COLUMNS
    assert len(rows) == 200


def test_ten_thousand_people_take_a_few_seconds():
    synthetic._tables()  # loading the reference files once is not what is being timed
    started = time.perf_counter()
    assert sum(1 for _ in generate_people(10_000, seed=1)) == 10_000
    assert time.perf_counter() - started < 3
