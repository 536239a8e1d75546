from django.urls import path
from rest_framework.routers import SimpleRouter

from apps.cyber_impact.api.reports import ImpactReportView, InsightReportView
from apps.cyber_impact.api.views import (
    CaseInterviewCreateView,
    InterventionMeasureCreateView,
    InterviewViewSet,
    MeasureViewSet,
)

router = SimpleRouter(use_regex_path=False)
router.register("intelligence-interviews", InterviewViewSet, basename="intelligence-interview")
router.register("outcome-measures", MeasureViewSet, basename="outcome-measure")

urlpatterns = [
    *router.urls,
    path(
        "cases/<uuid:id>/intelligence-interviews/",
        CaseInterviewCreateView.as_view(),
        name="case-intelligence-interviews",
    ),
    path(
        "interventions/<uuid:id>/outcome-measures/",
        InterventionMeasureCreateView.as_view(),
        name="intervention-outcome-measures",
    ),
    path("cyber/reports/impact/", ImpactReportView.as_view(), name="cyber-impact-report"),
    path("cyber/reports/insight/", InsightReportView.as_view(), name="cyber-insight-report"),
]
