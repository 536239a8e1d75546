"""A synthetic year of Thames Valley referrals for the demo, driven through the real services.

Volumes and shares come from demo.synthetic (calibrated to the Home Office
figures in DOMAIN.md). Each generated person record becomes a Person the first time
it is referred, so near-duplicate records stay separate people, as they would in a
real index, for officers to find on the "Possible duplicates" page.
"""

import datetime
import random
import re

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.gateway import services as gateway_services
from apps.gateway.choices import Outcome
from apps.geography.models import LSOA
from apps.matching import deconfliction
from apps.people.models import Person, PersonAddress
from apps.reference.models import SupportService
from apps.referrals import services
from apps.referrals.models import Referral
from apps.referrals.registry import feedback_wording
from demo.synthetic import generate_people, generate_referrals

SEED = 2026
CHANNELS = {
    "Online portal": "portal",
    "E-mail": "email",
    "Phone": "phone",
    "Internal police": "police",
}
# Illustrative outcome mix for decided referrals (no published Thames Valley figures):
# Channel adoption ~7-9% nationally (DOMAIN.md); most referrals close or are signposted.
OUTCOME_WEIGHTS = [
    (Outcome.NO_FURTHER_ACTION, 46),
    (Outcome.SIGNPOSTED, 30),
    (Outcome.CHANNEL, 12),
    (Outcome.POLICE_LED_PARTNERSHIP, 8),
    (Outcome.PURSUE, 2),
]
OPEN_DAYS = 12  # referrals received in the last few days are still with the Gateway
# Cyber Prevent sources that arrive as intelligence packages or from Action Fraud.
CYBER_CHANNELS = {
    "NCCU intelligence package": "package",
    "ROCU intelligence package": "package",
    "Action Fraud": "action_fraud",
}
# Synthetic reasons an officer gives for marking an open referral urgent.
URGENT_REASONS = [
    "Travel abroad booked for this week (synthetic).",
    "Referrer reports a threat to named pupils (synthetic).",
    "Online purchase of weapon parts mentioned (synthetic).",
]
URGENT_EVERY = 9  # about one open referral in nine is marked urgent
FEEDBACK_EVERY = 3  # feedback is sent on about one in three decided referrals that may have it


def referral_data(generated: dict, person: dict) -> dict:
    """Map the generator's referral onto the national-form fields the services validate."""
    referrer = generated["referrer"]
    is_adult = generated["parents_know"] is None
    return {
        "source_reference": generated["source_reference"],
        "date_received": generated["date_received"],
        "channel": CYBER_CHANNELS.get(generated.get("cyber_source") or "")
        or CHANNELS.get(generated["channel"], "email"),
        "is_cyber": "yes" if generated["is_cyber"] else "no",
        "given_name": person["given_name"],
        "middle_names": person["middle_names"],
        "family_name": person["surname"],
        "date_of_birth": person["date_of_birth"] or "",
        "estimated_age": "" if person["date_of_birth"] else str(person["estimated_age"] or ""),
        "gender": person["gender"],
        "address_line_1": person["address_line_1"],
        "town": person["town"],
        "postcode": person["postcode"],
        "first_language": person["first_language"],
        "interpreter_needed": "yes" if person["interpreter_needed"] else "no",
        "needs": person["needs"],
        "referrer_name": referrer["name"],
        "referrer_organisation": referrer["organisation"],
        "referrer_role": referrer["role"],
        "referrer_email": _referrer_email(referrer["name"]),
        "referrer_may_receive_feedback": "yes" if referrer["may_be_given_feedback"] else "no",
        "sector": generated["sector"],
        "concern": generated["concern"],
        "concern_type": generated["type_of_concern"],
        "computer_misuse_sections": generated["cma_sections"],
        "actions_taken": generated["action_taken"],
        "other_agencies": "; ".join(generated["other_agencies"]),
        "person_aware": "yes" if generated["person_knows"] else "no",
        "parents_aware": "not_applicable"
        if is_adult
        else ("yes" if generated["parents_know"] else "no"),
    }


