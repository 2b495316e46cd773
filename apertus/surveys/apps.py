from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "apertus.surveys"
    label = "surveys"
    verbose_name = _("Cuestionarios y encuestas")

    def ready(self):
        from apertus.accounts.personal_data import register_account_deletion, register_personal_data
        from apertus.surveys import rules, selectors, services  # noqa: F401

        register_personal_data("cuestionarios_y_encuestas", selectors.personal_data)
        register_account_deletion(services.forget)
