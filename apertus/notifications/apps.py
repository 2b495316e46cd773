from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, import_modules


class NotificationsConfig(AppConfig):
    name = "apertus.notifications"
    label = "notifications"
    verbose_name = _("Notificaciones")
    manifest = AppManifest(
        url_prefix="notificaciones/",
        urls="apertus.notifications.urls",
        personal_data={"notificaciones": "apertus.notifications.personal_data.personal_data"},
        account_deletion=("apertus.notifications.personal_data.forget",),
        without={"api.py": "a person's notices and follows are private and read on the web only"},
    )

    def ready(self):
        import_modules(self)
        from apertus.notifications import events, followables, reminders

        events.register_from_manifests()
        reminders.register_from_manifests()
        followables.register_from_manifests()
