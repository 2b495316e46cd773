"""The results framework in the open-data catalogue: targets and achievements, and the figures by state."""

from django.utils.translation import gettext_lazy as _

from apertus.core.datasets import Dataset, col, register
from apertus.results import tables
from apertus.results.framework import results_framework


def _figures():
    return tables.figure_rows(results_framework())


def _states():
    return tables.state_rows(results_framework())


def _get(key):
    return lambda row: "" if row[key] is None else row[key]


register(
    Dataset(
        slug="marco-de-resultados",
        title=_("Marco de resultados del programa"),
        description=_(
            "Cada meta del programa y lo logrado, por fase y para todo el programa, calculado de los registros."
        ),
        source="Apertus; metas del documento del programa (PNUD México)",
        columns=[
            col("alcance", _("programa, fase_1 o fase_2"), _get("alcance")),
            col("alcance_nombre", _("Nombre del alcance"), _get("alcance_nombre")),
            col("indicador", _("Clave del indicador"), _get("indicador")),
            col("descripcion", _("Qué cuenta"), _get("descripcion")),
            col("meta", _("Meta del programa (vacío si no la fijó)"), _get("meta")),
            col("logrado", _("Lo logrado según los registros"), _get("logrado")),
            col("porcentaje_meta", _("Logrado como porcentaje de la meta"), _get("porcentaje_meta")),
            col("unidad", _("Unidad (% o vacío si es un conteo)"), _get("unidad")),
            col("registros", _("Dirección de la lista de registros que lo sustentan"), _get("registros")),
        ],
        rows=_figures,
    )
)
register(
    Dataset(
        slug="resultados-por-entidad",
        title=_("Resultados por entidad participante"),
        description=_(
            "Agentes de cambio, STL, planes, compromisos, estándares de cocreación y propuestas de cada entidad."
        ),
        source="Apertus",
        columns=[col(key, _(label), _get(key)) for key, label in tables.STATE_COLUMNS],
        rows=_states,
    )
)
