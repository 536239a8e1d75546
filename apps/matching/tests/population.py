"""Invented people with known duplicates, for the matching tests and benchmark.

No real person: names are drawn independently from common-name lists and a made-up
surname tail, addresses from invented streets. Name frequencies fall off gently (the
commonest surname is about 2% of people, as Smith is about 1% in the UK), because a
matcher trained where half the people share one name learns the wrong lessons.
Households share surname and address; some hold twins or a parent and child of the
same name, the pairs a matcher most often gets wrong. Duplicates carry the errors
officers see: typos, nicknames, swapped names, swapped day and month, missing fields,
a move of house.
"""

from __future__ import annotations

import itertools
import json
import random
import string
from functools import cache

import pandas as pd

from apps.matching.linkage import NAME_VARIANTS_PATH, PERSON_COLUMNS

MALE = (
    "james john robert michael william david richard joseph thomas charles christopher "
    "daniel matthew anthony mark paul steven andrew kenneth joshua kevin brian george "
    "edward ronald timothy jason jeffrey ryan jacob gary nicholas eric jonathan stephen "
    "oliver harry jack noah leo arthur muhammad mohammed ahmed ali omar yusuf ibrahim "
    "hamza bilal hassan adam luca piotr krzysztof tomasz marek dmitri sergei kwame "
    "oluwaseun chinedu rajesh arjun harpreet sanjay wei jun hao liam finley callum "
    "kieran declan connor aidan ewan fraser rhys dylan owen gareth samuel benjamin "
    "alexander patrick henry frederick lawrence peter raymond isaac theo ethan logan"
).split()
FEMALE = (
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa "
    "nancy betty margaret sandra ashley kimberly emily donna michelle carol amanda "
    "melissa deborah stephanie rebecca sharon laura cynthia amelia olivia isla ava "
    "mia ivy lily grace freya fatima aisha zainab khadija maryam amina sana anna "
    "katarzyna agnieszka natalia olga irina ngozi abena priya sunita harjeet mei xiu "
    "niamh siobhan aoife ciara megan bethan catrin rhiannon chloe sophie jade "
    "charlotte victoria catherine samantha alexandra helen louise joanne eleanor "
    "abigail jacqueline josephine theresa dorothy isabel poppy ruby evie harriet"
).split()
COMMON_SURNAMES = (
    "smith jones williams taylor brown davies evans wilson thomas johnson roberts "
    "robinson thompson wright walker white edwards hughes green hall lewis harris "
    "clarke patel jackson wood turner martin cooper hill ward morris moore clark lee "
    "king baker harrison morgan allen james scott phillips watson davis parker price "
    "bennett young griffiths mitchell kelly cook carter richardson bailey collins bell "
    "shaw murphy miller cox richards khan marshall anderson simpson ellis adams singh "
    "begum wilkinson foster chapman powell webb rogers gray mason ali hussain campbell "
    "matthews owen palmer holmes mills barnes knight lloyd butler russell barker "
    "fisher stevens jenkins murray dixon harvey graham pearson ahmed fletcher walsh "
    "kaur gibson howard andrews stewart elliott reynolds saunders payne fox ford "
    "pearce day brooks west lawrence cole atkinson bradley spencer gill dawson ball "
    "burton o'brien watts rose booth perry ryan grant wells armstrong francis rees "
    "hayes hart hudson newman barrett kowalski nowak wisniewski okafor mensah "
    "chowdhury rahman islam uddin mahmood iqbal akhtar chen wang zhang nguyen "
    "ivanov petrov mcdonald macleod fitzgerald"
).split()
# A long tail of invented surnames, so most surnames are rare, as in life.
_STEMS = (
    "ash brad craw dun elm fen gar hal ink jar kel lang mar nor oak pen quin rad sel "
    "thorn ul vel wex yar zel bram cold dray har lock"
).split()
_ENDINGS = "ford ley ton wood field by ham well stone croft ridge more wick shaw worth".split()
SURNAMES = COMMON_SURNAMES + [stem + ending for stem in _STEMS for ending in _ENDINGS]

STREETS = (
    "high church station victoria green manor park queens kings mill new school north "
    "south west east grange windsor albert york stanley springfield orchard meadow "
    "chestnut beech oak elm willow ash cedar hawthorn larch rowan hazel juniper"
).split()
STREET_TYPES = ("street", "road", "lane", "avenue", "close", "drive", "way", "crescent")
ABBREVIATIONS = {"street": "st", "road": "rd", "avenue": "ave", "lane": "ln", "drive": "dr"}
AREAS = {
    "OX": ("oxford", "abingdon", "banbury", "witney", "bicester"),
    "RG": ("reading", "newbury", "wokingham", "bracknell"),
    "SL": ("slough", "maidenhead", "windsor"),
    "MK": ("milton keynes", "bletchley", "newport pagnell"),
    "HP": ("high wycombe", "aylesbury", "amersham"),
    "GU": ("guildford", "woking", "aldershot", "farnborough"),
    "SO": ("southampton", "winchester", "eastleigh"),
    "PO": ("portsmouth", "havant", "fareham"),
    "BN": ("brighton", "hove", "worthing", "lewes"),
    "ME": ("maidstone", "chatham", "gillingham", "rochester"),
}
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _cumulative(items: list[str]) -> list[float]:
    """Zipf-like weights 1/(rank + 10): common names common, none dominant."""
    return list(itertools.accumulate(1 / (rank + 10) for rank in range(len(items))))


