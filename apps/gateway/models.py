"""Gateway decisions and the enquiries log."""

from django.conf import settings
from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition

from apps.core import access
from apps.core.models import AccessControlledModel, BaseModel
from apps.gateway.choices import DecisionStatus, EnquiryDirection, Outcome


class GatewayDecision(FSMModelMixin, BaseModel):
    """The officer's proposed outcome for a referral and the supervisor's sign-off."""

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    support_service = models.ForeignKey(
        "reference.SupportService", on_delete=models.PROTECT, null=True, blank=True
    )
    rationale = models.TextField()
    threshold_met = models.BooleanField(
        "reasonable grounds to believe the person is vulnerable to being drawn into terrorism"
    )
    history_considered = models.BooleanField(default=False)
    # Proposing creates the decision awaiting sign-off; the transitions below are the
    # only way on. Driven only from apps/gateway/services.py.
    status = FSMField(
        max_length=20,
        choices=DecisionStatus.choices,
        default=DecisionStatus.AWAITING_SIGN_OFF,
        protected=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"Gateway decision {self.pk}"

    def _may_sign_off(self, user) -> bool:
        """A supervisor who may change the referral, and not the officer who proposed it."""
        return (
            user.pk != self.proposed_by_id
            and access.has_capability(user, "gateway.sign_off_gatewaydecision")
            and access.can(user, access.CHANGE, self.referral)
        )

    def _says_what_is_needed(self) -> bool:
        return bool(self.sign_off_comment.strip())

    @transition(
        field=status,
        source=DecisionStatus.AWAITING_SIGN_OFF,
        target=DecisionStatus.SIGNED_OFF,
        permission=_may_sign_off,
    )
    def sign_off(self) -> None:
        """A supervisor agrees the proposed outcome."""

    @transition(
        field=status,
        source=DecisionStatus.AWAITING_SIGN_OFF,
        target=DecisionStatus.RETURNED,
        permission=_may_sign_off,
        conditions=[_says_what_is_needed],
    )
    def return_for_more_work(self) -> None:
        """A supervisor sends it back, saying what more is needed."""

    @property
    def is_signed_off(self) -> bool:
        """The outcome stands (the referral's history shows only these)."""
        return self.status == DecisionStatus.SIGNED_OFF


class Enquiry(AccessControlledModel):
    """An internal or external enquiry the Gateway answered (including data and KPI requests)."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    direction = models.CharField(max_length=20, choices=EnquiryDirection.choices)
    received_at = models.DateTimeField()
    enquirer = models.CharField(max_length=150)
    organisation = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "enquiries"

    def __str__(self) -> str:
        return f"Enquiry {self.reference}"
