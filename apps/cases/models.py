"""Cases opened by a Gateway decision. The case module (next issue) builds on this record."""

from django.db import models

from apps.cases.choices import CaseStatus, CaseType
from apps.core.models import AccessControlledModel


class Case(AccessControlledModel):
    """A Channel, police-led partnership or Cyber Prevent case about one person."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    case_type = models.CharField(max_length=20, choices=CaseType.choices)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, related_name="case"
    )
    gateway_decision = models.OneToOneField(
        "gateway.GatewayDecision", on_delete=models.PROTECT, related_name="case"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"Case {self.reference}"
