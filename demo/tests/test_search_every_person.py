"""Every seeded demo person is found by a nickname or a transliterated spelling.

The demo seeders run here as in `make demo`; then each person in the index is searched for
as an officer might type them, never as stored: another given name from the person index's
own variant table (a nickname or transliteration), or else the family name respelt as a
transliteration would (ou/u, ph/f, y/i, …). The person must be in the first ten results
of the people search, and each of their referrals in the first ten of the referral search.
"""

import json

import pytest
from django.test import RequestFactory

from apps.accounts.models import User
from apps.matching import linkage
from apps.people.models import Person
from apps.people.selectors import person_list, person_search
from apps.referrals.filters import ReferralFilter
from apps.referrals.selectors import referral_list
from demo.referrals import seed_referrals
from demo.users import seed_teams_and_users

pytestmark = pytest.mark.django_db
PEOPLE = 80  # a representative set (seed_demo makes 320: all found too, in 3.5 minutes)
# How a name is commonly respelt between scripts and records (after its first letter).
RESPELLINGS = [
    ("ou", "u"),
    ("u", "ou"),
    ("ph", "f"),
    ("ee", "i"),
    ("y", "i"),
    ("i", "y"),
    ("ck", "k"),
    ("ie", "y"),
    ("a", "e"),
    ("e", "a"),
    ("o", "u"),
]


def other_spelling(name: str) -> str | None:
    """Another name from the variant table's group, if the group has one."""
    normalised = linkage.normalise_name(name).split()[0]
    others = sorted(linkage.given_name_spellings(normalised) - {normalised})
    return others[0].title() if others else None


def respelt(family_name: str) -> str:
    head, tail = family_name[:1], family_name[1:].lower()
    for old, new in RESPELLINGS:
        if old in tail:
            return head + tail.replace(old, new, 1)
    return family_name + "e"


def typed_for(person: Person) -> str:
    nickname = other_spelling(person.given_name)
    if nickname:
        return f"{nickname} {person.family_name}"
    return f"{person.given_name} {respelt(person.family_name)}"


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    with open("/dev/null", "w") as quiet:
        seed_teams_and_users(quiet, people=PEOPLE)
        seed_referrals(quiet, people=PEOPLE)


def test_every_seeded_person_is_found_by_a_nickname_or_a_respelt_name(demo):
    officers = {
        user.team_id: user
        for user in User.objects.filter(username__in=["supervisor", "cyber.supervisor"])
    }
    people = list(Person.objects.filter(merged_into__isnull=True))
    assert len(people) > 50
    missed, referrals_missed = [], []
    factory = RequestFactory()
    for person in people:
        officer = officers[person.team_id]
        typed = typed_for(person)
        assert typed.lower() != person.full_name.lower()
        first_ten = list(person_search(person_list(user=officer), typed)[:10])
        if person not in first_ten:
            missed.append((person.full_name, typed))
        request = factory.get("/referrals/", {"q": typed})
        request.user = officer
        shown = set(
            ReferralFilter(request.GET, queryset=referral_list(user=officer), request=request).qs[
                :10
            ]
        )
        if not set(person.referrals.all()) <= shown:
            referrals_missed.append((person.full_name, typed))
    assert not missed, json.dumps(missed[:20])
    assert not referrals_missed, json.dumps(referrals_missed[:20])
