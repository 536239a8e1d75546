"""ONS geography: local authority districts and LSOAs (Open Government Licence)."""

from django.db import models


class LocalAuthority(models.Model):
    """A local authority district: the area a Channel panel and a team's patch are drawn on."""

    code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class LSOA(models.Model):
    """A Lower Layer Super Output Area (2011): the smallest area counts are mapped at."""

    code = models.CharField("LSOA code", max_length=9, unique=True)
    name = models.CharField(max_length=100)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="lsoas"
    )
    centroid_longitude = models.FloatField()
    centroid_latitude = models.FloatField()

    class Meta:
        ordering = ["code"]
        verbose_name = "LSOA"

    def __str__(self) -> str:
        return self.code
