"""Open data for action plans: published plans only, streamed."""

from django.utils.translation import gettext_lazy as _

from apertus.portal.datasets import Dataset, col, register


def _plans():
    from apertus.plans.selectors import public_plans

    return public_plans().order_by("state__code", "edition").iterator()


def _commitments():
    from apertus.plans.models import Commitment
    from apertus.plans.selectors import public_plans

    return (Commitment.objects.filter(plan__in=public_plans()).select_related("plan__state", "primary_goal", "lead_institution")
            .order_by("plan__state__code", "plan__edition", "number").iterator(chunk_size=500))


def _milestones():
    from apertus.plans.models import Milestone
    from apertus.plans.selectors import public_plans

    return (Milestone.objects.filter(commitment__plan__in=public_plans()).select_related("commitment__plan__state", "responsible")
            .order_by("commitment__plan__state__code", "commitment__plan__edition", "commitment__number", "number")
            .iterator(chunk_size=1000))


def _reports():
    from apertus.plans.models import ProgressReport
    from apertus.plans.selectors import public_plans

    return (ProgressReport.objects.filter(commitment__plan__in=public_plans(), commitment__is_deleted=False)
            .select_related("milestone", "commitment").order_by("created_at", "id").iterator(chunk_size=1000))


register(Dataset(
    slug="planes", title=_("Planes de acción local"),
    description=_("Planes publicados: entidad, edición, periodo, etapa y avance."),
    columns=[
        col("id", _("Identificador del plan"), "pk"),
        col("clave_entidad", _("Clave INEGI de la entidad"), lambda p: p.state.code),
        col("edicion", _("Número de edición del plan en la entidad"), "edition"),
        col("titulo", _("Título"), "title"),
        col("inicio", _("Inicio del periodo (AAAA-MM-DD)"), "period_start"),
        col("fin", _("Fin del periodo (AAAA-MM-DD)"), "period_end"),
        col("etapa", _("Etapa: cocreacion, publicado, implementacion o concluido"), "status"),
        col("avance", _("Avance ponderado (0-100)"), "progress"),
    ],
    rows=_plans,
))
register(Dataset(
    slug="compromisos", title=_("Compromisos"),
    description=_("Compromisos de los planes publicados, con los campos de la plantilla OGP."),
    columns=[
        col("id", _("Identificador del compromiso"), "pk"),
        col("plan_id", _("Identificador del plan"), "plan_id"),
        col("clave_entidad", _("Clave INEGI de la entidad"), lambda c: c.plan.state.code),
        col("numero", _("Número del compromiso en el plan"), "number"),
        col("titulo", _("Título"), "title"),
        col("problema", _("Problema público (Markdown)"), "problem"),
        col("objetivo", _("Objetivo (Markdown)"), "objective"),
        col("ods_principal", _("Número del ODS principal"), lambda c: c.primary_goal.code),
        col("institucion_responsable", _("Institución responsable"), lambda c: c.lead_institution.name),
        col("inicio", _("Fecha de inicio"), "start_date"),
        col("fin", _("Fecha de término"), "end_date"),
        col("avance", _("Avance ponderado (0-100)"), "progress"),
        col("cumplimiento", _("Cumplimiento en la escala IRM"), "effective_completion"),
    ],
    rows=_commitments,
))
register(Dataset(
    slug="hitos", title=_("Hitos"),
    description=_("Hitos de los compromisos publicados, con peso, estatus y avance."),
    columns=[
        col("id", _("Identificador del hito"), "pk"),
        col("compromiso_id", _("Identificador del compromiso"), "commitment_id"),
        col("numero", _("Número del hito en el compromiso"), "number"),
        col("titulo", _("Título"), "title"),
        col("inicio", _("Fecha de inicio"), "start_date"),
        col("fin", _("Fecha de término"), "end_date"),
        col("peso", _("Peso en el compromiso"), "weight"),
        col("estatus", _("Estatus"), "status"),
        col("avance", _("Avance (0-100)"), "progress"),
        col("responsable", _("Organización responsable"), lambda m: m.responsible.name if m.responsible_id else ""),
    ],
    rows=_milestones,
))
register(Dataset(
    slug="reportes-de-avance", title=_("Reportes de avance"),
    description=_("Cada reporte de avance de un hito: cuándo, de cuánto a cuánto y con qué estatus."),
    columns=[
        col("id", _("Identificador del reporte"), "pk"),
        col("hito_id", _("Identificador del hito"), "milestone_id"),
        col("compromiso_id", _("Identificador del compromiso"), "commitment_id"),
        col("fecha", _("Fecha y hora del reporte (ISO 8601)"), lambda r: r.created_at.isoformat()),
        col("avance_anterior", _("Avance antes del reporte"), "progress_before"),
        col("avance_reportado", _("Avance reportado"), "progress_after"),
        col("estatus", _("Estatus reportado"), "status_after"),
        col("origen", _("Origen: web, api u hoja de cálculo"), "source"),
    ],
    rows=_reports,
))
