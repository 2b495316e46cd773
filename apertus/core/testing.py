"""Test helpers every app uses: people in each role, and the permission matrix checker.

``people`` gives one active user per role (scoped to Oaxaca where a state applies, plus an STL
member of Sonora to try the wrong state). ``assert_matrix`` runs a roles × requests table and
reports every cell that differs, not just the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from django.test import Client

ROLE_KEYS = [
    "anonymous",
    "citizen",
    "applicant",
    "fellow_oaxaca",
    "stl_oaxaca",
    "stl_sonora",
    "facilitator",
    "advisor",
    "monitor",
    "coordinator",
]


def make_people():
    from apertus.accounts.models import Role
    from apertus.accounts.services import email_mark_verified, role_assign, user_create
    from apertus.territories.models import State

    oaxaca = State.objects.get(code="20")
    sonora = State.objects.get(code="26")
    phase = getattr(oaxaca, "participation", None)
    spec = {
        "citizen": (None, None),
        "applicant": (Role.APPLICANT, None),
        "fellow_oaxaca": (Role.FELLOW, oaxaca),
        "stl_oaxaca": (Role.STL_MEMBER, oaxaca),
        "stl_sonora": (Role.STL_MEMBER, sonora),
        "facilitator": (Role.FACILITATOR, None),
        "advisor": (Role.ADVISOR, None),
        "monitor": (Role.MONITOR, None),
        "coordinator": (Role.COORDINATOR, None),
    }
    people = {"anonymous": None}
    for key, (role, state) in spec.items():
        user = user_create(
            email=f"{key.replace('_', '.')}@test.apertus.mx",
            password="contraseña-de-prueba-1",
            first_name=key.title(),
            last_name="Prueba",
            state=state,
        )
        email_mark_verified(user=user)
        if role:
            role_assign(
                actor=None,
                user=user,
                role=role,
                state=state,
                phase=phase.phase if (role == Role.FELLOW and phase) else None,
                sector="gobierno" if role == Role.STL_MEMBER else "",
            )
        people[key] = user
    return people


@pytest.fixture
def people(db):
    return people_load()


# --- Reference and demo data, made once per test database and put back cheaply --------------------
#
# ``manage.py load_reference`` takes seconds (it reads the CSV files, upserts thousands of SDG series
# values and indexes every organisation for the search), ``load_demo`` longer. A transactional test
# (browser tests, real threads) ends by emptying every table, so the next database test needs the
# reference data back: instead of loading it again, the rows ``load_reference`` wrote are kept in
# memory once per worker, right after it ran, and written back in one transaction, ids included.
# Data that many tests read (the demo, the generated scale data) is kept the same way by
# ``data_kept``: only the tables its maker changed, written back inside the test's own transaction.

Rows = list[tuple[str, list[str], list[tuple]]]
_reference_rows: Rows | None = None


def _tables() -> list[str]:
    from django.db import connection

    tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
    if connection.vendor == "sqlite":
        tables.append("search_fts")  # the search index's full-text table: not a model, never flushed
    return tables


def _select(table: str) -> str:
    from django.db import connection

    if table == "search_fts":
        return "SELECT rowid, title, body, title_en, body_en FROM search_fts"
    return f"SELECT * FROM {connection.ops.quote_name(table)}"  # noqa: S608


def _rows_now(*, empty: bool = False, tables: list[str] | None = None) -> Rows:
    """Every row of every table (or of ``tables``), as the database holds them now (with ``empty``, empty
    tables too)."""
    from django.db import connection

    rows = []
    with connection.cursor() as cursor:
        for table in _tables() if tables is None else tables:
            cursor.execute(_select(table))
            found = cursor.fetchall()
            if found or empty:
                rows.append((table, [column[0] for column in cursor.description], found))
    return rows


def _rows_restore(kept: Rows, tables: list[str] | None = None) -> None:
    """Make every table (or only ``tables``) hold exactly the kept rows, in one transaction, and forget
    cached pages.

    Foreign keys are checked at commit (Django creates them deferrable on SQLite and PostgreSQL), so
    the order of the tables does not matter. Sequences are moved past the restored ids. Content
    types, permissions and the site, which post_migrate makes again after a flush (new ids), are
    replaced by the kept rows too, so their ids match what Django cached before.
    """
    from django.core.cache import caches
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in _tables() if tables is None else tables:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        _rows_insert([(table, columns, rows) for table, columns, rows in kept if rows])
    for cache in caches.all():
        cache.clear()


def reference_snapshot_take() -> None:
    """Keep the database as it is now: right after ``load_reference`` (conftest.py's django_db_setup)."""
    global _reference_rows, _reference_ids
    _reference_rows = _rows_now()
    _reference_ids = _ids_digest(_reference_rows)
    _reference_copy_take()


_reference_ids = ""


def _ids_digest(rows: Rows) -> str:
    """Which ids each table holds: the two xdist workers load the reference data each in its own
    database, and rows one worker kept (``_shared``) can only be written back in the other where the
    ids they start from are the same ones, not only as many."""
    import hashlib

    keys = _primary_keys()
    digest = hashlib.sha256()
    for table, columns, found in sorted(rows, key=lambda kept: kept[0]):
        key = columns.index(keys[table]) if keys.get(table) in columns else None
        ids = sorted(row[key] for row in found) if key is not None else len(found)
        digest.update(repr((table, ids)).encode())
    return digest.hexdigest()


def reference_data_ensure() -> None:
    """The reference data is there (one query), or is put back from the kept rows (after a flush)."""
    from apertus.territories.models import State

    if _reference_rows is None:
        raise RuntimeError("reference_snapshot_take() has not run: conftest.py's django_db_setup takes it")
    if not State.objects.exists() and not _reference_copy_restore():
        _rows_restore(_reference_rows)


# On SQLite in memory (the tests' usual database) the database right after ``load_reference`` is also
# kept whole, as a copy made with SQLite's backup API: copied back, it puts every table, the search
# index and the id sequences as they were in a few milliseconds, where deleting and inserting the kept
# rows takes most of a second. A transactional test ends that way instead of by emptying every table
# (``transactional_end_restores_the_reference``): the next test finds the reference data it would
# otherwise put back. Outside a transaction only (SQLite cannot copy into a connection that is in one).
_reference_copy = None


def _in_memory_sqlite() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _reference_copy_take() -> None:
    import sqlite3

    from django.db import connection

    global _reference_copy
    if not _in_memory_sqlite():
        return
    connection.ensure_connection()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    _reference_copy = copy


def _reference_copy_restore() -> bool:
    """The whole database back as the copy holds it; False (nothing done) where that cannot be."""
    import sqlite3

    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches
    from django.db import connection

    if _reference_copy is None or not _in_memory_sqlite() or connection.in_atomic_block:
        return False
    connection.ensure_connection()
    try:
        _reference_copy.backup(connection.connection)
    except (sqlite3.Error, SystemError):
        # A statement still open on the connection, another thread's (a live server's request): the slow
        # way. Python reports it as a SystemError where the other thread's next statement has already
        # reset the connection's error code before the copy's failure was read.
        return False
    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()
    return True


def transactional_end_restores_the_reference() -> None:
    """A transactional test (``transactional_db``, ``live_server``) ends by copying the reference database
    back (SQLite in memory) instead of by emptying every table, which Django's flush does in a third of a
    second and the next test then undoes by putting the reference rows back. Elsewhere, the flush."""
    from django.test import TransactionTestCase

    flush = TransactionTestCase._fixture_teardown
    if getattr(flush, "restores_the_reference", False):
        return

    def _fixture_teardown(self):
        plain = self.available_apps is None and not self.serialized_rollback
        if not (
            plain and set(self._databases_names(include_mirrors=False)) == {"default"} and _reference_copy_restore()
        ):
            flush(self)

    _fixture_teardown.restores_the_reference = True
    TransactionTestCase._fixture_teardown = _fixture_teardown


# Django ends each database test (``TestCase``) by checking every foreign key of every table
# (SQLite: ``PRAGMA foreign_key_check``): a few milliseconds once the demo data is in, at the end of
# more than a thousand tests. A row can only break a foreign key where the test wrote: a row added or
# changed in a table, or a row removed or renumbered in a table that others point at. So the writes of
# the test are noted (the table of each INSERT, UPDATE and DELETE), and the check runs on the tables
# written and on every table pointing at one where rows were removed or changed; any other statement
# that changes the database (a schema change, a statement not understood) checks every table, as Django
# does. SQLite only: PostgreSQL's check is a single statement already.

_WRITE = re.compile(
    r'^\s*(?:(INSERT|REPLACE)(?:\s+OR\s+\w+)?\s+INTO|(UPDATE|DELETE\s+FROM))\s+"?(\w+)"?[\s(]', re.IGNORECASE
)
_READ = re.compile(r"^\s*(?:SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|PRAGMA|EXPLAIN)\b", re.IGNORECASE)


@dataclass
class Writes:
    """What the test at hand wrote: ``tables`` (rows added, changed or removed), ``parents`` (rows changed
    or removed, which rows of other tables may point at), ``everything`` (a statement that could change
    anything)."""

    tables: set = field(default_factory=set)
    parents: set = field(default_factory=set)
    everything: bool = False

    def note(self, sql) -> None:
        if not isinstance(sql, str) or self.everything:
            self.everything = self.everything or not isinstance(sql, str)
            return
        match = _WRITE.match(sql)
        if match:
            table = match.group(3)
            self.tables.add(table)
            if not match.group(1):  # UPDATE or DELETE: a key others point at may be gone
                self.parents.add(table)
        elif not _READ.match(sql):
            self.everything = True

    def tables_to_check(self, connection) -> list[str] | None:
        """The tables whose foreign keys the writes could have broken (None: every table)."""
        if self.everything:
            return None
        if not self.tables:
            return []
        existing, pointing = _schema(connection)
        tables = set(self.tables)
        for parent in self.parents:
            tables |= pointing.get(parent, set())
        return sorted(tables & existing)


_schemas: dict[int, tuple[set[str], dict[str, set[str]]]] = {}


def _schema(connection) -> tuple[set[str], dict[str, set[str]]]:
    """The tables, and table -> the tables with a foreign key to it, read from SQLite once per schema
    version (a test that changes the schema reads them again)."""
    with connection.cursor() as cursor:
        version = cursor.execute("PRAGMA schema_version").fetchone()[0]
        if version not in _schemas:
            tables = set(connection.introspection.table_names(cursor))
            pointing: dict[str, set[str]] = {}
            for table in tables:
                quoted = connection.ops.quote_name(table)
                for row in cursor.execute(f"PRAGMA foreign_key_list({quoted})").fetchall():
                    pointing.setdefault(row[2], set()).add(table)
            _schemas.clear()
            _schemas[version] = (tables, pointing)
        return _schemas[version]


_writes = Writes()


_making: list[Writes] = []  # what each ``data_kept`` maker running now has written (``_made_in_a_savepoint``)


def _writes_noted(execute, sql, params, many, context):
    if context["connection"].in_atomic_block:
        _writes.note(sql)
        for writes in _making:
            writes.note(sql)
    return execute(sql, params, many, context)


def foreign_keys_check(connection, writes: Writes) -> None:
    """Django's end-of-test check (``check_constraints``), on the tables ``writes`` could have broken."""
    tables = writes.tables_to_check(connection)
    if tables is None:
        connection.check_constraints()
    elif tables:
        connection.check_constraints(table_names=tables)


def _writes_watched(sender, connection, **kwargs):
    if connection.vendor == "sqlite" and _writes_noted not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _writes_noted)


