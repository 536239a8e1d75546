"""Case pages: the list, the case (identity bar, sub navigation, timeline) and its records.

Thin: every read goes through apps/cases/selectors.py and every write through services.py.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Team, User
from apps.cases import forms, registry, schedules, selectors, services
from apps.cases.choices import (
    POST_EXIT_KINDS,
    POST_EXIT_MONTHS,
    CaseType,
    CheckStatus,
    ReviewStatus,
)
from apps.cases.filters import CaseFilter
from apps.cases.models import Case
from apps.cases.tables import CaseTable
from apps.core import access, workflow
from apps.core.forms import add_validation_error
from apps.core.idempotency import OneTimeForm, submit_once
from apps.core.lists import ObjectListView
from apps.core.pages import ObjectDetailView, ObjectFormView, submit_form
from apps.referrals.selectors import referral_list

SUPERVISE = "cases.supervise_case"
# How many outstanding directions the case overview lists before "See all".
OVERVIEW_LIMIT = 10
STEP_TITLES = {
    "start_assessment": ("Start the assessment", "Start assessment"),
    "start_support": ("Start support", "Start support"),
    "start_review": ("Review the support", "Start review"),
    "close": ("Close the case", "Close the case"),
    "reopen": ("Reopen the case", "Reopen the case"),
}


def case_page_context(request, case: Case, *, active: str, flags: list | None = None) -> dict:
    """What every page of a case shows: the identity bar, flags (read here unless given) and
    the sub navigation."""
    user = request.user
    sections = []
    for section in registry.case_sections():
        if section.capability and not access.has_capability(user, section.capability):
            continue
        if not section.shows_on(case):
            continue
        href = reverse(section.url_name, kwargs={"case_id": case.pk})
        sections.append(
            {"label": section.label, "href": href, "active": section.url_name == active}
        )
    return {
        "case": case,
        "sections": sections,
        "flags": selectors.case_flags(case=case) if flags is None else flags,
        "may_change": case.may(user, access.CHANGE),
        "may_supervise": access.has_capability(user, SUPERVISE),
        "may_restrict": access.has_capability(user, "cases.restrict_case"),
        # A person restricted after the case ended: the case does not name them to others.
        "case_person_hidden": case.person.is_restricted
        and not access.can(user, access.VIEW, case.person),
    }


def _case_to_change(request, case_id) -> Case:
    """The case through the selector, then the change check: 403 for a role that may only see
    it, 404 for a case out of reach."""
    case = selectors.case_get(user=request.user, case_id=case_id)
    access.require(request.user, access.CHANGE, case)
    return case


def _require_step(request, case: Case, step: str) -> None:
    """A step the case's stage allows (else 404) and the user's role allows (else 403)."""
    transitions = workflow.available_transitions(case, user=request.user)
    if step not in transitions.possible:
        raise Http404("This step is not possible at the case's current stage.")
    if step not in transitions.allowed:
        access.require_capability(request.user, SUPERVISE)
        raise PermissionDenied("Your role does not allow this step for this case.")


def _still_due(request, record, *, due: str, gone: str) -> Case:
    """A review or check to record: the user may change its case (403, or 404 out of reach)
    and it is still due (else 404, saying why). Its case."""
    access.require(request.user, access.CHANGE, record.case)
    if record.status != due:
        raise Http404(gone)
    return record.case


def _users(ids: list[str]) -> list[User]:
    return list(User.objects.filter(pk__in=ids)) if ids else []


def _optional_user(pk: str) -> User | None:
    return User.objects.filter(pk=pk).first() if pk else None


def _form_page(request, case, form, *, title: str, active: str = "cases:case_detail", **extra):
    return render(
        request,
        "cases/case_form.html",
        {
            **case_page_context(request, case, active=active),
            "form": form,
            "page_title": title,
            "back_url": extra.pop("back_url", case.get_absolute_url()),
            **extra,
        },
    )


def _section(request, case_id, name: str, context) -> object:
    """One tab of the case (`cases/<name>.html`): the case through its selector (404 out of
    reach, the consultation recorded), the identity bar and sub navigation, and `context(case)`."""
    case = selectors.case_get(user=request.user, case_id=case_id)
    return render(
        request,
        f"cases/{name}.html",
        {**case_page_context(request, case, active=f"cases:{name}"), **context(case)},
    )


class CaseListView(ObjectListView):
    """Cases the user may see, newest first: ten years of them, so the count stops at
    `count_limit` ("more than 1,000 cases", ADR 0031)."""

    selector = selectors.case_list_rows
    prepared_selector = True
    count_limit = 1_000
    table_class = CaseTable
    filterset_class = CaseFilter
    capability = "cases.view_case"
    title = "Cases"
    scope = "cases"
    empty_message = "There are no cases."
    no_match_message = "No cases match your search."

    def get_actions(self) -> list[dict]:
        if not access.has_capability(self.request.user, SUPERVISE):
            return []
        return [{"text": "Team view", "href": reverse("work:team"), "secondary": True}]


class CaseDetailView(ObjectDetailView):
    """The case: identity bar, sub navigation, summary, flags, referrals, directions."""

    selector = selectors.case_overview_get
    template_name = "cases/case_detail.html"
    context_object_name = "case"

    def get_context_data(self, record) -> dict:
        case, user = record, self.request.user
        # The overview shows the first few of each section; its own page shows them all.
        overview = selectors.case_overview(user=user, case=case, directions=OVERVIEW_LIMIT + 1)
        directions, awaiting = overview.pop("directions"), overview["awaiting_transfer"]
        return {
            **super().get_context_data(case),
            **case_page_context(
                self.request, case, active="cases:case_detail", flags=overview.pop("flags")
            ),
            **overview,
            "directions": directions[:OVERVIEW_LIMIT],
            "more_directions": len(directions) > OVERVIEW_LIMIT,
            "may_withdraw_transfer": awaiting is not None and awaiting.may_withdraw(user),
            "steps": [
                {"name": name, "label": STEP_TITLES[name][1]}
                for name in ("start_assessment", "start_support", "start_review")
            ],
            "today": timezone.localdate(),
        }


@login_required
def case_timeline(request, case_id):
    case = selectors.case_get(user=request.user, case_id=case_id)
    kinds = {kind for kind in request.GET.getlist("kind") if kind in registry.timeline_kinds()}
    before = None
    if raw := request.GET.get("before", ""):
        try:
            before = datetime.datetime.fromisoformat(raw)
        except ValueError:
            before = None
    page_size = 50
    entries = selectors.case_timeline(case=case, kinds=kinds, before=before, limit=page_size + 1)
    more = entries[page_size] if len(entries) > page_size else None
    return render(
        request,
        "cases/case_timeline.html",
        {
            **case_page_context(request, case, active="cases:case_timeline"),
            "entries": entries[:page_size],
            "kinds": [
                {"code": code, "label": label, "checked": code in kinds}
                for code, label in registry.timeline_kinds().items()
            ],
            "older": entries[page_size - 1].when.isoformat() if more else "",
            "kind_query": "".join(f"&kind={kind}" for kind in sorted(kinds)),
        },
    )


class CaseFormView(ObjectFormView):
    """An edit page of a case record, drawn with the case's identity bar and sub navigation."""

    abstract = True
    template_name = "cases/case_form.html"
    active = "cases:case_detail"

    def case_of(self, record) -> Case:
        return record

    def get_context_data(self, form) -> dict:
        case = self.case_of(self.object)
        return {
            **super().get_context_data(form),
            **case_page_context(self.request, case, active=self.active),
        }


