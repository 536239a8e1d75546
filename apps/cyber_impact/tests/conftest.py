"""The Cyber Prevent cast beside the root conftest: an officer in another Cyber Prevent team,
and a Cyber Prevent case of the Cyber Prevent team."""

import pytest

from apps.accounts.tests.factories import TeamFactory
from apps.cyber_impact.tests.factories import CyberCaseFactory


@pytest.fixture
def other_cyber_officer(make_user):
    team = TeamFactory(name="EMSOU Cyber Prevent", kind="cyber")
    return make_user("cyber_officer", username="other.cyber.officer", team=team)


@pytest.fixture
def cyber_case(cyber_team):
    return CyberCaseFactory(team=cyber_team)
