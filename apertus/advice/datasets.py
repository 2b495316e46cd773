"""Open data: the IRM design assessment of the commitments of published plans, streamed."""

from django.utils.text import format_lazy
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


def _irm_columns():
    from apertus.advice.models import VALUE_FIELDS, Impact, OpenedGovernment
    from apertus.portal.datasets import col, label_col

    def flag(field):
        return lambda r: "" if r["irm_assessment__id"] is None else bool(r[field])

    names = {"access": _("acceso a la información"), "participation": _("participación cívica"),
             "accountability": _("rendición de cuentas"), "technology": _("tecnología e innovación")}
    columns = [
        col("irm_evaluado", _("Si el compromiso tiene evaluación de diseño en la escala IRM (ver evaluacion-irm)"),
            lambda r: r["irm_assessment__id"] is not None, "boolean"),
        col("irm_verificable", _("Evaluación IRM: si es verificable (vacío sin evaluación)"),
            flag("irm_assessment__verifiable"), "boolean"),
    ]
    for value in VALUE_FIELDS:
        columns.append(col(f"irm_relevante_{value}", format_lazy(_("Evaluación IRM: relevante para {value} (vacío sin evaluación)"),
                                                                   value=names[value]), flag(f"irm_assessment__relevant_{value}"), "boolean"))
    columns += [
        col("irm_impacto_potencial", _("Ambición según la evaluación IRM: impacto potencial none, minor, moderate o "
                                       "transformative (vacío sin evaluación)"),
            lambda r: r["irm_assessment__potential_impact"] or "", enum=[c.value for c in Impact]),
        label_col("irm_impacto_potencial_etiqueta", _("Nombre del impacto potencial"),
                  "irm_assessment__potential_impact", Impact.choices),
        col("irm_razon_impacto", _("Razón del impacto potencial"), lambda r: r["irm_assessment__impact_reason"] or ""),
    ]
    for value in VALUE_FIELDS:
        field = f"irm_assessment__opened_{value}"
        columns += [
            col(f"irm_abrio_{value}", format_lazy(_("¿Abrió el gobierno? ({value}): worsened, no_change, marginal, major u "
                                                    "outstanding; vacío si aún no se evalúa"), value=names[value]),
                (lambda f: lambda r: r[f] or "")(field), enum=[c.value for c in OpenedGovernment]),
            label_col(f"irm_abrio_{value}_etiqueta", format_lazy(_("Nombre del grado en que abrió el gobierno ({value})"),
                                                                    value=names[value]), field, OpenedGovernment.choices),
        ]
    fields = ["irm_assessment__id", "irm_assessment__verifiable", "irm_assessment__potential_impact",
              "irm_assessment__impact_reason", *(f"irm_assessment__relevant_{v}" for v in VALUE_FIELDS),
              *(f"irm_assessment__opened_{v}" for v in VALUE_FIELDS)]
    return fields, columns


def _extend_commitments():
    from apertus.plans.datasets import add_commitment_columns

    add_commitment_columns(*_irm_columns())


_extend_commitments()
