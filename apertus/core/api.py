"""What every API endpoint shares: bounded input and an OpenAPI description that tells the truth.

Hostile input must get a clear 4xx, never a 500. PostgreSQL refuses an integer beyond bigint
(``offset=9223372036854775808``) and a string holding a NUL byte (``state=%00``) with an error
that surfaces as a server error; SQLite is more forgiving, so the bug hides in development. One
check runs before every operation (``bounded_input``, added to the whole API) on the path
parameters, every query parameter and a JSON body, and answers 422 with the same shape as
django-ninja's own validation errors. ``ApertusAPI.get_openapi_schema`` publishes these bounds on
every parameter and documents the 401, 404 and 422 answers each operation can give.
"""

from __future__ import annotations

import json
import re
from functools import wraps

from django.http import JsonResponse
from ninja import NinjaAPI

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
MAX_PARAM_LENGTH = 500  # characters in one query or path value
MAX_QUERY_ITEMS = 50  # values in one query string
MAX_BODY_STRING = 100_000  # characters in one string of a JSON body
NO_NUL = "^[^\\x00]*$"
_INTEGER = re.compile(r"^[+-]?\d+$")


def _problem(loc: list, message: str, kind: str) -> dict:
    return {"loc": loc, "msg": message, "type": kind}


def _check_scalar(value, loc: list, *, max_length: int) -> dict | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if not BIGINT_MIN <= value <= BIGINT_MAX:
            return _problem(loc, "Integer out of range", "int_out_of_range")
        return None
    if isinstance(value, str):
        if "\x00" in value:
            return _problem(loc, "Text may not contain NUL characters", "string_nul")
        if len(value) > max_length:
            return _problem(loc, f"Text longer than {max_length} characters", "string_too_long")
        if _INTEGER.match(value) and not BIGINT_MIN <= int(value) <= BIGINT_MAX:
            return _problem(loc, "Integer out of range", "int_out_of_range")
    return None


def _walk(value, loc: list, errors: list, depth: int = 0) -> None:
    if depth > 20:
        errors.append(_problem(loc, "Nested too deeply", "too_deep"))
        return
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(item, [*loc, str(key)], errors, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, [*loc, index], errors, depth + 1)
    else:
        problem = _check_scalar(value, loc, max_length=MAX_BODY_STRING)
        if isinstance(value, str) and problem and problem["type"] == "int_out_of_range":
            problem = None  # digits inside free text are just text
        if problem:
            errors.append(problem)


def input_problems(request, path_params: dict) -> list[dict]:
    """Every reason to refuse this request's input before it reaches a view or the database."""
    errors = []
    for name, value in path_params.items():
        problem = _check_scalar(
            value if not hasattr(value, "hex") else str(value), ["path", name], max_length=MAX_PARAM_LENGTH
        )
        if problem:
            errors.append(problem)
    items = list(request.GET.lists())
    if sum(len(values) for _, values in items) > MAX_QUERY_ITEMS:
        errors.append(_problem(["query"], f"More than {MAX_QUERY_ITEMS} query parameters", "too_many"))
    for name, values in items:
        for value in [name, *values]:
            problem = _check_scalar(value, ["query", name], max_length=MAX_PARAM_LENGTH)
            if problem:
                errors.append(problem)
                break
    if request.method in {"POST", "PUT", "PATCH"} and "json" in request.content_type:
        try:
            body = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            return errors  # django-ninja answers malformed JSON itself (400)
        _walk(body, ["body"], errors)
    return errors


def bounded_input(run):
    """Wraps every operation (``api.add_decorator(bounded_input, mode="view")``)."""

    @wraps(run)
    def checked(request, *args, **kwargs):
        errors = input_problems(request, kwargs)
        if errors:
            return JsonResponse({"detail": errors}, status=422)
        return run(request, *args, **kwargs)

    return checked


_VALIDATION_ERROR = {
    "title": "ValidationError",
    "type": "object",
    "properties": {
        "detail": {"title": "Detail", "anyOf": [{"type": "array", "items": {}}, {"type": "object"}, {"type": "string"}]}
    },
    "required": ["detail"],
}
_PROBLEM = {
    "title": "Problem",
    "type": "object",
    "properties": {"detail": {"title": "Detail"}},
    "required": ["detail"],
}
_GENERIC = {
    "401": "Falta un token válido (Authorization: Bearer apx_...).",
    "404": "No existe o no es público.",
    "422": "Algún parámetro no es válido o excede sus límites.",
}


def _bound_parameter(parameter: dict) -> None:
    schema = parameter.setdefault("schema", {})
    variants = schema.get("anyOf") or [schema]
    for variant in variants:
        kind = variant.get("type")
        if kind == "integer":
            # Path integers match Django's ``int`` converter (digits only); offsets start at 0.
            lowest = 0 if parameter.get("in") == "path" or parameter.get("name") == "offset" else BIGINT_MIN
            variant["minimum"] = max(variant.get("minimum", lowest), lowest)
            variant["maximum"] = min(variant.get("maximum", BIGINT_MAX), BIGINT_MAX)
        elif kind == "string" and not variant.get("format") and not variant.get("enum"):
            variant.setdefault("maxLength", MAX_PARAM_LENGTH)
            variant.setdefault("pattern", NO_NUL)


def _document(operation: dict) -> None:
    for parameter in operation.get("parameters", []):
        _bound_parameter(parameter)
    responses = operation.setdefault("responses", {})
    # 404: a path or query parameter that names nothing public (e.g. comments of an unknown record).
    needed = ["404", "422"]
    if operation.get("security"):
        needed.append("401")
    for code in needed:
        if code not in responses and int(code) not in responses:  # ninja keys its own answers by int
            schema = _VALIDATION_ERROR if code == "422" else _PROBLEM
            responses[code] = {"description": _GENERIC[code], "content": {"application/json": {"schema": schema}}}


class ApertusAPI(NinjaAPI):
    """The project's NinjaAPI: every operation's input is bounded and its answers documented."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_decorator(bounded_input, mode="view")

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                if isinstance(operation, dict) and "responses" in operation:
                    _document(operation)
        return schema


def not_found(request, rest=""):
    """Any other address under /api/ answers like the API does (JSON), not with the HTML 404 page."""
    return JsonResponse({"detail": "Not Found"}, status=404)


def from_path(path: str) -> staticmethod:
    """A schema resolver that reads a dotted attribute path, e.g. a record's state code::

        class PlanOut(Schema):
            state_code: str
            resolve_state_code = from_path("plan.state.code")

    A link that is None on the way (a record without a state) gives None. The field keeps its own
    name and type, so the published OpenAPI is the same as with a hand-written ``resolve_*``.
    """
    names = path.split(".")

    def resolve(obj):
        for name in names:
            if obj is None:
                return None
            obj = getattr(obj, name)
        return obj

    resolve.__name__ = resolve.__qualname__ = f"from_path_{'_'.join(names)}"
    return staticmethod(resolve)
