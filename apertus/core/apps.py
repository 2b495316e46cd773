from django.apps import AppConfig

from apertus.core.manifest import AppManifest

_MECHANISMS = "the ground floor holds shared mechanisms, not a domain: "


class CoreConfig(AppConfig):
    name = "apertus.core"
    label = "core"
    verbose_name = "Núcleo"
    manifest = AppManifest(
        modules=(),
        without={
            "services.py": _MECHANISMS + "each app's services write, with core's helpers (history, concurrency)",
            "selectors.py": _MECHANISMS + "it reads no records of its own",
            "rules.py": _MECHANISMS + "it defines how permissions work (permissions.py), not any permission",
            "views.py": _MECHANISMS + "its only pages are the error pages (errors.py)",
            "urls.py": _MECHANISMS + "apertus/urls.py mounts the apps' urls",
        },
    )

    def ready(self):
        from apertus.core import cache

        cache.install()  # any write bumps the version of the anonymous page cache

        from apertus.core.history import history_managers_kept

        history_managers_kept()

        from django.db.models.signals import pre_save

        from apertus.core.normalize import normalise_instance

        pre_save.connect(normalise_instance, dispatch_uid="apertus.core.normalize")
