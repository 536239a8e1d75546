from django.urls import path
from rest_framework.routers import SimpleRouter

from apps.assessments.api.views import AssessmentViewSet, CaseAssessmentsView

router = SimpleRouter(use_regex_path=False)
router.register("assessments", AssessmentViewSet, basename="assessment")

urlpatterns = [
    path(
        "cases/<uuid:case_id>/assessments/",
        CaseAssessmentsView.as_view(),
        name="case-assessments",
    ),
    *router.urls,
]
