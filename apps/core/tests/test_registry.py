"""Core imports no app: the apps above it provide what it needs (ADR 0016)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.accounts.models import Notification
from apps.audit.choices import AuditAction, DataProtectionCategory
from apps.audit.models import AuditEvent
from apps.core import audit, navigation, registry


def test_asking_for_a_provider_no_app_registered_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="nobody.provides"):
        registry.provider("nobody.provides")


def test_the_audit_and_accounts_apps_provide_what_core_needs():
    assert registry.provider(registry.AUDIT_APPEND).__module__ == "apps.audit.writer"
    grants = registry.provider(registry.BREAK_GLASS_GRANTS)
    assert grants.__module__ == "apps.accounts.selectors"


def test_the_actions_core_records_are_the_audit_apps_actions():
    assert {audit.VIEW, audit.SEARCH, audit.ACCESS_DENIED, audit.UPDATE, audit.EXPORT} <= set(
        AuditAction.values
    )
    assert audit.VIEW == AuditAction.VIEW
    assert audit.SEARCH == AuditAction.SEARCH
    assert audit.ACCESS_DENIED == AuditAction.ACCESS_DENIED
    assert audit.UPDATE == AuditAction.UPDATE


@pytest.mark.django_db
def test_an_event_written_through_core_is_categorised_by_the_audit_app(gateway_officer, person):
    audit.record_view(user=gateway_officer, subject=person)
    audit.record_access_denied(user=gateway_officer, status=403, reason="test")
    view, denied = AuditEvent.objects.order_by("sequence").reverse()[:2][::-1]
    assert view.action == AuditAction.VIEW
    assert view.category == DataProtectionCategory.CONSULTATION
    assert denied.action == AuditAction.ACCESS_DENIED
    assert denied.category == DataProtectionCategory.SECURITY


@pytest.mark.django_db
def test_the_home_page_shows_unread_notifications_provided_by_accounts(client, gateway_officer):
    Notification.objects.create(recipient=gateway_officer, subject="Synthetic notice", body="Body")
    client.force_login(gateway_officer)
    response = client.get("/")
    assert b"Synthetic notice" in response.content


def test_each_app_registers_its_navigation_section_in_order():
    assert [(item.text, item.url_name) for item in navigation.NAVIGATION] == [
        ("Home", "core:home"),
        ("Referrals", "referrals:referral_list"),
        ("People", "people:person_list"),
        ("Cases", "cases:case_list"),
        ("Enquiries", "gateway:enquiry_list"),
        ("Cyber enquiries", "cyber_enquiries:enquiry_list"),
        ("Cyber campaigns", "cyber_enquiries:campaign_list"),
        ("Interviews", "cyber_impact:interview_list"),
        ("Cyber impact", "cyber_impact:impact_report"),
        ("Cyber packages", "cyber_packages:package_list"),
        ("Cyber operations", "cyber_packages:operation_list"),
        ("Audit", "audit:event_list"),
        ("Misuse alerts", "audit:alert_list"),
        ("Tasks", "work:task_list"),
        ("My team", "work:team"),
        ("Assessments", "assessments:assessment_list"),
        ("Interventions", "interventions:intervention_list"),
        ("Break-glass access", "accounts:break_glass_list"),
        ("Partners", "partners:organisation_list"),
        ("Administration", "admin:index"),
        ("Assessment frameworks", "assessments:framework_list"),
        ("Document templates", "documents:template_list"),
        ("Calendar feed", "documents:calendar"),
    ]


def test_registering_a_navigation_section_twice_adds_it_once():
    before = list(navigation.NAVIGATION)
    navigation.register(before[1])
    assert navigation.NAVIGATION == before
