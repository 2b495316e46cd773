"""Serve Apertus locally the way production does: gunicorn plus the background worker."""

import os
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Sirve Apertus con gunicorn y el trabajador de tareas en segundo plano."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, host, port, workers, **options):
        call_command("check_port", host=host, port=port)
        bin_dir = os.path.dirname(sys.executable)
        call_command("requeue_tasks", verbosity=0)  # tasks a previous worker left running, if it died
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker"])  # noqa: S603
        self.stdout.write(self.style.SUCCESS(f"\nApertus: http://{host}:{port}/  (Ctrl+C para detener)\n"))
        try:
            server = subprocess.run(  # noqa: S603
                [
                    os.path.join(bin_dir, "gunicorn"),
                    "apertus.wsgi:application",
                    "--bind",
                    f"{host}:{port}",
                    "--workers",
                    str(workers),
                    "--threads",
                    "4",
                    "--access-logfile",
                    "-",
                    "--graceful-timeout",
                    "5",
                ],
                check=False,
            )
        except KeyboardInterrupt:
            server = None
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
        if server is not None and server.returncode not in (0, -signal.SIGINT, -signal.SIGTERM):
            raise SystemExit(server.returncode)
