"""Referral pages: the Gateway queue, the multi-page form, the referral, attachments, imports."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from apps.core import access, workflow
from apps.core.forms import validation_messages
from apps.core.idempotency import OneTimeForm, submission_created, submit_once
from apps.core.lists import ObjectListView
from apps.core.pages import ObjectDetailView, ObjectFormView, history_link
from apps.core.views import form_page
from apps.referrals import import_template, imports, selectors, services
from apps.referrals.filters import ReferralFilter, ReferralImportFilter
from apps.referrals.forms import (
    AttachmentForm,
    FeedbackForm,
    ImportForm,
    UrgentForm,
    referral_page_form,
)
from apps.referrals.models import Referral
from apps.referrals.registry import feedback_wording, likely_match_count, referral_origins
from apps.referrals.tables import ReferralImportTable, ReferralTable
from apps.referrals.validation import PAGE_TITLES, PAGES, ReferralDataForm
from apps.work import selectors as work_selectors

DRAFT = "referral_draft"
PAGE_ORDER = list(PAGES)


class ReferralListView(ObjectListView):
    """The Gateway queue (open referrals: urgent, then overdue and due first); a search once
    terms are typed."""

    table_class = ReferralTable
    filterset_class = ReferralFilter
    capability = "referrals.view_referral"
    empty_message = "There are no open referrals."
    no_match_message = "No referrals match your search."

    def get_queryset(self, *, terms: dict):
        if terms:
            return selectors.referral_list(user=self.request.user)
        return selectors.gateway_queue(user=self.request.user)

    def get_title(self, *, terms: dict) -> str:
        return "Search results" if terms else "Gateway queue"

    def get_scope(self, *, terms: dict) -> str:
        return "referrals" if terms else "gateway queue"

    def get_caption(self, table, *, terms: dict) -> str:
        caption = super().get_caption(table, terms=terms)
        return caption if terms else f"{caption}, urgent first, then overdue and due first"

    def get_actions(self) -> list[dict]:
        if not access.has_capability(self.request.user, "referrals.add_referral"):
            return []
        return [
            {"text": "Record a new referral", "href": reverse("referrals:referral_start")},
            {
                "text": "Import referrals from a file",
                "href": reverse("referrals:import_create"),
                "secondary": True,
            },
            {
                "text": "Your imports",
                "href": reverse("referrals:import_list"),
                "secondary": True,
            },
        ]


@login_required
def referral_start(request):
    access.require_add(request.user, Referral)
    request.session[DRAFT] = {}
    return redirect("referrals:referral_page", page=PAGE_ORDER[0])


@login_required
def referral_page(request, page: str):
    access.require_add(request.user, Referral)
    if page not in PAGES:
        raise Http404
    draft = request.session.get(DRAFT, {})
    if request.method == "POST":
        form = referral_page_form(page, data=request.POST)
        if form.is_valid():
            for name in PAGES[page]:
                draft[name] = _as_draft_value(form.cleaned_data.get(name))
            request.session[DRAFT] = draft
            if request.GET.get("return") == "check":
                return redirect("referrals:referral_check")
            position = PAGE_ORDER.index(page)
            if position + 1 < len(PAGE_ORDER):
                return redirect("referrals:referral_page", page=PAGE_ORDER[position + 1])
            return redirect("referrals:referral_check")
    else:
        form = referral_page_form(page, initial=draft)
    position = PAGE_ORDER.index(page)
    back = (
        reverse("referrals:referral_page", args=[PAGE_ORDER[position - 1]])
        if position
        else reverse("referrals:referral_list")
    )
    return form_page(
        request,
        form,
        title=PAGE_TITLES[page],
        caption=f"New referral – step {position + 1} of {len(PAGE_ORDER) + 1}",
        back_url=back,
    )


def _as_draft_value(value):
    """Cleaned values kept in the session as the plain strings the form accepts again."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return value
    return str(value)


def _shown_value(field, value) -> str:
    """A draft value as a person reads it: dates as "14 March 2009", choices by label."""
    if value in (None, "", []):
        return ""
    if isinstance(field, forms.DateField):
        try:
            return date_format(datetime.date.fromisoformat(str(value)), "j F Y")
        except ValueError:
            return str(value)
    choices = dict(getattr(field, "choice_list", None) or getattr(field.widget, "choices", []))
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value)
    return str(choices.get(value, value))


def _answers(draft: dict) -> list[dict]:
    """Check-your-answers rows, grouped by page, with human-readable values."""
    form = ReferralDataForm()
    sections = []
    for page in PAGE_ORDER:
        rows = []
        for name in PAGES[page]:
            field = form.fields[name]
            value = draft.get(name, "")
            shown = _shown_value(field, value)
            rows.append({"label": field.label, "value": shown or "Not given", "name": name})
        sections.append({"page": page, "title": PAGE_TITLES[page], "rows": rows})
    return sections


