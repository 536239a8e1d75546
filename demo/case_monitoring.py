"""Monitoring after cases and transfers between teams, for the demo, through the real services.

- Exited Cyber Prevent cases: the end of their intervention is put back 7 to 26 months, so
  their re-offending checks fall due in the past (`case_support_ended`); an officer records the
  checks of all but the latest (PNC, Niche, Action Fraud, NCCU intelligence; mostly no trace,
  one re-referral), leaving some overdue on the Cyber Prevent officer's work list.
- A second CT Prevent team (North East) with its supervisor: one live case offered to it and
  waiting for its supervisor, one accepted and allocated there.

Idempotent: a case that already has a check done, or a transfer offered, is left as it is.
Synthetic names only.
"""

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from apps.accounts.choices import TeamKind
from apps.accounts.models import Role, Team, User
from apps.cases import services
from apps.cases.choices import LIVE_STATUSES, CaseStatus, CaseType, CheckStatus
from apps.cases.models import Case, CaseTransfer, CheckSystem
from apps.core.choices import ProtectiveMarking
from demo.users import PREVENT_TEAM, demo_password

SEED = 2713
NORTH_EAST_TEAM = "CTP North East Prevent"
NORTH_EAST_SUPERVISOR = ("ne.supervisor", "Nia", "North-East")
NORTH_EAST_OFFICER = ("ne.officer", "Noel", "North-East")
STEPS_TO_EXIT = [
    ("start_assessment", "First Cyber Choices visit arranged (synthetic)."),
    ("start_support", "Intervention agreed with the family (synthetic)."),
    ("start_review", "Intervention complete (synthetic)."),
]


def step_sources(step: str) -> list[str]:
    return {
        "start_assessment": [CaseStatus.OPEN],
        "start_support": [CaseStatus.OPEN, CaseStatus.ASSESSMENT],
        "start_review": [CaseStatus.SUPPORT],
    }[step]


FINDINGS = {
    "re_referral": "A new referral from the school about the same online activity (synthetic).",
}


def seed_case_monitoring(stdout, *, people: int = 320) -> None:
    checked = _reoffending_checks()
    offered = _transfers()
    stdout.write(
        f"Re-offending checks: {checked} Cyber Prevent cases monitored; "
        f"transfers between teams: {offered} offered."
    )


def _exit_half_the_live_cyber_cases(officer: User) -> None:
    """A year of Cyber Prevent work: half the live cases ended their intervention and exited."""
    supervisor = User.objects.filter(username="cyber.supervisor").first()
    if supervisor is None:
        return
    live = Case.objects.filter(
        case_type=CaseType.CYBER_PREVENT, team_id=officer.team_id, status__in=LIVE_STATUSES
    ).order_by("reference")
    if Case.objects.filter(
        case_type=CaseType.CYBER_PREVENT, team_id=officer.team_id, status=CaseStatus.EXITED
    ).exists():
        return
    for case in list(live)[::2]:
        with transaction.atomic():
            for step, reason in STEPS_TO_EXIT:
                if case.status in step_sources(step):
                    services.case_transition(case=case, officer=officer, name=step, reason=reason)
            services.case_exit(
                case=case,
                officer=supervisor,
                reason="Engaged with the Cyber Choices programme; now on a college course.",
                decided_by="supervisor",
            )


def _reoffending_checks() -> int:
    officer = User.objects.filter(username="cyber.officer").first()
    if officer is not None:
        _exit_half_the_live_cyber_cases(officer)
    cases = list(
        Case.objects.filter(case_type=CaseType.CYBER_PREVENT, status=CaseStatus.EXITED)
        .exclude(reoffending_checks__status=CheckStatus.DONE)
        .select_related("team")
        .order_by("reference")
    )
    systems = list(CheckSystem.objects.filter(is_active=True))
    if officer is None or not systems:
        return 0
    rng = random.Random(SEED)  # noqa: S311 (synthetic demo data, not security)
    today = timezone.localdate()
    done = 0
    for index, case in enumerate(cases):
        if case.team_id != officer.team_id:
            continue
        ended_on = today - relativedelta(months=7 + (index * 5) % 20)
        with transaction.atomic():
            checks = services.case_support_ended(case=case, officer=officer, ended_on=ended_on)
            past = [check for check in checks if check.due_on < today]
            # The latest check that has fallen due is left overdue on the officer's list.
            for number, check in enumerate(past[:-1]):
                checked_on = min(check.due_on + datetime.timedelta(days=rng.randint(0, 9)), today)
                result = "re_referral" if (index + number) % 11 == 4 else "no_trace"
                services.reoffending_check_record(
                    check=check,
                    officer=officer,
                    checked_on=checked_on,
                    systems=rng.sample(systems, k=min(len(systems), rng.randint(2, 4))),
                    result=result,
                    notes=FINDINGS.get(result, ""),
                )
        done += 1
    return done


def _north_east() -> tuple[Team, User, User]:
    team, _ = Team.objects.get_or_create(name=NORTH_EAST_TEAM, defaults={"kind": TeamKind.PREVENT})
    people = []
    for (username, first, last), role_code in (
        (NORTH_EAST_SUPERVISOR, "supervisor"),
        (NORTH_EAST_OFFICER, "prevent_officer"),
    ):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.invalid",
                "role": Role.objects.get(code=role_code),
                "team": team,
                "clearance": ProtectiveMarking.OFFICIAL_SENSITIVE,
            },
        )
        if created:
            user.set_password(demo_password())
            user.save()
        people.append(user)
    supervisor, officer = people
    if officer.line_manager_id is None:
        officer.line_manager = supervisor
        officer.save(update_fields=["line_manager"])
    return team, supervisor, officer


def _transfers() -> int:
    sender = User.objects.filter(username="supervisor").first()
    if sender is None:
        return 0
    team, receiving, officer = _north_east()
    if CaseTransfer.objects.filter(to_team=team).exists():
        return 0
    cases = list(
        Case.objects.filter(team__name=PREVENT_TEAM, status__in=LIVE_STATUSES, is_restricted=False)
        .exclude(case_type=CaseType.CYBER_PREVENT)
        .order_by("-opened_at")[:3]
    )
    offered = 0
    for number, case in enumerate(cases):
        with transaction.atomic():
            offer = services.case_transfer(
                case=case,
                officer=sender,
                to_owner=None,
                to_team=team,
                to_region="North East",
                handover_note="The family moved to Sunderland; the school there is aware "
                "(synthetic).",
            )
            if number == 0:
                services.case_transfer_accept(transfer=offer, officer=receiving, to_owner=officer)
            elif number == 2:
                services.case_transfer_withdraw(
                    transfer=offer,
                    officer=sender,
                    reason="The family decided not to move after all (synthetic).",
                )
        offered += 1
    return offered
