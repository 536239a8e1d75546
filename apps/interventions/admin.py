"""Reference data administrators edit: intervention types (with their Cyber Prevent rules)
and the Computer Misuse Act sections. Records about people are never edited here."""

from django.contrib import admin

from apps.accounts.admin import AdministratorOnly
from apps.interventions.models import CMASection, InterventionType


@admin.register(InterventionType)
class InterventionTypeAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = (
        "name",
        "scheme",
        "needs_consent",
        "needs_investigation_check",
        "meets_the_person",
        "is_cease_and_desist",
        "order",
        "is_active",
    )
    list_filter = ("scheme", "is_active")
    list_editable = ("order", "is_active")


@admin.register(CMASection)
class CMASectionAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ("code", "title", "order", "is_active")
    list_editable = ("order", "is_active")
