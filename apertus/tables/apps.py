from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Demo, Event, import_modules


class TablesConfig(AppConfig):
    name = "apertus.tables"
    label = "tables"
    verbose_name = _("Mesas de trabajo")
    manifest = AppManifest(
        modules=("datasets", "rules"),
        url_prefix="mesas/",
        urls="apertus.tables.urls",
        api_prefix="/tables",
        api_router="apertus.tables.api.router",
        demo=(Demo("apertus.tables.demo.tables_demo_load", "mesas de trabajo", order=50),),
        events=(
            Event("table_tomorrow", _("Recordatorio un día antes de las mesas de trabajo a las que me inscribí")),
            Event("table_seat", _("Un lugar liberado para mí en una mesa de trabajo con lista de espera")),
        ),
        reminders=("apertus.tables.reminders.table_tomorrow_reminders",),
        personal_data={"mesas_de_trabajo": "apertus.tables.personal_data.personal_data"},
        account_deletion=("apertus.tables.personal_data.forget",),
        extends={
            "plans.commitment_page": "apertus.tables.extensions.commitment_section",
            "participation.standards": "apertus.tables.extensions.STANDARDS",
        },
    )

    def ready(self):
        import_modules(self)
