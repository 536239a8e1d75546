"""A small synthetic population with known duplicates, for the matching tests only.

Entirely invented people. Households share surname, address and postcode, and some
hold twins or a parent and child with the same name, because those are the pairs a
matcher gets wrong. Duplicates carry the errors officers see: typos, nicknames, swapped
names, day and month swapped, missing fields, a move of house.
"""

from __future__ import annotations

import random
import string
from collections.abc import Iterator

MALE = (
    "james john robert michael william david richard joseph thomas charles christopher "
    "daniel matthew anthony mark paul steven andrew kenneth joshua kevin brian george "
    "edward ronald timothy jason jeffrey ryan jacob gary nicholas eric jonathan stephen "
    "oliver harry jack noah leo arthur muhammad mohammed ahmed ali omar yusuf ibrahim "
    "hamza bilal hassan adam luca piotr krzysztof tomasz marek dmitri sergei kwame "
    "oluwaseun chinedu rajesh arjun harpreet gurpreet sanjay wei jun hao liam finley "
    "callum kieran declan connor aidan ewan fraser rhys dylan owen gareth"
).split()
FEMALE = (
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa "
    "nancy betty margaret sandra ashley kimberly emily donna michelle carol amanda "
    "melissa deborah stephanie rebecca sharon laura cynthia amelia olivia isla ava "
    "mia ivy lily grace freya fatima aisha zainab khadija maryam amina sana anna "
    "katarzyna agnieszka natalia olga irina ngozi abena priya sunita harjeet mei "
    "xiu niamh siobhan aoife ciara megan bethan catrin rhiannon chloe sophie jade"
).split()
SURNAMES = (
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
    "ivanov petrov smith-jones mcdonald macleod fitzgerald"
).split()
STREETS = (
    "high church station victoria green manor park queens kings mill new school north "
    "south west east grange windsor albert york stanley springfield orchard meadow "
    "chestnut beech oak elm willow ash cedar hawthorn"
).split()
STREET_TYPES = ("street", "road", "lane", "avenue", "close", "drive", "way", "crescent")
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
NICKNAMES = {
    "william": ("bill", "will", "billy"),
    "robert": ("bob", "rob", "bobby"),
    "richard": ("rick", "rich", "dick"),
    "james": ("jim", "jimmy", "jamie"),
    "michael": ("mike", "mick"),
    "thomas": ("tom", "tommy"),
    "anthony": ("tony",),
    "christopher": ("chris",),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davey"),
    "joseph": ("joe", "joey"),
    "matthew": ("matt",),
    "nicholas": ("nick",),
    "edward": ("ed", "eddie", "ted"),
    "elizabeth": ("liz", "beth", "lizzie"),
    "margaret": ("maggie", "peggy"),
    "rebecca": ("becky",),
    "jennifer": ("jenny", "jen"),
    "susan": ("sue",),
    "patricia": ("pat", "trish"),
    "deborah": ("debbie",),
    "stephen": ("steve",),
    "kenneth": ("ken",),
    "ronald": ("ron",),
    "timothy": ("tim",),
    "mohammed": ("muhammad", "mohamed", "mohammad"),
    "muhammad": ("mohammed", "mohamed"),
    "yusuf": ("yousef", "yousuf"),
    "hassan": ("hasan",),
    "omar": ("umar",),
    "aisha": ("ayesha",),
    "fatima": ("fatimah",),
    "maryam": ("mariam",),
    "dmitri": ("dmitry",),
}


def _zipf_choice(rng: random.Random, items: list[str]) -> str:
    # A few names are very common, as with real surnames.
    index = min(int(rng.paretovariate(1.1)) - 1, len(items) - 1)
    return items[index] if rng.random() < 0.6 else rng.choice(items)


