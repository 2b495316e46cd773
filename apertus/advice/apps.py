from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Demo, Event, import_modules


class AdviceConfig(AppConfig):
    name = "apertus.advice"
    label = "advice"
    verbose_name = _("Asesoría técnica")
    manifest = AppManifest(
        modules=("datasets", "guards", "rules"),
        url_prefix="asesoria/",
        urls="apertus.advice.urls",
        api_prefix="/advice",
        api_router="apertus.advice.api.router",
        demo=(Demo("apertus.advice.demo.advice_demo_load", "asesoría técnica", order=130),),
        events=(
            Event("advice_round", _("Rondas de revisión abiertas en los planes que asesoro")),
            Event("advice_comment", _("Comentarios de la asesoría técnica en el plan de mi STL")),
            Event("advice_answer", _("Respuestas del STL a los comentarios de asesoría")),
            Event("advice_reopen", _("Comentarios de asesoría reabiertos en el plan de mi STL")),
            Event("advice_due", _("Recordatorios de rondas de revisión por vencer")),
        ),
        reminders=("apertus.advice.reminders.due_reminders",),
    )

    def ready(self):
        import_modules(self)
        from apertus.advice import guards

        guards.connect()
