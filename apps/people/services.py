"""Every write to the person index: creation, details, merges and 'not the same person'."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Team, User
from apps.accounts.services import notification_send
from apps.audit.choices import AuditAction
from apps.core import access, audit
from apps.core.audit import diff, snapshot
from apps.core.choices import ProtectiveMarking
from apps.core.concurrency import merge_edit, save_if_unchanged
from apps.core.references import next_reference
from apps.core.restriction import restrict_record
from apps.geography.selectors import local_authority_for_postcode
from apps.people.choices import IdentifierKind, NameKind
from apps.people.identifiers import InvalidIdentifier, normalise_identifier
from apps.people.match_records import match_record
from apps.people.models import (
    NotSamePerson,
    Person,
    PersonAddress,
    PersonIdentifier,
    PersonMatchKey,
    PersonMerge,
    PersonName,
)
from apps.people.registry import (
    person_changed_callbacks,
    person_links,
    person_restricted_callbacks,
)

AUDITED_FIELDS = [
    "given_name",
    "middle_names",
    "family_name",
    "date_of_birth",
    "estimated_age",
    "gender",
    "nationality",
    "first_language",
]


def person_match_record(person: Person) -> dict:
    """The person as the matching model sees them (one row, the current address)."""
    address = person.addresses.filter(is_current=True).first()
    return match_record(
        record_id=str(person.pk),
        identifier=_primary_identifier(person),
        given_name=person.given_name,
        middle_names=person.middle_names,
        surname=person.family_name,
        date_of_birth=person.date_of_birth,
        gender=person.get_gender_display() if person.gender != "not_recorded" else "",
        postcode=address.postcode if address else "",
        address_line_1=address.line_1 if address else "",
        town=address.town if address else "",
    )


def _primary_identifier(person: Person) -> str:
    """The identifier matching compares: the PNC ID if there is one, else the first recorded."""
    identifiers = sorted(
        person.identifiers.values_list("kind", "value"), key=lambda item: item[0] != "pnc"
    )
    return f"{identifiers[0][0]}:{identifiers[0][1]}" if identifiers else ""


def person_changed(*, person: Person) -> None:
    """Announce a change that matters to matching (people.registry.on_person_changed).

    Matching recomputes the match record and blocking keys at once, in this transaction,
    and stores them with `person_match_index_store`.
    """
    for callback in person_changed_callbacks():
        callback(person=person)


def person_match_index_store(
    *, person: Person, record: dict, prepared: dict, keys: set[str]
) -> None:
    """Store the match record, its prepared form and the blocking keys matching computed."""
    Person.objects.filter(pk=person.pk).update(match_record=record, match_prepared=prepared)
    person.match_record, person.match_prepared = record, prepared
    wanted = set(keys)
    PersonMatchKey.objects.filter(person=person).exclude(key__in=wanted).delete()
    existing = set(PersonMatchKey.objects.filter(person=person).values_list("key", flat=True))
    PersonMatchKey.objects.bulk_create(
        [PersonMatchKey(person=person, key=key) for key in wanted - existing]
    )


def person_match_index_store_many(*, prepared: dict[str, dict], keys: dict[str, set[str]]) -> None:
    """person_match_index_store for many people at once, their match records unchanged:
    the new prepared records (person id -> prepared, only those that changed) and every
    person's full set of keys. A few statements per batch instead of four per person;
    only keys no longer wanted are deleted and only new ones inserted."""
    Person.objects.bulk_update(
        [Person(pk=person_id, match_prepared=value) for person_id, value in prepared.items()],
        ["match_prepared"],
        batch_size=1000,
    )
    held = PersonMatchKey.objects.filter(person_id__in=list(keys)).values_list(
        "pk", "person_id", "key"
    )
    stale, existing = [], set()
    for key_id, person_id, key in held:
        if key in keys[str(person_id)]:
            existing.add((str(person_id), key))
        else:
            stale.append(key_id)
    for start in range(0, len(stale), 5000):
        PersonMatchKey.objects.filter(pk__in=stale[start : start + 5000]).delete()
    PersonMatchKey.objects.bulk_create(
        [
            PersonMatchKey(person_id=person_id, key=key)
            for person_id, wanted in keys.items()
            for key in wanted
            if (person_id, key) not in existing
        ],
        batch_size=5000,
    )


def _address_create(*, person: Person, **address) -> PersonAddress:
    """Add an address, with its local authority when the postcode settles it."""
    if not address.get("local_authority"):
        address["local_authority"] = local_authority_for_postcode(address.get("postcode", ""))
    return PersonAddress.objects.create(person=person, **address)


def person_create(
    *,
    created_by: User,
    team: Team,
    given_name: str,
    family_name: str,
    protective_marking: str = ProtectiveMarking.OFFICIAL_SENSITIVE,
    address: dict | None = None,
    other_names: list[tuple[str, str]] = (),
    **details,
) -> Person:
    """Add someone to the person index, recording the collection."""
    access.require_add(created_by, Person)
    with transaction.atomic():
        person = Person(
            reference=next_reference("PN"),
            team=team,
            protective_marking=protective_marking,
            given_name=given_name,
            family_name=family_name,
            created_by=created_by,
            updated_by=created_by,
            **details,
        )
        person.full_clean()
        person.save()
        if address and any(address.values()):
            _address_create(person=person, is_current=True, **address)
        for other_given, other_family in other_names:
            PersonName.objects.create(
                person=person, kind=NameKind.ALIAS, given_name=other_given, family_name=other_family
            )
        person_changed(person=person)
        audit.record(
            AuditAction.CREATE,
            user=created_by,
            subject=person,
            changes={name: {"old": None, "new": getattr(person, name)} for name in AUDITED_FIELDS},
        )
    return person


def person_restrict(*, person: Person, officer: User, readers, reason: str) -> Person:
    """Restrict the person to `readers` (added to the access list), audited on the person.

    Whatever the person's access list then holds is carried to their open referrals and
    cases by the apps that own them (people.registry), each audited on its own record.
    Restriction is a safeguard that must never fail for want of access, so it is not
    refused to an officer who cannot see the person: callers decide it on the record the
    officer acts on (recording a trace, linking a referral, merging), each checked there.
    """
    with transaction.atomic():
        restrict_record(record=person, officer=officer, readers=readers, reason=reason)
        everyone = list(person.access_list.all())
        for callback in person_restricted_callbacks():
            callback(person=person, officer=officer, readers=everyone, reason=reason)
    return person


def _restriction_follows_merge(
    *, officer: User, survivor: Person, merged: Person, reason: str
) -> None:
    """Two records of one person: if either is restricted, both are, to both access lists."""
    restricted = list(Person.objects.filter(pk__in=[survivor.pk, merged.pk], is_restricted=True))
    if not restricted:
        return
    readers = {user for person in restricted for user in person.access_list.all()}
    for person in (survivor, merged):
        person_restrict(person=person, officer=officer, readers=readers, reason=reason)


def _ordered(first: Person, second: Person) -> tuple[Person, Person]:
    return (first, second) if str(first.pk) < str(second.pk) else (second, first)


def person_mark_not_same(
    *, officer: User, first: Person, second: Person, reason: str
) -> NotSamePerson:
    """Record that two records are different people, so the pair is never suggested again."""
    if first.pk == second.pk:
        raise ValidationError("Choose two different records")
    if not reason.strip():
        raise ValidationError({"reason": "Say why these are different people"})
    for person in (first, second):
        # A decision about the record, so it needs the change capability on both: read-only
        # break-glass and view-only roles (the SIO) may look but not decide.
        access.require(officer, access.CHANGE, person)
    low, high = _ordered(first, second)
    with transaction.atomic():
        decision, _ = NotSamePerson.objects.get_or_create(
            person_low=low, person_high=high, defaults={"reason": reason, "recorded_by": officer}
        )
        audit.record(
            AuditAction.MATCH_DECISION,
            user=officer,
            subject=low,
            justification=reason,
            detail={"decision": "not the same person", "other": high.reference},
        )
    return decision


def not_same_pairs(person_ids) -> set[tuple[str, str]]:
    rows = NotSamePerson.objects.filter(person_low__in=person_ids) | NotSamePerson.objects.filter(
        person_high__in=person_ids
    )
    return {(str(low), str(high)) for low, high in rows.values_list("person_low", "person_high")}


def person_merge(*, officer: User, survivor: Person, merged: Person, reason: str) -> PersonMerge:
    """Fold `merged` into `survivor`: names, addresses, identifiers and every registered link move.

    The links are the records other apps own that point at a person (people.registry:
    referrals, cases ...). Nothing is deleted: `merged` stays, marked as merged, and
    everything moved is listed so `person_unmerge` can move it back.
    """

    if survivor.pk == merged.pk:
        raise ValidationError("Choose two different records")
    if not reason.strip():
        raise ValidationError({"reason": "Say why these are the same person"})
    access.require_capability(officer, "people.merge_person")
    for person in (survivor, merged):
        access.require(officer, access.CHANGE, person)
    if merged.merged_into_id or survivor.merged_into_id:
        raise ValidationError("One of these records has already been merged")
    low, high = _ordered(survivor, merged)
    if NotSamePerson.objects.filter(person_low=low, person_high=high).exists():
        raise ValidationError("These records were recorded as different people")
    with transaction.atomic():
        links = [link for link in person_links() if link.follows_merge]
        moved = {
            **{link.label: _linked_ids(link, merged) for link in links},
            "names": list(merged.other_names.values_list("pk", flat=True)),
            "addresses": list(merged.addresses.values_list("pk", flat=True)),
            "identifiers": list(merged.identifiers.values_list("pk", flat=True)),
        }
        for link in links:
            _linked(link, moved[link.label]).update(**{link.field: survivor})
        merged.addresses.update(person=survivor, is_current=False)
        PersonIdentifier.objects.filter(pk__in=moved["identifiers"]).update(person=survivor)
        merged.other_names.update(person=survivor)
        spelling = PersonName.objects.create(
            person=survivor,
            kind=NameKind.SPELLING,
            given_name=merged.given_name,
            family_name=merged.family_name,
        )
        moved["added_name"] = spelling.pk
        Person.objects.filter(pk=merged.pk).update(merged_into=survivor, updated_by=officer)
        PersonMatchKey.objects.filter(person=merged).delete()
        record = PersonMerge.objects.create(
            survivor=survivor, merged=merged, reason=reason, moved=moved, merged_by=officer
        )
        person_changed(person=survivor)
        audit.record(
            AuditAction.MERGE,
            user=officer,
            subject=survivor,
            justification=reason,
            detail={
                "merged": merged.reference,
                "merge_id": record.pk,
                "moved": moved,
                "links": sorted(link.label for link in links),
            },
        )
        _restriction_follows_merge(
            officer=officer,
            survivor=survivor,
            merged=merged,
            reason=f"Merge of {merged.reference} into {survivor.reference}: "
            "one of them is restricted",
        )
    return record


def _linked_ids(link, person: Person) -> list[str]:
    rows = link.model._default_manager.filter(**{link.field: person})
    return [str(pk) for pk in rows.values_list("pk", flat=True)]


def _linked(link, ids: list[str]):
    return link.model._default_manager.filter(pk__in=ids)


def person_unmerge(*, officer: User, merge: PersonMerge, reason: str) -> PersonMerge:
    """Undo a merge: everything that moved goes back and the merged record is live again."""

    if merge.undone_at:
        raise ValidationError("This merge has already been undone")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the merge is being undone"})
    access.require_capability(officer, "people.merge_person")
    access.require(officer, access.CHANGE, merge.survivor)
    moved = merge.moved
    with transaction.atomic():
        merged = merge.merged
        links = [link for link in person_links() if link.follows_merge]
        for link in links:
            _linked(link, moved.get(link.label, [])).update(**{link.field: merged})
        PersonAddress.objects.filter(pk__in=moved["addresses"]).update(person=merged)
        PersonIdentifier.objects.filter(pk__in=moved["identifiers"]).update(person=merged)
        PersonName.objects.filter(pk__in=moved["names"]).update(person=merged)
        PersonName.objects.filter(pk=moved.get("added_name")).delete()
        latest = PersonAddress.objects.filter(person=merged).order_by("-created_at").first()
        if latest:
            PersonAddress.objects.filter(pk=latest.pk).update(is_current=True)
        Person.objects.filter(pk=merged.pk).update(merged_into=None, updated_by=officer)
        merge.undone_at = timezone.now()
        merge.undone_by = officer
        merge.undo_reason = reason
        merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
        merged.refresh_from_db()
        person_changed(person=merged)
        person_changed(person=merge.survivor)
        audit.record(
            AuditAction.UNMERGE,
            user=officer,
            subject=merge.survivor,
            justification=reason,
            detail={
                "merged": merged.reference,
                "merge_id": merge.pk,
                "links": sorted(link.label for link in links if moved.get(link.label)),
            },
        )
        survivor = Person.objects.get(pk=merge.survivor_id)
        if survivor.is_restricted:
            # The split-out record was part of a restricted one: it stays restricted.
            person_restrict(
                person=merged,
                officer=officer,
                readers=survivor.access_list.all(),
                reason=f"Un-merge of {merged.reference} from {survivor.reference}, "
                "which is restricted",
            )
    return merge


EDITABLE_FIELDS = AUDITED_FIELDS + [
    "other_languages",
    "interpreter_needed",
    "needs",
    "needs_recorded",
    "phone",
    "email",
]


def person_update(
    *,
    person: Person,
    officer: User,
    expected_version: int,
    base: dict | None = None,
    **changes,
) -> Person:
    """Change the person's details without overwriting a colleague's change (core.concurrency).

    `base` is the values the editor started from (a page's signed snapshot): with it, a
    colleague's save in between is merged field by field; without it (the API), any save
    since `expected_version` refuses the change.
    """

    access.require(officer, access.CHANGE, person)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        merge = merge_edit(person, expected_version=expected_version, changes=changes, base=base)
        before = snapshot(person, EDITABLE_FIELDS)
        for name, value in merge.changes.items():
            setattr(person, name, value)
        person.updated_by = officer
        person.updated_at = timezone.now()
        person.full_clean(exclude=["team", "reference"])
        save_if_unchanged(
            person,
            expected_version=person.version,
            fields=[*merge.changes, "updated_by", "updated_at"],
        )
        changed = diff(person, before, EDITABLE_FIELDS)
        if changed:
            audit.record(AuditAction.UPDATE, user=officer, subject=person, changes=changed)
        person_changed(person=person)
    return person


def person_other_name_add(
    *, person: Person, officer: User, kind: str, given_name: str, family_name: str
) -> PersonName:
    access.require(officer, access.CHANGE, person)
    with transaction.atomic():
        name = PersonName.objects.create(
            person=person, kind=kind, given_name=given_name, family_name=family_name
        )
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=person,
            changes={"other_names": {"old": None, "new": f"{given_name} {family_name}".strip()}},
        )
        person_changed(person=person)
    return name


def person_address_add(
    *, person: Person, officer: User, is_current: bool, **address
) -> PersonAddress:
    access.require(officer, access.CHANGE, person)
    with transaction.atomic():
        if is_current:
            person.addresses.update(is_current=False)
        added = _address_create(person=person, is_current=is_current, **address)
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=person,
            changes={"address": {"old": None, "new": f"{added.line_1}, {added.postcode}"}},
        )
        person_changed(person=person)
    return added


def person_identifier_check(*, officer: User, kind: str, value: str) -> None:
    """Refuse an identifier already recorded on someone, without disclosing restricted people.

    When the only holders are restricted people the officer may not see, the officer is
    told only that it cannot be added, and the SIO and supervisor on each holder's access
    list are notified, since someone else is asking about the subject of their investigation.
    """
    holders = list(
        Person.objects.filter(
            identifiers__kind=kind, identifiers__value__iexact=value.strip()
        ).distinct()
    )
    if not holders:
        return
    hidden = [
        holder
        for holder in holders
        if holder.is_restricted and not access.can(officer, access.VIEW, holder)
    ]
    if len(hidden) < len(holders):
        raise ValidationError(
            {
                "value": "This identifier is already recorded. "
                "Ask your supervisor to check for a duplicate record"
            }
        )
    for holder in hidden:
        _tell_access_list_of_identifier_attempt(holder=holder, officer=officer, kind=kind)
    raise ValidationError({"value": "This identifier cannot be added"})


def _tell_access_list_of_identifier_attempt(*, holder: Person, officer: User, kind: str) -> None:
    audit.record(
        AuditAction.ACCESS_DENIED,
        user=officer,
        subject=holder,
        detail={"refused": "identifier already recorded on a restricted person", "kind": kind},
    )
    team = officer.team.name if officer.team else "no team"
    label = dict(IdentifierKind.choices).get(kind, kind)
    for recipient in holder.access_list.filter(
        role__code__in=["sio", "supervisor"], is_active=True
    ):
        notification_send(
            recipient=recipient,
            subject="Identifier on a restricted person entered by someone else",
            body=f"{officer.display_name} ({team}) tried to add an identifier ({label}) "
            f"that is recorded on restricted person {holder.reference}. They were told only "
            "that it cannot be added.",
            link=holder.get_absolute_url(),
        )


def person_identifier_add(
    *, person: Person, officer: User, kind: str, value: str, description: str = ""
):
    access.require(officer, access.CHANGE, person)
    try:
        value = normalise_identifier(kind, value)
    except InvalidIdentifier as error:
        raise ValidationError({"value": str(error)}) from None
    person_identifier_check(officer=officer, kind=kind, value=value)
    with transaction.atomic():
        identifier = PersonIdentifier.objects.create(
            person=person, kind=kind, value=value, description=description
        )
        person_changed(person=person)
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=person,
            changes={"identifier": {"old": None, "new": f"{kind}:{value}"}},
        )
    return identifier


def person_identifier_remove(
    *, person: Person, officer: User, identifier: PersonIdentifier
) -> None:
    """Remove an identifier recorded in error (audited with its value, as added)."""
    access.require(officer, access.CHANGE, person)
    if identifier.person_id != person.pk:
        raise ValidationError("This identifier belongs to another record")
    with transaction.atomic():
        removed = f"{identifier.kind}:{identifier.value}"
        identifier.delete()
        person_changed(person=person)
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=person,
            changes={"identifier": {"old": removed, "new": None}},
        )
