"""The demo STLs: one per participating state, idempotent, with every flag and status to look at."""

from django.utils import timezone

from apertus.accounts.models import Role, RoleAssignment
from apertus.core.testing import demo_data_load
from apertus.program.models import StateParticipation
from apertus.stl.demo import SECRETARY_EMAIL, stl_demo_load
from apertus.stl.models import Agreement, AgreementStatus, Attendance, Member, MemberRole, Session, Stl
from apertus.stl.selectors import stl_health_many


def _counts():
    return tuple(model.objects.count() for model in (Stl, Member, Session, Attendance, Agreement, RoleAssignment))


def test_demo_loads_every_participating_state_once(db, client):
    demo_data_load()  # load_demo once per worker, then its rows written back (core/testing.py)
    assert stl_demo_load() == 15
    first = _counts()
    stl_demo_load()
    assert _counts() == first

    stls = list(Stl.objects.select_related("state"))
    assert {s.state_id for s in stls} == set(StateParticipation.objects.values_list("state_id", flat=True))
    assert all(s.is_published for s in stls)
    assert not Member.objects.exclude(display_name__endswith="(demo)").exists()

    secretary = Member.objects.get(person__email=SECRETARY_EMAIL)
    assert (secretary.stl.state.code, secretary.role) == ("20", MemberRole.TECHNICAL_SECRETARY)
    assert RoleAssignment.objects.filter(
        user=secretary.person, role=Role.STL_MEMBER, state__code="20", organization=secretary.organization
    ).exists()

    for stl in stls:
        sessions = list(stl.sessions.all())
        assert 3 <= len(sessions) <= 6, stl
        assert all(2017 <= timezone.localtime(s.starts_at).year <= timezone.localdate().year + 1 for s in sessions)
        statuses = set(Agreement.objects.filter(session__stl=stl).values_list("status", flat=True))
        assert statuses == set(AgreementStatus.values), stl
        assert Attendance.objects.filter(session__stl=stl).exists()

    health = stl_health_many(stls, timezone.localdate())
    silent = [s.state.code for s in stls if health[s.pk].no_meeting_in_6_months]
    assert len(silent) >= 2
    assert "no_meeting_in_6_months" in client.get("/stl/").content.decode()
    assert client.get("/stl/oaxaca/").status_code == 200
