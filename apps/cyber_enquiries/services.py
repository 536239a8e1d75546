"""Every write to Cyber Prevent enquiries and campaigns: checked, in one transaction, audited.

An enquiry never creates a Person (ADR 0028). Conversion hands the full referral to the
normal intake (apps.referrals.services.referral_submit, the service the referral form
uses) and starts the Gateway's de-confliction of the new referral at once. Disposal
deletes an unconverted enquiry's content after the retention period and keeps a tombstone.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.selectors import REFUSED_TEAM, is_cyber_user
from apps.audit.choices import AuditAction
from apps.core import access, audit, dates
from apps.core.concurrency import merge_edit, save_if_unchanged
from apps.core.references import next_reference
from apps.core.workflow import run_transition
from apps.cyber_enquiries.choices import DisposalReason, EnquiryStatus, SuitabilityOutcome
from apps.cyber_enquiries.models import (
    CampaignActivity,
    CyberEnquiry,
    DisposedEnquiry,
    ResourceGiven,
    SuitabilityDecision,
)
from apps.cyber_enquiries.selectors import (
    enquiries_due_for_disposal,
)
from apps.referrals.models import Referral
from apps.referrals.services import referral_begin_deconfliction, referral_submit

# The enquiry's own fields an officer records and may change (the many-to-many answers apart).
ENQUIRY_FIELDS = [
    "received_on",
    "enquirer_type",
    "enquirer_organisation",
    "enquirer_organisation_name",
    "contact_method",
    "enquirer_contact",
    "age_band",
    "local_authority",
    "force_area",
    "concern",
    "interests_detail",
    "skill_level",
    "things_built",
    "vpn_use",
    "platforms_detail",
    "usernames_offered",
    "usernames",
    "act_understanding",
    "autism",
    "other_needs",
]
ENQUIRY_LISTS = ["interests", "coding_languages", "devices", "operating_systems", "platforms"]
CAMPAIGN_FIELDS = ["title", "held_on", "local_authority", "description"]
# The enquirer's own words are not copied into the audit trail (which is kept for years):
# disposal must delete them. Their change events say which of them changed.
FREE_TEXT = {
    "enquirer_contact",
    "concern",
    "interests_detail",
    "things_built",
    "platforms_detail",
    "usernames",
    "other_needs",
}

DECISION_STEPS = {
    SuitabilityOutcome.SUITABLE: "decide_suitable",
    SuitabilityOutcome.NOT_SUITABLE: "decide_not_suitable",
    SuitabilityOutcome.MORE_INFORMATION: "ask_for_more_information",
}


def _require_cyber_team(officer: User) -> None:
    if not is_cyber_user(officer):
        audit.record_access_denied(user=officer, status=403, reason=REFUSED_TEAM)
        raise PermissionDenied("Cyber Prevent records are for Cyber Prevent teams.")


def _shown(value):
    """A value as the audit trail keeps it: a reference item by its name, lists as names."""
    if hasattr(value, "all"):
        return sorted(str(item) for item in value.all())
    if isinstance(value, list | tuple | set):
        return sorted(str(item) for item in value)
    if hasattr(value, "pk"):
        return str(value)
    return value


def _check_enquiry(enquiry: CyberEnquiry) -> None:
    if not enquiry.usernames_offered and enquiry.usernames:
        raise ValidationError(
            {"usernames": "Only record usernames the enquirer offered: say they were offered"}
        )
    if enquiry.received_on and (
        problem := dates.happened_problem(enquiry.received_on, noun="The date received")
    ):
        raise ValidationError({"received_on": problem})
    enquiry.full_clean(exclude=["reference", "team", "status", "referral"])


# --- Enquiries ------------------------------------------------------------------------------


def enquiry_create(*, officer: User, **data) -> CyberEnquiry:
    """Record an anonymous first enquiry for the officer's team. No Person is created."""
    access.require_add(officer, CyberEnquiry)
    _require_cyber_team(officer)
    lists = {name: data.pop(name, None) or [] for name in ENQUIRY_LISTS}
    unknown = set(data) - set(ENQUIRY_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot record: {', '.join(sorted(unknown))}")
    enquiry = CyberEnquiry(team=officer.team, created_by=officer, updated_by=officer, **data)
    _check_enquiry(enquiry)
    with transaction.atomic():
        enquiry.reference = next_reference("CE")
        enquiry.save()
        for name, items in lists.items():
            getattr(enquiry, name).set(items)
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=enquiry,
            detail={"enquirer": str(enquiry.enquirer_type), "age_band": str(enquiry.age_band)},
        )
    return enquiry


