"""rows_together: several querysets' rows in one round trip, the same rows as each alone."""

import pytest
from django.db.models import Count

from apps.accounts.models import Team, User
from apps.accounts.tests.factories import TeamFactory, UserFactory
from apps.core.queries import rows_together

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
