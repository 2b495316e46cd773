from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Commentable, Demo, Event, import_modules


class ParticipationConfig(AppConfig):
    name = "apertus.participation"
    label = "participation"
    verbose_name = _("Participación ciudadana")
    manifest = AppManifest(
        modules=("datasets", "guards", "rules"),
        url_prefix="participa/",
        urls="apertus.participation.urls",
        api_prefix="/participation",
        api_router="apertus.participation.api.router",
        demo=(Demo("apertus.participation.demo.participation_demo_load", "cocreación", order=40),),
        events=(Event("proposal_response", _("Respuestas razonadas a mis propuestas")),),
        followable={"participation.proposal": "apertus.participation.selectors.proposals_visible_to"},
        commentable={
            "participation.proposal": Commentable(
                "apertus.participation.selectors.proposals_visible_to",
                gates=("apertus.participation.extensions.comment_gate",),
            )
        },
        moderatable={"participation.proposal": "apertus.participation.extensions.proposal_state_id"},
        searchable=("apertus.participation.searchable.PROPOSAL", "apertus.participation.searchable.PLAN_PROPOSALS"),
        exportable=("participation.proposal",),
        extends={
            "plans.plan_page": "apertus.participation.extensions.plan_section",
            "plans.commitment_page": "apertus.participation.extensions.commitment_section",
            "plans.urls": "apertus.participation.urls.plan_urlpatterns",
        },
    )

    def ready(self):
        import_modules(self)
        from apertus.participation import guards

        guards.connect()
