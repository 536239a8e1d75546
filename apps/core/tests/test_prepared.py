"""core.prepared: a page's querysets compiled once per shape, reused with other values, and
never reused when the values or the user would change the SQL."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.db.models.sql.compiler import SQLCompiler
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import Team, User
from apps.accounts.tests.factories import TeamFactory, UserFactory
from apps.core import access, prepared

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_shapes():
    prepared.forget()
    yield
    prepared.forget()


@pytest.fixture
def compilations(monkeypatch):
    """The querysets of people and teams Django compiles to SQL."""
    counted = []
    original = SQLCompiler.as_sql

    def as_sql(self, *args, **kwargs):
        if self.query.model in (User, Team):  # not the break-glass grants' read
            counted.append(self.query.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", as_sql)
    return counted


def members_and_team(values):
    return [
        User.objects.filter(team_id=values.team, date_joined__date__lte=values.today)
        .select_related("team")
        .order_by("first_name"),
        Team.objects.filter(pk=values.team).annotate(people=Count("members")),
        Team.objects.none(),
    ]


def test_a_shape_is_compiled_once_and_reused_with_other_values(
    supervisor, compilations, django_assert_num_queries
):
    alpha, beta = TeamFactory(name="Alpha team"), TeamFactory(name="Beta team")
    ann = UserFactory(team=alpha, first_name="Ann")
    bob = UserFactory(team=beta, first_name="Bob")
    today = datetime.date.today()

    first = prepared.together(supervisor, "members", members_and_team, team=alpha.pk, today=today)
    compiled = len(compilations)
    # One statement for the querysets. The user's break-glass grants (part of their access
    # fingerprint) are not asked for: their row says they hold none (ADR 0042).
    with django_assert_num_queries(1):
        second = prepared.together(
            supervisor, "members", members_and_team, team=beta.pk, today=today
        )

    assert first == [[ann], [alpha], []]
    assert second == [[bob], [beta], []]
    assert second[0][0].team == beta  # related records as select_related gives them
    assert second[1][0].people == 1
    # Verified on reuse under the test settings (built once more), never compiled anew
    # otherwise.
    with override_settings(PREPARED_QUERIES_VERIFY=False):
        compilations.clear()
        assert prepared.together(
            supervisor, "members", members_and_team, team=alpha.pk, today=today
        ) == [[ann], [alpha], []]
    assert compilations == []
    assert compiled >= 6  # two stand-ins and the real values, two statements each


def test_rows_come_back_as_rows_together_gives_them(supervisor):
    alpha = TeamFactory(name="Alpha team")
    UserFactory(team=alpha, first_name="Ann")
    UserFactory(team=alpha, first_name="Bob")

    def counts(values):
        return [
            User.objects.filter(team_id=values.team)
            .values_list("team_id")
            .annotate(count=Count("pk"))
            .order_by(),
            Team.objects.filter(pk=values.team).values("name"),
        ]

    for _ in range(2):
        assert prepared.rows_together(supervisor, "counts", counts, team=alpha.pk) == [
            [(alpha.pk, 2)],
            [("Alpha team",)],
        ]


def test_counts_come_back_as_numbers_in_one_statement(supervisor):
    alpha = TeamFactory(name="Alpha team")
    for name in ("Ann", "Bob", "Cat"):
        UserFactory(team=alpha, first_name=name)

    def members(values):
        return [
            User.objects.filter(team=alpha).order_by("first_name"),
            User.objects.filter(team=alpha).values("pk")[:2],  # a slice counts its rows
            User.objects.none(),
        ]

    calls = (
        prepared.Call("members counted", members, rows=prepared.COUNT),
        prepared.Call("members", lambda values: members(values)[:1]),
    )
    assert prepared.batch(supervisor, *calls) == [[3, 2, 0], [list(members(None)[0])]]
    with CaptureQueriesContext(connection) as queries:
        assert prepared.batch(supervisor, *calls)[0] == [3, 2, 0]
    # Besides the grants (read for each shape outside a request), one statement.
    sent = [q["sql"] for q in queries.captured_queries if "breakglass" not in q["sql"]]
    [statement] = sent
    assert statement.startswith("EXECUTE")


def test_a_value_that_shapes_the_sql_is_never_reused(supervisor, caplog):
    alpha, beta = TeamFactory(name="Alpha team"), TeamFactory(name="Beta team")

    def later_than(values):  # arithmetic on a value: the parameter is not the value
        return [Team.objects.filter(pk__gt=values.team - 1).order_by("pk")]

    with pytest.raises(prepared.ShapeMismatchError, match="worked out from a value"):
        prepared.together(supervisor, "later", later_than, team=beta.pk)
    with override_settings(PREPARED_QUERIES_VERIFY=False):
        for team in (alpha, beta, alpha):
            assert prepared.together(supervisor, "later", later_than, team=team.pk)[0][0] == team
    assert "built every time" in caplog.text


def test_a_builder_that_reads_data_for_itself_is_caught_on_reuse(supervisor):
    """Data read while building becomes a constant of the SQL: the verification on reuse
    (test settings) shows that the key misses it."""
    alpha = TeamFactory(name="Alpha team")
    UserFactory(team=alpha, first_name="Ann")

    def members_of_newest_team(values):
        newest = Team.objects.order_by("-pk").values_list("pk", flat=True)[0]
        return [User.objects.filter(team_id=newest, first_name=values.name)]

    prepared.together(supervisor, "newest", members_of_newest_team, name="Ann")
    TeamFactory(name="Beta team")
    with pytest.raises(prepared.ShapeMismatchError, match="misses something"):
        prepared.together(supervisor, "newest", members_of_newest_team, name="Ann")


def test_records_attached_by_a_relation_are_refused(supervisor):
    alpha = TeamFactory(name="Alpha team")

    with pytest.raises(TypeError, match="Model.objects"):
        prepared.together(supervisor, "members", lambda values: [alpha.members.all()], team=1)


def test_each_user_access_gets_its_own_shape(supervisor, colleague, compilations):
    """Access conditions are part of the SQL: another user, or the same user after a change
    of team, compiles again."""
    team = TeamFactory(name="Alpha team")

    def build(values):
        return [Team.objects.filter(pk=values.team)]

    prepared.together(supervisor, "team", build, team=team.pk)
    compilations.clear()
    with override_settings(PREPARED_QUERIES_VERIFY=False):
        prepared.together(supervisor, "team", build, team=team.pk)
        assert compilations == []
        prepared.together(colleague, "team", build, team=team.pk)
        assert compilations != []
        compilations.clear()
        before = access.fingerprint(colleague)
        colleague.team = team
        assert access.fingerprint(colleague) != before
        prepared.together(colleague, "team", build, team=team.pk)
        assert compilations != []


def test_a_true_or_false_value_must_go_in_the_key(supervisor):
    with pytest.raises(TypeError, match="key"):
        prepared.together(supervisor, "flag", lambda values: [], restricted=True)


def test_statements_are_prepared_in_the_session_and_executed_after(
    supervisor, django_assert_num_queries
):
    """The first run sends PREPARE and EXECUTE in one request; later runs EXECUTE alone. A
    constant with a per cent sign is written into the statement as it is."""
    alpha = TeamFactory(name="Alpha 100% team")

    def build(values):
        return [Team.objects.filter(pk=values.team, name__contains="100%")]

    with CaptureQueriesContext(connection) as first:
        assert prepared.together(supervisor, "percent", build, team=alpha.pk) == [[alpha]]
    sent = [query["sql"] for query in first.captured_queries if "team" in query["sql"]]
    assert len(sent) == 1
    assert "PREPARE" in sent[0]
    assert "EXECUTE" in sent[0]
    with CaptureQueriesContext(connection) as second:
        assert prepared.together(supervisor, "percent", build, team=alpha.pk) == [[alpha]]
    sent = [query["sql"] for query in second.captured_queries if "EXECUTE" in query["sql"]]
    assert len(sent) == 1
    assert "PREPARE" not in sent[0]


def test_a_session_that_lost_its_statements_is_asked_again(supervisor):
    alpha = TeamFactory(name="Alpha team")

    def build(values):
        return [Team.objects.filter(pk=values.team)]

    prepared.together(supervisor, "team", build, team=alpha.pk)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # behind the service's back
    with pytest.raises(DatabaseError), transaction.atomic():
        prepared.together(supervisor, "team", build, team=alpha.pk)
    assert prepared.together(supervisor, "team", build, team=alpha.pk) == [[alpha]]


@override_settings(PREPARED_STATEMENTS=False)
def test_statements_can_be_sent_whole(supervisor):
    alpha = TeamFactory(name="Alpha team")
    with CaptureQueriesContext(connection) as captured:
        for _ in range(2):
            assert prepared.together(
                supervisor,
                "team",
                lambda values: [Team.objects.filter(pk=values.team)],
                team=alpha.pk,
            ) == [[alpha]]
    assert not any("EXECUTE" in query["sql"] for query in captured.captured_queries)


def test_shapes_already_compiled_are_read_together_by_prefetch(
    supervisor, django_assert_num_queries
):
    alpha = TeamFactory(name="Alpha team")
    UserFactory(team=alpha, first_name="Ann")

    def teams(values):
        return [Team.objects.filter(name="Alpha team")]

    def counts(values):
        return [
            User.objects.filter(team__name="Alpha team")
            .values_list("first_name")
            .order_by("first_name")
        ]

    prepared.together(supervisor, "teams", teams)
    prepared.rows_together(supervisor, "names", counts)
    UserFactory(team=alpha, first_name="Bob")  # read afresh, not remembered
    requests = [("teams", (), False), ("names", (), True), ("never run", (), False)]
    with django_assert_num_queries(1):  # one statement (no grants to ask for: ADR 0042)
        found = prepared.prefetch(supervisor, requests)

    assert found == {
        ("teams", (), False): [[alpha]],
        ("names", (), True): [[("Ann",), ("Bob",)]],
    }
    prepared.check(supervisor, "teams", teams)  # what the page would run is what was read
    with pytest.raises(prepared.ShapeMismatchError):
        prepared.check(supervisor, "teams", counts)


def test_a_selectors_queryset_is_built_once_and_each_caller_gets_its_own_copy(
    supervisor, monkeypatch
):
    alpha = TeamFactory(name="Alpha team")
    built = []

    def build():
        built.append(1)
        return Team.objects.filter(is_active=True).order_by("name")

    first = prepared.queryset(supervisor, "teams", build)
    assert list(first.filter(pk=alpha.pk)) == [alpha]
    with override_settings(PREPARED_QUERIES_VERIFY=False):
        built.clear()
        second = prepared.queryset(supervisor, "teams", build)
        assert built == []
    assert second is not first
    assert list(second.filter(pk=alpha.pk)) == [alpha]


def test_a_queryset_that_reads_the_clock_is_built_every_time(supervisor, caplog):
    def since_now():
        return Team.objects.filter(pk__in=User.objects.filter(last_login__lte=timezone.now()))

    with override_settings(PREPARED_QUERIES_VERIFY=False):
        for _ in range(2):
            prepared.queryset(supervisor, "clock", since_now)
    assert "built every time" in caplog.text


def test_a_kept_queryset_that_no_longer_matches_its_build_fails_the_tests(supervisor):
    names = ["Alpha team"]

    def build():
        return Team.objects.filter(name__in=list(names))

    prepared.queryset(supervisor, "named", build)
    names.append("Beta team")  # data the builder read for itself
    with pytest.raises(prepared.ShapeMismatchError):
        prepared.queryset(supervisor, "named", build)
