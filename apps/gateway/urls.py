from django.urls import path

from apps.gateway import views

app_name = "gateway"

urlpatterns = [
    path("referrals/<uuid:referral_id>/deconfliction/", views.deconfliction, name="deconfliction"),
    path("referrals/<uuid:referral_id>/decision/", views.decision_create, name="decision_create"),
    path(
        "decisions/<uuid:decision_id>/sign-off/", views.decision_sign_off, name="decision_sign_off"
    ),
    path("enquiries/", views.EnquiryListView.as_view(), name="enquiry_list"),
    path("enquiries/new/", views.enquiry_create, name="enquiry_create"),
]
