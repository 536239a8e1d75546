"""The one break-glass query: a user's open grants, for a type of record or one record."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from apps.accounts.models import BreakGlassGrant, Team
from apps.accounts.selectors import break_glass_grants_active
from apps.people.models import Person

pytestmark = pytest.mark.django_db


def grant(user, *, model=Team, object_id="1", minutes=30, ended=False, ago=0) -> BreakGlassGrant:
    now = timezone.now()
    return BreakGlassGrant.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(model),
        object_id=object_id,
        record_reference=f"REF-{object_id}",
        purpose="Synthetic urgent safeguarding purpose",
        granted_at=now - datetime.timedelta(minutes=ago),
        expires_at=now + datetime.timedelta(minutes=minutes),
        ended_at=now if ended else None,
    )


def test_active_grants_are_the_ones_neither_ended_nor_expired(outsider):
    open_grant = grant(outsider)
    ended = grant(outsider, ended=True)
    expired = grant(outsider, minutes=-1)
    assert list(BreakGlassGrant.objects.active()) == [open_grant]
    assert set(BreakGlassGrant.objects.inactive()) == {ended, expired}


def test_a_users_active_grants_for_a_type_of_record_newest_first(outsider, gateway_officer):
    older = grant(outsider, object_id="1", ago=10)
    newer = grant(outsider, object_id="2", ago=1)
    grant(outsider, model=Person, object_id="3")
    grant(outsider, object_id="4", ended=True)
    grant(gateway_officer, object_id="5")
    assert list(break_glass_grants_active(user=outsider, model=Team)) == [newer, older]


def test_a_users_active_grants_for_one_record(outsider):
    wanted = grant(outsider, object_id="1")
    grant(outsider, object_id="2")
    assert list(break_glass_grants_active(user=outsider, model=Team, object_id="1")) == [wanted]
