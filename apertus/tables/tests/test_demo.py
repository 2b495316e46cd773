from apertus.accounts.demo import demo_people_load
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan
from apertus.program.demo import fellows_demo_load
from apertus.tables.demo import tables_demo_load
from apertus.tables.models import RegistrationStatus, TableStatus, WorkingTable


def test_demo_gives_each_plan_past_its_draft_one_table_once(db):
    demo_people_load()
    fellows_demo_load()
    cocreation = build_plan("15", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    held = build_plan("20", commitments=1, milestones=1, status=PlanStatus.IMPLEMENTATION)
    draft = build_plan("26", commitments=1, milestones=1, status=PlanStatus.DRAFT)
    assert tables_demo_load() == 2
    assert not WorkingTable.objects.filter(plan=draft).exists()

    upcoming = WorkingTable.objects.get(plan=cocreation)
    assert upcoming.status == TableStatus.SCHEDULED
    assert upcoming.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == upcoming.capacity
    assert upcoming.registrations.filter(status=RegistrationStatus.WAITLIST).count() == 2

    past = WorkingTable.objects.get(plan=held)
    assert past.status == TableStatus.HELD and past.outcomes
    assert sum(a.count for a in past.attendance.all()) > 0
    assert list(past.commitment_links.values_list("commitment", flat=True)) == [held.commitments.first().pk]

    assert tables_demo_load() == 0  # idempotent
    assert WorkingTable.objects.count() == 2


def test_demo_table_of_a_plan_with_a_process_falls_in_its_tables_phase(db):
    from datetime import timedelta

    from django.utils import timezone

    from apertus.participation.services import phase_create, process_create
    from apertus.tables.selectors import registration_closed_reason

    demo_people_load()
    fellows_demo_load()
    plan = build_plan("15", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    process = process_create(actor=None, plan=plan, title="Cocreación")
    now = timezone.now()
    phase = phase_create(
        actor=None,
        process=process,
        kind="mesas",
        name="Mesas de trabajo",
        actions=["register_table"],
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=50),
    )
    assert tables_demo_load() == 1
    table = WorkingTable.objects.get(plan=plan)
    assert phase.starts_at < table.starts_at < phase.ends_at
    # registering is not open yet: nobody is seated, and the page will say when it opens
    assert not table.registrations.exists()
    assert "Mesas de trabajo" in registration_closed_reason(table)
