"""Cyber Prevent intervention pages: adding one, the live-investigation check, the letter's
delivery, the cease-and-desist letter as PDF and DOCX, and who may do what. Synthetic only."""

import datetime
import io

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.services import case_restrict
from apps.core.tests.forms import form_token, post_with_token
from apps.interventions import services
from apps.interventions.choices import InterventionStatus, InvestigationAnswer
from apps.interventions.letters import CEASE_AND_DESIST
from apps.interventions.models import Intervention
from apps.interventions.tests.factories import (
    CyberCaseFactory,
    NoLiveInvestigationCheckFactory,
    PlannedCeaseAndDesistFactory,
    PlannedInterventionFactory,
    cma_section,
    intervention_type,
)
from apps.interventions.timeline import support_timeline
from apps.partners.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _date(prefix, value) -> dict:
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


@pytest.fixture
def cyber_case(cyber_team):
    case = CyberCaseFactory(team=cyber_team, protective_marking="OFFICIAL-SENSITIVE")
    case.referral.computer_misuse_sections = ["s3"]
    case.referral.save()
    return case


@pytest.fixture
def letter(cyber_case):
    person = cyber_case.person
    person.date_of_birth = TODAY.replace(year=TODAY.year - 15)
    person.save()
    return PlannedCeaseAndDesistFactory(case=cyber_case, sections=["s1", "s3ZA"])


def test_the_add_page_offers_only_cyber_types_and_ticks_the_referrals_sections(
    signed_in, cyber_officer, cyber_case
):
    client = signed_in(cyber_officer)
    page = client.get(reverse("interventions:intervention_create", args=[cyber_case.pk]))
    form = page.context["form"]
    codes = set(form.fields["intervention_type"].queryset.values_list("code", flat=True))
    assert "cyber-cease-and-desist-visit" in codes
    assert "mentoring" not in codes
    assert [section.code for section in form.initial["cma_sections"]] == ["s3"]
    assert "Computer Misuse Act sections concerned" in page.content.decode()


def test_a_prevent_cases_add_page_asks_nothing_about_the_act(signed_in, colleague, team):
    case = PlannedInterventionFactory(case__team=team).case
    page = signed_in(colleague).get(reverse("interventions:intervention_create", args=[case.pk]))
    assert "cma_sections" not in page.context["form"].fields
    assert "cyber-workshop" not in {
        kind.code for kind in page.context["form"].fields["intervention_type"].queryset
    }


def test_a_cyber_intervention_is_added_with_sections_partners_and_officer(
    signed_in, cyber_officer, cyber_case
):
    school = OrganisationFactory(name="Invented Academy", local_authority=None)
    client = signed_in(cyber_officer)
    url = reverse("interventions:intervention_create", args=[cyber_case.pk])
    response = post_with_token(
        client,
        url,
        {
            "intervention_type": intervention_type("cyber-diversion-ctf").pk,
            "objective": "Synthetic: channel skills into a legal capture-the-flag.",
            **_date("start_date", TODAY),
            "intervention_officer": str(cyber_officer.pk),
            "cma_sections": [str(cma_section("s1").pk), str(cma_section("s3A").pk)],
            "partners": [str(school.pk)],
        },
    )
    intervention = Intervention.objects.get(case=cyber_case)
    assert response.status_code == 302
    assert list(intervention.partners.all()) == [school]
    assert intervention.officer == cyber_officer
    assert {section.code for section in intervention.cma_sections.all()} == {"s1", "s3A"}


