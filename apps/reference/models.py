"""Lists the customer edits: seeded by migrations, versioned where the Home Office changed them.

Code never branches on these values (that is what choices.py files are for).
"""

from django.db import models


class ReferenceItem(models.Model):
    code = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ReferralSector(ReferenceItem):
    """Home Office referral sector (Education, Police, Local Authority …)."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_sector_code")]


class ConcernType(ReferenceItem):
    """Type of concern. The 2024/25 set is current; the 2020/21–2023/24 set is kept, mapped."""

    scheme = models.CharField(
        max_length=20, help_text="Home Office statistics scheme, e.g. '2024/25' or '2020/21'."
    )
    maps_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legacy_types",
        help_text="For a legacy type, the current type it is counted as.",
    )

    class Meta(ReferenceItem.Meta):
        ordering = ["-scheme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="unique_concern_code")
        ]


class SupportService(ReferenceItem):
    """A service a referral may be signposted to (children's social care, early help …)."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_service_code")]
