import pytest

from apertus.comments.tests.factories import Recorder, clear_rate_limits, draft_commitment_kept, public_commitment_kept


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The cache outlives the test transaction and ids are reused: start every test from zero.
    clear_rate_limits()
    yield
    clear_rate_limits()


@pytest.fixture
def commitment(db):
    return public_commitment_kept("20")


@pytest.fixture
def draft(db):
    return draft_commitment_kept("20")


@pytest.fixture
def notified(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr("apertus.comments.services.notify", recorder)
    monkeypatch.setattr("apertus.moderation.services.notify", recorder)
    return recorder
