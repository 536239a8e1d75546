"""The base detail and form pages and the base viewset (core.pages, core.viewsets).

Exercised through the person page, the person edit page, the referral page and the referrals
API, which are built on them, and through small views declared here.
"""

import uuid

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core import access, workflow
from apps.core.concurrency import sign_snapshot
from apps.core.pages import ObjectDetailView, ObjectFormView, add_errors
from apps.core.viewsets import SelectorViewSet
from apps.people import selectors as people_selectors
from apps.people import services as person_services
from apps.people.models import Person
from apps.referrals import selectors as referral_selectors
from apps.referrals.api.views import ReferralViewSet
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = pytest.mark.django_db


def forgetful_person_get(*, user, person_id):
    """Applies the access decision but records no consultation."""
    return access.get_or_404(Person.objects.all(), user=user, pk=person_id)


class ForgetfulPersonView(ObjectDetailView):
    selector = forgetful_person_get
    template_name = "people/person_detail.html"
    context_object_name = "person"


def views_of(record, request_id: str):
    return AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(record.pk), request_id=request_id
    )


@pytest.fixture
def referral(team):
    return ReceivedReferralFactory(team=team)


@pytest.mark.parametrize("base", [ObjectDetailView, ObjectFormView])
def test_a_page_that_declares_no_selector_is_refused_when_it_is_written(base):
    with pytest.raises(ImproperlyConfigured, match="declares no selector"):
        type("Careless", (base,), {"template_name": "core/form_page.html"})


def test_a_viewset_that_declares_no_selectors_is_refused_when_it_is_written():
    with pytest.raises(ImproperlyConfigured, match="list_selector or detail_selector"):
        type("Careless", (SelectorViewSet,), {})
    with pytest.raises(ImproperlyConfigured, match="detail_selector"):
        type("HalfDone", (SelectorViewSet,), {"list_selector": people_selectors.person_list})


def test_an_intermediate_base_may_leave_the_selector_to_its_subclasses():
    base = type("TeamPage", (ObjectDetailView,), {"abstract": True})
    page = type("PersonPage", (base,), {"selector": people_selectors.person_get})
    assert page.selector is people_selectors.person_get
    with pytest.raises(ImproperlyConfigured):
        type("Careless", (base,), {})


def test_a_selector_that_records_no_consultation_cannot_render_its_record(
    rf, gateway_officer, person
):
    request = rf.get("/")
    request.user = gateway_officer
    with pytest.raises(ImproperlyConfigured, match="without recording the consultation"):
        ForgetfulPersonView.as_view()(request, person_id=person.pk)


@pytest.mark.parametrize(
    ("url_name", "record_name"),
    [
        ("people:person_detail", "person"),
        ("people:person_edit", "person"),
        ("referrals:referral_detail", "referral"),
        ("api:referral-detail", "referral"),
    ],
)
def test_a_record_outside_the_users_reach_is_a_404_through_the_base_class(
    client, outsider, person, referral, url_name, record_name
):
    record = {"person": person, "referral": referral}[record_name]
    client.force_login(outsider)
    response = client.get(reverse(url_name, args=[record.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()
    refusal = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert refusal.object_id == str(record.pk)


def test_a_record_that_does_not_exist_is_a_404(client, gateway_officer):
    client.force_login(gateway_officer)
    assert client.get(reverse("people:person_detail", args=[uuid.uuid4()])).status_code == 404
    assert client.get(reverse("api:referral-detail", args=[uuid.uuid4()])).status_code == 404


@pytest.mark.parametrize(
    ("url_name", "record_name"),
    [
        ("people:person_detail", "person"),
        ("people:person_edit", "person"),
        ("referrals:referral_detail", "referral"),
        ("api:referral-detail", "referral"),
    ],
)
def test_a_rendered_record_is_recorded_as_consulted_exactly_once_with_the_request_id(
    client, gateway_officer, person, referral, url_name, record_name
):
    record = {"person": person, "referral": referral}[record_name]
    request_id = uuid.uuid4().hex
    client.force_login(gateway_officer)
    response = client.get(reverse(url_name, args=[record.pk]), HTTP_X_REQUEST_ID=request_id)
    assert response.status_code == 200
    assert response["X-Request-ID"] == request_id
    assert views_of(record, request_id).count() == 1
    assert views_of(record, request_id).get().actor == gateway_officer


def test_the_page_gets_the_transitions_of_a_record_with_a_state_machine(
    client, gateway_officer, person, referral
):
    client.force_login(gateway_officer)
    page = client.get(reverse("referrals:referral_detail", args=[referral.pk]))
    transitions = page.context["transitions"]
    assert isinstance(transitions, workflow.Transitions)
    assert transitions == workflow.available_transitions(referral, user=gateway_officer)
    assert "begin_deconfliction" in transitions.ready
    person_page = client.get(reverse("people:person_detail", args=[person.pk]))
    assert "transitions" not in person_page.context


def test_the_form_page_refuses_a_role_that_may_see_but_not_change(client, sio, person):
    client.force_login(sio)
    response = client.post(reverse("people:person_edit", args=[person.pk]), {"version": 1})
    assert response.status_code == 403
    assert Person.objects.get(pk=person.pk).version == person.version


class ReasonForm(forms.Form):
    reason = forms.CharField()


def test_a_services_error_naming_a_field_is_shown_against_that_field():
    form = ReasonForm({"reason": "because"})
    assert form.is_valid()
    add_errors(form, ValidationError({"reason": "Say more.", "elsewhere": "Not allowed."}))
    assert form.errors["reason"] == ["Say more."]
    assert form.non_field_errors() == ["Not allowed."]


def test_a_services_error_naming_no_field_is_shown_for_the_whole_form():
    form = ReasonForm({"reason": "because"})
    assert form.is_valid()
    add_errors(form, ValidationError(["First problem.", "Second problem."]))
    assert form.non_field_errors() == ["First problem.", "Second problem."]


def test_the_services_error_reaches_the_error_summary_and_changes_nothing(
    client, gateway_officer, colleague, person
):
    client.force_login(gateway_officer)
    opened = {
        "version": person.version,
        "snapshot": sign_snapshot(person, person_services.EDITABLE_FIELDS),
        "given_name": "Changed",
        "family_name": person.family_name,
        "gender": person.gender,
    }
    person_services.person_update(
        person=person, officer=colleague, expected_version=person.version, given_name="Theirs"
    )
    response = client.post(reverse("people:person_edit", args=[person.pk]), opened)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Given name was changed by someone else" in page
    assert Person.objects.get(pk=person.pk).given_name == "Theirs"


def test_the_referrals_api_reads_through_its_selectors():
    assert ReferralViewSet.list_selector is referral_selectors.referral_list
    assert ReferralViewSet.detail_selector is referral_selectors.referral_get
    assert ReferralViewSet.lookup_value_converter == "uuid"


def test_a_query_string_with_a_nul_character_is_refused_before_any_view(signed_in, gateway_officer):
    client = signed_in(gateway_officer)
    api = client.get("/api/v1/partners/coverage/", {"sector": "school\x00"})
    assert api.status_code == 400
    assert api.json() == {"sector": ["Remove the NUL character: no value may contain one"]}
    page = client.get(reverse("referrals:referral_list"), {"q": "\x00"})
    assert page.status_code == 400
    assert client.get(reverse("referrals:referral_list"), {"q": "Smith"}).status_code == 200
