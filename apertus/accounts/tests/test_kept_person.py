"""A warm signed-in request reads neither its session nor its person from the database
(accounts/backends.py, the file sessions in settings): each person still gets only their own name,
support and session, and a change through a service, a log-out or a disabled account counts on the
very next request."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apertus.accounts import services
from apertus.core import shared
from apertus.core.testing import client_for
from apertus.participation import services as participation
from apertus.participation.tests.conftest import build_process, propose
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan


@pytest.fixture
def cached(settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 300
    settings.SESSION_ENGINE = settings.FILE_SESSIONS  # as served without REDIS_URL: no query for the session
    settings.VAR_DIR = tmp_path  # this test's own content version
    cache.clear()
    shared.fallbacks.clear()
    yield settings
    cache.clear()


@pytest.fixture
def proposal(people):
    plan = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    return propose(build_process(plan), people["citizen"])


def _whoami(client, url="/") -> str | None:
    response = client.get(url)
    assert response.status_code == 200, url
    found = re.search(r'<a class="whoami"[^>]*>([^<]*)</a>', response.content.decode())
    return found.group(1) if found else None


def _signed_in(client) -> bool:
    return client.get("/mi-cuenta/").status_code == 200


def test_each_request_carries_its_own_person_and_a_profile_change_shows_at_once(cached, people, proposal):
    citizen, fellow = people["citizen"], people["fellow_oaxaca"]
    clients = {"citizen": client_for(citizen), "fellow": client_for(fellow), "anonymous": Client()}
    expected = {"citizen": citizen.public_name, "fellow": fellow.public_name, "anonymous": None}
    for _round in range(3):  # the second and third rounds are served from what the first kept
        for url in ("/", proposal.get_absolute_url()):
            for who, client in clients.items():
                assert _whoami(client, url) == expected[who], (who, url)

    services.profile_update(
        actor=citizen, user=citizen, first_name="Renombrada", last_name="Pérez", state=citizen.state
    )
    assert _whoami(clients["citizen"]) == "Renombrada Pérez"
    assert _whoami(clients["fellow"]) == fellow.public_name
    assert _whoami(clients["anonymous"]) is None


def test_a_warm_request_asks_the_database_for_neither_session_nor_person(cached, people):
    client = client_for(people["citizen"])
    assert _signed_in(client)
    _whoami(client)
    with CaptureQueriesContext(connection) as captured:
        assert _whoami(client) == people["citizen"].public_name
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    assert "django_session" not in tables and "accounts_user" not in tables, tables


def test_a_disabled_account_is_signed_out_on_its_next_request(cached, people):
    client = client_for(people["citizen"])
    assert _signed_in(client) and _signed_in(client)  # the person is kept now
    services.user_disable(actor=people["coordinator"], user=people["citizen"])
    assert not _signed_in(client)
    assert _whoami(client) is None


def test_a_new_password_signs_out_every_other_session_at_once(cached, people):
    citizen = people["citizen"]
    client = client_for(citizen)
    assert _signed_in(client) and _signed_in(client)
    citizen.set_password("otra-clave-muy-larga-123")
    citizen.save()
    assert not _signed_in(client)


def test_a_log_out_ends_the_session_for_every_copy_of_its_cookie(cached, people, settings):
    client = client_for(people["citizen"])
    assert _signed_in(client)
    copy = Client()
    copy.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert _signed_in(copy)
    client.post("/cuentas/logout/")
    assert not _signed_in(client)
    assert not _signed_in(copy)


def test_whether_one_supports_a_proposal_is_each_persons_own_and_changes_at_once(cached, people, proposal):
    url = proposal.get_absolute_url()
    citizen, fellow, anonymous = client_for(people["citizen"]), client_for(people["fellow_oaxaca"]), Client()
    for client in (citizen, fellow, anonymous):
        assert 'data-testid="withdraw"' not in client.get(url).content.decode()
    participation.support_add(actor=people["fellow_oaxaca"], proposal=proposal)
    assert 'data-testid="withdraw"' in fellow.get(url).content.decode()
    for client in (citizen, anonymous):
        page = client.get(url).content.decode()
        assert 'data-testid="withdraw"' not in page
    assert 'data-testid="support"' in citizen.get(url).content.decode()
    participation.support_withdraw(actor=people["fellow_oaxaca"], proposal=proposal)
    page = fellow.get(url).content.decode()
    assert 'data-testid="withdraw"' not in page and 'data-testid="support"' in page
    assert shared.fallbacks == []
