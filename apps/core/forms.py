"""GOV.UK form rendering shared by every app's forms."""

from crispy_forms.layout import Hidden
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from apps.core.idempotency import TOKEN_FIELD, OneTimeForm, TokenRefused


class GovukFormMixin:
    """Draw the form with GOV.UK Design System markup and one primary button.

    The helper is built when the form is first drawn, so a view may remove fields
    (or add inputs) after creating the form.
    """

    submit_label = "Continue"
    _helper = None

    @property
    def helper(self) -> FormHelper:
        if self._helper is None:
            self._helper = FormHelper(self)
            self._helper.label_size = "s"
            self._helper.legend_size = "s"
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
