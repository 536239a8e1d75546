"""The partnership directory's demo: a year of briefings and engagement that tells a story.

Schools come from the invented GIAS extract (apps/partners/fixtures) through the real
import; the other organisations, contacts, providers, networks, sessions and engagements go
through the partners services, as officers would record them. Names of people and
organisations are invented; LSOAs, postcodes and local authorities are real.

The story: Reading is well covered (nearly every school and partner had a session in the
last 12 months), Slough is thin (one college session, the schools not reached), Oxfordshire
is in between. One information-sharing agreement and one provider's approval expire within
30 days, so the reminders have something to say; one provider's approval has lapsed, so the
picker leaves it out.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Team, User
from apps.geography.models import LSOA, LocalAuthority
from apps.partners import services
from apps.partners.choices import (
    BriefingStatus,
    CheckKind,
    CheckOutcome,
    EngagementKind,
    NetworkKind,
    VettingLevel,
)
from apps.partners.gias import import_schools
from apps.partners.models import (
    AgeGroup,
    Briefing,
    ContactRole,
    Language,
    Organisation,
    PartnerSector,
    ProviderSpecialism,
    SessionType,
)
from demo.users import PREVENT_TEAM

GIAS_SAMPLE = (
    Path(settings.BASE_DIR) / "apps" / "partners" / "fixtures" / "gias_thames_valley_sample.csv"
)

# name, sector code, local authority, street, postcode, charity number
ORGANISATIONS = [
    (
        "Reading Borough Council Prevent Partnership",
        "local-authority",
        "Reading",
        "Civic Way",
        "RG1 1AF",
        "",
    ),
    (
        "Slough Borough Council Community Safety",
        "local-authority",
        "Slough",
        "Bath Road",
        "SL1 1AA",
        "",
    ),
    (
        "Thames Reach Further Education College",
        "further-education",
        "Reading",
        "Kings Walk",
        "RG1 1AR",
        "",
    ),
    ("Oxbridge Lane University Campus", "higher-education", "Oxford", "Lane End", "OX1 1AA", ""),
    (
        "Kennet Valley Mosque and Community Centre",
        "faith-institution",
        "Reading",
        "Kennet Side",
        "RG1 1AX",
        "",
    ),
    ("St Aldwyn's Parish Church", "faith-institution", "Slough", "Church Street", "SL2 5AB", ""),
    ("Gurdwara Sahib Invented Road", "faith-institution", "Slough", "Invented Road", "SL1 1AA", ""),
    (
        "Riverside Youth Collective",
        "community-group",
        "Reading",
        "Riverside",
        "RG30 2AA",
        "1199001",
    ),
    ("Bridges Not Walls Charity", "charity", "Oxford", "Walls Lane", "OX1 1AA", "1199002"),
    (
        "Thames Valley Youth Justice Service (Reading)",
        "youth-justice",
        "Reading",
        "Probation Row",
        "RG1 1AF",
        "",
    ),
    (
        "Silicon Meadow Business Park Association",
        "industry",
        "Wokingham",
        "Meadow Way",
        "RG40 1AA",
        "",
    ),
]

# given, family, organisation name (or None), role code, vetting
CONTACTS = [
    (
        "Aisha",
        "Demoford",
        "Reading Borough Council Prevent Partnership",
        "prevent-lead",
        VettingLevel.SC,
    ),
    (
        "Tom",
        "Examplewood",
        "Kestrel Lane Primary School",
        "designated-safeguarding-lead",
        VettingLevel.NONE,
    ),
    ("Grace", "Fictionby", "Wrenfield Academy", "designated-safeguarding-lead", VettingLevel.NONE),
    (
        "Imran",
        "Samplestone",
        "Kennet Valley Mosque and Community Centre",
        "single-point-of-contact",
        VettingLevel.CTC,
    ),
    (
        "Beth",
        "Mockington",
        "Thames Reach Further Education College",
        "prevent-lead",
        VettingLevel.NONE,
    ),
    (
        "Harjit",
        "Placeholt",
        "Gurdwara Sahib Invented Road",
        "single-point-of-contact",
        VettingLevel.NONE,
    ),
    (
        "Olu",
        "Trialsby",
        "Slough Borough Council Community Safety",
        "channel-panel-member",
        VettingLevel.SC,
    ),
    ("Marta", "Pretendova", "Isis Bridge College", "prevent-lead", VettingLevel.NONE),
    ("Dev", "Inventari", None, "other", VettingLevel.NONE),
    ("Ruth", "Synthetica", None, "other", VettingLevel.NONE),
]


def _lsoa_for(authority: LocalAuthority, index: int) -> LSOA | None:
    lsoas = list(LSOA.objects.filter(local_authority=authority).order_by("code")[:20])
    return lsoas[index % len(lsoas)] if lsoas else None


def seed_partners(stdout, *, people: int) -> None:
    if Briefing.objects.exists():
        stdout.write("Partners directory already present: left as it is.")
        return
    prevent_team = Team.objects.get(name=PREVENT_TEAM)
    officer = User.objects.get(username="prevent.officer")
    cyber_officer = User.objects.get(username="cyber.officer")
    supervisor = User.objects.get(username="supervisor")
    today = timezone.localdate()

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    with transaction.atomic():
        result = import_schools(GIAS_SAMPLE.read_bytes(), team=prevent_team)
        stdout.write(
            f"Schools from the invented GIAS extract: {result.created} created, "
            f"{result.skipped_other_regions} from other regions skipped."
        )
        organisations = {
            organisation.name: organisation for organisation in Organisation.objects.all()
        }
        for index, (name, sector, la_name, street, postcode, charity) in enumerate(ORGANISATIONS):
            authority = LocalAuthority.objects.get(name=la_name)
            organisations[name] = services.organisation_create(
                officer=officer,
                name=name,
                sector=PartnerSector.objects.get(code=sector),
                street=street,
                town=la_name,
                postcode=postcode,
                lsoa=_lsoa_for(authority, index),
                local_authority=authority,
                charity_number=charity,
            )
        contacts = {}
        for given, family, organisation, role, vetting in CONTACTS:
            contacts[family] = services.contact_create(
                officer=officer,
                given_name=given,
                family_name=family,
                organisation=organisations.get(organisation) if organisation else None,
                role=ContactRole.objects.get(code=role),
                phone="01184960" + str(100 + len(contacts)),
                email=f"{given.lower()}.{family.lower()}@example.invalid",
                vetting_level=vetting,
                vetting_expires_on=ago(-400) if vetting != VettingLevel.NONE else None,
            )
        services.agreement_add(
            organisation=organisations["Reading Borough Council Prevent Partnership"],
            officer=officer,
            title="Prevent and Channel information-sharing agreement",
            owner=officer,
            signed_on=ago(345),
            review_on=ago(160),
            expires_on=ago(-20),
        )
        services.agreement_add(
            organisation=organisations["Slough Borough Council Community Safety"],
            officer=officer,
            title="Community safety partnership information sharing",
            owner=officer,
            signed_on=ago(200),
            review_on=ago(-165),
            expires_on=ago(-530),
        )
        _providers(officer, supervisor, ago)
        _networks(officer, contacts, ago)
        _sessions(officer, cyber_officer, organisations, contacts, ago)
        _engagements(officer, organisations, contacts, ago)
    stdout.write(
        f"Partners: {Organisation.objects.count()} organisations, {len(contacts)} contacts, "
        f"{Briefing.objects.count()} sessions."
    )


def _providers(officer, supervisor, ago) -> None:
    every_area = list(LocalAuthority.objects.all())
    berkshire = list(
        LocalAuthority.objects.filter(
            name__in=["Reading", "Slough", "Wokingham", "Bracknell Forest", "West Berkshire"]
        )
    )
    oxfordshire = list(LocalAuthority.objects.filter(name__in=["Oxford", "Cherwell"]))
    # name, specialisms, languages, age groups, areas, capacity, (checked days ago, expires in)
    providers = [
        (
            "Invented Pathways Mentoring",
            ["ideology-islamist", "mentoring"],
            ["english", "urdu", "arabic"],
            ["12-15", "16-17", "18-24"],
            berkshire,
            8,
            (100, 265),
        ),
        (
            "Fictional Futures Mentoring",
            ["ideology-extreme-right-wing", "mentoring"],
            ["english", "polish"],
            ["12-15", "16-17", "18-24", "25-plus"],
            every_area,
            6,
            (340, 25),
        ),
        (
            "Example Minds Wellbeing Service",
            ["mental-health"],
            ["english"],
            ["12-15", "16-17"],
            oxfordshire,
            4,
            (60, 305),
        ),
        (
            "Sample Code Club Network",
            ["digital-cyber-skills", "capture-the-flag"],
            ["english"],
            ["12-15", "16-17", "18-24"],
            every_area,
            15,
            (30, 335),
        ),
        (
            "Lapsed Learning Partnership",
            ["education"],
            ["english"],
            ["12-15"],
            berkshire,
            5,
            (400, -35),
        ),
    ]
    for name, specialisms, languages, ages, areas, capacity, (checked, expires) in providers:
        provider = services.provider_create(
            officer=officer,
            name=name,
            description="Invented provider for the demonstration.",
            specialisms=ProviderSpecialism.objects.filter(code__in=specialisms),
            languages=Language.objects.filter(code__in=languages),
            age_groups=AgeGroup.objects.filter(code__in=ages),
            areas=areas,
            capacity=capacity,
            owner=officer,
        )
        services.provider_check_record(
            provider=provider,
            officer=supervisor,
            kind=CheckKind.HOME_OFFICE if "Mentoring" in name else CheckKind.DUE_DILIGENCE,
            checked_on=ago(checked),
            outcome=CheckOutcome.APPROVED,
            expires_on=ago(-expires),
        )


def _networks(officer, contacts, ago) -> None:
    reading = services.network_create(
        officer=officer,
        kind=NetworkKind.KEY_INDIVIDUALS,
        name="Reading key individual network",
        local_authority=LocalAuthority.objects.get(name="Reading"),
        description="Faith, community and youth leaders consulted on community tension.",
        members=[contacts["Samplestone"], contacts["Inventari"], contacts["Demoford"]],
    )
    services.network_meeting_add(
        network=reading,
        officer=officer,
        held_on=ago(40),
        summary="Community concern after an incident reported in national news.",
        advice="Brief faith leaders before any press statement; hold a drop-in at the centre.",
    )
    slough = services.network_create(
        officer=officer,
        kind=NetworkKind.ADVISORY_GROUP,
        name="Slough independent advisory group",
        local_authority=LocalAuthority.objects.get(name="Slough"),
        description="Independent advice on policing operations and their community impact.",
        members=[contacts["Placeholt"], contacts["Synthetica"]],
    )
    services.network_meeting_add(
        network=slough,
        officer=officer,
        held_on=ago(75),
        summary="Planned operation and its likely community impact.",
        advice="Explain the operation to the gurdwara committee beforehand.",
    )


def _sessions(officer, cyber_officer, organisations, contacts, ago) -> None:
    def session(code, title, days, authority, attending, attendees=(), by=officer, **extra):
        services.briefing_create(
            officer=by,
            title=title,
            session_type=SessionType.objects.get(code=code),
            status=extra.pop("status", BriefingStatus.DELIVERED),
            held_on=ago(days),
            local_authority=LocalAuthority.objects.get(name=authority),
            organisations=[organisations[name] for name in attending],
            attendees=[contacts[family] for family in attendees],
            attendance=extra.pop("attendance", 15),
            feedback_score=Decimal(str(score))
            if (score := extra.pop("feedback_score", None))
            else None,
            **extra,
        )

    # Reading: nearly every school and partner reached over the year.
    session(
        "prevent-awareness",
        "Prevent awareness for primary staff",
        330,
        "Reading",
        ["Kestrel Lane Primary School", "Heronsgate Church of England Primary School"],
        ["Examplewood"],
        attendance=34,
        feedback_score=4.4,
    )
    session(
        "wrap-workshop",
        "WRAP workshop for secondary safeguarding leads",
        250,
        "Reading",
        ["Wrenfield Academy", "Marlow Vale Free School"],
        ["Fictionby"],
        attendance=18,
        feedback_score=4.7,
    )
    session(
        "channel-awareness",
        "Channel awareness for council partners",
        190,
        "Reading",
        [
            "Reading Borough Council Prevent Partnership",
            "Thames Valley Youth Justice Service (Reading)",
        ],
        ["Demoford"],
        attendance=22,
        feedback_score=4.1,
    )
    session(
        "community-event",
        "Open evening at the community centre",
        120,
        "Reading",
        ["Kennet Valley Mosque and Community Centre", "Riverside Youth Collective"],
        ["Samplestone"],
        attendance=60,
        feedback_score=4.5,
    )
    session(
        "partner-briefing",
        "Prevent duty briefing for college staff",
        70,
        "Reading",
        ["Thames Reach Further Education College"],
        ["Mockington"],
        attendance=40,
        feedback_score=3.9,
    )
    session(
        "cyber-choices",
        "Cyber Choices talk for year 9",
        45,
        "Reading",
        ["Wrenfield Academy", "Marlow Vale Free School"],
        by=cyber_officer,
        attendance=180,
        feedback_score=4.2,
    )
    session(
        "cyber-protect",
        "Cyber Protect for local businesses",
        20,
        "Wokingham",
        ["Silicon Meadow Business Park Association"],
        by=cyber_officer,
        attendance=25,
    )
    # Slough: thin. One college-sector session; the schools have not been reached.
    session(
        "partner-briefing",
        "Prevent briefing for community safety partners",
        280,
        "Slough",
        ["Slough Borough Council Community Safety"],
        ["Trialsby"],
        attendance=12,
        feedback_score=3.8,
    )
    session(
        "prevent-awareness",
        "Prevent awareness for Slough primary heads",
        -21,
        "Slough",
        ["Ashgrove Infant School", "Larkspur Special School"],
        status=BriefingStatus.PLANNED,
        attendance=0,
    )
    # Oxfordshire: in between.
    session(
        "prevent-awareness",
        "Prevent awareness for the college",
        150,
        "Oxford",
        ["Isis Bridge College"],
        ["Pretendova"],
        attendance=55,
        feedback_score=4.0,
    )
    session(
        "computer-misuse-act",
        "Computer Misuse Act awareness for students",
        95,
        "Oxford",
        ["Oxbridge Lane University Campus", "Isis Bridge College"],
        by=cyber_officer,
        attendance=120,
        feedback_score=4.6,
    )
    # Police staff training.
    session(
        "police-prevent-training",
        "Prevent training for neighbourhood officers",
        210,
        "Reading",
        [],
        attendance=30,
        feedback_score=4.3,
    )
    # Over a year ago: does not count for coverage.
    session(
        "prevent-awareness",
        "Prevent awareness for Slough secondary staff",
        420,
        "Slough",
        ["Thornbury Park Academy"],
        attendance=28,
    )


def _engagements(officer, organisations, contacts, ago) -> None:
    log = [
        (
            EngagementKind.MEETING,
            300,
            ["Reading Borough Council Prevent Partnership"],
            ["Demoford"],
            "Quarterly Prevent partnership board",
            "Action plan refreshed",
            "",
            None,
        ),
        (
            EngagementKind.VISIT,
            260,
            ["Kennet Valley Mosque and Community Centre"],
            ["Samplestone"],
            "Introductory visit to the new committee",
            "Agreed to host an open evening",
            "",
            None,
        ),
        (
            EngagementKind.CALL,
            200,
            ["Thames Reach Further Education College"],
            ["Mockington"],
            "Prevent duty self-assessment",
            "Staff training gap identified",
            "",
            None,
        ),
        (
            EngagementKind.MEETING,
            150,
            ["Slough Borough Council Community Safety"],
            ["Trialsby"],
            "Channel panel preparation",
            "Panel dates agreed",
            "",
            None,
        ),
        (
            EngagementKind.VISIT,
            90,
            ["Gurdwara Sahib Invented Road"],
            ["Placeholt"],
            "Community reassurance visit",
            "Committee asked for a briefing",
            "",
            None,
        ),
        (
            EngagementKind.MEETING,
            30,
            ["Reading Borough Council Prevent Partnership"],
            ["Demoford"],
            "Quarterly Prevent partnership board",
            "Coverage of Slough schools raised",
            "Offer Slough schools a Prevent awareness session",
            10,
        ),
        (
            EngagementKind.CALL,
            8,
            ["Ashgrove Infant School"],
            [],
            "Offer of Prevent awareness training",
            "Head teacher interested",
            "Confirm a date for the session",
            -7,
        ),
    ]
    for kind, days, orgs, people, purpose, outcome, follow_up, due in log:
        services.engagement_record(
            officer=officer,
            kind=kind,
            held_on=ago(days),
            organisations=[organisations[name] for name in orgs],
            contacts=[contacts[family] for family in people],
            purpose=purpose,
            outcome=outcome,
            follow_up=follow_up,
            follow_up_due=ago(-due) if due is not None else None,
        )
