"""De-confliction against the database: candidates, decisions and live-investigation checks.

The real-time path fetches candidates through indexed blocking keys (PersonMatchKey,
ExternalNominalMatchKey) and scores them in process with the stored Splink model's
parameters (`linkage.score_pair`), so it gives the same probability as the batch path
without starting a Splink session per request. Matching only suggests: every link is an
officer's decision, kept with its reason and the candidates shown.
"""

import json
import math
import time
import uuid
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.choices import AuditAction
from apps.core import access, audit
from apps.matching import linkage, presentation, raw_sql
from apps.matching.models import ExternalNominal, ExternalNominalMatchKey, MatchDecision
from apps.people.match_records import match_record
from apps.people.models import NotSamePerson, Person, PersonMatchKey
from apps.people.services import (
    person_create,
    person_identifier_add,
    person_identifier_check,
    person_restrict,
)
from apps.referrals.choices import LiveInvestigationCheck
from apps.referrals.models import Referral
from apps.referrals.services import referral_restrict, referral_transition

MAX_CANDIDATES_FETCHED = 2000
# Real-time look-ups score at most this many people, those sharing most blocking keys first:
# a very common name without a date of birth can share a key with thousands. A true match
# shares two keys or more (a same-name person four: gn: and nx:, both orders), while the
# hundreds sharing one (born the same day, same surname sound and birth year) almost
# never reach the candidate threshold; the real-time benchmark compares recall with batch.
MAX_CANDIDATES_SCORED = 200


# The index's size changes slowly and counting a million people takes a while, so it is
# counted at most this often per process. Name counts are read fresh for every look-up.
INDEX_SIZE_SECONDS = 600
_index_size: dict[str, float] = {}


def forget_index_facts() -> None:
    """Count the index afresh at the next look-up (after a rebuild, and between tests, whose
    databases start empty)."""
    _index_size.clear()


def index_size() -> int:
    """Live people in the index, counted at most every INDEX_SIZE_SECONDS."""
    _refresh_index_facts()
    return int(_index_size["count"])


def _refresh_index_facts() -> None:
    now = time.monotonic()
    if now - _index_size.get("at", -math.inf) > INDEX_SIZE_SECONDS:
        _index_size["count"] = Person.objects.filter(merged_into__isnull=True).count()
        # Name-frequency keys arrived with ADR 0025; an index not yet rebuilt has none.
        prefix = linkage.FREQUENCY_KEY_PREFIXES["surname"]
        _index_size["counted"] = PersonMatchKey.objects.filter(
            key__gte=prefix, key__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1)
        ).exists()
        _index_size["at"] = now


def names_counted() -> bool:
    """Whether the index holds name-frequency keys (rebuild_match_keys has run), or is empty."""
    _refresh_index_facts()
    return bool(_index_size["counted"]) or not _index_size["count"]


def index_prepared(record: dict) -> dict:
    """The record prepared for matching, its names banded by how common they are here.

    Before rebuild_match_keys has given existing people their name-frequency keys, every
    name would look rare; names are then weighed as of unknown frequency instead.
    """
    prepared = linkage.prepare_record(record)
    if not names_counted():
        return prepared
    return linkage.with_frequencies(prepared, index_name_frequencies(prepared))


def index_name_frequencies(prepared: dict) -> linkage.NameFrequencies:
    """How common the record's names are in the person index, the record itself counted.

    Batch matching counts every record in its file, each record included; here the
    query is one more record beside the index, so the two paths put a name in the same
    frequency band when the index holds the same other records as the file.
    """
    total = index_size() + 1
    # Past this many holders a name is in the commonest band whatever the exact count.
    cap = math.ceil(linkage.TF_BAND_SHARES[0] * max(total, linkage.TF_MIN_POPULATION))
    names = {
        column: value
        for column, value in prepared.items()
        if column in linkage.FREQUENCY_KEY_PREFIXES and value
    }
    keys = {column: linkage.frequency_key(column, value) for column, value in names.items()}
    counts = raw_sql.key_counts(keys=sorted(set(keys.values())), cap=cap)
    held = {column: {names[column]: counts.get(key, 0) + 1} for column, key in keys.items()}
    return linkage.NameFrequencies(
        total=total, given_name=held.get("given_name", {}), surname=held.get("surname", {})
    )


