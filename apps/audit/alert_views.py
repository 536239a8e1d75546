"""Misuse alert pages for the data protection officer: the list, an alert, its review."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.audit import alert_selectors, misuse
from apps.audit.alert_filters import MisuseAlertFilter
from apps.audit.alert_tables import MisuseAlertTable
from apps.audit.choices import AlertStatus
from apps.core.forms import GovukForm
from apps.core.lists import ObjectListView
from apps.core.pages import add_errors


class MisuseAlertListView(ObjectListView):
    selector = alert_selectors.misuse_alerts_visible
    table_class = MisuseAlertTable
    filterset_class = MisuseAlertFilter
    capability = alert_selectors.CAPABILITY
    title = "Misuse alerts"
    intro = (
        "Patterns of staff access the misuse rules flagged: many records viewed outside "
        "the viewer's team, repeated break-glass access, searches for a colleague's name. "
        "Open alerts come first. Your use of this page is recorded."
    )
    scope = "misuse alerts"
    empty_message = "There are no misuse alerts."
    no_match_message = "No alerts match these filters."

    def noun(self, count: int) -> str:
        return "alert" if count == 1 else "alerts"


alert_list = MisuseAlertListView.as_view()


class ReviewForm(GovukForm):
    submit_label = "Mark as reviewed"
    note = forms.CharField(
        label="What did you find, and what did you do about it?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what you found and what you did about it"},
    )


def _render(request, alert, form, status=200):
    form.helper.form_action = reverse("audit:alert_review", args=[alert.pk])
    return render(
        request,
        "audit/alert_detail.html",
        {
            "alert": alert,
            "events": alert_selectors.misuse_alert_events(user=request.user, alert=alert),
            "form": form if alert.status == AlertStatus.OPEN else None,
        },
        status=status,
    )


@login_required
def alert_detail(request, alert_id: int):
    alert = alert_selectors.misuse_alert_get(user=request.user, alert_id=alert_id)
    return _render(request, alert, ReviewForm())


@login_required
@require_POST
def alert_review(request, alert_id: int):
    alert = alert_selectors.misuse_alert_get(user=request.user, alert_id=alert_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            misuse.misuse_alert_review(
                alert=alert, officer=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{alert.reference} marked as reviewed.")
            return redirect(reverse("audit:alert_detail", args=[alert.pk]))
    return _render(request, alert, form)
