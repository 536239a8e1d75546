"""The break-glass list: the user's own requests, through the shared list page."""

import csv
import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import BreakGlassGrant, Team
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = reverse("accounts:break_glass_list")


def grant(user, reference: str, *, ended: bool = False) -> BreakGlassGrant:
    """A grant on a team record: the list shows references only, whatever the record."""
    now = timezone.now()
    return BreakGlassGrant.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Team),
        object_id=str(user.team_id),
        record_reference=reference,
        purpose="Synthetic urgent safeguarding purpose",
        expires_at=now + datetime.timedelta(minutes=30),
        ended_at=now if ended else None,
    )


def test_lists_only_the_users_own_requests_with_an_end_button(client, outsider, gateway_officer):
    grant(outsider, "PN-2026-00001")
    grant(gateway_officer, "PN-2026-00002")
    client.force_login(outsider)
    page = client.get(URL).content.decode()
    assert "PN-2026-00001" in page
    assert "PN-2026-00002" not in page
    assert "End access" in page


def test_ended_requests_can_be_picked_out(client, outsider):
    grant(outsider, "PN-2026-00001")
    ended = grant(outsider, "PN-2026-00002", ended=True)
    client.force_login(outsider)
    response = client.get(URL, {"state": "ended"})
    assert [row.record for row in response.context["table"].paginated_rows] == [ended]


def test_export_leaves_out_the_button_and_is_recorded(client, outsider):
    grant(outsider, "PN-2026-00001")
    client.force_login(outsider)
    response = client.get(URL, {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == ["Record", "Purpose", "Granted", "Status"]
    assert rows[0]["Record"] == "PN-2026-00001"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_roles_without_break_glass_are_refused(client, analyst):
    client.force_login(analyst)
    assert client.get(URL).status_code == 403
