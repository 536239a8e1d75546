"""Person index forms."""

from django import forms

from apps.core.forms import GovukForm


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Name or reference", max_length=100, required=False)


class SamePersonForm(GovukForm):
    """Merge, or record 'not the same person', for one suggested duplicate."""

    submit_label = "Record decision"
    other = forms.CharField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Are these the same person?",
        choices=[
            ("merge", "Yes – merge the other record into this one"),
            ("not_same", "No – they are different people (never suggest this pair again)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these are the same person"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for your decision"},
    )


class UnmergeForm(GovukForm):
    submit_label = "Undo merge"
    reason = forms.CharField(
        label="Why is the merge being undone?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the merge is being undone"},
    )
