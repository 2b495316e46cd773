"""manage.py backup DIR: the database, the uploaded files and a manifest, written atomically."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apertus.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Copia de seguridad completa (base de datos, archivos subidos y manifiesto con sus hashes) en una "
        "carpeta nueva. / Full backup (database, uploaded files, manifest with their hashes) into a new folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="carpeta nueva / a new folder")
        parser.add_argument(
            "--include-secret",
            action="store_true",
            help="guarda también SECRET_KEY (archivo 0600) / also save SECRET_KEY (0600 file)",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, folder, include_secret, database, **options):
        try:
            manifest = backup_create(folder, include_secret=include_secret, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = manifest["database"]["tables"]
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Copia lista / backup ready: {Path(folder).absolute()}\n"
                    f"  {manifest['database']['engine']}: {len(tables)} tablas, "
                    f"{sum(t['rows'] for t in tables.values())} filas\n"
                    f"  archivos / files: {manifest['media']['count']} ({manifest['media']['bytes']} bytes)\n"
                    f"  SECRET_KEY: {'incluida / included' if include_secret else 'no incluida / not included'}"
                )
            )
