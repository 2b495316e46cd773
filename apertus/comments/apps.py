from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Event, import_modules


class CommentsConfig(AppConfig):
    name = "apertus.comments"
    label = "comments"
    verbose_name = _("Comentarios")
    manifest = AppManifest(
        modules=("datasets", "rules"),
        url_prefix="comentarios/",
        urls="apertus.comments.urls",
        api_prefix="/comments",
        api_router="apertus.comments.api.router",
        events=(Event("comment_reply", _("Respuestas a mis comentarios")),),
        moderatable={"comments.comment": "apertus.comments.registry.comment_state"},
        exportable=("comments.comment",),
    )

    def ready(self):
        import_modules(self)
        from apertus.comments.registry import register_from_manifests

        register_from_manifests()
