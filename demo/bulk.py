"""Loading generated people in bulk (benchmarks and `generate_synthetic`), fast.

Bypasses per-row services on purpose: a million audited single inserts would take
hours. The load is recorded as one collection event with its size.
"""

import json
import uuid
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Team, User
from apps.audit.choices import AuditAction
from apps.core import audit
from apps.matching import linkage
from apps.people.match_records import match_record
from apps.people.models import Person, PersonAddress, PersonMatchKey
from demo import raw_sql

GENDERS = {"Male": "male", "Female": "female", "Other or not stated": "other"}


def _match_record(person_id: str, row: dict) -> dict:
    return match_record(
        record_id=person_id,
        given_name=row["given_name"],
        middle_names=row.get("middle_names"),
        surname=row["surname"],
        date_of_birth=row.get("date_of_birth"),
        gender=row.get("gender"),
        postcode=row.get("postcode"),
        address_line_1=row.get("address_line_1"),
        town=row.get("town"),
    )


def load_people(
    rows: Iterable[dict], *, team: Team, user: User, prefix: str = "SY", batch_size: int = 5000
) -> dict[str, str]:
    """Insert generated people (generate_people dicts); return {record_id: person id}."""
    ids: dict[str, str] = {}
    batch: list[dict] = []
    total = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            total += _load_batch(batch, team=team, user=user, prefix=prefix, ids=ids, offset=total)
            batch = []
    if batch:
        total += _load_batch(batch, team=team, user=user, prefix=prefix, ids=ids, offset=total)
    audit.record(
        AuditAction.CREATE,
        user=user,
        detail={"bulk_load": "synthetic people", "count": total, "team": team.name},
    )
    return ids


def _load_batch(batch, *, team, user, prefix, ids, offset) -> int:
    now = timezone.now()
    people, addresses, keys = [], [], []
    for index, row in enumerate(batch):
        person_id = str(uuid.uuid4())
        ids[row["record_id"]] = person_id
        record = _match_record(person_id, row)
        dob = row.get("date_of_birth")
        people.append(
            (
                person_id,
                f"{prefix}-{offset + index + 1:08d}",
                row["given_name"],
                row.get("middle_names") or "",
                row["surname"],
                dob or None,
                row.get("estimated_age"),
                GENDERS.get(row.get("gender"), "not_recorded"),
                json.dumps(row.get("needs") or []),
                bool(row.get("needs")),
                json.dumps(record),
                json.dumps(linkage.prepare_record(record)),
            )
        )
        addresses.append(
            (
                person_id,
                row.get("address_line_1") or "",
                row.get("town") or "",
                row.get("postcode") or "",
            )
        )
        keys.extend((person_id, key) for key in linkage.index_keys(record))
    with transaction.atomic():
        if raw_sql.is_postgresql():
            _copy_batch(people, addresses, keys, team=team, user=user, now=now)
        else:
            _orm_batch(people, addresses, keys, team=team, user=user)
    return len(batch)


PERSON_COLUMNS = [
    "id",
    "reference",
    "given_name",
    "middle_names",
    "family_name",
    "date_of_birth",
    "estimated_age",
    "gender",
    "needs",
    "needs_recorded",
    "match_record",
    "match_prepared",
]


def _copy_batch(people, addresses, keys, *, team, user, now) -> None:
    fixed = (team.pk, "OFFICIAL-SENSITIVE", False, now, now, user.pk, user.pk, 1, "", "", "", "")
    raw_sql.copy_rows(
        Person._meta.db_table,
        PERSON_COLUMNS
        + [
            "team_id",
            "protective_marking",
            "is_restricted",
            "created_at",
            "updated_at",
            "created_by_id",
            "updated_by_id",
            "version",
            "nationality",
            "first_language",
            "other_languages",
            "phone",
        ]
        + ["email"],
        (row + fixed + ("",) for row in people),
    )
    raw_sql.copy_rows(
        PersonAddress._meta.db_table,
        ["person_id", "line_1", "town", "postcode", "line_2", "is_current", "created_at"],
        ((*address, "", True, now) for address in addresses),
    )
    raw_sql.copy_rows(PersonMatchKey._meta.db_table, ["person_id", "key"], keys)


def _orm_batch(people, addresses, keys, *, team, user) -> None:
    Person.objects.bulk_create(
        [
            Person(
                **dict(zip(PERSON_COLUMNS, row, strict=True))
                | {
                    "needs": json.loads(row[8]),
                    "match_record": json.loads(row[10]),
                    "match_prepared": json.loads(row[11]),
                    "team": team,
                    "created_by": user,
                    "updated_by": user,
                }
            )
            for row in people
        ]
    )
    PersonAddress.objects.bulk_create(
        [
            PersonAddress(person_id=person_id, line_1=line_1, town=town, postcode=postcode)
            for person_id, line_1, town, postcode in addresses
        ]
    )
    PersonMatchKey.objects.bulk_create(
        [PersonMatchKey(person_id=person_id, key=key) for person_id, key in keys]
    )


def iter_limited(rows: Iterable[dict], limit: int) -> Iterator[dict]:
    for count, row in enumerate(rows):
        if count >= limit:
            return
        yield row