_WEIGHTS = {name: _cumulative(items) for name, items in (("M", MALE), ("F", FEMALE))}
_SURNAME_WEIGHTS = _cumulative(SURNAMES)


@cache
def _variants() -> dict[str, list[str]]:
    groups = json.loads(NAME_VARIANTS_PATH.read_text(encoding="utf-8"))["groups"]
    return {name: [other for other in group if other != name] for group in groups for name in group}


def _given(rng: random.Random, gender: str) -> str:
    names = MALE if gender == "M" else FEMALE
    return rng.choices(names, cum_weights=_WEIGHTS[gender])[0]


def _dob(rng: random.Random, year_from: int = 1940, year_to: int = 2014) -> str:
    year = rng.randint(year_from, year_to)
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _postcode(rng: random.Random, area: str) -> str:
    unit = rng.choice(UNIT_LETTERS) + rng.choice(UNIT_LETTERS)
    return f"{area}{rng.randint(1, 40)} {rng.randint(0, 9)}{unit}"


def _home(rng: random.Random) -> dict[str, str]:
    area = rng.choice(list(AREAS))
    return {
        "postcode": _postcode(rng, area),
        "address_line_1": (
            f"{rng.randint(1, 250)} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}"
        ),
        "town": rng.choice(AREAS[area]),
    }


def _person(rng: random.Random, surname: str, home: dict[str, str], **fixed: str) -> dict:
    gender = fixed.pop("gender", rng.choice("MF"))
    person = {
        "given_name": _given(rng, gender),
        "middle_names": _given(rng, gender) if rng.random() < 0.4 else "",
        "surname": surname,
        "date_of_birth": _dob(rng),
        "gender": gender,
        **home,
    }
    person.update(fixed)
    return person


def _household(rng: random.Random) -> list[dict]:
    surname = rng.choices(SURNAMES, cum_weights=_SURNAME_WEIGHTS)[0]
    home = _home(rng)
    kind = rng.random()
    if kind < 0.02:  # twins: one birthday, different given names
        first = _person(rng, surname, home)
        second = _person(rng, surname, home, date_of_birth=first["date_of_birth"])
        while second["given_name"] == first["given_name"]:
            second["given_name"] = _given(rng, second["gender"])
        return [first, second]
    if kind < 0.035:  # a parent and child of the same name, decades apart
        parent = _person(rng, surname, home, date_of_birth=_dob(rng, 1945, 1975))
        child = dict(parent, date_of_birth=_dob(rng, 1990, 2012), middle_names="")
        return [parent, child]
    members: list[dict] = []
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
        member = _person(rng, surname, home)
        # Families do not give two children one name (the parent and child case aside).
        while any(member["given_name"] == other["given_name"] for other in members):
            member["given_name"] = _given(rng, member["gender"])
        members.append(member)
    return members


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.3:
        return text[:i] + rng.choice(string.ascii_lowercase) + text[i + 1 :]
    if kind < 0.55:
        return text[:i] + text[i + 1 :]
    if kind < 0.8:
        return text[:i] + rng.choice(string.ascii_lowercase) + text[i:]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def _dob_error(rng: random.Random, value: str) -> str:
    year, month, day = value.split("-")
    part = rng.randrange(3)
    if part == 0:
        year = str(int(year) + rng.choice((-1, 1)))
    elif part == 1:
        month = f"{rng.randint(1, 12):02d}"
    else:
        day = f"{rng.randint(1, 28):02d}"
    return f"{year}-{month}-{day}"


ERRORS = (
    "given_typo",
    "given_variant",
    "given_variant",
    "given_missing",
    "names_swapped",
    "given_initial",
    "uses_middle_name",
    "surname_typo",
    "surname_typo",
    "surname_double_barrelled",
    "dob_typo",
    "dob_typo",
    "dob_swapped",
    "dob_missing",
    "postcode_typo",
    "postcode_missing",
    "address_abbreviated",
    "address_typo",
    "address_missing",
    "town_missing",
    "gender_missing",
    "middle_missing",
    "moved",
    "moved",
)