@lru_cache(maxsize=1)
def model() -> dict:
    """The stored model, read once per process (re-estimation writes a new file and restarts)."""
    return linkage.load_model()


_population_models: dict[int, dict] = {}


def population_model() -> dict:
    """The stored model with its prior scaled to the index and the query (linkage.
    for_population), as batch scales it to a file's records; one per index size."""
    population = index_size() + 1
    found = _population_models.get(population)
    if found is None:
        if len(_population_models) >= 4:
            _population_models.clear()
        found = _population_models[population] = linkage.for_population(model(), population)
    return found


@dataclass
class Candidate:
    kind: str  # "person" or "external"
    id: str
    reference: str
    match_probability: float
    evidence: list[dict] = field(default_factory=list)
    visible: bool = True
    team: str = ""
    summary: dict = field(default_factory=dict)

    @property
    def is_likely_match(self) -> bool:
        return self.match_probability >= linkage.LIKELY_MATCH_THRESHOLD

    @property
    def probability_text(self) -> str:
        """The figure as shown: never "100%" (presentation.probability_text)."""
        return presentation.probability_text(self.match_probability)

    @property
    def band(self) -> presentation.Band:
        return presentation.band_for(self.match_probability)

    @property
    def evidence_shown(self) -> list[dict]:
        """The evidence by label, in words (presentation.evidence_rows)."""
        return presentation.evidence_rows(self.evidence)

    def as_dict(self) -> dict:
        return asdict(self) | {"is_likely_match": self.is_likely_match}


def referral_match_record(referral: Referral) -> dict:
    return match_record(
        record_id=f"referral:{referral.pk}",
        identifier=f"pnc:{referral.subject_pnc_id}" if referral.subject_pnc_id else "",
        given_name=referral.subject_given_name,
        middle_names=referral.subject_middle_names,
        surname=referral.subject_family_name,
        date_of_birth=referral.subject_date_of_birth,
        gender=referral.get_subject_gender_display()
        if referral.subject_gender != "not_recorded"
        else "",
        postcode=referral.subject_postcode,
        address_line_1=referral.subject_address_line_1,
        town=referral.subject_town,
    )


def _evidence(score) -> list[dict]:
    return [
        {
            "field": item.comparison,
            "label": item.label,
            "description": item.description,
            "bayes_factor": item.bayes_factor,
        }
        for item in score.evidence
    ]


def person_candidates(
    *, user: User, record: dict, limit: int = 10, exclude: set[str] = frozenset()
) -> list[Candidate]:
    """People who may be the one described, best first, each with probability and evidence.

    Candidates come from the indexed blocking keys, those sharing most keys first, at
    most MAX_CANDIDATES_SCORED of them. Restricted people the user is not listed on never
    appear. People in other teams appear by reference and team only, so the officer knows
    whom to ask.
    """
    keys = sorted(linkage.blocking_keys(record))
    if not keys:
        return []
    rows = raw_sql.person_candidate_rows(keys=keys, limit=MAX_CANDIDATES_SCORED)
    query = index_prepared(record)
    parameters = population_model()
    scored = []
    for raw_id, prepared, is_restricted, _shared in rows:
        person_id = str(uuid.UUID(str(raw_id)))  # SQLite returns UUIDs without dashes
        if person_id in exclude:
            continue
        if isinstance(prepared, str):  # SQLite returns JSON as text
            prepared = json.loads(prepared)
        # Most candidates fall below the threshold: describe only those that do not.
        if linkage.match_probability_prepared(query, prepared, parameters) < (
            linkage.CANDIDATE_THRESHOLD
        ):
            continue
        score = linkage.score_prepared_pair(query, prepared, parameters)
        scored.append((score, person_id, bool(is_restricted), prepared))
    scored = [
        item
        for item in _shared_with_rivals(query, scored, parameters)
        if item[0].match_probability >= linkage.CANDIDATE_THRESHOLD
    ]
    # By weight, not probability: near certainty, probabilities round to (almost) the same
    # float and the order of ties would be arbitrary; the weights keep them apart.
    scored.sort(key=lambda item: item[0].match_weight, reverse=True)
    return _visible_candidates(user=user, scored=scored, limit=limit)


