"""A published STL for Oaxaca and one for Sonora, each with a seat per sector, a session and an agreement."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from apertus.core.testing import data_kept_copy
from apertus.program.models import ExerciseInstitution
from apertus.stl import services
from apertus.stl.models import AgreementStatus, AttendanceStatus
from apertus.territories.models import State


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def build_stl(code: str, *, published: bool = True, sessions_ago=(30,), since=None):
    state = State.objects.get(code=code)
    stl = services.stl_create(
        actor=None,
        state=state,
        declaration_date=state.participation.declaration_date,
        signatories="Gobierno, sociedad civil y órgano garante",
        is_published=published,
    )
    today = timezone.localdate()
    members = {}
    for sector in ("gobierno", "sociedad_civil", "organo_garante"):
        institution = ExerciseInstitution.objects.filter(participation__state=state, sector=sector).first()
        members[sector] = services.member_add(
            actor=None,
            stl=stl,
            display_name=f"Integrante {sector} {state.slug}",
            organization=institution.organization,
            sector=sector,
            start_date=since or today - timedelta(days=400),
        )
    sessions = []
    for days in sessions_ago:
        session = services.session_create(
            actor=None,
            stl=stl,
            starts_at=at(today - timedelta(days=days)),
            place="Sala de juntas",
            agenda="1. Bienvenida\n2. **Acuerdos**",
        )
        services.attendance_record(
            actor=None,
            session=session,
            statuses={
                members["gobierno"].pk: AttendanceStatus.PRESENT,
                members["sociedad_civil"].pk: AttendanceStatus.PRESENT,
                members["organo_garante"].pk: AttendanceStatus.EXCUSED,
            },
        )
        sessions.append(session)
    agreement = (
        services.agreement_add(
            actor=None,
            session=sessions[0],
            text="Publicar la minuta",
            owner_member=members["gobierno"],
            due_date=today + timedelta(days=30),
            status=AgreementStatus.PENDING,
        )
        if sessions
        else None
    )
    return {"stl": stl, "state": state, "members": members, "sessions": sessions, "agreement": agreement}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded documents go to a folder of each test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def oaxaca(people):
    """Oaxaca's STL, built through the services the first time from a given starting point (after
    ``people``) and its rows written back after that (``data_kept_copy``, keyed by today's date, which its
    seats and its session are dated from); each test gets its own copy. It uploads no document, so
    nothing under MEDIA_ROOT is missing when the rows come back."""
    return data_kept_copy(f"stl oaxaca {timezone.localdate()}", lambda: build_stl("20"))


@pytest.fixture
def sonora(people):
    return build_stl("26")
