"""Administrators manage users, teams and roles here. No case content is registered in admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from apps.accounts.models import Role, Team, User
from apps.core import access

MANAGE = "accounts.manage_users"


class AdministratorOnly:
    """Admin pages answer to the role's capability, like the rest of the service."""

    def has_module_permission(self, request):
        return access.has_capability(request.user, MANAGE)

    def has_view_permission(self, request, obj=None):
        return access.has_capability(request.user, MANAGE)

    def has_change_permission(self, request, obj=None):
        return access.has_capability(request.user, MANAGE)

    def has_add_permission(self, request):
        return access.has_capability(request.user, MANAGE)

    def has_delete_permission(self, request, obj=None):
        # Accounts are switched off (is_active), never deleted: audit events refer to them.
        return False


def administrators_only(request) -> bool:
    return request.user.is_active and access.has_capability(request.user, MANAGE)


admin.site.has_permission = administrators_only
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(AdministratorOnly, DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "team", "clearance", "is_active")
    list_filter = ("role", "team", "clearance", "is_active")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Role and access", {"fields": ("role", "team", "clearance", "line_manager", "job_title")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Role and access", {"fields": ("role", "team", "clearance", "line_manager")}),
    )


@admin.register(Team)
class TeamAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ("name", "kind", "is_active")
    filter_horizontal = ("local_authorities",)


@admin.register(Role)
class RoleAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ("name", "code", "sees_personal_data")
    readonly_fields = ("code",)
