from django.contrib import admin

from apps.accounts.admin import AdministratorOnly
from apps.reference.models import ConcernType, ReferralSector, SupportService


@admin.register(ReferralSector, SupportService)
class ReferenceItemAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ("name", "code", "order", "is_active")
    list_editable = ("order", "is_active")


@admin.register(ConcernType)
class ConcernTypeAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ("name", "scheme", "maps_to", "is_active")
    list_filter = ("scheme", "is_active")
