"""Person matching for de-confliction: the Splink model, real-time scoring and batch dedupe.

This is the only module that imports Splink (ruff bans it elsewhere). Matching only
suggests candidates with evidence; an officer decides (DPA 2018 s49: no significant
decision based solely on automated processing).

One definition drives both paths. Each comparison level below is written twice, side by
side: as the SQL Splink runs in DuckDB, and as a Python predicate `score_pair` runs without
any database. Records are first normalised by `prepare_record` (the same function for both
paths), so the SQL only compares prepared columns with `=`, `substr`, `length`,
`string_split`, `levenshtein` and `jaro_winkler_similarity`, all of which are mirrored
exactly here. The tests score a few thousand pairs both ways and compare.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_PATH = MODEL_DIR / "person_model.json"
NAME_VARIANTS_PATH = MODEL_DIR / "name_variants.json"

# At or above this, a candidate is shown as a likely match (and counted as a match when
# measuring precision and recall). It ranks suggestions; it never links records by itself.
LIKELY_MATCH_THRESHOLD = 0.9
# Pairs scoring below this are not worth an officer's time and are not returned by dedupe.
CANDIDATE_THRESHOLD = 0.05

PERSON_COLUMNS = (
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

# The columns Splink sees: the output of prepare_record.
PREPARED_COLUMNS = (
    "record_id",
    "given_name",
    "middle_name",
    "given_variant",
    "given_sound",
    "surname",
    "dob",
    "dob_block",
    "birth_year",
    "gender",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "address_line_1",
    "town",
    "surname_sx",
    "name_key",
    "name_key_swapped",
    "names_sx",
    "names_sx_swapped",
    "given_day",
    "identifier",
    "given_tf",
    "surname_tf",
)

# Blocking-only columns built from common values (names, not dates or addresses). In a
# batch, a value shared by more than BLOCK_SIZE_CAP records blocks nothing: every pair of
# ten thousand Mohammed Khans is 50 million comparisons and finds nobody that another
# rule does not. Real-time look-ups cap the candidates they score instead
# (deconfliction.MAX_CANDIDATES_SCORED), so the two paths see the same pairs except in
# such blocks; any pair both paths score gets the same probability. With names weighed
# by how common they are (ADR 0025), a pair that only a name block finds (no date of
# birth, no address in common) reaches the candidate threshold only when its names are
# uncommon, and uncommon names make small blocks: at 100 no true pair was lost on the
# benchmark sets (at 0.5 or at 0.05), and a million records block far fewer pairs.
CAPPED_BLOCKING_COLUMNS = ("name_key", "name_key_swapped", "names_sx", "names_sx_swapped")
CAPPED_BLOCKING_COLUMNS += ("given_day",)
BLOCK_SIZE_CAP = 100

# Optional input: one identifier such as "pnc:26/123456A" (PNC ID preferred, then force
# records-system or NCCU reference). Real twins, and a parent and child, never share one.
OPTIONAL_COLUMNS = ("identifier",)

# Fellegi-Sunter assumes fields disagree independently. Twins (same surname, birth date and
# address) and a parent and child with the same name at one address break that: everything
# else agrees so strongly that no trained weight for "given name differs" or "birth date
# differs" outweighs it. EM cannot learn better, because such pairs are rare in any
# training sample. So after training we fix m for these two levels: a true match almost
# never has a wholly different given name (after nicknames, typos, initials and middle
# names) or a wholly different date of birth (after typos and day-month swaps).
FIXED_DISAGREEMENT_M = {"given_name": 1e-6, "date_of_birth": 1e-6}

# A parent and child of the same name are often born on the same day of the year. So
# the year difference is modelled, not just "dates partly agree": a slip in the last
# digit (1986 for 1987) and one in the decade digit (1978 for 1988, exactly ten years)
# are trained levels, while the same day and month with years further apart (a
# generation) is fixed as near-conclusive evidence against, like a wholly different
# date (Bayes factor 2**-20).
FIXED_YEARS_APART_BAYES_FACTOR = 2.0**-20

# Below this, EM's m for an agreeing or partly agreeing level means "never seen among
# matches in training", not "impossible for a match": such levels are made neutral.
UNSEEN_M = 1e-5

# Identifiers are rarely recorded, so EM sees too few to learn from; their evidence is
# fixed instead. A shared PNC ID (or other reference) is near-conclusive: random people
# almost never share one (u = 1e-7) and the same person's records mostly do (m = 0.90).
# Different identifiers count against a match (a typo in one is possible: m = 0.05).
# This is what tells a person whose given name was recorded wrongly from a twin.
# One character keyed wrongly (a digit slipped, 9109106 for 9100106) is as likely as a
# wholly different identifier in a copy of one person's record (m = 0.05 each, taken
# from the same level's m), and far rarer by chance: two people's references are seldom
# one keystroke apart (u = 1e-6). Twins arrested together may get consecutive numbers,
# but a PNC ID's check letter changes with the number, so theirs differ in two places.
_IDENTIFIER_SLIP_SQL = "levenshtein(identifier_l, identifier_r) <= 1"
FIXED_IDENTIFIER_LEVELS = {
    "identifier_l = identifier_r": (0.90, 1e-7),
    _IDENTIFIER_SLIP_SQL: (0.05, 1e-6),
    "ELSE": (0.05, 1 - 1e-6),
}


# Term-frequency evidence for names. Two records sharing a rare surname are far more
# likely to be one person than two sharing Smith: the probability that two different
# people agree on a name is about that name's share of the population. Each given name
# and surname is put in a frequency band by its share of the records being matched (the
# input file in batch, the person index in real time); "the same" is one trained level
# per band, so its weight is log2(m / the band's typical share). Bands, commonest first:
# at least 1 in 100, 1 in 500, 1 in 2,000, 1 in 10,000, and rarer.
TF_BAND_SHARES = (0.01, 0.002, 0.0005, 0.0001)
TF_BAND_NAMES = (
    "a very common name (1 in 100 or more)",
    "a common name (1 in 500 or more)",
    "a less common name (1 in 2,000 or more)",
    "an uncommon name (1 in 10,000 or more)",
    "a rare name (under 1 in 10,000)",
)
# A small population says little about how common a name is: shares are taken of at
# least this many records, so in a small index or file a name held once or twice is
# "less common", never "rare".
TF_MIN_POPULATION = 2000
# The band of a name whose frequency is not known (a record scored on its own): about
# the typical agreeing name, as the model scored names before frequencies were used.
TF_UNKNOWN_BAND = "1"
TF_COMPARISONS = {"given_name": "given_tf", "surname": "surname_tf"}


def frequency_band(count: int, total: int) -> str:
    """The band ("0" commonest to "4" rarest) of a name held by `count` of `total` records."""
    share = count / max(total, TF_MIN_POPULATION)
    return str(sum(share < threshold for threshold in TF_BAND_SHARES))


@dataclass(frozen=True)
class NameFrequencies:
    """How many records hold each prepared given name and surname, out of `total`."""

    total: int
    given_name: Mapping[str, int]
    surname: Mapping[str, int]

    @classmethod
    def of(cls, prepared: pd.DataFrame) -> NameFrequencies:
        return cls(
            total=len(prepared),
            given_name=prepared["given_name"].value_counts().to_dict(),
            surname=prepared["surname"].value_counts().to_dict(),
        )

    def band(self, column: str, value: str | None) -> str | None:
        if value is None:
            return None
        return frequency_band(getattr(self, column).get(value, 0), self.total)


Record = Mapping[str, str | None]


class MatchingInputError(ValueError):
    """A person record that cannot be matched as given (for example an impossible date)."""


class InvalidDateError(MatchingInputError):
    """A date of birth that is not a real YYYY-MM-DD date (1974-02-29, 1990-04-31, 17/05/1990)."""

    def __init__(self, value: str, problem: str) -> None:
        super().__init__(f"date_of_birth {value!r} {problem}")
        self.value, self.problem = value, problem


@dataclass(frozen=True)
class RejectedValue:
    """A value matching could not use and treated as missing, reported back to the user."""

    row: int  # 1-based position in the input
    record_id: str
    field: str
    value: str
    reason: str


class ModelMismatchError(RuntimeError):
    """The stored model was trained on different comparison levels from this code."""


# --- String functions mirrored from DuckDB -------------------------------------------------


def _fma(x: float, y: float, z: float) -> float:
    """x * y + z with one rounding, as DuckDB's compiled C++ computes it (FMA contraction).

    Python 3.11 has no math.fma; Fraction arithmetic is exact and float() rounds once.
    """
    return float(Fraction(x) * Fraction(y) + Fraction(z))


def _jaro(p: str, t: str) -> float:
    """Jaro similarity exactly as DuckDB computes it (its rapidfuzz-derived C++).

    DuckDB walks the second string and takes the first unmatched character of the first
    string inside the window; the order of the float sums below is also DuckDB's.
    """
    len_p, len_t = len(p), len(t)
    if not len_p or not len_t:
        return 0.0
    if len_p == 1 and len_t == 1:
        return float(p == t)
    bound = max(max(len_p, len_t) // 2 - 1, 0)
    p_flags = [False] * len_p
    t_flags = [False] * len_t
    common = 0
    for j, char in enumerate(t):
        for i in range(max(0, j - bound), min(len_p, j + bound + 1)):
            if not p_flags[i] and p[i] == char:
                p_flags[i] = t_flags[j] = True
                common += 1
                break
    if not common:
        return 0.0
    transpositions = 0
    i = 0
    for j in range(len_t):
        if t_flags[j]:
            while not p_flags[i]:
                i += 1
            if t[j] != p[i]:
                transpositions += 1
            i += 1
    transpositions //= 2
    similarity = 0.0
    similarity += common / len_p
    similarity += common / len_t
    similarity += (common - transpositions) / common
    return similarity / 3.0


@lru_cache(maxsize=100_000)
def jaro_winkler(a: str, b: str) -> float:
    """DuckDB's jaro_winkler_similarity(a, b): prefix weight 0.1, up to 4 characters.

    Both empty gives 0.0, as in DuckDB. Prepared values are never empty strings anyway.
    """
    similarity = _jaro(a, b)
    if similarity > 0.7:
        prefix = 0
        for char_a, char_b in zip(a[:4], b[:4], strict=False):
            if char_a != char_b:
                break
            prefix += 1
        similarity = _fma(prefix * 0.1, 1.0 - similarity, similarity)
    return similarity


def levenshtein(a: str, b: str) -> int:
    """Edit distance, as DuckDB's levenshtein."""
    if a == b:
        return 0
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


