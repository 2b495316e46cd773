from django.core.management.base import BaseCommand, CommandError

from apertus.notifications.reminders import run_reminders


class Command(BaseCommand):
    help = "Envía los recordatorios que tocan (p. ej. mesas de trabajo de mañana). Repetirlo no duplica avisos."

    def handle(self, *args, **options):
        run = run_reminders()
        self.stdout.write(f"Recordatorios: {run.reminders}; notificaciones nuevas: {run.created}")
        if run.errors:
            raise CommandError("Fallaron algunos proveedores de recordatorios: " + "; ".join(run.errors))