class CaseEditView(CaseFormView):
    """The case's details; edits never silently overwrite a colleague's (ADR 0019)."""

    selector = selectors.case_get
    form_class = forms.CaseDetailsForm
    service = services.case_update
    record_arg = "case"
    edit_fields = services.EDITABLE_FIELDS
    title = "Change the case details"
    success_message = "Case details saved."

    def get_initial(self, record) -> dict:
        return {name: getattr(record, name) for name in services.EDITABLE_FIELDS}


class DirectionEditView(CaseFormView):
    """The SIO changes a direction; edits never silently overwrite a colleague's (ADR 0019)."""

    selector = selectors.direction_get
    form_class = forms.DirectionEditForm
    service = services.direction_update
    record_arg = "direction"
    edit_fields = services.DIRECTION_FIELDS
    title = "Change the SIO direction"
    success_message = "Direction saved."
    active = "cases:direction_list"

    def dispatch(self, request, *args, **kwargs):
        # Access is decided on the case the direction belongs to; only the SIO directs.
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        access.require(request.user, access.CHANGE, self.object.case)
        access.require_capability(request.user, "cases.direct_case")
        return super(ObjectFormView, self).dispatch(request, *args, **kwargs)

    def get_object(self):
        direction = super().get_object()
        officers = selectors.case_officers(team_id=direction.case.team_id)
        self.form_class = type(
            "DirectionEditForm", (forms.DirectionEditForm,), {"officers": officers}
        )
        return direction

    def case_of(self, record) -> Case:
        return record.case

    def get_initial(self, record) -> dict:
        return {name: getattr(record, name) for name in services.DIRECTION_FIELDS}


