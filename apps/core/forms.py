"""GOV.UK form rendering shared by every app's forms."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms


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
        return self._helper

    @helper.setter
    def helper(self, value: FormHelper) -> None:
        self._helper = value


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save"
