"""Cyber Prevent referrals go to the team that handles Cyber Prevent for their area.

One routing step at intake, whichever way the referral arrives (web form, API, import),
from rules held as data; recorded in the creation event.
"""

import csv
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import reverse

from apps.accounts.tests.factories import TeamFactory
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core.tests.forms import form_token
from apps.geography.models import LocalAuthority
from apps.referrals.models import Referral, RoutingRule
from apps.referrals.selectors import gateway_queue
from apps.referrals.services import referral_import_rows, referral_submit
from apps.referrals.tests.factories import ReceivedReferralFactory, referral_row
from apps.referrals.tests.test_submit import fill_pages

pytestmark = pytest.mark.django_db
CYBER_ROW = {"is_cyber": "yes", "computer_misuse_sections": "s1;s3"}
route_existing_teams = importlib.import_module(
    "apps.referrals.migrations.0008_route_cyber_referrals_to_cyber_teams"
).add_rules


@pytest.fixture
def cyber_rule(cyber_team):
    """Cyber Prevent for every area goes to the cyber team."""
    return RoutingRule.objects.create(kind="cyber", local_authority=None, team=cyber_team)


def creation_event(referral):
    return AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(referral.pk))


def test_a_cyber_referral_from_the_api_goes_to_the_cyber_team_and_the_event_says_so(
    client, gateway_officer, cyber_team, cyber_rule
):
    client.force_login(gateway_officer)
    response = client.post(
        "/api/v1/referrals/", referral_row(**CYBER_ROW), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    referral = Referral.objects.get()
    assert referral.team == cyber_team
    assert response.json()["team"] == cyber_team.name
    assert creation_event(referral).detail["routed_to"] == cyber_team.name
    assert creation_event(referral).detail["received_by"] == gateway_officer.team.name


def test_computer_misuse_act_sections_alone_route_the_referral(
    gateway_officer, cyber_team, cyber_rule
):
    referral = referral_submit(
        submitted_by=gateway_officer,
        team=gateway_officer.team,
        data=referral_row(computer_misuse_sections=["s3A"]),
    )
    assert referral.team == cyber_team
    assert referral.is_cyber_prevent


def test_a_referral_that_is_not_cyber_prevent_stays_with_the_team_that_received_it(
    gateway_officer, cyber_rule
):
    referral = referral_submit(
        submitted_by=gateway_officer, team=gateway_officer.team, data=referral_row()
    )
    assert referral.team == gateway_officer.team
    assert "routed_to" not in creation_event(referral).detail


def test_without_a_rule_a_cyber_referral_stays_with_the_team_that_received_it(gateway_officer):
    referral = referral_submit(
        submitted_by=gateway_officer, team=gateway_officer.team, data=referral_row(**CYBER_ROW)
    )
    assert referral.team == gateway_officer.team


def test_a_rule_for_the_person_s_area_wins_over_the_rule_for_every_other_area(
    gateway_officer, cyber_team, cyber_rule
):
    reading_team = TeamFactory(name="Reading Cyber Prevent", kind="cyber")
    reading = LocalAuthority.objects.get(code="E06000038")
    RoutingRule.objects.create(kind="cyber", local_authority=reading, team=reading_team)
    in_reading = referral_submit(
        submitted_by=gateway_officer,
        team=gateway_officer.team,
        data=referral_row(**CYBER_ROW, postcode="RG1 1AA"),
    )
    in_oxford = referral_submit(
        submitted_by=gateway_officer,
        team=gateway_officer.team,
        data=referral_row(**CYBER_ROW, postcode="OX1 1AA", source_reference="SYN-2026-000002"),
    )
    assert in_reading.team == reading_team
    assert in_oxford.team == cyber_team


def test_a_switched_off_rule_routes_nothing(gateway_officer, cyber_rule):
    cyber_rule.is_active = False
    cyber_rule.save()
    referral = referral_submit(
        submitted_by=gateway_officer, team=gateway_officer.team, data=referral_row(**CYBER_ROW)
    )
    assert referral.team == gateway_officer.team


def test_an_import_routes_each_cyber_row_and_records_it(gateway_officer, cyber_team, cyber_rule):
    rows = [
        (2, referral_row(source_reference="SYN-1", **CYBER_ROW)),
        (3, referral_row(source_reference="SYN-2")),
    ]
    result = referral_import_rows(rows=rows, team=gateway_officer.team, imported_by=gateway_officer)
    assert result.ok, result.errors
    cyber, other = sorted(result.created, key=lambda referral: referral.source_reference)
    assert Referral.objects.get(pk=cyber.pk).team == cyber_team
    assert Referral.objects.get(pk=other.pk).team == gateway_officer.team
    assert creation_event(cyber).detail["routed_to"] == cyber_team.name
    assert "routed_to" not in creation_event(other).detail


def test_an_uploaded_file_is_routed_too(tmp_path, gateway_officer, cyber_team, cyber_rule):
    path = tmp_path / "batch.csv"
    row = referral_row(**CYBER_ROW)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    call_command(
        "import_referrals",
        str(path),
        team=gateway_officer.team.name,
        user=gateway_officer.username,
        verbosity=0,
    )
    assert Referral.objects.get().team == cyber_team


def test_the_web_form_routes_the_referral_and_says_where_it_went(
    client, gateway_officer, cyber_officer, cyber_team, cyber_rule
):
    client.force_login(gateway_officer)
    fill_pages(client, referral_row(is_cyber="yes", computer_misuse_sections=["s1", "s3"]))
    check = client.get(reverse("referrals:referral_check"))
    response = client.post(
        reverse("referrals:referral_check"), {"submission_token": form_token(check)}, follow=True
    )
    referral = Referral.objects.get()
    assert referral.team == cyber_team
    page = response.content.decode()
    assert f"sent to {cyber_team.name}" in page
    # Not in the receiving team's queue; in the Cyber Prevent officer's.
    assert referral not in gateway_queue(user=gateway_officer)
    assert referral in gateway_queue(user=cyber_officer)
    client.force_login(cyber_officer)
    queue = client.get(reverse("referrals:referral_list")).content.decode()
    assert referral.reference in queue


def test_the_referral_page_shows_its_sections_and_its_channel_by_label(
    client, cyber_officer, cyber_team
):
    referral = ReceivedReferralFactory(
        team=cyber_team, is_cyber=True, channel="package", computer_misuse_sections=["s1", "s3A"]
    )
    client.force_login(cyber_officer)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "s1 Unauthorised access" in page
    assert "s3A Making, supplying or obtaining articles for use in an offence" in page
    assert "NCCU or ROCU intelligence package" in page
    assert "nccu or rocu" not in page
    assert cyber_team.name in page


def test_the_data_migration_gives_each_cyber_team_the_areas_it_alone_covers(cyber_team):
    reading = LocalAuthority.objects.get(code="E06000038")
    oxford = LocalAuthority.objects.get(code="E07000178")
    shared_with = TeamFactory(name="Other Cyber Prevent", kind="cyber")
    cyber_team.local_authorities.set([reading, oxford])
    shared_with.local_authorities.set([oxford])
    TeamFactory(name="A Prevent team", kind="prevent").local_authorities.set([reading])
    route_existing_teams(django_apps, None)
    rules = {(rule.local_authority_id, rule.team_id) for rule in RoutingRule.objects.all()}
    assert rules == {(reading.pk, cyber_team.pk)}


def test_the_data_migration_gives_the_only_cyber_team_every_other_area_too(cyber_team):
    reading = LocalAuthority.objects.get(code="E06000038")
    cyber_team.local_authorities.set([reading])
    route_existing_teams(django_apps, None)
    route_existing_teams(django_apps, None)  # idempotent
    rules = {(rule.local_authority_id, rule.team_id) for rule in RoutingRule.objects.all()}
    assert rules == {(reading.pk, cyber_team.pk), (None, cyber_team.pk)}


def test_an_administrator_edits_the_rules_and_each_change_is_audited(
    client, administrator, cyber_team
):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:referrals_routingrule_add"),
        {"kind": "cyber", "local_authority": "", "team": cyber_team.pk, "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    rule = RoutingRule.objects.get()
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(rule.pk))
    assert event.changes["team"] == {"old": None, "new": str(cyber_team.pk)}


def test_only_administrators_may_edit_the_rules(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.get(reverse("admin:referrals_routingrule_changelist"))
    assert response.status_code in (302, 403)
    assert not RoutingRule.objects.exists()