# --- Preparing records ----------------------------------------------------------------------

_TRANSLITERATE = str.maketrans(
    {
        "Ø": "O",
        "ø": "o",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ß": "ss",
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Þ": "TH",
        "þ": "th",
        "ı": "i",
    }
)
_UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])([A-Z]{2})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_GENDERS = {"M": "M", "MALE": "M", "F": "F", "FEMALE": "F", "X": "X", "OTHER": "X"}
_SOUNDEX_CODES = {
    **dict.fromkeys("BFPV", "1"),
    **dict.fromkeys("CGJKQSXZ", "2"),
    **dict.fromkeys("DT", "3"),
    "L": "4",
    **dict.fromkeys("MN", "5"),
    "R": "6",
}


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return value is pd.NaT or (isinstance(value, str) and not value.strip())


@lru_cache(maxsize=200_000)
def _normalise(value: str, keep_digits: bool) -> str | None:
    """Upper-case ASCII words: accents and apostrophes dropped, other punctuation a space.

    ASCII only, so that Python and DuckDB agree on every character and string length.
    """
    text = unicodedata.normalize("NFKD", value.translate(_TRANSLITERATE))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.upper().replace("'", "").replace("\u2019", "")
    pattern = r"[^A-Z0-9]+" if keep_digits else r"[^A-Z]+"
    text = re.sub(pattern, " ", text).strip()
    return text or None


def normalise_name(value: Any) -> str | None:
    return None if _blank(value) else _normalise(str(value), False)


def normalise_text(value: Any) -> str | None:
    return None if _blank(value) else _normalise(str(value), True)


@lru_cache(maxsize=100_000)
def soundex(name: str) -> str:
    """American Soundex of the first word of a prepared (A-Z) name, e.g. SMITH -> S530."""
    letters = name.split(" ")[0]
    first = letters[0]
    digits = []
    previous = _SOUNDEX_CODES.get(first, "")
    for char in letters[1:]:
        code = _SOUNDEX_CODES.get(char, "")
        if code and code != previous:
            digits.append(code)
        if char not in "HW":
            previous = code
    return (first + "".join(digits) + "000")[:4]


@lru_cache(maxsize=200_000)
def _postcode_parts(value: str) -> tuple[str | None, str | None, str | None]:
    """(postcode, sector, district): 'rg11aa' -> ('RG1 1AA', 'RG1 1', 'RG1').

    Non-UK forms (FEBRL's Australian 4-digit codes) keep the code but have no sector or
    district, so they can only agree exactly.
    """
    compact = re.sub(r"[^A-Z0-9]", "", value.upper())
    if not compact:
        return None, None, None
    parts = _UK_POSTCODE.match(compact)
    if not parts:
        return compact, None, None
    outward, sector_digit, unit = parts.groups()
    return f"{outward} {sector_digit}{unit}", f"{outward} {sector_digit}", outward


def _dob(value: Any) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not _ISO_DATE.match(text):
        raise InvalidDateError(text, "is not a YYYY-MM-DD date")
    try:
        date.fromisoformat(text)
    except ValueError as error:
        raise InvalidDateError(text, "is not a real date") from error
    return text


@cache
def _name_variants() -> dict[str, str]:
    """Each known nickname or spelling maps to its group's first name (editable JSON data)."""
    groups = json.loads(NAME_VARIANTS_PATH.read_text(encoding="utf-8"))["groups"]
    variants: dict[str, str] = {}
    for group in groups:
        canonical = normalise_name(group[0])
        for name in group:
            variants.setdefault(normalise_name(name), canonical)
    return variants


@cache
def _name_spellings() -> dict[str, frozenset[str]]:
    """Each group's first name -> every name in the group (normalised)."""
    groups: dict[str, set[str]] = {}
    for name, canonical in _name_variants().items():
        groups.setdefault(canonical, {canonical}).add(name)
    return {canonical: frozenset(names) for canonical, names in groups.items()}


def given_name_variant(name: str) -> str:
    """A normalised given name's group (its first name), or the name itself."""
    return _name_variants().get(name, name)


def given_name_spellings(name: str) -> frozenset[str]:
    """Every nickname and spelling in a normalised given name's group, itself included."""
    return _name_spellings().get(given_name_variant(name), frozenset({name}))


def prepare_record(
    record: Mapping[str, Any], frequencies: NameFrequencies | None = None
) -> dict[str, str | None]:
    """Normalise one person record into the columns the model compares.

    Used for both batch and real-time matching so the two see identical values.
    `frequencies` puts the names in their frequency bands (TF_BAND_SHARES); without
    them a name is in TF_UNKNOWN_BAND. Raises MatchingInputError for an impossible date
    of birth.
    """
    given = normalise_name(record.get("given_name"))
    surname = normalise_name(record.get("surname"))
    middle = normalise_name(record.get("middle_names"))
    dob = _dob(record.get("date_of_birth"))
    postcode, sector, district = (None, None, None)
    if not _blank(record.get("postcode")):
        postcode, sector, district = _postcode_parts(str(record.get("postcode")))
    gender = None
    if not _blank(record.get("gender")):
        gender = _GENDERS.get(str(record.get("gender")).strip().upper())
    first_given = given.split(" ")[0] if given else None
    dob_block = None
    if dob:
        month, day = sorted((dob[5:7], dob[8:10]))
        dob_block = f"{dob[:4]}-{month}-{day}"
    name_key = name_key_swapped = names_sx = names_sx_swapped = given_day = None
    given_variant = _name_variants().get(first_given, first_given) if first_given else None
    given_sx = soundex(given_variant) if given_variant else None
    surname_sx = soundex(surname) if surname else None
    if given and surname:
        name_key = f"{given[:3]}|{surname[:3]}"
        name_key_swapped = f"{surname[:3]}|{given[:3]}"
        # Sound-alike names survive a move, a missing date and a respelt or
        # transliterated surname (Chowdhury, Choudhury; Dmitri, Dmytro).
        names_sx, names_sx_swapped = f"{given_sx}|{surname_sx}", f"{surname_sx}|{given_sx}"
    if given_sx and dob_block:
        # Given name and birthday (day and month in either order): survives a move, a
        # new surname and a slip in the year.
        given_day = f"{given_sx}|{dob_block[5:]}"
    return {
        "record_id": None if _blank(record.get("record_id")) else str(record.get("record_id")),
        "given_name": given,
        "middle_name": middle.split(" ")[0] if middle else None,
        "given_variant": given_variant,
        "given_sound": soundex(first_given) if first_given and len(first_given) > 1 else None,
        "surname": surname,
        "dob": dob,
        "dob_block": dob_block,
        "birth_year": dob[:4] if dob else None,
        "gender": gender,
        "postcode": postcode,
        "postcode_sector": sector,
        "postcode_district": district,
        "address_line_1": normalise_text(record.get("address_line_1")),
        "town": normalise_text(record.get("town")),
        "surname_sx": surname_sx,
        "name_key": name_key,
        "name_key_swapped": name_key_swapped,
        "names_sx": names_sx,
        "names_sx_swapped": names_sx_swapped,
        "given_day": given_day,
        "identifier": normalise_identifier(record.get("identifier")),
        "given_tf": _band(frequencies, "given_name", given),
        "surname_tf": _band(frequencies, "surname", surname),
    }


def _band(frequencies: NameFrequencies | None, column: str, value: str | None) -> str | None:
    if value is None:
        return None
    return TF_UNKNOWN_BAND if frequencies is None else frequencies.band(column, value)


def with_frequencies(prepared: Record, frequencies: NameFrequencies) -> dict[str, str | None]:
    """A prepared record with its names put in their bands by `frequencies`."""
    bands = {
        band_column: _band(frequencies, column, prepared[column])
        for column, band_column in TF_COMPARISONS.items()
    }
    return {**prepared, **bands}


def normalise_identifier(value: Any) -> str | None:
    """Upper case without spaces: 'pnc: 26/123456a' and 'PNC:26/123456A' are one identifier."""
    if _blank(value):
        return None
    return "".join(str(value).split()).upper()


