"""Cases: the record a signed-off Channel, police-led partnership or Cyber Prevent decision opens,
with everything that happens on it (directions, contacts, reviews, flags, transfers, timeline).

Access is decided on the case (`core.access`): the records inside a case have no access rules
of their own and are read only through a case the reader may see, so a restricted case and
everything in it follow the case's access list.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from apps.accounts.choices import TeamKind
from apps.cases.choices import (
    ENDED_STATUSES,
    LIVE_STATUSES,
    OUTSTANDING_DIRECTION_STATUSES,
    POST_EXIT_KIND_FOR_MONTHS,
    CaseStatus,
    CaseType,
    CheckResult,
    CheckStatus,
    ContactKind,
    DeliveryOutcome,
    DirectionStatus,
    EventKind,
    ExitDecidedBy,
    FlagKind,
    PanelDecision,
    Priority,
    ReferralLink,
    ReviewKind,
    ReviewOutcome,
    ReviewStatus,
    ScheduleAnchor,
    ScheduleKind,
    TransferStatus,
    review_label,
    step_label,
)
from apps.core import access
from apps.core.models import AccessControlledModel, BaseModel
from apps.reference.models import ReferenceItem

SUPERVISE = "cases.supervise_case"


class Case(FSMModelMixin, AccessControlledModel):
    """A Channel, police-led partnership or Cyber Prevent case about one person.

    The owning officer is the case's allocation (apps.work, ADR 0018), not a field here.
    """

    reference = models.CharField(max_length=20, unique=True, editable=False)
    case_type = models.CharField("case type", max_length=20, choices=CaseType.choices)
    status = FSMField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN, protected=True
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    # The referral whose signed-off decision opened the case; later referrals are CaseReferrals.
    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, related_name="case"
    )
    gateway_decision = models.OneToOneField(
        "gateway.GatewayDecision", on_delete=models.PROTECT, related_name="case"
    )
    # Who holds the case (at most one allocation a record), for queries that join it rather
    # than look it up row by row (the team view's overdue reviews).
    allocations = GenericRelation("work.Allocation", related_query_name="case")
    sio = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="SIO",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directed_cases",
    )
    region = models.CharField("CT policing region", max_length=100, blank=True)
    niche_reference = models.CharField(
        "Niche occurrence or task reference", max_length=50, blank=True
    )
    channel_reference = models.CharField("Channel case reference", max_length=50, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        "months between case reviews", default=3
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField("exited or closed at", null=True, blank=True)
    end_reason = models.TextField("reason for exit or closure", blank=True)
    exit_decided_by = models.CharField(
        "exit decided by", max_length=20, choices=ExitDecidedBy.choices, blank=True
    )
    times_reopened = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["team", "status"], name="case_team_status"),
            # Live cases among ten years of ended ones, oldest first (work lists, the team
            # view): a partial index, so finding them never walks the ended ones.
            models.Index(
                fields=["opened_at"],
                condition=models.Q(status__in=LIVE_STATUSES),
                name="case_live_opened",
            ),
            # The case list, newest first, a page at a time.
            models.Index(fields=["-opened_at"], name="case_opened"),
            # The access decision (core.access) on a few cases by id, read from the index
            # alone: work lists and counts probe their cases here instead of testing every
            # case of ten years against the access rules. It holds every column the decision
            # reads, the case type included (Case.access_limit_q), or PostgreSQL reads the
            # table for each case and prefers a scan of all of them (ADR 0034).
            models.Index(
                fields=["id", "team", "is_restricted", "protective_marking", "case_type"],
                name="case_access_typed",
            ),
        ]
        permissions = [
            ("supervise_case", "Exit, close, reopen, transfer; record panel decisions"),
            ("restrict_case", "Restrict a case for a live investigation (SIO)"),
            ("direct_case", "Record SIO directions on a case"),
        ]

    def __str__(self) -> str:
        return f"Case {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", kwargs={"case_id": self.pk})

    @classmethod
    def access_limit_q(cls, user) -> Q:
        """A Cyber Prevent case held by a Cyber Prevent team exists in full only for Cyber
        Prevent teams (their officers and supervisors) and the case's access list: CT Prevent
        officers learn only that it exists (`selectors.cyber_case_notices`). Applied by
        `core.access.restrict` after team, access list and break-glass (ADR 0027)."""
        team = getattr(user, "team", None)
        if team is not None and team.kind == TeamKind.CYBER:
            return Q()
        # The access list as a subquery, not a join: `restrict` applies this to the listed
        # queryset itself, where a join would repeat a case once per name on its list.
        on_list = cls.access_list.through.objects.filter(user=user).values("case_id")
        # Cyber Prevent teams as a subquery too (read once a query, not joined for each case).
        teams = cls._meta.get_field("team").related_model.objects.filter(kind=TeamKind.CYBER)
        cyber_held = Q(case_type=CaseType.CYBER_PREVENT, team__in=teams.values("pk"))
        return ~cyber_held | Q(pk__in=on_list)

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    # The case workflow: every allowed move, with who may make it. Driven only from
    # apps/cases/services.py (case_transition), each with a reason, audited.
    def may(self, user, action: str) -> bool:
        """`access.can`, asked once per user and action for this instance (a page asks the
        same question for its buttons, its transitions and its links)."""
        cache = self.__dict__.setdefault("_access_answers", {})
        key = (getattr(user, "pk", None), action)
        if key not in cache:
            cache[key] = access.can(user, action, self)
        return cache[key]

    def remember(self, user, action: str, answer: bool) -> None:
        """Keep an answer already known (the case read through the access decision, or
        `access.implied` by it), so `may` asks no query for it."""
        self.__dict__.setdefault("_access_answers", {})[(getattr(user, "pk", None), action)] = bool(
            answer
        )

    def _may_work(self, user) -> bool:
        return self.may(user, access.CHANGE)

    def _may_supervise(self, user) -> bool:
        return access.has_capability(user, SUPERVISE) and self._may_work(user)

    @transition(
        field=status, source=CaseStatus.OPEN, target=CaseStatus.ASSESSMENT, permission=_may_work
    )
    def start_assessment(self) -> None:
        """The officer starts assessing the person's vulnerability."""

    @transition(
        field=status,
        source=[CaseStatus.OPEN, CaseStatus.ASSESSMENT, CaseStatus.REVIEW],
        target=CaseStatus.SUPPORT,
        permission=_may_work,
    )
    def start_support(self) -> None:
        """Support is being given (or resumes after a review)."""

    @transition(
        field=status, source=CaseStatus.SUPPORT, target=CaseStatus.REVIEW, permission=_may_work
    )
    def start_review(self) -> None:
        """The support is under review: continue, or exit."""

    @transition(
        field=status,
        source=[CaseStatus.SUPPORT, CaseStatus.REVIEW],
        target=CaseStatus.EXITED,
        permission=_may_supervise,
    )
    def exit(self) -> None:
        """The panel or supervisor agree the vulnerability is removed or much reduced."""
        self.ended_at = timezone.now()

    @transition(
        field=status, source=LIVE_STATUSES, target=CaseStatus.CLOSED, permission=_may_supervise
    )
    def close(self) -> None:
        """Closed without exit through support (not adopted, transferred out, no longer needed)."""
        self.ended_at = timezone.now()

    @transition(
        field=status, source=ENDED_STATUSES, target=CaseStatus.OPEN, permission=_may_supervise
    )
    def reopen(self) -> None:
        """Concerns have returned."""
        self.ended_at = None
        self.times_reopened += 1


