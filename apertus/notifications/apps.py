from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "apertus.notifications"
    label = "notifications"
    verbose_name = _("Notificaciones")

    def ready(self):
        from apertus.notifications import rules  # noqa: F401
