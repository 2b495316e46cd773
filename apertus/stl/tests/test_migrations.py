"""Seats that existed before approval was introduced keep counting after the migration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_existing_seats_stay_approved_after_the_migration(people, oaxaca):
    before, after = [("stl", "0002_history_reason_text")], [("stl", "0003_member_approval")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    assert not any(f.name == "status" for f in old.get_model("stl", "Member")._meta.get_fields())
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    seats = new.get_model("stl", "Member").objects.all()
    assert seats.count() == 3 and set(seats.values_list("status", flat=True)) == {"aprobada"}
    history = new.get_model("stl", "HistoricalMember").objects.all()
    assert history.exists() and set(history.values_list("status", flat=True)) == {"aprobada"}