@login_required
@submit_once
def referral_check(request):
    access.require_add(request.user, Referral)
    once = OneTimeForm(request, purpose="referrals.referral_create", noun="referral")
    draft = request.session.get(DRAFT)
    if draft is None:
        if request.method == "POST":
            once.raise_if_used()  # a repeat after the draft was recorded goes to the referral
        return redirect("referrals:referral_start")
    errors = {}
    if request.method == "POST":
        try:
            with once.consume() as submission:
                referral = services.referral_submit(
                    submitted_by=request.user, team=request.user.team, data=draft
                )
                submission_created(
                    submission,
                    referral,
                    url=referral.get_absolute_url()
                    if access.can(request.user, access.VIEW, referral)
                    else reverse("referrals:referral_list"),
                )
        except ValidationError as error:
            errors = validation_messages(error, non_field_key="")
        else:
            request.session.pop(DRAFT, None)
            if access.can(request.user, access.VIEW, referral):
                messages.success(request, f"Referral {referral.reference} recorded.")
                return redirect(referral.get_absolute_url())
            # Routed at intake to the team that handles it (Cyber Prevent for its area).
            messages.success(
                request,
                f"Referral {referral.reference} recorded and sent to {referral.team.name}, "
                "the team that handles Cyber Prevent referrals for this area.",
            )
            return redirect("referrals:referral_list")
    labels = {name: field.label for name, field in ReferralDataForm().fields.items()}
    page_of = {name: page for page, names in PAGES.items() for name in names}
    error_list = [
        {
            "field": name,
            "label": labels.get(name, name) if name else "",
            "message": message,
            "page": page_of.get(name),
        }
        for name, messages_for_field in errors.items()
        for message in messages_for_field
    ]
    return render(
        request,
        "referrals/referral_check.html",
        {"sections": _answers(draft), "errors": error_list, "form_token": once.token},
    )


class ReferralDetailView(ObjectDetailView):
    """The referral, its person's earlier referrals, its decisions and attachments."""

    selector = selectors.referral_get
    template_name = "referrals/referral_detail.html"
    context_object_name = "referral"

    def get_context_data(self, record) -> dict:
        referral, user = record, self.request.user
        # Nothing of a restricted person the reader may not see (see referral_people_shown).
        selectors.referral_people_shown(user=user, referrals=[referral])
        may_change = access.can(user, access.CHANGE, referral)
        possible_matches = None
        if referral.person_id is None and may_change:
            # De-confliction starts as the referral arrives: say at once whether the person
            # may already be known (the candidates themselves are on the de-confliction page).
            # Matching counts them (referrals.registry).
            possible_matches = likely_match_count(user=user, referral=referral)
        return {
            **super().get_context_data(referral),
            "sla": selectors.sla_clock(referral),
            "history": []
            if referral.person_hidden
            else selectors.referral_history_for_person(user=user, referral=referral),
            "hidden_history": 0
            if referral.person_hidden
            else selectors.referral_hidden_history_count(referral=referral, user=user),
            "decisions": [
                (decision, workflow.available_transitions(decision, user=user))
                for decision in referral.decisions.select_related("proposed_by", "signed_off_by")
            ],
            "attachments": referral.attachments.all(),
            "feedback": referral.feedback.select_related("created_by"),
            "case": getattr(referral, "case", None) if hasattr(referral, "case") else None,
            "may_change": may_change,
            "person_hidden": referral.person_hidden,
            "possible_matches": possible_matches,
            # Where it came from, as the app it came from says (a Cyber Prevent enquiry).
            "origins": referral_origins(user=user, referral=referral),
            **history_link(user, referral),
            # Who holds it, its allocation history and tasks (apps.work, ADR 0018).
            "work": work_selectors.work_panel(user=user, record=referral),
        }


