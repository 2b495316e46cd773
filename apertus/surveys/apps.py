from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Demo, import_modules


class SurveysConfig(AppConfig):
    name = "apertus.surveys"
    label = "surveys"
    verbose_name = _("Cuestionarios y encuestas")
    manifest = AppManifest(
        url_prefix="formacion/",
        urls="apertus.surveys.urls",
        api_prefix="/surveys",
        api_router="apertus.surveys.api.router",
        demo=(Demo("apertus.surveys.demo.surveys_demo_load", "cuestionarios", order=80),),
        personal_data={"cuestionarios_y_encuestas": "apertus.surveys.personal_data.personal_data"},
        account_deletion=("apertus.surveys.personal_data.forget",),
        extends={"learning.activity_complete": "apertus.surveys.extensions.questionnaire_not_sent"},
    )

    def ready(self):
        import_modules(self)
