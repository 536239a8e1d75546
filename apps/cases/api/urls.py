from rest_framework.routers import SimpleRouter

from apps.cases.api.views import (
    CaseViewSet,
    ContactViewSet,
    DirectionViewSet,
    ReoffendingCheckViewSet,
    ReviewViewSet,
    TransferOfferViewSet,
)

# Path converters: an id that is not a UUID matches no route (a 404, never a lookup).
router = SimpleRouter(use_regex_path=False)
router.register("cases", CaseViewSet, basename="case")
router.register("directions", DirectionViewSet, basename="direction")
router.register("contacts", ContactViewSet, basename="contact")
router.register("reviews", ReviewViewSet, basename="review")
router.register("case-transfers", TransferOfferViewSet, basename="case-transfer")
router.register("reoffending-checks", ReoffendingCheckViewSet, basename="reoffending-check")

urlpatterns = router.urls
