"""Partners pages: the directory lists, each record's page, and the forms that change them.

Reads go through selectors (access decision and audit); writes through services. Contacts'
names, phones and e-mails appear only for roles with `partners.view_contact`.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect, render
from django.urls import reverse

from apps.core import access
from apps.core.concurrency import EditConflict
from apps.core.forms import add_validation_error
from apps.core.idempotency import OneTimeForm, submission_created, submit_once
from apps.core.lists import ObjectListView
from apps.core.pages import ObjectDetailView, ObjectFormView, history_link
from apps.core.views import form_page
from apps.partners import filters, forms, selectors, services, tables
from apps.partners.models import Briefing, Contact, Engagement, Network, Organisation, Provider

SECTIONS = [
    ("organisations", "Organisations", "partners:organisation_list", "partners.view_organisation"),
    ("contacts", "Contacts", "partners:contact_list", "partners.view_contact"),
    ("providers", "Providers", "partners:provider_list", "partners.view_provider"),
    ("networks", "Networks and groups", "partners:network_list", "partners.view_network"),
    ("briefings", "Briefings and training", "partners:briefing_list", "partners.view_briefing"),
    ("engagements", "Engagement log", "partners:engagement_list", "partners.view_engagement"),
    ("coverage", "Coverage", "partners:coverage", "partners.view_briefing"),
]


def sections(user, current: str) -> list[dict]:
    return [
        {"key": key, "text": text, "href": reverse(name), "current": key == current}
        for key, text, name, capability in SECTIONS
        if access.has_capability(user, capability)
    ]


def _common(request, record: models.Model, section: str) -> dict:
    return {
        "sections": sections(request.user, section),
        "can_change": access.can(request.user, access.CHANGE, record),
        "can_see_contacts": selectors.can_see_contacts(request.user),
        **history_link(request.user, record),
    }


# --- Lists ----------------------------------------------------------------------------------


class DirectoryListView(ObjectListView):
    """A partners list: the section navigation above, an "Add" button for those who may."""

    template_name = "partners/object_list.html"
    section = ""
    model: type[models.Model] | None = None
    add_url = ""
    add_text = ""

    def get_actions(self) -> list[dict]:
        if self.add_url and access.has_capability(
            self.request.user, access.capability_for(self.model, access.ADD)
        ):
            return [{"text": self.add_text, "href": reverse(self.add_url)}]
        return []

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["sections"] = sections(self.request.user, self.section)
        return context


class OrganisationListView(DirectoryListView):
    selector = selectors.organisation_list
    table_class = tables.OrganisationTable
    filterset_class = filters.OrganisationFilter
    capability = "partners.view_organisation"
    title = "Partner organisations"
    intro = "Schools, colleges, councils, faith institutions and other partners."
    scope = "partner organisations"
    section = "organisations"
    model = Organisation
    add_url = "partners:organisation_create"
    add_text = "Add an organisation"


class ContactListView(DirectoryListView):
    selector = selectors.contact_list
    table_class = tables.ContactTable
    filterset_class = filters.ContactFilter
    capability = "partners.view_contact"
    title = "Partner contacts"
    intro = "People at partner organisations and in networks. Viewing and downloading is recorded."
    scope = "partner contacts"
    section = "contacts"
    model = Contact
    add_url = "partners:contact_create"
    add_text = "Add a contact"


class ProviderListView(DirectoryListView):
    selector = selectors.provider_list
    table_class = tables.ProviderTable
    filterset_class = filters.ProviderFilter
    capability = "partners.view_provider"
    title = "Intervention and support providers"
    scope = "providers"
    section = "providers"
    model = Provider
    add_url = "partners:provider_create"
    add_text = "Add a provider"

    def get_actions(self) -> list[dict]:
        return [
            *super().get_actions(),
            {
                "text": "Find a provider",
                "href": reverse("partners:provider_picker"),
                "secondary": True,
            },
        ]


class NetworkListView(DirectoryListView):
    selector = selectors.network_list
    table_class = tables.NetworkTable
    filterset_class = filters.NetworkFilter
    capability = "partners.view_network"
    title = "Key individual networks and advisory groups"
    scope = "networks"
    section = "networks"
    model = Network
    add_url = "partners:network_create"
    add_text = "Add a group"


class BriefingListView(DirectoryListView):
    selector = selectors.briefing_list
    table_class = tables.BriefingTable
    capability = "partners.view_briefing"
    title = "Briefings, training and events"
    scope = "briefings"
    section = "briefings"
    model = Briefing
    add_url = "partners:briefing_create"
    add_text = "Add a session"

    @property
    def filterset_class(self):
        # Searching by attendee would tell an analyst who was trained: officers only.
        if selectors.can_see_contacts(self.request.user):
            return filters.BriefingAttendeeFilter
        return filters.BriefingFilter


class EngagementListView(DirectoryListView):
    selector = selectors.engagement_list
    table_class = tables.EngagementTable
    filterset_class = filters.EngagementFilter
    capability = "partners.view_engagement"
    title = "Engagement log"
    intro = "Meetings, visits and calls with partners."
    scope = "engagements"
    section = "engagements"
    model = Engagement
    add_url = "partners:engagement_create"
    add_text = "Record an engagement"


class CoverageView(DirectoryListView):
    """Which open organisations had a delivered session in the 12 months, and which did not."""

    selector = selectors.coverage_list
    table_class = tables.CoverageTable
    filterset_class = filters.CoverageFilter
    capability = "partners.view_briefing"
    title = "Coverage of briefings and training"
    intro = (
        "Open organisations, and whether they had a delivered briefing, training session or "
        "event in the 12 months chosen. Counts are of organisations, not people."
    )
    scope = "coverage"
    section = "coverage"
    template_name = "partners/coverage.html"

    def as_at(self, terms: dict) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(str(terms.get("period", "")))
        except ValueError:
            return None

    def get_queryset(self, *, terms: dict):
        return selectors.coverage_list(user=self.request.user, as_at=self.as_at(terms))

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        filterset = kwargs["filterset"]
        start, end = selectors.coverage_period(self.as_at(kwargs["terms"]))
        rows = filterset.qs if kwargs["shown"] else selectors.coverage_list(user=self.request.user)
        by_authority = selectors.coverage_by_authority(rows)
        context.update(
            period_start=start,
            period_end=end,
            by_authority=by_authority,
            totals={
                "total": sum(row["total"] for row in by_authority),
                "covered": sum(row["covered"] for row in by_authority),
                "not_covered": sum(row["not_covered"] for row in by_authority),
            },
        )
        return context


# --- Record pages ---------------------------------------------------------------------------


class OrganisationDetailView(ObjectDetailView):
    selector = selectors.organisation_get
    template_name = "partners/organisation_detail.html"
    context_object_name = "organisation"

    def get_context_data(self, record) -> dict:
        user = self.request.user
        return {
            **super().get_context_data(record),
            **_common(self.request, record, "organisations"),
            "contacts": selectors.contacts_shown(
                user=user,
                contacts=record.contacts.all(),
                scope="organisation contacts",
                about=record,
            ),
            "agreements": record.agreements.select_related("owner"),
            "briefings": selectors.briefing_list(user=user).filter(organisations=record)[:20],
            "engagements": selectors.engagement_list(user=user).filter(organisations=record)[:20],
        }


class ContactDetailView(ObjectDetailView):
    selector = selectors.contact_get
    template_name = "partners/contact_detail.html"
    context_object_name = "contact"

    def get_context_data(self, record) -> dict:
        return {
            **super().get_context_data(record),
            **_common(self.request, record, "contacts"),
            "briefings": selectors.contact_briefings(user=self.request.user, contact=record),
            "networks": selectors.network_list(user=self.request.user).filter(members=record),
        }


class ProviderDetailView(ObjectDetailView):
    selector = selectors.provider_get
    template_name = "partners/provider_detail.html"
    context_object_name = "provider"

    def get_context_data(self, record) -> dict:
        return {
            **super().get_context_data(record),
            **_common(self.request, record, "providers"),
            "checks": record.checks.select_related("reviewer"),
            "allocations": selectors.provider_allocations([record])[record.pk],
        }


class NetworkDetailView(ObjectDetailView):
    selector = selectors.network_get
    template_name = "partners/network_detail.html"
    context_object_name = "network"

    def get_context_data(self, record) -> dict:
        return {
            **super().get_context_data(record),
            **_common(self.request, record, "networks"),
            "members": selectors.contacts_shown(
                user=self.request.user,
                contacts=record.members.all(),
                scope="network members",
                about=record,
            ),
            "meetings": record.meetings.all(),
        }


class BriefingDetailView(ObjectDetailView):
    selector = selectors.briefing_get
    template_name = "partners/briefing_detail.html"
    context_object_name = "briefing"

    def get_context_data(self, record) -> dict:
        shows_people = selectors.can_see_contacts(self.request.user)
        return {
            **super().get_context_data(record),
            **_common(self.request, record, "briefings"),
            "attendees": selectors.contacts_shown(
                user=self.request.user,
                contacts=record.attendees.all(),
                scope="briefing attendees",
                about=record,
            ),
            "staff_attendees": record.staff_attendees.all() if shows_people else [],
            "deliverers": record.deliverers.all() if shows_people else [],
            "organisations": record.organisations.all(),
            "teams": record.teams.all(),
        }


class EngagementDetailView(ObjectDetailView):
    selector = selectors.engagement_get
    template_name = "partners/engagement_detail.html"
    context_object_name = "engagement"

    def get_context_data(self, record) -> dict:
        shows_people = selectors.can_see_contacts(self.request.user)
        return {
            **super().get_context_data(record),
            **_common(self.request, record, "engagements"),
            "contacts": selectors.contacts_shown(
                user=self.request.user,
                contacts=record.contacts.all(),
                scope="engagement contacts",
                about=record,
            ),
            "officers": record.officers.all() if shows_people else [],
            "organisations": record.organisations.all(),
        }


# --- Creating ------------------------------------------------------------------------------


def _record_offered(request, form) -> None:
    """A form offering contacts as choices shows their names: record them as consulted."""
    for name, field in form.fields.items():
        if isinstance(field, forms.ContactChoices):
            selectors.contacts_offered(
                user=request.user, contacts=field.queryset, scope=f"contacts offered ({name})"
            )


def _create(request, *, model, form_class, service, purpose: str, noun: str, title: str, back):
    """A create page: the one-time token, the service, the new record's page."""
    access.require_add(request.user, model)
    once = OneTimeForm(request, purpose=purpose, noun=noun)
    form = form_class(request.POST or None, once=once, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                record = service(officer=request.user, **form.cleaned_data)
                submission_created(submission, record)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{record.reference} added.")
            return redirect(record.get_absolute_url())
    _record_offered(request, form)
    return form_page(request, form, title=title, back_url=reverse(back))


@login_required
@submit_once
def organisation_create(request):
    return _create(
        request,
        model=Organisation,
        form_class=forms.OrganisationCreateForm,
        service=services.organisation_create,
        purpose="partners.organisation_create",
        noun="organisation",
        title="Add an organisation",
        back="partners:organisation_list",
    )


@login_required
@submit_once
def contact_create(request):
    return _create(
        request,
        model=Contact,
        form_class=forms.ContactCreateForm,
        service=services.contact_create,
        purpose="partners.contact_create",
        noun="contact",
        title="Add a contact",
        back="partners:contact_list",
    )


@login_required
@submit_once
def provider_create(request):
    return _create(
        request,
        model=Provider,
        form_class=forms.ProviderCreateForm,
        service=services.provider_create,
        purpose="partners.provider_create",
        noun="provider",
        title="Add a provider",
        back="partners:provider_list",
    )


@login_required
@submit_once
def network_create(request):
    return _create(
        request,
        model=Network,
        form_class=forms.NetworkCreateForm,
        service=services.network_create,
        purpose="partners.network_create",
        noun="group",
        title="Add a network or advisory group",
        back="partners:network_list",
    )


@login_required
@submit_once
def briefing_create(request):
    return _create(
        request,
        model=Briefing,
        form_class=forms.BriefingCreateForm,
        service=services.briefing_create,
        purpose="partners.briefing_create",
        noun="session",
        title="Add a briefing, training session or event",
        back="partners:briefing_list",
    )


@login_required
@submit_once
def engagement_create(request):
    return _create(
        request,
        model=Engagement,
        form_class=forms.EngagementCreateForm,
        service=services.engagement_record,
        purpose="partners.engagement_create",
        noun="engagement",
        title="Record an engagement",
        back="partners:engagement_list",
    )


def _add_to(request, record, *, form_class, service, record_arg, purpose, noun, title, **extra):
    """A small create form that adds to a record (an agreement, a check, a meeting)."""
    access.require(request.user, access.CHANGE, record)
    once = OneTimeForm(request, purpose=f"{purpose}:{record.pk}", noun=noun)
    form = form_class(request.POST or None, once=once, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                service(**{record_arg: record}, officer=request.user, **form.cleaned_data)
                submission_created(submission, record)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{noun.capitalize()} added to {record.reference}.")
            return redirect(record.get_absolute_url())
    return form_page(
        request, form, title=title, caption=record.reference, back_url=record.get_absolute_url()
    )


@login_required
@submit_once
def agreement_create(request, organisation_id):
    organisation = selectors.organisation_get(user=request.user, organisation_id=organisation_id)
    return _add_to(
        request,
        organisation,
        form_class=forms.AgreementForm,
        service=services.agreement_add,
        record_arg="organisation",
        purpose="partners.agreement_create",
        noun="agreement",
        title="Add an information-sharing agreement",
        user=request.user,
    )


@login_required
@submit_once
def provider_check_create(request, provider_id):
    provider = selectors.provider_get(user=request.user, provider_id=provider_id)
    return _add_to(
        request,
        provider,
        form_class=forms.ProviderCheckForm,
        service=services.provider_check_record,
        record_arg="provider",
        purpose="partners.provider_check_create",
        noun="check",
        title="Record an approval or due-diligence check",
    )


@login_required
@submit_once
def network_meeting_create(request, network_id):
    network = selectors.network_get(user=request.user, network_id=network_id)
    return _add_to(
        request,
        network,
        form_class=forms.NetworkMeetingForm,
        service=services.network_meeting_add,
        record_arg="network",
        purpose="partners.network_meeting_create",
        noun="meeting",
        title="Add a meeting and the advice given",
    )


# --- Editing -------------------------------------------------------------------------------


class DirectoryEditView(ObjectFormView):
    """An edit page whose form's choices depend on the user (core.pages.ObjectFormView).

    `edit_fields` are merged field by field with a colleague's save (ADR 0019); `many` (the
    links: members, attendees …) are written as this editor leaves them.
    """

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

    def render_form(self, form):
        _record_offered(self.request, form)
        return super().render_form(form)

    def get_context_data(self, form) -> dict:
        return {**super().get_context_data(form), "caption": self.object.reference}


class OrganisationEditView(DirectoryEditView):
    selector = selectors.organisation_get
    form_class = forms.OrganisationEditForm
    service = services.organisation_update
    record_arg = "organisation"
    title = "Change organisation"
    success_message = "Organisation saved."
    edit_fields = (
        "name",
        "sector",
        "street",
        "town",
        "postcode",
        "local_authority",
        "lsoa",
        "urn",
        "ukprn",
        "charity_number",
    )

    def get_initial(self, record) -> dict:
        initial = super().get_initial(record)
        initial["lsoa_code"] = record.lsoa.code if record.lsoa_id else ""
        return initial


class ContactEditView(DirectoryEditView):
    selector = selectors.contact_get
    form_class = forms.ContactEditForm
    service = services.contact_update
    record_arg = "contact"
    title = "Change contact"
    success_message = "Contact saved."
    edit_fields = (
        "given_name",
        "family_name",
        "organisation",
        "role",
        "job_title",
        "phone",
        "email",
        "vetting_level",
        "vetting_expires_on",
    )


class ProviderEditView(DirectoryEditView):
    selector = selectors.provider_get
    form_class = forms.ProviderEditForm
    service = services.provider_update
    record_arg = "provider"
    title = "Change provider"
    success_message = "Provider saved."
    edit_fields = ("name", "description", "status", "capacity", "owner")
    many = ("specialisms", "languages", "age_groups", "areas")


class NetworkEditView(DirectoryEditView):
    selector = selectors.network_get
    form_class = forms.NetworkEditForm
    service = services.network_update
    record_arg = "network"
    title = "Change group"
    success_message = "Group saved."
    edit_fields = ("kind", "name", "local_authority", "description")
    many = ("members",)


class BriefingEditView(DirectoryEditView):
    selector = selectors.briefing_get
    form_class = forms.BriefingEditForm
    service = services.briefing_update
    record_arg = "briefing"
    title = "Change session"
    success_message = "Session saved."
    edit_fields = (
        "title",
        "session_type",
        "status",
        "held_on",
        "local_authority",
        "audience_sector",
        "attendance",
        "materials",
        "feedback_score",
        "feedback_comments",
        "follow_up",
    )
    many = ("organisations", "teams", "attendees", "staff_attendees")


class EngagementEditView(DirectoryEditView):
    selector = selectors.engagement_get
    form_class = forms.EngagementEditForm
    service = services.engagement_update
    record_arg = "engagement"
    title = "Change engagement"
    success_message = "Engagement saved."
    edit_fields = ("kind", "held_on", "purpose", "outcome", "follow_up")
    many = ("organisations", "contacts")


# --- The provider picker -------------------------------------------------------------------


@login_required
def provider_picker(request):
    """Approved, in-date providers for an area and needs: what a support plan may name."""
    access.require_capability(request.user, "partners.view_provider")
    form = forms.ProviderPickerForm(request.GET or None)
    form.helper.form_method = "get"
    providers, allocations = None, {}
    if request.GET and form.is_valid():
        data = form.cleaned_data
        providers = list(
            selectors.provider_picker(
                user=request.user,
                area=data["area"],
                needs=data["needs"],
                language=data["language"].code if data["language"] else None,
                age_group=data["age_group"].code if data["age_group"] else None,
            )
        )
        allocations = selectors.provider_allocations(providers)
        for provider in providers:
            provider.current_allocations = allocations[provider.pk]
            provider.places_left = max(provider.capacity - allocations[provider.pk], 0)
    context = {
        "form": form,
        "providers": providers,
        "sections": sections(request.user, "providers"),
    }
    return render(request, "partners/provider_picker.html", context)
