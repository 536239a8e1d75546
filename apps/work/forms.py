"""Forms for tasks and allocation: GOV.UK patterns, every message names its field."""

from django import forms

from apps.core.forms import GovukDateField, GovukForm, OneTimeFormMixin


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class TaskForm(OneTimeFormMixin, GovukForm):
    submit_label = "Set task"
    title = forms.CharField(
        label="What needs to be done",
        max_length=200,
        help_text="Keep it short: a reference rather than a name, for example "
        "“Ask the school for attendance records for PR-2026-00042”.",
        error_messages={"required": "Enter what needs to be done"},
    )
    details = forms.CharField(
        label="Details (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    assignee = OfficerChoiceField(
        label="Who will do it",
        queryset=None,
        empty_label=None,
        error_messages={"required": "Choose who will do the task"},
    )
    due_date = GovukDateField(
        label="Due date", help_text="For example, 27 3 2027", required_message="Enter the due date"
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = officers


class TaskCloseForm(GovukForm):
    submit_label = "Mark as done"
    note = forms.CharField(
        label="What was done (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class TaskCancelForm(GovukForm):
    submit_label = "Cancel task"
    reason = forms.CharField(
        label="Why is the task no longer needed",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the task is no longer needed"},
    )


class TaskReassignForm(GovukForm):
    submit_label = "Reassign task"
    assignee = OfficerChoiceField(
        label="Who will do it now",
        queryset=None,
        empty_label=None,
        error_messages={"required": "Choose who will do the task"},
    )
    reason = forms.CharField(
        label="Reason (optional)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = officers


class AllocateForm(GovukForm):
    """A supervisor allocates, or reallocates, a record to an officer of its team."""

    submit_label = "Allocate"
    officer = OfficerChoiceField(
        label="Officer",
        queryset=None,
        empty_label=None,
        error_messages={"required": "Choose the officer to allocate it to"},
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Needed when the work moves from one officer to another.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class ReleaseForm(GovukForm):
    submit_label = "Release"
    reason = forms.CharField(
        label="Reason (optional)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
