"""Keeps each person's match record and blocking keys current (people.registry.on_person_changed).

People announces every change that matters to matching; this recomputes the match record,
its prepared form and the blocking keys (aliases included) and stores them through people's
public service, synchronously in the caller's transaction (ADR 0016).
"""

from apps.matching import linkage
from apps.people.models import Person
from apps.people.services import person_match_index_store, person_match_record


def person_match_index_refresh(*, person: Person) -> None:
    """Recompute the person's match record and blocking keys after any change that matters."""
    record = person_match_record(person)
    prepared = linkage.prepare_record(record)
    keys = set(linkage.blocking_keys(record))
    for other_given, other_family in person.other_names.values_list("given_name", "family_name"):
        alias = {**record, "given_name": other_given or record["given_name"]}
        alias["surname"] = other_family or record["surname"]
        keys |= set(linkage.blocking_keys(alias))
    person_match_index_store(person=person, record=record, prepared=prepared, keys=keys)
