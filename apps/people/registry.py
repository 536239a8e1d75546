"""What people needs from the apps above it, registered by them in AppConfig.ready().

People sits below referrals, matching, gateway and cases and may not import them
(ADR 0016). Each section below says who registers and when people calls back.

What follows a person when they are restricted.

A restricted person's open referrals and cases must be restricted too, but people sits
below referrals and cases and may not import them. So those apps register a callback
here in their AppConfig.ready(), and `people.services.person_restrict` calls each one.
Every callback restricts its own records through its own service, audited.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Each callback is called as callback(person=..., officer=..., readers=..., reason=...).
_callbacks: list[Callable] = []


def on_person_restricted(callback: Callable) -> Callable:
    """Register `callback` to run whenever a person is restricted (idempotent)."""
    if callback not in _callbacks:
        _callbacks.append(callback)
    return callback


def person_restricted_callbacks() -> list[Callable]:
    return list(_callbacks)


# --- A person changed --------------------------------------------------------------------
# Matching (above people) keeps each person's match record and blocking keys. People calls
# every callback registered here, as callback(person=...), after any change that matters to
# matching (created, details, names, addresses, identifiers, merge, un-merge), synchronously
# inside the service's transaction. Matching registers in MatchingConfig.ready().
_changed: list[Callable] = []


def on_person_changed(callback: Callable) -> Callable:
    """Register `callback` to run whenever a person's details change (idempotent)."""
    if callback not in _changed:
        _changed.append(callback)
    return callback


def person_changed_callbacks() -> list[Callable]:
    return list(_changed)


# --- Models that point at a person ---------------------------------------------------------
# Every model outside people with a foreign key to Person is registered here by its app in
# ready() (a test walks the models and fails on one that is not). Merge moves the links that
# follow a merge to the surviving record and un-merge moves them back; the merge audit event
# lists them. Later: the subject-access export and retention.


@dataclass(frozen=True)
class PersonLink:
    model: type[models.Model]
    field: str
    label: str  # the key under which a merge records the ids it moved
    follows_merge: bool  # False: a record of what was decided about that record, kept with it


_links: dict[str, PersonLink] = {}


def register_person_link(
    model: type[models.Model], *, field: str = "person", label: str, follows_merge: bool = True
) -> PersonLink:
    link = PersonLink(model=model, field=field, label=label, follows_merge=follows_merge)
    _links[f"{model._meta.label_lower}.{field}"] = link
    return link


def person_links() -> list[PersonLink]:
    return list(_links.values())


# --- What the person's pages show from the apps above -------------------------------------
# The person page's tabs list records other apps own. Each app registers
# provider(user=..., person=...) -> queryset under a name the template uses ("referrals",
# "cases"), already narrowed by the access decision. Matching provides "duplicates":
# provider(user=..., person=...) -> the possible duplicates of the person.
_person_records: dict[str, Callable] = {}


def register_person_records(name: str, provider: Callable) -> Callable:
    _person_records[name] = provider
    return provider


def person_records(name: str, *, user, person):
    provider = _person_records.get(name)
    if provider is None:
        raise ImproperlyConfigured(f"No app provides the person's {name!r}")
    return provider(user=user, person=person)


# --- Searching by name ----------------------------------------------------------------------
# A name search is as forgiving as de-confliction: it uses the person index's own name keys
# (PersonMatchKey: nicknames, spellings and transliterations through the name-variant table
# and sound-alike codes), which matching owns. Matching registers builder(text) -> NameQuery
# | None in MatchingConfig.ready(); people.selectors.person_search looks the keys up (an
# indexed look-up) and ranks what it finds with the query's score.


@dataclass(frozen=True)
class NameQuery:
    """A name typed into a search, as the matching keys see it."""

    keys: frozenset[str]  # a person holding any of these PersonMatchKey keys is a candidate
    given_names: frozenset[str]  # upper-case spellings the first word may have as a given name
    family_names: frozenset[str]  # upper-case family names typed
    two_names: bool  # a given name and a family name typed; else one word that may be either
    score: Callable[[str, str], float]  # how well a (given, family) name fits, higher better


_name_query_builders: list[Callable] = []


def register_name_query(builder: Callable) -> Callable:
    if builder not in _name_query_builders:
        _name_query_builders.append(builder)
    return builder


def name_query(text: str) -> NameQuery | None:
    """What the registered builder makes of `text`, or None (no builder, or not a name)."""
    for builder in _name_query_builders:
        query = builder(text)
        if query is not None:
            return query
    return None
