"""The supervisor's home-page list of assessments awaiting sign-off."""

from django.urls import reverse

from apps.assessments.selectors import assessments_awaiting_sign_off
from apps.core import access
from apps.core.worklists import WorkList, register


@register
def assessment_sign_off_work(user) -> WorkList | None:
    if not access.has_capability(user, "assessments.sign_off_assessment"):
        return None
    assessments = list(assessments_awaiting_sign_off(user=user).select_related("case")[:10])
    return WorkList(
        title="Assessments awaiting your sign-off",
        empty_text="No assessments are waiting for sign-off.",
        headers=["Assessment", "Case", "Submitted by"],
        rows=[
            {
                "href": reverse("assessments:assessment_sign_off", args=[assessment.pk]),
                "cells": [
                    assessment.reference,
                    assessment.case.reference,
                    assessment.submitted_by.display_name if assessment.submitted_by else "",
                ],
            }
            for assessment in assessments
        ],
        link=reverse("assessments:assessment_list") + "?status=submitted",
        link_text="See every assessment awaiting sign-off",
    )