def corrupt(rng: random.Random, person: dict, errors: int) -> dict:
    """A second record of the same person, with `errors` of the mistakes in ERRORS."""
    dup = dict(person)
    for error in rng.sample(ERRORS, errors):
        if error == "given_typo":
            dup["given_name"] = _typo(rng, dup["given_name"])
        elif error == "given_variant" and _variants().get(dup["given_name"]):
            dup["given_name"] = rng.choice(_variants()[dup["given_name"]])
        elif error == "given_missing":
            dup["given_name"] = ""
        elif error == "names_swapped":
            dup["given_name"], dup["surname"] = dup["surname"], dup["given_name"]
        elif error == "given_initial" and dup["given_name"]:
            dup["given_name"] = dup["given_name"][0]
        elif error == "uses_middle_name" and dup["middle_names"]:
            dup["given_name"], dup["middle_names"] = dup["middle_names"], ""
        elif error == "surname_typo":
            dup["surname"] = _typo(rng, dup["surname"])
        elif error == "surname_double_barrelled":
            dup["surname"] = f"{dup['surname']}-{rng.choice(COMMON_SURNAMES)}"
        elif error == "dob_typo" and dup["date_of_birth"]:
            dup["date_of_birth"] = _dob_error(rng, dup["date_of_birth"])
        elif error == "dob_swapped" and dup["date_of_birth"]:
            year, month, day = dup["date_of_birth"].split("-")
            if int(day) <= 12:
                dup["date_of_birth"] = f"{year}-{day}-{month}"
        elif error == "postcode_typo" and dup["postcode"]:
            unit = rng.choice(UNIT_LETTERS) + rng.choice(UNIT_LETTERS)
            dup["postcode"] = dup["postcode"][:-2] + unit
        elif error == "address_abbreviated":
            street_type = dup["address_line_1"].rsplit(" ", 1)[-1]
            short = ABBREVIATIONS.get(street_type, street_type)
            dup["address_line_1"] = dup["address_line_1"][: -len(street_type)] + short
        elif error == "address_typo":
            dup["address_line_1"] = _typo(rng, dup["address_line_1"])
        elif error == "moved":
            dup.update(_home(rng))
        elif error.endswith("_missing"):
            field = {
                "dob_missing": "date_of_birth",
                "middle_missing": "middle_names",
                "address_missing": "address_line_1",
            }.get(error, error.removesuffix("_missing"))
            dup[field] = ""
    return dup


def make_people(n: int, *, seed: int = 0, duplicate_rate: float = 0.25) -> pd.DataFrame:
    """About n records with PERSON_COLUMNS plus person_id (the truth).

    duplicate_rate of people have one or two more records, each with up to three errors
    (most with one, some exact copies, as when a referral is entered twice).
    """
    rng = random.Random(seed)  # noqa: S311 - invented test data, not secrets
    rows: list[dict] = []
    person_number = 0
    while len(rows) < n:
        for person in _household(rng):
            person_number += 1
            records = [person]
            if rng.random() < duplicate_rate:
                for _ in range(rng.choice((1, 1, 1, 2))):
                    records.append(corrupt(rng, person, rng.choice((0, 1, 1, 1, 2, 2, 3))))
            for record in records:
                rows.append({**record, "person_id": f"p{person_number}"})
    rows = rows[:n]
    frame = pd.DataFrame(rows)
    frame.insert(0, "record_id", [f"r{i:07d}" for i in range(len(frame))])
    return frame[[*PERSON_COLUMNS, "person_id"]]


def true_pairs(people: pd.DataFrame) -> set[tuple[str, str]]:
    """Every pair of records of one person, as (lower id, higher id)."""
    pairs = set()
    for ids in people.groupby("person_id")["record_id"].agg(sorted):
        pairs.update(itertools.combinations(ids, 2))
    return pairs


def twins() -> tuple[dict, dict]:
    """Two invented brothers, twins: one surname, birthday and address, different given names."""
    home = {"postcode": "RG4 7QX", "address_line_1": "12 Larch Close", "town": "Reading"}
    shared = {"surname": "Hartwell", "date_of_birth": "2009-03-14", "middle_names": "", **home}
    return (
        {"record_id": "twin-1", "given_name": "Oliver", "gender": "M", **shared},
        {"record_id": "twin-2", "given_name": "Harry", "gender": "M", **shared},
    )


def parent_and_child() -> tuple[dict, dict]:
    """An invented father and son of the same full name at one address, 30 years apart."""
    shared = {
        "given_name": "Daniel",
        "middle_names": "",
        "surname": "Okonjo-Bright",
        "gender": "M",
        "postcode": "OX4 2LT",
        "address_line_1": "7 Rowan Way",
        "town": "Oxford",
    }
    return (
        {"record_id": "parent", "date_of_birth": "1978-11-02", **shared},
        {"record_id": "child", "date_of_birth": "2008-06-21", **shared},
    )
