"""The health flags: six months without a held session, a sector without members, agreements owed."""

from datetime import date, timedelta

import pytest

from apertus.stl import services
from apertus.stl.models import Agreement, AgreementStatus
from apertus.stl.selectors import stl_health, stl_health_many
from apertus.stl.tests.conftest import at, build_stl

TODAY = date(2026, 6, 30)


@pytest.fixture
def quiet(people):
    """Oaxaca's STL with its three sectors seated and no session yet."""
    return build_stl("20", sessions_ago=(), since=date(2020, 1, 1))


def _session_on(ctx, day):
    return services.session_create(actor=None, stl=ctx["stl"], starts_at=at(day), place="Sala")


def test_no_session_at_all_raises_the_six_month_flag(quiet):
    health = stl_health(quiet["stl"], TODAY)
    assert health.no_meeting_in_6_months and health.last_session_on is None


@pytest.mark.parametrize(("days_ago", "flagged"), [(0, False), (30, False), (183, False), (184, True), (400, True)])
def test_six_month_flag_counts_183_days_back(quiet, days_ago, flagged):
    _session_on(quiet, TODAY - timedelta(days=days_ago))
    health = stl_health(quiet["stl"], TODAY)
    assert health.no_meeting_in_6_months is flagged
    assert health.last_session_on == TODAY - timedelta(days=days_ago)


def test_a_session_only_planned_does_not_count_as_held(quiet):
    _session_on(quiet, TODAY - timedelta(days=200))
    _session_on(quiet, TODAY + timedelta(days=5))
    health = stl_health(quiet["stl"], TODAY)
    assert health.no_meeting_in_6_months
    assert health.last_session_on == TODAY - timedelta(days=200)


def test_sector_without_an_active_member_is_flagged(quiet):
    assert stl_health(quiet["stl"], TODAY).sectors_without_active_member == []
    guarantor = quiet["members"]["organo_garante"]
    services.member_end(actor=None, member=guarantor, end_date=TODAY - timedelta(days=1))
    health = stl_health(quiet["stl"], TODAY)
    assert health.sectors_without_active_member == ["organo_garante"]
    assert health.missing_sector_labels == ["Órgano garante"]
    # The day it ended it still counted; a seat that starts tomorrow does not count yet.
    assert stl_health(quiet["stl"], TODAY - timedelta(days=1)).sectors_without_active_member == []
    services.member_add(
        actor=None,
        stl=quiet["stl"],
        display_name="Nueva titular",
        sector="organo_garante",
        organization=guarantor.organization,
        start_date=TODAY + timedelta(days=1),
    )
    assert stl_health(quiet["stl"], TODAY).sectors_without_active_member == ["organo_garante"]
    assert stl_health(quiet["stl"], TODAY + timedelta(days=1)).sectors_without_active_member == []


def test_agreements_are_counted_by_status_and_overdue_ones_listed(quiet):
    session = _session_on(quiet, TODAY - timedelta(days=60))
    made = {}
    for status, due in [
        (AgreementStatus.PENDING, TODAY - timedelta(days=1)),  # overdue
        (AgreementStatus.IN_PROGRESS, TODAY - timedelta(days=10)),  # overdue
        (AgreementStatus.PENDING, TODAY),  # due today: not yet overdue
        (AgreementStatus.DONE, TODAY - timedelta(days=30)),  # done: never overdue
        (AgreementStatus.CANCELLED, TODAY - timedelta(days=30)),  # cancelled: never overdue
        (AgreementStatus.PENDING, None),  # no date: never overdue
    ]:
        made.setdefault(status, []).append(
            services.agreement_add(actor=None, session=session, text=f"{status} {due}", due_date=due, status=status)
        )
    health = stl_health(quiet["stl"], TODAY)
    assert health.agreements_by_status == {"pendiente": 3, "en_proceso": 1, "cumplido": 1, "cancelado": 1}
    assert [a.pk for a in health.overdue_agreements] == [made["en_proceso"][0].pk, made["pendiente"][0].pk]
    assert health.overdue_count == 2 and health.has_alerts


def test_health_of_many_stls_takes_the_same_queries_as_one(people, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stls = [build_stl(code)["stl"] for code in ("20", "26", "08", "17")]
    with CaptureQueriesContext(connection) as one:
        stl_health_many(stls[:1], TODAY)
    with CaptureQueriesContext(connection) as many:
        result = stl_health_many(stls, TODAY)
    assert len(one) == len(many) <= 4
    assert set(result) == {s.pk for s in stls}
    assert Agreement.objects.count() == 4
