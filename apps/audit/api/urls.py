from rest_framework.routers import SimpleRouter

from apps.audit.api.alerts import MisuseAlertViewSet
from apps.audit.api.views import AuditEventViewSet

# Path converters: a sequence that is not a number matches no route (a 404).
router = SimpleRouter(use_regex_path=False)
router.register("audit/events", AuditEventViewSet, basename="audit-event")
router.register("audit/alerts", MisuseAlertViewSet, basename="audit-alert")

urlpatterns = router.urls
