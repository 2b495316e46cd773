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


def _uses_db(request) -> bool:
    return request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server", "django_db_reset_sequences"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _reference_data_present(request, django_db_blocker):
    """A transactional test empties every table when it ends; the next database test on the same
    worker puts the reference data back before it starts (one cheap query when it is there)."""
    if _uses_db(request):
        from apertus.territories.models import State

        with django_db_blocker.unblock():
            if not State.objects.exists():
                call_command("load_reference", verbosity=0)
    yield
