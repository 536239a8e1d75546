from django.urls import path
from rest_framework.routers import SimpleRouter

from apps.referrals.api.imports import (
    ReferralImportDetailView,
    ReferralImportErrorsView,
    ReferralImportListView,
)
from apps.referrals.api.views import ReferralViewSet

# Path converters: an id that is not a UUID matches no route (a 404, never a lookup).
router = SimpleRouter(use_regex_path=False)
router.register("referrals", ReferralViewSet, basename="referral")

urlpatterns = [
    *router.urls,
    path("imports/", ReferralImportListView.as_view(), name="import-list"),
    path("imports/<uuid:pk>/", ReferralImportDetailView.as_view(), name="import-detail"),
    path("imports/<uuid:pk>/errors/", ReferralImportErrorsView.as_view(), name="import-errors"),
]
