import pytest

from apps.partners.tests.factories import (
    BriefingFactory,
    ContactFactory,
    EngagementFactory,
    NetworkFactory,
    OrganisationFactory,
    authority,
)

# What a contact's details look like in the standing directory, to look for in responses.
CONTACT_GIVEN, CONTACT_FAMILY = "Zelda", "Quixmarker"
CONTACT_PHONE, CONTACT_EMAIL = "01184969999", "zelda.quixmarker@example.invalid"


@pytest.fixture
def officer(make_user):
    """A Cyber Prevent officer in the standing team: manages the directory."""
    return make_user("cyber_officer", username="cyber.officer")


@pytest.fixture
def directory(team):
    """A school in Reading with a contact who attended a session, an engagement and a network."""
    school = OrganisationFactory(name="Kestrel Lane Primary School", team=team)
    contact = ContactFactory(
        given_name=CONTACT_GIVEN,
        family_name=CONTACT_FAMILY,
        phone=CONTACT_PHONE,
        email=CONTACT_EMAIL,
        organisation=school,
        team=team,
    )
    briefing = BriefingFactory(team=team, organisations=[school], attendees=[contact])
    engagement = EngagementFactory(team=team, organisations=[school], contacts=[contact])
    network = NetworkFactory(team=team, members=[contact], local_authority=authority("Reading"))
    return {
        "school": school,
        "contact": contact,
        "briefing": briefing,
        "engagement": engagement,
        "network": network,
    }
