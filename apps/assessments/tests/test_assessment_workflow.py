"""An assessment from start to sign-off: who may do each step, what it needs, what is audited."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.assessments import services
from apps.assessments.choices import AssessmentStatus
from apps.assessments.models import Assessment, FactorJudgement
from apps.assessments.tests.factories import (
    CompleteDraftAssessmentFactory,
    DraftAssessmentFactory,
)
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.services import case_restrict
from apps.cases.tests.factories import OpenCaseFactory
from apps.core.tests.forms import form_token, post_with_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_officer(make_user, supervisor):
    return make_user("case_officer", username="case.officer", line_manager=supervisor)


@pytest.fixture
def case(team):
    return OpenCaseFactory(team=team)


def _opened(client, assessment) -> dict:
    """The hidden version and snapshot of the edit page, as a browser sends them back."""
    body = client.get(reverse("assessments:assessment_edit", args=[assessment.pk])).content
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', body.decode()).group(1)
        for name in ("version", "snapshot")
    }


def _edit_data(assessment, opened=None, **overrides) -> dict:
    data = {
        **(opened or {}),
        "summary": "Synthetic conclusion.",
        "management_plan": "Synthetic plan.",
    }
    for row in assessment.judgements.all():
        data[f"judgement_{row.factor_id}"] = "Synthetic judgement."
        data[f"evidence_{row.factor_id}"] = "Synthetic evidence."
    data.update(overrides)
    return data


def test_an_officer_starts_an_assessment_with_one_judgement_per_factor(
    signed_in, case_officer, case
):
    client = signed_in(case_officer)
    url = reverse("assessments:assessment_create", args=[case.pk])
    response = post_with_token(client, url, {})
    assessment = Assessment.objects.get(case=case)
    assert response.status_code == 302
    assert assessment.number == 1
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.judgements.count() == 22
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(assessment.pk)
    ).exists()


def test_a_repeated_start_creates_one_assessment(signed_in, case_officer, case):
    client = signed_in(case_officer)
    url = reverse("assessments:assessment_create", args=[case.pk])
    token = form_token(client.get(url))
    client.post(url, {"submission_token": token})
    client.post(url, {"submission_token": token})
    assert Assessment.objects.filter(case=case).count() == 1


def test_the_pages_say_the_system_computes_no_score(signed_in, case_officer, case):
    assessment = DraftAssessmentFactory(case=case)
    client = signed_in(case_officer)
    for url in (
        reverse("assessments:case_assessments", args=[case.pk]),
        assessment.get_absolute_url(),
        reverse("assessments:assessment_edit", args=[assessment.pk]),
    ):
        body = client.get(url).content.decode()
        assert "The system computes no score and suggests no level" in body


def test_nothing_in_an_assessment_is_a_score_or_a_level():
    names = {field.name for model in (Assessment, FactorJudgement) for field in model._meta.fields}
    assert not {name for name in names if "score" in name or "level" in name or "risk" in name}


def test_editing_saves_the_judgements_and_audits_old_and_new(signed_in, case_officer, case):
    assessment = DraftAssessmentFactory(case=case)
    client = signed_in(case_officer)
    response = client.post(
        reverse("assessments:assessment_edit", args=[assessment.pk]),
        _edit_data(assessment, _opened(client, assessment)),
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.summary == "Synthetic conclusion."
    assert set(assessment.judgements.values_list("judgement", flat=True)) == {
        "Synthetic judgement."
    }
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(assessment.pk))
    assert event.changes["summary"] == {"old": "", "new": "Synthetic conclusion."}
    assert event.changes["factor grievance"]["new"]["judgement"] == "Synthetic judgement."


def test_a_colleagues_change_to_another_field_is_kept_and_the_same_field_refused(
    signed_in, case_officer, colleague, case
):
    assessment = DraftAssessmentFactory(case=case)
    url = reverse("assessments:assessment_edit", args=[assessment.pk])
    theirs_opened = _opened(signed_in(colleague), assessment)
    mine_opened = _opened(signed_in(case_officer), assessment)
    blank = {"summary": "", "management_plan": ""}
    signed_in(colleague).post(url, {**theirs_opened, **blank, "summary": "Colleague's conclusion."})
    response = signed_in(case_officer).post(
        url, {**mine_opened, **blank, "management_plan": "My plan."}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.summary == "Colleague's conclusion."
    assert assessment.management_plan == "My plan."
    response = signed_in(case_officer).post(
        url, {**mine_opened, **blank, "summary": "My conclusion."}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "was changed by someone else to “Colleague&#x27;s conclusion.”" in body
    assert "You entered “My conclusion.”" in body
    assessment.refresh_from_db()
    assert assessment.summary == "Colleague's conclusion."


def test_an_incomplete_assessment_cannot_be_submitted(case_officer, case):
    assessment = DraftAssessmentFactory(case=case)
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(assessment=assessment, officer=case_officer)
    assert "summary" in error.value.message_dict
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_submit_then_a_supervisor_signs_off(signed_in, case_officer, supervisor, case):
    assessment = CompleteDraftAssessmentFactory(case=case)
    client = signed_in(case_officer)
    client.post(reverse("assessments:assessment_submit", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_by == case_officer
    client = signed_in(supervisor)
    url = reverse("assessments:assessment_sign_off", args=[assessment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"approve": "yes"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SIGNED_OFF
    assert AuditEvent.objects.filter(
        action=AuditAction.SIGN_OFF, object_id=str(assessment.pk)
    ).exists()


def test_a_return_needs_a_comment_and_the_officer_can_then_edit_again(
    signed_in, case_officer, supervisor, case
):
    assessment = CompleteDraftAssessmentFactory(case=case)
    services.assessment_submit(assessment=assessment, officer=case_officer)
    url = reverse("assessments:assessment_sign_off", args=[assessment.pk])
    client = signed_in(supervisor)
    response = client.post(url, {"approve": "no", "comment": ""})
    assert "Say what more is needed" in response.content.decode()
    client.post(url, {"approve": "no", "comment": "Add the school's evidence."})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RETURNED
    edit = signed_in(case_officer).get(reverse("assessments:assessment_edit", args=[assessment.pk]))
    assert edit.status_code == 200


def test_the_officer_who_submitted_may_not_sign_off(case_officer, make_user, case):
    submitter = make_user("supervisor", username="submitting.supervisor")
    assessment = CompleteDraftAssessmentFactory(case=case)
    services.assessment_submit(assessment=assessment, officer=submitter)
    with pytest.raises(PermissionDenied):
        services.assessment_decide(assessment=assessment, supervisor=submitter, approve=True)
    with pytest.raises(PermissionDenied):
        services.assessment_decide(assessment=assessment, supervisor=case_officer, approve=True)


def test_an_officer_gets_403_on_the_sign_off_page(signed_in, case_officer, colleague, case):
    assessment = CompleteDraftAssessmentFactory(case=case)
    services.assessment_submit(assessment=assessment, officer=case_officer)
    response = signed_in(colleague).get(
        reverse("assessments:assessment_sign_off", args=[assessment.pk])
    )
    assert response.status_code == 403


def test_the_previous_assessment_is_shown_beside_the_next(
    signed_in, case_officer, supervisor, case
):
    first = CompleteDraftAssessmentFactory(case=case, summary="First synthetic conclusion.")
    services.assessment_submit(assessment=first, officer=case_officer)
    services.assessment_decide(assessment=first, supervisor=supervisor, approve=True)
    second = services.assessment_start(case=case, officer=case_officer)
    assert second.number == 2
    body = signed_in(case_officer).get(second.get_absolute_url()).content.decode()
    assert f"Previous: {first.reference} (version 1)" in body
    assert "First synthetic conclusion." in body
    assert "What changed since the last assessment" in body
    consulted = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(first.pk))
    assert consulted.exists()


def test_a_second_assessment_needs_what_changed(case_officer, supervisor, case):
    first = CompleteDraftAssessmentFactory(case=case)
    services.assessment_submit(assessment=first, officer=case_officer)
    services.assessment_decide(assessment=first, supervisor=supervisor, approve=True)
    second = CompleteDraftAssessmentFactory(case=case, number=2, changes_since_last="")
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(assessment=second, officer=case_officer)
    assert "changes_since_last" in error.value.message_dict


def test_only_one_assessment_in_progress_per_case(case_officer, case):
    DraftAssessmentFactory(case=case)
    with pytest.raises(ValidationError, match="already has an assessment in progress"):
        services.assessment_start(case=case, officer=case_officer)


def test_another_teams_officer_gets_404(signed_in, make_user, other_team, case):
    stranger = make_user("case_officer", username="stranger", team=other_team)
    assessment = DraftAssessmentFactory(case=case)
    client = signed_in(stranger)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    assert client.get(reverse("assessments:case_assessments", args=[case.pk])).status_code == 404
    listing = client.get(reverse("assessments:assessment_list")).content.decode()
    assert assessment.reference not in listing


def test_a_restricted_case_hides_its_assessments(signed_in, case_officer, sio, supervisor, case):
    assessment = DraftAssessmentFactory(case=case)
    case_restrict(case=case, officer=supervisor, readers=[sio], reason="Synthetic trace")
    client = signed_in(case_officer)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    listing = client.get(reverse("assessments:assessment_list")).content.decode()
    assert assessment.reference not in listing
    export = client.get(reverse("assessments:assessment_list") + "?export=csv")
    assert assessment.reference not in export.content.decode()
    assert signed_in(sio).get(assessment.get_absolute_url()).status_code == 200


def test_roles_without_the_capability_get_403(signed_in, analyst, administrator, case):
    assessment = DraftAssessmentFactory(case=case)
    for user in (analyst, administrator):
        assert signed_in(user).get(assessment.get_absolute_url()).status_code == 403


def test_viewing_an_assessment_is_recorded(signed_in, case_officer, case):
    assessment = DraftAssessmentFactory(case=case)
    response = signed_in(case_officer).get(assessment.get_absolute_url())
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(assessment.pk))
    assert event.request_id == response["X-Request-ID"]


def test_supervisors_see_submitted_assessments_on_their_home_page(
    signed_in, case_officer, supervisor, case
):
    assessment = CompleteDraftAssessmentFactory(case=case)
    services.assessment_submit(assessment=assessment, officer=case_officer)
    body = signed_in(supervisor).get(reverse("core:home")).content.decode()
    assert "Assessments awaiting your sign-off" in body
    assert assessment.reference in body
