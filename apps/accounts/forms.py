"""Sign-in, two-factor and break-glass forms."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from apps.core import access
from apps.core.forms import GovukForm, GovukFormMixin, OneTimeFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Contact your administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )


class GovukPasswordChangeForm(GovukFormMixin, PasswordChangeForm):
    submit_label = "Change password"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = (
            "At least 12 characters. A few unrelated words make a strong password. "
            "Common passwords are refused."
        )


class TokenForm(GovukForm):
    submit_label = "Continue"
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app",
        max_length=6,
        min_length=6,
        error_messages={
            "required": "Enter the 6-digit security code",
            "min_length": "The security code must be 6 digits",
            "max_length": "The security code must be 6 digits",
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("The security code must be 6 digits")
        return token


class BreakGlassForm(OneTimeFormMixin, GovukForm):
    submit_label = "Request access"
    record_type = forms.ChoiceField(
        label="Type of record",
        error_messages={"required": "Select the type of record"},
    )
    reference = forms.CharField(
        label="Record reference",
        help_text="For example, PN-2026-00042",
        max_length=50,
        error_messages={"required": "Enter the record reference"},
    )
    purpose = forms.CharField(
        label="Why do you need this record?",
        help_text="Your line manager is told straight away, and this reason is kept with "
        "every view you make.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Explain why you need this record"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [
            (label, model._meta.verbose_name.capitalize())
            for label, model in access.BREAK_GLASS_TYPES.items()
        ]
