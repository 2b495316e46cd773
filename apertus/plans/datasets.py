"""Open data for action plans: published plans only, streamed.

The commitments file carries every field of the OGP commitment template. It is read as tuples over a
server-side cursor (no model instances) and its many-to-many fields (SDG targets, co-responsible
institutions, open-government values) are joined into one text cell each by the database
(``core.exports.Joined``), so the export is one query whatever the number of rows and holds one chunk
of rows at a time.
"""

from collections import defaultdict

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apertus.core.copy import path_sql
from apertus.core.datasets import DATASETS, Dataset, blank, coded, col, field, iso, label_col, register
from apertus.core.exports import Counted, Joined
from apertus.plans.models import Completion, MilestoneStatus, PlanStatus

PLAN_KEYWORDS = ("gobierno abierto", "plan de acción local", "OGP", "ODS", "Agenda 2030")


def _plans():
    from apertus.plans.selectors import public_plans

    return public_plans().order_by("state__code", "edition").iterator()


def public_commitments():
    from apertus.plans.models import Commitment
    from apertus.plans.selectors import public_plans

    return Commitment.objects.filter(plan__in=public_plans())


def _grouped(pairs) -> dict[int, list]:
    grouped = defaultdict(list)
    for pk, value in pairs:
        grouped[pk].append(value)
    return grouped


COMMITMENT_FIELDS = (
    "id",
    "plan_id",
    "plan__state__code",
    "plan__state__short_name",
    "plan__edition",
    "number",
    "title",
    "problem",
    "baseline",
    "objective",
    "expected_results",
    "how_it_solves",
    "corruption_prevention",
    "primary_goal__code",
    "primary_goal__name_es",
    "lead_institution__name",
    "other_actors",
    "start_date",
    "end_date",
    "budget",
    "contact",
    "weight",
    "progress",
    "completion",
    "completion_override",
    "completion_justification",
    "created_at",
    "updated_at",
    "version",
)


# Fields other apps add to the commitments file (the IRM assessment, from advice), read in the same query.
EXTRA_FIELDS: list[str] = []


def add_commitment_columns(columns) -> None:
    """Another app's columns at the end of the commitments file; the fields they name are read in the same
    query (and by the API's ``commitment_rows``)."""
    for column in columns:
        for name in (column.source,) if isinstance(column.source, str) else column.source:
            if name not in EXTRA_FIELDS:
                EXTRA_FIELDS.append(name)
    DATASETS["compromisos"].columns.extend(columns)


DEFAULT_ORDER = ("plan__state__code", "plan__edition", "number", "pk")


def commitments_query():
    """Public commitments with their related lists joined by the database (one query for the whole file)."""

    from apertus.plans.models import Commitment, CommitmentValue, Milestone

    def of(model):
        return model.objects.all()

    key = "commitment_id"
    return (
        public_commitments()
        .select_related(None)
        .annotate(
            ogp_values=Joined(of(CommitmentValue), "value__code", ("value__position", "value__code"), key=key),
            ogp_value_names=Joined(of(CommitmentValue), "value__name_es", ("value__position", "value__code"), key=key),
            sdg_targets=Joined(of(Commitment.targets.through), "term__code", ("term__position", "term__code"), key=key),
            co_responsible_names=Joined(
                of(Commitment.co_responsible.through),
                "organization__name",
                ("organization__name", "organization_id"),
                key=key,
            ),
            milestone_count=Counted(Milestone.objects.all(), key),
        )
        .order_by(*DEFAULT_ORDER)
    )


def commitment_rows(queryset=None, order=DEFAULT_ORDER):
    """Commitments as dicts with their related lists as Python lists, in a fixed number of queries: for a page
    of the API (the related lists of ``queryset`` are held at once, so give it a bounded one)."""
    from apertus.plans.models import Commitment, CommitmentValue, Completion, Milestone

    commitments = queryset if queryset is not None else public_commitments()
    ids = commitments.values("pk")
    through_targets = Commitment.targets.through.objects.filter(commitment_id__in=ids)
    targets = _grouped(
        through_targets.order_by("term__position", "term__code")
        .values_list("commitment_id", "term__code")
        .iterator(chunk_size=5000)
    )
    through_orgs = Commitment.co_responsible.through.objects.filter(commitment_id__in=ids)
    co_responsible = _grouped(
        through_orgs.order_by("organization__name")
        .values_list("commitment_id", "organization__name")
        .iterator(chunk_size=5000)
    )
    values = _grouped(
        CommitmentValue.objects.filter(commitment_id__in=ids)
        .order_by("value__position")
        .values_list("commitment_id", "value__code")
        .iterator(chunk_size=5000)
    )
    milestones = dict(
        Milestone.objects.filter(commitment_id__in=ids)
        .values("commitment_id")
        .annotate(n=Count("pk"))
        .values_list("commitment_id", "n")
    )
    labels = {value: str(label) for value, label in Completion.choices}
    url = reverse("plans:commitment_detail", args=[999999999]).replace("999999999", "{}")
    rows = commitments.order_by(*order).values(*COMMITMENT_FIELDS, *EXTRA_FIELDS).iterator(chunk_size=2000)
    for row in rows:
        pk = row["id"]
        row["targets"] = targets.get(pk, [])
        row["co_responsible"] = co_responsible.get(pk, [])
        row["values"] = values.get(pk, [])
        row["milestone_count"] = milestones.get(pk, 0)
        effective = row["completion_override"] or row["completion"]
        row["effective_completion"] = effective
        row["completion_label"] = labels.get(effective, "")
        row["url"] = url.format(pk)
        yield row


