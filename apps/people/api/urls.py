from rest_framework.routers import SimpleRouter

from apps.people.api.views import PersonViewSet

# Path converters: an id that is not a UUID matches no route (a 404, never a lookup).
router = SimpleRouter(use_regex_path=False)
router.register("people", PersonViewSet, basename="person")

urlpatterns = router.urls
