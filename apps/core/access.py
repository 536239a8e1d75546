"""The one place that answers "may this user see or change this record?".

Pages, the API and exports all ask here. The answer combines:
- capability: the user's role grants `<app_label>.<action>_<model_name>`;
- clearance: the record's protective marking is not above the user's clearance;
- need to know: the record belongs to the user's team, or the user is on its
  access list, or holds an unexpired break-glass grant for it;
- restriction: a restricted record exists only for its access list;
- limit: a model may narrow all of that further (`access_limit_q`: Cyber Prevent cases
  exist in full only for Cyber Prevent teams).

Outside that, a record does not exist for the user: selectors filter it out of
lists, searches and counts, and `require` raises Http404 rather than 403.
Every refusal (404 or 403) is recorded as a security event (ADR 0013).
"""

from __future__ import annotations

import contextvars
import copy

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from apps.core import audit, registry, request_context
from apps.core.choices import MARKING_RANK

VIEW = "view"
CHANGE = "change"
ADD = "add"
DELETE = "delete"

# Why a request was refused, as the audit trail records it (audit.record_access_denied).
REFUSED_UNSEEN = "record outside the user's reach"
REFUSED_MISSING = "no such record"
REFUSED_CHANGE = "role does not allow this action on the record"
REFUSED_CAPABILITY = "role lacks the capability"

# This request's break-glass grants: (request id, {user id: {content type id: [object ids]}}).
_grant_cache: contextvars.ContextVar[tuple[str, dict] | None] = contextvars.ContextVar(
    "break_glass_grants", default=None
)

# Capabilities that are not about one model. Record capabilities follow Django's
# "<app_label>.<action>_<model_name>" form and are granted by each app's migrations.
GLOBAL_CAPABILITIES = {
    "accounts.manage_users": "Manage users, teams and reference data",
    "accounts.break_glass": "Request time-limited access to a record outside the team",
    "audit.search": "Search the audit trail of the user's own team",
    "audit.search_all": "Search the whole audit trail (data protection officer)",
    "audit.view_record_history": "See who viewed or changed a record",
    "reporting.view_aggregates": "See statistics with small numbers suppressed",
}