def _milestones():
    from apertus.plans.models import Milestone

    return Milestone.objects.filter(commitment__in=public_commitments()).order_by(
        "commitment__plan__state__code", "commitment__plan__edition", "commitment__number", "number", "pk"
    )


REPORT_SOURCES = (("web", _("Sitio web")), ("api", _("API")), ("spreadsheet", _("Hoja de cálculo")))


def _reports():
    from apertus.plans.models import ProgressReport

    return ProgressReport.objects.filter(commitment__in=public_commitments(), milestone__is_deleted=False).order_by(
        "created_at", "id"
    )


def _goals(primary: str | None, targets: str) -> str:
    """The primary goal, then the goals of the targets ("16.6;5.5" → 5), each once, joined by ";"."""
    goals = [primary] if primary else []
    for target in targets.split(";") if targets else ():
        goal = target.split(".")[0]
        if goal not in goals:
            goals.append(goal)
    return ";".join(goals)


# _goals in SQL: the primary goal, then the goal of each target in order, each kept at its first place.
GOALS_SQL = (
    "(SELECT STRING_AGG(g, ';' ORDER BY o) FROM (SELECT g, MIN(o) AS o FROM ("
    "SELECT {0} AS g, 0 AS o WHERE {0} <> '' "
    "UNION ALL SELECT SPLIT_PART(t, '.', 1), n FROM UNNEST(STRING_TO_ARRAY(NULLIF({1}, ''), ';')) "
    "WITH ORDINALITY AS u(t, n)) AS a GROUP BY g) AS b)"
)


def _effective(override: str, derived: str) -> str:
    return override or derived


_PATHS: dict[str, str] = {}


def _commitment_path(pk: int) -> str:
    """The commitment page's path: the URL pattern is reversed once per language, then formatted."""
    language = get_language()
    pattern = _PATHS.get(language)
    if pattern is None:
        pattern = _PATHS[language] = reverse("plans:commitment_detail", args=[999999999]).replace("999999999", "{}")
    return pattern.format(pk)


def _iso(value):
    return value.isoformat() if value else ""


