"""Open data of the organisations: the program's allies, the guarantor bodies and the STL institutions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apertus.core.datasets import Dataset, col, label_col, register
from apertus.organizations.models import Organization, OrganizationType


def _organizations():
    return Organization.objects.select_related("state").order_by("name").iterator()


register(
    Dataset(
        slug="organizaciones",
        title=_("Organizaciones"),
        description=_("Aliados del programa, órganos garantes e instituciones integrantes de los STL."),
        columns=[
            col("id", _("Identificador"), "slug"),
            col("nombre", _("Nombre"), "name"),
            col("siglas", _("Siglas"), "acronym"),
            col(
                "tipo",
                _(
                    "Tipo de organización: gobierno, sociedad_civil, organo_garante, academia, "
                    "cooperacion_internacional o sector_privado"
                ),
                "type",
                enum=[c for c, _n in OrganizationType.choices],
            ),
            label_col("tipo_etiqueta", _("Nombre del tipo de organización"), "type", OrganizationType.choices),
            col(
                "clave_entidad",
                _("Clave INEGI de la entidad (vacío si es nacional)"),
                lambda o: o.state.code if o.state else "",
            ),
            col("sitio_web", _("Sitio web"), "website"),
        ],
        rows=_organizations,
        keywords=("organizaciones", "sociedad civil", "órganos garantes"),
        primary_key=("id",),
        foreign_keys=((("clave_entidad",), "entidades", ("clave_inegi",)),),
    )
)