def _constraints_checked(test_case) -> None:
    """``TestCase._fixture_teardown``'s check, narrowed on SQLite; the writes noted start again."""
    global _writes
    from django.db import connections

    try:
        for db_name in reversed(test_case._databases_names()):
            connection = connections[db_name]
            if not test_case._should_check_constraints(connection):
                continue
            if connection.vendor == "sqlite":
                foreign_keys_check(connection, _writes)
            else:
                connection.check_constraints()
    finally:
        _writes = Writes()  # the next test's writes start here


def foreign_keys_checked_where_written() -> None:
    """Install the narrower check in ``TestCase`` (conftest.py's django_db_setup calls this)."""
    from django.db import connections
    from django.db.backends.signals import connection_created
    from django.test import TestCase

    if getattr(TestCase._fixture_teardown, "checks_where_written", False):
        return
    connection_created.connect(_writes_watched, dispatch_uid="apertus-testing-writes")
    for alias in connections:
        if connections[alias].connection is not None:
            _writes_watched(None, connections[alias])
    teardown = TestCase._fixture_teardown

    def _fixture_teardown(self):
        if not self._databases_support_transactions():
            return teardown(self)
        try:
            _constraints_checked(self)
        finally:
            self._rollback_atomics(self.atomics)

    _fixture_teardown.checks_where_written = True
    TestCase._fixture_teardown = _fixture_teardown


