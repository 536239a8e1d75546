"""The one page with a GOV.UK form: back link, caption, heading, intro and the form."""

from django import forms
from django.test import RequestFactory

from apps.core.forms import GovukForm
from apps.core.views import form_page


class ReasonForm(GovukForm):
    reason = forms.CharField(label="Reason")


def page(**kwargs) -> str:
    request = RequestFactory().get("/")
    return form_page(request, ReasonForm(), **kwargs).content.decode()


def test_the_page_shows_the_title_caption_intro_back_link_and_form():
    html = page(
        title="Undo the merge",
        caption="PN-2026-00001",
        intro="Say why the merge is being undone.",
        back_url="/people/1/",
    )
    assert '<h1 class="govuk-heading-l">Undo the merge</h1>' in html
    assert '<span class="govuk-caption-l">PN-2026-00001</span>' in html
    assert "Say why the merge is being undone." in html
    assert '<a href="/people/1/" class="govuk-back-link">Back</a>' in html
    assert 'name="reason"' in html


def test_without_caption_intro_or_back_link_none_is_drawn():
    html = page(title="Record an enquiry")
    assert "govuk-caption-l" not in html
    assert "govuk-back-link" not in html
    assert '<p class="govuk-body">' not in html.split("<h1")[1].split("<form")[0]
