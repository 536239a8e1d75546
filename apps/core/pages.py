"""Detail and form pages for every app: the record comes only from the app's selector.

`ObjectDetailView` and `ObjectFormView` are the detail-page and edit-page counterparts of
`apps.core.lists.ObjectListView`. Each declares `selector`, the app's `<noun>_get(*, user,
<noun>_id)`, which applies `core.access` (a record out of reach is a 404) and records the
consultation (`core.audit.record_view`). Nothing here reads a model directly, and:

- a subclass that declares no selector is refused when the class is created;
- a record the selector returns without recording a consultation is refused before it is
  rendered (`audit.was_consulted`), so no page can show a record nobody recorded;
- the page gets the record's `transitions` (`core.workflow.available_transitions`) when it
  has a state machine, so templates never compare status strings.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db import models
from django.shortcuts import redirect, render
from django.views import View

from apps.core import access, audit, workflow
from apps.core.concurrency import EditConflict, VersionedFormMixin, read_snapshot
from apps.core.forms import add_validation_error
from apps.core.idempotency import OneTimeForm, submission_created


class SelectorPageMixin(LoginRequiredMixin):
    """Fetch the page's record through the declared selector, and nothing else.

    `selector(*, user, **lookup)` must apply the access decision and record the consultation.
    `lookup_kwargs` names the URL parameters passed to it (all of them when empty).
    Set `abstract = True` on an intermediate base class that leaves the selector to others.
    """

    abstract = True
    selector: Callable[..., models.Model] | None = None
    lookup_kwargs: tuple[str, ...] = ()
    # The record's state machine field; the page gets `transitions` when the model has one.
    transitions_field = "status"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("abstract", False):
            return
        cls.abstract = False
        if getattr(cls, "selector", None) is None:
            raise ImproperlyConfigured(
                f"{cls.__name__} declares no selector: a page reads its record only through "
                "the app's selector, which applies the access decision and records the "
                "consultation"
            )

    def selector_kwargs(self) -> dict:
        names = self.lookup_kwargs or tuple(self.kwargs)
        return {name: self.kwargs[name] for name in names}

    def get_object(self) -> models.Model:
        selector = type(self).selector
        if selector is None:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no selector")
        record = selector(user=self.request.user, **self.selector_kwargs())
        if not audit.was_consulted(record):
            raise ImproperlyConfigured(
                f"{selector.__qualname__} returned {record!r} without recording the consultation "
                "(audit.record_view): the page will not show it"
            )
        return record

    def transitions_for(self, record: models.Model) -> workflow.Transitions | None:
        field = self.transitions_field
        if not field:
            return None
        try:
            model_field = record._meta.get_field(field)
        except FieldDoesNotExist:  # a record without a state machine
            return None
        if not hasattr(model_field, "transitions"):
            return None
        return workflow.available_transitions(record, user=self.request.user, field=field)


class ObjectDetailView(SelectorPageMixin, View):
    """A record's page: declare `selector`, `template_name` and `context_object_name`.

    Override `get_context_data(record)` for what else the page shows (read through selectors).
    """

    abstract = True
    template_name = ""
    context_object_name = "object"

    def get(self, request, *args, **kwargs):
        record = self.get_object()
        return render(request, self.template_name, self.get_context_data(record))

    def get_context_data(self, record: models.Model) -> dict:
        context = {"object": record, self.context_object_name: record}
        transitions = self.transitions_for(record)
        if transitions is not None:
            context["transitions"] = transitions
        return context


class ObjectFormView(SelectorPageMixin, View):
    """An edit page: the record through the selector, then `access.require(action)`, then a service.

    Declare `selector`, `form_class`, `service` and `title`. The service is called as
    `service(<record_arg>=record, officer=user, **form_data(form))`; a ValidationError it raises
    is shown in the GOV.UK error summary, against the field it names where the form has one.
    Someone who may see the record but not change it gets 403, someone who may not see it 404.

    Edits never silently overwrite (core.concurrency): give the form `VersionedFormMixin` and
    declare `edit_fields`; the service then also gets `expected_version` and `base` (the
    form's starting values) to pass to `concurrency.merge_edit`.
    """

    abstract = True
    form_class: type[forms.Form] | None = None
    service: Callable[..., object] | None = None
    action = access.CHANGE
    record_arg = "record"
    # With a form using core.concurrency.VersionedFormMixin: the record's fields the form
    # edits, whose starting values the form carries (signed) for the three-way merge.
    edit_fields: tuple[str, ...] | list[str] = ()
    title = ""
    success_message = "Saved."
    template_name = "core/form_page.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        access.require(request.user, self.action, self.object)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = self.form_class(initial=self.full_initial(self.object))
        return self.render_form(form)

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, initial=self.full_initial(self.object))
        if form.is_valid():
            try:
                type(self).service(
                    **{self.record_arg: self.object},
                    officer=request.user,
                    **self.service_kwargs(form),
                )
            except EditConflict as conflict:
                if conflict.conflicts and self.versioned:
                    form.show_conflicts(
                        conflict, now=self.get_initial(conflict.current), fields=self.edit_fields
                    )
                else:
                    add_errors(form, conflict)
            except ValidationError as error:
                add_errors(form, error)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                self.report_merge(form)
                return redirect(self.get_success_url())
        return self.render_form(form)

    @property
    def versioned(self) -> bool:
        """Edits never silently overwrite: the form carries its version and starting values."""
        return issubclass(self.form_class, VersionedFormMixin)

    def full_initial(self, record: models.Model) -> dict:
        initial = self.get_initial(record)
        if self.versioned:
            initial.update(VersionedFormMixin.versioned_initial(record, self.edit_fields))
        return initial

    def service_kwargs(self, form: forms.Form) -> dict:
        """`form_data(form)`, plus `expected_version` and `base` for a versioned form."""
        data = self.form_data(form)
        if not self.versioned:
            return data
        data.pop("version", None)
        data.pop("snapshot", None)
        version, base = read_snapshot(self.object, form.cleaned_data["snapshot"])
        return {**data, "expected_version": version, "base": base}

    def report_merge(self, form: forms.Form) -> None:
        """Say which of a colleague's changes, saved while this form was open, were kept."""
        kept = getattr(self.object, "_theirs_kept", ())
        if kept:
            labels = [str(form.fields[name].label) for name in kept if name in form.fields]
            messages.info(
                self.request,
                "Someone else saved changes while you were editing. Theirs are kept too: "
                + ", ".join(labels)
                + ".",
            )

    def get_initial(self, record: models.Model) -> dict:
        return {}

    def form_data(self, form: forms.Form) -> dict:
        return dict(form.cleaned_data)

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def get_context_data(self, form: forms.Form) -> dict:
        return {
            "form": form,
            "object": self.object,
            "page_title": self.title,
            "caption": str(self.object),
            "back_url": self.object.get_absolute_url(),
        }

    def render_form(self, form: forms.Form):
        return render(self.request, self.template_name, self.get_context_data(form))


def history_link(user, record: models.Model) -> dict:
    """The context a record page needs for its link to the record's audit history: whether
    the user may read it, and the record's content type."""
    return {
        "can_view_history": access.has_capability(user, "audit.view_record_history"),
        "content_type_id": ContentType.objects.get_for_model(record).pk,
    }


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError on the form: by field where the form has it, else the page's."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for message in ValidationError(errors).messages:
                form.add_error(target, message)
        return
    for message in error.messages:
        form.add_error(None, message)


def submit_form(
    request,
    form: forms.Form,
    save: Callable[[dict], object],
    *,
    success: str | Callable[[object], str],
    to: str | Callable[[object], str],
    once: OneTimeForm | None = None,
    again: Callable[[object], str] | None = None,
):
    """The POST of a function-view form page: the redirect once `save(cleaned_data)` (the
    app's service) has run, or None when the page is to be drawn again (a GET, an invalid
    form, or the service's refusal, put on the form by field).

    `success` (the message flashed) and `to` (where to go) may be worked out from what `save`
    returned. With `once` (a create form's one-time token, ADR 0014) the save consumes the
    token and the record made is remembered, so a repeated submission is sent to it too (or
    to `again(made)`, the record's own page).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        if once is None:
            made = save(form.cleaned_data)
        else:
            with once.consume() as submission:
                made = save(form.cleaned_data)
                url = again(made) if again else (to(made) if callable(to) else to)
                submission_created(submission, made, url=url)
    except ValidationError as error:
        add_validation_error(form, error)
        return None
    messages.success(request, success(made) if callable(success) else success)
    return redirect(to(made) if callable(to) else to)
