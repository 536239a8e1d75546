"""Cyber Prevent's stepped interventions: types by case type, the live-investigation check
before a visit or cease-and-desist, the appropriate adult for under-18s, letter delivery,
who may record them, and the audit trail. Synthetic people only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from apps.accounts.tests.factories import TeamFactory
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.tests.factories import OpenCaseFactory
from apps.interventions import services
from apps.interventions.choices import (
    InterventionStatus,
    InvestigationAnswer,
    LetterDeliveryMethod,
)
from apps.interventions.models import Intervention, InterventionType
from apps.interventions.tests.factories import (
    CyberCaseFactory,
    NoLiveInvestigationCheckFactory,
    PlannedCeaseAndDesistFactory,
    PlannedInterventionFactory,
    cma_section,
    intervention_type,
)
from apps.partners.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def cyber_case(cyber_team):
    return CyberCaseFactory(team=cyber_team)


@pytest.fixture
def cyber_supervisor(make_user, cyber_team):
    return make_user("supervisor", username="cyber.supervisor", team=cyber_team)


def _born_years_ago(case, years: int, *, days: int = 0) -> None:
    person = case.person
    person.date_of_birth = TODAY.replace(year=TODAY.year - years) - datetime.timedelta(days=days)
    person.save()


def _create(case, officer, code, **extra):
    return services.intervention_create(
        case=case,
        officer=officer,
        intervention_type=intervention_type(code),
        provider=None,
        objective="Synthetic objective.",
        start_date=TODAY,
        **extra,
    )


def _start(intervention, officer):
    return services.intervention_transition(
        intervention=intervention, officer=officer, step="start"
    )


def test_every_cyber_prevent_type_is_seeded_with_its_rules():
    cyber = {kind.code: kind for kind in InterventionType.objects.filter(scheme="cyber")}
    assert len(cyber) == 13
    assert cyber["cyber-cease-and-desist-visit"].needs_investigation_check
    assert cyber["cyber-cease-and-desist-visit"].meets_the_person
    assert cyber["cyber-cease-and-desist-letter"].is_cease_and_desist
    assert cyber["cyber-engagement-visit"].needs_investigation_check
    assert not cyber["cyber-mentoring"].needs_investigation_check
    assert cyber["cyber-diversion-ctf"].specialism.code == "capture-the-flag"


def test_a_cyber_intervention_records_sections_partners_and_the_officer(
    cyber_officer, cyber_supervisor, cyber_case
):
    youth_justice = OrganisationFactory(name="Invented Youth Justice Service", local_authority=None)
    intervention = _create(
        cyber_case,
        cyber_officer,
        "cyber-workshop",
        intervention_officer=cyber_supervisor,
        cma_sections=[cma_section("s1"), cma_section("s3A")],
        partners=[youth_justice],
    )
    assert intervention.officer == cyber_supervisor
    assert {s.code for s in intervention.cma_sections.all()} == {"s1", "s3A"}
    assert list(intervention.partners.all()) == [youth_justice]
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(intervention.pk))
    assert event.detail["cma_sections"] == ["s1", "s3A"]
    assert event.detail["partners"] == [youth_justice.reference]


def test_the_recording_officer_delivers_it_unless_another_is_named(cyber_officer, cyber_case):
    assert _create(cyber_case, cyber_officer, "cyber-workshop").officer == cyber_officer


def test_only_cyber_types_on_a_cyber_case(cyber_officer, cyber_case):
    with pytest.raises(ValidationError) as error:
        _create(cyber_case, cyber_officer, "mentoring")
    assert "Only Cyber Prevent types" in str(error.value.message_dict["intervention_type"])
    assert not Intervention.objects.exists()


def test_no_cyber_types_on_a_prevent_case(colleague, team):
    case = OpenCaseFactory(team=team)
    with pytest.raises(ValidationError) as error:
        _create(case, colleague, "cyber-cease-and-desist-letter")
    assert "only on a Cyber Prevent case" in str(error.value.message_dict["intervention_type"])


def test_an_officer_from_another_team_cannot_deliver_it(cyber_officer, cyber_case, colleague):
    with pytest.raises(ValidationError) as error:
        _create(cyber_case, cyber_officer, "cyber-workshop", intervention_officer=colleague)
    assert "intervention_officer" in error.value.message_dict


def test_the_appropriate_adults_name_and_relationship_go_together(cyber_officer, cyber_case):
    with pytest.raises(ValidationError) as error:
        _create(
            cyber_case, cyber_officer, "cyber-engagement-visit", appropriate_adult_name="A Parent"
        )
    assert "appropriate_adult_relationship" in error.value.message_dict


def test_a_cease_and_desist_cannot_start_without_a_live_investigation_check(cyber_officer):
    intervention = PlannedCeaseAndDesistFactory(case__team=cyber_officer.team)
    with pytest.raises(ValidationError, match="record the check first"):
        _start(intervention, cyber_officer)
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.PLANNED


def test_a_live_investigation_answer_refuses_the_start(cyber_officer):
    intervention = PlannedCeaseAndDesistFactory(case__team=cyber_officer.team)
    services.investigation_check_record(
        intervention=intervention,
        officer=cyber_officer,
        asked="DS Invented, NCCU Pursue",
        asked_on=TODAY,
        answer=InvestigationAnswer.LIVE_INVESTIGATION,
    )
    with pytest.raises(ValidationError, match="Live investigation – do not proceed"):
        _start(intervention, cyber_officer)


@pytest.mark.parametrize(
    ("answer", "conditions"),
    [
        (InvestigationAnswer.NO_LIVE_INVESTIGATION, ""),
        (InvestigationAnswer.DECONFLICTED, "Letter only; no visit before 1 March."),
    ],
)
def test_a_check_that_allows_it_lets_the_cease_and_desist_start(cyber_officer, answer, conditions):
    intervention = PlannedCeaseAndDesistFactory(case__team=cyber_officer.team)
    check = services.investigation_check_record(
        intervention=intervention,
        officer=cyber_officer,
        asked="DS Invented, NCCU Pursue",
        asked_on=TODAY,
        answer=answer,
        conditions=conditions,
    )
    assert check.allows
    assert _start(intervention, cyber_officer).status == InterventionStatus.ACTIVE
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE,
        object_id=str(intervention.pk),
        detail__live_investigation_check=answer,
    )
    assert event.actor == cyber_officer


def test_the_newest_check_decides(cyber_officer):
    check = NoLiveInvestigationCheckFactory(
        intervention__case__team=cyber_officer.team, asked_on=TODAY - datetime.timedelta(days=5)
    )
    services.investigation_check_record(
        intervention=check.intervention,
        officer=cyber_officer,
        asked="DS Invented, NCCU Pursue",
        asked_on=TODAY,
        answer=InvestigationAnswer.LIVE_INVESTIGATION,
    )
    with pytest.raises(ValidationError, match="do not proceed"):
        _start(check.intervention, cyber_officer)


def test_deconflicted_needs_its_conditions_and_a_check_needs_who_was_asked(cyber_officer):
    intervention = PlannedCeaseAndDesistFactory(case__team=cyber_officer.team)
    with pytest.raises(ValidationError) as error:
        services.investigation_check_record(
            intervention=intervention,
            officer=cyber_officer,
            asked=" ",
            asked_on=TODAY + datetime.timedelta(days=1),
            answer=InvestigationAnswer.DECONFLICTED,
        )
    assert set(error.value.message_dict) == {"asked", "asked_on", "conditions"}
    assert not intervention.investigation_checks.exists()


def test_a_type_without_the_rule_takes_no_check(cyber_officer, cyber_case):
    workshop = _create(cyber_case, cyber_officer, "cyber-workshop")
    with pytest.raises(ValidationError, match="does not need"):
        services.investigation_check_record(
            intervention=workshop,
            officer=cyber_officer,
            asked="DS Invented",
            asked_on=TODAY,
            answer=InvestigationAnswer.NO_LIVE_INVESTIGATION,
        )


def _checked_visit(case, officer, **extra):
    visit = _create(case, officer, "cyber-engagement-visit", **extra)
    NoLiveInvestigationCheckFactory(intervention=visit)
    return visit


def test_a_visit_to_an_under_18_is_refused_without_the_appropriate_adult(cyber_officer, cyber_case):
    _born_years_ago(cyber_case, 18, days=-1)  # 18 tomorrow: still 17 on the day
    visit = _checked_visit(cyber_case, cyber_officer)
    with pytest.raises(ValidationError, match="the person is 17 on the day of the visit"):
        _start(visit, cyber_officer)
    services.intervention_update(
        intervention=visit,
        officer=cyber_officer,
        expected_version=visit.version,
        appropriate_adult_name="Invented Parent",
        appropriate_adult_relationship="Mother",
    )
    assert _start(visit, cyber_officer).status == InterventionStatus.ACTIVE


def test_a_visit_to_an_adult_needs_no_appropriate_adult(cyber_officer, cyber_case):
    _born_years_ago(cyber_case, 18)
    visit = _checked_visit(cyber_case, cyber_officer)
    assert _start(visit, cyber_officer).status == InterventionStatus.ACTIVE


def test_a_visit_to_someone_whose_age_is_unknown_needs_the_appropriate_adult(
    cyber_officer, cyber_case
):
    cyber_case.person.date_of_birth = None
    cyber_case.person.save()
    visit = _checked_visit(cyber_case, cyber_officer)
    with pytest.raises(ValidationError, match="date of birth is not recorded"):
        _start(visit, cyber_officer)


def test_every_missing_thing_is_named_at_once(cyber_officer, cyber_case):
    _born_years_ago(cyber_case, 15)
    visit = _create(cyber_case, cyber_officer, "cyber-cease-and-desist-visit")
    with pytest.raises(ValidationError) as error:
        _start(visit, cyber_officer)
    assert "live-investigation check" in error.value.messages[0]
    assert "appropriate adult" in error.value.messages[0]


def test_the_letters_delivery_is_recorded_and_audited(cyber_officer, cyber_supervisor):
    intervention = PlannedCeaseAndDesistFactory(case__team=cyber_officer.team)
    delivery = services.letter_delivery_record(
        intervention=intervention,
        officer=cyber_officer,
        method=LetterDeliveryMethod.EMAIL,
        delivered_on=TODAY,
        delivered_by=cyber_supervisor,
    )
    assert delivery.delivered_by == cyber_supervisor
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE, object_id=str(intervention.pk), detail__letter_delivered="email"
    )
    assert event.detail["delivered_by"] == cyber_supervisor.username


def test_only_a_cease_and_desist_has_a_letter_to_deliver(cyber_officer, cyber_case):
    workshop = _create(cyber_case, cyber_officer, "cyber-workshop")
    with pytest.raises(ValidationError, match="Only a cease-and-desist"):
        services.letter_delivery_record(
            intervention=workshop,
            officer=cyber_officer,
            method=LetterDeliveryMethod.LETTER,
            delivered_on=TODAY,
        )


def test_a_ct_prevent_officer_cannot_reach_a_cyber_case(colleague, cyber_case):
    with pytest.raises(Http404):
        _create(cyber_case, colleague, "cyber-workshop")


def test_only_a_cyber_prevent_team_records_a_cyber_cases_support(make_user, cyber_team):
    # A Cyber Prevent case held, unusually, by a CT Prevent team: its officers may see it
    # but not record Cyber Prevent support on it.
    prevent_team = TeamFactory(name="Invented CT Prevent team")
    officer = make_user("prevent_officer", username="ct.officer", team=prevent_team)
    case = CyberCaseFactory(team=prevent_team)
    with pytest.raises(PermissionDenied):
        _create(case, officer, "cyber-workshop")
    refusal = AuditEvent.objects.get(object_id=str(case.pk), detail__status=403)
    assert refusal.detail["reason"] == services.CYBER_TEAMS_ONLY
    assert not Intervention.objects.exists()


def test_a_prevent_intervention_needs_no_check_nor_appropriate_adult(colleague, team):
    intervention = PlannedInterventionFactory(
        case=OpenCaseFactory(team=team), intervention_type=intervention_type("engagement-visit")
    )
    assert _start(intervention, colleague).status == InterventionStatus.ACTIVE
