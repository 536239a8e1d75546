from django.urls import path
from rest_framework.routers import SimpleRouter

from apps.partners.api import views

# Path converters: an id that is not a UUID matches no route (a 404, never a lookup).
router = SimpleRouter(use_regex_path=False)
router.register("partners/organisations", views.OrganisationViewSet, basename="organisation")
router.register("partners/contacts", views.ContactViewSet, basename="partner-contact")
router.register("partners/providers", views.ProviderViewSet, basename="provider")
router.register("partners/networks", views.NetworkViewSet, basename="network")
router.register("partners/briefings", views.BriefingViewSet, basename="briefing")
router.register("partners/engagements", views.EngagementViewSet, basename="engagement")

urlpatterns = [
    path("partners/coverage/", views.CoverageView.as_view(), name="partners_coverage"),
    *router.urls,
]
