"""GOV.UK form rendering shared by every app's forms."""

import datetime

from crispy_forms.layout import Hidden
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from apps.core.idempotency import TOKEN_FIELD, OneTimeForm, TokenRefused


class GovukDateInputWidget(DateInputWidget):
    """crispy-forms-gds's day, month and year boxes; also shows an ISO date string."""

    def decompress(self, value):
        if isinstance(value, str) and value:
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return None, None, None
        return super().decompress(value)


class GovukDateField(DateInputField):
    """The GOV.UK date input (day, month and year) with the Design System's messages.

    Every message names the field ("Date of birth must include a month") and is shown
    against the box to correct, so the error summary links to it: the first missing
    box, or the day box when the date as a whole is wrong.
    """

    widget = GovukDateInputWidget
    PARTS = ("day", "month", "year")

    def __init__(self, *, label: str, past: bool = False, required_message: str = "", **kwargs):
        self.past = past
        self.required_message = required_message or f"Enter {label[0].lower()}{label[1:]}"
        kwargs.setdefault("require_all_fields", False)
        super().__init__(label=label, **kwargs)
        self.error_messages["required"] = self.required_message

    def _fail(self, message: str, box: int = 0):
        self.fields[box].widget.errors = [message]
        raise forms.ValidationError(message)

    def clean(self, value):
        for field in self.fields:
            field.widget.errors = []
        parts = [str(part or "").strip() for part in (value or ["", "", ""])]
        parts += [""] * (3 - len(parts))
        if not any(parts):
            if self.required:
                self._fail(self.required_message)
            return None
        missing = [index for index, part in enumerate(parts[:3]) if not part]
        if missing:
            words = " and ".join(self.PARTS[index] for index in missing)
            self._fail(f"{self.label} must include a {words}", missing[0])
        day, month, year = parts[:3]
        if not all(part.isdigit() for part in parts[:3]):
            self._fail(f"{self.label} must be a real date")
        if len(year) != 4:
            self._fail("Year must include 4 numbers", 2)
        try:
            result = datetime.date(int(year), int(month), int(day))
        except ValueError:
            self._fail(f"{self.label} must be a real date")
        if self.past and result >= timezone.localdate():
            self._fail(f"{self.label} must be in the past")
        return result

    def has_changed(self, initial, data):
        return super().has_changed(self.widget.decompress(initial), data)


def _required_message(field: forms.Field) -> str:
    label = str(field.label or "a value")
    label = label[0].lower() + label[1:]
    if isinstance(field.widget, forms.CheckboxInput):
        return f"Confirm that {label}"
    if isinstance(field.widget, forms.Select | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"Select {label}"
    if isinstance(field, forms.FileField):
        return f"Select {label}"
    return f"Enter {label}"


class GovukFormMixin:
    """Draw the form with GOV.UK Design System markup and one primary button.

    The helper is built when the form is first drawn, so a view may remove fields
    (or add inputs) after creating the form.
    """

    submit_label = "Continue"
    _helper = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every message names its field: never Django's bare "This field is required."
        default = forms.Field.default_error_messages["required"]
        for field in self.fields.values():
            if str(field.error_messages.get("required", "")) == str(default):
                field.error_messages = {
                    **field.error_messages,
                    "required": _required_message(field),
                }

    def full_clean(self):
        super().full_clean()
        # A date's own checks (in the past, after 1900) belong to its day box, so the
        # error summary links to a box a person can type in.
        for name, field in self.fields.items():
            if isinstance(field, GovukDateField) and name in getattr(self, "_errors", {}):
                shown = [e for sub in field.fields for e in getattr(sub.widget, "errors", [])]
                extra = [str(e) for e in self._errors[name] if str(e) not in shown]
                field.fields[0].widget.errors = [*field.fields[0].widget.errors, *extra]

    @property
    def helper(self) -> FormHelper:
        if self._helper is None:
            self._helper = FormHelper(self)
            self._helper.label_size = "s"
            self._helper.legend_size = "s"
            # The GOV.UK error summary, not the browser's own pop-up, reports problems.
            self._helper.attrs = {"novalidate": ""}
            self._helper.add_input(Submit("submit", self.submit_label))
            for name, value in self.hidden_inputs():
                self._helper.add_input(Hidden(name, value))
        return self._helper

    def hidden_inputs(self) -> list[tuple[str, str]]:
        return []

    @helper.setter
    def helper(self, value: FormHelper) -> None:
        self._helper = value


class OneTimeFormMixin:
    """A form that creates something and can be sent once (core.idempotency).

    It carries the page's one-time token and refuses a missing or expired one with a
    message in the error summary; the view makes the create in `once.consume()`.
    """

    def __init__(self, *args, once: OneTimeForm, **kwargs):
        super().__init__(*args, **kwargs)
        self.once = once

    def hidden_inputs(self) -> list[tuple[str, str]]:
        return [*super().hidden_inputs(), (TOKEN_FIELD, self.once.token)]

    def clean(self):
        cleaned_data = super().clean()
        try:
            self.once.check()
        except TokenRefused as error:
            self.add_error(None, error)
        return cleaned_data


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save"


def validation_messages(
    error: ValidationError, *, non_field_key: str = NON_FIELD_ERRORS
) -> dict[str, list[str]]:
    """A service's ValidationError as messages by field name, for a page, the API or an import.

    An error not keyed by field gives all its messages under `non_field_key`.
    """
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {non_field_key: error.messages}


def add_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on `form`.

    Messages for a field the form has go by that field; the rest go above the form.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
