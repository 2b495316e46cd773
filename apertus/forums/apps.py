from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Demo, Event, import_modules


class ForumsConfig(AppConfig):
    name = "apertus.forums"
    label = "forums"
    verbose_name = _("Foros y mensajes")
    manifest = AppManifest(
        url_prefix="foros/",
        urls="apertus.forums.urls",
        api_prefix="/forums",
        api_router="apertus.forums.api.router",
        demo=(Demo("apertus.forums.demo.forums_demo_load", "foros", order=100),),
        events=(
            Event("forum_reply", _("Respuestas en los temas de foro que sigo")),
            Event("private_message", _("Mensajes privados que me envían")),
            # Staff notices to a cohort cannot be silenced: they are how the program reaches its fellows.
            Event("cohort_notice", _("Avisos de la coordinación a mi generación"), optional=False),
            Event("blog_review", _("Revisión de mis entradas del blog")),
        ),
        personal_data={"foros_y_mensajes": "apertus.forums.personal_data.personal_data"},
        account_deletion=("apertus.forums.personal_data.forget",),
    )

    def ready(self):
        import_modules(self)
