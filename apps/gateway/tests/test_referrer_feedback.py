"""The referrer hears back: the outcome in a partner's words, sent once, recorded and audited."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core.tests.forms import form_token, post_with_token
from apps.gateway.choices import Outcome
from apps.gateway.feedback import feedback_outcome_wording
from apps.gateway.tests.factories import AwaitingSignOffDecisionFactory, SignedOffDecisionFactory
from apps.referrals.models import ReferrerFeedback

pytestmark = pytest.mark.django_db


def decided(team, **referral_fields):
    fields = {
        "referrer_name": "Sam Referrer",
        "referrer_email": "sam.referrer@example.invalid",
        "referrer_may_receive_feedback": True,
        "source_reference": "SYN-FEEDBACK-1",
        **referral_fields,
    }
    decision = SignedOffDecisionFactory(
        referral__team=team, rationale="Secret rationale: intelligence from a source."
    )
    for name, value in fields.items():
        setattr(decision.referral, name, value)
    decision.referral.save()
    return decision.referral


def url(referral):
    return reverse("referrals:feedback_create", args=[referral.pk])


def test_the_page_prefills_the_outcome_in_a_partner_s_words_with_a_warning(
    client, gateway_officer, team
):
    referral = decided(team)
    client.force_login(gateway_officer)
    page = client.get(url(referral)).content.decode()
    assert "The person has been offered support through Channel." in page
    assert "your referral SYN-FEEDBACK-1" in page
    assert "never the rationale" in page
    assert "Secret rationale" not in page
    assert "sam.referrer@example.invalid" in page


def test_sending_records_who_when_to_whom_and_the_text_audits_it_and_e_mails_it(
    client, gateway_officer, team, django_capture_on_commit_callbacks
):
    referral = decided(team)
    client.force_login(gateway_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_with_token(client, url(referral), {"text": "Edited: support offered."})
    assert response.status_code == 302
    assert response.url == referral.get_absolute_url()
    feedback = ReferrerFeedback.objects.get()
    assert feedback.referral == referral
    assert feedback.created_by == gateway_officer
    assert feedback.recipient_email == "sam.referrer@example.invalid"
    assert feedback.recipient_name == "Sam Referrer"
    assert feedback.text == "Edited: support offered."
    assert feedback.sent_at is not None
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_id=str(referral.pk))
    assert event.detail["feedback"] == str(feedback.pk)
    assert event.detail["to"] == "sam.referrer@example.invalid"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam.referrer@example.invalid"]
    assert mail.outbox[0].body == "Edited: support offered."
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Feedback sent to the referrer" in page
    assert "Edited: support offered." in page


def test_a_repeated_send_sends_once(client, gateway_officer, team):
    referral = decided(team)
    client.force_login(gateway_officer)
    token = form_token(client.get(url(referral)))
    client.post(url(referral), {"text": "Outcome.", "submission_token": token})
    client.post(url(referral), {"text": "Outcome.", "submission_token": token})
    assert ReferrerFeedback.objects.count() == 1


def test_empty_feedback_is_refused_with_a_message_naming_it(client, gateway_officer, team):
    referral = decided(team)
    client.force_login(gateway_officer)
    response = post_with_token(client, url(referral), {"text": "  "})
    assert response.status_code == 200
    assert "Enter the feedback to send to the referrer" in response.content.decode()
    assert not ReferrerFeedback.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"referrer_may_receive_feedback": False}, "did not agree to feedback"),
        ({"referrer_email": ""}, "no e-mail address"),
    ],
)
def test_no_feedback_without_the_referrer_s_agreement_or_address(
    client, gateway_officer, team, fields, message
):
    referral = decided(team, **fields)
    client.force_login(gateway_officer)
    response = client.get(url(referral), follow=True)
    assert message in response.content.decode()
    assert "Send feedback to the referrer" not in response.content.decode()
    assert not ReferrerFeedback.objects.exists()


def test_no_feedback_before_the_decision_is_signed_off(client, gateway_officer, team):
    decision = AwaitingSignOffDecisionFactory(
        referral__team=team,
        referral__referrer_may_receive_feedback=True,
        referral__referrer_email="sam.referrer@example.invalid",
    )
    client.force_login(gateway_officer)
    response = client.post(url(decision.referral), {"text": "Too early."}, follow=True)
    assert "once the Gateway decision is signed off" in response.content.decode()
    assert not ReferrerFeedback.objects.exists()


def test_a_reader_gets_403_and_another_team_404(client, make_user, outsider, team):
    referral = decided(team)
    client.force_login(make_user("prevent_officer"))
    assert client.get(url(referral)).status_code == 403
    client.force_login(outsider)
    assert client.get(url(referral)).status_code == 404
    assert not ReferrerFeedback.objects.exists()


def test_pursue_is_never_named_to_a_partner(team):
    decision = SignedOffDecisionFactory(referral__team=team, outcome=Outcome.PURSUE)
    wording = feedback_outcome_wording(referral=decision.referral)
    assert "Pursue" not in wording
    assert "Prevent will take no further action." in wording


def test_there_is_no_wording_before_sign_off(team):
    decision = AwaitingSignOffDecisionFactory(referral__team=team)
    assert feedback_outcome_wording(referral=decision.referral) is None


def test_the_api_sends_feedback_through_the_same_service(client, gateway_officer, team):
    referral = decided(team)
    client.force_login(gateway_officer)
    url = f"/api/v1/referrals/{referral.pk}/feedback/"
    response = client.post(url, {"text": "Support offered."}, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["recipient_email"] == "sam.referrer@example.invalid"
    assert ReferrerFeedback.objects.get().text == "Support offered."
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_feedback_repeated_with_its_idempotency_key_is_sent_once(client, gateway_officer, team):
    referral = decided(team)
    client.force_login(gateway_officer)
    url = f"/api/v1/referrals/{referral.pk}/feedback/"
    responses = [
        client.post(
            url,
            {"text": "Support offered."},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="feedback-1",
        )
        for _ in range(2)
    ]
    assert [response.status_code for response in responses] == [201, 201]
    assert responses[1]["Idempotent-Replayed"] == "true"
    assert ReferrerFeedback.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_the_api_refuses_feedback_the_referrer_did_not_agree_to(client, gateway_officer, team):
    referral = decided(team, referrer_may_receive_feedback=False)
    client.force_login(gateway_officer)
    url = f"/api/v1/referrals/{referral.pk}/feedback/"
    response = client.post(url, {"text": "Support offered."}, content_type="application/json")
    assert response.status_code == 400
    assert "did not agree" in str(response.json())
    assert client.post(url, {}, content_type="application/json").status_code == 400
    assert not ReferrerFeedback.objects.exists()