_kept: dict[tuple, tuple[Rows, object]] = {}


def _starting_point() -> tuple:
    """How many rows each table holds, and the content types' ids: what tells one starting point from
    another (the rows of other tables point at content types by id)."""
    import hashlib

    from django.db import connection

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # One statement for all the tables: some 200 counts, read at each call.
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in _tables()))  # noqa: S608
        counts = list(cursor.fetchone())
        cursor.execute("SELECT id, app_label, model FROM django_content_type ORDER BY id")
        types = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return (connection.vendor, tuple(counts), types)


def data_kept(name: str, make):
    """``make()`` the first time; after that, the same data written back, and what ``make`` returned the
    first time returned again (shared: read it, do not change it).

    The first time, the tables are read before and after ``make()`` (on SQLite in a test's transaction, only
    the tables it wrote: ``_made_in_a_savepoint``) and, for each table it changed, the
    rows it removed or changed and the rows it added or changed are kept (by primary key). Later calls
    delete the first and insert the second, ids included, in the caller's transaction (rolled back with
    the test like anything it writes): a few rows, where emptying and refilling a table such as the
    search index's words meant thousands. A table without a known primary key is emptied and refilled
    with the rows it held after ``make()``. Where the data comes
    back from is part of the key (how many rows each table holds), so a test that starts from other
    data than the first one did gets its own copy instead of a wrong one. Under xdist the workers of a
    run share what they made (``_shared``): the second one to need it reads it instead of making it.
    """
    key = (name, _starting_point())
    if key in _kept:
        changed, result = _kept[key]
    else:
        (changed, result), made_here = _shared(key, lambda: _made(make))
        _kept[key] = (changed, result)
        if made_here:
            return result
    _changes_apply(changed)
    return result


