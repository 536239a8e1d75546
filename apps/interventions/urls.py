from django.urls import path

from apps.interventions import views

app_name = "interventions"

urlpatterns = [
    path("", views.InterventionListView.as_view(), name="intervention_list"),
    path("cases/<uuid:case_id>/", views.case_support, name="case_support"),
    path("cases/<uuid:case_id>/plan/", views.support_plan_edit, name="support_plan_edit"),
    path("cases/<uuid:case_id>/consent/new/", views.consent_create, name="consent_create"),
    path(
        "cases/<uuid:case_id>/interventions/new/",
        views.intervention_create,
        name="intervention_create",
    ),
    path(
        "cases/<uuid:case_id>/signposting/new/",
        views.signposting_create,
        name="signposting_create",
    ),
    path(
        "interventions/<uuid:intervention_id>/",
        views.InterventionDetailView.as_view(),
        name="intervention_detail",
    ),
    path(
        "interventions/<uuid:intervention_id>/edit/",
        views.intervention_edit,
        name="intervention_edit",
    ),
    path(
        "interventions/<uuid:intervention_id>/start/",
        views.intervention_start,
        name="intervention_start",
    ),
    path(
        "interventions/<uuid:intervention_id>/sections-and-partners/",
        views.intervention_links_edit,
        name="intervention_links_edit",
    ),
    path(
        "interventions/<uuid:intervention_id>/investigation-checks/new/",
        views.investigation_check_create,
        name="investigation_check_create",
    ),
    path(
        "interventions/<uuid:intervention_id>/letter-deliveries/new/",
        views.letter_delivery_create,
        name="letter_delivery_create",
    ),
    path(
        "interventions/<uuid:intervention_id>/<slug:step>/",
        views.intervention_end,
        name="intervention_end",
    ),
    path(
        "signposting/<uuid:signposting_id>/response/",
        views.signposting_response,
        name="signposting_response",
    ),
]
