"""A year of the SEROCU Cyber Prevent team's impact work: interventions ended and measured at
their end and 6 and 12 months after, and Prevent intelligence interviews after disposal, all
made through the real services. The spread gives reports with real-looking figures and some
withheld ("[c]") cells. Invented text only; every person is synthetic."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.cases import services as case_services
from apps.cases.choices import CaseType, CheckResult, ScheduleAnchor
from apps.cases.models import Case, CheckSystem
from apps.cyber_impact import services as impact
from apps.cyber_impact.choices import (
    Completion,
    Disposal,
    EducationEmployment,
    Engagement,
    InterviewConsent,
    LegalUse,
    MeasurePoint,
)
from apps.cyber_impact.models import IntelligenceInterview, IntelligenceRequirement, OutcomeMeasure
from apps.cyber_impact.models import due_on as measure_due_on
from apps.interventions import services as support
from apps.interventions.choices import ConsentStatus
from apps.interventions.models import InterventionType

CASES = 24
# Types that need no live-investigation check or appropriate adult before they start.
TYPES = [
    ("cyber-workshop", 5),
    ("cyber-online-training", 4),
    ("cyber-mentoring", 4),
    ("cyber-diversion-ctf", 3),
    ("cyber-diversion-course", 2),
    ("cyber-awareness-session", 2),
    ("cyber-signposting", 1),
]
OUTCOMES = {
    "engagement": [(Engagement.FULL, 7), (Engagement.PARTIAL, 3), (Engagement.NONE, 1)],
    "completion": [
        (Completion.COMPLETED, 7),
        (Completion.PARTLY, 2),
        (Completion.NOT_COMPLETED, 1),
    ],
    "education_employment": [
        (EducationEmployment.EDUCATION, 8),
        (EducationEmployment.EMPLOYMENT, 3),
        (EducationEmployment.TRAINING, 2),
        (EducationEmployment.NEET, 1),
    ],
    "legal_use": [
        (LegalUse.TAKEN_UP, 5),
        (LegalUse.OFFERED, 3),
        (LegalUse.NOT_OFFERED, 1),
        (LegalUse.NOT_KNOWN, 1),
    ],
}
# What a re-offending check done by the officer finds (the measures take it from the check).
CHECK_RESULTS = [
    (CheckResult.NO_TRACE, 12),
    (CheckResult.RE_REFERRAL, 1),
    (CheckResult.RE_OFFENDING, 1),
]
FINDINGS = {
    CheckResult.RE_REFERRAL: "A new referral from the school about a booter site (synthetic).",
    CheckResult.RE_OFFENDING: "Niche shows a new Computer Misuse Act report (synthetic).",
}
LEGAL_USES = ["A capture-the-flag club", "A cyber security course", "A digital skills careers day"]
DISPOSALS = [
    (Disposal.CEASE_AND_DESIST, 4),
    (Disposal.CAUTION, 3),
    (Disposal.COMMUNITY_RESOLUTION, 2),
    (Disposal.NO_FURTHER_ACTION, 2),
    (Disposal.CONDITIONAL_CAUTION, 1),
]


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _measure(rng, *, intervention, officer, point, today) -> None:
    due = measure_due_on(intervention.end_date, point)
    measured_on = due + datetime.timedelta(days=rng.randint(0, 14))
    if measured_on > today:
        return
    values = {name: _pick(rng, weighted) for name, weighted in OUTCOMES.items()}
    impact.outcome_measure_record(
        intervention=intervention,
        officer=officer,
        point=point,
        measured_on=measured_on,
        legal_use_detail=rng.choice(LEGAL_USES) if values["legal_use"] == LegalUse.TAKEN_UP else "",
        **values,
    )


def _checks(rng, *, case, officer, ended_on, today) -> None:
    """The case's re-offending checks counted from its last intervention's end, each done by
    the officer once due, except on some cases the latest due (left overdue on their work
    list); the outcome measures take their re-offending part from them."""
    checks = case_services.review_schedule_start(
        case=case, anchor=ScheduleAnchor.INTERVENTION_END, anchored_on=ended_on, officer=officer
    )
    past = [check for check in checks if check.due_on <= today]
    systems = list(CheckSystem.objects.filter(is_active=True))
    done = past[:-1] if rng.random() < 0.3 else past
    for check in done if systems else []:
        result = _pick(rng, CHECK_RESULTS)
        case_services.reoffending_check_record(
            check=check,
            officer=officer,
            checked_on=min(check.due_on + datetime.timedelta(days=rng.randint(0, 9)), today),
            systems=rng.sample(systems, k=min(len(systems), 2)),
            result=result,
            notes=FINDINGS.get(result, ""),
        )


def _interview(rng, *, case, officer, requirements, today) -> None:
    interviewed = today - datetime.timedelta(days=rng.randint(10, 300))
    consent = InterviewConsent.GIVEN if rng.random() < 0.85 else InterviewConsent.DECLINED
    answers = []
    if consent == InterviewConsent.GIVEN:
        for requirement in requirements:
            options = list(requirement.options.all())
            count = 1 if not requirement.multiple else rng.choice([1, 1, 2])
            answers.append(
                impact.Answer(requirement, rng.sample(options[: max(count, 4)], k=count))
            )
    impact.interview_record(
        case=case,
        officer=officer,
        disposal=_pick(rng, DISPOSALS),
        disposal_date=interviewed - datetime.timedelta(days=rng.randint(14, 60)),
        interviewed_at=timezone.make_aware(
            datetime.datetime.combine(interviewed, datetime.time(10 + rng.randint(0, 5), 0))
        ),
        consent=consent,
        consent_given_by="person" if consent == InterviewConsent.GIVEN else "",
        location="SEROCU office",
        summary="Talked through how they started, what they used and what might have "
        "stopped them (synthetic).",
        answers=answers,
    )


def seed_cyber_impact(stdout, *, people: int) -> None:
    if OutcomeMeasure.objects.exists() or IntelligenceInterview.objects.exists():
        stdout.write("Cyber Prevent interviews and outcome measures already present.")
        return
    officer = User.objects.get(username="cyber.officer")
    cases = list(
        Case.objects.filter(team=officer.team, case_type=CaseType.CYBER_PREVENT)
        .select_related("person")
        .order_by("opened_at")[:CASES]
    )
    types = {kind.code: kind for kind in InterventionType.objects.filter(code__startswith="cyber-")}
    weighted = [(types[code], weight) for code, weight in TYPES if code in types]
    if not cases or not weighted:
        stdout.write("No Cyber Prevent cases or intervention types: no impact records seeded.")
        return
    requirements = list(IntelligenceRequirement.objects.prefetch_related("options"))
    rng = random.Random(13)  # noqa: S311 (synthetic demo data, not security)
    today = timezone.localdate()
    measures = interviews = 0
    for number, case in enumerate(cases):
        with transaction.atomic():
            support.consent_record(
                case=case,
                officer=officer,
                status=ConsentStatus.GIVEN,
                recorded_on=today - datetime.timedelta(days=400),
                given_by="person",
                how_sought="face_to_face",
            )
            last_end = None
            for _ in range(rng.choice([2, 3, 3, 4])):
                end = today - datetime.timedelta(days=rng.randint(20, 420))
                last_end = max(end, last_end or end)
                intervention = support.intervention_create(
                    case=case,
                    officer=officer,
                    intervention_type=_pick(rng, weighted),
                    provider=None,
                    objective="Divert skills to legal uses and explain the Computer Misuse Act "
                    "(synthetic).",
                    start_date=end - datetime.timedelta(days=rng.randint(7, 60)),
                    end_date=end,
                )
                support.intervention_transition(
                    intervention=intervention, officer=officer, step="start"
                )
                support.intervention_transition(
                    intervention=intervention,
                    officer=officer,
                    step="complete",
                    outcome="Sessions finished as planned (synthetic).",
                )
                for point in (MeasurePoint.END, MeasurePoint.MONTHS_6, MeasurePoint.MONTHS_12):
                    before = OutcomeMeasure.objects.count()
                    _measure(
                        rng, intervention=intervention, officer=officer, point=point, today=today
                    )
                    measures += OutcomeMeasure.objects.count() - before
            _checks(rng, case=case, officer=officer, ended_on=last_end, today=today)
            if number % 3 != 2:
                _interview(rng, case=case, officer=officer, requirements=requirements, today=today)
                interviews += 1
    stdout.write(
        f"Cyber Prevent impact: {measures} outcome measures and {interviews} intelligence "
        f"interviews on {len(cases)} cases."
    )
