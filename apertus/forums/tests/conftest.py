"""The 2017 cohort's forums (general, support, activity, Oaxaca's and Sonora's state forums),
with a fellow of Sonora next to the shared fixture's fellow of Oaxaca, and a 2018 fellow."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from apertus.accounts.services import email_mark_verified, role_assign, user_create
from apertus.core.testing import data_kept_copy
from apertus.forums import services
from apertus.forums.models import ForumKind
from apertus.program.models import ProgramPhase
from apertus.territories.models import State

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) "
    '<a href="javascript:alert(4)">y</a> <iframe src="https://evil.example"></iframe> <svg onload=alert(5)>'
)


def make_fellow(email: str, state_code: str, phase_number: int):
    user = user_create(
        email=email,
        password="contraseña-de-prueba-1",
        first_name=email.split("@")[0].title(),
        last_name="Prueba",
        state=State.objects.get(code=state_code),
    )
    email_mark_verified(user=user)
    role_assign(
        actor=None,
        user=user,
        role="fellow",
        state=State.objects.get(code=state_code),
        phase=ProgramPhase.objects.get(number=phase_number),
    )
    return user


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cohort(people):
    """Everything a 2017 test needs, keyed by name.

    Built through the services the first time from a given starting point (after ``people``), its rows
    written back after that (``data_kept_copy``, keyed by today's date, which the roles start on); each
    test gets its own copy. The rate-limit counts the first build left in the cache (two topics, one
    post) are not written back, the cache is emptied instead: the only limit a test reaches is the one on
    messages, which the fixture does not send."""
    return data_kept_copy(f"forums cohort {timezone.localdate()}", lambda: _cohort_made(people))


def _cohort_made(people) -> dict:
    phase = ProgramPhase.objects.get(number=1)
    oaxaca, sonora = State.objects.get(code="20"), State.objects.get(code="26")
    fellow_sonora = make_fellow("fellow.sonora@test.apertus.mx", "26", 1)
    fellow_2018 = make_fellow("fellow.campeche@test.apertus.mx", "04", 2)
    forums = {
        "general": services.forum_create(actor=None, phase=phase, kind=ForumKind.GENERAL, title="General"),
        "soporte": services.forum_create(actor=None, phase=phase, kind=ForumKind.SUPPORT, title="Soporte"),
        "actividad": services.forum_create(
            actor=None,
            phase=phase,
            kind=ForumKind.ACTIVITY,
            title="Actividad 1",
            activity_slug="actividad-1",
            activity_title="Actividad 1",
        ),
        "oaxaca": services.forum_create(actor=None, phase=phase, kind=ForumKind.STATE, state=oaxaca, title="Oaxaca"),
        "sonora": services.forum_create(actor=None, phase=phase, kind=ForumKind.STATE, state=sonora, title="Sonora"),
    }
    sonora_topic = services.topic_create(
        actor=fellow_sonora,
        forum=forums["sonora"],
        title="Plan secreto de Sonora",
        body="Solo para el equipo de Sonora",
    )
    sonora_reply = services.post_add(actor=people["facilitator"], topic=sonora_topic, body="Respuesta de facilitación")
    general_topic = services.topic_create(
        actor=people["fellow_oaxaca"], forum=forums["general"], title="Hola", body="Hola a todas"
    )
    return {
        "phase": phase,
        "forums": forums,
        "fellow_sonora": fellow_sonora,
        "fellow_2018": fellow_2018,
        "sonora_topic": sonora_topic,
        "sonora_post": sonora_reply,
        "general_topic": general_topic,
    }


def timeline(html: str) -> str:
    """The list of posts or messages of a page (the part made of what people wrote)."""
    return html.split('<ol class="timeline"', 1)[1].split("</ol>", 1)[0]