def data_kept_copy(name: str, make):
    """``data_kept``, with what ``make`` returned deep-copied for the caller: a test that refreshes or
    changes the instances it gets leaves the kept ones as they were for the next test."""
    import copy

    return copy.deepcopy(data_kept(name, make))


def data_kept_copy_with_files(name: str, make):
    """``data_kept_copy`` for a maker that stores files (uploaded documents, generated reports), which
    the kept rows name but ``data_kept`` does not write back: the first time, the files named by the
    rows ``make`` added or changed are read and kept with the rows; after that, each one missing from
    its storage is written again under the same name. The files of the first test may be gone (another
    test removed them, or the test at hand has a MEDIA_ROOT of its own), and the rows would then name
    files that do not exist."""
    import copy

    result, files = data_kept(name, lambda: _made_with_files(make))
    for file_field, file_name, content in _file_fields_resolved(files):
        if not file_field.storage.exists(file_name):
            from django.core.files.base import ContentFile

            stored = file_field.storage.save(file_name, ContentFile(content))
            assert stored == file_name, (stored, file_name)  # the rows name this file, nothing else
    return copy.deepcopy(result)


def _file_fields() -> list:
    from django.apps import apps
    from django.db import models

    return [
        file_field
        for model in apps.get_models()
        for file_field in model._meta.concrete_fields
        if isinstance(file_field, models.FileField)
    ]


