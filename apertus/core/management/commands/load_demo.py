from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apertus.accounts.demo import demo_people_load
from apertus.plans.demo import plans_demo_load
from apertus.stl.demo import stl_demo_load


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
        if quiet:
            return
        self.stdout.write("\nCuentas de demostración / Demo accounts:")
        width = max(len(a["email"]) for a in accounts)
        for account in accounts:
            self.stdout.write(f"  {account['role']:<32} {account['email']:<{width}}  {account['password']}")
        self.stdout.write("")
