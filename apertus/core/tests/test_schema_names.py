"""The OpenAPI document names each schema once: two schemas with one name publish a wrong schema."""

from collections import Counter

from ninja import Schema

import apertus.api  # noqa: F401  (imports every router and its schemas)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_api_schema_has_a_unique_name():
    names = Counter(c.__name__ for c in set(_subclasses(Schema)) if c.__module__.startswith("apertus."))
    assert names, "no schema found"
    assert [name for name, count in names.items() if count > 1] == []


def test_the_openapi_document_has_no_repeated_key(client):
    """JSON with a key twice (e.g. an answer documented as 404 and as "404") breaks Swagger UI's parser."""
    import json

    repeated = []

    def pairs(items):
        keys = [key for key, _ in items]
        repeated.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(items)

    json.loads(client.get("/api/openapi.json").content, object_pairs_hook=pairs)
    assert repeated == []
