from rest_framework.routers import SimpleRouter

from apps.interventions.api.views import ConsentRecordViewSet, InterventionViewSet

router = SimpleRouter(use_regex_path=False)
router.register("interventions", InterventionViewSet, basename="intervention")
router.register("consents", ConsentRecordViewSet, basename="consent")

urlpatterns = router.urls
