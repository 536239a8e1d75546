from django.urls import path
from rest_framework.routers import SimpleRouter

from apps.interventions.api import views

router = SimpleRouter(use_regex_path=False)
router.register("interventions", views.InterventionViewSet, basename="intervention")
router.register("consents", views.ConsentRecordViewSet, basename="consent")
router.register("signposting", views.SignpostingViewSet, basename="signposting")

urlpatterns = [
    path(
        "cases/<uuid:case_id>/interventions/",
        views.CaseInterventionsView.as_view(),
        name="case-interventions",
    ),
    path("cases/<uuid:case_id>/consents/", views.CaseConsentsView.as_view(), name="case-consents"),
    path(
        "cases/<uuid:case_id>/support-plan/",
        views.CaseSupportPlanView.as_view(),
        name="case-support-plan",
    ),
    path(
        "cases/<uuid:case_id>/signposting/",
        views.CaseSignpostingView.as_view(),
        name="case-signposting",
    ),
    *router.urls,
]
