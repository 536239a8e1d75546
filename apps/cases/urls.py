from django.urls import path

from apps.cases import views

app_name = "cases"

case = "<uuid:case_id>/"
urlpatterns = [
    path("", views.CaseListView.as_view(), name="case_list"),
    path(case, views.CaseDetailView.as_view(), name="case_detail"),
    path(f"{case}timeline/", views.case_timeline, name="case_timeline"),
    path(f"{case}edit/", views.CaseEditView.as_view(), name="case_edit"),
    path(f"{case}steps/<slug:step>/", views.case_step, name="case_step"),
    path(f"{case}exit/", views.case_exit, name="case_exit"),
    path(f"{case}restrict/", views.case_restrict, name="case_restrict"),
    path(f"{case}transfer/", views.case_transfer, name="case_transfer"),
    path(
        f"{case}transfer/<uuid:transfer_id>/withdraw/",
        views.transfer_withdraw,
        name="transfer_withdraw",
    ),
    path(f"{case}referrals/attach/", views.referral_attach, name="referral_attach"),
    path(f"{case}flags/new/", views.flag_create, name="flag_create"),
    path(f"{case}flags/<uuid:flag_id>/remove/", views.flag_remove, name="flag_remove"),
    path(f"{case}directions/", views.direction_list, name="direction_list"),
    path(f"{case}directions/new/", views.direction_create, name="direction_create"),
    path(
        f"{case}directions/<uuid:direction_id>/edit/",
        views.DirectionEditView.as_view(),
        name="direction_edit",
    ),
    path(
        f"{case}directions/<uuid:direction_id>/delivery/",
        views.direction_deliver,
        name="direction_deliver",
    ),
    path(f"{case}contacts/", views.contact_list, name="contact_list"),
    path(f"{case}contacts/new/", views.contact_create, name="contact_create"),
    path(f"{case}contacts/<uuid:contact_id>/", views.contact_detail, name="contact_detail"),
    path(f"{case}contacts/<uuid:contact_id>/amend/", views.contact_amend, name="contact_amend"),
    path(f"{case}reviews/", views.review_list, name="review_list"),
    path(f"{case}reviews/<uuid:review_id>/", views.review_record, name="review_record"),
    path("transfers/<uuid:transfer_id>/", views.transfer_decide, name="transfer_decide"),
    path(f"{case}checks/", views.check_list, name="check_list"),
    path(f"{case}checks/<uuid:check_id>/", views.check_record, name="check_record"),
    path(f"{case}panel-decisions/new/", views.panel_decision_create, name="panel_decision_create"),
]
