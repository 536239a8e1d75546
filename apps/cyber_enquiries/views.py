"""Cyber Prevent enquiry and campaign pages: thin, reads through selectors, writes through
services. Only Cyber Prevent teams use them (accounts.selectors.require_cyber_user)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from apps.accounts.selectors import require_cyber_user
from apps.core import access
from apps.core.concurrency import EditConflict
from apps.core.forms import add_validation_error
from apps.core.idempotency import OneTimeForm, submission_created, submit_once
from apps.core.lists import ObjectListView
from apps.core.pages import ObjectDetailView, ObjectFormView, history_link
from apps.core.views import form_page
from apps.cyber_enquiries import filters, forms, selectors, services, tables
from apps.cyber_enquiries.models import CampaignActivity, CyberEnquiry
from apps.reference.models import ConcernType, ReferralSector


def _sections(user, current: str) -> list[dict]:
    entries = [
        ("enquiries", "Enquiries", "cyber_enquiries:enquiry_list"),
        ("disposed", "Disposed of", "cyber_enquiries:disposed_list"),
        ("campaigns", "Campaigns and engagement", "cyber_enquiries:campaign_list"),
    ]
    return [
        {"key": key, "text": text, "href": reverse(name), "current": key == current}
        for key, text, name in entries
    ]


class _CyberListView(ObjectListView):
    template_name = "cyber_enquiries/object_list.html"
    section = ""

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["sections"] = _sections(self.request.user, self.section)
        return context


# --- Enquiries ------------------------------------------------------------------------------


class EnquiryListView(_CyberListView):
    selector = selectors.enquiry_list_page
    table_class = tables.EnquiryTable
    filterset_class = filters.EnquiryFilter
    capability = "cyber_enquiries.view_cyberenquiry"
    title = "Cyber Prevent enquiries"
    intro = (
        "Anonymous first enquiries: is this a Cyber Choices case? Nobody is named until the "
        "full referral arrives."
    )
    scope = "cyber enquiries"
    section = "enquiries"
    empty_message = "There are no enquiries."

    def get_actions(self) -> list[dict]:
        if access.has_capability(self.request.user, "cyber_enquiries.add_cyberenquiry"):
            return [
                {"text": "Record an enquiry", "href": reverse("cyber_enquiries:enquiry_create")}
            ]
        return []


class DisposedListView(_CyberListView):
    selector = selectors.disposed_list
    table_class = tables.DisposedEnquiryTable
    filterset_class = filters.DisposedEnquiryFilter
    capability = "cyber_enquiries.view_disposedenquiry"
    title = "Disposed enquiries"
    scope = "disposed cyber enquiries"
    section = "disposed"
    empty_message = "No enquiry has been disposed of."

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        days = settings.CYBER_ENQUIRY_RETENTION_DAYS
        context["intro"] = (
            f"Enquiries that did not become a referral within {days} days are disposed of: "
            "their content is deleted and only this record of them is kept."
        )
        return context


class EnquiryDetailView(ObjectDetailView):
    selector = selectors.enquiry_get
    template_name = "cyber_enquiries/enquiry_detail.html"
    context_object_name = "enquiry"

    def get_context_data(self, record) -> dict:
        user = self.request.user
        return {
            **super().get_context_data(record),
            **history_link(self.request.user, record),
            "sections": _sections(user, "enquiries"),
            "decisions": selectors.enquiry_decisions(record),
            "may_change": access.can(user, access.CHANGE, record),
            "referral_visible": record.referral_id is not None
            and access.can(user, access.VIEW, record.referral),
            "disposal_on": record.received_on
            + datetime.timedelta(days=settings.CYBER_ENQUIRY_RETENTION_DAYS),
        }


@login_required
@submit_once
def enquiry_create(request):
    access.require_add(request.user, CyberEnquiry)
    require_cyber_user(request.user, CyberEnquiry)
    once = OneTimeForm(request, purpose="cyber_enquiries.enquiry_create", noun="enquiry")
    form = forms.EnquiryCreateForm(request.POST or None, once=once, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                enquiry = services.enquiry_create(officer=request.user, **form.cleaned_data)
                submission_created(submission, enquiry)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Enquiry {enquiry.reference} recorded.")
            return redirect(enquiry.get_absolute_url())
    return form_page(
        request,
        form,
        title="Record an anonymous enquiry",
        intro="Do not record the young person's name, date of birth or address.",
        back_url=reverse("cyber_enquiries:enquiry_list"),
    )


class _UserFormView(ObjectFormView):
    """An edit page whose form's choices depend on the user; `many` written as left."""

    abstract = True
    many: tuple[str, ...] = ()

    def make_form(self, data=None):
        return self.form_class(data, initial=self.full_initial(self.object), user=self.request.user)

    def get(self, request, *args, **kwargs):
        return self.render_form(self.make_form())

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                type(self).service(
                    **{self.record_arg: self.object},
                    officer=request.user,
                    **self.service_kwargs(form),
                )
            except EditConflict as conflict:
                if conflict.conflicts:
                    now = self.get_initial(conflict.current)
                    form.show_conflicts(conflict, now=now, fields=self.edit_fields)
                else:
                    add_validation_error(form, conflict)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, self.success_message)
                self.report_merge(form)
                return redirect(self.get_success_url())
        return self.render_form(form)

    def get_initial(self, record) -> dict:
        initial = {name: getattr(record, name) for name in self.edit_fields}
        for name in self.many:
            initial[name] = list(getattr(record, name).values_list("pk", flat=True))
        return initial

    def get_context_data(self, form) -> dict:
        return {**super().get_context_data(form), "caption": self.object.reference}


