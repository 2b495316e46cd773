from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest


class ScaleConfig(AppConfig):
    name = "apertus.scale"
    label = "scale"
    verbose_name = _("Datos a escala nacional")
    # `manage.py generate_scale` writes the national dataset of the benchmarks into many apps' tables
    # (generator.py), so it sits with the aggregators.
    manifest = AppManifest(
        modules=(),
        without={
            "models.py": "it keeps nothing of its own: it fills other apps' tables",
            "services.py": "the generator (generator.py) writes in bulk what the other apps' services would",
            "selectors.py": "it reads nothing for a page",
            "rules.py": "a management command, never a person's action: no permission of its own",
            "views.py": "it has no pages",
            "api.py": "it has no pages",
            "urls.py": "it has no pages",
            "admin.py": "it has no models",
        },
    )
