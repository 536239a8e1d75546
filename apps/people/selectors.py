"""Every read of the person index: access-scoped, and each view recorded."""

import uuid

from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.models import User
from apps.core import access, audit
from apps.people.models import Person, PersonMerge


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


def person_get(*, user: User, person_id: uuid.UUID | str, justification: str = "") -> Person:
    """One person the user may see, recording the consultation; Http404 otherwise."""
    person = access.get_or_404(Person.objects.all(), user=user, pk=person_id)
    audit.record_view(user=user, subject=person, justification=justification)
    return person
