"""Every read of cases: access-scoped, with consultations and searches recorded.

The records inside a case (flags, directions, contacts, reviews, panel decisions) are read
only through a case the reader may see (`case_get`, or `case__in=case_list(user=...)`), so a
restricted case and everything in it exist only for its access list.
"""

import datetime
import heapq
import itertools
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone

from apps.accounts.choices import TeamKind
from apps.accounts.models import User
from apps.cases import registry
from apps.cases.choices import (
    LIVE_STATUSES,
    OUTSTANDING_DIRECTION_STATUSES,
    CaseType,
    CheckStatus,
    EventKind,
    ReviewStatus,
    TransferStatus,
)
from apps.cases.models import (
    Case,
    CaseEvent,
    CaseFlag,
    CaseReferral,
    CaseTransfer,
    ChannelPanelDecision,
    CheckSystem,
    Contact,
    ContactVersion,
    Direction,
    ReoffendingCheck,
    Review,
)
from apps.core import access, audit, prepared
from apps.work import selectors as work_selectors
from apps.work.models import Allocation

for _kind in EventKind:
    registry.register_timeline_kind(_kind.value, _kind.label)


def with_owner(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate each case's owning officer, its allocation (apps.work): `allocated_officer_id`,
    `allocated_at` and `owner_name` (blank when not allocated). One subquery each."""
    current = Allocation.objects.filter(
        content_type=ContentType.objects.get_for_model(Case), object_id=OuterRef("pk")
    )
    name = Concat("officer__first_name", Value(" "), "officer__last_name", output_field=CharField())
    return work_selectors.with_allocation(queryset).annotate(
        owner_name=Subquery(current.annotate(name=name).values("name")[:1])
    )


def case_list(*, user: User, action: str = access.VIEW) -> QuerySet[Case]:
    """The cases the user may see (or `action`): restricted ones only for their access list."""
    return with_owner(
        access.restrict(Case.objects.select_related("person", "team"), user=user, action=action)
    )


def visible_cases(*, user: User, action: str = access.VIEW) -> QuerySet[Case]:
    """`case_list`'s access decision alone (no owner, no related rows): for narrowing other
    records to the cases the user may see, and for work lists that show only the case's own
    columns. Building the owner annotations costs more than these queries (ADR 0034)."""
    return access.restrict(Case.objects.all(), user=user, action=action)


def case_list_rows(*, user: User) -> QuerySet[Case]:
    """`case_list` with only the columns the case list shows (and exports): the person's name,
    not the team's (no column shows it)."""
    return (
        case_list(user=user)
        .select_related(None)
        .select_related("person")
        .only(
            "reference",
            "case_type",
            "status",
            "opened_at",
            "is_restricted",
            "team_id",
            "person__given_name",
            "person__middle_names",
            "person__family_name",
            "person__is_restricted",
        )
    )


def case_get(
    *, user: User, case_id: uuid.UUID | str, action: str = access.VIEW, owner: bool = True
) -> Case:
    """One case through the access decision (404, audited, when out of reach), consultation kept.

    Whether the user may also change it follows without a query unless they hold
    break-glass grants (`access.implied`; `Case.may` asks no more). With
    `owner`, `case.owner` is the officer it is allocated to (None when unallocated); a page
    that reads the allocation with its other sections passes owner=False."""
    case = access.get_or_404(
        Case.objects.select_related("person", "team", "sio"), user=user, action=action, pk=case_id
    )
    case.remember(user, action, True)
    if (may_change := access.implied(user, Case, access.CHANGE, granted=action)) is not None:
        case.remember(user, access.CHANGE, may_change)
    audit.record_view(user=user, subject=case)
    if owner:
        allocation = work_selectors.allocation_of(case)
        case.owner = allocation.officer if allocation else None
    return case


def cyber_case_notices(*, user: User, person) -> list[str]:
    """What a CT Prevent officer may know of a person's Cyber Prevent cases: that one exists and
    which team holds it, never its contents (`Case.access_limit_q`). For a person the user has
    already read through people's selector; restricted cases are not disclosed at all."""
    if not access.has_capability(user, "cases.view_case"):
        return []
    hidden = (
        Case.objects.filter(
            person=person,
            case_type=CaseType.CYBER_PREVENT,
            team__kind=TeamKind.CYBER,
            is_restricted=False,
        )
        .exclude(pk__in=case_list(user=user).values("pk"))
        .values_list("team__name", flat=True)
        .distinct()
        .order_by("team__name")
    )
    return [
        f"A Cyber Prevent case about this person is held by {team}. "
        "Contact the Cyber Prevent team: its contents are not shown to CT Prevent officers."
        for team in hidden
    ]


def case_list_consult(*, user: User, cases: list[Case], terms: dict) -> list[Case]:
    """Cases listed in full through the API: the listing, and each case shown, is recorded."""
    audit.record_search(
        user=user,
        scope="api cases",
        terms=terms,
        result_count=len(cases),
        detail={"references": [case.reference for case in cases]},
    )
    for case in cases:
        audit.record_view(user=user, subject=case)
    return cases


# --- Inside one case (the case was fetched through case_get) ---------------------------------
def case_flags(*, case: Case, today: datetime.date | None = None) -> list[CaseFlag]:
    """The flags in force: not removed, not expired."""
    flags = list(_flags_in_force(case, today))
    for flag in flags:
        flag.case = case
    return flags


def _flags_in_force(case: Case, today: datetime.date | None = None) -> QuerySet[CaseFlag]:
    today = today or timezone.localdate()
    return (
        CaseFlag.objects.filter(case_id=case.pk, removed_at__isnull=True)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .select_related("created_by")
    )


def case_referrals(*, case: Case) -> list[CaseReferral]:
    return list(case.case_referrals.select_related("referral", "created_by"))


def case_directions(
    *, case: Case, outstanding_only: bool = False, limit: int | None = None
) -> list[Direction]:
    """The case's directions, due first, with their deliveries; or, with `limit`, at most that
    many (without deliveries: the case overview lists tactic, officer and due date)."""
    directions = case.directions.select_related("tasked_officer", "created_by")
    if outstanding_only:
        directions = directions.filter(status__in=OUTSTANDING_DIRECTION_STATUSES)
    if limit is not None:
        return list(directions[:limit])
    return list(directions.prefetch_related("deliveries__created_by"))


def direction_get(*, user: User, case_id, direction_id, action: str = access.VIEW) -> Direction:
    case = case_get(user=user, case_id=case_id, action=action)
    direction = (
        case.directions.select_related("tasked_officer", "created_by")
        .filter(pk=direction_id)
        .first()
    )
    if direction is None:
        raise Http404("No such direction.")
    direction.case = case
    # Read through the case, whose consultation case_get recorded in this request.
    direction._consulted_in_request = case._consulted_in_request
    return direction


def _latest_versions() -> Prefetch:
    return Prefetch(
        "versions",
        queryset=ContactVersion.objects.select_related("created_by")
        .prefetch_related("officers")
        .order_by("-number"),
    )


def case_contacts(*, case: Case) -> list[Contact]:
    """Contacts newest first, each with `current` (its latest version) and `earlier`."""
    contacts = list(
        case.contacts.select_related("created_by", "direction").prefetch_related(_latest_versions())
    )
    for contact in contacts:
        versions = list(contact.versions.all())
        contact.current, contact.earlier = versions[0], versions[1:]
    contacts.sort(key=lambda contact: contact.current.occurred_at, reverse=True)
    return contacts


def contact_get(*, user: User, case_id, contact_id, action: str = access.VIEW) -> Contact:
    case = case_get(user=user, case_id=case_id, action=action)
    contact = (
        case.contacts.select_related("created_by", "direction")
        .prefetch_related(_latest_versions())
        .filter(pk=contact_id)
        .first()
    )
    if contact is None:
        raise Http404("No such contact.")
    contact.case = case
    versions = list(contact.versions.all())
    contact.current, contact.earlier = versions[0], versions[1:]
    return contact


def case_reviews(*, case: Case) -> list[Review]:
    return list(case.reviews.select_related("completed_by").order_by("due_on", "kind"))


def review_get(*, user: User, case_id, review_id, action: str = access.VIEW) -> Review:
    case = case_get(user=user, case_id=case_id, action=action)
    review = case.reviews.filter(pk=review_id).first()
    if review is None:
        raise Http404("No such review.")
    review.case = case
    return review


def case_panel_decisions(*, case: Case) -> list[ChannelPanelDecision]:
    """The Channel panel's decisions on the case, latest first. Only Channel cases have them
    (services.panel_decision_record), so other cases ask nothing."""
    if case.case_type != CaseType.CHANNEL:
        return []
    return list(case.panel_decisions.select_related("created_by"))


def case_timeline(
    *,
    case: Case,
    kinds: set[str] | None = None,
    before: datetime.datetime | None = None,
    limit: int = 50,
) -> list[registry.TimelineEntry]:
    """What happened on the case, newest first: its own events and every registered source's,
    at most `limit` entries (older ones through `before`), filterable by kind.

    One query first finds which sources have entries among the newest `limit` (their
    stamps, ADR 0034); only those are read."""
    plan = _TimelinePlan(case, kinds, before=before, limit=limit)
    return plan.entries([row for query in plan.stamp_queries(case) for row in query])


OWN_EVENTS = 0


class _TimelinePlan:
    """A timeline read in two steps: the stamps of each source's newest entries
    (`stamp_queries`, which a page may read together with its other sections), then the
    entries of the sources those stamps show among the newest `limit` (`entries`)."""

    def __init__(self, case: Case, kinds, *, before, limit: int) -> None:
        known = registry.timeline_kinds()
        self.case, self.before, self.limit = case, before, limit
        self.wanted = set(known) if not kinds else set(kinds) & set(known)
        self.sources = [
            (number, source, asked)
            for number, (source, source_kinds) in enumerate(registry.timeline_sources(), start=1)
            if (asked := self.wanted & set(source_kinds))
        ]
        # Sources without stamps are always read.
        self.always = {
            number for number, source, _ in self.sources if registry.timeline_stamps(source) is None
        }

    def stamp_queries(self, case: Case) -> list[QuerySet]:
        """The stamps of the newest entries of `case` (the plan's case, or a stand-in with its
        id and type when the page's queries are compiled once: core.prepared)."""
        before, limit = self.before, self.limit
        parts = [
            (CaseEvent.objects.filter(case_id=case.pk, kind__in=self.wanted), "at", OWN_EVENTS)
        ]
        for number, source, asked in self.sources:
            if number not in self.always:
                stamps = registry.timeline_stamps(source)
                parts.extend((queryset, field, number) for queryset, field in stamps(case, asked))
        queries = []
        for queryset, field, number in parts:
            if before is not None:
                queryset = queryset.filter(**{f"{field}__lt": before})
            queries.append(
                queryset.annotate(
                    timeline_when=F(field),
                    timeline_source=Value(number, output_field=IntegerField()),
                )
                .values_list("timeline_when", "timeline_source")
                .order_by("-timeline_when")[:limit]
            )
        first, *rest = queries
        if rest and connections[first.db].features.supports_slicing_ordering_in_compound:
            return [first.union(*rest, all=True)]
        # SQLite (the demo) cannot order and limit inside a UNION: each part on its own
        return queries

    def needed(self, stamp_rows: list[tuple]) -> set[int]:
        """The sources with entries among the newest `limit` (every source with an entry as
        new as the last one shown, for ties), and those without stamps."""
        found = sorted(stamp_rows, key=lambda row: row[0], reverse=True)
        cutoff = found[self.limit - 1][0] if len(found) >= self.limit else None
        return self.always | {number for when, number in found if cutoff is None or when >= cutoff}

    def entries(self, stamp_rows: list[tuple]) -> list[registry.TimelineEntry]:
        needed = self.needed(stamp_rows)
        case, before, limit = self.case, self.before, self.limit
        streams = []
        if OWN_EVENTS in needed:
            events = CaseEvent.objects.filter(case=case, kind__in=self.wanted).select_related(
                "actor"
            )
            if before is not None:
                events = events.filter(at__lt=before)
            streams.append(
                registry.TimelineEntry(
                    when=event.at,
                    who=event.actor.display_name if event.actor else "The system",
                    what=event.what,
                    kind=event.kind,
                    link=event.link,
                )
                for event in events[:limit]
            )
        for number, source, asked in self.sources:
            if number not in needed:
                continue
            entries = itertools.islice(source(case, asked), registry.TIMELINE_LIMIT)
            if before is not None:
                entries = (entry for entry in entries if entry.when < before)
            streams.append(entries)
        merged = heapq.merge(*streams, key=lambda entry: entry.when, reverse=True)
        return list(itertools.islice(merged, limit))


def case_overview_get(*, user: User, case_id: uuid.UUID | str) -> Case:
    """The case for its overview page, which reads the owner with its other sections."""
    return case_get(user=user, case_id=case_id, owner=False)


def case_overview(
    *, user: User, case: Case, directions: int, tasks: int = 20, recent: int = 5
) -> dict:
    """What the case's overview shows beside the case (read through `case_get` with
    owner=False): its owner, flags, referrals, the first `directions` outstanding directions,
    a transfer awaiting an answer, the next review, the latest panel decision, the user's view
    of its first `tasks` open tasks and the `recent` newest timeline entries. The sections are
    read together in one round trip (core.queries.together, ADR 0038), their SQL compiled once
    per user and shape (core.prepared, ADR 0040), then the timeline
    entries of the sources among the newest."""
    timeline = _TimelinePlan(case, None, before=None, limit=recent)
    channel = case.case_type == CaseType.CHANNEL
    case_type = ContentType.objects.get_for_model(Case)

    def sections(values) -> list[QuerySet]:
        # Built from each model's manager by the case's id (not from the case's relations),
        # so the SQL is compiled once per user and shape (core.prepared, ADR 0040). Only what
        # the overview shows is joined (who recorded each item is on its own page).
        stand_in = Case(pk=values.case, case_type=case.case_type)
        return [
            Allocation.objects.select_related("officer")
            .filter(content_type=case_type, object_id=values.case)
            .order_by("pk")[:1],
            _flags_in_force(stand_in, values.today).select_related(None),
            CaseReferral.objects.filter(case_id=values.case).select_related("referral"),
            Direction.objects.filter(
                case_id=values.case, status__in=OUTSTANDING_DIRECTION_STATUSES
            ).select_related("tasked_officer")[:directions],
            CaseTransfer.objects.filter(case_id=values.case, status=TransferStatus.AWAITING)
            .select_related("to_team")
            .order_by("pk")[:1],
            Review.objects.filter(case_id=values.case, status=ReviewStatus.DUE).order_by(
                "due_on", "pk"
            )[:1],
            ChannelPanelDecision.objects.filter(case_id=values.case)[:1]
            if channel
            else ChannelPanelDecision.objects.none(),
            work_selectors.tasks_for_record(user=user, record=stand_in)
            .filter(status="open")
            .select_related(None)
            .select_related("assignee")[:tasks],
            *timeline.stamp_queries(stand_in),
        ]

    (
        allocation,
        flags,
        referrals,
        outstanding,
        awaiting,
        review,
        panel_decisions,
        open_tasks,
        *stamps,
    ) = prepared.together(
        user,
        "case overview",
        sections,
        key=(case.case_type, directions, tasks, recent),
        case=case.pk,
        today=timezone.localdate(),
    )
    for rows in (flags, referrals, outstanding, awaiting, review, panel_decisions):
        for row in rows:  # what the case's relations would have attached
            row.case = case
    case.owner = allocation[0].officer if allocation else None
    return {
        "flags": flags,
        "referrals": referrals,
        "directions": outstanding,
        "awaiting_transfer": awaiting[0] if awaiting else None,
        "next_review": review[0] if review else None,
        "panel_decisions": panel_decisions,
        "tasks": open_tasks,
        "recent": timeline.entries([row for rows in stamps for row in rows]),
    }


# --- Work lists, across the cases a user may see ----------------------------------------------
def my_cases(*, user: User) -> QuerySet[Case]:
    return work_selectors.allocated_to(
        visible_cases(user=user).filter(status__in=LIVE_STATUSES), officer=user
    )


def directions_for_officer(*, user: User) -> QuerySet[Direction]:
    """Outstanding directions the user is tasked with, on cases they may see, due first."""
    return (
        Direction.objects.filter(
            tasked_officer=user,
            status__in=OUTSTANDING_DIRECTION_STATUSES,
            case__in=visible_cases(user=user).values("pk"),
        )
        .select_related("case")
        .order_by("due_on")
    )


def directions_given_by(*, user: User) -> QuerySet[Direction]:
    """The SIO's own list: outstanding directions they gave, due first."""
    return (
        Direction.objects.filter(
            created_by=user,
            status__in=OUTSTANDING_DIRECTION_STATUSES,
            case__in=visible_cases(user=user).values("pk"),
        )
        .select_related("case", "tasked_officer")
        .order_by("due_on")
    )


def reviews_due_for(*, user: User) -> QuerySet[Review]:
    """Reviews due on the user's own cases (post-exit ones on cases they owned), due first."""
    held = Review.objects.filter(status=ReviewStatus.DUE, case__allocations__officer=user)
    # The case joined once: its holder and the access decision are both read there.
    return (
        access.restrict_through(held, "case", user=user).select_related("case").order_by("due_on")
    )


def team_reviews_due(*, user: User) -> QuerySet[Review]:
    """Reviews due on the team's cases the supervisor may see (for post-exit sign-off)."""
    due = Review.objects.filter(status=ReviewStatus.DUE)
    return access.restrict_through(due, "case", user=user).select_related("case").order_by("due_on")


def _by_officer(rows) -> dict:
    return {officer_id: count for officer_id, count in rows}


def team_overdue_reviews(user: User, officers, today: datetime.date | None = None) -> dict:
    """{officer id: overdue reviews on the cases they hold} among the cases the user may see."""
    return _by_officer(team_overdue_reviews_query(user, officers, today))


def team_overdue_reviews_query(user: User, officers, today: datetime.date | None = None):
    """(officer id, count) rows of `team_overdue_reviews`: the overdue reviews joined to their
    cases (the access decision read there) and the cases' allocations, not a look-up of the
    holder and another of the case for each review."""
    today = today or timezone.localdate()
    overdue = Review.objects.filter(
        status=ReviewStatus.DUE,
        due_on__lt=today,
        case__allocations__officer__in=[officer.pk for officer in officers],
    )
    return (
        access.restrict_through(overdue, "case", user=user)
        .values_list("case__allocations__officer")
        .annotate(count=Count("pk"))
        .order_by()
    )


def team_overdue_directions(user: User, officers, today: datetime.date | None = None) -> dict:
    """{officer id: overdue SIO directions they are tasked with} on cases the user may see."""
    return _by_officer(team_overdue_directions_query(user, officers, today))


def team_overdue_directions_query(user: User, officers, today: datetime.date | None = None):
    """(officer id, count) rows of `team_overdue_directions`."""
    today = today or timezone.localdate()
    return (
        Direction.objects.filter(
            case__in=access.restrict(Case.objects.all(), user=user).values("pk"),
            status__in=OUTSTANDING_DIRECTION_STATUSES,
            due_on__lt=today,
            tasked_officer__in=[officer.pk for officer in officers],
        )
        .values_list("tasked_officer")
        .annotate(count=Count("pk"))
        .order_by()
    )


def unallocated_cases(*, user: User) -> QuerySet[Case]:
    return work_selectors.unallocated_in_team(
        visible_cases(user=user).filter(status__in=LIVE_STATUSES), user=user
    )


def _with_capability(users: QuerySet[User], capability: str) -> list[User]:
    # Roles are few and their capabilities a JSON list: filtered here, on every database.
    return [
        user
        for user in users.filter(is_active=True).select_related("role")
        if user.role and capability in user.role.capabilities
    ]


def case_officers(*, team_id) -> list[User]:
    """Officers who may work on cases, in a team (for allocation and tasking)."""
    return _with_capability(
        User.objects.filter(team_id=team_id).order_by("first_name", "last_name", "username"),
        "cases.change_case",
    )


def sios() -> list[User]:
    return _with_capability(
        User.objects.order_by("first_name", "last_name", "username"), "cases.direct_case"
    )


# --- The API's flat routes: records found by id, always through their case -------------------
def _case_id_of(model, record_id) -> uuid.UUID:
    try:
        case_id = model.objects.filter(pk=record_id).values_list("case_id", flat=True).first()
    except (ValueError, ValidationError):
        case_id = None
    if case_id is None:
        raise Http404("No such record.")
    return case_id


def direction_get_by_id(*, user: User, direction_id) -> Direction:
    return direction_get(
        user=user, case_id=_case_id_of(Direction, direction_id), direction_id=direction_id
    )


def contact_get_by_id(*, user: User, contact_id) -> Contact:
    contact = contact_get(
        user=user, case_id=_case_id_of(Contact, contact_id), contact_id=contact_id
    )
    contact._consulted_in_request = contact.case._consulted_in_request
    return contact


def review_get_by_id(*, user: User, review_id) -> Review:
    review = review_get(user=user, case_id=_case_id_of(Review, review_id), review_id=review_id)
    review._consulted_in_request = review.case._consulted_in_request
    return review


def direction_list(*, user: User) -> QuerySet[Direction]:
    return (
        Direction.objects.filter(case__in=visible_cases(user=user).values("pk"))
        .select_related("case", "tasked_officer", "created_by")
        .prefetch_related("deliveries__created_by")
        .order_by("due_on", "pk")
    )


def contact_list(*, user: User) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(case__in=visible_cases(user=user).values("pk"))
        .select_related("case")
        .prefetch_related(_latest_versions())
        .order_by("-created_at", "pk")
    )


