from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TablesConfig(AppConfig):
    name = "apertus.tables"
    label = "tables"
    verbose_name = _("Mesas de trabajo")

    def ready(self):
        from apertus.accounts.personal_data import register_account_deletion, register_personal_data
        from apertus.tables import datasets, rules  # noqa: F401
        from apertus.tables.personal_data import personal_data
        from apertus.tables.services import forget_person

        register_personal_data("mesas_de_trabajo", personal_data)
        register_account_deletion(forget_person)
        try:
            from apertus.notifications.reminders import register_reminder
        except ImportError:  # the reminder runner is not there yet: see apertus/tables/reminders.py
            return
        from apertus.tables.reminders import table_tomorrow_reminders

        register_reminder(table_tomorrow_reminders)
