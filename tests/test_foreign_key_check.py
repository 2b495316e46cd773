"""The end-of-test foreign-key check on SQLite runs on the tables a test wrote and on the tables that
point at one it removed rows from (apertus/core/testing.py): a broken key is still found, wherever the
write that broke it was."""

import pytest
from django.db import IntegrityError, connection, transaction

from apertus.core.testing import Writes, foreign_keys_check

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL checks every key in one statement")


class Broken(Exception):
    """Raised inside a savepoint to roll a deliberately broken write back."""


def _noted(*statements) -> Writes:
    writes = Writes()
    for sql in statements:
        writes.note(sql)
    return writes


def test_reads_write_nothing_and_check_nothing(db):
    writes = _noted(
        'SELECT * FROM "accounts_user"', "SAVEPOINT s1", "RELEASE SAVEPOINT s1", "PRAGMA foreign_key_list(x)"
    )
    assert writes == Writes()
    assert writes.tables_to_check(connection) == []


def test_an_insert_checks_its_table_and_a_delete_the_tables_pointing_at_it(db):
    writes = _noted(
        'INSERT INTO "plans_commitment" ("title") VALUES (%s)',
        'DELETE FROM "territories_state" WHERE "territories_state"."id" IN (%s)',
    )
    tables = writes.tables_to_check(connection)
    assert "plans_commitment" in tables and "territories_state" in tables
    # Tables that point at a state: the people, the municipalities, the plans.
    assert {"accounts_user", "territories_municipality", "plans_actionplan"} <= set(tables)
    assert "sdg_goal" not in tables and "taxonomy_term" not in tables


def test_an_update_may_renumber_a_key_so_it_checks_the_tables_pointing_at_it(db):
    tables = _noted('UPDATE "territories_state" SET "id" = %s WHERE "id" = %s').tables_to_check(connection)
    assert "accounts_user" in tables


@pytest.mark.parametrize(
    "sql", ['ALTER TABLE "x" ADD COLUMN "y" integer', "WITH t AS (SELECT 1) DELETE FROM x", b"INSERT"]
)
def test_a_statement_not_understood_checks_every_table(db, sql):
    assert _noted(sql).tables_to_check(connection) is None


def _state_id():
    with connection.cursor() as cursor:
        cursor.execute('SELECT "id" FROM "territories_state" WHERE "code" = %s', ["20"])
        return cursor.fetchone()[0]


def test_a_row_pointing_nowhere_is_found_in_the_table_written(db):
    writes = Writes()
    with pytest.raises(Broken), transaction.atomic():
        with connection.cursor() as cursor:
            sql = 'UPDATE "territories_municipality" SET "state_id" = %s WHERE "id" IN (SELECT "id" FROM "territories_municipality" LIMIT 1)'
            writes.note(sql)
            cursor.execute(sql, [987654])
        with pytest.raises(IntegrityError, match="territories_municipality"):
            foreign_keys_check(connection, writes)
        raise Broken


def test_a_removed_row_that_others_pointed_at_is_found_in_the_tables_pointing_at_it(db):
    state = _state_id()
    writes = Writes()
    with pytest.raises(Broken), transaction.atomic():
        with connection.cursor() as cursor:
            sql = 'DELETE FROM "territories_state" WHERE "id" = %s'
            writes.note(sql)
            cursor.execute(sql, [state])
        assert writes.tables == {"territories_state"}
        with pytest.raises(
            IntegrityError,
            match="no corresponding value in territories_state|does not have a corresponding value in territories_state",
        ):
            foreign_keys_check(connection, writes)
        raise Broken


def test_the_writes_of_a_test_are_noted_by_the_connection(db):
    """The check installed for every test sees the writes made through Django's cursor."""
    from apertus.core import testing

    with connection.cursor() as cursor:
        cursor.execute('UPDATE "territories_state" SET "name" = "name" WHERE "code" = %s', ["20"])
    assert "territories_state" in testing._writes.tables
    assert "territories_state" in testing._writes.parents
