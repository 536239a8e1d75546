from django.urls import path

from apps.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path(
        "records/<int:content_type_id>/<str:object_id>/",
        views.record_history,
        name="record_history",
    ),
]
