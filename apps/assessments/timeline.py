"""Assessment entries for the case timeline (cases.registry): newest first, bounded."""

from apps.assessments.models import Assessment
from apps.cases.registry import TIMELINE_LIMIT, TimelineEntry


def assessment_timeline(case, kinds):
    for assessment in (
        Assessment.objects.filter(case=case)
        .select_related("updated_by")
        .order_by("-updated_at")[:TIMELINE_LIMIT]
    ):
        who = assessment.updated_by.display_name if assessment.updated_by else "The system"
        yield TimelineEntry(
            when=assessment.updated_at,
            who=who,
            what=f"Assessment {assessment.reference} (version {assessment.number}): "
            f"{assessment.get_status_display().lower()}",
            kind="assessment",
            link=assessment.get_absolute_url(),
        )


def assessment_stamps(case, kinds) -> list[tuple]:
    """When assessment_timeline's entries happened (cases.registry: one query for them all)."""
    return [(Assessment.objects.filter(case=case), "updated_at")]
