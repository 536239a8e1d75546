from django.urls import path

from apps.people import views

app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("<uuid:person_id>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("<uuid:person_id>/referrals/", views.person_referrals, name="person_referrals"),
    path("<uuid:person_id>/duplicates/", views.person_duplicates, name="person_duplicates"),
    path("<uuid:person_id>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path(
        "<uuid:person_id>/names/new/",
        views.person_addition,
        {"noun": "name"},
        name="person_name_add",
    ),
    path(
        "<uuid:person_id>/addresses/new/",
        views.person_addition,
        {"noun": "address"},
        name="person_address_add",
    ),
    path(
        "<uuid:person_id>/identifiers/new/",
        views.person_addition,
        {"noun": "identifier"},
        name="person_identifier_add",
    ),
    path("merges/<int:merge_id>/undo/", views.person_unmerge, name="person_unmerge"),
]
