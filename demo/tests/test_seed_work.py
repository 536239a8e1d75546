import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.accounts.models import User
from apps.referrals.models import Referral
from apps.work.choices import TaskStatus
from apps.work.models import Allocation, AllocationEvent, Task

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_seed_demo_allocates_referrals_and_sets_tasks_once(monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    call_command("seed_demo", people=25, stdout=io.StringIO())
    allocations, tasks = Allocation.objects.count(), Task.objects.count()
    call_command("seed_demo", people=25, stdout=io.StringIO())

    assert allocations > 0
    assert Allocation.objects.count() == allocations
    assert Task.objects.count() == tasks
    assert AllocationEvent.objects.filter(step="reallocated").exists()
    officer = User.objects.get(username="gateway.officer")
    assert Task.objects.filter(
        assignee=officer, status=TaskStatus.OPEN, due_date__lt=datetime.date.today()
    ).exists()
    assert Task.objects.filter(status=TaskStatus.DONE).exists()

    client.force_login(officer)
    lists = {work.key: work for work in client.get(reverse("core:home")).context["work_lists"]}
    worked = Allocation.objects.filter(
        officer=officer,
        object_id__in=Referral.objects.exclude(status="awaiting_sign_off").values("pk"),
    )
    assert lists["my-referrals"].count == worked.count()
    assert lists["my-tasks"].overdue > 0
    client.force_login(User.objects.get(username="supervisor"))
    assert client.get(reverse("work:team")).status_code == 200