def test_bad_input_on_the_add_page_is_summarised_and_nothing_stored(
    signed_in, cyber_officer, cyber_case
):
    client = signed_in(cyber_officer)
    url = reverse("interventions:intervention_create", args=[cyber_case.pk])
    response = post_with_token(
        client,
        url,
        {
            "intervention_type": intervention_type("cyber-engagement-visit").pk,
            "objective": "Synthetic.",
            **_date("start_date", TODAY),
            "appropriate_adult_name": "Invented Parent",
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "Enter both the parent or appropriate adult" in response.content.decode()
    assert not Intervention.objects.exists()


def test_the_check_is_recorded_from_its_page_and_lets_the_letter_start(
    signed_in, cyber_officer, letter
):
    client = signed_in(cyber_officer)
    detail = client.get(letter.get_absolute_url()).content.decode()
    assert "record the check first" in detail
    url = reverse("interventions:investigation_check_create", args=[letter.pk])
    response = post_with_token(
        client,
        url,
        {
            "asked": "DS Invented, NCCU Pursue",
            **_date("asked_on", TODAY),
            "answer": InvestigationAnswer.NO_LIVE_INVESTIGATION,
        },
    )
    assert response.status_code == 302
    response = client.post(reverse("interventions:intervention_start", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.status == InterventionStatus.ACTIVE


def test_deconflicted_without_conditions_is_refused_on_the_check_page(
    signed_in, cyber_officer, letter
):
    client = signed_in(cyber_officer)
    url = reverse("interventions:investigation_check_create", args=[letter.pk])
    response = post_with_token(
        client,
        url,
        {
            "asked": "DS Invented, NCCU Pursue",
            **_date("asked_on", TODAY),
            "answer": InvestigationAnswer.DECONFLICTED,
        },
    )
    assert response.status_code == 200
    assert "Enter the conditions to proceed with" in response.content.decode()
    assert not letter.investigation_checks.exists()


def test_starting_without_the_check_is_refused_with_a_clear_message(
    signed_in, cyber_officer, letter
):
    client = signed_in(cyber_officer)
    response = client.post(
        reverse("interventions:intervention_start", args=[letter.pk]), follow=True
    )
    assert "A live-investigation check with Pursue and the NCCU must allow this" in (
        response.content.decode()
    )
    letter.refresh_from_db()
    assert letter.status == InterventionStatus.PLANNED


def test_the_letters_delivery_is_recorded_from_its_page(signed_in, cyber_officer, letter):
    client = signed_in(cyber_officer)
    url = reverse("interventions:letter_delivery_create", args=[letter.pk])
    assert form_token(client.get(url))
    response = post_with_token(
        client, url, {"method": "by_hand", **_date("delivered_on", TODAY), "note": ""}
    )
    assert response.status_code == 302
    delivery = letter.letter_deliveries.get()
    assert delivery.delivered_by == cyber_officer
    assert "By hand at a visit" in client.get(letter.get_absolute_url()).content.decode()


def _letter(client, intervention, file_format):
    return client.get(
        reverse(
            "documents:document_download", args=[CEASE_AND_DESIST, intervention.pk, file_format]
        )
    )


def test_the_letter_opens_as_a_pdf_with_the_sections_the_person_and_the_marking(
    signed_in, cyber_officer, letter
):
    response = _letter(signed_in(cyber_officer), letter, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Cease and desist: Computer Misuse Act 1990" in text
    assert "section s1: Unauthorised access to computer material" in text
    assert "section s3ZA" in text
    assert "section s3:" not in text  # only the intervention's own sections
    assert f"To the parent or guardian of {letter.case.person.full_name}" in text
    for page in reader.pages:
        assert page.extract_text().count("OFFICIAL-SENSITIVE") >= 2  # header and footer


def test_the_letter_opens_as_a_docx_with_the_marking_in_header_and_footer(
    signed_in, cyber_officer, letter
):
    response = _letter(signed_in(cyber_officer), letter, "docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert section.footer.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    body = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "section s1: Unauthorised access to computer material" in body
    assert letter.reference in body
    assert letter.case.person.full_name in body


def test_every_letter_generated_is_an_audited_export(signed_in, cyber_officer, letter):
    response = _letter(signed_in(cyber_officer), letter, "pdf")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_id=str(letter.pk))
    assert event.detail["scope"] == f"document {CEASE_AND_DESIST}"
    assert event.detail["references"] == [letter.reference]
    assert event.request_id == response["X-Request-ID"]


def test_an_administrators_edit_of_the_letter_is_used(
    signed_in, administrator, cyber_officer, letter
):
    client = signed_in(administrator)
    url = reverse("documents:template_edit", args=[CEASE_AND_DESIST])
    assert "Cease and desist" in client.get(url).content.decode()
    response = client.post(
        url,
        {"body": "# Stop now\nSections: {{ sections|length }}. {{ marking }}", "version": ""},
    )
    assert response.status_code == 302
    document = docx.Document(io.BytesIO(_letter(signed_in(cyber_officer), letter, "docx").content))
    assert "Sections: 2. OFFICIAL-SENSITIVE" in "\n".join(p.text for p in document.paragraphs)


def test_there_is_no_letter_for_an_intervention_that_is_not_a_cease_and_desist(
    signed_in, cyber_officer, cyber_case
):
    workshop = PlannedInterventionFactory(
        case=cyber_case, intervention_type=intervention_type("cyber-workshop")
    )
    assert _letter(signed_in(cyber_officer), workshop, "pdf").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_ct_prevent_officer_gets_404_on_a_cyber_intervention_and_its_letter(
    signed_in, colleague, letter
):
    client = signed_in(colleague)
    assert client.get(letter.get_absolute_url()).status_code == 404
    assert (
        client.get(
            reverse("interventions:investigation_check_create", args=[letter.pk])
        ).status_code
        == 404
    )
    assert _letter(client, letter, "pdf").status_code == 404


def test_a_restricted_case_takes_its_letter_with_it(
    signed_in, cyber_officer, make_user, cyber_team, letter
):
    sio = make_user("sio", username="cyber.sio", team=cyber_team)
    supervisor = make_user("supervisor", username="cyber.supervisor", team=cyber_team)
    case_restrict(case=letter.case, officer=supervisor, readers=[sio], reason="Synthetic trace")
    assert _letter(signed_in(cyber_officer), letter, "pdf").status_code == 404


def test_roles_that_may_not_record_get_403(signed_in, analyst, letter):
    client = signed_in(analyst)
    for name in ("investigation_check_create", "letter_delivery_create"):
        assert client.get(reverse(f"interventions:{name}", args=[letter.pk])).status_code == 403


def test_the_detail_page_shows_the_checks_and_the_appropriate_adult(
    signed_in, cyber_officer, cyber_case
):
    visit = PlannedInterventionFactory(
        case=cyber_case,
        intervention_type=intervention_type("cyber-engagement-visit"),
        appropriate_adult_name="Invented Parent",
        appropriate_adult_relationship="Father",
    )
    NoLiveInvestigationCheckFactory(intervention=visit)
    page = signed_in(cyber_officer).get(visit.get_absolute_url()).content.decode()
    assert "Invented Parent (Father)" in page
    assert "No live investigation" in page
    assert "DS Invented, NCCU Pursue" in page


def test_administrators_edit_the_types_and_sections_as_reference_data(
    signed_in, administrator, cyber_officer
):
    client = signed_in(administrator)
    page = client.get(reverse("admin:interventions_cmasection_changelist"))
    assert page.status_code == 200
    assert "s3ZA" in page.content.decode()
    types = client.get(reverse("admin:interventions_interventiontype_changelist"))
    assert "Cease-and-desist visit" in types.content.decode()
    officer = signed_in(cyber_officer).get(reverse("admin:interventions_cmasection_changelist"))
    assert officer.status_code in (302, 403)


def test_the_api_shows_the_cyber_prevent_parts_read_only(signed_in, cyber_officer, letter):
    NoLiveInvestigationCheckFactory(intervention=letter)
    response = signed_in(cyber_officer).get(f"/api/v1/interventions/{letter.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["cma_sections"] == ["s1", "s3ZA"]
    assert body["investigation_checks"][0]["answer"] == "no_live_investigation"
    assert body["letter_deliveries"] == []


def test_sections_and_partners_are_changed_audited_and_a_stale_page_refused(
    signed_in, cyber_officer, letter
):
    probation = OrganisationFactory(name="Invented Probation Unit", local_authority=None)
    client = signed_in(cyber_officer)
    url = reverse("interventions:intervention_links_edit", args=[letter.pk])
    assert "Invented Probation Unit" in client.get(url).content.decode()
    data = {
        "version": letter.version,
        "cma_sections": [str(cma_section("s2").pk)],
        "partners": [str(probation.pk)],
    }
    assert client.post(url, data).status_code == 302
    letter.refresh_from_db()
    assert [section.code for section in letter.cma_sections.all()] == ["s2"]
    assert list(letter.partners.all()) == [probation]
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(letter.pk))
    assert event.changes["cma_sections"] == {"old": ["s1", "s3ZA"], "new": ["s2"]}
    stale = client.post(url, {**data, "partners": []})  # the version it started from moved
    assert stale.status_code == 200
    assert "Someone changed this intervention" in stale.content.decode()
    assert list(letter.partners.all()) == [probation]


def test_the_case_timeline_has_the_checks_and_deliveries(cyber_officer, letter):
    NoLiveInvestigationCheckFactory(intervention=letter, created_by=cyber_officer)
    services.letter_delivery_record(
        intervention=letter, officer=cyber_officer, method="letter", delivered_on=TODAY
    )
    what = [entry.what for entry in support_timeline(letter.case, {"support"})]
    assert f"Live-investigation check for {letter.reference}: no live investigation" in what
    assert f"Cease-and-desist letter for {letter.reference} delivered by letter" in what
