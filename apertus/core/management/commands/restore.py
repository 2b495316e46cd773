"""manage.py restore DIR: check a backup against its manifest, then put it in place."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apertus.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restaura una copia hecha con `backup`, tras comprobar cada archivo y tabla con su manifiesto. / "
        "Restore a backup made by `backup`, after checking every file and table against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="reemplaza una base y una carpeta de archivos que no están vacías / "
            "replace a non-empty database and media folder",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, folder, force, database, **options):
        try:
            report = backup_restore(folder, force=force, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restaurada / restored: {report['tables']} tablas, {report['rows']} filas, "
                    f"{report['files']} archivos ({report['bytes']} bytes); todo coincide con el manifiesto / "
                    f"everything matches the manifest"
                )
            )
            for warning in report["warnings"]:
                self.stdout.write(self.style.WARNING(f"  ! {warning}"))
