from rest_framework.routers import SimpleRouter

from apps.assessments.api.views import AssessmentViewSet

router = SimpleRouter(use_regex_path=False)
router.register("assessments", AssessmentViewSet, basename="assessment")

urlpatterns = router.urls
