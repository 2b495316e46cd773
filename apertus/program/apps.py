from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "apertus.program"
    label = "program"
    verbose_name = _("Programa")

    def ready(self):
        from apertus.accounts.personal_data import register_account_deletion, register_personal_data
        from apertus.program import datasets, personal_data, rules  # noqa: F401

        register_personal_data("perfil_publico_fellow", personal_data.personal_data)
        register_account_deletion(personal_data.forget)
        # Profiles register no state with moderation: only coordination may hide one, not a state's STL.
