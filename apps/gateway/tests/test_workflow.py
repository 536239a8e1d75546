"""Every Gateway transition, with the right and the wrong role."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.models import Case
from apps.core.tests.forms import form_token
from apps.gateway import services
from apps.gateway.choices import DecisionStatus, Outcome
from apps.people.tests.factories import PersonFactory
from apps.reference.models import SupportService
from apps.referrals import services as referral_services
from apps.referrals.tests.factories import (
    AssessmentReferralFactory,
    ReceivedReferralFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(team):
    person = PersonFactory(team=team)
    return AssessmentReferralFactory(team=team, person=person)


def propose(referral, officer, outcome=Outcome.CHANNEL, **overrides):
    arguments = {
        "referral": referral,
        "officer": officer,
        "outcome": outcome,
        "rationale": "Reasonable grounds: expressed support for violence; family engaged.",
        "threshold_met": True,
        "history_considered": False,
    }
    arguments.update(overrides)
    return services.gateway_decision_propose(**arguments)


def test_officer_starts_deconfliction_and_it_is_audited(gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    referral_services.referral_begin_deconfliction(referral=referral, officer=gateway_officer)
    referral.refresh_from_db()
    assert referral.status == "deconfliction"
    event = AuditEvent.objects.get(action=AuditAction.TRANSITION)
    assert event.changes == {"status": {"old": "received", "new": "deconfliction"}}


@pytest.mark.parametrize("role_fixture", ["colleague", "analyst", "panel_member"])
def test_roles_that_cannot_change_referrals_cannot_start_deconfliction(request, team, role_fixture):
    user = request.getfixturevalue(role_fixture)
    referral = ReceivedReferralFactory(team=team)
    with pytest.raises(PermissionDenied):
        referral_services.referral_begin_deconfliction(referral=referral, officer=user)


def test_a_step_out_of_order_is_refused(gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    with pytest.raises(ValidationError, match="not possible while the record is at"):
        propose(referral, gateway_officer)


def test_decision_is_proposed_then_signed_off_and_opens_a_case(
    gateway_officer, supervisor, assessed
):
    decision = propose(assessed, gateway_officer)
    assessed.refresh_from_db()
    assert assessed.status == "awaiting_sign_off"
    services.gateway_decision_sign_off(decision=decision, supervisor=supervisor, approve=True)
    assessed.refresh_from_db()
    decision.refresh_from_db()
    assert assessed.status == "decided"
    assert decision.status == DecisionStatus.SIGNED_OFF
    case = Case.objects.get(referral=assessed)
    assert case.case_type == "channel"
    assert case.person == assessed.person
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_OFF).exists()


@pytest.mark.parametrize(
    ("outcome", "opens_case"),
    [
        (Outcome.NO_FURTHER_ACTION, False),
        (Outcome.PURSUE, False),
        (Outcome.POLICE_LED_PARTNERSHIP, True),
        (Outcome.CYBER_PREVENT, True),
    ],
)
def test_only_case_outcomes_open_a_case(gateway_officer, supervisor, assessed, outcome, opens_case):
    decision = propose(assessed, gateway_officer, outcome=outcome)
    services.gateway_decision_sign_off(decision=decision, supervisor=supervisor, approve=True)
    assert Case.objects.filter(referral=assessed).exists() is opens_case


def test_signposting_needs_the_service(gateway_officer, assessed):
    with pytest.raises(ValidationError) as error:
        propose(assessed, gateway_officer, outcome=Outcome.SIGNPOSTED)
    assert "support_service" in error.value.message_dict
    decision = propose(
        assessed,
        gateway_officer,
        outcome=Outcome.SIGNPOSTED,
        support_service=SupportService.objects.get(code="early-help"),
    )
    assert decision.support_service.code == "early-help"


def test_repeat_referral_needs_history_considered(gateway_officer, assessed, team):
    ReceivedReferralFactory(team=team, person=assessed.person, reference="PR-2025-00001")
    with pytest.raises(ValidationError) as error:
        propose(assessed, gateway_officer)
    assert "history_considered" in error.value.message_dict
    propose(assessed, gateway_officer, history_considered=True)


def test_channel_needs_the_threshold_met(gateway_officer, assessed):
    with pytest.raises(ValidationError) as error:
        propose(assessed, gateway_officer, threshold_met=False)
    assert "threshold_met" in error.value.message_dict


def test_officers_cannot_sign_off(gateway_officer, make_user, assessed):
    decision = propose(assessed, gateway_officer)
    other_officer = make_user("gateway_officer", username="another.officer")
    with pytest.raises(PermissionDenied):
        services.gateway_decision_sign_off(
            decision=decision, supervisor=other_officer, approve=True
        )


def test_nobody_signs_off_their_own_decision(supervisor, assessed):
    decision = propose(assessed, supervisor)
    with pytest.raises(PermissionDenied):
        services.gateway_decision_sign_off(decision=decision, supervisor=supervisor, approve=True)


def test_returned_decision_goes_back_to_assessment_with_a_comment(
    gateway_officer, supervisor, assessed
):
    decision = propose(assessed, gateway_officer)
    with pytest.raises(ValidationError):
        services.gateway_decision_sign_off(decision=decision, supervisor=supervisor, approve=False)
    services.gateway_decision_sign_off(
        decision=decision, supervisor=supervisor, approve=False, comment="Check the school's view."
    )
    assessed.refresh_from_db()
    assert assessed.status == "assessment"
    assert not Case.objects.exists()


def test_supervisor_in_another_team_gets_404_on_the_sign_off_page(
    client, gateway_officer, make_user, other_team, assessed
):
    decision = propose(assessed, gateway_officer)
    stranger = make_user("supervisor", username="other.supervisor", team=other_team)
    client.force_login(stranger)
    assert client.get(reverse("gateway:decision_sign_off", args=[decision.pk])).status_code == 404


def test_sign_off_page_records_the_sign_off(client, gateway_officer, supervisor, assessed):
    decision = propose(assessed, gateway_officer)
    client.force_login(supervisor)
    page = client.get(reverse("gateway:decision_sign_off", args=[decision.pk]))
    assert "Sign off the Gateway decision" in page.content.decode()
    response = client.post(
        reverse("gateway:decision_sign_off", args=[decision.pk]), {"approve": "yes", "comment": ""}
    )
    assert response.status_code == 302
    assessed.refresh_from_db()
    assert assessed.status == "decided"


def test_decision_page_shows_errors_in_the_summary(client, gateway_officer, assessed):
    client.force_login(gateway_officer)
    url = reverse("gateway:decision_create", args=[assessed.pk])
    response = client.post(
        url,
        {
            "outcome": "signposted",
            "threshold_met": "no",
            "rationale": "Needs early help.",
            "submission_token": form_token(client.get(url)),
        },
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select the service the person is signposted to" in page


def test_queue_lists_overdue_first_with_the_sla_clock(client, gateway_officer, team):
    late = ReceivedReferralFactory(team=team, due_date=datetime.date(2020, 1, 6))
    soon = ReceivedReferralFactory(team=team, due_date=datetime.date(2099, 1, 6))
    client.force_login(gateway_officer)
    response = client.get(reverse("referrals:referral_list"))
    rows = [row.record for row in response.context["table"].paginated_rows]
    assert rows == [late, soon]
    assert "Overdue by" in response.content.decode()


def test_enquiries_log_records_and_lists(client, gateway_officer, outsider):
    client.force_login(gateway_officer)
    url = reverse("gateway:enquiry_create")
    response = client.post(
        url,
        {
            "direction": "external",
            "received_at": "2026-11-20 14:30",
            "enquirer": "Local authority Prevent lead",
            "subject": "Quarterly referral figures",
            "submission_token": form_token(client.get(url)),
        },
    )
    assert response.status_code == 302
    assert (
        "Quarterly referral figures" in client.get(reverse("gateway:enquiry_list")).content.decode()
    )
    client.force_login(outsider)
    assert (
        "Quarterly referral figures"
        not in client.get(reverse("gateway:enquiry_list")).content.decode()
    )