def capabilities(user) -> frozenset[str]:
    """The capability codes the user's role grants (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_capabilities_cache", None)
    if cached is None:
        role = user.role
        cached = frozenset(role.capabilities) if role else frozenset()
        user._capabilities_cache = cached
    return cached


def has_capability(user, capability: str) -> bool:
    return capability in capabilities(user)


def capability_for(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def allowed_markings(user) -> list[str]:
    rank = MARKING_RANK.get(getattr(user, "clearance", None), 0)
    return [marking for marking, marking_rank in MARKING_RANK.items() if marking_rank <= rank]


def _active_break_glass_ids(user, model: type[models.Model]) -> list[str]:
    """The ids of records of `model` the user holds an unexpired break-glass grant for.

    In a request, the user's grants of every type are read once (a page narrows several
    lists of several types by them); outside one (commands, tests calling selectors) each
    call asks again. Granting or ending a grant forgets the request's answer
    (`forget_break_glass`).
    """
    # The grants are accounts' table, above core: accounts provides the lookup (ADR 0016).
    grants = registry.provider(registry.BREAK_GLASS_GRANTS)
    context = request_context.current()
    if context.channel == "command":
        return list(grants(user=user, model=model).values_list("object_id", flat=True))
    return _grants_by_type(user).get(ContentType.objects.get_for_model(model).pk, [])


def _grants_by_type(user) -> dict[int, list[str]]:
    """{content type id: ids of the records} of the user's unexpired break-glass grants, read
    once a request."""
    grants = registry.provider(registry.BREAK_GLASS_GRANTS)
    context = request_context.current()
    held = _grant_cache.get()
    if context.channel == "command" or held is None or held[0] != context.request_id:
        held = (context.request_id, {})
        _grant_cache.set(held)
    if user.pk not in held[1]:
        by_type: dict[int, list[str]] = {}
        if _may_hold_grants(user):
            for content_type_id, object_id in grants(user=user, model=None).values_list(
                "content_type_id", "object_id"
            ):
                by_type.setdefault(content_type_id, []).append(object_id)
        held[1][user.pk] = by_type
    return held[1][user.pk]


_NOT_KEPT = object()


def _may_hold_grants(user) -> bool:
    """False when the user's row says no grant of theirs is open: `break_glass_until` (the
    latest expiry of any grant they were given, kept by accounts) is empty or past. Without
    that column on the loaded user (deferred, or another kind of user), ask the grants."""
    deferred = getattr(user, "get_deferred_fields", None)  # not on an anonymous user
    if deferred is None or "break_glass_until" in deferred():
        return True
    until = getattr(user, "break_glass_until", _NOT_KEPT)
    if until is _NOT_KEPT:
        return True
    return until is not None and until > timezone.now()


def fingerprint(user) -> tuple:
    """Everything about the user that the access conditions are built from: two users (or
    one user at two moments) with the same fingerprint get the same conditions, SQL and
    parameters alike (core.prepared reuses compiled SQL by it). The conditions' subqueries
    (access lists, a record's team) are evaluated by each query, not read here."""
    if not getattr(user, "is_authenticated", False):
        return (None,)
    team = getattr(user, "team", None)
    return (
        user.pk,
        user.is_active,
        user.team_id,
        getattr(team, "kind", None),
        getattr(user, "clearance", None),
        getattr(user, "role_id", None),
        capabilities(user),
        tuple(
            (content_type_id, tuple(sorted(map(str, ids))))
            for content_type_id, ids in sorted(_grants_by_type(user).items())
        ),
    )


def forget_break_glass() -> None:
    """Drop this request's remembered grants (accounts calls it on granting or ending one),
    and the access conditions built from them."""
    _grant_cache.set(None)
    _condition_cache.set(None)


# This request's access conditions: (request id, {(user, team, clearance, role, model,
# action): Q}). Building them (subqueries on access lists, a model's limit) costs more than
# a small query, and a page narrows several lists of the same type (ADR 0034).
_condition_cache: contextvars.ContextVar[tuple[str, dict] | None] = contextvars.ContextVar(
    "access_conditions", default=None
)


def _conditions(user, model: type[models.Model], action: str) -> Q:
    """need_to_know, limit and clearance for `user` on `model`, as one Q. In a request the
    same user, model and action get the same Q (it names columns and subqueries, evaluated
    by each query, never data read now); outside one it is built each time."""
    context = request_context.current()
    if context.channel == "command":
        return _build_conditions(user, model, action)
    held = _condition_cache.get()
    if held is None or held[0] != context.request_id:
        held = (context.request_id, {})
        _condition_cache.set(held)
    key = (
        user.pk,
        user.team_id,
        getattr(user, "clearance", None),
        getattr(user, "role_id", None),
        model,
        action,
    )
    if key not in held[1]:
        held[1][key] = _build_conditions(user, model, action)
    return held[1][key]


def _build_conditions(user, model: type[models.Model], action: str) -> Q:
    return (
        need_to_know(user, model, action)
        & limit(user, model)
        & Q(protective_marking__in=allowed_markings(user))
    )


def _on_access_list(user, model: type[models.Model]) -> Q:
    """Records whose access list names the user: a subquery on the list's own table, so the
    records are neither joined to every name on their lists nor repeated."""
    field = model._meta.get_field("access_list")
    names = field.remote_field.through._default_manager.filter(
        **{field.m2m_reverse_field_name(): user}
    )
    return Q(pk__in=names.values(field.m2m_field_name()))


def need_to_know(user, model: type[models.Model], action: str = VIEW) -> Q:
    """The Q that selects records of `model` the user has a need to know, clearance apart.

    Break-glass opens a record for reading only. Every part reads the record's own columns
    or a subquery (never a join), so the Q narrows any queryset of `model` without repeating
    rows; a model's `access_extra_q` must keep to that too.
    """
    on_access_list = _on_access_list(user, model)
    in_team = Q(is_restricted=False, team_id=user.team_id) if user.team_id else Q(pk__in=[])
    grants = _active_break_glass_ids(user, model) if action == VIEW else []
    broken_glass = Q(is_restricted=False, pk__in=grants) if grants else Q(pk__in=[])
    extra = getattr(model, "access_extra_q", None)
    extra_q = extra(user) if extra else Q(pk__in=[])
    return in_team | on_access_list | broken_glass | extra_q


def limit(user, model: type[models.Model]) -> Q:
    """The Q every record of `model` must also meet for `user`, whatever else opens it.

    A model narrows need to know with a classmethod `access_limit_q(user) -> Q` (Cyber
    Prevent cases: only Cyber Prevent teams and the case's access list see inside them).
    Team, access list and break-glass all stay inside it.
    """
    # Like `access_extra_q`, it must read the record's own columns, single-valued relations
    # or subqueries, never a many-valued join (restrict applies it to the listed queryset).
    narrow = getattr(model, "access_limit_q", None)
    return narrow(user) if narrow else Q()


def restrict(queryset: models.QuerySet, *, user, action: str = VIEW) -> models.QuerySet:
    """Narrow `queryset` to the records `user` may `action`; everything else vanishes.

    The conditions apply to the queryset itself (not through a second scan of the whole
    table), so the database combines them with the caller's filters, order and limit.
    """
    model = queryset.model
    if not has_capability(user, capability_for(model, action)):
        return queryset.none()
    return queryset.filter(_conditions(user, model, action))


def restrict_through(
    queryset: models.QuerySet, relation: str, *, user, action: str = VIEW
) -> models.QuerySet:
    """Narrow `queryset` to the rows whose `relation` (a foreign key: one record a row) is a
    record `user` may `action`: the same conditions as `restrict`, tested on the related
    record where the query joins it, rather than through a subquery of every such record."""
    field = queryset.model._meta.get_field(relation)
    if not (field.many_to_one or field.one_to_one) or field.auto_created:
        raise TypeError(f"{relation!r} is not a foreign key of {queryset.model._meta.label}")
    model = field.related_model
    if not has_capability(user, capability_for(model, action)):
        return queryset.none()
    return queryset.filter(_through(_conditions(user, model, action), relation))


def _through(condition: Q, relation: str) -> Q:
    """`condition` on a related record, each lookup reached through `relation`."""
    through = copy.copy(condition)
    through.children = []
    for child in condition.children:
        if isinstance(child, Q):
            through.children.append(_through(child, relation))
        elif isinstance(child, tuple):
            lookup, value = child
            through.children.append((f"{relation}__{lookup}", value))
        else:
            raise TypeError(f"An access condition cannot be moved through a relation: {child!r}")
    return through


def implied(user, model: type[models.Model], action: str, *, granted: str) -> bool | None:
    """May `user` `action` a record of `model` they were just granted `granted` on (read
    through `restrict` with it)? The answer when it follows without a query, else None.

    Viewing and changing are decided alike but for break-glass, which opens a record for
    reading only: so a user without grants of that type may change every record they may
    see, if their role allows changing it."""
    if not has_capability(user, capability_for(model, action)):
        return False
    if action == granted:
        return True
    if granted == VIEW and not _active_break_glass_ids(user, model):
        return True
    return None


def can(user, action: str, obj: models.Model) -> bool:
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user=user, action=action).exists()


