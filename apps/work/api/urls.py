from rest_framework.routers import SimpleRouter

from apps.work.api.views import AllocationViewSet, TaskViewSet

# Path converters: an id that is not a UUID matches no route (a 404, never a lookup).
router = SimpleRouter(use_regex_path=False)
router.register("allocations", AllocationViewSet, basename="allocation")
router.register("tasks", TaskViewSet, basename="task")

urlpatterns = router.urls
