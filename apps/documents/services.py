"""Writes for documents: template edits (audited before and after), generation (an audited
export), and the calendar feed secret (only its hash is stored)."""

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from apps.accounts.models import User
from apps.audit.choices import AuditAction
from apps.core import access, audit
from apps.core.concurrency import EditConflict
from apps.documents import registry
from apps.documents.models import CalendarFeed, DocumentTemplate
from apps.documents.rendering import DocumentTemplateError, blocks, render_text, to_docx, to_pdf

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class GeneratedDocument:
    filename: str
    content_type: str
    content: bytes


def _kind(code: str) -> registry.DocumentKind:
    kind = registry.document_kind(code)
    if kind is None:
        raise Http404("No such kind of document.")
    return kind


def template_body(kind: registry.DocumentKind) -> tuple[str, int | None]:
    """The administrator's text for the kind (and its version), or the kind's default."""
    template = DocumentTemplate.objects.filter(kind=kind.code).first()
    if template is None:
        return kind.default_body, None
    return template.body, template.version


def document_template_save(
    *, kind_code: str, officer: User, body: str, expected_version: int | None
) -> DocumentTemplate:
    """Save the administrator's text after checking it renders with the kind's sample data.

    The old and new text are both in the audit event. A save made from a page opened before
    someone else's save is refused (expected_version), so neither edit is silently lost.
    """
    access.require_capability(officer, "documents.change_documenttemplate")
    kind = _kind(kind_code)
    if not body.strip():
        raise ValidationError({"body": "Enter the template text"})
    try:
        render_text(body, {**kind.sample_context, "marking": "OFFICIAL-SENSITIVE"})
    except DocumentTemplateError as error:
        raise ValidationError({"body": str(error)}) from error
    with transaction.atomic():
        template = DocumentTemplate.objects.select_for_update().filter(kind=kind.code).first()
        if template is None:
            if expected_version is not None:
                raise EditConflict("The template changed after you opened it: reload the page")
            before = kind.default_body
            template = DocumentTemplate(
                kind=kind.code, body=body, created_by=officer, updated_by=officer
            )
            template.full_clean()
            template.save()
            action = AuditAction.CREATE
        else:
            if expected_version != template.version:
                raise EditConflict(
                    "Someone else changed this template after you opened it. Reload the page "
                    "to see their text, then make your change again.",
                    code="edit_conflict",
                )
            before = template.body
            template.body = body
            template.updated_by = officer
            template.version += 1
            template.save()
            action = AuditAction.UPDATE
        audit.record(
            action,
            user=officer,
            subject=template,
            changes={"body": {"old": before, "new": body}},
            detail={"kind": kind.code},
        )
    return template


def document_generate(
    *, user: User, kind_code: str, object_id, file_format: str
) -> GeneratedDocument:
    """Fill in the kind's template for one record and build the file: an audited export."""
    access.require_capability(user, "documents.generate_document")
    if file_format not in FORMATS:
        raise ValidationError({"format": "Choose PDF or Word (DOCX)"})
    kind = _kind(kind_code)
    record = kind.get_record(user=user, object_id=object_id)  # access decided, view recorded
    context = kind.build_context(user=user, record=record)
    marking = str(record.get_protective_marking_display())
    body, version = template_body(kind)
    try:
        text = render_text(body, {**context, "marking": marking})
    except DocumentTemplateError as error:
        raise ValidationError(
            f"The {kind.label.lower()} template cannot be used: {error} Ask an administrator."
        ) from error
    title = f"{kind.label} {record.reference}"
    parts = blocks(text)
    builder = to_pdf if file_format == "pdf" else to_docx
    content = builder(parts, title=title, marking=marking)
    audit.record(
        AuditAction.EXPORT,
        user=user,
        subject=record,
        detail={
            "scope": f"document {kind.code}",
            "format": file_format,
            "template_version": version or "default",
            "result_count": 1,
            "references": [record.reference],
            "bytes": len(content),
        },
    )
    filename = f"{slugify(kind.label)}-{record.reference}.{file_format}"
    return GeneratedDocument(filename, FORMATS[file_format], content)


# Calendar feeds ------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_issue(*, user: User) -> str:
    """A new secret address for the user's feed; any earlier address stops working.

    Returns the secret once: only its hash is kept, so it cannot be shown again.
    """
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(
            user=user, defaults={"token_hash": _hash(token)}
        )
        if not created:
            feed.token_hash = _hash(token)
            feed.created_at = timezone.now()
            feed.revoked_at = None
            feed.last_used_at = None
            feed.save()
        audit.record(
            AuditAction.CREATE if created else AuditAction.UPDATE,
            user=user,
            subject=feed,
            detail={"calendar_feed": "new secret address" if not created else "created"},
        )
    return token


def calendar_feed_revoke(*, user: User) -> None:
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
        if feed is None or feed.revoked_at is not None:
            return
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit.record(AuditAction.UPDATE, user=user, subject=feed, detail={"revoked": True})


def calendar_feed_user(*, token: str) -> User | None:
    """The active user whose live feed the secret opens, or None."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user
