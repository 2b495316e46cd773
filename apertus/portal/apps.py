from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "apertus.portal"
    label = "portal"
    verbose_name = _("Portal público")

    def ready(self):
        from apertus.portal import rules  # noqa: F401
