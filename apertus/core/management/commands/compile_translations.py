"""Compile .po catalogues to .mo with polib, so no system gettext tools are needed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def compile_all() -> list[Path]:
    written = []
    for locale_dir in settings.LOCALE_PATHS:
        for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            written.append(mo_path)
    return written


class Command(BaseCommand):
    help = "Compila los catálogos de traducción (.po -> .mo)."

    def handle(self, *args, **options):
        for path in compile_all():
            self.stdout.write(f"  {path.relative_to(settings.BASE_DIR)}")
