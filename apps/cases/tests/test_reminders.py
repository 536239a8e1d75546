"""Reminders for overdue case work, sent once each through work's scheduled check."""

import datetime

import pytest
from django.utils import timezone

from apps.accounts.models import Notification
from apps.cases.tests.factories import (
    DueReviewFactory,
    OutstandingDirectionFactory,
    SupportCaseFactory,
)
from apps.work import services as work_services

pytestmark = pytest.mark.django_db


def test_overdue_directions_and_reviews_are_reminded_once_with_references_only(
    colleague, supervisor, team
):
    case = SupportCaseFactory(team=team)
    work_services.allocation_allocate(record=case, officer=colleague, by=supervisor)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    OutstandingDirectionFactory(case=case, tasked_officer=colleague, due_on=yesterday)
    DueReviewFactory(case=case, due_on=yesterday)
    Notification.objects.all().delete()
    work_services.reminders_send()
    work_services.reminders_send()
    subjects = sorted(
        Notification.objects.filter(recipient=colleague).values_list("subject", flat=True)
    )
    assert subjects == ["Case review overdue", "SIO direction overdue"]
    for notice in Notification.objects.filter(recipient=colleague):
        assert case.person.family_name not in notice.subject + notice.body
        assert case.reference in notice.body
