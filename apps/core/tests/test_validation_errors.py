"""A service's ValidationError shown on a page, in the API or on an import, one way."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from apps.core.forms import add_validation_error, validation_messages


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False)


def test_field_keyed_messages_are_kept_by_field():
    error = ValidationError({"reason": ["Say why"], "team": ["Choose a team"]})
    assert validation_messages(error) == {"reason": ["Say why"], "team": ["Choose a team"]}


def test_unkeyed_messages_go_under_the_non_field_key():
    error = ValidationError(["First problem", "Second problem"])
    assert validation_messages(error) == {NON_FIELD_ERRORS: ["First problem", "Second problem"]}
    assert validation_messages(error, non_field_key="") == {"": ["First problem", "Second problem"]}


def test_a_form_shows_a_field_error_by_its_field_and_others_above_the_form():
    form = ReasonForm({"reason": "x"})
    assert form.is_valid()
    add_validation_error(form, ValidationError({"reason": "Say more", "team": "Choose a team"}))
    assert form.errors["reason"] == ["Say more"]
    assert form.non_field_errors() == ["Choose a team"]


def test_a_form_shows_an_unkeyed_error_above_the_form():
    form = ReasonForm({"reason": "x"})
    assert form.is_valid()
    add_validation_error(form, ValidationError("This page has expired"))
    assert form.non_field_errors() == ["This page has expired"]
    assert "reason" not in form.errors