@login_required
def case_step(request, case_id, step):
    if step not in STEP_TITLES:
        raise Http404("No such step.")
    case = _case_to_change(request, case_id)
    _require_step(request, case, step)
    title, button = STEP_TITLES[step]
    form = forms.ReasonForm(request.POST or None)
    form.submit_label = button

    def save(data):
        if step == "close":
            return services.case_close(case=case, officer=request.user, reason=data["reason"])
        if step == "reopen":
            return services.case_reopen(case=case, officer=request.user, reason=data["reason"])
        return services.case_transition(
            case=case, officer=request.user, name=step, reason=data["reason"]
        )

    done = submit_form(
        request,
        form,
        save,
        success=lambda moved: f"Case {moved.reference}: {moved.get_status_display()}.",
        to=case.get_absolute_url(),
    )
    return done or _form_page(request, case, form, title=title)


@login_required
def case_exit(request, case_id):
    case = _case_to_change(request, case_id)
    _require_step(request, case, "exit")
    schedule = schedules.for_case_type(case.case_type)
    form = forms.ExitForm(request.POST or None, schedule=schedule)
    done = submit_form(
        request,
        form,
        lambda data: services.case_exit(
            case=case,
            officer=request.user,
            reason=data["reason"],
            decided_by=data["decided_by"],
            extend_to_24=data.get("extend_to_24", False),
        ),
        success=lambda _: (
            "Case exited. "
            + schedule.scheduled_on_exit(extended=form.cleaned_data.get("extend_to_24", False))
        ),
        to=case.get_absolute_url(),
    )
    return done or _form_page(
        request,
        case,
        form,
        title="Exit the case",
        intro=f"After exit ({case.get_case_type_display()}): {schedule.after_exit()}",
    )


@login_required
def case_restrict(request, case_id):
    case = _case_to_change(request, case_id)
    access.require_capability(request.user, "cases.restrict_case")
    people = [
        person
        for person in User.objects.filter(is_active=True, team_id__in=[case.team_id])
        .exclude(pk=request.user.pk)
        .select_related("role", "team")
        if person.role and person.role.sees_personal_data
    ]
    form = forms.RestrictForm(request.POST or None, people=people)
    done = submit_form(
        request,
        form,
        lambda data: services.case_restrict_by_sio(
            case=case, officer=request.user, readers=_users(data["readers"]), reason=data["reason"]
        ),
        success="The case is restricted to the people you named.",
        to=case.get_absolute_url(),
    )
    return done or _form_page(request, case, form, title="Restrict the case")


@login_required
@submit_once
def flag_create(request, case_id):
    case = _case_to_change(request, case_id)
    once = OneTimeForm(request, purpose="cases.flag_create", noun="flag")
    form = forms.FlagForm(request.POST or None, once=once)
    done = submit_form(
        request,
        form,
        lambda data: services.case_flag_add(
            case=case,
            officer=request.user,
            kind=data["kind"],
            reason=data["reason"],
            expires_on=data["expires_on"],
        ),
        success="Flag added.",
        to=case.get_absolute_url(),
        once=once,
    )
    return done or _form_page(request, case, form, title="Add a flag")


