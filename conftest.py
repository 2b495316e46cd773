"""Test set-up shared by every app: the test environment, reference data, people in each role."""

import atexit
import gc
import os
import shutil
import sys
import tempfile
from pathlib import Path

# Before Django reads its settings: the test safety net and a throw-away var/ folder (the xdist workers
# inherit it; the data they share, apertus/core/testing.py's data_kept, is written there).
os.environ.setdefault("APERTUS_ENV", "test")
_VAR_DIR_MADE = "APERTUS_VAR_DIR" not in os.environ
os.environ.setdefault("APERTUS_VAR_DIR", tempfile.mkdtemp(prefix="apertus-test-"))

import pytest  # noqa: E402
from django.core.management import call_command  # noqa: E402

from tests import stack_chunks  # noqa: E402

# Python 3.11 maps and unmaps a chunk of its frame stack at every crossing of a chunk's edge: about a
# tenth of the suite's CPU. Reusing freed chunks (tests/stack_chunks.py) changes nothing else.
stack_chunks.install(Path(os.environ["APERTUS_VAR_DIR"]))

pytest_plugins = ["apertus.core.testing"]


def pytest_configure(config):
    """Fewer garbage collections: what is loaded by now (Django, the apps, pytest) is frozen out of them, and
    the youngest generation is collected after 50,000 new objects instead of 700. A test allocates
    querysets, templates and model instances by the thousand; the default thresholds ran a collection every
    few milliseconds, and the oldest generation over everything loaded, for a few per cent of the suite's
    CPU (each worker runs this too)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    if hasattr(config, "workerinput"):
        atexit.register(_worker_exits_without_freeing_its_objects)


def _worker_exits_without_freeing_its_objects():
    """An xdist worker, once it has reported everything and pytest has ended (its last step at exit, this
    being registered before the others), leaves without the interpreter freeing its objects one by one:
    some three seconds over a worker's kept data and caches, which the run waited for after its last test.
    The system frees the memory; the test databases are gone by then (dropped with the session)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def pytest_unconfigure(config):
    """The throw-away var/ folder goes when the run ends (removed by the process that made it, not a worker)."""
    if _VAR_DIR_MADE and not hasattr(config, "workerinput"):
        shutil.rmtree(os.environ["APERTUS_VAR_DIR"], ignore_errors=True)


# SQLite's test database in memory, without its shared cache. Django names it
# ``file:memorydb_default?mode=memory&cache=shared`` so that every connection of the process (other
# threads, the live server) reaches the same database; in shared-cache mode SQLite also takes a lock on
# each table a statement touches, and a row written to a table that others point at (the people, with
# more than a hundred tables pointing at them) cost ten times what it costs in a private database. SQLite's
# ``memdb`` file system (``vfs=memdb``) shares one database in memory between the connections of a
# process without the shared cache. Django is told it is in memory (its connections stay open, the live
# server shares the tests' connection, nothing is deleted at the end), as it is.
SQLITE_TEST_DATABASE = "file:/apertus-test-database?vfs=memdb"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    from django.conf import settings
    from django.db.backends.sqlite3.creation import DatabaseCreation

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and not database.get("TEST", {}).get("NAME"):
        database.setdefault("TEST", {})["NAME"] = SQLITE_TEST_DATABASE
        in_memory = DatabaseCreation.is_in_memory_db

        def is_in_memory_db(database_name):
            return database_name == SQLITE_TEST_DATABASE or in_memory(database_name)

        DatabaseCreation.is_in_memory_db = staticmethod(is_in_memory_db)


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """Every test database starts with the real reference data (states, SDGs, program).

    The database is built from the models, not by replaying every migration (``--nomigrations``
    in pyproject.toml; apertus/core/tests/test_migrations.py checks that the migrations match the
    models and apply on an empty database). What only a migration creates is added here.
    """
    from apertus.core.testing import (
        foreign_keys_checked_where_written,
        reference_snapshot_take,
        transactional_end_restores_the_reference,
    )

    with django_db_blocker.unblock():
        if request.config.getoption("nomigrations", False):
            _schema_beyond_the_models()
        call_command("load_reference", verbosity=0)
        reference_snapshot_take()  # put back after each transactional test (_reference_data_present)
    transactional_end_restores_the_reference()
    foreign_keys_checked_where_written()
    yield
    with django_db_blocker.unblock():
        _other_sessions_ended()


def _other_sessions_ended() -> None:
    """Before the test database is dropped (PostgreSQL), end every other session still connected to it.

    A test that commits from threads leaves each thread's connection to be closed when its last reference
    goes, which may be after the run: PostgreSQL then refuses to drop the database ("being accessed by
    other users") and it stays on the server. Nothing else uses a worker's own test database by then.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Slow tests (marked ``slow``, and every browser test) run first, the many quick ones after them: the
    workers of ``make test`` (``--dist worksteal``) share out what is left at the end a test at a time, so
    neither waits long for the other to finish one long test."""
    items.sort(key=lambda item: 0 if item.get_closest_marker("slow") or item.get_closest_marker("browser") else 1)


def _schema_beyond_the_models() -> None:
    """The search index's full-text table (SQLite) or columns and indexes (PostgreSQL)."""
    from importlib import import_module

    from django.db import connection

    full_text = import_module("apertus.search.migrations.0002_full_text")
    with connection.schema_editor() as editor:
        full_text.forward(None, editor)


def _uses_db(request) -> bool:
    # django_db_setup: a fixture that opens the database itself (the concurrency tests commit from threads).
    return request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_setup"}
        & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _reference_data_present(request, django_db_blocker):
    """A transactional test empties every table when it ends; the next database test on the same
    worker puts the reference data back before it starts (one cheap query when it is there), from
    the rows kept right after ``load_reference`` ran (apertus/core/testing.py)."""
    if _uses_db(request):
        from apertus.core.testing import reference_data_ensure

        with django_db_blocker.unblock():
            reference_data_ensure()
    yield


@pytest.fixture(autouse=True)
def _language_restored():
    """A test that switches to English (``translation.activate``) leaves the next test in the language it found."""
    from django.utils import translation

    before = translation.get_language()
    yield
    if before is None:
        translation.deactivate_all()
    else:
        translation.activate(before)
