from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Demo, import_modules


class AccountsConfig(AppConfig):
    name = "apertus.accounts"
    label = "accounts"
    verbose_name = _("Cuentas y roles")
    manifest = AppManifest(
        modules=("personal_data", "rules"),
        url_prefix="mi-cuenta/",
        urls="apertus.accounts.urls",
        demo=(Demo("apertus.accounts.demo.demo_people_load", "", order=10, accounts=True),),
        without={"api.py": "accounts are managed on the web only; API tokens are created there"},
    )

    def ready(self):
        import_modules(self)
        # The accounts app keeps the personal-data registry: read every app's declarations once.
        from apertus.accounts.personal_data import register_from_manifests

        register_from_manifests()
