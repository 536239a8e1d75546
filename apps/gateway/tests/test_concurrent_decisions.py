"""Two "None of these: create a new person" decisions at the same moment make one person.

Runs on PostgreSQL with real transactions: each thread has its own connection.
"""

import pytest
from django.core.exceptions import ValidationError

from apps.audit.models import AuditEvent
from apps.core.tests.concurrency import run_together, slow_down
from apps.matching import deconfliction
from apps.matching.models import MatchDecision
from apps.people.models import Person
from apps.referrals.models import Referral
from apps.referrals.tests.factories import DeconflictionReferralFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def outcome(result) -> str:
    """ "recorded", or the code of the ValidationError that refused the call."""
    if isinstance(result, ValidationError):
        return result.code
    if isinstance(result, Exception):
        raise result
    return "recorded"


def run_decisions(*calls, stagger: float = 0.0) -> list[str]:
    return [outcome(result) for result in run_together(*calls, stagger=stagger)]


def test_concurrent_new_person_decisions_create_one_person(gateway_officer, team, monkeypatch):
    referral = DeconflictionReferralFactory(team=team)
    # Hold the first decision open while the second one arrives.
    slow_down(monkeypatch, deconfliction, "_person_from_referral")

    def decide():
        stale = Referral.objects.get(pk=referral.pk)  # both pages showed no person yet
        deconfliction.match_decision_record(
            referral=stale, officer=gateway_officer, reason="No match", candidates_shown=[]
        )

    assert sorted(run_decisions(decide, decide)) == ["already_decided", "recorded"]
    assert Person.objects.count() == 1
    assert MatchDecision.objects.count() == 1


@pytest.fixture
def slow_restrict(monkeypatch):
    """Hold the first trace open (row locked) while the other request arrives."""
    slow_down(monkeypatch, deconfliction, "referral_restrict")


def check_events(referral):

    return AuditEvent.objects.filter(
        object_id=str(referral.pk), changes__has_key="live_investigation_check"
    )


def test_a_no_trace_arriving_while_a_trace_is_recorded_is_refused(
    gateway_officer, sio, make_user, team, slow_restrict
):
    named_supervisor = make_user("supervisor", username="named.supervisor")
    referral = DeconflictionReferralFactory(team=team)

    def check(result):
        return lambda: deconfliction.live_investigation_check_record(
            referral=Referral.objects.get(pk=referral.pk),  # both pages showed no check
            officer=gateway_officer,
            result=result,
            sio=sio,
            supervisor=named_supervisor,
        )

    outcomes = run_decisions(check("trace"), check("no_trace"), stagger=0.1)
    assert outcomes == ["recorded", "already_checked"]
    referral.refresh_from_db()
    assert referral.live_investigation_check == "trace"
    assert referral.is_restricted
    assert check_events(referral).count() == 1


def test_two_concurrent_trace_checks_record_one(
    gateway_officer, sio, make_user, team, slow_restrict
):
    named_supervisor = make_user("supervisor", username="named.supervisor")
    referral = DeconflictionReferralFactory(team=team)

    def trace():
        deconfliction.live_investigation_check_record(
            referral=Referral.objects.get(pk=referral.pk),
            officer=gateway_officer,
            result="trace",
            sio=sio,
            supervisor=named_supervisor,
        )

    assert run_decisions(trace, trace) == ["recorded", "recorded"]
    referral.refresh_from_db()
    assert referral.live_investigation_check == "trace"
    assert check_events(referral).count() == 1
