"""core.validation.full_clean: the errors of Django's ``Model.full_clean``, with fewer queries.

Each case is validated twice, by Django and by ``full_clean``, on copies of the same unsaved record,
and the two must agree on every field's messages (or both pass). Hypothesis draws the records: dates
in either order, progress past 100, missing and present foreign keys, NULLs where the constraint
allows them.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apertus.core.validation import full_clean
from apertus.plans.models import Evidence, Milestone
from apertus.plans.tests.conftest import build_plan
from apertus.tables.models import WorkingTable

MISSING = 987_654

pytestmark = pytest.mark.django_db


def outcome(validate, obj) -> dict | None:
    try:
        validate(obj)
    except ValidationError as error:
        return error.message_dict
    return None


def both(obj, **kwargs) -> tuple:
    """(Django's errors, full_clean's errors) for copies of ``obj``; the copies keep what cleaning set."""
    ours = copy.deepcopy(obj)
    theirs = copy.deepcopy(obj)
    expected = outcome(lambda o: o.full_clean(**kwargs), theirs)
    found = outcome(lambda o: full_clean(o, **kwargs), ours)
    return expected, found


@pytest.fixture
def commitment(db):
    return build_plan(commitments=1, milestones=1).commitments.get()


def milestone(commitment, **values) -> Milestone:
    fields = {
        "commitment_id": commitment.pk,
        "number": 9,
        "title": "Hito",
        "start_date": date(2025, 1, 1),
        "end_date": date(2025, 6, 30),
        **values,
    }
    return Milestone(**fields)


def test_a_valid_record_passes_both_ways_and_checks_its_constraints_without_the_database(commitment):
    record = milestone(commitment, responsible_id=commitment.lead_institution_id)
    with CaptureQueriesContext(connection) as django_queries:
        copy.deepcopy(record).full_clean()
    with CaptureQueriesContext(connection) as our_queries:
        full_clean(copy.deepcopy(record))
    assert both(record) == (None, None)
    # Django: one query per foreign key and one (in a savepoint) per check constraint; here the two keys
    # are looked up together and the checks decided in Python. The unique checks are the same.
    assert not any('"_check"' in query["sql"] for query in our_queries.captured_queries)
    assert any('"_check"' in query["sql"] for query in django_queries.captured_queries)
    assert len(our_queries) <= len(django_queries) - 3


@pytest.mark.parametrize(
    "values",
    [
        {"end_date": date(2024, 12, 31)},  # before its start: the check constraint
        {"progress": 101},  # the validators and the check constraint
        {"commitment_id": MISSING},  # a foreign key to nothing
        {"responsible_id": MISSING},
        {"commitment_id": MISSING, "responsible_id": MISSING, "end_date": date(2020, 1, 1)},
        {"commitment_id": None},  # required
        {"start_date": None},  # a constraint's field already in error: not checked again
        {"status": "no-such-status", "title": ""},
    ],
)
def test_invalid_records_get_the_same_errors(commitment, values):
    expected, found = both(milestone(commitment, **values))
    assert expected is not None
    assert found == expected


def test_a_taken_value_gets_the_unique_error_both_ways(db):
    from apertus.accounts.models import User

    User.objects.create(email="tomada@ejemplo.mx")
    expected, found = both(User(email="tomada@ejemplo.mx", password="x"))
    assert "email" in expected and found == expected


def test_a_person_behind_a_lazy_object_is_validated_as_the_person(db):
    """``request.user`` is a SimpleLazyObject: validated as the model it stands for."""
    from django.utils.functional import SimpleLazyObject

    from apertus.accounts.models import User

    User.objects.create(email="tomada@ejemplo.mx")
    person = User(email="tomada@ejemplo.mx", password="x")
    expected = outcome(lambda o: o.full_clean(), copy.deepcopy(person))
    assert "email" in expected
    assert outcome(full_clean, SimpleLazyObject(lambda: copy.deepcopy(person))) == expected


def test_fields_left_out_are_left_out_of_the_constraints_too(commitment):
    record = milestone(commitment, end_date=date(2020, 1, 1))
    assert both(record, exclude=["end_date"]) == (None, None)
    expected, found = both(record, exclude=["title"])
    assert expected is not None and found == expected


def test_or_conditions_and_nulls_follow_the_database():
    """Evidence needs a file or a link (an OR with a negation); a working table's times are aware datetimes."""
    expected, found = both(Evidence(milestone_id=MISSING, description="Algo", date=date(2025, 1, 1)))
    assert "__all__" in expected and found == expected
    expected, found = both(
        Evidence(milestone_id=MISSING, description="Algo", date=date(2025, 1, 1), url="https://a.mx")
    )
    assert "__all__" not in expected and found == expected  # the link satisfies it; the missing milestone does not


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.dates(date(2024, 1, 1), date(2026, 12, 31)),
    days=st.integers(-40, 40),
    progress=st.integers(0, 130),
    commitment_present=st.booleans(),
    responsible=st.sampled_from(["none", "present", "missing"]),
    number=st.integers(1, 3),
)
def test_any_milestone_gets_the_same_answer(commitment, start, days, progress, commitment_present, responsible, number):
    responsible_id = {"none": None, "present": commitment.lead_institution_id, "missing": MISSING}[responsible]
    record = milestone(
        commitment,
        commitment_id=commitment.pk if commitment_present else MISSING,
        start_date=start,
        end_date=start + timedelta(days=days),
        progress=progress,
        responsible_id=responsible_id,
        number=number,
    )
    expected, found = both(record)
    assert found == expected


@settings(max_examples=40, deadline=None)
@given(
    hours=st.integers(-3, 3),
    capacity=st.integers(-2, 3),
    place=st.sampled_from(["", "Sala"]),
    link=st.sampled_from(["", "https://reunion.mx/1"]),
)
def test_any_working_table_gets_the_same_answer(hours, capacity, place, link):
    starts = datetime(2026, 3, 1, 17, tzinfo=UTC)
    record = WorkingTable(
        plan_id=MISSING,
        title="Mesa",
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        capacity=capacity,
        place=place,
        online_url=link,
    )
    expected, found = both(record)
    assert found == expected


def test_services_validate_through_full_clean_not_the_models_method():
    """One way to validate a record: a new ``obj.full_clean()`` in app code would quietly bring back a query
    per foreign key and per check constraint."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    calls = re.compile(r"\.full_clean\(")
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts and path.name != "validation.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if calls.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == [], found
