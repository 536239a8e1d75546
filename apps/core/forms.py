"""GOV.UK form rendering shared by every app's forms."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms


class GovukForm(forms.Form):
    """A form drawn with GOV.UK Design System markup and a single primary button."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
        self.helper.add_input(Submit("submit", self.submit_label))


class GovukModelForm(forms.ModelForm):
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
        self.helper.add_input(Submit("submit", self.submit_label))