@login_required
def flag_remove(request, case_id, flag_id):
    case = _case_to_change(request, case_id)
    flag = case.flags.filter(pk=flag_id, removed_at__isnull=True).first()
    if flag is None:
        raise Http404("No such flag.")
    form = forms.ReasonForm(request.POST or None)
    form.submit_label = "Remove flag"
    flag.case = case
    done = submit_form(
        request,
        form,
        lambda data: services.case_flag_remove(
            flag=flag, officer=request.user, reason=data["reason"]
        ),
        success="Flag removed.",
        to=case.get_absolute_url(),
    )
    return done or _form_page(
        request, case, form, title=f"Remove the flag: {flag.get_kind_display()}"
    )


@login_required
def case_transfer(request, case_id):
    case = _case_to_change(request, case_id)
    access.require_capability(request.user, SUPERVISE)
    teams = list(Team.objects.filter(is_active=True))
    officers = [officer for team in teams for officer in selectors.case_officers(team_id=team.pk)]
    form = forms.TransferForm(
        request.POST or None,
        initial={"to_team": str(case.team_id), "to_region": case.region},
        officers=officers,
        teams=teams,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_transfer(
                case=case,
                officer=request.user,
                to_owner=_optional_user(data["to_owner"]),
                to_team=Team.objects.get(pk=data["to_team"]),
                to_region=data["to_region"],
                handover_note=data["handover_note"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if str(case.team_id) != data["to_team"]:
                messages.success(
                    request,
                    "The case is offered to the other team. It stays with your team until "
                    "their supervisor accepts it.",
                )
            else:
                messages.success(request, "Case transferred.")
            return redirect(case.get_absolute_url())
    awaiting = selectors.case_transfer_awaiting(case=case)
    return _form_page(
        request,
        case,
        form,
        title="Transfer or allocate the case",
        intro=(
            f"This case is already offered to {awaiting.to_team.name}, awaiting its supervisor."
            if awaiting
            else "An officer or region in your team: done at once. Another team: its "
            "supervisor accepts or declines, and the case stays with you until then."
        ),
        intro_link={
            "href": reverse(
                "cases:transfer_withdraw", kwargs={"case_id": case.pk, "transfer_id": awaiting.pk}
            ),
            "text": f"Withdraw the offer to {awaiting.to_team.name}",
        }
        if awaiting is not None and awaiting.may_withdraw(request.user)
        else None,
    )


@login_required
def transfer_withdraw(request, case_id, transfer_id):
    """Whoever offered the case, or a supervisor of the offering team, withdraws the offer to
    another team before it is answered, saying why."""
    case = selectors.case_get(user=request.user, case_id=case_id)
    transfer = selectors.case_transfer_awaiting(case=case)
    if transfer is None or transfer.pk != transfer_id:
        raise Http404("This case has no such offer awaiting an answer.")
    transfer.case = case
    if not transfer.may_withdraw(request.user):
        raise PermissionDenied("Only whoever offered the case, or their supervisor, withdraws it.")
    form = forms.ReasonForm(request.POST or None)
    form.submit_label = "Withdraw the offer"
    form.fields["reason"].label = "Why are you withdrawing the offer?"
    form.fields["reason"].error_messages["required"] = "Say why you are withdrawing the offer"
    done = submit_form(
        request,
        form,
        lambda data: services.case_transfer_withdraw(
            transfer=transfer, officer=request.user, reason=data["reason"]
        ),
        success=f"The offer to {transfer.to_team.name} is withdrawn: their supervisors are told.",
        to=case.get_absolute_url(),
    )
    return done or _form_page(
        request,
        case,
        form,
        title=f"Withdraw the offer to {transfer.to_team.name}",
        intro=f"Offered on {transfer.created_at:%-d %B %Y}. The case stays with your team.",
    )


@login_required
def referral_attach(request, case_id):
    case = _case_to_change(request, case_id)
    attached = case.case_referrals.values("referral_id")
    candidates = list(
        referral_list(user=request.user)
        .filter(person_id=case.person_id)
        .exclude(pk__in=attached)
        .order_by("-date_received")
    )
    form = forms.AttachReferralForm(request.POST or None, referrals=candidates)
    by_id = {str(referral.pk): referral for referral in candidates}
    done = submit_form(
        request,
        form,
        lambda data: services.case_attach_referral(
            case=case, officer=request.user, referral=by_id[data["referral"]], note=data["note"]
        ),
        success=lambda link: f"Referral {link.referral.reference} attached.",
        to=case.get_absolute_url(),
    )
    return done or _form_page(
        request,
        case,
        form,
        title="Attach a later referral",
        intro="" if candidates else "There are no other referrals about this person you can see.",
    )


# --- Directions ------------------------------------------------------------------------------
@login_required
def direction_list(request, case_id):
    return _section(
        request,
        case_id,
        "direction_list",
        lambda case: {
            "directions": selectors.case_directions(case=case),
            "may_direct": access.has_capability(request.user, "cases.direct_case"),
            "today": timezone.localdate(),
        },
    )


@login_required
@submit_once
def direction_create(request, case_id):
    case = _case_to_change(request, case_id)
    access.require_capability(request.user, "cases.direct_case")
    once = OneTimeForm(request, purpose="cases.direction_create", noun="direction")
    officers = selectors.case_officers(team_id=case.team_id)
    form = forms.DirectionForm(request.POST or None, once=once, officers=officers)
    back = reverse("cases:direction_list", kwargs={"case_id": case.pk})
    done = submit_form(
        request,
        form,
        lambda data: services.direction_record(
            case=case,
            officer=request.user,
            tactic=data["tactic"],
            rationale=data["rationale"],
            due_on=data["due_on"],
            priority=data["priority"],
            tasked_officer=User.objects.get(pk=data["tasked_officer"]),
        ),
        success="Direction recorded. The officer tasked has been told.",
        to=back,
        once=once,
    )
    return done or _form_page(
        request,
        case,
        form,
        title="Record an SIO direction",
        active="cases:direction_list",
        back_url=back,
    )


@login_required
@submit_once
def direction_deliver(request, case_id, direction_id):
    direction = selectors.direction_get(
        user=request.user, case_id=case_id, direction_id=direction_id
    )
    access.require(request.user, access.CHANGE, direction.case)
    case = direction.case
    once = OneTimeForm(request, purpose="cases.direction_deliver", noun="delivery")
    form = forms.DeliveryForm(request.POST or None, once=once)
    back = reverse("cases:direction_list", kwargs={"case_id": case.pk})
    done = submit_form(
        request,
        form,
        lambda data: services.direction_deliver(
            direction=direction, officer=request.user, outcome=data["outcome"], note=data["note"]
        ),
        success="Delivery recorded.",
        to=back,
        once=once,
    )
    return done or _form_page(
        request,
        case,
        form,
        title=f"Record delivery: {direction.tactic}",
        active="cases:direction_list",
        back_url=back,
    )


# --- Contacts and enquiries ---------------------------------------------------------------------
@login_required
def contact_list(request, case_id):
    return _section(
        request,
        case_id,
        "contact_list",
        lambda case: {"contacts": selectors.case_contacts(case=case)},
    )


@login_required
@submit_once
def contact_create(request, case_id):
    case = _case_to_change(request, case_id)
    once = OneTimeForm(request, purpose="cases.contact_create", noun="contact")
    form = forms.ContactForm(
        request.POST or None,
        once=once,
        officers=selectors.case_officers(team_id=case.team_id),
        directions=selectors.case_directions(case=case, outstanding_only=True),
        initial={"follow_up_assignee": str(request.user.pk)},
    )
    back = reverse("cases:contact_list", kwargs={"case_id": case.pk})

    def save(data):
        return services.contact_record(
            case=case,
            officer=request.user,
            kind=data["kind"],
            occurred_at=form.occurred_at(),
            location=data["location"],
            officers=_users(data["officers"]),
            other_attendees=data["other_attendees"],
            summary=data["summary"],
            follow_up=data["follow_up"],
            direction=case.directions.filter(pk=data["direction"]).first()
            if data["direction"]
            else None,
            follow_up_assignee=_optional_user(data["follow_up_assignee"]),
            follow_up_due=data["follow_up_due"],
        )

    done = submit_form(
        request,
        form,
        save,
        success="Contact recorded.",
        to=back,
        once=once,
        again=services.contact_url,
    )
    return done or _form_page(
        request,
        case,
        form,
        title="Record a contact or enquiry",
        active="cases:contact_list",
        back_url=back,
    )


@login_required
def contact_detail(request, case_id, contact_id):
    contact = selectors.contact_get(user=request.user, case_id=case_id, contact_id=contact_id)
    return render(
        request,
        "cases/contact_detail.html",
        {
            **case_page_context(request, contact.case, active="cases:contact_list"),
            "contact": contact,
            # Earlier versions are shown to supervisors; the audit trail keeps both for all.
            "show_earlier": access.has_capability(request.user, SUPERVISE),
        },
    )


@login_required
def contact_amend(request, case_id, contact_id):
    contact = selectors.contact_get(user=request.user, case_id=case_id, contact_id=contact_id)
    access.require(request.user, access.CHANGE, contact.case)
    case, current = contact.case, contact.current
    local = timezone.localtime(current.occurred_at)
    initial = {
        "date": local.date(),
        "time": local.strftime("%H:%M"),
        "location": current.location,
        "officers": [str(officer.pk) for officer in current.officers.all()],
        "other_attendees": current.other_attendees,
        "summary": current.summary,
        "follow_up": current.follow_up,
        "expected_number": current.number,
    }
    form = forms.ContactAmendForm(
        request.POST or None,
        initial=initial,
        officers=selectors.case_officers(team_id=case.team_id),
    )
    back = services.contact_url(contact)
    done = submit_form(
        request,
        form,
        lambda data: services.contact_amend(
            contact=contact,
            officer=request.user,
            expected_number=data["expected_number"],
            reason=data["reason"],
            occurred_at=form.occurred_at(),
            location=data["location"],
            officers=_users(data["officers"]),
            other_attendees=data["other_attendees"],
            summary=data["summary"],
            follow_up=data["follow_up"],
        ),
        success="Amendment saved. The earlier version is kept.",
        to=back,
    )
    return done or _form_page(
        request,
        case,
        form,
        title=f"Amend the {contact.get_kind_display().lower()}",
        active="cases:contact_list",
        back_url=back,
    )


# --- Reviews, panel decisions -------------------------------------------------------------------
@login_required
def review_list(request, case_id):
    return _section(
        request,
        case_id,
        "review_list",
        lambda case: {
            "reviews": selectors.case_reviews(case=case),
            "panel_decisions": selectors.case_panel_decisions(case=case),
            "schedule": schedules.for_case_type(case.case_type),
            "is_channel": case.case_type == CaseType.CHANNEL,
            "post_exit_kinds": POST_EXIT_KINDS,
            "due": ReviewStatus.DUE,
            "today": timezone.localdate(),
        },
    )


@login_required
def review_record(request, case_id, review_id):
    review = selectors.review_get(user=request.user, case_id=case_id, review_id=review_id)
    case = _still_due(
        request, review, due=ReviewStatus.DUE, gone="This review was already recorded."
    )
    post_exit = review.kind in POST_EXIT_KINDS
    if post_exit:
        access.require_capability(request.user, SUPERVISE)
    schedule = schedules.for_case_type(case.case_type)
    form = forms.ReviewForm(
        request.POST or None,
        post_exit=post_exit,
        extension=schedule.extension_text
        if schedule.extendable_at is not None
        and POST_EXIT_MONTHS.get(review.kind) == schedule.extendable_at
        else "",
    )
    back = reverse("cases:review_list", kwargs={"case_id": case.pk})
    done = submit_form(
        request,
        form,
        lambda data: services.review_complete(
            review=review,
            officer=request.user,
            outcome=data["outcome"],
            notes=data["notes"],
            extend_to_24=data.get("extend_to_24", False),
        ),
        success="Review recorded.",
        to=back,
    )
    return done or _form_page(
        request,
        case,
        form,
        title=f"{review.label} due {review.due_on:%-d %B %Y}",
        active="cases:review_list",
        back_url=back,
        intro="Confirm the exit if there are no new concerns, or reopen the case. "
        + schedule.after_exit()
        if post_exit
        else "Recording this review schedules the next, "
        f"{schedules.months_text([case.review_interval_months])} later, while the case is live.",
    )


@login_required
@submit_once
def panel_decision_create(request, case_id):
    case = _case_to_change(request, case_id)
    access.require_capability(request.user, SUPERVISE)
    if case.case_type != CaseType.CHANNEL:
        raise Http404("Panel decisions are recorded on Channel cases only.")
    once = OneTimeForm(request, purpose="cases.panel_decision_create", noun="panel decision")
    form = forms.PanelDecisionForm(request.POST or None, once=once)
    back = reverse("cases:review_list", kwargs={"case_id": case.pk})
    done = submit_form(
        request,
        form,
        lambda data: services.panel_decision_record(
            case=case,
            officer=request.user,
            decision=data["decision"],
            panel_date=data["panel_date"],
            referral_considered=data["referral_considered"],
            notes=data["notes"],
        ),
        success="Panel decision recorded.",
        to=back,
        once=once,
    )
    return done or _form_page(
        request,
        case,
        form,
        title="Record the Channel panel's decision",
        active="cases:review_list",
        back_url=back,
    )


# --- Re-offending checks (Cyber Prevent) -------------------------------------------------------
@login_required
def check_list(request, case_id):
    return _section(
        request,
        case_id,
        "check_list",
        lambda case: {
            "checks": selectors.case_checks(case=case),
            "due": CheckStatus.DUE,
            "today": timezone.localdate(),
        },
    )


@login_required
def check_record(request, case_id, check_id):
    check = selectors.check_get(user=request.user, case_id=case_id, check_id=check_id)
    case = _still_due(
        request,
        check,
        due=CheckStatus.DUE,
        gone="This check was already recorded or is no longer needed.",
    )
    systems = selectors.check_systems()
    form = forms.CheckForm(request.POST or None, systems=systems)
    back = reverse("cases:check_list", kwargs={"case_id": case.pk})
    done = submit_form(
        request,
        form,
        lambda data: services.reoffending_check_record(
            check=check,
            officer=request.user,
            checked_on=data["checked_on"],
            systems=[system for system in systems if str(system.pk) in data["systems"]],
            result=data["result"],
            notes=data["notes"],
        ),
        success="Re-offending check recorded.",
        to=back,
    )
    return done or _form_page(
        request,
        case,
        form,
        title=f"{check.label}, due {check.due_on:%-d %B %Y}",
        active="cases:check_list",
        back_url=back,
        intro="Record the check you made yourself: the systems you searched, when, and what "
        "you found. The service never completes a check on its own.",
    )


# --- Transfers offered to the user's team ---------------------------------------------------------
@login_required
def transfer_decide(request, transfer_id):
    """A supervisor of the receiving team accepts the case (allocating it, if they wish) or
    declines it with the reason. They cannot open the case until they accept it."""
    access.require_capability(request.user, SUPERVISE)
    transfer = selectors.transfer_offered_get(user=request.user, transfer_id=transfer_id)
    officers = selectors.case_officers(team_id=request.user.team_id)
    form = forms.TransferDecisionForm(request.POST or None, officers=officers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                services.case_transfer_accept(
                    transfer=transfer,
                    officer=request.user,
                    to_owner=_optional_user(data["to_owner"]),
                )
            else:
                services.case_transfer_decline(
                    transfer=transfer, officer=request.user, reason=data["reason"]
                )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if data["decision"] == "accept":
                messages.success(request, f"Case {transfer.case.reference} is now your team's.")
                return redirect(transfer.case.get_absolute_url())
            messages.success(request, f"You declined case {transfer.case.reference}.")
            return redirect("core:home")
    return render(request, "cases/transfer_decide.html", {"transfer": transfer, "form": form})
