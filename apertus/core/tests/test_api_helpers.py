"""from_path: the one resolver API schemas use for a related record's attribute (a state's code...)."""

from types import SimpleNamespace

from ninja import Schema

from apertus.core.api import from_path


class _Out(Schema):
    state_code: str | None
    state_name: str | None

    resolve_state_code = from_path("plan.state.code")
    resolve_state_name = from_path("plan.state.short_name")


def test_from_path_reads_the_dotted_attribute():
    plan = SimpleNamespace(state=SimpleNamespace(code="20", short_name="Oaxaca"))
    out = _Out.from_orm(SimpleNamespace(plan=plan))
    assert (out.state_code, out.state_name) == ("20", "Oaxaca")


def test_from_path_gives_none_through_a_missing_link():
    out = _Out.from_orm(SimpleNamespace(plan=SimpleNamespace(state=None)))
    assert (out.state_code, out.state_name) == (None, None)


def test_from_path_leaves_the_published_schema_alone():
    class Hand(Schema):
        state_code: str | None
        state_name: str | None

    assert _Out.model_json_schema()["properties"] == Hand.model_json_schema()["properties"]
