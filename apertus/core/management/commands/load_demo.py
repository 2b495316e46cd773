from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apertus.core.held import held
from apertus.core.manifest import demo_steps, resolve


class Command(BaseCommand):
    help = "Carga los datos de demostración (nunca en producción) e imprime las cuentas demo."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="no imprimir las cuentas")

    def handle(self, *args, quiet=False, **options):
        if not settings.DEMO_ALLOWED:
            raise CommandError("Los datos de demostración no se cargan en producción (APERTUS_ENV=production).")
        accounts = []
        # Each app declares its loader in its manifest (AppManifest.demo); each adds only what is
        # missing, in dependency order. The search index is rebuilt last (loaders write in bulk), so
        # the steps before it do not index what they write; each step's writes bump the page cache's
        # and the open data's versions once, as it commits (core/held.py).
        steps = demo_steps()
        for number, step in enumerate(steps):
            reindexed_later = any(later.reindexes for later in steps[number + 1 :])
            with transaction.atomic(), held(index_rebuilt=reindexed_later):
                result = resolve(step.loader)()
            if step.accounts:
                accounts = result
            elif result and step.label:
                self.stdout.write(f"  {step.label}: {result}")
        if quiet or not accounts:
            return
        self.stdout.write("\nCuentas de demostración / Demo accounts:")
        width = max(len(a["email"]) for a in accounts)
        for account in accounts:
            self.stdout.write(f"  {account['role']:<32} {account['email']:<{width}}  {account['password']}")
        self.stdout.write("")