RIVALS_DESCRIPTION = (
    "also a likely match for someone else, who is not this person "
    "(a parent and a child of one name?)"
)


def _shared_with_rivals(query: dict, scored: list, parameters: dict) -> list:
    """The query is one person: a candidate's odds are shared with the query's other likely
    matches who are another person by a detail the query lacks (linkage.one_person_each,
    from the query's side; batch also looks from the other record's side, which here
    would take a look-up per candidate). Adds the evidence "also a likely match for
    someone else"."""
    likely = [
        (score.match_weight, person_id, prepared)
        for score, person_id, _restricted, prepared in scored
        if score.match_probability >= linkage.COMPETING_THRESHOLD
    ]
    if len(likely) < 2:
        return [item[:3] for item in scored]
    shared = []
    for score, person_id, is_restricted, prepared in scored:
        rivals = [
            weight
            for weight, other_id, other in likely
            if other_id != person_id
            and linkage.lacks_any(
                query, prepared, linkage.distinguishing_fields(prepared, other, parameters)
            )
        ]
        if rivals:
            weight = linkage.shared_odds(score.match_weight, rivals)
            evidence = linkage.FieldEvidence(
                comparison="rivals",
                label="disagrees",
                description=RIVALS_DESCRIPTION,
                bayes_factor=2.0 ** (weight - score.match_weight),
                match_weight=weight - score.match_weight,
            )
            score = linkage.PairScore(
                linkage.probability_of(weight), weight, (*score.evidence, evidence)
            )
        shared.append((score, person_id, is_restricted))
    return shared


def _visible_candidates(*, user: User, scored: list, limit: int) -> list[Candidate]:
    """Drop restricted people outside the user's access list, then describe the best `limit`."""
    restricted = [person_id for _, person_id, is_restricted in scored if is_restricted]
    on_list = {
        str(pk)
        for pk in Person.objects.filter(pk__in=restricted, access_list=user).values_list(
            "pk", flat=True
        )
    }
    kept = [
        (score, person_id)
        for score, person_id, is_restricted in scored
        if not is_restricted or person_id in on_list
    ][:limit]
    people = {
        str(person.pk): person
        for person in Person.objects.filter(pk__in=[person_id for _, person_id in kept])
        .select_related("team")
        .only("id", "reference", "match_record", "team__name")
    }
    visible = {
        str(pk)
        for pk in access.restrict(
            Person.objects.filter(pk__in=list(people)), user=user
        ).values_list("pk", flat=True)
    }
    return [
        Candidate(
            kind="person",
            id=person_id,
            reference=people[person_id].reference,
            match_probability=score.match_probability,
            evidence=_evidence(score),
            visible=person_id in visible,
            team=people[person_id].team.name,
            summary=_summary(people[person_id].match_record) if person_id in visible else {},
        )
        for score, person_id in kept
    ]


