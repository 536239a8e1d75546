"""rows_together and together: several querysets' rows in one round trip, the same rows as each
alone."""

import datetime

import pytest
from django.db.models import Count, F, Prefetch

from apps.accounts.models import Team, User
from apps.accounts.tests.factories import TeamFactory, UserFactory
from apps.core.queries import rows_together, together

pytestmark = pytest.mark.django_db


def test_rows_together_gives_each_querysets_rows_in_one_query(django_assert_num_queries):
    alpha, beta = TeamFactory(name="Alpha team"), TeamFactory(name="Beta team")
    for team, members in ((alpha, 2), (beta, 1)):
        for _ in range(members):
            UserFactory(team=team)
    members = (
        User.objects.filter(team__in=[alpha, beta])
        .values_list("team_id")
        .annotate(count=Count("pk"))
        .order_by("team_id")
    )
    names = Team.objects.filter(pk__in=[alpha.pk, beta.pk]).values("pk", "name").order_by("name")
    nothing = Team.objects.filter(name="No such team").values_list("pk")
    expected = [list(members), [tuple(row.values()) for row in names], []]

    with django_assert_num_queries(1):
        together = rows_together(members, names, nothing)

    assert together == expected
    assert together[0] == [(alpha.pk, 2), (beta.pk, 1)]


def test_rows_together_of_nothing_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert rows_together() == []


def test_together_gives_what_iterating_each_queryset_gives_in_one_query(
    django_assert_num_queries,
):
    alpha, beta = TeamFactory(name="Alpha team"), TeamFactory(name="Beta team")
    signed_in = datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC)
    ann = UserFactory(team=alpha, first_name="Ann", last_login=signed_in)
    UserFactory(team=alpha, first_name="Bob")
    UserFactory(team=beta, first_name="Cat")
    querysets = [
        # Records with a related record, ordered by an expression not selected.
        User.objects.filter(team=alpha).select_related("team").order_by(F("first_name").desc()),
        User.objects.filter(pk=ann.pk).values_list("last_login", flat=True),
        Team.objects.filter(pk__in=[alpha.pk, beta.pk]).values("name").order_by("name")[:1],
        Team.objects.none(),
        User.objects.filter(pk__in=[]),
        Team.objects.filter(pk=beta.pk).annotate(people=Count("members")),
    ]
    expected = [list(queryset.all()) for queryset in querysets]

    with django_assert_num_queries(1):
        results = together(*querysets)

    assert results == expected
    first, last_logins, names, none, empty, counted = results
    assert [user.first_name for user in first] == ["Bob", "Ann"]
    assert first[0].team.name == "Alpha team"  # the related record came with it
    assert last_logins == [signed_in]
    assert names == [{"name": "Alpha team"}]
    assert none == empty == []
    assert counted[0].people == 1


def test_together_runs_a_querysets_prefetches_after_its_rows(django_assert_num_queries):
    alpha = TeamFactory(name="Alpha team")
    UserFactory(team=alpha, first_name="Ann")
    teams = Team.objects.filter(pk=alpha.pk).prefetch_related(
        Prefetch("members", queryset=User.objects.order_by("first_name"))
    )

    with django_assert_num_queries(2):
        [[team]] = together(teams)
        assert [user.first_name for user in team.members.all()] == ["Ann"]


def test_together_asks_nothing_for_a_queryset_already_read(django_assert_num_queries):
    alpha = TeamFactory(name="Alpha team")
    teams = Team.objects.filter(pk=alpha.pk)
    assert list(teams) == [alpha]

    with django_assert_num_queries(0):
        assert together(teams, Team.objects.none()) == [[alpha], []]
