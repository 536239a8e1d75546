"""A real background worker process picks up and runs a queued task."""

import os
import subprocess
import sys

import pytest
from asgiref.local import Local
from django.conf import settings
from django.db import connection
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from apps.accounts import services
from apps.accounts.models import Notification

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _reset_task_backends():
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def database_tasks(settings):
    """Queue tasks in the database (the test settings run them in-process)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _reset_task_backends()
    yield
    _reset_task_backends()


def test_a_real_worker_sends_the_notification_email(database_tasks, supervisor, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database only on PostgreSQL")

    services.notification_send(recipient=supervisor, subject="Test", body="A test notification")
    assert DBTaskResult.objects.count() == 1
    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "prevent.settings.local",
        "SECRET_KEY": "worker-test",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "VAR_DIR": str(tmp_path),
    }
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-startup-delay",
            "--max-tasks",
            "1",
            "--no-reload",
            "--interval",
            "0.2",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        worker.wait(timeout=60)
    finally:
        worker.kill()
    output = worker.stdout.read().decode()
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL", output
    sent = list((tmp_path / "mail").iterdir())
    assert len(sent) == 1
    assert "A test notification" in sent[0].read_text()
    assert Notification.objects.filter(recipient=supervisor).exists()