def _postcode(rng: random.Random, area: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return (
        f"{area}{rng.randint(1, 20)} {rng.randint(0, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def _dob(rng: random.Random, year_from: int, year_to: int) -> str:
    return f"{rng.randint(year_from, year_to)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


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


def _household(rng: random.Random, pools: dict[str, list[str]]) -> dict[str, str]:
    area = rng.choice(list(AREAS))
    return {
        "surname": _zipf_choice(rng, pools["surnames"]),
        "postcode": _postcode(rng, area),
        "address_line_1": f"{rng.randint(1, 200)} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}",
        "town": rng.choice(AREAS[area]),
    }


def _person(
    rng: random.Random, home: dict[str, str], pools: dict[str, list[str]], **fixed: str
) -> dict[str, str]:
    gender = fixed.pop("gender", rng.choice("MF"))
    names = pools["male"] if gender == "M" else pools["female"]
    person = {
        "given_name": _zipf_choice(rng, names),
        "middle_names": rng.choice(names) if rng.random() < 0.4 else "",
        "date_of_birth": _dob(rng, 1945, 2012),
        "gender": gender,
        **home,
    }
    person.update(fixed)
    return person


def _population(rng: random.Random, n: int) -> Iterator[dict[str, str]]:
    pools = {"male": MALE, "female": FEMALE, "surnames": SURNAMES}
    made = 0
    while made < n:
        home = _household(rng, pools)
        kind = rng.random()
        if kind < 0.015:  # twins: one household, one birthday, different given names
            first = _person(rng, home, pools)
            second = _person(rng, home, pools, date_of_birth=first["date_of_birth"])
            while second["given_name"] == first["given_name"]:
                second = _person(rng, home, pools, date_of_birth=first["date_of_birth"])
            members = [first, second]
        elif kind < 0.025:  # a father and son of the same name
            father = _person(rng, home, pools, gender="M", date_of_birth=_dob(rng, 1950, 1975))
            son = dict(father, date_of_birth=_dob(rng, 1985, 2010), middle_names="")
            members = [father, son]
        else:
            members = [_person(rng, home, pools) for _ in range(rng.choice((1, 1, 2, 3)))]
        for member in members:
            yield member
            made += 1


def _corrupt(rng: random.Random, person: dict[str, str]) -> dict[str, str]:
    dup = dict(person)
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        field, action = rng.choice(
            (
                ("given_name", "typo"),
                ("given_name", "nickname"),
                ("given_name", "nickname"),
                ("given_name", "missing"),
                ("given_name", "swap"),
                ("given_name", "initial"),
                ("given_name", "middle"),
                ("surname", "typo"),
                ("surname", "typo"),
                ("date_of_birth", "typo"),
                ("date_of_birth", "swap"),
                ("date_of_birth", "missing"),
                ("postcode", "typo"),
                ("postcode", "missing"),
                ("address_line_1", "abbreviate"),
                ("address_line_1", "typo"),
                ("address_line_1", "missing"),
                ("town", "missing"),
                ("gender", "missing"),
                ("middle_names", "missing"),
                ("home", "moved"),
            )
        )
        value = dup.get(field, "")
        if action == "missing":
            dup[field] = ""
        elif action == "typo" and field == "date_of_birth" and value:
            year, month, day = value.split("-")
            part = rng.randrange(3)
            if part == 0:
                year = str(int(year) + rng.choice((-1, 1, -10, 10)))
            elif part == 1:
                month = f"{rng.randint(1, 12):02d}"
            else:
                day = f"{rng.randint(1, 28):02d}"
            dup[field] = f"{year}-{month}-{day}"
        elif action == "swap" and field == "date_of_birth" and value:
            year, month, day = value.split("-")
            if int(day) <= 12:
                dup[field] = f"{year}-{day}-{month}"
        elif action == "typo" and field == "postcode" and value:
            outward, inward = value.split(" ")
            dup[field] = f"{outward} {inward[0]}{_typo(rng, inward[1:] + 'X')[:2].upper()}"
        elif action == "typo" and value:
            dup[field] = _typo(rng, value)
        elif action == "nickname" and value.lower() in NICKNAMES:
            dup[field] = rng.choice(NICKNAMES[value.lower()])
        elif action == "swap" and dup["surname"]:
            dup["given_name"], dup["surname"] = dup["surname"], dup["given_name"]
        elif action == "initial" and value:
            dup[field] = value[0]
        elif action == "middle" and dup["middle_names"]:
            dup["given_name"], dup["middle_names"] = dup["middle_names"], ""
        elif action == "abbreviate" and value:
            dup[field] = value.replace("street", "st").replace("road", "rd") + " "
        elif action == "moved":
            area = rng.choice(list(AREAS))
            dup["postcode"] = _postcode(rng, area)
            dup["address_line_1"] = f"{rng.randint(1, 200)} {rng.choice(STREETS)} road"
            dup["town"] = rng.choice(AREAS[area])
    return dup


def make_people(n: int, *, seed: int = 0, duplicate_rate: float = 0.3) -> list[dict[str, str]]:
    """About n records: distinct people plus corrupted duplicates, with cluster_id.

    Records of one person share a cluster_id; duplicate_rate of people get one to three
    extra records.
    """
    rng = random.Random(seed)  # noqa: S311 - synthetic test data, not secrets
    people: list[dict[str, str]] = []
    n_people = max(2, int(n / (1 + duplicate_rate * 1.6)))
    for cluster, person in enumerate(_population(rng, n_people)):
        cluster_id = f"c{cluster}"
        records = [person]
        if rng.random() < duplicate_rate:
            records += [_corrupt(rng, person) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
        for record in records:
            people.append({"record_id": f"r{len(people):07d}", "cluster_id": cluster_id, **record})
            if len(people) >= n:
                return people
    return people


def true_pairs(people: list[dict[str, str]]) -> set[tuple[str, str]]:
    """Every pair of records of one person, as (lower id, higher id)."""
    clusters: dict[str, list[str]] = {}
    for person in people:
        clusters.setdefault(person["cluster_id"], []).append(person["record_id"])
    pairs = set()
    for ids in clusters.values():
        ids.sort()
        pairs.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
    return pairs
