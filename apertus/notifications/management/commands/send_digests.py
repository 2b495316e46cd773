from django.core.management.base import BaseCommand

from apertus.notifications import delivery
from apertus.notifications.tasks import send_digests


class Command(BaseCommand):
    help = "Envía el resumen diario de notificaciones a quien lo eligió (ejecútalo una vez al día, p. ej. con cron)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Encolarlo para el trabajador en segundo plano.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = send_digests.enqueue()
            self.stdout.write(f"Resumen diario encolado ({result.id}).")
            return
        sent = delivery.send_digests_now()
        self.stdout.write(self.style.SUCCESS(f"Resúmenes enviados: {sent}"))