def enquiry_update(
    *,
    enquiry: CyberEnquiry,
    officer: User,
    expected_version: int,
    base: dict | None = None,
    **changes,
) -> CyberEnquiry:
    """Change the enquiry's answers without overwriting a colleague's change (ADR 0019).

    A converted enquiry is kept as it was when it became a referral: it is not changed.
    """
    access.require(officer, access.CHANGE, enquiry)
    _require_cyber_team(officer)
    if enquiry.status == EnquiryStatus.CONVERTED:
        raise ValidationError("A converted enquiry is kept as it was sent: change the referral")
    unknown = set(changes) - set(ENQUIRY_FIELDS) - set(ENQUIRY_LISTS)
    if unknown:
        raise ValidationError(f"Cannot change: {', '.join(sorted(unknown))}")
    lists = {name: changes.pop(name) for name in ENQUIRY_LISTS if name in changes}
    with transaction.atomic():
        before = {name: _shown(getattr(enquiry, name)) for name in ENQUIRY_FIELDS + ENQUIRY_LISTS}
        # merge_edit reloads every stored field: let it set the protected status too (it is
        # never edited here; transitions change it).
        enquiry.__dict__.pop("status", None)
        merge = merge_edit(enquiry, expected_version=expected_version, changes=changes, base=base)
        for name, value in merge.changes.items():
            setattr(enquiry, name, value)
        enquiry.updated_by = officer
        enquiry.updated_at = timezone.now()
        _check_enquiry(enquiry)
        save_if_unchanged(
            enquiry,
            expected_version=enquiry.version,
            fields=[*merge.changes, "updated_by", "updated_at"],
        )
        for name, items in lists.items():
            getattr(enquiry, name).set(items)
        changed = {}
        for name in ENQUIRY_FIELDS + ENQUIRY_LISTS:
            new = _shown(getattr(enquiry, name))
            if before[name] != new:
                changed[name] = (
                    {"old": "(text)", "new": "(changed)"}
                    if name in FREE_TEXT
                    else {"old": before[name], "new": new}
                )
        if changed:
            audit.record(AuditAction.UPDATE, user=officer, subject=enquiry, changes=changed)
    return enquiry


def enquiry_decide(
    *,
    enquiry: CyberEnquiry,
    officer: User,
    outcome: str,
    rationale: str,
    signposted_to=None,
    information_needed: str = "",
) -> SuitabilityDecision:
    """Record a suitability decision with its rationale and move the enquiry on.

    Not suitable needs where the enquirer is signposted; more information needs what to ask.
    """
    _require_cyber_team(officer)
    errors = {}
    if outcome not in DECISION_STEPS:
        errors["outcome"] = "Select whether the enquiry is suitable"
    if not (rationale or "").strip():
        errors["rationale"] = "Enter the reasons for the decision"
    if outcome == SuitabilityOutcome.NOT_SUITABLE and signposted_to is None:
        errors["signposted_to"] = "Select where the enquirer is signposted to"
    if outcome == SuitabilityOutcome.MORE_INFORMATION and not (information_needed or "").strip():
        errors["information_needed"] = "Enter the information to ask the enquirer for"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        enquiry = CyberEnquiry.objects.select_for_update().get(pk=enquiry.pk)
        old = enquiry.status
        run_transition(
            getattr(enquiry, DECISION_STEPS[outcome]),
            user=officer,
            wrong_stage="A suitability decision has already been made on this enquiry",
        )
        enquiry.updated_by = officer
        enquiry.save()
        decision = SuitabilityDecision.objects.create(
            enquiry=enquiry,
            outcome=outcome,
            rationale=rationale.strip(),
            signposted_to=signposted_to if outcome == SuitabilityOutcome.NOT_SUITABLE else None,
            information_needed=(information_needed or "").strip()
            if outcome == SuitabilityOutcome.MORE_INFORMATION
            else "",
            decided_by=officer,
            decided_at=timezone.now(),
        )
        audit.record(
            AuditAction.TRANSITION,
            user=officer,
            subject=enquiry,
            changes={"status": {"old": old, "new": enquiry.status}},
            detail={
                "step": DECISION_STEPS[outcome],
                "signposted_to": str(decision.signposted_to or ""),
            },
        )
    return decision


def enquiry_convert(*, enquiry: CyberEnquiry, officer: User, data: dict) -> Referral:
    """The enquirer sent the full referral: record it through the normal intake as a Cyber
    Prevent referral, link it to the enquiry (which keeps its history), and start the
    Gateway's de-confliction of the named person at once.

    `data` is the referral as the referral form and API take it (referrals.validation);
    its errors come back keyed by those field names. A referral routed at intake to a team
    the officer is not in is left for that team's Gateway to de-conflict.
    """
    _require_cyber_team(officer)
    with transaction.atomic():
        enquiry = CyberEnquiry.objects.select_for_update().get(pk=enquiry.pk)
        run_transition(
            enquiry.convert,
            user=officer,
            wrong_stage="Only an enquiry decided suitable becomes a referral",
        )
        referral = referral_submit(
            submitted_by=officer,
            team=enquiry.team,
            data={**data, "is_cyber": True},
        )
        enquiry.referral = referral
        enquiry.converted_at = timezone.now()
        enquiry.updated_by = officer
        enquiry.save()
        audit.record(
            AuditAction.TRANSITION,
            user=officer,
            subject=enquiry,
            changes={"status": {"old": EnquiryStatus.SUITABLE, "new": enquiry.status}},
            detail={"step": "convert", "referral": referral.reference},
        )
        if access.can(officer, access.CHANGE, referral):
            referral = referral_begin_deconfliction(referral=referral, officer=officer)
    return referral


