"""What the site search indexes of the organisations: all of them (load_reference writes the guarantor
bodies and the STL institutions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apertus.core.searchable import Doc, IndexedType, join, phase_id
from apertus.organizations.models import Organization


def _organizations():
    return Organization.objects.select_related("state__participation")


def _organization(o) -> Doc:
    return Doc(
        title=o.name,
        url=o.get_absolute_url(),
        body=join(o.acronym, o.get_type_display(), o.description),
        code=o.acronym.lower()[:20],
        state_id=o.state_id,
        phase_id=phase_id(o.state) if o.state_id else None,
    )


ORGANIZATION = IndexedType(
    "organizacion",
    _("Organización"),
    _("Organizaciones"),
    "organizations.organization",
    _organizations,
    _organization,
    weight=1.0,
    order=90,
    reference=True,
)
