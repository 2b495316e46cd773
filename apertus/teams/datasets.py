"""Open data of team projects: published projects only, streamed."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from apertus.core.datasets import Dataset, col, register


def _projects():
    from apertus.teams.selectors import published_projects

    return (
        published_projects()
        .annotate(
            fellow_count=Count("fellows", distinct=True),
            deliverable_count=Count("deliverables", distinct=True),
            submitted_count=Count("deliverables", filter=Q(deliverables__submitted_at__isnull=False), distinct=True),
            late_count=Count("deliverables", filter=Q(deliverables__is_late=True), distinct=True),
        )
        .order_by("phase__number", "state__code")
        .iterator(chunk_size=500)
    )


register(
    Dataset(
        slug="proyectos-de-equipo",
        title=_("Proyectos de equipo de las y los fellows"),
        description=_(
            "Los proyectos de equipo publicados: uno por entidad en cada generación, con su resumen y cuántos "
            "entregables se hicieron a tiempo."
        ),
        source="Apertus",
        columns=[
            col("generacion", _("Año de la generación"), lambda p: p.phase.year),
            col("clave_entidad", _("Clave INEGI de la entidad"), lambda p: p.state.code),
            col("entidad", _("Entidad"), lambda p: p.state.short_name),
            col("titulo", _("Título del proyecto"), "title"),
            col("resumen", _("Resumen (Markdown)"), "summary"),
            col("fellows", _("Número de fellows del equipo"), "fellow_count"),
            col("entregables", _("Número de entregables"), "deliverable_count"),
            col("entregados", _("Entregables entregados"), "submitted_count"),
            col("entregas_tardias", _("Entregables entregados después de su fecha"), "late_count"),
            col(
                "publicado",
                _("Fecha de publicación (ISO 8601)"),
                lambda p: p.published_at.isoformat() if p.published_at else "",
            ),
            col("url", _("Ruta de la página del proyecto"), lambda p: p.get_absolute_url()),
        ],
        rows=_projects,
        keywords=("fellows", "proyectos de equipo", "agentes locales de cambio"),
        foreign_keys=((("clave_entidad",), "entidades", ("clave_inegi",)),),
    )
)
