from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "apertus.notifications"
    label = "notifications"
    verbose_name = _("Notificaciones")

    def ready(self):
        from apertus.accounts.personal_data import register_account_deletion, register_personal_data
        from apertus.notifications import rules  # noqa: F401
        from apertus.notifications.selectors import personal_data
        from apertus.notifications.services import forget_person

        register_personal_data("notificaciones", personal_data)
        register_account_deletion(forget_person)
