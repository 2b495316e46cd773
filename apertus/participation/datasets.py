"""Open data for co-creation: visible proposals of public plans, and the STL's responses. Streamed.

The author's name is left out of the bulk files on purpose (data minimisation); it stays on the
proposal's page and in the API.
"""

from django.utils.translation import gettext_lazy as _

from apertus.participation.models import ResponseKind
from apertus.portal.datasets import Dataset, attach, col, key, label_col, register, stream

PROPOSAL_FIELDS = ("id", "process_id", "process__plan_id", "process__plan__state__code", "title", "problem", "solution",
                   "municipality__code", "support_count", "created_at", "response__kind")


def _proposals():
    """Visible proposals of public plans in id order, with their SDG goals from a second streamed query in the
    same order: two queries whatever the number of proposals."""
    from apertus.participation.models import Proposal
    from apertus.participation.selectors import public_proposals

    proposals = public_proposals().prefetch_related(None).select_related(None)
    goals = (Proposal.goals.through.objects.filter(proposal__in=proposals.values("pk"))
             .order_by("proposal_id", "term__code").values_list("proposal_id", "term__code").iterator(chunk_size=10000))
    return attach(stream(proposals.order_by("id"), *PROPOSAL_FIELDS), goals, "goals")


RESPONSE_FIELDS = ("proposal_id", "kind", "reason", "commitment_id", "responded_at")


def _responses():
    from apertus.participation.selectors import public_responses

    return stream(public_responses().select_related(None).order_by("responded_at", "id"), *RESPONSE_FIELDS)


register(Dataset(
    slug="propuestas", title=_("Propuestas ciudadanas"),
    description=_("Propuestas de la cocreación de los planes públicos: problema, solución, ODS, municipio, apoyos y respuesta."),
    columns=[
        col("id", _("Identificador de la propuesta"), key("id"), "integer", required=True),
        col("proceso_id", _("Identificador del proceso de cocreación"), key("process_id"), "integer"),
        col("plan_id", _("Identificador del plan"), key("process__plan_id"), "integer"),
        col("clave_entidad", _("Clave INEGI de la entidad"), key("process__plan__state__code")),
        col("titulo", _("Título"), key("title")),
        col("problema", _("Problema (Markdown)"), key("problem")),
        col("solucion", _("Solución propuesta (Markdown)"), key("solution")),
        col("ods", _("Números de los ODS, separados por punto y coma"), key("goals")),
        col("clave_municipio", _("Clave INEGI del municipio (vacío: toda la entidad)"),
            lambda r: r["municipality__code"] or ""),
        col("apoyos", _("Número de apoyos"), key("support_count"), "integer", minimum=0),
        col("fecha", _("Fecha y hora de la propuesta (ISO 8601)"), lambda r: r["created_at"].isoformat(), "datetime"),
        col("respuesta", _("Respuesta: incorporada, parcial, no_incorporada o vacío si aún no hay"),
            lambda r: r["response__kind"] or ""),
        label_col("respuesta_etiqueta", _("Nombre de la respuesta"), "response__kind", ResponseKind.choices),
    ],
    rows=_proposals,
    keywords=("cocreación", "participación ciudadana", "propuestas", "gobierno abierto"),
    goals=tuple(str(n) for n in range(1, 18)),
    periodicity="continuous",
    primary_key=("id",),
    foreign_keys=((("plan_id",), "planes", ("id",)), (("clave_entidad",), "entidades", ("clave_inegi",))),
))
register(Dataset(
    slug="respuestas", title=_("Respuestas razonadas a propuestas"),
    description=_("La respuesta del STL a cada propuesta ciudadana, con sus razones y el compromiso en que se incorporó."),
    columns=[
        col("propuesta_id", _("Identificador de la propuesta"), key("proposal_id"), "integer", required=True),
        col("tipo", _("Respuesta: incorporada, parcial o no_incorporada"), key("kind")),
        label_col("tipo_etiqueta", _("Nombre de la respuesta"), "kind", ResponseKind.choices),
        col("razones", _("Razones (Markdown)"), key("reason")),
        col("compromiso_id", _("Identificador del compromiso (vacío si no se incorporó)"),
            lambda r: r["commitment_id"] or ""),
        col("fecha", _("Fecha y hora de la respuesta (ISO 8601)"), lambda r: r["responded_at"].isoformat()),
    ],
    rows=_responses,
    keywords=("cocreación", "respuesta razonada", "gobierno abierto"),
    periodicity="continuous",
    primary_key=("propuesta_id",),
    foreign_keys=((("propuesta_id",), "propuestas", ("id",)),),
))