class EnquiryEditView(_UserFormView):
    selector = selectors.enquiry_get
    form_class = forms.EnquiryEditForm
    service = services.enquiry_update
    record_arg = "enquiry"
    title = "Change the enquiry"
    success_message = "Enquiry saved."
    edit_fields = tuple(services.ENQUIRY_FIELDS)
    many = tuple(services.ENQUIRY_LISTS)


@login_required
def enquiry_decide(request, enquiry_id):
    enquiry = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id, action=access.CHANGE)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.enquiry_decide(
                enquiry=enquiry, officer=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Decision recorded: {decision.get_outcome_display()}.")
            return redirect(enquiry.get_absolute_url())
    return form_page(
        request,
        form,
        title="Suitability decision",
        caption=f"Enquiry {enquiry.reference}",
        back_url=enquiry.get_absolute_url(),
    )


def _conversion_initial(enquiry: CyberEnquiry) -> dict:
    return {
        "date_received": timezone.localdate(),
        "concern": enquiry.concern,
        "referrer_organisation": enquiry.enquirer_organisation_shown,
        "school_or_workplace": enquiry.enquirer_organisation.name
        if enquiry.enquirer_organisation_id
        else "",
    }


def _choices(model, **filters) -> list[tuple[str, str]]:
    return [(item.code, item.name) for item in model.objects.filter(is_active=True, **filters)]


@login_required
@submit_once
def enquiry_convert(request, enquiry_id):
    enquiry = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id, action=access.CHANGE)
    once = OneTimeForm(request, purpose=f"cyber_enquiries.convert:{enquiry.pk}", noun="referral")
    form = forms.ConversionForm(
        request.POST or None,
        once=once,
        initial=_conversion_initial(enquiry),
        sectors=_choices(ReferralSector),
        concern_types=_choices(ConcernType, scheme="2024/25"),
    )
    if request.method == "POST" and form.is_valid():
        data = {
            name: value.isoformat() if hasattr(value, "isoformat") else value
            for name, value in form.cleaned_data.items()
            if value not in (None, "")
        }
        try:
            with once.consume() as submission:
                referral = services.enquiry_convert(
                    enquiry=enquiry, officer=request.user, data=data
                )
                submission_created(submission, enquiry)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if access.can(request.user, access.CHANGE, referral):
                messages.success(
                    request,
                    f"Referral {referral.reference} created from enquiry {enquiry.reference}: "
                    "check who the person is.",
                )
                return redirect("gateway:deconfliction", referral_id=referral.pk)
            messages.success(
                request,
                f"Referral {referral.reference} created and sent to {referral.team.name} for "
                "de-confliction.",
            )
            return redirect(enquiry.get_absolute_url())
    return form_page(
        request,
        form,
        title="Record the full referral",
        caption=f"Enquiry {enquiry.reference}",
        intro="The referral goes through the normal intake as a Cyber Prevent referral, and "
        "de-confliction starts at once. The enquiry is kept with the referral.",
        back_url=enquiry.get_absolute_url(),
    )


