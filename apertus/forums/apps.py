from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "apertus.forums"
    label = "forums"
    verbose_name = _("Foros y mensajes")

    def ready(self):
        from apertus.accounts.personal_data import register_account_deletion, register_personal_data
        from apertus.forums import rules  # noqa: F401
        from apertus.forums.selectors import personal_data
        from apertus.forums.services.messages import MESSAGE_EVENT
        from apertus.forums.services.publishing import BLOG_EVENT, NOTICE_EVENT
        from apertus.forums.services.talk import REPLY_EVENT, subscriptions_forget
        from apertus.notifications.events import register_event

        register_event(REPLY_EVENT, _("Respuestas en los temas de foro que sigo"))
        register_event(MESSAGE_EVENT, _("Mensajes privados que me envían"))
        # Staff notices to a cohort cannot be silenced: they are how the program reaches its fellows.
        register_event(NOTICE_EVENT, _("Avisos de la coordinación a mi generación"), optional=False)
        register_event(BLOG_EVENT, _("Revisión de mis entradas del blog"))
        register_personal_data("foros_y_mensajes", personal_data)
        register_account_deletion(subscriptions_forget)
