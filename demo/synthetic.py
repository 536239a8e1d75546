"""Seeded synthetic people and Prevent referrals for demos, tests and matching benchmarks.

Pure Python with no Django imports, so benchmarks and notebooks can stream millions of rows
without a database. Everything is invented: names are random combinations of generic name
lists (demo/synthetic_data/), streets are invented, and only postcodes and LSOAs are
real open geography (apps/geography/data/, Open Government Licence v3.0).

Output carries the truth (cluster_id = true identity) so record linkage can be scored.
The same seed always gives the same rows.
"""

import bisect
import csv
import datetime
import functools
import heapq
import itertools
import json
import random
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "synthetic_data"
GEO_DIR = Path(__file__).resolve().parents[1] / "apps" / "geography" / "data"

# ---------------------------------------------------------------------------------------------
# Distributions, all in one place.
# Source: Home Office, "Individuals referred to and supported through the Prevent Programme,
# April 2024 to March 2025" (England and Wales), as summarised in the project's DOMAIN.md
# ("Statistics to calibrate synthetic data"). Values marked "illustrative" have no published
# figure behind them.
# ---------------------------------------------------------------------------------------------

# The reporting year the generated ages are measured against (2025/26).
DEFAULT_AS_OF = datetime.date(2025, 4, 1)

GENDER_SHARES = {"Male": 89.0, "Female": 10.0, "Other or not stated": 1.0}

# (Home Office age band, youngest, oldest, share %). Under-18s 54% (10 or under 4%, 11-15 36%,
# 16-17 13%, scaled to sum to 54); the adult split is illustrative.
AGE_BANDS = [
    ("10 or under", 6, 10, 4.4),
    ("11 to 15", 11, 15, 36.4),
    ("16 to 17", 16, 17, 13.2),
    ("18 to 20", 18, 20, 8.0),
    ("21 to 30", 21, 30, 14.0),
    ("31 to 40", 31, 40, 10.0),
    ("41 to 50", 41, 50, 7.0),
    ("51 and over", 51, 80, 7.0),
]

# At least one mental-health or neurodivergence condition 34%, autism 14%. SEN and
# care-experienced rates are illustrative.
AUTISM_RATE = 0.14
MENTAL_HEALTH_OR_NEURODIVERGENCE_RATE = 0.34
MENTAL_HEALTH_WITH_AUTISM_RATE = 0.30
SEN_RATE_UNDER_18 = 0.16
SEN_RATE_UNDER_18_WITH_AUTISM = 0.6
CARE_EXPERIENCED_RATE = 0.06

DOB_MISSING_RATE = 0.02  # plus duplicates that lose the DOB: about 3% overall
INTERPRETER_RATE_UNDER_18 = 0.15  # of those whose first language is not English; illustrative
INTERPRETER_RATE_ADULT = 0.4

# Naming traditions of the Thames Valley population (illustrative, loosely after Census 2021).
NAME_GROUP_SHARES = {
    "white_british_irish": 62.0,
    "pakistani_bangladeshi": 10.0,
    "indian": 6.0,
    "arab_somali_afghan": 6.0,
    "polish_eastern_european": 7.0,
    "black_british_caribbean_african": 6.0,
    "other": 3.0,
}
NAME_GROUP_SHARES_BY_LA = {  # in the order of NAME_GROUP_SHARES
    "E06000039": [40, 22, 16, 6, 9, 5, 2],  # Slough
    "E06000038": [58, 9, 7, 6, 7, 9, 4],  # Reading
    "E07000178": [62, 7, 5, 6, 5, 7, 8],  # Oxford
    "E06000042": [63, 5, 4, 5, 7, 12, 4],  # Milton Keynes
    "E07000007": [62, 16, 4, 4, 7, 5, 2],  # Wycombe
}
MIXED_SURNAME_RATE = 0.04

# Households that make hard negatives (not duplicates). Rates per new identity; illustrative.
TWIN_RATE = 0.012
SIBLING_RATE = 0.025
PARENT_CHILD_SAME_NAME_RATE = 0.012

# How a duplicate record differs from the true identity: weights per corruption.
DUPLICATE_CHANGES = {
    "typo_given": 14,
    "typo_surname": 14,
    "spelling_given": 12,
    "spelling_surname": 6,
    "nickname": 7,
    "swap_names": 5,
    "dob_day_month_swap": 7,
    "dob_year_digit": 6,
    "drop_middle_names": 10,
    "move_house": 12,
    "drop_dob": 3,
    "exact": 4,
}
DUPLICATE_CHANGE_COUNT = {1: 55, 2: 32, 3: 13}
DUPLICATE_MORE_RATE = 0.3  # chance of each further extra record once an identity has one
DUPLICATE_WINDOW = 20_000  # extra records land within this many rows: bounded memory

