"""A Cyber Prevent supervisor (a supervisor in the Cyber Prevent team), for these tests."""

import pytest


@pytest.fixture
def cyber_supervisor(make_user, cyber_team):
    return make_user("supervisor", username="cyber.supervisor", team=cyber_team)


@pytest.fixture
def cyber_colleague(make_user, cyber_team):
    return make_user("cyber_officer", username="cyber.colleague", team=cyber_team)
