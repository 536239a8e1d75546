from django.urls import path

from apps.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.AssessmentListView.as_view(), name="assessment_list"),
    path("cases/<uuid:case_id>/", views.case_assessments, name="case_assessments"),
    path("cases/<uuid:case_id>/new/", views.assessment_create, name="assessment_create"),
    path("<uuid:assessment_id>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("<uuid:assessment_id>/edit/", views.assessment_edit, name="assessment_edit"),
    path("<uuid:assessment_id>/submit/", views.assessment_submit, name="assessment_submit"),
    path("<uuid:assessment_id>/sign-off/", views.assessment_sign_off, name="assessment_sign_off"),
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/load/", views.framework_upload, name="framework_upload"),
    path(
        "frameworks/<int:framework_id>/make-current/",
        views.framework_make_current,
        name="framework_make_current",
    ),
]