class CaseReferral(BaseModel):
    """A referral about the case's person: the one that opened it, or a later one attached."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_referrals")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="case_links"
    )
    link = models.CharField(max_length=20, choices=ReferralLink.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "referral"], name="case_referral_once")
        ]

    def __str__(self) -> str:
        return f"Case referral {self.pk}"


class CaseFlag(BaseModel):
    """A warning shown on the case ("risk to officers") with its reason, until it expires."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=30, choices=FlagKind.choices)
    reason = models.TextField()
    expires_on = models.DateField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Flag {self.pk}"

    def is_active(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.removed_at is None and (self.expires_on is None or self.expires_on >= today)


class CaseTransfer(FSMModelMixin, BaseModel):
    """The case passed to another officer, team or region, with the handover note.

    Within the team it is done at once (`done`). To another team it is an offer, a declared
    state machine: awaiting → accepted or declined (a supervisor of the receiving team) or
    withdrawn (whoever offered it, or a supervisor of the offering team). Driven only from
    apps/cases/services.py through `core.workflow.run_transition`, each step audited.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    from_region = models.CharField(max_length=100, blank=True)
    to_region = models.CharField(max_length=100, blank=True)
    handover_note = models.TextField()
    status = FSMField(
        max_length=20, choices=TransferStatus.choices, default=TransferStatus.DONE, protected=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField("reason for declining or withdrawing", blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["to_team", "status"], name="case_transfer_awaiting")]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="awaiting"),
                name="one_awaiting_transfer_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"Transfer {self.pk}"

    def _may_decide(self, user) -> bool:
        """A supervisor of the receiving team, still active."""
        return (
            user.is_active
            and user.team_id == self.to_team_id
            and access.has_capability(user, SUPERVISE)
        )

    def may_withdraw(self, user) -> bool:
        """Whoever offered the case, or a supervisor of the team offering it (who may change
        the case)."""
        if not user.is_active:
            return False
        if user.pk == self.created_by_id:
            return True
        return (
            user.team_id == self.from_team_id
            and access.has_capability(user, SUPERVISE)
            and self.case.may(user, access.CHANGE)
        )

    @transition(
        field=status,
        source=TransferStatus.AWAITING,
        target=TransferStatus.ACCEPTED,
        permission=_may_decide,
    )
    def accept(self) -> None:
        """The receiving team takes the case."""

    @transition(
        field=status,
        source=TransferStatus.AWAITING,
        target=TransferStatus.DECLINED,
        permission=_may_decide,
    )
    def decline(self) -> None:
        """The receiving team cannot take the case; it stays where it is."""

    @transition(
        field=status,
        source=TransferStatus.AWAITING,
        target=TransferStatus.WITHDRAWN,
        permission=may_withdraw,
    )
    def withdraw(self) -> None:
        """The offering team takes the offer back before the other team answers."""


class CaseEvent(models.Model):
    """One entry in the case's timeline: what happened, who did it, when (append-only)."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    what = models.TextField()
    link = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at", "-id"], name="case_event_timeline")]

    def __str__(self) -> str:
        return f"Case event {self.pk}"


class Direction(BaseModel):
    """A tactic the SIO directs on the case, with the officer tasked and the delivery."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="directions")
    tactic = models.CharField(max_length=300)
    rationale = models.TextField()
    due_on = models.DateField("due date")
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    tasked_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tasked_directions"
    )
    status = models.CharField(
        max_length=20, choices=DirectionStatus.choices, default=DirectionStatus.OUTSTANDING
    )

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [
            # Outstanding directions of an officer (or given by an SIO), due first: work lists
            # read the first few in order and stop (ADR 0034).
            models.Index(
                fields=["tasked_officer", "due_on"],
                condition=Q(status__in=OUTSTANDING_DIRECTION_STATUSES),
                name="direction_officer_due",
            ),
            models.Index(
                fields=["created_by", "due_on"],
                condition=Q(status__in=OUTSTANDING_DIRECTION_STATUSES),
                name="direction_sio_due",
            ),
        ]

    def __str__(self) -> str:
        return f"Direction {str(self.pk)[:8]}"

    def get_absolute_url(self) -> str:
        return reverse("cases:direction_list", kwargs={"case_id": self.case_id})

    @property
    def is_outstanding(self) -> bool:
        return self.status in OUTSTANDING_DIRECTION_STATUSES

    def is_overdue(self, today=None) -> bool:
        return self.is_outstanding and self.due_on < (today or timezone.localdate())


class DirectionDelivery(BaseModel):
    """What the officer did against a direction: done, partly, or not done with the reason."""

    direction = models.ForeignKey(Direction, on_delete=models.CASCADE, related_name="deliveries")
    outcome = models.CharField(max_length=20, choices=DeliveryOutcome.choices)
    note = models.TextField()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Delivery {self.pk}"


class Contact(BaseModel):
    """A visit, interview, call, meeting or enquiry. Its content lives in versions: amended,
    never overwritten."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=30, choices=ContactKind.choices)
    direction = models.ForeignKey(
        Direction, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Contact {str(self.pk)[:8]}"


class ContactVersion(BaseModel):
    """One version of a contact's record; a correction is a new version with its reason."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    occurred_at = models.DateTimeField("date and time")
    location = models.CharField(max_length=200, blank=True)
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    other_attendees = models.TextField(
        "other attendees", blank=True, help_text="Partner contacts and family members present"
    )
    summary = models.TextField()
    follow_up = models.TextField("follow-up actions", blank=True)
    reason = models.TextField("reason for the amendment", blank=True)

    class Meta:
        ordering = ["contact", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "number"], name="contact_version_once")
        ]

    def __str__(self) -> str:
        return f"Contact version {self.number}"


class Review(BaseModel):
    """A case review (every few months while live) or a post-exit review (6, 12, 24 months)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    due_on = models.DateField("due date")
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DUE)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    notes = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on"]
        indexes = [models.Index(fields=["status", "due_on"], name="review_due")]

    def __str__(self) -> str:
        return f"Review {str(self.pk)[:8]}"

    @property
    def label(self) -> str:
        """ "6-month post-exit review" (the months its schedule step gave it), "Case review"."""
        return review_label(self.kind)

    def is_overdue(self, today=None) -> bool:
        return self.status == ReviewStatus.DUE and self.due_on < (today or timezone.localdate())


class ChannelPanelDecision(BaseModel):
    """The Channel panel's decision on the case, recorded by a supervisor."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="panel_decisions")
    decision = models.CharField(max_length=20, choices=PanelDecision.choices)
    panel_date = models.DateField("date of the panel")
    referral_considered = models.BooleanField(
        "health or social-care referral considered", default=False
    )
    notes = models.TextField()

    class Meta:
        ordering = ["-panel_date", "-created_at"]

    def __str__(self) -> str:
        return f"Panel decision {str(self.pk)[:8]}"


class CheckSystem(ReferenceItem):
    """A system searched in a re-offending check (PNC, Niche, Action Fraud, NCCU intelligence …)."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_check_system")]


