"""What the site search indexes of the teams: published team projects."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apertus.core.searchable import Doc, IndexedType, join
from apertus.teams.models import TeamProject


def _projects():
    return TeamProject.objects.filter(is_published=True).select_related("phase", "state").prefetch_related("targets")


def _project(p) -> Doc:
    return Doc(
        title=p.title,
        url=p.get_absolute_url(),
        body=join(p.state.name, p.summary),
        state_id=p.state_id,
        phase_id=p.phase_id,
        goals=sorted({int(t.code.split(".")[0]) for t in p.targets.all()}),
    )


PROJECT = IndexedType(
    "proyecto",
    _("Proyecto de equipo"),
    _("Proyectos de equipo"),
    "teams.teamproject",
    _projects,
    _project,
    weight=1.3,
    order=80,
)
