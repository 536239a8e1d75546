from rest_framework.routers import SimpleRouter

from apps.referrals.api.views import ReferralViewSet

# Path converters: an id that is not a UUID matches no route (a 404, never a lookup).
router = SimpleRouter(use_regex_path=False)
router.register("referrals", ReferralViewSet, basename="referral")

urlpatterns = router.urls