@login_required
@require_POST
def referral_begin_deconfliction(request, referral_id):
    referral = selectors.referral_get(
        user=request.user, referral_id=referral_id, action=access.CHANGE
    )
    try:
        services.referral_begin_deconfliction(referral=referral, officer=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(referral.get_absolute_url())
    return redirect("gateway:deconfliction", referral_id=referral.pk)


class ReferralUrgentView(ObjectFormView):
    """Mark the referral urgent, with why: it then heads every referral queue."""

    selector = selectors.referral_get
    form_class = UrgentForm
    service = services.referral_mark_urgent
    record_arg = "referral"
    title = "Mark as urgent"
    success_message = "Marked as urgent: the referral is now at the top of every queue."

    def get_initial(self, record) -> dict:
        return {"urgent_reason": record.urgent_reason}

    def form_data(self, form) -> dict:
        return {"reason": form.cleaned_data["urgent_reason"]}

    def get_context_data(self, form) -> dict:
        return {**super().get_context_data(form), "caption": self.object.reference}


@login_required
@require_POST
def referral_not_urgent(request, referral_id):
    referral = selectors.referral_get(user=request.user, referral_id=referral_id)
    access.require(request.user, access.CHANGE, referral)  # a reader: 403, not 404
    try:
        services.referral_unmark_urgent(referral=referral, officer=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "No longer urgent: the referral is back in its place by target.")
    return redirect(referral.get_absolute_url())


@login_required
@submit_once
def feedback_create(request, referral_id):
    """Send the outcome to the referrer, in words fit for a partner, and keep what was sent."""
    referral = selectors.referral_get(user=request.user, referral_id=referral_id)
    access.require(request.user, access.CHANGE, referral)  # a reader: 403, not 404
    if not referral.may_send_feedback:
        messages.error(request, _feedback_not_now(referral))
        return redirect(referral.get_absolute_url())
    once = OneTimeForm(request, purpose="referrals.feedback_create", noun="feedback")
    form = FeedbackForm(
        request.POST or None, once=once, initial={"text": feedback_wording(referral=referral)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                feedback = services.referrer_feedback_send(
                    referral=referral, officer=request.user, text=form.cleaned_data["text"]
                )
                submission_created(submission, feedback, url=referral.get_absolute_url())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Feedback sent to {feedback.recipient_email}.")
            return redirect(referral.get_absolute_url())
    return render(
        request,
        "referrals/feedback_create.html",
        {
            "form": form,
            "referral": referral,
            "page_title": "Send feedback to the referrer",
            "caption": referral.reference,
            "back_url": referral.get_absolute_url(),
        },
    )


def _feedback_not_now(referral) -> str:
    if not referral.referrer_may_receive_feedback:
        return "The referrer did not agree to feedback, so none can be sent."
    if not referral.referrer_email:
        return "The referral has no e-mail address for the referrer, so feedback cannot be sent."
    return "Feedback can be sent once the Gateway decision is signed off."


@login_required
@submit_once
def attachment_create(request, referral_id):
    referral = selectors.referral_get(
        user=request.user, referral_id=referral_id, action=access.CHANGE
    )
    once = OneTimeForm(request, purpose="referrals.attachment_create", noun="attachment")
    form = AttachmentForm(request.POST or None, request.FILES or None, once=once)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                attachment = services.referral_attachment_add(
                    referral=referral,
                    officer=request.user,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
                submission_created(submission, attachment, url=referral.get_absolute_url())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Attachment added.")
            return redirect(referral.get_absolute_url())
    form.helper.attrs = {**form.helper.attrs, "enctype": "multipart/form-data"}
    return form_page(
        request,
        form,
        title="Add an attachment",
        caption=referral.reference,
        back_url=referral.get_absolute_url(),
    )


@login_required
def attachment_download(request, attachment_id):
    attachment = selectors.attachment_get(user=request.user, attachment_id=attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
@submit_once
def import_create(request):
    access.require_add(request.user, Referral)
    once = OneTimeForm(request, purpose="referrals.import_create", noun="file")
    form = ImportForm(request.POST or None, request.FILES or None, once=once)
    if request.method == "POST" and form.is_valid():
        # The batch is queued when the claim commits, so a repeat never queues a second one.
        try:
            with once.consume() as submission:
                batch = services.referral_import_start(
                    officer=request.user, team=request.user.team, upload=form.cleaned_data["file"]
                )
                submission_created(
                    submission, batch, url=reverse("referrals:import_detail", args=[batch.pk])
                )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect("referrals:import_detail", import_id=batch.pk)
    form.helper.attrs = {**form.helper.attrs, "enctype": "multipart/form-data"}
    return render(
        request,
        "referrals/import_create.html",
        {
            "form": form,
            "page_title": "Import referrals from a file",
            "back_url": reverse("referrals:referral_list"),
            "columns": import_template.import_columns(),
        },
    )


TEMPLATE_FORMATS = {
    "csv": (import_template.template_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        import_template.template_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


@login_required
def import_template_download(request, file_format):
    """The columns and one synthetic example row: no personal data, so nothing to audit."""
    access.require_add(request.user, Referral)
    if file_format not in TEMPLATE_FORMATS:
        raise Http404
    build, content_type = TEMPLATE_FORMATS[file_format]
    response = HttpResponse(build(), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="referral-import-template.{file_format}"'
    )
    return response


@login_required
def import_detail(request, import_id):
    batch = selectors.referral_import_get(user=request.user, import_id=import_id)
    if imports.referral_import_is_stale(batch):
        # Its worker stopped: queue it again (or fail it) rather than poll for ever.
        imports.referral_import_recover(batch)
        batch.refresh_from_db()
    template = (
        "referrals/partials/import_progress.html"
        if request.htmx
        else "referrals/import_detail.html"
    )
    created = selectors.referral_import_created(user=request.user, batch=batch)
    return render(
        request,
        template,
        {"batch": batch, "finished": batch.is_finished, "created_referrals": created},
    )


class ReferralImportListView(ObjectListView):
    """The files the user uploaded, newest first, each linked to its progress and errors."""

    selector = selectors.referral_import_list
    table_class = ReferralImportTable
    filterset_class = ReferralImportFilter
    capability = access.capability_for(Referral, access.ADD)
    title = "Your imports"
    scope = "referral imports"
    empty_message = "You have not imported any files."
    no_match_message = "None of your imports match these filters."

    def get_actions(self) -> list[dict]:
        return [
            {"text": "Import referrals from a file", "href": reverse("referrals:import_create")}
        ]
