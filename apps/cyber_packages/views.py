"""Operation, package and subject pages: thin, reads through selectors, writes through
services. Only Cyber Prevent teams use them (accounts.selectors.require_cyber_user)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.selectors import require_cyber_user
from apps.core import access
from apps.core.forms import add_validation_error
from apps.core.idempotency import OneTimeForm, submission_created, submit_once
from apps.core.lists import ObjectListView
from apps.core.pages import ObjectDetailView, ObjectFormView, history_link
from apps.core.views import form_page
from apps.cyber_packages import filters, forms, selectors, services, tables
from apps.cyber_packages.choices import Identification, Progress
from apps.cyber_packages.imports import COLUMNS
from apps.cyber_packages.models import IntelligencePackage, Operation
from apps.cyber_packages.returns import package_return_xlsx
from apps.matching.presentation import choice_label, describe
from apps.work.selectors import allocatable_officers, work_panel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sections(current: str) -> list[dict]:
    entries = [
        ("packages", "Packages", "cyber_packages:package_list"),
        ("subjects", "Subjects", "cyber_packages:subject_list"),
        ("operations", "Operations", "cyber_packages:operation_list"),
    ]
    return [
        {"key": key, "text": text, "href": reverse(name), "current": key == current}
        for key, text, name in entries
    ]


class _ListView(ObjectListView):
    template_name = "cyber_packages/object_list.html"
    section = ""

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["sections"] = _sections(self.section)
        return context


# --- Operations -----------------------------------------------------------------------------


class OperationListView(_ListView):
    selector = selectors.operation_list_page
    table_class = tables.OperationTable
    filterset_class = filters.OperationFilter
    capability = "cyber_packages.view_operation"
    title = "Cyber Prevent operations"
    intro = "NCCU- and ROCU-led operations, with the packages they sent and the SPOC."
    scope = "cyber operations"
    section = "operations"
    empty_message = "There are no operations."

    def get_actions(self) -> list[dict]:
        if access.has_capability(self.request.user, "cyber_packages.add_operation"):
            return [
                {"text": "Record an operation", "href": reverse("cyber_packages:operation_create")}
            ]
        return []


class OperationDetailView(ObjectDetailView):
    selector = selectors.operation_get
    template_name = "cyber_packages/operation_detail.html"
    context_object_name = "operation"

    def get_context_data(self, record) -> dict:
        user = self.request.user
        return {
            **super().get_context_data(record),
            **history_link(self.request.user, record),
            "sections": _sections("operations"),
            "packages": selectors.operation_packages(user=user, operation=record),
            "may_change": access.can(user, access.CHANGE, record),
            "may_add_package": access.has_capability(
                user, "cyber_packages.add_intelligencepackage"
            ),
        }


@login_required
@submit_once
def operation_create(request):
    access.require_add(request.user, Operation)
    require_cyber_user(request.user, Operation)
    once = OneTimeForm(request, purpose="cyber_packages.operation_create", noun="operation")
    form = forms.OperationCreateForm(
        request.POST or None, once=once, user=request.user, initial={"spoc": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.OPERATION_FIELDS}
        try:
            with once.consume() as submission:
                operation = services.operation_create(officer=request.user, **data)
                submission_created(submission, operation)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Operation {operation.reference} recorded.")
            return redirect(operation.get_absolute_url())
    return form_page(
        request,
        form,
        title="Record an operation",
        back_url=reverse("cyber_packages:operation_list"),
    )


class OperationEditView(ObjectFormView):
    selector = selectors.operation_get
    form_class = forms.OperationEditForm
    service = services.operation_update
    record_arg = "operation"
    title = "Change the operation"
    success_message = "Operation saved."
    edit_fields = tuple(services.OPERATION_FIELDS)

    def get_initial(self, record) -> dict:
        return {name: getattr(record, name) for name in self.edit_fields}


# --- Packages -------------------------------------------------------------------------------


class PackageListView(_ListView):
    selector = selectors.package_list_page
    table_class = tables.PackageTable
    filterset_class = filters.PackageFilter
    capability = "cyber_packages.view_intelligencepackage"
    title = "Intelligence packages"
    intro = (
        "Packages of people from the NCCU, ROCUs, Action Fraud and forces, to contact by the "
        "sender's deadline."
    )
    scope = "intelligence packages"
    section = "packages"
    empty_message = "There are no packages."


class PackageDetailView(ObjectDetailView):
    selector = selectors.package_get
    template_name = "cyber_packages/package_detail.html"
    context_object_name = "package"

    def get_context_data(self, record) -> dict:
        user = self.request.user
        may_change = access.can(user, access.CHANGE, record)
        officers = allocatable_officers(record=record)
        supervising = may_change and access.has_capability(user, "work.change_allocation")
        allocate_form = None
        if supervising and officers:
            allocate_form = forms.AllocateForceForm(officers=officers)
            allocate_form.helper.form_action = reverse(
                "cyber_packages:package_allocate", kwargs={"package_id": record.pk}
            )
        return {
            **super().get_context_data(record),
            **history_link(self.request.user, record),
            "sections": _sections("packages"),
            "progress": selectors.package_progress(user=user, package=record),
            "forces": selectors.package_forces(user=user, package=record),
            "may_change": may_change,
            "may_allocate": allocate_form is not None,
            "allocate_form": allocate_form,
            "subjects_url": reverse("cyber_packages:subject_list") + f"?package={record.reference}",
            "overdue": record.deadline < timezone.localdate(),
            "work": work_panel(user=user, record=record),
        }


@login_required
@submit_once
def package_create(request, operation_id):
    operation = selectors.operation_get(user=request.user, operation_id=operation_id)
    access.require_add(request.user, IntelligencePackage)
    once = OneTimeForm(
        request, purpose=f"cyber_packages.package_create:{operation.pk}", noun="package"
    )
    form = forms.PackageCreateForm(request.POST or None, once=once)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.PACKAGE_FIELDS}
        try:
            with once.consume() as submission:
                package = services.package_create(officer=request.user, operation=operation, **data)
                submission_created(submission, package)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, f"Package {package.reference} recorded: now import its subjects."
            )
            return redirect("cyber_packages:package_import", package_id=package.pk)
    return form_page(
        request,
        form,
        title="Record a package",
        caption=f"{operation.name} ({operation.reference})",
        back_url=operation.get_absolute_url(),
    )


class PackageEditView(ObjectFormView):
    selector = selectors.package_get
    form_class = forms.PackageEditForm
    service = services.package_update
    record_arg = "package"
    title = "Change the package"
    success_message = "Package saved."
    edit_fields = tuple(services.PACKAGE_FIELDS)

    def get_initial(self, record) -> dict:
        return {name: getattr(record, name) for name in self.edit_fields}


@login_required
@submit_once
def package_import(request, package_id):
    package = selectors.package_get(user=request.user, package_id=package_id, action=access.CHANGE)
    once = OneTimeForm(request, purpose=f"cyber_packages.import:{package.pk}", noun="file")
    form = forms.ImportForm(request.POST or None, request.FILES or None, once=once)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                count = services.package_import_upload(
                    package=package, officer=request.user, upload=form.cleaned_data["file"]
                )
                submission_created(submission, package)
        except services.PackageImportRejected as rejected:
            problems = rejected.errors
            form.add_error(
                "file",
                f"The file has {len(problems)} problem{'s' if len(problems) != 1 else ''}: "
                "nothing was imported. Correct the rows listed and upload it again",
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{count} subjects imported into {package.reference}.")
            return redirect(package.get_absolute_url())
    form.helper.attrs = {**form.helper.attrs, "enctype": "multipart/form-data"}
    return render(
        request,
        "cyber_packages/import_form.html",
        {
            "form": form,
            "page_title": "Import the package's subjects",
            "caption": f"Package {package.reference} ({package.source_reference})",
            "back_url": package.get_absolute_url(),
            "columns": COLUMNS,
            "problems": problems,
        },
    )


@login_required
@require_POST
def package_allocate(request, package_id):
    package = selectors.package_get(user=request.user, package_id=package_id, action=access.CHANGE)
    officers = allocatable_officers(record=package)
    form = forms.AllocateForceForm(request.POST, officers=officers)
    if form.is_valid():
        try:
            count = services.package_allocate_force(
                package=package,
                force=form.cleaned_data["force"],
                officer=form.cleaned_data["officer"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"{count} {form.cleaned_data['force'].name} subjects allocated to "
                f"{form.cleaned_data['officer'].display_name}, due "
                f"{package.deadline:%-d %B %Y}.",
            )
    else:
        messages.error(request, "Select the force area and the officer")
    return redirect(f"{package.get_absolute_url()}#allocation-by-force")


@login_required
def package_return(request, package_id):
    package = selectors.package_get(user=request.user, package_id=package_id)
    content = package_return_xlsx(user=request.user, package=package)
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = (
        f'attachment; filename="return-{package.reference}-{stamp}.xlsx"'
    )
    return response


# --- Subjects -------------------------------------------------------------------------------


class SubjectListView(_ListView):
    selector = selectors.subject_list_page
    table_class = tables.SubjectTable
    filterset_class = filters.SubjectFilter
    capability = "cyber_packages.view_packagesubject"
    title = "Package subjects"
    intro = "Everyone the packages name or describe, by reference. Filter by package or force."
    scope = "package subjects"
    section = "subjects"
    empty_message = "There are no subjects."


class SubjectDetailView(ObjectDetailView):
    selector = selectors.subject_get
    template_name = "cyber_packages/subject_detail.html"
    context_object_name = "subject"

    def get_context_data(self, record) -> dict:
        user = self.request.user
        may_change = access.can(user, access.CHANGE, record)
        return {
            **super().get_context_data(record),
            **history_link(self.request.user, record),
            "sections": _sections("subjects"),
            "identifiers": selectors.subject_identifiers(record),
            "progress_label": Progress(record.progress).label,
            "may_change": may_change,
            "may_identify": may_change and not record.person_id,
            "may_refer": may_change
            and record.has_name
            and not record.referral_id
            and not record.closed_on,
            "may_close": may_change and not record.case_pk and not record.closed_on,
            "person_visible": record.person_id is not None
            and access.can(user, access.VIEW, record.person),
            "referral_visible": record.referral_id is not None
            and access.can(user, access.VIEW, record.referral),
            "work": work_panel(user=user, record=record),
        }


class SubjectEditView(ObjectFormView):
    selector = selectors.subject_get
    form_class = forms.SubjectEditForm
    service = services.subject_update
    record_arg = "subject"
    title = "Record what is known about the subject"
    success_message = "Subject saved."
    edit_fields = ("given_name", "family_name", "date_of_birth", "postcode", "force")

    def get_initial(self, record) -> dict:
        return {name: getattr(record, name) for name in self.edit_fields}


@login_required
def subject_identify(request, subject_id):
    subject = selectors.subject_get(user=request.user, subject_id=subject_id, action=access.CHANGE)
    found = selectors.subject_candidates(user=request.user, subject=subject)
    people = [candidate for candidate in found["people"] if candidate.visible]
    holders = [holder for holder in found["identifier_holders"] if holder["visible"]]
    options = [
        (holder["id"], f"{holder['reference']} – {holder['name']} (same identifier)")
        for holder in holders
    ]
    options += [
        (candidate.id, choice_label(candidate))
        for candidate in people
        if candidate.id not in {holder["id"] for holder in holders}
    ]
    form = forms.IdentifyForm(request.POST or None, candidates=options, allow_new=subject.has_name)
    if request.method == "POST" and form.is_valid():
        outcome = form.cleaned_data["outcome"]
        person = None
        if outcome.startswith("person:"):
            person = selectors.person_for_subject(
                user=request.user, person_id=outcome.split(":", 1)[1]
            )
            outcome = Identification.MATCHED
        try:
            services.subject_identify(
                subject=subject,
                officer=request.user,
                outcome=outcome,
                person=person,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "Identification recorded.")
            return redirect(subject.get_absolute_url())
    return render(
        request,
        "cyber_packages/identify.html",
        {
            "form": form,
            "subject": subject,
            "page_title": "Who is the subject?",
            "caption": f"Subject {subject.reference}",
            "back_url": subject.get_absolute_url(),
            "holders": found["identifier_holders"],
            "candidates": [describe(candidate) for candidate in found["people"]],
            "identifiers": selectors.subject_identifiers(subject),
        },
    )


@login_required
def subject_close(request, subject_id):
    subject = selectors.subject_get(user=request.user, subject_id=subject_id, action=access.CHANGE)
    form = forms.CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subject_close(subject=subject, officer=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Subject {subject.reference} closed.")
            return redirect(subject.get_absolute_url())
    return form_page(
        request,
        form,
        title="Close the subject without a case",
        caption=f"Subject {subject.reference}",
        intro="A subject with a case closes when the case does.",
        back_url=subject.get_absolute_url(),
    )


@login_required
@submit_once
def subject_refer(request, subject_id):
    subject = selectors.subject_get(user=request.user, subject_id=subject_id, action=access.CHANGE)
    once = OneTimeForm(request, purpose=f"cyber_packages.refer:{subject.pk}", noun="referral")
    form = forms.ReferForm(
        request.POST or None, once=once, initial={"concern": subject.package.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                referral = services.subject_refer(
                    subject=subject, officer=request.user, data=dict(form.cleaned_data)
                )
                submission_created(submission, subject)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if access.can(request.user, access.CHANGE, referral):
                messages.success(
                    request,
                    f"Referral {referral.reference} created for subject {subject.reference}: "
                    "check who the person is.",
                )
                return redirect("gateway:deconfliction", referral_id=referral.pk)
            messages.success(request, f"Referral {referral.reference} created.")
            return redirect(subject.get_absolute_url())
    return form_page(
        request,
        form,
        title="Open a case for the subject",
        caption=f"Subject {subject.reference}",
        intro="The subject becomes a Cyber Prevent referral through the normal intake, and "
        "de-confliction starts at once. When the Gateway opens the case, the subject's "
        "progress follows it.",
        back_url=subject.get_absolute_url(),
    )
