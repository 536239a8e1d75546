"""Assessment forms: the factors of the framework, grouped by dimension, and sign-off."""

from crispy_forms_gds.layout import Fieldset, Layout, Size
from django import forms

from apps.core.forms import GovukForm, OneTimeFormMixin

TEXTAREA = {"rows": 3}


class AssessmentStartForm(OneTimeFormMixin, GovukForm):
    submit_label = "Start the assessment"


class AssessmentForm(GovukForm):
    """Judgement and evidence per factor, then the conclusion. Nothing is scored."""

    submit_label = "Save"
    version = forms.IntegerField(widget=forms.HiddenInput)
    snapshot = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": "Reload the page, then make your changes again"},
    )
    summary = forms.CharField(
        label="Summary conclusion",
        help_text="Your conclusion in your own words. The system suggests no level",
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
    )
    management_plan = forms.CharField(
        label="Management plan",
        help_text="What will be done, by whom and by when",
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
    )
    changes_since_last = forms.CharField(
        label="What changed since the last assessment",
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
    )

    def __init__(self, *args, comparison: dict, first: bool, **kwargs):
        super().__init__(*args, **kwargs)
        sections = []
        for group in comparison["dimensions"]:
            names = []
            for entry in group["factors"]:
                factor = entry["factor"]
                judgement, evidence = f"judgement_{factor.pk}", f"evidence_{factor.pk}"
                self.fields[judgement] = forms.CharField(
                    label=f"{factor.name}: your judgement",
                    help_text=factor.prompt,
                    widget=forms.Textarea(attrs=TEXTAREA),
                    required=False,
                )
                self.fields[evidence] = forms.CharField(
                    label=f"{factor.name}: the evidence",
                    widget=forms.Textarea(attrs=TEXTAREA),
                    required=False,
                )
                names += [judgement, evidence]
            sections.append(
                Fieldset(*names, legend=group["dimension"].name, legend_size=Size.MEDIUM)
            )
        conclusion = ["summary", "management_plan"]
        if first:
            del self.fields["changes_since_last"]
        else:
            conclusion.append("changes_since_last")
        self.helper.layout = Layout(
            "version",
            "snapshot",
            *sections,
            Fieldset(*conclusion, legend="Conclusion", legend_size=Size.MEDIUM),
        )

    def values(self) -> dict:
        """What the officer typed, by field name (as services.assessment_values names it)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("version", "snapshot")
        }

    def show_conflicts(self, conflict, *, snapshot: str) -> None:
        """Both values of each field a colleague also changed; the form keeps what was typed."""
        self.data = self.data.copy()
        for item in conflict.conflicts:
            label = self.fields[item.field].label if item.field in self.fields else item.field
            self.add_error(
                item.field if item.field in self.fields else None,
                f"{label} was changed by someone else to “{item.theirs or 'blank'}” after you "
                f"opened this page. You entered “{item.mine or 'blank'}”, which is kept below: "
                "save again to use it, or change it",
            )
        self.data["version"] = str(conflict.current.version)
        self.data["snapshot"] = snapshot


class AssessmentSignOffForm(GovukForm):
    submit_label = "Record sign-off"
    approve = forms.TypedChoiceField(
        label="Do you sign off this assessment?",
        choices=[("yes", "Yes, sign it off"), ("no", "No, return it for more work")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you sign off this assessment"},
    )
    comment = forms.CharField(
        label="Comment",
        help_text="Required when you return it: say what more is needed",
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
    )


class FrameworkUploadForm(GovukForm):
    submit_label = "Load the framework"
    file = forms.FileField(
        label="Framework file (YAML or JSON)",
        help_text="Name, version, dimensions and their factors with prompts, as in the sample",
    )
    make_current = forms.BooleanField(
        label="Use this version for new assessments", required=False, initial=True
    )
