"""Reads for documents: the templates (reference data, no personal data) and the user's feed."""

from apps.accounts.models import User
from apps.core import access
from apps.documents import registry
from apps.documents.models import CalendarFeed, DocumentTemplate


def document_template_list(*, user: User) -> list[dict]:
    """Each registered kind with its administrator's template, if edited."""
    access.require_capability(user, "documents.change_documenttemplate")
    edited = {template.kind: template for template in DocumentTemplate.objects.all()}
    return [{"kind": kind, "template": edited.get(kind.code)} for kind in registry.document_kinds()]


def document_template_get(*, user: User, kind_code: str) -> dict | None:
    access.require_capability(user, "documents.change_documenttemplate")
    kind = registry.document_kind(kind_code)
    if kind is None:
        return None
    return {"kind": kind, "template": DocumentTemplate.objects.filter(kind=kind.code).first()}


def calendar_feed_for(*, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def placeholders(context: dict, prefix: str = "") -> list[str]:
    """The names a template may use, from a kind's sample data ("case.reference", ...)."""
    names = []
    for key, value in context.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            names.extend(placeholders(value, f"{name}."))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            names.append(f"{name} (a list, each with: {', '.join(sorted(value[0]))})")
        else:
            names.append(name)
    return names
