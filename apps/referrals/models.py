"""Referrals: what a referrer told Prevent about a person, and where the Gateway has got to."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from apps.core import access
from apps.core.models import AccessControlledModel, BaseModel
from apps.people.choices import Gender
from apps.referrals.choices import (
    OPEN_STATUSES,
    Awareness,
    ComputerMisuseSection,
    ImportStatus,
    LiveInvestigationCheck,
    ReferralChannel,
    ReferralStatus,
    RoutingKind,
)


class Referral(FSMModelMixin, AccessControlledModel):
    """One referral as received. The person it describes is linked only after de-confliction."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    source_reference = models.CharField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="The sender's own reference; importing it again creates nothing new.",
    )
    status = FSMField(
        max_length=30,
        choices=ReferralStatus.choices,
        default=ReferralStatus.RECEIVED,
        protected=True,
    )
    date_received = models.DateField()
    due_date = models.DateField(help_text="Gateway assessment target (working days).")
    channel = models.CharField(max_length=20, choices=ReferralChannel.choices)
    is_cyber = models.BooleanField("Cyber Prevent referral", default=False)

    # The person, as the referrer described them.
    subject_given_name = models.CharField("given name", max_length=100)
    subject_middle_names = models.CharField("middle names", max_length=150, blank=True)
    subject_family_name = models.CharField("family name", max_length=100)
    subject_other_names = models.CharField("other names", max_length=300, blank=True)
    subject_date_of_birth = models.DateField("date of birth", null=True, blank=True)
    subject_estimated_age = models.PositiveSmallIntegerField("estimated age", null=True, blank=True)
    subject_gender = models.CharField(
        "gender", max_length=20, choices=Gender.choices, default=Gender.NOT_RECORDED
    )
    subject_address_line_1 = models.CharField("address line 1", max_length=150, blank=True)
    subject_address_line_2 = models.CharField("address line 2", max_length=150, blank=True)
    subject_town = models.CharField("town or city", max_length=100, blank=True)
    subject_postcode = models.CharField("postcode", max_length=8, blank=True)
    subject_nationality = models.CharField("nationality", max_length=100, blank=True)
    subject_first_language = models.CharField("first language", max_length=100, blank=True)
    subject_interpreter_needed = models.BooleanField("interpreter needed", null=True, blank=True)
    subject_school_or_workplace = models.CharField(
        "school, college or workplace", max_length=200, blank=True
    )
    subject_needs = models.JSONField("needs disclosed", default=list, blank=True)
    subject_family_details = models.TextField("family or carer details", blank=True)
    subject_pnc_id = models.CharField("PNC ID", max_length=30, blank=True)

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )

    # The referrer.
    referrer_name = models.CharField(max_length=150)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=150, blank=True)
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_may_receive_feedback = models.BooleanField(default=False)
    sector = models.ForeignKey("reference.ReferralSector", on_delete=models.PROTECT)

    # The concern.
    concern = models.TextField("the concern, in the referrer's words")
    concern_type = models.ForeignKey("reference.ConcernType", on_delete=models.PROTECT)
    computer_misuse_sections = models.JSONField(default=list, blank=True)
    actions_taken = models.TextField("what has been done already", blank=True)
    other_agencies = models.TextField("other agencies involved", blank=True)
    person_aware = models.CharField(max_length=20, choices=Awareness.choices)
    parents_aware = models.CharField(max_length=20, choices=Awareness.choices)

    # De-confliction.
    live_investigation_check = models.CharField(
        max_length=20,
        choices=LiveInvestigationCheck.choices,
        default=LiveInvestigationCheck.NOT_DONE,
    )
    live_investigation_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    live_investigation_checked_at = models.DateTimeField(null=True, blank=True)
    history_considered = models.BooleanField(default=False)

    # Urgency: an urgent referral heads every referral queue, with its reason shown.
    is_urgent = models.BooleanField("urgent", default=False)
    urgent_reason = models.TextField("why it is urgent", blank=True)
    urgent_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    urgent_marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Urgent first, then by Gateway target: the order of every referral queue.
        ordering = ["-is_urgent", "due_date", "date_received"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["status", "-is_urgent", "due_date"], name="referral_queue_order"),
            # The search looks names up upper-cased (filters.ReferralFilter.filter_text).
            models.Index(Upper("subject_given_name"), name="referral_given_upper"),
            models.Index(Upper("subject_family_name"), name="referral_family_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_urgent=False) | ~models.Q(urgent_reason=""),
                name="urgent_referral_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Referral {self.reference}"

    # The Gateway workflow: every allowed move, with who may make it. Driven only
    # from apps/referrals/services.py and apps/gateway/services.py.
    def _may_change(self, user) -> bool:
        return access.can(user, access.CHANGE, self)

    def _may_propose(self, user) -> bool:
        return self._may_change(user) and access.has_capability(user, "gateway.add_gatewaydecision")

    def _may_sign_off(self, user) -> bool:
        """A supervisor, never the officer who proposed the decision waiting for sign-off."""
        return (
            self._may_change(user)
            and access.has_capability(user, "gateway.sign_off_gatewaydecision")
            and not self.decisions.filter(proposed_by=user, signed_off_at__isnull=True).exists()
        )

    @property
    def has_live_investigation_check(self) -> bool:
        return self.live_investigation_check != LiveInvestigationCheck.NOT_DONE

    def deconfliction_complete(self) -> bool:
        return self.person_id is not None and self.has_live_investigation_check

    @transition(
        field=status,
        source=ReferralStatus.RECEIVED,
        target=ReferralStatus.DECONFLICTION,
        permission=_may_change,
    )
    def begin_deconfliction(self) -> None:
        """An officer picks the referral up and starts checking who the person is."""

    @transition(
        field=status,
        source=ReferralStatus.DECONFLICTION,
        target=ReferralStatus.ASSESSMENT,
        permission=_may_change,
        conditions=[deconfliction_complete],
    )
    def complete_deconfliction(self) -> None:
        """Person linked and live-investigation check recorded: ready to assess."""

    @transition(
        field=status,
        source=ReferralStatus.ASSESSMENT,
        target=ReferralStatus.AWAITING_SIGN_OFF,
        permission=_may_propose,
    )
    def propose_decision(self) -> None:
        """The officer proposes an outcome for a supervisor to sign off."""

    @transition(
        field=status,
        source=ReferralStatus.AWAITING_SIGN_OFF,
        target=ReferralStatus.DECIDED,
        permission=_may_sign_off,
    )
    def sign_off(self) -> None:
        """A supervisor agrees the decision."""

    @transition(
        field=status,
        source=ReferralStatus.AWAITING_SIGN_OFF,
        target=ReferralStatus.ASSESSMENT,
        permission=_may_sign_off,
    )
    def return_for_more_work(self) -> None:
        """A supervisor sends the decision back with comments."""

    def get_absolute_url(self) -> str:
        return reverse("referrals:referral_detail", kwargs={"referral_id": self.pk})

    @property
    def is_open(self) -> bool:
        """Still with the Gateway: its SLA clock runs."""
        return self.status in OPEN_STATUSES

    @property
    def is_cyber_prevent(self) -> bool:
        """Marked Cyber Prevent by the referrer, or naming Computer Misuse Act sections."""
        return self.is_cyber or bool(self.computer_misuse_sections)

    @property
    def computer_misuse_sections_display(self) -> list[str]:
        labels = dict(ComputerMisuseSection.choices)
        return [labels.get(code, code) for code in self.computer_misuse_sections or []]

    @property
    def may_send_feedback(self) -> bool:
        """The referrer agreed to hear the outcome, gave an e-mail address, and it is decided."""
        return (
            self.referrer_may_receive_feedback
            and bool(self.referrer_email)
            and self.status == ReferralStatus.DECIDED
        )

    @property
    def subject_full_name(self) -> str:
        parts = (self.subject_given_name, self.subject_middle_names, self.subject_family_name)
        return " ".join(part for part in parts if part)


class ReferrerFeedback(BaseModel):
    """The outcome as sent to a referrer who agreed to feedback: what, to whom, by whom, when.

    `created_by` is the officer who sent it. Never the rationale or intelligence: the text is
    written for a partner, and kept exactly as sent.
    """

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="feedback")
    recipient_name = models.CharField("sent to", max_length=150)
    recipient_email = models.EmailField("e-mail address")
    text = models.TextField("feedback")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name_plural = "referrer feedback"

    def __str__(self) -> str:
        return f"Feedback {self.pk}"


