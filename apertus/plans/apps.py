from operator import attrgetter

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Commentable, Demo, Event, import_modules

OGP_JOB_EVENT = "ogp_import_job"


class PlansConfig(AppConfig):
    name = "apertus.plans"
    label = "plans"
    verbose_name = _("Planes de acción")
    manifest = AppManifest(
        modules=("datasets", "rules"),
        url_prefix="planes/",
        urls="apertus.plans.urls",
        api_prefix="/plans",
        api_router="apertus.plans.api.router",
        demo=(
            Demo("apertus.plans.demo.plans_demo_load", "planes de acción de demostración", order=30),
            Demo("apertus.plans.demo.comments_demo_load", "comentarios", order=120),
            Demo("apertus.plans.demo.follows_demo_load", "notificaciones", order=140),
        ),
        followable={
            "plans.actionplan": "apertus.plans.selectors.plans_visible_to",
            "plans.commitment": "apertus.plans.selectors.commitments_visible_to",
        },
        commentable={
            "plans.actionplan": Commentable("apertus.plans.selectors.plans_visible_to"),
            "plans.commitment": Commentable("apertus.plans.selectors.commitments_visible_to"),
        },
        moderatable={"plans.actionplan": attrgetter("state_id"), "plans.commitment": attrgetter("plan.state_id")},
        searchable=(
            "apertus.plans.searchable.PLAN",
            "apertus.plans.searchable.COMMITMENT",
            "apertus.plans.searchable.MILESTONE",
        ),
        exportable=("plans.actionplan", "plans.commitment", "plans.milestone", "plans.progressreport"),
        events=(
            Event(
                OGP_JOB_EVENT,
                _("Importaciones de OGP en segundo plano: vista previa lista o terminada"),
                optional=False,
            ),
        ),
    )

    def ready(self):
        import_modules(self)
