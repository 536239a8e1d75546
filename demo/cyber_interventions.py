"""Synthetic Cyber Prevent stepped interventions for the demo's Cyber Prevent cases: every
type, with the Computer Misuse Act sections, partners from the directory, live-investigation
checks (one answered "do not proceed"), the appropriate adult at visits to under-18s, and
cease-and-desist letters with their delivery. Made through the real services, as the SEROCU
Cyber Prevent officer and supervisor, so the audit trail looks as it would in use. Invented
names and text only."""

import datetime

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.cases.choices import CaseType
from apps.cases.models import Case
from apps.interventions import services as support
from apps.interventions.choices import ConsentStatus, InvestigationAnswer
from apps.interventions.models import CMASection, Intervention, InterventionType, age_on
from apps.interventions.selectors import current_consent, partner_choices, provider_choices
from apps.partners import services as partners
from apps.partners.models import Organisation, PartnerSector

# Partners a Cyber Prevent team works with that have no local area of their own.
FORCE_WIDE_PARTNERS = [
    ("Invented Probation Delivery Unit (Thames Valley)", "probation"),
    ("CPS Thames and Chiltern: conditional-caution advice (demo)", "other"),
]
OBJECTIVES = {
    "cyber-awareness-session": "Explain the Computer Misuse Act and where the line is.",
    "cyber-workshop": "Ethical hacking workshop: legal ways to test systems.",
    "cyber-online-training": "Complete an online introduction to cyber security.",
    "cyber-engagement-visit": "First meeting at home: understand interests and skills.",
    "cyber-cease-and-desist-letter": "Stop using DDoS-for-hire services.",
    "cyber-cease-and-desist-visit": "Deliver the cease-and-desist in person and explain it.",
    "cyber-mentoring": "Monthly mentoring with an industry volunteer.",
    "cyber-diversion-ctf": "Take part in a capture-the-flag competition.",
    "cyber-diversion-course": "Start a college course in networking.",
    "cyber-diversion-day": "Attend a Cyber Choices intervention day.",
    "cyber-diversion-careers": "Meet a careers adviser about cyber security routes.",
    "cyber-signposting": "Signpost to the school's counsellor for support with anxiety.",
    "cyber-referral-to-pursue": "New intelligence of offending: pass to Pursue.",
}
OUTCOMES = [
    "Engaged well; understands the Act and says the activity has stopped.",
    "Attended and completed; keen to do more legal challenges.",
]


def _force_wide_partners(officer: User) -> None:
    for name, sector in FORCE_WIDE_PARTNERS:
        if not Organisation.objects.filter(name=name).exists():
            partners.organisation_create(
                officer=officer, name=name, sector=PartnerSector.objects.get(code=sector)
            )


def _sections(case: Case, index: int) -> list[CMASection]:
    codes = case.referral.computer_misuse_sections or [["s1"], ["s3"], ["s1", "s3A"]][index % 3]
    return list(CMASection.objects.filter(code__in=codes))


def seed_cyber_interventions(stdout, *, people: int) -> None:
    if Intervention.objects.filter(intervention_type__scheme="cyber").exists():
        stdout.write("Cyber Prevent interventions already present: left as they are.")
        return
    officer = User.objects.get(username="cyber.officer")
    supervisor = User.objects.get(username="cyber.supervisor")
    cases = list(
        Case.objects.filter(case_type=CaseType.CYBER_PREVENT, team=officer.team)
        .select_related("person", "referral")
        .order_by("opened_at", "reference")
    )
    if not cases:
        stdout.write("No Cyber Prevent cases: no Cyber Prevent interventions seeded.")
        return
    _force_wide_partners(officer)
    kinds = list(InterventionType.objects.filter(scheme="cyber", is_active=True))
    today = timezone.localdate()
    made = 0
    for index, kind in enumerate([*kinds, *kinds]):  # every type, twice over the cases
        case = cases[index % len(cases)]
        # Once, Pursue answer "live investigation": that visit stays planned.
        refused = index >= len(kinds) and kind.code == "cyber-engagement-visit"
        with transaction.atomic():
            _one(
                case,
                kind,
                index=index,
                refused=refused,
                officer=officer,
                supervisor=supervisor,
                today=today,
            )
        made += 1
    stdout.write(f"Seeded {made} Cyber Prevent interventions on {len(cases)} cases.")


def _one(case, kind, *, index: int, refused: bool, officer, supervisor, today) -> None:
    start = today - datetime.timedelta(days=10 + 11 * index)
    child = (age_on(case.person.date_of_birth, start) or 0) < 18
    offered = list(partner_choices(user=officer, case=case)[:40])
    chosen = [offered[(index * 7) % len(offered)]] if offered else []
    chosen += list(Organisation.objects.filter(name=FORCE_WIDE_PARTNERS[index % 2][0]))
    providers = list(provider_choices(user=officer, case=case, intervention_type=kind)[:1])
    adult = (
        {
            "appropriate_adult_name": "A parent (synthetic)",
            "appropriate_adult_relationship": "Parent",
        }
        if kind.meets_the_person and child
        else {}
    )
    intervention = support.intervention_create(
        case=case,
        officer=officer,
        intervention_type=kind,
        provider=providers[0] if providers else None,
        objective=OBJECTIVES.get(kind.code, "Synthetic objective."),
        start_date=start,
        intervention_officer=supervisor if index % 5 == 4 else officer,
        cma_sections=_sections(case, index),
        partners=chosen,
        **adult,
    )
    if kind.needs_investigation_check:
        if refused:
            support.investigation_check_record(
                intervention=intervention,
                officer=officer,
                asked="DS Invented Example, SEROCU Pursue",
                asked_on=start - datetime.timedelta(days=2),
                answer=InvestigationAnswer.LIVE_INVESTIGATION,
            )
            return
        deconflicted = index % 3 == 0
        support.investigation_check_record(
            intervention=intervention,
            officer=officer,
            asked="DC Invented Sample, NCCU Pursue desk",
            asked_on=start - datetime.timedelta(days=3),
            answer=InvestigationAnswer.DECONFLICTED
            if deconflicted
            else InvestigationAnswer.NO_LIVE_INVESTIGATION,
            conditions="Letter and visit only after 9am; no discussion of the service's users."
            if deconflicted
            else "",
        )
    if kind.needs_consent:
        consent = current_consent(case=case)
        if consent is None or consent.status != ConsentStatus.GIVEN:
            support.consent_record(
                case=case,
                officer=officer,
                status=ConsentStatus.GIVEN,
                recorded_on=start - datetime.timedelta(days=1),
                given_by="parent_guardian" if child else "person",
                guardian_name="A parent (synthetic)" if child else "",
                how_sought="face_to_face",
            )
    support.intervention_transition(intervention=intervention, officer=officer, step="start")
    if kind.is_cease_and_desist:
        support.letter_delivery_record(
            intervention=intervention,
            officer=officer,
            method="by_hand" if kind.meets_the_person else ("email" if index % 2 else "letter"),
            delivered_on=start,
            delivered_by=supervisor if index % 2 else officer,
        )
    if index % 3 != 2:  # most have ended with an outcome; a few are under way
        support.intervention_transition(
            intervention=intervention,
            officer=officer,
            step="complete",
            outcome=OUTCOMES[index % len(OUTCOMES)],
        )
