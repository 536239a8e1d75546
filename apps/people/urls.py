from django.urls import path

from apps.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("<uuid:person_id>/referrals/", views.person_referrals, name="person_referrals"),
    path("<uuid:person_id>/duplicates/", views.person_duplicates, name="person_duplicates"),
    path("merges/<int:merge_id>/undo/", views.person_unmerge, name="person_unmerge"),
]
