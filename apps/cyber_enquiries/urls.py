from django.urls import path

from apps.cyber_enquiries import views

app_name = "cyber_enquiries"

urlpatterns = [
    path("", views.EnquiryListView.as_view(), name="enquiry_list"),
    path("new/", views.enquiry_create, name="enquiry_create"),
    path("disposed/", views.DisposedListView.as_view(), name="disposed_list"),
    path("<uuid:enquiry_id>/", views.EnquiryDetailView.as_view(), name="enquiry_detail"),
    path("<uuid:enquiry_id>/change/", views.EnquiryEditView.as_view(), name="enquiry_edit"),
    path("<uuid:enquiry_id>/decision/", views.enquiry_decide, name="enquiry_decide"),
    path("<uuid:enquiry_id>/referral/", views.enquiry_convert, name="enquiry_convert"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path(
        "campaigns/<uuid:activity_id>/", views.CampaignDetailView.as_view(), name="campaign_detail"
    ),
    path(
        "campaigns/<uuid:activity_id>/change/",
        views.CampaignEditView.as_view(),
        name="campaign_edit",
    ),
]
