from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "apertus.calls"
    label = "calls"
    verbose_name = _("Convocatorias")

    def ready(self):
        from apertus.accounts.personal_data import register_account_deletion, register_personal_data
        from apertus.calls import datasets, personal_data, rules  # noqa: F401
        from apertus.calls.reminders import EVENT as REMINDER_EVENT
        from apertus.calls.reminders import call_reminders
        from apertus.calls.services.calls import CHANGE_EVENT
        from apertus.calls.services.selection import SELECTION_EVENT
        from apertus.notifications.events import EVENTS, register_event
        from apertus.notifications.reminders import register_reminder

        if REMINDER_EVENT not in EVENTS:
            register_event(REMINDER_EVENT, _("Recordatorios de solicitudes sin enviar antes del cierre de una convocatoria"))
        if SELECTION_EVENT not in EVENTS:
            # Not optional: a person must always learn the result of their application.
            register_event(SELECTION_EVENT, _("Resultado de mis solicitudes a convocatorias"), optional=False)
        if CHANGE_EVENT not in EVENTS:
            # Not optional: a change of the rules may change what an applicant must do.
            register_event(CHANGE_EVENT, _("Cambios en las convocatorias a las que envié una solicitud"), optional=False)
        register_reminder(call_reminders)
        register_personal_data("convocatorias", personal_data.personal_data)
        register_account_deletion(personal_data.forget)