class ReviewSchedule(models.Model):
    """When post-exit reviews or re-offending checks fall due, per case type: data, not code.

    One row per step: "Cyber Prevent: a re-offending check 6 months after the intervention
    ends". Rows `on_extension` apply only when the case's reviews are extended (Channel and
    police-led partnership: 24 months). Seeded by a migration; administrators edit them.
    """

    case_type = models.CharField("case type", max_length=20, choices=CaseType.choices)
    kind = models.CharField(max_length=20, choices=ScheduleKind.choices)
    anchor = models.CharField(
        "counted from", max_length=20, choices=ScheduleAnchor.choices, default=ScheduleAnchor.EXIT
    )
    offset_months = models.PositiveSmallIntegerField("months after")
    on_extension = models.BooleanField(
        "only when extended", default=False, help_text="Created only when reviews are extended"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["case_type", "kind", "offset_months"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_type", "kind", "offset_months"], name="review_schedule_step_once"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_case_type_display()}: {self.get_kind_display().lower()} "
            f"{self.offset_months} months after {self.get_anchor_display().lower()}"
        )

    def clean(self) -> None:
        super().clean()
        if self.kind == ScheduleKind.POST_EXIT_REVIEW:
            if self.anchor != ScheduleAnchor.EXIT:
                raise ValidationError({"anchor": "Post-exit reviews are counted from the exit"})
            if self.offset_months not in POST_EXIT_KIND_FOR_MONTHS:
                raise ValidationError(
                    {"offset_months": "Post-exit reviews are at 6, 12 or 24 months"}
                )


class ReoffendingCheck(BaseModel):
    """A check for re-offending after a Cyber Prevent intervention, created by the schedule and
    done by a person: who checked which systems, when, and what they found. Never completed by
    the system."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reoffending_checks")
    anchor = models.CharField("counted from", max_length=20, choices=ScheduleAnchor.choices)
    anchored_on = models.DateField("anchor date")
    offset_months = models.PositiveSmallIntegerField("months after")
    due_on = models.DateField("due date")
    status = models.CharField(max_length=20, choices=CheckStatus.choices, default=CheckStatus.DUE)
    checked_on = models.DateField("date checked", null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    systems = models.ManyToManyField(CheckSystem, blank=True, related_name="+")
    result = models.CharField(max_length=20, choices=CheckResult.choices, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "offset_months"]
        indexes = [models.Index(fields=["status", "due_on"], name="reoffending_check_due")]

    def __str__(self) -> str:
        return f"Re-offending check {str(self.pk)[:8]}"

    def get_absolute_url(self) -> str:
        return reverse("cases:check_list", kwargs={"case_id": self.case_id})

    @property
    def label(self) -> str:
        """ "Re-offending check 6 months after the intervention ended" (or "at exit" …)."""
        ended = self.anchor == ScheduleAnchor.INTERVENTION_END
        if self.offset_months == 0:
            return (
                "Re-offending check at the end of the intervention"
                if ended
                else ("Re-offending check at exit")
            )
        after = "the intervention ended" if ended else "exit"
        return f"Re-offending check {self.offset_months} months after {after}"

    @property
    def title(self) -> str:
        """ "6-month re-offending check" (or "… at the end of the intervention"): short, for
        work lists and the calendar feed."""
        return step_label(ScheduleKind.REOFFENDING_CHECK, self.offset_months, self.anchor)

    def is_overdue(self, today=None) -> bool:
        return self.status == CheckStatus.DUE and self.due_on < (today or timezone.localdate())