REFERRAL_SECTORS = [
    "Education",
    "Police",
    "Local Authority",
    "Health",
    "Community",
    "Friends and Family",
    "Prisons",
    "Probation",
    "Other",
]
# Sector shares by age group, chosen so the totals come out near the published shares
# (Education 37%, Police 29%, Local Authority 10%); the split by age is illustrative.
SECTOR_SHARES_BY_AGE = {
    "under_18": [62, 17, 11, 4, 1.5, 3.5, 0, 0, 1],
    "18_to_20": [40, 28, 8, 10, 5, 5, 1, 2, 1],
    "21_and_over": [1, 46, 9, 14.5, 11, 7, 5, 5, 1.5],
}

# Type of concern, 2024/25 categories. No ideology 56% (split across the two no-ideology
# types, illustratively 60:40), extreme right-wing 21%, Islamist 10%, fascination 5%,
# left-wing under 1%, other the rest. Cyber Prevent referrals are recorded as "Other".
TYPE_OF_CONCERN_SHARES = {
    "Extreme right-wing": 21.0,
    "Islamist": 10.0,
    "Left-wing": 0.7,
    "No ideology identified": 33.6,
    "No ideology – other susceptibility to radicalisation identified": 22.4,
    "Fascination with extreme violence or mass casualty attacks (where no other ideology)": 5.0,
    "Other": 7.3,
}
CYBER_TYPE_OF_CONCERN = "Other"

# Cyber Prevent: a small share, mostly young people (average age at arrest cited as 17).
CYBER_RATE_UNDER_25 = 0.034
CYBER_RATE_25_AND_OVER = 0.005
CYBER_SOURCES = {  # source: (share, referral sector)
    "NCCU intelligence package": (25, "Police"),
    "ROCU intelligence package": (15, "Police"),
    "Action Fraud": (15, "Police"),
    "Operation PowerOff": (20, "Police"),
    "School or college": (15, "Education"),
    "Parent or carer": (10, "Friends and Family"),
}
CMA_SECTION_SHARES = {"s1": 40, "s2": 12, "s3": 25, "s3ZA": 3, "s3A": 20}

# January to March is the busiest quarter; summer holidays are quiet. Illustrative by month.
MONTH_WEIGHTS = {1: 10, 2: 10, 3: 11, 4: 8, 5: 8.5, 6: 8, 7: 6.5, 8: 5, 9: 8, 10: 9, 11: 9, 12: 7}
WEEKEND_WEIGHT = 0.25

CHANNEL_SHARES_POLICE = {"Internal police": 85, "E-mail": 10, "Phone": 5}
CHANNEL_SHARES_OTHER = {"Online portal": 60, "E-mail": 28, "Phone": 12}
REPEAT_REFERRAL_RATE = 0.08  # the same record referred again in the year; illustrative
SECOND_REPEAT_RATE = 0.2
PERSON_KNOWS_SHARES = {True: 55, False: 35, None: 10}
PARENTS_KNOW_SHARES = {True: 60, False: 30, None: 10}
OTHER_AGENCY_RATE = 0.08  # each agency independently; illustrative
FEEDBACK_ALLOWED_RATE = {"Friends and Family": 0.7, "default": 0.9}

PEOPLE_CSV_COLUMNS = [
    "record_id",
    "given_name",
    "middle_names",
    "surname",
    "date_of_birth",
    "gender",
    "postcode",
    "address_line_1",
    "town",
    "cluster_id",
]

_KEYBOARD = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij",
    "i": "uok", "o": "ipl", "p": "ol", "a": "qsz", "s": "adw", "d": "sfe", "f": "dgr",
    "g": "fht", "h": "gjy", "j": "hku", "k": "jli", "l": "ko", "z": "xa", "x": "zcs",
    "c": "xvd", "v": "cbf", "b": "vng", "n": "bmh", "m": "nj",
}  # fmt: skip


class _Weighted:
    """Weighted choice by bisecting cumulative shares: much faster than rng.choices per call."""

    __slots__ = ("items", "cumulative")

    def __init__(self, shares: dict) -> None:
        self.items = list(shares)
        total = float(sum(shares.values()))
        running = 0.0
        self.cumulative = []
        for weight in shares.values():
            running += weight
            self.cumulative.append(running / total)
        self.cumulative[-1] = 1.0

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cumulative, rng.random())]


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