def external_candidates(*, user: User, record: dict, limit: int = 10) -> list[Candidate]:
    if not access.has_capability(user, "matching.view_externalnominal"):
        return []
    keys = linkage.blocking_keys(record)
    nominals = ExternalNominal.objects.filter(match_keys__key__in=keys).distinct()[
        :MAX_CANDIDATES_FETCHED
    ]
    parameters = population_model()
    candidates = []
    # Names are weighed by how common they are among people in the index: an extract
    # is usually a slice of the same population.
    query = index_prepared(record) if nominals else None
    for nominal in nominals:
        other = external_match_record(nominal)
        score = linkage.score_prepared_pair(query, linkage.prepare_record(other), parameters)
        if score.match_probability < linkage.CANDIDATE_THRESHOLD:
            continue
        candidates.append(
            Candidate(
                kind="external",
                id=str(nominal.pk),
                reference=nominal.reference,
                match_probability=score.match_probability,
                evidence=_evidence(score),
                team=nominal.source,
                summary=_summary(other),
            )
        )
    candidates.sort(key=lambda candidate: candidate.match_probability, reverse=True)
    return candidates[:limit]


def external_match_record(nominal: ExternalNominal) -> dict:
    return match_record(
        record_id=f"external:{nominal.pk}",
        given_name=nominal.given_name,
        middle_names=nominal.middle_names,
        surname=nominal.surname,
        date_of_birth=nominal.date_of_birth,
        gender=nominal.gender,
        postcode=nominal.postcode,
        address_line_1=nominal.address_line_1,
        town=nominal.town,
    )


def _summary(record: dict) -> dict:
    return {
        "name": " ".join(
            part
            for part in (
                record.get("given_name"),
                record.get("middle_names"),
                record.get("surname"),
            )
            if part
        ),
        "date_of_birth": record.get("date_of_birth") or "",
        "postcode": record.get("postcode") or "",
        "address_line_1": record.get("address_line_1") or "",
    }


def match_candidates_for_record(
    *,
    user: User,
    record: dict,
    scope: str,
    terms: dict | None = None,
    exclude: set[str] = frozenset(),
) -> dict:
    """Candidates in the person index and the external index; the search is recorded once.

    The event keeps the terms the searcher gave and the references of the records
    returned, never copies of the name, date of birth or address searched for (ADR 0023):
    the de-confliction page passes the referral's reference; without `terms`, the event
    names only which details were given.
    """
    people = person_candidates(user=user, record=record, exclude=exclude)
    external = external_candidates(user=user, record=record)
    if terms is None:
        terms = {
            "details given": sorted(
                name for name, value in record.items() if value and name != "record_id"
            )
        }
    audit.record_search(
        user=user,
        scope=scope,
        terms=terms,
        result_count=len(people) + len(external),
        detail={"references": [candidate.reference for candidate in people + external]},
    )
    return {"people": people, "external": external}


def likely_match_count(*, user: User, referral: Referral) -> int:
    """How many people the referral's subject is likely to be (referrals.registry)."""
    candidates = person_candidates(user=user, record=referral_match_record(referral))
    return sum(1 for candidate in candidates if candidate.is_likely_match)


def duplicate_candidates_for_person(*, user: User, person: Person) -> list[Candidate]:
    """Other people who may be this one, leaving out pairs recorded as not the same."""
    excluded = {str(person.pk)}
    for low, high in (
        NotSamePerson.objects.filter(person_low=person)
        .values_list("person_low", "person_high")
        .union(
            NotSamePerson.objects.filter(person_high=person).values_list(
                "person_low", "person_high"
            )
        )
    ):
        excluded |= {str(low), str(high)}
    candidates = person_candidates(user=user, record=person.match_record, exclude=excluded)
    # The candidates' names and dates of birth are shown: a listing, recorded by reference.
    audit.record_search(
        user=user,
        scope="possible duplicates",
        terms={"person": person.reference},
        result_count=len(candidates),
        detail={"references": [candidate.reference for candidate in candidates]},
    )
    return candidates


