from django.urls import path

from apps.gateway.api import views

# `pk` (shown as `id` in the schema): the referral's or the decision's UUID.
urlpatterns = [
    path(
        "referrals/<uuid:pk>/deconfliction/",
        views.DeconflictionView.as_view(),
        name="referral-deconfliction",
    ),
    path(
        "referrals/<uuid:pk>/deconfliction/decision/",
        views.MatchDecisionView.as_view(),
        name="referral-match-decision",
    ),
    path(
        "referrals/<uuid:pk>/deconfliction/check/",
        views.LiveInvestigationCheckView.as_view(),
        name="referral-live-investigation-check",
    ),
    path(
        "referrals/<uuid:pk>/deconfliction/complete/",
        views.DeconflictionCompleteView.as_view(),
        name="referral-deconfliction-complete",
    ),
    path(
        "referrals/<uuid:pk>/decision/",
        views.DecisionProposeView.as_view(),
        name="referral-decision-propose",
    ),
    path("decisions/", views.DecisionListView.as_view(), name="decision-list"),
    path("decisions/<uuid:pk>/", views.DecisionDetailView.as_view(), name="decision-detail"),
    path(
        "decisions/<uuid:pk>/sign-off/",
        views.DecisionSignOffView.as_view(),
        name="decision-sign-off",
    ),
    path("enquiries/", views.EnquiryListView.as_view(), name="enquiry-list"),
]
