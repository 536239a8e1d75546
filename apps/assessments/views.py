"""Assessment pages: a case's assessments, the assessment with the previous one beside it,
editing, submission, sign-off, and the administrator's framework versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.assessments import selectors, services
from apps.assessments.filters import AssessmentFilter
from apps.assessments.forms import (
    AssessmentForm,
    AssessmentSignOffForm,
    AssessmentStartForm,
    FrameworkUploadForm,
)
from apps.assessments.models import AssessmentFramework
from apps.assessments.tables import AssessmentTable
from apps.core import access, workflow
from apps.core.concurrency import EditConflict
from apps.core.forms import add_validation_error
from apps.core.idempotency import OneTimeForm, submission_created, submit_once
from apps.core.lists import ObjectListView
from apps.core.pages import ObjectDetailView
from apps.core.views import form_page

NO_SCORE = (
    "The system computes no score and suggests no level. The framework structures your "
    "professional judgement: the judgements, the conclusion and the plan are yours, and a "
    "supervisor signs them off."
)


class AssessmentListView(ObjectListView):
    selector = selectors.assessment_list
    table_class = AssessmentTable
    filterset_class = AssessmentFilter
    capability = "assessments.view_assessment"
    title = "Assessments"
    scope = "assessments"
    empty_message = "There are no assessments."
    no_match_message = "No assessments match your filters."


@login_required
def case_assessments(request, case_id):
    case = selectors.case_for_assessments(user=request.user, case_id=case_id)
    assessments = selectors.assessments_for_case(user=request.user, case=case)
    may_start = access.has_capability(request.user, "assessments.add_assessment")
    return render(
        request,
        "assessments/case_assessments.html",
        {"case": case, "assessments": assessments, "may_start": may_start, "no_score": NO_SCORE},
    )


@login_required
@submit_once
def assessment_create(request, case_id):
    case = selectors.case_for_assessments(user=request.user, case_id=case_id)
    access.require_capability(request.user, "assessments.add_assessment")
    once = OneTimeForm(request, purpose="assessments.assessment_create", noun="assessment")
    form = AssessmentStartForm(request.POST or None, once=once)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                assessment = services.assessment_start(case=case, officer=request.user)
                submission_created(submission, assessment, url=assessment.get_absolute_url())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Assessment {assessment.reference} started.")
            return redirect("assessments:assessment_edit", assessment_id=assessment.pk)
    framework = AssessmentFramework.objects.filter(is_current=True).first()
    return form_page(
        request,
        form,
        title="Start an assessment",
        caption=case.reference,
        intro=(
            f"The assessment uses {framework}. {NO_SCORE}"
            if framework
            else "No assessment framework is loaded: ask an administrator."
        ),
        back_url=reverse("assessments:case_assessments", args=[case.pk]),
    )


class AssessmentDetailView(ObjectDetailView):
    selector = selectors.assessment_get
    template_name = "assessments/assessment_detail.html"
    context_object_name = "assessment"

    def get_context_data(self, record):
        context = super().get_context_data(record)
        context["comparison"] = selectors.assessment_comparison(
            user=self.request.user, assessment=record
        )
        context["no_score"] = NO_SCORE
        return context


SNAPSHOT_SALT = "apps.assessments.edit"


def _snapshot(assessment) -> str:
    """The values the edit page starts from, signed for the record (core.concurrency's rule)."""
    return signing.dumps(
        {"version": assessment.version, "values": services.assessment_values(assessment)},
        salt=f"{SNAPSHOT_SALT}:{assessment.pk}",
    )


def _read_snapshot(assessment, token: str) -> tuple[int, dict]:
    try:
        payload = signing.loads(token, salt=f"{SNAPSHOT_SALT}:{assessment.pk}")
        return int(payload["version"]), dict(payload["values"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise ValidationError(
            "This form could not be checked. Reload the page, then make your changes again."
        ) from error


def _initial(assessment) -> dict:
    return {
        **services.assessment_values(assessment),
        "version": assessment.version,
        "snapshot": _snapshot(assessment),
    }


@login_required
def assessment_edit(request, assessment_id):
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    transitions = workflow.available_transitions(assessment, user=request.user)
    if not assessment._may_edit(request.user):
        access.require_capability(request.user, "assessments.change_assessment")
    if not assessment.is_editable:
        messages.error(request, "This assessment has been submitted: it cannot be changed now.")
        return redirect(assessment.get_absolute_url())
    comparison = selectors.assessment_comparison(user=request.user, assessment=assessment)
    form = AssessmentForm(
        request.POST or None,
        initial=_initial(assessment),
        comparison=comparison,
        first=comparison["previous"] is None and assessment.number == 1,
    )
    if request.method == "POST" and form.is_valid():
        try:
            version, base = _read_snapshot(assessment, form.cleaned_data["snapshot"])
            services.assessment_update(
                assessment=assessment,
                officer=request.user,
                expected_version=version,
                base=base,
                values=form.values(),
            )
        except EditConflict as conflict:
            if conflict.conflicts:
                form.show_conflicts(conflict, snapshot=_snapshot(conflict.current))
            else:
                add_validation_error(form, conflict)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "Assessment saved.")
            return redirect(assessment.get_absolute_url())
    return render(
        request,
        "assessments/assessment_form.html",
        {
            "assessment": assessment,
            "form": form,
            "comparison": comparison,
            "transitions": transitions,
            "no_score": NO_SCORE,
        },
    )


@login_required
@require_POST
def assessment_submit(request, assessment_id):
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    try:
        services.assessment_submit(assessment=assessment, officer=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(assessment.get_absolute_url())
    messages.success(request, "Assessment sent to a supervisor for sign-off.")
    return redirect(assessment.get_absolute_url())


@login_required
def assessment_sign_off(request, assessment_id):
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    transitions = workflow.available_transitions(assessment, user=request.user)
    if transitions.refused("sign_off"):
        raise PermissionDenied("You may not sign off this assessment.")
    if "sign_off" not in transitions.allowed:
        messages.error(request, "This assessment is not awaiting sign-off.")
        return redirect(assessment.get_absolute_url())
    form = AssessmentSignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_decide(
                assessment=assessment,
                supervisor=request.user,
                approve=form.cleaned_data["approve"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "Sign-off recorded.")
            return redirect(assessment.get_absolute_url())
    return render(
        request,
        "assessments/assessment_sign_off.html",
        {
            "assessment": assessment,
            "form": form,
            "comparison": selectors.assessment_comparison(user=request.user, assessment=assessment),
            "no_score": NO_SCORE,
        },
    )


@login_required
def framework_list(request):
    frameworks = selectors.framework_list(user=request.user)
    return render(request, "assessments/framework_list.html", {"frameworks": frameworks})


@login_required
def framework_upload(request):
    access.require_capability(request.user, "assessments.add_assessmentframework")
    form = FrameworkUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            framework = services.framework_load(
                content=form.cleaned_data["file"].read(),
                loaded_by=request.user,
                make_current=form.cleaned_data["make_current"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, f"{framework} loaded.")
            return redirect("assessments:framework_list")
    form.helper.form_tag = True
    form.helper.attrs = {"novalidate": "", "enctype": "multipart/form-data"}
    return form_page(
        request,
        form,
        title="Load an assessment framework",
        intro="A YAML or JSON file with the framework's name, version, dimensions and factors. "
        "A version, once loaded, is never changed: load a new version instead.",
        back_url=reverse("assessments:framework_list"),
    )


@login_required
@require_POST
def framework_make_current(request, framework_id):
    access.require_capability(request.user, "assessments.add_assessmentframework")
    framework = selectors.framework_list(user=request.user).filter(pk=framework_id).first()
    if framework is None:
        return redirect("assessments:framework_list")
    services.framework_make_current(framework=framework, officer=request.user)
    messages.success(request, f"New assessments now use {framework}.")
    return redirect("assessments:framework_list")
