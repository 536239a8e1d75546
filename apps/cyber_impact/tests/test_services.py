"""Recording intelligence interviews and outcome measures: the rules, the contact, the audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.cases import services as case_services
from apps.cases.choices import CaseType, CheckStatus, ContactKind, ScheduleAnchor
from apps.cases.models import CheckSystem, Contact, ReoffendingCheck
from apps.cases.tests.factories import DueCheckFactory
from apps.core.concurrency import EditConflict
from apps.cyber_impact import services
from apps.cyber_impact.choices import (
    Completion,
    ConsentGivenBy,
    Disposal,
    EducationEmployment,
    Engagement,
    InterviewConsent,
    LegalUse,
    MeasurePoint,
    ReoffendingResult,
)
from apps.cyber_impact.models import IntelligenceInterview, OutcomeMeasure
from apps.cyber_impact.tests.factories import (
    CompletedCyberInterventionFactory,
    CyberCaseFactory,
    OutcomeMeasureFactory,
    done_check,
    option,
    requirement,
)

pytestmark = pytest.mark.django_db


def interview(case, officer, **overrides):
    values = {
        "case": case,
        "officer": officer,
        "disposal": Disposal.CAUTION,
        "disposal_date": timezone.localdate() - datetime.timedelta(days=20),
        "interviewed_at": timezone.now() - datetime.timedelta(days=2),
        "consent": InterviewConsent.GIVEN,
        "consent_given_by": ConsentGivenBy.PERSON,
        "location": "SEROCU office (synthetic)",
        "summary": "Talked through how they started (synthetic).",
        "answers": [
            services.Answer(requirement("pathway"), [option("pathway", "gaming")], "Mods"),
            services.Answer(requirement("age-started"), [option("age-started", "13-15")]),
        ],
    }
    values.update(overrides)
    return services.interview_record(**values)


def measure(intervention, officer, **overrides):
    values = {
        "intervention": intervention,
        "officer": officer,
        "point": MeasurePoint.END,
        "measured_on": timezone.localdate() - datetime.timedelta(days=1),
        "engagement": Engagement.FULL,
        "completion": Completion.COMPLETED,
        "education_employment": EducationEmployment.EDUCATION,
        "legal_use": LegalUse.TAKEN_UP,
        "legal_use_detail": "A capture-the-flag club",
    }
    values.update(overrides)
    return services.outcome_measure_record(**values)


def test_an_interview_is_kept_as_a_debrief_interview_contact_on_the_case(cyber_officer, cyber_case):
    recorded = interview(cyber_case, cyber_officer)
    contact = Contact.objects.get(pk=recorded.contact_id)
    assert contact.case == cyber_case
    assert contact.kind == ContactKind.DEBRIEF_INTERVIEW
    assert "intelligence interview" in contact.versions.get().summary
    assert recorded.reference.startswith("CI-")
    answers = {answer.requirement.code: answer for answer in recorded.answers.all()}
    assert set(answers) == {"pathway", "age-started"}
    assert [o.code for o in answers["pathway"].options.all()] == ["gaming"]


def test_an_interview_is_audited_with_what_was_answered_but_no_answers(cyber_officer, cyber_case):
    recorded = interview(cyber_case, cyber_officer)
    event = AuditEvent.objects.get(action="create", object_id=str(recorded.pk))
    assert event.detail["requirements_answered"] == ["age-started", "pathway"]
    assert event.detail["case"] == cyber_case.reference
    assert "gaming" not in str(event.detail)


def test_answers_without_consent_are_refused_and_nothing_is_stored(cyber_officer, cyber_case):
    with pytest.raises(ValidationError) as error:
        interview(cyber_case, cyber_officer, consent=InterviewConsent.DECLINED)
    assert "consent" in error.value.message_dict
    assert not IntelligenceInterview.objects.exists()
    assert not Contact.objects.filter(case=cyber_case).exists()


def test_a_declined_interview_is_recorded_without_answers(cyber_officer, cyber_case):
    recorded = interview(
        cyber_case,
        cyber_officer,
        consent=InterviewConsent.DECLINED,
        consent_given_by="",
        answers=[],
    )
    assert recorded.consent == InterviewConsent.DECLINED
    assert not recorded.answers.exists()


def test_consent_given_needs_who_gave_it(cyber_officer, cyber_case):
    with pytest.raises(ValidationError) as error:
        interview(cyber_case, cyber_officer, consent_given_by="")
    assert "consent_given_by" in error.value.message_dict


def test_a_one_answer_requirement_refuses_two_answers(cyber_officer, cyber_case):
    two = [option("age-started", "13-15"), option("age-started", "16-17")]
    with pytest.raises(ValidationError) as error:
        interview(
            cyber_case, cyber_officer, answers=[services.Answer(requirement("age-started"), two)]
        )
    assert "requirement_age-started" in error.value.message_dict


def test_an_answer_from_another_question_is_refused(cyber_officer, cyber_case):
    wrong = services.Answer(requirement("pathway"), [option("motivations", "money")])
    with pytest.raises(ValidationError) as error:
        interview(cyber_case, cyber_officer, answers=[wrong])
    assert "requirement_pathway" in error.value.message_dict


def test_an_interview_before_the_disposal_is_refused(cyber_officer, cyber_case):
    with pytest.raises(ValidationError) as error:
        interview(
            cyber_case,
            cyber_officer,
            disposal_date=timezone.localdate() - datetime.timedelta(days=1),
            interviewed_at=timezone.now() - datetime.timedelta(days=3),
        )
    assert "interviewed_at" in error.value.message_dict


def test_a_ct_prevent_officer_cannot_record_an_interview(colleague, cyber_case):
    with pytest.raises(PermissionDenied):
        interview(cyber_case, colleague)


def test_an_officer_of_another_cyber_team_gets_404(other_cyber_officer, cyber_case):
    with pytest.raises(Http404):
        interview(cyber_case, other_cyber_officer)


def test_only_a_cyber_prevent_case_takes_an_interview(cyber_officer, cyber_team):
    channel_case = CyberCaseFactory(team=cyber_team, case_type=CaseType.CHANNEL)
    with pytest.raises(ValidationError) as error:
        interview(channel_case, cyber_officer)
    assert "case" in error.value.message_dict


def test_a_measure_takes_its_reoffending_part_from_the_check_a_person_did(
    cyber_officer, cyber_team, supervisor
):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    check = done_check(intervention.case, result="re_referral", officer=supervisor)
    recorded = measure(intervention, cyber_officer)
    assert recorded.reoffending_check == check
    assert recorded.reoffending == ReoffendingResult.RE_REFERRAL
    assert recorded.reoffending_checked_by == supervisor
    assert recorded.case == intervention.case
    event = AuditEvent.objects.get(action="create", object_id=str(recorded.pk))
    assert event.changes["engagement"] == {"old": None, "new": "full"}
    assert event.detail["reoffending_check"] == str(check.pk)


def test_a_measure_is_recorded_once_per_point(cyber_officer, cyber_team):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    measure(intervention, cyber_officer)
    with pytest.raises(ValidationError) as error:
        measure(intervention, cyber_officer)
    assert "point" in error.value.message_dict
    assert OutcomeMeasure.objects.count() == 1


def test_a_measure_cannot_be_recorded_before_it_is_due(cyber_officer, cyber_team):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    with pytest.raises(ValidationError) as error:
        measure(intervention, cyber_officer, point=MeasurePoint.MONTHS_24)
    assert "is due from" in error.value.message_dict["measured_on"][0]


def test_a_measure_whose_check_is_not_done_says_not_yet_checked(cyber_officer, cyber_team):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    due = DueCheckFactory(case=intervention.case, offset_months=0)
    recorded = measure(intervention, cyber_officer)
    assert recorded.reoffending_check == due
    assert recorded.reoffending == ReoffendingResult.NOT_CHECKED
    assert recorded.reoffending_checked_by is None
    assert recorded.systems_checked == ""


def test_a_measure_without_any_check_is_not_yet_checked_and_never_marks_one_done(
    cyber_officer, cyber_team
):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    recorded = measure(intervention, cyber_officer, point=MeasurePoint.MONTHS_6)
    assert recorded.reoffending_check is None
    assert recorded.reoffending == ReoffendingResult.NOT_CHECKED
    assert not ReoffendingCheck.objects.filter(status=CheckStatus.DONE).exists()


def test_a_result_contradicting_the_recorded_check_is_refused(cyber_officer, cyber_team):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    done_check(intervention.case, result="re_offending", officer=cyber_officer)
    with pytest.raises(ValidationError) as error:
        measure(intervention, cyber_officer, reoffending=ReoffendingResult.NO_TRACE)
    message = error.value.message_dict["reoffending"][0]
    assert "found re-offending" in message
    assert cyber_officer.display_name in message
    assert not OutcomeMeasure.objects.exists()


def test_a_result_before_the_check_is_done_is_refused(cyber_officer, cyber_team):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    DueCheckFactory(case=intervention.case, offset_months=0)
    with pytest.raises(ValidationError) as error:
        measure(intervention, cyber_officer, reoffending=ReoffendingResult.NO_TRACE)
    assert "not yet checked" in error.value.message_dict["reoffending"][0]


def test_a_result_matching_the_check_is_accepted(cyber_officer, cyber_team):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    done_check(intervention.case, result="no_trace", officer=cyber_officer)
    recorded = measure(intervention, cyber_officer, reoffending=ReoffendingResult.NO_TRACE)
    assert recorded.reoffending == ReoffendingResult.NO_TRACE


def test_the_measure_shows_a_check_done_after_it_was_recorded(cyber_officer, cyber_team):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    due = DueCheckFactory(
        case=intervention.case, offset_months=0, anchored_on=intervention.end_date
    )
    recorded = measure(intervention, cyber_officer)
    case_services.reoffending_check_record(
        check=due,
        officer=cyber_officer,
        checked_on=timezone.localdate(),
        systems=list(CheckSystem.objects.filter(is_active=True)[:1]),
        result="arrest",
        notes="Arrested for a new offence (synthetic).",
    )
    recorded = OutcomeMeasure.objects.get(pk=recorded.pk)
    assert recorded.reoffending == ReoffendingResult.ARREST
    assert recorded.reoffending_checked_by == cyber_officer


def test_checks_scheduled_after_a_measure_are_linked_to_it_and_audited(cyber_officer, cyber_team):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    recorded = measure(intervention, cyber_officer, point=MeasurePoint.MONTHS_6)
    assert recorded.reoffending_check is None
    checks = case_services.review_schedule_start(
        case=intervention.case,
        anchor=ScheduleAnchor.INTERVENTION_END,
        anchored_on=intervention.end_date,
        officer=cyber_officer,
    )
    recorded = OutcomeMeasure.objects.get(pk=recorded.pk)
    six_months = next(check for check in checks if check.offset_months == 6)
    assert recorded.reoffending_check == six_months
    assert recorded.reoffending == ReoffendingResult.NOT_CHECKED
    event = AuditEvent.objects.filter(action="update", object_id=str(recorded.pk)).get()
    assert event.changes["reoffending_check"]["new"] == str(six_months.pk)


def test_legal_use_taken_up_says_what(cyber_officer, cyber_team):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    with pytest.raises(ValidationError) as error:
        measure(intervention, cyber_officer, legal_use_detail=" ")
    assert "legal_use_detail" in error.value.message_dict


def test_a_measure_update_is_audited_with_before_and_after(cyber_officer, cyber_team):
    recorded = OutcomeMeasureFactory(intervention__case__team=cyber_team)
    services.outcome_measure_update(
        measure=recorded,
        officer=cyber_officer,
        expected_version=recorded.version,
        education_employment=EducationEmployment.EMPLOYMENT,
    )
    recorded.refresh_from_db()
    assert recorded.education_employment == EducationEmployment.EMPLOYMENT
    assert recorded.version == 2
    event = AuditEvent.objects.get(action="update", object_id=str(recorded.pk))
    assert event.changes["education_employment"] == {"old": "education", "new": "employment"}


def test_a_stale_measure_update_is_refused(cyber_officer, cyber_team):
    recorded = OutcomeMeasureFactory(intervention__case__team=cyber_team)
    with pytest.raises(EditConflict):
        services.outcome_measure_update(
            measure=recorded, officer=cyber_officer, expected_version=7, notes="Later note"
        )


def test_an_analyst_cannot_record_a_measure(analyst, cyber_team):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    with pytest.raises(PermissionDenied):
        measure(intervention, analyst)
