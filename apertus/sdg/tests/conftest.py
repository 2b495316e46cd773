import pytest

from apertus.core import ratelimit


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    ratelimit.reset("unused")


@pytest.fixture
def oaxaca_plan(db):
    from apertus.plans.tests.conftest import build_plan_kept

    return build_plan_kept("20")