class RoutingRule(models.Model):
    """The team that handles a kind of referral (Cyber Prevent) for an area: data, not code.

    Applied once, at intake (apps.referrals.routing). A rule without an area covers every
    area no other rule names. Administrators edit the rules (Django admin).
    """

    kind = models.CharField(max_length=20, choices=RoutingKind.choices, default=RoutingKind.CYBER)
    local_authority = models.ForeignKey(
        "geography.LocalAuthority",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leave blank for every area that no other rule names.",
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "local_authority__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "local_authority"], name="one_routing_rule_per_area"
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(local_authority__isnull=True),
                name="one_routing_rule_for_every_other_area",
            ),
        ]

    def __str__(self) -> str:
        return f"Routing rule {self.pk}"


def attachment_path(instance: "ReferralAttachment", filename: str) -> str:
    # Never the uploaded name: it may carry personal data, and it must not choose the path.
    return f"referrals/{instance.referral_id}/{instance.id}"


class ReferralAttachment(BaseModel):
    """A document sent with a referral.

    Stored outside the web root and served only after an access check.
    """

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Attachment {self.pk}"


class ReferralImport(BaseModel):
    """One uploaded batch (CSV or XLSX). All rows import, or none do and every error is kept."""

    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="imports/", max_length=200)
    original_name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(
        default=0, help_text="Rows whose source reference was already imported."
    )
    errors = models.JSONField(default=list, blank=True)
    failure_reason = models.TextField(
        blank=True, help_text="Why the import stopped, when it failed rather than was rejected."
    )
    created_referral_ids = models.JSONField(
        default=list, blank=True, help_text="The referrals this batch created, for its result page."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    # Recovery from a killed worker (apps.referrals.imports.referral_imports_recover).
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life from the worker running it."
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"Referral import {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status not in (ImportStatus.PENDING, ImportStatus.RUNNING)

    @property
    def is_waiting(self) -> bool:
        return self.status == ImportStatus.PENDING

    @property
    def succeeded(self) -> bool:
        return self.status == ImportStatus.SUCCEEDED

    @property
    def failed(self) -> bool:
        return self.status == ImportStatus.FAILED

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class ReferralImportRow(models.Model):
    """One checked row of an import batch, waiting outside the referral table to be published.

    Rows are written in small committed chunks while the file is checked, so the
    database is never held for long; publishing creates every referral of the batch
    in one short transaction and the rows are then deleted.
    """

    batch = models.ForeignKey(ReferralImport, on_delete=models.CASCADE, related_name="+")
    attempt = models.PositiveSmallIntegerField()
    row_number = models.PositiveIntegerField()
    source_reference = models.CharField(max_length=100)
    values = models.JSONField(help_text="The referral's checked field values, by column name.")

    class Meta:
        ordering = ["row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "attempt", "row_number"], name="unique_staged_import_row"
            )
        ]

    def __str__(self) -> str:
        return f"Import row {self.row_number}"
