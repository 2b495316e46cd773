"""The full-text part of the index, one per database.

SQLite: an FTS5 table whose rowid is the document's id, holding the stems made in Python
(apertus/search/text.py). PostgreSQL: the Spanish configuration with unaccent, two generated
tsvector columns (Spanish and English fields, titles weighted A over bodies B) with GIN indexes,
and a trigram index on the vocabulary for typo tolerance.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, title_en, body_en, "
    "tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'apertus_es') THEN
           CREATE TEXT SEARCH CONFIGURATION apertus_es (COPY = spanish);
           ALTER TEXT SEARCH CONFIGURATION apertus_es
             ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
         END IF;
       END $$""",
    """ALTER TABLE search_searchdocument ADD COLUMN vector_es tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('apertus_es'::regconfig, title), 'A')
         || setweight(to_tsvector('apertus_es'::regconfig, body), 'B')) STORED""",
    """ALTER TABLE search_searchdocument ADD COLUMN vector_en tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('english'::regconfig, title_en), 'A')
         || setweight(to_tsvector('english'::regconfig, body_en), 'B')) STORED""",
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
