from django.urls import path

from apps.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path(
        "organisations/<uuid:organisation_id>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisations/<uuid:organisation_id>/edit/",
        views.OrganisationEditView.as_view(),
        name="organisation_edit",
    ),
    path(
        "organisations/<uuid:organisation_id>/agreements/new/",
        views.agreement_create,
        name="agreement_create",
    ),
    path("contacts/", views.ContactListView.as_view(), name="contact_list"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<uuid:contact_id>/", views.ContactDetailView.as_view(), name="contact_detail"),
    path("contacts/<uuid:contact_id>/edit/", views.ContactEditView.as_view(), name="contact_edit"),
    path("providers/", views.ProviderListView.as_view(), name="provider_list"),
    path("providers/new/", views.provider_create, name="provider_create"),
    path("providers/find/", views.provider_picker, name="provider_picker"),
    path(
        "providers/<uuid:provider_id>/", views.ProviderDetailView.as_view(), name="provider_detail"
    ),
    path(
        "providers/<uuid:provider_id>/edit/", views.ProviderEditView.as_view(), name="provider_edit"
    ),
    path(
        "providers/<uuid:provider_id>/checks/new/",
        views.provider_check_create,
        name="provider_check_create",
    ),
    path("networks/", views.NetworkListView.as_view(), name="network_list"),
    path("networks/new/", views.network_create, name="network_create"),
    path("networks/<uuid:network_id>/", views.NetworkDetailView.as_view(), name="network_detail"),
    path("networks/<uuid:network_id>/edit/", views.NetworkEditView.as_view(), name="network_edit"),
    path(
        "networks/<uuid:network_id>/meetings/new/",
        views.network_meeting_create,
        name="network_meeting_create",
    ),
    path("briefings/", views.BriefingListView.as_view(), name="briefing_list"),
    path("briefings/new/", views.briefing_create, name="briefing_create"),
    path(
        "briefings/<uuid:briefing_id>/", views.BriefingDetailView.as_view(), name="briefing_detail"
    ),
    path(
        "briefings/<uuid:briefing_id>/edit/", views.BriefingEditView.as_view(), name="briefing_edit"
    ),
    path("engagements/", views.EngagementListView.as_view(), name="engagement_list"),
    path("engagements/new/", views.engagement_create, name="engagement_create"),
    path(
        "engagements/<uuid:engagement_id>/",
        views.EngagementDetailView.as_view(),
        name="engagement_detail",
    ),
    path(
        "engagements/<uuid:engagement_id>/edit/",
        views.EngagementEditView.as_view(),
        name="engagement_edit",
    ),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
]