# --- Campaigns ------------------------------------------------------------------------------


def _period(request) -> tuple[datetime.date, datetime.date]:
    """The engagement summary's 12 months: to `summary_to` (YYYY-MM-DD), default today."""
    end = timezone.localdate()
    given = request.GET.get("summary_to", "")
    if given:
        try:
            end = datetime.date.fromisoformat(given)
        except ValueError:
            pass
    return end - datetime.timedelta(days=364), end


class CampaignListView(_CyberListView):
    selector = selectors.campaign_list_page
    table_class = tables.CampaignTable
    filterset_class = filters.CampaignFilter
    capability = "cyber_enquiries.view_campaignactivity"
    title = "Cyber Choices campaigns and engagement"
    scope = "cyber campaigns"
    section = "campaigns"
    empty_message = "No campaign activity has been recorded."
    template_name = "cyber_enquiries/campaign_list.html"

    def get_actions(self) -> list[dict]:
        if access.has_capability(self.request.user, "cyber_enquiries.add_campaignactivity"):
            return [
                {
                    "text": "Record campaign activity",
                    "href": reverse("cyber_enquiries:campaign_create"),
                }
            ]
        return []

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        start, end = _period(self.request)
        context["summary"] = selectors.engagement_summary(
            user=self.request.user, start=start, end=end
        )
        return context


class CampaignDetailView(ObjectDetailView):
    selector = selectors.campaign_get
    template_name = "cyber_enquiries/campaign_detail.html"
    context_object_name = "activity"

    def get_context_data(self, record) -> dict:
        return {
            **super().get_context_data(record),
            **history_link(self.request.user, record),
            "sections": _sections(self.request.user, "campaigns"),
            "organisations": record.organisations.all(),
            "resources": record.resources_given.select_related("resource"),
            "can_change": access.can(self.request.user, access.CHANGE, record),
        }


@login_required
@submit_once
def campaign_create(request):
    access.require_add(request.user, CampaignActivity)
    require_cyber_user(request.user, CampaignActivity)
    once = OneTimeForm(request, purpose="cyber_enquiries.campaign_create", noun="activity")
    form = forms.CampaignCreateForm(request.POST or None, once=once, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in ("title", "held_on", "local_authority", "description", "organisations")
        }
        try:
            with once.consume() as submission:
                activity = services.campaign_create(
                    officer=request.user, resources=form.resources(), **data
                )
                submission_created(submission, activity)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Campaign activity {activity.reference} recorded.")
            return redirect(activity.get_absolute_url())
    return form_page(
        request,
        form,
        title="Record campaign activity",
        intro="Talks, events and Computer Misuse Act sessions are recorded as partners "
        "briefings and counted on the campaigns page.",
        back_url=reverse("cyber_enquiries:campaign_list"),
    )


class CampaignEditView(_UserFormView):
    selector = selectors.campaign_get
    form_class = forms.CampaignEditForm
    service = services.campaign_update
    record_arg = "activity"
    title = "Change campaign activity"
    success_message = "Campaign activity saved."
    edit_fields = tuple(services.CAMPAIGN_FIELDS)
    many = ("organisations",)

    def get_initial(self, record) -> dict:
        initial = super().get_initial(record)
        for row in record.resources_given.select_related("resource"):
            initial[f"resource_{row.resource.code}"] = row.quantity
        return initial

    def form_data(self, form) -> dict:
        data = {
            name: form.cleaned_data[name]
            for name in (*services.CAMPAIGN_FIELDS, "organisations", "version", "snapshot")
        }
        return {**data, "resources": form.resources()}
