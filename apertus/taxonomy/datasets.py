"""Open data of the vocabularies: the SDG goals, targets and indicators, the open-government values and
the themes, one file each."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apertus.core.datasets import Dataset, col, register
from apertus.taxonomy.models import Term


def _terms(scheme):
    def rows():
        return Term.objects.filter(scheme=scheme).select_related("parent").order_by("position", "code").iterator()

    return rows


for _slug, _scheme, _title in (
    ("ods-objetivos", "sdg_goal", _("Objetivos de Desarrollo Sostenible")),
    ("ods-metas", "sdg_target", _("Metas de los ODS")),
    ("ods-indicadores", "sdg_indicator", _("Indicadores de los ODS")),
    ("valores-gobierno-abierto", "ogp_value", _("Valores de gobierno abierto (OGP)")),
    ("temas", "theme", _("Temas")),
):
    register(
        Dataset(
            slug=_slug,
            title=_title,
            description=_("Términos del vocabulario, en español e inglés."),
            source="open-sdg/sdg-translations (MIT)"
            if _scheme.startswith("sdg")
            else "Open Government Partnership; Apertus",
            columns=[
                col("clave", _("Clave del término"), "code"),
                col(
                    "superior",
                    _("Clave del término superior (objetivo o meta)"),
                    lambda t: t.parent.code if t.parent else "",
                ),
                col("nombre_es", _("Nombre en español"), "name_es"),
                col("nombre_en", _("Nombre en inglés"), "name_en"),
                col("vigente", _("Vigente en el marco actual"), "is_current", "boolean"),
            ],
            rows=_terms(_scheme),
            licence="MIT" if _scheme.startswith("sdg") else "CC-BY-4.0",
            keywords=("ODS", "Agenda 2030") if _scheme.startswith("sdg") else ("gobierno abierto", "OGP"),
            periodicity="annual" if _scheme.startswith("sdg") else "irregular",
            primary_key=("clave",),
        )
    )