def _file_fields_resolved(files: list[tuple[str, str, str, bytes]]):
    from django.apps import apps

    for label, field_name, file_name, content in files:
        yield apps.get_model(label)._meta.get_field(field_name), file_name, content


def _made_with_files(make) -> tuple[object, list[tuple[str, str, str, bytes]]]:
    """What ``make()`` returns, and (model, field, file name, bytes) for each file the rows it added or
    changed name (read back from the storage it was written to)."""

    def names() -> dict:
        return {
            file_field: set(
                file_field.model._base_manager.exclude(**{file_field.attname: ""}).values_list("pk", file_field.attname)
            )
            for file_field in _file_fields()
        }

    before = names()
    result = make()
    files = []
    for file_field, rows in names().items():
        for _pk, file_name in sorted(rows - before[file_field]):
            with file_field.storage.open(file_name, "rb") as stored:
                files.append((file_field.model._meta.label, file_field.name, file_name, stored.read()))
    return result, files


# What make() changed in one table: (table, columns, index of the primary key in the columns or None,
# rows to delete (None: the whole table), rows to insert).
Change = tuple[str, list[str], int | None, list[tuple] | None, list[tuple]]


def _made(make) -> tuple[list[Change], object]:
    from django.db import connection

    if connection.vendor == "sqlite" and connection.in_atomic_block and _writes_noted in connection.execute_wrappers:
        return _made_in_a_savepoint(make)
    before = {table: rows for table, _columns, rows in _rows_now(empty=True)}
    result = make()
    return _changes(before, _rows_now(empty=True)), result


def _made_in_a_savepoint(make) -> tuple[list[Change], object]:
    """``make()`` in a savepoint, its writes noted (``Writes``): the tables it wrote read, the savepoint
    rolled back, the same tables read again as they were, and the difference written back as a later
    caller gets it (``_changes_apply``). Two reads of the few tables written instead of two of all
    two hundred; a statement not understood reads every table."""
    from django.db import transaction

    writes = Writes()
    _making.append(writes)
    savepoint = transaction.savepoint()
    try:
        result = make()
    except BaseException:
        transaction.savepoint_rollback(savepoint)
        raise
    finally:
        _making.pop()  # this maker's (a maker inside it has popped its own)
    tables = None if writes.everything else sorted(writes.tables & set(_tables()))
    after = _rows_now(empty=True, tables=tables)
    transaction.savepoint_rollback(savepoint)
    changes = _changes({table: rows for table, _columns, rows in _rows_now(empty=True, tables=tables)}, after)
    _changes_apply(changes)
    return changes, result


def _changes(before: dict[str, list[tuple]], after: Rows) -> list[Change]:
    """For each table whose rows differ, the rows removed or changed and the rows added or changed."""
    keys = _primary_keys()
    changes = []
    for table, columns, rows in after:
        if rows == before[table]:
            continue
        key = columns.index(keys[table]) if keys.get(table) in columns else None
        if key is None:
            changes.append((table, columns, None, None, rows))
            continue
        old = {row[key]: row for row in before[table]}
        new = {row[key]: row for row in rows}
        removed = [row for pk, row in old.items() if new.get(pk, _GONE) != row]
        added = [row for pk, row in new.items() if old.get(pk, _GONE) != row]
        changes.append((table, columns, key, removed, added))
    return changes


_GONE = object()


