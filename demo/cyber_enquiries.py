"""A year of the SEROCU Cyber Prevent team's anonymous first enquiries and Cyber Choices
campaign activity, recorded through the real services as the officers would.

Enquiries come from schools, parents, colleges and partners; most are decided within days,
some are suitable and became referrals (through the normal intake, de-confliction begun),
some are signposted elsewhere, a few wait for more information. Enquiries from more than a
year ago that never became a referral are disposed of by the scheduled task, leaving
tombstones. Campaign activity gives leaflets and lesson plans to schools in the directory.
The young people are never named in an enquiry; the names of converted referrals are
invented.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.cyber_enquiries import services
from apps.cyber_enquiries.choices import EnquiryStatus, SuitabilityOutcome
from apps.cyber_enquiries.models import (
    AgeBand,
    CampaignResource,
    CodingLanguage,
    CyberEnquiry,
    CyberInterest,
    Device,
    DisposedEnquiry,
    EnquirerType,
    ForceArea,
    OnlinePlatform,
    OperatingSystem,
    SignpostingService,
    SuitabilityDecision,
)
from apps.geography.models import LocalAuthority
from apps.partners.models import Organisation

CONCERNS = [
    "Boasted in class of knocking a rival's game server offline with a paid booter service.",
    "Found trying other pupils' passwords on the school learning platform.",
    "Parent found a password-cracking tool and lists of e-mail addresses on the family laptop.",
    "Selling cheats for an online game that include a remote-access tool.",
    "Talks about joining a Discord group that rents out DDoS attacks.",
    "Changed teachers' marks after getting into the staff network.",
    "Wrote a keylogger as a project and shared it with friends.",
    "Spends nights on hacking forums; asked a teacher how to hide their IP address.",
    "Took over a friend's social media account and posted from it.",
    "Defaced the college club's website after an argument.",
    "Asked on a forum how to buy stolen game accounts (fraud rather than hacking).",
    "Worried parent: son has a Kali Linux laptop and stays up late scanning networks.",
]
RATIONALES = {
    SuitabilityOutcome.SUITABLE: "Cyber-dependent behaviour on the edge of offending, a young "
    "person with real skill: a Cyber Choices case. Full referral requested.",
    SuitabilityOutcome.NOT_SUITABLE: "Not cyber-dependent crime: signposted as below.",
    SuitabilityOutcome.MORE_INFORMATION: "Not enough yet to decide whether any offence under "
    "the Computer Misuse Act is in view.",
}
# Invented people for the enquiries that became referrals.
CONVERTED_NAMES = [
    ("Rowan", "Ashdown", "2010-03-14"),
    ("Kit", "Marlowe-Penn", "2009-07-02"),
    ("Ellis", "Brackwater", "2011-01-23"),
    ("Jude", "Farrowfield", "2008-11-30"),
    ("Sasha", "Quennell", "2010-09-09"),
    ("Remy", "Oldacre", "2009-05-18"),
]


def seed_cyber_enquiries(stdout, *, people: int) -> None:
    if CyberEnquiry.objects.exists() or DisposedEnquiry.objects.exists():
        stdout.write("Cyber Prevent enquiries already present: left as it is.")
        return
    officer = User.objects.get(username="cyber.officer")
    supervisor = User.objects.get(username="cyber.supervisor")
    today = timezone.localdate()
    # The Computer Misuse Act's year: the same demo every time.
    rng = random.Random(1990)  # noqa: S311 (synthetic demo data, not security)
    lists = {
        "enquirer": list(EnquirerType.objects.all()),
        "age": list(AgeBand.objects.all()),
        "force": list(ForceArea.objects.all()),
        "area": list(LocalAuthority.objects.filter(name__in=["Reading", "Slough", "Oxford"])),
        "schools": list(Organisation.objects.filter(urn__isnull=False)[:12]),
    }
    with transaction.atomic():
        made = []
        # Thirty-odd enquiries over the year, and four from before it that were never referred.
        days_ago = sorted([rng.randint(3, 360) for _ in range(30)] + [380, 395, 410, 430])
        for index, ago in enumerate(reversed(days_ago)):
            made.append(_enquiry(officer, rng, lists, today - datetime.timedelta(days=ago), index))
        converted = 0
        for index, enquiry in enumerate(made):
            age = (today - enquiry.received_on).days
            if age > 365:
                outcome = SuitabilityOutcome.NOT_SUITABLE if index % 2 else None
            elif age < 7:
                outcome = None  # still waiting for a decision
            else:
                outcome = rng.choice(
                    [SuitabilityOutcome.SUITABLE] * 5
                    + [SuitabilityOutcome.NOT_SUITABLE] * 3
                    + [SuitabilityOutcome.MORE_INFORMATION]
                )
            if outcome is None:
                continue
            decider = supervisor if index % 3 == 0 else officer
            decision = services.enquiry_decide(
                enquiry=enquiry,
                officer=decider,
                outcome=outcome,
                rationale=RATIONALES[outcome],
                signposted_to=rng.choice(list(SignpostingService.objects.all()))
                if outcome == SuitabilityOutcome.NOT_SUITABLE
                else None,
                information_needed="What the young person did, and when."
                if outcome == SuitabilityOutcome.MORE_INFORMATION
                else "",
            )
            decided_at = timezone.make_aware(
                datetime.datetime.combine(
                    enquiry.received_on + datetime.timedelta(days=2), datetime.time(11, 0)
                )
            )
            SuitabilityDecision.objects.filter(pk=decision.pk).update(decided_at=decided_at)
            if (
                outcome == SuitabilityOutcome.SUITABLE
                and age > 21
                and converted < len(CONVERTED_NAMES)
            ):
                _convert(enquiry, officer, CONVERTED_NAMES[converted], age)
                converted += 1
        # The scheduled disposal, as it runs every night.
        disposed = services.enquiries_dispose_due(today=today)
        activities = _campaigns(officer, rng, lists, today)
    stdout.write(
        f"Cyber Prevent enquiries: {len(made)} recorded, {converted} became referrals, "
        f"{disposed} disposed of after a year; {activities} campaign activities."
    )


def _some(rng, model, most: int) -> list:
    items = list(model.objects.all())
    return rng.sample(items, rng.randint(0, min(most, len(items))))


def _enquiry(officer, rng, lists, received_on, index) -> CyberEnquiry:
    enquirer = lists["enquirer"][index % len(lists["enquirer"])]
    school = (
        lists["schools"][index % len(lists["schools"])]
        if enquirer.code == "school" and lists["schools"]
        else None
    )
    offered = index % 5 == 0
    return services.enquiry_create(
        officer=officer,
        received_on=received_on,
        enquirer_type=enquirer,
        enquirer_organisation=school,
        enquirer_organisation_name="" if school else ("" if index % 2 else "Kennet Youth Hub"),
        contact_method=rng.choice(["email", "phone", "online_form"]),
        enquirer_contact="Safeguarding lead, safeguarding@school.example"
        if school
        else "Parent, by phone (number held by the officer)",
        age_band=rng.choice(lists["age"][1:5]),
        local_authority=rng.choice(lists["area"]) if lists["area"] else None,
        force_area=lists["force"][0],
        concern=CONCERNS[index % len(CONCERNS)],
        interests=_some(rng, CyberInterest, 3),
        interests_detail="",
        skill_level=rng.choice(["beginner", "intermediate", "advanced", "expert", "not_known"]),
        coding_languages=_some(rng, CodingLanguage, 3),
        things_built=rng.choice(
            ["", "A Discord bot", "A Minecraft server with mods", "A website for a gaming clan"]
        ),
        devices=_some(rng, Device, 2),
        operating_systems=_some(rng, OperatingSystem, 2),
        vpn_use=rng.choice(["yes", "no", "not_known"]),
        platforms=_some(rng, OnlinePlatform, 3),
        platforms_detail="",
        usernames_offered=offered,
        usernames="n0scope_demo" if offered else "",
        act_understanding=rng.choice(["none", "some", "not_known"]),
        autism=rng.choice(["diagnosed", "self_identifies", "not_known", "not_known", "no"]),
        other_needs=rng.choice(["", "", "ADHD diagnosis", "Anxiety; prefers written contact"]),
    )


def _convert(enquiry: CyberEnquiry, officer, name, age_days: int) -> None:
    given, family, born = name
    received = enquiry.received_on + datetime.timedelta(days=min(14, age_days - 1))
    services.enquiry_convert(
        enquiry=enquiry,
        officer=officer,
        data={
            "date_received": received.isoformat(),
            "channel": "email",
            "given_name": given,
            "family_name": family,
            "date_of_birth": born,
            "school_or_workplace": enquiry.enquirer_organisation_shown,
            "referrer_name": "Jo Enquirer",
            "referrer_organisation": enquiry.enquirer_organisation_shown,
            "sector": "education" if enquiry.enquirer_organisation_id else "friends-and-family",
            "concern": enquiry.concern,
            "concern_type": "no-ideology",
            "person_aware": "yes",
            "parents_aware": "yes",
        },
    )


def _campaigns(officer, rng, lists, today) -> int:
    resources = list(CampaignResource.objects.all())
    titles = [
        "Cyber Choices leaflets for Year 9 assemblies",
        "Lesson plans for the computing department",
        "Parents' evening stand: Cyber Choices",
        "Safer Internet Day resources",
        "College freshers' fair: legal uses of cyber skills",
        "Posters for school libraries",
    ]
    count = 0
    for month in range(0, 12, 1):
        held_on = today - datetime.timedelta(days=month * 30 + rng.randint(1, 20))
        schools = rng.sample(lists["schools"], min(len(lists["schools"]), rng.randint(1, 3)))
        given = {resource: rng.choice([0, 20, 50, 120]) for resource in rng.sample(resources, 3)}
        services.campaign_create(
            officer=officer,
            title=titles[month % len(titles)],
            held_on=held_on,
            local_authority=schools[0].local_authority if schools else None,
            description="Resources handed to the safeguarding lead and the head of computing.",
            organisations=schools,
            resources=given if any(given.values()) else {resources[0]: 30},
        )
        count += 1
    return count


def enquiries_by_status() -> dict:
    """For the demo's tests: how many enquiries at each stage."""
    return {status: CyberEnquiry.objects.filter(status=status).count() for status in EnquiryStatus}
