"""manage.py requeue_tasks: background tasks left "running" by a worker that died go back to the queue.

A worker killed in the middle of a task (out of memory, a deploy, the database restarting under it)
leaves that task's row RUNNING for ever; nobody would run it again. Run this before starting the
workers (as `make run` and the load test do), or with ``--older-than`` while others run. Every
Apertus task may run twice without harm: e-mails are claimed row by row, so none goes out twice.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = (
        "Devuelve a la cola las tareas que quedaron «en curso» porque su trabajador murió. / "
        "Requeue tasks left running by a worker that died."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=0,
            metavar="SECONDS",
            help="solo las que empezaron hace más de SECONDS / only those started over SECONDS ago",
        )

    def handle(self, *args, older_than, **options):
        stale = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lte=timezone.now() - timedelta(seconds=older_than)
        )
        count = stale.update(status=TaskResultStatus.READY, started_at=None)
        if options["verbosity"] > 0:
            self.stdout.write(f"tareas devueltas a la cola / tasks requeued: {count}")
