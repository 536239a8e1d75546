from django import forms

from apps.core.forms import GovukForm


class DocumentTemplateForm(GovukForm):
    submit_label = "Save the template"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    body = forms.CharField(
        label="Template text",
        help_text='Placeholders in double braces, such as {{ case.reference }}; "# " and "## " '
        'start headings, "- " a bullet point, a blank line a new paragraph',
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false"}),
        error_messages={"required": "Enter the template text"},
    )
