"""Templates an administrator edits (audited), documents generated as PDF and DOCX (audited
exports) with the protective marking in header and footer."""

import io

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.services import case_restrict
from apps.cases.tests.factories import OpenCaseFactory
from apps.documents.models import DocumentTemplate
from apps.documents.tests.kinds import TEST_KIND

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(team):
    return OpenCaseFactory(team=team, protective_marking="OFFICIAL-SENSITIVE")


def _download(client, case, file_format):
    return client.get(
        reverse("documents:document_download", args=[TEST_KIND.code, case.pk, file_format])
    )


def test_a_pdf_opens_and_carries_the_content_and_the_marking_on_every_page(
    signed_in, colleague, case
):
    response = _download(signed_in(colleague), case, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"test-case-note-{case.reference}.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert f"Case note {case.reference}" in text
    assert "Channel case opened" in text
    for page in reader.pages:
        assert page.extract_text().count("OFFICIAL-SENSITIVE") >= 2  # header and footer


def test_a_docx_opens_with_the_marking_in_header_and_footer(signed_in, colleague, case):
    response = _download(signed_in(colleague), case, "docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert section.footer.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    body = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert f"Case note {case.reference}" in body
    assert "Marked OFFICIAL-SENSITIVE." in body


def test_every_generation_is_an_audited_export(signed_in, colleague, case):
    response = _download(signed_in(colleague), case, "pdf")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_id=str(case.pk))
    assert event.detail["format"] == "pdf"
    assert event.detail["references"] == [case.reference]
    assert event.request_id == response["X-Request-ID"]
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(case.pk)).exists()


def test_a_case_out_of_reach_gives_404_and_no_document(
    signed_in, make_user, other_team, sio, supervisor, colleague, case
):
    stranger = make_user("case_officer", username="stranger", team=other_team)
    assert _download(signed_in(stranger), case, "pdf").status_code == 404
    case_restrict(case=case, officer=supervisor, readers=[sio], reason="Synthetic trace")
    assert _download(signed_in(colleague), case, "pdf").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_roles_without_the_capability_get_403(signed_in, analyst, administrator, case):
    for user in (analyst, administrator):
        assert _download(signed_in(user), case, "pdf").status_code == 403


def test_an_unknown_format_or_kind_is_404(signed_in, colleague, case):
    client = signed_in(colleague)
    assert _download(client, case, "exe").status_code == 404
    url = reverse("documents:document_download", args=["no-such-kind", case.pk, "pdf"])
    assert client.get(url).status_code == 404


def test_the_administrator_edits_a_template_and_the_change_is_audited(
    signed_in, administrator, colleague, case
):
    client = signed_in(administrator)
    url = reverse("documents:template_edit", args=[TEST_KIND.code])
    page = client.get(url)
    assert page.status_code == 200
    assert "case.reference" in page.content.decode()
    body = "# Edited note {{ case.reference }}\nMarked {{ marking }}."
    response = client.post(url, {"body": body, "version": ""})
    assert response.status_code == 302
    template = DocumentTemplate.objects.get(kind=TEST_KIND.code)
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(template.pk))
    assert event.changes["body"] == {"old": TEST_KIND.default_body, "new": body}
    client.post(url, {"body": body + "\nMore.", "version": template.version})
    update = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(template.pk))
    assert update.changes["body"] == {"old": body, "new": body + "\nMore."}
    document = docx.Document(io.BytesIO(_download(signed_in(colleague), case, "docx").content))
    assert f"Edited note {case.reference}" in [p.text for p in document.paragraphs]


def test_a_template_that_reaches_beyond_its_data_is_refused_with_the_reason(
    signed_in, administrator
):
    url = reverse("documents:template_edit", args=[TEST_KIND.code])
    response = signed_in(administrator).post(
        url, {"body": "{{ case.__class__.__mro__ }}", "version": ""}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "not allowed" in body
    assert not DocumentTemplate.objects.filter(kind=TEST_KIND.code).exists()


def test_a_stale_template_edit_is_refused(signed_in, administrator):
    url = reverse("documents:template_edit", args=[TEST_KIND.code])
    client = signed_in(administrator)
    client.post(url, {"body": "First {{ case.reference }}", "version": ""})
    response = client.post(url, {"body": "Second {{ case.reference }}", "version": ""})
    assert "changed this template after you opened it" in response.content.decode()
    assert DocumentTemplate.objects.get(kind=TEST_KIND.code).body == "First {{ case.reference }}"


def test_officers_may_not_edit_templates(signed_in, colleague, supervisor):
    for user in (colleague, supervisor):
        client = signed_in(user)
        assert client.get(reverse("documents:template_list")).status_code == 403
        url = reverse("documents:template_edit", args=[TEST_KIND.code])
        assert client.post(url, {"body": "x"}).status_code == 403