def prepare_people(
    people: pd.DataFrame,
    *,
    rejects: list[RejectedValue] | None = None,
    frequencies: NameFrequencies | None = None,
) -> pd.DataFrame:
    """prepare_record for every row; errors name the row (1-based) and record id.

    With a `rejects` list, an impossible date of birth is matched as missing and
    reported there instead of stopping the run: a force extract always has a few, and
    one bad cell should not lose the other twenty thousand rows. Names are put in
    frequency bands by their counts in these records, or in `frequencies` if given.
    """
    missing = [column for column in PERSON_COLUMNS if column not in people.columns]
    if missing:
        raise MatchingInputError(f"missing columns: {', '.join(missing)}")
    rows = []
    columns = list(PERSON_COLUMNS) + [c for c in OPTIONAL_COLUMNS if c in people.columns]
    for number, record in enumerate(people[columns].to_dict("records"), start=1):
        try:
            rows.append(prepare_record(record))
        except InvalidDateError as error:
            if rejects is None:
                raise MatchingInputError(
                    f"row {number} (record_id {record.get('record_id')}): {error}"
                ) from error
            rejects.append(
                RejectedValue(
                    row=number,
                    record_id=str(record.get("record_id")),
                    field="date_of_birth",
                    value=error.value,
                    reason=error.problem,
                )
            )
            rows.append(prepare_record({**record, "date_of_birth": None}))
        except MatchingInputError as error:
            raise MatchingInputError(
                f"row {number} (record_id {record.get('record_id')}): {error}"
            ) from error
    prepared = pd.DataFrame(rows, columns=list(PREPARED_COLUMNS))
    frequencies = frequencies or NameFrequencies.of(prepared)
    for column, band_column in TF_COMPARISONS.items():
        values = prepared[column].dropna().unique()
        bands = {value: frequencies.band(column, value) for value in values}
        banded = prepared[column].map(bands).astype(object)
        prepared[band_column] = banded.where(prepared[column].notna(), None)
    if prepared["record_id"].isna().any():
        raise MatchingInputError("every row needs a record_id")
    if prepared["record_id"].duplicated().any():
        duplicate = prepared.loc[prepared["record_id"].duplicated(), "record_id"].iloc[0]
        raise MatchingInputError(f"record_id {duplicate} appears more than once")
    return prepared


# --- Comparison levels: SQL and Python side by side -----------------------------------------


def _eq(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a == b


def _jw(a: str | None, b: str | None, threshold: float) -> bool:
    return a is not None and b is not None and jaro_winkler(a, b) >= threshold


def _sub(value: str | None, start: int, length: int) -> str | None:
    """SQL substr (1-based)."""
    return None if value is None else value[start - 1 : start - 1 + length]


@dataclass(frozen=True)
class Level:
    """One comparison level: its Splink SQL, the same test in Python, and how to show it."""

    sql: str
    test: Callable[[Record, Record], bool]
    description: str
    label: str  # agrees / partly agrees / disagrees / missing
    is_null_level: bool = False


@dataclass(frozen=True)
class ComparisonSpec:
    name: str
    description: str
    levels: tuple[Level, ...]


def _null_level(*columns: str) -> Level:
    sql = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in columns)
    return Level(
        sql,
        lambda a, b: any(a[c] is None or b[c] is None for c in columns),
        "not recorded on one side",
        "missing",
        is_null_level=True,
    )


def _else_level(description: str) -> Level:
    return Level("ELSE", lambda a, b: True, description, "disagrees")


def _same_gender_sql(condition: str) -> str:
    return f"(gender_l IS NULL OR gender_r IS NULL OR gender_l = gender_r) AND ({condition})"


def _same_gender(test: Callable[[Record, Record], bool]) -> Callable[[Record, Record], bool]:
    """A given name that only resembles the other counts only if the genders do not differ.

    Twins of opposite sex are often given alike names (Daniel and Danielle, Mark and
    Mary); a clerk's typo seldom changes the recorded gender as well.
    """

    def test_same_gender(a: Record, b: Record) -> bool:
        if a["gender"] is not None and b["gender"] is not None and a["gender"] != b["gender"]:
            return False
        return test(a, b)

    return test_same_gender


def _known_by_middle(a: Record, b: Record) -> bool:
    """b goes by a's middle name, and b's own middle name is missing or a's given name.

    Twins and siblings often have each other's given name as a middle name
    (Amelia Catriona, Oksana Amelia); a person known by their middle name does not
    also gain a different one.
    """
    return _eq(a["middle_name"], b["given_name"]) and (
        b["middle_name"] is None or b["middle_name"] == a["given_name"]
    )


_KNOWN_BY_MIDDLE_SQL = (
    "(middle_name_l = given_name_r AND (middle_name_r IS NULL OR middle_name_r = given_name_l)) "
    "OR (middle_name_r = given_name_l AND (middle_name_l IS NULL OR middle_name_l = given_name_r))"
)
# Middle names count as evidence only when the given names are alike too: twins and
# siblings share middle names (James Daniel, Samuel Daniel), a person keeps theirs.
_GIVEN_ALIKE_SQL = (
    "(given_name_l IS NULL OR given_name_r IS NULL OR given_name_l = given_name_r "
    "OR given_variant_l = given_variant_r "
    "OR jaro_winkler_similarity(given_name_l, given_name_r) >= 0.92 "
    "OR length(given_name_l) = 1 OR length(given_name_r) = 1)"
)


# Made neutral after training: brothers and sisters share middle names, and the given
# names' own comparison already weighs how much they differ.
_SIBLINGS_MIDDLE_SQL = "middle_name_l = middle_name_r"


def _given_alike(a: Record, b: Record) -> bool:
    given_a, given_b = a["given_name"], b["given_name"]
    if given_a is None or given_b is None or given_a == given_b:
        return True
    return (
        _eq(a["given_variant"], b["given_variant"])
        or jaro_winkler(given_a, given_b) >= 0.92
        or len(given_a) == 1
        or len(given_b) == 1
    )


# A short given name keyed wrongly (Ava as Aca or Aa, Leo as Ldo) is as far from the
# right one as Jaro-Winkler can put it (0.8 or less), however plain the slip: one letter
# changed, added or dropped, the first letter kept (slips in the first letter are rare,
# and a first letter of another sound is the "sounds alike" level's).
_GIVEN_ONE_LETTER_SQL = (
    "levenshtein(given_name_l, given_name_r) = 1 "
    "AND substr(given_name_l, 1, 1) = substr(given_name_r, 1, 1)"
)


def _given_one_letter(a: Record, b: Record) -> bool:
    given_a, given_b = a["given_name"], b["given_name"]
    # Length and first letter first: the real-time path tries this level on most of its
    # candidates (those whose given names differ), and the edit distance costs more.
    return (
        given_a is not None
        and given_b is not None
        and given_a[0] == given_b[0]
        and abs(len(given_a) - len(given_b)) <= 1
        and levenshtein(given_a, given_b) == 1
    )


# Soundex keeps the first letter as written, so Ciaran and Kieran (C650, K650) or Mykola
# and Nikolai (M240, N240) would never sound alike. The first letter is coded by its
# Soundex group like the others (C and K are both 2); vowels keep their letter, so
# Amelia and Emily stay apart.
_SOUND_GROUPS = ("BFPVCGJKQSXZDTLMNR", "111122222222334556")
_GIVEN_SOUND_SQL = (
    f"translate(given_sound_l, '{_SOUND_GROUPS[0]}', '{_SOUND_GROUPS[1]}') "
    f"= translate(given_sound_r, '{_SOUND_GROUPS[0]}', '{_SOUND_GROUPS[1]}')"
)
_SOUND_TABLE = str.maketrans(*_SOUND_GROUPS)


def _given_sounds_alike(a: Record, b: Record) -> bool:
    sound_a, sound_b = a.get("given_sound"), b.get("given_sound")
    return (
        sound_a is not None
        and sound_b is not None
        and sound_a.translate(_SOUND_TABLE) == sound_b.translate(_SOUND_TABLE)
    )


# A short form is often the end of a name, not its start (Tobi for Oluwatobi, Tunde for
# Babatunde; Beth and Sandra are in name_variants.json, which no list can make whole):
# Jaro-Winkler, which weighs the start, finds them unalike. Four letters at least, so
# that Ian is not Brian's.
GIVEN_TAIL_MIN_LETTERS = 4
_GIVEN_TAIL_SQL = (
    f"(length(given_name_r) >= {GIVEN_TAIL_MIN_LETTERS} AND suffix(given_name_l, given_name_r)) "
    f"OR (length(given_name_l) >= {GIVEN_TAIL_MIN_LETTERS} "
    "AND suffix(given_name_r, given_name_l))"
)


def _given_tail(a: Record, b: Record) -> bool:
    """b's given name is the end of a's (Oluwatobi, Tobi)."""
    given_a, given_b = a["given_name"], b["given_name"]
    return (
        given_a is not None
        and given_b is not None
        and len(given_b) >= GIVEN_TAIL_MIN_LETTERS
        and given_a.endswith(given_b)
    )


def _names_swapped(a: Record, b: Record) -> bool:
    return _jw(a["given_name"], b["surname"], 0.9) and _jw(a["surname"], b["given_name"], 0.9)


_SWAPPED_DESCRIPTION = "given name and surname swapped (perhaps misspelt)"
# Swapped and perhaps also misspelt: a swap alone is seldom the only error.
_SWAPPED_SQL = (
    "jaro_winkler_similarity(given_name_l, surname_r) >= 0.9 "
    "AND jaro_winkler_similarity(surname_l, given_name_r) >= 0.9"
)


def _dob_part(record: Record, part: str) -> str | None:
    start, length = {"y": (1, 4), "m": (6, 2), "d": (9, 2)}[part]
    return _sub(record["dob"], start, length)


def _dob_year_slip(a: Record, b: Record) -> bool:
    """Same day and month; the years a year apart or differing in their last digit only."""
    if not _eq(_sub(a["dob"], 6, 5), _sub(b["dob"], 6, 5)):
        return False
    year_a, year_b = _dob_part(a, "y"), _dob_part(b, "y")
    apart = abs(int(year_a) - int(year_b))
    return apart <= 1 or (levenshtein(year_a, year_b) <= 1 and apart < 10)


def _dob_decade_slip(a: Record, b: Record) -> bool:
    """Same day and month; one digit of the year keyed one off, ten years out (1978, 1988).

    A parent and child are a generation apart, not ten years; siblings ten years apart
    with one birthday rarely share a given name as well.
    """
    if not _eq(_sub(a["dob"], 6, 5), _sub(b["dob"], 6, 5)):
        return False
    year_a, year_b = _dob_part(a, "y"), _dob_part(b, "y")
    return abs(int(year_a) - int(year_b)) == 10 and levenshtein(year_a, year_b) <= 1


