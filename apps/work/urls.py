from django.urls import path

from apps.work import views

app_name = "work"

urlpatterns = [
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<uuid:task_id>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<uuid:task_id>/done/", views.TaskCompleteView.as_view(), name="task_complete"),
    path("tasks/<uuid:task_id>/cancel/", views.TaskCancelView.as_view(), name="task_cancel"),
    path("tasks/<uuid:task_id>/reassign/", views.TaskReassignView.as_view(), name="task_reassign"),
    path(
        "records/<slug:record_type>/<uuid:record_id>/take/",
        views.record_take,
        name="record_take",
    ),
    path(
        "records/<slug:record_type>/<uuid:record_id>/allocate/",
        views.record_allocate,
        name="record_allocate",
    ),
    path(
        "records/<slug:record_type>/<uuid:record_id>/release/",
        views.record_release,
        name="record_release",
    ),
    path("team/", views.team_view, name="team"),
]