def _primary_keys() -> dict[str, str]:
    """Table -> its primary key's column, for every model's table (and the search index's rowid)."""
    from django.apps import apps

    keys = {model._meta.db_table: model._meta.pk.column for model in apps.get_models(include_auto_created=True)}
    keys["search_fts"] = "rowid"
    return keys


def _changes_apply(changes: list[Change]) -> None:
    """The rows make() removed or changed deleted and the ones it added or changed inserted, in one
    transaction (foreign keys are checked at its end); the caches forgotten, as ``_rows_restore`` does."""
    from django.core.cache import caches
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, key, removed, _added in changes:
            if removed is None:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
            elif removed:
                cursor.executemany(
                    f"DELETE FROM {quote(table)} WHERE {quote(columns[key])} = %s",  # noqa: S608
                    [(row[key],) for row in removed],
                )
        _rows_insert([(table, columns, added) for table, columns, _key, _removed, added in changes if added])
    for cache in caches.all():
        cache.clear()


def _shared(key: tuple, make) -> tuple[tuple[Rows, object], bool]:
    """What ``make()`` returns, made by this worker or read from the file another worker of the same run
    wrote (in the run's VAR_DIR, which conftest.py makes and every worker inherits); whether it was made
    here. The first worker holds a lock while it makes it, so the other waits instead of making it too."""
    import fcntl
    import hashlib
    import os
    import pickle
    from pathlib import Path

    run, folder = os.environ.get("PYTEST_XDIST_TESTRUNUID"), os.environ.get("APERTUS_VAR_DIR")
    if not run or not folder:
        return make(), True
    # The reference data's ids are part of the key: workers whose reference rows differ share nothing.
    name = hashlib.sha256(repr((key, _reference_ids)).encode()).hexdigest()[:24]
    path = Path(folder) / "kept" / f"{run}-{name}.pickle"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_suffix(".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, whatever happens
        if path.exists():
            return pickle.loads(path.read_bytes()), False  # noqa: S301 - written by this run's other worker
        kept = make()
        try:
            data = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return kept, True  # not shareable: the other worker makes its own
        path.with_suffix(".tmp").write_bytes(data)
        path.with_suffix(".tmp").replace(path)
        return kept, True


def demo_data_load() -> None:
    """``load_demo``, for a test that starts with only the reference data (in a transaction or not).

    The first time in a worker it runs the command and keeps the rows (``data_kept``); after that it
    writes the kept rows back. The demo logins' passwords stay valid: ``load_demo`` keeps them in
    VAR_DIR, and they are written again to the VAR_DIR of the test at hand.
    """
    _credentials_write(data_kept("load_demo", _demo_made))


def demo_steps_load(*loaders) -> None:
    """The demo loaders given (``apertus.<app>.demo`` functions), run in this order from the reference
    data, as a test of one loader starts: ``demo_steps_load(demo_people_load, fellows_demo_load)`` then
    the loader under test.

    Each prefix of the list is kept (``data_kept``): the first test that asks for it runs its last loader
    on the kept rows of the prefix before it, later tests (of either worker) get the rows written back.
    The demo logins' passwords are written to the VAR_DIR of the test at hand, as ``demo_data_load`` does.
    """
    if not loaders:
        return
    names = "+".join(f"{loader.__module__}.{loader.__name__}" for loader in loaders)
    _credentials_write(data_kept(f"demo steps: {names}", lambda: _steps_made(loaders)))


def _steps_made(loaders) -> str | None:
    from apertus.accounts.demo import credentials_path

    demo_steps_load(*loaders[:-1])
    loaders[-1]()
    path = credentials_path()
    return path.read_text() if path.exists() else None


def _credentials_write(credentials: str | None) -> None:
    from apertus.accounts.demo import credentials_path

    path = credentials_path()
    if credentials is not None and (not path.exists() or path.read_text() != credentials):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(credentials)
        path.chmod(0o600)


def _demo_made() -> str:
    from django.core.management import call_command

    from apertus.accounts.demo import credentials_path, demo_people_load
    from apertus.plans.demo import plans_demo_load
    from apertus.program.demo import fellows_demo_load
    from apertus.stl.demo import stl_demo_load

    # load_demo's first steps, kept for the tests of the loaders that follow them (and made once per run
    # for both): the command then finds them done (each step adds only what is missing) and does the rest.
    demo_steps_load(demo_people_load, fellows_demo_load, stl_demo_load, plans_demo_load)
    call_command("load_demo", quiet=True)
    return credentials_path().read_text()


# --- The people, made once per run and written back in each test that asks for them ---------------
#
# make_people() goes through the services (validation, history, roles): about 180 queries, close to
# half a second, and more than 500 tests ask for ``people``. The first time in a run it runs for real
# (the other xdist worker reads the rows it kept: ``_shared``), with every id sequence moved far up
# (PEOPLE_FIRST_ID) so its rows cannot collide with rows a test made before; the rows it wrote are kept
# and the run is rolled back. Each test then inserts the kept rows in its own transaction (a few
# statements), rolled back with the test like anything else, and gets fresh User instances read from
# them. Tests that do not ask for ``people`` never see them.

PEOPLE_FIRST_ID = 900_001
_people_kept: tuple[tuple, Rows] | None = None


def _people_key() -> tuple:
    """What make_people() reads besides the reference data: today's date (roles start today) and Oaxaca's phase."""
    from django.utils import timezone

    from apertus.program.models import StateParticipation

    phase = StateParticipation.objects.filter(state__code="20").values_list("phase_id", flat=True).first()
    return (timezone.localdate(), phase)


def people_load() -> dict:
    """make_people(), from the rows it wrote the first time (inside the caller's transaction)."""
    from django.db import connection

    from apertus.accounts.models import User

    global _people_kept
    key = _people_key()
    if _people_kept is None or _people_kept[0] != key:
        # Made once per run, not per worker: the people's rows (password hashes, whose salts are random)
        # must be the same in both workers, or data one worker kept with the people in it (``data_kept``
        # after ``people``) would, written back in the other, end the sessions its tests hold.
        rows, _made_here = _shared(("people", connection.vendor, key), _people_rows_made)
        _people_kept = (key, rows)
    _rows_insert(_people_kept[1])
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, email FROM {table} WHERE id >= %s", [PEOPLE_FIRST_ID])  # noqa: S608
        ids = {email: pk for pk, email in cursor.fetchall()}
    users = User.objects.select_related("state").in_bulk(ids.values())
    people = {"anonymous": None}
    for key_ in ROLE_KEYS[1:]:
        people[key_] = users[ids[f"{key_.replace('_', '.')}@test.apertus.mx"]]
    return people


def _people_rows_made() -> Rows:
    """Run make_people() once with the ids moved up, keep the rows it added, and undo it."""
    from django.db import transaction

    before = {table: {repr(row) for row in rows} for table, _columns, rows in _rows_now()}
    made: Rows = []
    with transaction.atomic():
        sid = transaction.savepoint()
        _sequences_move_to(PEOPLE_FIRST_ID)
        make_people()
        for table, columns, rows in _rows_now():
            new = [row for row in rows if repr(row) not in before.get(table, set())]
            if new:
                made.append((table, columns, new))
        transaction.savepoint_rollback(sid)
    if any(table == "search_fts" for table, _columns, _rows in made):
        raise RuntimeError("make_people() wrote to the search index: its rowids are not moved up, so cannot be kept")
    return made


def _sequences_move_to(first_id: int) -> None:
    """The next id of every table is at least ``first_id`` (SQLite: rolled back with the transaction)."""
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in _tables():
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first_id - 1])
            return
        for model in apps.get_models(include_auto_created=True):
            pk = model._meta.pk
            if pk.get_internal_type() in {"AutoField", "BigAutoField", "SmallAutoField"}:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(%s, nextval(pg_get_serial_sequence(%s, %s))))",
                    [model._meta.db_table, pk.column, first_id, model._meta.db_table, pk.column],
                )


