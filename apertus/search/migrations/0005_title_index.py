"""PostgreSQL: GIN indexes on the titles alone (the lexemes of weight A), for broad searches.

A search with more matches than ``selectors.CAP`` ranks the documents whose titles match first;
these indexes find them without reading every match.
"""

from django.db import migrations

POSTGRES = [
    "CREATE INDEX IF NOT EXISTS search_document_title_es ON search_searchdocument USING gin (ts_filter(vector_es, '{a}'))",
    "CREATE INDEX IF NOT EXISTS search_document_title_en ON search_searchdocument USING gin (ts_filter(vector_en, '{a}'))",
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS search_document_title_en", "DROP INDEX IF EXISTS search_document_title_es"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_REVERSE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_index_version")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
