"""Two "None of these: create a new person" decisions at the same moment make one person.

Runs on PostgreSQL with real transactions: each thread has its own connection.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

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
