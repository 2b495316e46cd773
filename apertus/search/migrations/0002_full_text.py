"""The full-text part of the index, one per database.

Both hold the stems made in Python (apertus/search/text.py: NFC, accents folded, Snowball Spanish
or English stemmer, Snowball stopwords), so both find exactly the same records. SQLite: an FTS5
table whose rowid is the document's id. PostgreSQL: two tsvector columns (Spanish and English
fields, titles weighted A over bodies B) with GIN indexes, and a trigram index (pg_trgm) on the
vocabulary for typo tolerance.

Why not PostgreSQL's own ``spanish`` configuration with ``unaccent``: PostgreSQL 15 ships an older
Snowball Spanish stemmer that only strips accented suffixes, so after unaccent «participacion»
stays «participacion» while «participativo» becomes «particip», and the two never meet; stemming
accented text first and folding after is not possible inside one configuration.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, title_en, body_en, "
    "tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE search_searchdocument ADD COLUMN vector_es tsvector NOT NULL DEFAULT ''::tsvector",
    "ALTER TABLE search_searchdocument ADD COLUMN vector_en tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX search_document_vector_es ON search_searchdocument USING gin (vector_es)",
    "CREATE INDEX search_document_vector_en ON search_searchdocument USING gin (vector_en)",
    "CREATE INDEX search_word_trigram ON search_searchword USING gin (word gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_word_trigram",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector_en",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector_es",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
