"""Two "None of these: create a new person" decisions at the same moment make one person.

Runs on PostgreSQL with real transactions: each thread has its own connection.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from apps.audit.models import AuditEvent
from apps.matching import deconfliction
from apps.matching.models import MatchDecision
from apps.people.models import Person
from apps.referrals.models import Referral
from apps.referrals.tests.factories import DeconflictionReferralFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_concurrent_new_person_decisions_create_one_person(gateway_officer, team, monkeypatch):
    referral = DeconflictionReferralFactory(team=team)
    real = deconfliction._person_from_referral

    def slow_person_from_referral(**kwargs):
        time.sleep(0.5)  # hold the first decision open while the second one arrives
        return real(**kwargs)

    monkeypatch.setattr(deconfliction, "_person_from_referral", slow_person_from_referral)
    start = threading.Barrier(2)
    outcomes = []

    def decide():
        try:
            stale = Referral.objects.get(pk=referral.pk)  # both pages showed no person yet
            start.wait()
            deconfliction.match_decision_record(
                referral=stale, officer=gateway_officer, reason="No match", candidates_shown=[]
            )
            outcomes.append("recorded")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already_decided", "recorded"]
    assert Person.objects.count() == 1
    assert MatchDecision.objects.count() == 1


def run_together(*calls, stagger: float = 0.0) -> list[str]:
    """Run each call in its own thread (own connection), started together; their outcomes."""
    start = threading.Barrier(len(calls))
    outcomes = {}

    def run(index, call):
        try:
            start.wait()
            time.sleep(stagger * index)
            call()
            outcomes[index] = "recorded"
        except ValidationError as error:
            outcomes[index] = error.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return [outcomes.get(index) for index in range(len(calls))]


@pytest.fixture
def slow_restrict(monkeypatch):
    """Hold the first trace open (row locked) while the other request arrives."""
    real = deconfliction.referral_restrict

    def slow(**kwargs):
        time.sleep(0.5)
        return real(**kwargs)

    monkeypatch.setattr(deconfliction, "referral_restrict", slow)


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

    outcomes = run_together(check("trace"), check("no_trace"), stagger=0.1)
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

    assert run_together(trace, trace) == ["recorded", "recorded"]
    referral.refresh_from_db()
    assert referral.live_investigation_check == "trace"
    assert check_events(referral).count() == 1