def _rows_insert(kept: Rows) -> None:
    """Add the kept rows to what the tables hold (ids included) and move the sequences past them."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    # In one transaction, so foreign keys are checked at its end (a transactional test runs in autocommit).
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in kept:
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
        touched = {table for table, _columns, _rows in kept}
        models = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in touched]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


LOGIN_BACKEND = "apertus.accounts.backends.AuthenticationBackend"


def client_for(user) -> Client:
    """A client signed in as ``user`` (None: anonymous): the session a log-in leaves (the person, the
    backend, the password's hash), written straight to the session store, and its cookie.

    What the log-in itself does besides (stamping ``last_login``, django-axes's access log, a new CSRF
    token) is left out: it cost some 8 ms a client, and the permission matrices make ten clients each.
    A test of logging in uses ``Client.force_login`` or the log-in page.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    client = Client()
    if user is not None:
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = LOGIN_BACKEND
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        name = settings.SESSION_COOKIE_NAME
        client.cookies[name] = session.session_key
        client.cookies[name].update(
            {
                "max-age": None,
                "path": "/",
                "domain": settings.SESSION_COOKIE_DOMAIN,
                "secure": settings.SESSION_COOKIE_SECURE or None,
                "expires": None,
            }
        )
    return client


@dataclass
class Cell:
    role: str
    method: str
    url: str
    expected: int | tuple[int, ...]
    got: int


def assert_matrix(people: dict, matrix: dict[tuple[str, str], dict[str, int | tuple[int, ...]]], data=None) -> None:
    """``matrix[(method, url)][role] = expected status``; every role in ROLE_KEYS must be listed.

    Fails once, listing every mismatching cell, so a permission regression reads as a table.
    """
    failures: list[Cell] = []
    clients = {role: client_for(people[role]) for role in ROLE_KEYS}  # one log-in per role, not per cell
    for (method, url), expectations in matrix.items():
        missing = set(ROLE_KEYS) - set(expectations)
        assert not missing, f"{method} {url}: no expectation for {sorted(missing)}"
        for role in ROLE_KEYS:
            expected = expectations[role]
            client = clients[role]
            response = client.get(url) if method == "GET" else client.post(url, data or {})
            allowed = expected if isinstance(expected, tuple) else (expected,)
            if response.status_code not in allowed:
                failures.append(Cell(role, method, url, expected, response.status_code))
    if failures:
        lines = [f"  {c.method} {c.url} as {c.role}: expected {c.expected}, got {c.got}" for c in failures]
        pytest.fail("Permission matrix mismatches:\n" + "\n".join(lines))


def everyone(status: int | tuple[int, ...]) -> dict[str, int | tuple[int, ...]]:
    return dict.fromkeys(ROLE_KEYS, status)


def only(allowed: list[str], yes: int | tuple[int, ...], no: int | tuple[int, ...]) -> dict:
    return {role: (yes if role in allowed else no) for role in ROLE_KEYS}


def assert_inert(html: str) -> None:
    """Fail if rendered HTML could run script: tags, event handlers, or script-bearing URLs."""
    from html.parser import HTMLParser

    problems: list[str] = []

    class Checker(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in {
                "script",
                "iframe",
                "object",
                "embed",
                "svg",
                "math",
                "img",
                "style",
                "form",
                "input",
                "base",
                "link",
                "meta",
            }:
                problems.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                    problems.append(f"{tag}[{name}]")
                if name in {"href", "src", "action", "xlink:href"} and value:
                    scheme = value.strip().lower().replace("\x00", "").split(":", 1)[0]
                    if ":" in value and scheme not in {"http", "https", "mailto"}:
                        problems.append(f"{tag}[{name}={value[:30]}]")

    Checker().feed(html)
    assert not problems, f"active content survived sanitising: {problems}"
