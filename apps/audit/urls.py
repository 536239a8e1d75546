from django.urls import path

from apps.audit import alert_views, views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path(
        "records/<int:content_type_id>/<str:object_id>/",
        views.record_history,
        name="record_history",
    ),
    path("alerts/", alert_views.alert_list, name="alert_list"),
    path("alerts/<uuid:alert_id>/", alert_views.alert_detail, name="alert_detail"),
    path("alerts/<uuid:alert_id>/review/", alert_views.alert_review, name="alert_review"),
]