class _Tables:
    """Reference lists loaded once and indexed for fast streaming."""

    def __init__(self) -> None:
        names = _load(DATA_DIR / "names.json")["groups"]
        self.groups = names
        self.group_names = list(NAME_GROUP_SHARES)
        self.group_default = _Weighted(NAME_GROUP_SHARES)
        self.group_by_la = {
            code: _Weighted(dict(zip(self.group_names, shares, strict=True)))
            for code, shares in NAME_GROUP_SHARES_BY_LA.items()
        }
        self.languages = {g: _Weighted(spec["languages"]) for g, spec in names.items()}

        variants = _load(DATA_DIR / "variants.json")
        self.spellings: dict[str, list[str]] = {}
        for spelling_set in variants["spellings"]:
            for name in spelling_set:
                known = self.spellings.setdefault(name, [])
                known.extend(n for n in spelling_set if n != name and n not in known)
        self.nicknames: dict[str, list[str]] = variants["nicknames"]
        excluded = _load(DATA_DIR / "excluded_names.json")["full_names"]
        self.excluded = {name.casefold() for name in excluded}

        streets = _load(DATA_DIR / "streets.json")
        self.street_stems = streets["stems"]
        self.street_suffixes = streets["suffixes"]
        self.text = _load(DATA_DIR / "referral_text.json")

        self._load_geography()

        self.gender = _Weighted(GENDER_SHARES)
        self.age_band = _Weighted({band: share for band, _, _, share in AGE_BANDS})
        self.age_range = {band: (low, high) for band, low, high, _ in AGE_BANDS}
        self.duplicate_change = _Weighted(DUPLICATE_CHANGES)
        self.duplicate_change_count = _Weighted(DUPLICATE_CHANGE_COUNT)
        self.sector_by_age = {
            group: _Weighted(dict(zip(REFERRAL_SECTORS, shares, strict=True)))
            for group, shares in SECTOR_SHARES_BY_AGE.items()
        }
        self.cyber_source = _Weighted({k: v[0] for k, v in CYBER_SOURCES.items()})
        self.cma_section = _Weighted(CMA_SECTION_SHARES)
        self.channel_police = _Weighted(CHANNEL_SHARES_POLICE)
        self.channel_other = _Weighted(CHANNEL_SHARES_OTHER)
        self.person_knows = _Weighted(PERSON_KNOWS_SHARES)
        self.parents_know = _Weighted(PARENTS_KNOW_SHARES)
        self.type_of_concern = self._non_cyber_type_of_concern()

    def _load_geography(self) -> None:
        authorities = _load(GEO_DIR / "local_authorities.json")
        self.post_towns: dict[str, str] = authorities["post_towns"]
        self.la_names = {la["code"]: la["name"] for la in authorities["local_authorities"]}
        code_by_name = {name: code for code, name in self.la_names.items()}

        self.lsoas_by_la: dict[str, list[str]] = {code: [] for code in self.la_names}
        for feature in _load(GEO_DIR / "thames_valley_lsoa_2011.geojson")["features"]:
            props = feature["properties"]
            self.lsoas_by_la[code_by_name[props["lad_name"]]].append(props["lsoa11cd"])

        by_district: dict[str, list[str]] = {}
        with (GEO_DIR / "thames_valley_postcodes.txt").open(encoding="utf-8") as handle:
            for line in handle:
                postcode = line.strip()
                if postcode:
                    by_district.setdefault(postcode.split(" ", 1)[0], []).append(postcode)
        self.postcodes_by_la = {
            la["code"]: [pc for d in la["postcode_districts"] for pc in by_district[d]]
            for la in authorities["local_authorities"]
        }
        # LSOAs hold roughly equal populations, so weighting by LSOA count weights by people.
        self.local_authority = _Weighted({c: len(v) for c, v in self.lsoas_by_la.items()})

    def _non_cyber_type_of_concern(self) -> _Weighted:
        """Shrink "Other" for non-cyber referrals so the overall share still matches."""
        cyber = (CYBER_RATE_UNDER_25 * 0.7 + CYBER_RATE_25_AND_OVER * 0.3) * 100
        shares = dict(TYPE_OF_CONCERN_SHARES)
        shares[CYBER_TYPE_OF_CONCERN] = max(shares[CYBER_TYPE_OF_CONCERN] - cyber, 0.1)
        return _Weighted(shares)


@functools.cache
def _tables() -> _Tables:
    return _Tables()


def _rng(seed: int, stream: str) -> random.Random:
    # Not for security: a reproducible stream per purpose, so people and referrals differ.
    return random.Random(f"{stream}:{seed}")  # noqa: S311


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------


