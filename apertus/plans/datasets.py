"""Open data for action plans: published plans only, streamed.

The commitments file carries every field of the OGP commitment template. It is read with
``.values()`` (no model instances) and its many-to-many fields (SDG targets, co-responsible
institutions, open-government values) come from one query each, grouped by commitment, so the
export runs a fixed number of queries whatever the number of rows.
"""

from collections import defaultdict
from operator import itemgetter

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apertus.plans.models import Completion, MilestoneStatus
from apertus.portal.datasets import DATASETS, Dataset, col, key, label_col, register, stream

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
    "id", "plan_id", "plan__state__code", "plan__state__short_name", "plan__edition", "number", "title", "problem",
    "baseline", "objective", "expected_results", "how_it_solves", "corruption_prevention", "primary_goal__code",
    "primary_goal__name_es", "lead_institution__name", "other_actors", "start_date", "end_date", "budget", "contact",
    "weight", "progress", "completion", "completion_override", "completion_justification", "created_at",
    "updated_at", "version",
)


# Fields other apps add to the commitments file (the IRM assessment, from advice), read in the same query.
EXTRA_FIELDS: list[str] = []


def add_commitment_columns(fields, columns) -> None:
    """Another app's columns at the end of the commitments file: ``fields`` are read in the same query."""
    EXTRA_FIELDS.extend(f for f in fields if f not in EXTRA_FIELDS)
    DATASETS["compromisos"].columns.extend(columns)


DEFAULT_ORDER = ("plan__state__code", "plan__edition", "number", "pk")


def commitment_rows(queryset=None, order=DEFAULT_ORDER):
    """Commitments as dicts with their related lists, in a fixed number of queries."""
    from apertus.plans.models import Commitment, CommitmentValue, Completion, Milestone

    commitments = queryset if queryset is not None else public_commitments()
    ids = commitments.values("pk")
    through_targets = Commitment.targets.through.objects.filter(commitment_id__in=ids)
    targets = _grouped(through_targets.order_by("term__position", "term__code").values_list("commitment_id", "term__code")
                       .iterator(chunk_size=5000))
    through_orgs = Commitment.co_responsible.through.objects.filter(commitment_id__in=ids)
    co_responsible = _grouped(through_orgs.order_by("organization__name").values_list("commitment_id", "organization__name")
                              .iterator(chunk_size=5000))
    values = _grouped(CommitmentValue.objects.filter(commitment_id__in=ids).order_by("value__position")
                      .values_list("commitment_id", "value__code").iterator(chunk_size=5000))
    milestones = dict(Milestone.objects.filter(commitment_id__in=ids).values("commitment_id")
                      .annotate(n=Count("pk")).values_list("commitment_id", "n"))
    labels = {value: str(label) for value, label in Completion.choices}
    url = reverse("plans:commitment_detail", args=[999999999]).replace("999999999", "{}")
    rows = (commitments.order_by(*order).values(*COMMITMENT_FIELDS, *EXTRA_FIELDS)
            .iterator(chunk_size=2000))
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


MILESTONE_FIELDS = ("id", "commitment_id", "number", "title", "deliverable", "start_date", "end_date", "weight",
                    "status", "progress", "responsible__name", "updated_at")


def _milestones():
    from apertus.plans.models import Milestone

    return stream(Milestone.objects.filter(commitment__in=public_commitments())
                  .order_by("commitment__plan__state__code", "commitment__plan__edition", "commitment__number",
                            "number", "pk"), *MILESTONE_FIELDS)


REPORT_SOURCES = (("web", _("Sitio web")), ("api", _("API")), ("spreadsheet", _("Hoja de cálculo")))
REPORT_FIELDS = ("id", "milestone_id", "commitment_id", "created_at", "progress_before", "progress_after",
                 "status_after", "source")


def _reports():
    from apertus.plans.models import ProgressReport

    return stream(ProgressReport.objects.filter(commitment__in=public_commitments(), milestone__is_deleted=False)
                  .order_by("created_at", "id"), *REPORT_FIELDS)


def _joined(key):
    get = itemgetter(key)
    return lambda row: ";".join(get(row))


def _goals(row) -> list[str]:
    goals = [row["primary_goal__code"]] if row["primary_goal__code"] else []
    for target in row["targets"]:
        goal = target.split(".")[0]
        if goal not in goals:
            goals.append(goal)
    return goals


def _iso(value):
    return value.isoformat() if value else ""


