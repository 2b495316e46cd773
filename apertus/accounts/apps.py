from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apertus.accounts"
    label = "accounts"
    verbose_name = _("Cuentas y roles")

    def ready(self):
        from apertus.accounts import personal_data, rules  # noqa: F401