_YEARS_APART_SQL = "substr(dob_l, 6, 5) = substr(dob_r, 6, 5)"

# A slip in the decade digit that moves the year a generation or more (1965 for 1985,
# 1905 for 1985) looks like a parent and child born on the same day of the year; the
# two are told apart by the household. A parent and child of one name share a surname
# and, mostly, an address: there the years-apart level below stays near-conclusive.
# Away from a shared household (another postcode or another surname), or more than
# PARENT_CHILD_MAX_YEARS apart (no parent is that much older than their child), one
# digit of the year keyed wrongly is a typing error like any other
# (set_year_slip_levels).
PARENT_CHILD_MAX_YEARS = 60
_DECADE_SLIP_ELSEWHERE_SQL = (
    "substr(dob_l, 6, 5) = substr(dob_r, 6, 5) "
    "AND levenshtein(substr(dob_l, 1, 4), substr(dob_r, 1, 4)) = 1 "
    "AND abs(cast(substr(dob_l, 1, 4) AS INTEGER) "
    "- cast(substr(dob_r, 1, 4) AS INTEGER)) >= 20 "
    "AND (abs(cast(substr(dob_l, 1, 4) AS INTEGER) "
    f"- cast(substr(dob_r, 1, 4) AS INTEGER)) > {PARENT_CHILD_MAX_YEARS} "
    "OR NOT coalesce(postcode_l = postcode_r AND surname_sx_l = surname_sx_r, false))"
)
_DECADE_SLIP_SQL = (
    "substr(dob_l, 6, 5) = substr(dob_r, 6, 5) "
    "AND abs(cast(substr(dob_l, 1, 4) AS INTEGER) "
    "- cast(substr(dob_r, 1, 4) AS INTEGER)) = 10 "
    "AND levenshtein(substr(dob_l, 1, 4), substr(dob_r, 1, 4)) <= 1"
)
_LAST_DIGIT_SLIP_SQL = (
    "substr(dob_l, 6, 5) = substr(dob_r, 6, 5) "
    "AND (abs(cast(substr(dob_l, 1, 4) AS INTEGER) "
    "- cast(substr(dob_r, 1, 4) AS INTEGER)) <= 1 "
    "OR (levenshtein(substr(dob_l, 1, 4), substr(dob_r, 1, 4)) <= 1 "
    "AND abs(cast(substr(dob_l, 1, 4) AS INTEGER) "
    "- cast(substr(dob_r, 1, 4) AS INTEGER)) < 10))"
)


def _dob_decade_slip_elsewhere(a: Record, b: Record) -> bool:
    """Same day and month; one digit of the year differs, 20 years apart or more; not
    two people of one surname (by sound) at one postcode, unless too far apart to be a
    parent and child."""
    if not _eq(_sub(a["dob"], 6, 5), _sub(b["dob"], 6, 5)):
        return False
    year_a, year_b = _dob_part(a, "y"), _dob_part(b, "y")
    apart = abs(int(year_a) - int(year_b))
    if apart < 20 or levenshtein(year_a, year_b) != 1:
        return False
    if apart > PARENT_CHILD_MAX_YEARS:
        return True
    return not (_eq(a["postcode"], b["postcode"]) and _eq(a["surname_sx"], b["surname_sx"]))


def set_year_slip_levels(model: dict[str, Any], prepared: pd.DataFrame) -> None:
    """The decade-digit levels: m that of a slip in the last digit (a keyboard does not
    know which digit it is on; the training records hold only last-digit slips), u
    counted in the training records (year_slip_shares)."""
    ten, generation = year_slip_shares(prepared)
    for comparison in model["comparisons"]:
        if comparison["output_column_name"] != "date_of_birth":
            continue
        levels = {level["sql_condition"]: level for level in comparison["comparison_levels"]}
        slipped = levels[_LAST_DIGIT_SLIP_SQL].get("m_probability") or 0.0
        for sql, share in ((_DECADE_SLIP_SQL, ten), (_DECADE_SLIP_ELSEWHERE_SQL, generation)):
            levels[sql]["m_probability"] = max(slipped, 1e-6)
            levels[sql]["u_probability"] = max(share, 1e-9)
            levels[sql]["fix_m_probability"] = levels[sql]["fix_u_probability"] = True


def year_slip_shares(prepared: pd.DataFrame) -> tuple[float, float]:
    """How often two records picked at random share day and month with years differing
    in one digit, ten years apart, and 20 years apart or more."""
    dated = prepared["dob"].dropna()
    total = len(prepared) * (len(prepared) - 1) / 2
    if not total:
        return 0.0, 0.0
    counts = dated.groupby([dated.str[5:], dated.str[:4]]).size()
    ten = generation = 0
    for _day, years in counts.groupby(level=0):
        held = {year: int(count) for (_, year), count in years.items()}
        for year_a, count_a in held.items():
            for year_b, count_b in held.items():
                if year_a >= year_b or levenshtein(year_a, year_b) != 1:
                    continue
                apart = int(year_b) - int(year_a)
                if apart == 10:
                    ten += count_a * count_b
                elif apart >= 20:
                    generation += count_a * count_b
    return ten / total, generation / total


# Within a household a shared date of birth is weak evidence: twins share one, and
# they share the surname and the address too. Fellegi-Sunter would multiply the three
# agreements as if independent; this level's u is instead how often two different
# people with one surname (by sound) at one postcode share a birth date (estimated
# from the training records, household_twin_share), so twins whose given names differ
# stay apart however likely the file's size makes a match.
_TWINS_SQL = "dob_l = dob_r AND postcode_l = postcode_r AND surname_sx_l = surname_sx_r"


def _twins(a: Record, b: Record) -> bool:
    return (
        _eq(a["dob"], b["dob"])
        and _eq(a["postcode"], b["postcode"])
        and _eq(a["surname_sx"], b["surname_sx"])
    )


# Women often take a new surname on marriage, and a person's records span years: a
# woman's second record with a wholly different surname is far likelier to be her than
# a man's is to be him. EM cannot learn how much likelier from training records that hold
# no marriages, so the level is set from two shares (set_married_level): u is how often
# two records picked at random are both women, counted; m is the share of one person's
# records that are a woman's (the same count) times MARRIED_SURNAME_CHANGE, the chance
# that two of a woman's records carry different surnames. One in twenty is a cautious
# figure for records taken years apart (one in ten found the same pairs and more false
# ones); the evidence stays against a match (a Bayes factor of about 0.1 rather than
# 0.006), so given name, date of birth and gender must all agree to outweigh it.
MARRIED_SURNAME_CHANGE = 0.05
_BOTH_WOMEN_SQL = "gender_l = 'F' AND gender_r = 'F'"


def _both_women(a: Record, b: Record) -> bool:
    return a["gender"] == "F" and b["gender"] == "F"


def set_married_level(model: dict[str, Any], prepared: pd.DataFrame) -> None:
    """The "surnames differ, both women" level's m and u (see MARRIED_SURNAME_CHANGE)."""
    women = float((prepared["gender"] == "F").mean())
    for comparison in model["comparisons"]:
        if comparison["output_column_name"] != "surname":
            continue
        for level in comparison["comparison_levels"]:
            if level["sql_condition"] == _BOTH_WOMEN_SQL:
                level["m_probability"] = max(women * MARRIED_SURNAME_CHANGE, 1e-6)
                level["u_probability"] = max(women * women, 1e-6)
                level["fix_m_probability"] = level["fix_u_probability"] = True


def _address_null(record: Record) -> bool:
    return all(record[c] is None for c in ("postcode", "address_line_1", "town"))


def _surname_parts_overlap(a: Record, b: Record) -> bool:
    if a["surname"] is None or b["surname"] is None:
        return False
    return bool(set(a["surname"].split(" ")) & set(b["surname"].split(" ")))


def _tf_level_sql(column: str, band: str) -> str:
    return f"{column}_l = {column}_r AND {TF_COMPARISONS[column]}_l = '{band}'"


def _household_level_sql(column: str) -> str:
    return f"{column}_l = {column}_r AND postcode_l = postcode_r"


def _same_name_levels(column: str, noun: str) -> tuple[Level, ...]:
    """ "The same" name: at one postcode, one level; elsewhere, one level per frequency
    band (TF_BAND_SHARES), commonest first.

    People at one address share a surname (and a parent and child a given name) however
    rare it is, so there its rarity is no evidence: that level keeps the average weight of
    a name agreeing. Elsewhere a rare name agreeing is strong evidence, a common one weak.
    The band is the left record's: in batch both records' bands are equal when their
    names are (one count per name), and in real time the query, always on the left,
    carries the band its name has in the person index.
    """
    tf_column = TF_COMPARISONS[column]

    def same_in_band(band: str) -> Callable[[Record, Record], bool]:
        return lambda a, b: _eq(a[column], b[column]) and a.get(tf_column) == band

    household = Level(
        _household_level_sql(column),
        lambda a, b: _eq(a[column], b[column]) and _eq(a["postcode"], b["postcode"]),
        f"{noun} the same, same postcode",
        "agrees",
    )
    return (household,) + tuple(
        Level(
            _tf_level_sql(column, band),
            same_in_band(band),
            f"{noun} the same, {name}",
            "agrees",
        )
        for band, name in enumerate(TF_BAND_NAMES)
        for band in [str(band)]
    )