register(Dataset(
    slug="planes", title=_("Planes de acción local"),
    description=_("Planes publicados: entidad, edición, periodo, etapa y avance."),
    columns=[
        col("id", _("Identificador del plan"), "pk", "integer", required=True),
        col("clave_entidad", _("Clave INEGI de la entidad"), lambda p: p.state.code),
        col("entidad", _("Entidad"), lambda p: p.state.short_name),
        col("edicion", _("Número de edición del plan en la entidad"), "edition", "integer", minimum=1),
        col("titulo", _("Título"), "title"),
        col("inicio", _("Inicio del periodo (AAAA-MM-DD)"), "period_start", "date"),
        col("fin", _("Fin del periodo (AAAA-MM-DD)"), "period_end", "date"),
        col("etapa", _("Etapa: cocreacion, publicado, implementacion o concluido"), "status",
            enum=["cocreacion", "publicado", "implementacion", "concluido"]),
        col("etapa_nombre", _("Nombre de la etapa"), lambda p: str(p.get_status_display())),
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
))
register(Dataset(
    slug="compromisos", title=_("Compromisos"),
    description=_("Compromisos de los planes publicados, con todos los campos de la plantilla de compromisos de OGP: "
                  "problema, línea base, objetivo, resultados, valores de gobierno abierto, ODS y metas, "
                  "instituciones, fechas, presupuesto, avance y cumplimiento."),
    columns=[
        col("id", _("Identificador del compromiso"), itemgetter("id"), "integer", required=True),
        col("plan_id", _("Identificador del plan (ver planes)"), itemgetter("plan_id"), "integer", required=True),
        col("clave_entidad", _("Clave INEGI de la entidad"), itemgetter("plan__state__code")),
        col("entidad", _("Entidad"), itemgetter("plan__state__short_name")),
        col("edicion_plan", _("Edición del plan en la entidad"), itemgetter("plan__edition"), "integer"),
        col("numero", _("Número del compromiso en el plan"), itemgetter("number"), "integer", minimum=0),
        col("titulo", _("Título"), itemgetter("title")),
        col("problema", _("Problema público (Markdown)"), itemgetter("problem")),
        col("linea_base", _("Línea base: la situación al iniciar (Markdown)"), itemgetter("baseline")),
        col("objetivo", _("Objetivo (Markdown)"), itemgetter("objective")),
        col("resultados_esperados", _("Resultados esperados (Markdown)"), itemgetter("expected_results")),
        col("como_contribuye", _("Cómo contribuye a resolver el problema (Markdown)"), itemgetter("how_it_solves")),
        col("prevencion_corrupcion", _("Relevancia para la prevención de la corrupción (Markdown)"),
            itemgetter("corruption_prevention")),
        col("valores_ogp", _("Claves de los valores de gobierno abierto, separadas por punto y coma"), _joined("values")),
        col("ods_principal", _("Número del ODS principal"), itemgetter("primary_goal__code")),
        col("ods_principal_nombre", _("Nombre del ODS principal"), itemgetter("primary_goal__name_es")),
        col("ods_metas", _("Claves de las metas ODS, separadas por punto y coma"), _joined("targets")),
        col("ods_objetivos", _("Números de los ODS del compromiso (el principal y los de sus metas), separados por "
                               "punto y coma"), lambda r: ";".join(_goals(r))),
        col("institucion_responsable", _("Institución responsable"), itemgetter("lead_institution__name")),
        col("corresponsables", _("Instituciones corresponsables, separadas por punto y coma"), _joined("co_responsible")),
        col("otros_actores", _("Otros actores (gobierno, sociedad civil, otros)"), itemgetter("other_actors")),
        col("inicio", _("Fecha de inicio (AAAA-MM-DD)"), itemgetter("start_date"), "date"),
        col("fin", _("Fecha de término (AAAA-MM-DD)"), itemgetter("end_date"), "date"),
        col("presupuesto_mxn", _("Presupuesto en pesos mexicanos (vacío si no se indicó)"), itemgetter("budget"),
            "number", minimum=0),
        col("contacto", _("Contacto institucional del compromiso"), itemgetter("contact")),
        col("peso", _("Peso en el plan"), itemgetter("weight"), "integer", minimum=1),
        col("hitos", _("Número de hitos (ver hitos)"), itemgetter("milestone_count"), "integer", minimum=0),
        col("avance", _("Avance ponderado (0-100)"), itemgetter("progress"), "number", minimum=0, maximum=100),
        col("cumplimiento", _("Cumplimiento en la escala IRM: sin_evidencia, no_iniciado, limitado, sustancial o completo"),
            itemgetter("effective_completion"),
            enum=["sin_evidencia", "no_iniciado", "limitado", "sustancial", "completo"]),
        col("cumplimiento_nombre", _("Nombre del grado de cumplimiento"), itemgetter("completion_label")),
        col("cumplimiento_derivado", _("Cumplimiento derivado del avance, antes de lo asignado por el STL (escala IRM)"),
            itemgetter("completion"), enum=[c.value for c in Completion]),
        label_col("cumplimiento_derivado_etiqueta", _("Nombre del cumplimiento derivado del avance"), "completion",
                  Completion.choices),
        col("cumplimiento_asignado_valor", _("Cumplimiento asignado por el STL (vacío si no se asignó)"),
            itemgetter("completion_override"), enum=[c.value for c in Completion]),
        label_col("cumplimiento_asignado_etiqueta", _("Nombre del cumplimiento asignado por el STL"),
                  "completion_override", Completion.choices),
        col("cumplimiento_asignado", _("Si el cumplimiento lo asignó el STL con justificación (no derivado del avance)"),
            lambda r: bool(r["completion_override"]), "boolean"),
        col("justificacion_cumplimiento", _("Justificación del cumplimiento asignado"),
            itemgetter("completion_justification")),
        col("version", _("Versión del registro (sube con cada cambio)"), itemgetter("version"), "integer"),
        col("creado", _("Creación (ISO 8601)"), lambda r: r["created_at"].isoformat(), "datetime"),
        col("actualizado", _("Última modificación (ISO 8601)"), lambda r: r["updated_at"].isoformat(), "datetime"),
        col("url", _("Ruta de la página del compromiso"), itemgetter("url")),
    ],
    rows=commitment_rows,
    keywords=(*PLAN_KEYWORDS, "compromisos"),
    goals=tuple(str(n) for n in range(1, 18)),
    periodicity="continuous",
    primary_key=("id",),
    foreign_keys=((("plan_id",), "planes", ("id",)), (("clave_entidad",), "entidades", ("clave_inegi",))),
    temporal=("inicio", "fin"),
))
register(Dataset(
    slug="hitos", title=_("Hitos"),
    description=_("Hitos de los compromisos publicados, con entregable, peso, estatus y avance."),
    columns=[
        col("id", _("Identificador del hito"), key("id"), "integer", required=True),
        col("compromiso_id", _("Identificador del compromiso (ver compromisos)"), key("commitment_id"), "integer",
            required=True),
        col("numero", _("Número del hito en el compromiso"), key("number"), "integer"),
        col("titulo", _("Título"), key("title")),
        col("entregable", _("Entregable"), key("deliverable")),
        col("inicio", _("Fecha de inicio (AAAA-MM-DD)"), key("start_date"), "date"),
        col("fin", _("Fecha de término (AAAA-MM-DD)"), key("end_date"), "date"),
        col("peso", _("Peso en el compromiso"), key("weight"), "integer", minimum=1, maximum=100),
        col("estatus", _("Estatus: no_iniciado, en_proceso, completado o cancelado"), key("status"),
            enum=["no_iniciado", "en_proceso", "completado", "cancelado"]),
        label_col("estatus_nombre", _("Nombre del estatus"), "status", MilestoneStatus.choices),
        col("avance", _("Avance (0-100)"), key("progress"), "integer", minimum=0, maximum=100),
        col("responsable", _("Organización responsable"), lambda r: r["responsible__name"] or ""),
        col("actualizado", _("Última modificación (ISO 8601)"), lambda r: _iso(r["updated_at"]), "datetime"),
    ],
    rows=_milestones,
    keywords=(*PLAN_KEYWORDS, "hitos"),
    periodicity="continuous",
    primary_key=("id",),
    foreign_keys=((("compromiso_id",), "compromisos", ("id",)),),
    temporal=("inicio", "fin"),
))
register(Dataset(
    slug="reportes-de-avance", title=_("Reportes de avance"),
    description=_("Cada reporte de avance de un hito: cuándo, de cuánto a cuánto y con qué estatus."),
    columns=[
        col("id", _("Identificador del reporte"), key("id"), "integer", required=True),
        col("hito_id", _("Identificador del hito (ver hitos)"), key("milestone_id"), "integer", required=True),
        col("compromiso_id", _("Identificador del compromiso (ver compromisos)"), key("commitment_id"), "integer"),
        col("fecha", _("Fecha y hora del reporte (ISO 8601)"), lambda r: r["created_at"].isoformat(), "datetime"),
        col("avance_anterior", _("Avance antes del reporte"), key("progress_before"), "integer", minimum=0, maximum=100),
        col("avance_reportado", _("Avance reportado"), key("progress_after"), "integer", minimum=0, maximum=100),
        col("estatus", _("Estatus reportado: no_iniciado, en_proceso, completado o cancelado"), key("status_after"),
            enum=["no_iniciado", "en_proceso", "completado", "cancelado"]),
        label_col("estatus_nombre", _("Nombre del estatus reportado"), "status_after", MilestoneStatus.choices),
        col("origen", _("Origen: web, api u hoja de cálculo"), key("source")),
        label_col("origen_etiqueta", _("Nombre del origen del reporte"), "source", REPORT_SOURCES),
    ],
    rows=_reports,
    keywords=(*PLAN_KEYWORDS, "avances"),
    periodicity="continuous",
    primary_key=("id",),
    foreign_keys=((("hito_id",), "hitos", ("id",)), (("compromiso_id",), "compromisos", ("id",))),
))
