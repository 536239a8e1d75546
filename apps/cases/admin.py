"""What administrators edit about cases: the review schedules per case type and the systems a
re-offending check searches (reference data, never case content)."""

from django.contrib import admin

from apps.accounts.admin import AdministratorOnly
from apps.cases.models import CheckSystem, ReviewSchedule


@admin.register(ReviewSchedule)
class ReviewScheduleAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ("case_type", "kind", "anchor", "offset_months", "on_extension", "is_active")
    list_filter = ("case_type", "kind", "is_active")
    list_editable = ("is_active",)


@admin.register(CheckSystem)
class CheckSystemAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ("name", "code", "order", "is_active")
    list_editable = ("order", "is_active")
