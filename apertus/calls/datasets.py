"""Open data: the published results of calls (selected names and states, nothing else)."""

from django.utils.translation import gettext_lazy as _

from apertus.core.datasets import Dataset, col, register


def _results():
    from apertus.calls.models import Application, Result

    return (
        Application.objects.filter(
            result=Result.ACCEPTED, call__is_published=True, call__results_published_at__isnull=False
        )
        .select_related("call__phase", "applicant", "state")
        .order_by("call__opens_at", "state__code", "applicant__last_name", "applicant__first_name", "pk")
        .iterator(chunk_size=500)
    )


register(
    Dataset(
        slug="convocatoria-resultados",
        title=_("Resultados de las convocatorias"),
        description=_("Personas seleccionadas en cada convocatoria con resultados publicados: nombre y entidad."),
        columns=[
            col("convocatoria", _("Identificador de la convocatoria"), lambda a: a.call.slug),
            col("convocatoria_nombre", _("Título de la convocatoria"), lambda a: a.call.title),
            col(
                "generacion",
                _("Año de la generación (fase) del programa"),
                lambda a: a.call.phase.year if a.call.phase_id else "",
            ),
            col("nombre", _("Nombre de la persona seleccionada"), lambda a: a.applicant.public_name),
            col("clave_entidad", _("Clave INEGI de la entidad"), lambda a: a.state.code if a.state_id else ""),
            col("entidad", _("Entidad"), lambda a: a.state.short_name if a.state_id else ""),
        ],
        rows=_results,
        keywords=("convocatoria", "fellows", "agentes locales de cambio"),
    )
)
