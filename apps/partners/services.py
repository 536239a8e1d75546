"""Every write to the partners directory: access-checked, validated, audited, in one transaction.

Creates and updates of directory records share `_save`: the capability check, `full_clean`,
a reference from the record's series, the audit event with the old and new values (for
many-to-many fields, the references or ids linked), and the links set in the same step.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Subquery

from apps.accounts.models import User
from apps.audit.choices import AuditAction
from apps.core import access, audit
from apps.core.concurrency import merge_edit
from apps.core.references import next_reference
from apps.partners.choices import CheckOutcome
from apps.partners.models import (
    Briefing,
    Contact,
    Engagement,
    InformationSharingAgreement,
    Network,
    NetworkMeeting,
    Organisation,
    Provider,
    ProviderCheck,
)
from apps.work.registry import Reminder
from apps.work.services import task_create

PREFIXES = {
    Organisation: "ORG",
    Contact: "CON",
    Provider: "PV",
    Engagement: "ENG",
    Network: "NET",
    Briefing: "BRF",
}
# An agreement's owner and a provider's manager are told this many days before expiry.
REMINDER_DAYS = 30


def _label(value) -> object:
    if isinstance(value, models.Model):
        return getattr(value, "reference", None) or str(value.pk)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def _m2m_labels(values: Iterable) -> list:
    return sorted(str(_label(value)) for value in values)


def _save(
    record: models.Model,
    *,
    officer: User,
    fields: dict,
    links: dict | None = None,
    expected_version: int | None = None,
    base: dict | None = None,
) -> models.Model:
    """Create (no pk yet) or change a directory record; audit the old and new values.

    A change is merged with any save made since the editor opened the record
    (core.concurrency.merge_edit, ADR 0019): with the form's starting values (`base`) field by
    field, so only what this editor changed is written and a field both changed is refused;
    without them, any save since `expected_version` refuses the change. Links (many-to-many)
    are written as given.
    """
    creating = record._state.adding
    links = {name: list(values) for name, values in (links or {}).items() if values is not None}
    if creating:
        access.require_add(officer, type(record))
    else:
        access.require(officer, access.CHANGE, record)
    with transaction.atomic():
        if not creating and expected_version is not None:
            fields = merge_edit(
                record, expected_version=expected_version, changes=fields, base=base
            ).changes
        before = {} if creating else {name: _label(getattr(record, name)) for name in fields}
        before_links = (
            {} if creating else {name: _m2m_labels(getattr(record, name).all()) for name in links}
        )
        for name, value in fields.items():
            setattr(record, name, value)
        if creating:
            record.reference = next_reference(PREFIXES[type(record)])
            record.team_id = record.team_id or officer.team_id
            record.created_by = officer
        else:
            record.version += 1
        record.updated_by = officer
        record.full_clean()
        record.save()
        for name, values in links.items():
            getattr(record, name).set(values)
        changes = {
            name: {"old": before.get(name), "new": _label(getattr(record, name))}
            for name in fields
            if creating or before[name] != _label(getattr(record, name))
        }
        for name, values in links.items():
            new = _m2m_labels(values)
            if creating or before_links.get(name) != new:
                changes[name] = {"old": None if creating else before_links.get(name), "new": new}
        if creating or changes:
            action = AuditAction.CREATE if creating else AuditAction.UPDATE
            audit.record(action, user=officer, subject=record, changes=changes)
    return record


# --- Organisations, contacts, agreements ----------------------------------------------------


def organisation_create(*, officer: User, **fields) -> Organisation:
    return _save(Organisation(), officer=officer, fields=fields)


def organisation_update(
    *,
    expected_version: int | None = None,
    base: dict | None = None,
    organisation: Organisation,
    officer: User,
    **fields,
) -> Organisation:
    return _save(
        organisation, officer=officer, fields=fields, expected_version=expected_version, base=base
    )


def contact_create(*, officer: User, **fields) -> Contact:
    return _save(Contact(), officer=officer, fields=fields)


def contact_update(
    *,
    expected_version: int | None = None,
    base: dict | None = None,
    contact: Contact,
    officer: User,
    **fields,
) -> Contact:
    return _save(
        contact, officer=officer, fields=fields, expected_version=expected_version, base=base
    )


def agreement_add(
    *,
    organisation: Organisation,
    officer: User,
    title: str,
    owner: User,
    signed_on: datetime.date,
    review_on: datetime.date,
    expires_on: datetime.date,
) -> InformationSharingAgreement:
    """Record an information-sharing agreement; its owner is reminded 30 days before expiry."""
    access.require(officer, access.CHANGE, organisation)
    agreement = InformationSharingAgreement(
        organisation=organisation,
        title=title,
        owner=owner,
        signed_on=signed_on,
        review_on=review_on,
        expires_on=expires_on,
    )
    errors = {}
    if expires_on and signed_on and expires_on <= signed_on:
        errors["expires_on"] = "Expiry date must be after the date it was signed"
    if review_on and signed_on and review_on < signed_on:
        errors["review_on"] = "Review date must be on or after the date it was signed"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        agreement.full_clean()
        agreement.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=organisation,
            detail={"agreement_added": title},
            changes={
                "agreement": {
                    "old": None,
                    "new": {
                        "title": title,
                        "owner": owner.get_username(),
                        "signed_on": signed_on,
                        "review_on": review_on,
                        "expires_on": expires_on,
                    },
                }
            },
        )
    return agreement


# --- Providers ------------------------------------------------------------------------------

PROVIDER_LINKS = ("specialisms", "languages", "age_groups", "areas")


def _split(fields: dict, link_names: Iterable[str]) -> tuple[dict, dict]:
    links = {name: fields.pop(name) for name in list(fields) if name in link_names}
    return fields, links


def provider_create(*, officer: User, **fields) -> Provider:
    fields, links = _split(dict(fields), PROVIDER_LINKS)
    if not links.get("specialisms"):
        raise ValidationError({"specialisms": "Select at least one specialism"})
    if not links.get("areas"):
        raise ValidationError({"areas": "Select at least one area covered"})
    return _save(Provider(), officer=officer, fields=fields, links=links)


def provider_update(
    *,
    expected_version: int | None = None,
    base: dict | None = None,
    provider: Provider,
    officer: User,
    **fields,
) -> Provider:
    fields, links = _split(dict(fields), PROVIDER_LINKS)
    for name, message in (
        ("specialisms", "Select at least one specialism"),
        ("areas", "Select at least one area covered"),
    ):
        if name in links and not links[name]:
            raise ValidationError({name: message})
    return _save(
        provider,
        officer=officer,
        fields=fields,
        links=links,
        expected_version=expected_version,
        base=base,
    )


def provider_check_record(
    *,
    provider: Provider,
    officer: User,
    kind: str,
    checked_on: datetime.date,
    outcome: str,
    expires_on: datetime.date,
    notes: str = "",
) -> ProviderCheck:
    """Record a Home Office approval or local due-diligence check; the latest one decides."""
    access.require(officer, access.CHANGE, provider)
    if expires_on and checked_on and expires_on <= checked_on:
        raise ValidationError({"expires_on": "Expiry date must be after the date of the check"})
    check = ProviderCheck(
        provider=provider,
        kind=kind,
        checked_on=checked_on,
        outcome=outcome,
        reviewer=officer,
        expires_on=expires_on,
        notes=notes,
    )
    with transaction.atomic():
        check.full_clean()
        check.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=provider,
            changes={
                "check": {
                    "old": None,
                    "new": {
                        "kind": kind,
                        "checked_on": checked_on,
                        "outcome": outcome,
                        "expires_on": expires_on,
                    },
                }
            },
        )
    return check


# --- Engagement, networks, briefings --------------------------------------------------------

ENGAGEMENT_LINKS = ("officers", "organisations", "contacts")
NETWORK_LINKS = ("members",)
BRIEFING_LINKS = ("organisations", "teams", "attendees", "staff_attendees", "deliverers")


def engagement_record(*, officer: User, **fields) -> Engagement:
    """Log a meeting, visit or call. A follow-up with a due date becomes the officer's task
    (work.task_create, linked to the engagement), in the same transaction."""
    fields, links = _split(dict(fields), ENGAGEMENT_LINKS)
    if not links.get("officers"):
        links["officers"] = [officer]
    if not links.get("organisations") and not links.get("contacts"):
        raise ValidationError(
            {"organisations": "Select at least one organisation or contact engaged with"}
        )
    follow_up = (fields.get("follow_up") or "").strip()
    if fields.get("follow_up_due") and not follow_up:
        raise ValidationError({"follow_up": "Describe the follow-up that is due"})
    with transaction.atomic():
        engagement = _save(Engagement(), officer=officer, fields=fields, links=links)
        if fields.get("follow_up_due"):
            task_create(
                officer=officer,
                assignee=officer,
                title=f"Follow up {engagement.reference}",
                details=follow_up,
                due_date=fields["follow_up_due"],
                record=engagement,
            )
    return engagement


def engagement_update(
    *,
    expected_version: int | None = None,
    base: dict | None = None,
    engagement: Engagement,
    officer: User,
    **fields,
) -> Engagement:
    fields, links = _split(dict(fields), ENGAGEMENT_LINKS)
    if "organisations" in links and not links["organisations"] and not links.get("contacts"):
        raise ValidationError(
            {"organisations": "Select at least one organisation or contact engaged with"}
        )
    return _save(
        engagement,
        officer=officer,
        fields=fields,
        links=links,
        expected_version=expected_version,
        base=base,
    )


def network_create(*, officer: User, **fields) -> Network:
    fields, links = _split(dict(fields), NETWORK_LINKS)
    return _save(Network(), officer=officer, fields=fields, links=links)


def network_update(
    *,
    expected_version: int | None = None,
    base: dict | None = None,
    network: Network,
    officer: User,
    **fields,
) -> Network:
    fields, links = _split(dict(fields), NETWORK_LINKS)
    return _save(
        network,
        officer=officer,
        fields=fields,
        links=links,
        expected_version=expected_version,
        base=base,
    )


def network_meeting_add(
    *, network: Network, officer: User, held_on: datetime.date, summary: str, advice: str = ""
) -> NetworkMeeting:
    access.require(officer, access.CHANGE, network)
    meeting = NetworkMeeting(network=network, held_on=held_on, summary=summary, advice=advice)
    with transaction.atomic():
        meeting.full_clean()
        meeting.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=network,
            changes={
                "meeting": {
                    "old": None,
                    "new": {"held_on": held_on, "summary": summary, "advice": advice},
                }
            },
        )
    return meeting


def briefing_create(*, officer: User, **fields) -> Briefing:
    fields, links = _split(dict(fields), BRIEFING_LINKS)
    if not links.get("deliverers"):
        links["deliverers"] = [officer]
    _check_briefing(fields)
    return _save(Briefing(), officer=officer, fields=fields, links=links)


def briefing_update(
    *,
    expected_version: int | None = None,
    base: dict | None = None,
    briefing: Briefing,
    officer: User,
    **fields,
) -> Briefing:
    fields, links = _split(dict(fields), BRIEFING_LINKS)
    _check_briefing(fields)
    return _save(
        briefing,
        officer=officer,
        fields=fields,
        links=links,
        expected_version=expected_version,
        base=base,
    )


def _check_briefing(fields: dict) -> None:
    score = fields.get("feedback_score")
    if score is not None and not 1 <= score <= 5:
        raise ValidationError({"feedback_score": "Feedback score must be between 1 and 5"})


# --- Reminders ------------------------------------------------------------------------------


def expiry_reminders(*, today: datetime.date) -> list[Reminder]:
    """Agreements and provider approvals that expire within 30 days: one reminder each.

    A reminder provider of the work layer (registered in PartnersConfig.ready()): the daily
    `manage.py send_reminders` sends each once, by its key (which names the expiry date, so
    a renewed agreement or a new check is reminded afresh). Only a provider's latest check
    is its live approval.
    """
    horizon = today + datetime.timedelta(days=REMINDER_DAYS)
    reminders = []
    agreements = InformationSharingAgreement.objects.filter(
        expires_on__gte=today, expires_on__lte=horizon
    ).select_related("organisation")
    for agreement in agreements:
        reminders.append(
            Reminder(
                key=f"partners-agreement-expiry:{agreement.pk}:{agreement.expires_on.isoformat()}",
                recipient_id=agreement.owner_id,
                subject=f"Agreement with {agreement.organisation.reference} expires "
                f"{agreement.expires_on:%-d %B %Y}",
                body="Review and renew the information-sharing agreement, or record that it "
                "has ended.",
                link=agreement.organisation.get_absolute_url(),
            )
        )
    latest = ProviderCheck.objects.filter(provider=OuterRef("provider")).order_by(
        "-checked_on", "-created_at"
    )
    checks = (
        ProviderCheck.objects.filter(
            outcome=CheckOutcome.APPROVED, expires_on__gte=today, expires_on__lte=horizon
        )
        .filter(pk=Subquery(latest.values("pk")[:1]))
        .select_related("provider")
    )
    for check in checks:
        reminders.append(
            Reminder(
                key=f"partners-check-expiry:{check.pk}:{check.expires_on.isoformat()}",
                recipient_id=check.provider.owner_id or check.reviewer_id,
                subject=f"{check.get_kind_display()} of provider {check.provider.reference} "
                f"expires {check.expires_on:%-d %B %Y}",
                body="Record a new check, or the provider will no longer be offered for "
                "support plans once it expires.",
                link=check.provider.get_absolute_url(),
            )
        )
    return reminders
