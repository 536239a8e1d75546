"""An NCCU operation against a DDoS-for-hire (booter) service with two intelligence packages
for the SEROCU Cyber Prevent team, recorded through the real services as officers would.

The packages are imported from CSV files like the NCCU sends; most subjects come with only
an e-mail address, username, IP address or payment reference (synthetic: example.com
addresses, documentation IP ranges), some with an invented name. Subjects are allocated by
force area, checked against the person index, some linked to the Cyber Prevent case their
person already has (contacted, intervention delivered, closed), one closed without a case.
"""

import datetime
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.cases.choices import CaseType
from apps.cases.models import Case
from apps.cyber_packages import services
from apps.cyber_packages.choices import CloseReason, Identification
from apps.cyber_packages.models import Force, IntelligencePackage, LeadAgency, Operation
from apps.interventions.choices import InterventionStatus

OPERATION = "Operation Quillfeather"
COLUMNS = [
    "source_reference",
    "given_name",
    "family_name",
    "date_of_birth",
    "postcode",
    "force",
    "email",
    "username",
    "ip_address",
    "payment_reference",
]
HEADER = ",".join(COLUMNS) + "\n"
# Invented names for the few subjects the NCCU could name.
NAMES = [
    ("Tobias", "Quenby", "2008-04-12", "ME14 1AA"),
    ("Marnie", "Oxendale", "2007-09-30", "RG1 1AA"),
    ("Kit", "Farrowby", "2009-01-17", "BN1 1AA"),
    ("Idris", "Pellowe", "2006-11-05", "SO14 1AA"),
]
FORCES = ["thames-valley", "hampshire", "kent", "surrey", "sussex"]
HANDLES = [
    "stresslord",
    "b00ter_kid",
    "packetstorm",
    "lagswitch",
    "nullroute",
    "synflood",
    "dstat_fan",
    "udpking",
    "ampl1fy",
    "ping0fdeath",
    "netcutter",
    "hitnrun",
]


def _rows(wave: int, count: int) -> str:
    lines = []
    for number in range(1, count + 1):
        handle = HANDLES[(number + wave * 5) % len(HANDLES)]
        reference = f"QF-{wave}-{number:03d}"
        name = NAMES[number - 1] if wave == 1 and number <= len(NAMES) else None
        given, family, born, postcode = name or ("", "", "", "")
        force = "" if postcode else FORCES[number % len(FORCES)]
        email = f"{handle}{number}@example.com" if number % 3 != 0 else ""
        ip = f"198.51.100.{10 + number}" if number % 2 else f"2001:db8::{wave}:{number}"
        payment = f"PAY-{wave}{number:05d}" if number % 4 == 0 else ""
        lines.append(
            f"{reference},{given},{family},{born},{postcode},{force},{email},{handle},{ip},{payment}"
        )
    return HEADER + "\n".join(lines) + "\n"


def _import(package, officer, content: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "subjects.csv"
        path.write_text(content, encoding="utf-8")
        services.package_import(package=package, officer=officer, path=path)


def seed_cyber_packages(stdout, *, people: int) -> None:
    if Operation.objects.filter(name=OPERATION).exists():
        stdout.write("Cyber Prevent intelligence packages already present: left as they are.")
        return
    officer = User.objects.get(username="cyber.officer")
    supervisor = User.objects.get(username="cyber.supervisor")
    today = timezone.localdate()
    nccu = LeadAgency.objects.get(code="nccu")
    operation = services.operation_create(
        officer=supervisor,
        name=OPERATION,
        lead_agency=nccu,
        starts_on=today - datetime.timedelta(days=150),
        spoc=officer,
        description="The NCA took down a DDoS-for-hire service; its UK users are referred "
        "to regional Cyber Prevent teams for a Cyber Choices intervention.",
    )
    first = services.package_create(
        officer=supervisor,
        operation=operation,
        source_agency=nccu,
        source_reference="NCCU-QF-2026-001",
        received_on=today - datetime.timedelta(days=120),
        deadline=today + datetime.timedelta(days=21),
        description="First wave: UK users of the booter service with a paid account.",
    )
    second = services.package_create(
        officer=supervisor,
        operation=operation,
        source_agency=nccu,
        source_reference="NCCU-QF-2026-002",
        received_on=today - datetime.timedelta(days=30),
        deadline=today + datetime.timedelta(days=60),
        description="Second wave: free-tier users seen attacking game servers.",
    )
    _import(first, supervisor, _rows(1, 14))
    _import(second, supervisor, _rows(2, 9))
    for package in (first, second):
        for force_code, holder in (
            ("kent", officer),
            ("thames-valley", officer),
            ("sussex", officer),
            ("surrey", supervisor),
            ("hampshire", supervisor),
        ):
            force = Force.objects.get(code=force_code)
            if package.subjects.filter(force=force).exists():
                services.package_allocate_force(
                    package=package, force=force, officer=holder, by=supervisor
                )
    _progress(first, officer)
    stdout.write(
        f"Seeded operation {operation.reference} with packages {first.reference} "
        f"({first.subjects.count()} subjects) and {second.reference} "
        f"({second.subjects.count()} subjects)."
    )


def _progress(package: IntelligencePackage, officer: User) -> None:
    """Subjects in several states: identified as people who already have Cyber Prevent cases
    (open, intervention delivered, ended), one with no person yet, one closed without a case."""
    cases = Case.objects.filter(case_type=CaseType.CYBER_PREVENT, team=officer.team)
    delivered = cases.filter(interventions__status=InterventionStatus.COMPLETED).distinct()
    picks = [
        cases.filter(status__in=["open", "assessment", "support"])
        .exclude(pk__in=delivered.values("pk"))
        .first(),
        delivered.exclude(status__in=["exited", "closed"]).first(),
        cases.filter(status__in=["exited", "closed"]).first(),
    ]
    unnamed = list(package.subjects.filter(given_name="").order_by("row_number"))
    for subject, case in zip(unnamed, picks, strict=False):
        if case is None:
            continue
        with transaction.atomic():
            person = case.person
            subject = services.subject_update(
                subject=subject,
                officer=officer,
                expected_version=subject.version,
                given_name=person.given_name,
                family_name=person.family_name,
                date_of_birth=person.date_of_birth,
            )
            subject = services.subject_identify(
                subject=subject,
                officer=officer,
                outcome=Identification.MATCHED,
                person=person,
                reason="Subscriber details from the provider match a person with a Cyber "
                "Prevent case (synthetic).",
            )
            services.subject_link_case(subject=subject, officer=officer, case=case)
    rest = unnamed[len(picks) :]
    if rest:
        services.subject_identify(
            subject=rest[0],
            officer=officer,
            outcome=Identification.NO_PERSON,
            reason="Only a username and an IP address: subscriber details asked for.",
        )
    if len(rest) > 1:
        services.subject_close(
            subject=rest[1],
            officer=officer,
            reason=CloseReason.OUTSIDE_REGION,
            note="The IP address resolves to a provider in Scotland: passed to the Scottish "
            "Cyber Prevent team (synthetic).",
        )