def _address(rng: random.Random, t: _Tables, la_code: str | None = None) -> dict:
    if la_code is None:
        la_code = t.local_authority.pick(rng)
    postcode = rng.choice(t.postcodes_by_la[la_code])
    number = 1 + int(rng.random() ** 2 * 180)
    street = f"{rng.choice(t.street_stems)} {rng.choice(t.street_suffixes)}"
    line_1 = f"{number} {street}"
    if rng.random() < 0.1:
        line_1 = f"Flat {rng.randint(1, 24)}, {line_1}"
    return {
        "postcode": postcode,
        "address_line_1": line_1,
        "town": t.post_towns[postcode.split(" ", 1)[0]],
        "lsoa_code": rng.choice(t.lsoas_by_la[la_code]),
        "local_authority_code": la_code,
    }


def _age(rng: random.Random, t: _Tables) -> int:
    low, high = t.age_range[t.age_band.pick(rng)]
    if high - low > 20:  # the open-ended oldest band thins out with age
        return int(rng.triangular(low, high + 1, low))
    if low < 11:
        return rng.choice((6, 7, 8, 8, 9, 9, 9, 10, 10, 10, 10))
    return rng.randint(low, high)


def _dob_for_age(rng: random.Random, age: int, as_of_ordinal: int) -> str:
    """A DOB giving this age half way through the year from as_of, when referrals peak."""
    on = as_of_ordinal + 182
    return datetime.date.fromordinal(on - int(age * 365.25) - rng.randrange(365)).isoformat()


def _estimate(rng: random.Random, age: int) -> int:
    if age > 20 and rng.random() < 0.5:
        return max(21, 5 * round(age / 5))
    return max(5, age + rng.choice((-2, -1, 0, 0, 0, 1, 2)))


def _gendered_surname(surname: str, gender: str) -> str:
    """Polish -ski/-cki surnames take -ska/-cka for women, a common mismatch between records."""
    if surname.endswith(("ska", "cka")):
        surname = surname[:-1] + "i"
    if gender == "Female" and surname.endswith(("ski", "cki")):
        return surname[:-1] + "a"
    return surname


def _given_name(rng: random.Random, spec: dict, gender: str) -> str:
    if gender == "Male":
        return rng.choice(spec["male"])
    if gender == "Female":
        return rng.choice(spec["female"])
    return rng.choice(spec["male"] if rng.random() < 0.5 else spec["female"])


def _middle_names(rng: random.Random, spec: dict, gender: str, given: str) -> str:
    if rng.random() >= spec["middle_name_rate"]:
        return ""
    names = []
    for _ in range(2 if rng.random() < 0.15 else 1):
        pool = None
        if rng.random() < 0.5:
            pool = spec.get("middle_names_female" if gender == "Female" else "middle_names_male")
        name = rng.choice(pool) if pool else _given_name(rng, spec, gender)
        if name != given and name not in names:
            names.append(name)
    return " ".join(names)


def _needs(rng: random.Random, age: int) -> list[str]:
    needs = []
    autism = rng.random() < AUTISM_RATE
    if autism:
        needs.append("autism")
        if rng.random() < MENTAL_HEALTH_WITH_AUTISM_RATE:
            needs.append("mental_health")
    elif rng.random() < (MENTAL_HEALTH_OR_NEURODIVERGENCE_RATE - AUTISM_RATE) / (1 - AUTISM_RATE):
        roll = rng.random()
        if roll < 0.65:
            needs.append("mental_health")
        elif roll < 0.9:
            needs.append("neurodivergence")
        else:
            needs.extend(("neurodivergence", "mental_health"))
    if age < 18 and rng.random() < (SEN_RATE_UNDER_18_WITH_AUTISM if autism else SEN_RATE_UNDER_18):
        needs.insert(0, "sen")
    if rng.random() < CARE_EXPERIENCED_RATE:
        needs.append("care_experienced")
    return needs


def _language(rng: random.Random, t: _Tables, group: str, age: int) -> tuple[str, bool]:
    language = t.languages[group].pick(rng)
    if language == "English":
        return language, False
    rate = INTERPRETER_RATE_UNDER_18 if age < 18 else INTERPRETER_RATE_ADULT
    return language, rng.random() < rate


def _is_excluded(t: _Tables, given: str, surname: str) -> bool:
    return f"{given} {surname}".casefold() in t.excluded


class _Identity:
    """A true identity: its canonical record plus what duplicates and households need."""

    __slots__ = ("record", "age", "group")

    def __init__(self, record: dict, age: int, group: str) -> None:
        self.record = record
        self.age = age
        self.group = group