COMPARISONS: tuple[ComparisonSpec, ...] = (
    ComparisonSpec(
        "given_name",
        "Given name",
        (
            _null_level("given_name"),
            *_same_name_levels("given_name", "given name"),
            Level(
                _SWAPPED_SQL,
                _names_swapped,
                _SWAPPED_DESCRIPTION,
                "partly agrees",
            ),
            Level(
                _same_gender_sql("given_variant_l = given_variant_r"),
                _same_gender(lambda a, b: _eq(a["given_variant"], b["given_variant"])),
                "same first name, nickname or spelling variant",
                "partly agrees",
            ),
            Level(
                _same_gender_sql("jaro_winkler_similarity(given_name_l, given_name_r) >= 0.92"),
                _same_gender(lambda a, b: _jw(a["given_name"], b["given_name"], 0.92)),
                "given name spelt very similarly",
                "partly agrees",
            ),
            # Transliterations and respellings often keep the sound, not the letters
            # (Evie and Evy, Saoirse and Seersha, Lewis and Louis, Ciaran and Kieran): a
            # general phonetic agreement (Soundex of the first given name, its first
            # letter coded by sound too) rather than a list of spellings. Only for one
            # gender, as the spelling levels above.
            Level(
                _same_gender_sql(_GIVEN_SOUND_SQL),
                _same_gender(_given_sounds_alike),
                "given name sounds alike (another spelling or transliteration?)",
                "partly agrees",
            ),
            Level(
                _same_gender_sql(_GIVEN_ONE_LETTER_SQL),
                _same_gender(_given_one_letter),
                "given name one letter different (a typing error?)",
                "partly agrees",
            ),
            Level(
                _same_gender_sql(_GIVEN_TAIL_SQL),
                _same_gender(lambda a, b: _given_tail(a, b) or _given_tail(b, a)),
                "one given name is the end of the other (a short form?)",
                "partly agrees",
            ),
            Level(
                _same_gender_sql("jaro_winkler_similarity(given_name_l, given_name_r) >= 0.8"),
                _same_gender(lambda a, b: _jw(a["given_name"], b["given_name"], 0.8)),
                "given name spelt similarly",
                "partly agrees",
            ),
            Level(
                _same_gender_sql(_KNOWN_BY_MIDDLE_SQL),
                _same_gender(lambda a, b: _known_by_middle(a, b) or _known_by_middle(b, a)),
                "given name is the other's middle name",
                "partly agrees",
            ),
            Level(
                _same_gender_sql(
                    "(length(given_name_l) = 1 OR length(given_name_r) = 1) "
                    "AND substr(given_name_l, 1, 1) = substr(given_name_r, 1, 1)"
                ),
                _same_gender(
                    lambda a, b: (
                        (len(a["given_name"]) == 1 or len(b["given_name"]) == 1)
                        and a["given_name"][0] == b["given_name"][0]
                    )
                ),
                "one given name is the other's initial",
                "partly agrees",
            ),
            _else_level("given names differ"),
        ),
    ),
    ComparisonSpec(
        "middle_name",
        # Independent of the given-name levels above, which only use the middle name
        # for a person known by it. Missing on one side (most records) is neutral;
        # different middle names tell a parent from a child named after them.
        "Middle name",
        (
            _null_level("middle_name"),
            Level(
                f"middle_name_l = middle_name_r AND {_GIVEN_ALIKE_SQL}",
                lambda a, b: _eq(a["middle_name"], b["middle_name"]) and _given_alike(a, b),
                "middle name the same",
                "agrees",
            ),
            Level(
                "(length(middle_name_l) = 1 OR length(middle_name_r) = 1) "
                "AND substr(middle_name_l, 1, 1) = substr(middle_name_r, 1, 1) "
                f"AND {_GIVEN_ALIKE_SQL}",
                lambda a, b: (
                    (len(a["middle_name"]) == 1 or len(b["middle_name"]) == 1)
                    and a["middle_name"][0] == b["middle_name"][0]
                    and _given_alike(a, b)
                ),
                "one middle name is the other's initial",
                "partly agrees",
            ),
            Level(
                f"jaro_winkler_similarity(middle_name_l, middle_name_r) >= 0.88 "
                f"AND {_GIVEN_ALIKE_SQL}",
                lambda a, b: _jw(a["middle_name"], b["middle_name"], 0.88) and _given_alike(a, b),
                "middle name spelt similarly",
                "partly agrees",
            ),
            Level(
                _SIBLINGS_MIDDLE_SQL,
                lambda a, b: _eq(a["middle_name"], b["middle_name"]),
                "middle name the same, given names differ (siblings?)",
                "partly agrees",
            ),
            _else_level("middle names differ"),
        ),
    ),
    ComparisonSpec(
        "surname",
        "Surname",
        (
            _null_level("surname"),
            *_same_name_levels("surname", "surname"),
            Level(
                _SWAPPED_SQL,
                _names_swapped,
                _SWAPPED_DESCRIPTION,
                "partly agrees",
            ),
            Level(
                "jaro_winkler_similarity(surname_l, surname_r) >= 0.92",
                lambda a, b: _jw(a["surname"], b["surname"], 0.92),
                "surname spelt very similarly",
                "partly agrees",
            ),
            Level(
                "list_has_any(string_split(surname_l, ' '), string_split(surname_r, ' '))",
                _surname_parts_overlap,
                "one part of a double-barrelled surname the same",
                "partly agrees",
            ),
            Level(
                "jaro_winkler_similarity(surname_l, surname_r) >= 0.8",
                lambda a, b: _jw(a["surname"], b["surname"], 0.8),
                "surname spelt similarly",
                "partly agrees",
            ),
            Level(
                _BOTH_WOMEN_SQL,
                _both_women,
                "surnames differ, both women (a new surname on marriage?)",
                "disagrees",
            ),
            _else_level("surnames differ"),
        ),
    ),
    ComparisonSpec(
        "date_of_birth",
        "Date of birth",
        (
            _null_level("dob"),
            Level(
                _TWINS_SQL,
                _twins,
                "date of birth the same, same surname and postcode (twins?)",
                "agrees",
            ),
            Level(
                "dob_l = dob_r",
                lambda a, b: _eq(a["dob"], b["dob"]),
                "date of birth the same",
                "agrees",
            ),
            Level(
                "substr(dob_l, 1, 4) = substr(dob_r, 1, 4) "
                "AND substr(dob_l, 6, 2) = substr(dob_r, 9, 2) "
                "AND substr(dob_l, 9, 2) = substr(dob_r, 6, 2)",
                lambda a, b: (
                    _eq(_dob_part(a, "y"), _dob_part(b, "y"))
                    and _eq(_dob_part(a, "m"), _dob_part(b, "d"))
                    and _eq(_dob_part(a, "d"), _dob_part(b, "m"))
                ),
                "day and month swapped",
                "partly agrees",
            ),
            Level(
                "substr(dob_l, 1, 4) = substr(dob_r, 1, 4) "
                "AND (substr(dob_l, 6, 2) = substr(dob_r, 6, 2) "
                "OR substr(dob_l, 9, 2) = substr(dob_r, 9, 2))",
                lambda a, b: (
                    _eq(_dob_part(a, "y"), _dob_part(b, "y"))
                    and (
                        _eq(_dob_part(a, "m"), _dob_part(b, "m"))
                        or _eq(_dob_part(a, "d"), _dob_part(b, "d"))
                    )
                ),
                "same year, day or month differs (a typing error?)",
                "partly agrees",
            ),
            Level(
                _LAST_DIGIT_SLIP_SQL,
                _dob_year_slip,
                "same day and month, last digit of the year differs (a typing error?)",
                "partly agrees",
            ),
            Level(
                _DECADE_SLIP_SQL,
                _dob_decade_slip,
                "same day and month, decade digit of the year differs by one (a typing error?)",
                "partly agrees",
            ),
            Level(
                _DECADE_SLIP_ELSEWHERE_SQL,
                _dob_decade_slip_elsewhere,
                "same day and month, one digit of the year differs, "
                "not a parent and child at one address (a typing error?)",
                "partly agrees",
            ),
            Level(
                _YEARS_APART_SQL,
                lambda a, b: _eq(_sub(a["dob"], 6, 5), _sub(b["dob"], 6, 5)),
                "same day and month, years apart (a parent and child?)",
                "disagrees",
            ),
            Level(
                "substr(dob_l, 1, 4) = substr(dob_r, 1, 4)",
                lambda a, b: _eq(_dob_part(a, "y"), _dob_part(b, "y")),
                "same year of birth",
                "partly agrees",
            ),
            _else_level("dates of birth differ"),
        ),
    ),
    ComparisonSpec(
        "address",
        # One comparison for postcode, address line and town: they are not independent
        # evidence, and counting them separately would let an address outweigh the names.
        "Address",
        (
            Level(
                "(postcode_l IS NULL AND address_line_1_l IS NULL AND town_l IS NULL) "
                "OR (postcode_r IS NULL AND address_line_1_r IS NULL AND town_r IS NULL)",
                lambda a, b: _address_null(a) or _address_null(b),
                "no address on one side",
                "missing",
                is_null_level=True,
            ),
            Level(
                "postcode_l = postcode_r "
                "AND jaro_winkler_similarity(address_line_1_l, address_line_1_r) >= 0.9",
                lambda a, b: (
                    _eq(a["postcode"], b["postcode"])
                    and _jw(a["address_line_1"], b["address_line_1"], 0.9)
                ),
                "same address and postcode",
                "agrees",
            ),
            Level(
                "jaro_winkler_similarity(address_line_1_l, address_line_1_r) >= 0.9 "
                "AND town_l = town_r",
                lambda a, b: (
                    _jw(a["address_line_1"], b["address_line_1"], 0.9) and _eq(a["town"], b["town"])
                ),
                "same address line and town, postcode differs or missing",
                "partly agrees",
            ),
            Level(
                "postcode_l = postcode_r",
                lambda a, b: _eq(a["postcode"], b["postcode"]),
                "same postcode",
                "partly agrees",
            ),
            Level(
                "postcode_sector_l = postcode_sector_r",
                lambda a, b: _eq(a["postcode_sector"], b["postcode_sector"]),
                "same postcode sector",
                "partly agrees",
            ),
            Level(
                "postcode_district_l = postcode_district_r",
                lambda a, b: _eq(a["postcode_district"], b["postcode_district"]),
                "same postcode district",
                "partly agrees",
            ),
            Level(
                "town_l = town_r",
                lambda a, b: _eq(a["town"], b["town"]),
                "same town",
                "partly agrees",
            ),
            _else_level("addresses differ"),
        ),
    ),
    ComparisonSpec(
        "gender",
        "Gender",
        (
            _null_level("gender"),
            Level(
                "gender_l = gender_r",
                lambda a, b: _eq(a["gender"], b["gender"]),
                "gender the same",
                "agrees",
            ),
            _else_level("gender differs"),
        ),
    ),
    ComparisonSpec(
        "identifier",
        "Identifier (PNC ID or other reference)",
        (
            _null_level("identifier"),
            Level(
                "identifier_l = identifier_r",
                lambda a, b: _eq(a["identifier"], b["identifier"]),
                "the same identifier",
                "agrees",
            ),
            Level(
                _IDENTIFIER_SLIP_SQL,
                lambda a, b: levenshtein(a["identifier"], b["identifier"]) <= 1,
                "identifiers differ by one character (a typing error?)",
                "partly agrees",
            ),
            _else_level("different identifiers"),
        ),
    ),
)

