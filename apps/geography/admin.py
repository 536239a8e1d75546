from django.contrib import admin

from apps.accounts.admin import AdministratorOnly
from apps.geography.models import LSOA, LocalAuthority


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(LSOA)
class LSOAAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ("code", "name", "local_authority")
    list_filter = ("local_authority",)
    search_fields = ("code", "name")