register(
    Dataset(
        slug="planes",
        title=_("Planes de acción local"),
        description=_("Planes publicados: entidad, edición, periodo, etapa y avance."),
        columns=[
            col("id", _("Identificador del plan"), "pk", "integer", required=True),
            col("clave_entidad", _("Clave INEGI de la entidad"), lambda p: p.state.code),
            col("entidad", _("Entidad"), lambda p: p.state.short_name),
            col("edicion", _("Número de edición del plan en la entidad"), "edition", "integer", minimum=1),
            col("titulo", _("Título"), "title"),
            col("inicio", _("Inicio del periodo (AAAA-MM-DD)"), "period_start", "date"),
            col("fin", _("Fin del periodo (AAAA-MM-DD)"), "period_end", "date"),
            col(
                "etapa",
                _("Etapa: cocreacion, publicado, implementacion o concluido"),
                "status",
                enum=["cocreacion", "publicado", "implementacion", "concluido"],
            ),
            label_col("etapa_nombre", _("Nombre de la etapa"), "status", PlanStatus.choices),
            col("avance", _("Avance ponderado (0-100)"), "progress", "number", minimum=0, maximum=100),
            col("actualizado", _("Última modificación (ISO 8601)"), lambda p: _iso(p.updated_at), "datetime"),
            col("url", _("Ruta de la página del plan"), lambda p: p.get_absolute_url()),
        ],
        rows=_plans,
        keywords=PLAN_KEYWORDS,
        goals=("16", "17"),
        periodicity="continuous",
        primary_key=("id",),
        foreign_keys=((("clave_entidad",), "entidades", ("clave_inegi",)),),
        temporal=("inicio", "fin"),
    )
)
register(
    Dataset(
        slug="compromisos",
        title=_("Compromisos"),
        description=_(
            "Compromisos de los planes publicados, con todos los campos de la plantilla de compromisos de OGP: "
            "problema, línea base, objetivo, resultados, valores de gobierno abierto, ODS y metas, "
            "instituciones, fechas, presupuesto, avance y cumplimiento."
        ),
        columns=[
            field("id", _("Identificador del compromiso"), "id", "integer", required=True),
            field("plan_id", _("Identificador del plan (ver planes)"), "plan_id", "integer", required=True),
            field("clave_entidad", _("Clave INEGI de la entidad"), "plan__state__code"),
            field("entidad", _("Entidad"), "plan__state__short_name"),
            field("edicion_plan", _("Edición del plan en la entidad"), "plan__edition", "integer"),
            field("numero", _("Número del compromiso en el plan"), "number", "integer", minimum=0),
            field("titulo", _("Título"), "title"),
            field("problema", _("Problema público (Markdown)"), "problem"),
            field("linea_base", _("Línea base: la situación al iniciar (Markdown)"), "baseline"),
            field("objetivo", _("Objetivo (Markdown)"), "objective"),
            field("resultados_esperados", _("Resultados esperados (Markdown)"), "expected_results"),
            field("como_contribuye", _("Cómo contribuye a resolver el problema (Markdown)"), "how_it_solves"),
            field(
                "prevencion_corrupcion",
                _("Relevancia para la prevención de la corrupción (Markdown)"),
                "corruption_prevention",
            ),
            field(
                "valores_ogp", _("Claves de los valores de gobierno abierto, separadas por punto y coma"), "ogp_values"
            ),
            field(
                "valores_ogp_nombres",
                _("Nombres de los valores de gobierno abierto, en el mismo orden, separados por punto y coma"),
                "ogp_value_names",
            ),
            field("ods_principal", _("Número del ODS principal"), "primary_goal__code"),
            field("ods_principal_nombre", _("Nombre del ODS principal"), "primary_goal__name_es"),
            field("ods_metas", _("Claves de las metas ODS, separadas por punto y coma"), "sdg_targets"),
            field(
                "ods_objetivos",
                _("Números de los ODS del compromiso (el principal y los de sus metas), separados por punto y coma"),
                ("primary_goal__code", "sdg_targets"),
                fmt=_goals,
                sql=GOALS_SQL,
            ),
            field("institucion_responsable", _("Institución responsable"), "lead_institution__name"),
            field(
                "corresponsables",
                _("Instituciones corresponsables, separadas por punto y coma"),
                "co_responsible_names",
            ),
            field("otros_actores", _("Otros actores (gobierno, sociedad civil, otros)"), "other_actors"),
            field("inicio", _("Fecha de inicio (AAAA-MM-DD)"), "start_date", "date"),
            field("fin", _("Fecha de término (AAAA-MM-DD)"), "end_date", "date"),
            field(
                "presupuesto_mxn",
                _("Presupuesto en pesos mexicanos (vacío si no se indicó)"),
                "budget",
                "number",
                minimum=0,
            ),
            field("contacto", _("Contacto institucional del compromiso"), "contact"),
            field("peso", _("Peso en el plan"), "weight", "integer", minimum=1),
            field("hitos", _("Número de hitos (ver hitos)"), "milestone_count", "integer", minimum=0),
            field("avance", _("Avance ponderado (0-100)"), "progress", "number", minimum=0, maximum=100),
            *coded(
                "cumplimiento",
                _("Cumplimiento en la escala IRM: sin_evidencia, no_iniciado, limitado, sustancial o completo"),
                ("completion_override", "completion"),
                Completion.choices,
                "cumplimiento_nombre",
                _("Nombre del grado de cumplimiento"),
                fmt=_effective,
                sql="COALESCE(NULLIF({0}, ''), {1})",
            ),
            *coded(
                "cumplimiento_derivado",
                _("Cumplimiento derivado del avance, antes de lo asignado por el STL (escala IRM)"),
                "completion",
                Completion.choices,
                "cumplimiento_derivado_etiqueta",
                _("Nombre del cumplimiento derivado del avance"),
            ),
            *coded(
                "cumplimiento_asignado_valor",
                _("Cumplimiento asignado por el STL (vacío si no se asignó)"),
                "completion_override",
                Completion.choices,
                "cumplimiento_asignado_etiqueta",
                _("Nombre del cumplimiento asignado por el STL"),
            ),
            field(
                "cumplimiento_asignado",
                _("Si el cumplimiento lo asignó el STL con justificación (no derivado del avance)"),
                "completion_override",
                "boolean",
                fmt=bool,
            ),
            field(
                "justificacion_cumplimiento", _("Justificación del cumplimiento asignado"), "completion_justification"
            ),
            field("version", _("Versión del registro (sube con cada cambio)"), "version", "integer"),
            field("creado", _("Creación (ISO 8601)"), "created_at", "datetime", fmt=iso),
            field("actualizado", _("Última modificación (ISO 8601)"), "updated_at", "datetime", fmt=iso),
            field(
                "url",
                _("Ruta de la página del compromiso"),
                "id",
                fmt=_commitment_path,
                sql=lambda pk: path_sql("plans:commitment_detail", pk),
            ),
        ],
        query=commitments_query,
        chunk_size=2000,
        keywords=(*PLAN_KEYWORDS, "compromisos"),
        goals=tuple(str(n) for n in range(1, 18)),
        periodicity="continuous",
        primary_key=("id",),
        foreign_keys=((("plan_id",), "planes", ("id",)), (("clave_entidad",), "entidades", ("clave_inegi",))),
        temporal=("inicio", "fin"),
    )
)
register(
    Dataset(
        slug="hitos",
        title=_("Hitos"),
        description=_("Hitos de los compromisos publicados, con entregable, peso, estatus y avance."),
        columns=[
            field("id", _("Identificador del hito"), "id", "integer", required=True),
            field(
                "compromiso_id",
                _("Identificador del compromiso (ver compromisos)"),
                "commitment_id",
                "integer",
                required=True,
            ),
            field("numero", _("Número del hito en el compromiso"), "number", "integer"),
            field("titulo", _("Título"), "title"),
            field("entregable", _("Entregable"), "deliverable"),
            field("inicio", _("Fecha de inicio (AAAA-MM-DD)"), "start_date", "date"),
            field("fin", _("Fecha de término (AAAA-MM-DD)"), "end_date", "date"),
            field("peso", _("Peso en el compromiso"), "weight", "integer", minimum=1, maximum=100),
            *coded(
                "estatus",
                _("Estatus: no_iniciado, en_proceso, completado o cancelado"),
                "status",
                MilestoneStatus.choices,
                "estatus_nombre",
                _("Nombre del estatus"),
            ),
            field("avance", _("Avance (0-100)"), "progress", "integer", minimum=0, maximum=100),
            field("responsable", _("Organización responsable"), "responsible__name", fmt=blank),
            field("actualizado", _("Última modificación (ISO 8601)"), "updated_at", "datetime", fmt=iso),
        ],
        query=_milestones,
        keywords=(*PLAN_KEYWORDS, "hitos"),
        periodicity="continuous",
        primary_key=("id",),
        foreign_keys=((("compromiso_id",), "compromisos", ("id",)),),
        temporal=("inicio", "fin"),
    )
)
register(
    Dataset(
        slug="reportes-de-avance",
        title=_("Reportes de avance"),
        description=_("Cada reporte de avance de un hito: cuándo, de cuánto a cuánto y con qué estatus."),
        columns=[
            field("id", _("Identificador del reporte"), "id", "integer", required=True),
            field("hito_id", _("Identificador del hito (ver hitos)"), "milestone_id", "integer", required=True),
            field("compromiso_id", _("Identificador del compromiso (ver compromisos)"), "commitment_id", "integer"),
            field("fecha", _("Fecha y hora del reporte (ISO 8601)"), "created_at", "datetime", fmt=iso),
            field(
                "avance_anterior", _("Avance antes del reporte"), "progress_before", "integer", minimum=0, maximum=100
            ),
            field("avance_reportado", _("Avance reportado"), "progress_after", "integer", minimum=0, maximum=100),
            *coded(
                "estatus",
                _("Estatus reportado: no_iniciado, en_proceso, completado o cancelado"),
                "status_after",
                MilestoneStatus.choices,
                "estatus_nombre",
                _("Nombre del estatus reportado"),
            ),
            *coded(
                "origen",
                _("Origen: web, api u hoja de cálculo"),
                "source",
                REPORT_SOURCES,
                "origen_etiqueta",
                _("Nombre del origen del reporte"),
            ),
        ],
        query=_reports,
        keywords=(*PLAN_KEYWORDS, "avances"),
        periodicity="continuous",
        primary_key=("id",),
        foreign_keys=((("hito_id",), "hitos", ("id",)), (("compromiso_id",), "compromisos", ("id",))),
    )
)
