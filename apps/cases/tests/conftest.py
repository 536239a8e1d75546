"""Case roles beside the standing cast (root conftest.py): the prevent officer is `colleague`."""

import pytest


@pytest.fixture
def case_officer(make_user, supervisor):
    return make_user("case_officer", username="case.officer", line_manager=supervisor)


@pytest.fixture
def outside_officer(make_user, other_team):
    """A Prevent officer in another team: may work on cases, but not this team's."""
    return make_user("prevent_officer", username="outside.officer", team=other_team)


@pytest.fixture
def cyber_supervisor(make_user, cyber_team):
    """The Cyber Prevent team's supervisor (role supervisor, in the Cyber Prevent team)."""
    return make_user("supervisor", username="cyber.supervisor", team=cyber_team)
