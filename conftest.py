"""Test set-up shared by every app: the test environment, reference data, people in each role."""

import os
import tempfile

# Before Django reads its settings: the test safety net and a throw-away var/ folder.
os.environ.setdefault("APERTUS_ENV", "test")
os.environ.setdefault("APERTUS_VAR_DIR", tempfile.mkdtemp(prefix="apertus-test-"))

import pytest  # noqa: E402
from django.core.management import call_command  # noqa: E402

pytest_plugins = ["apertus.core.testing"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the real reference data (states, SDGs, program)."""
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback")):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _reference_data_survives_flushes(request, django_db_blocker):
    """Transactional tests empty every table when they end; put the reference data back for the
    tests that run after them on the same worker (set up first, so torn down after the flush)."""
    yield
    if _is_transactional(request):
        with django_db_blocker.unblock():
            call_command("load_reference", verbosity=0)
