"""Cyber Prevent impact pages: interviews, outcome measures, and the suppressed reports."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from apps.cases.choices import CaseType
from apps.cases.filters import CheckFilter
from apps.core import access, audit, disclosure
from apps.core.forms import add_validation_error
from apps.core.idempotency import OneTimeForm, submission_created, submit_once
from apps.core.lists import ObjectListView
from apps.core.pages import ObjectDetailView, ObjectFormView
from apps.core.views import form_page
from apps.cyber_impact import reports, selectors, services
from apps.cyber_impact.choices import Breakdown, MeasurePoint
from apps.cyber_impact.filters import InterviewFilter, MeasureFilter
from apps.cyber_impact.forms import (
    ImpactReportForm,
    InsightReportForm,
    InterviewAmendForm,
    InterviewForm,
    MeasureEditForm,
    MeasureForm,
)
from apps.cyber_impact.tables import CheckTable, InterviewTable, MeasureTable

ADD_INTERVIEW = "cyber_impact.add_intelligenceinterview"
ADD_MEASURE = "cyber_impact.add_outcomemeasure"
CHANGE_MEASURE = "cyber_impact.change_outcomemeasure"
CHANGE_INTERVIEW = "cyber_impact.change_intelligenceinterview"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _case_url(case) -> str:
    return reverse("cyber_impact:case_impact", kwargs={"case_id": case.pk})


# --- A case's impact ----------------------------------------------------------------------
@login_required
def case_impact(request, case_id):
    case = selectors.case_for_impact(user=request.user, case_id=case_id)
    user = request.user
    if case.case_type != CaseType.CYBER_PREVENT:
        return render(request, "cyber_impact/case_impact.html", {"case": case, "not_cyber": True})
    return render(
        request,
        "cyber_impact/case_impact.html",
        {
            "case": case,
            **selectors.case_impact(case=case),
            "may_interview": access.has_capability(user, ADD_INTERVIEW),
            "may_measure": access.has_capability(user, ADD_MEASURE),
        },
    )


@login_required
@submit_once
def interview_create(request, case_id):
    case = selectors.cyber_case_get(user=request.user, case_id=case_id, capability=ADD_INTERVIEW)
    access.require(request.user, access.CHANGE, case)
    once = OneTimeForm(request, purpose="cyber_impact.interview_create", noun="interview")
    requirements = selectors.requirements()
    form = InterviewForm(request.POST or None, once=once, requirements=requirements)
    if request.method == "POST" and form.is_valid():
        answers = []
        for requirement in requirements:
            options, note = form.chosen(requirement)
            answers.append(services.Answer(requirement, options, note))
        data = {
            name: form.cleaned_data[name]
            for name in (
                "disposal",
                "disposal_date",
                "consent",
                "consent_given_by",
                "appropriate_adult",
                "location",
                "summary",
            )
        }
        try:
            with once.consume() as submission:
                interview = services.interview_record(
                    case=case,
                    officer=request.user,
                    interviewed_at=form.interviewed_at,
                    answers=answers,
                    **data,
                )
                submission_created(submission, interview, url=interview.get_absolute_url())
        except ValidationError as error:
            if hasattr(error, "error_dict") and "interviewed_at" in error.error_dict:
                error = ValidationError(
                    {"date" if k == "interviewed_at" else k: v for k, v in error.error_dict.items()}
                )
            add_validation_error(form, error)
        else:
            messages.success(request, f"Intelligence interview {interview.reference} recorded.")
            return redirect(interview.get_absolute_url())
    return form_page(
        request,
        form,
        title="Record an intelligence interview",
        caption=f"Case {case.reference}",
        intro="A Prevent intelligence interview after disposal, structured by the national "
        "intelligence requirements. It is kept as a debrief interview on the case. The "
        "answers are counted, with small numbers withheld, in the insight report; they are "
        "never a score about the person.",
        back_url=_case_url(case),
    )


class InterviewDetailView(ObjectDetailView):
    selector = selectors.interview_get
    template_name = "cyber_impact/interview_detail.html"
    context_object_name = "interview"

    def get_context_data(self, record):
        return {
            **super().get_context_data(record),
            "answers": selectors.interview_answers(interview=record),
            "versions": selectors.interview_versions(interview=record),
            # Earlier versions are shown to supervisors; the audit trail keeps both for all.
            "show_earlier": access.has_capability(self.request.user, "cases.supervise_case"),
            "may_amend": access.has_capability(self.request.user, CHANGE_INTERVIEW)
            and access.can(self.request.user, access.CHANGE, record.case),
            "contact_url": reverse(
                "cases:contact_detail",
                kwargs={"case_id": record.case_id, "contact_id": record.contact_id},
            ),
        }


class InterviewAmendView(ObjectFormView):
    """Amend an interview: a new version with the reason, field by field over a colleague's
    change (core.concurrency)."""

    selector = selectors.interview_get
    form_class = InterviewAmendForm
    service = services.interview_amend
    record_arg = "interview"
    edit_fields = services.INTERVIEW_FIELDS
    title = "Amend the intelligence interview"
    success_message = "Amendment saved. The earlier version is kept."

    def dispatch(self, request, *args, **kwargs):
        # Access follows the case: the interview has no access rules of its own.
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        access.require_capability(request.user, CHANGE_INTERVIEW)
        access.require(request.user, access.CHANGE, self.object.case)
        return View.dispatch(self, request, *args, **kwargs)

    def get_initial(self, record):
        return {name: getattr(record, name) for name in services.INTERVIEW_FIELDS}


class InterviewListView(ObjectListView):
    selector = selectors.interview_list
    table_class = InterviewTable
    filterset_class = InterviewFilter
    capability = selectors.VIEW_INTERVIEW
    title = "Intelligence interviews"
    scope = "cyber intelligence interviews"
    empty_message = "There are no intelligence interviews."

    def get_queryset(self, terms=None):
        return selectors.interview_list(user=self.request.user).order_by("-interviewed_at")


# --- Outcome measures ---------------------------------------------------------------------
@login_required
@submit_once
def measure_create(request, case_id):
    case = selectors.cyber_case_get(user=request.user, case_id=case_id, capability=ADD_MEASURE)
    access.require(request.user, access.CHANGE, case)
    once = OneTimeForm(request, purpose="cyber_impact.measure_create", noun="outcome measure")
    interventions = selectors.case_interventions(case=case)
    form = MeasureForm(
        request.POST or None,
        once=once,
        interventions=interventions,
        initial={
            "intervention": request.GET.get("intervention", ""),
            "point": request.GET.get("point", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        intervention = form.interventions[data.pop("intervention")]
        try:
            with once.consume() as submission:
                measure = services.outcome_measure_record(
                    intervention=intervention, officer=request.user, **data
                )
                submission_created(submission, measure, url=measure.get_absolute_url())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Outcome measure {measure.reference} recorded.")
            return redirect(_case_url(case))
    return form_page(
        request,
        form,
        title="Record an outcome measure",
        caption=f"Case {case.reference}",
        intro="What became of the person at the intervention's end, or 6, 12 or 24 months "
        "after. The re-referral or re-offending part is taken from the case's re-offending "
        "check for the same point, done by an officer on the case's Re-offending checks page: "
        "until that check is done the measure says not yet checked. The service never checks "
        "for you.",
        back_url=_case_url(case),
    )


class MeasureDetailView(ObjectDetailView):
    selector = selectors.measure_get
    template_name = "cyber_impact/measure_detail.html"
    context_object_name = "measure"

    def get_context_data(self, record):
        return {
            **super().get_context_data(record),
            "may_change": access.has_capability(self.request.user, CHANGE_MEASURE)
            and access.can(self.request.user, access.CHANGE, record.case),
        }


class MeasureEditView(ObjectFormView):
    selector = selectors.measure_get
    form_class = MeasureEditForm
    service = services.outcome_measure_update
    record_arg = "measure"
    edit_fields = services.MEASURE_FIELDS
    title = "Change the outcome measure"
    success_message = "Outcome measure saved."

    def dispatch(self, request, *args, **kwargs):
        # Access follows the case: the measure has no access rules of its own.
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        access.require_capability(request.user, CHANGE_MEASURE)
        access.require(request.user, access.CHANGE, self.object.case)
        return View.dispatch(self, request, *args, **kwargs)

    def get_initial(self, record):
        return {name: getattr(record, name) for name in services.MEASURE_FIELDS}


class CheckListView(ObjectListView):
    """Re-offending checks across the Cyber Prevent cases the user may see (cases' checks,
    done by a person): filters, sort, pages and CSV/XLSX downloads, each audited."""

    selector = selectors.check_list
    table_class = CheckTable
    filterset_class = CheckFilter
    capability = selectors.VIEW_MEASURE
    title = "Re-offending checks"
    scope = "cyber reoffending checks"
    empty_message = "There are no re-offending checks."

    def get_queryset(self, terms=None):
        return selectors.check_list(user=self.request.user).order_by("due_on", "pk")


class MeasureListView(ObjectListView):
    selector = selectors.measure_list
    table_class = MeasureTable
    filterset_class = MeasureFilter
    capability = selectors.VIEW_MEASURE
    title = "Outcome measures"
    scope = "cyber outcome measures"
    empty_message = "There are no outcome measures."

    def get_actions(self) -> list[dict]:
        return [
            {
                "text": "Re-offending checks",
                "href": reverse("cyber_impact:check_list"),
                "secondary": True,
            }
        ]

    def get_queryset(self, terms=None):
        return selectors.measure_list(user=self.request.user).order_by("-measured_on")


# --- Reports (aggregates only, suppressed) ------------------------------------------------
def _period(form) -> reports.Period:
    default = reports.Period.last_year()
    data = form.cleaned_data if form.is_valid() else {}
    return reports.Period(
        start=data.get("start") or default.start, end=data.get("end") or default.end
    )


def _report_response(request, *, report, form, template, scope, xlsx, filename):
    """The report page, or its XLSX or PDF (an audited export); viewing it is recorded too."""
    export = request.GET.get("export")
    terms = report.terms()
    if export in ("xlsx", "pdf"):
        audit.record_export(
            user=request.user,
            scope=scope,
            terms=terms,
            result_count=0,
            export_format=export,
            references=[],
        )
        stamp = datetime.date.today().isoformat()
        if export == "xlsx":
            response = HttpResponse(xlsx(report), content_type=XLSX)
        else:
            context = {
                "report": report,
                "note": disclosure.note(),
                "marking": settings.PROTECTIVE_MARKING_BANNER,
            }
            response = HttpResponse(
                reports.to_pdf(f"cyber_impact/{template}_print.html", context),
                content_type="application/pdf",
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{export}"'
        return response
    audit.record_search(user=request.user, scope=scope, terms=terms, result_count=0)
    query = request.GET.copy()
    query.pop("export", None)
    return render(
        request,
        f"cyber_impact/{template}.html",
        {
            "report": report,
            "form": form,
            "note": disclosure.note(),
            "query": query.urlencode(),
        },
    )


@login_required
def impact_report(request):
    access.require_capability(request.user, selectors.VIEW_REPORT)
    form = ImpactReportForm(request.GET or None)
    form.helper.form_method = "get"
    valid = form.is_valid() if request.GET else True
    if not valid:
        return render(
            request,
            "cyber_impact/impact_report.html",
            {"report": None, "form": form, "note": disclosure.note()},
        )
    data = form.cleaned_data if request.GET else {}
    report = reports.impact_report(
        point=data.get("point") or MeasurePoint.END,
        breakdown=data.get("breakdown") or Breakdown.INTERVENTION_TYPE,
        period=_period(form) if request.GET else reports.Period.last_year(),
    )
    return _report_response(
        request,
        report=report,
        form=form,
        template="impact_report",
        scope="cyber impact report",
        xlsx=reports.impact_xlsx,
        filename="cyber-prevent-impact",
    )


@login_required
def insight_report(request):
    access.require_capability(request.user, selectors.VIEW_REPORT)
    form = InsightReportForm(request.GET or None)
    form.helper.form_method = "get"
    valid = form.is_valid() if request.GET else True
    if not valid:
        return render(
            request,
            "cyber_impact/insight_report.html",
            {"report": None, "form": form, "note": disclosure.note()},
        )
    report = reports.insight_report(
        period=_period(form) if request.GET else reports.Period.last_year()
    )
    return _report_response(
        request,
        report=report,
        form=form,
        template="insight_report",
        scope="cyber insight report",
        xlsx=reports.insight_xlsx,
        filename="cyber-prevent-insight",
    )
