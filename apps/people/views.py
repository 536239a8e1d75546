"""Person pages: search, the person's record, referrals and cases, possible duplicates."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from apps.core import access
from apps.core.forms import add_validation_error
from apps.core.idempotency import OneTimeForm, submission_created, submit_once
from apps.core.lists import ObjectListView
from apps.core.pages import ObjectDetailView, ObjectFormView, history_link
from apps.core.views import form_page
from apps.people import selectors, services
from apps.people.filters import PersonFilter
from apps.people.forms import (
    AddressForm,
    IdentifierForm,
    OtherNameForm,
    PersonDetailsForm,
    SamePersonForm,
    UnmergeForm,
)
from apps.people.registry import person_records
from apps.people.tables import PersonTable

SECTIONS = [
    ("details", "Details", "people:person_detail"),
    ("referrals", "Referrals and cases", "people:person_referrals"),
    ("duplicates", "Possible duplicates", "people:person_duplicates"),
]


def _person_page(request, person, section: str, **extra):
    """One section of the person's record (SECTIONS), with its tabs."""
    return render(request, "people/person_detail.html", _context(request, person, section, **extra))


def _context(request, person, section: str, **extra) -> dict:
    return {
        "person": person,
        "section": section,
        "sections": [
            {"key": key, "text": text, "href": reverse(name, args=[person.pk])}
            for key, text, name in SECTIONS
        ],
        **history_link(request.user, person),
        "can_merge": access.has_capability(request.user, "people.merge_person"),
        "can_change": access.can(request.user, access.CHANGE, person),
        **extra,
    }


class PersonListView(ObjectListView):
    """The person index. Nobody is listed until something is searched for."""

    selector = selectors.person_list
    table_class = PersonTable
    filterset_class = PersonFilter
    capability = "people.view_person"
    title = "People"
    intro = (
        "The person index: everyone referred, however their name was spelt. Searching is recorded."
    )
    scope = "people"
    needs_terms = True
    no_match_message = "No people match your search."


class PersonDetailView(ObjectDetailView):
    """The person's record: names, addresses, identifiers and merges."""

    selector = selectors.person_get
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, record) -> dict:
        return {
            **super().get_context_data(record),
            **_context(
                self.request,
                record,
                "details",
                other_names=record.other_names.all(),
                addresses=record.addresses.select_related("local_authority", "lsoa"),
                identifiers=record.identifiers.all(),
                merges=selectors.person_merges(person=record),
            ),
        }


@login_required
def person_referrals(request, person_id):
    person = selectors.person_get(user=request.user, person_id=person_id)
    # Provided by referrals and cases (people.registry), each narrowed by the access decision.
    referrals = person_records("referrals", user=request.user, person=person)
    cases = person_records("cases", user=request.user, person=person)
    # Cases the user may not open but may know of (a Cyber Prevent case: who holds it).
    notices = person_records("case_notices", user=request.user, person=person)
    return _person_page(
        request, person, "referrals", referrals=referrals, cases=cases, case_notices=notices
    )


@login_required
def person_duplicates(request, person_id):
    person = selectors.person_get(user=request.user, person_id=person_id)
    form = SamePersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = selectors.person_get(user=request.user, person_id=form.cleaned_data["other"])
        try:
            if form.cleaned_data["decision"] == "merge":
                services.person_merge(
                    officer=request.user,
                    survivor=person,
                    merged=other,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, f"{other.reference} merged into {person.reference}.")
            else:
                services.person_mark_not_same(
                    officer=request.user,
                    first=person,
                    second=other,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, "Recorded: not the same person.")
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect("people:person_duplicates", person_id=person.pk)
    candidates = person_records("duplicates", user=request.user, person=person)
    return _person_page(request, person, "duplicates", candidates=candidates, form=form)


@login_required
def person_unmerge(request, merge_id):
    merge = selectors.person_merge_get(user=request.user, merge_id=merge_id)
    form = UnmergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_unmerge(
                officer=request.user, merge=merge, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Merge undone: {merge.merged.reference} is separate again.")
            return redirect(merge.survivor.get_absolute_url())
    return form_page(
        request,
        form,
        title=f"Undo the merge of {merge.merged.reference}",
        caption=f"Merged into {merge.survivor.reference}",
        back_url=merge.survivor.get_absolute_url(),
    )


def _small_form_page(request, person, form, title: str):
    return form_page(
        request,
        form,
        title=title,
        caption=f"{person.reference} – {person.full_name}",
        back_url=person.get_absolute_url(),
    )


class PersonEditView(ObjectFormView):
    """Change the person's details, unless someone else changed them since the form was opened."""

    selector = selectors.person_get
    form_class = PersonDetailsForm
    service = services.person_update
    record_arg = "person"
    edit_fields = services.EDITABLE_FIELDS
    title = "Change details"
    success_message = "Details saved."

    def get_initial(self, record) -> dict:
        initial = {name: getattr(record, name) for name in services.EDITABLE_FIELDS}
        initial["interpreter_needed"] = {True: "yes", False: "no"}.get(
            record.interpreter_needed, ""
        )
        return initial

    def get_context_data(self, form) -> dict:
        person = self.object
        return {
            **super().get_context_data(form),
            "caption": f"{person.reference} – {person.full_name}",
        }


def _identifier_check(*, officer, kind, value, **_) -> None:
    services.person_identifier_check(officer=officer, kind=kind, value=value.strip())


@dataclass(frozen=True)
class Addition:
    """A small form that adds something to a person; `service` names the people service.

    `check` refuses input before the addition's transaction, so what a refusal records
    (the identifier check's notice to an SIO) is kept.
    """

    form_class: type
    service: str
    title: str
    done: str
    check: Callable | None = None


ADDITIONS = {
    "name": Addition(OtherNameForm, "person_other_name_add", "Add another name", "Name added."),
    "address": Addition(AddressForm, "person_address_add", "Add an address", "Address added."),
    "identifier": Addition(
        IdentifierForm,
        "person_identifier_add",
        "Add an identifier",
        "Identifier added.",
        check=_identifier_check,
    ),
}


@login_required
@submit_once
def person_addition(request, person_id, noun: str):
    """Add a name, an address or an identifier (ADDITIONS[noun]) to a person.

    It is sent once (core.idempotency): a repeat goes back to the person, adding nothing.
    """
    addition = ADDITIONS[noun]
    person = selectors.person_get(user=request.user, person_id=person_id)
    access.require(request.user, access.CHANGE, person)
    once = OneTimeForm(request, purpose=f"people.person_{noun}_add", noun=noun)
    form = addition.form_class(request.POST or None, once=once)
    if request.method == "POST" and form.is_valid():
        add = getattr(services, addition.service)
        try:
            if addition.check is not None:
                once.raise_if_used()  # a repeat is sent on, not refused by the check
                addition.check(officer=request.user, **form.cleaned_data)
            with once.consume() as submission:
                added = add(person=person, officer=request.user, **form.cleaned_data)
                submission_created(submission, added, url=person.get_absolute_url())
        except ValidationError as error:
            add_validation_error(form, error)  # field errors, or an expired page (core.idempotency)
        else:
            messages.success(request, addition.done)
            return redirect(person.get_absolute_url())
    return _small_form_page(request, person, form, addition.title)