def enquiry_dispose(*, enquiry: CyberEnquiry, reason: str = DisposalReason.RETENTION):
    """Delete an unconverted enquiry's content and keep its tombstone (the system's task).

    The deletion is an erasure under DPA 2018 s.62: the audit event names the enquiry by
    reference and says why; the tombstone keeps its reference and dates, nothing else.
    """
    if enquiry.status == EnquiryStatus.CONVERTED:
        raise ValidationError("A converted enquiry is part of its referral's history")
    with transaction.atomic():
        enquiry = CyberEnquiry.objects.select_for_update().get(pk=enquiry.pk)
        tombstone = DisposedEnquiry.objects.create(
            reference=enquiry.reference,
            team=enquiry.team,
            protective_marking="OFFICIAL",
            received_on=enquiry.received_on,
            last_status=enquiry.status,
            disposed_at=timezone.now(),
            reason=reason,
        )
        audit.record(
            AuditAction.DELETE,
            subject=enquiry,
            username="system: dispose_cyber_enquiries",
            detail={
                "reason": DisposalReason(reason).label,
                "received_on": enquiry.received_on.isoformat(),
                "status": enquiry.status,
                "tombstone": str(tombstone.pk),
            },
        )
        enquiry.delete()
    return tombstone


def enquiries_dispose_due(*, today: datetime.date | None = None) -> int:
    """Dispose of every unconverted enquiry past the retention period; how many."""
    count = 0
    for enquiry in enquiries_due_for_disposal(today):
        enquiry_dispose(enquiry=enquiry)
        count += 1
    return count


# --- Campaigns ------------------------------------------------------------------------------


def _resources(activity: CampaignActivity, resources: dict) -> dict:
    """Set how many of each resource were given out ({CampaignResource: quantity})."""
    before = {str(row.resource): row.quantity for row in activity.resources_given.all()}
    activity.resources_given.all().delete()
    ResourceGiven.objects.bulk_create(
        ResourceGiven(activity=activity, resource=resource, quantity=quantity)
        for resource, quantity in resources.items()
        if quantity
    )
    after = {str(resource): quantity for resource, quantity in resources.items() if quantity}
    return {} if before == after else {"resources": {"old": before, "new": after}}


def campaign_create(
    *, officer: User, organisations=(), resources: dict | None = None, **data
) -> CampaignActivity:
    """Record campaign activity and the resources given out."""
    access.require_add(officer, CampaignActivity)
    _require_cyber_team(officer)
    activity = CampaignActivity(team=officer.team, created_by=officer, updated_by=officer, **data)
    activity.full_clean(exclude=["reference", "team"])
    if not (resources and any(resources.values())) and not (data.get("description") or "").strip():
        raise ValidationError(
            {"description": "Say what was done, or enter how many resources were given out"}
        )
    with transaction.atomic():
        activity.reference = next_reference("CC")
        activity.save()
        activity.organisations.set(organisations)
        given = _resources(activity, resources or {})
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=activity,
            detail={"organisations": [str(item) for item in organisations], **given},
        )
    return activity


def campaign_update(
    *,
    activity: CampaignActivity,
    officer: User,
    expected_version: int,
    base: dict | None = None,
    organisations=None,
    resources: dict | None = None,
    **changes,
) -> CampaignActivity:
    access.require(officer, access.CHANGE, activity)
    _require_cyber_team(officer)
    unknown = set(changes) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        before = {name: _shown(getattr(activity, name)) for name in CAMPAIGN_FIELDS}
        before_organisations = _shown(activity.organisations)
        merge = merge_edit(activity, expected_version=expected_version, changes=changes, base=base)
        for name, value in merge.changes.items():
            setattr(activity, name, value)
        activity.updated_by = officer
        activity.updated_at = timezone.now()
        activity.full_clean(exclude=["reference", "team"])
        save_if_unchanged(
            activity,
            expected_version=activity.version,
            fields=[*merge.changes, "updated_by", "updated_at"],
        )
        changed = {}
        for name in CAMPAIGN_FIELDS:
            new = _shown(getattr(activity, name))
            if before[name] != new:
                changed[name] = {"old": before[name], "new": new}
        if organisations is not None:
            activity.organisations.set(organisations)
            after = _shown(activity.organisations)
            if after != before_organisations:
                changed["organisations"] = {"old": before_organisations, "new": after}
        if resources is not None:
            changed.update(_resources(activity, resources))
        if changed:
            audit.record(AuditAction.UPDATE, user=officer, subject=activity, changes=changed)
    return activity
