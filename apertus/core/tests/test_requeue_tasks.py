"""A task left RUNNING by a dead worker goes back to the queue; finished and recent ones stay."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from apertus.notifications.tasks import send_digests

pytestmark = pytest.mark.django_db


def statuses(ids) -> list[str]:
    found = {str(pk): status for pk, status in DBTaskResult.objects.values_list("pk", "status")}
    return [found[str(i)] for i in ids]


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_requeue_tasks():
    ids = [send_digests.enqueue().id for _ in range(3)]
    long_ago = timezone.now() - timedelta(minutes=30)
    DBTaskResult.objects.filter(pk=ids[0]).update(status=TaskResultStatus.RUNNING, started_at=long_ago)
    DBTaskResult.objects.filter(pk=ids[1]).update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    DBTaskResult.objects.filter(pk=ids[2]).update(status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now())

    call_command("requeue_tasks", older_than=600, verbosity=0)
    assert statuses(ids) == ["READY", "RUNNING", "SUCCESSFUL"]

    call_command("requeue_tasks", verbosity=0)
    assert statuses(ids) == ["READY", "READY", "SUCCESSFUL"]
