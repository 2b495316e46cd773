"""Team projects built through the services: Oaxaca's team of the 2017 cohort, draft or published."""

from datetime import date

import pytest
from django.core.cache import cache

from apertus.accounts.services import role_assign, user_create
from apertus.program.models import ProgramPhase
from apertus.teams import services
from apertus.territories.models import State


def fellow(email: str, state_code: str, phase_number: int = 1):
    user = user_create(email=email, password=None, first_name=email.split("@")[0].title(), last_name="Prueba")
    role_assign(
        actor=None,
        user=user,
        role="fellow",
        state=State.objects.get(code=state_code),
        phase=ProgramPhase.objects.get(number=phase_number),
    )
    return user


def build_project(people, *, published: bool = False, state_code: str = "20"):
    """Oaxaca's 2017 project: the fixture's Oaxaca fellow and one more, the fixture's facilitator as mentor."""
    phase, state = ProgramPhase.objects.get(number=1), State.objects.get(code=state_code)
    project = services.project_create(actor=None, phase=phase, state=state, title="Datos abiertos del agua")
    team = [people["fellow_oaxaca"], fellow("otra.fellow@test.apertus.mx", state_code)]
    services.project_set_team(actor=None, project=project, fellows=team, mentor=people["facilitator"])
    services.deliverable_create(actor=None, project=project, title="Diagnóstico", due_date=date(2030, 6, 30))
    if published:
        services.project_publish(actor=None, project=project)
    project.refresh_from_db()
    return project


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def draft(people):
    return build_project(people)


@pytest.fixture
def published(people):
    return build_project(people, published=True)
