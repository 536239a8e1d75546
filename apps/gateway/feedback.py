"""The outcome of a referral in words fit for the referrer (registered in referrals.registry).

A partner hears what happens next, never why: no rationale, no intelligence, nothing about
an investigation. A referral passed to Pursue is worded as Prevent taking no further action,
so feedback never tips anyone off. The officer edits the text before sending.
"""

from django.utils.formats import date_format

from apps.gateway.choices import DecisionStatus, Outcome

PARTNER_WORDING = {
    Outcome.NO_FURTHER_ACTION: "Prevent will take no further action.",
    Outcome.SIGNPOSTED: "The person has been signposted to other support.",
    Outcome.CHANNEL: "The person has been offered support through Channel.",
    Outcome.POLICE_LED_PARTNERSHIP: "The person is being offered support through a "
    "police-led partnership.",
    Outcome.CYBER_PREVENT: "The person has been referred to Cyber Prevent for support.",
    Outcome.PURSUE: "Prevent will take no further action.",
}


def feedback_outcome_wording(*, referral) -> str | None:
    """The signed-off outcome as a short letter to the referrer, or None before sign-off."""
    decision = referral.decisions.filter(status=DecisionStatus.SIGNED_OFF).first()
    if decision is None:
        return None
    yours = (
        f"your referral {referral.source_reference}"
        if referral.source_reference
        else f"your referral of {date_format(referral.date_received, 'j F Y')}"
    )
    greeting = f"Dear {referral.referrer_name}," if referral.referrer_name else "Hello,"
    return (
        f"{greeting}\n\nThank you for {yours}. The Prevent Gateway has now assessed it. "
        f"{PARTNER_WORDING[decision.outcome]}\n\n"
        "If you have any new concerns, please make a new referral."
    )