def contacts_with_versions(contacts) -> list[Contact]:
    contacts = list(contacts)
    for contact in contacts:
        versions = list(contact.versions.all())
        contact.current, contact.earlier = versions[0], versions[1:]
    return contacts


def review_list(*, user: User) -> QuerySet[Review]:
    return (
        Review.objects.filter(case__in=visible_cases(user=user).values("pk"))
        .select_related("case")
        .order_by("due_on", "pk")
    )


def records_list_consult(*, user: User, scope: str, records: list, terms: dict) -> list:
    """Records inside cases listed through the API: one search naming each case's reference."""
    audit.record_search(
        user=user,
        scope=scope,
        terms=terms,
        result_count=len(records),
        detail={"references": sorted({record.case.reference for record in records})},
    )
    return records


# --- Re-offending checks (through the case, like everything in it) ---------------------------
def case_checks(*, case: Case) -> list[ReoffendingCheck]:
    return list(
        case.reoffending_checks.select_related("checked_by")
        .prefetch_related("systems")
        .order_by("due_on", "offset_months")
    )


def check_get(*, user: User, case_id, check_id, action: str = access.VIEW) -> ReoffendingCheck:
    case = case_get(user=user, case_id=case_id, action=action)
    check = (
        case.reoffending_checks.select_related("checked_by")
        .prefetch_related("systems")
        .filter(pk=check_id)
        .first()
    )
    if check is None:
        raise Http404("No such check.")
    check.case = case
    check._consulted_in_request = case._consulted_in_request
    return check


