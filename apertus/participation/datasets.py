"""Open data for co-creation: visible proposals of public plans, and the STL's responses. Streamed.

The author's name is left out of the bulk files on purpose (data minimisation); it stays on the
proposal's page and in the API.
"""

from django.utils.translation import gettext_lazy as _

from apertus.core.datasets import Dataset, blank, coded, field, iso, register
from apertus.core.exports import Joined
from apertus.participation.models import ResponseKind


def _proposals():
    """Visible proposals of public plans in id order, with their SDG goals joined by the database: one query
    whatever the number of proposals."""
    from apertus.participation.models import Proposal
    from apertus.participation.selectors import public_proposals

    goals = Proposal.goals.through.objects.all()
    return (
        public_proposals()
        .prefetch_related(None)
        .select_related(None)
        .annotate(goal_codes=Joined(goals, "term__code", ("term__code",), key="proposal_id"))
        .order_by("id")
    )


def _responses():
    from apertus.participation.selectors import public_responses

    return public_responses().select_related(None).order_by("responded_at", "id")


register(
    Dataset(
        slug="propuestas",
        title=_("Propuestas ciudadanas"),
        description=_(
            "Propuestas de la cocreación de los planes públicos: problema, solución, ODS, municipio, apoyos y respuesta."
        ),
        columns=[
            field("id", _("Identificador de la propuesta"), "id", "integer", required=True),
            field("proceso_id", _("Identificador del proceso de cocreación"), "process_id", "integer"),
            field("plan_id", _("Identificador del plan"), "process__plan_id", "integer"),
            field("clave_entidad", _("Clave INEGI de la entidad"), "process__plan__state__code"),
            field("titulo", _("Título"), "title"),
            field("problema", _("Problema (Markdown)"), "problem"),
            field("solucion", _("Solución propuesta (Markdown)"), "solution"),
            field("ods", _("Números de los ODS, separados por punto y coma"), "goal_codes"),
            field(
                "clave_municipio",
                _("Clave INEGI del municipio (vacío: toda la entidad)"),
                "municipality__code",
                fmt=blank,
            ),
            field("apoyos", _("Número de apoyos"), "support_count", "integer", minimum=0),
            field("fecha", _("Fecha y hora de la propuesta (ISO 8601)"), "created_at", "datetime", fmt=iso),
            *coded(
                "respuesta",
                _("Respuesta: incorporada, parcial, no_incorporada o vacío si aún no hay"),
                "response__kind",
                ResponseKind.choices,
                "respuesta_etiqueta",
                _("Nombre de la respuesta"),
                fmt=blank,
            ),
        ],
        query=_proposals,
        keywords=("cocreación", "participación ciudadana", "propuestas", "gobierno abierto"),
        goals=tuple(str(n) for n in range(1, 18)),
        periodicity="continuous",
        primary_key=("id",),
        foreign_keys=((("plan_id",), "planes", ("id",)), (("clave_entidad",), "entidades", ("clave_inegi",))),
    )
)
register(
    Dataset(
        slug="respuestas",
        title=_("Respuestas razonadas a propuestas"),
        description=_(
            "La respuesta del STL a cada propuesta ciudadana, con sus razones y el compromiso en que se incorporó."
        ),
        columns=[
            field("propuesta_id", _("Identificador de la propuesta"), "proposal_id", "integer", required=True),
            *coded(
                "tipo",
                _("Respuesta: incorporada, parcial o no_incorporada"),
                "kind",
                ResponseKind.choices,
                "tipo_etiqueta",
                _("Nombre de la respuesta"),
            ),
            field("razones", _("Razones (Markdown)"), "reason"),
            field(
                "compromiso_id",
                _("Identificador del compromiso (vacío si no se incorporó)"),
                "commitment_id",
                fmt=blank,
            ),
            field("fecha", _("Fecha y hora de la respuesta (ISO 8601)"), "responded_at", fmt=iso),
        ],
        query=_responses,
        keywords=("cocreación", "respuesta razonada", "gobierno abierto"),
        periodicity="continuous",
        primary_key=("propuesta_id",),
        foreign_keys=((("propuesta_id",), "propuestas", ("id",)),),
    )
)
