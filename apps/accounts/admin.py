"""Administrators manage users, teams and roles here. No case content is registered in admin.

Saves go through apps.accounts.services, which refuse escalation and write each
change of access to the audit chain (docs/decisions/0011). Refusals are checked
before Django's admin opens its transaction, so the refusal's audit event is kept.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import services
from apps.accounts.capabilities import MANAGE_USERS
from apps.accounts.models import Role, Team, User
from apps.core import access

MANAGE = MANAGE_USERS


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


def _posted(admin_model, request, object_id, fields: tuple[str, ...]):
    """The record as the POST would leave it, for the fields the POST names.

    Fields are read whether or not the page offers them, so a hand-made POST of a
    read-only field (one's own role, say) is seen and refused, not silently dropped.
    """
    model = admin_model.model
    obj = admin_model.get_object(request, unquote(object_id)) if object_id else model()
    if obj is None:
        return None
    posted = [name for name in fields if name in request.POST]
    if posted:
        form = modelform_factory(model, fields=posted)(request.POST, instance=obj)
        form.is_valid()  # fills the instance; the admin's own form reports any errors
    return obj


@admin.register(User)
class UserAdmin(AdministratorOnly, DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "team", "clearance", "is_active")
    list_filter = ("role", "team", "clearance", "is_active")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Role and access", {"fields": ("role", "team", "clearance", "line_manager", "job_title")}),
        ("Account status", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Role and access", {"fields": ("role", "team", "clearance", "line_manager")}),
    )
    # Superuser status is never granted through the web; staff status opens nothing here.
    always_read_only = ("is_staff", "is_superuser", "last_login", "date_joined")
    own_read_only = ("role", "team", "clearance", "is_active")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.pk == request.user.pk:
            return (*self.always_read_only, *self.own_read_only)
        return self.always_read_only

    def add_view(self, request, form_url="", extra_context=None):
        self._check_posted_access(request, None)
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._check_posted_access(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def _check_posted_access(self, request, object_id) -> None:
        if request.method != "POST" or not self.has_change_permission(request):
            return
        user = _posted(self, request, object_id, services.ACCESS_FIELDS)
        if user is not None:
            services.user_access_check(actor=request.user, user=user)

    def save_model(self, request, obj, form, change):
        services.user_save(actor=request.user, user=obj)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            services.user_password_set_recorded(
                actor=request.user, user=self.get_object(request, id)
            )
        return response


@admin.register(Team)
class TeamAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ("name", "kind", "is_active")
    filter_horizontal = ("local_authorities",)


@admin.register(Role)
class RoleAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ("name", "code", "sees_personal_data")

    def get_readonly_fields(self, request, obj=None):
        # The code is what the service refers to: set once, when the role is added.
        return ("code",) if obj is not None else ()

    def has_change_permission(self, request, obj=None):
        # The role you hold is shown read-only: nobody widens their own access.
        if obj is not None and obj.pk == request.user.role_id:
            return False
        return super().has_change_permission(request, obj)

    def add_view(self, request, form_url="", extra_context=None):
        self._check_posted_role(request, None)
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._check_posted_role(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def _check_posted_role(self, request, object_id) -> None:
        if request.method != "POST" or not access.has_capability(request.user, MANAGE):
            return
        role = _posted(self, request, object_id, services.ROLE_FIELDS)
        if role is None:
            return
        try:
            services.role_check(actor=request.user, role=role)
        except ValidationError:
            pass  # recorded; the model's own check shows the message on the form

    def save_model(self, request, obj, form, change):
        services.role_save(actor=request.user, role=obj)


# django-otp's own device admins show the TOTP key (and a QR code of it) and the
# static tokens. Secrets are shown once, at enrolment, and never again: these
# replacements list devices without any key, token or configuration.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


class DeviceAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ("user", "name", "confirmed")
    list_filter = ("confirmed",)
    fields = ("user", "name", "confirmed")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(TOTPDevice, DeviceAdmin)
admin.site.register(StaticDevice, DeviceAdmin)