def require(user, action: str, obj: models.Model) -> None:
    """Raise unless `user` may `action` on `obj`.

    A record the user may not even see raises Http404, so its existence is not
    disclosed; one they may see but not change raises PermissionDenied.
    """
    if can(user, action, obj):
        return
    if action != VIEW and can(user, VIEW, obj):
        audit.record_access_denied(
            user=user, subject=obj, action=action, status=403, reason=REFUSED_CHANGE
        )
        raise PermissionDenied("Your role does not allow this action on this record.")
    audit.record_access_denied(
        user=user, subject=obj, action=action, status=404, reason=REFUSED_UNSEEN
    )
    raise Http404("No such record.")


def get_or_404(queryset: models.QuerySet, *, user, action: str = VIEW, **lookup) -> models.Model:
    """Fetch one record through `restrict`, or Http404 if it is outside the user's reach.

    An id of the wrong form ("not-a-uuid", a ValidationError) names no record either.
    """
    try:
        return restrict(queryset, user=user, action=action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, ValidationError) as error:
        _record_failed_lookup(queryset, user=user, action=action, lookup=lookup)
        raise Http404("No such record.") from error


def _record_failed_lookup(queryset: models.QuerySet, *, user, action: str, lookup: dict) -> None:
    """Audit a 404: a record that exists but is out of reach, or a probe for one that doesn't."""
    try:
        existing = queryset.filter(**lookup).first()
    except (ValueError, ValidationError):
        existing = None
    if existing is not None:
        audit.record_access_denied(
            user=user, subject=existing, action=action, status=404, reason=REFUSED_UNSEEN
        )
        return
    looked_up = lookup.get("pk", lookup.get("id", ""))
    audit.record_access_denied(
        user=user,
        model=queryset.model,
        object_id=str(looked_up),
        action=action,
        status=404,
        reason=REFUSED_MISSING,
    )


def require_capability(user, capability: str) -> None:
    if not has_capability(user, capability):
        audit.record_access_denied(
            user=user, status=403, reason=f"{REFUSED_CAPABILITY}: {capability}"
        )
        raise PermissionDenied("Your role does not allow this.")


def require_add(user, model: type[models.Model]) -> None:
    """Refuse (403, audited) a user whose role may not add records of `model`."""
    require_capability(user, capability_for(model, ADD))


# Record types that may be opened with break-glass access, registered by their apps.
# Each must have a unique `reference` field officers can quote.
BREAK_GLASS_TYPES: dict[str, type[models.Model]] = {}


def register_break_glass(model: type[models.Model]) -> type[models.Model]:
    BREAK_GLASS_TYPES[model._meta.label_lower] = model
    return model


def break_glass_candidate(user, *, type_label: str, reference: str) -> models.Model | None:
    """The record break-glass would open, or None.

    Restricted records and records above the user's clearance are never
    returned: for this user they do not exist.
    """
    model = BREAK_GLASS_TYPES.get(type_label)
    if model is None or not has_capability(user, "accounts.break_glass"):
        return None
    if not has_capability(user, capability_for(model, VIEW)):
        return None
    return (
        model._default_manager.filter(
            limit(user, model),
            reference__iexact=reference.strip(),
            is_restricted=False,
            protective_marking__in=allowed_markings(user),
        )
        .exclude(team_id=user.team_id)
        .first()
    )
