from rest_framework.routers import SimpleRouter

from apps.cyber_enquiries.api import views

# Path converters: an id that is not a UUID matches no route (a 404, never a lookup).
router = SimpleRouter(use_regex_path=False)
router.register("cyber/enquiries", views.EnquiryViewSet, basename="cyber-enquiry")
router.register("cyber/campaigns", views.CampaignViewSet, basename="cyber-campaign")

urlpatterns = router.urls
