"""People who use the service, the teams they belong to and what their role lets them do."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from apps.accounts.capabilities import MANAGE_USERS, personal_data_capabilities
from apps.accounts.choices import RoleCode, TeamKind
from apps.core.choices import MARKING_RANK, ProtectiveMarking


class Role(models.Model):
    """A job role and the capabilities it grants; rows are reference data, editable by admins."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    capabilities = models.JSONField(
        default=list,
        blank=True,
        help_text="Capability codes, for example 'referrals.view_referral' or 'audit.search'.",
    )
    sees_personal_data = models.BooleanField(
        default=True,
        help_text="Analysts and administrators never see a named person.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Checked here as well as in clean() so a script or shell cannot skip it (ADR 0011).
        self.check_capabilities()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.check_capabilities()

    @property
    def manages_users(self) -> bool:
        return self.code == RoleCode.ADMINISTRATOR or MANAGE_USERS in (self.capabilities or [])

    def check_capabilities(self) -> None:
        """Refuse a role that could both manage users and read personal data.

        Whoever manages accounts could otherwise give themselves, or an account
        they create, the records they administer (docs/decisions/0011).
        """
        if not isinstance(self.capabilities, list) or not all(
            isinstance(code, str) for code in self.capabilities
        ):
            raise ValidationError(
                {
                    "capabilities": "Enter the capabilities as a list of codes, for example "
                    '["reporting.view_aggregates"]'
                }
            )
        if not self.manages_users:
            return
        forbidden = personal_data_capabilities(self.capabilities)
        if forbidden:
            raise ValidationError(
                {
                    "capabilities": "A role that manages users cannot read personal data. "
                    f"Remove {', '.join(forbidden)}"
                }
            )
        if self.sees_personal_data:
            raise ValidationError(
                {"sees_personal_data": "A role that manages users cannot see personal data"}
            )


class Team(models.Model):
    """A policing team (CT Prevent, Cyber Prevent) or partner body that owns records."""

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=TeamKind.choices, default=TeamKind.PREVENT)
    local_authorities = models.ManyToManyField(
        "geography.LocalAuthority", blank=True, related_name="teams"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: an officer, supervisor, analyst, partner or administrator."""

    role = models.ForeignKey(Role, on_delete=models.PROTECT, null=True, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    clearance = models.CharField(
        "highest protective marking this user may see",
        max_length=32,
        choices=ProtectiveMarking.choices,
        default=ProtectiveMarking.OFFICIAL,
    )
    line_manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        help_text="Notified when this user uses break-glass access.",
    )
    job_title = models.CharField(max_length=150, blank=True)
    break_glass_until = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the last break-glass grant this user was given expires; access reads "
        "the user's grants only before then (kept by BreakGlassGrant.save).",
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.username

    def save(self, *args, **kwargs) -> None:
        """Saving an account never writes `break_glass_until`: only a grant moves it on
        (BreakGlassGrant.save), so an account loaded before a grant and saved after it (an
        administrator's edit) cannot put an earlier date back."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name != "break_glass_until"
                and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def clearance_rank(self) -> int:
        return MARKING_RANK.get(self.clearance, 0)


class BreakGlassGrantQuerySet(models.QuerySet):
    @staticmethod
    def active_q() -> models.Q:
        """Grants still open: not ended and not yet expired."""
        return models.Q(ended_at__isnull=True, expires_at__gt=timezone.now())

    def active(self) -> "BreakGlassGrantQuerySet":
        return self.filter(self.active_q())

    def inactive(self) -> "BreakGlassGrantQuerySet":
        return self.exclude(self.active_q())


class BreakGlassGrant(models.Model):
    """Time-limited access to one record outside the user's team, for a stated purpose."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glass_grants")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    record_reference = models.CharField(max_length=100)
    purpose = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    supervisor_notified = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = BreakGlassGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "content_type", "expires_at"])]

    def __str__(self) -> str:
        return f"Break-glass {self.pk} on {self.record_reference}"

    def save(self, *args, **kwargs) -> None:
        """Saves the grant and moves the user's `break_glass_until` on to its expiry when
        that is later: access asks for a user's grants only before then (ADR 0042), so every
        grant, however written, must pass here. An update() that extends a grant must too."""
        super().save(*args, **kwargs)
        User.objects.filter(
            models.Q(break_glass_until__isnull=True)
            | models.Q(break_glass_until__lt=self.expires_at),
            pk=self.user_id,
        ).update(break_glass_until=self.expires_at)
        holder = self._state.fields_cache.get("user")
        if holder is not None and (
            holder.break_glass_until is None or holder.break_glass_until < self.expires_at
        ):
            holder.break_glass_until = self.expires_at

    @property
    def is_active(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()


class Notification(models.Model):
    """A message to a user inside the service (also e-mailed by a background task)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Notification {self.pk}"