def _new_identity(rng: random.Random, t: _Tables, cluster_id: str, as_of_ordinal: int) -> _Identity:
    address = _address(rng, t)
    group_pick = t.group_by_la.get(address["local_authority_code"], t.group_default)
    group = group_pick.pick(rng)
    spec = t.groups[group]
    gender = t.gender.pick(rng)
    surname_spec = spec
    if rng.random() < MIXED_SURNAME_RATE:
        surname_spec = t.groups[t.group_default.pick(rng)]
    surname = _gendered_surname(rng.choice(surname_spec["surnames"]), gender)
    given = _given_name(rng, spec, gender)
    while _is_excluded(t, given, surname) or given == surname:
        given = _given_name(rng, spec, gender)
    age = _age(rng, t)
    return _make_identity(
        rng, t, cluster_id, as_of_ordinal, address=address, group=group, gender=gender,
        given=given, surname=surname, age=age,
    )  # fmt: skip


def _make_identity(
    rng: random.Random,
    t: _Tables,
    cluster_id: str,
    as_of_ordinal: int,
    *,
    address: dict,
    group: str,
    gender: str,
    given: str,
    surname: str,
    age: int,
    date_of_birth: str | None = None,
) -> _Identity:
    spec = t.groups[group]
    if date_of_birth is None and rng.random() >= DOB_MISSING_RATE:
        date_of_birth = _dob_for_age(rng, age, as_of_ordinal)
    language, interpreter = _language(rng, t, group, age)
    record = {
        "record_id": "",
        "cluster_id": cluster_id,
        "given_name": given,
        "middle_names": _middle_names(rng, spec, gender, given),
        "surname": surname,
        "date_of_birth": date_of_birth,
        "estimated_age": None if date_of_birth else _estimate(rng, age),
        "gender": gender,
        **address,
        "first_language": language,
        "interpreter_needed": interpreter,
        "needs": _needs(rng, age),
    }
    return _Identity(record, age, group)


def _household(
    rng: random.Random,
    t: _Tables,
    head: _Identity,
    next_cluster: Callable[[], str],
    as_of_ordinal: int,
) -> list[_Identity]:
    """Hard negatives: other real people at the same address who are not duplicates."""
    roll = rng.random()
    if roll >= TWIN_RATE + SIBLING_RATE + PARENT_CHILD_SAME_NAME_RATE:
        return []
    record = head.record
    address = {k: record[k] for k in _ADDRESS_KEYS}
    spec = t.groups[head.group]
    surname = record["surname"]
    if roll < TWIN_RATE + SIBLING_RATE:
        gender = record["gender"] if rng.random() < 0.6 else t.gender.pick(rng)
        given = _given_name(rng, spec, gender)
        while given == record["given_name"] or _is_excluded(t, given, surname):
            given = _given_name(rng, spec, gender)
        surname = _gendered_surname(surname, gender)
        if roll < TWIN_RATE:  # twins: same surname, DOB and address, different given name
            age, dob = head.age, record["date_of_birth"]
            if dob is None:
                dob = _dob_for_age(rng, age, as_of_ordinal)
                record["date_of_birth"], record["estimated_age"] = dob, None
        else:
            age = max(6, head.age + rng.choice((-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6)))
            dob = None
        return [
            _make_identity(
                rng, t, next_cluster(), as_of_ordinal, address=address, group=head.group,
                gender=gender, given=given, surname=surname, age=age, date_of_birth=dob,
            )
        ]  # fmt: skip
    # Parent and child with identical given name and surname, DOBs decades apart.
    gap = rng.randint(20, 42)
    age = head.age - gap if head.age - gap >= 6 else head.age + gap
    return [
        _make_identity(
            rng, t, next_cluster(), as_of_ordinal, address=address, group=head.group,
            gender=record["gender"], given=record["given_name"], surname=surname, age=age,
        )
    ]  # fmt: skip


_ADDRESS_KEYS = ("postcode", "address_line_1", "town", "lsoa_code", "local_authority_code")


