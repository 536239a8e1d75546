"""Task factories, named after their status. Synthetic data only."""

import datetime

import factory

from apps.accounts.tests.factories import UserFactory
from apps.core.choices import ProtectiveMarking
from apps.work.choices import TaskStatus
from apps.work.models import Task


class OpenTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"TK-2026-{n + 1:05d}")
    title = "Call the school's safeguarding lead"
    assignee = factory.SubFactory(UserFactory)
    team = factory.LazyAttribute(lambda task: task.assignee.team)
    created_by = factory.LazyAttribute(lambda task: task.assignee)
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    protective_marking = ProtectiveMarking.OFFICIAL_SENSITIVE


class OverdueTaskFactory(OpenTaskFactory):
    due_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))


class DoneTaskFactory(OpenTaskFactory):
    status = TaskStatus.DONE
