from django.urls import path

from apps.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.ReferralListView.as_view(), name="referral_list"),
    path("new/", views.referral_start, name="referral_start"),
    path("new/check/", views.referral_check, name="referral_check"),
    path("new/<slug:page>/", views.referral_page, name="referral_page"),
    path("imports/", views.ReferralImportListView.as_view(), name="import_list"),
    path("imports/new/", views.import_create, name="import_create"),
    path(
        "imports/template.<str:file_format>",
        views.import_template_download,
        name="import_template",
    ),
    path("imports/<uuid:import_id>/", views.import_detail, name="import_detail"),
    path(
        "attachments/<uuid:attachment_id>/", views.attachment_download, name="attachment_download"
    ),
    path("<uuid:referral_id>/", views.ReferralDetailView.as_view(), name="referral_detail"),
    path(
        "<uuid:referral_id>/deconfliction/start/",
        views.referral_begin_deconfliction,
        name="referral_begin_deconfliction",
    ),
    path("<uuid:referral_id>/urgent/", views.ReferralUrgentView.as_view(), name="referral_urgent"),
    path(
        "<uuid:referral_id>/urgent/remove/", views.referral_not_urgent, name="referral_not_urgent"
    ),
    path("<uuid:referral_id>/feedback/new/", views.feedback_create, name="feedback_create"),
    path("<uuid:referral_id>/attachments/new/", views.attachment_create, name="attachment_create"),
]
