"""A second invented population, written apart from apps/matching/tests/population.py.

The model and blocking were tuned on that generator, so scoring only on its records
flatters them. This one shares no code, name list or corruption rule with it (it does
not import it, nor apps.matching), and makes the records a force extract really holds:

* its own name lists (British, Irish, South Asian, Arabic, Somali, West African,
  Eastern European, Chinese and Vietnamese names), drawn with steeper frequencies;
* families with two parents and children, where a child often takes a parent's full
  name and is sometimes born on the same day of the year as that parent; twins and
  triplets with different given names, some of them alike (Aiden and Aidan's sister
  Aida);
* duplicates whose errors are correlated, as in life: a move of house together with a
  missing or changed date of birth, a marriage (new surname) together with a move,
  transliterated names (Mohammed / Muhammad, Dmitri / Dmytro), keyboard-neighbour
  typos, phonetic misspellings, a digit of the birth year keyed wrongly, American
  dates, postcodes without a space, flats written three ways;
* a few impossible dates of birth (29 February in a common year, 31 April), as every
  force extract has.

No real person: given names and surnames are combined at random, streets and house
numbers are invented, postcodes are made-up units in real postcode areas.

    uv run python -m benchmarks.independent_population --size 26000 --output people.csv
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import csv
import itertools
import random
import sys
from pathlib import Path

COLUMNS = (
    "record_id",
    "given_name",
    "middle_names",
    "surname",
    "date_of_birth",
    "gender",
    "postcode",
    "address_line_1",
    "town",
)

# Each group: spellings of one name as different clerks and transliteration schemes
# write it. The first is the most common spelling.
BOYS = (
    ("oliver",),
    ("george",),
    ("harry",),
    ("jack",),
    ("jacob",),
    ("charlie",),
    ("thomas",),
    ("oscar",),
    ("william",),
    ("james",),
    ("henry",),
    ("leo",),
    ("alfie",),
    ("joshua",),
    ("freddie",),
    ("archie",),
    ("ethan",),
    ("isaac",),
    ("alexander",),
    ("joseph",),
    ("edward",),
    ("samuel",),
    ("max",),
    ("logan",),
    ("lucas",),
    ("daniel",),
    ("theo",),
    ("arthur",),
    ("mason",),
    ("harrison",),
    ("aiden", "aidan", "ayden"),
    ("connor", "conor"),
    ("sean", "shaun", "shawn"),
    ("ciaran", "kieran"),
    ("cormac",),
    ("padraig", "patrick"),
    ("euan", "ewan"),
    ("lewis", "louis"),
    ("mohammed", "muhammad", "mohammad", "mohamed", "muhammed"),
    ("ahmed", "ahmad"),
    ("yusuf", "yousuf", "youssef", "yusef"),
    ("ibrahim", "ebrahim"),
    ("hamza", "hamzah"),
    ("abdullah", "abdallah"),
    ("mustafa", "mostafa"),
    ("hussein", "husain", "hussain"),
    ("imran",),
    ("zain", "zayn"),
    ("rayyan", "rayan"),
    ("abdirahman", "abdurahman"),
    ("abdi",),
    ("mahad",),
    ("chukwuemeka",),
    ("oluwatobi", "tobi"),
    ("kofi",),
    ("emeka",),
    ("tunde", "babatunde"),
    ("dmitri", "dmitry", "dmytro"),
    ("sergei", "sergey", "serhiy"),
    ("andrei", "andriy", "andrey"),
    ("mykola", "nikolai"),
    ("oleksandr", "aleksandr"),
    ("jakub",),
    ("mateusz",),
    ("kacper",),
    ("bartosz",),
    ("tomasz",),
    ("ravi",),
    ("vikram",),
    ("gurpreet",),
    ("jaspreet",),
    ("arjun",),
    ("rohan",),
    ("kai",),
    ("jian",),
    ("minh",),
    ("tuan",),
)
GIRLS = (
    ("olivia",),
    ("amelia",),
    ("isla",),
    ("ava",),
    ("emily",),
    ("sophia", "sofia"),
    ("grace",),
    ("lily", "lilly"),
    ("ella",),
    ("freya",),
    ("charlotte",),
    ("evie",),
    ("poppy",),
    ("daisy",),
    ("florence",),
    ("alice",),
    ("matilda",),
    ("rosie",),
    ("ruby",),
    ("phoebe",),
    ("erin",),
    ("caoimhe", "keeva"),
    ("saoirse", "seersha"),
    ("aoife", "eva"),
    ("niamh", "neve"),
    ("eilidh", "ailie"),
    ("catriona", "katrina"),
    ("aida",),
    ("aisha", "ayesha", "aysha", "aishah"),
    ("fatima", "fatimah", "fatema"),
    ("maryam", "mariam", "maryum"),
    ("zainab", "zaynab"),
    ("khadija", "khadijah", "hadija"),
    ("amina", "aminah", "ameena"),
    ("hafsa", "hafsah"),
    ("sumaya", "sumaiya", "somaya"),
    ("hodan",),
    ("ifrah",),
    ("ngozi",),
    ("chiamaka",),
    ("adaeze",),
    ("folake",),
    ("oksana",),
    ("tetiana", "tatiana", "tatyana"),
    ("yulia", "julia", "yuliya"),
    ("natalia", "natalya", "nataliya"),
    ("zuzanna",),
    ("wiktoria", "viktoria"),
    ("agata",),
    ("magdalena",),
    ("priya",),
    ("anjali",),
    ("simran",),
    ("navdeep",),
    ("harleen",),
    ("mei",),
    ("xiaoling",),
    ("linh",),
    ("thao",),
)
SURNAMES = (
    ("smith",),
    ("jones",),
    ("taylor",),
    ("brown",),
    ("williams",),
    ("wilson",),
    ("johnson",),
    ("davies",),
    ("robinson",),
    ("wright",),
    ("thompson",),
    ("evans",),
    ("walker",),
    ("white",),
    ("roberts",),
    ("green",),
    ("hall",),
    ("wood",),
    ("jackson",),
    ("clarke", "clark"),
    ("patel",),
    ("khan",),
    ("ahmed", "ahmad"),
    ("hussain", "hussein", "husain"),
    ("ali",),
    ("begum",),
    ("rahman", "rehman"),
    ("chowdhury", "choudhury", "chaudhry", "chaudhary"),
    ("mohamed", "mohammed", "muhammad"),
    ("abdullahi", "abdulahi"),
    ("warsame",),
    ("farah",),
    ("okonkwo",),
    ("adeyemi",),
    ("mensah",),
    ("owusu",),
    ("okafor",),
    ("kowalczyk",),
    ("lewandowski",),
    ("wojcik", "wojcick"),
    ("kaminski", "kaminsky"),
    ("shevchenko", "schevchenko", "shevtchenko"),
    ("kovalenko", "kowalenko"),
    ("bondarenko",),
    ("ivanova", "ivanowa"),
    ("petrenko",),
    ("sandhu",),
    ("gill",),
    ("sidhu",),
    ("kaur",),
    ("sharma",),
    ("nguyen",),
    ("tran",),
    ("li", "lee"),
    ("wang",),
    ("zhao",),
    ("o'neill", "oneill", "o'neil"),
    ("mcallister", "macallister", "mcalister"),
    ("macdonald", "mcdonald"),
    ("doherty", "docherty"),
    ("murphy",),
    ("kelly",),
    ("byrne", "byrnes"),
    ("quinn",),
    ("gallagher",),
    ("reid", "reed", "read"),
    ("thomson", "thompson"),
    ("stewart", "stuart"),
    ("philips", "phillips"),
    ("matthews", "mathews"),
)
# A long tail of rare invented surnames (most people have a rare surname).
_FRONT = "bar cal dra fol gan hesk ire jes kil lor mot nes orv pra ros sten tul vos wim yel".split()
_MIDDLE = ("", "er", "ing", "s")
_BACK = "dene garth holm keld leigh mere ridge stead thwaite wick bourne cote".split()
RARE_SURNAMES = tuple(
    (front + middle + back,) for front in _FRONT for middle in _MIDDLE for back in _BACK
)

ROADS = (
    "albion",
    "beaconsfield",
    "cobden",
    "derwent",
    "ennerdale",
    "fairfax",
    "gladstone",
    "harcourt",
    "ivanhoe",
    "jubilee",
    "kelvin",
    "lonsdale",
    "marlborough",
    "nelson",
    "osborne",
    "palmerston",
    "raglan",
    "salisbury",
    "tennyson",
    "wellington",
    "clifton",
    "moorland",
    "rosebery",
    "sandringham",
)
ROAD_KINDS = (("road", "rd"), ("street", "st"), ("terrace", "terr"), ("gardens", "gdns"))
ROAD_KINDS += (("grove", "gr"), ("place", "pl"), ("court", "ct"), ("mews", "mews"))
PLACES = {
    "LS": ("leeds", "headingley", "armley"),
    "M": ("manchester", "salford", "stretford"),
    "B": ("birmingham", "sparkbrook", "handsworth"),
    "CF": ("cardiff", "penarth"),
    "NE": ("newcastle upon tyne", "gateshead", "jesmond"),
    "L": ("liverpool", "bootle"),
    "BD": ("bradford", "keighley"),
    "LU": ("luton", "dunstable"),
    "E": ("london",),
    "G": ("glasgow", "paisley"),
}
# Neighbouring keys on a UK keyboard, for substitution typos.
KEYBOARD = {
    "a": "qswz",
    "b": "vghn",
    "c": "xdfv",
    "d": "serfcx",
    "e": "wsdr",
    "f": "drtgvc",
    "g": "ftyhbv",
    "h": "gyujnb",
    "i": "ujko",
    "j": "huikmn",
    "k": "jiolm",
    "l": "kop",
    "m": "njk",
    "n": "bhjm",
    "o": "iklp",
    "p": "ol",
    "q": "wa",
    "r": "edft",
    "s": "awedxz",
    "t": "rfgy",
    "u": "yhji",
    "v": "cfgb",
    "w": "qase",
    "x": "zsdc",
    "y": "tghu",
    "z": "asx",
}
# Sound-alike respellings a clerk writes from a spoken name.
PHONETIC = (("ph", "f"), ("ck", "k"), ("ee", "ea"), ("ie", "y"), ("ou", "ow"), ("th", "t"))
PHONETIC += (("ll", "l"), ("mm", "m"), ("z", "s"), ("c", "k"), ("ey", "ie"), ("ai", "ay"))


def _weighted(groups: tuple, offset: int) -> tuple[tuple, list[float]]:
    """Weights 1/(rank + offset): the first few names common, a long tail of rare ones.

    Offsets put the commonest given name near 5% of boys or girls and the commonest
    surname near 1% of people, about as in England and Wales.
    """
    cumulative = list(itertools.accumulate(1 / (rank + offset) for rank in range(len(groups))))
    return groups, cumulative


class _Names:
    def __init__(self) -> None:
        self.boys = _weighted(BOYS, 8)
        self.girls = _weighted(GIRLS, 8)
        self.surnames = _weighted(SURNAMES + RARE_SURNAMES, 25)

    @staticmethod
    def pick(rng: random.Random, weighted) -> tuple:
        groups, cumulative = weighted
        index = bisect.bisect_left(cumulative, rng.random() * cumulative[-1])
        return groups[min(index, len(groups) - 1)]


def _spell(rng: random.Random, group: tuple) -> str:
    """The spelling a person is registered under: mostly the group's first."""
    return group[0] if len(group) == 1 or rng.random() < 0.7 else rng.choice(group[1:])


