"""Support pages: a case's plan, consent, interventions and signposting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.cases.choices import CaseType
from apps.core import access, workflow
from apps.core.concurrency import EditConflict, VersionedFormMixin, read_snapshot
from apps.core.forms import add_validation_error
from apps.core.idempotency import OneTimeForm, submission_created, submit_once
from apps.core.lists import ObjectListView
from apps.core.pages import ObjectDetailView
from apps.core.views import form_page
from apps.documents.registry import document_kinds
from apps.interventions import selectors, services
from apps.interventions.choices import InterventionScheme
from apps.interventions.filters import InterventionFilter
from apps.interventions.forms import (
    ConsentForm,
    InterventionAdultEditForm,
    InterventionEditForm,
    InterventionEndForm,
    InterventionForm,
    InterventionLinksForm,
    InvestigationCheckForm,
    LetterDeliveryForm,
    SignpostingForm,
    SignpostingResponseForm,
    SupportPlanEditForm,
    SupportPlanForm,
)
from apps.interventions.letters import CEASE_AND_DESIST
from apps.interventions.tables import InterventionTable


def _support_url(case) -> str:
    return reverse("interventions:case_support", args=[case.pk])


@login_required
def case_support(request, case_id):
    case = selectors.case_for_support(user=request.user, case_id=case_id)
    user = request.user
    return render(
        request,
        "interventions/case_support.html",
        {
            "case": case,
            "cyber": case.case_type == CaseType.CYBER_PREVENT,
            **selectors.support_overview(case=case),
            "may": {
                "plan": access.has_capability(user, "interventions.change_supportplan"),
                "consent": access.has_capability(user, "interventions.add_consentrecord"),
                "intervention": access.has_capability(user, "interventions.add_intervention"),
                "signposting": access.has_capability(user, "interventions.add_signposting"),
                "documents": access.has_capability(user, "documents.generate_document"),
            },
            "documents": [kind for kind in document_kinds() if kind.code.startswith("case-")],
        },
    )


def save_versioned(form, record, *, fields, initial_for, call) -> bool:
    """Save through `call(expected_version=, base=, **data)`; show a conflict on the form.

    The edit-conflict rule (core.concurrency): a colleague's save of other fields is merged,
    the same field changed by both is refused with both values shown and nothing typed lost.
    """
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "snapshot")}
    try:
        version, base = read_snapshot(record, form.cleaned_data["snapshot"])
        call(expected_version=version, base=base, **data)
    except EditConflict as conflict:
        if conflict.conflicts:
            form.show_conflicts(conflict, now=initial_for(conflict.current), fields=fields)
        else:
            add_validation_error(form, conflict)
        return False
    except ValidationError as error:
        add_validation_error(form, error)
        return False
    return True


def _plan_initial(plan) -> dict:
    return {name: getattr(plan, name) for name in services.PLAN_FIELDS}


@login_required
def support_plan_edit(request, case_id):
    case = selectors.case_for_support(user=request.user, case_id=case_id)
    access.require_capability(request.user, "interventions.change_supportplan")
    plan = selectors.support_overview(case=case)["plan"]
    if plan is None:
        form = SupportPlanForm(request.POST or None)
    else:
        initial = {
            **_plan_initial(plan),
            **VersionedFormMixin.versioned_initial(plan, services.PLAN_FIELDS),
        }
        form = SupportPlanEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if plan is None:
            try:
                services.support_plan_save(
                    case=case, officer=request.user, expected_version=None, **form.cleaned_data
                )
                saved = True
            except ValidationError as error:
                add_validation_error(form, error)
                saved = False
        else:
            saved = save_versioned(
                form,
                plan,
                fields=services.PLAN_FIELDS,
                initial_for=_plan_initial,
                call=lambda **data: services.support_plan_save(
                    case=case, officer=request.user, **data
                ),
            )
        if saved:
            messages.success(request, "Support plan saved.")
            return redirect(_support_url(case))
    return form_page(
        request, form, title="Support plan", caption=case.reference, back_url=_support_url(case)
    )


@login_required
@submit_once
def consent_create(request, case_id):
    case = selectors.case_for_support(user=request.user, case_id=case_id)
    access.require_capability(request.user, "interventions.add_consentrecord")
    once = OneTimeForm(request, purpose="interventions.consent_create", noun="consent record")
    form = ConsentForm(request.POST or None, once=once)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                record = services.consent_record(
                    case=case, officer=request.user, **form.cleaned_data
                )
                submission_created(submission, record, url=_support_url(case))
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Consent recorded: {record.get_status_display().lower()}.")
            return redirect(_support_url(case))
    return form_page(
        request,
        form,
        title="Record consent",
        caption=case.reference,
        intro="Support is voluntary. For a child, a parent or guardian gives consent. "
        "Withdrawing or declining consent stops any support that needs it.",
        back_url=_support_url(case),
    )


@login_required
@submit_once
def intervention_create(request, case_id):
    case = selectors.case_for_support(user=request.user, case_id=case_id)
    access.require_capability(request.user, "interventions.add_intervention")
    once = OneTimeForm(request, purpose="interventions.intervention_create", noun="intervention")
    providers = selectors.provider_labels(selectors.provider_choices(user=request.user, case=case))
    cyber = case.case_type == CaseType.CYBER_PREVENT
    form = InterventionForm(
        request.POST or None,
        once=once,
        types=selectors.intervention_types(
            scheme=InterventionScheme.CYBER if cyber else InterventionScheme.PREVENT
        ),
        providers=providers,
        officers=selectors.officer_choices(case=case),
        partners=selectors.partner_choices(user=request.user, case=case),
        sections=selectors.cma_sections() if cyber else None,
        user=request.user,
        # The sections the referral named are ticked to start with.
        initial={"cma_sections": selectors.referral_cma_sections(case=case)} if cyber else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for name in ("cma_sections", "partners"):
            if name in data:
                data[name] = list(data[name])
        try:
            with once.consume() as submission:
                intervention = services.intervention_create(case=case, officer=request.user, **data)
                submission_created(submission, intervention, url=intervention.get_absolute_url())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Intervention {intervention.reference} added.")
            return redirect(intervention.get_absolute_url())
    return form_page(
        request,
        form,
        title="Add an intervention",
        caption=case.reference,
        back_url=_support_url(case),
    )


class InterventionDetailView(ObjectDetailView):
    selector = selectors.intervention_get
    template_name = "interventions/intervention_detail.html"
    context_object_name = "intervention"

    def get_context_data(self, record):
        context = super().get_context_data(record)
        consent = selectors.current_consent(case=record.case)
        user = self.request.user
        context["consent"] = consent
        context.update(selectors.cyber_detail(intervention=record))
        # Consent has its own warning on the page; these are the Cyber Prevent rules.
        context["start_refusals"] = selectors.start_refusals(
            record, consent=consent, consent_message=None
        )
        context["may"] = {
            "check": access.has_capability(user, "interventions.add_investigationcheck"),
            "delivery": access.has_capability(user, "interventions.add_letterdelivery"),
            "letter": access.has_capability(user, "documents.generate_document"),
            "links": access.has_capability(user, "interventions.change_intervention"),
        }
        context["letter_kind"] = CEASE_AND_DESIST
        return context


class InterventionListView(ObjectListView):
    selector = selectors.intervention_list
    table_class = InterventionTable
    filterset_class = InterventionFilter
    capability = "interventions.view_intervention"
    title = "Interventions"
    scope = "interventions"
    empty_message = "There are no interventions."
    no_match_message = "No interventions match your filters."


def _edit_fields(intervention) -> list[str]:
    """The fields the edit page offers: a visit or interview adds the appropriate adult."""
    if intervention.intervention_type.meets_the_person:
        return services.INTERVENTION_FIELDS
    return [name for name in services.INTERVENTION_FIELDS if not name.startswith("appropriate_")]


def _intervention_initial(intervention) -> dict:
    return {name: getattr(intervention, name) for name in _edit_fields(intervention)}


@login_required
def intervention_edit(request, intervention_id):
    intervention = selectors.intervention_get(user=request.user, intervention_id=intervention_id)
    access.require_capability(request.user, "interventions.change_intervention")
    fields = _edit_fields(intervention)
    initial = {
        **_intervention_initial(intervention),
        **VersionedFormMixin.versioned_initial(intervention, fields),
    }
    form_class = (
        InterventionAdultEditForm
        if intervention.intervention_type.meets_the_person
        else InterventionEditForm
    )
    form = form_class(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_versioned(
            form,
            intervention,
            fields=fields,
            initial_for=_intervention_initial,
            call=lambda **data: services.intervention_update(
                intervention=intervention, officer=request.user, **data
            ),
        )
    ):
        messages.success(request, "Intervention saved.")
        return redirect(intervention.get_absolute_url())
    return form_page(
        request,
        form,
        title=f"Edit intervention {intervention.reference}",
        caption=intervention.case.reference,
        back_url=intervention.get_absolute_url(),
    )


@login_required
def intervention_links_edit(request, intervention_id):
    intervention = selectors.intervention_get(user=request.user, intervention_id=intervention_id)
    access.require_capability(request.user, "interventions.change_intervention")
    case = intervention.case
    cyber = case.case_type == CaseType.CYBER_PREVENT
    current_partners = list(intervention.partners.all())
    # The partners already recorded stay offered, even if no longer in the person's area.
    offered = selectors.partner_choices(user=request.user, case=case) | (
        selectors.partner_choices(user=request.user, case=None).filter(
            pk__in=[partner.pk for partner in current_partners]
        )
    )
    form = InterventionLinksForm(
        request.POST or None,
        partners=offered.distinct().order_by("name"),
        sections=selectors.cma_sections() if cyber else None,
        initial={
            "version": intervention.version,
            "partners": current_partners,
            "cma_sections": list(intervention.cma_sections.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_links_set(
                intervention=intervention,
                officer=request.user,
                expected_version=form.cleaned_data["version"],
                partners=list(form.cleaned_data["partners"]),
                cma_sections=list(form.cleaned_data["cma_sections"]) if cyber else None,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect(intervention.get_absolute_url())
    return form_page(
        request,
        form,
        title="Sections and partners" if cyber else "Partners involved",
        caption=intervention.reference,
        back_url=intervention.get_absolute_url(),
    )


@login_required
@require_POST
def intervention_start(request, intervention_id):
    intervention = selectors.intervention_get(user=request.user, intervention_id=intervention_id)
    try:
        services.intervention_transition(
            intervention=intervention, officer=request.user, step="start"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The support has started.")
    return redirect(intervention.get_absolute_url())


@login_required
def intervention_end(request, intervention_id, step):
    if step not in ("complete", "stop"):
        raise PermissionDenied("No such step.")
    intervention = selectors.intervention_get(user=request.user, intervention_id=intervention_id)
    transitions = workflow.available_transitions(intervention, user=request.user)
    if transitions.refused(step):
        raise PermissionDenied("You may not do this.")
    if step not in transitions.possible:
        messages.error(request, "This support is not at a stage where that can be done.")
        return redirect(intervention.get_absolute_url())
    form = InterventionEndForm(request.POST or None, initial={"outcome": intervention.outcome})
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_transition(
                intervention=intervention,
                officer=request.user,
                step=step,
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "Outcome recorded.")
            return redirect(intervention.get_absolute_url())
    return form_page(
        request,
        form,
        title="Complete the support" if step == "complete" else "Stop the support",
        caption=intervention.reference,
        back_url=intervention.get_absolute_url(),
    )


@login_required
@submit_once
def investigation_check_create(request, intervention_id):
    intervention = selectors.intervention_get(user=request.user, intervention_id=intervention_id)
    access.require_capability(request.user, "interventions.add_investigationcheck")
    once = OneTimeForm(request, purpose="interventions.investigation_check_create", noun="check")
    form = InvestigationCheckForm(request.POST or None, once=once)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                services.investigation_check_record(
                    intervention=intervention, officer=request.user, **form.cleaned_data
                )
                submission_created(submission, intervention, url=intervention.get_absolute_url())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "Live-investigation check recorded.")
            return redirect(intervention.get_absolute_url())
    return form_page(
        request,
        form,
        title="Record the live-investigation check",
        caption=f"{intervention.reference} · {intervention.intervention_type.name}",
        intro="Before any visit or cease-and-desist, ask Pursue and the NCCU whether a live "
        "investigation concerns the person. It cannot start unless the answer allows it.",
        back_url=intervention.get_absolute_url(),
    )


@login_required
@submit_once
def letter_delivery_create(request, intervention_id):
    intervention = selectors.intervention_get(user=request.user, intervention_id=intervention_id)
    access.require_capability(request.user, "interventions.add_letterdelivery")
    once = OneTimeForm(request, purpose="interventions.letter_delivery_create", noun="delivery")
    form = LetterDeliveryForm(
        request.POST or None,
        once=once,
        officers=selectors.officer_choices(case=intervention.case),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                services.letter_delivery_record(
                    intervention=intervention, officer=request.user, **form.cleaned_data
                )
                submission_created(submission, intervention, url=intervention.get_absolute_url())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "Delivery of the letter recorded.")
            return redirect(intervention.get_absolute_url())
    return form_page(
        request,
        form,
        title="Record the letter's delivery",
        caption=f"{intervention.reference} · {intervention.intervention_type.name}",
        back_url=intervention.get_absolute_url(),
    )


@login_required
@submit_once
def signposting_create(request, case_id):
    case = selectors.case_for_support(user=request.user, case_id=case_id)
    access.require_capability(request.user, "interventions.add_signposting")
    once = OneTimeForm(request, purpose="interventions.signposting_create", noun="signposting")
    form = SignpostingForm(request.POST or None, once=once)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                signposting = services.signposting_record(
                    case=case, officer=request.user, **form.cleaned_data
                )
                submission_created(submission, signposting, url=_support_url(case))
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Signposting {signposting.reference} recorded.")
            return redirect(_support_url(case))
    return form_page(
        request,
        form,
        title="Signpost to another service",
        caption=case.reference,
        back_url=_support_url(case),
    )


def _signposting_initial(signposting) -> dict:
    return {name: getattr(signposting, name) for name in services.SIGNPOSTING_FIELDS}


@login_required
def signposting_response(request, signposting_id):
    signposting = selectors.signposting_get(user=request.user, signposting_id=signposting_id)
    access.require_capability(request.user, "interventions.change_signposting")
    initial = {
        **_signposting_initial(signposting),
        **VersionedFormMixin.versioned_initial(signposting, services.SIGNPOSTING_FIELDS),
    }
    form = SignpostingResponseForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_versioned(
            form,
            signposting,
            fields=services.SIGNPOSTING_FIELDS,
            initial_for=_signposting_initial,
            call=lambda **data: services.signposting_respond(
                signposting=signposting, officer=request.user, **data
            ),
        )
    ):
        messages.success(request, "Response recorded.")
        return redirect(_support_url(signposting.case))
    return form_page(
        request,
        form,
        title=f"Response to signposting {signposting.reference}",
        caption=f"{signposting.case.reference} · {signposting.service.name}",
        back_url=_support_url(signposting.case),
    )