def _typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: insert, delete, substitute or transpose (first letter kept)."""
    if len(text) < 3:
        return text + text[-1:].lower()
    op = rng.randrange(4)
    i = rng.randrange(1, len(text))
    char = text[i]
    near = _KEYBOARD.get(char.lower())
    if op == 3 and len(text) > 3:
        i = rng.randrange(2, len(text))
        if text[i - 1] != text[i]:
            return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
        op = 1
    if op == 2 and near:
        slip = rng.choice(near)
        return text[:i] + (slip.upper() if char.isupper() else slip) + text[i + 1 :]
    if op == 0:
        before = text[i - 1].lower()
        extra = rng.choice(_KEYBOARD[before]) if before in _KEYBOARD else before
        return text[:i] + extra + text[i:]
    return text[:i] + text[i + 1 :]


def _ascii_fold(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _respell(rng: random.Random, t: _Tables, name: str) -> str:
    if name != _ascii_fold(name):
        return _ascii_fold(name)
    if name.endswith(("ska", "cka")):  # recorded with the masculine form
        return name[:-1] + "i"
    options = t.spellings.get(name)
    if options:
        return rng.choice(options)
    return _typo(rng, name)


def _swap_day_month(iso: str) -> str | None:
    year, month, day = iso.split("-")
    if day == month or int(day) > 12:
        return None
    return f"{year}-{day}-{month}"


def _year_digit_typo(rng: random.Random, iso: str, before_year: int) -> str:
    """Mistype the last or the decade digit of the year, never into the future."""
    year = iso[:4]
    position = 3 if rng.random() < 0.7 else 2
    options = []
    for step in (-1, 1):
        digit = int(year[position]) + step
        candidate = year[:position] + str(digit) + year[position + 1 :]
        if 0 <= digit <= 9 and int(candidate) < before_year:
            options.append(candidate)
    month_day = iso[5:]
    if month_day == "02-29":
        month_day = "02-28"  # the new year may not be a leap year
    return f"{rng.choice(options) if options else year}-{month_day}"


def _duplicate(rng: random.Random, t: _Tables, identity: _Identity, as_of_ordinal: int) -> dict:
    """Another record of the same person, as another referrer or system wrote it."""
    record = dict(identity.record)
    this_year = datetime.date.fromordinal(as_of_ordinal).year
    record["needs"] = list(record["needs"]) if rng.random() < 0.7 else []
    for _ in range(t.duplicate_change_count.pick(rng)):
        change = t.duplicate_change.pick(rng)
        given, surname, dob = record["given_name"], record["surname"], record["date_of_birth"]
        if change == "typo_given":
            record["given_name"] = _typo(rng, given)
        elif change == "typo_surname":
            record["surname"] = _typo(rng, surname)
        elif change == "spelling_given":
            record["given_name"] = _respell(rng, t, given)
        elif change == "spelling_surname":
            record["surname"] = _respell(rng, t, surname)
        elif change == "nickname":
            options = t.nicknames.get(given)
            record["given_name"] = rng.choice(options) if options else _respell(rng, t, given)
        elif change == "swap_names":
            record["given_name"], record["surname"] = surname, given
        elif change == "dob_day_month_swap" and dob:
            record["date_of_birth"] = _swap_day_month(dob) or _year_digit_typo(rng, dob, this_year)
        elif change == "dob_year_digit" and dob:
            record["date_of_birth"] = _year_digit_typo(rng, dob, this_year)
        elif change == "drop_middle_names":
            if record["middle_names"]:
                record["middle_names"] = ""
            else:
                record["given_name"] = _typo(rng, given)
        elif change == "move_house":
            same_area = rng.random() < 0.7
            record.update(_address(rng, t, record["local_authority_code"] if same_area else None))
        elif change == "drop_dob" and dob:
            record["date_of_birth"] = None
            record["estimated_age"] = _estimate(rng, identity.age)
    if _is_excluded(t, record["given_name"], record["surname"]):
        record["given_name"] = identity.record["given_name"]
        record["surname"] = identity.record["surname"]
    if rng.random() < 0.02:
        record["gender"] = "Other or not stated"
    return record


def generate_people(
    n: int,
    *,
    seed: int = 0,
    duplicate_rate: float = 0.2,
    as_of: datetime.date = DEFAULT_AS_OF,
) -> Iterator[dict]:
    """Stream n synthetic person records; duplicate_rate of them re-record an earlier identity.

    Each dict has record_id, cluster_id (the true identity), given_name, middle_names,
    surname, date_of_birth (ISO or None), estimated_age (only when the DOB is missing),
    gender, postcode, address_line_1, town, lsoa_code, local_authority_code,
    first_language, interpreter_needed and needs. Ages follow the referral statistics at the
    middle of the year from as_of.
    Households add hard negatives (twins, siblings, a parent and child of the same name):
    same address, different cluster_id.
    """
    t = _tables()
    rng = _rng(seed, "people")
    as_of_ordinal = as_of.toordinal()
    extra_chance, extra_more = _duplicate_counts(duplicate_rate)
    window = max(1, min(DUPLICATE_WINDOW, n // 2))
    scheduled: list[tuple[int, int, _Identity]] = []  # (due record number, order, identity)
    order = itertools.count()
    household: deque[_Identity] = deque()
    clusters = 0

    def next_cluster() -> str:
        nonlocal clusters
        clusters += 1
        return f"SYNC-{clusters:07d}"

    def schedule(identity: _Identity, now: int) -> None:
        if rng.random() >= extra_chance:
            return
        while True:
            heapq.heappush(scheduled, (now + rng.randint(1, window), next(order), identity))
            if rng.random() >= extra_more:
                return

    for i in range(1, n + 1):
        # Duplicates fall due at random later positions; near the end they are let in early so
        # the requested share survives short runs.
        if scheduled and (scheduled[0][0] <= i or len(scheduled) > n - i - len(household)):
            record = _duplicate(rng, t, heapq.heappop(scheduled)[2], as_of_ordinal)
        else:
            if household:
                identity = household.popleft()
            else:
                identity = _new_identity(rng, t, next_cluster(), as_of_ordinal)
                household.extend(_household(rng, t, identity, next_cluster, as_of_ordinal))
            schedule(identity, i)
            record = dict(identity.record, needs=list(identity.record["needs"]))
        record["record_id"] = f"SYNP-{i:07d}"
        yield record


def _duplicate_counts(duplicate_rate: float) -> tuple[float, float]:
    """Chance an identity gets any extra records, and of each further one (geometric).

    Extra records per identity average rate / (1 - rate), so they make up rate of all records.
    """
    if not 0 <= duplicate_rate < 1:
        raise ValueError("duplicate_rate must be at least 0 and below 1")
    mean_extra = duplicate_rate / (1 - duplicate_rate)
    more = DUPLICATE_MORE_RATE
    chance = mean_extra * (1 - more)
    if chance > 1:
        chance, more = 1.0, 1 - 1 / mean_extra
    return chance, more


def write_people_csv(
    path: str | Path, n: int, *, seed: int = 0, duplicate_rate: float = 0.2
) -> int:
    """Write n people to a CSV for linkage benchmarks; returns the rows written."""
    rows = 0
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PEOPLE_CSV_COLUMNS)
        for person in generate_people(n, seed=seed, duplicate_rate=duplicate_rate):
            writer.writerow(
                [person[c] if person[c] is not None else "" for c in PEOPLE_CSV_COLUMNS]
            )
            rows += 1
    return rows


# ---------------------------------------------------------------------------------------------
# Referrals
# ---------------------------------------------------------------------------------------------


def _day_weights(year_start: datetime.date) -> list[float]:
    cumulative, running = [], 0.0
    for offset in range(365):
        day = year_start + datetime.timedelta(days=offset)
        weight = MONTH_WEIGHTS[day.month] * (WEEKEND_WEIGHT if day.weekday() >= 5 else 1.0)
        running += weight
        cumulative.append(running)
    return [c / running for c in cumulative]


def _age_on(person: dict, day: datetime.date) -> int | None:
    dob = person.get("date_of_birth")
    if dob:
        born = datetime.date.fromisoformat(dob)
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return person.get("estimated_age")


def _education_stage(age: int | None) -> str:
    if age is None or 11 <= age <= 15:
        return "secondary"
    if age <= 10:
        return "primary"
    return "further" if age <= 20 else "adult"


_CHILD_ONLY_AGENCIES = {"Children's social care", "Early help", "CAMHS", "Virtual school"}
_ADULT_ONLY_AGENCIES = {"Adult social care", "Probation"}
_PRONOUNS = {
    "Male": ("him", "his"),
    "Female": ("her", "her"),
    "Other or not stated": ("them", "their"),
}


def _fill(template: str, **values: str) -> str:
    return template.format(**values) if template else ""


def _referrer(
    rng: random.Random, t: _Tables, sector: str, person: dict, place: dict, age: int | None
) -> dict:
    spec = t.groups[t.group_default.pick(rng)]
    gender = "Female" if rng.random() < 0.6 else "Male"
    role = rng.choice(t.text["roles"][sector])
    surname = _gendered_surname(rng.choice(spec["surnames"]), gender)
    if sector == "Friends and Family" and role != "Friend" and rng.random() < 0.7:
        surname = person["surname"]
    given = _given_name(rng, spec, gender)
    while _is_excluded(t, given, surname):
        given = _given_name(rng, spec, gender)
    organisations = t.text["organisations"][sector]
    if isinstance(organisations, dict):  # schools by stage, so a 9-year-old is not at college
        organisations = organisations[_education_stage(age)]
    organisation = _fill(rng.choice(organisations), **place)
    feedback = FEEDBACK_ALLOWED_RATE.get(sector, FEEDBACK_ALLOWED_RATE["default"])
    return {
        "name": f"{given} {surname}",
        "organisation": organisation,
        "role": role,
        "sector": sector,
        "may_be_given_feedback": rng.random() < feedback,
    }


def _referral(
    rng: random.Random, t: _Tables, person: dict, day: datetime.date, source_reference: str
) -> dict:
    age = _age_on(person, day)
    under_18 = age is not None and age < 18
    young = age is None or age < 25
    is_cyber = rng.random() < (CYBER_RATE_UNDER_25 if young else CYBER_RATE_25_AND_OVER)
    cyber_source = None
    cma_sections: list[str] = []
    if is_cyber:
        cyber_source = t.cyber_source.pick(rng)
        sector = CYBER_SOURCES[cyber_source][1]
        type_of_concern = CYBER_TYPE_OF_CONCERN
        cma_sections = ["s3"] if cyber_source == "Operation PowerOff" else []
        for _ in range(1 if rng.random() < 0.7 else 2):
            section = t.cma_section.pick(rng)
            if section not in cma_sections:
                cma_sections.append(section)
        cma_sections.sort(key=list(CMA_SECTION_SHARES).index)
    else:
        if under_18:
            band = "under_18"
        elif age is not None and age <= 20:
            band = "18_to_20"
        else:
            band = "21_and_over"
        sector = t.sector_by_age[band].pick(rng)
        type_of_concern = t.type_of_concern.pick(rng)
    channel = (t.channel_police if sector == "Police" else t.channel_other).pick(rng)

    la_code = person.get("local_authority_code") or t.local_authority.pick(rng)
    place = {
        "stem": rng.choice(t.text["organisation_stems"]),
        "town": person.get("town") or "Reading",
        "la": t.la_names.get(la_code, "Reading"),
    }
    obj, poss = _PRONOUNS.get(person.get("gender"), _PRONOUNS["Other or not stated"])
    words = {"name": person["given_name"], "obj": obj, "poss": poss, "org": "", "town": ""}
    referrer = _referrer(rng, t, sector, person, place, age)
    words.update(org=referrer["organisation"] or "our service", town=place["town"])
    opener_sector = "Police" if is_cyber and sector == "Police" else sector
    bodies = t.text["cyber_bodies"] if is_cyber else t.text["bodies"][type_of_concern]
    concern = " ".join(
        part
        for part in (
            _fill(rng.choice(t.text["openers"][opener_sector]), **words),
            _fill(rng.choice(bodies), **words),
            _fill(rng.choice(t.text["closers"]), **words),
        )
        if part
    )
    not_for_age = _CHILD_ONLY_AGENCIES if not under_18 else _ADULT_ONLY_AGENCIES
    agencies = [
        agency
        for agency in t.text["other_agencies"]
        if rng.random() < OTHER_AGENCY_RATE and agency not in not_for_age
    ]
    return {
        "source_reference": source_reference,
        "record_id": person["record_id"],
        "cluster_id": person.get("cluster_id"),
        "date_received": day.isoformat(),
        "channel": channel,
        "sector": sector,
        "type_of_concern": type_of_concern,
        "is_cyber": is_cyber,
        "cyber_source": cyber_source,
        "cma_sections": cma_sections,
        "referrer": referrer,
        "concern": concern,
        "action_taken": _fill(rng.choice(t.text["actions_taken"][sector]), **words),
        "other_agencies": agencies,
        "person_knows": t.person_knows.pick(rng),
        "parents_know": t.parents_know.pick(rng) if under_18 else None,
    }


def generate_referrals(
    people: Iterable[dict], *, year_start: datetime.date, seed: int = 0
) -> Iterator[dict]:
    """Stream a year of referrals from year_start: at least one per person record.

    Records of one cluster are the same person referred again under another spelling; a share
    of records are also referred again as themselves. Output is in people order, not date
    order: sort it if you need a timeline.
    """
    t = _tables()
    rng = _rng(seed, "referrals")
    day_cumulative = _day_weights(year_start)
    sequence = 0
    for person in people:
        count = 1
        if rng.random() < REPEAT_REFERRAL_RATE:
            count = 3 if rng.random() < SECOND_REPEAT_RATE else 2
        offsets = sorted(bisect.bisect_right(day_cumulative, rng.random()) for _ in range(count))
        for k in range(1, count):  # repeats on a later day than the one before
            offsets[k] = min(max(offsets[k], offsets[k - 1] + 7), 364)
        for offset in offsets:
            sequence += 1
            day = year_start + datetime.timedelta(days=offset)
            yield _referral(rng, t, person, day, f"SYN-{year_start.year}-{sequence:06d}")
