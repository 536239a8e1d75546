"""The list of a user's own imports, through the shared list page."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from apps.referrals.choices import ImportStatus
from apps.referrals.models import ReferralImport

pytestmark = pytest.mark.django_db

URL = reverse("referrals:import_list")


def batch(user, name: str, status: str = ImportStatus.SUCCEEDED) -> ReferralImport:
    return ReferralImport.objects.create(
        team=user.team,
        file=ContentFile(b"source_reference\n", name="synthetic.csv"),
        original_name=name,
        status=status,
        created_by=user,
    )


def test_lists_only_the_users_own_imports_linked_to_their_progress(
    client, gateway_officer, colleague
):
    mine = batch(gateway_officer, "synthetic-mine.csv")
    batch(colleague, "synthetic-theirs.csv")
    client.force_login(gateway_officer)
    page = client.get(URL).content.decode()
    assert "synthetic-mine.csv" in page
    assert "synthetic-theirs.csv" not in page
    assert reverse("referrals:import_detail", args=[mine.pk]) in page


def test_rejected_imports_can_be_picked_out(client, gateway_officer):
    batch(gateway_officer, "synthetic-good.csv")
    rejected = batch(gateway_officer, "synthetic-bad.csv", ImportStatus.REJECTED)
    client.force_login(gateway_officer)
    response = client.get(URL, {"status": ImportStatus.REJECTED})
    assert [row.record for row in response.context["table"].paginated_rows] == [rejected]


def test_the_queue_links_to_the_users_imports(client, gateway_officer):
    client.force_login(gateway_officer)
    assert URL in client.get(reverse("referrals:referral_list")).content.decode()


def test_roles_that_cannot_add_referrals_are_refused(client, analyst):
    client.force_login(analyst)
    assert client.get(URL).status_code == 403
