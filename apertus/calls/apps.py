from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Demo, Event, import_modules


class CallsConfig(AppConfig):
    name = "apertus.calls"
    label = "calls"
    verbose_name = _("Convocatorias")
    manifest = AppManifest(
        searchable=("apertus.calls.searchable.CALL",),
        modules=("datasets", "rules"),
        url_prefix="convocatorias/",
        urls="apertus.calls.urls",
        api_prefix="/calls",
        api_router="apertus.calls.api.router",
        demo=(Demo("apertus.calls.demo.calls_demo_load", "convocatorias", order=60),),
        events=(
            Event("call_reminder", _("Recordatorios de solicitudes sin enviar antes del cierre de una convocatoria")),
            # Not optional: a person must always learn the result of their application.
            Event("selection_result", _("Resultado de mis solicitudes a convocatorias"), optional=False),
            # Not optional: a change of the rules may change what an applicant must do.
            Event("call_changed", _("Cambios en las convocatorias a las que envié una solicitud"), optional=False),
        ),
        reminders=("apertus.calls.reminders.call_reminders",),
        personal_data={"convocatorias": "apertus.calls.personal_data.personal_data"},
        account_deletion=("apertus.calls.personal_data.forget",),
    )

    def ready(self):
        import_modules(self)
