"""``full_clean(obj)``: Django's ``Model.full_clean``, with the same errors and fewer queries.

Django checks each foreign key's target with a query of its own (``ForeignKey.validate``) and each
``CheckConstraint`` with another (``Q.check``, inside a savepoint): three or four queries, each built
and compiled by the ORM, on every save of a record with two foreign keys and a check constraint.
Here the targets of all the foreign keys are looked up in one ``SELECT``, and a check constraint made
of plain comparisons of the record's own fields (``=``, ``<``, ``<=``, ``>``, ``>=``, ``IS NULL``,
``IN``, against values or ``F()`` of other fields, combined with AND, OR and NOT) is evaluated in
Python with SQL's three-valued logic: a comparison with NULL is unknown, and an unknown condition
passes, as it does in the database (Django wraps it in ``COALESCE(condition, TRUE)``). Anything else
(a foreign key with ``limit_choices_to``, a lookup through a relation, a function, a text compared
by order) goes to Django's own check, and so does every condition found false, so an error is only
ever raised where Django would raise it.
"""

from __future__ import annotations

import operator
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections, router
from django.db.models import CheckConstraint, F, Field, ForeignKey, Model, Q
from django.db.models.expressions import DatabaseDefault

__all__ = ["full_clean"]


def full_clean(obj, exclude=None, *, validate_unique: bool = True, validate_constraints: bool = True) -> None:
    """As ``obj.full_clean(exclude, validate_unique, validate_constraints)``: the same checks in the same
    order, the same ``ValidationError``. A model with its own ``full_clean`` or ``validate_constraints``
    gets them called."""
    if obj.__class__.full_clean is not Model.full_clean:
        obj.full_clean(exclude, validate_unique=validate_unique, validate_constraints=validate_constraints)
        return
    exclude = set(exclude or ())
    keys = _batched_keys(obj, exclude)
    errors: dict = {}
    try:
        obj.clean_fields(exclude=exclude | {field.name for field in keys})
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    errors.update(_keys_cleaned(obj, keys))
    order = {field.name: index for index, field in enumerate(obj._meta.fields)}
    errors = dict(sorted(errors.items(), key=lambda item: order.get(item[0], len(order))))  # as clean_fields lists them
    try:
        obj.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if validate_unique:
        exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        try:
            obj.validate_unique(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if validate_constraints:
        exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        try:
            _constraints_validated(obj, exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


# --- Foreign keys: every target in one query --------------------------------------------------------


def _batched_keys(obj, exclude: set[str]) -> list:
    """The foreign keys whose target can be looked up by its column alone (the others: Django's check)."""
    return [
        field
        for field in obj._meta.fields
        if field.many_to_one
        and field.name not in exclude
        and not field.generated
        and not field.remote_field.parent_link
        and not field.get_limit_choices_to()
        and type(field).validate is ForeignKey.validate  # a field that checks more than Django's: its own way
    ]


def _keys_cleaned(obj, keys) -> dict[str, list]:
    """What ``clean_fields`` does for these foreign keys, the lookups of their targets in one query."""
    errors: dict[str, list] = {}
    cleaned: list[tuple] = []
    for field in keys:
        raw = getattr(obj, field.attname)
        if (field.blank and raw in field.empty_values) or isinstance(raw, DatabaseDefault):
            continue
        try:
            value = field.to_python(raw)
            Field.validate(field, value, obj)  # what ForeignKey.validate checks before its query: choices, null, blank
        except ValidationError as error:
            errors[field.name] = error.error_list
            continue
        cleaned.append((field, value))
    missing = _targets_missing(obj, [(field, value) for field, value in cleaned if value is not None])
    for field, value in cleaned:
        try:
            if field in missing:
                raise ValidationError(
                    field.error_messages["invalid"],
                    code="invalid",
                    params={
                        "model": field.remote_field.model._meta.verbose_name,
                        "pk": value,
                        "field": field.remote_field.field_name,
                        "value": value,
                    },
                )
            field.run_validators(value)
        except ValidationError as error:
            errors[field.name] = error.error_list
            continue
        setattr(obj, field.attname, value)  # as clean_fields: the cleaned value only once it passed
    return errors


def _targets_missing(obj, pairs) -> set:
    """The foreign keys of ``pairs`` whose target row does not exist: one ``SELECT`` of ``EXISTS`` each."""
    if not pairs:
        return set()
    by_alias: dict[str, list] = {}
    for field, value in pairs:
        alias = router.db_for_read(field.remote_field.model, instance=obj)
        by_alias.setdefault(alias, []).append((field, value))
    missing = set()
    for alias, some in by_alias.items():
        connection = connections[alias]
        quote = connection.ops.quote_name
        columns, params = [], []
        for field, value in some:
            target = field.target_field
            columns.append(
                f"EXISTS(SELECT 1 FROM {quote(field.remote_field.model._meta.db_table)} "  # noqa: S608
                f"WHERE {quote(target.column)} = %s)"
            )
            params.append(target.get_db_prep_value(value, connection))
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(columns), params)
            row = cursor.fetchone()
        missing |= {field for (field, _value), exists in zip(some, row, strict=True) if not exists}
    return missing


# --- Check constraints: plain comparisons evaluated in Python ----------------------------------------


def _constraints_validated(obj, exclude: set[str]) -> None:
    """``obj.validate_constraints(exclude)``, a check constraint Python can decide not sent to the database."""
    if obj.__class__.validate_constraints is not Model.validate_constraints:
        obj.validate_constraints(exclude=exclude)
        return
    using = router.db_for_write(obj.__class__, instance=obj)
    errors: dict = {}
    for model, constraints in obj.get_constraints():
        for constraint in constraints:
            try:
                if isinstance(constraint, CheckConstraint) and _passes(constraint.condition, obj, exclude):
                    continue
                constraint.validate(model, obj, exclude=exclude, using=using)
            except ValidationError as error:
                if getattr(error, "code", None) == "unique" and len(getattr(constraint, "fields", ())) == 1:
                    errors.setdefault(constraint.fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


class _Undecided(Exception):
    """Python cannot evaluate this condition the way the database does: ask the database."""


_COMPARE = {"exact": operator.eq, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}
_ORDERABLE = (int, float, Decimal, date)


def _passes(condition, obj, exclude: set[str]) -> bool:
    """True when the condition is true or unknown (NULL) for ``obj``; False when it is false or when
    Python cannot tell (the caller then asks the database). A field left out of validation makes the
    constraint pass, as in Django (its check cannot be built without the field)."""
    try:
        return _evaluate(condition, obj, exclude) is not False
    except _Skipped:
        return True
    except (_Undecided, TypeError, ValueError):
        return False


class _Skipped(Exception):
    """The condition names a field left out of validation."""


def _evaluate(node, obj, exclude: set[str]):
    """Three-valued: True, False or None (unknown)."""
    if isinstance(node, Q):
        if node.connector not in (Q.AND, Q.OR):
            raise _Undecided
        values = [_evaluate(child, obj, exclude) for child in node.children]
        if node.connector == Q.AND:
            result = False if False in values else (None if None in values else True)
        else:
            result = True if True in values else (None if None in values else False)
        return (None if result is None else not result) if node.negated else result
    if not isinstance(node, tuple) or len(node) != 2:
        raise _Undecided
    path, right = node
    name, _, lookup = path.partition("__")
    left = _field_value(obj, name, exclude)
    if isinstance(right, F):
        right = _field_value(obj, right.name, exclude)
    elif hasattr(right, "resolve_expression"):
        raise _Undecided
    return _lookup(lookup or "exact", left, right)


def _lookup(lookup: str, left, right):
    if lookup == "isnull":
        if not isinstance(right, bool):
            raise _Undecided
        return (left is None) is right
    if lookup == "in":
        choices = list(right)
        if None in choices or any(isinstance(choice, str) != isinstance(left, str) for choice in choices):
            raise _Undecided  # Django drops None from the list; mixed types compare by the database's rules
        return None if left is None else left in choices
    compare = _COMPARE.get(lookup)
    if compare is None:
        raise _Undecided
    if lookup == "exact" and right is None:
        return left is None  # Django turns ``field=None`` into IS NULL
    if left is None or right is None:
        return None
    _comparable(lookup, left, right)
    return compare(left, right)


def _comparable(lookup: str, left, right) -> None:
    """Python compares these two as the database does, or _Undecided."""
    if lookup != "exact" and not (isinstance(left, _ORDERABLE) and isinstance(right, _ORDERABLE)):
        raise _Undecided  # text ordering follows the database's collation
    if isinstance(left, str) != isinstance(right, str) or isinstance(left, bool) != isinstance(right, bool):
        raise _Undecided
    if isinstance(left, datetime) != isinstance(right, datetime) or (
        isinstance(left, datetime) and (left.tzinfo is None) != (right.tzinfo is None)
    ):
        raise _Undecided  # a date against a time, or a naive time against an aware one


def _field_value(obj, name: str, exclude: set[str]):
    if "__" in name:
        raise _Undecided
    try:
        field = obj._meta.get_field(name)
    except Exception as error:  # noqa: BLE001 - an unknown name: Django's check reports it its own way
        raise _Undecided from error
    if obj._meta.parents or not field.concrete or field.generated or field.many_to_many:
        raise _Undecided  # inherited tables check their own fields: Django's way
    if field.name in exclude:
        raise _Skipped
    value = getattr(obj, field.attname)
    if hasattr(value, "resolve_expression") or isinstance(value, DatabaseDefault):
        raise _Undecided
    return value
