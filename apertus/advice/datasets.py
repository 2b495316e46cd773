"""Open data: the IRM design assessment of the commitments of published plans, streamed."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apertus.core.datasets import Dataset, blank, coded, field, register
from apertus.plans.datasets import add_commitment_columns


def _assessments():
    from apertus.advice.selectors import public_assessments

    return public_assessments().select_related(None)


def _opened_columns():
    from apertus.advice.models import OpenedGovernment

    columns = []
    for value, description in (
        (
            "access",
            _(
                "¿Abrió el gobierno? Acceso a la información (worsened, no_change, marginal, major, outstanding; "
                "vacío si aún no)"
            ),
        ),
        ("participation", _("¿Abrió el gobierno? Participación cívica")),
        ("accountability", _("¿Abrió el gobierno? Rendición de cuentas")),
        ("technology", _("¿Abrió el gobierno? Tecnología e innovación")),
    ):
        name = {
            "access": "acceso",
            "participation": "participacion",
            "accountability": "rendicion",
            "technology": "tecnologia",
        }[value]
        columns += coded(
            f"abrio_{name}",
            description,
            f"opened_{value}",
            OpenedGovernment.choices,
            f"abrio_{name}_etiqueta",
            _("Nombre del grado en que abrió el gobierno"),
        )
    return columns


def _assessment_columns():
    from apertus.advice.models import Impact

    return [
        field("compromiso_id", _("Identificador del compromiso"), "commitment_id"),
        field("clave_entidad", _("Clave INEGI de la entidad"), "commitment__plan__state__code"),
        field("edicion_plan", _("Edición del plan"), "commitment__plan__edition"),
        field("numero", _("Número del compromiso en el plan"), "commitment__number"),
        field("verificable", _("Verificable (1 sí, 0 no)"), "verifiable", fmt=int),
        field("relevante_acceso", _("Relevante para el acceso a la información (1/0)"), "relevant_access", fmt=int),
        field(
            "relevante_participacion",
            _("Relevante para la participación cívica (1/0)"),
            "relevant_participation",
            fmt=int,
        ),
        field(
            "relevante_rendicion", _("Relevante para la rendición de cuentas (1/0)"), "relevant_accountability", fmt=int
        ),
        field(
            "relevante_tecnologia", _("Relevante para la tecnología e innovación (1/0)"), "relevant_technology", fmt=int
        ),
        *coded(
            "impacto_potencial",
            _("Impacto potencial: none, minor, moderate, transformative"),
            "potential_impact",
            Impact.choices,
            "impacto_potencial_etiqueta",
            _("Nombre del impacto potencial"),
        ),
        field("razon_impacto", _("Razón del impacto potencial"), "impact_reason"),
        *_opened_columns(),
    ]


register(
    Dataset(
        slug="evaluacion-irm",
        title=_("Evaluación de diseño de los compromisos (escala IRM)"),
        description=_(
            "Por compromiso de un plan publicado: si es verificable, su relevancia para cada valor de gobierno "
            "abierto, su impacto potencial con la razón y, al final del plan, si abrió el gobierno."
        ),
        columns=_assessment_columns(),
        query=_assessments,
        source=_("Asesoría técnica del programa, con la escala del Mecanismo de Revisión Independiente (IRM) de OGP."),
    )
)


# flag in SQL: empty without an assessment, else the value.
FLAG_SQL = "CASE WHEN {0} IS NULL THEN NULL ELSE {1} END"


def _irm_columns():
    from apertus.advice.models import VALUE_FIELDS, Impact, OpenedGovernment

    def flag(assessment, value):
        return "" if assessment is None else bool(value)

    names = {
        "access": _("acceso a la información"),
        "participation": _("participación cívica"),
        "accountability": _("rendición de cuentas"),
        "technology": _("tecnología e innovación"),
    }
    columns = [
        field(
            "irm_evaluado",
            _("Si el compromiso tiene evaluación de diseño en la escala IRM (ver evaluacion-irm)"),
            "irm_assessment__id",
            "boolean",
            fmt=lambda pk: pk is not None,
            sql="{0} IS NOT NULL",
        ),
        field(
            "irm_verificable",
            _("Evaluación IRM: si es verificable (vacío sin evaluación)"),
            ("irm_assessment__id", "irm_assessment__verifiable"),
            "boolean",
            fmt=flag,
            sql=FLAG_SQL,
        ),
    ]
    for value in VALUE_FIELDS:
        columns.append(
            field(
                f"irm_relevante_{value}",
                format_lazy(_("Evaluación IRM: relevante para {value} (vacío sin evaluación)"), value=names[value]),
                ("irm_assessment__id", f"irm_assessment__relevant_{value}"),
                "boolean",
                fmt=flag,
                sql=FLAG_SQL,
            )
        )
    columns += [
        *coded(
            "irm_impacto_potencial",
            _(
                "Ambición según la evaluación IRM: impacto potencial none, minor, moderate o "
                "transformative (vacío sin evaluación)"
            ),
            "irm_assessment__potential_impact",
            Impact.choices,
            "irm_impacto_potencial_etiqueta",
            _("Nombre del impacto potencial"),
            fmt=blank,
        ),
        field("irm_razon_impacto", _("Razón del impacto potencial"), "irm_assessment__impact_reason", fmt=blank),
    ]
    for value in VALUE_FIELDS:
        columns += coded(
            f"irm_abrio_{value}",
            format_lazy(
                _(
                    "¿Abrió el gobierno? ({value}): worsened, no_change, marginal, major u "
                    "outstanding; vacío si aún no se evalúa"
                ),
                value=names[value],
            ),
            f"irm_assessment__opened_{value}",
            OpenedGovernment.choices,
            f"irm_abrio_{value}_etiqueta",
            format_lazy(_("Nombre del grado en que abrió el gobierno ({value})"), value=names[value]),
            fmt=blank,
        )
    return columns


def _extend_commitments():

    add_commitment_columns(_irm_columns())


_extend_commitments()
