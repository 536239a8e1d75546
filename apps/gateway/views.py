"""Gateway pages: de-confliction, decisions, sign-off and the enquiries log."""

from crispy_forms.layout import Hidden
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from apps.core import access, workflow
from apps.core.forms import add_validation_error
from apps.core.idempotency import OneTimeForm, submission_created, submit_once
from apps.core.lists import ObjectListView
from apps.core.views import form_page
from apps.gateway import selectors, services
from apps.gateway.filters import EnquiryFilter
from apps.gateway.forms import (
    DecisionForm,
    EnquiryForm,
    LiveInvestigationForm,
    MatchDecisionForm,
    SignOffForm,
)
from apps.gateway.tables import EnquiryTable
from apps.matching import deconfliction as matching
from apps.matching import presentation
from apps.people.selectors import person_get
from apps.referrals.choices import ReferralStatus
from apps.referrals.selectors import referral_get

STEP_ONE_FIRST = (
    "Decide who this referral is about (step 1) before you record the live-investigation check."
)


@login_required
def deconfliction(request, referral_id):
    """Three steps in order: the match decision, the live-investigation check, complete.

    Only the next step's form is offered (and accepted). One view of the page records
    one search: the candidates are looked up once per request, and not at all for a
    check or completion that succeeds and redirects.
    """
    referral = referral_get(user=request.user, referral_id=referral_id, action=access.CHANGE)
    posted = request.POST.get("form") if request.method == "POST" else None
    check_form = LiveInvestigationForm(
        request.POST if posted == "check" else None, team=referral.team
    )
    try:
        if posted == "check":
            if referral.person_id is None:
                messages.error(request, STEP_ONE_FIRST)
                return redirect("gateway:deconfliction", referral_id=referral.pk)
            if check_form.is_valid():
                matching.live_investigation_check_record(
                    referral=referral,
                    officer=request.user,
                    result=check_form.cleaned_data["result"],
                    sio=check_form.cleaned_data["sio"],
                    supervisor=check_form.cleaned_data["supervisor"],
                    note=check_form.cleaned_data["note"],
                )
                messages.success(request, "Live-investigation check recorded.")
                return redirect("gateway:deconfliction", referral_id=referral.pk)
        if posted == "complete":
            try:
                matching.deconfliction_complete(referral=referral, officer=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("gateway:deconfliction", referral_id=referral.pk)
            messages.success(request, "De-confliction complete: ready for Gateway assessment.")
            return redirect(referral.get_absolute_url())
    except ValidationError as error:
        if getattr(error, "code", None) == "already_checked":
            # A repeated or stale check: nothing was recorded, say why.
            messages.error(request, " ".join(error.messages))
            return redirect("gateway:deconfliction", referral_id=referral.pk)
        add_validation_error(check_form, error)
    found = selectors.deconfliction_candidates(user=request.user, referral=referral)
    match_form = MatchDecisionForm(
        request.POST if posted == "match" else None, candidates=found["candidates"]
    )
    if posted == "match" and match_form.is_valid():
        choice = match_form.cleaned_data["choice"]
        try:
            matching.match_decision_record(
                referral=referral,
                officer=request.user,
                person=None if choice == "new" else person_get(user=request.user, person_id=choice),
                reason=match_form.cleaned_data["reason"],
                candidates_shown=[candidate.as_dict() for candidate in found["candidates"]],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "already_decided":
                messages.error(request, " ".join(error.messages))
                return redirect("gateway:deconfliction", referral_id=referral.pk)
            add_validation_error(match_form, error)
        else:
            messages.success(request, "Match decision recorded.")
            return redirect("gateway:deconfliction", referral_id=referral.pk)
    match_form.helper.add_input(Hidden("form", "match"))
    check_form.helper.add_input(Hidden("form", "check"))
    steps = selectors.deconfliction_steps(referral)
    return render(
        request,
        "gateway/deconfliction.html",
        {
            "referral": referral,
            "steps": steps,
            "step": {step.name: step for step in steps},
            "bands": presentation.bands_explained(),
            "people": found["people"],
            "external": found["external"],
            "candidate_count": len(found["people"]) + len(found["external"]),
            "match_decision": selectors.deconfliction_match_decision(referral),
            "match_form": match_form,
            "check_form": check_form,
            "access_list": referral.access_list.order_by("username")
            if referral.is_restricted
            else [],
        },
    )


def _decision_not_now(referral) -> str:
    stage = referral.get_status_display()
    assessment = ReferralStatus.ASSESSMENT.label
    if referral.status in (ReferralStatus.RECEIVED, ReferralStatus.DECONFLICTION):
        return (
            f"This referral is at the {stage} stage. Complete de-confliction first: "
            f"a Gateway decision is recorded at the {assessment} stage."
        )
    return (
        f"This referral is at the {stage} stage, so a Gateway decision cannot be "
        f"recorded now. Decisions are recorded at the {assessment} stage."
    )


@login_required
@submit_once
def decision_create(request, referral_id):
    referral = referral_get(user=request.user, referral_id=referral_id, action=access.CHANGE)
    access.require_capability(request.user, "gateway.add_gatewaydecision")
    once = OneTimeForm(request, purpose="gateway.decision_create", noun="decision")
    # A repeat of a decision already sent goes to it (submit_once) before anything else.
    once.raise_if_used()
    if (
        "propose_decision"
        not in workflow.available_transitions(referral, user=request.user).possible
    ):
        # Still in de-confliction, or already decided: no form, the reason in words.
        messages.error(request, _decision_not_now(referral))
        return redirect(referral.get_absolute_url())
    has_history = services.referral_has_history(referral)
    form = DecisionForm(request.POST or None, once=once)
    if not has_history:
        del form.fields["history_considered"]
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                decision = services.gateway_decision_propose(
                    referral=referral,
                    officer=request.user,
                    history_considered=form.cleaned_data.get("history_considered", False),
                    **{k: v for k, v in form.cleaned_data.items() if k != "history_considered"},
                )
                submission_created(submission, decision, url=referral.get_absolute_url())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "Decision sent to a supervisor for sign-off.")
            return redirect(referral.get_absolute_url())
    return form_page(
        request,
        form,
        title="Gateway decision",
        caption=referral.reference,
        intro="This person has earlier referrals: read them on the referral page first."
        if has_history
        else "",
        back_url=referral.get_absolute_url(),
    )


@login_required
def decision_sign_off(request, decision_id):
    decision = selectors.gateway_decision_get(user=request.user, decision_id=decision_id)
    transitions = workflow.available_transitions(decision, user=request.user)
    if transitions.refused("sign_off"):
        # Wrong role, or the officer who proposed it: someone else must sign it off.
        raise PermissionDenied("You may not sign off this decision.")
    # Already signed off or returned: the page says so instead of offering the form.
    form = SignOffForm(request.POST or None) if transitions.allowed else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.gateway_decision_sign_off(
                decision=decision,
                supervisor=request.user,
                approve=form.cleaned_data["approve"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "Sign-off recorded.")
            return redirect(decision.referral.get_absolute_url())
    return render(
        request,
        "gateway/decision_sign_off.html",
        {
            "form": form,
            "decision": decision,
            "referral": decision.referral,
            **selectors.decision_sign_off_context(user=request.user, decision=decision),
        },
    )


class EnquiryListView(ObjectListView):
    selector = selectors.enquiry_list
    table_class = EnquiryTable
    filterset_class = EnquiryFilter
    capability = "gateway.view_enquiry"
    title = "Enquiries log"
    scope = "enquiries"
    empty_message = "No enquiries recorded."
    no_match_message = "No enquiries match your filters."

    def get_actions(self) -> list[dict]:
        if not access.has_capability(self.request.user, "gateway.add_enquiry"):
            return []
        return [{"text": "Record an enquiry", "href": reverse("gateway:enquiry_create")}]


@login_required
@submit_once
def enquiry_create(request):
    access.require_capability(request.user, "gateway.add_enquiry")
    once = OneTimeForm(request, purpose="gateway.enquiry_create", noun="enquiry")
    form = EnquiryForm(
        request.POST or None, initial={"received_at": timezone.localtime()}, once=once
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["response"]:
            data["responded_at"] = timezone.now()
        try:
            with once.consume() as submission:
                enquiry = services.enquiry_record(officer=request.user, **data)
                submission_created(submission, enquiry, url=reverse("gateway:enquiry_list"))
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Enquiry {enquiry.reference} recorded.")
            return redirect("gateway:enquiry_list")
    return form_page(
        request,
        form,
        title="Record an enquiry",
        back_url=reverse("gateway:enquiry_list"),
    )
