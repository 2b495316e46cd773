from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apertus.core"
    label = "core"
    verbose_name = "Núcleo"