# Pairs Splink scores in batch. blocking_keys() mirrors these exactly.
BLOCKING_RULES = (
    "l.dob_block = r.dob_block",
    "l.surname_sx = r.surname_sx AND l.birth_year = r.birth_year",
    "l.postcode = r.postcode",
    "l.name_key = r.name_key",
    "l.name_key = r.name_key_swapped",
    "l.names_sx = r.names_sx",
    "l.names_sx = r.names_sx_swapped",
    "l.given_day = r.given_day",
    "l.identifier = r.identifier",
)


def blocking_keys(record: Mapping[str, Any]) -> set[str]:
    """Index keys for real-time candidate search, mirroring BLOCKING_RULES.

    Two records share a key exactly when some batch blocking rule pairs them, so looking
    people up by these keys finds the same candidates batch de-duplication scores:
    "dob:" birth date with day and month in sorted order (so swaps meet), "sx:" surname
    soundex and birth year, "pc:" postcode, "gn:" the first three letters of given
    name and surname and "nx:" their soundex codes, both in both orders (so swapped
    names meet), "gd:" given-name soundex and birthday, and "id:" the identifier.
    Accepts a raw or prepared record.
    """
    prepared = record if "dob_block" in record else prepare_record(record)
    keys = set()
    if prepared["dob_block"]:
        keys.add(f"dob:{prepared['dob_block']}")
    if prepared["surname_sx"] and prepared["birth_year"]:
        keys.add(f"sx:{prepared['surname_sx']}|{prepared['birth_year']}")
    if prepared["postcode"]:
        keys.add(f"pc:{prepared['postcode']}")
    if prepared["name_key"]:
        keys.add(f"gn:{prepared['name_key']}")
        keys.add(f"gn:{prepared['name_key_swapped']}")
    if prepared.get("names_sx"):
        keys.add(f"nx:{prepared['names_sx']}")
        keys.add(f"nx:{prepared['names_sx_swapped']}")
    if prepared.get("given_day"):
        keys.add(f"gd:{prepared['given_day']}")
    if prepared.get("identifier"):
        keys.add(f"id:{prepared['identifier']}")
    return keys


# Frequency keys are stored with the blocking keys but never looked up as candidates:
# the real-time path counts how many people hold the query's names through them.
FREQUENCY_KEY_PREFIXES = {"given_name": "fn:", "surname": "sn:"}
_KEY_LENGTH = 80  # PersonMatchKey.key and ExternalNominalMatchKey.key


def frequency_key(column: str, value: str) -> str:
    """The key counting holders of a prepared name ("sn:SMITH"); very long names are cut."""
    return (FREQUENCY_KEY_PREFIXES[column] + value)[:_KEY_LENGTH]


def frequency_keys(record: Mapping[str, Any]) -> set[str]:
    """The record's name-frequency keys. Accepts a raw or prepared record."""
    prepared = record if "dob_block" in record else prepare_record(record)
    return {
        frequency_key(column, prepared[column])
        for column in FREQUENCY_KEY_PREFIXES
        if prepared[column]
    }


def index_keys(record: Mapping[str, Any]) -> set[str]:
    """Every key a person's index entry holds: blocking keys and name-frequency keys."""
    prepared = record if "dob_block" in record else prepare_record(record)
    return blocking_keys(prepared) | frequency_keys(prepared)


# --- Model settings and stored parameters ---------------------------------------------------


def person_settings() -> dict[str, Any]:
    """The untrained Splink settings dict for people (comparisons and blocking rules)."""
    comparisons = []
    for spec in COMPARISONS:
        levels = []
        for level in spec.levels:
            level_dict: dict[str, Any] = {
                "sql_condition": level.sql,
                "label_for_charts": level.description,
            }
            if level.is_null_level:
                level_dict["is_null_level"] = True
            levels.append(level_dict)
        comparisons.append(
            {
                "output_column_name": spec.name,
                "comparison_description": spec.description,
                "comparison_levels": levels,
            }
        )
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "record_id",
        "probability_two_random_records_match": 1e-4,
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": list(BLOCKING_RULES),
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "sql_dialect": "duckdb",
    }


# The stored model's prior is the chance two records picked at random from its training
# records are one person. With a steady share of people recorded more than once, that
# chance falls as 1/N with the number of records N matched against, so each path scales
# it to its own population: the file's records in batch, the person index (and the
# query) in real time. Below PRIOR_MIN_POPULATION records the prior stays that of
# PRIOR_MIN_POPULATION: a handful of records says little about the rate.
POPULATION_KEY = "population_trained_on"
PRIOR_MIN_POPULATION = 20_000


def splink_settings(model: Mapping[str, Any]) -> dict[str, Any]:
    """The model as Splink settings: without POPULATION_KEY, which Splink does not know."""
    return {key: value for key, value in model.items() if key != POPULATION_KEY}


def for_population(model: Mapping[str, Any], population: int) -> dict[str, Any]:
    """The model with its prior scaled to a population of `population` records: Splink
    settings (without POPULATION_KEY, which Splink does not know)."""
    settings = splink_settings(model)
    trained = model.get(POPULATION_KEY)
    if trained:
        prior = model["probability_two_random_records_match"]
        scaled = prior * max(trained, PRIOR_MIN_POPULATION) / max(population, PRIOR_MIN_POPULATION)
        settings["probability_two_random_records_match"] = min(scaled, 0.5)
    return settings


