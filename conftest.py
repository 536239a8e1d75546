"""The standing cast for every test: a team, a colleague, an outsider and each role.

Synthetic people only. Browser tests add their own fixtures in tests/browser.
"""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from apps.accounts.tests.factories import TeamFactory, UserFactory, role  # noqa: E402
from apps.matching import deconfliction  # noqa: E402
from apps.people.tests.factories import PersonFactory  # noqa: E402


@pytest.fixture(autouse=True)
def _index_counted_afresh():
    """The real-time path counts the person index at most every 10 minutes per process; each
    test's database starts from its own people, so each test counts afresh."""
    deconfliction.forget_index_facts()
    yield
    deconfliction.forget_index_facts()


@pytest.fixture
def team(db):
    return TeamFactory(name="CTP SE Prevent – Thames Valley")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="CTP North East Prevent")


@pytest.fixture
def cyber_team(db):
    return TeamFactory(name="SEROCU Cyber Prevent", kind="cyber")


@pytest.fixture
def make_user(db, team):
    def make(role_code: str, *, username: str | None = None, **fields):
        fields.setdefault("team", team)
        if username:
            fields["username"] = username
        return UserFactory(role=role(role_code), **fields)

    return make


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", username="supervisor")


@pytest.fixture
def gateway_officer(make_user, supervisor):
    return make_user("gateway_officer", username="gateway.officer", line_manager=supervisor)


@pytest.fixture
def colleague(make_user, supervisor):
    """Another officer in the same team."""
    return make_user("prevent_officer", username="prevent.officer", line_manager=supervisor)


@pytest.fixture
def outsider(make_user, other_team):
    """A Gateway officer in another team: has the role, lacks the need to know."""
    return make_user("gateway_officer", username="outsider", team=other_team)


@pytest.fixture
def sio(make_user):
    return make_user("sio", username="sio")


@pytest.fixture
def analyst(make_user):
    return make_user("analyst", username="analyst")


@pytest.fixture
def panel_member(make_user):
    return make_user("panel_member", username="panel.member", team=None)


@pytest.fixture
def administrator(make_user):
    return make_user("administrator", username="admin", team=None, is_staff=True)


@pytest.fixture
def data_protection_officer(make_user):
    return make_user("data_protection", username="data.protection", team=None)


@pytest.fixture
def cyber_officer(make_user, cyber_team):
    return make_user("cyber_officer", username="cyber.officer", team=cyber_team)


@pytest.fixture
def person(team):
    return PersonFactory(team=team)


@pytest.fixture
def signed_in(client):
    """Sign a user in on the test client and return the client."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def cyber_supervisor(make_user, cyber_team):
    """The Cyber Prevent team's supervisor (the supervisor role, in the Cyber Prevent team)."""
    return make_user("supervisor", username="cyber.supervisor", team=cyber_team)
