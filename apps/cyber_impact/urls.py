from django.urls import path

from apps.cyber_impact import views

app_name = "cyber_impact"

urlpatterns = [
    path("interviews/", views.InterviewListView.as_view(), name="interview_list"),
    path(
        "interviews/<uuid:interview_id>/",
        views.InterviewDetailView.as_view(),
        name="interview_detail",
    ),
    path(
        "interviews/<uuid:interview_id>/amend/",
        views.InterviewAmendView.as_view(),
        name="interview_amend",
    ),
    path("checks/", views.CheckListView.as_view(), name="check_list"),
    path("measures/", views.MeasureListView.as_view(), name="measure_list"),
    path("measures/<uuid:measure_id>/", views.MeasureDetailView.as_view(), name="measure_detail"),
    path("measures/<uuid:measure_id>/edit/", views.MeasureEditView.as_view(), name="measure_edit"),
    path("cases/<uuid:case_id>/", views.case_impact, name="case_impact"),
    path("cases/<uuid:case_id>/interviews/new/", views.interview_create, name="interview_create"),
    path("cases/<uuid:case_id>/measures/new/", views.measure_create, name="measure_create"),
    path("reports/impact/", views.impact_report, name="impact_report"),
    path("reports/insight/", views.insight_report, name="insight_report"),
]