def _birth_date(rng: random.Random, first_year: int, last_year: int) -> tuple[int, int, int]:
    year = rng.randint(first_year, last_year)
    month = rng.randint(1, 12)
    return year, month, rng.randint(1, calendar.monthrange(year, month)[1])


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def _same_day_in(year: int, month: int, day: int) -> tuple[int, int, int]:
    if month == 2 and day == 29 and not calendar.isleap(year):
        return year, 2, 28
    return year, month, day


class Generator:
    """Households of invented people and the duplicate records an extract would hold."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - invented benchmark data
        self.names = _Names()
        self.rows: list[dict] = []
        self.person_count = 0
        self.kinds: dict[str, str] = {}

    # --- people -----------------------------------------------------------------------

    def _home(self) -> dict:
        rng = self.rng
        area = rng.choice(list(PLACES))
        unit = "".join(rng.choice("ABDEFGHJLNPQRSTUWXY") for _ in range(2))
        number = rng.randint(1, 180)
        road, kinds = rng.choice(ROADS), rng.choice(ROAD_KINDS)
        line = f"{number} {road} {kinds[0]}"
        if rng.random() < 0.15:
            line = f"flat {rng.randint(1, 9)}, {line}"
        return {
            "postcode": f"{area}{rng.randint(1, 29)} {rng.randint(1, 9)}{unit}",
            "address_line_1": line,
            "address_short": f"{number} {road} {kinds[1]}",
            "town": rng.choice(PLACES[area]),
        }

    def _given(self, gender: str) -> tuple:
        return self.names.pick(self.rng, self.names.boys if gender == "M" else self.names.girls)

    def _person(self, surname_group, home, gender, born, *, given_group=None, middle=None):
        rng = self.rng
        given_group = given_group or self._given(gender)
        if middle is None:
            middle = _spell(rng, self._given(gender)) if rng.random() < 0.35 else ""
        self.person_count += 1
        return {
            "person_id": f"q{self.person_count}",
            "given_group": given_group,
            "given_name": _spell(rng, given_group),
            "middle_names": middle,
            "surname_group": surname_group,
            "surname": _spell(rng, surname_group),
            "born": born,
            "gender": gender,
            "home": home,
        }

    def household(self) -> list[dict]:
        rng = self.rng
        surname = self.names.pick(rng, self.names.surnames)
        home = self._home()
        roll = rng.random()
        if roll < 0.35:  # someone living alone
            return [self._person(surname, home, rng.choice("MF"), _birth_date(rng, 1940, 2006))]
        if roll < 0.5:  # a couple
            return [
                self._person(surname, home, "M", _birth_date(rng, 1950, 2000)),
                self._person(surname, home, "F", _birth_date(rng, 1950, 2000)),
            ]
        # A family: one or two parents and children.
        parents = [self._person(surname, home, "F", _birth_date(rng, 1955, 1990))]
        if rng.random() < 0.7:
            parents.append(self._person(surname, home, "M", _birth_date(rng, 1950, 1990)))
        members = list(parents)
        youngest_parent = max(parent["born"][0] for parent in parents)
        first_year, last_year = youngest_parent + 18, min(youngest_parent + 42, 2024)
        kind = rng.random()
        if kind < 0.12:  # twins, sometimes triplets: one birthday, different given names
            born = _birth_date(rng, first_year, last_year)
            for _ in range(3 if rng.random() < 0.1 else 2):
                gender = rng.choice("MF")
                given = self._given(gender)
                while any(given == other["given_group"] for other in members):
                    given = self._given(gender)
                child = self._person(surname, home, gender, born, given_group=given)
                members.append(child)
                self.kinds[child["person_id"]] = "multiple birth"
            return members
        children = rng.choice((1, 1, 2, 2, 3))
        for number in range(children):
            parent = rng.choice(parents)
            born = _birth_date(rng, first_year, last_year)
            named_after = number == 0 and rng.random() < 0.25
            if named_after and rng.random() < 0.5:
                # Born on the parent's birthday: the case that fools a matcher most.
                born = _same_day_in(born[0], parent["born"][1], parent["born"][2])
            if named_after:
                child = self._person(
                    surname, home, parent["gender"], born, given_group=parent["given_group"]
                )
                child["given_name"] = parent["given_name"]
                self.kinds[child["person_id"]] = "named after a parent"
            else:
                child = self._person(surname, home, rng.choice("MF"), born)
                while any(child["given_group"] == other["given_group"] for other in members):
                    child["given_group"] = self._given(child["gender"])
                    child["given_name"] = _spell(rng, child["given_group"])
            members.append(child)
        return members

    # --- records and their errors --------------------------------------------------------

    def _record(self, person: dict) -> dict:
        home = person["home"]
        return {
            "given_name": person["given_name"],
            "middle_names": person["middle_names"],
            "surname": person["surname"],
            "date_of_birth": _iso(*person["born"]),
            "gender": person["gender"],
            "postcode": home["postcode"],
            "address_line_1": home["address_line_1"],
            "town": home["town"],
        }

    def _keyboard_typo(self, text: str) -> str:
        rng = self.rng
        letters = [i for i, char in enumerate(text) if char in KEYBOARD and i > 0]
        if not letters:
            return text
        i = rng.choice(letters)
        roll = rng.random()
        if roll < 0.5:
            return text[:i] + rng.choice(KEYBOARD[text[i]]) + text[i + 1 :]
        if roll < 0.75:
            return text[:i] + text[i] + text[i:]  # doubled letter
        return text[:i] + text[i + 1 :]  # dropped letter

    def _phonetic(self, text: str) -> str:
        options = [(a, b) for a, b in PHONETIC if a in text[1:]]
        if not options:
            return self._keyboard_typo(text)
        old, new = self.rng.choice(options)
        return text[0] + text[1:].replace(old, new, 1)

    def _respell(self, text: str, group: tuple) -> str:
        """Another transliteration if the name has one, else a sound-alike spelling."""
        others = [spelling for spelling in group if spelling != text]
        return self.rng.choice(others) if others else self._phonetic(text)

    def _year_digit(self, record: dict) -> None:
        """One digit of the year keyed wrongly: mostly the last, sometimes the decade."""
        year, month, day = record["date_of_birth"].split("-")
        position = 3 if self.rng.random() < 0.75 else 2
        digit = str((int(year[position]) + self.rng.choice((1, 2, 9, 8))) % 10)
        year = year[:position] + digit + year[position + 1 :]
        record["date_of_birth"] = _iso(*_same_day_in(int(year), int(month), int(day)))

    def _move(self, record: dict) -> None:
        new = self._home()
        record.update(
            postcode=new["postcode"], address_line_1=new["address_line_1"], town=new["town"]
        )

    def duplicate(self, person: dict) -> dict:
        """Another record of this person, with errors drawn from correlated scenarios."""
        rng = self.rng
        record = self._record(person)
        scenario = rng.random()
        if scenario < 0.14:  # entered twice
            self.scenario = "entered twice"
        elif scenario < 0.20:  # moved, and the new record has no date of birth
            self.scenario = "moved, and the new record has no date of birth"
            self._move(record)
            record["date_of_birth"] = ""
        elif scenario < 0.25:  # moved, and the date of birth was taken down wrongly
            self.scenario = "moved, and the date of birth was taken down wrongly"
            self._move(record)
            if rng.random() < 0.5:
                self._year_digit(record)
            else:
                year, month, day = person["born"]
                record["date_of_birth"] = _iso(year, day, month) if day <= 12 else ""
        elif scenario < 0.29 and person["gender"] == "F":  # married and moved
            self.scenario = "married and moved"
            record["surname"] = _spell(rng, self.names.pick(rng, self.names.surnames))
            self._move(record)
        elif scenario < 0.34:  # surname respelt (or transliterated) and moved
            self.scenario = "surname respelt (or transliterated) and moved"
            record["surname"] = self._respell(record["surname"], person["surname_group"])
            self._move(record)
        elif scenario < 0.44:  # given name transliterated or respelt
            self.scenario = "given name transliterated or respelt"
            record["given_name"] = self._respell(record["given_name"], person["given_group"])
        elif scenario < 0.53:  # keyboard typos in one or two fields
            self.scenario = "keyboard typos in one or two fields"
            for name in rng.sample(("given_name", "surname", "address_line_1"), rng.choice((1, 2))):
                record[name] = self._keyboard_typo(record[name])
        elif scenario < 0.61:  # date of birth: American order or a year digit
            self.scenario = "date of birth: American order or a year digit"
            year, month, day = person["born"]
            if rng.random() < 0.5 and day <= 12:
                record["date_of_birth"] = _iso(year, day, month)
            else:
                self._year_digit(record)
        elif scenario < 0.69:  # address written differently, postcode without the space
            self.scenario = "address written differently, postcode without the space"
            record["address_line_1"] = person["home"]["address_short"]
            record["postcode"] = record["postcode"].replace(" ", "").lower()
        elif scenario < 0.75:  # known by the middle name, or an initial
            self.scenario = "known by the middle name, or an initial"
            if record["middle_names"]:
                record["given_name"], record["middle_names"] = record["middle_names"], ""
            else:
                record["given_name"] = record["given_name"][0]
        elif scenario < 0.82:  # only partial details taken
            self.scenario = "only partial details taken"
            for name in rng.sample(("gender", "postcode", "middle_names", "town"), 2):
                record[name] = ""
        elif scenario < 0.87:  # given name and surname entered the wrong way round
            self.scenario = "given name and surname entered the wrong way round"
            record["given_name"], record["surname"] = record["surname"], record["given_name"]
        elif scenario < 0.94:  # moved within the town: same postcode district
            self.scenario = "moved within the town: same postcode district"
            record["address_line_1"] = self._home()["address_line_1"]
            record["postcode"] = record["postcode"][:-2] + "".join(
                rng.choice("ABDEFGHJLNPQRSTUWXY") for _ in range(2)
            )
        else:  # two independent slips: a typo and a missing date of birth
            self.scenario = "two independent slips: a typo and a missing date of birth"
            record["surname"] = self._keyboard_typo(record["surname"])
            record["date_of_birth"] = ""
        if rng.random() < 0.1:  # clerks write names in capitals or with stray spaces
            record["given_name"] = record["given_name"].upper()
            record["surname"] = " " + record["surname"].upper()
        return record

    def generate(self, size: int, duplicate_rate: float, impossible_dates: int) -> list[dict]:
        rng = self.rng
        rows: list[dict] = []
        while len(rows) < size:
            for person in self.household():
                records = [self._record(person)]
                if rng.random() < duplicate_rate:
                    for _ in range(rng.choice((1, 1, 1, 1, 2))):
                        records.append({**self.duplicate(person), "scenario": self.scenario})
                kind = self.kinds.get(person["person_id"], "")
                rows.extend(
                    {"scenario": "", **record, "person_id": person["person_id"], "kind": kind}
                    for record in records
                )
        rows = rows[:size]
        rng.shuffle(rows)  # an extract is not sorted by person
        for row in rng.sample(rows, min(impossible_dates, len(rows))):
            year = rng.choice((1974, 1983, 1991, 2003, 2010))
            row["date_of_birth"] = rng.choice((f"{year}-02-29", f"{year}-04-31", f"{year}-06-31"))
        for number, row in enumerate(rows):
            row["record_id"] = f"x{number:06d}"
        return rows


def make_people(size: int, *, seed: int = 0, duplicate_rate: float = 0.3, impossible_dates=3):
    """About `size` records: COLUMNS, person_id (the truth), and for analysis only the
    scenario that made a duplicate and the kind of person (twin, named after a parent)."""
    import pandas as pd

    rows = Generator(seed).generate(size, duplicate_rate, impossible_dates)
    return pd.DataFrame(rows, columns=[*COLUMNS, "person_id", "scenario", "kind"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=26_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--truth", type=Path, help="also write record_id,person_id here")
    options = parser.parse_args(argv)
    rows = Generator(options.seed).generate(options.size, 0.3, 3)
    with options.output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    if options.truth:
        with options.truth.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["record_id", "person_id"])
            writer.writerows((row["record_id"], row["person_id"]) for row in rows)


if __name__ == "__main__":
    main(sys.argv[1:])