def seed_referrals(stdout, *, people: int = 320) -> None:
    if Referral.objects.filter(source_reference__startswith="SYN-").exists():
        stdout.write("Synthetic referrals already present: left as they are.")
        return
    officer = User.objects.get(username="gateway.officer")
    cyber_officer = User.objects.get(username="cyber.officer")
    supervisor = User.objects.get(username="supervisor")
    cyber_supervisor = User.objects.get(username="cyber.supervisor")
    today = timezone.localdate()
    year_start = today - datetime.timedelta(days=365)
    generated_people = list(generate_people(people, seed=SEED, as_of=year_start))
    by_record = {person["record_id"]: person for person in generated_people}
    generated = sorted(
        generate_referrals(generated_people, year_start=year_start, seed=SEED),
        key=lambda referral: referral["date_received"],
    )
    rng = random.Random(SEED)  # noqa: S311 (synthetic demo data, not security)
    services_by_code = {service.code: service for service in SupportService.objects.all()}
    person_for_record: dict[tuple[str, int], Person] = {}
    created = 0
    for item in generated:
        if datetime.date.fromisoformat(str(item["date_received"])) > today:
            continue
        data = referral_data(item, by_record[item["record_id"]])
        with transaction.atomic():
            # Every referral comes in to the Prevent Gateway; Cyber Prevent ones are routed
            # to the Cyber Prevent team at intake (demo/routing.py's rules).
            referral = services.referral_submit(submitted_by=officer, team=officer.team, data=data)
            routed = referral.team_id == cyber_officer.team_id
            handler = cyber_officer if routed else officer
            created += 1
            age = (today - referral.date_received).days
            if age < OPEN_DAYS and created % URGENT_EVERY == 0:
                services.referral_mark_urgent(
                    referral=referral,
                    officer=handler,
                    reason=URGENT_REASONS[created % len(URGENT_REASONS)],
                )
            if age < 2:
                continue
            referral = services.referral_begin_deconfliction(referral=referral, officer=handler)
            if age < 4:
                continue
            known = person_for_record.get((item["record_id"], handler.team_id))
            deconfliction.match_decision_record(
                referral=referral,
                officer=handler,
                person=known,
                reason="Same name, date of birth and address as the existing record."
                if known
                else "No likely match in the person index.",
                candidates_shown=[],
            )
            referral.refresh_from_db()
            if known is None:
                person_for_record[(item["record_id"], handler.team_id)] = referral.person
                _lsoa(referral.person, by_record[item["record_id"]])
            deconfliction.live_investigation_check_record(
                referral=referral, officer=handler, result="no_trace"
            )
            deconfliction.deconfliction_complete(referral=referral, officer=handler)
            if age < 6:
                continue
            outcome = Outcome.CYBER_PREVENT if routed else _weighted(rng, OUTCOME_WEIGHTS)
            referral.refresh_from_db()
            decision = gateway_services.gateway_decision_propose(
                referral=referral,
                officer=handler,
                outcome=outcome,
                rationale=_rationale(outcome),
                threshold_met=outcome
                in {Outcome.CHANNEL, Outcome.POLICE_LED_PARTNERSHIP, Outcome.CYBER_PREVENT},
                history_considered=True,
                support_service=services_by_code[rng.choice(list(services_by_code))]
                if outcome == Outcome.SIGNPOSTED
                else None,
            )
            if age < OPEN_DAYS:
                continue
            gateway_services.gateway_decision_sign_off(
                decision=decision,
                supervisor=cyber_supervisor if routed else supervisor,
                approve=True,
                comment="Agreed.",
            )
            referral.refresh_from_db()
            if referral.may_send_feedback and created % FEEDBACK_EVERY == 0:
                services.referrer_feedback_send(
                    referral=referral,
                    officer=handler,
                    text=feedback_wording(referral=referral),
                )
    stdout.write(f"Seeded {created} synthetic referrals and {len(person_for_record)} people.")


def _referrer_email(name: str) -> str:
    """A synthetic address on a reserved domain: nothing is ever delivered."""
    parts = (re.sub(r"[^a-z]", "", part) for part in name.lower().split())
    local = ".".join(part for part in parts if part)
    return f"{local or 'referrer'}@example.invalid"


def _lsoa(person: Person, generated: dict) -> None:
    """Place the new person's address in its generated LSOA (the intake does not geocode)."""
    lsoa = LSOA.objects.filter(code=generated.get("lsoa_code")).select_related("local_authority")
    lsoa = lsoa.first()
    if lsoa:
        PersonAddress.objects.filter(person=person, is_current=True).update(
            lsoa=lsoa, local_authority=lsoa.local_authority
        )


def _weighted(rng: random.Random, weights):
    values, counts = zip(*weights, strict=True)
    return rng.choices(values, weights=counts, k=1)[0]


RATIONALES = {
    Outcome.NO_FURTHER_ACTION: "No reasonable grounds to believe the person is vulnerable to "
    "being drawn into terrorism. Concerns are being managed by the school.",
    Outcome.SIGNPOSTED: "Vulnerabilities identified that are not related to radicalisation; "
    "referred on for support.",
    Outcome.CHANNEL: "Reasonable grounds to believe the person is vulnerable to being drawn "
    "into terrorism; multi-agency support through Channel is appropriate.",
    Outcome.POLICE_LED_PARTNERSHIP: "Threshold met; Channel not suitable at present, so a "
    "police-led partnership will manage support.",
    Outcome.CYBER_PREVENT: "Activity on the edge of Computer Misuse Act offending; suitable "
    "for a Cyber Choices intervention.",
    Outcome.PURSUE: "Information indicates an investigative interest: passed to Pursue.",
}


def _rationale(outcome: str) -> str:
    return RATIONALES[outcome]