def load_model(path: Path | str = MODEL_PATH) -> dict[str, Any]:
    """The stored trained model (Splink settings with m, u and prior)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def save_model(model: dict[str, Any], path: Path | str = MODEL_PATH) -> None:
    Path(path).write_text(json.dumps(model, indent=4) + "\n", encoding="utf-8")


def _duckdb_linker(prepared: pd.DataFrame, settings: dict[str, Any]):
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI()
    table = db_api.register(prepared, table_name="people")
    return Linker(table, splink_settings(settings), log_level=None)


def estimate_model(
    people: pd.DataFrame, *, max_pairs: float = 5e6, seed: int = 42, prior_recall: float = 0.6
) -> dict[str, Any]:
    """Train the person model on these records (unsupervised) and return its settings dict.

    u from random pairs, m by expectation maximisation in two passes (blocked on date of
    birth, then on address line and first name) so every comparison is estimated at least
    once. The second pass needs the first name as well as the address: blocked on the
    address alone, EM takes people living together for one person. It blocks on the
    address line, not the postcode, because Splink leaves out of a pass every comparison
    reading a column the pass blocks on, and the date-of-birth comparison reads the
    postcode (its household level). The prior comes from exact
    name and birth date agreement, assumed to find `prior_recall` of true matches.
    The caller writes the dict (see save_model).
    """
    prepared = prepare_people(people)
    linker = _duckdb_linker(prepared, person_settings())
    training = linker.training
    training.estimate_probability_two_random_records_match(
        ["l.given_name = r.given_name AND l.surname = r.surname AND l.dob = r.dob"],
        recall=prior_recall,
    )
    training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    # The rarer bands' u is too small for a random sample to see: count it exactly.
    sampled = linker.misc.save_model_to_json()
    _set_tf_levels(sampled, prepared, after_em=False)
    linker = _duckdb_linker(prepared, sampled)
    training = linker.training
    training.estimate_parameters_using_expectation_maximisation(
        "l.dob = r.dob", estimate_without_term_frequencies=True
    )
    training.estimate_parameters_using_expectation_maximisation(
        "l.address_line_1 = r.address_line_1 AND l.given_variant = r.given_variant",
        estimate_without_term_frequencies=True,
    )
    model = linker.misc.save_model_to_json()
    _set_tf_levels(model, prepared, after_em=True)
    set_twins_level(model, prepared)
    set_married_level(model, prepared)
    set_year_slip_levels(model, prepared)
    model[POPULATION_KEY] = len(prepared)
    return _finish_model(model)


def tf_band_statistics(prepared: pd.DataFrame) -> dict[tuple[str, str], tuple[float, float]]:
    """(name column, band) -> (share of records holding a name in the band, sum of the
    squared shares of those names): the chance a record's name is in the band, and the
    chance two records picked at random agree on a name in it."""
    found: dict[tuple[str, str], tuple[float, float]] = {}
    for column in TF_COMPARISONS:
        named = prepared[column].dropna()
        total = len(prepared)
        for count in named.value_counts().to_numpy():
            key = (column, frequency_band(int(count), total))
            held, agree = found.get(key, (0.0, 0.0))
            found[key] = (held + count / total, agree + (count / total) ** 2)
    return found


def household_twin_share(prepared: pd.DataFrame) -> float:
    """How often two people with one surname (by sound) at one postcode, whose given names
    are not variants of each other (so mostly two people), share a date of birth."""
    known = prepared.dropna(subset=["dob", "postcode", "surname_sx"])
    known = known.assign(given_variant=known["given_variant"].fillna(""))

    def pairs(columns: list[str]) -> int:
        sizes = known.groupby(columns, sort=False).size()
        return int((sizes * (sizes - 1) // 2).sum())

    household = ["postcode", "surname_sx"]
    total = pairs(household) - pairs([*household, "given_variant"])
    shared = pairs([*household, "dob"]) - pairs([*household, "dob", "given_variant"])
    return shared / total if total and shared else 1e-3


def set_twins_level(model: dict[str, Any], prepared: pd.DataFrame) -> None:
    """The household date-of-birth level: u counted in the records (household_twin_share).

    A true match keeps its date of birth as often wherever it lives, so both "the same"
    levels get EM's chance that a match keeps it: the two levels' m together (EM, blocked
    on postcode, sees most shared dates at one address, in the household level).
    """
    for comparison in model["comparisons"]:
        if comparison["output_column_name"] != "date_of_birth":
            continue
        levels = {level["sql_condition"]: level for level in comparison["comparison_levels"]}
        twins, anywhere = levels[_TWINS_SQL], levels["dob_l = dob_r"]
        kept = (twins.get("m_probability") or 0.0) + (anywhere.get("m_probability") or 0.0)
        for level in (twins, anywhere):
            level["m_probability"] = kept
            level["fix_m_probability"] = True
        twins["u_probability"] = household_twin_share(prepared)
        twins["fix_u_probability"] = True


def _set_tf_levels(model: dict[str, Any], prepared: pd.DataFrame, *, after_em: bool) -> None:
    """The "the same" levels' m and u from name frequencies, as Splink's term-frequency
    adjustment does: u is the chance two random records agree on a name in the band; m
    is EM's chance a true match keeps its name (all levels together) times the share of
    records whose name is in the band, so each band's weight is log2(m / its typical
    share). EM alone cannot learn the rare bands: few trained pairs share a rare name.
    The same-postcode level gets the average: all of m over all of u.
    """
    statistics = tf_band_statistics(prepared)
    for comparison in model["comparisons"]:
        column = comparison["output_column_name"]
        if column not in TF_COMPARISONS:
            continue
        levels = {level["sql_condition"]: level for level in comparison["comparison_levels"]}
        household = levels[_household_level_sql(column)]
        banded = {
            str(band): levels[_tf_level_sql(column, str(band))]
            for band in range(len(TF_BAND_NAMES))
        }
        kept = sum(level.get("m_probability") or 0.0 for level in banded.values())
        kept += household.get("m_probability") or 0.0
        agreeing = 0.0
        for band, level in banded.items():
            held, agree = statistics.get((column, band), (0.0, 0.0))
            agreeing += agree
            # A band no record reaches gets tiny, equal m and u: neutral, never log2(0).
            level["u_probability"] = max(agree, 1e-12)
            level["fix_u_probability"] = True
            if after_em:
                level["m_probability"] = max(kept * held, 1e-12) if held else 1e-12
                level["fix_m_probability"] = True
        if after_em:
            household["m_probability"], household["u_probability"] = kept, agreeing
            household["fix_m_probability"] = household["fix_u_probability"] = True


def _finish_model(model: dict[str, Any]) -> dict[str, Any]:
    """Fix the disagreement levels, count swapped names once, neutralise levels never seen.

    A swap of given name and surname shows in both name comparisons; the given-name
    level's weight already measures it, so the surname level is made neutral (m = u); so is
    a middle name shared while the given names differ (siblings share middle names).
    A level never seen in training has no m or u, which Splink cannot score, and a level
    seen among non-matches only gets m near 0, a veto; give both neutral evidence
    (m = u) rather than guess.
    """
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            if comparison["output_column_name"] == "identifier":
                fixed = FIXED_IDENTIFIER_LEVELS[level["sql_condition"]]
                level["m_probability"], level["u_probability"] = fixed
                level["fix_m_probability"] = level["fix_u_probability"] = True
                continue
            if level["sql_condition"] == "ELSE" and comparison["output_column_name"] in (
                FIXED_DISAGREEMENT_M
            ):
                level["m_probability"] = FIXED_DISAGREEMENT_M[comparison["output_column_name"]]
                level["fix_m_probability"] = True
            if (comparison["output_column_name"], level["sql_condition"]) in (
                ("surname", _SWAPPED_SQL),
                ("middle_name", _SIBLINGS_MIDDLE_SQL),
            ):
                level["m_probability"] = level.get("u_probability", 1e-6)
            m, u = level.get("m_probability"), level.get("u_probability")
            if m is None and u is None:
                level["m_probability"] = level["u_probability"] = 1e-6
            elif m is None:
                level["m_probability"] = u
            elif u is None:
                level["u_probability"] = m
            elif m < UNSEEN_M and level["sql_condition"] != "ELSE":
                # EM saw (almost) no match at this level: a typo the training records
                # never made is not evidence against a match in records that make it.
                level["m_probability"] = u
            if level["sql_condition"] == _YEARS_APART_SQL:
                level["m_probability"] = level["u_probability"] * FIXED_YEARS_APART_BAYES_FACTOR
                level["fix_m_probability"] = True
    return model


# --- Real-time scoring without Splink --------------------------------------------------------


@dataclass(frozen=True)
class FieldEvidence:
    """How one comparison (given name, address, ...) moved the score for a pair."""

    comparison: str
    label: str  # agrees / partly agrees / disagrees / missing
    description: str
    bayes_factor: float
    match_weight: float


@dataclass(frozen=True)
class PairScore:
    """A suggested match with its evidence. It informs an officer's decision; it is not one."""

    match_probability: float
    match_weight: float
    evidence: tuple[FieldEvidence, ...]

    @property
    def is_likely_match(self) -> bool:
        return self.match_probability >= LIKELY_MATCH_THRESHOLD


def _clean_sql(sql: str) -> str:
    return " ".join(sql.split()).lower()


def level_match_weight(level: Mapping[str, Any]) -> float:
    """log2(m/u), clamped as Splink clamps it (ComparisonLevel._match_weight)."""
    if level.get("is_null_level"):
        return 0.0
    m, u = level.get("m_probability"), level.get("u_probability")
    if m is None or u is None:
        raise ModelMismatchError("the model has an untrained level; re-run estimate_model")
    return math.log2(max(m, 1e-300) / max(u, 1e-300))


def _compiled(model: Mapping[str, Any]) -> list[tuple[ComparisonSpec, list[float]]]:
    """Pair each stored comparison with the code's levels, refusing any drift between them."""
    specs = {spec.name: spec for spec in COMPARISONS}
    compiled = []
    for comparison in model["comparisons"]:
        spec = specs.get(comparison["output_column_name"])
        stored = comparison["comparison_levels"]
        if spec is None or len(stored) != len(spec.levels):
            raise ModelMismatchError(f"comparison {comparison['output_column_name']} differs")
        for level, stored_level in zip(spec.levels, stored, strict=True):
            if _clean_sql(level.sql) != _clean_sql(stored_level["sql_condition"]):
                raise ModelMismatchError(f"level {stored_level['sql_condition']!r} differs")
        compiled.append((spec, [level_match_weight(level) for level in stored]))
    if len(compiled) != len(specs):
        raise ModelMismatchError("the model lacks some comparisons")
    return compiled


_COMPILED_CACHE: dict[int, tuple[Mapping[str, Any], list]] = {}


def _compiled_cached(model: Mapping[str, Any]) -> list[tuple[ComparisonSpec, list[float]]]:
    """_compiled once per model object: checking the SQL costs more than scoring a pair.

    Keyed on identity and holding the model, so a new dict is always checked; a model
    is treated as read-only once loaded.
    """
    cached = _COMPILED_CACHE.get(id(model))
    if cached is None or cached[0] is not model:
        if len(_COMPILED_CACHE) >= 8:
            _COMPILED_CACHE.clear()
        cached = (model, _compiled(model))
        _COMPILED_CACHE[id(model)] = cached
    return cached[1]


def probability_of(match_weight: float) -> float:
    """As Splink's SQL: stable for large positive and negative weights."""
    if match_weight >= 0:
        return 1.0 / (1.0 + 2.0 ** (-match_weight))
    return 2.0**match_weight / (1.0 + 2.0**match_weight)


def match_probability_prepared(left: Record, right: Record, model: Mapping[str, Any]) -> float:
    """score_prepared_pair's probability alone, the same arithmetic without the evidence.

    The real-time path uses it to drop the many candidates below the candidate
    threshold before describing the few above it.
    """
    prior_weight, comparisons = _tests_cached(model)
    total = prior_weight
    for levels in comparisons:
        for test, weight in levels:
            if test(left, right):
                total += weight
                break
    return probability_of(total)


_TESTS_CACHE: dict[int, tuple[Mapping[str, Any], tuple]] = {}