def check_get_by_id(*, user: User, check_id) -> ReoffendingCheck:
    return check_get(user=user, case_id=_case_id_of(ReoffendingCheck, check_id), check_id=check_id)


def check_list(*, user: User) -> QuerySet[ReoffendingCheck]:
    return (
        ReoffendingCheck.objects.filter(case__in=visible_cases(user=user).values("pk"))
        .select_related("case", "checked_by")
        .prefetch_related("systems")
        .order_by("due_on", "pk")
    )


def check_systems() -> list[CheckSystem]:
    return list(CheckSystem.objects.filter(is_active=True))


CHECKS_AHEAD_DAYS = 30


def checks_due_for(*, user: User, supervisor: bool = False) -> QuerySet[ReoffendingCheck]:
    """Re-offending checks due within a month or overdue: on the cases the officer holds (or,
    for a supervisor, every case of theirs they may see), overdue first."""
    cases = visible_cases(user=user)
    if not supervisor:
        cases = work_selectors.allocated_to(cases, officer=user)
    horizon = timezone.localdate() + datetime.timedelta(days=CHECKS_AHEAD_DAYS)
    return (
        ReoffendingCheck.objects.filter(
            status=CheckStatus.DUE, due_on__lte=horizon, case__in=cases.values("pk")
        )
        .select_related("case")
        .order_by("due_on", "offset_months")
    )


