"""Name search through the person index's own name keys (people.registry.register_name_query).

No new fuzzy algorithm: a typed name is prepared exactly as a person's record is
(`linkage.prepare_record`), so it has the same blocking keys the index stores for every
person and alias (PersonMatchKey): first letters, and sound-alike codes of the given name's
group in the name-variant table (nicknames, spellings, transliterations) and of the family
name. Candidates are then ranked with the same Jaro-Winkler comparison the model uses.
"""

import datetime
import re

from apps.matching import linkage
from apps.people.registry import NameQuery

EARLIEST_BIRTH_YEAR = 1900
# A reference or any other term with a digit in it is not a name.
HAS_DIGIT = re.compile(r"\d")


def _words(text: str) -> list[str]:
    return (linkage.normalise_name(text) or "").split()


def _given_fit(typed: str, given: str) -> float:
    if not typed or not given:
        return 0.0
    if linkage.given_name_variant(typed) == linkage.given_name_variant(given):
        return 1.0
    return linkage.jaro_winkler(typed, given)


def _family_fit(typed: str, family: str) -> float:
    if not typed or not family:
        return 0.0
    return 1.0 if typed == family else linkage.jaro_winkler(typed, family)


def _first(value: str) -> str:
    words = _words(value)
    return words[0] if words else ""


def _two_name_score(given: str, family: str):
    def score(candidate_given: str, candidate_family: str) -> float:
        first, surname = _first(candidate_given), " ".join(_words(candidate_family))
        in_order = _given_fit(given, first) + _family_fit(family, surname)
        swapped = _given_fit(family, first) + _family_fit(given, surname)
        return max(in_order, swapped)

    return score


def _one_word_score(word: str):
    def score(candidate_given: str, candidate_family: str) -> float:
        first, surname = _first(candidate_given), " ".join(_words(candidate_family))
        return max(_given_fit(word, first), _family_fit(word, surname))

    return score


def _upper(names) -> frozenset[str]:
    return frozenset(name.upper() for name in names if name)


def name_query(text: str) -> NameQuery | None:
    """The keys, spellings and ranking for a typed name; None when it is not a name."""
    if HAS_DIGIT.search(text or ""):
        return None
    words = _words(text)
    if not words:
        return None
    typed = (text or "").split()
    if len(words) == 1:
        word = words[0]
        this_year = datetime.date.today().year
        # The surname's sound-alike code with each birth year: the index's "sx:" keys.
        keys = {
            f"sx:{linkage.soundex(word)}|{year}"
            for year in range(EARLIEST_BIRTH_YEAR, this_year + 1)
        }
        return NameQuery(
            keys=frozenset(keys),
            given_names=_upper(linkage.given_name_spellings(word)) | _upper(typed),
            family_names=_upper([word, *typed]),
            two_names=False,
            score=_one_word_score(word),
        )
    given, family = words[0], words[-1]
    keys = linkage.blocking_keys({"given_name": given, "surname": family})
    return NameQuery(
        keys=frozenset(keys),
        given_names=_upper(linkage.given_name_spellings(given)) | _upper(typed[:1]),
        family_names=_upper([family, *typed[-1:]]),
        two_names=True,
        score=_two_name_score(given, family),
    )
