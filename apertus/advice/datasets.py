"""Open data: the IRM design assessment of the commitments of published plans, streamed."""

from django.utils.translation import gettext_lazy as _

from apertus.portal.datasets import Dataset, col, register


def _assessments():
    from apertus.advice.selectors import public_assessments

    return public_assessments().iterator(chunk_size=500)


register(Dataset(
    slug="evaluacion-irm", title=_("Evaluación de diseño de los compromisos (escala IRM)"),
    description=_("Por compromiso de un plan publicado: si es verificable, su relevancia para cada valor de gobierno "
                  "abierto, su impacto potencial con la razón y, al final del plan, si abrió el gobierno."),
    columns=[
        col("compromiso_id", _("Identificador del compromiso"), "commitment_id"),
        col("clave_entidad", _("Clave INEGI de la entidad"), lambda a: a.commitment.plan.state.code),
        col("edicion_plan", _("Edición del plan"), lambda a: a.commitment.plan.edition),
        col("numero", _("Número del compromiso en el plan"), lambda a: a.commitment.number),
        col("verificable", _("Verificable (1 sí, 0 no)"), lambda a: int(a.verifiable)),
        col("relevante_acceso", _("Relevante para el acceso a la información (1/0)"), lambda a: int(a.relevant_access)),
        col("relevante_participacion", _("Relevante para la participación cívica (1/0)"), lambda a: int(a.relevant_participation)),
        col("relevante_rendicion", _("Relevante para la rendición de cuentas (1/0)"), lambda a: int(a.relevant_accountability)),
        col("relevante_tecnologia", _("Relevante para la tecnología e innovación (1/0)"), lambda a: int(a.relevant_technology)),
        col("impacto_potencial", _("Impacto potencial: none, minor, moderate, transformative"), "potential_impact"),
        col("razon_impacto", _("Razón del impacto potencial"), "impact_reason"),
        col("abrio_acceso", _("¿Abrió el gobierno? Acceso a la información (worsened, no_change, marginal, major, outstanding; vacío si aún no)"), "opened_access"),
        col("abrio_participacion", _("¿Abrió el gobierno? Participación cívica"), "opened_participation"),
        col("abrio_rendicion", _("¿Abrió el gobierno? Rendición de cuentas"), "opened_accountability"),
        col("abrio_tecnologia", _("¿Abrió el gobierno? Tecnología e innovación"), "opened_technology"),
    ],
    rows=_assessments,
    source=_("Asesoría técnica del programa, con la escala del Mecanismo de Revisión Independiente (IRM) de OGP."),
))
