from rest_framework.routers import SimpleRouter

from apps.cyber_packages.api import views

# Path converters: an id that is not a UUID matches no route (a 404, never a lookup).
router = SimpleRouter(use_regex_path=False)
router.register("cyber/operations", views.OperationViewSet, basename="cyber-operation")
router.register("cyber/packages", views.PackageViewSet, basename="cyber-package")
router.register("cyber/package-subjects", views.SubjectViewSet, basename="cyber-package-subject")

urlpatterns = router.urls