def checks_for_calendar(*, user: User) -> QuerySet[ReoffendingCheck]:
    """Every check still due on the cases the user holds (the ICS feed)."""
    return (
        ReoffendingCheck.objects.filter(
            status=CheckStatus.DUE,
            case__in=work_selectors.allocated_to(visible_cases(user=user), officer=user).values(
                "pk"
            ),
        )
        .select_related("case")
        .order_by("due_on")
    )


# --- Transfers offered to another team ------------------------------------------------------
def transfers_offered_to(*, user: User) -> QuerySet[CaseTransfer]:
    """Cases other teams offer to the user's team, for its supervisors to accept or decline.

    The receiving team cannot open the case until it accepts: the offer shows the reference,
    the type, who offers it and the handover note (a consultation of the case, recorded)."""
    if user.team_id is None or not access.has_capability(user, "cases.supervise_case"):
        return CaseTransfer.objects.none()
    return (
        CaseTransfer.objects.filter(status=TransferStatus.AWAITING, to_team_id=user.team_id)
        .select_related("case", "from_team", "to_team", "created_by")
        .order_by("created_at")
    )


def transfer_offered_get(*, user: User, transfer_id) -> CaseTransfer:
    """One offer to the user's team (404, audited, otherwise); its case's consultation kept."""
    try:
        transfer = transfers_offered_to(user=user).filter(pk=transfer_id).first()
    except (ValueError, ValidationError):
        transfer = None
    if transfer is None:
        audit.record_access_denied(
            user=user,
            model=CaseTransfer,
            object_id=str(transfer_id),
            action=access.VIEW,
            status=404,
            reason=access.REFUSED_UNSEEN,
        )
        raise Http404("No such transfer.")
    audit.record_view(user=user, subject=transfer.case, justification="Transfer offered")
    transfer._consulted_in_request = transfer.case._consulted_in_request
    return transfer


def case_transfer_awaiting(*, case: Case) -> CaseTransfer | None:
    return case.transfers.filter(status=TransferStatus.AWAITING).select_related("to_team").first()
