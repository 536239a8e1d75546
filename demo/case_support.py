"""Synthetic assessments, support plans, consent, interventions and signposting for the
demo's cases, made through the real services so the audit trail and workflow history look
as they would in use. Invented text only; every person is synthetic."""

import datetime

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.assessments import services as assessments
from apps.assessments.models import Assessment
from apps.cases.choices import CaseType
from apps.cases.models import Case
from apps.interventions import services as support
from apps.interventions.choices import ConsentStatus
from apps.interventions.models import InterventionType
from apps.interventions.selectors import provider_choices
from apps.reference.models import SupportService

CASES = 12
JUDGEMENTS = [
    ("Expresses a sense of unfairness about local events; no sign it is acted on.", "Visit notes"),
    ("Not evident from what we know.", "School and family accounts"),
    ("Spends long periods in online groups; parents concerned.", "Parent's account at visit"),
]


def _fill(assessment: Assessment, officer: User, *, second: bool) -> None:
    values = {
        "summary": "Engagement appears limited and reducing since the school's support began."
        if second
        else "Some engagement with online material; no intent or capability evident.",
        "management_plan": "Mentoring fortnightly; review at the next panel; school to "
        "report any change.",
        "changes_since_last": "School attendance has improved and the online activity has "
        "stopped, by the family's account."
        if second
        else "",
    }
    for number, row in enumerate(assessment.judgements.all()):
        judgement, evidence = JUDGEMENTS[number % len(JUDGEMENTS)]
        values[f"judgement_{row.factor_id}"] = judgement
        values[f"evidence_{row.factor_id}"] = evidence
    assessments.assessment_update(
        assessment=assessment,
        officer=officer,
        expected_version=assessment.version,
        values=values,
    )


def _is_child(case: Case) -> bool:
    born = case.person.date_of_birth
    return bool(born) and (timezone.localdate() - born).days < 18 * 365


def seed_case_support(stdout, *, people: int) -> None:
    if Assessment.objects.exists():
        stdout.write("Assessments and support already present: left as they are.")
        return
    officer = User.objects.get(username="prevent.officer")
    supervisor = User.objects.get(username="supervisor")
    cases = list(
        Case.objects.filter(team=officer.team)
        .exclude(case_type=CaseType.CYBER_PREVENT)
        .select_related("person")
        .order_by("opened_at")[:CASES]
    )
    types = {kind.code: kind for kind in InterventionType.objects.all()}
    services = list(SupportService.objects.filter(is_active=True))
    today = timezone.localdate()
    for number, case in enumerate(cases):
        with transaction.atomic():
            first = assessments.assessment_start(case=case, officer=officer)
            _fill(first, officer, second=False)
            assessments.assessment_submit(assessment=first, officer=officer)
            assessments.assessment_decide(assessment=first, supervisor=supervisor, approve=True)
            if number % 3 == 0:  # a second version: returned once, then in draft again
                second = assessments.assessment_start(case=case, officer=officer)
                _fill(second, officer, second=True)
                assessments.assessment_submit(assessment=second, officer=officer)
                assessments.assessment_decide(
                    assessment=second,
                    supervisor=supervisor,
                    approve=False,
                    comment="Add the school's latest report to the evidence.",
                )
            support.support_plan_save(
                case=case,
                officer=officer,
                expected_version=None,
                objectives="Build a trusted relationship; challenge the online material; "
                "support a return to full-time education.",
                consent_approach="Sought face to face at a home visit by the case officer"
                + (", from a parent" if _is_child(case) else "")
                + ".",
                review_on=today + datetime.timedelta(days=90),
            )
            child = _is_child(case)
            support.consent_record(
                case=case,
                officer=officer,
                status=ConsentStatus.GIVEN,
                recorded_on=today - datetime.timedelta(days=30),
                given_by="parent_guardian" if child else "person",
                guardian_name="A parent (synthetic)" if child else "",
                how_sought="face_to_face",
            )
            kind = types["mentoring" if number % 2 == 0 else "education-careers"]
            providers = list(provider_choices(user=officer, case=case, intervention_type=kind)[:1])
            intervention = support.intervention_create(
                case=case,
                officer=officer,
                intervention_type=kind,
                provider=providers[0] if providers else None,
                objective="Fortnightly sessions on identity and belonging.",
                start_date=today - datetime.timedelta(days=21),
                end_date=today + datetime.timedelta(days=60),
            )
            support.intervention_transition(
                intervention=intervention, officer=officer, step="start"
            )
            if number % 4 == 1:
                support.intervention_transition(
                    intervention=intervention,
                    officer=officer,
                    step="complete",
                    outcome="Attended every session; says the online groups no longer appeal.",
                )
            if number % 5 == 2:  # consent withdrawn: the support that needed it stops
                support.consent_record(
                    case=case,
                    officer=officer,
                    status=ConsentStatus.WITHDRAWN,
                    recorded_on=today - datetime.timedelta(days=3),
                    given_by="parent_guardian" if child else "person",
                    guardian_name="A parent (synthetic)" if child else "",
                    how_sought="phone",
                    note="The family would rather the school supports this now.",
                )
            if services:
                signposting = support.signposting_record(
                    case=case,
                    officer=officer,
                    service=services[number % len(services)],
                    signposted_on=today - datetime.timedelta(days=14),
                    reason="Needs beyond Prevent's remit.",
                )
                if number % 2:
                    support.signposting_respond(
                        signposting=signposting,
                        officer=officer,
                        expected_version=signposting.version,
                        response="accepted",
                        response_on=today - datetime.timedelta(days=7),
                        response_note="Allocated a worker.",
                    )
    stdout.write(f"Seeded assessments and support for {len(cases)} cases.")
