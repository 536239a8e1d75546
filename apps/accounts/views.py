"""Sign-in, two-factor, password and break-glass pages."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import selectors, services
from apps.accounts.filters import BreakGlassGrantFilter
from apps.accounts.forms import BreakGlassForm, GovukPasswordChangeForm, SignInForm, TokenForm
from apps.accounts.tables import BreakGlassGrantTable
from apps.audit.choices import AuditAction
from apps.core import access, audit
from apps.core.idempotency import OneTimeForm, submission_created, submit_once
from apps.core.lists import ObjectListView
from apps.core.views import form_page


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/form_page.html"
    form_class = GovukPasswordChangeForm
    success_url = reverse_lazy("core:home")
    extra_context = {"page_title": "Change your password"}

    def form_valid(self, form):
        # Django's update_session_auth_hash keeps this session; every other
        # session of this user ends because their stored hash no longer matches.
        response = super().form_valid(form)
        audit.record(AuditAction.PASSWORD_CHANGED, user=self.request.user)
        messages.success(self.request, "Your password has been changed. Other sessions have ended.")
        return response


def _safe_next(request) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse_lazy("core:home")


def _qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")


@login_required
def two_factor(request):
    """Verify a TOTP code; the first time, set the authenticator up."""
    if request.user.is_verified():
        return redirect(_safe_next(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device, _ = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified, _ = device.verify_is_allowed()
        if verified and device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit.record(AuditAction.TWO_FACTOR_ENROLLED, user=request.user)
            otp_login(request, device)
            return redirect(_safe_next(request))
        audit.record(AuditAction.TWO_FACTOR_FAILED, user=request.user)
        form.add_error("token", "The security code is not correct or has expired")
    context = {
        "form": form,
        "enrolling": enrolling,
        "secret": base64.b32encode(device.bin_key).decode("ascii") if enrolling else "",
        "qr_svg": _qr_svg(device) if enrolling else "",
    }
    return render(request, "accounts/two_factor.html", context)


class BreakGlassGrantListView(ObjectListView):
    """The user's own break-glass requests, newest first, with a button to end an active one."""

    selector = selectors.break_glass_list_for_user
    table_class = BreakGlassGrantTable
    filterset_class = BreakGlassGrantFilter
    capability = "accounts.break_glass"
    title = "Break-glass access"
    intro = (
        "Open a record held by another team when you need it urgently. Each use is "
        "time-limited, your line manager is told, and every step is audited."
    )
    scope = "break-glass requests"
    empty_message = "You have not used break-glass access."
    no_match_message = "None of your requests match these filters."

    def get_actions(self) -> list[dict]:
        return [
            {"text": "Request access to a record", "href": reverse("accounts:break_glass_create")}
        ]

    def get_caption(self, table, *, terms: dict) -> str:
        count = table.paginator.count
        return f"Your requests ({count})"


@login_required
@submit_once
def break_glass_create(request):
    access.require_capability(request.user, "accounts.break_glass")
    once = OneTimeForm(request, purpose="accounts.break_glass_create", noun="break-glass request")
    form = BreakGlassForm(request.POST or None, once=once)
    if request.method == "POST" and form.is_valid():
        record = access.break_glass_candidate(
            request.user,
            type_label=form.cleaned_data["record_type"],
            reference=form.cleaned_data["reference"],
        )
        if record is None:
            # The same answer whether the record is missing, restricted or in
            # your own team, so this page cannot be used to probe for records.
            form.add_error(
                "reference",
                "No record with that reference can be opened with break-glass access. "
                "Check the reference, or ask the owning team",
            )
        else:
            try:
                with once.consume() as submission:
                    grant = services.break_glass_grant(
                        user=request.user, record=record, purpose=form.cleaned_data["purpose"]
                    )
                    submission_created(submission, grant, url=record.get_absolute_url())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"You have access to {record.reference} for a limited time. "
                    "Your line manager has been told.",
                )
                return redirect(record.get_absolute_url())
    return form_page(
        request,
        form,
        title="Request break-glass access",
        intro="Use this only when you need a record held by another team and cannot "
        "wait for them to share it. Access lasts a limited time and is audited.",
        back_url=reverse_lazy("accounts:break_glass_list"),
    )


@login_required
@require_POST
def break_glass_end(request, grant_id: int):
    grant = selectors.break_glass_get_for_user(user=request.user, grant_id=grant_id)
    if grant is not None:
        services.break_glass_end(user=request.user, grant=grant)
        messages.success(request, f"Break-glass access to {grant.record_reference} has ended.")
    return redirect("accounts:break_glass_list")


def locked_out(request, *args, **kwargs):
    return render(request, "accounts/locked_out.html", status=429)
