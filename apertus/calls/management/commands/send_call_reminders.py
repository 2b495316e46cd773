from django.core.management.base import BaseCommand

from apertus.calls.reminders import call_reminders
from apertus.notifications.services import notify


class Command(BaseCommand):
    help = (
        "Recuerda a quienes no han enviado su solicitud que la convocatoria cierra pronto "
        "(por omisión, los días que indica cada convocatoria). Repetirlo no duplica avisos."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="días antes del cierre (si no se indica, los de cada convocatoria; 3 por omisión)",
        )

    def handle(self, *args, days=None, **options):
        reminders = created = 0
        for recipients, event, title, body, url, dedupe_key in call_reminders(days=days):
            reminders += 1
            created += notify(
                event=event, recipients=recipients, title=title, body=body, url=url, dedupe_key=dedupe_key
            )
        self.stdout.write(f"Solicitudes por recordar: {reminders}; notificaciones nuevas: {created}")
