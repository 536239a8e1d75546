"""Campaign activity: resources given out to schools and partners, and the talks and events
recorded as partners briefings counted beside them (never a new briefing model)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.core.tests.forms import post_with_token
from apps.cyber_enquiries import selectors
from apps.cyber_enquiries.models import CampaignActivity, CampaignResource
from apps.cyber_enquiries.tests.factories import CampaignActivityFactory
from apps.partners.models import SessionType
from apps.partners.tests.factories import BriefingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("cyber_enquiries:campaign_create")
LIST = reverse("cyber_enquiries:campaign_list")


def test_campaign_activity_is_recorded_with_resources_and_schools(signed_in, cyber_officer):
    school = OrganisationFactory(name="Kestrel Lane Primary School")
    client = signed_in(cyber_officer)
    response = post_with_token(
        client,
        CREATE,
        {
            "title": "Year 9 assemblies",
            "held_on_0": "5",
            "held_on_1": "10",
            "held_on_2": "2026",
            "organisations": [school.pk],
            "resource_leaflet-young-people": "180",
            "resource_lesson-plan-ks3": "6",
        },
    )
    activity = CampaignActivity.objects.get()
    assert response["Location"] == activity.get_absolute_url()
    assert list(activity.organisations.all()) == [school]
    assert {row.resource.code: row.quantity for row in activity.resources_given.all()} == {
        "leaflet-young-people": 180,
        "lesson-plan-ks3": 6,
    }
    event = AuditEvent.objects.get(action="create", object_id=str(activity.pk))
    assert event.detail["resources"]["new"]["Cyber Choices leaflet for young people"] == 180
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Kestrel Lane Primary School" in page


def test_bad_input_is_explained_and_nothing_is_stored(signed_in, cyber_officer):
    client = signed_in(cyber_officer)
    response = post_with_token(
        client, CREATE, {"title": "", "resource_poster": "-3", "held_on_0": "31"}
    )
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Enter a title" in body
    assert "must be 0 or more" in body
    empty = post_with_token(
        client,
        CREATE,
        {"title": "Nothing", "held_on_0": "5", "held_on_1": "10", "held_on_2": "2026"},
    )
    assert "Say what was done, or enter how many resources" in empty.content.decode()
    assert not CampaignActivity.objects.exists()


def test_outsiders_are_refused(signed_in, supervisor, gateway_officer):
    activity = CampaignActivityFactory()
    for user in (supervisor, gateway_officer):
        client = signed_in(user)
        assert client.get(LIST).status_code == 403
        assert client.get(activity.get_absolute_url()).status_code == 403
        assert client.get(CREATE).status_code == 403


def test_the_summary_counts_cyber_briefings_and_resources(signed_in, cyber_officer, team):
    today = timezone.localdate()
    talk = SessionType.objects.get(code="cyber-choices")
    act = SessionType.objects.get(code="computer-misuse-act")
    BriefingFactory(team=team, session_type=talk, attendance=30)
    BriefingFactory(team=team, session_type=talk, attendance=25)
    BriefingFactory(team=team, session_type=act, attendance=12)
    BriefingFactory(team=team)  # Prevent awareness: not Cyber Prevent engagement
    BriefingFactory(
        team=team, session_type=talk, held_on=today - datetime.timedelta(days=400)
    )  # outside the 12 months
    activity = CampaignActivityFactory(team=cyber_officer.team, held_on=today)
    activity.resources_given.create(
        resource=CampaignResource.objects.get(code="poster"),
        quantity=7,
    )

    summary = selectors.engagement_summary(
        user=cyber_officer, start=today - datetime.timedelta(days=364), end=today
    )
    assert summary["sessions"] == [
        {"name": "Cyber Choices talk", "sessions": 2, "attendance": 55},
        {"name": "Computer Misuse Act awareness", "sessions": 1, "attendance": 12},
    ]
    assert summary["resources"] == [{"name": "Poster", "total": 7}]
    page = signed_in(cyber_officer).get(LIST).content.decode()
    assert "Cyber Choices talk" in page
    assert AuditEvent.objects.filter(action="search").count() == 1
