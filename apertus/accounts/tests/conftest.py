import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _privacy_url_and_fresh_rate_limits(settings):
    settings.ROOT_URLCONF = "apertus.accounts.tests.urls"
    cache.clear()  # allauth counts sign-ups per address in the cache
    yield
    cache.clear()
