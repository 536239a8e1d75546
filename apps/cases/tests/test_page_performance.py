"""The four busiest pages (the case page, My work, the team view, the case list) run the same
number of queries with 3 cases as with 30, and show the first few of a long section or list
without counting or drawing the rest (benchmarks/pages.py times them on ten years of data)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.assessments.tests.factories import DraftAssessmentFactory
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases import registry as case_registry
from apps.cases import selectors as case_selectors
from apps.cases import views as case_views
from apps.cases import worklists as case_worklists
from apps.cases.models import Case
from apps.cases.services import case_event_add, case_flag_add, case_restrict
from apps.cases.tables import CaseTable
from apps.cases.tests.factories import (
    ClosedCaseFactory,
    DueReviewFactory,
    OutstandingDirectionFactory,
    SupportCaseFactory,
)
from apps.core import worklists as core_worklists
from apps.interventions.tests.factories import (
    GivenConsentFactory,
    NoLiveInvestigationCheckFactory,
    PlannedInterventionFactory,
)
from apps.work import services as work_services
from apps.work import worklists as work_worklists
from apps.work.tests.factories import OpenTaskFactory

pytestmark = pytest.mark.django_db

LAST_WEEK = timezone.localdate() - datetime.timedelta(days=7)


def _add_cases(team, officer, sio, count: int) -> list[Case]:
    """Live cases held by `officer`, each with an overdue direction and review, a task and
    timeline entries; and as many ended cases (the years of history a list must not walk)."""
    cases = []
    for number in range(count):
        case = SupportCaseFactory(team=team, sio=sio)
        work_services.allocation_allocate(record=case, officer=officer, by=officer)
        OutstandingDirectionFactory(case=case, tasked_officer=officer, created_by=sio)
        OutstandingDirectionFactory(
            case=case, tasked_officer=officer, created_by=sio, due_on=LAST_WEEK
        )
        DueReviewFactory(case=case)
        DueReviewFactory(case=case, due_on=LAST_WEEK)
        OpenTaskFactory(
            assignee=officer,
            content_type=ContentType.objects.get_for_model(Case),
            object_id=case.pk,
            record_reference=case.reference,
        )
        case_event_add(case=case, officer=officer, kind="case", what=f"Entry {number}")
        ClosedCaseFactory(team=team)
        cases.append(case)
    return cases


def _queries(client, url: str) -> int:
    client.get(url)  # the session and caches settle on the first request
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("who", "url_name"),
    [
        ("colleague", "core:home"),
        ("sio", "core:home"),
        ("supervisor", "core:home"),
        ("supervisor", "work:team"),
        ("supervisor", "cases:case_list"),
    ],
)
def test_my_work_the_team_view_and_the_case_list_run_as_many_queries_for_30_cases_as_for_3(
    request,
    client,
    team,
    colleague,
    supervisor,
    sio,
    who,
    url_name,
    monkeypatch,
    django_assert_max_num_queries,
):
    # A work list counts its items only once they fill its first rows: 3 cases fill them here.
    monkeypatch.setattr(case_worklists, "LIMIT", 2)
    monkeypatch.setattr(work_worklists, "SHOWN", 2)
    client.force_login(request.getfixturevalue(who))
    url = reverse(url_name)
    _add_cases(team, colleague, sio, 3)
    small = _queries(client, url)
    _add_cases(team, colleague, sio, 27)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


def test_the_case_page_runs_as_many_queries_with_30_of_everything_as_with_3(
    client, team, colleague, sio, django_assert_max_num_queries
):
    client.force_login(colleague)
    [case] = _add_cases(team, colleague, sio, 1)
    url = reverse("cases:case_detail", args=[case.pk])

    def add(count: int) -> None:
        for number in range(count):
            OutstandingDirectionFactory(case=case, tasked_officer=colleague, created_by=sio)
            DueReviewFactory(case=case)
            OpenTaskFactory(
                assignee=colleague,
                content_type=ContentType.objects.get_for_model(Case),
                object_id=case.pk,
                record_reference=case.reference,
            )
            case_event_add(case=case, officer=colleague, kind="contact", what=f"Visit {number}")
            case_flag_add(
                case=case, officer=colleague, kind="other", reason="Synthetic", expires_on=None
            )

    add(2)
    small = _queries(client, url)
    add(27)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


def test_the_case_page_lists_the_first_outstanding_directions_and_links_to_them_all(
    client, team, colleague, sio, monkeypatch
):
    monkeypatch.setattr(case_views, "OVERVIEW_LIMIT", 2)
    case = SupportCaseFactory(team=team, sio=sio)
    for tactic in ("First visit", "Second visit", "Third visit"):
        OutstandingDirectionFactory(case=case, tasked_officer=colleague, tactic=tactic)
    client.force_login(colleague)
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    body = response.content.decode()
    assert [direction.tactic for direction in response.context["directions"]] == [
        "First visit",
        "Second visit",
    ]
    assert "Third visit" not in body
    all_directions = reverse("cases:direction_list", args=[case.pk])
    assert f'href="{all_directions}" data-testid="case-all-directions"' in body
    assert "Third visit" in client.get(all_directions).content.decode()


def test_the_case_page_has_no_see_all_link_when_every_direction_is_shown(
    client, team, colleague, sio
):
    case = SupportCaseFactory(team=team, sio=sio)
    OutstandingDirectionFactory(case=case, tasked_officer=colleague)
    client.force_login(colleague)
    body = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="case-all-directions"' not in body


def test_a_long_case_list_says_more_than_its_count_limit_and_pages_on(
    client, team, supervisor, monkeypatch
):
    monkeypatch.setattr(case_views.CaseListView, "count_limit", 3)
    monkeypatch.setattr(case_views.CaseListView, "per_page", 2)
    cases = [SupportCaseFactory(team=team) for _ in range(6)]
    client.force_login(supervisor)

    response = client.get(reverse("cases:case_list"))
    body = response.content.decode()
    assert "More than 3 cases" in body
    assert 'rel="next"' in body
    assert "Download all of them as" in body
    search = AuditEvent.objects.filter(action=AuditAction.SEARCH).latest("pk")
    assert search.detail["result_count"] == 3
    assert search.detail["more_than_count"] is True
    # Asked for a later page, it counts as far as that page, and one more.
    third = client.get(reverse("cases:case_list"), {"page": 3})
    assert third.context["page"].number == 3
    assert len(third.context["page"].object_list) == 2
    assert not third.context["page"].has_next()
    assert "6 cases" in third.content.decode()
    shown = {row.record.pk for row in third.context["page"].object_list}
    assert shown <= {case.pk for case in cases}


def test_a_case_list_without_terms_reads_its_page_and_count_in_one_statement(
    client, team, supervisor, monkeypatch
):
    monkeypatch.setattr(case_views.CaseListView, "per_page", 2)
    cases = [SupportCaseFactory(team=team) for _ in range(5)]
    client.force_login(supervisor)
    url = reverse("cases:case_list")
    client.get(url)  # the first visit compiles the shapes
    pages = []
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"page": number})
        reads = [
            q["sql"]
            for q in queries.captured_queries
            if "cases_case" in q["sql"] or q["sql"].startswith("EXECUTE")
        ]
        assert len(reads) == 1, reads
        assert "5 cases" in response.content.decode()
        pages.append([row.record.pk for row in response.context["page"].object_list])
    assert [len(rows) for rows in pages] == [2, 2, 1]
    assert sorted(pk for rows in pages for pk in rows) == sorted(case.pk for case in cases)
    # Each order is its own shape: sorted one way and then the other, the pages follow.
    by_reference = sorted(cases, key=lambda case: case.reference)
    for sort, expected in (("reference", by_reference), ("-reference", by_reference[::-1])):
        for _ in range(2):  # compiled, then reused
            sorted_page = client.get(url, {"sort": sort}).context["page"].object_list
            assert [row.record.pk for row in sorted_page] == [case.pk for case in expected[:2]]
    # A search reads through the plain paginator, and finds the same records.
    searched = client.get(url, {"q": cases[0].reference})
    assert [row.record.pk for row in searched.context["page"].object_list] == [cases[0].pk]


def test_a_case_list_within_its_count_limit_gives_the_exact_count(client, team, supervisor):
    for _ in range(3):
        SupportCaseFactory(team=team)
    client.force_login(supervisor)
    body = client.get(reverse("cases:case_list")).content.decode()
    assert "3 cases" in body
    assert "More than" not in body


def test_restricted_cases_stay_out_of_a_limited_count(client, team, supervisor, sio, monkeypatch):
    monkeypatch.setattr(case_views.CaseListView, "count_limit", 3)
    visible = [SupportCaseFactory(team=team) for _ in range(3)]
    hidden = SupportCaseFactory(team=team)
    case_restrict(case=hidden, officer=sio, readers=[sio], reason="Live investigation")
    client.force_login(supervisor)
    response = client.get(reverse("cases:case_list"))
    body = response.content.decode()
    assert "3 cases" in body
    assert "More than" not in body
    assert hidden.reference not in body
    assert all(case.reference in body for case in visible)


def test_ended_cases_leave_the_team_views_allocated_work(client, team, supervisor, colleague):
    live = SupportCaseFactory(team=team)
    ended = ClosedCaseFactory(team=team)
    for case in (live, ended):
        work_services.allocation_allocate(record=case, officer=colleague, by=supervisor)
    client.force_login(supervisor)
    response = client.get(reverse("work:team"))
    shown = [allocation.reference for _, allocation, _ in response.context["allocations"]]
    assert shown == [live.reference]
    headings = response.context["headings"]
    [row] = [row for row in response.context["rows"] if row["officer"] == colleague]
    assert row["counts"][headings.index("Cases allocated")] == 1


def test_the_case_lists_own_cells_are_the_cells_django_tables2_would_draw(
    team, colleague, supervisor, sio
):
    allocated = SupportCaseFactory(team=team)
    work_services.allocation_allocate(record=allocated, officer=colleague, by=supervisor)
    ClosedCaseFactory(team=team)
    hidden_person = ClosedCaseFactory(team=team)
    hidden_person.person.is_restricted = True
    hidden_person.person.save()
    restricted = SupportCaseFactory(team=team)
    case_restrict(case=restricted, officer=sio, readers=[sio, supervisor], reason="Live operation")
    table = CaseTable(case_selectors.case_list_rows(user=supervisor))
    table.paginate(page=1, per_page=10)

    rows = list(table.paginated_rows)
    assert len(rows) == 4
    for row in rows:
        lean = table.lean_cells(row.record)
        assert set(lean) == {column.name for column in table.columns}
        for column in table.columns:
            assert str(lean[column.name]) == str(row.get_cell(column.name)), column.name
    body = table.body_html()
    assert "Restricted person" in body
    assert "Not allocated" in body
    assert colleague.get_full_name() in body
    assert "govuk-tag--red" in body


def _busy_case(team, colleague, sio) -> Case:
    """A case with an entry from every timeline source: events, tasks set and done, an
    allocation, an assessment, consent, interventions and a live-investigation check."""
    case = SupportCaseFactory(team=team, sio=sio)
    for number in range(4):
        case_event_add(case=case, officer=colleague, kind="contact", what=f"Visit {number}")
    work_services.allocation_allocate(record=case, officer=colleague, by=colleague)
    done = OpenTaskFactory(
        assignee=colleague,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=case.pk,
        record_reference=case.reference,
    )
    work_services.task_complete(task=done, officer=colleague)
    DraftAssessmentFactory(case=case)
    GivenConsentFactory(case=case)
    PlannedInterventionFactory(case=case)
    NoLiveInvestigationCheckFactory(intervention__case=case)
    case_event_add(case=case, officer=colleague, kind="case", what="Latest note")
    return case


def test_every_timeline_sources_stamps_are_the_times_of_its_entries(team, colleague, sio):
    case = _busy_case(team, colleague, sio)
    for source, kinds in case_registry.timeline_sources():
        stamps = case_registry.timeline_stamps(source)
        assert stamps is not None, source
        when = sorted(
            moment
            for queryset, field in stamps(case, set(kinds))
            for moment in queryset.values_list(field, flat=True)
        )
        assert when == sorted(entry.when for entry in source(case, set(kinds))), source
        assert when, source


@pytest.mark.parametrize("limit", [1, 3, 6, 50])
def test_the_timeline_read_through_stamps_is_the_timeline_of_every_source(
    team, colleague, sio, limit
):
    case = _busy_case(team, colleague, sio)
    everything = sorted(
        [
            *(
                entry
                for source, kinds in case_registry.timeline_sources()
                for entry in source(case, set(kinds))
            ),
            *(
                case_registry.TimelineEntry(
                    when=event.at, who="", what=event.what, kind=event.kind, link=event.link
                )
                for event in case.events.all()
            ),
        ],
        key=lambda entry: entry.when,
        reverse=True,
    )
    shown = case_selectors.case_timeline(case=case, limit=limit)
    assert [(entry.when, entry.what) for entry in shown] == [
        (entry.when, entry.what) for entry in everything[:limit]
    ]
    before = everything[2].when
    older = case_selectors.case_timeline(case=case, limit=limit, before=before)
    assert [(entry.when, entry.what) for entry in older] == [
        (entry.when, entry.what) for entry in everything if entry.when < before
    ][:limit]


def test_the_overview_reads_only_the_sources_with_recent_entries(
    team, colleague, sio, django_assert_num_queries
):
    case = _busy_case(team, colleague, sio)
    for number in range(5):
        case_event_add(case=case, officer=colleague, kind="contact", what=f"Call {number}")
    # One query finds the newest stamps of every source; only the case's own events are read.
    with django_assert_num_queries(2):
        recent = case_selectors.case_timeline(case=case, limit=5)
    assert [entry.what for entry in recent][0] == "Call 4"


def test_my_work_counts_no_further_than_its_limit_and_says_more_than(
    client, team, colleague, sio, monkeypatch
):
    monkeypatch.setattr(case_worklists, "LIMIT", 2)
    monkeypatch.setattr(core_worklists, "COUNT_LIMIT", 3)
    _add_cases(team, colleague, sio, 5)  # each with an overdue and a later direction
    client.force_login(colleague)
    body = client.get(reverse("core:home")).content.decode()
    directions = next(
        work for work in core_worklists.for_user(colleague) if work.key == "cases-directions"
    )
    assert directions.total_text == "more than 3"
    assert directions.overdue_text == "more than 3"
    assert "(more than 3)" in body
    assert "Showing the first 2 of more than 3." in body
    assert "more than 3 overdue" in body


def test_my_work_gives_exact_counts_within_its_limit(client, team, colleague, sio, monkeypatch):
    monkeypatch.setattr(case_worklists, "LIMIT", 2)
    _add_cases(team, colleague, sio, 3)
    directions = next(
        work for work in core_worklists.for_user(colleague) if work.key == "cases-directions"
    )
    assert (directions.total_text, directions.overdue_text) == ("6", "3")


def test_my_work_reads_the_counts_of_every_full_list_in_one_query(
    client, team, colleague, sio, monkeypatch
):
    """The first visit reads each list's rows, then every full list's counts in one query;
    later visits read the rows and counts of every list at once (core.prepared)."""
    monkeypatch.setattr(case_worklists, "LIMIT", 2)
    monkeypatch.setattr(work_worklists, "SHOWN", 2)
    _add_cases(team, colleague, sio, 3)
    client.force_login(colleague)
    batches = []
    read_batch = core_worklists.prepared.batch

    def spy(user, *calls):
        found = read_batch(user, *calls)
        batches.extend((call.name, len(counts)) for call, counts in zip(calls, found, strict=True))
        return found

    monkeypatch.setattr(core_worklists.prepared, "batch", spy)
    first = client.get(reverse("core:home"))
    # One statement for every full list's counts (all, and overdue where the list knows).
    assert batches == [("work list counts", 7)]
    with CaptureQueriesContext(connection) as captured:
        later = client.get(reverse("core:home"))
    assert batches == [("work list counts", 7)]
    reads = [query["sql"] for query in captured if "EXECUTE prevent_" in query["sql"]]
    assert len(reads) == 1
    assert reads[0].count("EXECUTE") == 6  # five lists' rows and the counts
    for response in (first, later):
        totals = {work.key: (work.total, work.overdue) for work in response.context["work_lists"]}
        assert totals["cases-mine"] == (3, 0)
        assert totals["cases-directions"] == (6, 3)
        assert totals["cases-reviews"] == (6, 3)
        assert totals["my-tasks"][0] == 3


def test_the_timeline_reads_each_sources_stamps_apart_where_a_union_cannot_be_limited(
    team, colleague, sio, monkeypatch
):
    # SQLite (the demo) cannot ORDER BY and LIMIT inside a UNION: the parts run one by one.
    case = _busy_case(team, colleague, sio)
    expected = [(entry.when, entry.what) for entry in case_selectors.case_timeline(case=case)]
    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", False)
    apart = case_selectors.case_timeline(case=case)
    assert [(entry.when, entry.what) for entry in apart] == expected
    assert len(expected) > 5
