"""Open data for co-creation: visible proposals of public plans, and the STL's responses. Streamed.

The author's name is left out of the bulk files on purpose (data minimisation); it stays on the
proposal's page and in the API.
"""

from django.utils.translation import gettext_lazy as _

from apertus.portal.datasets import Dataset, col, register


def _proposals():
    from apertus.participation.selectors import public_proposals

    return (public_proposals().select_related("process__plan__state")
            .order_by("process__plan__state__code", "created_at", "id").iterator(chunk_size=500))


def _responses():
    from apertus.participation.selectors import public_responses

    return public_responses().order_by("responded_at", "id").iterator(chunk_size=1000)


def _response_kind(proposal) -> str:
    response = getattr(proposal, "response", None)
    return response.kind if response else ""


register(Dataset(
    slug="propuestas", title=_("Propuestas ciudadanas"),
    description=_("Propuestas de la cocreación de los planes públicos: problema, solución, ODS, municipio, apoyos y respuesta."),
    columns=[
        col("id", _("Identificador de la propuesta"), "pk", "integer", required=True),
        col("proceso_id", _("Identificador del proceso de cocreación"), "process_id", "integer"),
        col("plan_id", _("Identificador del plan"), lambda p: p.process.plan_id, "integer"),
        col("clave_entidad", _("Clave INEGI de la entidad"), lambda p: p.process.plan.state.code),
        col("titulo", _("Título"), "title"),
        col("problema", _("Problema (Markdown)"), "problem"),
        col("solucion", _("Solución propuesta (Markdown)"), "solution"),
        col("ods", _("Números de los ODS, separados por punto y coma"), lambda p: ";".join(g.code for g in p.goals.all())),
        col("clave_municipio", _("Clave INEGI del municipio (vacío: toda la entidad)"),
            lambda p: p.municipality.code if p.municipality_id else ""),
        col("apoyos", _("Número de apoyos"), "support_count", "integer", minimum=0),
        col("fecha", _("Fecha y hora de la propuesta (ISO 8601)"), lambda p: p.created_at.isoformat(), "datetime"),
        col("respuesta", _("Respuesta: incorporada, parcial, no_incorporada o vacío si aún no hay"), _response_kind),
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
        col("propuesta_id", _("Identificador de la propuesta"), "proposal_id", "integer", required=True),
        col("tipo", _("Respuesta: incorporada, parcial o no_incorporada"), "kind"),
        col("razones", _("Razones (Markdown)"), "reason"),
        col("compromiso_id", _("Identificador del compromiso (vacío si no se incorporó)"), lambda r: r.commitment_id or ""),
        col("fecha", _("Fecha y hora de la respuesta (ISO 8601)"), lambda r: r.responded_at.isoformat()),
    ],
    rows=_responses,
    keywords=("cocreación", "respuesta razonada", "gobierno abierto"),
    periodicity="continuous",
    primary_key=("propuesta_id",),
    foreign_keys=((("propuesta_id",), "propuestas", ("id",)),),
))
