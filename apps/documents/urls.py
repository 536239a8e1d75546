from django.urls import path

from apps.documents import views

app_name = "documents"

urlpatterns = [
    path("templates/", views.template_list, name="template_list"),
    path("templates/<slug:kind>/", views.template_edit, name="template_edit"),
    path(
        "<slug:kind>/<uuid:record_id>/<str:file_format>/",
        views.document_download,
        name="document_download",
    ),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