def _tests_cached(model: Mapping[str, Any]) -> tuple[float, tuple[tuple, ...]]:
    """The prior's weight and each comparison's (test, weight) pairs, as flat tuples: the
    real-time path scores up to 200 candidates per look-up, and rebuilding the pairs
    with attribute look-ups and zips for each one cost about a seventh of its time."""
    cached = _TESTS_CACHE.get(id(model))
    if cached is None or cached[0] is not model:
        if len(_TESTS_CACHE) >= 8:
            _TESTS_CACHE.clear()
        prior = model["probability_two_random_records_match"]
        comparisons = tuple(
            tuple((level.test, weight) for level, weight in zip(spec.levels, weights, strict=True))
            for spec, weights in _compiled_cached(model)
        )
        cached = (model, (math.log2(prior / (1 - prior)), comparisons))
        _TESTS_CACHE[id(model)] = cached
    return cached[1]


def score_prepared_pair(
    left: Record, right: Record, model: Mapping[str, Any], *, compiled=None
) -> PairScore:
    compiled = compiled if compiled is not None else _compiled_cached(model)
    prior = model["probability_two_random_records_match"]
    total = math.log2(prior / (1 - prior))
    evidence = []
    for spec, weights in compiled:
        # The ELSE level always passes, so some level is found; Splink's CASE takes the first.
        index = next(i for i, level in enumerate(spec.levels) if level.test(left, right))
        level, weight = spec.levels[index], weights[index]
        total += weight
        evidence.append(
            FieldEvidence(
                comparison=spec.name,
                label=level.label,
                description=level.description,
                bayes_factor=2.0**weight,
                match_weight=weight,
            )
        )
    return PairScore(probability_of(total), total, tuple(evidence))


def score_pair(
    record_l: Mapping[str, Any], record_r: Mapping[str, Any], model: Mapping[str, Any]
) -> PairScore:
    """Score two person records with the stored model, in pure Python (0.2 ms or less).

    The same levels and Fellegi-Sunter arithmetic as Splink's predict: the prior's match
    weight plus log2(m/u) of the first level each comparison meets.
    """
    return score_prepared_pair(prepare_record(record_l), prepare_record(record_r), model)


# --- Batch de-duplication --------------------------------------------------------------------


def dedupe(
    people: pd.DataFrame,
    *,
    threshold: float = CANDIDATE_THRESHOLD,
    model: dict[str, Any] | None = None,
    rejects: list[RejectedValue] | None = None,
    block_size_cap: int = BLOCK_SIZE_CAP,
) -> pd.DataFrame:
    """Every blocked pair scoring at least `threshold`: columns id_l, id_r, match_probability.

    Splink on DuckDB with the stored model, its prior scaled to the number of records
    (for_population); nothing is re-trained. A record that is a likely match for two
    people shares its odds between them (one_person_each). With a `rejects` list,
    impossible dates of birth are matched as missing and listed there.
    """
    prepared = cap_blocks(prepare_people(people, rejects=rejects), cap=block_size_cap)
    settings = for_population(model if model is not None else load_model(), len(prepared))
    settings["retain_matching_columns"] = False
    settings["retain_intermediate_calculation_columns"] = False
    linker = _duckdb_linker(prepared, settings)
    predictions = linker.inference.predict(
        threshold_match_probability=threshold, warning_mode="never"
    )
    pairs = predictions.as_pandas_dataframe()
    pairs = pairs.rename(columns={"record_id_l": "id_l", "record_id_r": "id_r"})
    pairs = pairs[["id_l", "id_r", "match_weight"]]
    pairs = one_person_each(pairs, _records_with_rivals(prepared, pairs), settings)
    pairs = pairs[pairs["match_probability"] >= threshold]
    return pairs[["id_l", "id_r", "match_probability"]].reset_index(drop=True)


def _records_with_rivals(prepared: pd.DataFrame, pairs: pd.DataFrame) -> dict[str, Record]:
    """The prepared records one_person_each may read: those with two likely matches or
    more, and every record paired with them (a few, where a million records as dicts
    would not fit)."""
    likely = pairs[pairs["match_weight"] >= _weight_of(COMPETING_THRESHOLD)]
    ends = pd.concat([likely["id_l"], likely["id_r"]])
    counts = ends.value_counts()
    busy = set(counts[counts > 1].index)
    near = pairs[pairs["id_l"].isin(busy) | pairs["id_r"].isin(busy)]
    needed = busy | set(near["id_l"]) | set(near["id_r"])
    chosen = prepared[prepared["record_id"].isin(needed)]
    return chosen.set_index("record_id", drop=False).to_dict("index")


# A record describes one person. When it is a likely match (at least COMPETING_THRESHOLD)
# for two records that are two people, and it lacks the detail that tells them apart (a
# record with no date of birth, beside a father and a son of one name at one address),
# it cannot be both: each pair's odds are shared with the other's (one_person_each). Two
# records are two people when some field disagrees in a way one person's records almost
# never do (a Bayes factor of DISTINCT_BAYES_FACTOR or less: wholly different given names
# or dates of birth, birthdays a generation apart) and, all evidence counted, they are
# not a likely match. A record that holds that field has already been weighed on it, so
# it has no rivals: two copies of one person corrupted differently do not compete.
COMPETING_THRESHOLD = 0.5
DISTINCT_BAYES_FACTOR = 2.0**-10


def distinguishing_fields(left: Record, right: Record, model: Mapping[str, Any]) -> frozenset[str]:
    """The comparisons showing these two records are two people (see above), or none.

    Two records sharing an identifier are never two people however else they differ:
    twins, and a parent and child, never share a PNC ID (FIXED_IDENTIFIER_LEVELS).
    """
    if _eq(left.get("identifier"), right.get("identifier")):
        return frozenset()
    prior = model["probability_two_random_records_match"]
    total = math.log2(prior / (1 - prior))
    floor = math.log2(DISTINCT_BAYES_FACTOR)
    conclusive = []
    for spec, weights in _compiled_cached(model):
        for level, weight in zip(spec.levels, weights, strict=True):
            if level.test(left, right):
                total += weight
                if weight <= floor:
                    conclusive.append(spec.name)
                break
    if not conclusive or probability_of(total) >= COMPETING_THRESHOLD:
        return frozenset()
    return frozenset(conclusive)


def lacks_any(record: Record, other: Record, fields: Iterable[str]) -> bool:
    """Whether the pair (record, other) is missing any of these comparisons' details."""
    specs = {spec.name: spec for spec in COMPARISONS}
    for name in fields:
        null_level = specs[name].levels[0]
        if null_level.is_null_level and null_level.test(record, other):
            return True
    return False


def shared_odds(own_weight: float, rival_weights: Iterable[float]) -> float:
    """A pair's match weight once it shares its record with rival likely matches.

    The record is this one, a rival or neither: P(this) = o / (1 + o + sum of the rivals'
    odds), so the pair's odds become o / (1 + the rivals' odds). With no rival, nothing
    changes; with an equally likely rival, both fall just below one half.
    """
    rivals = sum(2.0**weight for weight in rival_weights)
    return own_weight - math.log2(1.0 + rivals) if rivals else own_weight


def one_person_each(
    pairs: pd.DataFrame, records: Mapping[str, Record], model: Mapping[str, Any]
) -> pd.DataFrame:
    """pairs (id_l, id_r, match_weight) with match_probability, rivals' odds shared.

    A rival of pair (a, b) is a record c that is a likely match for a while b and c are
    two people by a field a lacks (distinguishing_fields, lacks_any), and the same from
    b's side. `records` holds every record by id, prepared as scored.
    """
    pairs = pairs.reset_index(drop=True)
    likely = pairs[pairs["match_weight"] >= _weight_of(COMPETING_THRESHOLD)]
    partners: dict[str, list[tuple[str, float]]] = {}
    for a, b, weight in zip(likely["id_l"], likely["id_r"], likely["match_weight"], strict=True):
        partners.setdefault(a, []).append((b, weight))
        partners.setdefault(b, []).append((a, weight))
    weights = pairs["match_weight"].to_numpy(copy=True)
    distinct: dict[tuple[str, str], frozenset[str]] = {}

    def telling_apart(x: str, y: str) -> frozenset[str]:
        key = (x, y) if x < y else (y, x)
        if key not in distinct:
            distinct[key] = distinguishing_fields(records[key[0]], records[key[1]], model)
        return distinct[key]

    for index, (a, b, weight) in enumerate(
        zip(pairs["id_l"], pairs["id_r"], pairs["match_weight"], strict=True)
    ):
        rivals = [
            rival_weight
            for record, other in ((a, b), (b, a))
            if len(partners.get(record, ())) > 1
            for rival, rival_weight in partners[record]
            if rival != other
            and lacks_any(records[record], records[other], telling_apart(other, rival))
        ]
        if rivals:
            weights[index] = shared_odds(weight, rivals)
    return pairs.assign(
        match_weight=weights, match_probability=[probability_of(w) for w in weights]
    )


def _weight_of(probability: float) -> float:
    return math.log2(probability / (1.0 - probability))


def cap_blocks(prepared: pd.DataFrame, cap: int = BLOCK_SIZE_CAP) -> pd.DataFrame:
    """Blank the name-based blocking values shared by more than `cap` records.

    Only blocking columns are touched, never compared ones, so scores do not change;
    those records still meet through their dates of birth, postcodes and identifiers.
    """
    capped = prepared.copy()
    for column in CAPPED_BLOCKING_COLUMNS:
        counts = capped[column].map(capped[column].value_counts())
        capped.loc[counts > cap, column] = None
    return capped


def candidate_pairs(records: Iterable[Mapping[str, Any]]) -> set[tuple[str, str]]:
    """Pairs of record ids sharing a blocking key: what an indexed key table would find."""
    by_key: dict[str, list[str]] = {}
    for record in records:
        for key in blocking_keys(record):
            by_key.setdefault(key, []).append(str(record["record_id"]))
    pairs = set()
    for ids in by_key.values():
        for i, id_a in enumerate(ids):
            for id_b in ids[i + 1 :]:
                pairs.add((min(id_a, id_b), max(id_a, id_b)))
    return pairs
