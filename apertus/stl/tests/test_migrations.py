"""Seats that existed before approval was introduced keep counting after the migration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

BEFORE = [("stl", "0002_history_reason_text")]
AFTER = [("stl", "0003_member_approval")]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_existing_seats_stay_approved_after_the_migration(people, oaxaca, settings):
    # The test database is built from the models with migrations turned off: turn them back on and
    # record every migration as applied, which is what the tables already are. A squashed migration
    # counts as applied when the ones it replaces are, so those are what gets recorded for it.
    settings.MIGRATION_MODULES = {}
    executor = MigrationExecutor(connection)
    for key, migration in executor.loader.graph.nodes.items():
        for replaced in migration.replaces or [key]:
            executor.recorder.record_applied(*replaced)
    # While 0001-0003 are all applied, stl's squash stands in for them and 0002 is no node of the graph:
    # go back with the migrations as written. Once 0003 is not applied, the squash is set aside anyway.
    executor.loader = MigrationLoader(connection, replace_migrations=False)
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        assert not any(f.name == "status" for f in old.get_model("stl", "Member")._meta.get_fields())
        assert old.get_model("stl", "Member").objects.count() == 3
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        seats = new.get_model("stl", "Member").objects.all()
        assert seats.count() == 3 and set(seats.values_list("status", flat=True)) == {"aprobada"}
        history = new.get_model("stl", "HistoricalMember").objects.all()
        assert history.exists() and set(history.values_list("status", flat=True)) == {"aprobada"}
    finally:
        # Leave the schema as the other tests expect it: every migration applied.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        executor.recorder.migration_qs.all().delete()
