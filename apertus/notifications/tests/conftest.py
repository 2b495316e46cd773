"""Small fixtures for the messenger's tests: a few people, made directly (no role matrix needed)."""

import itertools

import pytest
from pytest_django.plugin import blocking_manager_key

from apertus.accounts.services import user_create
from apertus.core.testing import reference_data_ensure
from apertus.notifications.models import Preference

_counter = itertools.count(1)


@pytest.fixture
def make_person(db):
    def make(first_name="Persona", *, frequency=None, email_enabled=True, muted=(), **extra):
        n = next(_counter)
        user = user_create(
            email=f"persona{n}@test.apertus.mx", password=None, first_name=first_name, last_name=f"Prueba {n}", **extra
        )
        if frequency is not None or not email_enabled or muted:
            Preference.objects.create(
                user=user, frequency=frequency or "inmediata", email_enabled=email_enabled, muted_events=list(muted)
            )
        return user

    return make


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table: put the reference data back for the next tests."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        with item.config.stash[blocking_manager_key].unblock():
            reference_data_ensure()
