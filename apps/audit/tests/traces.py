"""A referral restricted by a live-investigation trace, for the audit visibility tests."""

from apps.core import audit
from apps.matching import deconfliction
from apps.people.tests.factories import PersonFactory
from apps.referrals.tests.factories import DeconflictionReferralFactory


def traced_referral(*, team, officer, sio, supervisor, note: str, with_person: bool = True):
    """A referral (with its person, unless `with_person` is false) viewed by `officer`, then
    restricted by a trace naming `sio` and `supervisor`, with `note` as the reason."""
    person = PersonFactory(team=team) if with_person else None
    referral = DeconflictionReferralFactory(team=team, person=person)
    if with_person:
        audit.record_view(user=officer, subject=referral)
    deconfliction.live_investigation_check_record(
        referral=referral,
        officer=officer,
        result="trace",
        sio=sio,
        supervisor=supervisor,
        note=note,
    )
    referral.refresh_from_db()
    return referral
