from django.urls import path

from apps.cyber_packages import views

app_name = "cyber_packages"

urlpatterns = [
    path("", views.PackageListView.as_view(), name="package_list"),
    path("<uuid:package_id>/", views.PackageDetailView.as_view(), name="package_detail"),
    path("<uuid:package_id>/change/", views.PackageEditView.as_view(), name="package_edit"),
    path("<uuid:package_id>/import/", views.package_import, name="package_import"),
    path("<uuid:package_id>/allocate/", views.package_allocate, name="package_allocate"),
    path("<uuid:package_id>/return.xlsx", views.package_return, name="package_return"),
    path("subjects/", views.SubjectListView.as_view(), name="subject_list"),
    path("subjects/<uuid:subject_id>/", views.SubjectDetailView.as_view(), name="subject_detail"),
    path(
        "subjects/<uuid:subject_id>/change/", views.SubjectEditView.as_view(), name="subject_edit"
    ),
    path("subjects/<uuid:subject_id>/identify/", views.subject_identify, name="subject_identify"),
    path("subjects/<uuid:subject_id>/close/", views.subject_close, name="subject_close"),
    path("subjects/<uuid:subject_id>/referral/", views.subject_refer, name="subject_refer"),
    path("operations/", views.OperationListView.as_view(), name="operation_list"),
    path("operations/new/", views.operation_create, name="operation_create"),
    path(
        "operations/<uuid:operation_id>/",
        views.OperationDetailView.as_view(),
        name="operation_detail",
    ),
    path(
        "operations/<uuid:operation_id>/change/",
        views.OperationEditView.as_view(),
        name="operation_edit",
    ),
    path(
        "operations/<uuid:operation_id>/packages/new/",
        views.package_create,
        name="package_create",
    ),
]
