from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apertus.accounts.demo import demo_people_load
from apertus.advice.demo import advice_demo_load
from apertus.calls.demo import calls_demo_load
from apertus.comments.demo import comments_demo_load
from apertus.forums.demo import forums_demo_load
from apertus.learning.demo import learning_demo_load
from apertus.notifications.demo import notifications_demo_load
from apertus.participation.demo import participation_demo_load
from apertus.plans.demo import plans_demo_load
from apertus.program.demo import program_demo_load
from apertus.search import index as search_index
from apertus.stl.demo import stl_demo_load
from apertus.surveys.demo import surveys_demo_load
from apertus.tables.demo import tables_demo_load
from apertus.teams.demo import teams_demo_load


class Command(BaseCommand):
    help = "Carga los datos de demostración (nunca en producción) e imprime las cuentas demo."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="no imprimir las cuentas")

    def handle(self, *args, quiet=False, **options):
        if not settings.DEMO_ALLOWED:
            raise CommandError("Los datos de demostración no se cargan en producción (APERTUS_ENV=production).")
        accounts = demo_people_load()
        stls = stl_demo_load()
        plans = plans_demo_load()
        if stls:
            self.stdout.write(f"  STL de demostración: {stls}")
        if plans:
            self.stdout.write(f"  planes de acción de demostración: {plans}")
        # Each step adds only what is missing, in dependency order.
        for label, step in [("cocreación", participation_demo_load), ("mesas de trabajo", tables_demo_load),
                            ("convocatorias", calls_demo_load), ("formación", learning_demo_load),
                            ("cuestionarios", surveys_demo_load),
                            ("proyectos de equipo", teams_demo_load), ("foros", forums_demo_load),
                            ("perfiles públicos de fellows", program_demo_load),
                            ("comentarios", comments_demo_load),
                            ("asesoría técnica", advice_demo_load),
                            ("notificaciones", notifications_demo_load)]:
            result = step()
            if result:
                self.stdout.write(f"  {label}: {result}")
        # Demo loaders also write in bulk, past the services: index everything once at the end.
        search_index.rebuild()
        if quiet:
            return
        self.stdout.write("\nCuentas de demostración / Demo accounts:")
        width = max(len(a["email"]) for a in accounts)
        for account in accounts:
            self.stdout.write(f"  {account['role']:<32} {account['email']:<{width}}  {account['password']}")
        self.stdout.write("")