def match_decision_record(
    *,
    referral: Referral,
    officer: User,
    reason: str,
    candidates_shown: list[dict],
    person: Person | None = None,
) -> MatchDecision:
    """Link the referral to an existing person, or (person=None) create a new one from it."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for your decision"})
    access.require(officer, access.CHANGE, referral)
    access.require_capability(officer, "matching.add_matchdecision")
    if referral.status != "deconfliction":
        raise ValidationError("De-confliction is not in progress for this referral")
    if person is None and referral.subject_pnc_id:
        # Before the transaction, so a refusal's notification to an SIO is kept.
        person_identifier_check(officer=officer, kind="pnc", value=referral.subject_pnc_id)
    with transaction.atomic():
        # Decide on the referral as it is now, locked: a repeated or concurrent decision
        # must not create a second person or a second decision.
        if Referral.objects.select_for_update().get(pk=referral.pk).person_id is not None:
            raise ValidationError(
                "A match decision has already been recorded for this referral, so this one "
                "was not recorded. The referral shows the person it is linked to.",
                code="already_decided",
            )
        if person is None:
            person = _person_from_referral(referral=referral, officer=officer)
            decision_kind = MatchDecision.Decision.CREATED_NEW
        else:
            access.require(officer, access.VIEW, person)
            decision_kind = MatchDecision.Decision.LINKED_EXISTING
        decision = MatchDecision.objects.create(
            referral=referral,
            person=person,
            decision=decision_kind,
            reason=reason,
            candidates_shown=candidates_shown,
            decided_by=officer,
            created_by=officer,
            updated_by=officer,
        )
        Referral.objects.filter(pk=referral.pk).update(person=person, updated_by=officer)
        referral.person = person
        audit.record(
            AuditAction.MATCH_DECISION,
            user=officer,
            subject=referral,
            justification=reason,
            detail={
                "decision": decision_kind,
                "person": person.reference,
                "candidates_shown": [
                    {"reference": c.get("reference"), "p": round(c.get("match_probability", 0), 4)}
                    for c in candidates_shown
                ],
            },
        )
        _restriction_follows_the_person(referral=referral, person=person, officer=officer)
    return decision


def _restriction_follows_the_person(*, referral: Referral, person: Person, officer: User) -> None:
    """Linking joins a restricted referral or person to the other: both end up restricted.

    A trace recorded before the link restricts the person it is linked to; a link to a
    restricted person restricts the referral. person_restrict carries the access list on
    to the person's open referrals (this one included) and cases.
    """
    referral = Referral.objects.get(pk=referral.pk)
    person = Person.objects.get(pk=person.pk)
    restricted = [record for record in (referral, person) if record.is_restricted]
    if not restricted:
        return
    person_restrict(
        person=person,
        officer=officer,
        readers={user for record in restricted for user in record.access_list.all()},
        reason=f"Referral {referral.reference} linked to {person.reference}: "
        "one of them is restricted",
    )


def _person_from_referral(*, referral: Referral, officer: User) -> Person:
    other_names = []
    for name in filter(None, (part.strip() for part in referral.subject_other_names.split(";"))):
        given, _, family = name.rpartition(" ")
        other_names.append((given, family) if given else ("", family))
    person = person_create(
        created_by=officer,
        team=referral.team,
        protective_marking=referral.protective_marking,
        given_name=referral.subject_given_name,
        middle_names=referral.subject_middle_names,
        family_name=referral.subject_family_name,
        date_of_birth=referral.subject_date_of_birth,
        estimated_age=referral.subject_estimated_age,
        gender=referral.subject_gender,
        nationality=referral.subject_nationality,
        first_language=referral.subject_first_language,
        interpreter_needed=referral.subject_interpreter_needed,
        needs=referral.subject_needs,
        needs_recorded=bool(referral.subject_needs),
        address={
            "line_1": referral.subject_address_line_1,
            "line_2": referral.subject_address_line_2,
            "town": referral.subject_town,
            "postcode": referral.subject_postcode,
        },
        other_names=other_names,
    )
    if referral.subject_pnc_id:
        person_identifier_add(
            person=person, officer=officer, kind="pnc", value=referral.subject_pnc_id
        )
    return person


def live_investigation_check_record(
    *,
    referral: Referral,
    officer: User,
    result: str,
    sio: User | None = None,
    supervisor: User | None = None,
    note: str = "",
) -> Referral:
    """Record the manual check against live CT investigations, once per referral.

    A trace restricts the referral to an access list of the SIO consulted, the recording
    officer and a supervisor of the team the SIO names (so a decision can be signed off).
    The person linked, now or later, and that person's other open referrals and cases
    follow (people.services.person_restrict). From then on they do not exist for anyone
    else. The investigation itself is recorded by reference only, outside this system.

    The check is decided on the referral as it is now, locked. Once recorded, a repeat
    with the same result (a double click, a replayed request) changes nothing and records
    nothing; a different result is refused (code "already_checked"), so a replay or a
    page opened before the check can never turn a trace into no trace.
    """
    access.require(officer, access.CHANGE, referral)
    if result not in (LiveInvestigationCheck.NO_TRACE, LiveInvestigationCheck.TRACE):
        raise ValidationError({"result": "Select no trace or trace"})
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        recorded = referral.live_investigation_check
        if recorded == result:
            return referral
        if recorded != LiveInvestigationCheck.NOT_DONE:
            raise ValidationError(
                f"The live-investigation check has already been recorded for this referral "
                f"({referral.get_live_investigation_check_display()}), so this one "
                "was not recorded.",
                code="already_checked",
            )
        if result == LiveInvestigationCheck.TRACE:
            _trace_readers_check(referral=referral, sio=sio, supervisor=supervisor)
        referral.live_investigation_check = result
        referral.live_investigation_checked_by = officer
        referral.live_investigation_checked_at = timezone.now()
        referral.updated_by = officer
        referral.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=referral,
            justification=note,
            changes={"live_investigation_check": {"old": recorded, "new": result}},
            detail={
                "sio": sio.username if sio else "",
                "supervisor": supervisor.username if supervisor else "",
            },
        )
        if result == LiveInvestigationCheck.TRACE:
            reason = f"Live-investigation trace on {referral.reference}"
            readers = [sio, officer, supervisor]
            referral_restrict(referral=referral, officer=officer, readers=readers, reason=reason)
            if referral.person_id:
                person_restrict(
                    person=referral.person, officer=officer, readers=readers, reason=reason
                )
    return referral


def _trace_readers_check(*, referral: Referral, sio: User | None, supervisor: User | None) -> None:
    """A trace needs the SIO consulted and a supervisor of the referral's team they named."""
    errors = {}
    if sio is None or sio.role is None or sio.role.code != "sio" or not sio.is_active:
        errors["sio"] = "Select the SIO you consulted"
    if (
        supervisor is None
        or supervisor.role is None
        or supervisor.role.code != "supervisor"
        or not supervisor.is_active
        or supervisor.team_id != referral.team_id
    ):
        errors["supervisor"] = "Select the supervisor in the team the SIO named"
    if errors:
        raise ValidationError(errors)


def deconfliction_complete(*, referral: Referral, officer: User) -> Referral:
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        referral_transition(
            referral=referral,
            officer=officer,
            step="complete_deconfliction",
            not_ready="Link the referral to a person and record the live-investigation check first",
        )
    return referral


def external_nominals_import(*, rows: list[dict], source: str) -> int:
    """Replace the external index for `source` with these rows (all-or-nothing)."""

    with transaction.atomic():
        ExternalNominal.objects.filter(source=source).delete()
        nominals = ExternalNominal.objects.bulk_create(
            [ExternalNominal(source=source, **row) for row in rows], batch_size=2000
        )
        keys = [
            ExternalNominalMatchKey(nominal=nominal, key=key)
            for nominal in nominals
            for key in linkage.blocking_keys(external_match_record(nominal))
        ]
        ExternalNominalMatchKey.objects.bulk_create(keys, batch_size=5000)
    return len(nominals)
