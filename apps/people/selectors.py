"""Every read of the person index: access-scoped, and each view recorded."""

import uuid

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Upper
from django.http import Http404

from apps.accounts.models import User
from apps.core import access, audit
from apps.core.references import reference_candidates
from apps.people.models import Person, PersonMatchKey, PersonMerge, PersonName
from apps.people.registry import NameQuery, name_query

# Search: the best this many candidates are placed by how well their names fit; the rest
# follow by name. At most SCORED candidates are scored (a name that common is then listed
# by name after the first SCORED): every candidate is still listed, none is dropped.
RANKED = 100
SCORED = 5000


def person_list(*, user: User) -> QuerySet[Person]:
    return access.restrict(
        Person.objects.filter(merged_into__isnull=True).select_related("team"), user=user
    )


def person_list_consult(*, user: User, people: list[Person], terms: dict) -> list[Person]:
    """People listed by an API search: the search, and each person returned, is recorded.

    The search event stores the terms typed and the references returned, never copies of
    the people's details.
    """
    audit.record_search(
        user=user,
        scope="api people",
        terms=terms,
        result_count=len(people),
        detail={"references": [person.reference for person in people]},
    )
    for person in people:
        audit.record_view(user=user, subject=person)
    return people


def person_merges(*, person: Person):
    return PersonMerge.objects.filter(survivor=person).select_related("merged", "merged_by")


def person_merge_get(*, user: User, merge_id: int):
    merge = PersonMerge.objects.select_related("survivor", "merged").filter(pk=merge_id).first()
    if merge is None:
        raise Http404
    access.require(user, access.CHANGE, merge.survivor)
    return merge


def person_merge_of(*, user: User, survivor: Person, merged_id) -> PersonMerge:
    """The latest merge of `merged_id` into `survivor`, for undoing; Http404 if none."""
    access.require(user, access.CHANGE, survivor)
    merge = (
        PersonMerge.objects.select_related("survivor", "merged")
        .filter(survivor=survivor, merged_id=merged_id)
        .order_by("-merged_at")
        .first()
    )
    if merge is None:
        raise Http404
    return merge


def person_get(*, user: User, person_id: uuid.UUID | str, justification: str = "") -> Person:
    """One person the user may see, recording the consultation; Http404 otherwise."""
    person = access.get_or_404(Person.objects.all(), user=user, pk=person_id)
    audit.record_view(user=user, subject=person, justification=justification)
    return person


def _name_matches(query: NameQuery) -> Q:
    """People holding one of the query's name keys, or with a spelling of the name typed.

    Each is an indexed look-up: the keys (match_key_lookup), and the upper-cased names
    (person_given_upper, person_family_upper, person_name_*_upper).
    """
    by_key = PersonMatchKey.objects.filter(key__in=query.keys).values("person_id")
    given = Q(given_upper__in=query.given_names)
    family = Q(family_upper__in=query.family_names)
    names = PersonName.objects.alias(
        given_upper=Upper("given_name"), family_upper=Upper("family_name")
    )
    if query.two_names:
        by_name, other_names = given & family, names.filter(given & family)
    else:
        by_name, other_names = given | family, names.filter(given | family)
    return Q(pk__in=by_key) | by_name | Q(pk__in=other_names.values("person_id"))


def person_search_ranked(queryset: QuerySet[Person], text: str) -> tuple[QuerySet, list]:
    """People matching `text`, best first, and the ids of the best, in order.

    `text` is a reference or its number part ("00352", "2026-00352"), or a name found
    through the person index's own name keys (nicknames, spellings, transliterations),
    other names included. `queryset` is already narrowed by the access decision.
    """
    text = (text or "").strip()
    matches = Q(reference__in=reference_candidates("PN", text))
    query = name_query(text)
    if query is None:
        return queryset.filter(matches), []
    found = queryset.alias(given_upper=Upper("given_name"), family_upper=Upper("family_name"))
    found = found.filter(matches | _name_matches(query))
    best = _ranked_ids(found, query)
    return found.order_by(*rank_by(best, "pk"), "family_name", "given_name"), best


def _ranked_ids(found: QuerySet[Person], query: NameQuery) -> list:
    names = {
        pk: [(given, family)]
        for pk, given, family in found.order_by().values_list("pk", "given_name", "family_name")[
            :SCORED
        ]
    }
    for person_id, given, family in PersonName.objects.filter(person_id__in=names).values_list(
        "person_id", "given_name", "family_name"
    ):
        names[person_id].append((given, family))
    scores = {
        pk: max(query.score(given, family) for given, family in pairs)
        for pk, pairs in names.items()
    }
    return sorted(scores, key=lambda pk: -scores[pk])[:RANKED]


def person_search(queryset: QuerySet[Person], text: str) -> QuerySet[Person]:
    return person_search_ranked(queryset, text)[0]


def person_name_search(*, user: User, text: str) -> tuple[QuerySet, list]:
    """The people a name may mean, for another app's search (referrals): ids, best first.

    Narrowed by the access decision, so a search never finds a record through a person the
    user may not see. Returns (the people's ids as a subquery, the best ids in order).
    """
    found, best = person_search_ranked(person_list(user=user), text)
    return found.order_by().values("pk"), best


def rank_by(best: list, field: str) -> list[Case]:
    """An ordering that puts rows whose `field` is among `best` first, in that order."""
    if not best:
        return []
    return [
        Case(
            *(When(**{field: pk}, then=Value(position)) for position, pk in enumerate(best)),
            default=Value(len(best)),
            output_field=IntegerField(),
        )
    ]
