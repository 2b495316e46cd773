from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apertus.core"
    label = "core"
    verbose_name = "Núcleo"

    def ready(self):
        from apertus.core import cache

        cache.install()  # any write bumps the version of the anonymous page cache

        from django.db.models.signals import pre_save

        from apertus.core.normalize import normalise_instance

        pre_save.connect(normalise_instance, dispatch_uid="apertus.core.normalize")
