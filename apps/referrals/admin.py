"""Administrators edit the routing rules here (reference data: no personal data).

Each change is written to the audit chain with the values before and after.
"""

from django.contrib import admin
from django.forms.models import model_to_dict

from apps.accounts.admin import AdministratorOnly
from apps.audit.choices import AuditAction
from apps.core import audit
from apps.referrals.models import RoutingRule

AUDITED_FIELDS = ("kind", "local_authority", "team", "is_active")


def _values(rule: RoutingRule | None) -> dict:
    if rule is None:
        return dict.fromkeys(AUDITED_FIELDS)
    values = model_to_dict(rule, fields=AUDITED_FIELDS)
    return {name: None if values[name] is None else str(values[name]) for name in AUDITED_FIELDS}


@admin.register(RoutingRule)
class RoutingRuleAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ("kind", "area", "team", "is_active")
    list_filter = ("kind", "is_active", "team")
    fields = AUDITED_FIELDS

    @admin.display(description="Area", ordering="local_authority__name")
    def area(self, rule: RoutingRule) -> str:
        return rule.local_authority.name if rule.local_authority else "Every other area"

    def save_model(self, request, obj, form, change):
        before = _values(RoutingRule.objects.filter(pk=obj.pk).first() if change else None)
        super().save_model(request, obj, form, change)
        after = _values(obj)
        audit.record(
            AuditAction.UPDATE if change else AuditAction.CREATE,
            user=request.user,
            subject=obj,
            changes={
                name: {"old": before[name], "new": after[name]}
                for name in AUDITED_FIELDS
                if before[name] != after[name]
            },
            detail={"what": "routing rule"},
        )
