"""The access decision: role, team, clearance, restriction and break-glass."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts import services as account_services
from apps.accounts.models import BreakGlassGrant, Notification, User
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core import access
from apps.core.choices import ProtectiveMarking
from apps.core.tests.forms import post_with_token
from apps.people.models import Person
from apps.people.tests.factories import (
    OfficialPersonFactory,
    PersonFactory,
    RestrictedPersonFactory,
)
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = pytest.mark.django_db


def visible(user):
    return set(access.restrict(Person.objects.all(), user=user))


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("role_code", "sees"),
    [
        ("gateway_officer", True),
        ("prevent_officer", True),
        ("case_officer", True),
        ("cyber_officer", True),
        ("supervisor", True),
        ("sio", True),
        ("analyst", False),
        ("panel_member", False),
        ("administrator", False),
        ("data_protection", False),
    ],
)
def test_each_role_sees_team_people_only_if_its_role_allows(make_user, person, role_code, sees):
    user = make_user(role_code, username=f"user.{role_code}")
    assert (person in visible(user)) is sees


def test_officer_in_another_team_does_not_see_the_record(outsider, person):
    assert person not in visible(outsider)
    with pytest.raises(Http404):
        access.require(outsider, access.VIEW, person)


def test_restricted_record_exists_only_for_its_access_list(gateway_officer, sio, team):
    restricted = RestrictedPersonFactory(team=team, access_list=[sio])
    assert restricted in visible(sio)
    assert restricted not in visible(gateway_officer)
    assert access.restrict(Person.objects.all(), user=gateway_officer).count() == 0
    with pytest.raises(Http404):
        access.require(gateway_officer, access.VIEW, restricted)


def test_record_marked_above_clearance_is_invisible(make_user, team):
    official_only = make_user(
        "gateway_officer", username="low", clearance=ProtectiveMarking.OFFICIAL
    )
    PersonFactory(team=team, protective_marking=ProtectiveMarking.OFFICIAL_SENSITIVE)
    official = OfficialPersonFactory(team=team)
    assert visible(official_only) == {official}


def test_access_list_still_needs_clearance(make_user, team):
    low = make_user("sio", username="low.sio", clearance=ProtectiveMarking.OFFICIAL)
    restricted = RestrictedPersonFactory(team=team, access_list=[low])
    assert restricted not in visible(low)


def test_role_that_may_view_but_not_change_gets_403_on_change(sio, person):
    access.require(sio, access.VIEW, person)
    with pytest.raises(PermissionDenied):
        access.require(sio, access.CHANGE, person)


def test_a_role_that_may_add_people_passes_the_add_check(gateway_officer):
    access.require_add(gateway_officer, Person)


def test_a_role_that_may_not_add_people_is_refused_and_the_refusal_audited(analyst):
    with pytest.raises(PermissionDenied):
        access.require_add(analyst, Person)
    refusal = AuditEvent.objects.get(actor=analyst, action=AuditAction.ACCESS_DENIED)
    assert refusal.detail["status"] == 403
    assert "people.add_person" in refusal.detail["reason"]


def test_outsider_gets_404_on_the_person_page(client, outsider, person):
    client.force_login(outsider)
    assert client.get(person.get_absolute_url()).status_code == 404


def test_viewing_a_person_records_a_consultation(client, gateway_officer, person):
    client.force_login(gateway_officer)
    assert client.get(person.get_absolute_url()).status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert event.actor == gateway_officer
    assert event.object_id == str(person.pk)
    assert event.object_reference == person.reference
    assert event.category == "consultation"


class TestBreakGlass:
    def test_grant_opens_the_record_notifies_the_line_manager_and_is_audited(
        self, outsider, supervisor, person, mailoutbox, django_capture_on_commit_callbacks
    ):
        outsider.line_manager = supervisor
        outsider.save()
        with django_capture_on_commit_callbacks(execute=True):
            grant = account_services.break_glass_grant(
                user=outsider,
                record=person,
                purpose="Urgent safeguarding enquiry from A&E tonight",
            )
        assert person in visible(outsider)
        assert Notification.objects.filter(recipient=supervisor).count() == 1
        assert mailoutbox[0].to == [supervisor.email]
        assert person.given_name not in mailoutbox[0].body
        event = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS_GRANTED)
        assert event.justification == grant.purpose

    def test_break_glass_is_read_only(self, outsider, person):
        account_services.break_glass_grant(
            user=outsider, record=person, purpose="Urgent safeguarding enquiry from A&E tonight"
        )
        access.require(outsider, access.VIEW, person)
        with pytest.raises(PermissionDenied):
            access.require(outsider, access.CHANGE, person)

    def test_change_is_not_implied_by_seeing_a_record_while_a_grant_of_its_type_is_held(
        self, outsider, gateway_officer, analyst, person
    ):
        # Without grants, a record seen may be changed if the role allows changing it.
        assert access.implied(gateway_officer, Person, access.CHANGE, granted=access.VIEW)
        assert access.implied(analyst, Person, access.CHANGE, granted=access.VIEW) is False
        account_services.break_glass_grant(
            user=outsider, record=person, purpose="Urgent safeguarding enquiry from A&E tonight"
        )
        # The grant opens records of the type for reading only: the answer needs a query.
        assert access.implied(outsider, Person, access.CHANGE, granted=access.VIEW) is None
        assert access.can(outsider, access.CHANGE, person) is False

    def test_views_under_break_glass_carry_the_purpose(self, client, outsider, person):
        account_services.break_glass_grant(
            user=outsider, record=person, purpose="Urgent safeguarding enquiry from A&E tonight"
        )
        client.force_login(outsider)
        assert client.get(person.get_absolute_url()).status_code == 200
        view = AuditEvent.objects.get(action=AuditAction.VIEW)
        assert view.justification.startswith("Break-glass: Urgent safeguarding")

    def test_a_user_who_holds_no_open_grant_is_not_asked_for_grants(
        self, client, outsider, gateway_officer, person
    ):
        """Each page asks for the user's grants only while their row says one may be open
        (`break_glass_until`, ADR 0042); a grant written any way moves it on."""
        client.force_login(gateway_officer)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(person.get_absolute_url()).status_code == 200
        assert not any("accounts_breakglassgrant" in q["sql"] for q in queries)

        outsider.refresh_from_db()
        assert outsider.break_glass_until is None
        grant = BreakGlassGrant.objects.create(
            user=User.objects.get(pk=outsider.pk),  # written apart from the user object
            content_type=ContentType.objects.get_for_model(Person),
            object_id=str(person.pk),
            record_reference=person.reference,
            purpose="Synthetic urgent safeguarding purpose",
            expires_at=timezone.now() + timedelta(minutes=30),
        )
        outsider.refresh_from_db()
        assert outsider.break_glass_until == grant.expires_at
        client.force_login(outsider)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(person.get_absolute_url()).status_code == 200
        assert any("accounts_breakglassgrant" in q["sql"] for q in queries)

        # An earlier grant written later does not pull the date back.
        BreakGlassGrant.objects.create(
            user=outsider,
            content_type=ContentType.objects.get_for_model(Person),
            object_id="another",
            record_reference="another",
            purpose="Synthetic urgent safeguarding purpose",
            expires_at=timezone.now() + timedelta(minutes=5),
        )
        outsider.refresh_from_db()
        assert outsider.break_glass_until == grant.expires_at

    def test_an_account_saved_after_a_grant_keeps_the_grants_date(self, outsider, person):
        loaded_before = User.objects.get(pk=outsider.pk)  # an administrator's form, say
        grant = account_services.break_glass_grant(
            user=outsider, record=person, purpose="Urgent safeguarding enquiry from A&E tonight"
        )
        loaded_before.job_title = "Prevent officer"
        loaded_before.save()
        saved = User.objects.get(pk=outsider.pk)
        assert saved.job_title == "Prevent officer"
        assert saved.break_glass_until == grant.expires_at
        assert person in visible(saved)

    def test_once_the_last_grant_has_expired_the_record_is_gone_without_asking(
        self, client, outsider, person
    ):
        account_services.break_glass_grant(
            user=outsider, record=person, purpose="Urgent safeguarding enquiry from A&E tonight"
        )
        User.objects.filter(pk=outsider.pk).update(
            break_glass_until=timezone.now() - timedelta(seconds=1)
        )
        client.force_login(outsider)
        assert client.get(person.get_absolute_url()).status_code == 404

    def test_the_upgrade_fills_the_date_from_grants_already_held(self, outsider, person):
        grant = account_services.break_glass_grant(
            user=outsider, record=person, purpose="Urgent safeguarding enquiry from A&E tonight"
        )
        User.objects.update(break_glass_until=None)
        migration = importlib.import_module("apps.accounts.migrations.0003_user_break_glass_until")
        migration.fill_from_grants(django_apps, None)
        assert User.objects.get(pk=outsider.pk).break_glass_until == grant.expires_at
        assert not User.objects.exclude(pk=outsider.pk).filter(break_glass_until__isnull=False)

    def test_expired_grant_gives_no_access(self, outsider, person):
        grant = account_services.break_glass_grant(
            user=outsider, record=person, purpose="Urgent safeguarding enquiry from A&E tonight"
        )
        BreakGlassGrant.objects.filter(pk=grant.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        assert person not in visible(outsider)

    def test_ending_a_grant_removes_access(self, client, outsider, person):
        grant = account_services.break_glass_grant(
            user=outsider, record=person, purpose="Urgent safeguarding enquiry from A&E tonight"
        )
        client.force_login(outsider)
        client.post(reverse("accounts:break_glass_end", args=[grant.pk]))
        assert person not in visible(outsider)
        assert AuditEvent.objects.filter(action=AuditAction.BREAK_GLASS_ENDED).exists()

    def test_a_short_purpose_is_refused(self, client, outsider, person):
        client.force_login(outsider)
        response = post_with_token(
            client,
            reverse("accounts:break_glass_create"),
            {"record_type": "people.person", "reference": person.reference, "purpose": "need it"},
        )
        assert response.status_code == 200
        assert "at least 20 characters" in response.content.decode()
        assert not BreakGlassGrant.objects.exists()

    def test_restricted_records_cannot_be_broken_into(self, client, outsider, sio, team):
        restricted = RestrictedPersonFactory(team=team, access_list=[sio])
        client.force_login(outsider)
        response = post_with_token(
            client,
            reverse("accounts:break_glass_create"),
            {
                "record_type": "people.person",
                "reference": restricted.reference,
                "purpose": "Urgent safeguarding enquiry from A&E tonight",
            },
        )
        assert "No record with that reference" in response.content.decode()
        assert not BreakGlassGrant.objects.exists()

    def test_the_page_grants_and_redirects_to_the_record(self, client, outsider, person):
        client.force_login(outsider)
        response = post_with_token(
            client,
            reverse("accounts:break_glass_create"),
            {
                "record_type": "people.person",
                "reference": person.reference.lower(),
                "purpose": "Urgent safeguarding enquiry from A&E tonight",
            },
        )
        assert response.status_code == 302
        assert response.url == person.get_absolute_url()

    def test_roles_without_break_glass_are_refused(self, client, analyst):
        client.force_login(analyst)
        assert client.get(reverse("accounts:break_glass_create")).status_code == 403


def test_break_glass_into_a_referral_carries_the_purpose_on_every_view(client, outsider, team):
    referral = ReceivedReferralFactory(team=team)
    client.force_login(outsider)
    response = post_with_token(
        client,
        reverse("accounts:break_glass_create"),
        {
            "record_type": "referrals.referral",
            "reference": referral.reference,
            "purpose": "Caller says the person is at A&E now and asks for advice",
        },
    )
    assert response.url == referral.get_absolute_url()
    assert client.get(referral.get_absolute_url()).status_code == 200
    view = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(referral.pk)).last()
    assert (
        view.justification
        == "Break-glass: Caller says the person is at A&E now and asks for advice"
    )
