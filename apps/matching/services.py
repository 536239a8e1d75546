"""Keeps each person's match record and blocking keys current (people.registry.on_person_changed).

People announces every change that matters to matching; this recomputes the match record,
its prepared form and the blocking keys (aliases included) and stores them through people's
public service, synchronously in the caller's transaction (ADR 0016).
"""

from apps.matching import linkage
from apps.people.models import Person, PersonName
from apps.people.services import (
    person_match_index_store,
    person_match_index_store_many,
    person_match_record,
)


def person_match_index_refresh(*, person: Person) -> None:
    """Recompute the person's match record and blocking keys after any change that matters."""
    record = person_match_record(person)
    other_names = person.other_names.values_list("given_name", "family_name")
    prepared, keys = _index_entry(record, other_names)
    person_match_index_store(person=person, record=record, prepared=prepared, keys=keys)


def _index_entry(record: dict, other_names) -> tuple[dict, set[str]]:
    """The prepared record and every index key: blocking keys for the name and each other
    name the person is known by, and the name-frequency keys of the name itself."""
    prepared = linkage.prepare_record(record)
    keys = linkage.index_keys(prepared)
    for other_given, other_family in other_names:
        alias = {**record, "given_name": other_given or record["given_name"]}
        alias["surname"] = other_family or record["surname"]
        keys |= linkage.blocking_keys(alias)
    return prepared, keys


def people_match_index_rebuild(
    *, after: str | None = None, batch_size: int = 2000
) -> tuple[int, str | None]:
    """Recompute the prepared records and keys of the next `batch_size` live people from
    their stored match records, in person id order after `after`: how many were done and
    the last id (None when there were none left).

    The match record itself is kept current on every change (person_match_index_refresh);
    a change of blocking rules or comparisons only changes what is derived from it.
    """
    people = Person.objects.filter(merged_into__isnull=True).order_by("pk")
    if after is not None:
        people = people.filter(pk__gt=after)
    rows = list(people.values_list("pk", "match_record", "match_prepared")[:batch_size])
    if not rows:
        return 0, None
    other_names: dict[str, list[tuple[str, str]]] = {}
    for person_id, given, family in PersonName.objects.filter(
        person_id__in=[row[0] for row in rows]
    ).values_list("person_id", "given_name", "family_name"):
        other_names.setdefault(str(person_id), []).append((given, family))
    changed, keys = {}, {}
    for person_id, record, stored in rows:
        if not record:  # none should lack one; make it from the person's details
            person = Person.objects.get(pk=person_id)
            person_match_index_refresh(person=person)
            continue
        prepared, keys[str(person_id)] = _index_entry(record, other_names.get(str(person_id), []))
        if prepared != stored:
            changed[str(person_id)] = prepared
    person_match_index_store_many(prepared=changed, keys=keys)
    return len(rows), str(rows[-1][0])
