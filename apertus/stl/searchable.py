"""What the site search indexes of the STLs: the sessions and agreements of published STLs. An STL's
publication decides theirs, so they follow it."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from apertus.core.searchable import Cascade, Doc, IndexedType, join, phase_id
from apertus.search.text import plain
from apertus.stl.models import Agreement, AgreementStatus, Session


def _sessions():
    return Session.objects.filter(stl__is_published=True).select_related("stl__state__participation")


def _session(s) -> Doc:
    when = formats.date_format(timezone.localtime(s.starts_at), "DATE_FORMAT")
    title = str(_("Sesión del STL de %(state)s, %(date)s") % {"state": s.stl.state.short_name, "date": when})
    return Doc(
        title=title,
        url=s.get_absolute_url(),
        body=join(s.place, s.agenda),
        state_id=s.stl.state_id,
        phase_id=phase_id(s.stl.state),
    )


def _session_dependents(session) -> list[QuerySet]:
    return [session.agreements.all()]


def _stl_dependents(stl) -> list[QuerySet]:
    return [stl.sessions.all(), Agreement.objects.filter(session__stl=stl)]


def _agreements():
    return Agreement.objects.filter(session__stl__is_published=True).select_related(
        "session__stl__state__participation", "owner_organization"
    )


def _agreement(a) -> Doc:
    state = a.session.stl.state
    first_line = plain(a.text.strip().splitlines()[0]) if a.text.strip() else ""
    return Doc(
        title=first_line[:200],
        url=a.session.get_absolute_url() + f"#acuerdo-{a.pk}",
        body=join(a.text),
        state_id=state.pk,
        phase_id=phase_id(state),
        status=a.status,
    )


SESSION = IndexedType(
    "sesion_stl",
    _("Sesión del STL"),
    _("Sesiones del STL"),
    "stl.session",
    _sessions,
    _session,
    _session_dependents,
    weight=1.0,
    order=50,
)
AGREEMENT = IndexedType(
    "acuerdo_stl",
    _("Acuerdo del STL"),
    _("Acuerdos del STL"),
    "stl.agreement",
    _agreements,
    _agreement,
    weight=1.0,
    order=60,
    statuses=tuple(AgreementStatus.choices),
)
STL_RECORDS = Cascade("stl.stl", _stl_dependents)
